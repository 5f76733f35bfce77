"""Dashboard benchmark: every page's queries, a filter change in Chromium, the server's memory.

    python -m dashboard.bench [--rows 10000000] [--repeat 5]

1. **Warehouse.** ``--rows`` sample activities (``etl.sample.write_sample``) loaded by the real
   ETL (``etl.pipeline.load_file`` for each sample file, in a child process with the file and row
   bounds raised), built once and kept as ``data/bench/dashboard_<rows>.duckdb`` (brought up to the
   current schema when a migration was added since).
2. **Filters.** *default*: the half-year holding the latest activity, monthly grain, everything
   (what the overview shows when opened without parameters, the data being current); *narrow*: the same period for one
   organization at one commune (the organization's busiest commune in that period).
3. **Each page's queries.** A fresh process runs every page of the app's navigation through
   Streamlit's AppTest, logged in as the bench's administrator (who sees every page: an
   account made in the warehouse the first time, with a random password nobody keeps), with
   Streamlit's cache cleared before each page, and records the calls the
   page makes into the query modules (``dashboard.queries*``), with their arguments. Another fresh
   process replays them ``--repeat`` times per page and filter set, the way a page run does:
   open the warehouse read-only (reported apart, as *open*), a new Ibis backend over a cursor, the
   page's calls in order on that backend (*queries*, the bar: ≤ 150 ms median); as in the app
   (``dashboard.data.Source``), what the backend has read serves the page's later calls and no
   other page run. One unmeasured run first: the server is a long-lived process.
4. **Baseline, "the common way".** A third fresh process fetches the whole activities table into
   pandas once (timed, with that process's peak memory) and computes the same figures there
   (filter with boolean masks, explode the themes, group by); the ratio is baseline time / our
   time over the calls it covers (those on the activities table). Its KPI figures are checked
   against ours.
5. **Chromium.** A fresh ``streamlit run`` over the warehouse, the browser logged in with a
   session cookie of the bench's administrator; every page of the navigation is
   opened once; then, ``--repeat`` times, the overview with the default filters and one
   organization chosen in the sidebar (a different one each time, so that no cached result
   serves it): the time from the click on the option to every chart re-rendered (the script run
   over, nothing stale, the KPI text and every plotly chart's data changed), measured in the page
   (bar ≤ 1.5 s median).
6. **Memory.** The Streamlit process's peak resident set (``VmHWM``) after all that (bar ≤ 1.5 GB).

The machine is shared and noisy: only figures measured in the same run compare. The report is
printed and written to ``bench-results/dashboard.json`` (``--out``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import json
import os
import pickle
import pkgutil
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from etl import config

BENCH_DIR = config.DATA_DIR / "bench"
RESULTS = config.PROJECT_ROOT / "bench-results" / "dashboard.json"
APP = config.PROJECT_ROOT / "dashboard" / "app.py"
PAGES_DIR = config.PROJECT_ROOT / "dashboard" / "app_pages"
BAR_PAGE_MS = 150.0
BAR_RERENDER_S = 1.5
BAR_RSS_MB = 1536.0
CHROMIUM = Path(os.environ.get("DOANTHE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
SERVER_START_SECONDS = 120.0
BROWSER_TIMEOUT_MS = 120_000
ORGS = ("HLHPN", "HND", "DTN", "MTTQ", "HCCB", "LDLD", "HLHTN")
NARROW_ORG = "HLHPN"
BENCH_USER = "bench"  # the administrator the bench logs in as
COOKIE_NAME = "doanthe_session"  # dashboard.auth.COOKIE_NAME (not imported: it loads Streamlit)

# ── Child processes ──────────────────────────────────────────────────────────────────────────────


def _child(step: str, *args: str, env: dict | None = None) -> dict:
    """Run ``python -m dashboard.bench _<step> args…`` in a fresh process; its JSON answer (the last
    line it prints, with its own peak resident memory)."""
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard.bench", f"_{step}", *args],
        capture_output=True,
        text=True,
        cwd=config.PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark step {step} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _answer(result: dict) -> None:
    import resource

    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result, default=str))


# ── 1. The warehouse ─────────────────────────────────────────────────────────────────────────────


def warehouse_path(rows: int, bench_dir: Path) -> Path:
    return Path(bench_dir) / f"dashboard_{rows}.duckdb"


def ensure_warehouse(rows: int, bench_dir: Path) -> tuple[Path, dict | None]:
    """The bench warehouse of ``rows`` activities, built (in a child process) if not there yet."""
    path = warehouse_path(rows, bench_dir)
    if path.exists():
        applied = migrate_kept(path)
        if applied:
            print(f"migrated the kept bench warehouse {path} to schema version {applied[-1]}", flush=True)
        return path, None
    path.parent.mkdir(parents=True, exist_ok=True)
    files = Path(tempfile.mkdtemp(prefix=f"dashboard_{rows}_files_", dir=path.parent))
    partial = path.with_name(path.name + ".building")
    for stale in (partial, Path(f"{partial}.wal")):
        stale.unlink(missing_ok=True)
    env = {
        # The 10 M file is ~1.9 GB and 10 M rows: over the CLI's default bounds.
        "DOANTHE_MAX_FILE_MB": str(max(500, rows // 2000 + 500)),
        "DOANTHE_MAX_ROWS": str(max(config.MAX_ROWS, rows + 1000)),
    }
    print(f"building the bench warehouse: {rows:,} sample activities → {path} …", flush=True)
    try:
        built = _child("build", str(partial), str(files), str(rows), env=env)
    finally:
        shutil.rmtree(files, ignore_errors=True)
    partial.rename(path)  # only a finished warehouse is kept
    print(
        f"  generated in {built['generate_s']:.1f} s, loaded in {built['load_s']:.1f} s "
        f"({built['activities']:,} activities, {path.stat().st_size / config.MB:.0f} MB)",
        flush=True,
    )
    return path, built


def migrate_kept(path: Path) -> list[int]:
    """Bring a warehouse kept from an earlier run up to the current schema (the migrations it
    lacks, e.g. the accounts tables); the versions applied."""
    import duckdb

    from etl.schema import migrate, migrations, schema_version

    con = duckdb.connect(str(path), read_only=True)
    try:
        current = schema_version(con)
    finally:
        con.close()
    if current >= max(version for version, _, _ in migrations()):
        return []
    con = duckdb.connect(str(path))
    try:
        applied = migrate(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return applied


def _build(db: str, files: str, rows: str) -> None:
    import duckdb

    from etl.pipeline import load_file
    from etl.sample import write_sample
    from etl.schema import init_warehouse

    started = time.perf_counter()
    paths = write_sample(Path(files), rows=int(rows))
    generated = time.perf_counter()
    con = duckdb.connect(db)
    init_warehouse(con)
    limit = max(p.stat().st_size for p in paths) + config.MB
    for path in sorted(paths):  # as `doanthe load data/sample/mau_*` does
        for result in load_file(con, path, user="bench", max_bytes=limit):
            if result.status != "loaded":
                raise SystemExit(f"{path.name}: {result.status} {[e.message for e in result.errors[:5]]}")
    con.execute("CHECKPOINT")
    activities = con.execute("SELECT count(*) FROM activities").fetchall()[0][0]
    con.close()
    _answer(
        {
            "generate_s": generated - started,
            "load_s": time.perf_counter() - generated,
            "activities": activities,
        }
    )


# ── 2. The filter sets ───────────────────────────────────────────────────────────────────────────


def filter_sets(db: Path) -> dict[str, dict[str, str]]:
    """URL parameters of the two filter sets (see the module's docstring)."""
    import duckdb

    from dashboard.periods import containing, default_cutoff

    con = duckdb.connect(str(db), read_only=True)
    try:
        last = con.execute("SELECT max(date) FROM activities").fetchall()[0][0] or dt.date.today()
        period = containing(min(last, dt.date.today()), "half", default_cutoff())
        rows = con.execute(
            """
            SELECT a.unit, count(*) AS n FROM activities a JOIN units u ON u.code = a.unit
            WHERE a.org = ? AND a.date BETWEEN ? AND ? AND u.level = 'commune'
            GROUP BY a.unit ORDER BY n DESC, a.unit LIMIT 1
            """,
            [NARROW_ORG, period.start, period.end],
        ).fetchall()
    finally:
        con.close()
    default = {"period": period.code, "grain": "month", "lang": "vi"}
    narrow = {**default, "org": NARROW_ORG}
    if rows:
        narrow["unit"] = rows[0][0]
    return {"default": default, "narrow": narrow}


# ── 3. Each page's queries: record them (AppTest), replay them ───────────────────────────────────


BACKEND, CONNECTION = "<ibis backend>", "<duckdb connection>"


def query_modules() -> list:
    """The query layer: every ``dashboard.queries*`` module."""
    import dashboard

    names = sorted(m.name for m in pkgutil.iter_modules(dashboard.__path__) if m.name.startswith("queries"))
    return [importlib.import_module(f"dashboard.{name}") for name in names]


class Recorder:
    """Wraps the public functions of the query modules and records the outermost calls."""

    def __init__(self) -> None:
        self.calls: list[dict] | None = None
        self._depth = threading.local()

    def install(self, modules) -> None:
        import inspect

        for module in modules:
            for name, fn in list(vars(module).items()):
                if (
                    name.startswith("_")
                    or name == "backend_for"
                    or not inspect.isfunction(fn)
                    or fn.__module__ != module.__name__
                ):
                    continue
                setattr(module, name, self._wrap(module.__name__, name, fn))

    def _wrap(self, module: str, name: str, fn):
        @functools.wraps(fn)
        def recorded(*args, **kwargs):
            depth = getattr(self._depth, "n", 0)
            if depth == 0 and self.calls is not None:
                self.calls.append(
                    {
                        "module": module,
                        "name": name,
                        "args": [_placeholder(a) for a in args],
                        "kwargs": {k: _placeholder(v) for k, v in kwargs.items()},
                    }
                )
            self._depth.n = depth + 1
            try:
                return fn(*args, **kwargs)
            finally:
                self._depth.n = depth

        return recorded


def _placeholder(value):
    import duckdb

    if isinstance(value, duckdb.DuckDBPyConnection):
        return CONNECTION
    if type(value).__module__.startswith("ibis.backends"):
        return BACKEND
    return value


def _registered_pages(at) -> list[dict]:
    """The pages of the app's navigation, in order, as AppTest registered them."""
    pages = []
    for info in getattr(at, "_registered_pages", {}).values():
        script = info.get("script_path")
        if script:
            pages.append(
                {
                    "url_path": info.get("url_pathname") or "",
                    "title": info.get("page_name") or Path(script).stem,
                    "script": str(script),
                }
            )
    if not pages:  # an AppTest without the registry: the page files
        pages = [
            {"url_path": p.stem, "title": p.stem, "script": str(p)}
            for p in sorted(PAGES_DIR.glob("*.py"))
            if not p.name.startswith("_")
        ]
    return pages


def _log_in(at, db: str) -> None:
    """The bench's administrator (every page, no scope) in the AppTest's session, as the login
    leaves it."""
    import duckdb

    from dashboard import auth
    from etl import accounts

    con = duckdb.connect(db, read_only=True)
    try:
        at.session_state[auth.ACCOUNT_KEY] = accounts.get_user(con, BENCH_USER)
    finally:
        con.close()


def _record(db: str, sets_json: str, out: str) -> None:
    os.environ["DOANTHE_DB"] = db
    recorder = Recorder()
    recorder.install(query_modules())  # before dashboard.data binds the functions
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    sets = json.loads(sets_json)
    recorded: dict[str, dict] = {}
    pages: list[dict] = []
    for set_name, params in sets.items():
        at = AppTest.from_file(str(APP), default_timeout=900)
        _log_in(at, db)
        at.query_params.update(params)
        at.run()
        pages = pages or _registered_pages(at)
        for page in pages:
            st.cache_data.clear()  # the page's own queries, not another page's cached ones
            recorder.calls = []
            at.switch_page(page["script"])
            at.query_params.update(params)
            at.run()
            entry = recorded.setdefault(page["url_path"], {**page, "calls": {}, "errors": []})
            entry["calls"][set_name] = recorder.calls
            entry["errors"] += [str(e.value)[:300] for e in at.exception]
            recorder.calls = None
    with open(out, "wb") as handle:
        pickle.dump({"pages": list(recorded.values()), "sets": sets}, handle)
    _answer({"pages": [(p["url_path"], len(p["calls"]["default"])) for p in recorded.values()]})


def _function(call: dict):
    module = importlib.import_module(call["module"])
    return getattr(module, call["name"])


def _bind(call: dict, con, backend):
    def real(v):
        return backend() if v == BACKEND else con if v == CONNECTION else v

    return [real(a) for a in call["args"]], {k: real(v) for k, v in call["kwargs"].items()}


def _ours(db: str, recorded: str, repeat: str) -> None:
    """Replay every page's recorded calls ``repeat`` times per filter set, as a page run does."""
    from dashboard import db as dbmod
    from dashboard import queries_ibis as q

    data = pickle.loads(Path(recorded).read_bytes())  # our own file, written just before
    out: dict[str, dict] = {}
    for page in data["pages"]:
        result = out.setdefault(page["url_path"], {})
        for set_name, calls in page["calls"].items():
            runs = []
            for run in range(int(repeat) + 1):  # run 0: warm-up, not counted
                started = time.perf_counter()
                with dbmod.warehouse(db) as con:
                    dbmod.data_version(con, db)
                    opened = time.perf_counter()
                    holder: list = []

                    def backend(con=con, holder=holder):
                        if not holder:  # one backend per page run, over a cursor (data.Source)
                            holder.append(q.backend_for(con.cursor()))
                        return holder[0]

                    per_call, kpis = [], None
                    for call in calls:
                        fn = _function(call)
                        args, kwargs = _bind(call, con, backend)
                        t0 = time.perf_counter()
                        value = fn(*args, **kwargs)
                        per_call.append((time.perf_counter() - t0) * 1000)
                        if call["name"] == "kpis" and kpis is None:
                            kpis = {k: value.iloc[0][k] for k in ("activities", "participants", "funds_vnd")}
                    done = time.perf_counter()
                if run:
                    runs.append(
                        {
                            "open_ms": (opened - started) * 1000,
                            "queries_ms": (done - opened) * 1000,
                            "per_call_ms": per_call,
                        }
                    )
            result[set_name] = {"runs": runs, "kpis": kpis}
    _answer({"pages": out})


# ── 4. The baseline: the whole table in pandas ───────────────────────────────────────────────────


def _baseline(db: str, recorded: str, repeat: str) -> None:
    import duckdb
    import numpy as np
    import pandas as pd

    from dashboard import queries_ibis as q

    data = pickle.loads(Path(recorded).read_bytes())
    started = time.perf_counter()
    con = duckdb.connect(db, read_only=True)
    df = con.execute("SELECT * FROM activities").df()
    df["date"] = pd.to_datetime(df["date"])
    fetch_s = time.perf_counter() - started
    b = q.backend_for(con.cursor())  # the small reference tables (units tree) only
    common = CommonWay(df, b, np, pd)
    out: dict[str, dict] = {}
    for page in data["pages"]:
        result = out.setdefault(page["url_path"], {})
        for set_name, calls in page["calls"].items():
            covered = [i for i, call in enumerate(calls) if common.covers(call)]
            runs, kpis = [], None
            for _ in range(int(repeat)):
                t0 = time.perf_counter()
                for i in covered:
                    value = common.run(calls[i])
                    if calls[i]["name"] == "kpis" and kpis is None:
                        kpis = value
                runs.append((time.perf_counter() - t0) * 1000)
            result[set_name] = {"runs_ms": runs, "covered": covered, "kpis": kpis}
    con.close()
    _answer({"fetch_s": fetch_s, "rows": len(df), "pages": out})


class CommonWay:
    """The pages' figures computed in pandas over the whole activities table: boolean masks for the
    filters, ``explode`` for themes, ``groupby`` for the rest. Only the calls that read the
    activities table are covered, and only their part on that table (members snapshots, targets,
    reference tables are left out: they are small and cost about the same either way)."""

    NAMES = (
        "kpis",
        "trend",
        "by_org",
        "by_unit",
        "records",
        "theme_matrix",
        "theme_share",
        "targets_progress",
        "activities_by_org_year",
        "record_counts",
    )
    SUMMED = ("participants", "beneficiaries", "funds_vnd", "new_members")

    def __init__(self, df, backend, np, pd) -> None:
        self.df, self.b, self.np, self.pd = df, backend, np, pd

    def covers(self, call: dict) -> bool:
        if call["name"] not in self.NAMES:
            return False
        if call["name"] == "trend":
            indicator = (call["args"][3:4] or [call["kwargs"].get("indicator", "activities")])[0]
            return indicator != "members"
        return True

    def run(self, call: dict):
        args = list(call["args"])
        kwargs = dict(call["kwargs"])
        name = call["name"]
        if name in ("activities_by_org_year", "record_counts"):
            return getattr(self, name)()
        f = args[1] if len(args) > 1 else kwargs.pop("f")
        scope = args[2] if len(args) > 2 else kwargs.pop("scope", None)
        extra = args[3:]
        return getattr(self, name)(f, scope, *extra, **kwargs)

    # helpers

    def _sel(self, f, scope, org=None):
        from dashboard import queries_ibis as q

        sel = q._selection(self.b, f, scope)
        return q._narrow_org(sel, org) if org is not None else sel

    def _mask(self, sel, *, themes=True, types=True):
        df, np = self.df, self.np
        mask = np.ones(len(df), dtype=bool)
        if sel.orgs is not None:
            mask &= df["org"].isin(sorted(sel.orgs)).to_numpy()
        if sel.units is not None:
            mask &= df["unit"].isin(sorted(sel.units)).to_numpy()
        if themes and sel.themes:
            wanted = set(sel.themes)
            mask &= df["themes"].map(lambda ts: ts is not None and bool(wanted.intersection(ts))).to_numpy()
        if types and sel.types:
            mask &= df["activity_type"].isin(list(sel.types)).to_numpy()
        return mask

    def _between(self, start, end):
        d = self.df["date"]
        return ((d >= self.pd.Timestamp(start)) & (d <= self.pd.Timestamp(end))).to_numpy()

    def _measures(self, rows) -> dict:
        out = {"activities": len(rows), "houses": int((rows["activity_type"] == "xay_nha").sum())}
        for c in self.SUMMED:
            out[c] = int(rows[c].sum())
        return out

    def _explode(self, rows):
        rows = rows.explode("themes").rename(columns={"themes": "theme"})
        return rows[rows["theme"].notna()]

    def _month_key(self, dates, cutoff):
        key = dates.dt.year * 12 + dates.dt.month - 1
        if cutoff.day < 31:
            key = key + (dates.dt.day > cutoff.day).astype("int64")
        return key

    # the figures

    def kpis(self, f, scope, today=None):
        sel = self._sel(f, scope)
        base = self._mask(sel)
        ly = f.period.same_period_last_year()
        if today is not None and f.period.kind != "term" and f.period.start <= today < f.period.end:
            ly = f.period.up_to(today).same_period_last_year()
        now = self._measures(self.df[base & self._between(f.period.start, f.period.end)])
        last = self._measures(self.df[base & self._between(ly.start, ly.end)])
        return {
            "activities": now["activities"],
            "participants": now["participants"],
            "funds_vnd": now["funds_vnd"],
            "last_year": last,
        }

    def trend(self, f, scope, indicator="activities", by="org"):
        sel = self._sel(f, scope)
        cur, ly = f.period, f.period.same_period_last_year()
        mask = self._mask(sel)
        if indicator in self.SUMMED:
            mask &= self.df[indicator].notna().to_numpy()
        elif indicator == "houses":
            mask &= (self.df["activity_type"] == "xay_nha").to_numpy()
        in_cur = self._between(cur.start, cur.end)
        in_ly = self._between(ly.start, ly.end)
        rows = self.df[mask & (in_cur | in_ly)].copy()
        rows["_cur"] = in_cur[mask & (in_cur | in_ly)]
        cutoff = cur.cutoff
        shift = (cur.start.year - ly.start.year) * 12 + cur.start.month - ly.start.month
        key = self._month_key(rows["date"], cutoff) + (~rows["_cur"]).astype("int64") * shift
        n = {"month": 1, "quarter": 3, "half": 6, "year": 12}[f.grain]
        rows["_k"] = (key - cutoff.month) // n * n + cutoff.month if n > 1 else key
        if by == "theme":
            rows = self._explode(rows)
            rows["series"] = rows["theme"]
        else:
            rows["series"] = rows["org"] if by == "org" else "total"
        grouped = rows.groupby(["_cur", "_k", "series"])
        return grouped.size() if indicator in ("activities", "houses") else grouped[indicator].sum()

    def _by(self, f, scope, column, org=None):
        sel = self._sel(f, scope, org)
        base = self._mask(sel)
        ly = f.period.same_period_last_year()
        now = self.df[base & self._between(f.period.start, f.period.end)]
        if sel.mapping and column == "unit":
            now = now.assign(unit=now["unit"].replace(sel.mapping))
        agg = now.groupby(column).agg(
            activities=("record_key", "size"), **{c: (c, "sum") for c in self.SUMMED}
        )
        last = self.df[base & self._between(ly.start, ly.end)].groupby(column).size()
        return agg.join(last.rename("activities_last_year"), how="outer").sort_values("activities")

    def by_org(self, f, scope):
        return self._by(f, scope, "org")

    def by_unit(self, f, scope, org=None):
        return self._by(f, scope, "unit", org)

    def records(self, f, scope, *, org=None, unit=None, sort="-date", limit=50, offset=0):
        sel = self._sel(f, scope, org)
        rows = self.df[self._mask(sel) & self._between(f.period.start, f.period.end)]
        if unit is not None:
            rows = rows[rows["unit"] == unit]
        key = sort.lstrip("-")
        rows = rows.sort_values([key, "record_key"], ascending=[not sort.startswith("-"), True])
        return len(rows), rows.iloc[offset : offset + limit]

    def theme_matrix(self, f, scope):
        sel = self._sel(f, scope)
        rows = self.df[self._mask(sel) & self._between(f.period.start, f.period.end)]
        rows = self._explode(rows[["record_key", "org", "themes", "themes_inferred"]])
        if sel.themes:
            rows = rows[rows["theme"].isin(list(sel.themes))]
        return rows.groupby(["org", "theme"]).agg(
            activities=("record_key", "size"), inferred=("themes_inferred", "sum")
        )

    def theme_share(self, f, scope):
        sel = self._sel(f, scope)
        rows = self.df[self._mask(sel) & self._between(f.period.start, f.period.end)]
        rows = rows[["record_key", "date", "themes", "themes_inferred"]].copy()
        cutoff = f.period.cutoff
        n = {"month": 1, "quarter": 3, "half": 6, "year": 12}[f.grain]
        key = self._month_key(rows["date"], cutoff)
        rows["_k"] = (key - cutoff.month) // n * n + cutoff.month if n > 1 else key
        totals = rows.groupby("_k").size().rename("bucket_activities")
        pairs = self._explode(rows)
        if sel.themes:
            pairs = pairs[pairs["theme"].isin(list(sel.themes))]
        agg = pairs.groupby(["_k", "theme"]).agg(
            activities=("record_key", "size"), inferred=("themes_inferred", "sum")
        )
        agg = agg.join(totals, on="_k")
        agg["share"] = agg["activities"] / agg.groupby(level=0)["activities"].transform("sum")
        return agg

    def targets_progress(self, f, scope, *, today=None):
        from dashboard.periods import containing

        sel = self._sel(f, scope)
        year = containing(f.period.end, "year", f.period.cutoff)
        end = min(f.period.end, today or dt.date.today())
        rows = self.df[self._mask(sel, themes=False, types=False) & self._between(year.start, end)]
        return rows.groupby(["org", "unit"]).agg(
            activities=("record_key", "size"), **{c: (c, "sum") for c in self.SUMMED}
        )

    def activities_by_org_year(self):
        return self.df.groupby([self.df["org"], self.df["date"].dt.year]).size()

    def record_counts(self):
        return len(self.df), self.df["date"].min(), self.df["date"].max()


# ── 5. Chromium ──────────────────────────────────────────────────────────────────────────────────

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# When the pointer goes down on an option of a list, in the page's clock.
CLICK_CLOCK = """document.addEventListener('pointerdown', e => {
    if (e.target.closest('[role="option"]')) window.__clickAt = performance.now();
}, true);"""
CHART_SIGNATURES = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot'))
    .map(gd => JSON.stringify((gd.data || []).map(tr => [tr.name, tr.x, tr.y, tr.z])))"""
# Everything re-rendered: the run over, nothing stale or still loading, the first KPI changed and
# every plotly chart's data changed. Returns the time it saw that, in the page's clock.
ALL_CHANGED = """([before, kpi]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
    const value = document.querySelector('[data-testid="stMetricValue"]');
    if (!value || value.innerText === kpi) return false;
    const now = (__SIGNATURES__)();
    if (now.length !== before.length || !now.every((s, i) => s !== before[i])) return false;
    return performance.now();
}""".replace("__SIGNATURES__", CHART_SIGNATURES)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_bench_account(db: Path) -> None:
    """The bench's administrator in the warehouse, made the first time with a random password
    nobody keeps: the AppTests and the browser are logged in as it."""
    import secrets

    import duckdb

    from etl import accounts

    migrate_kept(db)  # the accounts tables
    con = duckdb.connect(str(db))
    try:
        if accounts.get_user(con, BENCH_USER) is None:
            password = secrets.token_urlsafe(32)
            accounts.add_user(con, BENCH_USER, role="admin", password=password, display_name="Benchmark")
    finally:
        con.close()


def bench_session(db: Path) -> str:
    """A session token of the bench's administrator, as a login leaves it in the browser's cookie."""
    import duckdb

    from etl import accounts

    con = duckdb.connect(str(db))
    try:
        return accounts.create_session(con, BENCH_USER, hours=2)
    finally:
        con.close()


def _start_server(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as handle:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(APP),
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=config.PROJECT_ROOT,
            env={**os.environ, "DOANTHE_DB": str(db), "PYTHONUNBUFFERED": "1"},
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)  # poll interval
    proc.terminate()
    raise RuntimeError(f"streamlit did not start within {SERVER_START_SECONDS:.0f} s")


def _memory(pid: int) -> dict:
    """VmHWM (peak) and VmRSS (now) of a process, in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(value.split()[0]) / 1024
    return out


def _wait_rendered(page, expect) -> None:
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    expect(page.locator(READY)).to_be_attached()
    expect(page.locator('[data-stale="true"]')).to_have_count(0)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(page.locator('[data-testid="stPlotlyChart"]:not(:has(svg.main-svg))')).to_have_count(0)


def browser_rounds(db: Path, sets: dict, repeat: int, workdir: Path) -> dict:
    """Serve the app, open every page once, then time ``repeat`` filter changes on the overview."""
    from urllib.parse import urlencode, urlsplit

    import duckdb
    from playwright.sync_api import expect, sync_playwright

    from dashboard.i18n import t
    from dashboard.periods import default_cutoff, parse_period

    orgs_label = t("filters.orgs", "vi")
    con = duckdb.connect(str(db), read_only=True)
    try:
        labels = dict(con.execute("SELECT code, label_vi FROM org_types").fetchall())
    finally:
        con.close()
    default = sets["default"]
    period = parse_period(default["period"], cutoff=default_cutoff())
    periods = [period]
    while len(periods) * len(ORGS) < repeat:
        periods.append(periods[-1].previous())
    rounds = [(p, org) for p in periods for org in ORGS][:repeat]

    token = bench_session(db)
    proc, url = _start_server(db, workdir / "streamlit.log")
    result: dict = {"page_load_s": {}, "rerender_s": [], "rerender_wall_s": [], "rounds": []}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 1500}, locale="vi-VN")
            context.set_default_timeout(BROWSER_TIMEOUT_MS)
            expect.set_options(timeout=BROWSER_TIMEOUT_MS)
            context.add_init_script(CLICK_CLOCK)
            context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": url}])  # logged in
            page = context.new_page()
            # Every page of the navigation once (cold: the first queries of this server).
            t0 = time.perf_counter()
            page.goto(f"{url}/?{urlencode(default)}")
            _wait_rendered(page, expect)
            result["page_load_s"][""] = time.perf_counter() - t0
            links = page.get_by_test_id("stSidebarNavLink")
            paths = [
                urlsplit(links.nth(i).get_attribute("href") or "").path.strip("/")
                for i in range(links.count())
            ]
            for path in paths:
                if not path:
                    continue
                t0 = time.perf_counter()
                page.goto(f"{url}/{path}?{urlencode(default)}")
                _wait_rendered(page, expect)
                result["page_load_s"][path] = time.perf_counter() - t0
            # The filter changes.
            for p, org in rounds:
                page.goto(f"{url}/?{urlencode({**default, 'period': p.code})}")
                _wait_rendered(page, expect)
                before = page.evaluate(CHART_SIGNATURES)
                kpi = page.get_by_test_id("stMetricValue").first.inner_text()
                box = page.get_by_test_id("stSidebar").get_by_role("combobox", name=orgs_label, exact=True)
                box.click()
                box.fill(labels[org])
                option = page.get_by_role("option", name=labels[org], exact=True)
                expect(option).to_be_visible()
                wall = time.perf_counter()
                option.click()
                done = page.wait_for_function(ALL_CHANGED, arg=[before, kpi], polling="raf").json_value()
                wall = time.perf_counter() - wall
                clicked = page.evaluate("() => window.__clickAt")
                if f"org={org}" not in page.url:
                    raise RuntimeError(f"the URL did not take the organization: {page.url}")
                result["rerender_s"].append((done - clicked) / 1000)
                result["rerender_wall_s"].append(wall)
                result["rounds"].append({"period": p.code, "org": org})
                page.keyboard.press("Escape")
            browser.close()
        result["memory_mb"] = _memory(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
    return result


# ── The report ───────────────────────────────────────────────────────────────────────────────────


def _median(values):
    return statistics.median(values) if values else None


def _r(value, digits=1):
    return None if value is None else round(value, digits)


def summarize(recorded: dict, ours: dict, base: dict | None) -> list[dict]:
    pages = []
    for page in recorded["pages"]:
        path = page["url_path"]
        row = {
            "url_path": path,
            "title": page["title"],
            "script": Path(page["script"]).name,
            "errors": page["errors"],
        }
        for set_name, calls in page["calls"].items():
            runs = ours["pages"][path][set_name]["runs"]
            queries = _median([r["queries_ms"] for r in runs])
            entry = {
                "calls": [c["name"] for c in calls],
                "queries_ms": _r(queries),
                "open_ms": _r(_median([r["open_ms"] for r in runs])),
                "per_call_ms": [_r(_median([r["per_call_ms"][i] for r in runs])) for i in range(len(calls))],
                "runs_ms": [_r(r["queries_ms"]) for r in runs],
                "meets_bar": queries is not None and queries <= BAR_PAGE_MS,
            }
            if base is not None:
                b = base["pages"][path][set_name]
                covered = b["covered"]
                ours_covered = _median([sum(r["per_call_ms"][i] for i in covered) for r in runs])
                pandas_ms = _median(b["runs_ms"])
                entry["baseline"] = {
                    "covered_calls": [calls[i]["name"] for i in covered],
                    "pandas_ms": _r(pandas_ms) if covered else None,
                    "ours_ms": _r(ours_covered),
                    "ratio": _r(pandas_ms / ours_covered, 2) if covered and ours_covered else None,
                    "kpis_agree": _kpis_agree(ours["pages"][path][set_name]["kpis"], b["kpis"]),
                }
            row[set_name] = entry
        pages.append(row)
    return pages


def _kpis_agree(ours: dict | None, theirs: dict | None):
    if ours is None or theirs is None:
        return None
    return all(int(ours[k]) == int(theirs[k]) for k in ("activities", "participants", "funds_vnd"))


def print_report(report: dict) -> None:
    rows, repeat = report["rows"], report["repeat"]
    print(
        f"\nDashboard on {rows:,} activities — medians of {repeat} runs (bar ≤ {BAR_PAGE_MS:.0f} ms a page)"
    )
    for name, params in report["filters"].items():
        print(f"  {name}: {'&'.join(f'{k}={v}' for k, v in params.items())}")
    has_base = report.get("baseline") is not None
    head = f"  {'page':<14}{'calls':>6}{'default ms':>12}{'narrow ms':>11}{'open ms':>9}"
    if has_base:
        head += f"{'pandas ms':>11}{'ratio':>8}{'pandas ms':>11}{'ratio':>8}  (default | narrow)"
    if report["pages"]:
        print(head)
    for p in report["pages"]:
        d, n = p["default"], p["narrow"]
        line = (
            f"  {(p['url_path'] or '(default)'):<14}{len(d['calls']):>6}{_fmt(d['queries_ms']):>12}"
            f"{_fmt(n['queries_ms']):>11}{_fmt(d['open_ms']):>9}"
        )
        if has_base:
            for e in (d, n):
                b = e["baseline"]
                line += f"{_fmt(b['pandas_ms']):>11}{_fmt(b['ratio'], 'x'):>8}"
        flag = "" if d["meets_bar"] and n["meets_bar"] else "  ← over the bar"
        if p["errors"]:
            flag += f"  ! {len(p['errors'])} exception(s)"
        print(line + flag)
    if has_base:
        b = report["baseline"]
        print(
            f"  baseline: whole activities table into pandas in {b['fetch_s']:.1f} s "
            f"(peak {b['peak_mb']:,} MB in that process); KPIs agree: {b['kpis_agree']}"
        )
        print(
            f"  baseline ratio (pandas time / ours, same calls, fetch not counted): median "
            f"{_fmt(b['ratio_median'], 'x')}, lowest {_fmt(b['ratio_min'], 'x')}"
        )
    br = report.get("browser")
    if br:
        print(
            f"  Chromium: filter change → every chart re-rendered, median {br['rerender_median_s']:.2f} s "
            f"of {br['rerender_s']} (bar ≤ {BAR_RERENDER_S} s: {'met' if br['rerender_meets_bar'] else 'NOT met'})"
        )
        print(f"  first load of each page (cold), s: {br['page_load_s']}")
        m = report["server_memory"]
        print(
            f"  server peak resident memory {m['peak_mb']:,.0f} MB, now {m['rss_mb']:,.0f} MB "
            f"(bar ≤ {BAR_RSS_MB:,.0f} MB: {'met' if m['meets_bar'] else 'NOT met'})"
        )
    print(f"  all bars met: {report['meets_bars']}")


def _fmt(value, suffix=""):
    if value is None:
        return "—"
    return f"{value:,.2f}{suffix}" if suffix else f"{value:,.1f}"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in CHILD_STEPS:
        CHILD_STEPS[argv[0]](*argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bench-dir", type=Path, default=BENCH_DIR, help="where built warehouses are kept")
    parser.add_argument("--db", type=Path, help="an existing warehouse to use instead of building one")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium and memory part")
    parser.add_argument("--no-baseline", action="store_true", help="skip the pandas baseline")
    parser.add_argument("--no-queries", action="store_true", help="skip the pages' queries and the baseline")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be ≥ 1")

    built = None
    db = args.db or None
    if db is None:
        db, built = ensure_warehouse(args.rows, args.bench_dir)
    db = db.resolve()
    ensure_bench_account(db)
    sets = filter_sets(db)
    recorded, ours, base, browser = {"pages": []}, None, None, None
    with tempfile.TemporaryDirectory(prefix="doanthe-dashboard-bench-") as tmp:
        if not args.no_queries:
            calls = Path(tmp) / "calls.pickle"
            print("recording each page's queries (AppTest) …", flush=True)
            rec = _child("record", str(db), json.dumps(sets), str(calls))
            recorded = pickle.loads(calls.read_bytes())
            print(f"  pages: {', '.join(p or '(default)' for p, _ in rec['pages'])}", flush=True)
            print("timing them …", flush=True)
            ours = _child("ours", str(db), str(calls), str(args.repeat))
            if not args.no_baseline:
                print("timing the baseline (whole table in pandas) …", flush=True)
                base = _child("baseline", str(db), str(calls), str(args.repeat))
        if not args.no_browser:
            print("timing filter changes in Chromium …", flush=True)
            browser = browser_rounds(db, sets, args.repeat, Path(tmp))

    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        n_rows = con.execute("SELECT count(*) FROM activities").fetchall()[0][0]
    finally:
        con.close()
    pages = summarize(recorded, ours, base) if ours is not None else []
    report: dict = {
        "rows": n_rows,
        "repeat": args.repeat,
        "warehouse": {
            "path": str(db),
            "mb": round(db.stat().st_size / config.MB),
            "built": built and {k: round(v, 1) if isinstance(v, float) else v for k, v in built.items()},
        },
        "filters": sets,
        "bars": {"page_ms": BAR_PAGE_MS, "rerender_s": BAR_RERENDER_S, "rss_mb": BAR_RSS_MB},
        "pages": pages,
        "pages_meet_bar": all(p[s]["meets_bar"] for p in pages for s in sets) if pages else None,
        "query_process_peak_mb": ours and ours.get("peak_mb"),
    }
    if base is not None:
        ratios = [p[s]["baseline"]["ratio"] for p in pages for s in sets if p[s]["baseline"]["ratio"]]
        agree = [p[s]["baseline"]["kpis_agree"] for p in pages for s in sets]
        report["baseline"] = {
            "fetch_s": round(base["fetch_s"], 2),
            "peak_mb": base["peak_mb"],
            "ratio_min": min(ratios) if ratios else None,
            "ratio_median": _r(_median(ratios), 2),
            "kpis_agree": all(a for a in agree if a is not None),
        }
    meets = report["pages_meet_bar"] is not False and not any(p["errors"] for p in pages)
    if browser is not None:
        median_s = _median(browser["rerender_s"])
        peak = browser["memory_mb"]["VmHWM"]
        report["browser"] = {
            "rerender_s": [round(v, 3) for v in browser["rerender_s"]],
            "rerender_wall_s": [round(v, 3) for v in browser["rerender_wall_s"]],
            "rerender_median_s": round(median_s, 3),
            "rerender_meets_bar": median_s <= BAR_RERENDER_S,
            "rounds": browser["rounds"],
            "page_load_s": {k or "(default)": round(v, 2) for k, v in browser["page_load_s"].items()},
        }
        report["server_memory"] = {
            "peak_mb": round(peak),
            "rss_mb": round(browser["memory_mb"]["VmRSS"]),
            "meets_bar": peak <= BAR_RSS_MB,
        }
        meets = meets and median_s <= BAR_RERENDER_S and peak <= BAR_RSS_MB
    report["meets_bars"] = meets
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    print(f"  → {args.out}")
    return 0


CHILD_STEPS = {"_build": _build, "_record": _record, "_ours": _ours, "_baseline": _baseline}

if __name__ == "__main__":
    sys.exit(main())
