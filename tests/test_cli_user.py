"""`doanthe user …`: passwords from the environment, a prompt or generated; ensure-admin; refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest

from etl import accounts as acc
from etl.cli import main


@pytest.fixture(autouse=True)
def no_password_in_env(monkeypatch):
    monkeypatch.delenv("DOANTHE_PASSWORD", raising=False)


@pytest.fixture
def cli(db_path, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), "user", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.fixture
def answers(monkeypatch):
    """What the getpass prompts will be answered, in order."""
    given: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        if not given:
            raise EOFError
        return given.pop(0)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    return given


def db(db_path):
    return duckdb.connect(str(db_path))


def snapshot(db_path) -> list[tuple]:
    con = db(db_path)
    try:
        return con.execute("select * from accounts order by username").fetchall()
    finally:
        con.close()


def login(db_path, username: str, password: str) -> acc.Account:
    con = db(db_path)
    try:
        return acc.authenticate(con, username, password)
    finally:
        con.close()


def test_add_with_password_from_the_environment(cli, db_path, monkeypatch):
    monkeypatch.setenv("DOANTHE_PASSWORD", "mat-khau-tu-bien")
    code, out, err = cli(
        "add", "Lan", "--role", "staff", "--name", "Nguyễn Thị Lan", "--org", "Hội LHPN", "--unit", "04108"
    )
    assert (code, err) == (0, "")
    assert "Đã tạo tài khoản lan" in out and "mat-khau-tu-bien" not in out
    account = login(db_path, "lan", "mat-khau-tu-bien")
    assert (account.display_name, account.role, account.scope_orgs, account.scope_unit) == (
        "Nguyễn Thị Lan",
        "staff",
        {"HLHPN"},
        "04108",
    )


def test_several_orgs(cli, db_path, monkeypatch):
    monkeypatch.setenv("DOANTHE_PASSWORD", "mat-khau-tu-bien")
    assert (
        cli("add", "dannvan", "--role", "leader", "--org", "MTTQ", "Hội Phụ nữ", "--org", "Đoàn Thanh niên")[
            0
        ]
        == 0
    )
    assert login(db_path, "dannvan", "mat-khau-tu-bien").scope_orgs == {"MTTQ", "HLHPN", "DTN"}


def test_add_with_the_password_asked_twice(cli, db_path, answers):
    answers += ["mat-khau-go-vao", "mat-khau-go-vao"]
    code, out, _ = cli("add", "hoa", "--role", "analyst")
    assert code == 0 and "mat-khau-go-vao" not in out
    assert login(db_path, "hoa", "mat-khau-go-vao").role == "analyst"


def test_prompt_answers_that_differ_change_nothing(cli, db_path, answers):
    answers += ["mat-khau-go-vao", "mat-khau-khac-di"]
    code, out, err = cli("add", "hoa", "--role", "analyst")
    assert code == 1 and "không khớp" in err
    assert snapshot(db_path) == []


def test_random_password_is_printed_once(cli, db_path):
    code, out, _ = cli("add", "minh", "--role", "leader", "--random-password")
    assert code == 0
    [line] = [line for line in out.splitlines() if "chỉ hiện một lần" in line]
    password = line.rsplit(" ", 1)[1]
    assert len(password) >= 20 and out.count(password) == 1
    assert login(db_path, "minh", password).username == "minh"
    code, out, _ = cli("list")
    assert code == 0 and password not in out and "minh" in out


def test_ensure_admin_prints_the_password_only_the_first_time(cli, db_path):
    code, out, _ = cli("ensure-admin")
    assert code == 0
    [line] = [line for line in out.splitlines() if line.startswith("Đăng nhập: admin / ")]
    assert "shown once" in line
    password = line.removeprefix("Đăng nhập: admin / ").split(" ", 1)[0]
    assert out.count(password) == 1
    assert login(db_path, "admin", password).can("manage_accounts")
    code, out, _ = cli("ensure-admin")
    assert code == 0 and "Đăng nhập" not in out and password not in out and "mật khẩu" not in out.lower()
    assert [a.username for a in acc.list_users(db(db_path))] == ["admin"]


def test_ensure_admin_revives_a_disabled_admin(cli, db_path, monkeypatch):
    monkeypatch.setenv("DOANTHE_PASSWORD", "mat-khau-cu-cua-admin")
    cli("add", "admin", "--role", "admin")
    con = db(db_path)
    con.execute("update accounts set active = false")  # (the API keeps the last admin; a hand edit)
    con.close()
    code, out, _ = cli("ensure-admin")
    assert code == 0
    password = out.split("Đăng nhập: admin / ", 1)[1].split(" ", 1)[0]
    assert login(db_path, "admin", password).active


def test_ensure_admin_creates_the_warehouse(tmp_path):
    path = tmp_path / "new" / "doanthe.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DOANTHE_PASSWORD"}
    proc = subprocess.run(
        [sys.executable, "-m", "etl.cli", "--db", str(path), "user", "ensure-admin"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Đăng nhập: admin / " in proc.stdout and "shown once" in proc.stdout


def test_list_as_json(cli, monkeypatch):
    monkeypatch.setenv("DOANTHE_PASSWORD", "mat-khau-tu-bien")
    cli("add", "lan", "--role", "staff", "--org", "HLHPN", "--unit", "04108")
    cli("add", "admin", "--role", "admin")
    code, out, _ = cli("list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["username"] for r in rows] == ["admin", "lan"]
    assert rows[1] | {"locked_until": None} == {
        "username": "lan",
        "display_name": "lan",
        "role": "staff",
        "scope_orgs": ["HLHPN"],
        "scope_unit": "04108",
        "active": True,
        "locked_until": None,
        "email": None,
    }
    assert not any("hash" in key for row in rows for key in row)


def test_disable_enable_and_passwd(cli, db_path, monkeypatch, answers):
    monkeypatch.setenv("DOANTHE_PASSWORD", "mat-khau-tu-bien")
    cli("add", "lan", "--role", "staff")
    con = db(db_path)
    token = acc.create_session(con, "lan")
    con.close()
    code, out, _ = cli("disable", "lan")
    assert code == 0 and "vô hiệu hóa" in out
    con = db(db_path)
    assert acc.session_account(con, token) is None
    con.close()
    with pytest.raises(acc.LoginFailed, match="vô hiệu hóa"):
        login(db_path, "lan", "mat-khau-tu-bien")
    assert cli("enable", "lan")[0] == 0
    monkeypatch.delenv("DOANTHE_PASSWORD")
    answers += ["mat-khau-moi-nhe", "mat-khau-moi-nhe"]
    assert cli("passwd", "lan")[0] == 0
    assert login(db_path, "lan", "mat-khau-moi-nhe").active
    code, out, _ = cli("passwd", "lan", "--random-password")
    password = out.rsplit(" ", 1)[1].strip()
    assert code == 0 and login(db_path, "lan", password)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "lan", "--role", "staff"), "'lan' đã có"),
        (("add", "x", "--role", "staff"), "Tên đăng nhập 'x' không hợp lệ"),
        (("add", "hoa", "--role", "staff", "--org", "Hội XYZ"), "'Hội XYZ' không phải tổ chức"),
        (("add", "hoa", "--role", "staff", "--unit", "Chiềng Sung"), "nhiều địa bàn"),
        (("disable", "ai-do"), "Không có tài khoản 'ai-do'"),
        (("enable", "ai-do"), "Không có tài khoản 'ai-do'"),
        (("passwd", "ai-do"), "Không có tài khoản 'ai-do'"),
        (("disable", "admin"), "quản trị viên cuối cùng"),
    ],
)
def test_refusals_exit_1_and_change_nothing(cli, db_path, monkeypatch, args, message):
    monkeypatch.setenv("DOANTHE_PASSWORD", "mat-khau-tu-bien")
    cli("add", "lan", "--role", "staff")
    cli("add", "admin", "--role", "admin")
    before = snapshot(db_path)
    code, out, err = cli(*args)
    assert code == 1 and message in err and err.startswith("Không thực hiện:")
    assert snapshot(db_path) == before


def test_short_password_refused(cli, db_path, monkeypatch, answers):
    monkeypatch.setenv("DOANTHE_PASSWORD", "ngan")
    code, _, err = cli("add", "hoa", "--role", "staff")
    assert code == 1 and "ít nhất 10 ký tự" in err
    monkeypatch.delenv("DOANTHE_PASSWORD")
    answers += ["ngan"]
    code, _, err = cli("add", "hoa", "--role", "staff")
    assert code == 1 and "ít nhất 10 ký tự" in err
    assert snapshot(db_path) == []


def test_usage_errors_exit_2(cli):
    for args in (("add", "hoa"), ("add", "hoa", "--role", "boss"), ("frobnicate",)):
        with pytest.raises(SystemExit) as exited:
            cli(*args)
        assert exited.value.code == 2


def test_add_with_an_email_shown_in_the_list(cli, db_path, monkeypatch):
    monkeypatch.setenv("DOANTHE_PASSWORD", "mat-khau-tu-bien")
    code, _, err = cli("add", "lan", "--role", "staff", "--email", " Lan.Nguyen@MaiSon.gov.vn ")
    assert (code, err) == (0, "")
    code, out, _ = cli("list")
    assert code == 0 and "lan.nguyen@maison.gov.vn" in out
    code, out, _ = cli("list", "--json")
    assert json.loads(out.splitlines()[0])["email"] == "lan.nguyen@maison.gov.vn"
    con = db(db_path)
    try:
        assert acc.account_for_email(con, "LAN.NGUYEN@maison.gov.vn").username == "lan"
    finally:
        con.close()


@pytest.mark.parametrize(
    ("email", "message"),
    [("lan@maison.gov.vn", "đã dùng cho tài khoản 'lan'"), ("khong-phai-email", "không hợp lệ")],
)
def test_add_with_a_taken_or_bad_email_refused(cli, db_path, monkeypatch, email, message):
    monkeypatch.setenv("DOANTHE_PASSWORD", "mat-khau-tu-bien")
    cli("add", "lan", "--role", "staff", "--email", "LAN@maison.gov.vn")
    before = snapshot(db_path)
    code, _, err = cli("add", "hoa", "--role", "staff", "--email", email)
    assert code == 1 and message in err and err.startswith("Không thực hiện:")
    assert snapshot(db_path) == before
