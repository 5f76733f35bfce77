"""Accounts (etl/accounts.py): argon2id hashes, login failures and the lock, sessions, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from etl import accounts as acc
from etl import config
from etl.accounts import AccountError, LoginFailed
from etl.validate import Scope

T0 = dt.datetime(2026, 3, 2, 8, 0, 0)
PASSWORD = "đúng-mật-khẩu-2026"


@pytest.fixture
def con(warehouse):
    acc.add_user(warehouse, "lan", role="staff", password=PASSWORD, display_name="Nguyễn Thị Lan", now=T0)
    return warehouse


def events(con, username=None) -> list[str]:
    return [e["event"] for e in reversed(acc.events(con, username))]


def test_hash_is_argon2id_and_no_plaintext_anywhere(con):
    [(stored,)] = con.execute("select password_hash from accounts where username = 'lan'").fetchall()
    assert stored.startswith("$argon2id$")
    for table in ("accounts", "auth_sessions", "account_events"):
        for row in con.execute(f"select * from {table}").fetchall():
            assert not any(PASSWORD in str(value) for value in row), table
    token = acc.create_session(con, "lan", now=T0)
    acc.authenticate(con, "lan", PASSWORD, now=T0)
    with pytest.raises(LoginFailed):
        acc.authenticate(con, "lan", PASSWORD + "x", now=T0)
    for table in ("accounts", "auth_sessions", "account_events"):
        for row in con.execute(f"select * from {table}").fetchall():
            text = " ".join(map(str, row))
            assert PASSWORD not in text and token not in text, table


def test_add_user_fields_and_event(con):
    user = acc.get_user(con, "LAN")
    assert user == acc.Account("lan", "Nguyễn Thị Lan", "staff", None, None, True, None)
    assert events(con, "lan") == ["created"]
    assert [u.username for u in acc.list_users(con)] == ["lan"]
    assert acc.get_user(con, "nobody") is None


def test_username_is_lower_cased(warehouse):
    user = acc.add_user(warehouse, "  Hoa.Nguyen ", role="analyst", password="mat-khau-dai-du")
    assert user.username == "hoa.nguyen" and user.display_name == "hoa.nguyen"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "ab"}, "Tên đăng nhập 'ab' không hợp lệ"),
        ({"username": "-lan"}, "không hợp lệ"),
        ({"username": "lan phuong"}, "không hợp lệ"),
        ({"username": "nguyễn"}, "không hợp lệ"),
        ({"username": "a" * 33}, "không hợp lệ"),
        ({"role": "boss"}, "Vai trò 'boss' không hợp lệ"),
        ({"password": "ngan"}, "ít nhất 10 ký tự"),
        ({"username": "hoa.nguyen2", "password": "Hoa.Nguyen2"}, "trùng với tên đăng nhập"),
        ({"orgs": ["Hội Người cao tuổi"]}, "'Hội Người cao tuổi' không phải tổ chức"),
        ({"unit": "Xã Tân Lập"}, "'Xã Tân Lập' không phải địa bàn"),
        (
            {"unit": "Chiềng Sung"},
            r"ứng với nhiều địa bàn \(04108 Xã Chiềng Sung \(từ 01/07/2025\); 04108-cu",
        ),
    ],
)
def test_add_user_refusals(warehouse, kwargs, message):
    args = {"username": "hoa", "role": "staff", "password": "mat-khau-dai-du"} | kwargs
    username = args.pop("username")
    with pytest.raises(AccountError, match=message):
        acc.add_user(warehouse, username, **args)
    assert acc.list_users(warehouse) == []
    assert isinstance(AccountError("x"), ValueError)


def test_duplicate_username_refused(con):
    with pytest.raises(AccountError, match="'lan' đã có"):
        acc.add_user(con, "Lan", role="admin", password="mat-khau-khac-1")
    assert acc.get_user(con, "lan").role == "staff"


def test_orgs_and_unit_by_label_or_alias(warehouse):
    user = acc.add_user(
        warehouse,
        "phunu.chiengsung",
        role="staff",
        password="mat-khau-dai-du",
        orgs=["Hội LHPN", "hoi phu nu", "Đoàn Thanh niên"],
        unit="Xã Chiềng Chăn",
    )
    assert user.scope_orgs == frozenset({"HLHPN", "DTN"})
    assert user.scope_unit == "04114"
    assert acc.add_user(
        warehouse, "mttq", role="leader", password="mat-khau-dai-du", orgs="MTTQ"
    ).scope_orgs == {"MTTQ"}
    # No organizations listed: all of them.
    assert acc.add_user(
        warehouse, "all.orgs", role="analyst", password="mat-khau-dai-du", orgs=[]
    ).unrestricted


def test_wrong_password_and_unknown_user_fail_alike(con):
    with pytest.raises(LoginFailed) as wrong:
        acc.authenticate(con, "lan", "sai-mat-khau-roi", now=T0)
    with pytest.raises(LoginFailed) as unknown:
        acc.authenticate(con, "khong-co-ai", "sai-mat-khau-roi", now=T0)
    assert wrong.value.reason == unknown.value.reason == "bad_credentials"
    assert str(wrong.value) == str(unknown.value) == "Sai tên đăng nhập hoặc mật khẩu."
    # The unknown name is not kept in the log (people type passwords into it).
    assert not con.execute("select count(*) from account_events where username = 'khong-co-ai'").fetchall()[
        0
    ][0]
    assert acc.authenticate(con, "LAN", PASSWORD, now=T0).username == "lan"


def test_lockout_after_max_failures_and_unlock_after_the_lock(con):
    assert config.LOGIN_MAX_FAILURES == 5 and config.LOGIN_LOCK_MINUTES == 15
    for i in range(4):
        with pytest.raises(LoginFailed) as failed:
            acc.authenticate(con, "lan", f"sai-mat-khau-{i}", now=T0 + dt.timedelta(seconds=i))
        assert failed.value.reason == "bad_credentials"
    with pytest.raises(LoginFailed) as failed:
        acc.authenticate(con, "lan", "sai-mat-khau-5", now=T0 + dt.timedelta(seconds=5))
    assert failed.value.reason == "locked" and "15 phút" in str(failed.value)
    assert acc.get_user(con, "lan").locked_until == T0 + dt.timedelta(seconds=5, minutes=15)
    # The right password is refused while the lock lasts.
    with pytest.raises(LoginFailed) as failed:
        acc.authenticate(con, "lan", PASSWORD, now=T0 + dt.timedelta(minutes=15))
    assert failed.value.reason == "locked" and "thử lại sau 1 phút" in str(failed.value)
    assert (
        acc.authenticate(con, "lan", PASSWORD, now=T0 + dt.timedelta(minutes=15, seconds=5)).username == "lan"
    )
    assert acc.get_user(con, "lan").locked_until is None
    assert events(con, "lan")[-8:] == ["login_failed"] * 5 + ["locked", "login_failed", "login_ok"]


def test_success_resets_the_failure_count(con):
    for i in range(4):
        with pytest.raises(LoginFailed):
            acc.authenticate(con, "lan", f"sai-mat-khau-{i}", now=T0)
    acc.authenticate(con, "lan", PASSWORD, now=T0)
    for i in range(4):
        with pytest.raises(LoginFailed) as failed:
            acc.authenticate(con, "lan", f"sai-mat-khau-{i}", now=T0)
        assert failed.value.reason == "bad_credentials"


def test_disabled_account(con):
    acc.set_active(con, "lan", False, actor="admin")
    with pytest.raises(LoginFailed) as failed:
        acc.authenticate(con, "lan", PASSWORD, now=T0)
    assert failed.value.reason == "disabled"
    # A wrong password says nothing about the account.
    with pytest.raises(LoginFailed) as failed:
        acc.authenticate(con, "lan", "sai-mat-khau-roi", now=T0)
    assert failed.value.reason == "bad_credentials"
    acc.set_active(con, "lan", True, actor="admin")
    assert acc.authenticate(con, "lan", PASSWORD, now=T0).active
    assert {"disabled", "enabled"} <= set(events(con, "lan"))
    [actor] = {e["actor"] for e in acc.events(con, "lan") if e["event"] == "disabled"}
    assert actor == "admin"


def test_rehash_when_parameters_change(con, monkeypatch):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    con.execute("update accounts set password_hash = ? where username = 'lan'", [weak.hash(PASSWORD)])
    acc.authenticate(con, "lan", PASSWORD, now=T0)
    [(stored,)] = con.execute("select password_hash from accounts where username = 'lan'").fetchall()
    assert stored.startswith("$argon2id$") and not PasswordHasher().check_needs_rehash(stored)


def test_session_lives_eight_hours(con):
    assert config.SESSION_HOURS == 8
    token = acc.create_session(con, "lan", now=T0)
    assert len(token) >= 43
    [(stored,)] = con.execute("select token_hash from auth_sessions").fetchall()
    import hashlib

    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert acc.session_account(con, token, now=T0 + dt.timedelta(hours=7, minutes=59)).username == "lan"
    assert acc.session_account(con, token, now=T0 + dt.timedelta(hours=8)) is None
    assert acc.session_account(con, "not-a-token", now=T0) is None
    assert acc.session_account(con, None) is None
    assert acc.purge_expired_sessions(con, now=T0 + dt.timedelta(hours=9)) == 1
    assert con.execute("select count(*) from auth_sessions").fetchall()[0][0] == 0


def test_session_revoke(con):
    one = acc.create_session(con, "lan", now=T0)
    two = acc.create_session(con, "lan", now=T0)
    acc.revoke_session(con, one)
    assert acc.session_account(con, one, now=T0) is None
    assert acc.session_account(con, two, now=T0) is not None
    assert acc.purge_expired_sessions(con, now=T0) == 1


def test_disable_revokes_sessions(con):
    token = acc.create_session(con, "lan", now=acc._now())
    acc.set_active(con, "lan", False)
    acc.set_active(con, "lan", True)
    assert acc.session_account(con, token) is None
    acc.set_active(con, "lan", False)
    with pytest.raises(AccountError, match="vô hiệu hóa"):
        acc.create_session(con, "lan")


def test_password_change_revokes_sessions_and_clears_the_lock(con):
    token = acc.create_session(con, "lan")
    for i in range(5):
        with pytest.raises(LoginFailed):
            acc.authenticate(con, "lan", f"sai-mat-khau-{i}")
    acc.set_password(con, "lan", "mat-khau-moi-2026", actor="admin")
    assert acc.session_account(con, token) is None
    assert acc.get_user(con, "lan").locked_until is None
    assert acc.authenticate(con, "lan", "mat-khau-moi-2026").username == "lan"
    with pytest.raises(LoginFailed):
        acc.authenticate(con, "lan", PASSWORD)
    with pytest.raises(AccountError, match="ít nhất 10"):
        acc.set_password(con, "lan", "ngan")
    assert "password_changed" in events(con, "lan")


def test_permissions_by_role():
    def account(role, active=True):
        return acc.Account("x", "x", role, None, None, active, None)

    table = {action: {r for r in acc.ROLES if account(r).can(action)} for action in acc.ACTIONS}
    assert table == {
        "view": {"admin", "leader", "analyst", "staff"},
        "export": {"admin", "analyst"},
        "upload": {"admin", "staff"},
        "rollback_own": {"admin", "staff"},
        "rollback_any": {"admin"},
        "manage_accounts": {"admin"},
        "manage_reference": {"admin"},
    }
    assert not account("admin").can("launch_rockets")
    assert not account("admin", active=False).can("view")


def test_scope_subtree_over_history(warehouse):
    district = acc.add_user(warehouse, "huyen", role="leader", password="mat-khau-dai-du", unit="125")
    codes = district.scope_unit_codes(warehouse)
    assert "125" in codes and "04108-cu" in codes and "04165" in codes
    assert "04108" not in codes and "14" not in codes  # today's communes hang from the province
    province = acc.add_user(warehouse, "tinh", role="leader", password="mat-khau-dai-du", unit="Tỉnh Sơn La")
    all_codes = {r[0] for r in warehouse.execute("select code from units").fetchall()}
    assert province.scope_unit_codes(warehouse) == all_codes
    commune = acc.add_user(
        warehouse, "xa1", role="staff", password="mat-khau-dai-du", unit="04108", orgs=["HLHPN"]
    )
    assert commune.scope_unit_codes(warehouse) == {"04108"}
    assert acc.etl_scope(warehouse, commune) == Scope(orgs=frozenset({"HLHPN"}), units=frozenset({"04108"}))
    everything = acc.add_user(warehouse, "admin", role="admin", password="mat-khau-dai-du")
    assert everything.scope_unit_codes(warehouse) is None and acc.etl_scope(warehouse, everything) is None
    orgs_only = acc.add_user(warehouse, "mttq", role="staff", password="mat-khau-dai-du", orgs=["MTTQ"])
    assert acc.etl_scope(warehouse, orgs_only) == Scope(orgs=frozenset({"MTTQ"}), units=None)


def test_set_scope_keeps_what_is_not_given(con):
    user = acc.set_scope(con, "lan", orgs=["Hội Phụ nữ"], unit="04108", actor="admin")
    assert (user.role, user.scope_orgs, user.scope_unit) == ("staff", {"HLHPN"}, "04108")
    user = acc.set_scope(con, "lan", role="analyst", display_name="Lan (chuyên viên)")
    assert (user.role, user.scope_orgs, user.scope_unit, user.display_name) == (
        "analyst",
        {"HLHPN"},
        "04108",
        "Lan (chuyên viên)",
    )
    user = acc.set_scope(con, "lan", orgs=None)
    assert user.scope_orgs is None and user.scope_unit == "04108"
    user = acc.set_scope(con, "lan", unit=None)
    assert user.unrestricted
    assert events(con, "lan").count("scope_changed") == 4
    with pytest.raises(AccountError, match="Vai trò"):
        acc.set_scope(con, "lan", role="boss")
    with pytest.raises(AccountError, match="Không có tài khoản"):
        acc.set_scope(con, "ai-do", role="staff")


def test_last_active_admin_stays(warehouse):
    acc.add_user(warehouse, "admin", role="admin", password="mat-khau-dai-du")
    with pytest.raises(AccountError, match="cuối cùng"):
        acc.set_active(warehouse, "admin", False)
    with pytest.raises(AccountError, match="cuối cùng"):
        acc.set_scope(warehouse, "admin", role="staff")
    acc.add_user(warehouse, "admin2", role="admin", password="mat-khau-dai-du")
    acc.set_active(warehouse, "admin", False)
    assert [a.username for a in acc.active_admins(warehouse)] == ["admin2"]


def test_concurrent_wrong_passwords_all_count(con):
    """Sessions guessing at once (each its own cursor) are refused alike and together lock the account."""
    from concurrent.futures import ThreadPoolExecutor

    def attempt(i: int) -> str:
        cursor = con.cursor()
        try:
            acc.authenticate(cursor, "lan", f"sai-mat-khau-{i}", now=T0)
        except LoginFailed as failed:
            return failed.reason
        finally:
            cursor.close()
        return "ok"

    with ThreadPoolExecutor(max_workers=4) as pool:
        reasons = list(pool.map(attempt, range(8)))
    assert set(reasons) <= {"bad_credentials", "locked"} and "locked" in reasons
    assert acc.get_user(con, "lan").is_locked(T0)
    # Every attempt is in the log: a wrong password counted, or refused by the lock it helped set.
    failed = con.execute("select count(*) from account_events where event = 'login_failed'").fetchall()[0][0]
    assert failed == 8


def test_email_lower_cased_unique_and_found_case_insensitively(con):
    user = acc.add_user(
        con, "hoa", role="analyst", password="mat-khau-dai-du", email="  Hoa.Tran@MaiSon.gov.vn "
    )
    assert user.email == "hoa.tran@maison.gov.vn"
    assert acc.get_user(con, "hoa").email == "hoa.tran@maison.gov.vn"
    assert acc.get_user(con, "lan").email is None
    assert {u.username: u.email for u in acc.list_users(con)} == {
        "hoa": "hoa.tran@maison.gov.vn",
        "lan": None,
    }
    assert acc.account_for_email(con, "HOA.TRAN@maison.gov.vn").username == "hoa"
    assert acc.account_for_email(con, " hoa.tran@maison.gov.vn ").username == "hoa"
    for nobody in ("lan@maison.gov.vn", "", None, "hoa.tran@maison.gov"):
        assert acc.account_for_email(con, nobody) is None
    with pytest.raises(AccountError, match="đã dùng cho tài khoản 'hoa'"):
        acc.add_user(con, "minh", role="staff", password="mat-khau-dai-du", email="HOA.TRAN@maison.gov.vn")
    with pytest.raises(AccountError, match="đã dùng cho tài khoản 'hoa'"):
        acc.validate_new_user(con, "minh", role="staff", email="hoa.tran@maison.gov.vn")
    with pytest.raises(AccountError, match="đã dùng cho tài khoản 'hoa'"):
        acc.set_scope(con, "lan", email="Hoa.Tran@maison.gov.vn")
    assert acc.get_user(con, "minh") is None and acc.get_user(con, "lan").email is None


@pytest.mark.parametrize(
    "email", ["lan", "lan@", "@maison.gov.vn", "lan @maison.gov.vn", "lan@maison", "a@b@c.vn"]
)
def test_malformed_email_refused(con, email):
    with pytest.raises(AccountError, match="không hợp lệ"):
        acc.add_user(con, "hoa", role="staff", password="mat-khau-dai-du", email=email)
    with pytest.raises(AccountError, match="không hợp lệ"):
        acc.set_scope(con, "lan", email=email)
    assert acc.get_user(con, "hoa") is None and acc.get_user(con, "lan").email is None


def test_set_scope_sets_changes_and_clears_the_email(con):
    user = acc.set_scope(con, "lan", email="Lan@MaiSon.gov.vn", actor="admin")
    assert user.email == "lan@maison.gov.vn" and user.role == "staff"
    assert acc.set_scope(con, "lan", role="analyst").email == "lan@maison.gov.vn"  # kept when not given
    assert acc.set_scope(con, "lan", email="lan@maison.gov.vn") == acc.get_user(con, "lan")  # no change
    assert acc.account_for_email(con, "lan@maison.gov.vn").username == "lan"
    assert acc.set_scope(con, "lan", email="").email is None
    assert acc.account_for_email(con, "lan@maison.gov.vn") is None
    assert events(con, "lan").count("scope_changed") == 3


def test_account_for_email_only_finds_active_accounts(con):
    acc.set_scope(con, "lan", email="lan@maison.gov.vn")
    acc.add_user(con, "admin", role="admin", password="mat-khau-dai-du")
    acc.set_active(con, "lan", False)
    assert acc.account_for_email(con, "lan@maison.gov.vn") is None
    acc.set_active(con, "lan", True)
    found = acc.account_for_email(con, "lan@maison.gov.vn")
    assert found.username == "lan" and found.active and found.as_dict()["email"] == "lan@maison.gov.vn"


def test_accounts_before_the_email_migration(tmp_path):
    """A warehouse with migration 003 only (the dashboard may read one): accounts without addresses."""
    import duckdb

    from etl.schema import MIGRATIONS_DIR

    con = duckdb.connect()
    con.execute((MIGRATIONS_DIR / "003_accounts.sql").read_text(encoding="utf-8"))
    acc.add_user(con, "hoa", role="analyst", password="mat-khau-dai-du")
    assert acc.get_user(con, "hoa").email is None
    assert acc.account_for_email(con, "hoa@maison.gov.vn") is None
    token = acc.create_session(con, "hoa")
    assert acc.session_account(con, token).username == "hoa"
    with pytest.raises(AccountError, match="doanthe init"):
        acc.add_user(con, "lan", role="staff", password="mat-khau-dai-du", email="lan@maison.gov.vn")


def test_email_migration_is_idempotent(warehouse):
    from etl.schema import MIGRATIONS_DIR

    warehouse.execute((MIGRATIONS_DIR / "004_account_email.sql").read_text(encoding="utf-8"))
    acc.add_user(warehouse, "hoa", role="analyst", password="mat-khau-dai-du", email="hoa@maison.gov.vn")
    warehouse.execute((MIGRATIONS_DIR / "004_account_email.sql").read_text(encoding="utf-8"))
    assert acc.get_user(warehouse, "hoa").email == "hoa@maison.gov.vn"
