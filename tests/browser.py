"""Fixtures for browser tests: a real ``streamlit run`` server and the system Chromium.

``tests/conftest.py`` registers them once for the whole run (``pytest_plugins``).

``server`` serves ``dashboard/app.py`` on a free loopback port over a fixture warehouse and yields
its URL; ``browser_page`` is a fresh Playwright page in Chromium for each test.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard_fixtures import create_warehouse
from tests.logins import add_test_accounts, log_in_by_cookie

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("DOANTHE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 60.0
VIEWPORT = {"width": 1440, "height": 1500}
ADMIN = "kiemthu_admin"
# The session token of the test administrator on each running server (by its URL).
ADMIN_SESSIONS: dict[str, str] = {}
# The process id of each running server (by its URL), for tests that watch its memory.
SERVER_PIDS: dict[str, int] = {}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, proc: subprocess.Popen, log: Path, deadline_seconds: float) -> None:
    """Poll ``/_stcore/health`` until it answers 'ok', the process dies, or the deadline passes."""
    deadline = time.monotonic() + deadline_seconds
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last_error = exc
        time.sleep(0.1)  # a poll interval, bounded by the deadline above
    raise RuntimeError(
        f"streamlit did not answer {url}/_stcore/health within {deadline_seconds:.0f} s "
        f"({last_error}):\n{log.read_text(errors='replace')}"
    )


@contextlib.contextmanager
def streamlit_server(warehouse: Path, workdir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``streamlit run dashboard/app.py`` over ``warehouse`` on a free loopback port; yields its URL.

    ``env`` adds settings (``DOANTHE_MAX_UPLOAD_MB``…); the browser's upload limit follows the ETL's,
    as ``doanthe serve`` sets it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ADMIN_SESSIONS[url] = add_test_accounts(warehouse, {ADMIN: {"role": "admin"}})[ADMIN]
    env = {**os.environ, **(env or {}), "DOANTHE_DB": str(warehouse), "PYTHONUNBUFFERED": "1"}
    upload_mb = env.get("DOANTHE_MAX_UPLOAD_MB") or "50"
    log = workdir / "streamlit.log"
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.maxUploadSize", upload_mb,
    ]  # fmt: skip
    with log.open("wb") as log_file:
        # .streamlit/config.toml is read from the working directory.
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    SERVER_PIDS[url] = proc.pid
    try:
        wait_until_healthy(url, proc, log, SERVER_START_SECONDS)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def log_in_as_admin(page, url: str) -> None:
    """Give the page's browser context the test administrator's session on the server at ``url``."""
    log_in_by_cookie(page.context, url, ADMIN_SESSIONS[url])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard over a small fixture warehouse; yields its base URL."""
    workdir = tmp_path_factory.mktemp("streamlit_server")
    with streamlit_server(create_warehouse(workdir / "doanthe.duckdb"), workdir) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """The system Chromium driven by Playwright (skips when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian package 'chromium')")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page (own context: no shared cookies or storage) for one test."""
    context = chromium.new_context(viewport=VIEWPORT, locale="vi-VN")
    context.set_default_timeout(20_000)
    # expect() has its own timeout (5 s by default): on a loaded 2-core machine a rerun can take longer.
    pytest.importorskip("playwright.sync_api").expect.set_options(timeout=20_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
