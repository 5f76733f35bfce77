"""Reference lists edited as files, with the same checks and batch history as record uploads.

The admin downloads a list (``export_list``: an XLSX with Vietnamese headers), edits it in Excel
and uploads it back. The file is the whole list:

- rows whose code the list lacks are **added**, rows that differ are **updated**, codes the file
  leaves out are **removed** — never a code that something still uses (records of any kind, the
  earlier versions of records kept for rollback, accounts' scope, the theme keyword rules), and
  never the top unit of the deployment;
- the file is read by ``etl.read`` (CSV in any of its encodings, XLSX/XLS/ODS, title rows above
  the header, headers matched ignoring case, diacritics and punctuation) and every problem is
  reported at once as ``etl.problems.Problem`` with the row Excel shows; a file with any problem
  changes nothing;
- ``apply_list`` writes in one transaction a batch of kind ``ref_<list>`` in ``batches`` (file,
  SHA-256, who, counts; the number removed in ``reference_batches``) and keeps the whole list as it
  was in ``<list>_replaced`` (migration 005), so that ``etl.load.rollback_batch`` restores it
  exactly. A batch is not rolled back while a later batch of the same list stands, nor when that
  would remove a code something has used since.

Columns absent from the file keep their values (a file of codes and names alone changes no
aliases); blank cells in a column the file has make the value blank. Once a list has a standing
batch, ``doanthe init`` leaves it as the warehouse has it (``etl.schema.seed_reference``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import config, xlsx
from etl.formats import C, RecordKind
from etl.pipeline import default_user
from etl.problems import Problem, problem
from etl.read import RawSheet, drop_scratch, number_rows, read_file, scan_file
from etl.schema import REFERENCE_TABLES
from etl.text import clean_cell, fold
from etl.validate import parse_date

LISTS = ("org_types", "units", "themes")

# Codes: what URLs, arrays and files can carry as they are.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")

# units.level: code -> (what the export writes, other spellings accepted).
LEVELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "province": ("Tỉnh", ("cấp tỉnh", "Province", "thành phố trực thuộc trung ương")),
    "district": ("Huyện", ("cấp huyện", "District", "quận", "thị xã", "thành phố thuộc tỉnh")),
    "commune": ("Xã", ("cấp xã", "Commune", "phường", "thị trấn", "đặc khu")),
}
_LEVEL_KEYS = {
    fold(text): code for code, (label, others) in LEVELS.items() for text in (code, label, *others)
}

# Column types (``Column.type``) of the lists' files: code, text, aliases (';'-separated), date,
# day_month (dd/mm), level, unit (a code of the same list).
_KINDS: dict[str, RecordKind] = {
    "org_types": RecordKind(
        "ref_org_types",
        "Tổ chức",
        (
            C("code", "Mã", "code", True, "Mã tổ chức", "Ký hiệu", en="Code"),
            C("label_vi", "Tên", "text", True, "Tên tổ chức", "Tên đầy đủ", "Tên tiếng Việt", en="Name"),
            C("label_en", "Tên tiếng Anh", "text", False, en="English name"),
            C("short_vi", "Tên ngắn", "text", False, "Tên ngắn gọn", "Tên rút gọn", en="Short name"),
            C("aliases", "Tên gọi khác", "aliases", False, "Cách viết khác", "Tên khác", en="Other names"),
            C("founded", "Ngày thành lập", "day_month", False, "Ngày truyền thống", en="Founded"),
        ),
        id_column="code",
        key_columns=("code",),
    ),
    "units": RecordKind(
        "ref_units",
        "Địa bàn",
        (
            C("code", "Mã", "code", True, "Mã địa bàn", "Mã đơn vị", "Mã đơn vị hành chính", en="Code"),
            C("name", "Tên", "text", True, "Tên địa bàn", "Tên đơn vị", "Địa bàn", en="Name"),
            C("level", "Cấp", "level", True, "Cấp hành chính", "Cấp đơn vị", en="Level"),
            C(
                "parent_code",
                "Thuộc đơn vị",
                "unit",
                False,
                "Đơn vị cấp trên",
                "Mã đơn vị cấp trên",
                "Trực thuộc",
                en="Parent",
            ),
            C("valid_from", "Hiệu lực từ", "date", False, "Từ ngày", "Ngày hiệu lực", en="Valid from"),
            C("valid_to", "Hiệu lực đến", "date", False, "Đến ngày", "Ngày hết hiệu lực", en="Valid to"),
            C(
                "successor_code",
                "Đơn vị kế thừa",
                "unit",
                False,
                "Mã đơn vị kế thừa",
                "Sáp nhập vào",
                en="Successor",
            ),
            C("aliases", "Tên gọi khác", "aliases", False, "Cách viết khác", "Tên khác", en="Other names"),
        ),
        id_column="code",
        key_columns=("code",),
    ),
    "themes": RecordKind(
        "ref_themes",
        "Chủ đề",
        (
            C("code", "Mã", "code", True, "Mã chủ đề", en="Code"),
            C("label_vi", "Tên", "text", True, "Tên chủ đề", "Chủ đề", "Tên tiếng Việt", en="Name"),
            C("label_en", "Tên tiếng Anh", "text", False, en="English name"),
            C("aliases", "Tên gọi khác", "aliases", False, "Cách viết khác", "Tên khác", en="Other names"),
        ),
        id_column="code",
        key_columns=("code",),
    ),
}

LIST_LABELS = {
    "org_types": ("Danh mục tổ chức", "Organizations"),
    "units": ("Danh mục địa bàn", "Units"),
    "themes": ("Danh mục chủ đề", "Themes"),
}
_FILE_NAMES = {"org_types": "danh_muc_to_chuc", "units": "danh_muc_dia_ban", "themes": "danh_muc_chu_de"}

# What each column holds, for the header's comment in the export.
_HINTS = {
    "code": "Mã cố định: chữ không dấu, số, '_', '-' hoặc '.'. Đổi mã là xóa mục cũ và thêm mục mới.",
    "aliases": "Các cách viết khác mà tệp báo cáo hay dùng, cách nhau bởi dấu ; (ví dụ: Hội LHPN; Phụ nữ)",
    "founded": "Ngày thành lập, viết dd/mm (ví dụ 20/10)",
    "level": "Tỉnh, Huyện hoặc Xã",
    "parent_code": "Mã đơn vị cấp trên; chỉ đơn vị cấp trên cùng để trống",
    "valid_from": "Ngày bắt đầu tồn tại (dd/mm/yyyy); trống nếu không rõ",
    "valid_to": "Ngày cuối cùng còn tồn tại (dd/mm/yyyy); trống nếu vẫn còn",
    "successor_code": "Mã đơn vị tiếp nhận sau khi sáp nhập, giải thể",
    "label_en": "Tên tiếng Anh (không bắt buộc)",
    "short_vi": "Tên ngắn dùng trên biểu đồ (ví dụ: Hội Phụ nữ)",
}

# Where each list's codes are used: (table, column, holds a list of codes). The ``_replaced``
# tables count too: rolling a record batch back brings their rows back.
_RECORD_USES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "org_types": (
        ("activities", "org", False),
        ("members", "org", False),
        ("targets", "org", False),
        ("meetings", "host", False),
        ("meetings", "orgs", True),
        ("tasks", "assignee", False),
    ),
    "units": (
        ("activities", "unit", False),
        ("meetings", "unit", False),
        ("members", "unit", False),
        ("targets", "unit", False),
    ),
    "themes": (("activities", "themes", True), ("tasks", "themes", True)),
}
_ACCOUNT_USES = {"org_types": ("scope_orgs", True), "units": ("scope_unit", False)}
_PLACES = {
    "activities": "hoạt động",
    "meetings": "hội nghị",
    "tasks": "nhiệm vụ",
    "members": "số liệu đoàn viên, hội viên",
    "targets": "chỉ tiêu",
    "replaced": "bản ghi cũ giữ để hoàn tác",
    "accounts": "tài khoản (phạm vi)",
    "keywords": "quy tắc suy ra chủ đề (data/reference/theme_keywords.csv)",
}


class ListError(ValueError):
    """An unknown list name (a programming or usage error, not a problem of the file)."""


@dataclass
class ListCheck:
    """What a list file would do, or did: counts, the codes concerned, or every problem."""

    list_name: str  # org_types | units | themes
    file: str
    status: str = "rejected"  # valid | loaded | rejected
    batch_id: int | None = None
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_removed: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    error_count: int = 0

    @property
    def kind(self) -> str:
        return f"ref_{self.list_name}"

    @property
    def ok(self) -> bool:
        return self.status in ("valid", "loaded")

    @property
    def changes(self) -> int:
        return self.rows_new + self.rows_updated + self.rows_removed

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "list": self.list_name,
            "kind": self.kind,
            "status": self.status,
            "batch_id": self.batch_id,
            "rows_read": self.rows_read,
            "rows_new": self.rows_new,
            "rows_updated": self.rows_updated,
            "rows_unchanged": self.rows_unchanged,
            "rows_removed": self.rows_removed,
            "added": list(self.added),
            "updated": list(self.updated),
            "removed": list(self.removed),
            "errors": [e.as_dict() for e in self.errors],
            "error_count": self.error_count,
        }


def file_kind(name: str) -> RecordKind:
    """The columns and headers of a list's file."""
    if name not in LISTS:
        raise ListError(f"Không có danh mục '{name}'; chọn một trong: {', '.join(LISTS)}.")
    return _KINDS[name]


def columns(name: str) -> tuple[str, ...]:
    """The list's table columns, in order (the same as ``etl.schema.REFERENCE_TABLES``)."""
    return tuple(c.name for c in file_kind(name).columns)


for _name in LISTS:  # the files' columns are the tables' columns
    assert columns(_name) == REFERENCE_TABLES[_name][1], _name


def export_file_name(name: str) -> str:
    """A file name for the downloaded list ('danh_muc_dia_ban.xlsx')."""
    file_kind(name)
    return f"{_FILE_NAMES[name]}.xlsx"


def list_rows(con: duckdb.DuckDBPyConnection, name: str) -> list[dict]:
    """The list as the warehouse holds it, in its order: one dict per entry (canonical columns)."""
    cols = columns(name)
    rows = con.execute(f"select {', '.join(cols)} from {name} order by rowid").fetchall()
    return [dict(zip(cols, row, strict=True)) for row in rows]


# --------------------------------------------------------------------------- export


def export_list(con: duckdb.DuckDBPyConnection, name: str) -> bytes:
    """The list as an XLSX to edit and upload back: a title, a note, the Vietnamese header (required
    columns marked *, a comment on each), frozen; codes and dd/mm as text cells, dates as dates;
    every text a string cell, quoted where a spreadsheet could take it for a formula."""
    kind = file_kind(name)
    rows = list_rows(con, name)
    buffer = io.BytesIO()
    book = xlsx.workbook(buffer)
    title = book.add_format(xlsx.TITLE)
    note = book.add_format(xlsx.NOTE)
    header = book.add_format(xlsx.HEADER)
    required = book.add_format(xlsx.REQUIRED_HEADER)
    text_cell = book.add_format({"num_format": "@"})
    quoted = book.add_format({"num_format": "@", "quote_prefix": True})
    date_cell = book.add_format({"num_format": "dd/mm/yyyy"})

    sheet = book.add_worksheet(kind.label_vi)
    label_vi = LIST_LABELS[name][0]
    sheet.write_string(0, 0, f"{label_vi.upper()} — doanthe", title)
    sheet.write_string(
        1,
        0,
        "Tệp là toàn bộ danh mục: sửa, thêm hoặc xóa dòng rồi tải lên lại. Mã không còn trong tệp sẽ bị "
        "xóa (trừ mã đang được dùng). Cột có dấu * là bắt buộc; ngày viết dd/mm/yyyy; nhiều tên gọi khác "
        "cách nhau bởi dấu ;.",
        note,
    )
    header_row = 2
    last_row = header_row + max(len(rows), 1) + 1000
    sheet.set_row(header_row, 30)
    for c, col in enumerate(kind.columns):
        sheet.write_string(
            header_row,
            c,
            f"{col.label_vi} *" if col.required else col.label_vi,
            required if col.required else header,
        )
        hint = _HINTS.get(col.name)
        if hint:
            sheet.write_comment(header_row, c, hint, {"x_scale": 2.2, "y_scale": 1.2})
        width = {"text": 40, "aliases": 50, "date": 13, "level": 10}.get(col.type, 16)
        sheet.set_column(c, c, width, date_cell if col.type == "date" else text_cell)
        if col.type == "level":
            sheet.data_validation(
                header_row + 1,
                c,
                last_row,
                c,
                {
                    "validate": "list",
                    "source": [label for label, _ in LEVELS.values()],
                    "error_type": "warning",
                },
            )
    for r, row in enumerate(rows, start=header_row + 1):
        for c, col in enumerate(kind.columns):
            value = row[col.name]
            if value is None or value == []:
                continue
            if col.type == "date":
                sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_cell)
                continue
            if col.type == "aliases":
                value = "; ".join(value)
            elif col.type == "level":
                value = LEVELS.get(value, (value, ()))[0]
            text = str(value)
            sheet.write_string(r, c, text, quoted if xlsx.is_dangerous(text) else text_cell)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.autofilter(header_row, 0, header_row + max(len(rows), 1), len(kind.columns) - 1)
    book.close()
    return buffer.getvalue()


# --------------------------------------------------------------------------- check and apply


def check_list(
    con: duckdb.DuckDBPyConnection,
    name: str,
    path: Path | str,
    *,
    label: str | None = None,
    max_bytes: int | None = None,
) -> ListCheck:
    """Check a list file exactly as ``apply_list`` would, and change nothing ("valid" or "rejected")."""
    return _run(con, name, path, label=label, max_bytes=max_bytes, user=None)


def apply_list(
    con: duckdb.DuckDBPyConnection,
    name: str,
    path: Path | str,
    *,
    user: str | None,
    label: str | None = None,
    max_bytes: int | None = None,
) -> ListCheck:
    """Check a list file and, when it has no problem, make the list what it says, as one batch
    ("loaded", with ``batch_id``); otherwise change nothing ("rejected", with every problem).

    The caller checks that ``user`` may manage reference lists (the ``manage_reference`` action).
    """
    return _run(con, name, path, label=label, max_bytes=max_bytes, user=user or default_user(), write=True)


def _run(con, name, path, *, label, max_bytes, user, write: bool = False) -> ListCheck:
    kind = file_kind(name)
    path = Path(path)
    result = ListCheck(list_name=name, file=label or path.name)
    sheets = read_file(con, path, kind=kind, max_bytes=max_bytes, label=result.file)
    try:
        sheet, problems = _one_sheet(sheets)
        records = [] if problems else _records(con, sheet, kind)
    finally:
        drop_scratch(con, sheets)
    if problems:
        return _rejected(result, problems)
    result.rows_read = len(records)
    digest = scan_file(path).sha256 if write else None
    # (The header as the file writes it, without the export's mark of a required column.)
    headers = {c.name: (sheet.headers.get(c.name) or "").rstrip(" *") or c.label_vi for c in kind.columns}
    present = set(sheet.columns)
    con.execute("begin transaction")
    try:
        current = _current(con, name)
        entries, problems = _entries(kind, records, headers, present, current)
        if name == "units":
            problems += _unit_problems(entries, headers, current)
        else:
            problems += _spelling_problems(kind, entries, headers)
        plan = _plan(kind, entries, current)
        problems += _removal_problems(con, name, plan["removed"], current)
        if problems:
            con.execute("rollback")
            return _rejected(result, problems)
        result.added, result.updated, result.removed = plan["added"], plan["updated"], plan["removed"]
        result.rows_new, result.rows_updated = len(plan["added"]), len(plan["updated"])
        result.rows_removed = len(plan["removed"])
        result.rows_unchanged = len(entries) - result.rows_new - result.rows_updated
        if not write:
            con.execute("rollback")
            result.status = "valid"
            return result
        result.batch_id = _write(con, name, entries, plan, result, digest=digest, user=user)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("checkpoint")
    result.status = "loaded"
    return result


def _rejected(result: ListCheck, problems: list[Problem]) -> ListCheck:
    problems = sorted(problems, key=lambda p: (p.row or 0, p.row is not None))
    result.status = "rejected"
    result.error_count = len(problems)
    result.errors = problems[: config.MAX_ERRORS_KEPT]
    return result


def _one_sheet(sheets: list[RawSheet]) -> tuple[RawSheet | None, list[Problem]]:
    """The one sheet holding the list (a workbook's other sheets without its header are notes)."""
    with_header = [s for s in sheets if s.header_row is not None]
    if len(with_header) > 1:
        names = ", ".join(s.label.split(":", 1)[-1] for s in with_header)
        detail = f"sổ có {len(with_header)} trang danh mục ({names}); hãy để danh mục trong một trang."
        return None, [problem("file_unreadable", detail=detail)]
    sheet = with_header[0] if with_header else sheets[0]
    if sheet.problems or sheet.table is None:
        return None, list(sheet.problems) or [problem("file_empty")]
    return sheet, []


def _records(con, sheet: RawSheet, kind: RecordKind) -> list[tuple[int, dict[str, str | None]]]:
    """(Excel row, canonical column -> cleaned cell text or None) for every data row."""
    number_rows(con, sheet)
    cols = [c for c in sheet.columns if c in kind.column_by_name]
    select = ", ".join(f'"{c}"' for c in cols)  # (names from the list's own columns)
    rows = con.execute(f"select _row, {select} from {sheet.table} order by _row").fetchall()
    out = []
    for row in rows:
        values = {
            c: (clean_cell(v) or None) if isinstance(v, str) else v
            for c, v in zip(cols, row[1:], strict=True)
        }
        out.append((int(row[0]), values))
    return out


def _current(con, name: str) -> dict[str, dict]:
    return {row["code"]: row for row in list_rows(con, name)}


def _row_problem(code: str, row: int, column: str, label: str, text: str) -> Problem:
    return Problem(row=row, column=column, code=code, message=f"Dòng {row}, cột {label}: {text}")


def _split_aliases(value: str | None) -> list[str]:
    found: list[str] = []
    for part in re.split(r"[;\n]", value or ""):
        part = clean_cell(part)
        if part and fold(part) not in {fold(f) for f in found}:
            found.append(part)
    return found


def _day_month(value: str) -> str | None:
    """'20/10', '5-1', a date ('2024-10-20', 20/10/2024): 'd/m' without leading zeros; None if not one."""
    if m := _DAY_MONTH.match(value.strip()):
        day, month = int(m.group(1)), int(m.group(2))
        try:
            dt.date(2000, month, day)  # (a leap year: 29/02 is a day)
        except ValueError:
            return None
        return f"{day}/{month}"
    parsed = parse_date(value)
    return f"{parsed.day}/{parsed.month}" if parsed else None


def _comparable(kind: RecordKind, row: dict) -> dict:
    """A row of the warehouse as the file would give it (cleaned text, aliases, d/m), to compare."""
    out = {}
    for col in kind.columns:
        value = row.get(col.name)
        if col.type == "aliases":
            out[col.name] = _split_aliases(";".join(value or []))
        elif col.type in ("text", "code") and isinstance(value, str):
            out[col.name] = clean_cell(value) or None
        elif col.type == "day_month" and isinstance(value, str):
            out[col.name] = _day_month(value) or clean_cell(value) or None
        else:
            out[col.name] = value
    return out


@dataclass
class _Entry:
    row: int
    values: dict
    # Cells as written, for messages (parent and successor are resolved after every row is read).
    raw: dict


def _entries(
    kind: RecordKind,
    records: list[tuple[int, dict]],
    headers: dict[str, str],
    present: set[str],
    current: dict[str, dict],
) -> tuple[dict[str, _Entry], list[Problem]]:
    """code -> entry for the file's rows, typed; a problem for every cell that is wrong."""
    problems: list[Problem] = []
    entries: dict[str, _Entry] = {}
    first_row: dict[str, int] = {}
    known = {fold(code): code for code in current}
    for row, cells in records:
        values: dict = {}
        # Whether the row is an entry of the list (with a usable code, the first row of it).
        is_entry = False
        code = cells.get("code")
        if code is None:
            problems.append(problem("required", row=row, column="code", column_label=headers["code"]))
        elif not CODE_PATTERN.match(code):
            problems.append(
                problem("bad_code", row=row, column="code", column_label=headers["code"], value=code)
            )
        else:
            code = known.get(fold(code), code)  # ('mttq' is MTTQ)
            if fold(code) in first_row:
                problems.append(
                    _row_problem(
                        "duplicate_in_file",
                        row,
                        "code",
                        headers["code"],
                        f"mã '{code}' đã có ở dòng {first_row[fold(code)]} trong cùng tệp.",
                    )
                )
            else:
                first_row[fold(code)] = row
                is_entry = True
        values["code"] = code
        old = _comparable(kind, current[code]) if is_entry and code in current else {}
        for col in kind.columns[1:]:
            n, label = col.name, headers[col.name]
            if n not in present:  # a column the file does not have keeps its values
                values[n] = old.get(n, [] if col.type == "aliases" else None)
                continue
            text = cells.get(n)
            if text is None:
                if col.required:
                    problems.append(problem("required", row=row, column=n, column_label=label))
                values[n] = [] if col.type == "aliases" else None
            elif col.type == "aliases":
                values[n] = _split_aliases(text)
            elif col.type == "date":
                values[n] = parse_date(text)
                if values[n] is None:
                    problems.append(problem("bad_date", row=row, column=n, column_label=label, value=text))
            elif col.type == "day_month":
                values[n] = _day_month(text)
                if values[n] is None:
                    problems.append(
                        _row_problem(
                            "bad_date",
                            row,
                            n,
                            label,
                            f"'{text}' không phải ngày tháng hợp lệ (viết dd/mm, ví dụ 20/10).",
                        )
                    )
            elif col.type == "level":
                values[n] = _LEVEL_KEYS.get(fold(text))
                if values[n] is None:
                    problems.append(
                        problem(
                            "unknown_type",
                            row=row,
                            column=n,
                            column_label=label,
                            value=text,
                            detail="cấp (Tỉnh, Huyện, Xã)",
                        )
                    )
            else:
                values[n] = text
        raw = {n: cells.get(n) for n in values}
        if values.get("valid_from") and values.get("valid_to") and values["valid_to"] < values["valid_from"]:
            problems.append(
                _row_problem(
                    "bad_date",
                    row,
                    "valid_to",
                    headers["valid_to"],
                    f"ngày hết hiệu lực {values['valid_to']:%d/%m/%Y} trước ngày bắt đầu hiệu lực "
                    f"{values['valid_from']:%d/%m/%Y}.",
                )
            )
        if is_entry:  # (even with a wrong cell: its code is in the file, not removed)
            entries[code] = _Entry(row, values, raw)
    return entries, problems


def _unit_problems(
    entries: dict[str, _Entry], headers: dict[str, str], current: dict[str, dict]
) -> list[Problem]:
    """Parents and successors that name units of the file; one top unit, the deployment's; no loops."""
    problems: list[Problem] = []
    by_code = {fold(code): code for code in entries}
    names: dict[str, set[str]] = {}
    for code, entry in entries.items():
        if entry.values.get("name"):
            names.setdefault(fold(entry.values["name"]), set()).add(code)
    for entry in entries.values():
        for n in ("parent_code", "successor_code"):
            text = entry.values.get(n)
            if text is None:
                continue
            found = by_code.get(fold(text))
            if found is None and len(names.get(fold(text), ())) == 1:
                found = next(iter(names[fold(text)]))
            if found is None:
                problems.append(
                    problem("unknown_unit", row=entry.row, column=n, column_label=headers[n], value=text)
                )
            entry.values[n] = found
    roots = [c for c, row in current.items() if not row.get("parent_code")]
    top = roots[0] if len(roots) == 1 else None
    label = headers["parent_code"]
    if top is not None and top not in entries:
        name = current[top]["name"]
        problems.append(
            problem(
                "top_unit",
                detail=f"Không được bỏ đơn vị cấp trên cùng '{top}' ({name}): hãy giữ lại dòng của nó.",
            )
        )
    tops = [
        c
        for c, e in entries.items()
        if e.values.get("parent_code") is None and e.raw.get("parent_code") is None
    ]
    for code in tops:
        if top is not None and code != top:
            problems.append(
                _row_problem(
                    "top_unit",
                    entries[code].row,
                    "parent_code",
                    label,
                    f"chưa nhập; chỉ đơn vị cấp trên cùng ('{top}' {current[top]['name']}) không thuộc đơn vị nào.",
                )
            )
    if top is None and len(tops) != 1:
        problems.append(
            problem(
                "top_unit",
                detail=f"Danh mục phải có đúng một đơn vị cấp trên cùng (để trống cột {label}); tệp có {len(tops)}.",
            )
        )
    if top is not None and top in entries and entries[top].values.get("parent_code") is not None:
        problems.append(
            _row_problem(
                "top_unit",
                entries[top].row,
                "parent_code",
                label,
                f"'{top}' là đơn vị cấp trên cùng của hệ thống, không thuộc đơn vị nào; hãy để trống ô này.",
            )
        )
    for code, entry in entries.items():
        seen = {code}
        parent = entry.values.get("parent_code")
        while parent is not None and parent in entries:
            if parent in seen:
                if parent == code:
                    problems.append(
                        problem(
                            "unit_cycle",
                            row=entry.row,
                            column="parent_code",
                            column_label=label,
                            value=entry.raw.get("parent_code"),
                        )
                    )
                break
            seen.add(parent)
            parent = entries[parent].values.get("parent_code")
    return problems


def _spelling_problems(
    kind: RecordKind, entries: dict[str, _Entry], headers: dict[str, str]
) -> list[Problem]:
    """A spelling (code, name or other name) may point to one entry only: the loader resolves it."""
    problems: list[Problem] = []
    owner: dict[str, tuple[str, int]] = {}
    spelled = [c.name for c in kind.columns if c.type in ("code", "text", "aliases")]
    for code, entry in sorted(entries.items(), key=lambda item: item[1].row):
        for n in spelled:
            value = entry.values.get(n)
            for text in value if isinstance(value, list) else [value]:
                key = fold(text or "")
                if not key:
                    continue
                other = owner.setdefault(key, (code, entry.row))
                if other[0] != code:
                    problems.append(
                        _row_problem(
                            "duplicate_in_file",
                            entry.row,
                            n,
                            headers[n],
                            f"'{text}' đã là mã, tên hoặc tên gọi khác của '{other[0]}' (dòng {other[1]}); "
                            "mỗi cách viết chỉ được chỉ một mục.",
                        )
                    )
    return problems


def _plan(kind: RecordKind, entries: dict[str, _Entry], current: dict[str, dict]) -> dict[str, list[str]]:
    added = [c for c in entries if c not in current]
    updated = [c for c in entries if c in current and entries[c].values != _comparable(kind, current[c])]
    removed = [c for c in current if c not in entries]
    return {"added": added, "updated": updated, "removed": removed}


# --------------------------------------------------------------------------- what uses a code


def _tables(con) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' and database_name = current_database()"
        ).fetchall()
    }


def usage(con: duckdb.DuckDBPyConnection, name: str, codes: Iterable[str]) -> dict[str, dict[str, int]]:
    """code -> {place: count} for the codes of a list that something uses (places in ``_PLACES``)."""
    codes = sorted(set(codes))
    found: dict[str, dict[str, int]] = {}
    if not codes:
        return found

    def add(place: str, rows) -> None:
        for code, count in rows:
            if count:
                found.setdefault(code, {})
                found[code][place] = found[code].get(place, 0) + int(count)

    tables = _tables(con)
    for table, column, is_list in _RECORD_USES[name]:
        for source, place in ((table, table), (f"{table}_replaced", "replaced")):
            if source not in tables:
                continue
            # (Table and column names from the allowlist above; the codes are bound.)
            values = f"unnest({column})" if is_list else column
            add(
                place,
                con.execute(
                    f"select c, count(*) from (select {values} as c from {source}) "
                    "where c in (select unnest(?)) group by c",
                    [codes],
                ).fetchall(),
            )
    if name in _ACCOUNT_USES and "accounts" in tables:
        column, is_list = _ACCOUNT_USES[name]
        values = f"unnest({column})" if is_list else column
        add(
            "accounts",
            con.execute(
                f"select c, count(*) from (select {values} as c from accounts) where c in (select unnest(?)) group by c",
                [codes],
            ).fetchall(),
        )
    if name == "themes":
        from etl.themes import KEYWORDS_FILE, load_keywords

        ruled: dict[str, int] = {}
        for theme, _keyword, _weight in load_keywords(KEYWORDS_FILE):
            if theme in codes:
                ruled[theme] = ruled.get(theme, 0) + 1
        add("keywords", ruled.items())
    return found


def _places_text(places: dict[str, int]) -> str:
    return ", ".join(f"{count:,} {_PLACES[place]}".replace(",", ".") for place, count in places.items())


def _removal_problems(con, name: str, removed: list[str], current: dict[str, dict]) -> list[Problem]:
    label_column = "name" if name == "units" else "label_vi"
    problems = []
    for code, places in sorted(usage(con, name, removed).items()):
        found = problem("in_use", column="code", value=code, detail=_places_text(places))
        # (The code's name too: the row that held it is gone from the file.)
        named = found.message.replace(f"'{code}'", f"'{code}' ({current[code][label_column]})", 1)
        problems.append(Problem(row=None, column="code", code="in_use", message=named))
    return problems


# --------------------------------------------------------------------------- writing and rollback


def _write(con, name: str, entries: dict[str, _Entry], plan: dict, result: ListCheck, *, digest, user) -> int:
    """The batch, inside the caller's transaction: the list as it was, then the changes."""
    cols = columns(name)
    col_list = ", ".join(cols)
    batch_id = con.execute("select nextval('batch_id_seq')").fetchall()[0][0]
    con.execute(
        f"insert into {name}_replaced ({col_list}, replaced_by) select {col_list}, ? from {name} order by rowid",
        [batch_id],
    )
    if plan["removed"]:
        con.execute(f"delete from {name} where code in (select unnest(?))", [plan["removed"]])
    if plan["updated"]:
        sets = ", ".join(f"{c} = ?" for c in cols[1:])
        con.executemany(
            f"update {name} set {sets} where code = ?",
            [[entries[c].values[n] for n in cols[1:]] + [c] for c in plan["updated"]],
        )
    if plan["added"]:
        marks = ", ".join("?" for _ in cols)
        con.executemany(
            f"insert into {name} ({col_list}) values ({marks})",
            [[entries[c].values[n] for n in cols] for c in plan["added"]],
        )
    con.execute(
        "insert into batches (batch_id, kind, file_name, sheet, sha256, loaded_by, loaded_at, rows_read, "
        "rows_new, rows_updated, rows_unchanged, status, rolled_back_at, rolled_back_by) "
        "values (?, ?, ?, null, ?, ?, current_localtimestamp(), ?, ?, ?, ?, 'loaded', null, null)",
        [
            batch_id,
            result.kind,
            result.file,
            digest,
            user,
            result.rows_read,
            result.rows_new,
            result.rows_updated,
            result.rows_unchanged,
        ],
    )
    con.execute("insert into reference_batches values (?, ?, ?)", [batch_id, name, result.rows_removed])
    return batch_id


def _hashable(row: tuple) -> tuple:
    return tuple(tuple(v) if isinstance(v, list) else v for v in row)


def rollback_list(con: duckdb.DuckDBPyConnection, batch_id: int, name: str, user: str) -> dict:
    """Undo a list's batch (``etl.load.rollback_batch`` calls this for kinds ``ref_<list>``): the list
    becomes exactly what it was before. Refused (``RollbackRefused``) while a later batch of the
    same list stands, or when an entry the batch added is used now."""
    from etl.load import RollbackRefused

    file_kind(name)
    later = [
        r[0]
        for r in con.execute(
            "select batch_id from batches where kind = ? and batch_id > ? and status = 'loaded' order by 1",
            [f"ref_{name}", batch_id],
        ).fetchall()
    ]
    if later:
        ids = ", ".join(str(b) for b in later)
        raise RollbackRefused(
            f"Danh mục đã được sửa tiếp ở lô sau ({ids}); hãy hoàn tác lô {ids} trước. "
            f"(Later batches {ids} changed the same list; roll them back first.)"
        )
    cols = columns(name)
    col_list = ", ".join(cols)
    before = con.execute(
        f"select {col_list} from {name}_replaced where replaced_by = ? order by rowid", [batch_id]
    ).fetchall()
    now = con.execute(f"select {col_list} from {name}").fetchall()
    kept = {row[0] for row in before}
    going = sorted({row[0] for row in now} - kept)
    used = usage(con, name, going)
    if used:
        listed = "; ".join(f"{code}: {_places_text(places)}" for code, places in sorted(used.items()))
        raise RollbackRefused(
            f"Không hoàn tác được lô {batch_id}: mục do lô này thêm đang được dùng ({listed}). "
            f"(Entries this batch added are in use.)"
        )
    restored = len({_hashable(r) for r in before} - {_hashable(r) for r in now})
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {name}")
        con.execute(
            f"insert into {name} ({col_list}) select {col_list} from {name}_replaced "
            "where replaced_by = ? order by rowid",
            [batch_id],
        )
        con.execute(f"delete from {name}_replaced where replaced_by = ?", [batch_id])
        con.execute(
            "update batches set status = 'rolled_back', rolled_back_at = current_localtimestamp(), "
            "rolled_back_by = ? where batch_id = ?",
            [user, batch_id],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("checkpoint")
    return {
        "batch_id": batch_id,
        "kind": f"ref_{name}",
        "rows_removed": len(going),
        "rows_restored": restored,
    }
