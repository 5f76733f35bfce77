"""A rejected file handed back to the clerk with its problems written in it.

``annotate_file(path, problems)`` returns the clerk's own file as XLSX with a "Lỗi" (error)
column after its last column: each data row with problems carries all their messages joined by
"; " on a light red cell, and problems of the whole file or sheet (``missing_column``,
``file_empty``…) are written in the header row's cell. Rows are matched by the Excel row numbers
the problems carry (title rows and the header counted, as ``etl.read`` numbers them).

- **XLSX/XLSM** is modified in place with openpyxl, keeping the clerk's formatting (macros are
  dropped). A workbook that would inflate past ``KEEP_FORMAT_MAX_BYTES`` is rebuilt from its
  values instead, like XLS and ODS.
- **CSV/TSV** (any encoding and delimiter ``etl.read`` understands) and **XLS/ODS** become an
  XLSX built from their cells: CSV cells stay text as typed (in Unicode NFC; so ``04108`` keeps
  its zero and ``1.500.000`` its dots), spreadsheet cells keep their types, dates dd/mm/yyyy.
- **Formula-safe:** every cell this module writes is a string cell, never a formula; a text that
  begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return also gets Excel's quote
  prefix (``etl.xlsx.is_dangerous``). Formulas the clerk wrote in her own XLSX stay hers.
- A file that cannot be opened at all (unreadable, too large, not a spreadsheet) gives a one-sheet
  workbook listing the problems, so there is always something to hand back.

In a workbook of several data sheets, give the problems per sheet: a mapping from sheet name
(or the ``file:sheet`` label of a ``LoadResult``) to its problems, e.g.
``problems_by_sheet(results)``. A flat list goes to the file's first data sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from etl import config, xlsx
from etl.problems import Problem
from etl.read import (
    EXCEL_SUFFIXES,
    MAX_TITLE_ROWS,
    FileRejected,
    check_zip_bounds,
    detect_encoding,
    find_header,
)
from etl.text import fold, nfc
from etl.xlsx import is_dangerous

ERROR_HEADER = "Lỗi"
ERROR_FILL = "FFC7CE"  # Excel's "light red fill"
ERROR_FONT = "9C0006"
ERROR_WIDTH = 60
# Above this inflated size an XLSX is rebuilt from its values rather than edited with openpyxl
# (which holds every cell and style in memory).
KEEP_FORMAT_MAX_BYTES = 64 * config.MB
EXCEL_MAX_ROWS = 1_048_576
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ProblemsArg = Sequence[Problem] | Mapping[str | None, Sequence[Problem]]


@dataclass
class _Notes:
    """What to write in one sheet."""

    file_level: list[str] = field(default_factory=list)
    rows: dict[int, list[str]] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        if problem.row is None:
            self.file_level.append(problem.message)
        else:
            self.rows.setdefault(problem.row, []).append(problem.message)

    def __bool__(self) -> bool:
        return bool(self.file_level or self.rows)


def problems_by_sheet(results: Iterable, label: str | None = None) -> dict[str | None, list[Problem]]:
    """Problems of ``etl.pipeline.LoadResult``s keyed by sheet name (None for a file of one sheet)."""
    out: dict[str | None, list[Problem]] = {}
    for result in results:
        out.setdefault(_sheet_of(result.file, label), []).extend(result.errors)
    return out


def _sheet_of(name: str | None, label: str | None) -> str | None:
    if name is None:
        return None
    if label and name == label:
        return None
    if label and name.startswith(label + ":"):
        return name[len(label) + 1 :]
    return name


def annotated_name(path: Path | str, label: str | None = None) -> str:
    """``<stem>_loi.xlsx`` for the file (its original name, when given as ``label``)."""
    stem = Path(label or Path(path).name).stem or "tep"
    return f"{stem}_loi.xlsx"


def annotate_file(path: Path | str, problems: ProblemsArg, *, label: str | None = None) -> tuple[bytes, str]:
    """The file with a "Lỗi" column holding each row's problems: (XLSX bytes, suggested file name)."""
    path = Path(path)
    name = annotated_name(path, label)
    label = label or path.name
    try:
        if not path.is_file():
            raise FileRejected("file_unreadable")
        if path.stat().st_size > config.MAX_FILE_BYTES_CLI:
            raise FileRejected("file_too_large")
        with open(path, "rb") as handle:
            magic = handle.read(8)
        suffix = path.suffix.lower()
        is_zip, is_ole = magic.startswith(b"PK\x03\x04"), magic.startswith(b"\xd0\xcf\x11\xe0")
        if suffix in (".xlsx", ".xlsm") or (is_zip and suffix not in EXCEL_SUFFIXES):
            check_zip_bounds(path, config.MAX_XLSX_UNCOMPRESSED_BYTES, config.MAX_XLSX_RATIO)
            if _inflated_size(path) <= KEEP_FORMAT_MAX_BYTES:
                return _annotate_openpyxl(path, problems, label), name
            return _annotate_sheets(_calamine_sheets(path), problems, label), name
        if suffix in EXCEL_SUFFIXES or is_zip or is_ole:
            if is_zip:
                check_zip_bounds(path, config.MAX_XLSX_UNCOMPRESSED_BYTES, config.MAX_XLSX_RATIO)
            return _annotate_sheets(_calamine_sheets(path), problems, label), name
        return _annotate_sheets([(None, _csv_records(path), False)], problems, label), name
    except Exception:  # unreadable, too large, broken (openpyxl and calamine raise their own errors)
        return _problems_only(problems), name


# --------------------------------------------------------------------------- which sheet, which row


def _notes_for(
    problems: ProblemsArg, sheets: list[tuple[str | None, list[list]]], label: str
) -> dict[int, _Notes]:
    """Sheet index -> notes. ``sheets``: (name, first rows) of every sheet, in the file's order."""
    data_sheets = [i for i, (_n, rows) in enumerate(sheets) if _header_index(rows) is not None]
    default = data_sheets[0] if data_sheets else 0
    by_name = {name: i for i, (name, _rows) in enumerate(sheets) if name is not None}
    notes: dict[int, _Notes] = {}
    items = list(problems.items()) if isinstance(problems, Mapping) else [(None, list(problems))]
    for key, group in items:
        sheet = _sheet_of(key, label) if key is not None else None
        index = by_name.get(sheet, default) if sheet is not None else default
        for problem in group:
            notes.setdefault(index, _Notes()).add(problem)
    return notes


def _text_rows(rows: list[list]) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in rows[: MAX_TITLE_ROWS + 1]]


def _header_index(rows: list[list]) -> int | None:
    """0-based index of the header row among the first rows, as ``etl.read`` finds it."""
    index, _kind, _matched = find_header(_text_rows(rows), None)
    return index if index >= 0 else None


def _header_row(rows: list[list]) -> int:
    """The 1-based row to note file-level problems on: the header, else the first row with anything."""
    index = _header_index(rows)
    if index is not None:
        return index + 1
    for i, row in enumerate(rows[: MAX_TITLE_ROWS + 1]):
        if any(v is not None and str(v).strip() for v in row):
            return i + 1
    return 1


def _header_text(notes: _Notes) -> str:
    if not notes.file_level:
        return ERROR_HEADER
    return f"{ERROR_HEADER}: " + "; ".join(notes.file_level)


def _is_error_header(value) -> bool:
    return isinstance(value, str) and fold(value.split(":", 1)[0]) == fold(ERROR_HEADER)


# --------------------------------------------------------------------------- XLSX kept as it is


def _inflated_size(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def _annotate_openpyxl(path: Path, problems: ProblemsArg, label: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    with open(path, "rb") as handle:  # (a handle: openpyxl judges a path by its suffix)
        book = openpyxl.load_workbook(handle)  # (macros of an .xlsm are not kept)
    sheets = [
        (ws.title, [list(r) for r in itertools.islice(ws.iter_rows(values_only=True), MAX_TITLE_ROWS + 1)])
        for ws in book.worksheets
    ]
    notes_by_sheet = _notes_for(problems, sheets, label)
    fill = PatternFill(fill_type="solid", start_color=ERROR_FILL, end_color=ERROR_FILL)
    font = Font(color=ERROR_FONT)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, notes in notes_by_sheet.items():
        ws = book.worksheets[index]
        header_row = _header_row(sheets[index][1])
        last = 0
        for row in ws.iter_rows(values_only=True):
            for position in range(len(row), 0, -1):
                if row[position - 1] is not None and str(row[position - 1]).strip():
                    last = max(last, position)
                    break
        column = last + 1
        if last and _is_error_header(ws.cell(header_row, last).value):
            column = last  # annotated before: write the column afresh
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=column, max_col=column):
                cell.value = None
                cell.fill = PatternFill(fill_type=None)
        header = ws.cell(header_row, column)
        _set_text(header, _header_text(notes))
        header.font = Font(bold=True, color=ERROR_FONT if notes.file_level else None)
        header.alignment = wrap
        if notes.file_level:
            header.fill = fill
        for row_number, messages in sorted(notes.rows.items()):
            if row_number < 1 or row_number > EXCEL_MAX_ROWS:
                continue
            cell = ws.cell(row_number, column)
            _set_text(cell, "; ".join(messages))
            cell.fill = fill
            cell.font = font
            cell.alignment = wrap
        ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width = ERROR_WIDTH
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set_text(cell, text: str) -> None:
    """A string cell, never a formula (openpyxl makes any value starting with '=' a formula)."""
    cell.value = text
    cell.data_type = "s"
    if is_dangerous(text):
        cell.quotePrefix = True


# --------------------------------------------------------------------------- rebuilt from values


def _csv_records(path: Path) -> list[list[str]]:
    """Every record of a CSV as ``etl.read`` reads it (encoding and delimiter found the same way)."""
    from etl.read import SNIFF_BYTES, _open_text, _sniff_records, csv_reader

    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    encoding = detect_encoding(head)
    for attempt in (encoding, "cp1258"):
        try:
            with _open_text(path, attempt) as handle:
                delimiter, _records = _sniff_records(handle.read(SNIFF_BYTES // 2))
            with _open_text(path, attempt) as handle:
                records = []
                for record in csv_reader(handle, delimiter):
                    records.append([nfc(cell) for cell in record])
                    if len(records) > EXCEL_MAX_ROWS:
                        raise ValueError("more rows than a worksheet holds")
                return records
        except UnicodeDecodeError:
            if attempt == "cp1258":
                raise
    raise UnicodeError("no encoding")


def _calamine_sheets(path: Path) -> list[tuple[str, list[list], bool]]:
    """(name, rows from A1, hidden) of every sheet of a workbook, values typed."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    workbook = CalamineWorkbook.from_path(str(path))
    hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    sheets = []
    for name in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        sheets.append((name, rows[:EXCEL_MAX_ROWS], name in hidden))
    return sheets


def _annotate_sheets(
    sheets: list[tuple[str | None, list[list], bool]], problems: ProblemsArg, label: str
) -> bytes:
    notes_by_sheet = _notes_for(problems, [(name, rows) for name, rows, _hidden in sheets], label)
    buffer = io.BytesIO()
    # (Rows are written in order and flushed as they go: a big CSV costs little memory.)
    book = xlsx.workbook(buffer, constant_memory=True, nan_inf_to_errors=True)
    styles = _Styles(book)
    used_names: set[str] = set()
    for index, (name, rows, hidden) in enumerate(sheets):
        ws = book.add_worksheet(_sheet_name(name or "Dữ liệu", used_names))
        notes = notes_by_sheet.get(index)
        header_row = _header_row(rows)
        width = max((_last_filled(row) for row in rows), default=0)
        column = width
        if notes and width and rows and _is_error_header(_cell(rows, header_row - 1, width - 1)):
            column = width - 1  # annotated before: write the column afresh
        widths = [8.0] * column
        if notes and header_row > len(rows):  # (no rows at all)
            _note(
                ws,
                header_row - 1,
                column,
                _header_text(notes),
                styles,
                red=bool(notes.file_level),
                header=True,
            )
        for r, row in enumerate(rows):
            for c in range(min(len(row), column)):
                value = row[c]
                if value is None or value == "":
                    continue
                _write(ws, r, c, value, styles)
                widths[c] = max(widths[c], min(50.0, len(str(value)) + 2))
            if notes:
                if r + 1 == header_row:
                    _note(ws, r, column, _header_text(notes), styles, red=bool(notes.file_level), header=True)
                elif r + 1 in notes.rows:
                    _note(ws, r, column, "; ".join(notes.rows[r + 1]), styles)
        if notes:
            # Problems on rows past the last one read (or a file without rows) still show.
            for row_number in sorted(n for n in notes.rows if n > len(rows) and n <= EXCEL_MAX_ROWS):
                _note(ws, row_number - 1, column, "; ".join(notes.rows[row_number]), styles)
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        if notes:
            ws.set_column(column, column, ERROR_WIDTH)
        if header_row <= len(rows) and _header_index(rows) is not None:
            ws.freeze_panes(header_row, 0)
        if hidden:
            ws.hide()
    if not sheets:
        book.add_worksheet("Lỗi")
    book.close()
    return buffer.getvalue()


def _cell(rows: list[list], r: int, c: int):
    if 0 <= r < len(rows) and 0 <= c < len(rows[r]):
        return rows[r][c]
    return None


def _last_filled(row: list) -> int:
    for position in range(len(row), 0, -1):
        value = row[position - 1]
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return position
    return 0


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook):
        self.date = book.add_format({"num_format": "dd/mm/yyyy"})
        self.datetime = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        self.quoted = book.add_format({"quote_prefix": True})
        red = {"bg_color": f"#{ERROR_FILL}", "font_color": f"#{ERROR_FONT}"}
        top = {"text_wrap": True, "valign": "top"}
        self._formats = {
            (bold, is_red, quoted): book.add_format(
                top
                | (red if is_red else {})
                | ({"bold": True} if bold else {})
                | ({"quote_prefix": True} if quoted else {})
            )
            for bold in (False, True)
            for is_red in (False, True)
            for quoted in (False, True)
        }

    def note(self, text: str, *, red: bool = True, header: bool = False):
        """An error cell's format (light red; bold on the header row), quoted where the text could
        be read as a formula."""
        return self._formats[(header, red, is_dangerous(text))]


def _note(ws, r: int, c: int, text: str, styles: _Styles, *, red: bool = True, header: bool = False) -> None:
    ws.write_string(r, c, text, styles.note(text, red=red, header=header))


def _write(ws, r: int, c: int, value, styles: _Styles) -> None:
    if isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, (int, float)):
        if isinstance(value, float) and value != value:
            return
        ws.write_number(r, c, value)
    elif isinstance(value, dt.datetime):
        has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
        ws.write_datetime(r, c, value, styles.datetime if has_time else styles.date)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), styles.date)
    else:
        text = str(value)
        ws.write_string(r, c, text, styles.quoted if is_dangerous(text) else None)


def _sheet_name(name: str, used: set[str]) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    candidate, n = cleaned, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{cleaned[:28]}_{n}"
    used.add(candidate.lower())
    return candidate


def _problems_only(problems: ProblemsArg) -> bytes:
    """A workbook listing the problems, for a file that cannot be opened."""
    if isinstance(problems, Mapping):
        messages = [p.message for group in problems.values() for p in group]
    else:
        messages = [p.message for p in problems]
    buffer = io.BytesIO()
    book = xlsx.workbook(buffer)
    styles = _Styles(book)
    ws = book.add_worksheet(ERROR_HEADER)
    _note(ws, 0, 0, ERROR_HEADER, styles, header=True)
    for r, message in enumerate(messages, start=1):
        _note(ws, r, 0, message, styles)
    ws.set_column(0, 0, 100)
    book.close()
    return buffer.getvalue()
