"""ETL benchmark: loading a valid activities CSV against DuckDB's own read_csv on the same file.

    python -m etl.bench [--rows 1000000] [--repeat 7]

Both sides run in fresh processes on a fresh warehouse file, alternating, ``--repeat`` times;
the report gives medians, rows per second, the ratio (baseline time / our time: 1.0 means as
fast as DuckDB reading the file into a table, the bar is ≥ 0.5) and each side's peak memory.
The machine is shared and noisy, so only ratios measured in the same run mean anything.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from etl import config

BENCH_DIR = config.DATA_DIR / "bench"
RESULTS_DIR = config.PROJECT_ROOT / "bench-results"

BASELINE = """
import json, sys, time, duckdb
db, path, skip = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = duckdb.connect(db)
start = time.perf_counter()
con.execute("create table activities as select * from read_csv(?, skip = ?, header = true)", [path, skip])
con.execute("checkpoint")
elapsed = time.perf_counter() - start
rows = con.execute("select count(*) from activities").fetchall()[0][0]
print(json.dumps({"seconds": elapsed, "rows": rows}))
"""

OURS = """
import json, sys, time, duckdb
from etl.schema import init_warehouse
from etl.pipeline import load_file
db, path = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
init_warehouse(con)
start = time.perf_counter()
[result] = load_file(con, path, user="bench")
elapsed = time.perf_counter() - start
assert result.status == "loaded", [e.message for e in result.errors[:5]]
rows = con.execute("select count(*) from activities").fetchall()[0][0]
print(json.dumps({"seconds": elapsed, "rows": rows}))
"""


def _run(script: str, *args: str) -> dict:
    """Run one measurement in a fresh process; its result plus its peak resident memory."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=config.PROJECT_ROOT,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark step failed ({proc.returncode}):\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def title_rows(path: Path) -> int:
    """Lines above the header row of a sample CSV."""
    from etl.read import find_header

    with open(path, encoding="utf-8-sig", newline="") as handle:
        import csv

        records = [row for _, row in zip(range(12), csv.reader(handle), strict=False)]
    index, _kind, _matched = find_header(records, "activities")
    return index


def prepare(rows: int, seed: int) -> Path:
    """The activities CSV of ``rows`` rows, generated once and kept under data/bench/."""
    from etl.sample import write_sample

    target = BENCH_DIR / f"rows_{rows}_seed_{seed}"
    csv_path = target / "mau_hoat_dong.csv"
    if not csv_path.exists():
        target.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write_sample(target, rows=rows, seed=seed)
        print(f"generated {rows:,} activities in {time.perf_counter() - started:.1f} s → {csv_path}")
    return csv_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    # (Seven each: on a shared machine one run can take a third longer than the next.)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    csv_path = prepare(args.rows, args.seed)
    skip = title_rows(csv_path)
    size_mb = csv_path.stat().st_size / config.MB
    base_runs, our_runs = [], []
    with tempfile.TemporaryDirectory(prefix="doanthe-bench-") as tmp:
        for i in range(args.repeat):
            base_runs.append(_run(BASELINE, f"{tmp}/base{i}.duckdb", str(csv_path), str(skip)))
            our_runs.append(_run(OURS, f"{tmp}/ours{i}.duckdb", str(csv_path)))
    for run in (*base_runs, *our_runs):
        if run["rows"] != args.rows:
            raise RuntimeError(f"expected {args.rows} rows, a run loaded {run['rows']}")
    base = statistics.median(r["seconds"] for r in base_runs)
    ours = statistics.median(r["seconds"] for r in our_runs)
    ratio = base / ours
    report = {
        "file": str(csv_path),
        "file_mb": round(size_mb, 1),
        "rows": args.rows,
        "repeat": args.repeat,
        "baseline_seconds": [round(r["seconds"], 3) for r in base_runs],
        "doanthe_seconds": [round(r["seconds"], 3) for r in our_runs],
        "baseline_rows_per_s": round(args.rows / base),
        "doanthe_rows_per_s": round(args.rows / ours),
        "ratio": round(ratio, 3),
        # Each baseline run over the run of ours that followed it: how much single runs vary.
        "paired_ratios": [
            round(b["seconds"] / o["seconds"], 3) for b, o in zip(base_runs, our_runs, strict=True)
        ],
        "baseline_peak_mb": round(max(r["peak_mb"] for r in base_runs)),
        "doanthe_peak_mb": round(max(r["peak_mb"] for r in our_runs)),
        "bar": 0.5,
        "meets_bar": ratio >= 0.5,
    }
    print(f"Loading {args.rows:,} activities ({size_mb:.0f} MB CSV), median of {args.repeat} runs each:")
    print(
        f"  DuckDB read_csv into a table: {base:6.2f} s  {report['baseline_rows_per_s']:>10,} rows/s  "
        f"peak {report['baseline_peak_mb']} MB"
    )
    print(
        f"  doanthe load (read, check, load batch): {ours:6.2f} s  {report['doanthe_rows_per_s']:>10,} rows/s  "
        f"peak {report['doanthe_peak_mb']} MB"
    )
    paired = report["paired_ratios"]
    print(
        f"  ratio {ratio:.2f} (bar ≥ 0.5: {'met' if ratio >= 0.5 else 'NOT met'}); "
        f"run by run {min(paired):.2f}–{max(paired):.2f}"
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "etl.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
