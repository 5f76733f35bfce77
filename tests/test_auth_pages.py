"""The login, the pages each role gets, and scope that a URL cannot widen (AppTest)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard import queries_ibis as q
from dashboard.filters import Scope, from_query_params
from dashboard.i18n import fmt_int, t
from dashboard.periods import Cutoff
from etl import accounts
from tests.logins import PASSWORD, as_account

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES_DIR = Path(APP).parent / "app_pages"
STAFF_UNIT = "04126"  # Xã Mường Bon, a commune of the sample district before the 2025 reform
USERS = {
    "quantri": {"role": "admin"},
    "lanhdao": {"role": "leader"},
    "chuyenvien": {"role": "analyst"},
    "canbo_phunu": {"role": "staff", "orgs": ["HLHPN"], "unit": STAFF_UNIT},
}


@pytest.fixture
def auth_db(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample warehouse with one account per role (logins write to it)."""
    path = tmp_path / "doanthe.duckdb"
    shutil.copy(sample_db, path)
    con = duckdb.connect(str(path))
    try:
        for username, spec in USERS.items():
            accounts.add_user(con, username, password=PASSWORD, **spec)
    finally:
        con.close()
    monkeypatch.setenv("DOANTHE_DB", str(path))
    return path


def app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params or {})
    return at


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button(key="login_submit").click().run()
    return at


def page_titles(at: AppTest) -> list[str]:
    return [title.value for title in at.title]


def nav_pages(at: AppTest) -> set[str]:
    """The page files the navigation of this run offers."""
    return {Path(str(info.get("script_path"))).stem for info in at._registered_pages.values()}  # noqa: SLF001


def test_nobody_sees_anything_before_logging_in(auth_db):
    at = app({"period": "2024-H1"})
    at.run()
    assert not at.exception
    assert page_titles(at) == [t("auth.heading")]
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe
    # No page of the dashboard is registered, so none can be switched to.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(PAGES_DIR / "overview.py"))


def test_wrong_password_is_refused_and_the_right_one_opens_the_dashboard(auth_db):
    at = app({"period": "2024-H1"})
    at.run()
    log_in(at, "lanhdao", "not-the-password")
    assert [e.value for e in at.error] == [t("auth.failed.bad_credentials")]
    assert not at.metric
    # An unknown user gets the very same answer.
    log_in(at, "khongco", "not-the-password")
    assert [e.value for e in at.error] == [t("auth.failed.bad_credentials")]

    log_in(at, "lanhdao", PASSWORD)
    assert not at.exception
    assert t("overview.heading") in page_titles(at)
    assert next(m for m in at.metric if m.label == "Số hoạt động").value
    # The session is in the warehouse (as a hash), valid for the configured hours.
    token = at.session_state[auth.TOKEN_KEY]
    con = duckdb.connect(str(auth_db), read_only=True)
    try:
        assert accounts.session_account(con, token).username == "lanhdao"
        later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=8, minutes=1)
        assert accounts.session_account(con, token, now=later) is None
        stored = con.execute("select token_hash from auth_sessions").fetchall()
    finally:
        con.close()
    assert all(token not in row[0] for row in stored)


def test_five_wrong_passwords_lock_the_account(auth_db):
    at = app()
    at.run()
    for _ in range(5):
        log_in(at, "chuyenvien", "sai-mat-khau-roi")
    log_in(at, "chuyenvien", PASSWORD)
    assert [e.value for e in at.error] == [t("auth.failed.locked", minutes=15)]
    assert not at.metric


def test_a_disabled_account_cannot_log_in(auth_db):
    con = duckdb.connect(str(auth_db))
    try:
        accounts.set_active(con, "lanhdao", False)
    finally:
        con.close()
    at = app()
    at.run()
    log_in(at, "lanhdao", PASSWORD)
    assert [e.value for e in at.error] == [t("auth.failed.disabled")]


def test_logging_out_ends_the_session_everywhere(auth_db):
    at = app()
    at.run()
    log_in(at, "lanhdao", PASSWORD)
    token = at.session_state[auth.TOKEN_KEY]
    at.sidebar.button(key="_logout").click().run()
    assert page_titles(at) == [t("auth.heading")]
    con = duckdb.connect(str(auth_db), read_only=True)
    try:
        assert accounts.session_account(con, token) is None
    finally:
        con.close()


def test_disabling_an_account_ends_its_open_session(auth_db):
    at = app()
    at.run()
    log_in(at, "lanhdao", PASSWORD)
    assert at.metric
    con = duckdb.connect(str(auth_db))
    try:
        accounts.set_active(con, "lanhdao", False)
    finally:
        con.close()
    at.run()
    assert page_titles(at) == [t("auth.heading")]


@pytest.mark.parametrize(
    ("username", "offered", "withheld"),
    [
        ("quantri", {"upload", "batches", "admin", "warehouse", "overview"}, set()),
        ("lanhdao", {"overview", "records"}, {"upload", "batches", "admin", "warehouse"}),
        ("chuyenvien", {"overview", "records"}, {"upload", "batches", "admin", "warehouse"}),
        ("canbo_phunu", {"overview", "upload", "batches"}, {"admin", "warehouse"}),
    ],
)
def test_each_role_gets_its_pages(auth_db, username, offered, withheld):
    at = app()
    at.run()
    log_in(at, username, PASSWORD)
    pages = nav_pages(at)
    assert offered <= pages
    assert not (withheld & pages)
    for page in withheld:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(str(PAGES_DIR / f"{page}.py"))


def test_only_analysts_and_admins_get_the_records_export(auth_db):
    for username, can_export in (("chuyenvien", True), ("lanhdao", False), ("canbo_phunu", False)):
        at = app({"period": "2024-H1"})
        at.run()
        log_in(at, username, PASSWORD)
        at.switch_page(str(PAGES_DIR / "records.py"))
        at.query_params.update({"period": "2024-H1"})
        at.run()
        assert not at.exception
        labels = {b.label for b in at.get("download_button")}
        assert (t("records.download_csv") in labels) is can_export, username


def test_a_url_cannot_widen_the_staff_scope(auth_db):
    """The clerk of one commune's Women's Union asks by URL for the Farmers' Union and for all units:
    she sees only what her scope holds (here: nothing of the Farmers' Union)."""
    filters = {"period": "2024-H1", "org": "HND"}
    at = as_account(app(filters), None)
    at.run()
    log_in(at, "canbo_phunu", PASSWORD)
    at.query_params.update(filters)
    at.run()
    shown = next(m for m in at.metric if m.label == "Số hoạt động").value

    con = duckdb.connect(str(auth_db), read_only=True)
    try:
        b = q.backend_for(con.cursor())
        f = from_query_params(filters, today=dt.date.today(), cutoff=Cutoff())
        scoped = q.kpis(b, f, Scope(orgs={"HLHPN"}, units={STAFF_UNIT})).iloc[0]["activities"]
        everything = q.kpis(b, f, None).iloc[0]["activities"]
        own = q.kpis(
            b,
            from_query_params({"period": "2024-H1"}, today=dt.date.today(), cutoff=Cutoff()),
            Scope(orgs={"HLHPN"}, units={STAFF_UNIT}),
        ).iloc[0]["activities"]
    finally:
        con.close()
    assert everything > 0 and scoped == 0 and own > 0
    assert shown in (fmt_int(0), "—", "0")

    # Without the URL's organization she sees her own organization's figures, and only those.
    at.query_params.clear()
    at.query_params.update({"period": "2024-H1"})
    at.sidebar.button(key="f_reset").click().run()
    at.query_params.update({"period": "2024-H1"})
    at.run()
    assert next(m for m in at.metric if m.label == "Số hoạt động").value == fmt_int(own)
