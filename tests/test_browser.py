"""The warehouse page in a real browser: `streamlit run` + system Chromium through Playwright."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser import log_in_as_admin
from tests.dashboard_fixtures import ACTIVITY_ORGS

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect
# The warehouse page's address (the overview is the default page).
WAREHOUSE_URL = "kho-du-lieu"


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $DOANTHE_SCREENSHOT_DIR, else a pytest tmp dir."""
    configured = os.environ.get("DOANTHE_SCREENSHOT_DIR")
    if configured:
        Path(configured).mkdir(parents=True, exist_ok=True)
        return Path(configured)
    return tmp_path_factory.mktemp("screenshots")


def test_warehouse_page_renders_in_chromium(server, browser_page, screenshot_dir):  # noqa: F811
    page = browser_page
    log_in_as_admin(page, server)
    page.goto(f"{server}/{WAREHOUSE_URL}")

    expect(page.get_by_role("heading", name="Kho dữ liệu", level=1)).to_be_visible()
    # Vietnamese text with its diacritics, numbers the Vietnamese way.
    expect(page.get_by_text("Dữ liệu mẫu", exact=False)).to_be_visible()
    expect(page.get_by_text("Đoàn viên, hội viên", exact=True).first).to_be_visible()
    expect(page.get_by_test_id("stHorizontalBlock").get_by_text("1.234", exact=True).first).to_be_visible()
    expect(page.get_by_text("Từ 05/01/2023 đến 14/06/2025")).to_be_visible()
    expect(page.get_by_role("heading", name="Số hoạt động theo tổ chức và năm")).to_be_visible()

    # The plotly chart is drawn: its SVG, one bar per organization and year, a legend entry each.
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator("svg.main-svg").first).to_be_visible()
    expect(chart.locator(".barlayer .point")).to_have_count(len(ACTIVITY_ORGS) * 3)
    expect(chart.locator(".legend .traces")).to_have_count(len(ACTIVITY_ORGS))
    expect(chart.locator(".legend").get_by_text("Hội Liên hiệp Phụ nữ")).to_be_visible()

    expect(page.get_by_test_id("stDataFrame")).to_be_visible()

    shot = screenshot_dir / "warehouse_vi.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_language_switch_in_chromium(server, browser_page, screenshot_dir):  # noqa: F811
    page = browser_page
    log_in_as_admin(page, server)
    page.goto(f"{server}/{WAREHOUSE_URL}")
    expect(page.get_by_role("heading", name="Kho dữ liệu", level=1)).to_be_visible()

    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()

    expect(page.get_by_role("heading", name="Data warehouse", level=1)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=en\b"))
    # (the figure is also in the batches grid, whose cells may or may not be in the DOM yet)
    expect(page.get_by_test_id("stHorizontalBlock").get_by_text("1,234", exact=True).first).to_be_visible()
    expect(page.locator(".js-plotly-plot .legend").get_by_text("Women's Union")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "warehouse_en.png"), full_page=True)


def test_english_link_opens_in_english(server, browser_page):  # noqa: F811
    page = browser_page
    log_in_as_admin(page, server)
    page.goto(f"{server}/{WAREHOUSE_URL}?lang=en")
    expect(page.get_by_role("heading", name="Data warehouse", level=1)).to_be_visible()
    expect(page.get_by_text("Membership", exact=True)).to_be_visible()
