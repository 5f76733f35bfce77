"""What the analysis pages ask the warehouse, built with Ibis: pure functions → pandas DataFrames.

Every function takes an Ibis backend (:func:`backend_for` wraps the caller's DuckDB connection or
cursor: this module opens nothing), the user's :class:`~dashboard.filters.Filters` and the
viewer's :class:`~dashboard.filters.Scope`, and returns a small DataFrame aggregated by the
engine. No Streamlit here.

Rules kept throughout:

- **Values** (dates, codes) enter the query only as Ibis literals, which the compiler quotes;
  identifiers (columns, indicators, sort keys) only from the allowlists below, never from input.
- **Scope** is intersected with the filters, so a filter narrows what the viewer may see and
  never widens it. A scope unit covers its subtree (``units.parent_code``) over all of history;
  the "units as today" switch only regroups what the scope already allows.
- **Units filter:** a unit selects its subtree. With ``units_as_today`` every dissolved unit
  stands for the unit that took it over (its ``successor_code``, followed to the end of the chain;
  a dissolved unit without a successor — the abolished district — goes to its nearest living
  ancestor, the province); the filter then selects today's subtree and records are grouped under
  today's units.
- **Members** (a stock, not a flow): for each (organization, unit) the snapshot with the latest
  ``as_of`` ≤ the date asked, counting only units that exist on that date (a dissolved unit's
  last snapshot does not linger), and, where totals are summed over units, only the topmost
  units of the selection (a district's snapshot already holds its communes').
- **Buckets** follow :func:`dashboard.periods.bucket_start` under the period's cut-off: the engine
  computes an integer month key (``day > cut-off day`` belongs to the next month), the bucket
  is the reporting month/quarter/half/year holding it.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb
import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.filters import Filters, Scope
from dashboard.periods import Cutoff, Period, bucket_start, bucket_starts, containing

__all__ = [
    "ACTIVITY_INDICATORS",
    "INDICATORS",
    "RECORD_COLUMNS",
    "SORTABLE",
    "RecordPage",
    "UnitTree",
    "backend_for",
    "by_org",
    "by_unit",
    "kpis",
    "records",
    "unit_tree",
    "targets_progress",
    "tasks_overview",
    "theme_matrix",
    "theme_share",
    "trend",
]

INDICATORS = ("activities", "participants", "beneficiaries", "funds_vnd", "new_members", "houses", "members")
ACTIVITY_INDICATORS = INDICATORS[:-1]
_SUMMED = ("participants", "beneficiaries", "funds_vnd", "new_members")
HOUSE_TYPE = "xay_nha"
TASK_DONE = "hoan_thanh"
TOTAL_SERIES = "total"
SERIES_BY = ("org", "theme", None)
_GRAIN_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}

RECORD_COLUMNS = (
    "record_key",
    "activity_id",
    "date",
    "org",
    "unit",
    "activity_type",
    "themes",
    "themes_inferred",
    "title",
    "participants",
    "beneficiaries",
    "funds_vnd",
    "new_members",
    "notes",
)
# Sort keys a page may ask for ("-date" = newest first); nothing else reaches ORDER BY.
SORTABLE = (
    "date",
    "org",
    "unit",
    "activity_type",
    "activity_id",
    "title",
    "participants",
    "beneficiaries",
    "funds_vnd",
    "new_members",
)
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


# The warehouse tables as this module reads them (etl/sql/migrations). Declared here rather than
# asked of the database each time (a round trip per table per query); a test checks them against
# the warehouse.
SCHEMAS: dict[str, dict[str, str]] = {
    "activities": {
        "record_key": "string",
        "activity_id": "string",
        "date": "date",
        "org": "string",
        "unit": "string",
        "activity_type": "string",
        "themes": "array<string>",
        "themes_inferred": "boolean",
        "title": "string",
        "participants": "int64",
        "beneficiaries": "int64",
        "funds_vnd": "int64",
        "new_members": "int64",
        "notes": "string",
        "content_key": "string",
        "batch_id": "int64",
    },
    "activity_themes": {"record_key": "string", "theme": "string", "rank": "int32", "inferred": "boolean"},
    "members": {
        "record_key": "string",
        "org": "string",
        "unit": "string",
        "as_of": "date",
        "members": "int64",
        "new_members": "int64",
        "content_key": "string",
        "batch_id": "int64",
    },
    "targets": {
        "record_key": "string",
        "org": "string",
        "unit": "string",
        "year": "int32",
        "indicator": "string",
        "target": "int64",
        "content_key": "string",
        "batch_id": "int64",
    },
    "meetings": {
        "record_key": "string",
        "meeting_id": "string",
        "date": "date",
        "meeting_type": "string",
        "title": "string",
        "host": "string",
        "unit": "string",
        "chair": "string",
        "attendees": "int64",
        "orgs": "array<string>",
        "summary": "string",
        "content_key": "string",
        "batch_id": "int64",
    },
    "tasks": {
        "record_key": "string",
        "task_id": "string",
        "meeting_id": "string",
        "assignee": "string",
        "description": "string",
        "themes": "array<string>",
        "due_date": "date",
        "status": "string",
        "completed_date": "date",
        "content_key": "string",
        "batch_id": "int64",
    },
    "units": {
        "code": "string",
        "name": "string",
        "level": "string",
        "parent_code": "string",
        "valid_from": "date",
        "valid_to": "date",
        "successor_code": "string",
        "aliases": "array<string>",
    },
    "org_types": {
        "code": "string",
        "label_vi": "string",
        "label_en": "string",
        "short_vi": "string",
        "aliases": "array<string>",
        "founded": "string",
    },
}
_TABLES = {name: ibis.table(schema, name=name) for name, schema in SCHEMAS.items()}


def _table(name: str) -> ir.Table:
    return _TABLES[name]


def backend_for(con: duckdb.DuckDBPyConnection):
    """An Ibis DuckDB backend over the caller's connection (or cursor); it opens nothing itself.

    Note: Ibis sets the session time zone to UTC and turns off DuckDB's python replacement scans
    on that connection.
    """
    return ibis.duckdb.from_connection(con)


# ---------------------------------------------------------------------------------------------
# Units: the small reference tree, read once per backend


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str
    level: str
    parent: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor: str | None


class UnitTree:
    """The administrative units as a tree (``parent_code``) with their history across the reform."""

    def __init__(self, units: Iterable[_Unit]) -> None:
        self.units: dict[str, _Unit] = {u.code: u for u in units}
        self.children: dict[str, list[str]] = {}
        for u in self.units.values():
            if u.parent:
                self.children.setdefault(u.parent, []).append(u.code)
        self._today: dict[str, str] = {}

    @classmethod
    def load(cls, b) -> UnitTree:
        t = _table("units")
        expr = t.select("code", "name", "level", "parent_code", "valid_from", "valid_to", "successor_code")
        return cls(
            _Unit(
                r["code"],
                r["name"],
                r["level"],
                r["parent_code"] or None,
                r["valid_from"],
                r["valid_to"],
                r["successor_code"] or None,
            )
            for r in b.to_pyarrow(expr).to_pylist()
        )

    def dissolved(self, code: str) -> bool:
        u = self.units.get(code)
        return u is not None and u.valid_to is not None

    def subtree(self, code: str) -> set[str]:
        """The unit and every unit under it, over all of history."""
        out, stack = set(), [code]
        while stack:
            c = stack.pop()
            if c not in out:
                out.add(c)
                stack.extend(self.children.get(c, ()))
        return out

    def today_subtree(self, code: str) -> set[str]:
        """The unit and the living units under it (today's tree)."""
        out, stack = set(), [code]
        while stack:
            c = stack.pop()
            if c not in out:
                out.add(c)
                stack.extend(k for k in self.children.get(c, ()) if not self.dissolved(k))
        return out

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        u = self.units.get(code)
        while u is not None and u.parent and u.parent not in out and u.parent != code:
            out.append(u.parent)
            u = self.units.get(u.parent)
        return out

    def today_of(self, code: str) -> str:
        """The living unit that stands for ``code`` today (``code`` itself unless dissolved)."""
        if code in self._today:
            return self._today[code]
        seen: list[str] = []
        c = code
        while self.dissolved(c) and c not in seen:
            seen.append(c)
            u = self.units[c]
            nxt = u.successor if u.successor in self.units else None
            if nxt is None:
                nxt = next((a for a in self.ancestors(c) if not self.dissolved(a)), None)
            if nxt is None:
                break
            c = nxt
        self._today[code] = c
        return c

    def today_mapping(self) -> dict[str, str]:
        """Dissolved unit → today's unit, for every dissolved unit that has one."""
        return {c: self.today_of(c) for c in self.units if self.dissolved(c) and self.today_of(c) != c}

    def name(self, code: str) -> str | None:
        u = self.units.get(code)
        return u.name if u else None


# ---------------------------------------------------------------------------------------------
# Filters ∩ scope → what the engine filters on


@dataclass(frozen=True)
class _Sel:
    orgs: frozenset[str] | None  # None = all; empty = nothing
    units: frozenset[str] | None  # recorded unit codes; None = all; empty = nothing
    themes: tuple[str, ...]
    types: tuple[str, ...]
    mapping: dict  # dissolved → today's unit, when units_as_today; else {}
    tree: UnitTree

    @property
    def key(self) -> tuple:
        """What selects the activities (the mapping is already in ``units``)."""
        return (self.orgs, self.units, self.themes, self.types)


# ---------------------------------------------------------------------------------------------
# What one backend has read
#
# A page run makes one backend (over a fresh cursor) and asks several functions about the same
# filters: the overview asks kpis, trend, by_org and theme_matrix. Rather than scan the
# activities once per function, they share what the backend has already read: the reference
# data, per (organization, day) sums of the activity indicators (:func:`_daily`), per
# (organization, reporting month, theme) counts (:func:`_theme_counts`) and the members
# snapshots per date (:func:`_snapshots`). Each is read for what is asked and kept for the
# backend's life, so a new page run (a new backend) reads the warehouse afresh.


@dataclass
class _Memo:
    tree: UnitTree | None = None
    org_labels: list[dict] | None = None
    selections: dict = field(default_factory=dict)  # (filters' codes, scope) → _Sel
    daily: dict = field(default_factory=dict)  # _Sel.key → _Days
    themes: dict = field(default_factory=dict)  # (_Sel.key, start, end, cutoff, source) → DataFrame
    snapshots: dict = field(default_factory=dict)  # (orgs, units) → {date: [rows]}


# Keyed on the backend's identity, not on the backend: Ibis backends compare (and hash) equal
# when made the same way, so a WeakKeyDictionary would hand one page run's reads to another.
_MEMOS: dict[int, _Memo] = {}


def _memo(b) -> _Memo:
    memo = _MEMOS.get(id(b))
    if memo is None:
        memo = _MEMOS[id(b)] = _Memo()
        weakref.finalize(b, _MEMOS.pop, id(b), None)  # dropped with the backend
    return memo


def unit_tree(b) -> UnitTree:
    """The units tree, read once per backend: a backend is cheap (make one per page run, over a
    fresh cursor), so reference edits show on the next run."""
    memo = _memo(b)
    if memo.tree is None:
        memo.tree = UnitTree.load(b)
    return memo.tree


def _org_labels(b) -> list[dict]:
    """Organization types (code, label_vi, label_en), read once per backend like the units."""
    memo = _memo(b)
    if memo.org_labels is None:
        o = _table("org_types")
        memo.org_labels = _rows(b, o.select("code", "label_vi", "label_en").order_by("code"))
    return memo.org_labels


def _selection(b, f: Filters, scope: Scope | None) -> _Sel:
    """What the filters and the scope select, worked out once per backend."""
    scope = scope or Scope()
    key = (f.orgs, f.units, f.units_as_today, f.themes, f.activity_types, scope)
    selections = _memo(b).selections
    if key not in selections:
        selections[key] = _select(unit_tree(b), f, scope)
    return selections[key]


def _select(tree: UnitTree, f: Filters, scope: Scope) -> _Sel:
    orgs = scope.org_codes(f.orgs)
    allowed = None
    if scope.units is not None:
        allowed = set()
        for c in scope.units:
            allowed |= tree.subtree(c)
    chosen = None
    if f.units:
        chosen = set()
        if f.units_as_today:
            targets = set()
            for c in f.units:
                targets |= tree.today_subtree(tree.today_of(c))
            chosen = {u for u in tree.units if tree.today_of(u) in targets} | (targets - set(tree.units))
        else:
            for c in f.units:
                chosen |= tree.subtree(c)
    if allowed is None:
        units = chosen
    elif chosen is None:
        units = allowed
    else:
        units = allowed & chosen
    return _Sel(
        orgs=orgs,
        units=None if units is None else frozenset(units),
        themes=f.themes,
        types=f.activity_types,
        mapping=tree.today_mapping() if f.units_as_today else {},
        tree=tree,
    )


def _isin(col: ir.Value, codes: frozenset[str] | tuple[str, ...] | None) -> ir.BooleanValue | None:
    if codes is None:
        return None
    if not codes:
        return ibis.literal(False)
    return col.isin(sorted(codes))


def _mapped(col: ir.StringValue, mapping: dict) -> ir.StringValue:
    return col.substitute(mapping) if mapping else col


def _between(col: ir.Value, start: dt.date, end: dt.date) -> ir.BooleanValue:
    return col.between(ibis.literal(start, type="date"), ibis.literal(end, type="date"))


def _activities(
    b, sel: _Sel, *, themes: bool = True, types: bool = True, units_today: bool = False
) -> ir.Table:
    """Activities within the selection (any date). ``units_today``: for queries that show units,
    ``unit`` becomes today's unit when the filter asks for it (``unit_recorded`` keeps the code
    as recorded); the others only need the selection, which already accounts for the switch."""
    t = _table("activities")
    preds = [p for p in (_isin(t.org, sel.orgs), _isin(t.unit, sel.units)) if p is not None]
    if themes and sel.themes:
        preds.append(ibis.or_(*(t.themes.contains(ibis.literal(th)) for th in sel.themes)))
    if types and sel.types:
        preds.append(t.activity_type.isin(list(sel.types)))
    if preds:
        t = t.filter(*preds)
    if units_today and sel.mapping:
        t = t.mutate(unit_recorded=t.unit, unit=_mapped(t.unit, sel.mapping))
    return t


def _flagged(t: ir.Table, cur: Period, ly: Period | None) -> ir.Table:
    """Rows of the period (``_cur`` true) and, if given, of last year's period (``_cur`` false).

    One scan with a flag when the two do not overlap (always, but for custom ranges longer than a
    year); otherwise the union of both, so that a row may count in each.
    """
    in_cur = _between(t.date, cur.start, cur.end)
    if ly is None:
        return t.filter(in_cur).mutate(_cur=ibis.literal(True))
    if ly.end < cur.start or ly.start > cur.end:
        rel = t.filter(in_cur | _between(t.date, ly.start, ly.end))
        if ly.end < cur.start:
            flag = rel.date >= ibis.literal(cur.start, type="date")
        else:
            flag = rel.date <= ibis.literal(cur.end, type="date")
        return rel.mutate(_cur=flag)
    a = t.filter(in_cur).mutate(_cur=ibis.literal(True))
    c = t.filter(_between(t.date, ly.start, ly.end)).mutate(_cur=ibis.literal(False))
    return a.union(c, distinct=False)


def _pivot(rel: ir.Table, key: str) -> ir.Table:
    """Per ``key``: this period's indicators and ``activities_last_year``. The scan groups by
    (flag, key) with plain sums; the pivot runs on that small result, in the engine."""
    agg = rel.group_by(["_cur", key]).aggregate(**_measures(rel))
    return agg.group_by(key).aggregate(
        **{ind: agg[ind].sum(where=agg._cur) for ind in ACTIVITY_INDICATORS},
        activities_last_year=agg.activities.sum(where=~agg._cur),
    )


def _measure(t: ir.Table, indicator: str, where: ir.BooleanValue | None = None) -> ir.Scalar:
    if indicator == "activities":
        return t.count(where=where)
    if indicator == "houses":
        house = t.activity_type == HOUSE_TYPE
        return t.count(where=house if where is None else house & where)
    if indicator in _SUMMED:
        return t[indicator].sum(where=where)
    raise ValueError(f"Chỉ số không hợp lệ: {indicator!r} (một trong {', '.join(INDICATORS)}).")


def _measures(t: ir.Table, where: ir.BooleanValue | None = None, suffix: str = "") -> dict[str, ir.Scalar]:
    return {f"{ind}{suffix}": _measure(t, ind, where) for ind in ACTIVITY_INDICATORS}


def _rows(b, expr) -> list[dict]:
    """A small result as a list of dicts (no pandas round trip)."""
    return b.to_pyarrow(expr).to_pylist()


def _execute(b, expr) -> pd.DataFrame:
    return b.execute(expr).reset_index(drop=True)


def _fill_int(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    for c in columns:
        if c in df.columns:
            df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0).astype("int64")
    return df


def _change_pct(current, last) -> float | None:
    if last is None or pd.isna(last) or last == 0 or current is None or pd.isna(current):
        return None
    return float((current - last) * 100.0 / last)


# ---------------------------------------------------------------------------------------------
# Shared scans: read once per backend, then derived from in Python (a few thousand rows)

_DAY = dt.timedelta(days=1)


def _merge_ranges(ranges: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Inclusive day ranges, sorted, overlapping or adjacent ones joined."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(ranges):
        if out and (start - out[-1][1]).days <= 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _missing_ranges(
    wanted: Iterable[tuple[dt.date, dt.date]], covered: list[tuple[dt.date, dt.date]]
) -> list[tuple[dt.date, dt.date]]:
    """The days of ``wanted`` outside ``covered`` (merged ranges, see :func:`_merge_ranges`)."""
    out = []
    for start, end in _merge_ranges(wanted):
        rest: dt.date | None = start
        for c_start, c_end in covered:
            if c_end < rest or c_start > end:
                continue
            if c_start > rest:
                out.append((rest, c_start - _DAY))
            if c_end >= end:
                rest = None
                break
            rest = c_end + _DAY
        if rest is not None:
            out.append((rest, end))
    return out


def _frame(table) -> pd.DataFrame:
    """An Arrow result as pandas, integers kept exact (``Int64``, nulls as NA, never floats)."""
    return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get, date_as_object=False)


class _Days:
    """Per (organization, day) sums read so far, as numpy columns: ``org`` (codes), ``day``
    (``datetime64[D]``), each indicator's ``values`` (int64, a null sum as 0) and, for the sums,
    whether the value is ``known`` (not null)."""

    def __init__(self) -> None:
        self.covered: list[tuple[dt.date, dt.date]] = []  # merged day ranges read so far
        self.org = np.empty(0, dtype=object)
        self.day = np.empty(0, dtype="datetime64[D]")
        self.values = {ind: np.empty(0, dtype="int64") for ind in ACTIVITY_INDICATORS}
        self.known = {ind: np.empty(0, dtype=bool) for ind in _SUMMED}

    def add(self, table: pa.Table, ranges: list[tuple[dt.date, dt.date]]) -> None:
        self.org = np.concatenate([self.org, table["org"].to_numpy(zero_copy_only=False)])
        self.day = np.concatenate([self.day, table["date"].to_numpy().astype("datetime64[D]")])
        for ind in ACTIVITY_INDICATORS:
            column = table[ind]
            values = pc.fill_null(column, 0).to_numpy().astype("int64")
            self.values[ind] = np.concatenate([self.values[ind], values])
            if ind in self.known:
                known = column.is_valid().to_numpy(zero_copy_only=False)
                self.known[ind] = np.concatenate([self.known[ind], known])
        self.covered = _merge_ranges([*self.covered, *ranges])

    def within(self, start: dt.date, end: dt.date) -> np.ndarray:
        """Which rows fall in ``start``–``end``."""
        return (self.day >= np.datetime64(start, "D")) & (self.day <= np.datetime64(end, "D"))

    def month_keys(self, cutoff: Cutoff) -> np.ndarray:
        """:func:`_py_month_key` of each row's day (the engine's :func:`_month_key`)."""
        months = self.day.astype("datetime64[M]")
        keys = months.astype("int64") + 1970 * 12
        return keys + ((self.day - months).astype("int64") + 1 > cutoff.day)


def _daily(b, sel: _Sel, ranges: Iterable[tuple[dt.date, dt.date]]) -> _Days:
    """Per (organization, day): the activity indicators of the selection's records that day, over
    at least the days of ``ranges``. One scan serves the KPIs, the ranking of organizations and
    a trend by organization or in total asked after them; a later call reads only the days not
    read yet."""
    days = _memo(b).daily.setdefault(sel.key, _Days())
    missing = _missing_ranges(ranges, days.covered)
    if missing:
        t = _activities(b, sel)
        rel = t.filter(ibis.or_(*(_between(t.date, start, end) for start, end in missing)))
        days.add(b.to_pyarrow(rel.group_by(["org", "date"]).aggregate(**_measures(rel))), missing)
    return days


def _daily_read(b, sel: _Sel, ranges: Iterable[tuple[dt.date, dt.date]]) -> _Days | None:
    """The per-day sums if the backend has already read every day of ``ranges``, else None (a
    function that needs one indicator alone scans for it: that is cheaper than all of them)."""
    days = _memo(b).daily.get(sel.key)
    return days if days is not None and not _missing_ranges(ranges, days.covered) else None


def _group_sums(keys: np.ndarray, columns: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The distinct ``keys`` (sorted) and each column's int64 sum per key."""
    distinct, index = np.unique(keys, return_inverse=True)
    sums = {}
    for name, values in columns.items():
        total = np.zeros(len(distinct), dtype="int64")
        np.add.at(total, index, values)
        sums[name] = total
    return distinct, sums


def _bucket_keys(month_keys: np.ndarray, grain: str, cutoff: Cutoff) -> np.ndarray:
    """:func:`_py_bucket_key` of each month key."""
    n = _GRAIN_MONTHS[grain]
    return (month_keys - cutoff.month) // n * n + cutoff.month


def _theme_counts(b, sel: _Sel, period: Period) -> pd.DataFrame:
    """Per (``org``, reporting month key ``_k``, ``theme``): the selection's records of ``period``
    with the theme (``activities``) and how many of them were ``inferred``; only the filter's
    themes if any. One scan serves the theme matrix and the theme shares."""
    key = (sel.key, period.start, period.end, period.cutoff)
    counts = _memo(b).themes
    if key not in counts:
        t = _activities(b, sel)
        rel = t.filter(_between(t.date, period.start, period.end))
        rel = rel.select("org", "themes", "themes_inferred", _k=_month_key(rel.date, period.cutoff))
        rows = _theme_rows(rel, sel.themes)
        agg = rows.group_by(["org", "_k", "theme"]).aggregate(
            activities=rows.count(), inferred=rows.count(where=rows.inferred)
        )
        counts[key] = _frame(b.to_pyarrow(agg))
    return counts[key]


# ---------------------------------------------------------------------------------------------
# Members: a stock, taken from snapshots


def _snapshots(b, sel: _Sel, ends: Iterable[dt.date]) -> list[dict]:
    """For each date of ``ends`` and each (org, unit) of the selection, the latest snapshot on or
    before it: rows ``org``, ``unit``, ``_end``, ``members`` (copies, for the caller to change).
    Each date is read once per backend and selection."""
    store = _memo(b).snapshots.setdefault((sel.orgs, sel.units), {})
    ends = sorted(set(ends))
    missing = [e for e in ends if e not in store]
    if missing:
        m = _table("members")
        preds = [p for p in (_isin(m.org, sel.orgs), _isin(m.unit, sel.units)) if p is not None]
        if preds:
            m = m.filter(*preds)
        m = m.select("org", "unit", "as_of", "members")
        m = m.mutate(_end=ibis.literal(missing, type="array<date>").unnest())
        m = m.filter(m.as_of <= m._end)
        m = m.group_by(["org", "unit", "_end"]).aggregate(members=m.members.argmax(m.as_of))
        read: dict[dt.date, list[dict]] = {e: [] for e in missing}
        for r in _rows(b, m):
            read[r["_end"]].append(r)
        store.update(read)
    return [dict(r) for e in ends for r in store[e]]


def _members(
    b,
    sel: _Sel,
    ends: list[dt.date],
    *,
    group: tuple[str, ...] = (),
    topmost: str = "global",
) -> dict[tuple, int]:
    """Members at each date of ``ends``: {(date, *group values): members}; a key is missing when no
    snapshot is known.

    The engine picks, for each (org, unit) and date, the latest snapshot with ``as_of`` ≤ the date
    (at most orgs × units × dates rows). The unit tree, which is reference data, then keeps the
    units that exist on that date and, with ``topmost="global"``, drops a unit when one of its
    ancestors has a snapshot for the same organization (totals over units); ``"group"`` does so
    only within one of today's units (the abolished district merged into the province).
    """
    if not ends or (sel.orgs is not None and not sel.orgs) or (sel.units is not None and not sel.units):
        return {}
    tree = sel.tree

    def exists(code: str, day: dt.date) -> bool:
        u = tree.units.get(code)
        if u is None:
            return True
        return (u.valid_from is None or u.valid_from <= day) and (u.valid_to is None or u.valid_to >= day)

    latest = [r for r in _snapshots(b, sel, ends) if exists(r["unit"], r["_end"])]
    have = {(r["org"], r["_end"], r["unit"]) for r in latest}

    def today(code: str) -> str:
        return sel.mapping.get(code, code)

    def covered(r: dict) -> bool:
        return any(
            (r["org"], r["_end"], a) in have and (topmost != "group" or today(a) == today(r["unit"]))
            for a in tree.ancestors(r["unit"])
        )

    out: dict[tuple, int] = {}
    for r in latest:
        if topmost and covered(r):
            continue
        r["unit"] = today(r["unit"])
        key = (r["_end"], *(r[g] for g in group))
        out[key] = out.get(key, 0) + int(r["members"])
    return out


# ---------------------------------------------------------------------------------------------
# KPIs


def kpis(b, f: Filters, scope: Scope | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """One row: each indicator for the period, the same period last year (``<ind>_last_year``) and
    the change in percent (``<ind>_change_pct``, None when last year is 0 or unknown).

    A period still running on ``today`` is compared with last year up to the same day
    ("cùng kỳ"), not with the whole of last year's period.
    ``members`` is None (not 0) when no snapshot is known at the period's end.
    """
    sel = _selection(b, f, scope)
    cur, ly = f.period, f.period.same_period_last_year()
    whole = ly
    if today is not None and cur.kind != "term" and cur.start <= today < cur.end:
        ly = cur.up_to(today).same_period_last_year()
    # The whole of last year's period is read (the trend and the ranking ask for it too); only
    # its days up to the same day are counted.
    days = _daily(b, sel, [(cur.start, cur.end), (whole.start, whole.end), (ly.start, ly.end)])
    row = {}
    for period, suffix in ((cur, ""), (ly, "_last_year")):
        rows = days.within(period.start, period.end)
        for ind in ACTIVITY_INDICATORS:
            row[f"{ind}{suffix}"] = int(days.values[ind][rows].sum())
    by_end = _members(b, sel, [cur.end, ly.end])
    out: dict[str, object] = {}
    for ind in INDICATORS:
        if ind == "members":
            now, last = by_end.get((cur.end,)), by_end.get((ly.end,))
            now = None if now is None else int(now)
            last = None if last is None else int(last)
        else:
            now = row.get(ind)
            last = row.get(f"{ind}_last_year")
            now = 0 if now is None or pd.isna(now) else int(now)
            last = 0 if last is None or pd.isna(last) else int(last)
        out[ind] = now
        out[f"{ind}_last_year"] = last
        out[f"{ind}_change_pct"] = _change_pct(now, last)
    return pd.DataFrame([out], dtype=object)


# ---------------------------------------------------------------------------------------------
# Buckets


def _month_key(date: ir.DateValue, cutoff: Cutoff) -> ir.IntegerValue:
    """year*12 + month-1 of the (calendar-named) reporting month holding ``date``."""
    key = date.year().cast("int64") * 12 + date.month().cast("int64") - 1
    if cutoff.day < 31:
        key = key + (date.day() > cutoff.day).cast("int64")
    return key


def _py_month_key(d: dt.date, cutoff: Cutoff) -> int:
    return d.year * 12 + d.month - 1 + (1 if d.day > cutoff.day else 0)


def _bucket_key(month_key: ir.IntegerValue, grain: str, cutoff: Cutoff) -> ir.IntegerValue:
    """The month key of the first month of the bucket (of ``grain``) holding ``month_key``."""
    n = _GRAIN_MONTHS[grain]
    if n == 1:
        return month_key
    return ((month_key - cutoff.month) // n) * n + cutoff.month


def _py_bucket_key(month_key: int, grain: str, cutoff: Cutoff) -> int:
    n = _GRAIN_MONTHS[grain]
    return (month_key - cutoff.month) // n * n + cutoff.month


def _key_start(key: int, grain: str, cutoff: Cutoff) -> dt.date:
    year, month0 = divmod(int(key), 12)
    return bucket_start(dt.date(year, month0 + 1, 1), grain, cutoff)


def _keyed(t: ir.Table, cur: Period, ly: Period | None, grain: str) -> ir.Table:
    """:func:`_flagged` rows with ``_k``: the bucket key, last year's shifted onto this year's axis."""
    cutoff = cur.cutoff
    rel = _flagged(t, cur, ly)
    key = _month_key(rel.date, cutoff)
    if ly is not None:
        shift = _py_month_key(cur.start, cutoff) - _py_month_key(ly.start, cutoff)
        key = key + rel._cur.ifelse(0, shift)
    return rel.mutate(_k=_bucket_key(key, grain, cutoff))


def _theme_rows(rel: ir.Table, themes: tuple[str, ...]) -> ir.Table:
    """One row per (activity, theme), with ``theme`` and ``inferred``; only ``themes`` if given.

    (The warehouse's ``activity_themes`` view is the same unnest, for analysts.)
    """
    rel = rel.mutate(theme=rel.themes.unnest(), inferred=rel.themes_inferred)
    if themes:
        rel = rel.filter(rel.theme.isin(list(themes)))
    return rel


# ---------------------------------------------------------------------------------------------
# Trends


def trend(
    b, f: Filters, scope: Scope | None = None, indicator: str = "activities", by: str | None = "org"
) -> pd.DataFrame:
    """``indicator`` per bucket of the filter's grain over the period, per series.

    Columns: ``bucket_start`` (datetime64), ``series`` (org code, theme code, or ``"total"`` when
    ``by`` is None), ``value``, ``last_year`` (the same bucket of the same period last year).
    Every bucket of the period appears for every series with a value in either year (zeros where
    a bucket has none). ``members`` is the snapshot at each
    bucket's end (the period's end for the last one); it cannot be split by theme.
    """
    if indicator not in INDICATORS:
        raise ValueError(f"Chỉ số không hợp lệ: {indicator!r} (một trong {', '.join(INDICATORS)}).")
    if by not in SERIES_BY:
        raise ValueError(f"Chuỗi không hợp lệ: {by!r} (org, theme hoặc None).")
    if indicator == "members" and by == "theme":
        raise ValueError("Số đoàn viên, hội viên không chia theo chủ đề.")
    sel = _selection(b, f, scope)
    cur, ly = f.period, f.period.same_period_last_year()
    cutoff, grain = cur.cutoff, f.grain
    keys = [_py_bucket_key(_py_month_key(s, cutoff), grain, cutoff) for s in bucket_starts(cur, grain)]
    days = _daily_read(b, sel, [(cur.start, cur.end), (ly.start, ly.end)])
    if indicator == "members":
        values = _members_trend(b, sel, cur, ly, grain, by)
    elif days is not None and by != "theme":
        values = _days_trend(days, cur, ly, grain, indicator, by)
    else:
        values = _trend_values(_engine_trend(b, sel, cur, ly, grain, indicator, by))
    return _trend_frame(values, keys, grain, cutoff, by, fill=0 if indicator != "members" else None)


def _engine_trend(
    b, sel: _Sel, cur: Period, ly: Period, grain: str, indicator: str, by: str | None
) -> pd.DataFrame:
    """The trend's own scan: only its indicator, grouped by (``_cur``, ``_k``, ``series``)."""
    base = _activities(b, sel)
    # Rows that add nothing to the indicator are left out before the (costly) theme unnest;
    # a series with no value in either year is then absent rather than all zeros.
    if indicator in _SUMMED:
        base = base.filter(base[indicator].notnull())
    elif indicator == "houses":
        base = base.filter(base.activity_type == HOUSE_TYPE)
    rel = _keyed(base, cur, ly, grain)
    if by == "theme":
        rel = _theme_rows(rel, sel.themes)
        series = rel.theme
    elif by == "org":
        series = rel.org
    else:
        series = ibis.literal(TOTAL_SERIES)
    rel = rel.mutate(series=series)
    agg = rel.group_by(["_cur", "_k", "series"]).aggregate(value=_measure(rel, indicator))
    return _execute(b, agg)


def _days_trend(days: _Days, cur: Period, ly: Period, grain: str, indicator: str, by: str | None) -> dict:
    """What the engine would give grouping by (``_cur``, ``_k``, ``series``), from the per-day
    sums: a day counts in each period holding it; last year's buckets are shifted onto this
    year's axis; days that add nothing to the indicator are left out, so that a series with no
    value in either year is absent."""
    cutoff = cur.cutoff
    shift = _py_month_key(cur.start, cutoff) - _py_month_key(ly.start, cutoff)
    month_keys = days.month_keys(cutoff)
    values: dict[tuple[bool, int, str], int] = {}
    for is_cur, period, offset in ((True, cur, 0), (False, ly, shift)):
        rows = days.within(period.start, period.end)
        if indicator in _SUMMED:
            rows &= days.known[indicator]
        elif indicator == "houses":
            rows &= days.values["houses"] > 0
        keys = _bucket_keys(month_keys[rows] + offset, grain, cutoff).tolist()
        series = days.org[rows].tolist() if by == "org" else [TOTAL_SERIES] * len(keys)
        for k, s, v in zip(keys, series, days.values[indicator][rows].tolist(), strict=True):
            values[(is_cur, k, s)] = values.get((is_cur, k, s), 0) + v
    return values


def _members_trend(b, sel: _Sel, cur: Period, ly: Period, grain: str, by: str | None) -> dict:
    cutoff = cur.cutoff
    shift = _py_month_key(cur.start, cutoff) - _py_month_key(ly.start, cutoff)
    ends: dict[tuple[bool, dt.date], int] = {}
    for is_cur, period, offset in ((True, cur, 0), (False, ly, shift)):
        for s in bucket_starts(period, grain):
            end = min(containing(s, grain, cutoff).end, period.end)
            key = _py_bucket_key(_py_month_key(s, cutoff) + offset, grain, cutoff)
            ends[(is_cur, end)] = key
    group = ("org",) if by == "org" else ()
    members = _members(b, sel, sorted({e for _, e in ends}), group=group)
    return {
        (is_cur, ends[(is_cur, key[0])], key[1] if by == "org" else TOTAL_SERIES): v
        for key, v in members.items()
        for is_cur in (True, False)
        if (is_cur, key[0]) in ends
    }


def _trend_values(df: pd.DataFrame) -> dict[tuple[bool, int, str], object]:
    """{(``_cur``, ``_k``, ``series``): ``value``} of a grouped result."""
    return {
        (bool(c), int(k), s): v
        for c, k, s, v in zip(df["_cur"], df["_k"], df["series"], df["value"], strict=True)
    }


def _trend_frame(
    values: dict[tuple[bool, int, str], object],
    keys: list[int],
    grain: str,
    cutoff: Cutoff,
    by: str | None,
    fill,
) -> pd.DataFrame:
    columns = ["bucket_start", "series", "value", "last_year"]
    series = [TOTAL_SERIES] if by is None else sorted({s for _, _, s in values if s is not None})
    starts = {k: _key_start(k, grain, cutoff) for k in keys}

    def value(flag: bool, k: int, s: str):
        v = values.get((flag, k, s))
        return fill if v is None or pd.isna(v) else int(v)

    rows = [(starts[k], s, value(True, k, s), value(False, k, s)) for k in keys for s in series]
    out = pd.DataFrame(rows, columns=columns)
    out["bucket_start"] = pd.to_datetime(out["bucket_start"]).astype("datetime64[s]")
    kind = "int64" if fill is not None else "Int64"
    return out.astype({"series": "object", "value": kind, "last_year": kind})


# ---------------------------------------------------------------------------------------------
# Organizations and units


def by_org(b, f: Filters, scope: Scope | None = None) -> pd.DataFrame:
    """Organizations ranked: every allowed organization type, its activity indicators for the
    period, ``activities_last_year``, ``members`` (topmost snapshots) and ``rank`` (by activities,
    then participants, then funds). Columns ``org``, ``label_vi``, ``label_en`` first."""
    sel = _selection(b, f, scope)
    cur, ly = f.period, f.period.same_period_last_year()
    days = _daily(b, sel, [(cur.start, cur.end), (ly.start, ly.end)])
    now, last = days.within(cur.start, cur.end), days.within(ly.start, ly.end)
    found: dict[str, dict] = {}
    for rows, columns in (
        (now, {ind: ind for ind in ACTIVITY_INDICATORS}),
        (last, {"activities_last_year": "activities"}),
    ):
        orgs, sums = _group_sums(days.org[rows], {c: days.values[ind][rows] for c, ind in columns.items()})
        for i, o in enumerate(orgs):
            found.setdefault(o, {}).update({c: sums[c][i] for c in columns})
    orgs = [o for o in _org_labels(b) if sel.orgs is None or o["code"] in sel.orgs]
    orgs += [
        {"code": c, "label_vi": None, "label_en": None}
        for c in sorted(set(found) - {o["code"] for o in orgs})
    ]
    measures = [*ACTIVITY_INDICATORS, "activities_last_year"]
    df = pd.DataFrame(
        [
            {"org": o["code"], "label_vi": o["label_vi"], "label_en": o["label_en"]}
            | {c: int(found.get(o["code"], {}).get(c) or 0) for c in measures}
            for o in orgs
        ],
        columns=["org", "label_vi", "label_en", *measures],
    )
    df = _fill_int(df, measures)
    members = _members(b, sel, [cur.end], group=("org",))
    df["members"] = pd.array([members.get((cur.end, o)) for o in df["org"]], dtype="Int64")
    df = df.sort_values(
        ["activities", "participants", "funds_vnd", "org"], ascending=[False, False, False, True]
    )
    df["rank"] = range(1, len(df) + 1)
    return df.reset_index(drop=True)


def by_unit(b, f: Filters, scope: Scope | None = None, org: str | None = None) -> pd.DataFrame:
    """Units (today's units when ``units_as_today``) with the activity indicators of the records
    made at each unit itself (not its subtree), ``activities_last_year`` and ``members`` (the unit's
    own snapshot). Every unit of the selection that existed during the period appears, with zeros
    if it did nothing; most active first. Adds ``unit_name``, ``level``, ``parent_code`` and
    ``dissolved`` for the drill-down. ``org`` narrows to one organization type (never widens)."""
    sel = _narrow_org(_selection(b, f, scope), org)
    cur, ly = f.period, f.period.same_period_last_year()
    agg = _pivot(_flagged(_activities(b, sel, units_today=True), cur, ly), "unit")
    now = _execute(b, agg)
    tree = sel.tree
    shown = set()
    for code, u in tree.units.items():
        if sel.units is not None and code not in sel.units:
            continue
        if (u.valid_from and u.valid_from > cur.end) or (u.valid_to and u.valid_to < cur.start):
            continue
        shown.add(sel.mapping.get(code, code))
    if sel.orgs is not None and not sel.orgs:
        shown = set()
    shown |= set(now["unit"])
    df = now.set_index("unit").reindex(pd.Index(sorted(shown), name="unit", dtype="object")).reset_index()
    df = _fill_int(df, [*ACTIVITY_INDICATORS, "activities_last_year"])
    members = _members(b, sel, [cur.end], group=("unit",), topmost="group")
    df["members"] = pd.array([members.get((cur.end, u)) for u in df["unit"]], dtype="Int64")
    df.insert(1, "unit_name", df["unit"].map(tree.name))
    df.insert(2, "level", df["unit"].map(lambda c: tree.units[c].level if c in tree.units else None))
    df.insert(3, "parent_code", df["unit"].map(lambda c: tree.units[c].parent if c in tree.units else None))
    df.insert(4, "dissolved", df["unit"].map(tree.dissolved).astype(bool))
    df = df.sort_values(["activities", "unit"], ascending=[False, True])
    return df.reset_index(drop=True)


def _narrow_org(sel: _Sel, org: str | None) -> _Sel:
    if org is None:
        return sel
    org = str(org)
    orgs = frozenset({org}) if sel.orgs is None else sel.orgs & {org}
    return _Sel(orgs, sel.units, sel.themes, sel.types, sel.mapping, sel.tree)


@dataclass(frozen=True)
class RecordPage:
    """One page of records and the number of records matching in all."""

    rows: pd.DataFrame
    total: int


def records(
    b,
    f: Filters,
    scope: Scope | None = None,
    *,
    org: str | None = None,
    unit: str | None = None,
    sort: str = "-date",
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> RecordPage:
    """The period's activity records, a page at a time: ``sort`` one of :data:`SORTABLE`, with a
    leading ``-`` for descending (ties broken by record key); ``unit`` is the exact unit (today's
    unit when ``units_as_today``), as in :func:`by_unit`. Adds ``unit_name`` (and
    ``unit_recorded`` when units are shown as today)."""
    sel = _narrow_org(_selection(b, f, scope), org)
    descending = isinstance(sort, str) and sort.startswith("-")
    key = sort.lstrip("-") if isinstance(sort, str) else ""
    if key not in SORTABLE:
        raise ValueError(f"Không sắp xếp được theo {sort!r} (một trong {', '.join(SORTABLE)}).")
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    t = _activities(b, sel, units_today=True)
    rel = t.filter(_between(t.date, f.period.start, f.period.end))
    if unit is not None:
        rel = rel.filter(rel.unit == ibis.literal(str(unit)))
    total = int(b.execute(rel.count()))
    order = [ibis.desc(key) if descending else ibis.asc(key), ibis.asc("record_key")]
    columns = list(RECORD_COLUMNS) + (["unit_recorded"] if sel.mapping else [])
    page = rel.select(*columns).order_by(order).limit(limit, offset=offset)
    df = _execute(b, page)
    for c in _SUMMED:
        df[c] = pd.to_numeric(df[c]).astype("Int64")
    df.insert(df.columns.get_loc("unit") + 1, "unit_name", df["unit"].map(sel.tree.name))
    return RecordPage(df, total)


# ---------------------------------------------------------------------------------------------
# Themes


def theme_matrix(b, f: Filters, scope: Scope | None = None) -> pd.DataFrame:
    """Organization × theme: ``activities`` with the theme, of which ``given`` (typed by the
    office) and ``inferred`` (from the title). Only themes selected by the filter, if any."""
    counts = _theme_counts(b, _selection(b, f, scope), f.period)
    df = counts.groupby(["org", "theme"], as_index=False, dropna=False)[["activities", "inferred"]].sum()
    df = _fill_int(df, ["activities", "inferred"])
    df["given"] = df["activities"] - df["inferred"]
    df = df[["org", "theme", "activities", "given", "inferred"]]
    return df.sort_values(["org", "activities", "theme"], ascending=[True, False, True]).reset_index(
        drop=True
    )


def theme_share(b, f: Filters, scope: Scope | None = None) -> pd.DataFrame:
    """Each theme per bucket: ``activities`` with the theme (``inferred`` of them), ``share`` of the
    bucket's theme mentions (shares sum to 1 per bucket) and ``share_of_activities`` (of the
    bucket's activities; an activity may carry several themes)."""
    sel = _selection(b, f, scope)
    cur, cutoff, grain = f.period, f.period.cutoff, f.grain
    counts = _theme_counts(b, sel, cur)
    counts = counts.assign(_k=_bucket_keys(counts["_k"].to_numpy(dtype="int64"), grain, cutoff))
    agg = counts.groupby(["_k", "theme"], as_index=False, dropna=False)[["activities", "inferred"]].sum()
    # Each bucket's activities, with a theme or not.
    rel = _keyed(_activities(b, sel), cur, None, grain)
    totals = _execute(b, rel.group_by("_k").aggregate(bucket_activities=rel.count()))
    df = _fill_int(agg.merge(totals, on="_k"), ["activities", "inferred", "bucket_activities"])
    columns = ["bucket_start", "theme", "activities", "inferred", "share", "share_of_activities"]
    if df.empty:
        out = pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
        out["bucket_start"] = pd.Series(dtype="datetime64[s]")
        out["theme"] = pd.Series(dtype="object")
        return out
    mentions = df.groupby("_k")["activities"].transform("sum")
    df["share"] = df["activities"] / mentions
    df["share_of_activities"] = df["activities"] / df["bucket_activities"]
    starts = {k: _key_start(k, grain, cutoff) for k in df["_k"].unique()}
    df["bucket_start"] = pd.to_datetime(df["_k"].map(starts)).astype("datetime64[s]")
    return df.sort_values(["bucket_start", "theme"])[columns].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Targets


def _status(actual: int, target: int) -> str:
    if actual > target:
        return "vuot"
    if actual == target:
        return "dat"
    return "chua_dat"


def targets_progress(
    b, f: Filters, scope: Scope | None = None, *, today: dt.date | None = None
) -> pd.DataFrame:
    """Progress against the targets of the reporting year holding the period's end, per
    (org, unit, indicator): ``target``, ``actual`` year to date (to the earlier of the period's end
    and ``today``), ``percent`` = actual/target×100, ``expected_percent`` (share of the year
    elapsed), ``status``: ``vuot`` (percent > 100), ``dat`` (= 100), ``chua_dat`` (< 100);
    lagging first (lowest percent).

    A target belongs to an organization at one unit and counts that unit's own records
    (``members``: its latest snapshot). The theme and activity-type filters do not apply.
    """
    today = today or dt.date.today()
    sel = _selection(b, f, scope)
    year = containing(f.period.end, "year", f.period.cutoff)
    ytd_end = min(f.period.end, today)
    tg = _table("targets")
    preds = [tg.year == ibis.literal(int(year.year))]
    preds += [p for p in (_isin(tg.org, sel.orgs), _isin(tg.unit, sel.units)) if p is not None]
    tg = tg.filter(*preds)
    tg = tg.mutate(unit=_mapped(tg.unit, sel.mapping))
    tg = tg.group_by(["org", "unit", "indicator"]).aggregate(target=tg.target.sum())
    targets = _rows(b, tg)
    columns = [
        "org",
        "unit",
        "unit_name",
        "indicator",
        "year",
        "target",
        "actual",
        "percent",
        "expected_percent",
        "status",
    ]
    if not targets:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    actual: dict[tuple[str, str, str], int] = {}
    elapsed = 0
    if ytd_end >= year.start:
        t = _activities(b, sel, themes=False, types=False, units_today=True)
        rel = t.filter(_between(t.date, year.start, ytd_end))
        agg = rel.group_by(["org", "unit"]).aggregate(**_measures(rel))
        for r in _rows(b, agg):
            for ind in ACTIVITY_INDICATORS:
                actual[(r["org"], r["unit"], ind)] = int(r[ind] or 0)
        members = _members(b, sel, [ytd_end], group=("org", "unit"), topmost="group")
        for (_, org, unit), v in members.items():
            actual[(org, unit, "members")] = v
        elapsed = (ytd_end - year.start).days + 1
    out = []
    for r in targets:
        key = (r["org"], r["unit"], r["indicator"])
        target = int(r["target"] or 0)
        if key in actual:
            value = actual[key]
        elif r["indicator"] in ACTIVITY_INDICATORS or elapsed == 0:
            value = 0  # no records yet
        else:
            value = None  # members: no snapshot known
        out.append(
            {
                **dict(zip(("org", "unit", "indicator"), key, strict=True)),
                "unit_name": sel.tree.name(key[1]),
                "year": int(year.year),
                "target": target,
                "actual": value,
                "percent": None if value is None or not target else value * 100.0 / target,
                "expected_percent": min(100.0, elapsed * 100.0 / year.days),
                "status": None if value is None else _status(value, target),
            }
        )
    df = pd.DataFrame(out, columns=columns)
    df["actual"] = df["actual"].astype("Int64")
    df["percent"] = pd.to_numeric(df["percent"]).astype("float64")
    df = df.sort_values(["percent", "org", "unit", "indicator"], na_position="last")
    return df.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Meetings and tasks


def tasks_overview(b, f: Filters, scope: Scope | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Meetings held in the period with their concluding tasks, one row per (meeting, task); a
    meeting without tasks has one row with empty task columns. ``late``: due before ``today`` and
    not ``hoan_thanh``; ``days_late``. Late tasks first (most overdue first), then by meeting date.

    Units: the meeting's unit (today's unit when asked). Organizations (filter ∩ scope): tasks
    assigned to them; a meeting shows if it has such a task or is hosted or attended by them.
    Themes: only tasks with one of the themes (and their meetings).
    """
    today = today or dt.date.today()
    sel = _selection(b, f, scope)
    m = _table("meetings")
    preds = [_between(m.date, f.period.start, f.period.end)]
    unit_pred = _isin(m.unit, sel.units)
    if unit_pred is not None:
        preds.append(unit_pred)
    m = m.filter(*preds)
    t = _table("tasks")
    tpreds = [p for p in (_isin(t.assignee, sel.orgs),) if p is not None]
    if sel.themes:
        tpreds.append(ibis.or_(*(t.themes.contains(ibis.literal(th)) for th in sel.themes)))
    if tpreds:
        t = t.filter(*tpreds)
    t = t.select(
        "meeting_id",
        "task_id",
        "assignee",
        "description",
        task_themes="themes",
        due_date="due_date",
        status="status",
        completed_date="completed_date",
    )
    j = m.left_join(t, m.meeting_id == t.meeting_id)
    j = j.select(
        meeting_id=m.meeting_id,
        meeting_date=m.date,
        meeting_type=m.meeting_type,
        meeting_title=m.title,
        host=m.host,
        unit=_mapped(m.unit, sel.mapping),
        task_id=t.task_id,
        assignee=t.assignee,
        description=t.description,
        themes=t.task_themes,
        due_date=t.due_date,
        status=t.status,
        completed_date=t.completed_date,
        _has_task=t.meeting_id.notnull(),
        _host_ok=_meeting_org_ok(m, sel.orgs),
    )
    if sel.themes:
        j = j.filter(j._has_task)
    elif sel.orgs is not None:
        j = j.filter(j._has_task | j._host_ok)
    today_lit = ibis.literal(today, type="date")
    late = (
        j._has_task
        & j.due_date.notnull()
        & (j.due_date < today_lit)
        & (j.status.isnull() | (j.status != TASK_DONE))
    )
    j = j.mutate(
        late=late.fill_null(False), days_late=late.ifelse(today_lit.delta(j.due_date, unit="day"), 0)
    )
    j = j.order_by(
        [ibis.desc("late"), ibis.desc("days_late"), ibis.desc("meeting_date"), "meeting_id", "task_id"]
    ).drop("_has_task", "_host_ok")
    df = _execute(b, j)
    df["days_late"] = pd.to_numeric(df["days_late"]).fillna(0).astype("int64")
    df["late"] = df["late"].astype(bool)
    df.insert(df.columns.get_loc("unit") + 1, "unit_name", df["unit"].map(sel.tree.name))
    return df


def _meeting_org_ok(m: ir.Table, orgs: frozenset[str] | None) -> ir.BooleanValue:
    if orgs is None:
        return ibis.literal(True)
    if not orgs:
        return ibis.literal(False)
    return ibis.or_(m.host.isin(sorted(orgs)), *(m.orgs.contains(ibis.literal(o)) for o in sorted(orgs)))
