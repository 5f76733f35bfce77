"""Opening the warehouse file for writing: the one place the ETL connects to DuckDB."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from etl import config


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file."""


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist (and we were not asked to create it)."""


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set lock" in text or "in use" in text)


def connect(
    path: Path | str | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    wait_seconds: float | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting a little if another process holds it.

    Raises ``WarehouseBusy`` with a clear message when the file stays locked, and
    ``WarehouseMissing`` when ``create`` is false and the file does not exist.
    """
    path = Path(path) if path is not None else config.default_db_path()
    if str(path) != ":memory:" and not path.exists():
        if not create or read_only:
            raise WarehouseMissing(
                f"Chưa có kho dữ liệu tại {path}. Chạy 'doanthe init' để tạo. "
                f"(No warehouse at {path}; run 'doanthe init'.)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    wait = config.LOCK_WAIT_SECONDS if wait_seconds is None else wait_seconds
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            con.execute("set enable_progress_bar = false")
            return con
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"Kho dữ liệu {path} đang được một tiến trình khác sử dụng (có thể là một lần nạp "
                    f"khác). Không có gì bị thay đổi; hãy thử lại sau. "
                    f"(The warehouse is in use by another process; nothing was changed.)"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
