"""Paths and settings, defined once. Every setting can be overridden from the environment."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SAMPLE_DIR = DATA_DIR / "sample"

MB = 1024 * 1024


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from exc


def default_db_path() -> Path:
    """The warehouse file: ``DOANTHE_DB`` or ``data/doanthe.duckdb``."""
    return Path(os.environ.get("DOANTHE_DB") or DATA_DIR / "doanthe.duckdb")


# Input bounds (DESIGN.md §5, issue 2 §3).
MAX_FILE_BYTES_CLI = _int_env("DOANTHE_MAX_FILE_MB", 500) * MB
MAX_FILE_BYTES_WEB = _int_env("DOANTHE_MAX_UPLOAD_MB", 50) * MB
MAX_ROWS = _int_env("DOANTHE_MAX_ROWS", 5_000_000)
# An xlsx is a zip: bound what it inflates to, in total and as a ratio to its size on disk.
MAX_XLSX_UNCOMPRESSED_BYTES = _int_env("DOANTHE_MAX_XLSX_UNCOMPRESSED_MB", 1024) * MB
MAX_XLSX_RATIO = _int_env("DOANTHE_MAX_XLSX_RATIO", 200)
# Errors kept per file; the count of all errors is always reported.
MAX_ERRORS_KEPT = _int_env("DOANTHE_MAX_ERRORS", 10_000)
# How long a load waits for another process to release the warehouse file.
LOCK_WAIT_SECONDS = _int_env("DOANTHE_LOCK_WAIT_SECONDS", 10)

# Accounts (etl/accounts.py): consecutive failed logins before a lock, how long the lock lasts,
# and how long a login session lives.
LOGIN_MAX_FAILURES = _int_env("DOANTHE_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = _int_env("DOANTHE_LOGIN_LOCK_MINUTES", 15)
SESSION_HOURS = _int_env("DOANTHE_SESSION_HOURS", 8)
