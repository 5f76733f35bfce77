"""A rejected file handed back with a "Lỗi" column (etl/annotate.py): rows matched by Excel row
numbers through title rows and sheets, file-level problems on the header, formula-safe cells."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from etl import annotate
from etl.annotate import annotate_file, problems_by_sheet
from etl.pipeline import load_file
from etl.problems import Problem
from tests.data import make_files
from tests.test_read import ACTIVITIES, activity_table, title_rows, with_cell, write_csv

LIGHT_RED = "FFC7CE"  # (openpyxl reads it with an alpha byte in front)
DATA = Path(__file__).resolve().parent / "data"


def rejected(con, path, **kwargs):
    results = load_file(con, path, user="test", **kwargs)
    assert all(r.status == "rejected" for r in results), [r.status for r in results]
    return results


def flat(results) -> list[Problem]:
    return [p for r in results for p in r.errors]


def open_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def column_values(ws, column: int) -> dict[int, str]:
    return {
        row: ws.cell(row, column).value
        for row in range(1, ws.max_row + 1)
        if ws.cell(row, column).value is not None
    }


def last_column(ws) -> int:
    return max(c.column for row in ws.iter_rows() for c in row if c.value is not None)


def bad_title_workbook(path: Path) -> Path:
    rows = [list(r) for r in make_files.ACTIVITY_ROWS]
    rows[0][2] = "31/02/2024"  # row 5: a bad date
    rows[2][3] = "Hội XYZ"  # row 7: unknown organization
    rows[2][8] = -3  # row 7: negative
    return make_files.activities_titles(path, rows=rows)


def test_title_row_workbook_keeps_its_formatting(warehouse, tmp_path):
    path = bad_title_workbook(tmp_path / "bao_cao.xlsx")
    results = rejected(warehouse, path)
    assert sorted({p.row for p in flat(results)}) == [5, 7]
    data, name = annotate_file(path, flat(results))
    assert name == "bao_cao_loi.xlsx"
    ws = open_xlsx(data).active
    # The header is on row 4 (two merged titles and a blank row above), ten columns: the error column is K.
    assert ws.cell(4, 10).value == "Kinh phí (đồng)" and ws.cell(4, 11).value == "Lỗi"
    errors = column_values(ws, 11)
    assert set(errors) == {4, 5, 7}
    assert (
        errors[5]
        == "Dòng 5, cột Ngày: '31/02/2024' không phải ngày hợp lệ (viết dd/mm/yyyy, ví dụ 13/06/2024)."
    )
    row_7 = [p.message for p in flat(results) if p.row == 7]
    assert len(row_7) == 2 and errors[7] == "; ".join(row_7)
    assert ws.cell(5, 11).fill.fgColor.rgb.endswith(LIGHT_RED) and ws.cell(7, 11).fill.fgColor.rgb.endswith(
        LIGHT_RED
    )
    assert ws.cell(6, 11).value is None and ws.cell(6, 11).fill.fill_type is None
    # Her workbook as it was: merged titles, date cells and their format, numbers.
    assert "B1:K1" not in {str(r) for r in ws.merged_cells.ranges}
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:J1", "A2:J2"}
    assert ws.cell(5, 3).value == "31/02/2024" and ws.cell(6, 3).value == "14/06/2024"
    assert ws.cell(7, 3).value == dt.datetime(2024, 6, 20) and ws.cell(7, 3).number_format == "dd/mm/yyyy"
    assert ws.cell(5, 10).value == 1500000


def test_annotated_workbook_fixed_and_uploaded_again(warehouse, tmp_path):
    path = bad_title_workbook(tmp_path / "bao_cao.xlsx")
    data, _ = annotate_file(path, flat(rejected(warehouse, path)))
    # Annotating the annotated file again reuses its "Lỗi" column.
    again = tmp_path / "bao_cao_loi.xlsx"
    again.write_bytes(data)
    book = open_xlsx(annotate_file(again, flat(rejected(warehouse, again)))[0])
    ws = book.active
    assert last_column(ws) == 11 and ws.cell(4, 11).value == "Lỗi"
    # The clerk fixes the cells and uploads the file with its "Lỗi" column: it loads.
    ws.cell(5, 3).value = "28/02/2024"
    ws.cell(7, 4).value = "Hội LHPN"
    ws.cell(7, 9).value = 3
    book.save(tmp_path / "da_sua.xlsx")
    results = load_file(warehouse, tmp_path / "da_sua.xlsx", user="test")
    assert [r.status for r in results] == ["loaded"], [p.message for p in flat(results)]


def test_csv_in_windows_1258(warehouse, tmp_path):
    rows = with_cell(ACTIVITIES, 1, "participants", "-5")
    rows = with_cell(rows, 2, "org", "Hội Người cao tuổi")
    rows = with_cell(rows, 0, "notes", '=HYPERLINK("http://x","bấm")')
    rows = with_cell(rows, 0, "activity_id", "04108")
    records = title_rows(2, 12) + activity_table(rows=rows)
    path = write_csv(tmp_path / "hoat_dong.csv", records, sep=";", encoding="cp1258")
    results = rejected(warehouse, path)
    assert sorted(p.row for p in flat(results)) == [5, 6]
    data, name = annotate_file(path, flat(results))
    assert name == "hoat_dong_loi.xlsx"
    ws = open_xlsx(data).active
    assert (
        ws.cell(1, 1).value == "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG 6 THÁNG ĐẦU NĂM 2024"
    )  # NFC, though cp1258 combines
    assert [ws.cell(3, c).value for c in range(1, 14)] == [*records[2], "Lỗi"]
    errors = column_values(ws, 13)
    assert set(errors) == {3, 5, 6}
    assert errors[5].startswith("Dòng 5, cột Số người tham gia: '-5' là số âm")
    assert errors[6].startswith("Dòng 6, cột Tổ chức: 'Hội Người cao tuổi'")
    assert ws.cell(5, 13).fill.fgColor.rgb.endswith(LIGHT_RED)
    assert ws.freeze_panes == "A4"
    # Cells as typed, as text: a leading zero, dots, a minus, and a formula that stays a text.
    assert ws.cell(4, 1).value == "04108" and ws.cell(4, 10).value == "1.500.000"
    assert ws.cell(5, 8).value == "-5" and ws.cell(5, 8).data_type == "s"
    formula = ws.cell(4, 12)
    assert (
        formula.value == '=HYPERLINK("http://x","bấm")' and formula.data_type == "s" and formula.quotePrefix
    )


def test_two_sheet_workbook(warehouse, tmp_path):
    path = make_files.meetings_tasks(
        tmp_path / "giao_ban.xlsx",
        tasks=[
            make_files.TASK_ROWS[0],
            ["NV-02", "HN-KHONG-CO", "Hội Nông dân", "Hỗ trợ nông dân", "kinh_te", "31/12/2024", "Xong rồi"],
        ],
        meetings=[[*make_files.MEETING_ROWS[0][:1], "32/07/2024", *make_files.MEETING_ROWS[0][2:]]],
    )
    results = rejected(warehouse, path)
    by_sheet = problems_by_sheet(results, "giao_ban.xlsx")
    assert set(by_sheet) == {"Nhiệm vụ", "Hội nghị"}
    data, _ = annotate_file(path, by_sheet, label="giao_ban.xlsx")
    book = open_xlsx(data)
    tasks, meetings, empty = book["Nhiệm vụ"], book["Hội nghị"], book["Trống"]
    # Tasks: a title row, the header on row 2, seven columns.
    assert tasks.cell(2, 8).value == "Lỗi"
    task_errors = column_values(tasks, 8)
    assert set(task_errors) == {2, 4}
    assert "HN-KHONG-CO" in task_errors[4] and "Xong rồi" in task_errors[4]
    # Meetings: the header on row 1, nine columns.
    assert column_values(meetings, 10) == {1: "Lỗi", 2: [p.message for p in by_sheet["Hội nghị"]][0]}
    assert empty.max_row == 1 and empty.cell(1, 1).value is None
    # The results' own labels ("file:sheet") work as keys too.
    keyed = {r.file: r.errors for r in results}
    assert annotate_file(path, keyed, label="giao_ban.xlsx")[0]
    assert (
        column_values(open_xlsx(annotate_file(path, keyed, label="giao_ban.xlsx")[0])["Nhiệm vụ"], 8)
        == task_errors
    )


def test_missing_column_goes_on_the_header(warehouse, tmp_path):
    records = [[c for i, c in enumerate(r) if i != 1] for r in activity_table()]  # no "Ngày"
    path = write_csv(tmp_path / "thieu_cot.csv", records)
    results = rejected(warehouse, path)
    assert [p.code for p in flat(results)] == ["missing_column"]
    ws = open_xlsx(annotate_file(path, flat(results))[0]).active
    assert ws.cell(1, 12).value == "Lỗi: Thiếu cột bắt buộc 'Ngày'."
    assert ws.cell(1, 12).fill.fgColor.rgb.endswith(LIGHT_RED)
    assert column_values(ws, 12) == {1: "Lỗi: Thiếu cột bắt buộc 'Ngày'."}


def test_file_empty(warehouse, tmp_path):
    path = write_csv(tmp_path / "trong.csv", activity_table(rows=[]))
    results = rejected(warehouse, path)
    assert [p.code for p in flat(results)] == ["file_empty"]
    ws = open_xlsx(annotate_file(path, flat(results))[0]).active
    assert ws.cell(1, 13).value == "Lỗi: Tệp không có dòng dữ liệu nào."


def test_a_file_that_cannot_be_opened_still_gets_its_problems(warehouse, tmp_path):
    bomb = DATA / "bomb_2gib.xlsx"
    if not bomb.exists():
        bomb = make_files.xlsx_bomb(tmp_path / "bomb.xlsx", gib=1)
    results = rejected(warehouse, bomb)
    data, name = annotate_file(bomb, flat(results))
    assert name == "bomb_2gib_loi.xlsx" or name == "bomb_loi.xlsx"
    ws = open_xlsx(data).active
    assert ws.cell(1, 1).value == "Lỗi" and ws.cell(2, 1).value == flat(results)[0].message
    garbage = tmp_path / "hong.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    ws = open_xlsx(
        annotate_file(garbage, [Problem(None, None, "file_unreadable", "Không đọc được tệp")])[0]
    ).active
    assert ws.cell(2, 1).value == "Không đọc được tệp"


@pytest.mark.parametrize("rebuilt", [False, True], ids=["openpyxl", "from values"])
def test_messages_are_written_as_text(warehouse, tmp_path, monkeypatch, rebuilt):
    if rebuilt:  # a big workbook is rebuilt from its values (the path XLS and ODS take too)
        monkeypatch.setattr(annotate, "KEEP_FORMAT_MAX_BYTES", 0)
    path = make_files.activities_titles(tmp_path / "a.xlsx")
    odd = [
        Problem(5, "title", "required", "=1+2"),
        Problem(5, "notes", "required", "@SUM(A1)"),
        Problem(6, None, "required", "-1"),
        Problem(None, None, "file_empty", "+cmd"),
    ]
    ws = open_xlsx(annotate_file(path, odd)[0]).active
    assert ws.cell(5, 11).value == "=1+2; @SUM(A1)" and ws.cell(5, 11).data_type == "s"
    assert ws.cell(5, 11).quotePrefix
    assert ws.cell(6, 11).value == "-1" and ws.cell(6, 11).data_type == "s"
    assert ws.cell(4, 11).value == "Lỗi: +cmd" and ws.cell(4, 11).data_type == "s"
    if rebuilt:
        # Values kept with their types: the title rows, dates as dates, numbers as numbers.
        assert ws.cell(1, 1).value == make_files.TITLE
        assert ws.cell(5, 3).value == dt.datetime(2024, 6, 13) and ws.cell(5, 3).number_format == "dd/mm/yyyy"
        assert ws.cell(5, 9).value == 50 and ws.cell(5, 11).fill.fgColor.rgb.endswith(LIGHT_RED)


def test_flat_list_goes_to_the_first_data_sheet(warehouse, tmp_path):
    path = make_files.meetings_tasks(tmp_path / "giao_ban.xlsx")
    book = open_xlsx(annotate_file(path, [Problem(3, "status", "unknown_status", "Dòng 3: sai")])[0])
    assert column_values(book["Nhiệm vụ"], 8) == {2: "Lỗi", 3: "Dòng 3: sai"}
    assert book["Hội nghị"].max_column == 9


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A minimal OpenDocument spreadsheet (strings, numbers and dates), as LibreOffice saves one."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, dt.date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
            )
        if isinstance(value, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def test_ods_becomes_xlsx_from_its_values(warehouse, tmp_path):
    header = ["Ngày", "Tổ chức", "Địa bàn", "Loại hoạt động", "Nội dung", "Số người tham gia"]
    rows = [
        ["BÁO CÁO HOẠT ĐỘNG"],
        header,
        [dt.date(2024, 6, 13), "Hội LHPN", "04108-cu", "Trao quà", "Trao quà cho hộ nghèo", 50],
        [dt.date(2024, 6, 14), "Hội XYZ", "Chiềng Mai", "Ra quân", "+ vệ sinh môi trường", 120],
    ]
    path = write_ods(tmp_path / "bao_cao.ods", {"Hoạt động": rows})
    results = rejected(warehouse, path)
    assert [(p.row, p.code) for p in flat(results)] == [(4, "unknown_org")]
    data, name = annotate_file(path, flat(results))
    assert name == "bao_cao_loi.xlsx"
    ws = open_xlsx(data)["Hoạt động"]
    assert ws.cell(1, 1).value == "BÁO CÁO HOẠT ĐỘNG" and ws.cell(2, 7).value == "Lỗi"
    assert column_values(ws, 7) == {2: "Lỗi", 4: flat(results)[0].message}
    assert ws.cell(3, 1).value == dt.datetime(2024, 6, 13) and ws.cell(3, 1).number_format == "dd/mm/yyyy"
    assert ws.cell(3, 3).value == "04108-cu" and ws.cell(3, 6).value == 50
    title = ws.cell(4, 5)
    assert title.value == "+ vệ sinh môi trường" and title.data_type == "s" and title.quotePrefix
    assert ws.freeze_panes == "A3"
