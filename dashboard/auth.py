"""Who is looking: the login, the session cookie, the account's role and scope.

Every run of the app starts with :func:`current_account`. It answers from the session (a login in
this browser tab), else from the ``doanthe_session`` cookie the browser sent when it connected (a
login that survives a reload for ``DOANTHE_SESSION_HOURS``, 8 by default, and no longer), else
``None`` — and then the app shows the login page and nothing else.

The cookie holds a random token; the warehouse keeps only its SHA-256 with an expiry
(``etl.accounts``), so logging out, disabling the account or changing its password ends every
session at once. The token is checked again on every run. Where Streamlit's OIDC login is
configured (an ``[auth]`` section in ``.streamlit/secrets.toml``), ``st.login`` is used instead of
the password form and the provider's e-mail address picks the account.

Role and scope come from the account and are applied where the data is read (the query layer's
``Scope`` and the ETL's ``out_of_scope`` check), never by hiding widgets alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from dashboard import db
from dashboard.filters import Scope
from dashboard.i18n import t
from etl import accounts, config
from etl.accounts import Account

ACCOUNT_KEY = "_auth_account"
TOKEN_KEY = "_auth_token"
EXPIRES_KEY = "_auth_expires"
LOGGED_OUT_KEY = "_auth_logged_out"
COOKIE_NAME = "doanthe_session"

# Sets or clears the session cookie in the browser. The token is the only data it receives.
_COOKIE_JS = """
export default function (component) {
    const { data } = component;
    if (!data || !data.name) { return; }
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    const value = data.token ? encodeURIComponent(data.token) : "";
    const age = data.token ? Math.max(0, Math.floor(data.max_age)) : 0;
    document.cookie = `${data.name}=${value}; Max-Age=${age}; Path=/; SameSite=Strict${secure}`;
}
"""
_cookie_component = st.components.v2.component("doanthe_session_cookie", js=_COOKIE_JS)


# ── Who is logged in ─────────────────────────────────────────────────────────────────────────────


def oidc_configured() -> bool:
    """Whether Streamlit's own OIDC login is set up (``[auth]`` in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return False


def current_account(path: str | Path) -> Account | None:
    """The logged-in account of this run, checked against the warehouse; None when nobody is."""
    if oidc_configured():
        return _oidc_account(path)
    token = st.session_state.get(TOKEN_KEY)
    if token is None and not st.session_state.get(LOGGED_OUT_KEY):
        token = _cookie_token()
    if token is None:
        # Set directly in the session by the app's own code (never from the browser): kept as is.
        return st.session_state.get(ACCOUNT_KEY)
    try:
        with db.warehouse(path) as con:
            found = accounts.session_account(con, token)
    except db.WarehouseUnavailable:
        # Busy for a moment (a load from the command line): the tab's login checked on its last
        # run stands; a session only being restored waits for the next run. The page says why.
        return st.session_state.get(ACCOUNT_KEY)
    if found is None:
        _forget()
        return None
    st.session_state[ACCOUNT_KEY] = found
    st.session_state[TOKEN_KEY] = token
    return found


def _cookie_token() -> str | None:
    """The session token the browser sent when this session connected, if it looks like one."""
    try:
        value = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # noqa: BLE001 - no browser connection (bare or test runs): no cookie
        return None
    return value if isinstance(value, str) and 0 < len(value) <= 512 else None


def _oidc_account(path: str | Path) -> Account | None:
    if not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "").strip().lower()
    if not email:
        return None
    try:
        with db.warehouse(path) as con:
            found = accounts.account_for_email(con, email)
    except db.WarehouseUnavailable:
        return None
    return found if found is not None and found.active else None


def log_in(path: str | Path, username: str, password: str, lang: str) -> str | None:
    """Check the password; on success start a session and return None, else say why not."""
    try:
        with db.writer(path) as con:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            account = accounts.authenticate(con, username, password, now=now)
            token = accounts.create_session(con, account.username, hours=config.SESSION_HOURS, now=now)
            expires = now + dt.timedelta(hours=config.SESSION_HOURS)
    except accounts.LoginFailed as exc:
        return t(f"auth.failed.{exc.reason}", lang, minutes=config.LOGIN_LOCK_MINUTES)
    except db.WarehouseUnavailable as exc:
        return t(f"db.{exc.reason}", lang, path=str(exc.path))
    st.session_state[ACCOUNT_KEY] = account
    st.session_state[TOKEN_KEY] = token
    st.session_state[EXPIRES_KEY] = expires
    st.session_state.pop(LOGGED_OUT_KEY, None)
    return None


def log_out(path: str | Path) -> None:
    """End the session here and in the warehouse; the cookie is cleared on the next run."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        try:
            with db.writer(path) as con:
                accounts.revoke_session(con, token)
        except db.WarehouseUnavailable:
            pass  # the session still ends in this tab, and its token expires on its own
    _forget()
    st.session_state[LOGGED_OUT_KEY] = True
    if oidc_configured():
        st.logout()


def _forget() -> None:
    for key in (ACCOUNT_KEY, TOKEN_KEY, EXPIRES_KEY):
        st.session_state.pop(key, None)


def sync_cookie(account: Account | None) -> None:
    """Keep the browser's cookie in step with the session: set after a login in this tab (with the
    session's remaining time, so it never outlives it), cleared after a logout."""
    token = st.session_state.get(TOKEN_KEY)
    expires: dt.datetime | None = st.session_state.get(EXPIRES_KEY)
    if token and expires is not None:
        max_age = (expires - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds()
        data = {"name": COOKIE_NAME, "token": token, "max_age": max_age}
    elif st.session_state.get(LOGGED_OUT_KEY) or (account is None and _cookie_token()):
        # Logged out here, or the browser holds a token that is over: drop it.
        data = {"name": COOKIE_NAME, "token": "", "max_age": 0}
    else:
        return
    with st.sidebar:
        _cookie_component(data=data, key="_auth_cookie")


# ── What the account may do and see ──────────────────────────────────────────────────────────────


def viewer_scope(account: Account | None) -> Scope:
    """The query layer's scope for an account; nobody logged in sees nothing."""
    if account is None or not account.active:
        return Scope(orgs=frozenset(), units=frozenset())
    orgs = None if account.scope_orgs is None else frozenset(account.scope_orgs)
    units = None if account.scope_unit is None else frozenset({account.scope_unit})
    return Scope(orgs=orgs, units=units)


def can(account: Account | None, action: str) -> bool:
    return account is not None and account.active and account.can(action)


# ── The login page ───────────────────────────────────────────────────────────────────────────────


def login_page(path: str | Path, lang: str) -> None:
    """The only page anyone sees before logging in."""
    st.title(t("auth.heading", lang))
    st.caption(t("auth.intro", lang))
    if oidc_configured():
        st.button(t("auth.oidc_button", lang), on_click=st.login, type="primary")
        if st.user.is_logged_in:
            st.error(t("auth.oidc_no_account", lang, email=str(st.user.get("email") or "")))
        return
    with st.form("login", enter_to_submit=True):
        username = st.text_input(t("auth.username", lang), autocomplete="username", key="login_username")
        password = st.text_input(
            t("auth.password", lang), type="password", autocomplete="current-password", key="login_password"
        )
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary", key="login_submit")
    if submitted:
        if not username.strip() or not password:
            st.error(t("auth.failed.empty", lang))
            return
        problem = log_in(path, username.strip(), password, lang)
        if problem is None:
            st.rerun()
        st.error(problem)
    st.caption(t("auth.hours", lang, hours=config.SESSION_HOURS))
