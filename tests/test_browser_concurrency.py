"""Ten dashboard sessions in Chromium keep loading the overview while a clerk saves an upload and
then rolls it back in an eleventh. No session shows an error, every figure any session shows is the
one before the batch or the one after it, and all of them show the new figure after the save and
the old one after the rollback.

(``test_concurrency.py`` does the same with ten threads on the query layer, many more times.)
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.i18n import t
from tests.browser import streamlit_server
from tests.logins import add_test_accounts, log_in_by_cookie
from tests.test_browser_pages import READY, kpi_values, open_page, wait_rendered

expect = pytest.importorskip("playwright.sync_api").expect

SESSIONS = 10
PERIOD = "2024-H1"
NEW_ROWS = 12
USERS = {"lanhdao": {"role": "leader"}, "canbo_phunu": {"role": "staff", "orgs": ["HLHPN"], "unit": "04126"}}


@pytest.fixture(scope="module")
def busy_server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    workdir = tmp_path_factory.mktemp("busy_server")
    warehouse = workdir / "doanthe.duckdb"
    shutil.copy(sample_db, warehouse)
    tokens = add_test_accounts(warehouse, USERS)
    with streamlit_server(warehouse, workdir) as url:
        yield {"url": url, "tokens": tokens, "workdir": workdir}


def upload_file(folder: Path) -> Path:
    path = folder / "hoat_dong_thang_5.csv"
    lines = ["Ngày;Tổ chức;Địa bàn;Loại hoạt động;Nội dung;Số người tham gia"]
    lines += [
        f"{day:02d}/05/2024;Hội LHPN;Xã Mường Bon;Tuyên truyền;Tuyên truyền về an toàn thực phẩm, buổi {day};25"
        for day in range(1, NEW_ROWS + 1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def figure(page) -> int | None:
    """The activities KPI a finished page run shows (None while it is still running)."""
    if not page.locator(READY).count():
        return None
    values = kpi_values(page)
    return int(re.sub(r"\D", "", values[0])) if values else None


def test_ten_sessions_read_while_a_batch_is_saved_and_rolled_back(busy_server, chromium, tmp_path):  # noqa: F811
    url, tokens = busy_server["url"], busy_server["tokens"]
    contexts = []
    try:
        viewers = []
        for _ in range(SESSIONS):
            context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
            context.set_default_timeout(60_000)
            contexts.append(context)
            log_in_by_cookie(context, url, tokens["lanhdao"])
            viewers.append(context.new_page())
        clerk_context = chromium.new_context(viewport={"width": 1280, "height": 1200}, locale="vi-VN")
        clerk_context.set_default_timeout(60_000)
        contexts.append(clerk_context)
        log_in_by_cookie(clerk_context, url, tokens["canbo_phunu"])
        clerk = clerk_context.new_page()

        overview = f"{url}/?period={PERIOD}"
        for viewer in viewers:
            open_page(viewer, overview)
        before = {figure(v) for v in viewers}
        assert len(before) == 1
        before = before.pop()
        after = before + NEW_ROWS
        seen: set[int] = set()

        def keep_querying() -> None:
            """Every session starts a new page run, without waiting for the others."""
            for viewer in viewers:
                value = figure(viewer)
                if value is not None:
                    seen.add(value)
                expect(viewer.get_by_test_id("stException")).to_have_count(0)
                viewer.goto(overview, wait_until="commit")

        # The clerk checks and saves while the sessions keep loading the overview.
        open_page(clerk, f"{url}/nap-du-lieu")
        keep_querying()
        clerk.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload_file(tmp_path)))
        keep_querying()
        expect(clerk.get_by_text(re.compile(rf"Hợp lệ: {NEW_ROWS} hoạt động mới"))).to_be_visible()
        clerk.get_by_role("button", name=t("upload.save")).click()
        keep_querying()
        expect(clerk.get_by_text(re.compile(r"Đã lưu \(lô \d+\)"))).to_be_visible()
        keep_querying()
        for viewer in viewers:
            open_page(viewer, overview)
            assert figure(viewer) == after

        # And rolls it back while they go on.
        clerk.get_by_test_id("stSidebarNavLink").filter(has_text=t("nav.batches")).click()
        wait_rendered(clerk)
        keep_querying()
        clerk.get_by_role("button", name=t("batches.rollback_button")).click()
        clerk.get_by_role("dialog").get_by_role("button", name=t("batches.confirm_yes")).click()
        keep_querying()
        expect(
            clerk.get_by_text(re.compile(rf"Đã hoàn tác lô \d+: bỏ {NEW_ROWS} bản ghi mới"))
        ).to_be_visible()
        keep_querying()
        for viewer in viewers:
            open_page(viewer, overview)
            expect(viewer.get_by_test_id("stException")).to_have_count(0)
            assert figure(viewer) == before
        assert seen <= {before, after}, seen
    finally:
        for context in contexts:
            context.close()
