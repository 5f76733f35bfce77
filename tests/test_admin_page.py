"""The administration and batches pages through AppTest: accounts made, changed and disabled."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from etl import accounts
from tests.logins import PASSWORD

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES_DIR = Path(APP).parent / "app_pages"


@pytest.fixture
def admin_db(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "doanthe.duckdb"
    shutil.copy(sample_db, path)
    con = duckdb.connect(str(path))
    try:
        accounts.add_user(con, "quantri", role="admin", password=PASSWORD)
        accounts.add_user(con, "lanhdao", role="leader", password=PASSWORD)
    finally:
        con.close()
    monkeypatch.setenv("DOANTHE_DB", str(path))
    return path


def logged_in(username: str, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(PASSWORD)
    at.button(key="login_submit").click().run()
    at.switch_page(str(PAGES_DIR / f"{page}.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stored(path: Path, username: str) -> accounts.Account | None:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return accounts.get_user(con, username)
    finally:
        con.close()


def test_an_admin_creates_an_account_and_sees_its_password_once(admin_db):
    at = logged_in("quantri", "admin")
    assert t("admin.heading") in [x.value for x in at.title]
    at.text_input(key="new_username").input("canbo_muongbon")
    at.text_input(key="new_name").input("Lò Thị Mai")
    at.selectbox(key="new_role").set_value("staff")
    at.multiselect(key="new_orgs").set_value(["HLHPN"])
    at.selectbox(key="new_unit").set_value("04123")
    at.button[[b.label for b in at.button].index(t("admin.create_button"))].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [t("admin.created", username="canbo_muongbon")]
    [password] = [c.value for c in at.code]
    account = stored(admin_db, "canbo_muongbon")
    assert account.role == "staff" and account.scope_orgs == {"HLHPN"} and account.scope_unit == "04123"
    con = duckdb.connect(str(admin_db))
    try:
        assert accounts.authenticate(con, "canbo_muongbon", password).username == "canbo_muongbon"
    finally:
        con.close()
    # Shown once: the next run no longer shows it.
    at.run()
    assert not at.code


def test_a_bad_account_is_refused_with_a_reason_and_nothing_is_made(admin_db):
    at = logged_in("quantri", "admin")
    at.text_input(key="new_username").input("X")
    at.button[[b.label for b in at.button].index(t("admin.create_button"))].click().run()
    assert at.error and not at.code
    assert stored(admin_db, "x") is None


def test_disabling_and_resetting_a_password(admin_db):
    at = logged_in("quantri", "admin")
    at.selectbox(key="edit_username").set_value("lanhdao").run()
    at.button[[b.label for b in at.button].index(t("admin.disable"))].click().run()
    assert not stored(admin_db, "lanhdao").active
    at.button[[b.label for b in at.button].index(t("admin.enable"))].click().run()
    assert stored(admin_db, "lanhdao").active
    at.button[[b.label for b in at.button].index(t("admin.reset_password"))].click().run()
    [password] = [c.value for c in at.code]
    con = duckdb.connect(str(admin_db))
    try:
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(con, "lanhdao", PASSWORD)
        assert accounts.authenticate(con, "lanhdao", password).username == "lanhdao"
    finally:
        con.close()


def test_the_admin_page_refuses_anyone_else_even_when_run_directly(admin_db):
    at = logged_in("lanhdao", "overview")
    page = AppTest.from_file(str(PAGES_DIR / "admin.py"), default_timeout=60)
    page.session_state["_auth_account"] = stored(admin_db, "lanhdao")
    page.run()
    assert [e.value for e in page.error] == [t("batches.not_allowed")]
    assert not page.dataframe
    assert at.title  # the leader's own dashboard is unaffected


def test_the_batches_page_lists_every_batch_for_an_admin(admin_db):
    at = logged_in("quantri", "batches")
    assert t("batches.heading") in [x.value for x in at.title]
    [table] = at.dataframe
    con = duckdb.connect(str(admin_db), read_only=True)
    try:
        n = con.execute("select count(*) from batches").fetchall()[0][0]
    finally:
        con.close()
    assert len(table.value) == n > 0
