"""The doanthe command: exit codes, JSON lines, batches and rollback, a busy warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.test_load import ROWS, write

CLI = [sys.executable, "-m", "etl.cli"]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_init_is_idempotent(tmp_path):
    db = tmp_path / "w.duckdb"
    first = run("--db", str(db), "init")
    second = run("--db", str(db), "init")
    assert first.returncode == second.returncode == 0
    assert "1, 2" in first.stdout and "đã cập nhật" in second.stdout


def test_load_prints_one_json_object_per_file(tmp_path):
    db = tmp_path / "w.duckdb"
    good = write(tmp_path / "good.csv", *ROWS)
    bad = write(tmp_path / "bad.csv", ROWS[0].replace("15/01/2024", "32/01/2024"))
    proc = run("--db", str(db), "load", str(good), str(bad), "--json", "--user", "lan")
    assert proc.returncode == 1
    good_line, bad_line = json_lines(proc.stdout)
    assert set(good_line) >= {
        "file",
        "kind",
        "status",
        "batch_id",
        "rows_read",
        "rows_new",
        "rows_updated",
        "rows_unchanged",
        "errors",
    }
    assert (good_line["status"], good_line["kind"], good_line["rows_new"]) == ("loaded", "activities", 3)
    assert isinstance(good_line["batch_id"], int)
    assert (bad_line["status"], bad_line["batch_id"]) == ("rejected", None)
    [error] = bad_line["errors"]
    assert (error["row"], error["column"], error["code"]) == (2, "date", "bad_date")
    assert error["message"].startswith("Dòng 2, cột Ngày: '32/01/2024'")


def test_file_level_error_has_null_row_and_column(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    proc = run("--db", str(tmp_path / "w.duckdb"), "load", str(empty), "--json")
    assert proc.returncode == 1
    [line] = json_lines(proc.stdout)
    assert line["errors"] == [
        {"row": None, "column": None, "code": "file_empty", "message": line["errors"][0]["message"]}
    ]


def test_dry_run_exits_zero_and_writes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    assert run("--db", str(db), "init").returncode == 0
    proc = run("--db", str(db), "load", str(write(tmp_path / "a.csv", *ROWS)), "--dry-run", "--json")
    assert proc.returncode == 0
    assert json_lines(proc.stdout)[0]["status"] == "valid"
    con = duckdb.connect(str(db))
    assert con.execute("select count(*) from activities").fetchone() == (0,)


def test_columns_not_read_are_named(tmp_path):
    """A column that is none of the kind's is not read; the clerk is told which, in the text and
    the JSON, so that no column is dropped without a word (nor the STT column, which never is one)."""
    path = tmp_path / "a.csv"
    path.write_text(
        "STT,Ngày,Tổ chức,Loại hoạt động,Nội dung,Đơn vị,Giá trị (triệu đồng)\n"
        "1,15/01/2024,Hội LHPN,Trao quà,Trao quà Tết,Xã Chiềng Sung,3\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "w.duckdb")
    proc = run("--db", db, "load", str(path), "--dry-run", "--json")
    assert json_lines(proc.stdout)[0]["ignored_columns"] == ["Đơn vị", "Giá trị (triệu đồng)"]
    proc = run("--db", db, "load", str(path), "--dry-run")
    assert "(không đọc các cột không thuộc mẫu: Đơn vị, Giá trị (triệu đồng))" in proc.stdout


def test_dry_run_creates_no_warehouse(tmp_path):
    db = tmp_path / "new" / "w.duckdb"
    proc = run("--db", str(db), "load", str(write(tmp_path / "a.csv", *ROWS)), "--dry-run", "--json")
    assert proc.returncode == 0
    assert (json_lines(proc.stdout)[0]["status"], json_lines(proc.stdout)[0]["rows_new"]) == ("valid", 3)
    assert not (tmp_path / "new").exists()


def test_output_cut_short_by_a_pipe_is_no_traceback(tmp_path):
    db = tmp_path / "w.duckdb"
    assert run("--db", str(db), "init").returncode == 0
    con = duckdb.connect(str(db))
    # More batches than a pipe holds (64 KB), so that the writer meets the closed pipe.
    con.execute(
        "insert into batches select range + 1, 'activities', 'a' || range || '.csv', null, repeat('0', 64), "
        "'lan', current_localtimestamp(), 1, 1, 0, 0, 'loaded', null, null from range(3000)"
    )
    con.close()
    proc = subprocess.run(
        f"{sys.executable} -m etl.cli --db {db} batches --json | head -n 1",
        shell=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert len(proc.stdout.splitlines()) == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run("load").returncode == 2
    assert run("load", "x.csv", "--kind", "nonsense").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("rollback", "abc").returncode == 2


def test_batches_and_rollback(tmp_path):
    db = tmp_path / "w.duckdb"
    assert run("--db", str(db), "load", str(write(tmp_path / "a.csv", *ROWS))).returncode == 0
    [batch] = json_lines(run("--db", str(db), "batches", "--json").stdout)
    assert (batch["file_name"], batch["rows_new"], batch["status"]) == ("a.csv", 3, "loaded")
    assert "a.csv" in run("--db", str(db), "batches").stdout
    proc = run("--db", str(db), "rollback", str(batch["batch_id"]))
    assert proc.returncode == 0 and "Đã hoàn tác" in proc.stdout
    again = run("--db", str(db), "rollback", str(batch["batch_id"]))
    assert again.returncode == 1 and "đã được hoàn tác" in again.stderr
    [after] = json_lines(run("--db", str(db), "batches", "--json").stdout)
    assert after["status"] == "rolled_back"


def test_db_from_environment(tmp_path):
    db = tmp_path / "env.duckdb"
    proc = run("load", str(write(tmp_path / "a.csv", *ROWS)), env={"DOANTHE_DB": str(db)})
    assert proc.returncode == 0
    assert db.exists()


HOLD = """
import sys, duckdb, time
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print("holding", flush=True)
sys.stdin.read()
"""


def test_load_while_another_process_holds_the_warehouse_stops_cleanly(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    assert run("--db", str(db), "load", str(write(tmp_path / "a.csv", ROWS[0]))).returncode == 0
    for mode in ("ro", "rw"):
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(db), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout.readline().strip() == "holding"
            proc = run(
                "--db",
                str(db),
                "load",
                str(write(tmp_path / "b.csv", *ROWS)),
                env={"DOANTHE_LOCK_WAIT_SECONDS": "1"},
            )
            assert proc.returncode == 1
            assert "đang được một tiến trình khác sử dụng" in proc.stderr
            assert "Traceback" not in proc.stderr
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)
    con = duckdb.connect(str(db))
    assert con.execute("select count(*) from activities").fetchone() == (1,)
    con.close()
    # Once the other process is gone, the load works.
    assert run("--db", str(db), "load", str(tmp_path / "b.csv")).returncode == 0
