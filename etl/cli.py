"""The ``doanthe`` command: a thin layer over the etl library.

Exit codes: 0 success; 1 a file was rejected or an operation refused; 2 a usage error.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

from etl import config

COMMANDS = ("init", "sample", "load", "batches", "rollback", "serve", "user", "reference", "report")


def _connect(args, *, create: bool = False):
    from etl.warehouse import connect

    return connect(args.db, create=create)


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str))


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def cmd_init(args) -> int:
    from etl.schema import init_warehouse

    con = _connect(args, create=True)
    try:
        info = init_warehouse(con)
    finally:
        con.close()
    applied = info["migrations_applied"]
    print(
        f"Kho dữ liệu {args.db}: phiên bản lược đồ {info['schema_version']}"
        + (f" (vừa áp dụng {', '.join(map(str, applied))})" if applied else " (đã cập nhật)")
    )
    print("Danh mục: " + ", ".join(f"{name} {count}" for name, count in info["reference"].items()))
    return 0


def cmd_sample(args) -> int:
    from etl.sample import write_sample

    out = Path(args.out)
    paths = write_sample(out, rows=args.rows, seed=args.seed)
    for path in paths:
        print(path)
    return 0


def cmd_load(args) -> int:
    from etl.pipeline import load_file
    from etl.schema import init_warehouse, schema_version

    if args.dry_run and not Path(args.db).exists():
        # Checking writes nothing, not even a new warehouse: check against the reference lists
        # in memory (every record counts as new).
        from etl.warehouse import connect

        con = connect(":memory:")
    else:
        con = _connect(args, create=True)
    exit_code = 0
    try:
        if schema_version(con) == 0:
            init_warehouse(con)
        for file_name in args.files:
            results = load_file(con, file_name, kind=args.kind, dry_run=args.dry_run, user=args.user)
            for result in results:
                if result.status == "rejected":
                    exit_code = 1
                if args.json:
                    _print_json(result.as_dict())
                else:
                    _print_result(result, len(results) > 1)
    finally:
        con.close()
    return exit_code


def _print_result(result, in_workbook: bool) -> None:
    counts = (
        f"{_fmt(result.rows_read)} dòng: {_fmt(result.rows_new)} mới, {_fmt(result.rows_updated)} cập nhật, "
        f"{_fmt(result.rows_unchanged)} không đổi"
    )
    kind = result.kind or "?"
    if result.status == "loaded":
        print(f"{result.file} [{kind}]: đã nạp, lô {result.batch_id} — {counts}")
    elif result.status == "valid":
        print(f"{result.file} [{kind}]: hợp lệ (chưa nạp, --dry-run) — {counts}")
    elif not result.errors:
        print(f"{result.file} [{kind}]: không nạp vì tệp có lỗi ở trang khác (cả sổ nạp hoặc không nạp gì).")
    else:
        print(f"{result.file} [{kind}]: KHÔNG NẠP — {_fmt(result.error_count)} lỗi:", file=sys.stdout)
        for error in result.errors:
            print(f"  - {error.message}")
        if result.error_count > len(result.errors):
            print(f"  … và {_fmt(result.error_count - len(result.errors))} lỗi khác.")
    if result.ignored_columns:
        print(f"  (không đọc các cột không thuộc mẫu: {', '.join(result.ignored_columns)})")


def cmd_batches(args) -> int:
    con = _connect(args)
    from etl.load import BATCH_COLUMNS

    names = [*BATCH_COLUMNS, "sha256"]
    try:
        # (column names from a fixed tuple, never from input)
        rows = con.execute(f"select {', '.join(names)} from batches order by batch_id").fetchall()
    finally:
        con.close()
    if args.json:
        for row in rows:
            _print_json(dict(zip(names, row, strict=True)))
        return 0
    if not rows:
        print("Chưa có lô nào.")
        return 0
    print(
        f"{'Lô':>4}  {'Loại':<13} {'Tệp':<40} {'Người nạp':<12} {'Lúc':<19} {'Mới':>8} {'Cập nhật':>8}  Trạng thái"
    )
    for r in rows:
        name = r[2] + (f":{r[3]}" if r[3] else "")
        when = r[5].strftime("%d/%m/%Y %H:%M:%S")
        status = "đã nạp" if r[10] == "loaded" else "đã hoàn tác"
        print(
            f"{r[0]:>4}  {r[1]:<13} {name[:40]:<40} {r[4][:12]:<12} {when:<19} {_fmt(r[7]):>8} {_fmt(r[8]):>8}  {status}"
        )
    return 0


def cmd_rollback(args) -> int:
    from etl.load import RollbackRefused, rollback_batch
    from etl.pipeline import default_user

    con = _connect(args)
    try:
        info = rollback_batch(con, args.batch_id, args.user or default_user())
    except RollbackRefused as refused:
        print(str(refused), file=sys.stderr)
        return 1
    finally:
        con.close()
    print(
        f"Đã hoàn tác lô {info['batch_id']} ({info['kind']}): bỏ {_fmt(info['rows_removed'])} bản ghi mới, "
        f"khôi phục {_fmt(info['rows_restored'])} bản ghi cũ."
    )
    return 0


def cmd_serve(args) -> int:
    app = config.PROJECT_ROOT / "dashboard" / "app.py"
    env = dict(os.environ, DOANTHE_DB=str(args.db))
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.address", args.address, "--server.port", str(args.port),
        # The browser refuses files over the ETL's own bound for web uploads.
        "--server.maxUploadSize", str(max(1, config.MAX_FILE_BYTES_WEB // config.MB)),
    ]  # fmt: skip
    return subprocess.call(command, env=env, cwd=config.PROJECT_ROOT)


# --------------------------------------------------------------------------- accounts


def _accounts_connection(args, *, create: bool):
    """The warehouse, migrated to the latest schema (accounts came with migration 003)."""
    from etl.schema import init_warehouse, migrate, schema_version

    con = _connect(args, create=create)
    try:
        if schema_version(con) == 0:
            init_warehouse(con)
        else:
            migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def _actor() -> str:
    from etl.pipeline import default_user

    return f"cli:{default_user()}"


def _new_password(args, username: str) -> tuple[str, bool]:
    """(password, generated): random, from $DOANTHE_PASSWORD, or asked twice at a prompt."""
    from etl.accounts import AccountError, check_password, random_password

    if getattr(args, "random_password", False):
        return random_password(), True
    password = os.environ.get("DOANTHE_PASSWORD")
    if not password:
        try:
            password = getpass.getpass(f"Mật khẩu cho {username} (password): ")
            check_password(username, password)
            again = getpass.getpass("Nhập lại mật khẩu (repeat): ")
        except EOFError as exc:
            raise AccountError("Không đọc được mật khẩu. (No password given.)") from exc
        if password != again:
            raise AccountError("Hai lần nhập mật khẩu không khớp; không có gì thay đổi. (Passwords differ.)")
    return password, False


def _print_generated(username: str, password: str) -> None:
    print(f"Mật khẩu của {username} (chỉ hiện một lần — shown once): {password}")


def _scope_words(account) -> str:
    from etl.accounts import ROLE_LABELS_VI

    orgs = "mọi tổ chức" if account.scope_orgs is None else ", ".join(sorted(account.scope_orgs))
    unit = "toàn địa bàn" if account.scope_unit is None else f"địa bàn {account.scope_unit}"
    return f"{ROLE_LABELS_VI[account.role]}; {orgs}; {unit}"


def cmd_user_add(args) -> int:
    from etl.accounts import add_user, validate_new_user

    con = _accounts_connection(args, create=True)
    try:
        # Refuse a bad name, role or scope before asking for a password.
        validate_new_user(con, args.username, role=args.role, orgs=args.org, unit=args.unit, email=args.email)
        password, generated = _new_password(args, args.username.strip().lower())
        account = add_user(
            con,
            args.username,
            role=args.role,
            password=password,
            display_name=args.name,
            orgs=args.org,
            unit=args.unit,
            email=args.email,
            actor=_actor(),
        )
    finally:
        con.close()
    print(f"Đã tạo tài khoản {account.username} ({_scope_words(account)}). (Account created.)")
    if generated:
        _print_generated(account.username, password)
    return 0


def cmd_user_list(args) -> int:
    from etl.accounts import ROLE_LABELS_VI, list_users

    con = _accounts_connection(args, create=False)
    try:
        users = list_users(con)
    finally:
        con.close()
    if args.json:
        for account in users:
            _print_json(account.as_dict())
        return 0
    if not users:
        print("Chưa có tài khoản nào; tạo bằng 'doanthe user add'. (No accounts yet.)")
        return 0
    print(
        f"{'Tên đăng nhập':<20} {'Tên hiển thị':<28} {'Vai trò':<17} {'Tổ chức':<16} {'Địa bàn':<10} "
        f"{'E-mail':<30} Trạng thái"
    )
    for a in users:
        orgs = "tất cả" if a.scope_orgs is None else ",".join(sorted(a.scope_orgs))
        state = "hoạt động" if a.active else "đã vô hiệu hóa"
        if a.is_locked():
            state += f", tạm khóa đến {a.locked_until:%d/%m/%Y %H:%M} UTC"
        print(
            f"{a.username:<20} {a.display_name[:28]:<28} {ROLE_LABELS_VI[a.role]:<17} {orgs[:16]:<16} "
            f"{(a.scope_unit or 'tất cả'):<10} {(a.email or '-'):<30} {state}"
        )
    return 0


def cmd_user_active(args) -> int:
    from etl.accounts import set_active

    active = args.user_command == "enable"
    con = _accounts_connection(args, create=False)
    try:
        account = set_active(con, args.username, active, actor=_actor())
    finally:
        con.close()
    if active:
        print(f"Đã bật lại tài khoản {account.username}. (Account enabled.)")
    else:
        print(f"Đã vô hiệu hóa tài khoản {account.username} và đóng mọi phiên đăng nhập. (Account disabled.)")
    return 0


def cmd_user_passwd(args) -> int:
    from etl.accounts import AccountError, get_user, set_password

    con = _accounts_connection(args, create=False)
    try:
        account = get_user(con, args.username)
        if account is None:
            raise AccountError(f"Không có tài khoản '{args.username}'. (No such account.)")
        password, generated = _new_password(args, account.username)
        set_password(con, account.username, password, actor=_actor())
    finally:
        con.close()
    print(f"Đã đổi mật khẩu của {account.username}; các phiên đăng nhập cũ đã đóng. (Password changed.)")
    if generated:
        _print_generated(account.username, password)
    return 0


def cmd_user_ensure_admin(args) -> int:
    """Make sure an active admin exists; the first time, create 'admin' with a random password."""
    from etl.accounts import (
        active_admins,
        add_user,
        get_user,
        random_password,
        set_active,
        set_password,
        set_scope,
    )

    con = _accounts_connection(args, create=True)
    try:
        admins = active_admins(con)
        if admins:
            names = ", ".join(a.username for a in admins)
            print(f"Tài khoản quản trị: {names}. (An admin account exists.)")
            return 0
        password = random_password()
        actor = _actor()
        if get_user(con, "admin") is None:
            add_user(con, "admin", role="admin", password=password, display_name="Quản trị", actor=actor)
        else:  # an 'admin' account that was disabled or demoted: make it the admin again
            set_scope(con, "admin", role="admin", orgs=None, unit=None, actor=actor)
            set_active(con, "admin", True, actor=actor)
            set_password(con, "admin", password, actor=actor)
    finally:
        con.close()
    print(
        "Chưa có tài khoản quản trị nên đã tạo tài khoản 'admin' với mật khẩu ngẫu nhiên; hãy ghi lại và "
        "đổi bằng 'doanthe user passwd admin'. (No admin account yet: created 'admin' with a random password.)"
    )
    print(f"Đăng nhập: admin / {password} (chỉ hiện một lần — shown once)")
    return 0


def cmd_user(args) -> int:
    from etl.accounts import AccountError

    handlers = {
        "add": cmd_user_add,
        "list": cmd_user_list,
        "disable": cmd_user_active,
        "enable": cmd_user_active,
        "passwd": cmd_user_passwd,
        "ensure-admin": cmd_user_ensure_admin,
    }
    try:
        return handlers[args.user_command](args)
    except AccountError as refused:
        print(f"Không thực hiện: {refused}", file=sys.stderr)
        return 1


# --------------------------------------------------------------------------- reference lists


def cmd_reference(args) -> int:
    from etl.reference_edit import apply_list, check_list, export_list

    if args.reference_command == "export":
        con = _connect(args)
        try:
            content = export_list(con, args.list)
        finally:
            con.close()
        out = Path(args.out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content)
        except OSError as exc:
            print(f"Không ghi được {out}: {exc.strerror or exc}. (Cannot write the file.)", file=sys.stderr)
            return 1
        print(f"Đã ghi danh mục {args.list} vào {out}. (List written.)")
        return 0
    con = _accounts_connection(args, create=False)  # (migration 005 holds the lists' history)
    try:
        if args.dry_run:
            result = check_list(con, args.list, args.file)
        else:
            result = apply_list(con, args.list, args.file, user=args.user)
    finally:
        con.close()
    if args.json:
        _print_json(result.as_dict())
    else:
        _print_list_result(result)
    return 0 if result.ok else 1


def _print_list_result(result) -> None:
    counts = (
        f"{_fmt(result.rows_read)} dòng: {_fmt(result.rows_new)} mới, {_fmt(result.rows_updated)} sửa, "
        f"{_fmt(result.rows_unchanged)} không đổi, {_fmt(result.rows_removed)} bỏ"
    )
    if result.status == "rejected":
        print(f"{result.file} [{result.kind}]: KHÔNG NẠP — {_fmt(result.error_count)} lỗi:")
        for error in result.errors:
            print(f"  - {error.message}")
        if result.error_count > len(result.errors):
            print(f"  … và {_fmt(result.error_count - len(result.errors))} lỗi khác.")
        return
    if result.status == "loaded":
        print(f"{result.file} [{result.kind}]: đã nạp, lô {result.batch_id} — {counts}")
    else:
        print(f"{result.file} [{result.kind}]: hợp lệ (chưa nạp, --dry-run) — {counts}")
    for sign, words, codes in (
        ("+", "thêm (added)", result.added),
        ("~", "sửa (updated)", result.updated),
        ("-", "bỏ (removed)", result.removed),
    ):
        if codes:
            print(f"  {sign} {words}: {', '.join(codes)}")


def cmd_report(args) -> int:
    from dashboard.report.cli import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="doanthe",
        description="Kho dữ liệu hoạt động đoàn thể: nạp tệp Excel/CSV vào DuckDB và mở bảng điều khiển.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="tệp kho dữ liệu (mặc định $DOANTHE_DB hoặc data/doanthe.duckdb)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", help="tạo hoặc nâng cấp kho dữ liệu và nạp danh mục")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("sample", help="ghi các tệp dữ liệu mẫu của huyện mẫu")
    p.add_argument("--out", default=str(config.SAMPLE_DIR), help="thư mục ghi (mặc định data/sample)")
    p.add_argument("--rows", type=int, default=None, help="số dòng hoạt động (mặc định: cỡ thực tế)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("load", help="kiểm tra và nạp tệp (mỗi tệp nạp trọn vẹn hoặc không nạp gì)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--kind", choices=["activities", "meetings", "tasks", "members", "targets"])
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    p.add_argument("--json", action="store_true", help="mỗi tệp/trang một dòng JSON")
    p.add_argument("--user", default=None, help="tên người nạp ghi vào lô")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("batches", help="liệt kê các lô đã nạp")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_batches)

    p = sub.add_parser("rollback", help="hoàn tác một lô")
    p.add_argument("batch_id", type=int, metavar="BATCH_ID")
    p.add_argument("--user", default=None)
    p.set_defaults(func=cmd_rollback)

    p = sub.add_parser("serve", help="mở bảng điều khiển")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="127.0.0.1")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("user", help="tài khoản: thêm, liệt kê, vô hiệu hóa, bật lại, đổi mật khẩu")
    p.set_defaults(func=cmd_user)
    users = p.add_subparsers(dest="user_command", required=True, metavar="USER_COMMAND")
    q = users.add_parser("add", help="thêm tài khoản (mật khẩu hỏi hai lần, hoặc lấy từ $DOANTHE_PASSWORD)")
    q.add_argument("username", metavar="USERNAME")
    q.add_argument("--role", required=True, choices=["admin", "leader", "analyst", "staff"])
    q.add_argument("--name", default=None, help="tên hiển thị")
    q.add_argument(
        "--org",
        action="extend",
        nargs="+",
        default=None,
        metavar="ORG",
        help="tổ chức trong phạm vi (mặc định: tất cả)",
    )
    q.add_argument(
        "--unit", default=None, help="địa bàn trong phạm vi, gồm mọi địa bàn trực thuộc (mặc định: tất cả)"
    )
    q.add_argument(
        "--email", default=None, metavar="ADDR", help="e-mail để đăng nhập một lần (SSO/OIDC), không trùng"
    )
    q.add_argument("--random-password", action="store_true", help="tạo mật khẩu ngẫu nhiên và in ra một lần")
    q = users.add_parser("list", help="liệt kê tài khoản")
    q.add_argument("--json", action="store_true")
    for name, text in (
        ("disable", "vô hiệu hóa tài khoản (đóng mọi phiên)"),
        ("enable", "bật lại tài khoản"),
    ):
        q = users.add_parser(name, help=text)
        q.add_argument("username", metavar="USERNAME")
    q = users.add_parser("passwd", help="đổi mật khẩu (đóng mọi phiên)")
    q.add_argument("username", metavar="USERNAME")
    q.add_argument("--random-password", action="store_true", help="tạo mật khẩu ngẫu nhiên và in ra một lần")
    users.add_parser(
        "ensure-admin", help="nếu chưa có quản trị viên: tạo 'admin' với mật khẩu ngẫu nhiên, in ra một lần"
    )

    p = sub.add_parser("reference", help="danh mục tổ chức, địa bàn, chủ đề: xuất ra Excel, sửa, nạp lại")
    p.set_defaults(func=cmd_reference)
    lists = ["org_types", "units", "themes"]
    refs = p.add_subparsers(dest="reference_command", required=True, metavar="REFERENCE_COMMAND")
    q = refs.add_parser("export", help="ghi danh mục ra tệp Excel để sửa")
    q.add_argument("list", choices=lists, metavar="LIST", help="org_types | units | themes")
    q.add_argument("--out", required=True, help="tệp .xlsx ghi ra")
    q = refs.add_parser(
        "load",
        help="kiểm tra và nạp lại cả danh mục từ tệp (mục không còn trong tệp bị bỏ, trừ mục đang dùng)",
    )
    q.add_argument("list", choices=lists, metavar="LIST", help="org_types | units | themes")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    q.add_argument("--json", action="store_true", help="kết quả một dòng JSON")
    q.add_argument("--user", default=None, help="tên người sửa ghi vào lô")

    p = sub.add_parser("report", help="lập báo cáo (Word) và bảng số liệu (Excel) cho một kỳ")
    p.add_argument(
        "--period",
        required=True,
        help="kỳ báo cáo: 2024-H1, 2024-Q2, 2024-9M, 2024, 2024-06 hoặc 2024-01-01..2024-06-30",
    )
    p.add_argument(
        "--unit", action="append", help="địa bàn (mã hoặc tên); lặp lại hoặc cách nhau bằng dấu phẩy"
    )
    p.add_argument(
        "--org", action="append", help="tổ chức (mã hoặc tên); lặp lại hoặc cách nhau bằng dấu phẩy"
    )
    p.add_argument("--out", required=True, help="thư mục ghi tệp .docx và .xlsx")
    p.add_argument("--date", default=None, help="ngày lập báo cáo dd/mm/yyyy (mặc định hôm nay)")
    p.add_argument("--no-charts", action="store_true", help="không vẽ biểu đồ (không cần Chromium)")
    p.set_defaults(func=cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = Path(args.db) if args.db else config.default_db_path()
    from etl.warehouse import WarehouseBusy, WarehouseMissing

    try:
        return args.func(args)
    except (WarehouseBusy, WarehouseMissing) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng; những gì chưa nạp xong không được ghi.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of our output went away (`doanthe batches | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
