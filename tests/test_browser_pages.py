"""Every dashboard page in a real browser: ``streamlit run`` over a warehouse built by the real ETL,
driven in the system Chromium through Playwright.

- every page the navigation lists renders, without a Streamlit exception box, with its plotly
  charts drawn (the page list is read from the app's sidebar navigation, so pages added later are
  covered; it must match the page files under ``dashboard/app_pages/``);
- choosing an organization in the sidebar updates the KPI cards (to the query layer's figure),
  every chart and the URL;
- a copied URL (period, organization, grain) opened in a new browser context restores the same
  view, and in English with ``lang=en``;
- Vietnamese text renders with its diacritics (heading, period label, chart axis titles);
- the overview fits a 390 px wide phone screen.

Screenshots of every page go to ``$DOANTHE_SCREENSHOT_DIR`` or a pytest tmp dir.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest

from dashboard import navigation
from dashboard import queries_ibis as q
from dashboard.filters import from_query_params
from dashboard.i18n import fmt_int, t
from dashboard.periods import default_cutoff, parse_period
from tests.browser import ROOT, log_in_as_admin, streamlit_server

pytestmark = pytest.mark.browser

_sync_api = pytest.importorskip("playwright.sync_api")
expect = _sync_api.expect
PlaywrightTimeout = _sync_api.TimeoutError

APP = ROOT / "dashboard" / "app.py"
PAGES_DIR = ROOT / "dashboard" / "app_pages"
# A past half-year the sample covers fully (it runs from 2021 to the day it is generated).
PERIOD = "2024-H1"
ORG = "HLHPN"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PHONE = {"width": 390, "height": 844}

# Each plotly chart on the page as text (its traces' names and values, numbers as plotly keeps them:
# base64 typed arrays), to tell when every chart has changed.
CHART_SIGNATURES = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot'))
    .map(gd => JSON.stringify((gd.data || []).map(tr => [tr.name, tr.x, tr.y, tr.z])))"""
ALL_CHANGED = """([before, kpi]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
    const value = document.querySelector('[data-testid="stMetricValue"]');
    if (!value || value.innerText === kpi) return false;
    const now = (__SIGNATURES__)();
    return now.length === before.length && now.every((s, i) => s !== before[i]);
}""".replace("__SIGNATURES__", CHART_SIGNATURES)


# ── Fixtures ─────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def etl_server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over the warehouse the real ETL built; yields its URL."""
    with streamlit_server(sample_db, tmp_path_factory.mktemp("streamlit_etl_server")) as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("DOANTHE_SCREENSHOT_DIR")
    if configured:
        Path(configured).mkdir(parents=True, exist_ok=True)
        return Path(configured)
    return tmp_path_factory.mktemp("page_screenshots")


@pytest.fixture(scope="module")
def org_labels(sample_db: Path) -> dict[str, dict[str, str]]:
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        rows = con.execute("SELECT code, label_vi, label_en FROM org_types").fetchall()
    finally:
        con.close()
    return {code: {"vi": vi, "en": en} for code, vi, en in rows}


@pytest.fixture
def new_context(chromium, etl_server):  # noqa: F811
    """Fresh browser contexts (no shared cookies, storage or session), closed after the test."""
    made = []

    def make(**options):
        context = chromium.new_context(**{"viewport": {"width": 1440, "height": 1500}, **options})
        context.set_default_timeout(20_000)
        made.append(context)
        page = context.new_page()
        log_in_as_admin(page, etl_server)
        return page

    yield make
    for context in made:
        context.close()


# ── Helpers ──────────────────────────────────────────────────────────────────────────────────────


def page_files() -> list[Path]:
    return sorted(p for p in PAGES_DIR.glob("*.py") if not p.name.startswith("_"))


def files_by_url_path() -> dict[str, Path]:
    """The page file behind each URL path of the navigation (the default page is served at "")."""
    return {("" if spec.default else spec.url_path): spec.path for spec in navigation.PAGES}


def wait_rendered(page) -> None:
    """The script run is over, nothing is stale, every element's code has loaded (Streamlit shows
    a skeleton until then, after the run may have ended) and every plotly chart has drawn its SVG."""
    expect(page.locator(READY)).to_be_attached()
    expect(page.locator('[data-stale="true"]')).to_have_count(0)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    expect(page.locator('[data-testid="stPlotlyChart"]:not(:has(svg.main-svg))')).to_have_count(0)


def open_page(page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    wait_rendered(page)


def nav_links(page) -> list[tuple[str, str]]:
    """(URL path, title) of every page the sidebar navigation lists."""
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    links = page.get_by_test_id("stSidebarNavLink")
    out = []
    for i in range(links.count()):
        link = links.nth(i)
        path = urlsplit(link.get_attribute("href") or "").path.strip("/")
        title = link.inner_text().strip().splitlines()[-1].strip()
        out.append((path, title))
    return out


def kpi_values(page) -> list[str]:
    return [v.strip() for v in page.get_by_test_id("stMetricValue").all_inner_texts()]


def sidebar_widget(page, testid: str, label: str):
    return page.get_by_test_id("stSidebar").get_by_test_id(testid).filter(has_text=label)


def choose(page, testid: str, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar selectbox / multiselect labelled ``label``."""
    box = sidebar_widget(page, testid, label).get_by_role("combobox")
    box.click()
    box.fill(option)  # long lists are virtualised: narrow them to the option first
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def digits(text: str) -> str:
    """A figure's digits and sign, whatever the separators of the language."""
    return re.sub(r"[^0-9+\-−]", "", text)


def expected_kpis(sample_db: Path, params: dict) -> dict:
    f = from_query_params(params, today=dt.date.today(), cutoff=default_cutoff())
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        return q.kpis(q.backend_for(con.cursor()), f, None).iloc[0].to_dict()
    finally:
        con.close()


# ── Tests ────────────────────────────────────────────────────────────────────────────────────────


def test_every_page_in_the_navigation_renders(etl_server, browser_page, shots):  # noqa: F811
    page = browser_page
    log_in_as_admin(page, etl_server)
    open_page(page, f"{etl_server}/?period={PERIOD}&lang=vi")
    links = nav_links(page)
    files = files_by_url_path()
    assert len(links) == len(page_files()), (
        f"the navigation lists {[p for p, _ in links]}, dashboard/app_pages/ holds "
        f"{[p.name for p in page_files()]}: one file per page, every page in the navigation"
    )
    problems: list[str] = []
    for path, title in links:
        try:
            # As a user goes: through the sidebar (the session keeps the filters).
            page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
            expect(page).to_have_url(re.compile(rf"^{re.escape(etl_server)}/{re.escape(path)}(\?|$)"))
            expect(page.get_by_role("heading", level=1).first).to_have_text(title)
            wait_rendered(page)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            charts = page.get_by_test_id("stPlotlyChart")
            source = files.get(path)
            if source is not None and "plotly_chart" in source.read_text(encoding="utf-8"):
                # A page that draws charts shows at least one on half a year of sample data.
                expect(charts.first).to_be_visible()
            # Every chart shown is drawn, with data.
            drawn = page.evaluate(
                """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
                    .map(c => { const gd = c.querySelector('.js-plotly-plot');
                                return !!(gd && gd.querySelector('svg.main-svg') && gd.data && gd.data.length); })"""
            )
            assert all(drawn), f"chart(s) without data: {drawn}"
            assert "Traceback" not in page.locator("section.main, [data-testid=stMain]").first.inner_text()
            page.screenshot(path=str(shots / f"page_{path or 'tong-quan'}.png"), full_page=True)
        except AssertionError as exc:
            problems.append(f"/{path} ({title}): {str(exc).splitlines()[0]}")
    assert not problems, "\n".join(problems)


def test_filter_change_updates_charts_and_url(etl_server, browser_page, sample_db, org_labels, shots):  # noqa: F811
    page = browser_page
    log_in_as_admin(page, etl_server)
    open_page(page, f"{etl_server}/?period={PERIOD}&lang=vi")
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(3)
    before_charts = page.evaluate(CHART_SIGNATURES)
    before_kpi = kpi_values(page)[0]
    assert "org=" not in page.url

    label = org_labels[ORG]["vi"]
    choose(page, "stMultiSelect", t("filters.orgs", "vi"), label)

    expect(page).to_have_url(re.compile(rf"[?&]org={ORG}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]period={PERIOD}(&|$)"))
    page.wait_for_function(ALL_CHANGED, arg=[before_charts, before_kpi], polling="raf")
    want = expected_kpis(sample_db, {"period": PERIOD, "org": ORG})
    values = kpi_values(page)
    assert values[0] == fmt_int(want["activities"], "vi")
    assert values[1] == fmt_int(want["participants"], "vi")
    # The ranking now holds the one organization chosen.
    ranking = page.get_by_test_id("stPlotlyChart").filter(has=page.locator(".ytick", has_text=label))
    expect(ranking).to_have_count(1)
    expect(ranking.locator(".ytick")).to_have_count(1)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.screenshot(path=str(shots / "overview_one_org.png"), full_page=True)


def test_copied_url_restores_the_view_in_a_new_context(etl_server, new_context, org_labels, shots):
    first = new_context(locale="vi-VN")
    open_page(first, f"{etl_server}/?period=2024-Q2&lang=vi")
    # The grain and the organization are chosen in the sidebar: the link copied holds what the
    # widgets wrote.
    choose(first, "stSelectbox", t("filters.grain", "vi"), t("grain.quarter", "vi"))
    expect(first).to_have_url(re.compile(r"[?&]grain=quarter(&|$)"))
    wait_rendered(first)
    choose(first, "stMultiSelect", t("filters.orgs", "vi"), org_labels["HND"]["vi"])
    expect(first).to_have_url(re.compile(r"[?&]org=HND(&|$)"))
    wait_rendered(first)
    expect(first.get_by_test_id("stMetricValue").first).not_to_have_text("")

    def view(page, lang: str) -> dict:
        def chosen(key: str) -> str:
            return sidebar_widget(page, "stSelectbox", t(key, lang)).get_by_role("combobox").input_value()

        return {
            "period": chosen("filters.period"),
            "grain": chosen("filters.grain"),
            "orgs": sidebar_widget(page, "stMultiSelect", t("filters.orgs", lang))
            .get_by_test_id("stMultiSelectTagsContainer")
            .inner_text(),
            "kpis": kpi_values(page),
        }

    url = first.url
    assert {"period", "grain", "org", "lang"} <= set(parse_qs(urlsplit(url).query))
    shown = view(first, "vi")
    assert shown["period"] == "Quý II/2024"
    assert shown["grain"] == t("grain.quarter", "vi")
    assert shown["orgs"].strip() == org_labels["HND"]["vi"]

    # The link, pasted into another browser (a new context: no cookie, no session).
    second = new_context(locale="vi-VN")
    open_page(second, url)
    assert view(second, "vi") == shown
    assert parse_qs(urlsplit(second.url).query) == parse_qs(urlsplit(url).query)

    # The same link in English: the same view, labelled and formatted in English.
    english = new_context(locale="en-US")
    open_page(english, url.replace("lang=vi", "lang=en"))
    expect(english.get_by_role("heading", level=1).first).to_have_text(t("overview.heading", "en"))
    in_english = view(english, "en")
    assert in_english["period"] == parse_period("2024-Q2").label("en")
    assert in_english["grain"] == t("grain.quarter", "en")
    assert in_english["orgs"].strip() == org_labels["HND"]["en"]
    assert [digits(v) for v in in_english["kpis"]] == [digits(v) for v in shown["kpis"]]
    english.screenshot(path=str(shots / "overview_copied_url_en.png"), full_page=True)


def test_vietnamese_text_renders_with_diacritics(etl_server, browser_page):  # noqa: F811
    page = browser_page
    log_in_as_admin(page, etl_server)
    open_page(page, f"{etl_server}/?period={PERIOD}&lang=vi")
    expect(page.get_by_role("heading", name="Tổng quan", level=1)).to_be_visible()
    expect(page.get_by_text("6 tháng đầu năm 2024 · từ 01/01/2024 đến 30/06/2024").first).to_be_visible()
    expect(page.get_by_test_id("stSidebarNav").get_by_text("Xu hướng")).to_be_visible()
    expect(page.get_by_text("Số hoạt động", exact=True).first).to_be_visible()
    # Chart text is drawn by plotly inside the SVG: axis titles keep their diacritics too.
    expect(page.locator(".js-plotly-plot .g-ytitle", has_text="Số hoạt động").first).to_be_attached()
    text = page.locator("body").inner_text()
    assert unicodedata.normalize("NFC", text) == text  # precomposed, as typed in Vietnam
    assert "Ä" not in text and "á»" not in text  # no UTF-8 read as Latin-1 ("Tá»•ng")


def test_overview_fits_a_phone(etl_server, new_context, shots):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="vi-VN")
    open_page(page, f"{etl_server}/?period={PERIOD}&lang=vi")
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(3)
    expect(page.get_by_test_id("stMetric")).to_have_count(6)
    with contextlib.suppress(PlaywrightTimeout):  # a layout still settling; the width is reported below
        page.wait_for_function(
            f"() => document.documentElement.scrollWidth <= {PHONE['width']}", timeout=5_000
        )
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.screenshot(path=str(shots / "overview_390px.png"), full_page=True)
    assert width <= PHONE["width"], f"the overview is {width} px wide on a {PHONE['width']} px screen"
