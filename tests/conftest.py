"""Shared fixtures: a fresh in-memory warehouse, and one built by the real ETL from sample files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from etl.schema import init_warehouse

# The browser fixtures (server, chromium, browser_page) are registered once for the whole run:
# a session fixture imported into two modules would start Playwright twice.
pytest_plugins = ["tests.browser"]

TEST_DATA = Path(__file__).parent / "data"
# The sample is generated as of a fixed day so that figures in tests do not move with the calendar.
SAMPLE_TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def warehouse() -> duckdb.DuckDBPyConnection:
    """A fresh, initialised in-memory warehouse."""
    con = duckdb.connect()
    init_warehouse(con)
    yield con
    con.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh, initialised warehouse file."""
    path = tmp_path / "doanthe.duckdb"
    con = duckdb.connect(str(path))
    init_warehouse(con)
    con.close()
    return path


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """The sample district's record files (small activities file), as `doanthe sample` writes them."""
    from etl.sample import write_sample

    out = tmp_path_factory.mktemp("sample")
    write_sample(out, rows=3000, seed=11, today=SAMPLE_TODAY)
    return out


@pytest.fixture(scope="session")
def sample_db(sample_dir: Path, tmp_path_factory) -> Path:
    """A warehouse file built by the real ETL from the sample files."""
    from etl.pipeline import load_file

    path = tmp_path_factory.mktemp("sample_db") / "doanthe.duckdb"
    con = duckdb.connect(str(path))
    init_warehouse(con)
    for file in sorted(sample_dir.glob("mau_*")):
        for result in load_file(con, file, user="test"):
            assert result.status == "loaded", (result.file, [e.message for e in result.errors[:5]])
    con.close()
    return path
