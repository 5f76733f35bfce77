"""Test accounts: logged-in sessions for AppTests and browsers, and real accounts in a warehouse.

AppTests put an :class:`~etl.accounts.Account` straight into the session (``as_account``), as the
login does. Browser tests get a real session: ``add_test_accounts`` creates accounts with known
passwords and a live session token each in the warehouse a server will serve, and ``log_in_by_cookie``
hands a browser context that token's cookie, exactly what a login leaves behind.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard import auth
from etl import accounts
from etl.accounts import Account

PASSWORD = "mat-khau-kiem-thu-2026"
MIGRATION = Path(__file__).resolve().parent.parent / "etl" / "sql" / "migrations" / "003_accounts.sql"


def account(role: str = "admin", *, orgs: set[str] | None = None, unit: str | None = None) -> Account:
    """An account as the login would put it into the session (not stored anywhere)."""
    return Account(
        username=f"kiemthu_{role}",
        display_name=f"Kiểm thử ({role})",
        role=role,
        scope_orgs=None if orgs is None else frozenset(orgs),
        scope_unit=unit,
        active=True,
        locked_until=None,
    )


ADMIN = account("admin")


def as_account(at, who: Account | None = ADMIN):
    """Log an AppTest in as ``who`` (None: nobody)."""
    if who is None:
        if auth.ACCOUNT_KEY in at.session_state:
            del at.session_state[auth.ACCOUNT_KEY]
    else:
        at.session_state[auth.ACCOUNT_KEY] = who
    return at


def ensure_account_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The accounts tables, for hand-made warehouses that skip the migrations."""
    con.execute(MIGRATION.read_text(encoding="utf-8"))


def add_test_accounts(path: str | Path, specs: dict[str, dict]) -> dict[str, str]:
    """Create accounts (``{username: {"role": …, "orgs": …, "unit": …}}``) with ``PASSWORD`` and
    a live session each; returns ``{username: session token}``."""
    con = duckdb.connect(str(path))
    try:
        ensure_account_tables(con)
        tokens = {}
        for username, spec in specs.items():
            if accounts.get_user(con, username) is None:
                accounts.add_user(con, username, password=PASSWORD, **spec)
            tokens[username] = accounts.create_session(con, username)
        return tokens
    finally:
        con.close()


def log_in_by_cookie(context, base_url: str, token: str) -> None:
    """Give a Playwright browser context the session cookie a login would have set."""
    context.add_cookies([{"name": auth.COOKIE_NAME, "value": token, "url": base_url}])
