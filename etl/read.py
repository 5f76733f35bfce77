"""Reading office files into the warehouse's scratch tables.

A file (CSV in UTF-8, UTF-8 with BOM, UTF-16 or Windows-1258, comma/semicolon/tab separated;
or an XLSX/XLS/ODS workbook, one kind per sheet) becomes one ``RawSheet`` per sheet: a DuckDB
temporary table with a ``_row`` column (the row number a person sees in Excel) and one VARCHAR
column per canonical column found in the header. Title rows above the header are skipped; the
header is matched by canonical name or Vietnamese label ignoring case, diacritics, spaces and
punctuation. Nothing here judges values: that is ``etl.validate``.

Large UTF-8 CSV files are read by DuckDB's own CSV reader; everything else goes through Python's
``csv`` module in chunks. Every input is bounded (file size, rows, xlsx inflation).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from etl import config
from etl.formats import (
    COUNT_UNITS,
    IGNORED_HEADERS,
    MONEY_UNITS,
    RecordKind,
    detect_kind,
    match_headers,
    scaled_money,
    spec,
    without_count_unit,
)
from etl.problems import Problem, problem
from etl.text import clean_cell, fold, nfc, strip_diacritics

MAX_TITLE_ROWS = 10
DELIMITERS = (",", ";", "\t", "|")
CHUNK_ROWS = 200_000
SNIFF_BYTES = 256 * 1024
# Below this size a CSV is read in Python (exact in every corner); above it DuckDB reads it.
FAST_PATH_MIN_BYTES = 4 * config.MB
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Whitespace that clean_cell folds, besides line breaks: two spaces, a non-breaking space, a
# tab, a carriage return (as found in a file's bytes).
ODD_SPACES = frozenset(("  ", "\u00a0", "\t", "\r"))


@dataclass
class RawSheet:
    """One file or sheet, read but not yet checked."""

    label: str
    kind: str | None = None
    table: str | None = None
    columns: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    # The columns every record of its kind fills with what it is (not its numbers, which a
    # totals row fills too): how a totals row is told apart.
    required: tuple[str, ...] = ()
    header_row: int | None = None
    # The row-number columns ("STT"): "Cộng" there marks a totals row, whatever else it holds.
    number_columns: tuple[int, ...] = ()
    # How many columns the header row has (a CSV row with more, filled, had a cell split).
    width: int = 0
    # The day a members table's title gives its figures ("Tính đến ngày 30/6/2025"), where no
    # column does: every record's ``as_of``.
    stated_date: str | None = None
    # The headers of columns that are none of the kind's ("Ghi chú 2", "Đơn vị"): not read, and said so.
    ignored: list[str] = field(default_factory=list)
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    # Values read in Python are clean (NFC, trimmed, single spaces); DuckDB's reader gives them
    # as they are in the file, and these say what cleaning the file needs.
    clean: bool = True
    needs_nfc: bool = False
    needs_space: bool = False
    # The odd whitespace the file may hold (``FileScan.odd_spaces``; all of it unless known).
    odd_spaces: frozenset[str] = ODD_SPACES
    # Per column, the cells that were numbers with a fraction in the workbook, as their text
    # ('1.125' there is one and an eighth, where typed as text it would be 1125).
    fractions: dict[str, set[str]] = field(default_factory=dict)
    # Whether the table has its _row column yet, and the Excel row of its first record.
    numbered: bool = True
    first_row: int = 2
    # DuckDB's reader fills the table in no particular order (faster on several cores): how to
    # read the file again in order, when row numbers are needed.
    reread: Reread | None = None

    @property
    def ok(self) -> bool:
        return self.table is not None and not self.problems


@dataclass(frozen=True)
class Reread:
    """How to read a CSV again, in order, for its rows' numbers (``number_rows``)."""

    select: str  # DuckDB's reading of the records, and its parameters
    params: list
    leave_out: str | None  # the condition of rows left out after reading (separators only, totals)
    path: Path
    delimiter: str
    start: int  # the records above the data (titles and header)


class FileRejected(Exception):
    """A file-level problem: the file as a whole cannot be read."""

    def __init__(self, code: str, detail: str = "", value: str | None = None, kind: str | None = None):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.value = value
        self.kind = kind  # (the kind of records, where the header told it)


# --------------------------------------------------------------------------- header detection


def find_header(
    records: list[list[str]], kind: str | RecordKind | None
) -> tuple[int, str | RecordKind | None, dict[int, str]]:
    """(index of the header record, kind, position -> canonical column) among the first rows."""
    best = (-1, None, {})
    best_score = (-1, -1)
    for index, record in enumerate(records[: MAX_TITLE_ROWS + 1]):
        if kind:
            found_kind, matched = kind, match_headers(kind, record)
        else:
            found_kind, matched = detect_kind(record)
        if not found_kind or len(matched) < 2:
            continue
        required = spec(found_kind).required
        complete = all(r in matched.values() for r in required)
        score = (int(complete), len(matched))
        if score > best_score:
            best, best_score = (index, found_kind, matched), score
            if complete and len(matched) == len(record_nonblank(record)):
                break
    return best


_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,3})(?:\.0)?\s*\)?$")
_COLUMN_LETTER = re.compile(r"^\(?[A-Z]\)?$")
_FIGURE = re.compile(r"^[\d.,\s%-]+$")


def table_start(
    records: list[list[str]], index: int, kind: str | RecordKind, matched: dict[int, str]
) -> tuple[list[str], dict[int, str], int]:
    """The header as the table writes it, its columns, and the index of its first data row.

    Vietnamese report tables often head some columns in two rows (a group heading merged over
    several columns: "Số người" over "Tham gia" and "Hưởng lợi"): a row under the header that
    leaves the required columns empty (a record would fill them) is read into the header, when
    that names more columns.
    A row numbering the columns ("(1)", "(2)", …) under the header is passed over, and so is a
    row of units ("(người)", "(triệu đồng)"); an amount's unit stated there, or above the table
    ("ĐVT: triệu đồng"), goes with its header.
    """
    header = [str(v) for v in records[index]]
    start = index + 1
    if unit := _stated_unit(records[:index]):
        # "ĐVT: triệu đồng" above the table: the unit of its amounts.
        header = [_with_unit(kind, h, unit) if p in matched else h for p, h in enumerate(header)]
    if start < len(records) and _units_row(records[start]):
        # A row of units under the header ("(triệu đồng)" under "Kinh phí"): an amount's unit
        # goes with its header, and the row is passed over.
        below = [str(v) if v is not None else "" for v in records[start]]
        header = [
            _with_unit(kind, h, below[p]) if p in matched and p < len(below) else h
            for p, h in enumerate(header)
        ]
        start += 1
    elif start < len(records) and not _column_numbers(records[start]):
        below = [str(v) for v in records[start]]
        filled = {p for p, v in enumerate(below) if v.strip()}
        # (A record fills what it is; a header's second row may head a count: "Tổng số".)
        required = {
            p
            for p, name in matched.items()
            if name in spec(kind).required and spec(kind).column_by_name[name].type not in _NUMBER_TYPES
        }
        if filled and not filled & required:
            for combined in (
                _combined(kind, header, below),
                _grouped(header, below),
                _overlaid(header, below),
            ):
                found = match_headers(kind, combined)
                # (A row of words only, no figures, is a header row even naming no new column:
                # "Tổng số | Nữ" under "Đoàn viên công đoàn", then a row numbering the columns.)
                more = len(found) > len(matched) or (
                    len(found) == len(matched) and not any(_FIGURE.match(below[p].strip()) for p in filled)
                )
                if more and set(matched.values()) <= set(found.values()):
                    header, matched, start = combined, found, index + 2
    if start < len(records) and _column_numbers(records[start]):
        start += 1
    return header, matched, start


def _with_unit(kind: str | RecordKind, header: str, unit: str) -> str:
    """A money column's header with a unit stated apart from it ("Kinh phí" + "triệu đồng"),
    unless it states its own; any other header as it is."""
    unit = unit.strip().removeprefix("(").removesuffix(")")
    if not unit or scaled_money(kind, header) or not scaled_money(kind, f"{header} {unit}"):
        return header
    return f"{header} ({unit})"


# Units a report writes under its headers, besides amounts' (folded): people, times, households, gifts.
_COUNT_UNITS = frozenset(fold(unit) for unit in COUNT_UNITS)


_STATED_UNIT = re.compile(r"^\s*(?:đơn vị tính|don vi tinh|đvt|dvt)\s*[:：]?\s*(.+?)\s*$", re.IGNORECASE)


def _stated_unit(titles: list[list]) -> str | None:
    """The unit of amounts a report states above its table ("ĐVT: triệu đồng", "Đơn vị tính:
    nghìn đồng"), as written; None when it states none, or one that is no unit of money."""
    for record in titles:
        for cell in record:
            found = _STATED_UNIT.match(nfc(str(cell))) if cell else None
            if found and fold(found.group(1)) in MONEY_UNITS:
                return found.group(1)
    return None


def _units_row(record: list) -> bool:
    """Whether a row holds only units, as some reports write under the header: "(triệu đồng)",
    "(người)", "ĐVT: đồng"."""
    cells = [str(v) for v in record if v is not None and str(v).strip()]
    units = [fold(c).removeprefix("dvt") for c in cells]
    return bool(units) and all(u in MONEY_UNITS or u in _COUNT_UNITS for u in units)


def _grouped(header: list[str], below: list[str]) -> list[str]:
    """Each cell of the lower header row after its group heading (the nearest heading at or
    left of it: a merged cell keeps its text in its first column)."""
    out, group = list(header) + [""] * max(0, len(below) - len(header)), ""
    for pos, text in enumerate(below):
        if pos < len(header) and header[pos].strip():
            group = header[pos]
        if text.strip():
            out[pos] = f"{group} {text}".strip()
    return out


def _overlaid(header: list[str], below: list[str]) -> list[str]:
    """The lower header row's cells in place of the upper's, where it has them (and says
    something once: "Tổng số" under two groups says nothing alone)."""
    out = list(header) + [""] * max(0, len(below) - len(header))
    keys = [fold(without_count_unit(text)) for text in below]
    for pos, text in enumerate(below):
        if text.strip() and keys.count(keys[pos]) == 1:
            out[pos] = text
    return out


def _combined(kind: str | RecordKind, header: list[str], below: list[str]) -> list[str]:
    """Each lower header cell read with its group heading in the order that names a column:
    "Hội viên" over "Tổng số | Kết nạp mới" is "Tổng số hội viên" and "Kết nạp mới"; "Chi hội"
    over "Tổng số" names nothing (not the members, whose "Tổng số" stands under "Hội viên")."""
    out, group = list(header) + [""] * max(0, len(below) - len(header)), ""
    keys = [fold(without_count_unit(text)) for text in below]
    for pos, text in enumerate(below):
        if pos < len(header) and header[pos].strip():
            group = header[pos].strip()
        text = text.strip()
        if not text:
            continue
        candidates = [f"{group} {text}".strip(), f"{without_count_unit(text)} {group}".strip()]
        if keys.count(keys[pos]) == 1:
            candidates.append(text)
        # (Under a heading that names a column, its first column is that column: "Kinh phí (triệu
        # đồng)" over "Tổng số | Trong đó: xã hội hóa".)
        first = header[pos].strip() if pos < len(header) else ""
        out[pos] = next((c for c in candidates if match_headers(kind, [c])), first or candidates[0])
    return out


def _column_numbers(record: list) -> bool:
    """Whether a row only numbers the columns: "(1)", "(2)", … or 1, 2, … rising, three or more;
    or letters them, "A", "B", "C", … (then numbers: "A B C 1 2 3", as forms label their columns)."""
    numbers, letters = [], []
    for value in record:
        text = str(value).strip() if value is not None else ""
        if not text:
            continue
        if match := _COLUMN_NUMBER.match(text):
            numbers.append(int(match.group(1)))
        elif _COLUMN_LETTER.match(text) and not numbers:
            letters.append(ord(text.strip("()").upper()))
        else:
            return False
    rising = all(b > a for a, b in zip(numbers, numbers[1:], strict=False)) and all(
        b > a for a, b in zip(letters, letters[1:], strict=False)
    )
    return len(numbers) + len(letters) >= 3 and rising


def record_nonblank(record: list[str]) -> list[str]:
    return [c for c in record if c and c.strip() and fold(c) not in IGNORED_HEADERS]


def only_titles(records: list[list[str]]) -> bool:
    """Whether these (all the rows of a file or sheet) are at most title rows: no data at all."""
    return len(records) <= MAX_TITLE_ROWS + 1 and all(len(record_nonblank(r)) <= 1 for r in records)


# --------------------------------------------------------------------------- encodings


def detect_encoding(head: bytes) -> str:
    """The text encoding of a CSV from its first bytes."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if sample and sample.count(0) > len(sample) // 4:
        # UTF-16 without a byte order mark: ASCII characters leave a zero byte beside them.
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        return "utf-16-be" if even_zeros > odd_zeros else "utf-16-le"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1258"


def _open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    return open(path, encoding=encoding, newline="", errors="strict")  # noqa: SIM115


# What a file is, by its first bytes, when it is plainly not a spreadsheet.
NOT_SPREADSHEETS = {
    b"%PDF": "tệp PDF",
    b"\x89PNG": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"GIF8": "ảnh GIF",
    b"Rar!": "tệp nén RAR",
    b"7z\xbc\xaf": "tệp nén 7z",
    b"\x1f\x8b": "tệp nén gzip",
}


# Control characters no text file holds (tab, line breaks and form feed aside).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_binary(text: str) -> bool:
    """Whether decoded text is full of control characters (a binary file read as text)."""
    return len(_CONTROL_CHARS.findall(text)) > max(2, len(text) // 100)


def csv_reader(lines: Iterable[str], delimiter: str, strict: bool = False) -> Iterator[list[str]]:
    """Python's CSV reader as this module reads files. Spaces after a separator are skipped, so
    that a quoted cell typed after a space (`A, "1.500.000"`) is one cell, as DuckDB's reader
    (the large-file path) reads it; the cells are trimmed later anyway."""
    return csv.reader(lines, delimiter=delimiter, strict=strict, skipinitialspace=True)


def _sniff_records(text: str, kind: str | RecordKind | None = None) -> tuple[str, list[list[str]]]:
    """The delimiter that makes the best header (of ``kind``, or of any record kind) among the
    first lines, with those lines parsed."""
    best: tuple[tuple[int, int], str, list[list[str]]] = ((-1, -1), ",", [])
    for delimiter in DELIMITERS:
        records = list(
            itertools.islice(csv_reader(io.StringIO(text, newline=""), delimiter), MAX_TITLE_ROWS + 3)
        )
        _index, found, matched = find_header(records, kind)
        complete = bool(found) and all(r in matched.values() for r in spec(found).required)
        score = (int(complete), len(matched))
        if score > best[0]:
            best = (score, delimiter, records)
    return best[1], best[2]


# --------------------------------------------------------------------------- scratch tables


def _new_table_name() -> str:
    return f"raw_{uuid.uuid4().hex[:12]}"


def _create_table(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> None:
    cols = ", ".join(f'"{c}" varchar' for c in columns)
    con.execute(f"create temp table {table} (_row bigint, {cols})")


def _append_chunk(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[str],
    positions: list[int],
    rows: list[tuple[int, list]],
    fractions: dict[str, set[str]],
) -> None:
    data: dict[str, list] = {"_row": [r for r, _ in rows]}
    for name, pos in zip(columns, positions, strict=True):
        cells = [record[pos] if pos < len(record) else None for _, record in rows]
        data[name] = [_cell(v) for v in cells]
        if found := {_cell(v) for v in cells if type(v) is float and v == v and not v.is_integer()}:
            fractions.setdefault(name, set()).update(found)
    frame = pd.DataFrame(data)
    view = f"chunk_{uuid.uuid4().hex[:8]}"
    con.register(view, frame)
    try:
        con.execute(f"insert into {table} select * from {view}")
    finally:
        con.unregister(view)


def _cell(value) -> str | None:
    """A cell as text: trimmed NFC; Excel dates as ISO; whole floats without '.0'; blank as None."""
    if value is None:
        return None
    if isinstance(value, str):
        text = clean_cell(value)
        return text or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    text = clean_cell(str(value))
    return text or None


def _is_blank(record: list, positions: list[int]) -> bool:
    for pos in positions:
        if pos < len(record):
            value = record[pos]
            if value is not None and not (isinstance(value, str) and not value.strip()):
                return False
    return True


# The label of a totals row at the foot of a report table ("Tổng cộng", "Cộng"), folded, and
# how many columns from the left may hold it besides the named ones (a merged "Tổng cộng" cell
# keeps its text in its first column, often the STT one).
TOTAL_LABELS = frozenset({"tongcong", "cong", "tongso", "tong", "total", "luyke", "luyketudaunam"})
LABEL_COLUMNS = 3
# (A label may say what it counts in brackets or after a colon: "TỔNG CỘNG (02 hoạt động)",
# "Tổng số: 06 nhiệm vụ".)
_LABEL_NOTE = re.compile(r"\s*(?:\(.*\)|:.*)\s*$")

# A section heading inside the table: "I", "II", "A" in the STT column ("I | CẤP HUYỆN"), or a
# row of one cell "II. CẤP XÃ".
_SECTION_MARK = re.compile(r"^(?:[IVX]{1,5}|[A-H])\s*[.)]?$")
_SECTION_HEADING = re.compile(r"^(?:[IVX]{1,5}|[A-H])\s*[.)\-–]\s*\S")
# Below the table, the signature block and notes of a report (folded, lower case): the table
# has ended there.
_END_OF_TABLE = re.compile(
    r"^(?:nguoi lap(?: bieu| bang| bao cao)?$|thu truong(?: don vi| co quan)?$|(?:t/m|tm|k/t|kt|tl|t/l)[. ]\s*\S|"
    r"xac nhan(?: cua)?\b|noi nhan\b|\(?ky,? (?:ghi ro |ten)|ghi chu\s*:|"
    r"(?:nguoi tong hop|chu tich|pho chu tich|truong ban|pho truong ban|bi thu|pho bi thu|ke toan|"
    r"thu quy|thu ky|truong phong|giam doc)$|"
    r"[^,]{2,40}, ngay .{1,4} thang .{1,4} nam \d{4}$|ngay .{1,4} thang .{1,4} nam \d{4}$)"
)


def _is_totals(record: list, required: list[int], places: list[int], numbers: tuple[int, ...] = ()) -> bool:
    """Whether a record is the table's totals row: a cell of ``places`` says "Tổng cộng" (or
    "Cộng"…) and the ``required`` cells, those that say what a record is, are empty (but for
    that label; the totals may fill the number columns). Or a row-number column (``numbers``)
    says so: "Cộng | Ủy ban MTTQ | … | 215,5" is the Front's subtotal, not a record.

    Called on every record read in Python: a record is told apart by its first filled required
    cell, without folding anything."""
    if any(p < len(record) and _is_total_label(record[p]) for p in numbers):
        return True
    for pos in required:
        value = record[pos] if pos < len(record) else None
        if isinstance(value, str):
            if value.strip() and not _is_total_label(value):
                return False
        elif value is not None:
            return False
    return any(p < len(record) and _is_total_label(record[p]) for p in places)


def _is_total_label(value) -> bool:
    # (Cheap tests first: every label is short and starts with T, C or L.)
    if not isinstance(value, str) or len(value) > 40:
        return False
    text = value.strip()
    return text[:1] in "TtCcLl" and text != "" and fold(_LABEL_NOTE.sub("", text)) in TOTAL_LABELS


def _misses_required(record: list, required: list[int]) -> bool:
    for pos in required:
        value = record[pos] if pos < len(record) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            return True
    return False


def _is_section(record: list, numbers: tuple[int, ...], lone: bool = True) -> bool:
    """A section heading: "I", "B." in a row-number column, or (``lone``) the row's only cell "II.
    CẤP XÃ"."""
    for pos in numbers:
        if pos < len(record) and isinstance(record[pos], str) and _SECTION_MARK.match(record[pos].strip()):
            return True
    if not lone:
        return False
    filled = [v for v in record if v is not None and str(v).strip()]
    return len(filled) == 1 and isinstance(filled[0], str) and bool(_SECTION_HEADING.match(filled[0].strip()))


def _ends_table(record: list) -> bool:
    """A row of the signature block or notes below a report table ("Người lập biểu", "Mai Sơn,
    ngày 30 tháng 6 năm 2025", "Ghi chú: …"): a few cells, one of them such a line."""
    filled = [str(v).strip() for v in record if v is not None and str(v).strip()]
    if not filled or len(filled) > 4:
        return False
    return any(_END_OF_TABLE.match(re.sub(r"\s+", " ", strip_diacritics(v).lower())) for v in filled)


def _totals_sql(columns: list[str], required: list[str], numbers: list[str]) -> str:
    """``_is_totals`` in SQL over a raw table's text columns (``numbers``: its row-number columns)."""
    any_label = " or ".join(_total_label_sql(c) for c in columns) or "false"
    empty = " and ".join(f"({_quoted(c)} is null or {_total_label_sql(c)})" for c in required)
    in_numbers = " or ".join(_total_label_sql(c) for c in numbers) or "false"
    return f"((({any_label}) and {empty or 'true'}) or {in_numbers})"


def _total_label_sql(column: str) -> str:
    labels = ", ".join(f"'{t}'" for t in sorted(TOTAL_LABELS))
    cell = f"regexp_replace({_quoted(column)}, '{_LABEL_NOTE.pattern}', '')"
    return (
        f"coalesce(regexp_replace(strip_accents(lower({cell})), '[^a-z0-9]', '', 'g') in ({labels}), false)"
    )


def _not_a_record_sql(columns: list[str], numbers: list[str]) -> str:
    """Whether a row (missing a required cell) may be a section heading or lie below the table
    (``_is_section``, ``_ends_table``), in SQL: such a file is read in Python, in order."""
    marks = [f"regexp_matches(trim({_quoted(c)}), '{_SECTION_MARK.pattern}')" for c in numbers]
    folded = [f"regexp_replace(strip_accents(lower(trim({_quoted(c)}))), '\\s+', ' ', 'g')" for c in columns]
    ends = [f"regexp_matches({t}, '{_END_OF_TABLE.pattern}')" for t in folded]
    heads = [f"regexp_matches(trim({_quoted(c)}), '{_SECTION_HEADING.pattern}')" for c in columns]
    return " or ".join(f"coalesce({x}, false)" for x in [*marks, *ends, *heads]) or "false"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _load_records(
    con: duckdb.DuckDBPyConnection,
    sheet: RawSheet,
    records: Iterator[list],
    first_row: int,
    matched: dict[int, str],
    max_rows: int,
) -> None:
    """Put data records (starting at Excel row ``first_row``) into a new scratch table."""
    positions = sorted(matched)
    columns = [matched[p] for p in positions]
    required = [p for p in positions if matched[p] in sheet.required]
    places = sorted(set(positions) | set(range(LABEL_COLUMNS)))
    table = _new_table_name()
    _create_table(con, table, columns)
    chunk: list[tuple[int, list]] = []
    count = 0
    ended = False  # (past the signature block or notes below the table)
    try:
        for offset, record in enumerate(records):
            if _is_blank(record, positions):
                # (Notes beside the named columns, "Ghi chú: …" in the STT one, end the table too.)
                ended = ended or (
                    any(v is not None and str(v).strip() for v in record) and _ends_table(record)
                )
                continue
            if _is_totals(record, required, places, sheet.number_columns) or _is_section(
                record, sheet.number_columns, lone=False
            ):
                continue
            if _misses_required(record, required):
                # Not a record: a section heading, the signature block below the table (and the
                # names under it), or notes. (A record missing a cell is reported, not passed over.)
                ended = ended or _ends_table(record)
                if ended or _is_section(record, sheet.number_columns):
                    continue
            count += 1
            if count > max_rows:
                raise FileRejected("file_too_large", f"quá {max_rows:,} dòng dữ liệu.".replace(",", "."))
            chunk.append((first_row + offset, record))
            if len(chunk) >= CHUNK_ROWS:
                _append_chunk(con, table, columns, positions, chunk, sheet.fractions)
                chunk = []
        if chunk:
            _append_chunk(con, table, columns, positions, chunk, sheet.fractions)
    except BaseException:
        con.execute(f"drop table if exists {table}")  # a file that fails part-way leaves nothing
        raise
    sheet.table, sheet.columns, sheet.rows = table, columns, count


# Column types of numbers (a totals row holds them: "Tổng cộng … 12.450" under a members count).
_NUMBER_TYPES = ("count", "money", "year")


def _set_header(
    sheet: RawSheet,
    header: list,
    header_index: int,
    kind: str | RecordKind | None,
    matched: dict[int, str],
    titles: list[list] = (),
):
    sheet.kind = kind.name if isinstance(kind, RecordKind) else kind
    sheet.required = (
        tuple(c.name for c in spec(kind).columns if c.required and c.type not in _NUMBER_TYPES)
        if kind
        else ()
    )
    sheet.header_row = header_index + 1
    sheet.width = len(header)
    sheet.ignored = [
        clean_cell(str(cell))
        for pos, cell in enumerate(header)
        if pos not in matched
        and cell is not None
        and clean_cell(str(cell))
        and fold(str(cell)) not in IGNORED_HEADERS
    ]
    sheet.number_columns = tuple(
        pos for pos, cell in enumerate(header) if cell is not None and fold(str(cell)) in IGNORED_HEADERS
    )
    sheet.headers = {name: clean_cell(str(header[pos])) for pos, name in matched.items()}
    present = set(matched.values())
    if kind and "as_of" in spec(kind).column_by_name and "as_of" not in present:
        sheet.stated_date = _stated_date(titles)
        if sheet.stated_date:
            present.add("as_of")
    if kind:
        for col in spec(kind).columns:
            if col.required and col.name not in present:
                sheet.problems.append(problem("missing_column", column=col.name, value=col.label_vi))


_STATED_DATE = re.compile(
    r"(?:tính|tinh)?\s*(?:đến|den|tới|toi)\s+(?:hết\s+|het\s+)?(ngày.+?|ngay.+?|\d.+?)\)?\s*$", re.I
)


def _stated_date(titles: list[list]) -> str | None:
    """The day a table's title gives its figures ("… tính đến ngày 30/6/2025"), as written."""
    from etl.validate import parse_date  # (the one reading of dates; it reads this module)

    for record in titles:
        for cell in record:
            found = _STATED_DATE.search(nfc(str(cell))) if cell else None
            if found and parse_date(found.group(1)):
                return found.group(1)
    return None


# --------------------------------------------------------------------------- CSV


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    label: str,
    kind: str | RecordKind | None,
    max_rows: int,
    scan: Future[FileScan] | None = None,
) -> RawSheet:
    sheet = RawSheet(label)
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n,;"):
        raise FileRejected("file_empty")
    encoding = detect_encoding(head)
    try:
        with _open_text(path, encoding) as handle:
            head_text = handle.read(SNIFF_BYTES // 2)
    except UnicodeDecodeError:
        encoding = "cp1258"
        with _open_text(path, encoding) as handle:
            head_text = handle.read(SNIFF_BYTES // 2)
    if _looks_binary(head_text):
        raise FileRejected("file_unreadable", "tệp không phải văn bản CSV (có vẻ là một tệp nhị phân).")
    delimiter, records = _sniff_records(head_text, kind)
    header_index, found_kind, matched = find_header(records, kind)
    if header_index < 0:
        if only_titles(records):
            raise FileRejected("file_empty")
        raise FileRejected(
            "missing_column",
            value=", ".join(c.label_vi for c in spec(kind).columns if c.required) if kind else None,
        )
    header, matched, start = table_start(records, header_index, found_kind, matched)
    _set_header(sheet, header, header_index, found_kind, matched, records[:header_index])
    if sheet.problems:
        return sheet
    size = path.stat().st_size
    if (
        encoding in ("utf-8", "utf-8-sig")
        and size >= FAST_PATH_MIN_BYTES
        and _try_duckdb_csv(con, sheet, path, delimiter, start, len(header), matched, max_rows, scan)
    ):
        return sheet
    try:
        _read_csv_python(con, sheet, path, encoding, delimiter, start, matched, max_rows)
    except UnicodeDecodeError:
        if encoding.startswith("utf-8"):
            # Valid UTF-8 at the start, not further on: an older Windows file.
            _read_csv_python(con, sheet, path, "cp1258", delimiter, start, matched, max_rows)
        else:
            raise
    return sheet


def _read_csv_python(
    con, sheet, path, encoding, delimiter, start, matched, max_rows, strict: bool = True
) -> None:
    """Read a CSV in Python. Strictly first, so that a quote left open is found (a lenient reader
    would silently put the rest of the file into one cell); leniently where strictness finds only
    text after a closing quote ('"Hội" Phụ nữ'), which Excel reads as it stands."""
    rows_read = start  # (``start``: the records above the data: titles and header)
    try:
        with _open_text(path, encoding) as handle:
            reader = csv_reader(handle, delimiter, strict=strict)
            for _ in range(start):
                next(reader, None)

            split: list[int] = []  # rows with more filled cells than the header has columns

            def records() -> Iterator[list[str]]:
                nonlocal rows_read
                for record in reader:
                    rows_read += 1
                    if len(record) > sheet.width and any(c.strip() for c in record[sheet.width :]):
                        split.append(rows_read)
                    yield record

            _load_records(con, sheet, records(), start + 1, matched, max_rows)
            if split:
                con.execute(f"drop table if exists {sheet.table}")
                sheet.table = None
                raise FileRejected(
                    "file_unreadable", _split_cells(split, sheet.width, delimiter), kind=sheet.kind
                )
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise FileRejected(
                "file_unreadable", f'dấu ngoặc kép (") mở ở dòng {rows_read + 1} mà không đóng.'
            ) from exc
        if not strict or "expected after" not in str(exc):
            raise
        _read_csv_python(con, sheet, path, encoding, delimiter, start, matched, max_rows, False)


_SEPARATOR_NAMES = {",": "dấu phẩy", ";": "dấu chấm phẩy", "\t": "dấu tab"}


def _split_cells(rows: list[int], width: int, delimiter: str) -> str:
    """Why rows with more cells than the header stop the file: a cell holding the separator
    without quotes ('2,5', 'Trao quà, hỗ trợ') was split, and every cell after it moved."""
    shown = ", ".join(str(r) for r in rows[:10]) + (
        f" và {len(rows) - 10} dòng khác" if len(rows) > 10 else ""
    )
    separator = _SEPARATOR_NAMES.get(delimiter, f"'{delimiter}'")
    return (
        f"dòng {shown} có nhiều ô hơn {width} cột của tiêu đề: có lẽ một ô chứa {separator} mà không "
        f"nằm trong ngoặc kép (như 2,5 hay 'Trao quà, hỗ trợ'), nên các ô sau nó bị lệch cột. "
        f"Hãy đặt ô đó trong ngoặc kép, hoặc mở tệp bằng Excel rồi lưu lại."
    )


@dataclass(frozen=True)
class FileScan:
    """What one pass over a file's bytes tells."""

    sha256: str
    # Combining marks (UTF-8 lead bytes CC/CD): the text needs NFC.
    combining: bool
    # Two spaces before a double quote (`A,  "1.500.000"`): Python's reader skips them and
    # reads a quoted cell, DuckDB's does not, so only Python's reads such a file. (After one
    # space both read a quoted cell; other odd quoting stops DuckDB's strict reader.)
    spaced_quote: bool = False
    # Which whitespace clean_cell folds the file holds anywhere (two spaces, a non-breaking
    # space, a tab, a carriage return): ``etl.validate`` looks in the text columns only for
    # those. (Line breaks, in every file, are always looked for.)
    odd_spaces: frozenset[str] = ODD_SPACES


def scan_file(path: Path) -> FileScan:
    """The file's SHA-256, whether it has combining marks, two spaces before a quote, and which
    odd whitespace, in one read. (Hashing and numpy let go of the GIL: this runs beside DuckDB's
    reading.)"""
    digest, combining, spaced, odd, tail = hashlib.sha256(), False, False, set(), b""
    with open(path, "rb") as handle:
        while block := handle.read(8 * config.MB):
            digest.update(block)
            combining = combining or b"\xcc" in block or b"\xcd" in block
            seam = tail + block[:2]  # (a pattern may straddle two blocks)
            if not spaced:
                spaced = b'  "' in seam or (_has_pair(block, b' "') and b'  "' in block)
            for text, pattern in (("  ", b"  "), ("\u00a0", b"\xc2\xa0")):
                # (Vietnamese text has no 0xC2 lead byte: one quick search rules the pair out.)
                if text not in odd and (
                    pattern in seam or (pattern[0:1] in block and _has_pair(block, pattern))
                ):
                    odd.add(text)
            for text, byte in (("\t", b"\t"), ("\r", b"\r")):
                if text not in odd and byte in block:
                    odd.add(text)
            tail = block[-2:]
    return FileScan(digest.hexdigest(), combining, spaced, frozenset(odd))


def _has_pair(data: bytes, pair: bytes) -> bool:
    """Whether the bytes hold ``pair`` (two bytes) anywhere: read as 16-bit numbers, at both
    alignments (far quicker than searching the bytes for the pair)."""
    value = int.from_bytes(pair, "little")
    for start in (0, 1):
        count = max(0, (len(data) - start) // 2)
        if count and np.any(np.frombuffer(data, "<u2", count=count, offset=start) == value):
            return True
    return False


def _has_blank_lines(path: Path) -> bool:
    """Whether the file has an empty line (DuckDB's reader skips those, shifting row numbers)."""
    tail = b""
    with open(path, "rb") as handle:
        while block := handle.read(8 * config.MB):
            data = tail + block
            if b"\n\n" in data or b"\n\r\n" in data:
                return True
            tail = data[-2:]
    return False


def _try_duckdb_csv(con, sheet, path, delimiter, start, width, matched, max_rows, scan) -> bool:
    """Read a large UTF-8 CSV with DuckDB's reader. False (nothing created) when it cannot.

    The table is filled in no particular order and its rows are not numbered: order and
    numbers are only needed to report problems, and ``number_rows`` reads the file again in
    order then. A clean file is read once, on every core.
    """
    if scan is not None:
        return _duckdb_csv(con, sheet, path, delimiter, start, width, matched, max_rows, scan)
    with ThreadPoolExecutor(max_workers=1) as pool:
        scan = pool.submit(scan_file, path)
        return _duckdb_csv(con, sheet, path, delimiter, start, width, matched, max_rows, scan)


def _duckdb_csv(con, sheet, path, delimiter, start, width, matched, max_rows, scan) -> bool:
    # Lines to skip: the title rows and the header, counted as physical lines.
    with _open_text(path, "utf-8-sig") as handle:
        reader = csv_reader(handle, delimiter)
        for _ in range(start):
            next(reader, None)
        skip_lines = reader.line_num
    if skip_lines != start:
        return False  # a title cell spanning lines: let the exact reader count rows
    columns = {f"c{i}": "VARCHAR" for i in range(width)}
    positions = sorted(matched)
    names = [matched[p] for p in positions]
    table = _new_table_name()
    # (DuckDB reads an empty field, quoted or not, as NULL.)
    selects = ", ".join(f'c{pos} as "{matched[pos]}"' for pos in positions)
    # (The left columns the header names nothing for, where a totals row's label may stand.)
    label_places = sorted(
        {p for p in range(min(width, LABEL_COLUMNS)) if p not in matched}
        | {p for p in sheet.number_columns if p < width and p not in matched}
    )
    selects += "".join(f', c{p} as "_x{p}"' for p in label_places)
    source = (
        "read_csv(?, delim = ?, header = false, skip = ?, auto_detect = false, quote = '\"', "
        "escape = '\"', columns = ?, strict_mode = true, encoding = 'utf-8')"
    )
    blank = " and ".join(f'"{n}" is null' for n in names)
    # Rows to leave out: nothing but separators (Excel writes them below the data), or the
    # table's totals row. (Only rows missing a required cell can be a totals row: tried first.)
    required = [n for n in names if n in sheet.required]
    labels = [*names, *(f"_x{p}" for p in label_places)]
    numbers = [f"_x{p}" for p in sheet.number_columns if p in label_places]
    # (A totals row misses a required cell, or says so in its row-number column.)
    marks = [
        f"coalesce(regexp_matches(trim({_quoted(c)}), '{_SECTION_MARK.pattern}'), false)" for c in numbers
    ]
    some_missing = (
        " or ".join([*(f'"{n}" is null' for n in required), *map(_total_label_sql, numbers), *marks])
        or "true"
    )
    blank = f"({blank}) or (({some_missing}) and {_totals_sql(labels, required, numbers)})"
    # Strict: DuckDB's lenient mode lets a quote left open swallow the rest of the file and
    # garbles text after a closing quote ('"Hội" Phụ nữ'); the exact reader takes such files,
    # and rows shorter or longer than the header (null_padding drops a record left open).
    select, params = f"select {selects} from {source}", [str(path), delimiter, skip_lines, columns]
    try:
        with unordered(con):
            count = con.execute(f"create temp table {table} as {select}", params).fetchall()[0][0]
        # (As a filter, pushed into the scan, the test skips at once what has no empty cell.)
        # (Every row left out, or not a record, misses a required cell: most files have none.)
        blank_rows = not_records = 0
        if con.execute(f"select count(*) from {table} where {some_missing}").fetchall()[0][0]:
            blank_rows = con.execute(f"select count(*) from {table} where {blank}").fetchall()[0][0]
            not_records = con.execute(
                f"select count(*) from {table} where ({some_missing}) and ({_not_a_record_sql(labels, numbers)})"
            ).fetchall()[0][0]
    except duckdb.Error:
        con.execute(f"drop table if exists {table}")
        return False
    if not_records:
        con.execute(f"drop table {table}")
        return False  # (headings or a signature block: read in order, in Python)
    if scan.result().spaced_quote:
        con.execute(f"drop table {table}")
        return False
    # (Empty lines, which DuckDB's reader skips, only matter to row numbers: ``number_rows``.
    # Cells spanning lines hold line breaks, found and folded per text column in etl.validate.)
    sheet.table, sheet.columns, sheet.first_row, sheet.numbered = table, names, start + 1, False
    sheet.reread = Reread(select, params, blank if blank_rows else None, path, delimiter, start)
    if blank_rows:
        # (Row numbers, when needed, come from reading the file again: that reading counts them.)
        con.execute(f"delete from {table} where {blank}")
        count -= blank_rows
    if count > max_rows:
        con.execute(f"drop table {sheet.table}")
        raise FileRejected("file_too_large", f"quá {max_rows:,} dòng dữ liệu.".replace(",", "."))
    sheet.rows = count
    sheet.clean, sheet.needs_nfc, sheet.needs_space = False, scan.result().combining, False
    sheet.odd_spaces = scan.result().odd_spaces
    return True


@contextmanager
def unordered(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Let the statements inside write rows in any order (DuckDB then fills a table in parallel)."""
    con.execute("set preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute("reset preserve_insertion_order")


def number_rows(con: duckdb.DuckDBPyConnection, sheet: RawSheet) -> None:
    """Give a sheet read by DuckDB its ``_row`` column: the row number a person sees in Excel."""
    if sheet.numbered or sheet.table is None:
        return
    reread, sheet.reread = sheet.reread, None
    excel_rows = None
    if reread is not None:
        # Read unordered: read the file again, in order this time (rows left out included, as
        # Excel counts them; they are left out again once numbered).
        ordered = _new_table_name()
        con.execute(f"create temp table {ordered} as {reread.select}", reread.params)
        con.execute(f"drop table {sheet.table}")
        sheet.table = ordered
        if _has_blank_lines(reread.path):
            excel_rows = _excel_rows(reread, sheet.first_row)
            if len(excel_rows) != con.execute(f"select count(*) from {ordered}").fetchall()[0][0]:
                excel_rows = None  # (the readers disagree on the records: number them in order)
    table = _new_table_name()
    numbered = f"select cast(? + row_number() over () - 1 as bigint) as _row, * from {sheet.table}"
    if excel_rows is None:
        con.execute(f"create temp table {table} as {numbered}", [sheet.first_row])
    else:
        # Empty lines, which DuckDB's reader skips, are rows in Excel: each record's row from
        # Python's reader, which keeps them.
        name = f"rows_{uuid.uuid4().hex[:10]}"
        ks = pa.array(range(1, len(excel_rows) + 1), pa.int64())
        con.register(name, pa.table({"_k": ks, "_excel": pa.array(excel_rows, pa.int64())}))
        try:
            con.execute(
                f"create temp table {table} as select e._excel as _row, n.* exclude (_row) "
                f"from ({numbered}) n join {name} e on e._k = n._row order by e._k",
                [1],
            )
        finally:
            con.unregister(name)
    con.execute(f"drop table {sheet.table}")
    if reread is not None and reread.leave_out:
        con.execute(f"delete from {table} where {reread.leave_out}")
    sheet.table, sheet.numbered = table, True


def _excel_rows(reread: Reread, first_row: int) -> list[int]:
    """The Excel row of each record of a CSV, as DuckDB's reader reads them (skipping empty
    lines, which Excel counts as rows)."""
    with _open_text(reread.path, "utf-8-sig") as handle:
        reader = csv_reader(handle, reread.delimiter)
        for _ in range(reread.start):
            next(reader, None)
        return [first_row + i for i, record in enumerate(reader) if record]


# --------------------------------------------------------------------------- Excel


def check_zip_bounds(path: Path, max_uncompressed: int, max_ratio: int) -> None:
    """Refuse an xlsx that would inflate too far, before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRejected("file_unreadable", "không phải tệp Excel (.xlsx) hợp lệ.") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > max_uncompressed:
        raise FileRejected("file_too_large", f"nội dung giải nén vượt {max_uncompressed // config.MB} MB.")
    for info in infos:
        if info.file_size > config.MB and info.file_size > max_ratio * max(info.compress_size, 1):
            raise FileRejected("file_too_large", "tệp nén bất thường (tỷ lệ giải nén quá lớn).")
    if total > config.MB and total > max_ratio * packed:
        raise FileRejected("file_too_large", "tệp nén bất thường (tỷ lệ giải nén quá lớn).")


def _read_workbook(
    con: duckdb.DuckDBPyConnection, path: Path, label: str, kind: str | RecordKind | None, max_rows: int
) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook

    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
        check_zip_bounds(path, config.MAX_XLSX_UNCOMPRESSED_BYTES, config.MAX_XLSX_RATIO)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileRejected("file_unreadable", "không mở được sổ tính Excel.") from exc
    hidden = _hidden_sheets(workbook)
    sheets = []
    for name in names:
        if name in hidden:
            continue  # (a draft or a template's lists: nothing the clerk sees in Excel is loaded)
        try:
            book_sheet = workbook.get_sheet_by_name(name)
            rows = book_sheet.to_python(skip_empty_area=False)
        except Exception as exc:
            raise FileRejected("file_unreadable", f"không đọc được trang '{name}'.") from exc
        if not any(_cell(v) for row in rows for v in row):
            continue  # an empty sheet is not a record file
        sheet_label = f"{label}:{name}" if len(names) > 1 else label
        sheet = RawSheet(sheet_label)
        records = [[("" if v is None else str(v)) for v in row] for row in rows[: MAX_TITLE_ROWS + 3]]
        header_index, found_kind, matched = find_header(records, kind)
        if header_index < 0:
            if (len(names) > 1 and not kind and not _looks_like_table(rows)) or (
                len(rows) <= MAX_TITLE_ROWS + 1 and only_titles(records)
            ):
                # A notes or instructions sheet beside the data sheets, or titles only. A sheet
                # holding a table is reported (its header not found), never passed over: its
                # rows would be lost unsaid.
                continue
            sheet.problems.append(problem("missing_column", value=_expected_headers(kind)))
            sheets.append(sheet)
            continue
        header, matched, start = table_start(records, header_index, found_kind, matched)
        _set_header(sheet, header, header_index, found_kind, matched, records[:header_index])
        if not sheet.problems:
            _fill_merged_down(rows, getattr(book_sheet, "merged_cell_ranges", None), start)
            _load_records(con, sheet, iter(rows[start:]), start + 1, matched, max_rows)
        sheets.append(sheet)
    if not sheets:
        raise FileRejected("file_empty")
    return sheets


def _fill_merged_down(rows: list[list], merged, start: int) -> None:
    """A cell merged down over several records ("Xã Chiềng Sung" over the commune's five rows)
    holds its value in its top row only: give it to every row of the merge. Only merges of one
    column below the header (a heading merged across the columns is no value of theirs)."""
    for (top, left), (bottom, right) in merged or ():
        if left != right or bottom <= top or top < start or top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        for row in rows[top + 1 : bottom + 1]:
            if left < len(row) and (row[left] is None or row[left] == ""):
                row[left] = value


def _looks_like_table(rows: list[list]) -> bool:
    """Whether a sheet holds a table: at least two rows of three or more filled cells (a notes
    sheet has a line of text a row)."""
    filled = 0
    for row in rows:
        if sum(1 for v in row if _cell(v)) >= 3:
            filled += 1
            if filled >= 2:
                return True
    return False


def _hidden_sheets(workbook) -> set[str]:
    """Names of the sheets hidden in the workbook (none where the format does not say)."""
    from python_calamine import SheetVisibleEnum

    try:
        return {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    except Exception:  # metadata is a nicety: without it every sheet counts as shown
        return set()


def _expected_headers(kind: str | RecordKind | None) -> str:
    if kind:
        return ", ".join(c.label_vi for c in spec(kind).columns if c.required)
    return "dòng tiêu đề cột (ví dụ: Ngày, Tổ chức, Loại hoạt động, Nội dung)"


# --------------------------------------------------------------------------- entry point


def read_file(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    *,
    kind: str | RecordKind | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    label: str | None = None,
    scan: Future[FileScan] | None = None,
) -> list[RawSheet]:
    """Read one file into scratch tables: one RawSheet per data sheet (one for a CSV).

    ``scan``: the file's ``scan_file``, when the caller has it running already (for the hash).

    ``kind`` is a record kind's name, or a ``RecordKind`` of a file that holds no records (a
    reference list, ``etl.reference_edit``). File-level problems (empty, unreadable, too large,
    no header) come back as a RawSheet without a table and with the problem; nothing raises for
    bad input.
    """
    path = Path(path)
    kind_name = kind.name if isinstance(kind, RecordKind) else kind
    label = label or path.name
    max_bytes = config.MAX_FILE_BYTES_CLI if max_bytes is None else max_bytes
    max_rows = config.MAX_ROWS if max_rows is None else max_rows
    try:
        if not path.is_file():
            raise FileRejected("file_unreadable", "không tìm thấy tệp.")
        size = path.stat().st_size
        if size > max_bytes:
            raise FileRejected(
                "file_too_large", f"{size / config.MB:.1f} MB, giới hạn {max_bytes // config.MB} MB."
            )
        if size == 0:
            raise FileRejected("file_empty")
        with open(path, "rb") as handle:
            magic = handle.read(8)
        for start, what in NOT_SPREADSHEETS.items():
            if magic.startswith(start):
                raise FileRejected("file_unreadable", f"đây là {what}, không phải bảng tính (CSV hay Excel).")
        is_zip = magic.startswith(b"PK\x03\x04")
        is_ole = magic.startswith(b"\xd0\xcf\x11\xe0")
        if path.suffix.lower() in EXCEL_SUFFIXES or is_zip or is_ole:
            sheets = _read_workbook(con, path, label, kind, max_rows)
        else:
            sheets = [_read_csv(con, path, label, kind, max_rows, scan)]
    except FileRejected as rejected:
        if rejected.code == "missing_column":
            message = problem("missing_column", value=rejected.value or _expected_headers(kind))
        else:
            message = problem(rejected.code, detail=rejected.detail)
        return [RawSheet(label, kind=rejected.kind or kind_name, problems=[message])]
    except csv.Error as exc:
        detail = _short(exc)
        if "field larger than field limit" in detail:
            detail = f"có ô dài quá {csv.field_size_limit():,} ký tự.".replace(",", ".")
        return [RawSheet(label, kind=kind_name, problems=[problem("file_unreadable", detail=detail)])]
    except UnicodeError:
        detail = "không nhận ra bảng mã ký tự của tệp (hãy lưu lại dạng CSV UTF-8 hoặc Excel)."
        return [RawSheet(label, kind=kind_name, problems=[problem("file_unreadable", detail=detail)])]
    except (OSError, duckdb.Error, ValueError) as exc:
        return [RawSheet(label, kind=kind_name, problems=[problem("file_unreadable", detail=_short(exc))])]
    if len(sheets) > 1 and any(s.rows or s.problems for s in sheets):
        # A workbook with data: a sheet of headers only is an unused template, not an error.
        unused = [s for s in sheets if s.table is not None and s.rows == 0 and not s.problems]
        drop_scratch(con, unused)
        sheets = [s for s in sheets if not any(s is u for u in unused)]
    for sheet in sheets:
        if sheet.table is not None and sheet.rows == 0 and not sheet.problems:
            sheet.problems.append(problem("file_empty"))
    return sheets


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def drop_scratch(con: duckdb.DuckDBPyConnection, sheets: list[RawSheet]) -> None:
    for sheet in sheets:
        if sheet.table:
            con.execute(f"drop table if exists {sheet.table}")
            sheet.table = None
