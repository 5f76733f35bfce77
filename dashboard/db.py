"""The one place the dashboard opens the warehouse.

DuckDB lets a file be open either by one read-write process or by several read-only ones. The CLI
loader must be able to write while the dashboard runs, so the dashboard never keeps the file open
between reruns: ``with warehouse(path) as con:`` opens it read-only, the page runs its queries,
and the file is closed again. A writer holding the lock makes the open retry briefly, then fail
with ``WarehouseUnavailable("busy")``; the page turns each reason into a sentence.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

# How long a page waits for a writer to release the file before saying so.
LOCK_WAIT_SECONDS = 3.0
_RETRY_PAUSE_SECONDS = 0.1

# Tables the dashboard cannot work without; the rest are checked by the queries that use them.
REQUIRED_TABLES = ("batches", "activities", "meetings", "tasks", "members", "targets", "org_types")

_MESSAGES_VI = {
    "missing": "Chưa có kho dữ liệu. Tạo kho bằng `doanthe init`, rồi nạp bằng `doanthe sample` "
    "hoặc `doanthe load <tệp>`.",
    "not_initialized": "Tệp chưa phải kho dữ liệu của doanthe. Tạo kho bằng `doanthe init`.",
    "busy": "Kho dữ liệu đang được cập nhật, vui lòng tải lại sau ít giây.",
    "unreadable": "Không đọc được kho dữ liệu.",
}


class WarehouseUnavailable(Exception):
    """The warehouse cannot be read now. ``reason``: missing | not_initialized | busy | unreadable."""

    def __init__(self, reason: str, path: Path, detail: str = "") -> None:
        super().__init__(_MESSAGES_VI.get(reason, reason))
        self.reason = reason
        self.path = path
        self.detail = detail


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    # Another process writes: "Could not set lock on file ... Conflicting lock is held".
    # This process writes (e.g. an upload page): "... with a different configuration ...".
    return "conflicting lock" in text or "could not set lock" in text or "different configuration" in text


def open_warehouse(path: str | Path, *, wait_seconds: float = LOCK_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse file; the caller closes it (prefer ``warehouse``)."""
    path = Path(path)
    if not path.is_file():
        raise WarehouseUnavailable("missing", path)
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    while True:
        try:
            return duckdb.connect(str(path), read_only=True)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_conflict(exc):
                raise WarehouseUnavailable("unreadable", path, str(exc)) from exc
            if time.monotonic() >= deadline:
                raise WarehouseUnavailable("busy", path, str(exc)) from exc
            time.sleep(_RETRY_PAUSE_SECONDS)
        except duckdb.Error as exc:
            raise WarehouseUnavailable("unreadable", path, str(exc)) from exc


@contextmanager
def warehouse(
    path: str | Path, *, wait_seconds: float = LOCK_WAIT_SECONDS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse read-only for one rerun's queries, check its tables, close it afterwards."""
    con = open_warehouse(path, wait_seconds=wait_seconds)
    try:
        _check_tables(con, Path(path))
        yield con
    finally:
        con.close()


def _check_tables(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    present = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if not set(REQUIRED_TABLES) <= present:
        raise WarehouseUnavailable(
            "not_initialized", path, f"missing tables: {sorted(set(REQUIRED_TABLES) - present)}"
        )


def data_version(con: duckdb.DuckDBPyConnection, path: str | Path) -> tuple:
    """What cached results are keyed on: it changes whenever a batch is loaded or rolled back.

    (max batch_id, number of batches, number rolled back, mtime of the file, mtime of its WAL).
    """
    max_id, n_batches, n_rolled_back = con.execute(
        "SELECT max(batch_id), count(*), count(*) FILTER (WHERE status = ?) FROM batches",
        ["rolled_back"],
    ).fetchone()
    return (max_id, n_batches, n_rolled_back, _mtime(Path(path)), _mtime(Path(f"{path}.wal")))


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
