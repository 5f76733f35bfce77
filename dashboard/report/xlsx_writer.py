"""The tables behind the report as an Excel workbook: one sheet per table.

A first sheet "Thông tin" says what the workbook holds (title, period, place, organizations, the
comparison period, the report's date) and the notes on the tables, so that each table's sheet holds
only its header and rows. Each table's sheet has its Vietnamese header in the first
row (frozen, bold, with a filter), numbers as numbers with a thousands format (``#,##0``; Excel
shows 1.234.567 in a Vietnamese locale), percentages as numbers with one decimal, dates as dates
(dd/mm/yyyy). Every text is written as a string cell, never a formula, and a text that a
spreadsheet could run (``=``, ``+``, ``-``, ``@``…) also carries Excel's quote prefix, as in
:mod:`dashboard.export`. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import io
import math

from dashboard.export import is_dangerous
from dashboard.report import phrases as ph
from dashboard.report.narrative import Narrative
from dashboard.report.tables import Table
from etl import xlsx

__all__ = ["INFO_SHEET", "write_xlsx"]

INFO_SHEET = "Thông tin"
_FORMATS = {"int": "#,##0", "money": "#,##0", "pct": "0.0", "date": "dd/mm/yyyy"}
_MAX_WIDTH = 60


def _sheet_name(name: str, taken: set[str]) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    out, i = cleaned, 2
    while out.lower() in taken:
        suffix = f" ({i})"
        out, i = cleaned[: 31 - len(suffix)] + suffix, i + 1
    taken.add(out.lower())
    return out


def _text_width(value) -> int:
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_xlsx(n: Narrative, tables: list[Table], info: list[tuple[str, str]]) -> bytes:
    """The .xlsx file's bytes: the "Thông tin" sheet (``info``: label, value), then every table."""
    buffer = io.BytesIO()
    book = xlsx.workbook(buffer)
    book.set_properties({"title": f"{n.title} {n.subtitle}", "author": "doanthe", "language": "vi-VN"})
    header = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E7EEF7", "border": 1}
    )
    title = book.add_format({"bold": True, "font_size": 13})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    quoted = book.add_format({"quote_prefix": True, "valign": "top"})
    formats = {kind: book.add_format({"num_format": fmt, "valign": "top"}) for kind, fmt in _FORMATS.items()}
    taken: set[str] = set()

    sheet = book.add_worksheet(_sheet_name(INFO_SHEET, taken))
    sheet.write_string(0, 0, f"{n.title} {n.subtitle}", title)
    notes = [(f"Ghi chú: {t.sheet}", t.note) for t in tables if t.note]
    for row, (label, value) in enumerate([*info, *notes], start=2):
        sheet.write_string(row, 0, label, header)
        _write(sheet, row, 1, value, "text", formats, wrap, quoted)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 90, wrap)

    for t in tables:
        sheet = book.add_worksheet(_sheet_name(t.sheet, taken))
        widths = [_text_width(c.header) for c in t.columns]
        for col, c in enumerate(t.columns):
            sheet.write_string(0, col, c.header, header)
        for row, values in enumerate(t.rows, start=1):
            for col, (c, value) in enumerate(zip(t.columns, values, strict=True)):
                _write(sheet, row, col, value, c.kind, formats, wrap, quoted)
                if c.kind == "text":
                    widths[col] = max(widths[col], _text_width(value))
        for col, c in enumerate(t.columns):
            width = (
                min(_MAX_WIDTH, max(10, widths[col] + 2))
                if c.kind == "text"
                else max(12, min(24, widths[col]))
            )
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(t.rows), 1), len(t.columns) - 1)
    book.close()
    return buffer.getvalue()


def _write(sheet, row: int, col: int, value, kind: str, formats, wrap, quoted) -> None:
    if ph.is_missing(value):
        sheet.write_blank(row, col, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            sheet.write_blank(row, col, None)
        else:
            sheet.write_number(row, col, value, formats.get(kind))
    elif isinstance(value, (dt.datetime, dt.date)):
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        sheet.write_datetime(row, col, value, formats["date"])
    else:
        text = str(value)
        sheet.write_string(row, col, text, quoted if is_dangerous(text) else wrap)
