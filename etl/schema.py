"""The warehouse schema: versioned, idempotent migrations and the reference lists.

This module owns the schema. ``migrate`` applies the numbered files under ``etl/sql/migrations``
that the warehouse has not seen yet, each in its own transaction, and records them in
``schema_migrations``; running it again changes nothing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb

from etl import config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "sql" / "migrations"

RECORD_TABLES = ("activities", "meetings", "tasks", "members", "targets")

# Reference table -> (file under data/reference, columns taken from the file).
REFERENCE_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "org_types": ("organizations.csv", ("code", "label_vi", "label_en", "short_vi", "aliases", "founded")),
    "bodies": ("bodies.csv", ("code", "label_vi", "label_en", "short_vi", "aliases")),
    "units": (
        "units.csv",
        ("code", "name", "level", "parent_code", "valid_from", "valid_to", "successor_code", "aliases"),
    ),
    "themes": ("themes.csv", ("code", "label_vi", "label_en", "aliases")),
    "activity_types": ("activity_types.csv", ("code", "label_vi", "label_en", "aliases")),
    "indicators": ("indicators.csv", ("code", "label_vi", "label_en", "aliases")),
    "meeting_types": ("meeting_types.csv", ("code", "label_vi", "label_en", "aliases")),
    "task_statuses": ("task_statuses.csv", ("code", "label_vi", "label_en", "aliases")),
}

_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration file, in order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"migration file name not understood: {path.name}")
        found.append((int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    return found


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_migrations'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_migrations").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations this warehouse lacks. Returns the versions applied."""
    con.execute(
        "create table if not exists schema_migrations "
        "(version integer primary key, name varchar not null, applied_at timestamp not null)"
    )
    current = schema_version(con)
    applied = []
    for version, name, sql in migrations():
        if version <= current:
            continue
        con.execute("begin transaction")
        try:
            con.execute(sql)
            con.execute(
                "insert into schema_migrations values (?, ?, current_localtimestamp())", [version, name]
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(version)
    return applied


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def read_reference_file(path: Path, columns: Iterable[str]) -> list[tuple]:
    """Rows of one reference CSV as tuples in ``columns`` order (aliases split, dates parsed)."""
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.DictReader(handle):
            row = []
            for col in columns:
                value = (record.get(col) or "").strip()
                if col == "aliases":
                    row.append(_split_list(value))
                elif col in ("valid_from", "valid_to"):
                    row.append(date.fromisoformat(value) if value else None)
                else:
                    row.append(value or None)
            rows.append(tuple(row))
    return rows


def seed_reference(con: duckdb.DuckDBPyConnection, reference_dir: Path | None = None) -> dict[str, int]:
    """Make the reference tables hold exactly what the files under data/reference/ say, except the
    lists an admin has edited in the warehouse (a standing ``ref_<list>`` batch, etl.reference_edit),
    which stay as they are.

    Runs in one transaction; returns the number of rows per table.
    """
    reference_dir = reference_dir or config.REFERENCE_DIR
    counts = {}
    edited = edited_lists(con)
    con.execute("begin transaction")
    try:
        for table, (file_name, columns) in REFERENCE_TABLES.items():
            if table in edited:
                counts[table] = con.execute(f"select count(*) from {table}").fetchall()[0][0]
                continue
            path = reference_dir / file_name
            if not path.exists():
                raise FileNotFoundError(f"reference file missing: {path}")
            rows = read_reference_file(path, columns)
            con.execute(f"delete from {table}")
            if rows:
                placeholders = ", ".join("?" for _ in columns)
                con.executemany(f"insert into {table} ({', '.join(columns)}) values ({placeholders})", rows)
            counts[table] = len(rows)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return counts


def edited_lists(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Reference tables whose content an admin's edit (a standing ``ref_<table>`` batch) decides."""
    has_batches = con.execute(
        "select count(*) from information_schema.tables where table_name = 'batches'"
    ).fetchall()[0][0]
    if not has_batches:
        return set()
    rows = con.execute(
        "select distinct kind from batches where starts_with(kind, 'ref_') and status = 'loaded'"
    ).fetchall()
    return {kind.removeprefix("ref_") for (kind,) in rows} & set(REFERENCE_TABLES)


def init_warehouse(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Create or migrate the warehouse and load the reference lists (idempotent)."""
    applied = migrate(con)
    counts = seed_reference(con)
    con.execute("checkpoint")
    return {"migrations_applied": applied, "schema_version": schema_version(con), "reference": counts}


def root_unit(con: duckdb.DuckDBPyConnection) -> str:
    """The top unit of the deployment: the one unit without a parent."""
    rows = con.execute("select code from units where parent_code is null order by code").fetchall()
    if len(rows) != 1:
        raise RuntimeError(f"the units reference must have exactly one top unit, found {len(rows)}")
    return rows[0][0]
