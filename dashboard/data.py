"""Cached loaders: the pages' only way to the warehouse's figures.

Each page run opens the warehouse once, read-only, through :mod:`dashboard.db`
(``with open_source(lang) as src``) and asks for what it shows. Results are cached with
``st.cache_data`` (bounded, with a time to live) keyed on the warehouse file, its data version
(which changes with every batch loaded or rolled back, so a new batch shows at once), the
filters' URL codes and the viewer's scope; on a miss the query runs through
:mod:`dashboard.queries_ibis` on a cursor of that run's connection.

The viewer's :class:`~dashboard.filters.Scope` is ``None`` (everything) until accounts exist;
it is passed through everywhere so that it reaches the query layer, which applies it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import db
from dashboard import queries_ibis as q
from dashboard.filters import Filters, Scope, to_query_params
from dashboard.i18n import t
from etl.config import default_db_path

CACHE_ENTRIES = 256
CACHE_TTL = "15m"
# Downloads of the records table stop here (and say so).
EXPORT_LIMIT = 100_000


@dataclass
class Source:
    """The warehouse as one page run sees it: its path, data version and open connection."""

    path: str
    version: tuple
    con: duckdb.DuckDBPyConnection
    _backend: object = field(default=None, repr=False)

    def backend(self):
        """The Ibis backend over a cursor of this run's connection (made on the first cache miss)."""
        if self._backend is None:
            self._backend = q.backend_for(self.con.cursor())
        return self._backend


def show_unavailable(exc: db.WarehouseUnavailable, lang: str) -> None:
    """Say in a sentence why the warehouse cannot be read."""
    shown_path = str(exc.path).replace("`", "'")
    message = t(f"db.{exc.reason}", lang, path=shown_path)
    if exc.reason == "busy":
        st.warning(message, icon=":material/hourglass_top:")
    elif exc.reason == "unreadable":
        st.error(message, icon=":material/error:")
    else:
        st.info(message, icon=":material/database:")


@contextmanager
def open_source(lang: str, path: str | Path | None = None) -> Iterator[Source | None]:
    """The warehouse for this run, or None after saying why it cannot be read; closed afterwards."""
    path = Path(path or default_db_path())
    manager = db.warehouse(path)
    try:
        con = manager.__enter__()
        version = db.data_version(con, path)
    except db.WarehouseUnavailable as exc:
        show_unavailable(exc, lang)
        yield None
        return
    try:
        yield Source(str(path), version, con)
    finally:
        manager.__exit__(None, None, None)


# ── Cache keys ───────────────────────────────────────────────────────────────────────────────────


def filters_key(f: Filters) -> tuple:
    """What identifies the filters in a cache: their URL codes, the cut-off and the terms."""
    return (tuple(sorted(to_query_params(f).items())), str(f.period.cutoff), repr(f.period.terms))


def scope_key(scope: Scope | None) -> tuple | None:
    if scope is None:
        return None
    return (
        None if scope.orgs is None else tuple(sorted(scope.orgs)),
        None if scope.units is None else tuple(sorted(scope.units)),
    )


_QUERIES = {
    "kpis": q.kpis,
    "trend": q.trend,
    "by_org": q.by_org,
    "by_unit": q.by_unit,
    "records": q.records,
    "theme_matrix": q.theme_matrix,
    "theme_share": q.theme_share,
    "targets_progress": q.targets_progress,
    "tasks_overview": q.tasks_overview,
}


@st.cache_data(max_entries=CACHE_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _query(name: str, path: str, version: tuple, fkey: tuple, skey, args: tuple, _src, _f, _scope):
    return _QUERIES[name](_src.backend(), _f, _scope, **dict(args))


def _run(name: str, src: Source, f: Filters, scope: Scope | None, **args):
    return _query(
        name,
        src.path,
        src.version,
        filters_key(f),
        scope_key(scope),
        tuple(sorted(args.items())),
        src,
        f,
        scope,
    )


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def kpis(src: Source, f: Filters, scope: Scope | None = None) -> dict:
    """The KPI row as a dict (indicator, ``<ind>_last_year``, ``<ind>_change_pct``)."""
    return _run("kpis", src, f, scope, today=dt.date.today()).iloc[0].to_dict()


def trend(
    src: Source,
    f: Filters,
    scope: Scope | None = None,
    *,
    indicator: str = "activities",
    by: str | None = "org",
) -> pd.DataFrame:
    return _run("trend", src, f, scope, indicator=indicator, by=by)


def by_org(src: Source, f: Filters, scope: Scope | None = None) -> pd.DataFrame:
    return _run("by_org", src, f, scope)


def theme_matrix(src: Source, f: Filters, scope: Scope | None = None) -> pd.DataFrame:
    return _run("theme_matrix", src, f, scope)


def by_unit(src: Source, f: Filters, scope: Scope | None = None, *, org: str | None = None) -> pd.DataFrame:
    """The units of one organization type (or of all), for the drill-down."""
    return _run("by_unit", src, f, scope, org=org)


def theme_share(src: Source, f: Filters, scope: Scope | None = None) -> pd.DataFrame:
    return _run("theme_share", src, f, scope)


def targets_progress(src: Source, f: Filters, scope: Scope | None = None, *, today: dt.date) -> pd.DataFrame:
    """Progress against the year's targets, year to date up to ``today`` (part of the cache key)."""
    return _run("targets_progress", src, f, scope, today=today)


def tasks_overview(src: Source, f: Filters, scope: Scope | None = None, *, today: dt.date) -> pd.DataFrame:
    """Meetings of the period with their tasks; late means late on ``today`` (part of the cache key)."""
    return _run("tasks_overview", src, f, scope, today=today)


def records(
    src: Source,
    f: Filters,
    scope: Scope | None = None,
    *,
    sort: str = "-date",
    limit: int = q.DEFAULT_LIMIT,
    offset: int = 0,
    org: str | None = None,
    unit: str | None = None,
) -> q.RecordPage:
    """A page of records; ``org`` and ``unit`` narrow to one organization at one exact unit."""
    narrow = {k: v for k, v in (("org", org), ("unit", unit)) if v is not None}
    return _run("records", src, f, scope, sort=sort, limit=limit, offset=offset, **narrow)


def export_records(
    path: str | Path,
    f: Filters,
    scope: Scope | None = None,
    *,
    sort: str = "-date",
    limit: int = EXPORT_LIMIT,
) -> tuple[pd.DataFrame, int]:
    """Up to ``limit`` filtered records in ``sort`` order, and how many match in all.

    Runs on its own (a download button's deferred callable): opens the warehouse itself. The query
    layer serves at most ``queries_ibis.MAX_LIMIT`` rows a call, so this pages through it.
    """
    parts: list[pd.DataFrame] = []
    total = 0
    with db.warehouse(path) as con:
        b = q.backend_for(con.cursor())
        offset = 0
        while offset < limit:
            page = q.records(b, f, scope, sort=sort, limit=min(q.MAX_LIMIT, limit - offset), offset=offset)
            total = page.total
            parts.append(page.rows)
            offset += len(page.rows)
            if len(page.rows) == 0 or offset >= total:
                break
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=q.RECORD_COLUMNS)
    return rows, total


# ── Reference data: labels of codes ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class References:
    """Labels of the reference codes ({code: {"vi": …, "en": …}}), the units, the data's years."""

    orgs: dict[str, dict[str, str]]
    themes: dict[str, dict[str, str]]
    types: dict[str, dict[str, str]]
    indicators: dict[str, dict[str, str]]
    units: pd.DataFrame  # code, name, level, parent_code, valid_from, valid_to, successor_code
    first_date: dt.date | None
    last_date: dt.date | None
    meeting_types: dict[str, dict[str, str]] = field(default_factory=dict)
    statuses: dict[str, dict[str, str]] = field(default_factory=dict)
    bodies: dict[str, dict[str, str]] = field(default_factory=dict)
    org_short: dict[str, str] = field(default_factory=dict)  # code -> short Vietnamese name

    @property
    def unit_codes(self) -> list[str]:
        return list(self.units["code"])

    def label(self, kind: str, code, lang: str) -> str:
        """The label of a code of ``kind`` (orgs, themes, types, indicators, meeting_types, statuses,
        bodies); unknown codes as is."""
        if code is None or (isinstance(code, float) and pd.isna(code)):
            return ""
        entry = getattr(self, kind).get(code) or {}
        return entry.get(lang) or entry.get("vi") or str(code)

    def short_org(self, code, lang: str) -> str:
        """An organization's short name for chart axes ("Hội Phụ nữ"); in English its label."""
        if lang == "vi" and self.org_short.get(code):
            return self.org_short[code]
        return self.label("orgs", code, lang)

    def unit_name(self, code) -> str:
        if code is None or (isinstance(code, float) and pd.isna(code)):
            return ""
        names = dict(zip(self.units["code"], self.units["name"], strict=True))
        return names.get(code) or str(code)


def _labels(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, dict[str, str]]:
    # ``table`` comes from the fixed list below, never from input.
    rows = con.execute(f"SELECT code, label_vi, label_en FROM {table} ORDER BY code").fetchall()
    return {code: {"vi": vi, "en": en or vi} for code, vi, en in rows}


def _labels_if_any(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, dict[str, str]]:
    """Labels from a reference table that older or hand-made warehouses may lack."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchall()[0][0]
    return _labels(con, table) if found else {}


def _short_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        rows = con.execute("SELECT code, short_vi FROM org_types").fetchall()
    except duckdb.Error:
        return {}
    return {code: short for code, short in rows if short}


def host_label(refs: References, code, lang: str) -> str:
    """A meeting host: an organization type or another body (the party committee…), labelled."""
    if code in refs.orgs:
        return refs.label("orgs", code, lang)
    return refs.label("bodies", code, lang)


@st.cache_data(max_entries=16, ttl=CACHE_TTL, show_spinner=False)
def _references(path: str, version: tuple, _con) -> References:
    cur = _con.cursor()
    units = cur.execute(
        "SELECT code, name, level, parent_code, valid_from, valid_to, successor_code FROM units "
        "ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, "
        "valid_to IS NOT NULL, name, code"
    ).df()
    first, last = cur.execute("SELECT min(date), max(date) FROM activities").fetchall()[0]
    return References(
        orgs=_labels(cur, "org_types"),
        themes=_labels(cur, "themes"),
        types=_labels(cur, "activity_types"),
        indicators=_labels(cur, "indicators"),
        units=units,
        first_date=first,
        last_date=last,
        meeting_types=_labels_if_any(cur, "meeting_types"),
        statuses=_labels_if_any(cur, "task_statuses"),
        bodies=_labels_if_any(cur, "bodies"),
        org_short=_short_names(cur),
    )


def references(src: Source) -> References:
    return _references(src.path, src.version, _con=src.con)
