"""The pages Tổ chức, Chủ đề, Chỉ tiêu and Hội nghị & nhiệm vụ through Streamlit's AppTest,
over a warehouse built by the real ETL (the ``sample_db`` fixture).

Each page renders without exception with the default filters, with a filter that matches nothing,
with a period without data and in English; the figures shown are the query layer's for the same
filters. The organizations page drills down organization → unit → records and back up, and its
drill state survives a URL round trip.
"""

from __future__ import annotations

import base64
import dataclasses
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
    "organizations": "app_pages/organizations.py",
    "themes": "app_pages/themes.py",
    "targets": "app_pages/targets.py",
    "meetings": "app_pages/meetings.py",
}
NO_DATA_PERIOD = {"period": "2019-H1"}  # the sample starts in 2021
# Per page, a combination that matches nothing in the sample (checked against the query layer).
NOTHING = {
    "organizations": {"period": "2024-H1", "org": "LDLD", "type": "phan_bien", "theme": "thien_tai"},
    "themes": {"period": "2024-H1", "org": "LDLD", "type": "phan_bien", "theme": "thien_tai"},
    # Targets ignore themes and activity types: nothing is LDLD's target at a commune.
    "targets": {"period": "2024-H1", "org": "LDLD", "unit": "04135"},
    "meetings": {"period": "2024-H1", "org": "LDLD", "type": "phan_bien", "theme": "thien_tai"},
}


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
    at.switch_page(PAGES[page])
    at.query_params.update(params or {})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def filters_of(params: dict):
    return from_query_params(params, today=dt.date.today(), cutoff=Cutoff())


def query(sample_db: Path, fn, params: dict, **kwargs):
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        return fn(q.backend_for(con.cursor()), filters_of(params), None, **kwargs)
    finally:
        con.close()


def plotted(values) -> list[float]:
    """A trace's values as plotted (plotly sends numeric arrays base64-encoded)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return [float("nan") if v is None else float(v) for v in values]


def texts(at: AppTest) -> list[str]:
    return [e.value for e in (*at.info, *at.warning, *at.caption, *at.markdown, *at.subheader)]


def charts(at: AppTest) -> list:
    return [e for e in at.main if e.type == "plotly_chart"]


def chart(at: AppTest, index: int = 0):
    return plotly.io.from_json(charts(at)[index].proto.spec)


def run_again(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ── Every page, every odd state ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_with_default_filters(sample_env, page):
    at = run_page(page)
    assert at.query_params["period"]
    assert at.title[0].value == t(f"{page}.heading", "vi")


@pytest.mark.parametrize("page", list(PAGES))
def test_filter_matching_nothing_says_so(sample_env, sample_db, page):
    params = NOTHING[page]
    assert query(sample_db, q.kpis, params).iloc[0]["activities"] == 0
    if page == "targets":
        assert query(sample_db, q.targets_progress, params, today=dt.date.today()).empty
    if page == "meetings":
        assert query(sample_db, q.tasks_overview, params, today=dt.date.today()).empty
    at = run_page(page, params)
    shown = " ".join(texts(at))
    assert "6 tháng đầu năm 2024" in shown
    assert "Không có" in shown
    assert not charts(at)


@pytest.mark.parametrize("page", list(PAGES))
def test_period_without_data_says_so(sample_env, page):
    at = run_page(page, NO_DATA_PERIOD)
    shown = " ".join(texts(at))
    assert "6 tháng đầu năm 2019" in shown
    assert "Không có" in shown
    assert not charts(at)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_in_english(sample_env, page):
    at = run_page(page, {"lang": "en", "period": "2024-H1"})
    assert at.title[0].value == t(f"{page}.heading", "en")
    assert "H1 2024" in " ".join(texts(at))
    at = run_page(page, {"lang": "en", **NOTHING[page]})
    shown = " ".join(texts(at))
    assert "There are no" in shown or "There is no" in shown


# ── Organizations ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "params", [{"period": "2024-H1"}, {"period": "2025", "unit": "125", "type": "ho_tro"}]
)
def test_organizations_are_the_query_layers(sample_env, sample_db, params):
    expected = query(sample_db, q.by_org, params)
    f = filters_of(params)
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        last = q.by_org(
            q.backend_for(con.cursor()), dataclasses.replace(f, period=f.period.same_period_last_year()), None
        )
    finally:
        con.close()
    at = run_page("organizations", params)
    fig = chart(at)
    bars = fig.data[0]
    assert sorted(plotted(bars.x)) == sorted(float(v) for v in expected["activities"])
    assert sorted(v for v in plotted(fig.data[1].x) if v == v) == sorted(
        float(v) for v in expected["activities_last_year"]
    )
    table = at.dataframe[0].value
    assert list(table["Số hoạt động"]) == [fmt_int(v) for v in expected["activities"]]
    assert list(table["Kinh phí (đồng)"]) == [fmt_int(v) for v in expected["funds_vnd"]]
    assert list(table["Đoàn viên, hội viên"]) == [fmt_int(v) for v in expected["members"]]
    last = last.set_index("org")
    changes = []
    for org, value in zip(expected["org"], expected["participants"], strict=True):
        before = last.loc[org, "participants"]
        changes.append(fmt_pct(None if not before else (value - before) * 100.0 / before))
    assert list(table["Người tham gia — So với cùng kỳ"]) == changes


def test_organizations_compare_by_another_indicator(sample_env, sample_db):
    params = {"period": "2024-H1"}
    expected = query(sample_db, q.by_org, params)
    at = run_page("organizations", params)
    at.get("button_group")[0].set_value("funds_vnd")
    run_again(at)
    assert sorted(plotted(chart(at).data[0].x)) == sorted(float(v) for v in expected["funds_vnd"])


def test_drill_down_and_back_up(sample_env, sample_db):
    params = {"period": "2024-H1"}
    at = run_page("organizations", params)
    # Level 1: an organization's units.
    at.button(key="org_go_HLHPN").click()
    run_again(at)
    assert at.query_params["d_org"] == "HLHPN"
    assert at.query_params["period"] == "2024-H1"  # the filters stay
    units = query(sample_db, q.by_unit, params, org="HLHPN")
    fig = chart(at)
    assert sorted(plotted(fig.data[0].x)) == sorted(float(v) for v in units["activities"])
    table = at.dataframe[0].value
    assert len(table) == len(units)
    # Level 2: that organization's records at one unit.
    at.selectbox(key="org_pick_unit").set_value("04135")
    run_again(at)
    assert at.query_params["d_unit"] == "04135"
    page = query(sample_db, q.records, params, org="HLHPN", unit="04135", limit=50)
    assert page.total == int(units.set_index("unit").loc["04135", "activities"]) > 0
    table = at.dataframe[0].value
    assert list(table["Nội dung"]) == list(page.rows["title"])
    assert any(fmt_int(page.total) + " hoạt động" in c for c in texts(at))
    assert not charts(at)
    # Back up: the organization, then every organization.
    at.button(key="org_crumb_org").click()
    run_again(at)
    assert "d_unit" not in at.query_params and at.query_params["d_org"] == "HLHPN"
    assert at.selectbox(key="org_pick_unit").value is None
    at.button(key="org_crumb_all").click()
    run_again(at)
    assert "d_org" not in at.query_params
    assert at.button(key="org_go_HLHPN")


def test_drill_state_survives_a_url_round_trip(sample_env, sample_db):
    params = {"period": "2024-H1", "d_org": "HLHPN", "d_unit": "04135"}
    at = run_page("organizations", params)
    page = query(sample_db, q.records, params, org="HLHPN", unit="04135", limit=50)
    assert list(at.dataframe[0].value["Nội dung"]) == list(page.rows["title"])
    assert at.button(key="org_crumb_unit").proto.label == "Xã Hát Lót (đã giải thể)"
    # The copied URL, opened again, shows the same level; the filter params are unchanged.
    copied = dict(at.query_params)
    assert copied["d_org"] == "HLHPN" and copied["d_unit"] == "04135" and copied["period"] == "2024-H1"
    again = run_page("organizations", copied)
    assert list(again.dataframe[0].value["Nội dung"]) == list(page.rows["title"])
    # In English too (the codes in the URL do not depend on the language).
    english = run_page("organizations", {**copied, "lang": "en"})
    assert english.subheader[0].value.startswith("Records of")


def test_drill_target_excluded_by_the_filters_is_dropped(sample_env):
    at = run_page("organizations", {"period": "2024-H1", "org": "HND", "d_org": "HLHPN", "d_unit": "04135"})
    assert "d_org" not in at.query_params and "d_unit" not in at.query_params
    assert at.button(key="org_go_HND")
    at = run_page("organizations", {"period": "2024-H1", "d_org": "HLHPN", "d_unit": "nowhere"})
    assert at.query_params["d_org"] == "HLHPN" and "d_unit" not in at.query_params


def test_drill_down_with_units_as_today(sample_env, sample_db):
    params = {"period": "2026-H1", "as_today": "1"}
    units = query(sample_db, q.by_unit, params, org="HND")
    assert not units["dissolved"].any()
    at = run_page("organizations", {**params, "d_org": "HND"})
    assert len(at.dataframe[0].value) == len(units)
    unit = units.iloc[0]["unit"]
    at.selectbox(key="org_pick_unit").set_value(unit)
    run_again(at)
    page = query(sample_db, q.records, params, org="HND", unit=unit, limit=50)
    assert list(at.dataframe[0].value["Nội dung"]) == list(page.rows["title"])


# ── Themes ───────────────────────────────────────────────────────────────────────────────────────


def heat_cells(fig) -> dict[tuple[str, str], float]:
    """{(theme label, org label): value} of the heatmap, from the hover texts (whole labels)."""
    (trace,) = fig.data
    z = trace.z
    if isinstance(z, dict) and "bdata" in z:
        shape = [int(n) for n in str(z["shape"]).split(",")]
        z = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(shape).tolist()
    out = {}
    for z_row, custom_row in zip(z, trace.customdata, strict=True):
        for z, custom in zip(z_row, custom_row, strict=True):
            if z is not None and z == z:
                theme, org = custom.split("<br>")
                out[(theme, org)] = float(z)
    return out


def labels(sample_db: Path, table: str) -> dict[str, str]:
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        return dict(con.execute(f"SELECT code, label_vi FROM {table}").fetchall())
    finally:
        con.close()


@pytest.mark.parametrize(
    ("params", "source"),
    [
        ({"period": "2024-H1"}, "all"),
        ({"period": "2024-H1"}, "inferred"),
        ({"period": "2025", "org": "HND,DTN", "grain": "quarter"}, "given"),
        ({"period": "2024", "theme": "an_sinh,kinh_te", "unit": "125"}, "all"),
    ],
)
def test_themes_heatmap_is_the_query_layers(sample_env, sample_db, params, source):
    matrix = query(sample_db, q.theme_matrix, params)
    themes, orgs = labels(sample_db, "themes"), labels(sample_db, "org_types")
    at = run_page("themes", params)
    if source != "all":
        at.get("button_group")[0].set_value(source)
        run_again(at)
    column = {"all": "activities", "given": "given", "inferred": "inferred"}[source]
    expected = {
        (themes[r.theme], orgs[r.org]): float(getattr(r, column))
        for r in matrix.itertuples()
        if getattr(r, column)
    }
    assert heat_cells(chart(at, 0)) == expected
    # The sentence counts the inferred tags.
    inferred, total = int(matrix["inferred"].sum()), int(matrix["activities"].sum())
    sentence = at.info[0].value
    assert f"{fmt_int(inferred)} lượt" in sentence and f"có {fmt_int(total)} lượt" in sentence
    # Given and inferred stacked per theme, the same totals.
    split = chart(at, 2)
    assert sum(plotted(split.data[0].x)) == float(matrix["given"].sum())
    assert sum(plotted(split.data[1].x)) == float(inferred)


def test_themes_share_over_time_is_the_query_layers(sample_env, sample_db):
    params = {"period": "2024", "grain": "quarter"}
    share = query(sample_db, q.theme_share, params)
    at = run_page("themes", params)
    fig = chart(at, 1)
    assert list(fig.layout.xaxis.categoryarray) == [
        "Quý I/2024",
        "Quý II/2024",
        "Quý III/2024",
        "Quý IV/2024",
    ]
    themes = labels(sample_db, "themes")
    shown = {tr.name: dict(zip(tr.x, plotted(tr.y), strict=True)) for tr in fig.data}
    # Each bucket's bands add up to 100 %.
    for bucket in fig.layout.xaxis.categoryarray:
        assert sum(values.get(bucket, 0) for values in shown.values()) == pytest.approx(100.0)
    # The top theme's share is the query layer's.
    top = share.groupby("theme")["activities"].sum().idxmax()
    expected = share[share["theme"] == top].sort_values("bucket_start")["share"] * 100
    assert list(shown[themes[top]].values()) == pytest.approx(list(expected))
    assert "Các chủ đề khác" in shown


def test_themes_in_english(sample_env):
    at = run_page("themes", {"period": "2024-H1", "lang": "en"})
    assert "inferred from the title" in at.info[0].value
    assert [s.value for s in at.main.subheader] == [
        "Organizations × themes",
        "Each theme's share over time",
        "Themes given and inferred",
    ]


# ── Targets ──────────────────────────────────────────────────────────────────────────────────────

STATUS_VI = {"vuot": "vượt", "dat": "đạt", "chua_dat": "chưa đạt"}


@pytest.mark.parametrize(
    "params",
    [
        {"period": "2024-H1"},
        {"period": "2023"},
        {"period": "2025-Q3", "org": "HLHPN,HND"},
        {"period": "2024", "unit": "125"},
    ],
)
def test_targets_are_the_query_layers(sample_env, sample_db, params):
    expected = query(sample_db, q.targets_progress, params, today=dt.date.today())
    assert not expected.empty
    at = run_page("targets", params)
    table = at.dataframe[0].value
    assert len(table) == len(expected)
    assert list(table["Chỉ số"]) == [t(f"indicator.{i}") for i in expected["indicator"]]
    assert list(table["Chỉ tiêu"]) == [fmt_int(v) for v in expected["target"]]
    assert list(table["Thực hiện"]) == [fmt_int(v) for v in expected["actual"]]
    assert list(table["Đánh giá"]) == [STATUS_VI.get(s, "chưa có số liệu") for s in expected["status"]]
    # Lagging first.
    percents = [p for p in expected["percent"] if p == p]
    assert percents == sorted(percents)
    # The counts per status.
    shown = {m.label: m.value for m in at.metric}
    counts = expected["status"].value_counts()
    assert shown["Chưa đạt"] == fmt_int(int(counts.get("chua_dat", 0)))
    assert shown["Đạt chỉ tiêu"] == fmt_int(int(counts.get("dat", 0)))
    assert shown["Vượt chỉ tiêu"] == fmt_int(int(counts.get("vuot", 0)))
    # The heatmap: results over targets per organization and indicator, summed over units.
    known = expected[expected["actual"].notna()]
    orgs = labels(sample_db, "org_types")
    grid = {}
    for (org, ind), part in known.groupby(["org", "indicator"]):
        percent = float(part["actual"].astype("int64").sum()) * 100.0 / float(part["target"].sum())
        grid[(orgs[org], t(f"indicator.{ind}"))] = min(percent, 150.0)
    cells = heat_cells(chart(at))
    assert cells.keys() == grid.keys()
    for key, value in grid.items():
        assert cells[key] == pytest.approx(value)
    assert [b.proto.label for b in at.get("download_button")] == ["Tải bảng chỉ tiêu (Excel)"]


def test_targets_say_which_filters_do_not_apply(sample_env, sample_db):
    params = {"period": "2024-H1", "theme": "an_sinh", "type": "ho_tro"}
    expected = query(sample_db, q.targets_progress, params, today=dt.date.today())
    at = run_page("targets", params)
    assert t("targets.filters_ignored") in texts(at)
    assert (
        len(at.dataframe[0].value)
        == len(expected)
        == len(query(sample_db, q.targets_progress, {"period": "2024-H1"}, today=dt.date.today()))
    )


def test_targets_in_english(sample_env):
    at = run_page("targets", {"period": "2023", "lang": "en"})
    statuses = set(at.dataframe[0].value["Assessment"])
    assert statuses <= {"exceeded", "met", "not met", "no figure yet"} and statuses
    assert any(c.startswith("Targets for 2023") for c in texts(at))


# ── Meetings and tasks ───────────────────────────────────────────────────────────────────────────


def frame_with(at: AppTest, column: str):
    """The table on the page that has ``column`` (AppTest does not expose a dataframe's key)."""
    (frame,) = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def test_meetings_list_the_briefing_of_13_06_2024_with_its_tasks(sample_env, sample_db):
    params = {"period": "2024-H1"}
    expected = query(sample_db, q.tasks_overview, params, today=dt.date.today())
    briefing = expected[expected["meeting_date"] == "2024-06-13"]
    assert briefing["meeting_type"].iloc[0] == "giao_ban" and briefing["task_id"].notna().sum() > 10
    at = run_page("meetings", params)
    listed = frame_with(at, "Loại hội nghị")
    assert "13/06/2024" in list(listed["Ngày họp"])
    row = listed[listed["Ngày họp"] == "13/06/2024"].iloc[0]
    assert row["Loại hội nghị"] == "Hội nghị giao ban"
    assert row["Nhiệm vụ"] == fmt_int(briefing["task_id"].notna().sum())
    assert row["Quá hạn"] == fmt_int(int(briefing["late"].sum()))
    # The latest briefing is the one shown, with its tasks, late ones first.
    assert at.selectbox(key="mt_meeting").value == briefing["meeting_id"].iloc[0]
    tasks = frame_with(at, "Ngày hoàn thành")
    assert list(tasks["Nội dung nhiệm vụ"]) == list(briefing["description"])
    late = ["quá hạn" in s for s in tasks["Tình trạng"]]
    assert late == list(briefing["late"])
    assert any(late) and late == sorted(late, reverse=True)
    assert set(tasks["Tình trạng"]) >= {"Hoàn thành"}
    assert at.text[0].value == briefing["meeting_title"].iloc[0]


def test_meetings_count_late_tasks_and_list_them_first(sample_env, sample_db):
    params = {"period": "2024"}
    expected = query(sample_db, q.tasks_overview, params, today=dt.date.today())
    late = expected[expected["late"]]
    assert len(late) > 0
    at = run_page("meetings", params)
    shown = {m.label: m.value for m in at.metric}
    tasks = expected[expected["task_id"].notna()]
    assert shown["Hội nghị"] == fmt_int(expected["meeting_id"].nunique())
    assert shown["Nhiệm vụ"] == fmt_int(len(tasks))
    assert shown["Hoàn thành"] == fmt_int(int((tasks["status"] == "hoan_thanh").sum()))
    assert shown["Quá hạn"] == fmt_int(len(late))
    # The late tasks come first on the page, most overdue first.
    assert at.subheader[0].value == f"Nhiệm vụ quá hạn ({fmt_int(len(late))})"
    table = frame_with(at, "Số ngày quá hạn")
    assert list(table["Số ngày quá hạn"]) == [fmt_int(v) for v in late["days_late"]]
    assert list(late["days_late"]) == sorted(late["days_late"], reverse=True)
    # Another meeting can be chosen: its tasks, late ones first.
    other = tasks[tasks["meeting_id"] != at.selectbox(key="mt_meeting").value]["meeting_id"].iloc[-1]
    at.selectbox(key="mt_meeting").set_value(other)
    run_again(at)
    theirs = tasks[tasks["meeting_id"] == other]
    assert list(frame_with(at, "Ngày hoàn thành")["Nội dung nhiệm vụ"]) == list(theirs["description"])


def test_meetings_narrowed_by_organization(sample_env, sample_db):
    params = {"period": "2024-H1", "org": "HLHTN"}
    expected = query(sample_db, q.tasks_overview, params, today=dt.date.today())
    at = run_page("meetings", params)
    tasks = frame_with(at, "Ngày hoàn thành")
    chosen = at.selectbox(key="mt_meeting").value
    assert len(tasks) == int(expected[expected["meeting_id"] == chosen]["task_id"].notna().sum())
    assert set(tasks["Đơn vị thực hiện"]) == {"Hội Liên hiệp Thanh niên Việt Nam"}


def test_meetings_in_english(sample_env):
    at = run_page("meetings", {"period": "2024-H1", "lang": "en"})
    assert at.subheader[0].value.startswith("Late tasks (")
    assert "Briefing" in list(frame_with(at, "Meeting type")["Meeting type"])
