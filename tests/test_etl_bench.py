"""`python -m etl.bench` end to end, on a small file (its figures are for the benchmark itself)."""

from __future__ import annotations

import json

from etl import bench


def test_bench_loads_the_file_both_ways_and_reports_the_ratio(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench, "BENCH_DIR", tmp_path / "data")
    monkeypatch.setattr(bench, "RESULTS_DIR", tmp_path / "results")
    assert bench.main(["--rows", "20000", "--repeat", "2"]) == 0
    report = json.loads((tmp_path / "results" / "etl.json").read_text(encoding="utf-8"))
    assert report["rows"] == 20_000 and len(report["doanthe_seconds"]) == len(report["paired_ratios"]) == 2
    assert report["ratio"] > 0 and report["meets_bar"] == (report["ratio"] >= 0.5)
    printed = capsys.readouterr().out
    assert "ratio" in printed and "run by run" in printed
