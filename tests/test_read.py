"""Reading office files (DESIGN.md §3): encodings, separators, title rows, headers, kinds,
workbooks, the large-file CSV path and file-level problems.

Every test loads through ``etl.pipeline.load_file`` into an in-memory warehouse and looks at what a
user would see: the records in the warehouse, or the problems with the row numbers of Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import time
import unicodedata
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl import config, read
from etl.pipeline import load_file
from etl.schema import init_warehouse
from etl.themes import infer_themes
from tests.data import make_files

DATA = Path(__file__).resolve().parent / "data"
RECORD_TABLES = ("activities", "meetings", "tasks", "members", "targets")

# --------------------------------------------------------------------------- the canonical table

ACTIVITY_COLUMNS = [
    "activity_id",
    "date",
    "org",
    "unit",
    "activity_type",
    "themes",
    "title",
    "participants",
    "beneficiaries",
    "funds_vnd",
    "new_members",
    "notes",
]
HEADERS = {
    "en": ACTIVITY_COLUMNS,
    "vi": [
        "Mã hoạt động",
        "Ngày",
        "Tổ chức",
        "Địa bàn",
        "Loại hoạt động",
        "Chủ đề",
        "Nội dung",
        "Số người tham gia",
        "Số người hưởng lợi",
        "Kinh phí (đồng)",
        "Kết nạp mới",
        "Ghi chú",
    ],
    "no_diacritics": [
        "Ma hoat dong",
        "Ngay",
        "To chuc",
        "Dia ban",
        "Loai hoat dong",
        "Chu de",
        "Noi dung",
        "So nguoi tham gia",
        "So nguoi huong loi",
        "Kinh phi (dong)",
        "Ket nap moi",
        "Ghi chu",
    ],
    "case_spacing_punctuation": [
        "MÃ HOẠT ĐỘNG",
        "  NGÀY ",
        "tổ  chức",
        "Địa bàn:",
        "Loại hoạt động.",
        "CHỦ ĐỀ",
        "Nội dung",
        "Số người tham gia",
        "Số người hưởng lợi",
        "Kinh phí(đồng)",
        "Kết nạp mới",
        "Ghi chú",
    ],
}
HEADERS["nfd"] = [unicodedata.normalize("NFD", h) for h in HEADERS["vi"]]

ACTIVITIES = [
    ["HD-01", "13/06/2024", "Hội LHPN", "Xã Chiềng Sung", "Trao quà", "an_sinh",
     "Trao quà cho hộ nghèo, gia đình chính sách", "50", "40", "1.500.000", "", ""],
    ["HD-02", "14/6/2024", "Đoàn Thanh niên", "", "Ra quân", "Môi trường; Nông thôn mới",
     "Ra quân tổng vệ sinh môi trường", "120", "", "", "5", "Ghi chú\ndòng hai"],
    ["HD-03", "2024-06-20", "MTTQ", "Chiềng Mai", "Tuyên truyền", "tuyen_truyen",
     "Tuyên truyền pháp luật về đất đai", "80", "", "2.500.000 đ", "", ""],
]  # fmt: skip
# What the warehouse holds after loading ACTIVITIES (blank unit: the root unit, the province).
EXPECTED = [
    ("HD-01", dt.date(2024, 6, 13), "HLHPN", "04108-cu", "ho_tro", ["an_sinh"],
     "Trao quà cho hộ nghèo, gia đình chính sách", 50, 40, 1500000, None, None),
    ("HD-02", dt.date(2024, 6, 14), "DTN", "14", "ra_quan", ["nong_thon_moi_moi_truong"],
     "Ra quân tổng vệ sinh môi trường", 120, None, None, 5, "Ghi chú dòng hai"),
    ("HD-03", dt.date(2024, 6, 20), "MTTQ", "04132-cu", "tuyen_truyen", ["tuyen_truyen"],
     "Tuyên truyền pháp luật về đất đai", 80, None, 2500000, None, None),
]  # fmt: skip
TITLES = [
    "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG 6 THÁNG ĐẦU NĂM 2024",
    "Huyện Mai Sơn, tỉnh Sơn La",
    "(Kèm theo Báo cáo số 15/BC-MTTQ ngày 20/6/2024)",
]


def activity_table(header: str = "vi", rows: list[list[str]] | None = None) -> list[list[str]]:
    """The canonical activities as records (header first) with one header style."""
    return [list(HEADERS[header]), *[list(r) for r in (ACTIVITIES if rows is None else rows)]]


def with_cell(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    """A copy of data rows with one cell changed (row counts from 0, column by canonical name)."""
    out = [list(r) for r in rows]
    out[row][ACTIVITY_COLUMNS.index(column)] = value
    return out


def title_rows(count: int, width: int) -> list[list[str]]:
    """Title rows as Excel saves merged title cells: the text in the first cell, the rest empty."""
    rows = []
    for i in range(count):
        text = TITLES[i] if i < len(TITLES) else ("" if i % 2 else f"Ghi chú {i}")
        rows.append([text] + [""] * (width - 1))
    return rows


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + "".join(c for c in parts if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)


def csv_text(records: list[list[str]], sep: str = ",", newline: str = "\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=newline).writerows(records)
    return buffer.getvalue()


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":  # Excel's "Unicode text": UTF-16 LE with a byte order mark
        return "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


def write_csv(path: Path, records: list[list[str]], *, sep: str = ",", encoding: str = "utf-8") -> Path:
    path.write_bytes(encode(csv_text(records, sep), encoding))
    return path


# --------------------------------------------------------------------------- warehouse helpers


@pytest.fixture
def warehouse():
    con = duckdb.connect()
    init_warehouse(con)
    yield con
    con.close()


def load(con, path, **kwargs):
    return load_file(con, path, user="test", **kwargs)


def activities(con) -> list[tuple]:
    return con.execute(
        "select activity_id, date, org, unit, activity_type, themes, title, participants, beneficiaries, "
        "funds_vnd, new_members, notes from activities order by activity_id"
    ).fetchall()


def problems(results) -> list[tuple]:
    """(row, column, code) of every problem of every result."""
    return [(e.row, e.column, e.code) for r in results for e in r.errors]


def snapshot(con) -> dict[str, list]:
    """Everything in the record tables and the batch log, to check that a rejected file changed nothing."""
    out = {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for t in RECORD_TABLES}
    out["batches"] = con.execute("select count(*) from batches").fetchall()
    return out


def assert_loaded(results, rows: int | None = None) -> None:
    assert [(r.status, r.errors) for r in results] == [("loaded", [])] * len(results)
    if rows is not None:
        assert sum(r.rows_read for r in results) == rows


def assert_rejected(con, results, before) -> None:
    assert all(r.status == "rejected" for r in results)
    assert snapshot(con) == before


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_encodings_load_the_same_records(warehouse, tmp_path, encoding):
    path = write_csv(
        tmp_path / "hoat_dong.csv",
        activity_table(),
        encoding=encoding,
        sep="\t" if encoding == "utf-16" else ",",
    )
    results = load(warehouse, path)
    assert_loaded(results, rows=3)
    assert activities(warehouse) == EXPECTED


def test_windows_1258_text_is_stored_nfc(warehouse, tmp_path):
    assert to_cp1258("về") == b"v\xea\xcc"  # ê precomposed, the tone a combining grave accent
    path = write_csv(tmp_path / "cp1258.csv", activity_table(), encoding="cp1258")
    assert_loaded(load(warehouse, path))
    for (title,) in warehouse.execute("select title from activities").fetchall():
        assert unicodedata.is_normalized("NFC", title)
    assert activities(warehouse) == EXPECTED


def test_nfd_input_is_stored_nfc(warehouse, tmp_path):
    records = [[unicodedata.normalize("NFD", c) for c in r] for r in activity_table()]
    path = write_csv(tmp_path / "nfd.csv", records)
    assert "ò" not in path.read_text(encoding="utf-8")  # really decomposed on disk
    assert_loaded(load(warehouse, path))
    assert activities(warehouse) == EXPECTED


def test_utf16_error_rows_are_excel_rows(warehouse, tmp_path):
    rows = with_cell(ACTIVITIES, 2, "date", "31/02/2024")
    path = write_csv(
        tmp_path / "unicode.txt", title_rows(2, 12) + activity_table(rows=rows), sep="\t", encoding="utf-16"
    )
    results = load(warehouse, path)
    assert problems(results) == [(6, "date", "bad_date")]


# --------------------------------------------------------------------------- separators and quoting


@pytest.mark.parametrize("sep", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_separators(warehouse, tmp_path, sep):
    path = write_csv(tmp_path / "sep.csv", activity_table(), sep=sep)
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


def test_quoted_commas_and_newlines_keep_excel_rows(warehouse, tmp_path):
    # A title spanning three lines inside quotes is one Excel row; the row after it is still row 3.
    rows = with_cell(ACTIVITIES, 0, "title", "Trao quà cho hộ nghèo,\ngia đình chính sách,\ncó công")
    rows = with_cell(rows, 1, "date", "hôm qua")
    path = write_csv(tmp_path / "quoted.csv", activity_table(rows=rows))
    assert path.read_text(encoding="utf-8").count("\n") == 7  # 4 records, 3 newlines inside quotes
    results = load(warehouse, path)
    assert problems(results) == [(3, "date", "bad_date")]
    assert results[0].errors[0].message == (
        "Dòng 3, cột Ngày: 'hôm qua' không phải ngày hợp lệ (viết dd/mm/yyyy, ví dụ 13/06/2024)."
    )


def test_quoted_newline_stored_as_one_line(warehouse, tmp_path):
    rows = with_cell(ACTIVITIES, 0, "title", "Trao quà cho hộ nghèo,\ngia đình chính sách")
    path = write_csv(tmp_path / "quoted.csv", activity_table(rows=rows))
    assert_loaded(load(warehouse, path))
    assert activities(warehouse) == EXPECTED


# --------------------------------------------------------------------------- title rows and blank lines


@pytest.mark.parametrize("titles", [0, 1, 2, 10])
def test_csv_title_rows(warehouse, tmp_path, titles):
    path = write_csv(tmp_path / "titles.csv", title_rows(titles, 12) + activity_table())
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


@pytest.mark.parametrize("titles", [0, 1, 2, 10])
def test_csv_title_rows_error_rows(warehouse, tmp_path, titles):
    rows = with_cell(ACTIVITIES, 1, "date", "31/02/2024")
    path = write_csv(tmp_path / "titles.csv", title_rows(titles, 12) + activity_table(rows=rows))
    results = load(warehouse, path)
    assert problems(results) == [(titles + 3, "date", "bad_date")]
    assert results[0].errors[0].message.startswith(f"Dòng {titles + 3}, cột Ngày: '31/02/2024'")


def test_more_than_ten_title_rows_is_missing_header(warehouse, tmp_path):
    path = write_csv(tmp_path / "titles.csv", title_rows(11, 12) + activity_table())
    results = load(warehouse, path)
    assert [e.code for e in results[0].errors] == ["missing_column"]


def test_csv_blank_lines_keep_row_numbers(warehouse, tmp_path):
    rows = with_cell(ACTIVITIES, 2, "participants", "abc")
    text = csv_text(activity_table(rows=rows)).split("\r\n")
    # header, row 1, blank, row 2, blank, blank, row 3 -> the bad cell is on Excel row 7
    text = [text[0], text[1], "", text[2], "", "", text[3], ""]
    path = tmp_path / "blank.csv"
    path.write_text("\r\n".join(text), encoding="utf-8")
    results = load(warehouse, path)
    assert problems(results) == [(7, "participants", "bad_number")]


def test_csv_blank_lines_between_rows_load(warehouse, tmp_path):
    text = csv_text(activity_table()).split("\r\n")
    path = tmp_path / "blank.csv"
    path.write_text("\n".join([text[0], "", text[1], text[2], "", "", text[3]]) + "\n\n", encoding="utf-8")
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


def test_trailing_empty_rows_are_ignored(warehouse, tmp_path):
    records = activity_table() + [[""] * 12, [""] * 12]
    path = tmp_path / "trailing.csv"
    path.write_text(csv_text(records) + "\r\n,,,,\r\n\r\n", encoding="utf-8")
    assert ",,,,,,,,,,," in path.read_text(encoding="utf-8")
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


def test_numbered_but_empty_rows_are_ignored(warehouse, tmp_path):
    # Offices pre-number rows: an "STT" filled in, the row otherwise empty, is no record.
    records = [["STT", *HEADERS["vi"]]] + [[str(i + 1), *r] for i, r in enumerate(ACTIVITIES)]
    records += [["4"] + [""] * 12, ["5"] + [""] * 12]
    path = write_csv(tmp_path / "stt.csv", records)
    assert_loaded(load(warehouse, path), rows=3)


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize("header", list(HEADERS))
def test_header_spellings(warehouse, tmp_path, header):
    path = write_csv(tmp_path / "headers.csv", activity_table(header))
    results = load(warehouse, path)
    assert_loaded(results, rows=3)
    assert results[0].kind == "activities"
    assert activities(warehouse) == EXPECTED


def test_header_label_is_used_in_messages(warehouse, tmp_path):
    rows = with_cell(ACTIVITIES, 0, "funds_vnd", "abc")
    path = write_csv(tmp_path / "headers.csv", activity_table("case_spacing_punctuation", rows))
    results = load(warehouse, path)
    assert [e.message for e in results[0].errors] == [
        "Dòng 2, cột Kinh phí(đồng): 'abc' không phải số hợp lệ."
    ]


def test_stt_column_is_ignored(warehouse, tmp_path):
    records = [["STT", *HEADERS["vi"]]] + [[str(i + 1), *r] for i, r in enumerate(ACTIVITIES)]
    path = write_csv(tmp_path / "stt.csv", records)
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


def test_columns_in_another_order_and_unknown_columns(warehouse, tmp_path):
    records = activity_table()
    order = list(reversed(range(12)))
    shuffled = [[r[i] for i in order] for r in records]
    shuffled[0].insert(3, "Người báo cáo")
    shuffled[0].append("Xác nhận của lãnh đạo")
    for r in shuffled[1:]:
        r.insert(3, "Lò Thị Hoa")
        r.append("Đã duyệt")
    path = write_csv(tmp_path / "order.csv", shuffled)
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


def test_only_required_columns(warehouse, tmp_path):
    records = [["Ngày", "Tổ chức", "Loại hoạt động", "Chủ đề", "Nội dung"]]
    records += [["13/06/2024", "Hội Phụ nữ", "Trao quà", "an_sinh", "Trao quà Tết"]]
    path = write_csv(tmp_path / "min.csv", records)
    assert_loaded(load(warehouse, path), rows=1)
    row = warehouse.execute("select activity_id, org, unit, record_key like 'h:%' from activities").fetchall()
    assert row == [(None, "HLHPN", "14", True)]


# --------------------------------------------------------------------------- kinds

MEETINGS = [
    ["Mã hội nghị", "Ngày", "Loại hội nghị", "Tên hội nghị", "Cơ quan chủ trì", "Địa bàn", "Số đại biểu"],
    ["HN-01", "05/07/2024", "Giao ban", "Hội nghị giao ban khối dân vận", "Thường trực Huyện ủy", "Huyện Mai Sơn", "45"],
]  # fmt: skip
KIND_FILES = {
    "activities": activity_table(),
    "meetings": MEETINGS,
    "tasks": [
        ["Mã nhiệm vụ", "Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ", "Chủ đề", "Hạn hoàn thành", "Tình trạng"],
        ["NV-01", "HN-01", "Hội LHPN", "Vận động phụ nữ phát triển kinh tế", "kinh_te", "31/12/2024", "Đang thực hiện"],
    ],
    "members": [
        ["Tổ chức", "Địa bàn", "Tính đến ngày", "Tổng số đoàn viên, hội viên", "Kết nạp mới trong kỳ"],
        ["Hội Nông dân", "Xã Chiềng Sung", "30/06/2024", "1.250", "35"],
    ],
    "targets": [
        ["Tổ chức", "Địa bàn", "Năm", "Chỉ số", "Chỉ tiêu"],
        ["Hội Cựu chiến binh", "", "2024", "Kết nạp hội viên", "120"],
    ],
}  # fmt: skip


@pytest.mark.parametrize("kind", list(KIND_FILES))
def test_kind_detected_from_headers(warehouse, tmp_path, kind):
    if kind == "tasks":
        assert_loaded(load(warehouse, write_csv(tmp_path / "hn.csv", MEETINGS)))
    path = write_csv(tmp_path / f"{kind}.csv", title_rows(1, len(KIND_FILES[kind][0])) + KIND_FILES[kind])
    results = load(warehouse, path)
    assert [r.kind for r in results] == [kind]
    assert_loaded(results)
    assert warehouse.execute(f"select count(*) from {kind}").fetchone()[0] == len(KIND_FILES[kind]) - 1


def test_kinds_store_resolved_values(warehouse, tmp_path):
    for kind in ("meetings", "tasks", "members", "targets"):
        assert_loaded(load(warehouse, write_csv(tmp_path / f"{kind}.csv", KIND_FILES[kind])))
    assert warehouse.execute(
        "select meeting_id, meeting_type, host, unit, attendees from meetings"
    ).fetchall() == [("HN-01", "giao_ban", "TT_CAP_UY", "125", 45)]
    assert warehouse.execute(
        "select task_id, meeting_id, assignee, themes, due_date, status from tasks"
    ).fetchall() == [("NV-01", "HN-01", "HLHPN", ["kinh_te"], dt.date(2024, 12, 31), "dang_thuc_hien")]
    assert warehouse.execute("select org, unit, as_of, members, new_members from members").fetchall() == [
        ("HND", "04108-cu", dt.date(2024, 6, 30), 1250, 35)
    ]
    assert warehouse.execute("select org, unit, year, indicator, target from targets").fetchall() == [
        ("HCCB", "14", 2024, "new_members", 120)
    ]


def test_kind_forced(warehouse, tmp_path):
    path = write_csv(tmp_path / "a.csv", activity_table())
    results = load(warehouse, path, kind="members")
    assert [(r.kind, r.status) for r in results] == [("members", "rejected")]
    assert [(e.code, e.message) for e in results[0].errors] == [
        ("missing_column", "Thiếu cột bắt buộc 'Tổng số đoàn viên, hội viên'.")
    ]
    assert_loaded(load(warehouse, path, kind="activities"))
    assert activities(warehouse) == EXPECTED


def test_kind_forced_where_headers_fit_two_kinds(warehouse, tmp_path):
    # "Ngày" and "Tổ chức" alone fit activities and members; forcing members reads it as members.
    records = [["Tổ chức", "Ngày", "Tổng số"], ["Hội LHPN", "30/06/2024", "980"]]
    path = write_csv(tmp_path / "m.csv", records)
    results = load(warehouse, path, kind="members")
    assert_loaded(results)
    assert warehouse.execute("select org, as_of, members from members").fetchall() == [
        ("HLHPN", dt.date(2024, 6, 30), 980)
    ]


def test_no_known_header_is_missing_column(warehouse, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["Họ tên", "Địa chỉ", "Điện thoại"], ["A", "B", "C"]])
    results = load(warehouse, path)
    assert [(e.row, e.code) for e in results[0].errors] == [(None, "missing_column")]
    assert "Ngày, Tổ chức" in results[0].errors[0].message


# --------------------------------------------------------------------------- XLSX

XLSX_EXPECTED = [
    ("HD-X1", dt.date(2024, 6, 13), "HLHPN", "04108-cu", "ho_tro", ["an_sinh"], "Trao quà cho hộ nghèo", 50, None,
     1500000, None, None),
    ("HD-X2", dt.date(2024, 6, 14), "HLHPN", "14", "ra_quan", ["nong_thon_moi_moi_truong"],
     "Ra quân vệ sinh môi trường", 120, None, 2500000, None, None),
    ("HD-X3", dt.date(2024, 6, 20), "DTN", "04132-cu", "tuyen_truyen", ["tuyen_truyen", "an_ninh_trat_tu"],
     "Tuyên truyền pháp luật về an ninh trật tự", 80, None, None, None, None),
]  # fmt: skip


def test_xlsx_with_merged_title_rows(warehouse):
    results = load(warehouse, DATA / "activities_titles.xlsx")
    assert [r.file for r in results] == ["activities_titles.xlsx"]
    assert_loaded(results, rows=3)
    assert activities(warehouse) == XLSX_EXPECTED


@pytest.mark.parametrize("titles", [0, 1, 2, 10])
def test_xlsx_title_rows_error_rows(warehouse, tmp_path, titles):
    rows = [list(r) for r in make_files.ACTIVITY_ROWS]
    rows[1][2] = "31/02/2024"  # the second data row's date
    rows[2][9] = -5  # a numeric cell below zero in the third
    title_list = [make_files.TITLE if i % 3 == 0 else None for i in range(titles)]
    path = make_files.activities_titles(tmp_path / "titles.xlsx", titles=title_list, rows=rows)
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert problems(results) == [(titles + 3, "date", "bad_date"), (titles + 4, "funds_vnd", "negative")]
    assert (
        results[0].errors[1].message
        == f"Dòng {titles + 4}, cột Kinh phí (đồng): '-5' là số âm; cột này phải từ 0 trở lên."
    )
    assert_rejected(warehouse, results, before)


@pytest.mark.parametrize("titles", [0, 1, 2, 10])
def test_xlsx_title_rows_load(warehouse, tmp_path, titles):
    title_list = [make_files.TITLE] + [None] * (titles - 1) if titles else []
    path = make_files.activities_titles(tmp_path / "titles.xlsx", titles=title_list)
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == XLSX_EXPECTED


def test_xlsx_blank_rows_and_columns_before_the_table(warehouse, tmp_path):
    # Rows 1-2 empty, the header on row 3 from column C: rows still count from row 1.
    rows = [list(r) for r in make_files.ACTIVITY_ROWS]
    rows[1][2] = "31/02/2024"
    sheet = {"Hoạt động": ([None, None], make_files.ACTIVITY_HEADER, rows)}
    path = make_files.write_xlsx(tmp_path / "b.xlsx", sheet, first_col=2)
    assert problems(load(warehouse, path)) == [(5, "date", "bad_date")]
    rows[1][2] = "14/06/2024"
    path = make_files.write_xlsx(tmp_path / "b.xlsx", sheet, first_col=2)
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == XLSX_EXPECTED


def test_xlsx_numbers_and_dates(warehouse, tmp_path):
    rows = [
        [1, "A", dt.date(2024, 1, 31), "HLHPN", None, "Trao quà", "an_sinh", "Một", 1500000.0, 12000.0],
        [2, "B", 45474, "HLHPN", None, "Trao quà", "an_sinh", "Hai", "1,500,000", "7000"],
        [3, "C", "2024-07-01", "HLHPN", None, "Trao quà", "an_sinh", "Ba", 2.5, None],
    ]
    path = make_files.activities_titles(tmp_path / "n.xlsx", titles=[], rows=rows)
    results = load(warehouse, path)
    # A fraction in a count column is no whole number.
    assert problems(results) == [(4, "participants", "bad_number")]
    assert results[0].errors[0].message == (
        "Dòng 4, cột Số người tham gia: '2,5' không phải số hợp lệ. Cột này cần số nguyên, không có phần lẻ."
    )
    rows[2][8] = 3
    path = make_files.activities_titles(tmp_path / "n.xlsx", titles=[], rows=rows)
    assert_loaded(load(warehouse, path))
    got = warehouse.execute(
        "select activity_id, date, participants, funds_vnd from activities order by 1"
    ).fetchall()
    assert got == [
        ("A", dt.date(2024, 1, 31), 1500000, 12000),
        ("B", dt.date(2024, 7, 1), 1500000, 7000),  # 45474: an Excel date serial in a number cell
        ("C", dt.date(2024, 7, 1), 3, None),
    ]


def test_workbook_meetings_and_tasks(warehouse):
    results = load(warehouse, DATA / "meetings_tasks.xlsx")
    # In the workbook's sheet order; the empty sheet is skipped.
    assert [(r.file, r.kind, r.status, r.rows_read) for r in results] == [
        ("meetings_tasks.xlsx:Nhiệm vụ", "tasks", "loaded", 2),
        ("meetings_tasks.xlsx:Hội nghị", "meetings", "loaded", 1),
    ]
    assert warehouse.execute(
        "select meeting_id, date, meeting_type, host, unit, chair, attendees, orgs from meetings"
    ).fetchall() == [
        ("HN-2024-01", dt.date(2024, 7, 5), "so_ket", "TT_CAP_UY", "125", "Đ/c Bí thư Huyện ủy", 45,
         ["MTTQ", "HLHPN", "DTN"])
    ]  # fmt: skip
    assert warehouse.execute(
        "select task_id, meeting_id, assignee, themes, due_date, status from tasks order by 1"
    ).fetchall() == [
        ("NV-01", "HN-2024-01", "MTTQ", ["an_sinh"], dt.date(2024, 12, 31), "dang_thuc_hien"),
        ("NV-02", "HN-2024-01", "HND", ["kinh_te"], dt.date(2024, 12, 31), "chua_thuc_hien"),
    ]
    batches = warehouse.execute("select kind, file_name, sheet from batches order by batch_id").fetchall()
    assert batches == [
        ("meetings", "meetings_tasks.xlsx", "Hội nghị"),
        ("tasks", "meetings_tasks.xlsx", "Nhiệm vụ"),
    ]


def test_workbook_error_in_tasks_loads_no_meetings(warehouse, tmp_path):
    tasks = [list(r) for r in make_files.TASK_ROWS]
    tasks[1][6] = "Sắp xong"
    path = make_files.meetings_tasks(tmp_path / "book.xlsx", tasks=tasks)
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(r.file, r.status) for r in results] == [
        ("book.xlsx:Nhiệm vụ", "rejected"),
        ("book.xlsx:Hội nghị", "rejected"),
    ]
    assert [(e.row, e.column, e.code, e.message) for e in results[0].errors] == [
        (4, "status", "unknown_status",
         "Dòng 4, cột Tình trạng: 'Sắp xong' không phải tình trạng hợp lệ (chưa thực hiện, đang thực hiện, hoàn thành).")
    ]  # fmt: skip
    assert_rejected(warehouse, results, before)


def test_workbook_error_in_meetings_loads_no_tasks(warehouse, tmp_path):
    meetings = [list(r) for r in make_files.MEETING_ROWS]
    meetings[0][1] = "hôm qua"
    path = make_files.meetings_tasks(tmp_path / "book.xlsx", meetings=meetings)
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert problems(results) == [(2, "date", "bad_date")]
    assert results[1].errors[0].message.startswith("Dòng 2, cột Ngày: 'hôm qua'")
    assert_rejected(warehouse, results, before)


def test_workbook_tasks_naming_an_unknown_meeting(warehouse, tmp_path):
    tasks = [list(r) for r in make_files.TASK_ROWS]
    tasks[0][1] = "HN-2024-99"
    path = make_files.meetings_tasks(tmp_path / "book.xlsx", tasks=tasks)
    results = load(warehouse, path)
    assert problems(results) == [(3, "meeting_id", "unknown_meeting")]
    assert results[0].errors[0].message == (
        "Dòng 3, cột Mã hội nghị: không tìm thấy hội nghị có mã 'HN-2024-99' "
        "(nạp hội nghị trước, hoặc trong cùng tệp)."
    )


def test_a_task_names_its_meeting_in_any_case(warehouse, tmp_path):
    """'hn-2024-01' or 'HN 2024-01' names meeting HN-2024-01 (of the same workbook, or already
    loaded); the task is stored under the meeting's own id, so the two stay joined."""
    tasks = [list(r) for r in make_files.TASK_ROWS]
    tasks[0][1], tasks[1][1] = "hn-2024-01", " Hn-2024-01 "
    assert_loaded(load(warehouse, make_files.meetings_tasks(tmp_path / "book.xlsx", tasks=tasks)))
    stored = "select task_id, meeting_id from tasks order by 1"
    assert warehouse.execute(stored).fetchall() == [("NV-01", "HN-2024-01"), ("NV-02", "HN-2024-01")]
    header = ["Mã nhiệm vụ", "Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ"]
    later = [header, ["NV-03", "HN 2024-01", "Hội LHPN", "Vận động phụ nữ tiết kiệm"]]
    assert_loaded(load(warehouse, write_csv(tmp_path / "nv.csv", later)))
    assert warehouse.execute(stored).fetchall()[-1] == ("NV-03", "HN-2024-01")


def test_a_status_marked_with_an_x_under_its_column(warehouse, tmp_path):
    """Tracking tables mark a task's state with an "x" under "Kết quả thực hiện", one column per
    state: the column marked is the status (all three were dropped, every task not started)."""
    header = ["Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ", "Kết quả thực hiện", "", ""]
    states = ["", "", "", "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"]
    rows = [
        states,
        ["HN-2024-01", "Hội LHPN", "Việc một", "x", None, None],
        ["HN-2024-01", "Hội Nông dân", "Việc hai", None, "x", None],
        ["HN-2024-01", "Đoàn Thanh niên", "Việc ba", None, None, "X"],
        ["HN-2024-01", "Hội Cựu chiến binh", "Việc bốn", None, None, None],
    ]
    load(warehouse, make_files.meetings_tasks(tmp_path / "hn.xlsx", tasks=[]))
    assert warehouse.execute("select meeting_id from meetings").fetchall() == [("HN-2024-01",)]
    path = make_files.write_xlsx(tmp_path / "nv.xlsx", {"Nhiệm vụ": ([], header, rows)})
    assert_loaded(load(warehouse, path), rows=4)
    assert warehouse.execute("select description, status from tasks order by 1").fetchall() == [
        ("Việc ba", "chua_thuc_hien"),
        ("Việc bốn", "chua_thuc_hien"),
        ("Việc hai", "dang_thuc_hien"),
        ("Việc một", "hoan_thanh"),
    ]
    rows.append(["HN-2024-01", "Hội LHPN", "Việc năm", "x", "x", None])
    path = make_files.write_xlsx(tmp_path / "nv.xlsx", {"Nhiệm vụ": ([], header, rows)})
    assert [e.message for r in load(warehouse, path) for e in r.errors] == [
        "Dòng 7, cột Tình trạng: 'x' được đánh dấu ở hơn một cột tình trạng: chỉ đánh dấu một cột "
        "(Đã hoàn thành, Đang thực hiện hay Chưa thực hiện)."
    ]


def test_a_cell_merged_down_over_rows_is_every_rows_and_a_hidden_sheet_is_passed_over(warehouse, tmp_path):
    """A commune merged over its rows holds its name in the top row only (the rows below were
    stored at the top level). A hidden sheet is nothing the clerk sees: a draft there is not loaded."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BÁO CÁO HOẠT ĐỘNG"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Ngày", "Tổ chức", "Địa bàn", "Loại hoạt động", "Nội dung"])
    sheet.append(["15/01/2024", "Hội LHPN", "Xã Chiềng Sung", "Trao quà", "Một"])
    sheet.append(["16/01/2024", "Hội LHPN", None, "Trao quà", "Hai"])
    sheet.append(["17/01/2024", "Hội LHPN", "Xã Chiềng Mung", "Trao quà", "Ba"])
    sheet.append(["18/01/2024", "Hội LHPN", None, "Trao quà", "Bốn"])
    sheet.merge_cells("C3:C4")
    draft = book.create_sheet("Nháp")
    draft.append(["Ngày", "Tổ chức", "Loại hoạt động", "Nội dung"])
    draft.append(["15/01/2024", "Hội LHPN", "Trao quà", "BẢN NHÁP - KHÔNG DÙNG"])
    draft.sheet_state = "hidden"
    book.save(tmp_path / "b.xlsx")
    assert_loaded(load(warehouse, tmp_path / "b.xlsx"), rows=4)
    got = warehouse.execute("select title, unit from activities order by date").fetchall()
    assert got == [("Một", "04108-cu"), ("Hai", "04108-cu"), ("Ba", "04123-cu"), ("Bốn", "14")]


def test_workbook_only_empty_sheets_is_empty(warehouse, tmp_path):
    path = make_files.write_xlsx(tmp_path / "empty.xlsx", {"Trang 1": ([], [], []), "Trang 2": ([], [], [])})
    results = load(warehouse, path)
    assert problems(results) == [(None, None, "file_empty")]


def test_workbook_sheet_with_a_table_but_no_header_is_reported_not_passed_over(warehouse, tmp_path):
    """A data sheet whose header is not found (here below 12 rows of preamble) beside a good
    sheet: the workbook loads nothing and says which sheet, rather than loading half of it."""
    preamble = [f"Dòng mở đầu {i}" for i in range(12)]
    path = make_files.write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Hoạt động": (preamble, HEADERS["vi"], [list(r) for r in ACTIVITIES]),
            "Hội viên": (
                [],
                ["Tổ chức", "Tính đến ngày", "Tổng số đoàn viên, hội viên"],
                [["Hội LHPN", "30/06/2024", "1200"]],
            ),
            "Ghi chú": ([], ["Số liệu do văn phòng tổng hợp."], [["Người lập: Lan"], ["Ngày 30/6/2024"]]),
        },
    )
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(r.file, r.status) for r in results] == [
        ("book.xlsx:Hoạt động", "rejected"),
        ("book.xlsx:Hội viên", "rejected"),
    ]  # (the notes sheet, a line of text a row, is passed over)
    assert problems(results) == [(None, None, "missing_column")]
    assert_rejected(warehouse, results, before)


def test_workbook_record_in_two_sheets_is_a_duplicate(warehouse, tmp_path):
    """The same id in 'Quý I' and 'Quý II': one record written twice, not an update of itself."""
    q2 = [list(ACTIVITIES[2]), with_cell([ACTIVITIES[0]], 0, "title", "Trao quà đợt hai")[0]]
    path = make_files.write_xlsx(
        tmp_path / "book.xlsx",
        {"Quý I": ([], HEADERS["vi"], [list(r) for r in ACTIVITIES[:2]]), "Quý II": ([], HEADERS["vi"], q2)},
    )
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(r.file, r.status) for r in results] == [
        ("book.xlsx:Quý I", "rejected"),
        ("book.xlsx:Quý II", "rejected"),
    ]
    assert [(e.row, e.code, e.message) for e in results[1].errors] == [
        (3, "duplicate_in_file", "Dòng 3: bản ghi này trùng với dòng 2 của trang 'Quý I' trong cùng tệp.")
    ]
    assert_rejected(warehouse, results, before)


def test_workbook_sheet_of_headers_only_beside_data_is_an_unused_template(warehouse, tmp_path):
    path = make_files.write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Hoạt động": ([], HEADERS["vi"], [list(r) for r in ACTIVITIES]),
            "Nhiệm vụ": ([], ["Mã nhiệm vụ", "Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ"], []),
        },
    )
    results = load(warehouse, path)
    assert [(r.file, r.status, r.rows_new) for r in results] == [("book.xlsx:Hoạt động", "loaded", 3)]
    assert activities(warehouse) == EXPECTED


# --------------------------------------------------------------------------- file-level problems


def test_file_empty_zero_bytes(warehouse, tmp_path):
    for name in ("a.csv", "a.xlsx"):
        path = tmp_path / name
        path.write_bytes(b"")
        before = snapshot(warehouse)
        results = load(warehouse, path)
        assert [(e.code, e.message) for e in results[0].errors] == [
            ("file_empty", "Tệp không có dòng dữ liệu nào.")
        ]
        assert_rejected(warehouse, results, before)


def test_file_empty_header_only(warehouse, tmp_path):
    path = write_csv(tmp_path / "h.csv", title_rows(2, 12) + activity_table(rows=[]) + [[""] * 12])
    results = load(warehouse, path)
    assert [r.kind for r in results] == ["activities"]
    assert problems(results) == [(None, None, "file_empty")]
    path = make_files.activities_titles(tmp_path / "h.xlsx", rows=[])
    assert problems(load(warehouse, path)) == [(None, None, "file_empty")]


def test_file_empty_only_title_rows(warehouse, tmp_path):
    path = write_csv(tmp_path / "t.csv", title_rows(3, 12))
    assert problems(load(warehouse, path)) == [(None, None, "file_empty")]
    path = make_files.write_xlsx(tmp_path / "t.xlsx", {"Sheet1": (TITLES, ["", "", ""], [])})
    assert problems(load(warehouse, path)) == [(None, None, "file_empty")]


def test_file_empty_only_separators_and_bom(warehouse, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(b"\xef\xbb\xbf,,,,\r\n;;;\r\n\r\n")
    assert problems(load(warehouse, path)) == [(None, None, "file_empty")]


def test_file_unreadable_xlsx_not_a_zip(warehouse, tmp_path):
    path = tmp_path / "bao_cao.xlsx"
    path.write_text("Ngày,Tổ chức\n13/06/2024,Hội LHPN\n", encoding="utf-8")
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(r.file, r.status) for r in results] == [("bao_cao.xlsx", "rejected")]
    assert [(e.code, e.message) for e in results[0].errors] == [
        ("file_unreadable", "Không đọc được tệp: không phải tệp Excel (.xlsx) hợp lệ.")
    ]
    assert_rejected(warehouse, results, before)


@pytest.mark.parametrize(
    ("start", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "tệp PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ảnh PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "ảnh JPEG"),
    ],
)
def test_a_pdf_or_picture_named_csv_is_named_for_what_it_is(warehouse, tmp_path, start, what):
    path = tmp_path / "bao_cao.csv"
    path.write_bytes(start + bytes(range(256)) * 8)
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(e.code, e.message) for r in results for e in r.errors] == [
        ("file_unreadable", f"Không đọc được tệp: đây là {what}, không phải bảng tính (CSV hay Excel).")
    ]
    assert_rejected(warehouse, results, before)


def test_binary_file_named_csv_is_unreadable_not_empty(warehouse, tmp_path):
    path = tmp_path / "rac.csv"
    path.write_bytes(bytes(range(32)) * 100)
    results = load(warehouse, path)
    assert [(e.code, e.message) for r in results for e in r.errors] == [
        ("file_unreadable", "Không đọc được tệp: tệp không phải văn bản CSV (có vẻ là một tệp nhị phân).")
    ]


def test_csv_with_old_mac_line_endings(warehouse, tmp_path):
    """Carriage returns alone end the lines (an old Mac's "CSV")."""
    path = tmp_path / "mac.csv"
    path.write_bytes(
        csv_text(activity_table()).replace("\r\n", "\r").encode()
    )  # (a quoted cell keeps its \n)
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_named_csv(warehouse, tmp_path, seed):
    import random

    data = random.Random(seed).randbytes(3000)
    path = tmp_path / "rac.csv"
    path.write_bytes(data)
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert results and all(r.status == "rejected" for r in results)
    codes = {e.code for r in results for e in r.errors}
    assert codes and codes <= {"file_unreadable", "missing_column", "file_empty"}
    # In words a clerk reads, not a Python codec's.
    assert all("codec" not in e.message for r in results for e in r.errors)
    assert_rejected(warehouse, results, before)


def test_truncated_xlsx(warehouse, tmp_path):
    whole = (DATA / "meetings_tasks.xlsx").read_bytes()
    for cut in (10, len(whole) // 3, len(whole) // 2, len(whole) - 30):
        path = tmp_path / "cut.xlsx"
        path.write_bytes(whole[:cut])
        results = load(warehouse, path)
        assert problems(results) == [(None, None, "file_unreadable")], cut


def test_xlsx_with_corrupt_sheet_xml(warehouse, tmp_path):
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(DATA / "activities_titles.xlsx") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    results = load(warehouse, path)
    assert results and all(r.status == "rejected" for r in results)
    assert {e.code for r in results for e in r.errors} <= {"file_unreadable", "file_empty"}


def test_missing_file_is_unreadable(warehouse, tmp_path):
    results = load(warehouse, tmp_path / "khong_co.csv")
    assert [(e.code, e.message) for e in results[0].errors] == [
        ("file_unreadable", "Không đọc được tệp: không tìm thấy tệp.")
    ]


def test_file_too_large_bytes(warehouse, tmp_path):
    path = write_csv(tmp_path / "a.csv", activity_table())
    before = snapshot(warehouse)
    results = load(warehouse, path, max_bytes=100)
    assert problems(results) == [(None, None, "file_too_large")]
    assert results[0].errors[0].message.startswith("Tệp quá lớn:")
    assert_rejected(warehouse, results, before)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_file_too_large_rows(warehouse, tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(config, "MAX_ROWS", 2)
    if suffix == "csv":
        path = write_csv(tmp_path / "a.csv", activity_table())
    else:
        path = make_files.activities_titles(tmp_path / "a.xlsx")
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(e.code, e.message) for e in results[0].errors] == [
        ("file_too_large", "Tệp quá lớn: quá 2 dòng dữ liệu.")
    ]
    assert_rejected(warehouse, results, before)
    monkeypatch.setattr(config, "MAX_ROWS", 3)
    assert_loaded(load(warehouse, path), rows=3)


def _bomb(path: Path, inflated_mb: int) -> Path:
    """A valid small workbook whose sheet XML is padded with whitespace to inflate hugely."""
    with zipfile.ZipFile(DATA / "activities_titles.xlsx") as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet]
    pad = b" " * (inflated_mb * config.MB)
    parts[sheet] = xml.replace(b"<sheetData>", b"<sheetData>" + pad, 1)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


def test_xlsx_zip_bomb_refused_before_parsing(warehouse, tmp_path, monkeypatch):
    path = _bomb(tmp_path / "bomb.xlsx", 64)
    assert path.stat().st_size < 200_000

    def no_parse(*args, **kwargs):
        raise AssertionError("calamine must not open a zip bomb")

    import python_calamine

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", no_parse)
    started = time.monotonic()
    results = load(warehouse, path)
    assert time.monotonic() - started < 2
    assert [(e.code, e.message) for e in results[0].errors] == [
        ("file_too_large", "Tệp quá lớn: tệp nén bất thường (tỷ lệ giải nén quá lớn).")
    ]


def test_xlsx_zip_bomb_with_false_sizes(warehouse, tmp_path):
    """A bomb whose zip headers claim its sheet is small: refused (calamine stops at the claimed
    size), quickly, as a problem."""
    import struct

    path = _bomb(tmp_path / "liar.xlsx", 64)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_len_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + name_len_at)[0]
            if data[at + name_at : at + name_at + length] == name:
                struct.pack_into("<I", data, at + size_at, 5000)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    started = time.monotonic()
    results = load(warehouse, path)
    assert time.monotonic() - started < 2
    assert [r.status for r in results] == ["rejected"]
    assert {e.code for e in results[0].errors} <= {"file_unreadable", "file_too_large"}


def test_xlsx_uncompressed_total_bounded(warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(config, "MAX_XLSX_UNCOMPRESSED_BYTES", 10_000)
    results = load(warehouse, DATA / "meetings_tasks.xlsx")
    assert [e.code for e in results[0].errors] == ["file_too_large"]
    assert "giải nén vượt" in results[0].errors[0].message


# --------------------------------------------------------------------------- the large-file CSV path


@pytest.fixture(params=["python", "duckdb"])
def csv_path(request, monkeypatch):
    """Run a test through Python's reader and through DuckDB's (the path of CSVs ≥ 4 MB).

    Yields a list that records, for the DuckDB path, whether DuckDB's reader was used.
    """
    used: list[bool] = []
    if request.param == "duckdb":
        monkeypatch.setattr(read, "FAST_PATH_MIN_BYTES", 0)
        original = read._try_duckdb_csv

        def spy(*args, **kwargs):
            result = original(*args, **kwargs)
            used.append(result)
            return result

        monkeypatch.setattr(read, "_try_duckdb_csv", spy)
    used_path = request.param
    yield used_path, used


def _variant(name: str, records: list[list[str]]) -> tuple[bytes, list[int]]:
    """A CSV variant of activity records (header first) and the Excel row of each data record."""
    header, data = records[0], records[1:]
    n = len(data)
    if name == "plain":
        return csv_text(records).encode(), list(range(2, n + 2))
    if name == "lf":
        return csv_text(records, newline="\n").encode(), list(range(2, n + 2))
    if name == "bom":
        return b"\xef\xbb\xbf" + csv_text(records).encode(), list(range(2, n + 2))
    if name == "title_rows":
        return csv_text(title_rows(2, len(header)) + records).encode(), list(range(4, n + 4))
    if name == "title_rows_bom_semicolon":
        text = csv_text(title_rows(3, len(header)) + records, sep=";")
        return b"\xef\xbb\xbf" + text.encode(), list(range(5, n + 5))
    if name == "title_then_blank_line":
        text = csv_text([title_rows(1, len(header))[0]]) + "\r\n" + csv_text(records)
        return text.encode(), list(range(4, n + 4))
    if name == "blank_lines":
        lines = csv_text(records).split("\r\n")
        text = "\r\n".join([lines[0], lines[1], "", lines[2], "", "", *lines[3:]])
        return text.encode(), [2, 4, 7][:n] + list(range(8, n + 5))
    if name == "quoted_newlines":
        data = [list(r) for r in data]
        for r in data:
            r[6] = r[6] + ",\nxem tiếp\r\ndòng ba"
        return csv_text([header, *data]).encode(), list(range(2, n + 2))
    if name == "short_rows":
        trimmed = [header] + [r[: max(i for i, v in enumerate(r) if v) + 1] for r in data]
        return csv_text(trimmed).encode(), list(range(2, n + 2))
    if name == "long_rows":  # (empty cells past the header: separators a program left)
        longer = [header] + [[*r, "", ""] for r in data]
        return csv_text(longer).encode(), list(range(2, n + 2))
    if name == "trailing_separators":
        text = csv_text(records) + ("," * (len(header) - 1) + "\r\n") * 2
        return text.encode(), list(range(2, n + 2))
    if name == "separator_rows_between":
        lines = csv_text(records).split("\r\n")
        empty = "," * (len(header) - 1)
        text = "\r\n".join([lines[0], lines[1], empty, lines[2], empty, empty, *lines[3:]])
        return text.encode(), [2, 4, 7][:n] + list(range(8, n + 5))
    if name == "trailing_blank_lines":
        return (csv_text(records) + "\r\n\r\n").encode(), list(range(2, n + 2))
    if name == "untrimmed":
        padded = [header] + [[f"  {v}\u00a0 " if v else " " for v in r] for r in data]
        return csv_text(padded).encode(), list(range(2, n + 2))
    if name == "edge_spaces":
        # One space at either end of the text cells, nothing else to fold.
        text = {"activity_id", "title", "notes"}
        edged = [header] + [
            [f" {v} " if v and c in text else v for c, v in zip(ACTIVITY_COLUMNS, r, strict=True)]
            for r in data
        ]
        return csv_text(edged).encode(), list(range(2, n + 2))
    raise ValueError(name)


VARIANTS = [
    "plain",
    "lf",
    "bom",
    "title_rows",
    "title_rows_bom_semicolon",
    "title_then_blank_line",
    "blank_lines",
    "quoted_newlines",
    "short_rows",
    "long_rows",
    "trailing_separators",
    "separator_rows_between",
    "trailing_blank_lines",
    "untrimmed",
    "edge_spaces",
]
# Variants DuckDB's (strict) reader does not take: read in Python whatever the size. (Empty
# lines, which it skips, are numbered from Python's reading when problems need row numbers.)
PYTHON_ONLY = {"short_rows"}


def test_a_row_with_more_filled_cells_than_the_header_stops_the_file_on_both_paths(
    warehouse, tmp_path, csv_path
):
    """ "2,5" unquoted in a comma-separated file is two cells: the target read 2 and the unit
    moved out of the table. Every cell after a split one is in the wrong column, so nothing loads."""
    header = ["Tổ chức", "Địa bàn", "Năm", "Chỉ số", "Chỉ tiêu", "Ghi chú"]
    text = csv_text([header, ["Hội LHPN", "", "2025", "Kinh phí", "450 triệu", ""]])
    text += "Hội LHPN,Xã Chiềng Mung,2025,Kinh phí,2,5,triệu đồng\r\n" * 2
    path = tmp_path / "ct.csv"
    path.write_text(text, encoding="utf-8")
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(r.kind, e.code, e.message) for r in results for e in r.errors] == [
        (
            "targets",
            "file_unreadable",
            "Không đọc được tệp: dòng 3, 4 có nhiều ô hơn 6 cột của tiêu đề: có lẽ một ô chứa dấu phẩy mà "
            "không nằm trong ngoặc kép (như 2,5 hay 'Trao quà, hỗ trợ'), nên các ô sau nó bị lệch cột. "
            "Hãy đặt ô đó trong ngoặc kép, hoặc mở tệp bằng Excel rồi lưu lại.",
        )
    ]
    assert_rejected(warehouse, results, before)


@pytest.mark.parametrize("variant", VARIANTS)
def test_csv_variants_on_both_paths(warehouse, tmp_path, csv_path, variant):
    mode, used = csv_path
    data, _rows = _variant(variant, activity_table())
    path = tmp_path / "v.csv"
    path.write_bytes(data)
    results = load(warehouse, path)
    assert_loaded(results, rows=3)
    expected = EXPECTED
    if variant == "quoted_newlines":
        expected = [(*e[:6], e[6] + ", xem tiếp dòng ba", *e[7:]) for e in EXPECTED]
    assert activities(warehouse) == expected
    if mode == "duckdb":
        assert used == [variant not in PYTHON_ONLY]


@pytest.mark.parametrize("variant", VARIANTS)
def test_csv_variants_error_rows_on_both_paths(warehouse, tmp_path, csv_path, variant):
    mode, used = csv_path
    rows = with_cell(ACTIVITIES, 0, "date", "31/02/2024")
    rows = with_cell(rows, 1, "funds_vnd", "1,5")
    rows = with_cell(rows, 2, "org", "Hội Người cao tuổi")
    data, excel_rows = _variant(variant, activity_table(rows=rows))
    path = tmp_path / "v.csv"
    path.write_bytes(data)
    results = load(warehouse, path)
    assert problems(results) == [
        (excel_rows[0], "date", "bad_date"),
        (excel_rows[1], "funds_vnd", "bad_number"),
        (excel_rows[2], "org", "unknown_org"),
    ]
    assert results[0].errors[2].message == (
        f"Dòng {excel_rows[2]}, cột Tổ chức: 'Hội Người cao tuổi' không phải tổ chức hay cơ quan nào trong danh mục."
    )
    if mode == "duckdb":
        assert used == [variant not in PYTHON_ONLY]


def test_csv_blank_required_cell_on_both_paths(warehouse, tmp_path, csv_path):
    # A cell of spaces, a tab or a non-breaking space is blank: "required", not a crash or a load.
    rows = with_cell(ACTIVITIES, 0, "title", " \u00a0 ")
    rows = with_cell(rows, 1, "org", "\t")
    rows = with_cell(rows, 2, "activity_id", "\u00a0")
    path = tmp_path / "v.csv"
    path.write_bytes(csv_text(activity_table(rows=rows)).encode())
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert problems(results) == [(2, "title", "required"), (3, "org", "required")]
    assert results[0].errors[0].message == "Dòng 2, cột Nội dung: chưa nhập (bắt buộc)."
    assert_rejected(warehouse, results, before)


def test_csv_blank_themes_cells_are_inferred_on_both_paths(warehouse, tmp_path, csv_path):
    # Themes of spaces or a non-breaking space are blank: the themes come from the title.
    rows = with_cell(ACTIVITIES, 0, "themes", "   ")
    rows = with_cell(rows, 1, "themes", "\u00a0")
    path = tmp_path / "v.csv"
    path.write_bytes(csv_text(activity_table(rows=rows)).encode())
    assert_loaded(load(warehouse, path), rows=3)
    got = warehouse.execute(
        "select activity_id, themes, themes_inferred from activities order by activity_id"
    ).fetchall()
    assert got == [
        ("HD-01", infer_themes(ACTIVITIES[0][6]), True),
        ("HD-02", infer_themes(ACTIVITIES[1][6]), True),
        ("HD-03", ["tuyen_truyen"], False),
    ]


def test_large_csv_reads_with_duckdb_and_keeps_row_numbers(warehouse, tmp_path):
    """A real ≥ 4 MB file (no patching): DuckDB's reader, rows still Excel's."""
    path = tmp_path / "big.csv"
    row = [
        "",
        "13/06/2024",
        "Hội LHPN",
        "Xã Chiềng Sung",
        "Trao quà",
        "an_sinh",
        "",
        "50",
        "",
        "1.500.000",
        "",
        "",
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(title_rows(2, 12))
        writer.writerow(HEADERS["vi"])
        for i in range(60_000):
            writer.writerow([f"HD-{i}", *row[1:6], f"Trao quà đợt {i}", *row[7:]])
        writer.writerow(["HD-last", "30/02/2024", *row[2:6], "Cuối", *row[7:]])
    assert path.stat().st_size >= read.FAST_PATH_MIN_BYTES
    results = load(warehouse, path, dry_run=True)
    assert problems(results) == [(60_004, "date", "bad_date")]
    assert results[0].rows_read == 60_001


@pytest.mark.parametrize("block", [None, 8])
def test_file_scan_finds_what_the_checks_rely_on(tmp_path, monkeypatch, block):
    """The scan's hash, and the odd whitespace and quoting it reports, wherever they stand (with
    ``block``, the file is read 8 × 8 bytes at a time, so that pairs straddle the blocks)."""
    if block:
        monkeypatch.setattr(read.config, "MB", block)
    line = "HD-1,13/06/2024,Hội LHPN,,Trao quà,,Trao quà cho hộ nghèo,50,,,,\n"
    cases = {
        "": (set(), False),
        "Trao  quà": ({"  "}, False),
        "Trao\u00a0quà": ({"\u00a0"}, False),
        "Trao\tquà": ({"\t"}, False),
        'x,  "Trao quà"': ({"  "}, True),
    }
    for i, (text, (odd, spaced)) in enumerate(cases.items()):
        path = tmp_path / f"s{i}.csv"
        data = (line * 5 + line.replace("Trao quà cho", text + " cho", 1) * bool(text) + line).encode()
        path.write_bytes(data)
        found = read.scan_file(path)
        assert (set(found.odd_spaces), found.spaced_quote) == (odd, spaced), text
        assert found.sha256 == hashlib.sha256(data).hexdigest()
    (tmp_path / "cr.csv").write_bytes(line.replace("\n", "\r\n").encode())
    assert read.scan_file(tmp_path / "cr.csv").odd_spaces == {"\r"}


def test_rows_read_in_parallel_keep_excel_row_numbers(warehouse, tmp_path):
    """A file big enough for DuckDB to read in several pieces at once (it fills the table in no
    particular order): problems near the start, the middle and the end name their own rows."""
    path = tmp_path / "bigger.csv"
    row = ["13/06/2024", "Hội LHPN", "Xã Chiềng Sung", "Trao quà", "an_sinh"]
    bad = {5: "31/02/2024", 150_000: "32/01/2024", 299_999: "00/00/2024"}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(title_rows(2, 12))
        writer.writerow(HEADERS["vi"])
        for i in range(300_000):
            day = bad.get(i, row[0])
            writer.writerow(
                [f"HD-{i}", day, *row[1:], f"Trao quà cho hộ nghèo đợt {i}", "50", "", "1.500.000", "", ""]
            )
    # (Over 32 MB: DuckDB reads it in several buffers; unordered, a later one can land first.)
    assert path.stat().st_size > 32 * 1024 * 1024
    results = load(warehouse, path, dry_run=True)
    # Excel rows: two title rows and the header above the first record (row 4).
    assert problems(results) == [(i + 4, "date", "bad_date") for i in sorted(bad)]
    # Each message quotes that row's own cell.
    assert [bad[i] in e.message for i, e in zip(sorted(bad), results[0].errors, strict=True)] == [True] * 3
    assert results[0].rows_read == 300_000


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("column", ["date", "title", "notes"])
def test_quote_left_open(warehouse, tmp_path, csv_path, column):
    # A lenient reader would put the rest of the file into one cell and load less than was sent.
    text = csv_text(activity_table())
    cell = ACTIVITIES[2][ACTIVITY_COLUMNS.index(column)] or "ghi chú"
    rows = with_cell(ACTIVITIES, 2, column, "@@")
    text = csv_text(activity_table(rows=rows)).replace("@@", '"' + cell, 1)
    text += csv_text([["HD-04", "21/06/2024", "MTTQ", "", "Ra quân", "an_sinh", "Bốn", "", "", "", "", ""]])
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(e.code, e.message) for r in results for e in r.errors] == [
        ("file_unreadable", 'Không đọc được tệp: dấu ngoặc kép (") mở ở dòng 4 mà không đóng.')
    ]
    assert_rejected(warehouse, results, before)


def test_text_after_a_closing_quote_is_read_as_excel_does(warehouse, tmp_path, csv_path):
    rows = with_cell(ACTIVITIES, 0, "title", "@@")
    text = csv_text(activity_table(rows=rows)).replace("@@", '"Trao quà" cho hộ nghèo', 1)
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    assert_loaded(load(warehouse, path), rows=3)
    assert warehouse.execute("select title from activities where activity_id = 'HD-01'").fetchone() == (
        "Trao quà cho hộ nghèo",
    )


# A report table headed in two rows (a group heading merged over two columns), its columns
# numbered in a row of their own, as Vietnamese report forms are.
TWO_ROW_HEADER = [
    ["STT", "Ngày", "Tổ chức", "Loại hoạt động", "Nội dung", "Số người", "", "Kinh phí (đồng)"],
    ["", "", "", "", "", "Tham gia", "Hưởng lợi", ""],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
]
TWO_ROW_DATA = [
    ["1", "01/03/2024", "MTTQ", "Trao quà", "Trao quà hộ nghèo", "20", "100", "10.000.000"],
    ["2", "32/03/2024", "Hội LHPN", "Tập huấn", "Tập huấn chuyển đổi số", "35", "", ""],
]


def test_two_row_header_and_column_numbers_on_both_paths(warehouse, tmp_path, csv_path):
    path = write_csv(tmp_path / "bc.csv", title_rows(1, 8) + TWO_ROW_HEADER + TWO_ROW_DATA)
    results = load(warehouse, path)
    # Title row 1, header rows 2-3, column numbers row 4: the records are rows 5 and 6.
    assert problems(results) == [(6, "date", "bad_date")]
    path = write_csv(tmp_path / "bc.csv", title_rows(1, 8) + TWO_ROW_HEADER + TWO_ROW_DATA[:1])
    assert_loaded(load(warehouse, path), rows=1)
    got = warehouse.execute("select title, participants, beneficiaries, funds_vnd from activities").fetchall()
    assert got == [("Trao quà hộ nghèo", 20, 100, 10_000_000)]


def test_a_group_heading_says_which_total_is_the_members(warehouse, tmp_path):
    """ "Chi hội" over "Tổng số | Chi hội vững mạnh" and "Hội viên" over "Tổng số | Kết nạp mới":
    the members are the total under "Hội viên" (the branches' total was taken, the first
    "Tổng số" of the row). A count's header may say what it counts: "(người)"."""
    header = ["Tổ chức", "Địa phương", "Tính đến ngày", "Chi hội", "", "Hội viên", ""]
    below = ["", "", "", "Tổng số", "Chi hội vững mạnh", "Tổng số (người)", "Kết nạp mới (người)"]
    rows = [
        below,
        ["Hội Nông dân", "Xã Chiềng Sung", "30/06/2024", "14", "10", "1.320", "25"],
        ["Hội Nông dân", "Xã Chiềng Mung", "30/06/2024", "9", "6", "860", "12"],
    ]
    path = make_files.write_xlsx(tmp_path / "hv.xlsx", {"Hội viên": ([], header, rows)})
    assert_loaded(load(warehouse, path), rows=2)
    got = warehouse.execute("select unit, members, new_members from members order by 1").fetchall()
    assert got == [("04108-cu", 1320, 25), ("04123-cu", 860, 12)]


def test_a_row_lettering_the_columns_is_passed_over(warehouse, tmp_path):
    header = ["Ngày", "Tổ chức", "Loại hoạt động", "Nội dung", "Số người tham gia"]
    rows = [["A", "B", "C", "D", "1"], ["01/03/2024", "MTTQ", "Trao quà", "Trao quà hộ nghèo", "20"]]
    assert_loaded(load(warehouse, write_csv(tmp_path / "bc.csv", [header, *rows])), rows=1)


def test_a_members_table_dated_in_its_title_on_both_paths(warehouse, tmp_path, csv_path):
    """ "(Số liệu tính đến ngày 30/6/2025)" above a members table without a date column: the day
    of every record (the file was refused for a missing column)."""
    rows = [
        ["BÁO CÁO SỐ LƯỢNG HỘI VIÊN", "", "", ""],
        ["(Số liệu tính đến ngày 30/6/2025)", "", "", ""],
        ["Tổ chức", "Địa bàn", "Tổng số hội viên", "Kết nạp mới"],
        ["Hội Nông dân", "Xã Chiềng Sung", "1.320", "25"],
        ["Hội Nông dân", "Xã Chiềng Mung", "860", "12"],
    ]
    assert_loaded(load(warehouse, write_csv(tmp_path / "hv.csv", rows)), rows=2)
    got = warehouse.execute("select unit, as_of, members from members order by 1").fetchall()
    assert got == [("04108-cu", dt.date(2025, 6, 30), 1320), ("04123-cu", dt.date(2025, 6, 30), 860)]
    rows[1] = ["", "", "", ""]
    assert problems(load(warehouse, write_csv(tmp_path / "hv.csv", rows))) == [
        (None, "as_of", "missing_column")
    ]


def test_a_group_heading_that_names_a_column_heads_its_first_column(warehouse, tmp_path):
    """ "Kinh phí (triệu đồng)" over "Tổng số | Trong đó: xã hội hóa": the first column is the
    funds, in millions (the second header row was read as a record, or dropped with the
    beneficiaries under "Số người"); the part is a column not read."""
    header = ["Ngày", "Tổ chức", "Loại hoạt động", "Nội dung", "Số người", "", "Kinh phí (triệu đồng)", ""]
    below = ["", "", "", "", "Tham gia", "Hưởng lợi", "Tổng số", "Trong đó: xã hội hóa"]
    rows = [below, ["22/05/2025", "MTTQ", "Xây nhà", "Hỗ trợ sửa nhà Đại đoàn kết", "25", "1", "30", "10"]]
    path = make_files.write_xlsx(tmp_path / "a.xlsx", {"Hoạt động": ([], header, rows)})
    [result] = load(warehouse, path)
    assert_loaded([result], rows=1)
    assert result.ignored_columns == ["Kinh phí (triệu đồng) Trong đó: xã hội hóa"]
    got = warehouse.execute("select participants, beneficiaries, funds_vnd from activities").fetchall()
    assert got == [(25, 1, 30_000_000)]


def test_a_heading_row_of_words_under_a_column_it_names_then_column_numbers(warehouse, tmp_path):
    header = ["Tổ chức", "Địa bàn", "Tính đến ngày", "Đoàn viên công đoàn", ""]
    rows = [
        ["", "", "", "Tổng số", "Nữ"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["Liên đoàn Lao động", "Xã Mai Sơn", "31/12/2025", "112", "60"],
    ]
    path = make_files.write_xlsx(tmp_path / "hv.xlsx", {"Đoàn viên": ([], header, rows)})
    assert_loaded(load(warehouse, path), rows=1)
    assert warehouse.execute("select members from members").fetchall() == [(112,)]


def test_template_hints_and_what_ends_a_tasks_table(warehouse, tmp_path):
    """A header with its format hint ("Hạn hoàn thành (dd/mm/yyyy)"); "Tổng số: 02 nhiệm vụ" is a
    totals row; notes in the STT column and a signature of a title and a name end the table."""
    load(warehouse, make_files.meetings_tasks(tmp_path / "hn.xlsx", tasks=[]))
    header = ["STT", "Mã hội nghị", "Đơn vị thực hiện", "Nội dung nhiệm vụ", "Hạn hoàn thành (dd/mm/yyyy)"]
    rows = [
        ["I", "Khối Mặt trận", "", "", ""],
        ["1", "HN–2024–01", "Hội LHPN", "Việc một", "31/12/2024"],
        ["2", "HN-2024-01", "Hội Nông dân", "Việc hai", "Quý III/2024"],
        ["Tổng số: 02 nhiệm vụ", "", "", "", ""],
        ["Ghi chú: số liệu đến 30/6/2024", "", "", "", ""],
        ["", "", "CHỦ TỊCH", "", ""],
        ["", "", "Lò Thị Hoa", "", ""],
    ]
    path = make_files.write_xlsx(tmp_path / "nv.xlsx", {"Nhiệm vụ": ([], header, rows)})
    assert_loaded(load(warehouse, path), rows=2)
    got = warehouse.execute("select description, meeting_id, due_date from tasks order by 1").fetchall()
    assert got == [
        ("Việc hai", "HN-2024-01", dt.date(2024, 9, 30)),
        ("Việc một", "HN-2024-01", dt.date(2024, 12, 31)),
    ]


def test_a_row_of_units_under_the_header_on_both_paths(warehouse, tmp_path, csv_path):
    """Some reports write each column's unit under its header: the row is passed over, and an
    amount's unit ("(triệu đồng)") goes with its column."""
    units = [""] * len(HEADERS["vi"])
    units[ACTIVITY_COLUMNS.index("participants")] = "(người)"
    units[ACTIVITY_COLUMNS.index("funds_vnd")] = "(triệu đồng)"
    header = list(HEADERS["vi"])
    header[ACTIVITY_COLUMNS.index("funds_vnd")] = "Kinh phí"
    rows = with_cell(with_cell(ACTIVITIES, 0, "funds_vnd", "1,5"), 2, "funds_vnd", "2,5")
    results = load(
        warehouse,
        write_csv(tmp_path / "u.csv", [header, units, *rows[:2], with_cell(rows, 2, "date", "x")[2]]),
    )
    assert problems(results) == [(5, "date", "bad_date")]  # (header row 1, units row 2)
    assert_loaded(load(warehouse, write_csv(tmp_path / "u.csv", [header, units, *rows])), rows=3)
    got = warehouse.execute(
        "select activity_id, participants, funds_vnd from activities order by 1"
    ).fetchall()
    assert got == [("HD-01", 50, 1_500_000), ("HD-02", 120, None), ("HD-03", 80, 2_500_000)]


def test_the_unit_a_report_states_above_its_table_on_both_paths(warehouse, tmp_path, csv_path):
    """ "ĐVT: triệu đồng" in the title rows: the amounts of a funds column that says no unit of its
    own are millions of đồng (3 there is 3.000.000 đ, not 3 đ)."""
    header = list(HEADERS["vi"])
    header[ACTIVITY_COLUMNS.index("funds_vnd")] = "Kinh phí"
    stated = [""] * len(header)
    stated[-1] = "ĐVT: triệu đồng"
    rows = with_cell(with_cell(ACTIVITIES, 0, "funds_vnd", "3"), 2, "funds_vnd", "2,5")
    path = write_csv(tmp_path / "bc.csv", [*title_rows(1, len(header)), stated, header, *rows])
    assert_loaded(load(warehouse, path), rows=3)
    got = warehouse.execute("select activity_id, funds_vnd from activities order by 1").fetchall()
    assert got == [("HD-01", 3_000_000), ("HD-02", None), ("HD-03", 2_500_000)]


def test_a_target_for_funds_is_an_amount_on_both_paths(warehouse, tmp_path, csv_path):
    """A targets table mixes counts and money: the target of a money indicator is an amount
    ("500 triệu", "2.500.000 đ", and in a column headed in millions 2,5 is 2.500.000 đ), every
    other target a count ("2 triệu" activities is no number)."""
    header = ["Tổ chức", "Năm", "Chỉ số", "Chỉ tiêu"]
    rows = [
        ["Hội LHPN", "2025", "Kinh phí vận động", "500 triệu"],
        ["Hội LHPN", "2025", "Số hoạt động", "120"],
        ["Đoàn Thanh niên", "2025", "Kinh phí", "2.500.000 đ"],
    ]
    assert_loaded(load(warehouse, write_csv(tmp_path / "ct.csv", [header, *rows])), rows=3)
    targets = "select org, indicator, target from targets order by 1, 2"
    assert warehouse.execute(targets).fetchall() == [
        ("DTN", "funds_vnd", 2_500_000),
        ("HLHPN", "activities", 120),
        ("HLHPN", "funds_vnd", 500_000_000),
    ]
    bad = [*rows[:2], ["Đoàn Thanh niên", "2025", "Số hoạt động", "2 triệu"]]
    assert problems(load(warehouse, write_csv(tmp_path / "ct.csv", [header, *bad]))) == [
        (4, "target", "bad_number")
    ]
    header[-1] = "Chỉ tiêu (triệu đồng)"
    rows = [
        ["Hội LHPN", "2026", "Kinh phí vận động", "2,5"],
        ["Hội LHPN", "2026", "Số hoạt động", "150"],
        ["Đoàn Thanh niên", "2026", "Kinh phí", "300"],
    ]
    assert_loaded(load(warehouse, write_csv(tmp_path / "ct.csv", [header, *rows])), rows=3)
    got = warehouse.execute(targets.replace("order", "where year = 2026 order")).fetchall()
    assert got == [
        ("DTN", "funds_vnd", 300_000_000),
        ("HLHPN", "activities", 150),
        ("HLHPN", "funds_vnd", 2_500_000),
    ]
    ambiguous = [["Hội LHPN", "2027", "Kinh phí vận động", "1.500"]]
    results = load(warehouse, write_csv(tmp_path / "ct.csv", [header, *ambiguous]))
    assert [e.message for r in results for e in r.errors] == [
        "Dòng 2, cột Chỉ tiêu (triệu đồng): '1.500' không phải số hợp lệ. Cột này tính bằng triệu đồng: "
        "viết 2,5 cho hai triệu rưỡi; số như 1.500 không rõ là 1,5 hay 1500, hãy viết một trong hai cách đó."
    ]


def test_a_targets_unit_column_says_what_each_figure_counts_on_both_paths(warehouse, tmp_path, csv_path):
    """ "ĐVT" beside the figures, as target tables are laid out: "triệu đồng" on a funds row makes
    500 there 500.000.000 đ (it was stored as 500 đ); a count's unit (cuộc, người) changes nothing."""
    header = ["STT", "Tổ chức", "Năm", "Chỉ số", "ĐVT", "Kế hoạch"]
    rows = [
        ["1", "Hội Cựu chiến binh", "2025", "Kinh phí", "triệu đồng", "500"],
        ["2", "Hội Cựu chiến binh", "2025", "Số hoạt động", "cuộc", "12"],
        ["3", "Hội LHPN", "2025", "Kinh phí", "Nghìn đồng", "1500"],
        ["4", "Hội Nông dân", "2025", "Kinh phí", "đồng", "2.500.000"],
    ]
    targets = "select org, indicator, target from targets order by 1, 2"
    assert_loaded(load(warehouse, write_csv(tmp_path / "ct.csv", [header, *rows])), rows=4)
    assert warehouse.execute(targets).fetchall() == [
        ("HCCB", "activities", 12),
        ("HCCB", "funds_vnd", 500_000_000),
        ("HLHPN", "funds_vnd", 1_500_000),
        ("HND", "funds_vnd", 2_500_000),
    ]
    rows[0][-1], rows[2][-1] = "2,5", "1.500"
    results = load(warehouse, write_csv(tmp_path / "ct.csv", [header, *rows]))
    assert [(e.row, e.code) for r in results for e in r.errors] == [(4, "bad_number")]
    assert "Số này tính theo đơn vị ở cột ĐVT" in results[0].errors[0].message
    del rows[2]
    assert load(warehouse, write_csv(tmp_path / "ct.csv", [header, *rows]))[0].rows_updated == 1
    assert warehouse.execute(targets).fetchall()[1] == ("HCCB", "funds_vnd", 2_500_000)


def test_what_a_targets_table_also_holds(warehouse, tmp_path):
    """Beside the target, a column of what was achieved ('Chỉ tiêu thực hiện 6 tháng (triệu
    đồng)') is not the target; a year shown from a date cell is that year; an indicator not
    understood is reported alone, not its amount as well."""
    header = [
        "Tổ chức",
        "Năm",
        "Chỉ số",
        "Chỉ tiêu thực hiện 6 tháng (triệu đồng)",
        "Chỉ tiêu cả năm (triệu đồng)",
    ]
    rows = [["Hội LHPN", dt.datetime(2027, 1, 1), "Kinh phí", 200, 450]]
    path = make_files.write_xlsx(tmp_path / "ct.xlsx", {"Chỉ tiêu": ([], header, rows)})
    assert_loaded(load(warehouse, path))
    assert warehouse.execute("select year, target from targets").fetchall() == [(2027, 450_000_000)]
    rows = [["Hội LHPN", "2027", "Kinh phí xây nhà", "", "10 triệu"]]
    path = make_files.write_xlsx(tmp_path / "ct.xlsx", {"Chỉ tiêu": ([], header, rows)})
    assert problems(load(warehouse, path)) == [(2, "indicator", "unknown_indicator")]


def test_a_subtotal_marked_in_the_row_number_column_is_not_a_record_on_both_paths(
    warehouse, tmp_path, csv_path
):
    """ "Cộng" in the STT column is a subtotal, though it names the organization, year and
    indicator of the rows above: loaded, it would count the communes' targets twice."""
    header = ["STT", "Tổ chức", "Địa bàn", "Năm", "Chỉ số", "Chỉ tiêu (triệu đồng)"]
    rows = [
        ["1", "Ủy ban MTTQ", "Xã Chiềng Mung", "2024", "Kinh phí", "120"],
        ["2", "Ủy ban MTTQ", "Xã Chiềng Sung", "2024", "Kinh phí", "95,5"],
        ["Cộng", "Ủy ban MTTQ", "", "2024", "Kinh phí", "215,5"],
    ]
    assert_loaded(load(warehouse, write_csv(tmp_path / "ct.csv", [header, *rows])), rows=2)
    assert warehouse.execute("select unit, target from targets order by 1").fetchall() == [
        ("04108-cu", 95_500_000),
        ("04123-cu", 120_000_000),
    ]


def test_section_headings_totals_and_the_signature_block_are_no_records_on_both_paths(
    warehouse, tmp_path, csv_path
):
    """A report as offices print it: sections "I | CẤP HUYỆN", a totals row that says what it
    counts, then notes, the place and date, and the signature block with the names under it."""
    header = ["STT", *HEADERS["vi"]]
    width = len(header)

    def row(*cells: str, at: int = 0) -> list[str]:
        out = [""] * width
        out[at : at + len(cells)] = cells
        return out

    title = 1 + ACTIVITY_COLUMNS.index("title")
    signatures = row("Người lập biểu", at=1)
    signatures[title] = "Thủ trưởng đơn vị"
    records = [
        row("I", "CẤP HUYỆN"),
        ["1", *ACTIVITIES[0]],
        row("II. CẤP XÃ"),
        ["2", *ACTIVITIES[1]],
        ["3", *ACTIVITIES[2]],
        row("TỔNG CỘNG (03 hoạt động)"),
        row(),
        row("Ghi chú: số liệu tính đến ngày 30/6/2024", at=1),
        row("Mai Sơn, ngày 30 tháng 6 năm 2024", at=title),
        signatures,
        row("(Ký, ghi rõ họ tên)", at=1),
        row("Nguyễn Thị Lan", at=1),
    ]
    path = write_csv(tmp_path / "bc.csv", [header, *records])
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED
    # A record missing a cell among them is still reported, not passed over.
    records[4] = ["3", *with_cell([ACTIVITIES[2]], 0, "date", "")[0]]
    assert problems(load(warehouse, write_csv(tmp_path / "bc.csv", [header, *records]))) == [
        (6, "date", "required")
    ]


@pytest.mark.parametrize("place", ["first column", "title"])
def test_totals_row_at_the_foot_is_not_a_record_on_both_paths(warehouse, tmp_path, csv_path, place):
    header = ["STT", *HEADERS["vi"]]
    rows = [[str(i + 1), *r] for i, r in enumerate(ACTIVITIES)]
    totals = [""] * len(header)
    totals[0 if place == "first column" else 1 + ACTIVITY_COLUMNS.index("title")] = "Tổng cộng"
    totals[1 + ACTIVITY_COLUMNS.index("participants")] = "250"
    path = write_csv(tmp_path / "bc.csv", [header, *rows, totals])
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


@pytest.mark.parametrize("kind", ["members", "targets"])
def test_totals_row_holding_the_totals_is_not_a_record_on_both_paths(warehouse, tmp_path, csv_path, kind):
    """A members or targets table's totals row fills the required number column with the total
    ("Tổng cộng … 350"): it is passed over all the same."""
    if kind == "members":
        header = ["STT", "Tổ chức", "Địa bàn", "Tính đến ngày", "Tổng số đoàn viên, hội viên"]
        rows = [["1", "Hội LHPN", "", "31/12/2024", "200"], ["2", "Hội Nông dân", "", "31/12/2024", "150"]]
    else:
        header = ["STT", "Tổ chức", "Địa bàn", "Năm", "Chỉ số", "Chỉ tiêu"]
        rows = [
            ["1", "Hội LHPN", "", "2024", "Kết nạp hội viên", "200"],
            ["2", "Hội Nông dân", "", "2024", "Kết nạp hội viên", "150"],
        ]
    totals = ["Tổng cộng"] + [""] * (len(header) - 2) + ["350"]
    assert_loaded(load(warehouse, write_csv(tmp_path / "t.csv", [header, *rows, totals])), rows=2)
    assert warehouse.execute(f"select count(*) from {kind}").fetchall() == [(2,)]


def test_a_record_titled_like_a_total_is_still_a_record(warehouse, tmp_path, csv_path):
    rows = with_cell(ACTIVITIES, 2, "title", "Tổng")
    assert_loaded(load(warehouse, write_csv(tmp_path / "t.csv", activity_table(rows=rows))), rows=3)


def test_totals_row_with_a_date_is_a_record_with_its_problems(warehouse, tmp_path):
    totals = [""] * len(HEADERS["vi"])
    totals[ACTIVITY_COLUMNS.index("title")], totals[ACTIVITY_COLUMNS.index("date")] = (
        "Tổng cộng",
        "30/06/2024",
    )
    results = load(warehouse, write_csv(tmp_path / "t.csv", activity_table(rows=[*ACTIVITIES, totals])))
    assert problems(results) == [(5, "org", "required"), (5, "activity_type", "required")]


def test_two_row_header_in_a_workbook(warehouse, tmp_path):
    path = make_files.write_xlsx(
        tmp_path / "bc.xlsx",
        {"BC": (["BÁO CÁO KẾT QUẢ HOẠT ĐỘNG"], TWO_ROW_HEADER[0], TWO_ROW_HEADER[1:] + TWO_ROW_DATA)},
    )
    results = load(warehouse, path)
    assert problems(results) == [(6, "date", "bad_date")]


def test_spaces_around_a_quoted_cell_on_both_paths(warehouse, tmp_path, csv_path):
    """`A, "1.500.000"`: a quoted cell typed after a space is one cell, on either reader; a space
    after the closing quote is trimmed like any other."""
    text = csv_text(activity_table()).replace(",1.500.000,", ', "1.500.000" ,', 1)
    text = text.replace(
        ',"Trao quà cho hộ nghèo, gia đình chính sách",',
        ',  "Trao quà cho hộ nghèo, gia đình chính sách",',
        1,
    )
    assert ', "1.500.000" ,' in text and ',  "Trao quà' in text
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    assert_loaded(load(warehouse, path), rows=3)
    assert activities(warehouse) == EXPECTED


def test_very_long_cells(warehouse, tmp_path, csv_path):
    # Longer than Excel allows in a cell (32,767 characters), still read; a 5,000-digit number is bad.
    title = "Trao quà " * 11_000
    rows = with_cell(ACTIVITIES, 0, "title", title)
    rows = with_cell(rows, 1, "participants", "9" * 5000)
    path = write_csv(tmp_path / "long.csv", activity_table(rows=rows))
    results = load(warehouse, path)
    assert problems(results) == [(3, "participants", "bad_number")]
    assert len(results[0].errors[0].message) < 200
    rows = with_cell(rows, 1, "participants", "120")
    assert_loaded(load(warehouse, write_csv(tmp_path / "long.csv", activity_table(rows=rows))))
    assert warehouse.execute("select title from activities where activity_id = 'HD-01'").fetchone() == (
        title.strip(),
    )


def test_extremely_long_cell(warehouse, tmp_path, csv_path):
    rows = with_cell(ACTIVITIES, 2, "title", "Trao quà " * 200_000)
    path = write_csv(tmp_path / "long.csv", activity_table(rows=rows))
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [(e.code, e.message) for e in results[0].errors] == [
        ("file_unreadable", "Không đọc được tệp: có ô dài quá 131.072 ký tự.")
    ]
    assert_rejected(warehouse, results, before)


def test_nul_bytes(warehouse, tmp_path, csv_path):
    rows = with_cell(ACTIVITIES, 0, "title", "Trao\x00quà")
    rows = with_cell(rows, 1, "date", "14/06\x00/2024")
    path = write_csv(tmp_path / "nul.csv", activity_table(rows=rows))
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert all(r.status == "rejected" for r in results)
    assert all(r.errors for r in results)
    assert_rejected(warehouse, results, before)


@pytest.mark.parametrize("seed", range(12))
def test_mangled_csv_never_raises(warehouse, tmp_path, csv_path, seed):
    import random

    rng = random.Random(seed)
    data = bytearray(csv_text(title_rows(1, 12) + activity_table()).encode())
    for _ in range(rng.randint(1, 20)):
        pos = rng.randrange(len(data))
        data[pos : pos + 1] = bytes([rng.choice(b'",;\t\r\n\x00\xff\xc3')])
    path = tmp_path / "m.csv"
    path.write_bytes(bytes(data))
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert [r.status for r in results] in (["loaded"], ["rejected"])
    if results[0].status == "rejected":
        assert results[0].errors
        assert snapshot(warehouse) == before
    else:
        assert not results[0].errors


@pytest.mark.parametrize("seed", range(6))
def test_mangled_xlsx_never_raises(warehouse, tmp_path, seed):
    import random

    rng = random.Random(seed)
    data = bytearray((DATA / "meetings_tasks.xlsx").read_bytes())
    for _ in range(rng.randint(1, 10)):
        pos = rng.randrange(len(data))
        data[pos] = rng.randrange(256)
    path = tmp_path / "m.xlsx"
    path.write_bytes(bytes(data))
    before = snapshot(warehouse)
    results = load(warehouse, path)
    assert results
    if any(r.status == "rejected" for r in results):
        assert snapshot(warehouse) == before


def test_copy_of_committed_files_regenerates(tmp_path):
    """The committed workbooks are what make_files.py writes."""
    for name, build in (
        ("activities_titles.xlsx", make_files.activities_titles),
        ("meetings_tasks.xlsx", make_files.meetings_tasks),
    ):
        build(tmp_path / name)
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
