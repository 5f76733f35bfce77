"""The Báo cáo page through Streamlit's AppTest, over the sample warehouse: generating on a click
gives two download buttons; the pack is kept for the next run; the viewer's scope applies; English.

The page is run on its own (``dashboard/app_pages/report.py``): its entry in the navigation is
the app shell's business.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from tests.logins import account, as_account

PAGE = Path(__file__).resolve().parent.parent / "dashboard" / "app_pages" / "report.py"
SEED = {"period": "2024-H1", "unit": "125"}


@pytest.fixture
def sample_env(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOANTHE_DB", str(sample_db))
    monkeypatch.delenv("DOANTHE_PERIOD_CUTOFF", raising=False)
    # Charts are drawn (or not) the same way as in tests/test_report.py; here only the page counts.
    monkeypatch.setenv("BROWSER_PATH", "/khong/co/chromium")
    return sample_db


def open_page(params: dict, who=None) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    as_account(at, who or account("leader"))
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def downloads(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_generate_gives_a_word_and_an_excel_download(sample_env):
    at = open_page(SEED)
    assert at.title[0].value == t("report.heading", "vi")
    assert downloads(at) == []
    at.button(key="report_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert downloads(at) == ["Tải báo cáo (Word)", "Tải bảng số liệu (Excel)"]
    captions = " ".join(c.value for c in at.caption)
    assert "Báo cáo 6 tháng đầu năm 2024 — Huyện Mai Sơn" in captions
    # No Chromium: the page says the charts are missing, the files are still there.
    assert any("Không vẽ được biểu đồ" in w.value for w in at.warning)
    preview = " ".join(x.value for x in at.text)
    assert "I. Kết quả đạt được" in preview and "III. Nhiệm vụ trọng tâm 6 tháng cuối năm 2024" in preview
    # The pack is kept: the next run (a download's rerun, another widget) shows it without a click.
    at.run()
    assert downloads(at) == ["Tải báo cáo (Word)", "Tải bảng số liệu (Excel)"]


def test_the_viewers_scope_applies(sample_env):
    at = open_page({"period": "2024-H1"}, account("analyst", orgs={"HLHPN"}, unit="04129"))
    at.button(key="report_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    preview = " ".join(x.value for x in at.text)
    assert "Hội Liên hiệp Phụ nữ xã Chiềng Chung" in preview
    assert "Hội Nông dân" not in preview


def test_page_in_english(sample_env):
    at = open_page({**SEED, "lang": "en"})
    assert at.title[0].value == "Report"
    assert at.button(key="report_generate").label == "Generate the report"
    at.button(key="report_generate").click().run()
    assert downloads(at) == ["Download the report (Word)", "Download the tables (Excel)"]
