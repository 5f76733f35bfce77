"""The ``doanthe`` command: a thin layer over the etl library.

Exit codes: 0 success; 1 a file was rejected or an operation refused; 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from etl import config

COMMANDS = ("init", "sample", "load", "batches", "rollback", "serve")


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


def cmd_batches(args) -> int:
    con = _connect(args)
    try:
        rows = con.execute(
            "select batch_id, kind, file_name, sheet, loaded_by, loaded_at, rows_read, rows_new, "
            "rows_updated, rows_unchanged, status, sha256 from batches order by batch_id"
        ).fetchall()
    finally:
        con.close()
    names = [
        "batch_id",
        "kind",
        "file_name",
        "sheet",
        "loaded_by",
        "loaded_at",
        "rows_read",
        "rows_new",
        "rows_updated",
        "rows_unchanged",
        "status",
        "sha256",
    ]
    if args.json:
        for row in rows:
            _print_json(dict(zip(names, row, strict=True)))
        return 0
    if not rows:
        print("Chưa có lô nào.")
        return 0
    print(
        f"{'Lô':>4}  {'Loại':<10} {'Tệp':<40} {'Người nạp':<12} {'Lúc':<19} {'Mới':>8} {'Cập nhật':>8}  Trạng thái"
    )
    for r in rows:
        name = r[2] + (f":{r[3]}" if r[3] else "")
        when = r[5].strftime("%d/%m/%Y %H:%M:%S")
        status = "đã nạp" if r[10] == "loaded" else "đã hoàn tác"
        print(
            f"{r[0]:>4}  {r[1]:<10} {name[:40]:<40} {r[4][:12]:<12} {when:<19} {_fmt(r[7]):>8} {_fmt(r[8]):>8}  {status}"
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
    ]  # fmt: skip
    return subprocess.call(command, env=env, cwd=config.PROJECT_ROOT)


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


if __name__ == "__main__":
    sys.exit(main())
