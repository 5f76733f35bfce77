"""Files in, batches out: read → check → load, with one result per file or sheet.

This is the library entry point the CLI and the upload page share.
"""

from __future__ import annotations

import getpass
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import config
from etl.formats import LOAD_ORDER
from etl.load import DuplicateKeys, write_batches
from etl.problems import Problem, problem
from etl.read import drop_scratch, read_file, scan_file
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
    # Headers of the columns not read, being none of the kind's (a clerk should know).
    ignored_columns: list[str] = field(default_factory=list)

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
            "ignored_columns": self.ignored_columns,
        }


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
    # The file's fingerprint (and what the CSV reader needs of its bytes) is taken beside the
    # reading, in one pass.
    with ThreadPoolExecutor(max_workers=1) as pool:
        limit = config.MAX_FILE_BYTES_CLI if max_bytes is None else max_bytes
        hashable = path.is_file() and path.stat().st_size <= limit
        scan = pool.submit(scan_file, path) if hashable else None
        return _load_file(
            con,
            path,
            scan,
            kind=kind,
            dry_run=dry_run,
            user=user,
            scope=scope,
            max_bytes=max_bytes,
            label=label,
            reference=reference,
        )


def _load_file(con, path: Path, scan, *, kind, dry_run, user, scope, max_bytes, label, reference):
    ref = reference or Reference.load(con)
    sheets = read_file(con, path, kind=kind, max_bytes=max_bytes, label=label, scan=scan)
    checked: list[CheckedSheet] = []
    try:
        # Meetings first, so that tasks in the same workbook can name them.
        ordered = sorted(sheets, key=lambda s: LOAD_ORDER.index(s.kind) if s.kind in LOAD_ORDER else 99)
        known_meetings: set[str] = set()
        for sheet in ordered:
            result = check_sheet(con, sheet, ref, scope=scope, known_meetings=known_meetings)
            known_meetings |= result.meeting_ids
            checked.append(result)

        def detailed(index: int) -> CheckedSheet:
            _drop(con, checked[index])
            checked[index] = check_sheet(
                con,
                checked[index].sheet,
                ref,
                scope=scope,
                known_meetings=known_meetings,
                force_detailed=True,
            )
            return checked[index]

        if all(c.ok for c in checked) and not _records_in_two_sheets(con, checked, detailed):
            try:
                written = write_batches(
                    con,
                    checked,
                    file_name=label or path.name,
                    sha256=scan.result().sha256,
                    user=user or default_user(),
                    dry_run=dry_run,
                )
            except DuplicateKeys as duplicate:
                # Nothing was written; list the duplicates (and anything else) row by row.
                detailed(next(i for i, c in enumerate(checked) if c is duplicate.checked))
            else:
                return [
                    _loaded(c, batch_id, counts, dry_run)
                    for c, (batch_id, counts) in _in_file_order(sheets, checked, written)
                ]
        return [_result(c) for c in _in_file_order(sheets, checked)]
    finally:
        for c in checked:
            _drop(con, c)
        drop_scratch(con, sheets)


def _records_in_two_sheets(con: duckdb.DuckDBPyConnection, checked: list[CheckedSheet], detailed) -> bool:
    """Whether a record stands in two sheets of one workbook (the same id in 'Quý I' and 'Quý II'):
    each such row of the later sheet gets a ``duplicate_in_file`` naming the row of the earlier.
    ``detailed(i)`` checks sheet ``i`` again with its rows numbered."""
    found = False
    for later in range(len(checked)):
        for earlier in range(later):
            if checked[earlier].kind is not checked[later].kind:
                continue
            both = con.execute(
                f"select count(*) from (select record_key from ({checked[later].source_sql}) "
                f"intersect select record_key from ({checked[earlier].source_sql}))"
            ).fetchall()[0][0]
            if not both:
                continue
            found = True
            first, second = detailed(earlier), detailed(later)
            pairs = con.execute(
                f"select b._row, a._row from {second.staged} b join {first.staged} a using (record_key) "
                f"order by 1, 2 limit ?",
                [config.MAX_ERRORS_KEPT],
            ).fetchall()
            sheet = first.sheet.label.rsplit(":", 1)[-1]
            seen = {p.row for p in second.problems if p.code == "duplicate_in_file"}
            for row, other in pairs:
                if row not in seen:
                    seen.add(row)
                    second.problems.append(
                        problem("duplicate_in_file", row=row, detail=f"{other} của trang '{sheet}'")
                    )
                    second.problem_count += 1
            second.problems.sort(key=lambda p: (p.row is None, p.row or 0))
    return found


def _in_file_order(sheets, checked, written=None):
    """Results in the file's own sheet order (they were checked meetings first)."""
    position = {id(s): i for i, s in enumerate(sheets)}
    pairs = list(zip(checked, written, strict=True)) if written is not None else [(c, None) for c in checked]
    pairs.sort(key=lambda pair: position[id(pair[0].sheet)])
    return pairs if written is not None else [c for c, _ in pairs]


def _drop(con: duckdb.DuckDBPyConnection, checked: CheckedSheet) -> None:
    for table in checked.temp_tables:
        con.execute(f"drop table if exists {table}")
    checked.temp_tables = []


def _loaded(checked: CheckedSheet, batch_id: int, counts, dry_run: bool) -> LoadResult:
    result = _result(checked)
    result.status = "valid" if dry_run else "loaded"
    result.batch_id = None if dry_run else batch_id
    result.rows_new = counts.rows_new
    result.rows_updated = counts.rows_updated
    result.rows_unchanged = counts.rows_unchanged
    return result


def _result(checked: CheckedSheet) -> LoadResult:
    return LoadResult(
        file=checked.sheet.label,
        kind=checked.sheet.kind,
        status="rejected",
        rows_read=checked.rows,
        errors=list(checked.problems),
        error_count=checked.problem_count,
        ignored_columns=list(checked.sheet.ignored),
    )
