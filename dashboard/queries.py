"""What the pages ask the warehouse: pure functions from a connection to DataFrames.

No Streamlit here. Every value is bound as a parameter, never formatted into the SQL text.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

RECORD_KINDS = ("activities", "meetings", "tasks", "members", "targets")
RECENT_BATCHES = 20
SAMPLE_PREFIX = "mau_"
TASK_DONE = "hoan_thanh"

_RECORD_COUNTS_SQL = """
SELECT 'activities' AS kind, count(*) AS records,
       min(date) AS date_from, max(date) AS date_to,
       NULL::INTEGER AS year_from, NULL::INTEGER AS year_to, NULL::BIGINT AS late
FROM activities
UNION ALL
SELECT 'meetings', count(*), min(date), max(date), NULL, NULL, NULL FROM meetings
UNION ALL
SELECT 'tasks', count(*), min(due_date), max(due_date), NULL, NULL,
       count(*) FILTER (WHERE due_date < $today AND status IS DISTINCT FROM $done)
FROM tasks
UNION ALL
SELECT 'members', count(*), min(as_of), max(as_of), NULL, NULL, NULL FROM members
UNION ALL
SELECT 'targets', count(*), NULL, NULL, min(year), max(year), NULL FROM targets
"""


def record_counts(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> pd.DataFrame:
    """One row per record kind: records, date range (members: as_of; tasks: due date),
    year range (targets) and, for tasks, how many are late (due before ``today``, not done)."""
    params = {"today": today or dt.date.today(), "done": TASK_DONE}
    df = con.execute(_RECORD_COUNTS_SQL, params).df()
    df["kind"] = pd.Categorical(df["kind"], categories=RECORD_KINDS, ordered=True)
    df = df.sort_values("kind").reset_index(drop=True)
    df["kind"] = df["kind"].astype(str)
    for col in ("year_from", "year_to", "late"):
        df[col] = df[col].astype("Int64")
    return df


def activities_by_org_year(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Activities counted per organization type (code) and calendar year."""
    df = con.execute(
        """
        SELECT org, CAST(year(date) AS INTEGER) AS year, count(*) AS activities
        FROM activities
        WHERE date IS NOT NULL
        GROUP BY ALL
        ORDER BY year, org
        """
    ).df()
    return df.astype({"year": "int64", "activities": "int64"}) if len(df) else df


def org_types(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Organization types with their Vietnamese and English labels, ordered by code."""
    return con.execute("SELECT code, label_vi, label_en, short_vi FROM org_types ORDER BY code").df()


def recent_batches(con: duckdb.DuckDBPyConnection, limit: int = RECENT_BATCHES) -> pd.DataFrame:
    """The latest batches, newest first."""
    return con.execute(
        """
        SELECT batch_id, kind, file_name, sheet, loaded_by, loaded_at,
               rows_read, rows_new, rows_updated, rows_unchanged, status, rolled_back_at
        FROM batches
        ORDER BY batch_id DESC
        LIMIT $limit
        """,
        {"limit": int(limit)},
    ).df()


def sample_batches(con: duckdb.DuckDBPyConnection, prefix: str = SAMPLE_PREFIX) -> tuple[int, int]:
    """(loaded batches whose file name starts with ``prefix``, all loaded batches)."""
    sample, total = con.execute(
        """
        SELECT count(*) FILTER (
                   WHERE starts_with(lower(regexp_replace(file_name, '^.*[/\\\\]', '')), lower($prefix))),
               count(*)
        FROM batches
        WHERE status = $loaded
        """,
        {"prefix": prefix, "loaded": "loaded"},
    ).fetchone()
    return int(sample), int(total)
