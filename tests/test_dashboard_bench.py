"""The dashboard benchmark (``python -m dashboard.bench``) runs end to end on a tiny warehouse and
writes its report. Nothing here checks a timing: figures only mean something at 10 M rows, on a
quiet machine, compared within one run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "dashboard" / "app_pages"
ROWS = 1500


def run_bench(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard.bench", "--repeat", "1", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return proc.stdout


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dashboard_bench")


def page_files() -> set[str]:
    return {p.name for p in PAGES_DIR.glob("*.py") if not p.name.startswith("_")}


def test_bench_builds_its_warehouse_times_every_page_and_writes_json(bench_dir: Path):
    out = bench_dir / "dashboard.json"
    stdout = run_bench("--rows", str(ROWS), "--bench-dir", str(bench_dir), "--out", str(out), "--no-browser")

    # The warehouse is built by the real ETL once and kept; nothing half-built is left behind.
    assert (bench_dir / f"dashboard_{ROWS}.duckdb").is_file()
    assert sorted(p.name for p in bench_dir.iterdir()) == ["dashboard.json", f"dashboard_{ROWS}.duckdb"]

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["rows"] == ROWS
    assert report["warehouse"]["built"]["activities"] == ROWS
    narrow = report["filters"]["narrow"]
    assert narrow["org"] and narrow["unit"] and narrow["period"] == report["filters"]["default"]["period"]

    # Every page of the navigation, each with the calls it makes and their figures.
    assert {p["script"] for p in report["pages"]} == page_files()
    for page in report["pages"]:
        assert page["errors"] == [], page
        for name in ("default", "narrow"):
            entry = page[name]
            assert len(entry["per_call_ms"]) == len(entry["calls"])
            assert entry["queries_ms"] is not None and entry["open_ms"] is not None
            assert isinstance(entry["meets_bar"], bool)
            baseline = entry["baseline"]
            assert set(baseline["covered_calls"]) <= set(entry["calls"])
            assert baseline["kpis_agree"] in (True, None)  # the pandas figures are the same figures
    overview = next(p for p in report["pages"] if p["script"] == "overview.py")
    assert {"kpis", "trend", "by_org", "theme_matrix"} <= set(overview["default"]["calls"])
    assert overview["default"]["baseline"]["kpis_agree"] is True
    assert report["baseline"]["fetch_s"] >= 0 and report["baseline"]["peak_mb"] > 0
    assert "browser" not in report
    assert "Dashboard on 1,500 activities" in stdout


@pytest.mark.browser
def test_bench_times_a_filter_change_in_chromium(bench_dir: Path):
    pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    from dashboard.bench import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip(f"needs Chromium at {CHROMIUM}")
    out = bench_dir / "browser.json"
    # The warehouse of the test above is reused (built once per row count).
    run_bench("--rows", str(ROWS), "--bench-dir", str(bench_dir), "--out", str(out), "--no-queries")
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["warehouse"]["built"] is None
    browser = report["browser"]
    assert len(browser["rerender_s"]) == 1 and browser["rerender_s"][0] > 0
    assert browser["rounds"][0]["org"]
    assert set(browser["page_load_s"]) >= {"(default)"}
    assert report["server_memory"]["peak_mb"] > 0


def test_bench_logs_in_as_the_app_expects():
    """The bench sets the app's session cookie by name without importing the app's auth module."""
    from dashboard import auth, bench

    assert bench.COOKIE_NAME == auth.COOKIE_NAME
