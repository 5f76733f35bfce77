"""The sample district, loaded through the same path as a clerk's files."""

from __future__ import annotations

import datetime as dt

import duckdb

from etl.pipeline import load_file


def q(path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_every_sample_file_loads_as_batches(sample_db):
    kinds = q(
        sample_db, "select kind, count(*) from batches where status = 'loaded' group by kind order by kind"
    )
    assert [k for k, _ in kinds] == ["activities", "meetings", "members", "targets", "tasks"]
    assert q(sample_db, "select count(*) from activities") == [(3000,)]


def test_the_seed_briefing_is_there_with_its_tasks(sample_db):
    [(meeting_id, host, meeting_type, chair)] = q(
        sample_db,
        "select meeting_id, host, meeting_type, chair from meetings where date = ?",
        [dt.date(2024, 6, 13)],
    )
    assert (host, meeting_type, chair) == ("TT_CAP_UY", "giao_ban", "Hồ Văn Vinh")
    assignees = {r[0] for r in q(sample_db, "select assignee from tasks where meeting_id = ?", [meeting_id])}
    assert {"MTTQ", "HLHPN", "DTN", "HND", "HCCB", "LDLD"} <= assignees
    late = q(
        sample_db,
        "select count(*) from tasks where meeting_id = ? and due_date < ? and status <> 'hoan_thanh'",
        [meeting_id, dt.date(2026, 11, 26)],
    )[0][0]
    assert late > 0


def test_units_follow_the_reform(sample_db):
    # No activity names a unit after it was dissolved, nor a new commune before it existed.
    wrong = q(
        sample_db,
        "select count(*) from activities a join units u on u.code = a.unit "
        "where a.date > coalesce(u.valid_to, date '9999-12-31') or a.date < coalesce(u.valid_from, date '0001-01-01')",
    )
    assert wrong == [(0,)]
    levels = q(
        sample_db,
        "select distinct u.level from activities a join units u on u.code = a.unit order by 1",
    )
    assert levels == [("commune",), ("district",), ("province",)]


def test_blank_themes_were_inferred(sample_db):
    [(inferred, given)] = q(
        sample_db,
        "select count(*) filter (where inferred), count(*) filter (where not inferred) from activity_themes",
    )
    assert inferred > 0 and given > 0


def test_loading_the_sample_again_adds_nothing(sample_dir, sample_db, tmp_path):
    path = tmp_path / "again.duckdb"
    path.write_bytes(sample_db.read_bytes())
    con = duckdb.connect(str(path))
    before = con.execute("select count(*) from activities").fetchone()
    for file in sorted(sample_dir.glob("mau_*")):
        for result in load_file(con, file):
            assert (result.status, result.rows_new, result.rows_updated) == ("loaded", 0, 0), result.file
    assert con.execute("select count(*) from activities").fetchone() == before
    con.close()
