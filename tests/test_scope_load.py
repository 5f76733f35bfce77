"""Uploads within an account's scope (etl.accounts.etl_scope → etl.validate._scope_checks).

The account is a commune Women's Union clerk: Hội LHPN of Xã Chiềng Sung (today's commune,
code 04108). Records dated after the 1 July 2025 reform name her commune by name.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from etl import accounts as acc
from etl.pipeline import load_file
from etl.validate import Scope

ACTIVITY_HEADER = ["Mã hoạt động", "Ngày", "Tổ chức", "Địa bàn", "Loại hoạt động", "Nội dung"]
MEETING_HEADER = [
    "Mã hội nghị",
    "Ngày",
    "Loại hội nghị",
    "Tên hội nghị",
    "Cơ quan chủ trì",
    "Địa bàn",
    "Tổ chức tham dự",
]
TASK_HEADER = ["Mã nhiệm vụ", "Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ", "Hạn hoàn thành"]

OWN = ["HD-1", "15/08/2025", "Hội LHPN", "Xã Chiềng Sung", "Trao quà", "Trao quà cho hộ nghèo"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


@pytest.fixture
def clerk(warehouse):
    account = acc.add_user(
        warehouse,
        "phunu.chiengsung",
        role="staff",
        password="mat-khau-dai-du",
        orgs=["Hội Phụ nữ"],
        unit="04108",
    )
    return acc.etl_scope(warehouse, account)


def load(con, path, scope, **kwargs):
    return load_file(con, path, scope=scope, user="phunu.chiengsung", **kwargs)


def count(con, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchall()[0][0]


def problems(results) -> list[tuple]:
    return [(p.row, p.column, p.code) for r in results for p in r.errors]


def messages(results) -> list[str]:
    return [p.message for r in results for p in r.errors]


def test_the_clerks_scope(warehouse, clerk):
    assert clerk == Scope(orgs=frozenset({"HLHPN"}), units=frozenset({"04108"}))


def test_own_org_and_commune_loads(warehouse, clerk, tmp_path):
    second = ["", "16/08/2025", "Phụ nữ", "Chiềng Sung", "Tập huấn", "Tập huấn kỹ năng số"]
    [result] = load(warehouse, write_csv(tmp_path / "a.csv", ACTIVITY_HEADER, [OWN, second]), clerk)
    assert result.status == "loaded", messages([result])
    assert warehouse.execute("select org, unit from activities order by date").fetchall() == [
        ("HLHPN", "04108"),
        ("HLHPN", "04108"),
    ]


@pytest.mark.parametrize(
    ("cell", "value", "column", "message"),
    [
        (2, "Đoàn Thanh niên", "org", "Dòng 3, cột Tổ chức: 'Đoàn Thanh niên' nằm ngoài phạm vi"),
        (3, "Xã Chiềng Mai", "unit", "Dòng 3, cột Địa bàn: 'Xã Chiềng Mai' nằm ngoài phạm vi"),
        (3, "", "unit", "Dòng 3, cột Địa bàn: '(cấp trên cùng)' nằm ngoài phạm vi"),
        # (Dated before the reform: after it, the district is no unit at all, unknown_unit.)
        (3, "Huyện Mai Sơn|15/03/2025", "unit", "Dòng 3, cột Địa bàn: 'Huyện Mai Sơn' nằm ngoài phạm vi"),
    ],
    ids=["other org", "other commune", "blank unit", "the district"],
)
def test_out_of_scope_row_loads_nothing(warehouse, clerk, tmp_path, cell, value, column, message):
    bad = list(OWN)
    bad[0] = "HD-2"
    bad[cell], _, date = value.partition("|")
    bad[1] = date or bad[1]
    [result] = load(warehouse, write_csv(tmp_path / "a.csv", ACTIVITY_HEADER, [OWN, bad]), clerk)
    assert result.status == "rejected"
    assert problems([result]) == [(3, column, "out_of_scope")]
    assert messages([result])[0].startswith(message)
    assert count(warehouse, "activities") == 0 and count(warehouse, "batches") == 0


def test_pre_reform_commune_is_another_unit(warehouse, clerk, tmp_path):
    # Before 1 July 2025 "Chiềng Sung" is the dissolved commune 04108-cu: not hers.
    old = ["HD-0", "15/05/2025", *OWN[2:]]
    [result] = load(warehouse, write_csv(tmp_path / "a.csv", ACTIVITY_HEADER, [old]), clerk)
    assert problems([result]) == [(2, "unit", "out_of_scope")]


def test_file_without_a_unit_column_is_the_top_level(warehouse, clerk, tmp_path):
    header = [h for h in ACTIVITY_HEADER if h != "Địa bàn"]
    rows = [[v for i, v in enumerate(OWN) if i != 3]]
    [result] = load(warehouse, write_csv(tmp_path / "a.csv", header, rows), clerk)
    assert problems([result]) == [(2, "unit", "out_of_scope")]
    assert messages([result]) == [
        "Dòng 2, cột Địa bàn: '(cấp trên cùng)' nằm ngoài phạm vi được phép của tài khoản này."
    ]


def test_the_top_level_is_in_a_province_scope(warehouse, tmp_path):
    account = acc.add_user(
        warehouse, "tinh.phunu", role="staff", password="mat-khau-dai-du", orgs=["HLHPN"], unit="14"
    )
    blank = list(OWN)
    blank[3] = ""
    [result] = load(
        warehouse, write_csv(tmp_path / "a.csv", ACTIVITY_HEADER, [blank]), acc.etl_scope(warehouse, account)
    )
    assert result.status == "loaded", messages([result])
    assert warehouse.execute("select unit from activities").fetchall() == [("14",)]


def test_members_and_targets(warehouse, clerk, tmp_path):
    members = write_csv(
        tmp_path / "m.csv",
        ["Tổ chức", "Địa bàn", "Tính đến ngày", "Tổng số hội viên"],
        [
            ["Hội LHPN", "Chiềng Sung", "31/12/2025", "812"],
            ["Hội Nông dân", "Chiềng Sung", "31/12/2025", "640"],
        ],
    )
    [result] = load(warehouse, members, clerk)
    assert problems([result]) == [(3, "org", "out_of_scope")]
    targets = write_csv(
        tmp_path / "t.csv",
        ["Tổ chức", "Địa bàn", "Năm", "Chỉ số", "Chỉ tiêu"],
        [
            ["Hội LHPN", "Chiềng Sung", "2026", "new_members", "40"],
            ["Hội LHPN", "", "2026", "new_members", "900"],
        ],
    )
    [result] = load(warehouse, targets, clerk)
    assert problems([result]) == [(3, "unit", "out_of_scope")]
    assert count(warehouse, "members") == count(warehouse, "targets") == 0


def test_meetings_need_the_unit_and_the_org_as_host_or_attending(warehouse, clerk, tmp_path):
    rows = [
        ["HN-1", "05/09/2025", "Giao ban", "Giao ban Hội Phụ nữ xã", "Hội LHPN", "Chiềng Sung", ""],
        ["HN-2", "06/09/2025", "Giao ban", "Giao ban khối dân vận xã", "Thường trực Đảng ủy", "Chiềng Sung", "MTTQ; Hội LHPN"],
        ["HN-3", "07/09/2025", "Giao ban", "Giao ban Mặt trận xã", "MTTQ", "Chiềng Sung", "Hội Nông dân"],
        ["HN-4", "08/09/2025", "Giao ban", "Giao ban Hội Phụ nữ tỉnh", "Hội LHPN", "Tỉnh Sơn La", ""],
        ["HN-5", "09/09/2025", "Giao ban", "Giao ban không ghi địa bàn", "Hội LHPN", "", ""],
    ]  # fmt: skip
    [result] = load(warehouse, write_csv(tmp_path / "hn.csv", MEETING_HEADER, rows), clerk)
    assert problems([result]) == [
        (4, "host", "out_of_scope"),
        (5, "unit", "out_of_scope"),
        (6, "unit", "out_of_scope"),
    ]
    assert count(warehouse, "meetings") == 0
    [result] = load(warehouse, write_csv(tmp_path / "hn.csv", MEETING_HEADER, rows[:2]), clerk)
    assert result.status == "loaded", messages([result])


def _admin_meetings(con, tmp_path):
    """Meetings loaded without a scope: one of her commune hosted by the Front, one of another commune."""
    rows = [
        ["HN-MT", "07/09/2025", "Giao ban", "Giao ban Mặt trận xã", "MTTQ", "Chiềng Sung", "Hội Nông dân"],
        ["HN-CM", "07/09/2025", "Giao ban", "Giao ban xã Chiềng Mai", "Hội LHPN", "Chiềng Mai", ""],
    ]
    [result] = load_file(con, write_csv(tmp_path / "admin.csv", MEETING_HEADER, rows), user="admin")
    assert result.status == "loaded", messages([result])


def test_tasks_take_their_meetings_unit_and_need_an_assignee_or_meeting_in_scope(warehouse, clerk, tmp_path):
    _admin_meetings(warehouse, tmp_path)
    rows = [
        ["NV-1", "HN-MT", "Hội LHPN", "Vận động hội viên tham gia", "31/12/2025"],  # her org assigned
        ["NV-2", "HN-MT", "MTTQ", "Tổng hợp ý kiến cử tri", "31/12/2025"],  # neither
        ["NV-3", "HN-CM", "Hội LHPN", "Việc của xã khác", "31/12/2025"],  # another commune's meeting
        ["NV-4", "HN-XX", "Hội LHPN", "Hội nghị không có", "31/12/2025"],  # unknown meeting
    ]
    [result] = load(warehouse, write_csv(tmp_path / "nv.csv", TASK_HEADER, rows), clerk)
    assert problems([result]) == [
        (3, "assignee", "out_of_scope"),
        (4, "meeting_id", "out_of_scope"),
        (5, "meeting_id", "unknown_meeting"),
    ]
    assert count(warehouse, "tasks") == 0
    [result] = load(warehouse, write_csv(tmp_path / "nv.csv", TASK_HEADER, rows[:1]), clerk)
    assert result.status == "loaded", messages([result])


def test_tasks_of_meetings_in_the_same_workbook(warehouse, clerk, tmp_path):
    book = openpyxl.Workbook()
    tasks = book.active
    tasks.title = "Nhiệm vụ"
    tasks.append(TASK_HEADER)
    tasks.append(["NV-9", "HN-9", "Mặt trận", "Phối hợp tuyên truyền", "31/12/2025"])
    meetings = book.create_sheet("Hội nghị")
    meetings.append(MEETING_HEADER)
    meetings.append(["HN-9", "05/09/2025", "Sơ kết", "Sơ kết Hội Phụ nữ xã", "Hội LHPN", "Chiềng Sung", ""])
    book.save(tmp_path / "hn_nv.xlsx")
    results = load(warehouse, tmp_path / "hn_nv.xlsx", clerk)
    assert [r.status for r in results] == ["loaded", "loaded"], messages(results)
    # The same workbook with the meeting in another commune: both sheets stay out.
    meetings["F2"] = "Chiềng Mai"
    meetings["A2"] = "HN-10"
    tasks["B2"] = "HN-10"
    tasks["A2"] = "NV-10"
    book.save(tmp_path / "hn_nv2.xlsx")
    results = load(warehouse, tmp_path / "hn_nv2.xlsx", clerk)
    assert [r.status for r in results] == ["rejected", "rejected"]
    assert problems(results) == [(2, "unit", "out_of_scope")]
    assert count(warehouse, "meetings") == count(warehouse, "tasks") == 1


def test_an_id_may_not_take_over_a_record_outside_the_scope(warehouse, clerk, tmp_path):
    other = ["HD-1", "15/08/2025", "Hội LHPN", "Xã Chiềng Mai", "Trao quà", "Trao quà ở xã khác"]
    [result] = load_file(warehouse, write_csv(tmp_path / "admin.csv", ACTIVITY_HEADER, [other]), user="admin")
    assert result.status == "loaded"
    [result] = load(warehouse, write_csv(tmp_path / "a.csv", ACTIVITY_HEADER, [OWN]), clerk)
    assert problems([result]) == [(2, "activity_id", "out_of_scope")]
    assert "mã này đã dùng cho một bản ghi ngoài phạm vi" in messages([result])[0]
    assert warehouse.execute("select unit from activities").fetchall() == [("04132",)]
    # Her own records she may load again and update.
    mine = ["HD-2", *OWN[1:]]
    assert (
        load(warehouse, write_csv(tmp_path / "b.csv", ACTIVITY_HEADER, [mine]), clerk)[0].status == "loaded"
    )
    mine[-1] = "Trao quà cho hộ nghèo (sửa)"
    [result] = load(warehouse, write_csv(tmp_path / "b.csv", ACTIVITY_HEADER, [mine]), clerk)
    assert (result.status, result.rows_updated) == ("loaded", 1)


def test_org_only_scope_leaves_units_free(warehouse, tmp_path):
    account = acc.add_user(warehouse, "phunu.huyen", role="staff", password="mat-khau-dai-du", orgs=["HLHPN"])
    blank = list(OWN)
    blank[3] = ""
    rows = [OWN, ["HD-3", *blank[1:]]]
    [result] = load(
        warehouse, write_csv(tmp_path / "a.csv", ACTIVITY_HEADER, rows), acc.etl_scope(warehouse, account)
    )
    assert result.status == "loaded", messages([result])
