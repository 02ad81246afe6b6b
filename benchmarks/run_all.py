"""Run every benchmark in benchmarks/ and collect their JSON results into one summary.

    .venv/bin/python -m benchmarks.run_all [--quick] [--only scale,geoparse] [--timeout 3600]

Each benchmarks/*.py (except this file) runs in its own process (`python -m benchmarks.NAME`); --quick is passed to those whose --help lists
it. A benchmark writes benchmarks/results/<name>.json; this script reads it back and writes
benchmarks/results/summary.json and summary.md (name, exit code, seconds, headline figures).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "benchmarks"
RESULTS = BENCH_DIR / "results"


def benchmark_scripts(only: list[str] | None = None) -> list[Path]:
    """benchmarks/*.py except this runner, optionally only the named ones."""
    scripts = sorted(p for p in BENCH_DIR.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))
    return [p for p in scripts if not only or p.stem in only]


def _command(script: Path, *args: str) -> list[str]:
    """The benchmark run as a module from the project root (the project and tests/ importable, no install)."""
    return [sys.executable, "-m", f"benchmarks.{script.stem}", *args]


def has_quick_flag(script: Path) -> bool:
    """True when the script's --help mentions --quick."""
    try:
        out = subprocess.run(_command(script, "--help"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return False
    return "--quick" in out.stdout


def run_one(script: Path, quick: bool, timeout: float) -> dict:
    """Run one benchmark; its exit code, time, tail of output, and the JSON it wrote."""
    cmd = _command(script, *(["--quick"] if quick and has_quick_flag(script) else []))
    result_file = RESULTS / f"{script.stem}.json"
    before = result_file.stat().st_mtime_ns if result_file.exists() else None
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        code, tail = proc.returncode, (proc.stdout + proc.stderr)[-2000:]
    except subprocess.TimeoutExpired:
        code, tail = None, f"timed out after {timeout:.0f}s"
    seconds = round(time.perf_counter() - t0, 1)
    fresh = result_file.exists() and result_file.stat().st_mtime_ns != before
    data = json.loads(result_file.read_text(encoding="utf-8")) if fresh else None
    cmd_text = " ".join([".venv/bin/python", *cmd[1:]])
    return {"name": script.stem, "command": cmd_text, "exit_code": code, "seconds": seconds, "result": data,
            "output_tail": tail if code != 0 else ""}  # fmt: skip


def headline(data) -> list[str]:
    """Top-level scalar figures of a result, and the targets block when there is one."""
    if not isinstance(data, dict):
        return []
    lines = [f"{k}: {v}" for k, v in data.items() if isinstance(v, int | float | str | bool) and v is not None]
    for k, t in (data.get("targets") or {}).items():
        lines.append(f"{k}: {t['value']} (target {t['target']}, {'met' if t['met'] else 'NOT met'})")
    return lines[:20]


def summary_markdown(runs: list[dict]) -> str:
    """The summary as a Markdown table plus each benchmark's headline figures."""
    rows = ["| benchmark | exit | seconds | command |", "|---|---|---|---|"]
    rows += [f"| {r['name']} | {r['exit_code']} | {r['seconds']} | `{r['command']}` |" for r in runs]
    for r in runs:
        rows += ["", f"## {r['name']}", ""]
        rows += [f"- {line}" for line in headline(r["result"])] or ["- no result file written"]
        if r["output_tail"]:
            rows += ["", "```", r["output_tail"].replace("```", "'''"), "```"]
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="pass --quick to benchmarks that have it")
    ap.add_argument("--only", help="comma-separated benchmark names, e.g. scale,geoparse")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per benchmark")
    args = ap.parse_args(argv)
    from conflictmap.store.csvfile import atomic_write_text

    only = [s.strip() for s in args.only.split(",")] if args.only else None
    runs = []
    for script in benchmark_scripts(only):
        print(f"running {script.name} ...", file=sys.stderr, flush=True)
        runs.append(run_one(script, args.quick, args.timeout))
        print(f"  exit {runs[-1]['exit_code']} in {runs[-1]['seconds']}s", file=sys.stderr, flush=True)
    atomic_write_text(RESULTS / "summary.json", json.dumps({"quick": args.quick, "runs": runs}, indent=2))
    atomic_write_text(RESULTS / "summary.md", summary_markdown(runs))
    print(summary_markdown(runs))
    return 0 if all(r["exit_code"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
