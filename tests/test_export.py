"""CSV and XLSX exports: texts that a spreadsheet could run are neutralized, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from dashboard.export import neutralize, to_csv_bytes, to_xlsx_bytes

DANGEROUS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\t=evil", "\r=evil", '=HYPERLINK("http://x","y")']


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Nội dung": [*DANGEROUS, "Trao quà Tết", "a=b"],
            "Số người": pd.array([1, 2, 3, 4, 5, 6, 7, 1500000, None], dtype="Int64"),
            "Kinh phí": [1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.25, float("nan")],
            "Ngày": [dt.date(2024, 6, 13)] * 9,
            "Chủ đề": [["an_sinh", "=x"]] * 9,
        }
    )


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralize_prefixes_an_apostrophe(text):
    assert neutralize(text) == "'" + text
    assert neutralize("Hội nghị") == "Hội nghị"
    assert neutralize(12) == 12


def test_csv_is_utf8_with_bom_and_neutralized():
    data = to_csv_bytes(frame())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Nội dung", "Số người", "Kinh phí", "Ngày", "Chủ đề"]
    body = rows[1:]
    for row, text in zip(body, DANGEROUS, strict=False):
        assert row[0] == "'" + text
    assert body[7][0] == "Trao quà Tết"
    assert body[8][0] == "a=b"
    assert body[7][1] == "1500000"  # numbers stay numbers (no thousands separator, no quote)
    assert body[8][1] == ""
    assert body[0][3] == "13/06/2024"
    assert body[0][4] == "an_sinh; =x"  # a list joined: starts safely
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in body for cell in row)


def test_xlsx_cells_are_strings_not_formulas_and_numbers_are_numbers():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame(), "Dữ liệu")))
    sheet = book.active
    assert sheet.title == "Dữ liệu"
    assert [c.value for c in sheet[1]] == ["Nội dung", "Số người", "Kinh phí", "Ngày", "Chủ đề"]
    for row, text in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s", (text, cell.data_type)  # 'f' would be a formula
        assert cell.value.replace("_x000D_", "\r") == text  # xlsx escapes a carriage return
        assert cell.quotePrefix  # Excel keeps it text when edited
    assert sheet.cell(row=9, column=1).value == "Trao quà Tết"
    assert not sheet.cell(row=9, column=1).quotePrefix
    amount = sheet.cell(row=9, column=2)
    assert amount.value == 1500000 and amount.data_type == "n"
    assert sheet.cell(row=9, column=3).value == 8.25
    assert sheet.cell(row=10, column=2).value is None
    assert sheet.cell(row=10, column=3).value is None
    assert sheet.cell(row=2, column=4).value == dt.datetime(2024, 6, 13)
    assert sheet.cell(row=2, column=5).value == "an_sinh; =x"
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_empty_frame_exports():
    empty = pd.DataFrame({"a": pd.Series(dtype="object"), "b": pd.Series(dtype="int64")})
    assert to_csv_bytes(empty).decode("utf-8-sig").strip() == "a,b"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(empty))).active
    assert [c.value for c in sheet[1]] == ["a", "b"]
