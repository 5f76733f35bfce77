"""Checking values (DESIGN.md §3): how dates, numbers, lists and reference values are understood,
and every row-level error code, each with its Vietnamese message and nothing loaded.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import duckdb
import pytest

from etl import config
from etl.schema import init_warehouse
from etl.validate import Scope
from tests.test_read import (
    ACTIVITIES,
    ACTIVITY_COLUMNS,
    EXPECTED,
    MEETINGS,
    activities,
    activity_table,
    assert_loaded,
    assert_rejected,
    csv_path,  # noqa: F401 (a fixture: run a test through both CSV readers)
    load,
    problems,
    snapshot,
    with_cell,
    write_csv,
)


@pytest.fixture
def warehouse():
    con = duckdb.connect()
    init_warehouse(con)
    yield con
    con.close()


@pytest.fixture
def loaded(warehouse, tmp_path):
    """A warehouse already holding the canonical activities and one meeting, so that
    "nothing loaded" means the tables stayed exactly as they were."""
    assert_loaded(load(warehouse, write_csv(tmp_path / "base.csv", activity_table())))
    assert_loaded(load(warehouse, write_csv(tmp_path / "base_hn.csv", MEETINGS)))
    return warehouse


def one_activity(tmp_path, **cells) -> object:
    """A file of one activity (Excel row 2): the first canonical record with some cells changed."""
    row = list(ACTIVITIES[0])
    for name, value in cells.items():
        row[ACTIVITY_COLUMNS.index(name)] = value
    return write_csv(tmp_path / "one.csv", activity_table(rows=[row]))


def loaded_value(con, column: str):
    return con.execute(f'select "{column}" from activities').fetchall()


def rejected_with(con, path, expected: list[tuple], **kwargs) -> list:
    """Load a bad file: the (row, column, code, message) problems are exactly these, nothing changes."""
    before = snapshot(con)
    results = load(con, path, **kwargs)
    assert [(e.row, e.column, e.code, e.message) for r in results for e in r.errors] == expected
    assert sum(r.error_count for r in results) == len(expected)
    assert_rejected(con, results, before)
    return results


# --------------------------------------------------------------------------- values understood


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/06/2024", dt.date(2024, 6, 13)),
        ("3/6/2024", dt.date(2024, 6, 3)),
        ("03/06/2024", dt.date(2024, 6, 3)),
        ("2024-06-03", dt.date(2024, 6, 3)),
        ("2024/06/03", dt.date(2024, 6, 3)),
        ("13.06.2024", dt.date(2024, 6, 13)),
        (" 13/06/2024 ", dt.date(2024, 6, 13)),
        ("29/02/2024", dt.date(2024, 2, 29)),
        # As documents write dates, in words and with "ngày" (day) before.
        ("ngày 13 tháng 6 năm 2024", dt.date(2024, 6, 13)),
        ("13 THÁNG 06 NĂM 2024", dt.date(2024, 6, 13)),
        ("Ngay 13 thang 6 nam 2024", dt.date(2024, 6, 13)),
        ("Ngày 13/06/2024", dt.date(2024, 6, 13)),
        ("13/06/2024 08:30", dt.date(2024, 6, 13)),
        ("13/06/2024 00:00:00", dt.date(2024, 6, 13)),
    ],
)
@pytest.mark.usefixtures("csv_path")
def test_dates(warehouse, tmp_path, text, expected):
    assert_loaded(load(warehouse, one_activity(tmp_path, date=text)))
    assert loaded_value(warehouse, "date") == [(expected,)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("2.500.000 đ", 2_500_000),
        ("1.500.000 đồng", 1_500_000),
        ("500000 VND", 500_000),
        ("500.000đ", 500_000),
        # typed without a Vietnamese keyboard
        ("2.500.000 d", 2_500_000),
        ("4.000.000 dong", 4_000_000),
        ("300.000 VNĐ", 300_000),
        ("1 500 000", 1_500_000),
        ("0", 0),
        ("", None),
    ],
)
@pytest.mark.usefixtures("csv_path")
def test_numbers(warehouse, tmp_path, text, expected):
    assert_loaded(load(warehouse, one_activity(tmp_path, funds_vnd=text)))
    assert loaded_value(warehouse, "funds_vnd") == [(expected,)]


def funds_in(tmp_path, header: str, *cells: str):
    """A file of activities whose funds column is headed ``header``, one record a cell."""
    rows = [with_cell([ACTIVITIES[0]], 0, "funds_vnd", cell)[0] for cell in cells]
    for i, row in enumerate(rows):
        row[0] = f"HD-{i}"
    table = activity_table(rows=rows)
    table[0][ACTIVITY_COLUMNS.index("funds_vnd")] = header
    return write_csv(tmp_path / "funds.csv", table)


@pytest.mark.parametrize(
    ("header", "text", "expected"),
    [
        ("Kinh phí (triệu đồng)", "2,5", 2_500_000),
        ("Kinh phí (triệu đồng)", "2.5", 2_500_000),
        ("Kinh phí (triệu đồng)", "3", 3_000_000),
        ("Kinh phí (triệu đồng)", "0,125", 125_000),
        ("Kinh phí (triệu đồng)", "1.500,5", 1_500_500_000),
        ("KINH PHI (TRIEU DONG)", "12,75 tr", 12_750_000),
        ("Kinh phí (tr.đ)", "4", 4_000_000),
        ("Số tiền (nghìn đồng)", "2.500", None),  # (see the test below)
        ("Số tiền (nghìn đồng)", "250", 250_000),
        ("Kinh phí (1.000 đồng)", "1,5", 1_500),
        ("Kinh phí (triệu đ)", "2,5", 2_500_000),
        ("Kinh phí (ĐVT: nghìn đồng)", "250", 250_000),
        ("Kinh phí (tỷ đồng)", "1,2", 1_200_000_000),
        ("Tổng kinh phí (triệu đồng)", "3", 3_000_000),
        ("Kinh phí hỗ trợ (triệu đồng)", "3", 3_000_000),
        ("Kinh phí (đ)", "1.500.000", 1_500_000),
        ("Tổng kinh phí (đồng)", "1.500.000", 1_500_000),
        # A unit written in the cell is the cell's own.
        ("Kinh phí (triệu đồng)", "500 nghìn", 500_000),
        ("Kinh phí (triệu đồng)", "2.500.000 đ", 2_500_000),
        ("Kinh phí (nghìn đồng)", "2 triệu", 2_000_000),
        ("Kinh phí (đồng)", "1,5 triệu", 1_500_000),
        ("Kinh phí", "500k", 500_000),
    ],
)
@pytest.mark.usefixtures("csv_path")
def test_funds_counted_in_millions_or_thousands(warehouse, tmp_path, header, text, expected):
    """Report tables often give amounts in millions or thousands of đồng, said in the header: the
    column is read, and every amount stored in đồng."""
    results = load(warehouse, funds_in(tmp_path, header, text))
    if expected is None:
        assert [e.code for r in results for e in r.errors] == ["bad_number"]
        return
    assert_loaded(results)
    assert loaded_value(warehouse, "funds_vnd") == [(expected,)]


def test_an_amount_in_millions_that_could_be_either_is_asked_again(loaded, tmp_path):
    """'1.500' in millions of đồng is 1,5 million written the English way or 1500 million the
    Vietnamese way: a thousandfold apart, so the clerk is asked which."""
    rejected_with(
        loaded,
        funds_in(tmp_path, "Kinh phí (triệu đồng)", "1.500", "2,5", "1,500"),
        [
            (row, "funds_vnd", "bad_number", f"Dòng {row}, cột Kinh phí (triệu đồng): '{text}' không phải số "
             "hợp lệ. Cột này tính bằng triệu đồng: viết 2,5 cho hai triệu rưỡi; số như 1.500 không rõ là "
             "1,5 hay 1500, hãy viết một trong hai cách đó.")
            for row, text in ((2, "1.500"), (4, "1,500"))
        ],
    )  # fmt: skip


def test_number_cells_with_a_fraction_in_a_workbook(loaded, tmp_path):
    """A number cell of 2,125 in a column of millions is 2.125.000 đ; in a column of people it is
    no count (where the text '1.125' would be 1125)."""
    import openpyxl

    def book(header: str, value) -> Path:
        wb = openpyxl.Workbook()
        table = activity_table(rows=[list(ACTIVITIES[0])])
        table[0][ACTIVITY_COLUMNS.index("funds_vnd")] = header
        table[1][ACTIVITY_COLUMNS.index("funds_vnd")] = value
        for record in table:
            wb.active.append([None if v == "" else v for v in record])
        wb.save(path := tmp_path / f"{len(header)}.xlsx")
        return path

    assert_loaded(load(loaded, book("Kinh phí (triệu đồng)", 2.125)))
    assert loaded.execute("select funds_vnd from activities where activity_id = 'HD-01'").fetchall() == [
        (2_125_000,)
    ]
    # The noise of Excel's arithmetic is not a fraction: =7%*100000000 shows 7.000.000.
    assert_loaded(load(loaded, book("Kinh phí", 0.07 * 100_000_000)))
    assert loaded.execute("select funds_vnd from activities where activity_id = 'HD-01'").fetchall() == [
        (7_000_000,)
    ]
    rejected_with(
        loaded,
        book("Kinh phí", 1.125),
        [(2, "funds_vnd", "bad_number", "Dòng 2, cột Kinh phí: '1,125' không phải số hợp lệ. Cột này cần số "
          "nguyên, không có phần lẻ.")],
    )  # fmt: skip


@pytest.mark.parametrize("text", ["1.500.000 đồng", "2.500.000 đ"])
@pytest.mark.usefixtures("csv_path")
def test_numbers_written_decomposed(warehouse, tmp_path, text):
    import unicodedata

    path = one_activity(tmp_path, funds_vnd=unicodedata.normalize("NFD", text))
    assert_loaded(load(warehouse, path))
    assert loaded_value(warehouse, "funds_vnd")[0][0] in (1_500_000, 2_500_000)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("HLHPN", "HLHPN"),
        ("Hội LHPN", "HLHPN"),
        ("Hội Phụ nữ", "HLHPN"),
        ("hội liên hiệp phụ nữ", "HLHPN"),
        ("Hoi LHPN", "HLHPN"),
        ("Hội LHPN huyện", "HLHPN"),
        ("Hội LHPN xã Chiềng Sung", "HLHPN"),
        ("Đoàn Thanh niên", "DTN"),
        ("Huyện đoàn", "DTN"),
        ("Doan Thanh nien", "DTN"),
        ("Mặt trận", "MTTQ"),
        ("Ủy ban MTTQ huyện", "MTTQ"),
        ("Công đoàn", "LDLD"),
        ("Hội Nông dân", "HND"),
        ("Hội CCB", "HCCB"),
        ("Hội LHTN", "HLHTN"),
    ],
)
@pytest.mark.usefixtures("csv_path")
def test_organizations(warehouse, tmp_path, text, code):
    assert_loaded(load(warehouse, one_activity(tmp_path, org=text)))
    assert loaded_value(warehouse, "org") == [(code,)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Trao quà", "ho_tro"),
        ("Ra quân", "ra_quan"),
        ("Tuyên truyền", "tuyen_truyen"),
        ("ho_tro", "ho_tro"),
        ("hỗ trợ, trao quà, từ thiện", "ho_tro"),
        ("Tập huấn", "tap_huan"),
        ("Xây nhà", "xay_nha"),
        ("Mít tinh", "ky_niem"),
        ("Khác", "khac"),
    ],
)
def test_activity_types(warehouse, tmp_path, text, code):
    assert_loaded(load(warehouse, one_activity(tmp_path, activity_type=text)))
    assert loaded_value(warehouse, "activity_type") == [(code,)]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("an_sinh", ["an_sinh"]),
        ("an_sinh; kinh_te", ["an_sinh", "kinh_te"]),
        ("An sinh xã hội;Phát triển kinh tế", ["an_sinh", "kinh_te"]),
        ("Môi trường; chuyen_doi_so;", ["nong_thon_moi_moi_truong", "chuyen_doi_so"]),
        ("Môi trường; Nông thôn mới", ["nong_thon_moi_moi_truong"]),
        # Written with commas: each piece an entry (a label with commas is still one entry).
        ("an_sinh, kinh_te", ["an_sinh", "kinh_te"]),
        ("Tuyên truyền, vận động chủ trương, chính sách, pháp luật", ["tuyen_truyen"]),
    ],
)
def test_themes(warehouse, tmp_path, text, codes):
    assert_loaded(load(warehouse, one_activity(tmp_path, themes=text)))
    assert warehouse.execute("select themes, themes_inferred from activities").fetchall() == [(codes, False)]


def test_blank_themes_are_inferred(warehouse, tmp_path):
    if importlib.util.find_spec("etl.themes") is None:
        pytest.skip("etl.themes is not written yet")
    from etl.themes import infer_themes

    title = "Trao quà Tết cho hộ nghèo, gia đình chính sách"
    assert infer_themes(title), "the title should speak of some theme"
    rows = [with_cell(ACTIVITIES, 0, "themes", "")[0], ACTIVITIES[1]]
    rows[0] = with_cell([rows[0]], 0, "title", title)[0]
    assert_loaded(load(warehouse, write_csv(tmp_path / "t.csv", activity_table(rows=rows))))
    got = warehouse.execute(
        "select activity_id, themes, themes_inferred from activities order by 1"
    ).fetchall()
    assert got == [
        ("HD-01", infer_themes(title), True),
        ("HD-02", ["nong_thon_moi_moi_truong"], False),
    ]


def test_units(warehouse, tmp_path):
    rows = [
        with_cell([ACTIVITIES[0]], 0, "unit", "")[0],
        with_cell([ACTIVITIES[1]], 0, "unit", "Chiềng Sung")[0],
        with_cell(with_cell([ACTIVITIES[2]], 0, "unit", "Xã Chiềng Sung"), 0, "date", "01/08/2025")[0],
    ]
    rows.append([*rows[0]])
    rows[3][0], rows[3][3] = "HD-04", "04111"
    assert_loaded(load(warehouse, write_csv(tmp_path / "u.csv", activity_table(rows=rows))))
    got = warehouse.execute("select activity_id, unit from activities order by 1").fetchall()
    # Blank: the root unit; a commune's name before and after the July 2025 reform; a unit code.
    assert got == [("HD-01", "14"), ("HD-02", "04108-cu"), ("HD-03", "04108"), ("HD-04", "04111")]


def stored_units(con, tmp_path, dated_units: list[tuple[str, str]]) -> list[str]:
    """Load one activity per (date, unit) and give the unit code each was stored under."""
    rows = []
    for i, (day, unit) in enumerate(dated_units):
        row = with_cell(with_cell([ACTIVITIES[0]], 0, "date", day), 0, "unit", unit)[0]
        row[0] = f"HD-{i}"
        rows.append(row)
    assert_loaded(load(con, write_csv(tmp_path / "u.csv", activity_table(rows=rows))))
    return [unit for (unit,) in con.execute("select unit from activities order by activity_id").fetchall()]


def test_a_reused_official_code_means_the_unit_of_the_records_date(warehouse, tmp_path):
    """04105 was Thị trấn Hát Lót until the reform (kept as 04105-cu) and is Xã Mai Sơn since."""
    dated = [
        ("15/01/2024", "04105"),
        ("15/08/2025", "04105"),
        ("15/01/2024", "04123"),
        ("15/01/2024", "Xã Chiềng Mung"),
    ]
    assert stored_units(warehouse, tmp_path, dated) == ["04105-cu", "04105", "04123-cu", "04123-cu"]


def test_old_and_new_say_which_unit_of_a_reused_name(warehouse, tmp_path):
    """'Chiềng Sung (cũ)' is the commune that ended in the reform, 'Chiềng Sung (mới)' the one that
    took its name; with or without 'Xã', brackets or diacritics."""
    dated = [
        ("15/01/2024", "Chiềng Sung (cũ)"),
        ("15/01/2024", "Xã Chiềng Sung cu"),
        ("15/08/2025", "Chiềng Sung (mới)"),
        ("15/08/2025", "xã chiềng sung (moi)"),
    ]
    assert stored_units(warehouse, tmp_path, dated) == ["04108-cu", "04108-cu", "04108", "04108"]


def test_a_short_name_of_two_units_at_once_is_not_guessed(loaded, tmp_path):
    # "Hát Lót": Xã Hát Lót and Thị trấn Hát Lót, both before the reform.
    rejected_with(
        loaded,
        one_activity(tmp_path, unit="Hát Lót"),
        [(2, "unit", "unknown_unit", "Dòng 2, cột Địa bàn: 'Hát Lót' ứng với nhiều địa bàn cùng lúc: "
          "hãy ghi tên đầy đủ (như 'Xã …', 'Thị trấn …') hoặc mã địa bàn.")],
    )  # fmt: skip
    # Written out in full, each is one unit.
    for name, code in (("Xã Hát Lót", "04135"), ("Thị trấn Hát Lót", "04105-cu")):
        assert load(loaded, one_activity(tmp_path, unit=name))[0].status == "loaded", name
        assert loaded.execute("select unit from activities where activity_id = 'HD-01'").fetchall() == [
            (code,)
        ]


def test_meeting_hosts_and_types(warehouse, tmp_path):
    header = MEETINGS[0]
    rows = [
        ["HN-1", "05/07/2024", "Giao ban", "Giao ban quý III", "Thường trực Huyện ủy", "", ""],
        ["HN-2", "06/07/2024", "Sơ kết 6 tháng", "Sơ kết", "UBND huyện", "", ""],
        ["HN-3", "07/07/2024", "dai_hoi", "Đại hội", "Hội LHPN huyện", "", ""],
        ["HN-4", "08/07/2024", "hội nghị chuyên đề", "Chuyên đề", "Huyện ủy", "", ""],
        # A type with its occasion, as offices write it; the Council's standing committee.
        [
            "HN-5",
            "09/07/2024",
            "Sơ kết 6 tháng đầu năm",
            "Sơ kết",
            "Thường trực HĐND huyện",
            "",
            "35 đại biểu",
        ],
        ["HN-6", "10/12/2024", "Hội nghị tổng kết năm", "Tổng kết", "Huyện ủy", "", ""],
    ]
    assert_loaded(load(warehouse, write_csv(tmp_path / "hn.csv", [header, *rows])))
    got = warehouse.execute(
        "select meeting_id, meeting_type, host, unit, attendees from meetings order by 1"
    ).fetchall()
    assert got == [
        ("HN-1", "giao_ban", "TT_CAP_UY", "14", None),
        ("HN-2", "so_ket", "UBND", "14", None),
        ("HN-3", "dai_hoi", "HLHPN", "14", None),
        ("HN-4", "chuyen_de", "CAP_UY", "14", None),
        ("HN-5", "so_ket", "HDND", "14", 35),
        ("HN-6", "tong_ket", "CAP_UY", "14", None),
    ]


def test_task_statuses(loaded, tmp_path):
    header = ["Mã nhiệm vụ", "Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ", "Chủ đề", "Tình trạng"]
    rows = [
        ["NV-1", "HN-01", "Hội LHPN", "Một", "an_sinh", "Hoàn thành"],
        ["NV-2", "HN-01", "Mặt trận", "Hai", "an_sinh", "đang thực hiện"],
        ["NV-3", "HN-01", "Hội Nông dân", "Ba", "an_sinh", "Chưa"],
        ["NV-4", "HN-01", "Ban Dân vận", "Bốn", "an_sinh", "hoan_thanh"],
    ]
    assert_loaded(load(loaded, write_csv(tmp_path / "nv.csv", [header, *rows])))
    got = loaded.execute("select task_id, assignee, status from tasks order by 1").fetchall()
    assert got == [
        ("NV-1", "HLHPN", "hoan_thanh"),
        ("NV-2", "MTTQ", "dang_thuc_hien"),
        ("NV-3", "HND", "chua_thuc_hien"),
        ("NV-4", "BAN_DAN_VAN", "hoan_thanh"),
    ]


def test_task_without_status_loads(loaded, tmp_path):
    header = [
        "Mã nhiệm vụ",
        "Mã hội nghị",
        "Đơn vị thực hiện",
        "Nội dung nhiệm vụ",
        "Chủ đề",
        "Tình trạng",
        "Ngày hoàn thành",
    ]
    rows = [
        ["NV-1", "HN-01", "Hội LHPN", "Một", "an_sinh", "", ""],
        ["NV-2", "HN-01", "Hội LHPN", "Hai", "an_sinh", "", "01/12/2024"],
    ]  # fmt: skip
    assert_loaded(load(loaded, write_csv(tmp_path / "nv.csv", [header, *rows])))
    got = loaded.execute("select task_id, status, completed_date from tasks order by 1").fetchall()
    assert got == [("NV-1", "chua_thuc_hien", None), ("NV-2", "hoan_thanh", dt.date(2024, 12, 1))]


def test_targets_indicators_and_years(warehouse, tmp_path):
    header = ["Tổ chức", "Địa bàn", "Năm", "Chỉ số", "Chỉ tiêu"]
    rows = [
        ["Hội LHPN", "", "2024", "Kết nạp hội viên", "150"],
        ["Hội LHPN", "", "2024", "Kinh phí", "1.000.000.000 đồng"],
        ["Hội LHPN", "Xã Chiềng Sung", "2024", "số hoạt động", "12"],
        ["Hội LHPN", "", "Năm 2025", "houses", "3"],  # (as a heading writes the year)
    ]
    assert_loaded(load(warehouse, write_csv(tmp_path / "ct.csv", [header, *rows])))
    got = warehouse.execute("select org, unit, year, indicator, target from targets order by all").fetchall()
    assert got == [
        ("HLHPN", "04108-cu", 2024, "activities", 12),
        ("HLHPN", "14", 2024, "funds_vnd", 1_000_000_000),
        ("HLHPN", "14", 2024, "new_members", 150),
        ("HLHPN", "14", 2025, "houses", 3),
    ]


def test_loading_twice_adds_nothing_and_blank_id_rows_have_stable_keys(warehouse, tmp_path):
    rows = with_cell(ACTIVITIES, 0, "activity_id", "")
    path = write_csv(tmp_path / "a.csv", activity_table(rows=rows))
    assert_loaded(load(warehouse, path))
    [again] = load(warehouse, path)
    assert (again.status, again.rows_new, again.rows_updated, again.rows_unchanged) == ("loaded", 0, 0, 3)
    assert activities(warehouse) == [*EXPECTED[1:], (None, *EXPECTED[0][1:])]  # ids sort nulls last


# --------------------------------------------------------------------------- error codes


def test_missing_column(loaded, tmp_path):
    records = [[c for i, c in enumerate(r) if i != ACTIVITY_COLUMNS.index("title")] for r in activity_table()]
    rejected_with(
        loaded,
        write_csv(tmp_path / "a.csv", records),
        [(None, "title", "missing_column", "Thiếu cột bắt buộc 'Nội dung'.")],
    )


def test_missing_columns_all_named(loaded, tmp_path):
    records = [["Tổ chức", "Địa bàn", "Chủ đề", "Ngày"], ["Hội LHPN", "", "an_sinh", "13/06/2024"]]
    rejected_with(
        loaded,
        write_csv(tmp_path / "a.csv", records),
        [
            (None, "activity_type", "missing_column", "Thiếu cột bắt buộc 'Loại hoạt động'."),
            (None, "title", "missing_column", "Thiếu cột bắt buộc 'Nội dung'."),
        ],
        kind="activities",
    )


@pytest.mark.usefixtures("csv_path")
def test_required(loaded, tmp_path):
    rows = with_cell(ACTIVITIES, 1, "date", "")
    rows = with_cell(rows, 2, "activity_type", "   ")
    rejected_with(
        loaded,
        write_csv(tmp_path / "a.csv", activity_table(rows=rows)),
        [
            (3, "date", "required", "Dòng 3, cột Ngày: chưa nhập (bắt buộc)."),
            (4, "activity_type", "required", "Dòng 4, cột Loại hoạt động: chưa nhập (bắt buộc)."),
        ],
    )


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "hôm qua",
        "13/13/2024",
        "2024-02-30",
        "13/06/1890",
        "45",
        "ngày 31 tháng 2 năm 2024",
        "ngày 45456",
        "13-06/2024",  # (two separators: no telling which was meant)
        "Quý II/2024",  # (a period is a deadline's, not an activity's date)
    ],
)
def test_bad_date(loaded, tmp_path, text):
    rejected_with(
        loaded,
        one_activity(tmp_path, date=text),
        [
            (
                2,
                "date",
                "bad_date",
                f"Dòng 2, cột Ngày: '{text}' không phải ngày hợp lệ (viết dd/mm/yyyy, ví dụ 13/06/2024).",
            )
        ],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120", 120),
        ("120 người", 120),
        ("35 đại biểu", 35),
        ("1.500 lượt người", 1500),
        ("-", None),
        ("–", None),
    ],
)
@pytest.mark.usefixtures("csv_path")
def test_counts_as_reports_write_them(warehouse, tmp_path, text, expected):
    """A count may say what it counts; a dash is "none", as a blank cell."""
    assert_loaded(load(warehouse, one_activity(tmp_path, participants=text)))
    assert loaded_value(warehouse, "participants") == [(expected,)]


@pytest.mark.parametrize(
    ("header", "text", "detail"),
    [
        ("Kinh phí (đồng)", "500", "Số tiền dưới 1.000 đồng là quá nhỏ"),
        ("Kinh phí (triệu đồng)", "15.000.000", "Số tiền từ 1.000 tỷ đồng trở lên là quá lớn"),
    ],
)
def test_an_amount_no_office_spends(loaded, tmp_path, header, text, detail):
    """Under 1.000 đ or from 1.000 tỷ đ, an amount was written in another unit than its column's."""
    table = activity_table(rows=with_cell([ACTIVITIES[0]], 0, "funds_vnd", text))
    table[0] = [header if h.startswith("Kinh phí") else h for h in table[0]]
    results = load(loaded, write_csv(tmp_path / "a.csv", table))
    assert [(e.row, e.code) for r in results for e in r.errors] == [(2, "bad_number")]
    assert detail in results[0].errors[0].message


@pytest.mark.parametrize("text", ["abc", "1,5", "1.5", "12 ghế", "1.500.00", "--5", "1e6"])
def test_bad_number(loaded, tmp_path, text):
    rejected_with(
        loaded,
        one_activity(tmp_path, participants=text),
        [(2, "participants", "bad_number", f"Dòng 2, cột Số người tham gia: '{text}' không phải số hợp lệ.")],
    )


def test_bad_number_too_big(loaded, tmp_path):
    text = "99999999999999999999999"
    rejected_with(
        loaded,
        one_activity(tmp_path, funds_vnd=text),
        [(2, "funds_vnd", "bad_number", f"Dòng 2, cột Kinh phí (đồng): '{text}' không phải số hợp lệ.")],
    )


@pytest.mark.parametrize("text", ["-5", "-1.500.000 đ"])
def test_negative(loaded, tmp_path, text):
    rejected_with(
        loaded,
        one_activity(tmp_path, funds_vnd=text),
        [
            (
                2,
                "funds_vnd",
                "negative",
                f"Dòng 2, cột Kinh phí (đồng): '{text}' là số âm; cột này phải từ 0 trở lên.",
            )
        ],
    )


def test_bad_year(loaded, tmp_path):
    records = [["Tổ chức", "Năm", "Chỉ số", "Chỉ tiêu"], ["Hội LHPN", "năm nay", "Kết nạp", "10"]]
    rejected_with(
        loaded,
        write_csv(tmp_path / "ct.csv", records),
        [(2, "year", "bad_number", "Dòng 2, cột Năm: 'năm nay' không phải số hợp lệ.")],
    )


def test_unknown_org(loaded, tmp_path):
    rejected_with(
        loaded,
        one_activity(tmp_path, org="Hội Người cao tuổi"),
        [(2, "org", "unknown_org", "Dòng 2, cột Tổ chức: 'Hội Người cao tuổi' không phải tổ chức hay cơ quan nào trong danh mục.")],
    )  # fmt: skip


def test_unknown_org_in_meeting_host_and_attendees(loaded, tmp_path):
    header = [*MEETINGS[0], "Tổ chức tham dự"]
    rows = [
        ["HN-9", "05/07/2024", "Giao ban", "Giao ban", "Ban Quản lý dự án", "", "", "MTTQ; Hội Khuyến học"]
    ]
    rejected_with(
        loaded,
        write_csv(tmp_path / "hn.csv", [header, *rows]),
        [
            (2, "host", "unknown_org", "Dòng 2, cột Cơ quan chủ trì: 'Ban Quản lý dự án' không phải tổ chức hay cơ quan nào trong danh mục."),
            (2, "orgs", "unknown_org", "Dòng 2, cột Tổ chức tham dự: 'Hội Khuyến học' không phải tổ chức hay cơ quan nào trong danh mục."),
        ],
    )  # fmt: skip


def test_unknown_unit(loaded, tmp_path):
    rejected_with(
        loaded,
        one_activity(tmp_path, unit="Xã Tân Lập"),
        [
            (
                2,
                "unit",
                "unknown_unit",
                "Dòng 2, cột Địa bàn: 'Xã Tân Lập' không phải địa bàn nào trong danh mục.",
            )
        ],
    )


def test_a_unit_named_after_it_ended_is_not_taken(loaded, tmp_path):
    """The 2025 reform ended the district and merged communes: a record dated after that cannot
    belong to them. The message says since when, and the unit that took over where there is one;
    a record dated before still loads onto the old unit."""
    rows = [
        with_cell(with_cell([ACTIVITIES[0]], 0, "unit", "Xã Chiềng Ban"), 0, "date", "15/08/2025")[0],
        with_cell(with_cell([ACTIVITIES[1]], 0, "unit", "Huyện Mai Sơn"), 0, "date", "01/07/2025")[0],
        # (A date not understood is reported alone, not also the unit it would have decided.)
        with_cell(with_cell([ACTIVITIES[2]], 0, "unit", "Xã Chiềng Ban"), 0, "date", "31/02/2026")[0],
        # "Hát Lót", two units at once before the reform, both taken over by Xã Mai Sơn after it.
        with_cell(
            with_cell(with_cell([ACTIVITIES[0]], 0, "unit", "Hát Lót"), 0, "date", "02/07/2025"),
            0,
            "activity_id",
            "HD-09",
        )[0],
    ]
    rejected_with(
        loaded,
        write_csv(tmp_path / "late.csv", activity_table(rows=rows)),
        [
            (2, "unit", "unknown_unit", "Dòng 2, cột Địa bàn: 'Xã Chiềng Ban' chỉ là địa bàn đến hết ngày "
             "30/06/2025, trước ngày của bản ghi; địa bàn tiếp nhận là 'Xã Chiềng Mai', hãy ghi địa bàn đó."),
            (3, "unit", "unknown_unit", "Dòng 3, cột Địa bàn: 'Huyện Mai Sơn' chỉ là địa bàn đến hết ngày "
             "30/06/2025, trước ngày của bản ghi; hãy ghi địa bàn mới của bản ghi."),
            (4, "date", "bad_date", "Dòng 4, cột Ngày: '31/02/2026' không phải ngày hợp lệ (viết dd/mm/yyyy, "
             "ví dụ 13/06/2024)."),
            (5, "unit", "unknown_unit", "Dòng 5, cột Địa bàn: 'Hát Lót' chỉ là địa bàn đến hết ngày "
             "30/06/2025, trước ngày của bản ghi; địa bàn tiếp nhận là 'Xã Mai Sơn', hãy ghi địa bàn đó."),
        ],
    )  # fmt: skip
    on_last_day = [
        with_cell(with_cell([ACTIVITIES[0]], 0, "unit", "Huyện Mai Sơn"), 0, "date", "30/06/2025")[0]
    ]
    assert_loaded(load(loaded, write_csv(tmp_path / "ok.csv", activity_table(rows=on_last_day))))
    assert loaded.execute("select unit from activities where activity_id = 'HD-01'").fetchall() == [("125",)]


def test_a_unit_the_reform_made_is_not_taken_before_it(loaded, tmp_path):
    """Xã Mai Sơn exists from 1/7/2025: a record of 28/6/2025 under its name belonged to a unit it
    took over (loaded, a half-year's activities filed under the old names and again under the new
    were counted twice). The message names those units. A year's target may be set for it."""
    rows = [
        with_cell(with_cell([ACTIVITIES[0]], 0, "unit", "Xã Mai Sơn"), 0, "date", "28/06/2025")[0],
        with_cell(with_cell([ACTIVITIES[1]], 0, "unit", "Chiềng Sung (mới)"), 0, "date", "15/01/2025")[0],
        with_cell(with_cell([ACTIVITIES[2]], 0, "unit", "Xã Mai Sơn"), 0, "date", "01/07/2025")[0],
    ]
    results = load(loaded, write_csv(tmp_path / "early.csv", activity_table(rows=rows)))
    assert [(e.row, e.code) for r in results for e in r.errors] == [(2, "unknown_unit"), (3, "unknown_unit")]
    assert results[0].errors[0].message == (
        "Dòng 2, cột Địa bàn: 'Xã Mai Sơn' chỉ là địa bàn từ ngày 01/07/2025, sau ngày của bản ghi; trước "
        "đó là 'Thị trấn Hát Lót', 'Xã Hát Lót', 'Xã Cò Nòi': hãy ghi địa bàn của bản ghi khi ấy."
    )
    targets = [
        ["Tổ chức", "Địa bàn", "Năm", "Chỉ số", "Chỉ tiêu"],
        ["Hội LHPN", "Xã Mai Sơn", "2025", "Số hoạt động", "12"],
    ]
    assert_loaded(load(loaded, write_csv(tmp_path / "ct.csv", targets)))
    assert loaded.execute("select unit, year from targets").fetchall() == [("04105", 2025)]


def test_an_organization_written_with_its_unit_gives_the_unit(warehouse, tmp_path):
    """ "Hội LHPN xã Chiềng Sung" with no unit of its own is the Women's Union of that commune (it
    was stored at the top level, the commune dropped). Where the unit column names another unit,
    which is meant is asked."""
    header = ["Ngày", "Tổ chức", "Địa bàn", "Loại hoạt động", "Nội dung"]
    rows = [
        ["15/01/2024", "Hội LHPN xã Chiềng Sung", "", "Trao quà", "Một"],
        ["16/01/2024", "Hội LHPN thị trấn Hát Lót", "", "Trao quà", "Hai"],
        ["17/01/2024", "Hội LHPN xã Chiềng Sung", "Xã Chiềng Sung", "Trao quà", "Ba"],
        ["18/01/2024", "Hội LHPN", "", "Trao quà", "Bốn"],
    ]
    assert_loaded(load(warehouse, write_csv(tmp_path / "a.csv", [header, *rows])))
    got = warehouse.execute("select title, org, unit from activities order by date").fetchall()
    assert got == [
        ("Một", "HLHPN", "04108-cu"),
        ("Hai", "HLHPN", "04105-cu"),
        ("Ba", "HLHPN", "04108-cu"),
        ("Bốn", "HLHPN", "14"),
    ]
    without_unit = [
        [h for h in header if h != "Địa bàn"],
        ["19/01/2024", "Đoàn Thanh niên xã Chiềng Mung", "Ra quân", "Năm"],
    ]
    assert_loaded(load(warehouse, write_csv(tmp_path / "b.csv", without_unit)))
    assert warehouse.execute("select unit from activities where title = 'Năm'").fetchall() == [("04123-cu",)]
    other = [header, ["20/01/2024", "Hội LHPN xã Chiềng Sung", "Xã Mường Bon", "Trao quà", "Sáu"]]
    assert [e.message for r in load(warehouse, write_csv(tmp_path / "c.csv", other)) for e in r.errors] == [
        "Dòng 2, cột Địa bàn: 'Xã Mường Bon' không khớp với địa bàn ghi trong tên tổ chức: hãy ghi một "
        "địa bàn, ở cột Địa bàn."
    ]


def test_records_whose_unit_is_not_understood_are_not_duplicates_of_each_other(loaded, tmp_path):
    """Members of one organization on one day in three communes that ended: three records, each
    with its unit problem, not two duplicates of the first (the key of such a record is unknown)."""
    header = ["Tổ chức", "Địa bàn", "Tính đến ngày", "Tổng số đoàn viên, hội viên"]
    rows = [
        ["Hội LHPN", unit, "31/12/2025", "100"] for unit in ("Xã Mường Bằng", "Xã Chiềng Chăn", "Xã Nà Bó")
    ]
    results = load(loaded, write_csv(tmp_path / "members.csv", [header, *rows]))
    assert [(e.row, e.code) for r in results for e in r.errors] == [
        (2, "unknown_unit"),
        (3, "unknown_unit"),
        (4, "unknown_unit"),
    ]


def test_unknown_type_activity(loaded, tmp_path):
    rejected_with(
        loaded,
        one_activity(tmp_path, activity_type="Đi chơi"),
        [(2, "activity_type", "unknown_type", "Dòng 2, cột Loại hoạt động: 'Đi chơi' không có trong danh mục loại hoạt động.")],
    )  # fmt: skip


def test_unknown_type_meeting(loaded, tmp_path):
    rows = [MEETINGS[0], with_meeting(MEETINGS[1], 2, "Họp bất thường")]
    rejected_with(
        loaded,
        write_csv(tmp_path / "hn.csv", rows),
        [(2, "meeting_type", "unknown_type", "Dòng 2, cột Loại hội nghị: 'Họp bất thường' không có trong danh mục loại hội nghị.")],
    )  # fmt: skip


def with_meeting(row: list[str], index: int, value: str) -> list[str]:
    out = list(row)
    out[index] = value
    return out


@pytest.mark.usefixtures("csv_path")
def test_unknown_theme(loaded, tmp_path):
    rejected_with(
        loaded,
        one_activity(tmp_path, themes="an_sinh; Thể thao; kinh_te"),
        [
            (
                2,
                "themes",
                "unknown_theme",
                "Dòng 2, cột Chủ đề: 'Thể thao' không phải chủ đề nào trong danh mục.",
            )
        ],
    )


def test_unknown_indicator(loaded, tmp_path):
    records = [["Tổ chức", "Năm", "Chỉ số", "Chỉ tiêu"], ["Hội LHPN", "2024", "Số cây xanh", "100"]]
    rejected_with(
        loaded,
        write_csv(tmp_path / "ct.csv", records),
        [(2, "indicator", "unknown_indicator", "Dòng 2, cột Chỉ số: 'Số cây xanh' không phải chỉ số nào trong danh mục.")],
    )  # fmt: skip


def test_unknown_status(loaded, tmp_path):
    records = [
        ["Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ", "Tình trạng"],
        ["HN-01", "Hội LHPN", "Vận động phụ nữ", "Sắp xong"],
    ]
    rejected_with(
        loaded,
        write_csv(tmp_path / "nv.csv", records),
        [(2, "status", "unknown_status", "Dòng 2, cột Tình trạng: 'Sắp xong' không phải tình trạng hợp lệ (chưa thực hiện, đang thực hiện, hoàn thành).")],
    )  # fmt: skip


TASK_HEADER = ["Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ", "Hạn hoàn thành", "Tình trạng"]


def test_a_deadline_may_name_a_period_or_none(loaded, tmp_path):
    """Conclusions set deadlines as periods ("trong quý IV/2025"): the period's last day. A task
    done all the time ("Thường xuyên") has no deadline, so it is never late."""
    deadlines = {
        "Quý IV/2025": dt.date(2025, 12, 31),
        "quý 3 năm 2024": dt.date(2024, 9, 30),
        "Tháng 7/2024": dt.date(2024, 7, 31),
        "tháng 2 năm 2024": dt.date(2024, 2, 29),
        "6 tháng cuối năm 2024": dt.date(2024, 12, 31),
        "6 tháng đầu năm 2025": dt.date(2025, 6, 30),
        "Năm 2025": dt.date(2025, 12, 31),
        "Trước ngày 30/6/2024": dt.date(2024, 6, 30),
        "Trong quý II/2024": dt.date(2024, 6, 30),
        "Đến hết tháng 9/2024": dt.date(2024, 9, 30),
        "15/08/2024": dt.date(2024, 8, 15),
        "Thường xuyên": None,
        "Thường xuyên, liên tục": None,
        "Hằng quý": None,
        # Before a period: the day before it begins. The end of one: its last day.
        "Trước quý IV/2024": dt.date(2024, 9, 30),
        "Trước tháng 7/2024": dt.date(2024, 6, 30),
        "Cuối năm 2024": dt.date(2024, 12, 31),
        "Cuối tháng 9/2024": dt.date(2024, 9, 30),
        "Quí IV/2024": dt.date(2024, 12, 31),
        "Q3/2024": dt.date(2024, 9, 30),
        "Tháng 7-8/2024": dt.date(2024, 8, 31),
        "Sáu tháng đầu năm 2025": dt.date(2025, 6, 30),
        "Năm 2024 - 2025": dt.date(2025, 12, 31),
        "Từ nay đến hết năm 2024": dt.date(2024, 12, 31),
        "30/06/2024 00:00:00": dt.date(2024, 6, 30),
    }
    rows = [["HN-01", "Hội LHPN", f"Nhiệm vụ {i}", due, "Đang thực hiện"] for i, due in enumerate(deadlines)]
    assert_loaded(load(loaded, write_csv(tmp_path / "nv.csv", [TASK_HEADER, *rows])))
    stored = dict(loaded.execute("select description, due_date from tasks").fetchall())
    assert [stored[f"Nhiệm vụ {i}"] for i in range(len(deadlines))] == list(deadlines.values())


def test_task_columns_as_offices_head_them(loaded, tmp_path):
    header = [
        "STT",
        "Mã hội nghị",
        "Đơn vị thực hiện",
        "Nhiệm vụ",
        "Thời hạn hoàn thành",
        "Tiến độ thực hiện",
    ]
    rows = [["1", "HN-01", "Hội Nông dân", "Vận động hội viên tham gia BHXH", "Tháng 9/2024", "Hoàn thành"]]
    assert_loaded(load(loaded, write_csv(tmp_path / "nv.csv", [header, *rows])))
    assert loaded.execute("select due_date, status from tasks").fetchall() == [
        (dt.date(2024, 9, 30), "hoan_thanh")
    ]


def test_a_deadline_that_is_no_date_nor_period(loaded, tmp_path):
    rows = [
        ["HN-01", "Hội LHPN", "Nhiệm vụ A", "Quý V/2025", "Đang thực hiện"],
        ["HN-01", "Hội LHPN", "Nhiệm vụ B", "Sau Tết", "Đang thực hiện"],
        ["HN-01", "Hội LHPN", "Nhiệm vụ C", "13/2025", "Đang thực hiện"],
        ["HN-01", "Hội LHPN", "Nhiệm vụ D", "7-8/2024", "Đang thực hiện"],  # (no day: "7-8" is months)
    ]
    forms = (
        " Hạn cũng có thể ghi theo kỳ ('Quý IV/2025', 'Tháng 7/2024', '6 tháng cuối năm 2024', "
        "'Năm 2025', 'Trước quý III/2024') hoặc 'Thường xuyên' cho việc làm liên tục."
    )
    rejected_with(
        loaded,
        write_csv(tmp_path / "nv.csv", [TASK_HEADER, *rows]),
        [(row, "due_date", "bad_date", f"Dòng {row}, cột Hạn hoàn thành: '{value}' không phải ngày hợp lệ (viết dd/mm/yyyy, ví dụ 13/06/2024).{forms}")
         for row, value in ((2, "Quý V/2025"), (3, "Sau Tết"), (4, "13/2025"), (5, "7-8/2024"))],
    )  # fmt: skip


def test_a_completion_date_is_a_day_not_a_period(loaded, tmp_path):
    header = [*TASK_HEADER, "Ngày hoàn thành"]
    rows = [["HN-01", "Hội LHPN", "Nhiệm vụ A", "30/06/2024", "Hoàn thành", "Quý II/2024"]]
    rejected_with(
        loaded,
        write_csv(tmp_path / "nv.csv", [header, *rows]),
        [(2, "completed_date", "bad_date", "Dòng 2, cột Ngày hoàn thành: 'Quý II/2024' không phải ngày hợp lệ (viết dd/mm/yyyy, ví dụ 13/06/2024).")],
    )  # fmt: skip


def test_a_status_that_speaks_of_the_deadline_is_told_what_to_write(loaded, tmp_path):
    """'Quá hạn' says the task is late, not how far it got; 'Chưa hoàn thành' not whether it began.
    'Hoàn thành quá hạn' is done (its lateness is in its dates)."""
    rows = [
        ["HN-01", "Hội LHPN", "Nhiệm vụ A", "30/06/2024", "Quá hạn"],
        ["HN-01", "Hội LHPN", "Nhiệm vụ B", "30/06/2024", "Chưa hoàn thành"],
        ["HN-01", "Hội LHPN", "Nhiệm vụ C", "30/06/2024", "Hoàn thành quá hạn"],
    ]
    rejected_with(
        loaded,
        write_csv(tmp_path / "nv.csv", [TASK_HEADER, *rows]),
        [
            (2, "status", "unknown_status", "Dòng 2, cột Tình trạng: 'Quá hạn' nói về hạn, không nói việc đã làm đến đâu: hãy ghi tình trạng (chưa thực hiện, đang thực hiện, hoàn thành). Việc quá hạn được tính từ cột Hạn hoàn thành."),
            (3, "status", "unknown_status", "Dòng 3, cột Tình trạng: 'Chưa hoàn thành' chưa cho biết việc đã bắt đầu hay chưa: hãy ghi 'Chưa thực hiện' hoặc 'Đang thực hiện'."),
        ],
    )  # fmt: skip
    # A status with a remark on its timing is that status.
    remarked = {
        "Đã hoàn thành (chậm)": "hoan_thanh",
        "Hoàn thành nhưng còn chậm": "hoan_thanh",
        "Đã hoàn thành trước hạn": "hoan_thanh",
        "Đang thực hiện - chậm tiến độ": "dang_thuc_hien",
        "Chưa thực hiện (quá hạn)": "chua_thuc_hien",
    }
    rows = [rows[2], *(["HN-01", "Hội LHPN", f"Việc {i}", "", v] for i, v in enumerate(remarked))]
    assert_loaded(load(loaded, write_csv(tmp_path / "nv2.csv", [TASK_HEADER, *rows])))
    stored = dict(loaded.execute("select description, status from tasks").fetchall())
    assert stored == {"Nhiệm vụ C": "hoan_thanh", **{f"Việc {i}": c for i, c in enumerate(remarked.values())}}


def test_unknown_meeting(loaded, tmp_path):
    records = [
        ["Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ", "Tình trạng"],
        ["HN-01", "Hội LHPN", "Vận động phụ nữ", "Đang thực hiện"],
        ["HN-99", "Hội LHPN", "Vận động phụ nữ tiết kiệm", "Đang thực hiện"],
    ]
    rejected_with(
        loaded,
        write_csv(tmp_path / "nv.csv", records),
        [(3, "meeting_id", "unknown_meeting", "Dòng 3, cột Mã hội nghị: không tìm thấy hội nghị có mã 'HN-99' (nạp hội nghị trước, hoặc trong cùng tệp).")],
    )  # fmt: skip


def test_duplicate_id_in_file(loaded, tmp_path):
    rows = [*ACTIVITIES, with_cell([ACTIVITIES[2]], 0, "activity_id", "HD-01")[0]]
    rejected_with(
        loaded,
        write_csv(tmp_path / "a.csv", activity_table(rows=rows)),
        [(5, None, "duplicate_in_file", "Dòng 5: bản ghi này trùng với dòng 2 trong cùng tệp.")],
    )


@pytest.mark.usefixtures("csv_path")
def test_duplicate_content_without_id(loaded, tmp_path):
    rows = with_cell(ACTIVITIES, 0, "activity_id", "")
    copy = with_cell([rows[0]], 0, "participants", "55")[0]  # same key columns, other figures
    copy = with_cell([copy], 0, "title", "  TRAO QUÀ cho hộ nghèo,  gia đình chính sách")[0]
    copy = with_cell([copy], 0, "date", "2024-06-13")[0]
    rows = [*rows, copy, list(copy)]
    rejected_with(
        loaded,
        write_csv(tmp_path / "a.csv", title_rows_2() + activity_table(rows=rows)),
        [
            (7, None, "duplicate_in_file", "Dòng 7: bản ghi này trùng với dòng 4 trong cùng tệp."),
            (8, None, "duplicate_in_file", "Dòng 8: bản ghi này trùng với dòng 4 trong cùng tệp."),
        ],
    )


def title_rows_2() -> list[list[str]]:
    return [["BÁO CÁO HOẠT ĐỘNG"] + [""] * 11, [""] * 12]


def test_out_of_scope_org(loaded, tmp_path):
    rejected_with(
        loaded,
        write_csv(tmp_path / "a.csv", activity_table()),
        [
            (3, "org", "out_of_scope", "Dòng 3, cột Tổ chức: 'Đoàn Thanh niên' nằm ngoài phạm vi được phép của tài khoản này."),
            (4, "org", "out_of_scope", "Dòng 4, cột Tổ chức: 'MTTQ' nằm ngoài phạm vi được phép của tài khoản này."),
        ],
        scope=Scope(orgs=frozenset({"HLHPN"})),
    )  # fmt: skip


def test_out_of_scope_unit(loaded, tmp_path):
    rejected_with(
        loaded,
        write_csv(tmp_path / "a.csv", activity_table()),
        [
            (3, "unit", "out_of_scope", "Dòng 3, cột Địa bàn: '(cấp trên cùng)' nằm ngoài phạm vi được phép của tài khoản này."),
            (4, "unit", "out_of_scope", "Dòng 4, cột Địa bàn: 'Chiềng Mai' nằm ngoài phạm vi được phép của tài khoản này."),
        ],
        scope=Scope(units=frozenset({"04108-cu", "04108"})),
    )  # fmt: skip


def test_in_scope_loads(warehouse, tmp_path):
    rows = [ACTIVITIES[0]]
    path = write_csv(tmp_path / "a.csv", activity_table(rows=rows))
    assert_loaded(
        load(warehouse, path, scope=Scope(orgs=frozenset({"HLHPN"}), units=frozenset({"04108-cu"})))
    )


@pytest.mark.usefixtures("csv_path")
def test_all_errors_reported_together(loaded, tmp_path):
    rows = with_cell(ACTIVITIES, 0, "date", "31/02/2024")
    rows = with_cell(rows, 0, "funds_vnd", "abc")
    rows = with_cell(rows, 1, "org", "Hội Người cao tuổi")
    rows = with_cell(rows, 1, "themes", "Thể thao")
    rows = with_cell(rows, 2, "unit", "Xã Tân Lập")
    rows = with_cell(rows, 2, "title", "")
    rows = with_cell(rows, 2, "participants", "-3")
    results = rejected_with(
        loaded,
        write_csv(tmp_path / "a.csv", activity_table(rows=rows)),
        [
            (2, "date", "bad_date", "Dòng 2, cột Ngày: '31/02/2024' không phải ngày hợp lệ (viết dd/mm/yyyy, ví dụ 13/06/2024)."),
            (2, "funds_vnd", "bad_number", "Dòng 2, cột Kinh phí (đồng): 'abc' không phải số hợp lệ."),
            (3, "org", "unknown_org", "Dòng 3, cột Tổ chức: 'Hội Người cao tuổi' không phải tổ chức hay cơ quan nào trong danh mục."),
            (3, "themes", "unknown_theme", "Dòng 3, cột Chủ đề: 'Thể thao' không phải chủ đề nào trong danh mục."),
            (4, "unit", "unknown_unit", "Dòng 4, cột Địa bàn: 'Xã Tân Lập' không phải địa bàn nào trong danh mục."),
            (4, "title", "required", "Dòng 4, cột Nội dung: chưa nhập (bắt buộc)."),
            (4, "participants", "negative", "Dòng 4, cột Số người tham gia: '-3' là số âm; cột này phải từ 0 trở lên."),
        ],
    )  # fmt: skip
    assert results[0].error_count == 7


def test_errors_counted_beyond_those_kept(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(config, "MAX_ERRORS_KEPT", 5)
    rows = [with_cell([ACTIVITIES[0]], 0, "activity_id", f"HD-{i}")[0] for i in range(40)]
    rows = [with_cell([r], 0, "date", "hôm qua")[0] for r in rows]
    before = snapshot(loaded)
    [result] = load(loaded, write_csv(tmp_path / "a.csv", activity_table(rows=rows)))
    assert (result.status, result.error_count, len(result.errors)) == ("rejected", 40, 5)
    assert [e.row for e in result.errors] == [2, 3, 4, 5, 6]
    assert snapshot(loaded) == before


def test_dry_run_reports_without_loading(loaded, tmp_path):
    before = snapshot(loaded)
    rows = [with_cell([ACTIVITIES[0]], 0, "activity_id", "HD-NEW")[0]]
    [result] = load(loaded, write_csv(tmp_path / "a.csv", activity_table(rows=rows)), dry_run=True)
    assert (result.status, result.rows_new) == ("valid", 1)
    assert snapshot(loaded) == before
    assert problems(load(loaded, one_activity(tmp_path, date="x"), dry_run=True)) == [(2, "date", "bad_date")]
