"""Checking a read sheet and turning it into typed records, in DuckDB SQL.

Every problem of a sheet is found in one pass and reported together. Values that repeat
(organizations, units, types, themes, dates, titles to infer themes from) are resolved once per
distinct value in Python and joined back; numbers, required cells, keys and duplicates are
checked in SQL over the whole table, so a million-row file costs a few scans, not a Python
loop per cell. Only when something is wrong are the offending rows fetched, at most
``config.MAX_ERRORS_KEPT`` of them.
"""

from __future__ import annotations

import calendar
import re
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pyarrow as pa

from etl import config
from etl.formats import (
    KINDS,
    MEASURE_COLUMN,
    MONEY_INDICATORS,
    MONEY_UNITS,
    STATUS_MARKS,
    Column,
    RecordKind,
    holds_amounts,
    mark_column,
    scaled_money,
    without_count_word,
)
from etl.problems import Problem, problem
from etl.read import RawSheet, number_rows
from etl.reference import TIMING_REMARK, Reference
from etl.text import clean_cell, fold, fold_words, nfc, strip_diacritics

# (One separator throughout: "7-8/2024" is no day, but months 7 and 8. A time of day may follow.)
_DMY = re.compile(
    r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_ISO = re.compile(
    r"^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
# As a Vietnamese document writes a date, its words folded: "ngày 13 tháng 6 năm 2024" (the
# leading "ngày", "day", may also stand before any other form: "Ngày 13/06/2024").
_DAY_WORD = re.compile(r"^ngay\s*")
_YEAR_WORD = re.compile(r"^\s*nam\s*", re.IGNORECASE)
_WORDS = re.compile(r"^(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s+nam\s+(\d{4})$")
EXCEL_EPOCH = date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1990, 2100

_CURRENCY = re.compile(r"(vnđ|vnd|đồng|dong|đ|d)\.?$")  # (with or without diacritics)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_TRAILING_ZEROS = re.compile(r"^(\d+)[.,]0+$")
_PLAIN_NUMBER = re.compile(r"[0-9]{1,18}")  # what a BIGINT cast reads exactly as parse_number does


def parse_number(value: str) -> int | None:
    """A whole number as offices write it: '1500000', '1.500.000', '1,500,000', '2.500.000 đ',
    '1 500 000 đồng', '150.0' (a float from Excel); negative with a leading '-'. None if not one."""
    text = re.sub(r"[\s\u00a0]+", "", nfc(value).lower())  # (DuckDB's reader leaves text as in the file)
    text = _CURRENCY.sub("", text)
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    if text.isascii() and text.isdigit():
        digits = text
    elif _THOUSANDS_DOT.match(text):
        digits = text.replace(".", "")
    elif _THOUSANDS_COMMA.match(text):
        digits = text.replace(",", "")
    elif m := _TRAILING_ZEROS.match(text):
        digits = m.group(1)
    else:
        return None
    if len(digits) > 18:  # beyond a BIGINT (and Python's limit on long digit strings)
        return None
    number = int(digits)
    return -number if negative else number


# In a column of thousands or millions of đồng: a whole number or one with a fraction ("2,5",
# "2.5"), with thousands grouped by dots or commas ("1.500.000", "1.500,5", "1,500.5").
_GROUPED_VI = re.compile(r"^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$")
_GROUPED_EN = re.compile(r"^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$")
_FRACTION = re.compile(r"^(\d+)[.,](\d+)$")
_MAX_AMOUNT = 10**18  # (within a BIGINT)
# Amounts no office spends or raises (đồng): under 1.000 a figure in thousands or millions, from
# 1.000 tỷ on one counted in a unit a thousand times too small.
_LEAST_AMOUNT, _MOST_AMOUNT = 1_000, 10**12


def _plausible(amount: int) -> bool:
    return amount == 0 or _LEAST_AMOUNT <= abs(amount) < _MOST_AMOUNT


def _scaled_detail(per_unit: int) -> str:
    """What a bad amount's message adds in a column of thousands or millions of đồng."""
    if per_unit == 1:
        return ""
    unit = {1_000: "nghìn đồng", 1_000_000: "triệu đồng"}.get(per_unit, "tỷ đồng")
    return (
        f" Cột này tính bằng {unit}: viết 2,5 cho hai {unit.split()[0]} rưỡi; số như 1.500 "
        "không rõ là 1,5 hay 1500, hãy viết một trong hai cách đó."
    )


_ROW_UNIT_DETAIL = (
    " Số này tính theo đơn vị ở cột ĐVT (nghìn hay triệu đồng): viết 2,5 cho hai đơn vị rưỡi; số như "
    "1.500 không rõ là 1,5 hay 1500, hãy viết một trong hai cách đó."
)
_SCALE_WORDS = re.compile(r"(tỷ|ty|tỉ|ti|triệu|trieu|tr|nghìn|nghin|ngàn|ngan|k)\.?$")
_SCALE_FACTORS = {
    "ty": 10**9,
    "ti": 10**9,
    "trieu": 10**6,
    "tr": 10**6,
    "nghin": 1000,
    "ngan": 1000,
    "k": 1000,
}


def parse_amount(value: str, per_unit: int = 1, fraction: bool = False) -> int | None:
    """An amount in đồng, from a cell of a column counted in đồng (``per_unit`` 1) or in
    thousands or millions of them ("Kinh phí (triệu đồng)": '2,5' is 2.500.000). A unit written in
    the cell is the cell's own ('2 triệu', '500 nghìn', '500k', '2.500.000 đ'). ``fraction``: the
    cell was a number with a fraction in the workbook (Python's '2.125'). None where the cell is
    no amount, and where it is unclear: '1.500' in millions may be 1,5 or 1500 of them."""
    if fraction:
        amount = _workbook_number(value)
        if amount is None:
            return None
        whole = (amount * per_unit).to_integral_value(ROUND_HALF_UP)
        # (A fraction of a đồng: only the rounding of an amount in thousands or millions.)
        return int(whole) if (per_unit > 1 or whole == amount) and abs(whole) < _MAX_AMOUNT else None
    text = re.sub(r"[\s\u00a0]+", "", nfc(value).lower())
    in_dong = bool(_CURRENCY.search(text))
    text = _CURRENCY.sub("", text)
    if m := _SCALE_WORDS.search(text):
        per_unit, text = _SCALE_FACTORS[strip_diacritics(m.group(1))], text[: m.start()]
    elif in_dong:
        per_unit = 1  # ('2.500.000 đ' in a column of millions: the cell says đồng)
    if per_unit == 1:
        return parse_number(text)
    negative = text.startswith("-")
    text = text.removeprefix("-")
    if text.isascii() and text.isdigit():
        whole, part = text, ""
    elif m := _GROUPED_VI.match(text) or _GROUPED_EN.match(text):
        groups, part = m.group(1), m.group(2) or ""
        if not part and groups.count(groups[-4]) == 1:
            if not groups.startswith("0"):
                return None  # one separator, three digits after it: '1.500' may be 1,5 or 1500
            groups, part = "0", groups[2:]  # ('0,125': no thousands start with 0)
        whole = re.sub(r"[.,]", "", groups)
    elif m := _FRACTION.match(text):
        whole, part = m.group(1), m.group(2)
    else:
        return None
    if len(whole) > 15:
        return None
    amount = (Decimal(f"{whole}.{part or 0}") * per_unit).to_integral_value(ROUND_HALF_UP)
    if amount >= _MAX_AMOUNT:
        return None
    return -int(amount) if negative else int(amount)


def parse_count(value: str, fraction: bool = False) -> int | None:
    """A whole number (parse_number), perhaps with what it counts ("35 đại biểu", "120 người"); a
    workbook's number cell with a fraction is none, unless the fraction is only the noise of
    Excel's arithmetic (12.000000000000002)."""
    if not fraction:
        return parse_number(without_count_word(value))
    number = _workbook_number(value)
    return int(number) if number is not None and number == number.to_integral_value() else None


def _workbook_number(text: str) -> Decimal | None:
    """A workbook's number cell as Excel shows it: 15 significant digits, so that the noise of
    its arithmetic goes (=7%*100000000 is 7000000.000000001 in the file, 7.000.000 on screen)."""
    try:
        return Decimal(format(float(text), ".15g"))
    except ValueError:
        return None


def parse_date(value: str) -> date | None:
    """dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO, an Excel serial, or in words ("ngày 13
    tháng 6 năm 2024"); None if not a real date."""
    text = value.strip()
    worded = any(c.isalpha() for c in text)
    if worded:
        text = _DAY_WORD.sub("", strip_diacritics(text).lower().strip())
    try:
        if m := _DMY.match(text) or _WORDS.match(text):
            day, month, year = m.group(1), m.group(m.re.groups - 1), m.group(m.re.groups)
            parsed = date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
        elif m := _ISO.match(text):  # (year first: 2024-06-13, 2024/06/13, 2024.06.13)
            parsed = date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        elif _SERIAL.match(text) and not worded:  # ('ngày 45456' is no date)
            parsed = EXCEL_EPOCH + timedelta(days=int(float(text)))
        else:
            return None
    except ValueError:
        return None
    return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None


# A deadline as a conclusion sets it, its words folded: a period ("Quý IV/2025", "Tháng 12/2025",
# "6 tháng cuối năm 2024", "Năm 2025", "Năm 2024 - 2025") ends on its last day, also after
# "trong", "đến hết", "cuối"… ("Trong quý III/2024", "Cuối năm 2024"); "trước" a period is the day
# before it begins ("Trước quý IV/2024": 30/09/2024), "trước ngày" a day is that day. A task done
# all the time or again and again ("Thường xuyên", "Hằng năm") has none.
_DUE_LEAD = re.compile(
    r"^(?:(?:han|thoi han|hoan thanh|xong|thuc hien)\s*:?\s*)?"
    r"(?:(?P<before>truoc)|trong|tu nay den het|tu nay den|den het|den|het|cuoi|vao cuoi|"
    r"cham nhat(?: la)?|muon nhat(?: la)?)?\s*(?P<day>ngay\s+)?"
)
_QUARTER = r"(?:quy|qui|q)\s*(iv|iii|ii|i|[1-4])\s*(?:[/.\-,]|\s+nam)?\s*(?:nam\s+)?(\d{4})"
_DUE_QUARTER = re.compile(f"^{_QUARTER}$")
_DUE_MONTH = re.compile(r"^(?:thang\s*|t)?(\d{1,2})\s*(?:[/.\-]|\s+nam)\s*(\d{4})$")
_DUE_MONTH_WORDS = re.compile(r"^thang\s*(\d{1,2})\s+(?:nam\s+)?(\d{4})$")
_DUE_MONTHS = re.compile(r"^thang\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*(?:[/.\-]|\s+nam)\s*(\d{4})$")
_DUE_MONTHS_OF_YEAR = re.compile(r"^(0?3|0?6|0?9|ba|sau|chin) thang (dau|cuoi) nam\s*(\d{4})$")
_DUE_HALF = re.compile(r"^nua (dau|cuoi) nam\s*(\d{4})$")
_DUE_YEARS = re.compile(r"^(?:nam\s*|cac nam\s*|giai doan\s*)?(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
_ONGOING = re.compile(
    r"^(?:(?:thuong xuyen|lien tuc|dinh ky|hang (?:nam|quy|thang|tuan|ngay)|hang nam|moi nam)"
    r"(?:\s*(?:,|va|;)?\s*)?)+$"
)
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTH_WORDS = {"ba": 3, "sau": 6, "chin": 9}


_DUE_DATE_FORMS = (
    " Hạn cũng có thể ghi theo kỳ ('Quý IV/2025', 'Tháng 7/2024', '6 tháng cuối năm 2024', "
    "'Năm 2025', 'Trước quý III/2024') hoặc 'Thường xuyên' cho việc làm liên tục."
)


class Ongoing:
    """A task done all the time ("Thường xuyên"): a deadline that sets no date."""


ONGOING = Ongoing()


def parse_due_date(value: str) -> date | Ongoing | None:
    """A task's deadline: a date (parse_date), a day a period it names sets, or ONGOING."""
    if (parsed := parse_date(value)) is not None:
        return parsed
    text = re.sub(r"\s+", " ", strip_diacritics(clean_cell(value)).lower()).strip(" .;")
    if _ONGOING.match(text):
        return ONGOING
    lead = _DUE_LEAD.match(text)
    rest = text[lead.end() :].strip()
    if (parsed := parse_date(rest)) is not None:
        return parsed  # ("Trước ngày 30/6/2024": by that day)
    if lead.group("day"):
        return None
    period = _due_period(rest)
    if period is None:
        return None
    return period[0] - timedelta(days=1) if lead.group("before") else period[1]


def _due_period(text: str) -> tuple[date, date] | None:
    """The first and last day of the period a deadline names, or None."""
    if m := _DUE_QUARTER.match(text):
        number, year = m.group(1), int(m.group(2))
        last = 3 * (_ROMAN_QUARTERS.get(number) or int(number))
        first_month, last_month, last_year = last - 2, last, year
    elif m := _DUE_MONTH.match(text) or _DUE_MONTH_WORDS.match(text):
        year = last_year = int(m.group(2))
        first_month = last_month = int(m.group(1))
    elif m := _DUE_MONTHS.match(text):  # ("Tháng 7-8/2024")
        year = last_year = int(m.group(3))
        first_month, last_month = int(m.group(1)), int(m.group(2))
    elif m := _DUE_MONTHS_OF_YEAR.match(text):
        word, half, year = m.group(1), m.group(2), int(m.group(3))
        months = _MONTH_WORDS.get(word) or int(word)
        first_month, last_month = (1, months) if half == "dau" else (13 - months, 12)
        last_year = year
    elif m := _DUE_HALF.match(text):
        year = last_year = int(m.group(2))
        first_month, last_month = (1, 6) if m.group(1) == "dau" else (7, 12)
    elif m := _DUE_YEARS.match(text):
        year, last_year = int(m.group(1)), int(m.group(2) or m.group(1))
        first_month, last_month = 1, 12
        if last_year < year:
            return None
    else:
        return None
    if not (1 <= first_month <= last_month <= 12 and MIN_YEAR <= year <= last_year <= MAX_YEAR):
        return None
    end = date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    return date(year, first_month, 1), end


# Words offices use for a task's state that say something else than how far it got.
_STATUS_HINTS = {
    "late": "nói về hạn, không nói việc đã làm đến đâu: hãy ghi tình trạng (chưa thực hiện, đang "
    "thực hiện, hoàn thành). Việc quá hạn được tính từ cột Hạn hoàn thành.",
    "unfinished": "chưa cho biết việc đã bắt đầu hay chưa: hãy ghi 'Chưa thực hiện' hoặc 'Đang thực hiện'.",
}


def status_hint(value: str) -> str:
    """What an unknown task status should say instead (empty: the general message). A status
    that only speaks of its timing ("Quá hạn") is one of the remarks the reference lists allow
    after a status (``TIMING_REMARK``)."""
    text = fold_words(value)
    if TIMING_REMARK.search(text):
        return _STATUS_HINTS["late"]
    if text.startswith("chua hoan thanh"):
        return _STATUS_HINTS["unfinished"]
    return ""


@dataclass
class Scope:
    """What an account may load: organization types and unit codes (None: everything).

    How a record is judged (``_scope_checks``), each failing row an ``out_of_scope`` problem:

    - **unit** (activities, members, targets, meetings): the record's unit must be one of
      ``units``. A blank or absent unit is the top level of the deployment, in scope only
      when ``units`` holds the top unit (an account scoped to the whole deployment has
      ``units=None``).
    - **org** (activities, members, targets): the organization must be one of ``orgs``.
      Meetings have no ``org``: a meeting is in scope when its host (``host``) is one of
      ``orgs`` or one of ``orgs`` attends it (``orgs``).
    - **tasks** have neither: a task takes its meeting's unit (the meeting, already in the
      warehouse or in the same file, must be in the unit scope), and its assignee must be one
      of ``orgs`` unless its meeting is in the organization scope.
    - **ids:** a record may not take over, through its id, a record of the warehouse that is
      outside the scope (two communes both writing ``HD-001``).
    """

    orgs: frozenset[str] | None = None
    units: frozenset[str] | None = None


@dataclass
class CheckedSheet:
    sheet: RawSheet
    kind: RecordKind | None
    staged: str | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    meeting_ids: set[str] = field(default_factory=set)
    # A query giving the typed records (the kind's columns, content_key, record_key), for the loader.
    source_sql: str | None = None
    # Scratch tables the source query reads; dropped when the file is done.
    temp_tables: list[str] = field(default_factory=list)
    # Known from the cells already: every record has its own id, so no two share a key (the
    # loader then need not look for duplicates among what it wrote).
    keys_unique: bool = False

    @property
    def ok(self) -> bool:
        return self.source_sql is not None and self.problem_count == 0


@dataclass
class _Check:
    condition: str  # SQL over the row being staged; true where the cell is wrong
    column: str
    code: str
    detail: str = ""


def _register(con: duckdb.DuckDBPyConnection, frame: pa.Table) -> str:
    """A small lookup table (distinct value -> resolution) as a temp table."""
    name = f"map_{uuid.uuid4().hex[:10]}"
    con.register(f"{name}_in", frame)
    try:
        con.execute(f"create temp table {name} as select * from {name}_in")
    finally:
        con.unregister(f"{name}_in")
    return name


def _at_once(units: list) -> bool:
    """Whether two of these units existed at the same time (their validity overlaps)."""
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            if (a.valid_to is None or b.valid_from is None or b.valid_from <= a.valid_to) and (
                b.valid_to is None or a.valid_from is None or a.valid_from <= b.valid_to
            ):
                return True
    return False


def _distinct(
    con: duckdb.DuckDBPyConnection, table: str, column: str, where: str = "true", params: list | None = None
) -> list[str]:
    sql = f'select distinct "{column}" from {table} where "{column}" is not null and {where}'
    return [r[0] for r in con.execute(sql, params or []).fetchall()]


# Odd whitespace (``etl.read.FileScan.odd_spaces``) as SQL strings.
_SPACE_SQL = {"  ": "'  '", "\u00a0": "chr(160)", "\t": "chr(9)", "\r": "chr(13)"}


class _Plan:
    """Builds the staging SQL of one sheet: lookups to join, typed expressions and checks."""

    def __init__(self, con, sheet: RawSheet, kind: RecordKind, ref: Reference):
        self.con, self.sheet, self.kind, self.ref = con, sheet, kind, ref
        self.joins: list[str] = []
        self.typed: dict[str, str] = {}  # canonical column -> SQL of its typed value
        self.checks: list[_Check] = []
        self.temp: list[str] = []
        # Whether a lookup already shows a wrong or blank-looking value (then the sheet has
        # problems to list row by row; otherwise only required cells and keys remain to check).
        self.suspect = False
        self._space_flags: dict[str, tuple[bool, bool]] | None = None
        # Per looked-up column, its distinct values that are blank (only whitespace).
        self.blank_values: dict[str, list[str]] = {}
        # An organization written with its unit ("Hội LHPN xã Chiềng Sung"): value -> the unit's words.
        self.org_units: dict[str, str] = {}
        self.joined: dict[str, str] = {}  # lookup alias -> its join
        self.latest: date | None = None  # the latest record date of the sheet
        self.earliest: date | None = None  # and its earliest
        self.meeting_ids: dict[str, str] = {}  # a task's meeting as written -> the meeting's own id
        # What a column stores where it is not its typed value (which the checks read).
        self.stored: dict[str, str] = {}

    def present(self, name: str) -> bool:
        return name in self.sheet.columns

    def raw(self, name: str) -> str:
        return f'r."{name}"'

    def check(self, condition: str, column: str, code: str, detail: str = "") -> None:
        self.checks.append(_Check(condition, column, code, detail))

    def lookup(self, frame: pa.Table, alias: str, on: str) -> str:
        table = _register(self.con, frame)
        self.temp.append(table)
        self.joins.append(f"left join {table} {alias} on {on}")
        self.joined[alias] = self.joins[-1]
        return table

    # -- per type ---------------------------------------------------------------------------

    def text(self, col: Column) -> None:
        x = self.raw(col.name)
        if self.sheet.clean:
            self.typed[col.name] = x
            return
        if self.sheet.needs_nfc:
            x = f"nfc_normalize({x})"
        odd, at_end = (True, True) if self.sheet.needs_space else self._spaces()[col.name]
        if odd:
            x = f"regexp_replace({x}, '[\\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+', ' ', 'g')"
            self.typed[col.name] = f"nullif(trim({x}), '')"
        elif at_end:
            # Only single spaces can remain: trim (slow on long text) just where one is at an end.
            self.typed[col.name] = (
                f"nullif(case when {x}[1] = ' ' or {x}[-1] = ' ' then trim({x}) else {x} end, '')"
            )
        else:
            # Nothing to fold and no space at either end of any cell: the cells as read.
            self.typed[col.name] = f"nullif({x}, '')"

    def _spaces(self) -> dict[str, tuple[bool, bool]]:
        """Per free-text column read by DuckDB: whether it has whitespace that clean_cell would
        fold, and whether any of its cells starts or ends with a space (one scan for all)."""
        if self._space_flags is None:
            names = [c.name for c in self.kind.columns if c.type in ("text", "id") and self.present(c.name)]
            aggregates = []
            # (Only the whitespace the file holds anywhere: two spaces in a long title cost the
            # most to look for, and most files have none.)
            patterns = ["chr(10)"] + [_SPACE_SQL[t] for t in sorted(self.sheet.odd_spaces)]
            for name in names:
                x = f'"{name}"'
                odd = " or ".join(f"contains({x}, {p})" for p in patterns)
                aggregates += [f"bool_or({odd})", f"bool_or(starts_with({x}, ' ') or ends_with({x}, ' '))"]
            found = self.con.execute(f"select {', '.join(aggregates)} from {self.sheet.table}").fetchall()[0]
            self._space_flags = {
                name: (bool(found[2 * i]), bool(found[2 * i + 1])) for i, name in enumerate(names)
            }
        return self._space_flags

    def number(self, col: Column) -> None:
        n = col.name
        values = _distinct(self.con, self.sheet.table, n)
        amounts = self._amount_rows(col)
        # (A money column may count thousands or millions of đồng: "Kinh phí (triệu đồng)".)
        scaled = scaled_money(self.kind, self.sheet.headers.get(n, "")) if amounts else None
        per_unit = scaled[1] if scaled else 1
        # A targets table's unit column ("ĐVT": "triệu đồng") says it row by row.
        row_units = self._row_units() if amounts and amounts != "true" else []
        factors = sorted({per_unit, *row_units})
        fractions = self.sheet.fractions.get(n, set())
        digits = 18 if factors == [1] else 12  # (what the cast, then the multiplication, can hold)
        if not fractions and all(_PLAIN_NUMBER.fullmatch(v) and len(v) <= digits for v in values):
            # Only plain digits (the usual case): the cast gives what parse_number gives, and
            # no cell can be wrong, so no lookup to join.
            cast = f"cast({self.raw(n)} as bigint)"
            factor = f"coalesce(mu.factor, {per_unit})" if row_units else str(per_unit)
            self.typed[n] = (
                cast if factors == [1] else f"case when {amounts} then {cast} * {factor} else {cast} end"
            )
            if amounts:
                self.suspect |= any(not _plausible(int(v) * f) for v in values for f in factors)
                self._implausible_amounts(n, amounts)
            return
        counts = [parse_count(v, v in fractions) for v in values] if amounts != "true" else None
        sums = {f: [parse_amount(v, f, v in fractions) for v in values] for f in factors} if amounts else {}
        frame = pa.table(
            {
                "value": pa.array(values, pa.string()),
                "count": pa.array(counts or [None] * len(values), pa.int64()),
                **{f"amount_{f}": pa.array(sums[f], pa.int64()) for f in sums},
                "fraction": pa.array([v in fractions for v in values], pa.bool_()),
            }
        )
        every = [*(counts or []), *(p for f in sums for p in sums[f])]
        self.suspect |= any(p is None or p < 0 for p in every)
        self.suspect |= any(p is not None and not _plausible(p) for f in sums for p in sums[f])
        alias = f"n_{n}"
        self.lookup(frame, alias, f'{alias}.value = r."{n}"')
        amount = f"{alias}.amount_{per_unit}"
        if row_units:
            amount = (
                f"case coalesce(mu.factor, {per_unit}) "
                + " ".join(f"when {f} then {alias}.amount_{f}" for f in factors)
                + " end"
            )
        parsed = {
            "true": amount,
            None: f"{alias}.count",
        }.get(
            amounts,
            # (A target whose indicator is not understood may be either: only that is reported.)
            f"case when ({self.typed.get('indicator')}) is null then coalesce({alias}.count, {amount}) "
            f"when {amounts} then {amount} else {alias}.count end",
        )
        self.typed[n] = parsed
        unread = f"({parsed}) is null and not {_blank_sql(self.raw(n))}"
        typed_text = f"{unread} and not {alias}.fraction"
        if row_units:  # (the unit is the row's, in the ĐVT column, or the header's)
            scaled_row = f"{amounts} and coalesce(mu.factor, {per_unit}) > 1"
            self.check(f"{typed_text} and {scaled_row}", n, "bad_number", _ROW_UNIT_DETAIL)
            self.check(f"{typed_text} and not ({scaled_row})", n, "bad_number")
        elif amounts == "true" or per_unit == 1:
            self.check(typed_text, n, "bad_number", _scaled_detail(per_unit))
        else:  # (the unit of the header is said only of the amounts)
            self.check(f"{typed_text} and {amounts}", n, "bad_number", _scaled_detail(per_unit))
            self.check(f"{typed_text} and not ({amounts})", n, "bad_number")
        # (A number cell with a fraction where a whole number is wanted: a count, or đồng.)
        self.check(
            f"{unread} and {alias}.fraction", n, "bad_number", " Cột này cần số nguyên, không có phần lẻ."
        )
        self.check(f"({parsed}) < 0", n, "negative")
        if amounts:
            self._implausible_amounts(n, amounts)

    def _amount_rows(self, col: Column) -> str | None:
        """Where a number column holds amounts of đồng, in SQL: every row of a money column
        ("true"), the rows of a target whose indicator is money; None: no row."""
        if col.type == "money":
            return "true"
        if holds_amounts(self.kind, col) and "indicator" in self.typed:
            codes = ", ".join(f"'{c}'" for c in sorted(MONEY_INDICATORS))
            return f"coalesce(({self.typed['indicator']}) in ({codes}), false)"
        return None

    def _row_units(self) -> list[int]:
        """The units of money a targets table's unit column names (đồng per unit), joined as
        ``mu.factor`` on each row (null where the row names none: people, times, …)."""
        if not self.present(MEASURE_COLUMN):
            return []
        names = _distinct(self.con, self.sheet.table, MEASURE_COLUMN)
        factors = [MONEY_UNITS.get(fold(m).removeprefix("dvt")) for m in names]
        frame = pa.table({"value": pa.array(names, pa.string()), "factor": pa.array(factors, pa.int64())})
        self.lookup(frame, "mu", f'mu.value = r."{MEASURE_COLUMN}"')
        return sorted({f for f in factors if f})

    def _implausible_amounts(self, n: str, amounts: str) -> None:
        """An amount under 1.000 đ, or of 1.000 tỷ or more, is no amount an office spends or
        raises: the cell was written in thousands or millions in a column that does not say so
        ('Kinh phí' holding 3 for 3 triệu), or in đồng in a column of millions."""
        self.check(
            f"({amounts}) and ({self.typed[n]}) between 1 and {_LEAST_AMOUNT - 1}",
            n,
            "bad_number",
            " Số tiền dưới 1.000 đồng là quá nhỏ: nếu cột tính bằng nghìn hay triệu đồng, hãy ghi đơn vị "
            "ở tiêu đề cột (ví dụ 'Kinh phí (triệu đồng)') hoặc ngay trong ô ('3 triệu').",
        )
        self.check(
            f"({amounts}) and ({self.typed[n]}) >= {_MOST_AMOUNT}",
            n,
            "bad_number",
            " Số tiền từ 1.000 tỷ đồng trở lên là quá lớn: nếu cột tính bằng triệu đồng thì số đã ghi "
            "theo đồng; hãy ghi theo đơn vị của cột, hoặc ghi đơn vị ngay trong ô ('2.500.000 đ').",
        )

    def year(self, col: Column) -> None:
        n = col.name
        values = _distinct(self.con, self.sheet.table, n)
        # ("Năm 2025", as a heading writes it: the year. A workbook's date cell shown as its year,
        # '2027-01-01' as read: that year.)
        parsed = [
            parse_number(_YEAR_WORD.sub("", strip_diacritics(v)))
            or ((day := parse_date(v)) and _ISO.match(v.strip()) and day.year)
            or None
            for v in values
        ]
        parsed = [p if p is not None and MIN_YEAR <= p <= MAX_YEAR else None for p in parsed]
        self.suspect |= any(p is None for p in parsed)
        self.latest = max((date(p, 1, 1) for p in parsed if p is not None), default=None)
        frame = pa.table({"value": pa.array(values, pa.string()), "parsed": pa.array(parsed, pa.int32())})
        alias = f"y_{n}"
        self.lookup(frame, alias, f'{alias}.value = r."{n}"')
        self.typed[n] = f"{alias}.parsed"
        self.check(f"{alias}.parsed is null and not {_blank_sql(self.raw(n))}", n, "bad_number")

    def date_(self, col: Column) -> None:
        n = col.name
        values = _distinct(self.con, self.sheet.table, n)
        # (A deadline may name a period, or none: "Quý IV/2025", "Thường xuyên".)
        read = [(parse_due_date if n == "due_date" else parse_date)(v) for v in values]
        ongoing = [r is ONGOING for r in read]
        parsed = [None if o else r for r, o in zip(read, ongoing, strict=True)]
        frame = pa.table(
            {
                "value": pa.array(values, pa.string()),
                "parsed": pa.array(parsed, pa.date32()),
                "ongoing": pa.array(ongoing, pa.bool_()),
            }
        )
        self.suspect |= any(r is None for r in read)
        if n != "due_date":
            self.latest = max((p for p in parsed if p is not None), default=None)
            self.earliest = min((p for p in parsed if p is not None), default=None)
        alias = f"d_{n}"
        self.lookup(frame, alias, f'{alias}.value = r."{n}"')
        self.typed[n] = f"{alias}.parsed"
        self.check(
            f"{alias}.parsed is null and not coalesce({alias}.ongoing, false) and not {_blank_sql(self.raw(n))}",
            n,
            "bad_date",
            _DUE_DATE_FORMS if n == "due_date" else "",
        )

    def ref_one(self, col: Column) -> None:
        n = col.name
        list_name = col.ref_list
        values = _distinct(self.con, self.sheet.table, n)
        frame = pa.table(
            {
                "value": pa.array(values, pa.string()),
                "code": pa.array(codes := [self.ref.resolve(list_name, v) for v in values], pa.string()),
            }
        )
        self.suspect |= any(c is None for c in codes)
        alias = f"m_{n}"
        self.lookup(frame, alias, f'{alias}.value = r."{n}"')
        self.typed[n] = f"{alias}.code"
        if n == "org" and "unit" in self.kind.column_by_name:
            units = {v: u for v in values if (u := self.ref.org_unit(list_name, v))}
            if units:
                self.org_units = units
                places = pa.table({"value": pa.array(list(units)), "unit": pa.array(list(units.values()))})
                self.lookup(places, "om", f'om.value = r."{n}"')
        code = {
            "org": "unknown_org",
            "body": "unknown_org",
            "indicator": "unknown_indicator",
            "task_status": "unknown_status",
        }.get(list_name, "unknown_type")
        self.check(f"{alias}.code is null and not {_blank_sql(self.raw(n))}", n, code)

    def ref_many(self, col: Column) -> None:
        n = col.name
        values = _distinct(self.con, self.sheet.table, n)
        codes, bad = [], []
        for value in values:
            found, wrong = split_codes(self.ref, col.ref_list, value)
            codes.append(found)
            bad.append(wrong is not None)
            self.suspect |= wrong is not None
        blank = _blank_values(self.con, values)
        self.blank_values[n] = [v for v, b in zip(values, blank, strict=True) if b]
        frame = pa.table(
            {
                "value": pa.array(values, pa.string()),
                # (null where the cell names none, as for a row whose cell is empty)
                "codes": pa.array([c or None for c in codes], pa.list_(pa.string())),
                "bad": pa.array(bad, pa.bool_()),
                "blank": pa.array(blank, pa.bool_()),
            }
        )
        alias = f"l_{n}"
        self.lookup(frame, alias, f'{alias}.value = r."{n}"')
        self.typed[n] = f"coalesce({alias}.codes, cast([] as varchar[]))"
        code = {"theme": "unknown_theme", "org": "unknown_org"}.get(col.ref_list, "unknown_type")
        self.check(f"coalesce({alias}.bad, false)", n, code)

    def unit(self, col: Column) -> None:
        """Units by name or code; where a name was reused after the reform, the unit of the record's date."""
        n = col.name
        root = self.ref.root_unit
        rows: list[tuple] = []
        ended: list = []  # units that ended (the 2025 reform) named on the sheet, in order met
        early: list = []  # units the reform made, named on the sheet (not theirs before it)
        # (Only records of a day are judged so: a year's target may be set for the new units.)
        dated = any(name in self.typed for name in ("date", "as_of"))
        values = _distinct(self.con, self.sheet.table, n) if self.present(n) else []
        blank = {v for v, b in zip(values, _blank_values(self.con, values), strict=True) if b}
        # The cell naming the unit: the unit column, or where it is blank the unit an
        # organization's name carries ("Hội LHPN xã Chiềng Sung").
        cell = f'r."{n}"' if self.present(n) else "cast(null as varchar)"
        if self.org_units:
            cell = f"(case when {_blank_sql(cell)} then om.unit else {cell} end)"
            values += sorted(set(self.org_units.values()) - set(values))
            self._org_unit_conflicts(n)
        for value in values:
            if value in blank:
                # A cell of only whitespace is a blank unit: the top level.
                rows.append((value, root, date.min, date.max, True, False, None, None))
                continue
            units = sorted(self.ref.unit_candidates(value), key=lambda u: u.valid_from or date.min)
            self.suspect |= not units
            if _at_once(units):
                # Two units of this name at the same time ("Hát Lót": the commune and the town):
                # which one is not for the loader to guess, while they last.
                self.suspect = True
                ends = [u.valid_to for u in units]
                last_day = None if None in ends else max(ends)
                rows.append((value, None, date.min, last_day or date.max, False, True, None, None))
                # (After, as one unit that ended: named by the unit that took both over, if one did.)
                successors = {u.successor_code for u in units}
                taken_by = successors.pop() if len(successors) == 1 else None
                final = replace(units[-1], valid_to=last_day, successor_code=taken_by)
            else:
                # Split all time among the units of this name, each from its valid_from on, so
                # exactly one unit matches any date (the earliest also takes everything before it),
                # until the last one ends.
                for i, unit in enumerate(units):
                    start = date.min if i == 0 else (unit.valid_from or date.min)
                    if i == 0 and dated and unit.valid_from and self.ref.predecessors(unit.code):
                        # Before a unit the reform made, the name is of no unit: its records then
                        # were the units it took over.
                        if unit not in early:
                            early.append(unit)
                        start = unit.valid_from
                        rows.append(
                            (
                                value,
                                None,
                                date.min,
                                start - timedelta(days=1),
                                False,
                                False,
                                None,
                                early.index(unit),
                            )
                        )
                    last = i == len(units) - 1
                    end = (
                        (unit.valid_to or date.max)
                        if last
                        else (units[i + 1].valid_from or date.max) - timedelta(days=1)
                    )
                    rows.append((value, unit.code, start, end, False, False, None, None))
                final = units[-1] if units else None
            if final is not None and final.valid_to is not None and final.valid_to < date.max:
                # After the last unit of the name ended, the name is of no unit.
                if final not in ended:
                    ended.append(final)
                after = final.valid_to + timedelta(days=1)
                rows.append((value, None, after, date.max, False, False, ended.index(final), None))
        frame = pa.table(
            {
                "value": pa.array([r[0] for r in rows], pa.string()),
                "code": pa.array([r[1] for r in rows], pa.string()),
                "starts": pa.array([r[2] for r in rows], pa.date32()),
                "ends": pa.array([r[3] for r in rows], pa.date32()),
                "blank": pa.array([r[4] for r in rows], pa.bool_()),
                "ambiguous": pa.array([r[5] for r in rows], pa.bool_()),
                "ended": pa.array([r[6] for r in rows], pa.int32()),
                "early": pa.array([r[7] for r in rows], pa.int32()),
            }
        )
        alias = f"m_{n}"
        record_date = self.record_date_sql()
        when = f"coalesce({record_date}, current_date)"
        table = self.lookup(
            frame, alias, f"{alias}.value = {cell} and {when} between {alias}.starts and {alias}.ends"
        )
        top = f"'{root}'" if root else "cast(null as varchar)"
        self.typed[n] = f"case when {cell} is null then {top} else {alias}.code end"
        self.check(
            f"{cell} is not null and {alias}.code is null "
            f"and not coalesce({alias}.blank or {alias}.ambiguous or {alias}.ended is not null "
            f"or {alias}.early is not null, false)",
            n,
            "unknown_unit",
        )
        self.check(
            f"coalesce({alias}.ambiguous, false)",
            n,
            "unknown_unit",
            "ứng với nhiều địa bàn cùng lúc: hãy ghi tên đầy đủ (như 'Xã …', 'Thị trấn …') hoặc mã địa bàn.",
        )
        if self._names_out_of_time(table, cell, record_date, ended, early):
            self.suspect = True
            for which, units, why in (("ended", ended, self._ended), ("early", early, self._early)):
                for i, unit in enumerate(units):
                    self.check(
                        f"{alias}.{which} = {i} and {record_date} is not null", n, "unknown_unit", why(unit)
                    )

    def _names_out_of_time(self, table: str, cell: str, record_date: str, ended: list, early: list) -> bool:
        """Whether a record names a unit on a date after it ended, or before the reform made it:
        asked of the records (in one scan) only when the sheet's dates reach so far."""
        latest = self.latest or (date.today() if record_date == "current_date" else None)
        which = []
        if ended and latest is not None and latest > min(u.valid_to for u in ended):
            which.append("u.ended is not null")
        if early and self.earliest is not None and self.earliest < max(u.valid_from for u in early):
            which.append("u.early is not null")
        if not which:
            return False
        joins = " ".join(j for alias, j in self.joined.items() if f"{alias}." in record_date + cell)
        found = self.con.execute(
            f"select count(*) from (select 1 from {self.sheet.table} r {joins} "
            f"join {table} u on u.value = {cell} and ({' or '.join(which)}) "
            f"and {record_date} between u.starts and u.ends limit 1)"
        ).fetchall()[0][0]
        return found > 0

    def _org_unit_conflicts(self, n: str) -> None:
        """A record whose organization carries a unit ("Hội LHPN xã Chiềng Sung") and whose unit
        column names another: which is meant is not for the loader to guess."""
        if not self.present(n):
            return
        pairs = self.con.execute(
            f'select distinct "org", "{n}" from {self.sheet.table} where "org" in (select unnest(?)) '
            f'and "{n}" is not null',
            [list(self.org_units)],
        ).fetchall()
        conflicts = [
            (org, unit)
            for org, unit in pairs
            if clean_cell(unit)
            and not {u.code for u in self.ref.unit_candidates(unit)}
            & {u.code for u in self.ref.unit_candidates(self.org_units[org])}
        ]
        if conflicts:
            self.suspect = True
            frame = pa.table({"org": [o for o, _ in conflicts], "unit": [u for _, u in conflicts]})
            self.lookup(frame, "oc", f'oc.org = r."org" and oc.unit = r."{n}"')
            self.check(
                "oc.org is not null",
                n,
                "unknown_unit",
                "không khớp với địa bàn ghi trong tên tổ chức: hãy ghi một địa bàn, ở cột Địa bàn.",
            )

    def _early(self, unit) -> str:
        """Why a unit named on a record dated before the reform made it is not taken."""
        since = unit.valid_from.strftime("%d/%m/%Y")
        before = ", ".join(f"'{u.name}'" for u in self.ref.predecessors(unit.code))
        return f"chỉ là địa bàn từ ngày {since}, sau ngày của bản ghi; trước đó là {before}: hãy ghi địa bàn của bản ghi khi ấy."

    def _ended(self, unit) -> str:
        """Why a unit named on a record dated after it ended is not taken, and what to write."""
        until = unit.valid_to.strftime("%d/%m/%Y")
        successor = self.ref.units.get(unit.successor_code or "")
        then = (
            f"địa bàn tiếp nhận là '{successor.name}', hãy ghi địa bàn đó."
            if successor
            else "hãy ghi địa bàn mới của bản ghi."
        )
        return f"chỉ là địa bàn đến hết ngày {until}, trước ngày của bản ghi; {then}"

    def record_date_sql(self) -> str:
        for name in ("date", "as_of"):
            if name in self.typed:
                return self.typed[name]
        if "year" in self.typed:
            return f"make_date({self.typed['year']}, 1, 1)"
        return "current_date"

    def absent(self, col: Column) -> None:
        if col.name == "as_of" and self.sheet.stated_date:
            # The day the title gives the figures: every record's.
            day = parse_date(self.sheet.stated_date)
            self.typed[col.name] = f"date '{day.isoformat()}'"
            self.latest = self.earliest = day
        elif col.name == "unit":
            root = self.ref.root_unit
            self.typed[col.name] = f"'{root}'" if root else "cast(null as varchar)"
        elif col.is_list:
            self.typed[col.name] = "cast([] as varchar[])"
        else:
            sql_type = {"date": "date", "count": "bigint", "money": "bigint", "year": "integer"}.get(
                col.type, "varchar"
            )
            self.typed[col.name] = f"cast(null as {sql_type})"


def split_codes(ref: Reference, list_name: str, value: str) -> tuple[list[str], str | None]:
    """Codes of a ';'-separated list (',' too for organizations) and the first part not understood.

    A part that is not one entry may still be several written with commas ("an_sinh, kinh_te"):
    taken when every comma-separated piece is an entry. (Labels themselves hold commas:
    "Tuyên truyền, vận động …" is looked up whole first.)"""
    separators = r"[;,\n]" if list_name == "org" else r"[;\n]"
    found: list[str] = []
    wrong = None
    for part in re.split(separators, value):
        part = clean_cell(part)
        if not part:
            continue
        code = ref.resolve(list_name, part)
        codes = [code] if code is not None else _comma_separated(ref, list_name, part)
        if not codes:
            wrong = wrong or part
        for code in codes:
            if code not in found:
                found.append(code)
    return found, wrong


def _comma_separated(ref: Reference, list_name: str, part: str) -> list[str]:
    """The entries of a part written with commas, or [] unless every piece is one."""
    pieces = [clean_cell(p) for p in part.split(",") if clean_cell(p)]
    codes = [ref.resolve(list_name, p) for p in pieces]
    return codes if len(codes) > 1 and all(codes) else []


def check_sheet(
    con: duckdb.DuckDBPyConnection,
    sheet: RawSheet,
    ref: Reference,
    *,
    scope: Scope | None = None,
    known_meetings: set[str] | None = None,
    max_problems: int | None = None,
    force_detailed: bool = False,
) -> CheckedSheet:
    """Check one read sheet. When it is clean, ``source_sql`` gives its typed records.

    ``force_detailed`` lists problems row by row even where the lookups found nothing wrong
    (the loader asks for it when it meets duplicate keys).
    """
    kind = KINDS.get(sheet.kind or "")
    result = CheckedSheet(sheet, kind, rows=sheet.rows)
    if sheet.problems or sheet.table is None or kind is None:
        result.problems = list(sheet.problems)
        result.problem_count = len(result.problems)
        return result
    max_problems = config.MAX_ERRORS_KEPT if max_problems is None else max_problems
    plan = _Plan(con, sheet, kind, ref)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return _check(con, plan, result, pool, scope, known_meetings, max_problems, force_detailed)


_TEXT_COLUMN = {"activities": "title", "tasks": "description"}


def _check(
    con, plan: _Plan, result: CheckedSheet, pool, scope, known_meetings, max_problems, force_detailed
) -> CheckedSheet:
    """check_sheet's work, with a thread for inferring themes beside the SQL checks."""
    sheet, kind = plan.sheet, plan.kind
    infers = kind.name in ("activities", "tasks")
    inference = None
    # Dates first: units are chosen by the record's date. Then the themes, so that inferring
    # themes for the rows without (in Python) runs beside the checks of the other columns.
    order = sorted(
        kind.columns, key=lambda c: (c.type not in ("date", "year"), c.name != "themes", c.name == "unit")
    )
    for col in order:
        if infers and inference is None and col.name != "themes" and col.type not in ("date", "year"):
            inference = _start_inference(con, plan, pool)
        if not plan.present(col.name) and not (col.name == "unit" and plan.org_units):
            plan.absent(col)
            continue
        if col.type in ("text", "id"):
            plan.text(col)
        elif col.type in ("count", "money"):
            plan.number(col)
        elif col.type == "year":
            plan.year(col)
        elif col.type == "date":
            plan.date_(col)
        elif col.name == "unit":
            plan.unit(col)
        elif col.is_list:
            plan.ref_many(col)
        elif col.ref_list:
            plan.ref_one(col)
        if col.required:
            plan.check(_required_blank_sql(plan, col), col.name, "required")
    if kind.name == "tasks":
        _marked_status(plan)
        # A task without a status is not started yet, or done where it has a completion date.
        plan.typed["status"] = (
            f"coalesce({plan.typed['status']}, case when {plan.typed['completed_date']} is not null "
            f"then 'hoan_thanh' else 'chua_thuc_hien' end)"
        )
        _meeting_check(con, plan, known_meetings or set())
    if scope is not None:
        _scope_checks(con, plan, scope, known_meetings or set())
    if infers and inference is None:
        inference = _start_inference(con, plan, pool)
    themes_inferred = _join_inferred(plan, inference) if infers else None

    typed = ", ".join(f'{plan.stored.get(name, expr)} as "{name}"' for name, expr in plan.typed.items())
    if themes_inferred:
        typed += f", {themes_inferred} as themes_inferred"
    joins = " ".join(plan.joins)
    result.temp_tables = list(plan.temp)
    if kind.name == "meetings":
        result.meeting_ids = (
            {clean_cell(v) for v in _distinct(con, sheet.table, "meeting_id") if clean_cell(v)}
            if plan.present("meeting_id")
            else set()
        )
    if not force_detailed and not plan.suspect and not _missing_required(con, plan):
        # Every value resolved: the loader reads the typed records straight from this query
        # (duplicate keys, the one problem left, are caught as the batch is written).
        result.source_sql = _with_keys(kind, f"select {typed} from {sheet.table} r {joins}")
        result.keys_unique = _ids_unique(con, plan)
        return result
    number_rows(con, sheet)
    # Something is wrong: materialize the typed rows with a flag per check and list the problems.
    staged = f"stg_{uuid.uuid4().hex[:10]}"
    flags = "".join(f", ({c.condition}) as _c{i}" for i, c in enumerate(plan.checks))
    con.execute(
        f"create temp table {staged} as "
        + _with_keys(kind, f"select r._row, {typed}{flags} from {sheet.table} r {joins}")
    )
    result.staged = staged
    result.temp_tables.append(staged)
    result.source_sql = f"select * from {staged}"
    _collect_problems(con, result, plan, max_problems)
    return result


def _ids_unique(con, plan: _Plan) -> bool:
    """Whether every row has an id and no two the same id, asked of the cells as read. Only
    where the typed id is the cell itself (nothing to trim or normalize): otherwise two cells
    could differ and still give one id, and the loader counts the keys it wrote instead."""
    name = plan.kind.id_column
    if not name or not plan.present(name):
        return False
    cell = plan.raw(name)
    if plan.typed[name] not in (cell, f"nullif({cell}, '')"):
        return False
    # (Distinct hashes: cheaper than distinct strings, and as many as the rows only if the ids
    # are all different. Two ids sharing a hash just leave the check to the loader.)
    rows, ids, distinct = con.execute(
        f"select count(*), count(nullif({cell}, '')), count(distinct hash({cell})) from {plan.sheet.table} r"
    ).fetchall()[0]
    return rows == ids == distinct


def _blank_sql(x: str) -> str:
    """Whether a raw cell is blank as ``clean_cell`` sees it: nothing, or only whitespace (line
    breaks and tabs too, which DuckDB's ``trim`` keeps); or a dash, as reports write "none"."""
    space = "[\\s\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]*"
    return f"({x} is null or regexp_full_match({x}, '{space}(?:[-‐–—]+{space})?'))"


def _blank_values(con: duckdb.DuckDBPyConnection, values: list[str]) -> list[bool]:
    """Which of ``values`` are blank as :func:`_blank_sql` sees them (asked of DuckDB itself)."""
    if not values:
        return []
    sql = f"select list_transform(?::varchar[], lambda v: {_blank_sql('v')})"
    return list(con.execute(sql, [values]).fetchall()[0][0])


def _required_blank_sql(plan: _Plan, col: Column) -> str:
    """A required cell is blank; free text when nothing is left of it once cleaned."""
    if col.type in ("text", "id"):
        return f"({plan.typed[col.name]}) is null"
    return _blank_sql(plan.raw(col.name))


def _missing_required(con, plan: _Plan) -> bool:
    """Whether any required cell is blank (one scan of the required columns)."""
    conditions = []
    for col in plan.kind.columns:
        if col.required and plan.present(col.name):
            # (A cell of only spaces is caught by the lookups, except in free text.)
            text = col.type in ("text", "id")
            conditions.append(_required_blank_sql(plan, col) if text else f"{plan.raw(col.name)} is null")
    if not conditions:
        return False
    sql = f"select count(*) from {plan.sheet.table} r where {' or '.join(conditions)}"
    return con.execute(sql).fetchall()[0][0] > 0


def _marked_status(plan: _Plan) -> None:
    """A status marked with an "x" under one column per status (``STATUS_MARKS``), where the
    sheet has no status column: the status of the column marked; more than one is a problem."""
    marks = [(code, f'r."{mark_column(code)}"') for code in STATUS_MARKS if plan.present(mark_column(code))]
    if plan.present("status") or not marks:
        return
    marked = {code: f"not {_blank_sql(cell)}" for code, cell in marks}
    plan.typed["status"] = (
        "case " + " ".join(f"when {m} then '{code}'" for code, m in marked.items()) + " end"
    )
    if len(marks) > 1:
        plan.suspect = True  # (cheap to look: a few tasks)
        plan.check(
            f"({' + '.join(f'cast({m} as integer)' for m in marked.values())}) > 1",
            "status",
            "unknown_status",
            _MANY_MARKS,
        )


_MANY_MARKS = "được đánh dấu ở hơn một cột tình trạng: chỉ đánh dấu một cột (Đã hoàn thành, Đang thực hiện hay Chưa thực hiện)."


def _meeting_check(con, plan: _Plan, known: set[str]) -> None:
    """A task's meeting must be in the warehouse or the same file. Its id is matched as written,
    else ignoring case, spaces and separators ('hn 2024-06' names HN-2024-06, unless it could name
    two meetings), and stored as the meeting's own."""
    named = _named_ids(con, plan, "meeting_id") if plan.present("meeting_id") else []
    existing = set()
    if named:
        existing = {
            r[0]
            for r in con.execute(
                "select distinct meeting_id from meetings where meeting_id is not null and "
                f"regexp_replace(upper(meeting_id), '{_ID_SEPARATORS.pattern}', '', 'g') in (select unnest(?))",
                [sorted({_id_key(m) for m in named})],
            ).fetchall()
        }
    by_key: dict[str, set[str]] = {}
    for meeting_id in existing | known:
        by_key.setdefault(_id_key(meeting_id), set()).add(meeting_id)
    canonical = {}
    for name in named:
        same = by_key.get(_id_key(name), set())
        canonical[name] = name if name in same else (next(iter(same)) if len(same) == 1 else None)
    plan.suspect |= any(c is None for c in canonical.values())
    plan.meeting_ids = {n: c for n, c in canonical.items() if c is not None}
    frame = pa.table(
        {
            "value": pa.array(list(canonical), pa.string()),
            "meeting_id": pa.array(list(canonical.values()), pa.string()),
        }
    )
    meeting = plan.typed["meeting_id"]
    plan.lookup(frame, "km", f"km.value = {meeting}")
    plan.check(f"{meeting} is not null and km.meeting_id is null", "meeting_id", "unknown_meeting")
    plan.stored["meeting_id"] = "km.meeting_id"


_ID_SEPARATORS = re.compile(r"[\s\-–—_./]")


def _id_key(meeting_id: str) -> str:
    """An id without case, spaces or separators ('hn 2024.01' -> 'HN202401')."""
    return _ID_SEPARATORS.sub("", meeting_id.upper())


def _scope_checks(con, plan: _Plan, scope: Scope, known_meetings: set[str]) -> None:
    """Flag the records outside the account's scope (the rules are in ``Scope``'s doc)."""
    if scope.orgs is None and scope.units is None:
        return
    # Whether any record falls outside is known only row by row (units depend on dates).
    plan.suspect = True
    first = len(plan.checks)
    orgs = _scope_table(plan, scope.orgs)
    units = _scope_table(plan, scope.units)
    kind = plan.kind.name
    if orgs and "org" in plan.typed:
        org = plan.typed["org"]
        plan.check(f"{org} is not null and {org} not in (select code from {orgs})", "org", "out_of_scope")
    if orgs and kind == "meetings":
        host, attending = plan.typed["host"], plan.typed["orgs"]
        plan.check(
            f"{host} is not null and {host} not in (select code from {orgs}) "
            f"and not list_has_any({attending}, (select list(code) from {orgs}))",
            "host",
            "out_of_scope",
        )
    if units and "unit" in plan.typed:
        # A blank unit is the top level: typed as the top unit's code (null where there is none;
        # a unit not understood is null too, and an unknown_unit already).
        unit = plan.typed["unit"]
        blank = '(r."unit" is null or coalesce(m_unit.blank, false))' if plan.present("unit") else "true"
        plan.check(f"coalesce({unit} not in (select code from {units}), {blank})", "unit", "out_of_scope")
    if kind == "tasks":
        _task_scope_checks(con, plan, scope, known_meetings, orgs)
    if plan.kind.id_column and plan.present(plan.kind.id_column):
        # (Only where the record is in scope itself: one out_of_scope a row is enough.)
        own = [c.condition for c in plan.checks[first:] if c.code == "out_of_scope"]
        _taken_ids_check(con, plan, scope, " or ".join(f"coalesce({c}, false)" for c in own) or "false")


def _codes_frame(codes) -> pa.Table:
    return pa.table({"code": pa.array(sorted(codes), pa.string())})


def _scope_table(plan: _Plan, codes: frozenset[str] | None) -> str | None:
    """The scope's codes as a scratch table (the SQL names the table, never the values)."""
    if codes is None:
        return None
    table = _register(plan.con, _codes_frame(codes))
    plan.temp.append(table)
    return table


def _named_ids(con, plan: _Plan, column: str) -> list[str]:
    return sorted({clean_cell(v) for v in _distinct(con, plan.sheet.table, column)} - {""})


def _meetings_in_scope(con, ids: list[str], scope: Scope) -> dict[str, tuple[bool, bool]]:
    """meeting_id -> (in the unit scope, in the organization scope) for meetings of the warehouse."""
    if not ids:
        return {}
    rows = con.execute(
        "select meeting_id, unit, host, orgs from meetings where meeting_id in (select unnest(?))", [ids]
    ).fetchall()
    found: dict[str, tuple[bool, bool]] = {}
    for meeting_id, unit, host, attending in rows:
        unit_ok = scope.units is None or unit in scope.units
        org_ok = scope.orgs is None or host in scope.orgs or bool(set(attending or ()) & scope.orgs)
        found[meeting_id] = (unit_ok, org_ok)
    return found


def _task_scope_checks(con, plan: _Plan, scope: Scope, known_meetings: set[str], orgs: str | None) -> None:
    """A task takes its meeting's unit; its assignee must be in scope unless its meeting is.
    Meetings of the same file count as in scope: were one outside, the file would not load."""
    named = sorted(set(plan.meeting_ids.values()) - known_meetings)
    meetings = _meetings_in_scope(con, named, scope)
    meeting = plan.stored["meeting_id"]
    outside_units = [m for m, (unit_ok, _) in meetings.items() if not unit_ok]
    if outside_units:
        plan.lookup(
            pa.table({"meeting_id": pa.array(outside_units, pa.string())}),
            "oos_mu",
            f"oos_mu.meeting_id = {meeting}",
        )
        plan.check("oos_mu.meeting_id is not null", "meeting_id", "out_of_scope")
    if orgs is None:
        return
    outside_orgs = [m for m, (_, org_ok) in meetings.items() if not org_ok]
    if outside_orgs:
        assignee = plan.typed["assignee"]
        plan.lookup(
            pa.table({"meeting_id": pa.array(outside_orgs, pa.string())}),
            "oos_mo",
            f"oos_mo.meeting_id = {meeting}",
        )
        plan.check(
            f"oos_mo.meeting_id is not null and {assignee} is not null and {assignee} not in (select code from {orgs})",
            "assignee",
            "out_of_scope",
        )


def _taken_ids_check(con, plan: _Plan, scope: Scope, outside: str) -> None:
    """Ids of the file that already name a record outside the scope in the warehouse."""
    kind, id_column = plan.kind.name, plan.kind.id_column
    ids = _named_ids(con, plan, id_column)
    if not ids:
        return
    taken: list[str] = []
    if kind == "activities":
        rows = con.execute(
            "select activity_id, org, unit from activities where activity_id in (select unnest(?))", [ids]
        ).fetchall()
        taken = [
            i
            for i, org, unit in rows
            if (scope.orgs is not None and org not in scope.orgs)
            or (scope.units is not None and unit not in scope.units)
        ]
    elif kind == "meetings":
        taken = [
            m
            for m, (unit_ok, org_ok) in _meetings_in_scope(con, ids, scope).items()
            if not (unit_ok and org_ok)
        ]
    elif kind == "tasks":
        # (A task's id is its meeting's: the same id under another meeting is another task.)
        rows = con.execute(
            "select task_id, meeting_id, assignee from tasks where task_id in (select unnest(?))", [ids]
        ).fetchall()
        meetings = _meetings_in_scope(con, sorted({r[1] for r in rows}), scope)
        for task_id, meeting_id, assignee in rows:
            unit_ok, org_ok = meetings.get(meeting_id, (False, False))
            if not unit_ok or not (org_ok or scope.orgs is None or assignee in scope.orgs):
                taken.append((task_id, meeting_id))
    if not taken:
        return
    if kind == "tasks":
        pairs = sorted(set(taken))
        frame = pa.table(
            {
                "id": pa.array([t for t, _ in pairs], pa.string()),
                "meeting_id": pa.array([m for _, m in pairs], pa.string()),
            }
        )
        on = f"oos_id.id = {plan.typed[id_column]} and oos_id.meeting_id = {plan.stored['meeting_id']}"
    else:
        frame = pa.table({"id": pa.array(sorted(set(taken)), pa.string())})
        on = f"oos_id.id = {plan.typed[id_column]}"
    plan.lookup(frame, "oos_id", on)
    plan.check(
        f"oos_id.id is not null and not ({outside})",
        id_column,
        "out_of_scope",
        ": mã này đã dùng cho một bản ghi ngoài phạm vi (của đơn vị khác)",
    )


def _with_keys(kind: RecordKind, typed_sql: str) -> str:
    """The typed records with their keys: ``content_key``, the hash of the key columns (only for a
    record without an id: 'h:' + md5), and ``record_key``, as the warehouse computes it from them
    (etl/sql/migrations/007, 008): 'id:' + the office's id (a task's: its meeting's id, chr(31) and its
    own), or the content key."""
    parts = []
    for name in kind.key_columns:
        col = kind.column_by_name[name]
        if col.type == "text":
            parts.append(f"lower(coalesce(\"{name}\", ''))")
        else:
            parts.append(f"coalesce(cast(\"{name}\" as varchar), '')")
    hashed = "'h:' || md5(concat_ws(chr(31), " + ", ".join(parts) + "))"
    if kind.id_column:
        content = f'case when "{kind.id_column}" is null then {hashed} end'
        within = f'"{kind.id_within}" || chr(31) || ' if kind.id_within else ""
        record = f"coalesce('id:' || {within}\"{kind.id_column}\", content_key)"
    else:
        content, record = hashed, "content_key"
    return f"select *, {record} as record_key from (select *, {content} as content_key from ({typed_sql}))"


def _start_inference(con, plan: _Plan, pool: ThreadPoolExecutor) -> tuple[list[str], Future] | None:
    """Start inferring themes from the title (a task's description) of the rows given none:
    the distinct texts, and their themes on their way. None where the sheet has no such text."""
    text_col = _TEXT_COLUMN[plan.kind.name]
    if not plan.present(text_col):
        return None
    if plan.present("themes"):
        # Rows whose themes cell is blank: empty, or one of the blank values the lookup found.
        texts = _distinct(
            con,
            plan.sheet.table,
            text_col,
            '("themes" is null or list_contains(?, "themes"))',
            [plan.blank_values.get("themes", [])],
        )
    else:
        texts = _distinct(con, plan.sheet.table, text_col)
    from etl.themes import infer_themes_many

    return texts, pool.submit(infer_themes_many, texts)


def _join_inferred(plan: _Plan, inference: tuple[list[str], Future] | None) -> str | None:
    """Join the themes inferred where none were given; SQL of the 'inferred' flag."""
    if inference is None:
        return None
    texts, inferred = inference
    if not texts:
        return "false"
    frame = pa.table(
        {
            "text": pa.array(texts, pa.string()),
            # (null where nothing was inferred, as the given list is null where none was given)
            "codes": pa.array([codes or None for codes in inferred.result()], pa.list_(pa.string())),
        }
    )
    # (Rows whose themes were given probe with a null key: no long title to hash. Whether the
    # themes cell is blank comes with its lookup, computed once per distinct value.)
    text_col = _TEXT_COLUMN[plan.kind.name]
    if plan.present("themes"):
        blank_row, given = 'r."themes" is null or l_themes.blank', "l_themes.codes"
    else:
        blank_row, given = "true", "cast(null as varchar[])"
    plan.lookup(frame, "inf", f'inf.text = case when {blank_row} then r."{text_col}" end')
    plan.typed["themes"] = f"coalesce({given}, inf.codes, cast([] as varchar[]))"
    return f"({given} is null and inf.codes is not null)"


def _raw_value(plan: _Plan, column: str) -> str:
    """The cell as read, or null for a column the sheet does not have (its unit: the top level).
    A unit taken from the organization's name is shown as the organization's cell."""
    cell = f'cast(r."{column}" as varchar)' if plan.present(column) else "cast(null as varchar)"
    if column == "unit" and plan.org_units:
        cell = f'coalesce({cell}, r."org")'
    return cell


def _collect_problems(con, result: CheckedSheet, plan: _Plan, max_problems: int) -> None:
    staged, kind, raw = result.staged, result.kind, result.sheet.table
    # A record whose key is made of its cells has no known key where one of those cells is
    # wrong (its unit not understood…): two such records are not the same record for that.
    key_flags = " or ".join(f"_c{i}" for i, c in enumerate(plan.checks) if c.column in kind.key_columns)
    unknown_key = f"({key_flags})" if key_flags else "false"
    if kind.id_column and key_flags:
        unknown_key = f'("{kind.id_column}" is null and {unknown_key})'
    cells, rows, keys = con.execute(
        f"select {' + '.join(f'count(*) filter (where _c{i})' for i in range(len(plan.checks))) or '0'}, "
        f"count(*) filter (where not {unknown_key}), count(distinct record_key) filter (where not {unknown_key}) "
        f"from {staged}"
    ).fetchall()[0]
    duplicates = rows - keys
    result.problem_count = cells + duplicates
    if not result.problem_count:
        return
    ordinal = {c.name: i for i, c in enumerate(kind.columns)}
    selects = [
        f"select s._row, {ordinal.get(c.column, 99)} as col_no, {i} as check_no, "
        f"{_raw_value(plan, c.column)} as value from {staged} s join {raw} r on r._row = s._row where s._c{i}"
        for i, c in enumerate(plan.checks)
    ]
    if duplicates:
        # Every row after the first with the same key, naming the first row.
        selects.append(
            f"select _row, -1, -1, cast(first_row as varchar) from ("
            f"select _row, min(_row) over (partition by record_key) as first_row from {staged} "
            f"where not {unknown_key}) where _row <> first_row"
        )
    found = con.execute(
        f"select * from ({' union all '.join(selects)}) order by 1, 2, 3 limit ?", [max_problems]
    ).fetchall()
    labels = {c.name: result.sheet.headers.get(c.name) or c.label_vi for c in kind.columns}
    for row, _col_no, check_no, value in found:
        if check_no == -1:
            result.problems.append(problem("duplicate_in_file", row=row, detail=str(value)))
            continue
        check = plan.checks[check_no]
        column = kind.column_by_name[check.column]
        detail = check.detail
        if check.code == "unknown_type":
            detail = column.label_vi.lower()
        if check.code == "unknown_status" and value is not None:
            detail = status_hint(value)
        if check.detail == _MANY_MARKS:
            value = "x"
        if value is not None:
            # As a person sees the cell (DuckDB's reader leaves spaces and line breaks in).
            value = clean_cell(value) or value
            if value in result.sheet.fractions.get(check.column, ()):
                value = value.replace(".", ",")  # (a number cell, as Excel shows it here: 2,5)
        if column.is_list and value is not None:
            value = split_codes(plan.ref, column.ref_list, value)[1] or value
        if check.code == "out_of_scope" and value is None:
            value = "(cấp trên cùng)"
        result.problems.append(
            problem(
                check.code,
                row=row,
                column=check.column,
                column_label=labels.get(check.column),
                value=value,
                detail=detail,
            )
        )
