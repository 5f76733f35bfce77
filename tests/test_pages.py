"""The analysis pages through Streamlit's AppTest, over a warehouse built by the real ETL.

Each page renders without exception with the default filters, with a filter that matches nothing,
with a period without data and in English; the numbers shown are the query layer's for the same
filters; the URL restores the filters and a filter change writes the URL.
"""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import plotly.io
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries_ibis as q
from dashboard.filters import from_query_params
from dashboard.i18n import fmt_int, fmt_pct, t
from dashboard.periods import Cutoff
from tests.logins import as_account

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
PAGES = {
    "overview": "app_pages/overview.py",
    "records": "app_pages/records.py",
    "trends": "app_pages/trends.py",
}
KPI_INDICATORS = ("activities", "participants", "beneficiaries", "funds_vnd", "new_members", "members")
# A combination with no activity in the sample (checked against the query layer below).
NOTHING = {"period": "2024-H1", "org": "LDLD", "type": "phan_bien", "theme": "thien_tai"}
NO_DATA_PERIOD = {"period": "2019-H1"}  # the sample starts in 2021


@pytest.fixture
def sample_env(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOANTHE_DB", str(sample_db))
    monkeypatch.delenv("DOANTHE_PERIOD_CUTOFF", raising=False)
    return sample_db


def run_page(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    as_account(at)
    at.query_params.update(params or {})
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page])
        at.query_params.update(params or {})
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def query(sample_db: Path, fn, params: dict, **kwargs):
    filters = from_query_params(params, today=dt.date.today(), cutoff=Cutoff())
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        return fn(q.backend_for(con.cursor()), filters, None, **kwargs)
    finally:
        con.close()


def plotted(values) -> list[float]:
    """A trace's values as plotted (plotly sends numeric arrays base64-encoded)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return [float("nan") if v is None else float(v) for v in values]


def texts(at: AppTest) -> list[str]:
    return [e.value for e in (*at.info, *at.warning, *at.caption, *at.markdown)]


# ── Every page, every odd state ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_with_default_filters(sample_env, page):
    at = run_page(page)
    assert at.query_params["period"]  # the filters are in the URL
    assert at.query_params["grain"] == "month"
    assert at.title[0].value == t(f"{page}.heading", "vi")


@pytest.mark.parametrize("page", list(PAGES))
def test_filter_matching_nothing_says_so(sample_env, sample_db, page):
    assert query(sample_db, q.kpis, NOTHING).iloc[0]["activities"] == 0
    at = run_page(page, NOTHING)
    shown = " ".join(texts(at))
    assert "6 tháng đầu năm 2024" in shown
    assert "Không có" in shown
    assert not [e for e in at.main if e.type == "plotly_chart"]


@pytest.mark.parametrize("page", list(PAGES))
def test_period_without_data_says_so(sample_env, page):
    at = run_page(page, NO_DATA_PERIOD)
    shown = " ".join(texts(at))
    assert "6 tháng đầu năm 2019" in shown
    assert "Không có" in shown


@pytest.mark.parametrize("page", list(PAGES))
def test_page_in_english(sample_env, page):
    at = run_page(page, {"lang": "en", "period": "2024-H1"})
    assert at.title[0].value == t(f"{page}.heading", "en")
    assert at.sidebar.selectbox(key="f_period").value == "2024-H1"
    shown = " ".join(texts(at))
    assert "H1 2024" in shown
    at.run()
    at = run_page(page, {"lang": "en", **NOTHING})
    assert "There are no" in " ".join(texts(at)) or "There is no" in " ".join(texts(at))


# ── Overview ─────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "params",
    [
        {"period": "2024-H1"},
        {"period": "2025", "org": "HLHPN,DTN"},
        {"period": "2024-Q2", "theme": "an_sinh", "type": "ho_tro"},
        {"period": "2026-H1", "unit": "125", "as_today": "1"},
    ],
)
def test_overview_kpis_are_the_query_layers(sample_env, sample_db, params):
    expected = query(sample_db, q.kpis, params).iloc[0]
    at = run_page("overview", params)
    shown = {m.label: (m.value, m.proto.delta) for m in at.metric}
    for indicator in KPI_INDICATORS:
        value, delta = shown[t(f"indicator.{indicator}", "vi")]
        assert value == fmt_int(expected[indicator], "vi")
        change = expected[f"{indicator}_change_pct"]
        assert delta == ("—" if change is None else fmt_pct(change, "vi"))
    assert expected["activities"] > 0
    assert len([e for e in at.main if e.type == "plotly_chart"]) == 3


def test_overview_in_english_formats_numbers_the_english_way(sample_env, sample_db):
    params = {"period": "2024-H1", "lang": "en"}
    expected = query(sample_db, q.kpis, params).iloc[0]
    at = run_page("overview", params)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Participants"] == fmt_int(expected["participants"], "en")
    assert "," in shown["Funds (VND)"]
    assert [s.value for s in at.main.subheader] == [
        "Activities per month",
        "Organizations ranked",
        "Top themes",
    ]


def test_kpi_change_is_a_dash_when_last_year_had_none(sample_env, sample_db):
    # 2021-H1 is the sample's first half-year: nothing the year before.
    expected = query(sample_db, q.kpis, {"period": "2021-H1"}).iloc[0]
    assert expected["activities_last_year"] == 0 and expected["activities"] > 0
    at = run_page("overview", {"period": "2021-H1"})
    card = next(m for m in at.metric if m.label == "Số hoạt động")
    assert card.proto.delta == "—"


# ── URL state ────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("page", list(PAGES))
def test_url_restores_the_filters(sample_env, page):
    params = {
        "period": "2024-Q2",
        "grain": "quarter",
        "org": "DTN,HLHPN",
        "unit": "125",
        "theme": "an_sinh",
        "type": "ho_tro,xay_nha",
        "as_today": "1",
    }
    at = run_page(page, params)
    sb = at.sidebar
    assert sb.selectbox(key="f_period").value == "2024-Q2"
    assert sb.selectbox(key="f_grain").value == "quarter"
    assert sb.multiselect(key="f_orgs").value == ["DTN", "HLHPN"]
    assert sb.multiselect(key="f_units").value == ["125"]
    assert sb.multiselect(key="f_themes").value == ["an_sinh"]
    assert sb.multiselect(key="f_types").value == ["ho_tro", "xay_nha"]
    assert sb.toggle(key="f_as_today").value is True
    for key, value in params.items():
        assert at.query_params[key] == value


def test_custom_range_from_the_url(sample_env):
    at = run_page("overview", {"period": "2024-03-01..2024-05-15"})
    assert at.sidebar.selectbox(key="f_period").value == "custom"
    assert at.sidebar.date_input(key="f_range").value == (dt.date(2024, 3, 1), dt.date(2024, 5, 15))
    assert any("Từ 01/03/2024 đến 15/05/2024" in c for c in texts(at))


def test_bad_codes_in_the_url_are_dropped(sample_env):
    at = run_page("overview", {"period": "2024-Q9", "org": "XYZ,HND", "unit": "<script>", "grain": "decade"})
    assert at.query_params["org"] == "HND"
    assert "unit" not in at.query_params
    assert at.query_params["grain"] == "month"
    assert at.sidebar.multiselect(key="f_orgs").value == ["HND"]


def test_changing_a_filter_updates_the_url(sample_env, sample_db):
    at = run_page("overview", {"period": "2024-H1"})
    at.sidebar.multiselect(key="f_orgs").select("HND").run()
    assert not at.exception
    assert at.query_params["org"] == "HND"
    at.sidebar.selectbox(key="f_period").set_value("2023").run()
    assert at.query_params["period"] == "2023"
    at.sidebar.selectbox(key="f_grain").set_value("quarter").run()
    assert at.query_params["grain"] == "quarter"
    at.sidebar.toggle(key="f_as_today").set_value(True).run()
    assert at.query_params["as_today"] == "1"
    # The page shows the figures of the new filters.
    expected = query(sample_db, q.kpis, {"period": "2023", "org": "HND", "as_today": "1"}).iloc[0]
    assert next(m for m in at.metric if m.label == "Số hoạt động").value == fmt_int(expected["activities"])
    # Clearing goes back to the defaults.
    at.sidebar.button(key="f_reset").click().run()
    assert "org" not in at.query_params


def test_custom_range_chosen_in_the_sidebar(sample_env):
    at = run_page("overview", {"period": "2024-H1"})
    at.sidebar.selectbox(key="f_period").set_value("custom").run()
    assert at.query_params["period"] == "2024-01-01..2024-06-30"
    at.sidebar.date_input(key="f_range").set_value((dt.date(2024, 2, 1), dt.date(2024, 2, 29))).run()
    assert at.query_params["period"] == "2024-02-01..2024-02-29"


def test_filters_follow_the_language_switch(sample_env):
    at = run_page("overview", {"period": "2024-H1", "org": "HND"})
    at.sidebar.radio[0].set_value("en").run()
    assert at.query_params["lang"] == "en"
    assert at.query_params["org"] == "HND"
    assert at.query_params["period"] == "2024-H1"
    assert at.title[0].value == "Overview"


# ── Records ──────────────────────────────────────────────────────────────────────────────────────


def test_records_table_is_the_query_layers_page(sample_env, sample_db):
    params = {"period": "2024-H1", "org": "HLHPN"}
    expected = query(sample_db, q.records, params, sort="-date", limit=50)
    at = run_page("records", params)
    table = at.dataframe[0].value
    assert len(table) == min(50, expected.total)
    assert list(table["Ngày"])[:3] == [d.strftime("%d/%m/%Y") for d in expected.rows["date"][:3]]
    assert set(table["Tổ chức"]) == {"Hội Liên hiệp Phụ nữ Việt Nam"} or len(set(table["Tổ chức"])) == 1
    assert list(table["Nội dung"]) == list(expected.rows["title"])
    assert any(fmt_int(expected.total) in c for c in texts(at))
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Tải CSV", "Tải Excel (XLSX)"]


def records_sorted_by_participants_page_2(params: dict):
    """The Dữ liệu page sorted by participants, ascending, 25 a page, on page 2."""
    at = run_page("records", params)
    at.selectbox(key="rec_sort").set_value("participants").run()
    at.toggle(key="rec_desc").set_value(False).run()
    at.selectbox(key="rec_size").set_value(25).run()
    at.number_input(key="rec_page").set_value(2).run()
    return at


def test_records_sorting_and_paging_run_in_the_engine(sample_env, sample_db):
    params = {"period": "2025"}
    at = records_sorted_by_participants_page_2(params)
    assert not at.exception
    expected = query(sample_db, q.records, params, sort="participants", limit=25, offset=25)
    table = at.dataframe[0].value
    assert list(table["Nội dung"]) == list(expected.rows["title"])
    # Narrowing the filters to fewer pages brings the page number back within range.
    at.sidebar.multiselect(key="f_types").select("phan_bien").run()
    assert not at.exception
    assert at.number_input(key="rec_page").value == 1


def test_records_show_text_as_text(sample_env):
    at = run_page("records", {"period": "2024-H1"})
    assert not [m for m in at.main.markdown if "<" in m.value]
    assert at.dataframe  # the record text is in the table (a grid), not in markdown


def test_records_export_is_bounded_and_neutralized(sample_env, sample_db, monkeypatch):
    from dashboard import data

    params = {"period": "2024"}
    filters = from_query_params(params, today=dt.date.today(), cutoff=Cutoff())
    rows, total = data.export_records(sample_db, filters, None, sort="-date", limit=1500)
    expected = query(sample_db, q.records, params, limit=1)
    assert total == expected.total
    assert len(rows) == min(1500, total)
    assert rows["record_key"].is_unique
    rows, total = data.export_records(sample_db, filters, None, sort="-date", limit=10)
    assert len(rows) == 10 and total > 10


# ── Trends ───────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("indicator", "split"),
    [("activities", "org"), ("funds_vnd", "theme"), ("participants", "total"), ("members", "org")],
)
def test_trends_chart_is_the_query_layers(sample_env, sample_db, indicator, split):
    params = {"period": "2024", "grain": "quarter"}
    at = run_page("trends", params)
    at.selectbox(key="tr_ind").set_value(indicator).run()
    at.get("button_group")[0].set_value(split).run()
    assert not at.exception, [e.value for e in at.exception]
    expected = query(sample_db, q.trend, params, indicator=indicator, by=None if split == "total" else split)
    (chart,) = [e for e in at.main if e.type == "plotly_chart"]
    fig = plotly.io.from_json(chart.proto.spec)
    this_period = [tr for tr in fig.data if tr.mode == "lines+markers"]
    assert len(this_period) == expected["series"].nunique()
    assert list(fig.layout.xaxis.categoryarray) == [
        "Quý I/2024",
        "Quý II/2024",
        "Quý III/2024",
        "Quý IV/2024",
    ]
    shown_total = sum(v for tr in this_period for v in plotted(tr.y) if v == v)
    assert shown_total == pytest.approx(float(expected["value"].fillna(0).sum()))


def test_trends_members_cannot_be_split_by_theme(sample_env):
    at = run_page("trends", {"period": "2024"})
    at.selectbox(key="tr_ind").set_value("members").run()
    at.get("button_group")[0].set_value("theme").run()
    assert not at.exception
    assert at.info[0].value == t("trends.members_no_theme", "vi")


def test_records_view_is_in_the_url_and_a_copied_link_restores_it(sample_env, sample_db):
    params = {"period": "2025"}
    at = records_sorted_by_participants_page_2(params)
    view = {k: at.query_params[k] for k in ("sort", "desc", "size", "page")}
    assert view == {"sort": "participants", "desc": "0", "size": "25", "page": "2"}

    # The same address in a new session opens the same page of the table.
    again = run_page("records", {**params, **view})
    assert again.selectbox(key="rec_sort").value == "participants"
    assert again.toggle(key="rec_desc").value is False
    assert again.number_input(key="rec_page").value == 2
    expected = query(sample_db, q.records, params, sort="participants", limit=25, offset=25)
    assert list(again.dataframe[0].value["Nội dung"]) == list(expected.rows["title"])
    assert not again.warning


def test_records_view_in_the_url_ignores_nonsense(sample_env):
    at = run_page("records", {"period": "2025", "sort": "drop table", "desc": "x", "size": "7", "page": "-3"})
    assert not at.exception
    assert at.selectbox(key="rec_sort").value == "date"
    assert at.toggle(key="rec_desc").value is True
    assert at.selectbox(key="rec_size").value == 50
    assert at.number_input(key="rec_page").value == 1
