"""Files uploaded in the browser: checked, handed back with their errors, saved, rolled back.

The same path as ``doanthe load`` (:func:`etl.pipeline.load_file`), with the account's scope and
the web upload bound, through :func:`dashboard.db.writer`, so that dashboard sessions reading at
the same time see the warehouse before or after a batch and never half of one. No Streamlit here:
the upload, batches and administration pages call these functions, and so do the tests. The
reference lists the administration page edits (``export_reference``, ``check_reference``,
``save_reference``) go through :mod:`etl.reference_edit` the same way.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import db
from etl import accounts, config, reference_edit
from etl.accounts import Account
from etl.annotate import annotate_file, problems_by_sheet
from etl.load import BATCH_COLUMNS, RollbackRefused, rollback_batch
from etl.pipeline import LoadResult, load_file
from etl.problems import Problem, problem
from etl.reference_edit import ListCheck

UPLOAD_TYPES = ("csv", "tsv", "txt", "xlsx", "xls", "ods")
_SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


class NotAllowed(PermissionError):
    """The account may not do this (checked here, not only by hiding a button)."""


@dataclass
class UploadCheck:
    """What one uploaded file would do, or did: a result per sheet, and the file with its errors."""

    name: str
    size: int
    results: list[LoadResult] = field(default_factory=list)
    annotated: bytes | None = None
    annotated_name: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(r.status in ("valid", "loaded") for r in self.results)

    @property
    def saved(self) -> bool:
        return bool(self.results) and all(r.status == "loaded" for r in self.results)

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.errors]

    @property
    def problem_count(self) -> int:
        return sum(r.error_count for r in self.results)

    def totals(self) -> dict[str, int]:
        return {
            key: sum(getattr(r, key) for r in self.results)
            for key in ("rows_read", "rows_new", "rows_updated", "rows_unchanged")
        }


def safe_file_name(name: str) -> str:
    """The file's name without any folder part or unusual characters (it is shown and stored)."""
    base = Path(str(name).replace("\\", "/")).name.strip() or "tep_tai_len"
    cleaned = _SAFE_NAME.sub("_", base)[:120]
    return cleaned.lstrip(".") or "tep_tai_len"


def size_text(size: int) -> str:
    """A file size the Vietnamese way: '1,6 MB', '820 KB'."""
    if size >= config.MB:
        return f"{size / config.MB:.1f} MB".replace(".", ",").replace(",0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"


def _over_web_limit(content: bytes) -> Problem | None:
    """The problem of a file over the web upload bound (refused before it is written anywhere)."""
    if len(content) <= config.MAX_FILE_BYTES_WEB:
        return None
    limit = size_text(config.MAX_FILE_BYTES_WEB)
    return problem("file_too_large", detail=f"{size_text(len(content))}, tối đa {limit} mỗi tệp tải lên")


def _require(account: Account | None, action: str) -> Account:
    if account is None or not account.active or not account.can(action):
        raise NotAllowed(action)
    return account


def check_upload(warehouse: str | Path, name: str, content: bytes, account: Account | None) -> UploadCheck:
    """Validate an uploaded file exactly as saving it would, and change nothing."""
    return _run(warehouse, name, content, account, dry_run=True)


def save_upload(warehouse: str | Path, name: str, content: bytes, account: Account | None) -> UploadCheck:
    """Check again and load the file as one batch (all its sheets, or nothing)."""
    return _run(warehouse, name, content, account, dry_run=False)


def _run(warehouse, name: str, content: bytes, account: Account | None, *, dry_run: bool) -> UploadCheck:
    account = _require(account, "upload")
    label = safe_file_name(name)
    check = UploadCheck(name=label, size=len(content))
    too_large = _over_web_limit(content)
    if too_large is not None:
        check.results = [
            LoadResult(file=label, kind=None, status="rejected", errors=[too_large], error_count=1)
        ]
        return check
    with tempfile.TemporaryDirectory(prefix="doanthe_upload_") as folder:
        path = Path(folder) / label
        path.write_bytes(content)
        with db.writer(warehouse) as con:
            scope = accounts.etl_scope(con, account)
            check.results = load_file(
                con,
                path,
                dry_run=dry_run,
                user=account.username,
                scope=scope,
                max_bytes=config.MAX_FILE_BYTES_WEB,
                label=label,
            )
        if not check.ok and check.problems:
            try:
                check.annotated, check.annotated_name = annotate_file(
                    path, problems_by_sheet(check.results, label), label=label
                )
            except Exception:  # noqa: BLE001 - the problems are still listed; only the annotated copy is missing
                check.annotated = None
    return check


def problems_table(check: UploadCheck) -> pd.DataFrame:
    """The problems of a file as rows: the file or ``file:sheet``, row, column, code, message."""
    rows = [
        {"file": r.file, "row": p.row, "column": p.column or "", "code": p.code, "message": p.message}
        for r in check.results
        for p in r.errors
    ]
    return pd.DataFrame(rows, columns=["file", "row", "column", "code", "message"])


# ── Batches ──────────────────────────────────────────────────────────────────────────────────────


def list_batches(warehouse: str | Path, account: Account | None, *, limit: int = 500) -> pd.DataFrame:
    """The batches this account may see, newest first: its own, or all for an administrator."""
    account = _require(account, "upload") if not (account and account.can("rollback_any")) else account
    where, params = ("", []) if account.can("rollback_any") else ("where loaded_by = ?", [account.username])
    with db.warehouse(warehouse) as con:
        columns = {r[0] for r in con.execute("describe batches").fetchall()}
        selected = ", ".join(c if c in columns else f"null as {c}" for c in BATCH_COLUMNS)
        return con.execute(
            f"select {selected} from batches {where} order by batch_id desc limit ?", [*params, limit]
        ).df()


def roll_back(warehouse: str | Path, batch_id: int, account: Account | None) -> dict:
    """Undo one batch; staff only their own, administrators any. Raises NotAllowed or RollbackRefused."""
    if account is None or not account.active:
        raise NotAllowed("rollback")
    with db.writer(warehouse) as con:
        rows = con.execute("select loaded_by from batches where batch_id = ?", [int(batch_id)]).fetchall()
        if not rows:
            raise RollbackRefused(f"Không có lô {batch_id}. (No batch {batch_id}.)")
        own = rows[0][0] == account.username
        if not (account.can("rollback_any") or (own and account.can("rollback_own"))):
            raise NotAllowed("rollback")
        return rollback_batch(con, int(batch_id), account.username)


# ── Reference lists (the administration page) ──────────────────────────────────────────────────


def export_reference(warehouse: str | Path, name: str, account: Account | None) -> tuple[bytes, str]:
    """A reference list (``etl.reference_edit.LISTS``) as XLSX to edit: (bytes, file name)."""
    _require(account, "manage_reference")
    with db.warehouse(warehouse) as con:
        return reference_edit.export_list(con, name), reference_edit.export_file_name(name)


def check_reference(
    warehouse: str | Path, name: str, file_name: str, content: bytes, account: Account | None
) -> ListCheck:
    """What an edited list file would change (added, updated, removed codes), or every problem;
    changes nothing."""
    return _run_reference(warehouse, name, file_name, content, account, write=False)


def save_reference(
    warehouse: str | Path, name: str, file_name: str, content: bytes, account: Account | None
) -> ListCheck:
    """Check the list file again and, when it has no problem, make it the list, as one batch
    (rolled back like any batch, with :func:`roll_back`)."""
    return _run_reference(warehouse, name, file_name, content, account, write=True)


def _run_reference(
    warehouse, name: str, file_name: str, content: bytes, account, *, write: bool
) -> ListCheck:
    account = _require(account, "manage_reference")
    reference_edit.file_kind(name)  # (an unknown list is the caller's mistake: ListError)
    label = safe_file_name(file_name)
    too_large = _over_web_limit(content)
    if too_large is not None:
        return ListCheck(list_name=name, file=label, errors=[too_large], error_count=1)
    with tempfile.TemporaryDirectory(prefix="doanthe_reference_") as folder:
        path = Path(folder) / label
        path.write_bytes(content)
        with db.writer(warehouse) as con:
            if write:
                return reference_edit.apply_list(
                    con, name, path, user=account.username, label=label, max_bytes=config.MAX_FILE_BYTES_WEB
                )
            return reference_edit.check_list(
                con, name, path, label=label, max_bytes=config.MAX_FILE_BYTES_WEB
            )
