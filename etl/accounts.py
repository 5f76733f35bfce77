"""Accounts, roles, scope and login sessions, stored in the warehouse (migration 003).

Every function takes an open read-write DuckDB connection first and manages its own
transaction. Times are naive UTC ``datetime`` values; ``now`` is injectable for tests.

- **Roles** (``ROLES``): ``admin`` manages accounts and reference lists and may do everything;
  ``leader`` views; ``analyst`` views and exports; ``staff`` views and uploads (and rolls back
  their own batches). ``Account.can(action)`` answers for one of ``ACTIONS``.
- **Scope:** ``scope_orgs`` (organization type codes; None = all) and ``scope_unit`` (a unit
  code whose subtree, over all of history, is in scope; None = the whole deployment). The ETL
  applies it to uploads through ``etl_scope``; the dashboard applies it to what a user sees.
- **Passwords** are stored only as argon2id hashes (argon2-cffi's ``PasswordHasher`` with its
  defaults): at least 10 characters, not the user name. No account or password ships: ``doanthe
  user ensure-admin`` creates the first admin with a random password, shown once.
- **Login:** ``authenticate`` fails with ``LoginFailed(reason)``: ``bad_credentials`` for an
  unknown user or a wrong password alike (an unknown user is checked against a dummy hash, so
  both take the same time), ``locked`` once ``config.LOGIN_MAX_FAILURES`` consecutive failures
  lock the account for ``config.LOGIN_LOCK_MINUTES`` (the right password is refused too while
  the lock lasts), ``disabled`` for a disabled account given its right password.
- **Sessions:** ``create_session`` returns a random token; only its SHA-256 is stored. A session
  lasts ``config.SESSION_HOURS`` and ends early when revoked, when its user is disabled or
  when the password changes. (A lock after failed logins does not end open sessions: someone
  guessing a password must not be able to log the owner out.)
- **Audit:** every change and login is a row of ``account_events``; passwords never are.
- **E-mail** (migration 004, optional): lower-cased and unique among accounts; with single sign-on
  (Streamlit's OIDC login) ``account_for_email`` picks the account of the provider's address.
  Warehouses not migrated yet read as accounts without an address.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from etl import config
from etl.validate import Scope

ROLES = ("admin", "leader", "analyst", "staff")
ROLE_LABELS_VI = {
    "admin": "quản trị",
    "leader": "lãnh đạo",
    "analyst": "chuyên viên",
    "staff": "cán bộ nhập liệu",
}

# Which roles may do what.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": frozenset(ROLES),
    "export": frozenset({"admin", "analyst"}),
    "upload": frozenset({"admin", "staff"}),
    "rollback_own": frozenset({"admin", "staff"}),
    "rollback_any": frozenset({"admin"}),
    "manage_accounts": frozenset({"admin"}),
    "manage_reference": frozenset({"admin"}),
}
ACTIONS = tuple(PERMISSIONS)

EVENTS = (
    "created",
    "disabled",
    "enabled",
    "password_changed",
    "scope_changed",
    "login_ok",
    "login_failed",
    "locked",
)

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
# Loose on purpose: one '@', no spaces, a dot in the domain (the provider checked the address).
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL_LENGTH = 254
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
LOGIN_REASONS = ("bad_credentials", "locked", "disabled")

_HASHER = PasswordHasher()
_RETRIES = 5
T = TypeVar("T")

_COLUMNS = "username, display_name, role, scope_orgs, scope_unit, active, locked_until"


class AccountError(ValueError):
    """An account operation refused; the message is Vietnamese, for the person who asked."""


class LoginFailed(Exception):
    """A login refused: ``reason`` is one of ``LOGIN_REASONS``; the message is Vietnamese."""

    def __init__(self, reason: str, message: str | None = None):
        if reason not in LOGIN_REASONS:
            raise ValueError(f"unknown login failure reason {reason}")
        self.reason = reason
        super().__init__(message or _LOGIN_MESSAGES[reason])


_LOGIN_MESSAGES = {
    "bad_credentials": "Sai tên đăng nhập hoặc mật khẩu.",
    "locked": "Tài khoản đang tạm khóa vì đăng nhập sai nhiều lần; hãy thử lại sau.",
    "disabled": "Tài khoản đã bị vô hiệu hóa; hãy liên hệ quản trị viên.",
}


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()  # set_scope's default: keep what the account has


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    scope_orgs: frozenset[str] | None
    scope_unit: str | None
    active: bool
    locked_until: datetime | None
    email: str | None = None

    def can(self, action: str) -> bool:
        """Whether this account may do ``action`` (one of ``ACTIONS``; anything else: False)."""
        return self.active and self.role in PERMISSIONS.get(action, frozenset())

    @property
    def unrestricted(self) -> bool:
        """Whether the scope is everything (all organizations, the whole deployment)."""
        return self.scope_orgs is None and self.scope_unit is None

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and _now(now) < self.locked_until

    def scope_unit_codes(self, con: duckdb.DuckDBPyConnection) -> frozenset[str] | None:
        """The scope unit and every unit under it over all of history (``units.parent_code``);
        None when the scope is the whole deployment."""
        if self.scope_unit is None:
            return None
        return subtree_codes(con, self.scope_unit)

    def as_dict(self) -> dict:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "scope_orgs": None if self.scope_orgs is None else sorted(self.scope_orgs),
            "scope_unit": self.scope_unit,
            "active": self.active,
            "locked_until": self.locked_until,
            "email": self.email,
        }


def subtree_codes(con: duckdb.DuckDBPyConnection, unit: str) -> frozenset[str]:
    """A unit and all the units under it, recursively through ``units.parent_code``."""
    rows = con.execute(
        "with recursive sub(code) as ("
        "  select code from units where code = ?"
        "  union select u.code from units u join sub on u.parent_code = sub.code"
        ") select code from sub",
        [unit],
    ).fetchall()
    return frozenset({unit, *(r[0] for r in rows)})


# --------------------------------------------------------------------------- helpers


def _now(now: datetime | None = None) -> datetime:
    if now is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if now.tzinfo is not None:
        return now.astimezone(UTC).replace(tzinfo=None)
    return now


def _account(row: tuple) -> Account:
    """An account from the ``_select`` columns (the e-mail address last)."""
    username, display_name, role, orgs, unit, active, locked_until, email = row
    return Account(
        username=username,
        display_name=display_name,
        role=role,
        scope_orgs=None if orgs is None else frozenset(orgs),
        scope_unit=unit,
        active=bool(active),
        locked_until=locked_until,
        email=email,
    )


def _has_email(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has ``accounts.email`` (migration 004; the dashboard reads warehouses
    read-only and may meet one not migrated yet)."""
    return bool(
        con.execute(
            "select count(*) from duckdb_columns() where table_name = 'accounts' and column_name = 'email' "
            "and schema_name = 'main' and database_name = current_database()"
        ).fetchall()[0][0]
    )


def _select(con: duckdb.DuckDBPyConnection, alias: str = "") -> str:
    """The columns ``_account`` takes, optionally prefixed by a table alias."""
    prefix = f"{alias}." if alias else ""
    columns = ", ".join(prefix + c.strip() for c in _COLUMNS.split(","))
    email = f"{prefix}email" if _has_email(con) else "cast(null as varchar)"
    return f"{columns}, {email}"


def _log(
    con: duckdb.DuckDBPyConnection,
    at: datetime,
    username: str | None,
    event: str,
    detail: str | None = None,
    actor: str | None = None,
) -> None:
    con.execute(
        'insert into account_events ("at", username, event, detail, actor) values (?, ?, ?, ?, ?)',
        [at, username, event, detail, actor],
    )


class _transaction:
    """begin … commit, or rollback on any error."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        self.con.execute("begin transaction")
        return self.con

    def __exit__(self, exc_type, exc, tb) -> None:
        self.con.execute("rollback" if exc_type else "commit")


def _retrying(con: duckdb.DuckDBPyConnection, body: Callable[[], T]) -> T:
    """Run ``body`` in a transaction, again when a concurrent login wrote the same account row
    (DuckDB refuses the second writer with a conflict)."""
    for attempt in range(_RETRIES):
        try:
            with _transaction(con):
                return body()
        except duckdb.TransactionException:
            if attempt == _RETRIES - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def _normalize_username(username: str) -> str:
    return (username or "").strip().lower() if isinstance(username, str) else ""


def _check_username(username: str) -> str:
    name = _normalize_username(username)
    if not USERNAME_PATTERN.match(name):
        raise AccountError(
            f"Tên đăng nhập '{username}' không hợp lệ: 3–32 ký tự gồm chữ thường không dấu, số, "
            "dấu chấm, gạch dưới hoặc gạch ngang, bắt đầu bằng chữ hoặc số."
        )
    return name


def _check_role(role: str) -> str:
    value = (role or "").strip().lower() if isinstance(role, str) else ""
    if value not in ROLES:
        raise AccountError(f"Vai trò '{role}' không hợp lệ; chọn một trong: {', '.join(ROLES)}.")
    return value


def _check_email(
    con: duckdb.DuckDBPyConnection, email: str | None, username: str | None = None
) -> str | None:
    """The address lower-cased (None for none), refused when malformed or another account's."""
    if email is None or (isinstance(email, str) and not email.strip()):
        return None
    value = email.strip().lower() if isinstance(email, str) else ""
    if len(value) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(value):
        raise AccountError(f"Địa chỉ e-mail '{email}' không hợp lệ (ví dụ: lan.nguyen@maison.gov.vn).")
    if not _has_email(con):
        raise AccountError("Kho dữ liệu chưa có cột e-mail; hãy chạy 'doanthe init' để nâng cấp kho.")
    owners = con.execute(
        "select username from accounts where lower(email) = ? and username <> ?", [value, username or ""]
    ).fetchall()
    if owners:
        raise AccountError(f"Địa chỉ e-mail '{value}' đã dùng cho tài khoản '{owners[0][0]}'.")
    return value


def check_password(username: str, password: str) -> None:
    """Refuse a password that breaks the policy (AccountError with the reason, in Vietnamese)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu dài quá {MAX_PASSWORD_LENGTH} ký tự.")
    if password.strip().lower() == _normalize_username(username):
        raise AccountError("Mật khẩu không được trùng với tên đăng nhập.")


def random_password() -> str:
    """A strong random password (22 URL-safe characters, about 128 bits)."""
    return secrets.token_urlsafe(16)


def _resolve_orgs(con: duckdb.DuckDBPyConnection, orgs: Iterable[str] | str | None) -> list[str] | None:
    """Organization type codes for codes, labels or aliases (as the ETL reads them); None = all."""
    if orgs is None:
        return None
    if isinstance(orgs, str):
        orgs = [orgs]
    values = [o for o in orgs if isinstance(o, str) and o.strip()]
    if not values:
        return None
    from etl.reference import Reference

    ref = Reference.load(con)
    codes: list[str] = []
    for value in values:
        code = ref.resolve("org", value)
        if code is None:
            raise AccountError(f"'{value}' không phải tổ chức nào trong danh mục.")
        if code not in codes:
            codes.append(code)
    return sorted(codes)


def _resolve_unit(con: duckdb.DuckDBPyConnection, unit: str | None) -> str | None:
    """A unit code for a code or an unambiguous name; None = the whole deployment."""
    if unit is None or (isinstance(unit, str) and not unit.strip()):
        return None
    value = unit.strip()
    exact = con.execute("select code from units where code = ?", [value]).fetchall()
    if exact:
        return exact[0][0]
    from etl.reference import Reference

    candidates = Reference.load(con).unit_candidates(value)
    if not candidates:
        raise AccountError(f"'{value}' không phải địa bàn nào trong danh mục.")
    if len(candidates) > 1:
        listed = "; ".join(f"{u.code} {u.name}{_validity(u.valid_from, u.valid_to)}" for u in candidates)
        raise AccountError(f"'{value}' ứng với nhiều địa bàn ({listed}); hãy ghi mã địa bàn.")
    return candidates[0].code


def _validity(valid_from, valid_to) -> str:
    if valid_to is not None:
        return f" (đến {valid_to:%d/%m/%Y})"
    if valid_from is not None and valid_from.year > 2000:
        return f" (từ {valid_from:%d/%m/%Y})"
    return ""


def _row(con: duckdb.DuckDBPyConnection, username: str) -> tuple | None:
    rows = con.execute(f"select {_select(con)} from accounts where username = ?", [username]).fetchall()
    return rows[0] if rows else None


def _require(con: duckdb.DuckDBPyConnection, username: str) -> Account:
    name = _normalize_username(username)
    row = _row(con, name)
    if row is None:
        raise AccountError(f"Không có tài khoản '{username}'.")
    return _account(row)


def _other_active_admins(con: duckdb.DuckDBPyConnection, username: str) -> int:
    return con.execute(
        "select count(*) from accounts where role = 'admin' and active and username <> ?", [username]
    ).fetchall()[0][0]


def _revoke_all(con: duckdb.DuckDBPyConnection, username: str, at: datetime) -> None:
    con.execute(
        "update auth_sessions set revoked_at = ? where username = ? and revoked_at is null", [at, username]
    )


def _hash(password: str) -> str:
    return _HASHER.hash(password)


@functools.cache
def _dummy_hash() -> str:
    """A hash no password matches, verified for unknown users so that they cost the same time."""
    return _HASHER.hash(secrets.token_urlsafe(32))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _scope_text(orgs: list[str] | frozenset[str] | None, unit: str | None) -> str:
    org_text = "tất cả" if orgs is None else ",".join(sorted(orgs))
    return f"orgs={org_text}; unit={unit or 'tất cả'}"


# --------------------------------------------------------------------------- accounts


def add_user(
    con: duckdb.DuckDBPyConnection,
    username: str,
    *,
    role: str,
    password: str,
    display_name: str | None = None,
    orgs: Iterable[str] | None = None,
    unit: str | None = None,
    email: str | None = None,
    actor: str | None = None,
    now: datetime | None = None,
) -> Account:
    """Create an account. ``orgs``: organization codes, labels or aliases (None or empty: all);
    ``unit``: a unit code or an unambiguous name (None: the whole deployment); ``email``: the
    address single sign-on knows the person by (optional, unique)."""
    name, role_code, org_codes, unit_code, address = _check_new_user(con, username, role, orgs, unit, email)
    check_password(name, password)
    shown = (display_name or "").strip() or name
    password_hash = _hash(password)
    now = _now(now)
    # (Only named where given: a warehouse not migrated to 004 has no such column.)
    email_column, email_value = (", email", ", ?") if address else ("", "")
    try:
        with _transaction(con):
            con.execute(
                "insert into accounts (username, display_name, role, scope_orgs, scope_unit, active, "
                f"password_hash, failed_logins, locked_until, created_at, updated_at, password_changed_at{email_column}) "
                f"values (?, ?, ?, ?, ?, true, ?, 0, null, ?, ?, ?{email_value})",
                [name, shown, role_code, org_codes, unit_code, password_hash, now, now, now]
                + ([address] if address else []),
            )
            detail = f"role={role_code}; {_scope_text(org_codes, unit_code)}" + (
                f"; email={address}" if address else ""
            )
            _log(con, now, name, "created", detail, actor)
    except duckdb.ConstraintException as exc:
        raise AccountError(f"Tên đăng nhập '{name}' đã có.") from exc
    return _require(con, name)


def validate_new_user(
    con: duckdb.DuckDBPyConnection,
    username: str,
    *,
    role: str,
    orgs: Iterable[str] | None = None,
    unit: str | None = None,
    email: str | None = None,
) -> None:
    """Raise AccountError if ``add_user`` would refuse these (all but the password), e.g. before
    asking for a password."""
    _check_new_user(con, username, role, orgs, unit, email)


def _check_new_user(
    con, username, role, orgs, unit, email=None
) -> tuple[str, str, list[str] | None, str | None, str | None]:
    name = _check_username(username)
    role_code = _check_role(role)
    org_codes = _resolve_orgs(con, orgs)
    unit_code = _resolve_unit(con, unit)
    if _row(con, name) is not None:
        raise AccountError(f"Tên đăng nhập '{name}' đã có.")
    address = _check_email(con, email, name)
    return name, role_code, org_codes, unit_code, address


def list_users(con: duckdb.DuckDBPyConnection) -> list[Account]:
    """Every account, by user name."""
    rows = con.execute(f"select {_select(con)} from accounts order by username").fetchall()
    return [_account(r) for r in rows]


def get_user(con: duckdb.DuckDBPyConnection, username: str) -> Account | None:
    row = _row(con, _normalize_username(username))
    return _account(row) if row else None


def set_active(
    con: duckdb.DuckDBPyConnection,
    username: str,
    active: bool,
    *,
    actor: str | None = None,
    now: datetime | None = None,
) -> Account:
    """Enable or disable an account; disabling ends its sessions. The last active admin cannot be
    disabled."""
    account = _require(con, username)
    if account.active == bool(active):
        return account
    if not active and account.role == "admin" and _other_active_admins(con, account.username) == 0:
        raise AccountError("Không thể vô hiệu hóa quản trị viên cuối cùng đang hoạt động.")
    now = _now(now)
    with _transaction(con):
        con.execute(
            "update accounts set active = ?, updated_at = ? where username = ?",
            [bool(active), now, account.username],
        )
        if not active:
            _revoke_all(con, account.username, now)
        _log(con, now, account.username, "enabled" if active else "disabled", None, actor)
    return _require(con, account.username)


def set_password(
    con: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    *,
    actor: str | None = None,
    now: datetime | None = None,
) -> Account:
    """Set a new password: clears failed logins and any lock, ends every session of the account."""
    account = _require(con, username)
    check_password(account.username, password)
    password_hash = _hash(password)
    now = _now(now)
    with _transaction(con):
        con.execute(
            "update accounts set password_hash = ?, password_changed_at = ?, updated_at = ?, "
            "failed_logins = 0, locked_until = null where username = ?",
            [password_hash, now, now, account.username],
        )
        _revoke_all(con, account.username, now)
        _log(con, now, account.username, "password_changed", None, actor)
    return _require(con, account.username)


def set_scope(
    con: duckdb.DuckDBPyConnection,
    username: str,
    *,
    role: str | None = None,
    orgs: Iterable[str] | None | _Unchanged = UNCHANGED,
    unit: str | None | _Unchanged = UNCHANGED,
    display_name: str | None = None,
    email: str | None | _Unchanged = UNCHANGED,
    actor: str | None = None,
    now: datetime | None = None,
) -> Account:
    """Change an account's role, scope, display name or e-mail address. ``orgs=None`` (or empty)
    means all organizations, ``unit=None`` the whole deployment, ``email=None`` (or blank) no
    address; left out, they stay as they are. The last active admin keeps the admin role."""
    account = _require(con, username)
    new_role = account.role if role is None else _check_role(role)
    new_orgs = (
        (None if account.scope_orgs is None else sorted(account.scope_orgs))
        if orgs is UNCHANGED
        else _resolve_orgs(con, orgs)  # type: ignore[arg-type]
    )
    new_unit = account.scope_unit if unit is UNCHANGED else _resolve_unit(con, unit)  # type: ignore[arg-type]
    new_name = (
        account.display_name if display_name is None else (display_name.strip() or account.display_name)
    )
    new_email = account.email if email is UNCHANGED else _check_email(con, email, account.username)  # type: ignore[arg-type]
    if (
        account.role == "admin"
        and new_role != "admin"
        and account.active
        and _other_active_admins(con, account.username) == 0
    ):
        raise AccountError("Không thể đổi vai trò của quản trị viên cuối cùng đang hoạt động.")
    old_orgs = None if account.scope_orgs is None else sorted(account.scope_orgs)
    if (new_role, new_orgs, new_unit, new_name, new_email) == (
        account.role,
        old_orgs,
        account.scope_unit,
        account.display_name,
        account.email,
    ):
        return account
    now = _now(now)
    # (The address is written only when it changes: a warehouse not migrated to 004 has no column.)
    email_set, email_param = (", email = ?", [new_email]) if new_email != account.email else ("", [])
    with _transaction(con):
        con.execute(
            "update accounts set role = ?, scope_orgs = ?, scope_unit = ?, display_name = ?, updated_at = ?"
            f"{email_set} where username = ?",
            [new_role, new_orgs, new_unit, new_name, now, *email_param, account.username],
        )
        _log(
            con,
            now,
            account.username,
            "scope_changed",
            f"role={new_role}; {_scope_text(new_orgs, new_unit)}; name={new_name}; email={new_email or '-'}",
            actor,
        )
    return _require(con, account.username)


def account_for_email(con: duckdb.DuckDBPyConnection, email: str | None) -> Account | None:
    """The active account with this e-mail address (any case), or None: for single sign-on, where
    the OIDC provider has already checked who the person is. A lock after wrong passwords does not
    apply (it guards the password form); a disabled account is never returned."""
    if not isinstance(email, str):
        return None
    value = email.strip().lower()
    if not value or len(value) > MAX_EMAIL_LENGTH or not _has_email(con):
        return None
    rows = con.execute(
        f"select {_select(con)} from accounts where lower(email) = ? and active order by username", [value]
    ).fetchall()
    return _account(rows[0]) if rows else None


def active_admins(con: duckdb.DuckDBPyConnection) -> list[Account]:
    """The accounts that can manage accounts now."""
    rows = con.execute(
        f"select {_select(con)} from accounts where role = 'admin' and active order by username"
    ).fetchall()
    return [_account(r) for r in rows]


def events(con: duckdb.DuckDBPyConnection, username: str | None = None, limit: int = 200) -> list[dict]:
    """The latest audit events (all accounts, or one), newest first."""
    where, params = ("where username = ?", [_normalize_username(username)]) if username else ("", [])
    rows = con.execute(
        f'select "at", username, event, detail, actor from account_events {where} '
        'order by "at" desc, rowid desc limit ?',
        [*params, int(limit)],
    ).fetchall()
    return [dict(zip(("at", "username", "event", "detail", "actor"), r, strict=True)) for r in rows]


# --------------------------------------------------------------------------- login


def authenticate(
    con: duckdb.DuckDBPyConnection, username: str, password: str, *, now: datetime | None = None
) -> Account:
    """The account for a user name and password, or ``LoginFailed`` (see the module's doc)."""
    now = _now(now)
    name = _normalize_username(username)
    rows = con.execute(
        f"select {_select(con)}, password_hash from accounts where username = ?", [name]
    ).fetchall()
    usable = isinstance(password, str) and 0 < len(password) <= MAX_PASSWORD_LENGTH
    if not rows:
        _verify(_dummy_hash(), password if usable else "")
        # (What was typed as a user name is not kept: it is sometimes a password.)
        _log(con, now, None, "login_failed", "unknown user")
        raise LoginFailed("bad_credentials")
    *fields, password_hash = rows[0]
    account = _account(tuple(fields))
    if account.is_locked(now):
        _log(con, now, account.username, "login_failed", "locked")
        minutes = max(1, math.ceil((account.locked_until - now).total_seconds() / 60))
        raise LoginFailed(
            "locked",
            f"Tài khoản đang tạm khóa vì đăng nhập sai nhiều lần; hãy thử lại sau {minutes} phút.",
        )
    if not (usable and _verify(password_hash, password)):
        _failed(con, account, now)
    if not account.active:
        _log(con, now, account.username, "login_failed", "disabled")
        raise LoginFailed("disabled")
    new_hash = _hash(password) if _HASHER.check_needs_rehash(password_hash) else None

    def succeed() -> None:
        if new_hash:
            con.execute(
                "update accounts set password_hash = ? where username = ?", [new_hash, account.username]
            )
        con.execute(
            "update accounts set failed_logins = 0, locked_until = null where username = ?",
            [account.username],
        )
        _log(con, now, account.username, "login_ok")

    _retrying(con, succeed)
    return _require(con, account.username)


def _failed(con: duckdb.DuckDBPyConnection, account: Account, now: datetime) -> None:
    """Count a wrong password; lock the account at the limit. Always raises LoginFailed."""

    def count() -> tuple[int, bool]:
        failures = con.execute(
            "update accounts set failed_logins = failed_logins + 1 where username = ? returning failed_logins",
            [account.username],
        ).fetchall()[0][0]
        _log(con, now, account.username, "login_failed", f"wrong password ({failures})")
        if failures < config.LOGIN_MAX_FAILURES:
            return failures, False
        until = now + timedelta(minutes=config.LOGIN_LOCK_MINUTES)
        # The count starts again once the lock is over.
        con.execute(
            "update accounts set failed_logins = 0, locked_until = ? where username = ?",
            [until, account.username],
        )
        _log(con, now, account.username, "locked", f"until {until:%Y-%m-%d %H:%M} UTC")
        return failures, True

    failures, locked = _retrying(con, count)
    if locked:
        raise LoginFailed(
            "locked",
            f"Sai mật khẩu {failures} lần liên tiếp: tài khoản tạm khóa {config.LOGIN_LOCK_MINUTES} phút.",
        )
    raise LoginFailed("bad_credentials")


# --------------------------------------------------------------------------- sessions


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_session(
    con: duckdb.DuckDBPyConnection,
    username: str,
    *,
    hours: float | None = None,
    now: datetime | None = None,
) -> str:
    """A new session token for an active account (call after ``authenticate``). Only the token's
    SHA-256 is stored; the session lasts ``hours`` (default ``config.SESSION_HOURS``)."""
    account = _require(con, username)
    if not account.active:
        raise AccountError(f"Tài khoản '{account.username}' đã bị vô hiệu hóa.")
    now = _now(now)
    hours = config.SESSION_HOURS if hours is None else hours
    token = secrets.token_urlsafe(32)
    con.execute(
        "insert into auth_sessions (token_hash, username, created_at, expires_at, revoked_at) "
        "values (?, ?, ?, ?, null)",
        [_token_hash(token), account.username, now, now + timedelta(hours=hours)],
    )
    return token


def session_account(
    con: duckdb.DuckDBPyConnection, token: str | None, *, now: datetime | None = None
) -> Account | None:
    """The account of a live session; None for an unknown, expired or revoked token or a user that
    is disabled or gone."""
    if not isinstance(token, str) or not token or len(token) > 512:
        return None
    rows = con.execute(
        f"select {_select(con, 'a')} "
        "from auth_sessions s join accounts a on a.username = s.username "
        "where s.token_hash = ? and s.revoked_at is null and s.expires_at > ? and a.active",
        [_token_hash(token), _now(now)],
    ).fetchall()
    return _account(rows[0]) if rows else None


def revoke_session(con: duckdb.DuckDBPyConnection, token: str | None, *, now: datetime | None = None) -> None:
    """End a session (log out). Unknown tokens are ignored."""
    if not isinstance(token, str) or not token:
        return
    con.execute(
        "update auth_sessions set revoked_at = ? where token_hash = ? and revoked_at is null",
        [_now(now), _token_hash(token)],
    )


def revoke_sessions(con: duckdb.DuckDBPyConnection, username: str, *, now: datetime | None = None) -> None:
    """End every session of one account."""
    _revoke_all(con, _normalize_username(username), _now(now))


def purge_expired_sessions(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> int:
    """Delete the sessions that are over (expired or revoked); returns how many."""
    rows = con.execute(
        "delete from auth_sessions where expires_at <= ? or revoked_at is not null returning token_hash",
        [_now(now)],
    ).fetchall()
    return len(rows)


# --------------------------------------------------------------------------- scope


def etl_scope(con: duckdb.DuckDBPyConnection, account: Account) -> Scope | None:
    """What the account may load, for ``etl.pipeline.load_file(scope=...)``; None: everything."""
    if account.unrestricted:
        return None
    return Scope(orgs=account.scope_orgs, units=account.scope_unit_codes(con))
