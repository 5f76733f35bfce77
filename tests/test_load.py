"""Loading batches: all or nothing, idempotent, counted, and rolled back exactly."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.load import RollbackRefused, rollback_batch
from etl.pipeline import load_file

HEADER = (
    "Mã hoạt động,Ngày,Tổ chức,Địa bàn,Loại hoạt động,Chủ đề,Nội dung,Số người tham gia,Kinh phí (đồng)\n"
)
ROWS = [
    'HD-1,15/01/2024,Hội LHPN,Xã Chiềng Sung,Trao quà,an_sinh,Trao 50 suất quà Tết cho hộ nghèo,120,"2.500.000"\n',
    "HD-2,03/02/2024,Đoàn Thanh niên,,Tuyên truyền,tuyen_truyen,Tuyên truyền Luật Đất đai 2024,80,1500000\n",
    ",19/05/2024,Hội Nông dân,Xã Chiềng Sung,Tập huấn,kinh_te,Tập huấn kỹ thuật trồng cà phê,45,0\n",
]


def write(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def table(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def snapshot(con) -> dict[str, list[tuple]]:
    """Everything a batch can touch, in a comparable form."""
    return {
        name: table(con, f"select * from {name} order by all")
        for name in ("activities", "activity_themes", "activities_replaced")
    }


def test_clean_file_loads_whole_as_one_batch(warehouse, tmp_path):
    [result] = load_file(warehouse, write(tmp_path / "a.csv", *ROWS), user="lan")
    assert (result.status, result.rows_read, result.rows_new) == ("loaded", 3, 3)
    assert table(warehouse, "select count(*) from activities") == [(3,)]
    batch = table(
        warehouse, "select kind, file_name, loaded_by, rows_new, status, length(sha256) from batches"
    )
    assert batch == [("activities", "a.csv", "lan", 3, "loaded", 64)]
    row = table(
        warehouse,
        "select org, unit, activity_type, themes, funds_vnd from activities where activity_id='HD-1'",
    )
    assert row == [("HLHPN", "04108-cu", "ho_tro", ["an_sinh"], 2_500_000)]


def test_batch_keeps_the_files_sha256(warehouse, tmp_path):
    path = write(tmp_path / "a.csv", *ROWS)
    load_file(warehouse, path)
    assert table(warehouse, "select sha256 from batches") == [
        (hashlib.sha256(path.read_bytes()).hexdigest(),)
    ]


def test_loading_the_same_file_again_adds_nothing(warehouse, tmp_path):
    path = write(tmp_path / "a.csv", *ROWS)
    load_file(warehouse, path)
    before = snapshot(warehouse)
    [again] = load_file(warehouse, path)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 3)
    assert snapshot(warehouse) == before


def test_changed_record_is_updated_not_duplicated(warehouse, tmp_path):
    load_file(warehouse, write(tmp_path / "a.csv", *ROWS))
    changed = [ROWS[0].replace(",120,", ",130,"), ROWS[1], ROWS[2]]
    [result] = load_file(warehouse, write(tmp_path / "b.csv", *changed))
    assert (result.rows_new, result.rows_updated, result.rows_unchanged) == (0, 1, 2)
    assert table(warehouse, "select participants from activities where activity_id = 'HD-1'") == [(130,)]
    assert table(warehouse, "select count(*) from activities") == [(3,)]


def test_rollback_restores_exactly_what_was_there(warehouse, tmp_path):
    [first] = load_file(warehouse, write(tmp_path / "a.csv", *ROWS[:2]))
    before = snapshot(warehouse)
    # The second batch updates HD-1 and adds a new record.
    [second] = load_file(warehouse, write(tmp_path / "b.csv", ROWS[0].replace(",120,", ",999,"), ROWS[2]))
    assert (second.rows_new, second.rows_updated) == (1, 1)
    info = rollback_batch(warehouse, second.batch_id, "lan")
    assert (info["rows_removed"], info["rows_restored"]) == (1, 1)
    assert snapshot(warehouse) == before
    assert table(
        warehouse, f"select status, rolled_back_by from batches where batch_id = {second.batch_id}"
    ) == [("rolled_back", "lan")]
    # Then the first batch can go too, leaving nothing.
    rollback_batch(warehouse, first.batch_id, "lan")
    assert table(warehouse, "select count(*) from activities") == [(0,)]
    assert table(warehouse, "select count(*) from activity_themes") == [(0,)]


def test_rollback_refuses_when_a_later_batch_updated_the_records(warehouse, tmp_path):
    [first] = load_file(warehouse, write(tmp_path / "a.csv", *ROWS))
    [second] = load_file(warehouse, write(tmp_path / "b.csv", ROWS[0].replace(",120,", ",7,")))
    with pytest.raises(RollbackRefused, match=str(second.batch_id)):
        rollback_batch(warehouse, first.batch_id, "lan")
    assert table(warehouse, "select participants from activities where activity_id = 'HD-1'") == [(7,)]


def test_rollback_of_unknown_or_rolled_back_batch_is_refused(warehouse, tmp_path):
    [result] = load_file(warehouse, write(tmp_path / "a.csv", *ROWS))
    rollback_batch(warehouse, result.batch_id, "lan")
    with pytest.raises(RollbackRefused):
        rollback_batch(warehouse, result.batch_id, "lan")
    with pytest.raises(RollbackRefused):
        rollback_batch(warehouse, 999, "lan")


def test_a_file_with_one_bad_row_loads_nothing(warehouse, tmp_path):
    bad = ROWS[2].replace("19/05/2024", "31/02/2024")
    [result] = load_file(warehouse, write(tmp_path / "a.csv", ROWS[0], ROWS[1], bad))
    assert result.status == "rejected"
    assert [(e.row, e.column, e.code) for e in result.errors] == [(4, "date", "bad_date")]
    assert table(warehouse, "select count(*) from activities") == [(0,)]
    assert table(warehouse, "select count(*) from batches") == [(0,)]


def test_dry_run_counts_without_writing(warehouse, tmp_path):
    [result] = load_file(warehouse, write(tmp_path / "a.csv", *ROWS), dry_run=True)
    assert (result.status, result.rows_new, result.batch_id) == ("valid", 3, None)
    assert table(warehouse, "select count(*) from activities") == [(0,)]


def test_blank_themes_are_inferred_and_marked_in_the_bridge(warehouse, tmp_path):
    pytest.importorskip("etl.themes")
    row = ",20/03/2024,Đoàn Thanh niên,,Ra quân,,Ra quân tổng vệ sinh môi trường hưởng ứng Ngày Nước thế giới,200,0\n"
    load_file(warehouse, write(tmp_path / "a.csv", ROWS[0], row))
    given = table(
        warehouse,
        "select theme, inferred from activity_themes a join activities b using (record_key) "
        "where b.activity_id = 'HD-1'",
    )
    assert given == [("an_sinh", False)]
    inferred = table(warehouse, "select themes, themes_inferred from activities where activity_id is null")
    assert inferred[0][1] is True
    assert "nong_thon_moi_moi_truong" in inferred[0][0]


LOAD_SCRIPT = """
import sys, duckdb
from etl.pipeline import load_file
con = duckdb.connect(sys.argv[1])
load_file(con, sys.argv[2])
"""


def test_a_load_killed_before_commit_leaves_the_warehouse_as_it_was(db_path, tmp_path):
    con = duckdb.connect(str(db_path))
    load_file(con, write(tmp_path / "a.csv", ROWS[0]))
    before = snapshot(con)
    batches = table(con, "select * from batches")
    con.close()
    env = dict(os.environ, DOANTHE_FAULT="kill_before_commit")
    proc = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT, str(db_path), str(write(tmp_path / "b.csv", *ROWS))],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -9, proc.stderr.decode()
    con = duckdb.connect(str(db_path))
    assert snapshot(con) == before
    assert table(con, "select * from batches") == batches
    # And the next load works.
    [result] = load_file(con, tmp_path / "b.csv")
    assert (result.status, result.rows_new, result.rows_unchanged) == ("loaded", 2, 1)
    con.close()


def test_the_theme_bridge_of_an_older_warehouse_becomes_the_view(monkeypatch):
    """A warehouse from before migration 006 had the bridge as a table; migrating keeps every
    activity's themes, now read from the list itself."""
    from etl import schema

    con = duckdb.connect()
    every = schema.migrations()
    monkeypatch.setattr(schema, "migrations", lambda: [m for m in every if m[0] < 6])
    schema.migrate(con)
    con.execute(
        "insert into activities (record_key, date, org, unit, activity_type, themes, themes_inferred, title, "
        "batch_id) values ('id:HD-1', date '2024-01-15', 'HLHPN', '14', 'ho_tro', ['an_sinh', 'giam_ngheo'], "
        "false, 'Trao quà', 1)"
    )
    con.execute("insert into activity_themes values ('id:HD-1', 'an_sinh', 1, false)")  # (one row lost)
    monkeypatch.setattr(schema, "migrations", lambda: every)
    assert 6 in schema.migrate(con)
    assert table(con, "select * from activity_themes order by rank") == [
        ("id:HD-1", "an_sinh", 1, False),
        ("id:HD-1", "giam_ngheo", 2, False),
    ]
    assert table(
        con, "select table_type from information_schema.tables where table_name = 'activity_themes'"
    ) == [("VIEW",)]


def test_keys_of_an_older_warehouse_survive_the_computed_record_key(monkeypatch, tmp_path):
    """Before migration 007 every record stored its record_key; now it is computed from the id
    (or, for a record without one, from the stored content key). Migrating keeps every key, so
    loading the same file again finds every record unchanged, and an earlier version kept for
    rollback still comes back."""
    from etl import schema

    path = write(tmp_path / "a.csv", *ROWS)
    current = duckdb.connect()
    schema.init_warehouse(current)
    load_file(current, path)
    cols = (
        "activity_id, date, org, unit, activity_type, themes, themes_inferred, title, participants, "
        "beneficiaries, funds_vnd, new_members, notes"
    )
    rows = table(current, f"select record_key, {cols}, batch_id from activities order by all")
    assert sorted(r[0].split(":")[0] for r in rows) == ["h", "id", "id"]

    older = duckdb.connect()
    every = schema.migrations()
    monkeypatch.setattr(schema, "migrations", lambda: [m for m in every if m[0] < 7])
    schema.init_warehouse(older)
    values = ", ".join("?" for _ in range(15))
    older.executemany(f"insert into activities (record_key, {cols}, batch_id) values ({values})", rows)
    [(batch_id,)] = table(older, "select nextval('batch_id_seq')")
    older.execute(
        "insert into batches values (?, 'activities', 'a.csv', null, ?, 'x', "
        "current_localtimestamp(), 3, 3, 0, 0, 'loaded', null, null)",
        [batch_id, "0" * 64],
    )
    monkeypatch.setattr(schema, "migrations", lambda: every)
    assert 7 in schema.migrate(older)

    assert table(older, f"select record_key, {cols}, batch_id from activities order by all") == rows
    assert table(older, "select count(content_key) from activities") == [(1,)]  # (the one without an id)
    [again] = load_file(older, path)
    assert (again.rows_new, again.rows_updated, again.rows_unchanged) == (0, 0, 3)
    # An update replaces the earlier version; rolling it back brings that version back, key and all.
    changed = [ROWS[0], ROWS[1], ROWS[2].replace(",45,", ",46,")]
    [update] = load_file(older, write(tmp_path / "b.csv", *changed))
    assert (update.rows_new, update.rows_updated) == (0, 1)
    rollback_batch(older, update.batch_id, "lan")
    assert table(older, f"select record_key, {cols}, batch_id from activities order by all") == rows


MEETINGS_CSV = (
    "Mã hội nghị,Ngày,Loại hội nghị,Tên hội nghị,Cơ quan chủ trì,Địa bàn\n"
    "HN-A,13/06/2024,Giao ban,Giao ban 6 tháng đầu năm,Thường trực Huyện ủy,Huyện Mai Sơn\n"
    "HN-B,12/12/2024,Giao ban,Giao ban cuối năm,Thường trực Huyện ủy,Huyện Mai Sơn\n"
)
TASKS_HEADER = "Mã nhiệm vụ,Mã hội nghị,Đơn vị thực hiện,Nội dung nhiệm vụ\n"


def test_tasks_numbered_anew_for_each_meeting_are_other_tasks(warehouse, tmp_path):
    """Offices number each conclusion's tasks 1, 2, 3: task 1 of a second meeting is a new task,
    not the first meeting's task 1 updated."""
    (tmp_path / "hn.csv").write_text(MEETINGS_CSV, encoding="utf-8")
    assert load_file(warehouse, tmp_path / "hn.csv")[0].status == "loaded"
    first = tmp_path / "nv_a.csv"
    first.write_text(
        TASKS_HEADER + "1,HN-A,Hội LHPN,Vận động phụ nữ\n2,HN-A,Hội Nông dân,Hỗ trợ vốn\n", "utf-8"
    )
    second = tmp_path / "nv_b.csv"
    second.write_text(TASKS_HEADER + "1,HN-B,Đoàn Thanh niên,Ra quân mùa hè\n", "utf-8")
    for path, new in ((first, 2), (second, 1)):
        [result] = load_file(warehouse, path)
        assert (result.status, result.rows_new, result.rows_updated) == ("loaded", new, 0)
    assert table(warehouse, "select task_id, meeting_id, assignee from tasks order by 2, 1") == [
        ("1", "HN-A", "HLHPN"),
        ("2", "HN-A", "HND"),
        ("1", "HN-B", "DTN"),
    ]
    # The same file again changes nothing; task 1 of HN-B changed is that task updated.
    assert load_file(warehouse, second)[0].rows_unchanged == 1
    second.write_text(TASKS_HEADER + "1,HN-B,Đoàn Thanh niên,Ra quân mùa hè xanh\n", "utf-8")
    [result] = load_file(warehouse, second)
    assert (result.rows_new, result.rows_updated) == (0, 1)
    assert table(warehouse, "select count(*) from tasks") == [(3,)]
    # In one file: the same id under two meetings is two tasks, under one meeting a duplicate.
    both = tmp_path / "nv.csv"
    both.write_text(TASKS_HEADER + "3,HN-A,Hội LHPN,Việc ba\n3,HN-B,Hội LHPN,Việc ba\n", "utf-8")
    assert load_file(warehouse, both)[0].rows_new == 2
    both.write_text(TASKS_HEADER + "4,HN-A,Hội LHPN,Việc bốn\n4,HN-A,Hội LHPN,Việc bốn nữa\n", "utf-8")
    [result] = load_file(warehouse, both)
    assert [(e.row, e.code) for e in result.errors] == [(3, "duplicate_in_file")]


def test_task_keys_of_an_older_warehouse_take_their_meeting(monkeypatch, tmp_path):
    """Migration 008 keys a task by its meeting and id. Tasks loaded before it are found again
    (the same file adds nothing) and a version kept for rollback still comes back."""
    from etl import schema

    every = schema.migrations()
    older = duckdb.connect()
    monkeypatch.setattr(schema, "migrations", lambda: [m for m in every if m[0] < 8])
    schema.init_warehouse(older)
    (tmp_path / "hn.csv").write_text(MEETINGS_CSV, encoding="utf-8")
    load_file(older, tmp_path / "hn.csv")
    tasks = tmp_path / "nv.csv"
    tasks.write_text(
        TASKS_HEADER + "1,HN-A,Hội LHPN,Vận động phụ nữ\n,HN-A,Hội Nông dân,Hỗ trợ vốn\n", "utf-8"
    )
    load_file(older, tasks)
    tasks.write_text(
        TASKS_HEADER + "1,HN-A,Hội LHPN,Vận động phụ nữ tiết kiệm\n,HN-A,Hội Nông dân,Hỗ trợ vốn\n", "utf-8"
    )
    [update] = load_file(older, tasks)
    assert update.rows_updated == 1
    assert table(older, "select record_key from tasks_replaced") == [("id:1",)]

    monkeypatch.setattr(schema, "migrations", lambda: every)
    assert schema.migrate(older) == [8]
    keys = table(older, "select task_id, record_key from tasks order by 1")
    assert keys[0] == ("1", "id:HN-A\x1f1") and keys[1][1].startswith("h:")
    assert table(older, "select record_key from tasks_replaced") == [("id:HN-A\x1f1",)]
    assert load_file(older, tasks)[0].rows_unchanged == 2
    rollback_batch(older, update.batch_id, "lan")
    assert table(older, "select task_id, description from tasks order by 1") == [
        ("1", "Vận động phụ nữ"),
        (None, "Hỗ trợ vốn"),
    ]
