"""What the upload and batches pages do, without a browser: check, save, scope, roll back, limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from dashboard import uploads
from etl import accounts, config
from etl.load import RollbackRefused
from tests.logins import PASSWORD

HEADER = "Ngày,Tổ chức,Địa bàn,Loại hoạt động,Nội dung,Số người tham gia"
STAFF_UNIT = "04126"  # Xã Mường Bon


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8-sig")


GOOD = csv_bytes(
    "02/03/2024,Hội LHPN,Xã Mường Bon,Tuyên truyền,Tuyên truyền phòng chống mua bán người,40",
    "09/03/2024,Hội LHPN,Xã Mường Bon,Tập huấn,Tập huấn kỹ năng làm kinh tế gia đình,35",
)


@pytest.fixture
def wh(sample_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "doanthe.duckdb"
    shutil.copy(sample_db, path)
    con = duckdb.connect(str(path))
    try:
        accounts.add_user(con, "quantri", role="admin", password=PASSWORD)
        accounts.add_user(con, "lanhdao", role="leader", password=PASSWORD)
        accounts.add_user(
            con, "canbo_phunu", role="staff", password=PASSWORD, orgs=["HLHPN"], unit=STAFF_UNIT
        )
        accounts.add_user(
            con, "canbo_nongdan", role="staff", password=PASSWORD, orgs=["HND"], unit=STAFF_UNIT
        )
    finally:
        con.close()
    return path


def user(path: Path, username: str) -> accounts.Account:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return accounts.get_user(con, username)
    finally:
        con.close()


def count(path: Path, sql: str = "select count(*) from activities") -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


def test_checking_changes_nothing_and_saving_loads_one_batch(wh):
    clerk = user(wh, "canbo_phunu")
    before, batches = count(wh), count(wh, "select count(*) from batches")
    check = uploads.check_upload(wh, "hoat_dong.csv", GOOD, clerk)
    assert check.ok and not check.saved
    assert check.totals() == {"rows_read": 2, "rows_new": 2, "rows_updated": 0, "rows_unchanged": 0}
    assert count(wh) == before and count(wh, "select count(*) from batches") == batches

    saved = uploads.save_upload(wh, "hoat_dong.csv", GOOD, clerk)
    assert saved.saved and saved.totals()["rows_new"] == 2
    assert count(wh) == before + 2
    loaded_by = count(wh, f"select loaded_by from batches where batch_id = {saved.results[0].batch_id}")
    assert loaded_by == "canbo_phunu"
    # The same file again adds nothing.
    again = uploads.check_upload(wh, "hoat_dong.csv", GOOD, clerk)
    assert again.totals()["rows_new"] == 0 and again.totals()["rows_unchanged"] == 2


def test_a_file_with_errors_lists_them_and_hands_the_file_back(wh, tmp_path):
    clerk = user(wh, "canbo_phunu")
    bad = csv_bytes(
        "31/02/2024,Hội LHPN,Xã Mường Bon,Tuyên truyền,Tuyên truyền an toàn giao thông,40",
        "09/03/2024,Hội LHPN,Xã Mường Bon,Tập huấn,Tập huấn kỹ năng,abc",
    )
    before = count(wh)
    check = uploads.check_upload(wh, "hoat_dong_loi.csv", bad, clerk)
    assert not check.ok and check.problem_count == 2
    table = uploads.problems_table(check)
    assert list(table["row"]) == [2, 3]
    assert list(table["code"]) == ["bad_date", "bad_number"]
    assert "31/02/2024" in table["message"][0]
    assert check.annotated and check.annotated_name.endswith(".xlsx")
    returned = tmp_path / check.annotated_name
    returned.write_bytes(check.annotated)
    values = [str(c.value) for row in openpyxl.load_workbook(returned).worksheets[0].iter_rows() for c in row]
    assert any("31/02/2024" in v and "ngày" in v for v in values)
    assert count(wh) == before
    # Saving a bad file saves nothing either.
    assert not uploads.save_upload(wh, "hoat_dong_loi.csv", bad, clerk).saved
    assert count(wh) == before


def test_records_outside_the_clerks_scope_are_refused(wh):
    farmers_clerk = user(wh, "canbo_nongdan")
    check = uploads.check_upload(wh, "hoat_dong.csv", GOOD, farmers_clerk)
    assert not check.ok
    assert {p.code for p in check.problems} == {"out_of_scope"}
    other_commune = csv_bytes("02/03/2024,Hội LHPN,Xã Chiềng Ban,Tuyên truyền,Tuyên truyền pháp luật,40")
    check = uploads.check_upload(wh, "hoat_dong.csv", other_commune, user(wh, "canbo_phunu"))
    assert [p.code for p in check.problems] == ["out_of_scope"]


def test_who_may_upload_and_roll_back(wh):
    with pytest.raises(uploads.NotAllowed):
        uploads.check_upload(wh, "hoat_dong.csv", GOOD, user(wh, "lanhdao"))
    with pytest.raises(uploads.NotAllowed):
        uploads.check_upload(wh, "hoat_dong.csv", GOOD, None)
    saved = uploads.save_upload(wh, "hoat_dong.csv", GOOD, user(wh, "canbo_phunu"))
    batch = saved.results[0].batch_id
    # Another clerk may neither see nor undo it; the leader may not undo anything.
    assert batch not in set(uploads.list_batches(wh, user(wh, "canbo_nongdan"))["batch_id"])
    assert batch in set(uploads.list_batches(wh, user(wh, "canbo_phunu"))["batch_id"])
    for who in ("canbo_nongdan", "lanhdao"):
        with pytest.raises(uploads.NotAllowed):
            uploads.roll_back(wh, batch, user(wh, who))
    before = count(wh)
    info = uploads.roll_back(wh, batch, user(wh, "quantri"))
    assert info["rows_removed"] == 2 and count(wh) == before - 2
    with pytest.raises(RollbackRefused):
        uploads.roll_back(wh, batch, user(wh, "quantri"))


def test_an_upload_over_the_web_limit_is_refused_unread(wh, monkeypatch):
    monkeypatch.setattr(config, "MAX_FILE_BYTES_WEB", 1024)
    check = uploads.check_upload(wh, "lon.csv", GOOD + b"x" * 2048, user(wh, "canbo_phunu"))
    assert [p.code for p in check.problems] == ["file_too_large"]
    assert "tối đa 0 MB" not in check.problems[0].message


def test_a_zip_bomb_is_refused_before_unpacking(wh):
    bomb = (Path(__file__).parent / "data" / "bomb_2gib.xlsx").read_bytes()
    check = uploads.check_upload(wh, "bao_cao.xlsx", bomb, user(wh, "canbo_phunu"))
    assert [p.code for p in check.problems] == ["file_too_large"]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Lan\\Báo cáo quý 2.xlsx", "Báo cáo quý 2.xlsx"),
        ("<img src=x onerror=alert(1)>.csv", "_img src_x onerror_alert_1_.csv"),
        ("", "tep_tai_len"),
    ],
)
def test_uploaded_file_names_lose_their_folders_and_markup(given, kept):
    assert uploads.safe_file_name(given) == kept
