"""The minimal dashboard (warehouse page) through Streamlit's AppTest, plus its query/i18n/db layers."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import db, queries
from dashboard.i18n import fmt_date, fmt_datetime, fmt_int, normalize_lang, t
from tests.dashboard_fixtures import EXPECTED, MARKUP_FILE_NAME, N_ACTIVITIES, create_warehouse
from tests.logins import as_account

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
WAREHOUSE_PAGE = "app_pages/warehouse.py"
BUSY_VI = "Kho dữ liệu đang được cập nhật, vui lòng tải lại sau ít giây"


@pytest.fixture
def warehouse_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = create_warehouse(tmp_path / "doanthe.duckdb")
    monkeypatch.setenv("DOANTHE_DB", str(path))
    return path


def run_app(query_params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    as_account(at)
    at.query_params.update(query_params or {})
    at.run()
    # The warehouse page is no longer the default one (the overview is): open it.
    at.switch_page(WAREHOUSE_PAGE)
    at.query_params.update(query_params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def element_types(at: AppTest) -> list[str]:
    return [e.type for e in at.main]


# ── The page ─────────────────────────────────────────────────────────────────────────────────────


def test_page_shows_counts_ranges_chart_and_batches_in_vietnamese(warehouse_path):
    at = run_app()

    assert at.title[0].value == "Kho dữ liệu"
    assert metrics(at) == {
        "Hoạt động": "1.234",
        "Hội nghị": "3",
        "Nhiệm vụ": "5",
        "Đoàn viên, hội viên": "7",
        "Chỉ tiêu": "12",
    }
    shown = captions(at)
    assert "Từ 05/01/2023 đến 14/06/2025" in shown
    assert "Từ 10/01/2024 đến 09/01/2025" in shown
    assert "Từ 30/06/2024 đến 31/12/2024" in shown
    assert "Năm 2024–2025" in shown
    assert "2 nhiệm vụ quá hạn" in shown
    assert [w.value for w in at.warning] == [t("warehouse.sample_notice", "vi", sample="5", total="5")]
    assert "Dữ liệu mẫu" in at.warning[0].value
    assert element_types(at).count("plotly_chart") == 1
    assert [s.value for s in at.subheader] == [
        "Số hoạt động theo tổ chức và năm",
        "Các lần nạp dữ liệu gần nhất",
    ]

    batches = at.dataframe[0].value
    assert list(batches["Lần nạp"]) == ["6", "5", "4", "3", "2", "1"]
    assert list(batches["Trạng thái"])[:2] == ["Đã hoàn tác", "Đã nạp"]
    assert batches["Dòng đọc"].iloc[-1] == "1.234"
    assert batches["Thời điểm nạp"].iloc[-1] == "15/01/2025 09:31"
    # Text from files is shown as data, verbatim, never as markdown/HTML.
    assert batches["Tệp"].iloc[0] == MARKUP_FILE_NAME
    assert all("<b>" not in m.value for m in at.markdown)
    assert at.query_params["lang"] == "vi"


def test_language_switch_changes_labels_and_url(warehouse_path):
    at = run_app()
    at.sidebar.radio[0].set_value("en").run()

    assert not at.exception
    assert at.query_params["lang"] == "en"
    assert at.title[0].value == "Data warehouse"
    assert metrics(at) == {
        "Activities": "1,234",
        "Meetings": "3",
        "Tasks": "5",
        "Membership": "7",
        "Targets": "12",
    }
    assert "From 05/01/2023 to 14/06/2025" in captions(at)
    assert "Sample data" in at.warning[0].value
    assert "Rolled back" in list(at.dataframe[0].value["Status"])

    at.sidebar.radio[0].set_value("vi").run()
    assert at.query_params["lang"] == "vi"
    assert at.title[0].value == "Kho dữ liệu"


def test_language_comes_from_the_url(warehouse_path):
    at = run_app({"lang": "en"})
    assert at.title[0].value == "Data warehouse"
    assert at.sidebar.radio[0].value == "en"

    at = run_app({"lang": "fr"})  # anything unknown: Vietnamese, and the URL says so
    assert at.title[0].value == "Kho dữ liệu"
    assert at.query_params["lang"] == "vi"


def test_real_data_has_no_sample_notice(tmp_path, monkeypatch):
    monkeypatch.setenv("DOANTHE_DB", str(create_warehouse(tmp_path / "w.duckdb", sample=False)))
    at = run_app()
    assert not at.warning
    assert metrics(at)["Hoạt động"] == "1.234"


def test_empty_warehouse_says_so_without_chart(tmp_path, monkeypatch):
    monkeypatch.setenv("DOANTHE_DB", str(create_warehouse(tmp_path / "w.duckdb", with_data=False)))
    at = run_app()
    assert [i.value for i in at.info] == [t("warehouse.empty", "vi"), t("warehouse.no_batches", "vi")]
    assert "chưa có bản ghi nào" in at.info[0].value
    assert "plotly_chart" not in element_types(at)
    assert not at.metric
    assert not at.dataframe


def test_missing_warehouse_says_how_to_create_it(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere" / "doanthe.duckdb"
    monkeypatch.setenv("DOANTHE_DB", str(missing))
    at = run_app()
    (message,) = [i.value for i in at.info]
    assert message.startswith("Chưa có kho dữ liệu")
    assert str(missing) in message
    for command in ("doanthe init", "doanthe sample", "doanthe load"):
        assert command in message
    assert not at.metric
    assert not missing.exists()  # reading never creates the file

    at.sidebar.radio[0].set_value("en").run()
    assert at.info[0].value.startswith("There is no warehouse")


def test_file_without_tables_says_how_to_initialize(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    monkeypatch.setenv("DOANTHE_DB", str(path))
    at = run_app()
    assert "doanthe init" in at.info[0].value
    assert not at.metric


def test_damaged_file_shows_an_error_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("DOANTHE_DB", str(path))
    at = run_app()
    assert at.error[0].value.startswith("Không đọc được kho dữ liệu")


def test_locked_warehouse_asks_to_reload(warehouse_path):
    # Another process holds the file read-write, as `doanthe load` does during a load.
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); sys.stdin.read()",
            str(warehouse_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "locked"
        at = run_app()
        assert at.warning[0].value.startswith(BUSY_VI)
        assert not at.metric
    finally:
        writer.stdin.close()
        writer.wait(timeout=10)
    # Once the writer is gone the page reads again.
    assert metrics(run_app())["Hoạt động"] == "1.234"


def test_page_does_not_keep_the_file_open_and_shows_new_batches(warehouse_path):
    at = run_app()
    assert metrics(at)["Hoạt động"] == "1.234"

    # A writer can open the file right after a rerun (in this same process DuckDB would refuse
    # a read-write connection while a read-only one were still open)…
    con = duckdb.connect(str(warehouse_path))
    try:
        con.execute(
            "INSERT INTO batches VALUES (7, 'activities', 'bao_cao_quy3.csv', NULL, 'admin', "
            "TIMESTAMP '2025-10-01 10:00', 1, 1, 0, 0, 'loaded', NULL)"
        )
        con.execute(
            "INSERT INTO activities (record_key, date, org, activity_type, title, batch_id) "
            "VALUES ('new', DATE '2025-09-30', 'LDLD', 'ra_quan', 'Ra quân', 7)"
        )
    finally:
        con.close()

    # …and the next rerun shows the new batch at once (the cache is keyed on the data version).
    at.run()
    assert metrics(at)["Hoạt động"] == "1.235"
    assert at.dataframe[0].value["Lần nạp"].iloc[0] == "7"
    assert "Dữ liệu mẫu: 5 trên 6" in at.warning[0].value


# ── Layers under the page ────────────────────────────────────────────────────────────────────────


def test_queries_return_counts_ranges_and_batches(warehouse_path):
    with db.warehouse(warehouse_path) as con:
        counts = queries.record_counts(con, today=dt.date(2025, 1, 1)).set_index("kind")
        by_org_year = queries.activities_by_org_year(con)
        batches = queries.recent_batches(con, limit=2)
        sample = queries.sample_batches(con)
        version = db.data_version(con, warehouse_path)

    assert list(counts.index) == list(queries.RECORD_KINDS)
    for kind, expected in EXPECTED.items():
        assert counts.loc[kind, "records"] == expected["records"]
        if "from" in expected:
            assert counts.loc[kind, "date_from"].date() == expected["from"]
            assert counts.loc[kind, "date_to"].date() == expected["to"]
    assert (counts.loc["targets", "year_from"], counts.loc["targets", "year_to"]) == (2024, 2025)
    assert counts.loc["tasks", "late"] == 2
    assert by_org_year["activities"].sum() == N_ACTIVITIES
    assert sorted(by_org_year["year"].unique()) == [2023, 2024, 2025]
    assert list(batches["batch_id"]) == [6, 5]
    assert sample == (5, 5)
    assert version[:3] == (6, 6, 1)


def test_late_tasks_depend_on_the_day_asked(warehouse_path):
    with db.warehouse(warehouse_path) as con:
        assert (
            queries.record_counts(con, today=dt.date(2024, 1, 1)).set_index("kind").loc["tasks", "late"] == 0
        )
        assert (
            queries.record_counts(con, today=dt.date(2024, 4, 1)).set_index("kind").loc["tasks", "late"] == 1
        )


def test_warehouse_is_read_only_and_closed_after_use(warehouse_path):
    with db.warehouse(warehouse_path) as con, pytest.raises(duckdb.Error):
        con.execute("DELETE FROM activities")
    with pytest.raises(duckdb.Error):
        con.execute("SELECT 1")


def test_missing_file_is_reported_not_created(tmp_path):
    with pytest.raises(db.WarehouseUnavailable) as info:
        db.open_warehouse(tmp_path / "x.duckdb")
    assert info.value.reason == "missing"
    assert not (tmp_path / "x.duckdb").exists()


def test_formatting_vietnamese_and_english():
    assert fmt_int(1234567) == "1.234.567"
    assert fmt_int(1234567, "en") == "1,234,567"
    assert fmt_int(0) == "0"
    assert fmt_int(None) == "—"
    assert fmt_date(dt.date(2024, 6, 13)) == "13/06/2024"
    assert fmt_datetime(dt.datetime(2024, 6, 13, 14, 5)) == "13/06/2024 14:05"
    assert normalize_lang("EN") == "en"
    assert normalize_lang(["vi", "en"]) == "en"
    assert normalize_lang("<script>") == "vi"
    assert normalize_lang(None) == "vi"
    assert t("kind.members", "en") == "Membership"
    assert t("no.such.key") == "no.such.key"


def test_language_survives_a_url_without_lang(warehouse_path):
    # Switching pages clears query params; the session's choice must survive that.
    at = run_app({"lang": "en"})
    at.query_params.clear()
    at.run()
    assert at.title[0].value == "Data warehouse"
    assert at.query_params["lang"] == "en"
