"""Loading checked sheets as batches, and rolling batches back.

A file (or every sheet of a workbook) loads in ONE transaction: either every record is in the
warehouse or nothing is. Records are upserted by natural key and counted new / updated /
unchanged. The previous version of every updated record is kept in ``<kind>_replaced`` with the
batch that replaced it, so rolling a batch back restores exactly what was there before.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass

import duckdb

from etl.formats import KINDS, RecordKind
from etl.read import unordered
from etl.validate import CheckedSheet

# Columns of each record table besides the contract's own.
EXTRA_COLUMNS = {"activities": ("themes_inferred",)}


# What a batch's row says, in the order lists show it (the CLI's `batches`, the Các lần nạp page).
BATCH_COLUMNS = (
    "batch_id",
    "kind",
    "file_name",
    "sheet",
    "loaded_by",
    "loaded_at",
    "rows_read",
    "rows_new",
    "rows_updated",
    "rows_unchanged",
    "status",
)


def data_columns(kind: RecordKind) -> list[str]:
    return [c.name for c in kind.columns] + list(EXTRA_COLUMNS.get(kind.name, ()))


def _q(name: str) -> str:
    return f'"{name}"'


@dataclass
class BatchCounts:
    rows_new: int
    rows_updated: int
    rows_unchanged: int


class DuplicateKeys(Exception):
    """Two rows of one sheet are the same record (same id, or same content without id)."""

    def __init__(self, checked: CheckedSheet):
        super().__init__(checked.sheet.label)
        self.checked = checked


def _write_batch(
    con: duckdb.DuckDBPyConnection, checked: CheckedSheet, *, file_name: str, sha256: str, user: str
) -> tuple[int, BatchCounts]:
    """Write one sheet's records as a batch (inside the caller's transaction).

    The sheet's records go in first, all under the new batch id; then those whose key the
    warehouse already had are settled: an unchanged one is taken out again, a changed one
    replaces the old version, which is kept in ``<kind>_replaced`` for rollback.
    """
    kind = checked.kind
    table = kind.name
    cols = data_columns(kind)
    col_list = ", ".join(_q(c) for c in cols)
    batch_id = con.execute("select nextval('batch_id_seq')").fetchall()[0][0]
    had_records = con.execute(f"select count(*) from {table}").fetchall()[0][0] > 0
    written = con.execute(
        f"insert into {table} (content_key, {col_list}, batch_id) "
        f"select content_key, {col_list}, {int(batch_id)} from ({checked.source_sql})"
    ).fetchall()[0][0]
    if not checked.keys_unique:
        keys = con.execute(
            f"select count(distinct record_key) from {table} where batch_id = ?", [batch_id]
        ).fetchall()[0][0]
        if keys < written:
            raise DuplicateKeys(checked)
    changed = " or ".join(f"n.{_q(c)} is distinct from o.{_q(c)}" for c in cols)
    # (An empty table has nothing to settle.)
    con.execute(
        f"create or replace temp table _existing as select n.record_key, ({changed}) as changed "
        f"from {table} n join {table} o on o.record_key = n.record_key "
        f"where n.batch_id = ? and o.batch_id <> ? and ?",
        [batch_id, batch_id, had_records],
    )
    existing, updated = con.execute(
        "select count(*), count(*) filter (where changed) from _existing"
    ).fetchall()[0]
    if existing:
        con.execute(
            f"insert into {table}_replaced select o.*, ? from {table} o "
            f"semi join (select record_key from _existing where changed) e on e.record_key = o.record_key "
            f"where o.batch_id <> ?",
            [batch_id, batch_id],
        )
        con.execute(
            f"delete from {table} o using _existing e "
            f"where e.record_key = o.record_key and ((o.batch_id <> ? and e.changed) "
            f"or (o.batch_id = ? and not e.changed))",
            [batch_id, batch_id],
        )
    con.execute("drop table _existing")
    counts = BatchCounts(written - existing, updated, existing - updated)
    sheet = checked.sheet.label.split(":", 1)[1] if ":" in checked.sheet.label else None
    con.execute(
        "insert into batches values (?, ?, ?, ?, ?, ?, current_localtimestamp(), ?, ?, ?, ?, 'loaded', null, null)",
        [
            batch_id,
            kind.name,
            file_name,
            sheet,
            sha256,
            user,
            checked.rows,
            counts.rows_new,
            counts.rows_updated,
            counts.rows_unchanged,
        ],
    )
    return batch_id, counts


def write_batches(
    con: duckdb.DuckDBPyConnection,
    sheets: list[CheckedSheet],
    *,
    file_name: str,
    sha256: str,
    user: str,
    dry_run: bool = False,
) -> list[tuple[int, BatchCounts]]:
    """Write every sheet of one file as its own batch, all in one transaction.

    With ``dry_run`` the same work is done and then rolled back, so the counts are exact.
    Raises ``DuplicateKeys`` (having written nothing) when a sheet holds a record twice.
    """
    results = []
    # Records need no particular order in the warehouse; letting DuckDB write them in any
    # order makes the insert parallel.
    with unordered(con):
        con.execute("begin transaction")
        try:
            for checked in sheets:
                results.append(_write_batch(con, checked, file_name=file_name, sha256=sha256, user=user))
            if dry_run:
                con.execute("rollback")
                return results
            if os.environ.get("DOANTHE_FAULT") == "kill_before_commit":
                # For tests: die as a killed process would, with the transaction open.
                os.kill(os.getpid(), signal.SIGKILL)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    con.execute("checkpoint")
    return results


class RollbackRefused(RuntimeError):
    pass


def rollback_batch(con: duckdb.DuckDBPyConnection, batch_id: int, user: str) -> dict:
    """Undo a batch: remove the records it added, restore those it replaced. A reference list's
    batch (kind ``ref_<list>``) gives the list back as it was (``etl.reference_edit.rollback_list``)."""
    rows = con.execute("select kind, status from batches where batch_id = ?", [batch_id]).fetchall()
    row = rows[0] if rows else None
    if row is None:
        raise RollbackRefused(f"Không có lô {batch_id}. (No batch {batch_id}.)")
    kind, status = row
    if status != "loaded":
        raise RollbackRefused(
            f"Lô {batch_id} đã được hoàn tác trước đó. (Batch {batch_id} is already rolled back.)"
        )
    if kind.startswith("ref_"):  # a reference list edited as a file (etl.reference_edit)
        from etl.reference_edit import rollback_list

        return rollback_list(con, batch_id, kind.removeprefix("ref_"), user)
    table = KINDS[kind].name
    later = [
        r[0]
        for r in con.execute(
            f"select distinct replaced_by from {table}_replaced where batch_id = ? and replaced_by > ? "
            f"order by 1",
            [batch_id, batch_id],
        ).fetchall()
    ]
    if later:
        ids = ", ".join(str(b) for b in later)
        raise RollbackRefused(
            f"Lô {batch_id} có bản ghi đã được lô sau ({ids}) cập nhật; hãy hoàn tác lô {ids} trước. "
            f"(Later batches {ids} updated records of batch {batch_id}; roll them back first.)"
        )
    # (record_key is computed from the id or the content key: etl/sql/migrations/007.)
    cols = ", ".join(_q(c) for c in [*data_columns(KINDS[kind]), "content_key", "batch_id"])
    con.execute("begin transaction")
    try:
        removed = con.execute(f"select count(*) from {table} where batch_id = ?", [batch_id]).fetchall()[0][0]
        con.execute(f"delete from {table} where batch_id = ?", [batch_id])
        restored = con.execute(
            f"insert into {table} ({cols}) select {cols} from {table}_replaced where replaced_by = ?",
            [batch_id],
        ).fetchall()[0][0]
        con.execute(f"delete from {table}_replaced where replaced_by = ?", [batch_id])
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
    return {"batch_id": batch_id, "kind": kind, "rows_removed": removed - restored, "rows_restored": restored}
