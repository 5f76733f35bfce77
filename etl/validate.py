"""Checking a read sheet and turning it into typed records, in DuckDB SQL.

Every problem of a sheet is found in one pass and reported together. Values that repeat
(organizations, units, types, themes, dates) are resolved once per distinct value in Python
and joined back; numbers, required cells, keys and duplicates are checked in SQL over the
whole table, so a million-row file costs a few scans, not a Python loop per cell.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from etl import config
from etl.formats import KINDS, Column, RecordKind
from etl.problems import Problem, problem
from etl.read import RawSheet
from etl.reference import Reference
from etl.text import clean_cell

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
EXCEL_EPOCH = date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1990, 2100

# The SQL for reading a number as offices write it: '1.500.000', '1,500,000', '1 500 000 đ'.
# Returns the digits (with a leading '-' when negative), or '#' when it is not a whole number.
NUMBER_SQL = r"""
    case
        when {x} is null then null
        when regexp_full_match(t_{n}, '-?[0-9]{{1,3}}(\.[0-9]{{3}})+') then replace(t_{n}, '.', '')
        when regexp_full_match(t_{n}, '-?[0-9]{{1,3}}(,[0-9]{{3}})+') then replace(t_{n}, ',', '')
        when regexp_full_match(t_{n}, '-?[0-9]+([.,]0+)?') then regexp_replace(t_{n}, '[.,]0+$', '')
        else '#'
    end
"""
CURRENCY_SQL = r"regexp_replace(regexp_replace(lower({x}), '\s*(vnđ|vnd|đồng|đ)\.?$', ''), '[\s ]+', '', 'g')"


def parse_date(value: str) -> date | None:
    """dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO, or an Excel serial; None if not a real date."""
    text = value.strip()
    try:
        if m := _DMY.match(text):
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if len(m.group(3)) == 2:
                year += 2000
            parsed = date(year, month, day)
        elif m := _ISO.match(text):
            parsed = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif _SERIAL.match(text):
            parsed = EXCEL_EPOCH + timedelta(days=int(float(text)))
        else:
            return None
    except ValueError:
        return None
    return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None


@dataclass
class Scope:
    """What an account may load: organization types and unit codes (None: everything)."""

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

    @property
    def ok(self) -> bool:
        return self.staged is not None and self.problem_count == 0


def _register(con: duckdb.DuckDBPyConnection, frame: pa.Table) -> str:
    """A small lookup table (distinct value -> resolution) as a temp table."""
    name = f"map_{uuid.uuid4().hex[:10]}"
    con.execute(f"create temp table {name} as select * from frame")
    return name


def _distinct(con: duckdb.DuckDBPyConnection, table: str, column: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            f'select distinct "{column}" from {table} where "{column}" is not null'
        ).fetchall()
    ]


def _text_sql(x: str) -> str:
    """NFC, whitespace collapsed, trimmed (values from Python are clean already; DuckDB's are not)."""
    return f"nullif(trim(regexp_replace(nfc_normalize({x}), '[\\s\u00a0]+', ' ', 'g')), '')"


class _Plan:
    """Builds the staging SQL of one sheet: joins, typed expressions and checks."""

    def __init__(self, con, sheet: RawSheet, kind: RecordKind, ref: Reference, scope: Scope | None):
        self.con, self.sheet, self.kind, self.ref, self.scope = con, sheet, kind, ref, scope
        self.joins: list[str] = []
        self.typed: dict[str, str] = {}  # canonical column -> SQL of its typed value
        self.checks: list[tuple[str, str, str, str]] = []  # (condition, column, code, value sql)
        self.temp: list[str] = []
        self.extra: dict[str, str] = {}

    def present(self, name: str) -> bool:
        return name in self.sheet.columns

    def raw(self, name: str) -> str:
        return f'r."{name}"' if self.present(name) else "cast(null as varchar)"

    def add_check(self, condition: str, column: str, code: str, value: str) -> None:
        self.checks.append((condition, column, code, value))

    # -- per type ---------------------------------------------------------------------------

    def text(self, col: Column) -> None:
        self.typed[col.name] = _text_sql(self.raw(col.name))

    def ident(self, col: Column) -> None:
        self.typed[col.name] = _text_sql(self.raw(col.name))

    def number(self, col: Column, money: bool) -> None:
        if not self.present(col.name):
            self.typed[col.name] = "cast(null as bigint)"
            return
        x = self.raw(col.name)
        cleaned = CURRENCY_SQL.format(x=x) if money else f"regexp_replace({x}, '[\\s\u00a0]+', '', 'g')"
        n = col.name
        self.extra[f"t_{n}"] = cleaned
        digits = NUMBER_SQL.format(x=x, n=n)
        self.extra[f"n_{n}"] = digits
        self.typed[n] = f"try_cast(case when n_{n} = '#' then null else n_{n} end as bigint)"
        self.add_check(
            f"n_{n} = '#' or (n_{n} <> '#' and try_cast(n_{n} as bigint) is null)", n, "bad_number", x
        )
        self.add_check(f"n_{n} like '-%' and try_cast(n_{n} as bigint) < 0", n, "negative", x)

    def year(self, col: Column) -> None:
        x = self.raw(col.name)
        n = col.name
        self.typed[n] = (
            f"case when try_cast({x} as integer) between {MIN_YEAR} and {MAX_YEAR} then try_cast({x} as integer) end"
        )
        self.add_check(f"{x} is not null and {self.typed[n]} is null", n, "bad_number", x)

    def date_(self, col: Column) -> None:
        n = col.name
        if not self.present(n):
            self.typed[n] = "cast(null as date)"
            return
        values = _distinct(self.con, self.sheet.table, n)
        frame = pa.table(
            {
                "value": pa.array(values, pa.string()),
                "parsed": pa.array([parse_date(v) for v in values], pa.date32()),
            }
        )
        table = _register(self.con, frame)
        self.temp.append(table)
        alias = f"d_{n}"
        self.joins.append(f'left join {table} {alias} on {alias}.value = r."{n}"')
        self.typed[n] = f"cast({alias}.parsed as date)"
        self.add_check(f'r."{n}" is not null and {alias}.parsed is null', n, "bad_date", f'r."{n}"')

    def ref_one(self, col: Column) -> None:
        n = col.name
        list_name = col.ref_list
        if n == "unit":
            return self.unit(col)
        if not self.present(n):
            self.typed[n] = "cast(null as varchar)"
            return
        values = _distinct(self.con, self.sheet.table, n)
        frame = pa.table(
            {
                "value": pa.array(values, pa.string()),
                "code": pa.array([self.ref.resolve(list_name, v) for v in values], pa.string()),
            }
        )
        table = _register(self.con, frame)
        self.temp.append(table)
        alias = f"m_{n}"
        self.joins.append(f'left join {table} {alias} on {alias}.value = r."{n}"')
        self.typed[n] = f"{alias}.code"
        code = {
            "org": "unknown_org",
            "body": "unknown_org",
            "indicator": "unknown_indicator",
            "task_status": "unknown_status",
        }.get(list_name, "unknown_type")
        self.add_check(f'r."{n}" is not null and {alias}.code is null', n, code, f'r."{n}"')

    def ref_many(self, col: Column) -> None:
        n = col.name
        list_name = col.ref_list
        if not self.present(n):
            self.typed[n] = "cast([] as varchar[])"
            return
        values = _distinct(self.con, self.sheet.table, n)
        codes, bads = [], []
        separators = r"[;,\n]" if list_name == "org" else r"[;\n]"
        for value in values:
            found, bad = [], None
            for part in re.split(separators, value):
                part = clean_cell(part)
                if not part:
                    continue
                code = self.ref.resolve(list_name, part)
                if code is None:
                    bad = bad or part
                elif code not in found:
                    found.append(code)
            codes.append(found)
            bads.append(bad)
        frame = pa.table(
            {
                "value": pa.array(values, pa.string()),
                "codes": pa.array(codes, pa.list_(pa.string())),
                "bad": pa.array(bads, pa.string()),
            }
        )
        table = _register(self.con, frame)
        self.temp.append(table)
        alias = f"l_{n}"
        self.joins.append(f'left join {table} {alias} on {alias}.value = r."{n}"')
        self.typed[n] = f"coalesce(cast({alias}.codes as varchar[]), cast([] as varchar[]))"
        code = {"theme": "unknown_theme", "org": "unknown_org"}.get(list_name, "unknown_type")
        self.add_check(f"{alias}.bad is not null", n, code, f"{alias}.bad")

    def unit(self, col: Column) -> None:
        """Units by name or code; where a name was reused after the reform, the unit of the record's date."""
        n = col.name
        root = self.ref.root_unit
        if not self.present(n):
            self.typed[n] = f"'{root}'" if root else "cast(null as varchar)"
            return
        rows: list[tuple] = []
        for value in _distinct(self.con, self.sheet.table, n):
            # Split all time among the units of this name, each from its valid_from on, so exactly
            # one unit matches any date (the earliest also takes everything before it).
            units = sorted(self.ref.unit_candidates(value), key=lambda u: u.valid_from or date.min)
            for i, unit in enumerate(units):
                start = date.min if i == 0 else (unit.valid_from or date.min)
                end = (
                    date.max
                    if i == len(units) - 1
                    else (units[i + 1].valid_from or date.max) - timedelta(days=1)
                )
                rows.append((value, unit.code, start, end))
        frame = pa.table(
            {
                "value": pa.array([r[0] for r in rows], pa.string()),
                "code": pa.array([r[1] for r in rows], pa.string()),
                "starts": pa.array([r[2] for r in rows], pa.date32()),
                "ends": pa.array([r[3] for r in rows], pa.date32()),
            }
        )
        table = _register(self.con, frame)
        self.temp.append(table)
        alias = f"m_{n}"
        when = f"coalesce({self._record_date_sql()}, current_date)"
        self.joins.append(
            f'left join {table} {alias} on {alias}.value = r."{n}" and {when} between {alias}.starts and {alias}.ends'
        )
        self.typed[n] = f"case when r.\"{n}\" is null then '{root}' else {alias}.code end"
        self.add_check(f'r."{n}" is not null and {alias}.code is null', n, "unknown_unit", f'r."{n}"')

    def _record_date_sql(self) -> str:
        for name in ("date", "as_of"):
            if name in self.typed:
                return self.typed[name]
        if "year" in self.typed:
            return f"make_date({self.typed['year']}, 1, 1)"
        return "current_date"


def check_sheet(
    con: duckdb.DuckDBPyConnection,
    sheet: RawSheet,
    ref: Reference,
    *,
    scope: Scope | None = None,
    known_meetings: set[str] | None = None,
    max_problems: int | None = None,
) -> CheckedSheet:
    """Check one read sheet. On success ``staged`` names a temp table of typed records."""
    kind = KINDS.get(sheet.kind or "")
    result = CheckedSheet(sheet, kind, rows=sheet.rows)
    if sheet.problems or sheet.table is None or kind is None:
        result.problems = list(sheet.problems)
        result.problem_count = len(result.problems)
        return result
    max_problems = config.MAX_ERRORS_KEPT if max_problems is None else max_problems
    plan = _Plan(con, sheet, kind, ref, scope)
    # Dates first: units are chosen by the record's date.
    order = sorted(kind.columns, key=lambda c: (c.type not in ("date", "year"), c.name == "unit"))
    for col in order:
        if col.type == "text":
            plan.text(col)
        elif col.type == "id":
            plan.ident(col)
        elif col.type in ("count", "money"):
            plan.number(col, money=col.type == "money")
        elif col.type == "year":
            plan.year(col)
        elif col.type == "date":
            plan.date_(col)
        elif col.type.startswith("refs:"):
            plan.ref_many(col)
        elif col.type.startswith("ref:"):
            plan.ref_one(col)
        if col.required:
            plan.add_check(f'r."{col.name}" is null', col.name, "required", "cast(null as varchar)")

    if kind.name == "tasks":
        _meeting_check(con, plan, known_meetings or set())
    if scope is not None:
        _scope_checks(plan, scope)

    staged = f"stg_{uuid.uuid4().hex[:10]}"
    extras = ", ".join(f"{expr} as {name}" for name, expr in plan.extra.items() if name.startswith("t_"))
    extras2 = ", ".join(f"{expr} as {name}" for name, expr in plan.extra.items() if name.startswith("n_"))
    typed = ", ".join(f'{expr} as "{name}"' for name, expr in plan.typed.items())
    flags = ", ".join(f"({cond}) as _c{i}" for i, (cond, _col, _code, _value) in enumerate(plan.checks))
    values = ", ".join(f"{value} as _v{i}" for i, (_c, _col, _code, value) in enumerate(plan.checks))
    # Cleaned number text, then its digits, then typed values and checks beside the lookups.
    step1 = f"select r.*{', ' + extras if extras else ''} from {sheet.table} r"
    step2 = f"select r.*{', ' + extras2 if extras2 else ''} from ({step1}) r"
    con.execute(
        f"create temp table {staged} as select r._row, {typed}, {flags}, {values} "
        f"from ({step2}) r {' '.join(plan.joins)}"
    )
    _add_key(con, staged, kind)
    if kind.name in ("activities", "tasks"):
        _infer_missing_themes(con, staged, kind)
    result.staged = staged
    for table in plan.temp:
        con.execute(f"drop table if exists {table}")
    _collect_problems(con, result, plan, max_problems)
    if kind.name == "meetings":
        result.meeting_ids = {
            r[0]
            for r in con.execute(f"select meeting_id from {staged} where meeting_id is not null").fetchall()
        }
    return result


def _meeting_check(con, plan: _Plan, known: set[str]) -> None:
    existing = {
        r[0] for r in con.execute("select meeting_id from meetings where meeting_id is not null").fetchall()
    }
    frame = pa.table({"meeting_id": pa.array(sorted(existing | known), pa.string())})
    table = _register(con, frame)
    plan.temp.append(table)
    plan.joins.append(f"left join {table} km on km.meeting_id = {plan.typed['meeting_id']}")
    plan.add_check(
        f"{plan.typed['meeting_id']} is not null and km.meeting_id is null",
        "meeting_id",
        "unknown_meeting",
        'r."meeting_id"',
    )


def _scope_checks(plan: _Plan, scope: Scope) -> None:
    if scope.orgs is not None and "org" in plan.typed:
        allowed = ", ".join(f"'{o}'" for o in sorted(scope.orgs) if re.fullmatch(r"[A-Za-z0-9_]+", o))
        plan.add_check(
            f"{plan.typed['org']} is not null and {plan.typed['org']} not in ({allowed or 'null'})",
            "org",
            "out_of_scope",
            'r."org"',
        )
    if scope.units is not None and "unit" in plan.typed:
        allowed = ", ".join(f"'{u}'" for u in sorted(scope.units) if re.fullmatch(r"[A-Za-z0-9_]+", u))
        plan.add_check(
            f"{plan.typed['unit']} is not null and {plan.typed['unit']} not in ({allowed or 'null'})",
            "unit",
            "out_of_scope",
            "coalesce(r.\"unit\", '(cấp trên cùng)')" if plan.present("unit") else "'(cấp trên cùng)'",
        )


def _add_key(con, staged: str, kind: RecordKind) -> None:
    """record_key: 'id:' + the office's id, or 'h:' + md5 of the key columns."""
    parts = []
    for name in kind.key_columns:
        col = kind.column_by_name[name]
        if col.type == "text":
            parts.append(f"lower(coalesce(\"{name}\", ''))")
        else:
            parts.append(f"coalesce(cast(\"{name}\" as varchar), '')")
    hashed = "'h:' || md5(concat_ws(chr(31), " + ", ".join(parts) + "))"
    if kind.id_column:
        key = f'case when "{kind.id_column}" is not null then \'id:\' || "{kind.id_column}" else {hashed} end'
    else:
        key = hashed
    con.execute(f"alter table {staged} add column record_key varchar")
    con.execute(f"update {staged} set record_key = {key}")


def _infer_missing_themes(con, staged: str, kind: RecordKind) -> None:
    text_col = "title" if kind.name == "activities" else "description"
    con.execute(f"alter table {staged} add column themes_inferred boolean default false")
    titles = [
        r[0]
        for r in con.execute(
            f'select distinct "{text_col}" from {staged} where len(themes) = 0 and "{text_col}" is not null'
        ).fetchall()
    ]
    if not titles:
        return
    from etl.themes import infer_themes_many

    frame = pa.table(
        {
            "text": pa.array(titles, pa.string()),
            "codes": pa.array(infer_themes_many(titles), pa.list_(pa.string())),
        }
    )
    table = _register(con, frame)
    con.execute(
        f"update {staged} s set themes = cast(i.codes as varchar[]), themes_inferred = true "
        f'from {table} i where len(s.themes) = 0 and s."{text_col}" = i.text and len(i.codes) > 0'
    )
    con.execute(f"drop table {table}")


def _collect_problems(con, result: CheckedSheet, plan: _Plan, max_problems: int) -> None:
    staged, kind = result.staged, result.kind
    labels = {c.name: result.sheet.headers.get(c.name) or c.label_vi for c in kind.columns}
    ordinal = {c.name: i for i, c in enumerate(kind.columns)}
    selects = [
        f"select _row, {ordinal.get(check[1], 99)} as col_no, {i} as check_no, "
        f"cast(_v{i} as varchar) as value from {staged} where _c{i}"
        for i, check in enumerate(plan.checks)
    ]
    # Duplicates: every row after the first with the same key, naming the first row.
    dup = (
        f"select _row, -1 as col_no, -1 as check_no, cast(first_row as varchar) as value from ("
        f"select _row, min(_row) over (partition by record_key) as first_row from {staged}) "
        f"where _row <> first_row"
    )
    union = " union all ".join([*selects, dup])
    total = con.execute(f"select count(*) from ({union})").fetchone()[0]
    result.problem_count = total
    if not total:
        return
    found = con.execute(
        f"select * from ({union}) order by _row, col_no, check_no limit ?", [max_problems]
    ).fetchall()
    for row, _col_no, check_no, value in found:
        if check_no == -1:
            result.problems.append(problem("duplicate_in_file", row=row, column=None, detail=str(value)))
            continue
        _cond, column, code, _v = plan.checks[check_no]
        detail = ""
        if code == "unknown_type":
            detail = kind.column_by_name[column].label_vi.lower()
        result.problems.append(
            problem(code, row=row, column=column, column_label=labels.get(column), value=value, detail=detail)
        )
