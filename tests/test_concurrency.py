"""Dashboard sessions keep reading while an upload commits and a batch is rolled back.

Ten threads play ten dashboard sessions: each opens the warehouse the way a page run does
(``dashboard.db.warehouse``) and runs the overview's KPI query through the query layer, again and
again. Meanwhile a clerk's upload is saved and then rolled back through the functions the upload
and batches pages call. No session may see an error, or any figure other than the one before the
batch or the one after it (never half of it); and each session sees the new figure once it is
saved, and the old one once it is rolled back.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from dashboard import db, uploads
from dashboard import queries_ibis as q
from dashboard.filters import from_query_params
from dashboard.periods import Cutoff
from etl import accounts
from tests.logins import PASSWORD

SESSIONS = 10
NEW_ROWS = 40
STAFF_UNIT = "04126"


def upload_csv() -> bytes:
    lines = ["Ngày,Tổ chức,Địa bàn,Loại hoạt động,Nội dung,Số người tham gia"]
    for i in range(NEW_ROWS):
        lines.append(
            f"{(i % 28) + 1:02d}/03/2024,Hội LHPN,Xã Mường Bon,Tuyên truyền,"
            f"Tuyên truyền phòng chống bạo lực gia đình tại bản {i + 1},{20 + i}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


@pytest.fixture
def busy_db(sample_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "doanthe.duckdb"
    shutil.copy(sample_db, path)
    con = duckdb.connect(str(path))
    try:
        accounts.add_user(
            con, "canbo_phunu", role="staff", password=PASSWORD, orgs=["HLHPN"], unit=STAFF_UNIT
        )
    finally:
        con.close()
    return path


class Session(threading.Thread):
    """One dashboard session: page runs, each with its own read-only connection, until stopped."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.filters = from_query_params({"period": "2024-H1"}, today=dt.date.today(), cutoff=Cutoff())
        self.seen: list[int] = []
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.changed = threading.Condition()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with db.warehouse(self.path) as con:
                    value = int(q.kpis(q.backend_for(con.cursor()), self.filters, None).iloc[0]["activities"])
            except BaseException as exc:  # noqa: BLE001 - every error is a failure of the test
                self.errors.append(exc)
                value = None
            with self.changed:
                if value is not None:
                    self.seen.append(value)
                self.changed.notify_all()

    def mark(self) -> int:
        with self.changed:
            return len(self.seen)

    def shows(self, value: int, since: int, timeout: float = 60) -> bool:
        """Whether a page run after ``since`` showed ``value`` (waiting for it, up to ``timeout``)."""
        with self.changed:
            return self.changed.wait_for(
                lambda: value in self.seen[since:] or bool(self.errors), timeout
            ) and (value in self.seen[since:])


def test_sessions_keep_reading_while_a_batch_commits_and_rolls_back(busy_db):
    con = duckdb.connect(str(busy_db), read_only=True)
    try:
        clerk = accounts.get_user(con, "canbo_phunu")
        f = from_query_params({"period": "2024-H1"}, today=dt.date.today(), cutoff=Cutoff())
        before = int(q.kpis(q.backend_for(con.cursor()), f, None).iloc[0]["activities"])
    finally:
        con.close()
    after = before + NEW_ROWS

    sessions = [Session(busy_db) for _ in range(SESSIONS)]
    for session in sessions:
        session.start()
    try:
        assert all(session.shows(before, 0) for session in sessions)

        saved = uploads.save_upload(busy_db, "hoat_dong_thang_3.csv", upload_csv(), clerk)
        marks = [session.mark() for session in sessions]
        assert saved.saved, [p.message for p in saved.problems]
        assert saved.totals()["rows_new"] == NEW_ROWS
        assert all(session.shows(after, mark) for session, mark in zip(sessions, marks, strict=True))

        info = uploads.roll_back(busy_db, saved.results[0].batch_id, clerk)
        marks = [session.mark() for session in sessions]
        assert info["rows_removed"] == NEW_ROWS
        assert all(session.shows(before, mark) for session, mark in zip(sessions, marks, strict=True))
    finally:
        for session in sessions:
            session.stop.set()
        for session in sessions:
            session.join(60)

    for session in sessions:
        assert not session.errors, session.errors[:3]
        assert set(session.seen) <= {before, after}, sorted(set(session.seen))
        assert len(session.seen) >= 3


def test_a_page_that_reads_cannot_start_a_write_and_deadlock(busy_db):
    with (
        db.warehouse(busy_db),
        pytest.raises(RuntimeError, match="read connection is open"),
        db.writer(busy_db),
    ):
        pass
    # The lock is free again: a write goes through.
    with db.writer(busy_db) as con:
        assert con.execute("select count(*) from accounts where username = 'canbo_phunu'").fetchall() == [
            (1,)
        ]
