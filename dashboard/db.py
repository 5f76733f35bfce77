"""The one place the dashboard opens the warehouse.

DuckDB lets a file be open either by one read-write process or by several read-only ones. The CLI
loader must be able to write while the dashboard runs, so the dashboard never keeps the file open
between reruns: ``with warehouse(path) as con:`` opens it read-only, the page runs its queries,
and the file is closed again. A writer holding the lock makes the open retry briefly, then fail
with ``WarehouseUnavailable("busy")``; the page turns each reason into a sentence.

Writes from the dashboard itself (an upload saved, a batch rolled back, a login recorded) go
through ``with writer(path) as con:``. DuckDB refuses a read-write connection in a process that
holds read-only ones to the same file, so one process-wide readers–writer lock orders them: a
writer waits for the runs that are reading to close their connections, runs that start meanwhile
wait for the writer (so a steady stream of readers cannot starve it), and each side sees the
warehouse before or after a batch, never half of one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl import warehouse as etl_warehouse

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


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before readers that arrive after it.

    A thread already reading may read again (a download built during a page run) without waiting;
    a thread that reads cannot start writing, which would wait for itself: that raises instead.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._local = threading.local()

    def _depth(self) -> int:
        return getattr(self._local, "depth", 0)

    @contextmanager
    def reading(self) -> Iterator[None]:
        if self._depth() == 0:
            with self._cond:
                self._cond.wait_for(lambda: not self._writing and self._writers_waiting == 0)
                self._readers += 1
        self._local.depth = self._depth() + 1
        try:
            yield
        finally:
            self._local.depth -= 1
            if self._local.depth == 0:
                with self._cond:
                    self._readers -= 1
                    self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        if self._depth():
            raise RuntimeError("a page writes to the warehouse while its own read connection is open")
        with self._cond:
            self._writers_waiting += 1
            try:
                self._cond.wait_for(lambda: not self._writing and self._readers == 0)
            finally:
                self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


# One per process: every connection the dashboard opens goes through it.
ACCESS = ReadWriteLock()


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
    with ACCESS.reading():
        con = open_warehouse(path, wait_seconds=wait_seconds)
        try:
            _check_tables(con, Path(path))
            yield con
        finally:
            con.close()


@contextmanager
def writer(path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse opened read-write for one change made from the dashboard; closed afterwards.

    Raises ``WarehouseUnavailable`` ("missing", or "busy" when another process, such as a CLI
    load, keeps the file longer than the ETL's lock wait).
    """
    path = Path(path)
    with ACCESS.writing():
        try:
            con = etl_warehouse.connect(path, create=False)
        except etl_warehouse.WarehouseMissing as exc:
            raise WarehouseUnavailable("missing", path, str(exc)) from exc
        except etl_warehouse.WarehouseBusy as exc:
            raise WarehouseUnavailable("busy", path, str(exc)) from exc
        try:
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
