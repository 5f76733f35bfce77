"""Tables out as CSV and XLSX that no spreadsheet will run.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return could be read
as a formula (CSV injection). In CSV such cells get a leading apostrophe; in XLSX every text is
written as a string cell (never a formula), and those cells also carry Excel's "quote prefix" so
that editing them keeps them text. Numbers stay numbers, dates are dates (dd/mm/yyyy).
No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable

import pandas as pd

from etl import xlsx
from etl.xlsx import DANGEROUS_PREFIXES, is_dangerous  # noqa: F401 - this module's public names too

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MAX_SHEET_NAME = 31


def neutralize(value):
    """A text that a spreadsheet could run, prefixed with an apostrophe; anything else unchanged."""
    return "'" + value if is_dangerous(value) else value


def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _cell_text(value) -> str:
    """Lists (themes) as 'a; b', the rest as str."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)):
        items = value.tolist() if hasattr(value, "tolist") else value
        if isinstance(items, list):
            return "; ".join("" if _is_missing(v) else str(v) for v in items)
    return str(value)


def _text_columns(df: pd.DataFrame) -> Iterable[str]:
    return [
        c
        for c in df.columns
        if not (
            pd.api.types.is_numeric_dtype(df[c])
            or pd.api.types.is_bool_dtype(df[c])
            or pd.api.types.is_datetime64_any_dtype(df[c])
        )
    ]


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel opens Vietnamese text correctly), formula-like texts neutralized."""
    out = df.copy()
    for c in _text_columns(out):
        out[c] = [
            None if _is_missing(v) else neutralize(v if isinstance(v, (str, dt.date)) else _cell_text(v))
            for v in out[c]
        ]
        out[c] = [v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in out[c]]
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.strftime("%d/%m/%Y")
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = "Dữ liệu") -> bytes:
    """One sheet: a bold header row, then the rows, each cell typed (text, number, date, boolean)."""
    buffer = io.BytesIO()
    workbook = xlsx.workbook(buffer)
    sheet = workbook.add_worksheet(_sheet_name(sheet_name))
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    quoted = workbook.add_format({"quote_prefix": True})
    for col, name in enumerate(df.columns):
        sheet.write_string(0, col, str(name), bold)
    for col, name in enumerate(df.columns):
        for row, value in enumerate(df[name].tolist(), start=1):
            _write(sheet, row, col, value, date_format, quoted)
    if len(df.columns):
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(df), 1), len(df.columns) - 1)
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row: int, col: int, value, date_format, quoted) -> None:
    if _is_missing(value):
        sheet.write_blank(row, col, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            sheet.write_blank(row, col, None)
        else:
            sheet.write_number(row, col, value)
    elif hasattr(value, "item") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 1) == 0:
        _write(sheet, row, col, value.item(), date_format, quoted)  # numpy scalars
    elif isinstance(value, (dt.datetime, dt.date)):
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        sheet.write_datetime(row, col, value, date_format)
    else:
        text = value if isinstance(value, str) else _cell_text(value)
        if is_dangerous(text):
            sheet.write_string(row, col, text, quoted)
        else:
            sheet.write_string(row, col, text)


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "Sheet1"
    return cleaned[:_MAX_SHEET_NAME]
