"""Files in, batches out: read → check → load, with one result per file or sheet.

This is the library entry point the CLI and the upload page share.
"""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.formats import LOAD_ORDER
from etl.load import count_changes, write_batches
from etl.problems import Problem
from etl.read import drop_scratch, read_file
from etl.reference import Reference
from etl.validate import CheckedSheet, Scope, check_sheet


@dataclass
class LoadResult:
    """What happened to one file or workbook sheet (the CLI's JSON line)."""

    file: str
    kind: str | None
    status: str  # loaded | valid | rejected
    batch_id: int | None = None
    rows_read: int = 0
    rows_new: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    errors: list[Problem] = field(default_factory=list)
    error_count: int = 0

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "kind": self.kind,
            "status": self.status,
            "batch_id": self.batch_id,
            "rows_read": self.rows_read,
            "rows_new": self.rows_new,
            "rows_updated": self.rows_updated,
            "rows_unchanged": self.rows_unchanged,
            "errors": [e.as_dict() for e in self.errors],
            "error_count": self.error_count,
        }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    *,
    kind: str | None = None,
    dry_run: bool = False,
    user: str | None = None,
    scope: Scope | None = None,
    max_bytes: int | None = None,
    label: str | None = None,
    reference: Reference | None = None,
) -> list[LoadResult]:
    """Read, check and (unless ``dry_run``) load one file; all its sheets or nothing."""
    path = Path(path)
    ref = reference or Reference.load(con)
    sheets = read_file(con, path, kind=kind, max_bytes=max_bytes, label=label)
    checked: list[CheckedSheet] = []
    try:
        # Meetings first, so that tasks in the same workbook can name them.
        ordered = sorted(sheets, key=lambda s: LOAD_ORDER.index(s.kind) if s.kind in LOAD_ORDER else 99)
        known_meetings: set[str] = set()
        for sheet in ordered:
            result = check_sheet(con, sheet, ref, scope=scope, known_meetings=known_meetings)
            known_meetings |= result.meeting_ids
            checked.append(result)
        results = {id(c): _result(c) for c in checked}
        all_ok = all(c.ok for c in checked)
        if all_ok:
            if dry_run:
                for c in checked:
                    counts = count_changes(con, c)
                    results[id(c)].status = "valid"
                    _set_counts(results[id(c)], counts)
            else:
                written = write_batches(
                    con,
                    checked,
                    file_name=label or path.name,
                    sha256=sha256_of(path),
                    user=user or default_user(),
                )
                for c, (batch_id, counts) in zip(checked, written, strict=True):
                    results[id(c)].status = "loaded"
                    results[id(c)].batch_id = batch_id
                    _set_counts(results[id(c)], counts)
        # Report in the file's own sheet order.
        by_sheet = {id(c.sheet): results[id(c)] for c in checked}
        return [by_sheet[id(s)] for s in sheets]
    finally:
        for c in checked:
            if c.staged:
                con.execute(f"drop table if exists {c.staged}")
        drop_scratch(con, sheets)


def _result(checked: CheckedSheet) -> LoadResult:
    return LoadResult(
        file=checked.sheet.label,
        kind=checked.sheet.kind,
        status="rejected",
        rows_read=checked.rows,
        errors=list(checked.problems),
        error_count=checked.problem_count,
    )


def _set_counts(result: LoadResult, counts) -> None:
    result.rows_new = counts.rows_new
    result.rows_updated = counts.rows_updated
    result.rows_unchanged = counts.rows_unchanged
