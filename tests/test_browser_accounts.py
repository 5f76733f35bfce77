"""Accounts in a real browser: the login, a clerk's whole upload flow, and the security bars.

The server runs over a copy of the sample warehouse with one account per role and a few records
whose text is hostile (``<script>``, ``<img onerror>``, cells starting with ``=``). Its web upload
limit is 1 MB, so that an oversized upload is cheap to make.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest

from dashboard.i18n import t
from etl.pipeline import load_file
from tests.browser import SERVER_PIDS, streamlit_server
from tests.logins import PASSWORD, add_test_accounts, log_in_by_cookie
from tests.test_browser_pages import kpi_values, open_page, wait_rendered

expect = pytest.importorskip("playwright.sync_api").expect

DATA = Path(__file__).parent / "data"
PERIOD = "2024-H1"
STAFF = "canbo_phunu"
STAFF_UNIT = "04126"  # Xã Mường Bon
USERS = {
    "quantri": {"role": "admin"},
    "lanhdao": {"role": "leader"},
    "chuyenvien": {"role": "analyst"},
    STAFF: {"role": "staff", "orgs": ["HLHPN"], "unit": STAFF_UNIT},
}
SCRIPT_TITLE = "<script>window.__xss = 1</script>Hội nghị tuyên truyền"
IMG_TITLE = '<img src=x onerror="window.__xss = 2">Tập huấn kỹ năng'
FORMULA_TITLE = '=HYPERLINK("http://example.invalid","bấm vào đây")'
URL_PATHS = ("", "tong-quan", "xu-huong", "to-chuc", "chu-de", "chi-tieu", "hoi-nghi", "du-lieu", "bao-cao",
             "nap-du-lieu", "lo-du-lieu", "quan-tri", "kho-du-lieu", "khong-co-trang-nay")  # fmt: skip


def hostile_records(folder: Path) -> Path:
    path = folder / "hoat_dong_ky_tu_dac_biet.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Ngày", "Tổ chức", "Địa bàn", "Loại hoạt động", "Nội dung", "Số người tham gia"])
        for day, title in ((3, SCRIPT_TITLE), (4, IMG_TITLE), (5, FORMULA_TITLE)):
            writer.writerow([f"{day:02d}/04/2024", "Hội LHPN", "Xã Mường Bon", "Tuyên truyền", title, "30"])
    return path


@pytest.fixture(scope="module")
def accounts_server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    workdir = tmp_path_factory.mktemp("accounts_server")
    warehouse = workdir / "doanthe.duckdb"
    shutil.copy(sample_db, warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        [result] = load_file(con, hostile_records(workdir), user="quantri")
        assert result.status == "loaded", [e.message for e in result.errors]
    finally:
        con.close()
    tokens = add_test_accounts(warehouse, USERS)
    with streamlit_server(warehouse, workdir, env={"DOANTHE_MAX_UPLOAD_MB": "1"}) as url:
        yield {"url": url, "tokens": tokens, "warehouse": warehouse, "workdir": workdir}


@pytest.fixture
def context_for(chromium, accounts_server):  # noqa: F811
    """``context_for(username or None)``: a fresh browser context, logged in as that account."""
    made = []

    def make(username: str | None, **options):
        context = chromium.new_context(
            **{
                "viewport": {"width": 1440, "height": 1500},
                "locale": "vi-VN",
                "accept_downloads": True,
                **options,
            }
        )
        context.set_default_timeout(30_000)
        expect.set_options(timeout=30_000)  # a check or a save can take seconds on a busy machine
        made.append(context)
        if username is not None:
            log_in_by_cookie(context, accounts_server["url"], accounts_server["tokens"][username])
        return context.new_page()

    yield make
    for context in made:
        context.close()


def login_form(page):
    return page.get_by_test_id("stTextInput").filter(has_text=t("auth.username"))


def heading(page):
    return page.get_by_role("heading", level=1).first


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


# ── Login ────────────────────────────────────────────────────────────────────────────────────────


def test_every_page_without_login_lands_on_the_login(accounts_server, context_for):
    page = context_for(None)
    for path in URL_PATHS:
        page.goto(f"{accounts_server['url']}/{path}?period={PERIOD}&org=HND")
        expect(heading(page)).to_have_text(t("auth.heading"))
        wait_rendered(page)
        expect(login_form(page)).to_be_visible()
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(0)
        expect(page.get_by_test_id("stMetric")).to_have_count(0)
        expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
        expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(0)
        if path != URL_PATHS[-1]:  # (the last is no page at all: Streamlit says so in a dialog)
            # Nothing covers the form (no "page not found" dialog): it can be typed into.
            expect(page.get_by_role("dialog")).to_have_count(0)
            expect(page.get_by_label(t("auth.username"))).to_be_editable()


def test_a_shared_link_opens_its_page_after_the_login(accounts_server, context_for):
    page = context_for(None)
    page.goto(f"{accounts_server['url']}/chi-tieu?period={PERIOD}&org=HLHPN")
    page.get_by_label(t("auth.username")).fill("lanhdao")
    page.get_by_label(t("auth.password")).fill(PASSWORD)
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    expect(heading(page)).to_have_text(t("nav.targets"))
    wait_rendered(page)
    assert "/chi-tieu" in page.url and "org=HLHPN" in page.url


def test_a_login_survives_reloads_and_logging_out_ends_it(accounts_server, context_for, tmp_path):
    page = context_for(None)
    page.goto(f"{accounts_server['url']}/?period={PERIOD}")
    expect(heading(page)).to_have_text(t("auth.heading"))
    page.get_by_label(t("auth.username")).fill("lanhdao")
    page.get_by_label(t("auth.password")).fill("sai-mat-khau")
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    expect(page.get_by_text(t("auth.failed.bad_credentials"))).to_be_visible()
    page.get_by_label(t("auth.password")).fill(PASSWORD)
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    expect(heading(page)).to_have_text(t("overview.heading"))
    wait_rendered(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == "doanthe_session")
    assert cookie["sameSite"] == "Strict" and cookie["expires"] > 0
    # The password never reaches the URL, the cookie or the page.
    assert PASSWORD not in page.url and PASSWORD not in cookie["value"] and PASSWORD not in page.content()

    for _ in range(2):  # a session restored from the cookie keeps the cookie for the next reload
        page.reload()
        expect(heading(page)).to_have_text(t("overview.heading"))
        wait_rendered(page)
    assert any(c["name"] == "doanthe_session" for c in page.context.cookies())
    page.screenshot(path=str(tmp_path / "after_reload.png"))

    page.get_by_test_id("stSidebar").get_by_role("button", name=t("auth.logout")).click()
    expect(heading(page)).to_have_text(t("auth.heading"))
    page.reload()
    expect(heading(page)).to_have_text(t("auth.heading"))
    expect(login_form(page)).to_be_visible()


# ── The clerk's flow ─────────────────────────────────────────────────────────────────────────────


def fill_template(template: Path, out: Path, rows: list[list]) -> Path:
    """Fill the downloaded template below its header, as a clerk does in Excel."""
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    header_row = next(
        r for r in range(1, 15) if any(c.value == "Ngày" or c.value == "Ngày *" for c in sheet[r])
    )
    labels = [str(c.value or "").rstrip(" *") for c in sheet[header_row]]
    for offset, values in enumerate(rows, start=1):
        for label, value in values.items() if isinstance(values, dict) else []:
            sheet.cell(row=header_row + offset, column=labels.index(label) + 1, value=value)
    # Any example rows the template carries beyond ours are cleared.
    for r in range(header_row + len(rows) + 1, sheet.max_row + 1):
        for c in sheet[r]:
            c.value = None
    book.save(out)
    return out


def test_a_clerk_uploads_fixes_saves_sees_and_rolls_back(accounts_server, context_for, tmp_path):
    url = accounts_server["url"]
    page = context_for(None)
    page.goto(f"{url}/?period={PERIOD}")
    page.get_by_label(t("auth.username")).fill(STAFF)
    page.get_by_label(t("auth.password")).fill(PASSWORD)
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    expect(heading(page)).to_have_text(t("overview.heading"))
    wait_rendered(page)
    before = kpi_values(page)[0]

    # The upload page: her scope, the templates.
    page.get_by_test_id("stSidebarNavLink").filter(has_text=t("nav.upload")).click()
    expect(heading(page)).to_have_text(t("upload.heading"))
    wait_rendered(page)
    expect(page.get_by_text("Hội Liên hiệp Phụ nữ", exact=False).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="Hoạt động").first.click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.suffix == ".xlsx"

    rows = [
        {"Ngày": "31/02/2024", "Tổ chức": "Hội LHPN", "Địa bàn": "Xã Mường Bon", "Loại hoạt động": "Tuyên truyền",
         "Nội dung": "Tuyên truyền Luật Phòng, chống bạo lực gia đình", "Số người tham gia": 45},
        {"Ngày": "12/04/2024", "Tổ chức": "Hội LHPN", "Địa bàn": "Xã Mường Bon", "Loại hoạt động": "Tập huấn",
         "Nội dung": "Tập huấn kỹ năng làm kinh tế cho hội viên", "Số người tham gia": 60},
    ]  # fmt: skip
    bad = fill_template(template, tmp_path / "hoat_dong_quy_2.xlsx", rows)

    uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
    uploader.set_input_files(str(bad))
    expect(page.get_by_text(re.compile(r"Tệp có 1 lỗi"))).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="cột “Lỗi”").click()
    annotated = tmp_path / download.value.suggested_filename
    download.value.save_as(annotated)
    sheet = openpyxl.load_workbook(annotated).worksheets[0]
    messages = [
        str(c.value) for row in sheet.iter_rows() for c in row if c.value and "31/02/2024" in str(c.value)
    ]
    assert any("không phải ngày hợp lệ" in m for m in messages), messages
    page.screenshot(path=str(tmp_path / "upload_errors.png"), full_page=True)

    # She fixes the date in Excel and uploads again.
    rows[0]["Ngày"] = "28/02/2024"
    fixed = fill_template(template, tmp_path / "hoat_dong_quy_2_da_sua.xlsx", rows)
    uploader.set_input_files(str(fixed))
    expect(page.get_by_text(re.compile(r"Hợp lệ: 2 hoạt động mới, 0 cập nhật"))).to_be_visible()
    page.get_by_role("button", name=t("upload.save")).click()
    expect(page.get_by_text(re.compile(r"Đã lưu \(lô \d+\)"))).to_be_visible()

    # The charts show her records at once.
    open_page(page, f"{url}/?period={PERIOD}")
    assert int(re.sub(r"\D", "", kpi_values(page)[0])) == int(re.sub(r"\D", "", before)) + 2

    # She rolls the batch back.
    page.get_by_test_id("stSidebarNavLink").filter(has_text=t("nav.batches")).click()
    expect(heading(page)).to_have_text(t("batches.heading"))
    wait_rendered(page)
    page.get_by_role("button", name=t("batches.rollback_button")).click()
    page.get_by_role("dialog").get_by_role("button", name=t("batches.confirm_yes")).click()
    expect(page.get_by_text(re.compile(r"Đã hoàn tác lô \d+: bỏ 2 bản ghi mới"))).to_be_visible()
    open_page(page, f"{url}/?period={PERIOD}")
    assert kpi_values(page)[0] == before


# ── Security ─────────────────────────────────────────────────────────────────────────────────────


def test_staff_cannot_reach_admin_pages_or_other_scopes_by_url(accounts_server, context_for):
    url = accounts_server["url"]
    page = context_for(STAFF)
    for path in ("quan-tri", "kho-du-lieu"):
        page.goto(f"{url}/{path}")
        wait_rendered(page)
        expect(heading(page)).not_to_have_text(t("admin.heading"))
        expect(heading(page)).not_to_have_text(t("warehouse.heading"))
        expect(page.get_by_text(t("admin.accounts"), exact=True)).to_have_count(0)
    # The Farmers' Union of the whole district, asked for by URL: nothing of it is hers to see.
    open_page(page, f"{url}/?period={PERIOD}&org=HND&unit=125")
    assert re.sub(r"\D", "", kpi_values(page)[0]) in ("", "0")


def test_hostile_record_text_is_shown_as_text(accounts_server, context_for):
    page = context_for("quantri")
    page.on("dialog", lambda dialog: dialog.dismiss())
    for path in ("du-lieu", "to-chuc", ""):
        open_page(page, f"{accounts_server['url']}/{path}?period={PERIOD}&org=HLHPN")
        assert page.evaluate("() => window.__xss") is None
        expect(page.locator("img[src='x']")).to_have_count(0)
        expect(page.locator("[onerror]")).to_have_count(0)


def test_exported_cells_cannot_run_as_formulas(accounts_server, context_for, tmp_path):
    page = context_for("chuyenvien")
    open_page(page, f"{accounts_server['url']}/du-lieu?period={PERIOD}&org=HLHPN")
    with page.expect_download() as download:
        page.get_by_role("button", name=t("records.download_csv")).click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    titles = [
        row[next(i for i, h in enumerate(rows[0]) if h == "Nội dung")]
        for rows in [list(csv.reader(io.StringIO(text)))]
        for row in rows[1:]
    ]
    hostile = [title for title in titles if "HYPERLINK" in title]
    assert hostile and all(not title.startswith("=") for title in hostile), hostile

    with page.expect_download() as download:
        page.get_by_role("button", name=t("records.download_xlsx")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    cells = [
        c
        for row in book.worksheets[0].iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    # Stored as text, not as a formula: Excel shows it and runs nothing.
    assert cells and all(c.data_type == "s" for c in cells)
    assert not [c for row in book.worksheets[0].iter_rows() for c in row if c.data_type == "f"]


def test_a_tiny_xlsx_that_inflates_to_gigabytes_is_refused(accounts_server, context_for):
    page = context_for(STAFF)
    open_page(page, f"{accounts_server['url']}/nap-du-lieu")
    pid = SERVER_PIDS[accounts_server["url"]]
    before = rss_mb(pid)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(DATA / "bomb_2gib.xlsx"))
    expect(page.get_by_text(re.compile(r"Tệp có 1 lỗi nên chưa lưu gì"))).to_be_visible()
    expect(page.locator("td", has_text="giải nén vượt").first).to_be_attached()
    assert rss_mb(pid) - before < 200  # unpacking it would take 2 GiB


def test_an_oversized_upload_is_refused_with_a_clear_message(accounts_server, context_for, tmp_path):
    page = context_for(STAFF)
    open_page(page, f"{accounts_server['url']}/nap-du-lieu")
    big = tmp_path / "hoat_dong_qua_lon.csv"
    big.write_bytes(b"Ngay,To chuc,Noi dung\n" + b"01/01/2024,HLHPN,x\n" * 90_000)  # 1.6 MB > 1 MB
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big))
    # The browser refuses it before sending it (Streamlit's own message), beside the page's own note.
    expect(page.get_by_role("alert").filter(has_text=re.compile(r"1(\.0)?\s?MB"))).to_be_visible()
    expect(page.get_by_text(t("upload.limit", mb="1"))).to_be_visible()
    page.screenshot(path=str(tmp_path / "oversized.png"))
    expect(page.get_by_role("button", name=t("upload.save"))).to_have_count(0)


def test_an_admin_edits_a_reference_list_as_a_file(accounts_server, context_for, tmp_path):
    url = accounts_server["url"]
    page = context_for("quantri")
    open_page(page, f"{url}/quan-tri")
    expect(heading(page)).to_have_text(t("admin.heading"))
    page.get_by_role("tab", name=t("admin.ref.themes")).click()
    panel = page.get_by_role("tabpanel").filter(has=page.get_by_text(t("admin.ref.download")))
    with page.expect_download() as download:
        panel.get_by_role("button", name=t("admin.ref.download")).click()
    listed = tmp_path / download.value.suggested_filename
    download.value.save_as(listed)

    book = openpyxl.load_workbook(listed)
    sheet = book.worksheets[0]
    header_row = next(r for r in range(1, 15) if any(str(c.value or "").startswith("Mã") for c in sheet[r]))
    labels = [str(c.value or "") for c in sheet[header_row]]
    row = sheet.max_row + 1
    sheet.cell(
        row=row,
        column=next(i for i, x in enumerate(labels) if x.startswith("Mã")) + 1,
        value="du_lich_cong_dong",
    )
    sheet.cell(
        row=row,
        column=next(i for i, x in enumerate(labels) if x.startswith("Tên")) + 1,
        value="du lịch cộng đồng",
    )
    edited = tmp_path / "danh_muc_chu_de_sua.xlsx"
    book.save(edited)

    panel.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(edited))
    expect(page.get_by_text(re.compile(r"Hợp lệ: 1 mới, 0 sửa, 0 bỏ"))).to_be_visible()
    page.get_by_role("button", name=t("upload.save")).click()
    expect(page.get_by_text(re.compile(r"Đã lưu danh mục \(lô \d+\)"))).to_be_visible()
    con = duckdb.connect(str(accounts_server["warehouse"]), read_only=True)
    try:
        assert con.execute("select label_vi from themes where code = 'du_lich_cong_dong'").fetchall() == [
            ("du lịch cộng đồng",)
        ]
    finally:
        con.close()
