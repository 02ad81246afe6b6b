"""Export timings: PNG (chromium and matplotlib) and HTML for the sample events.csv and for 10,000 synthetic events.

Run: .venv/bin/python -m benchmarks.export   (writes benchmarks/results/export.json)
Targets (issue 8): PNG < 3 s warm, < 6 s for 10,000 events; HTML < 1 s.
"""

from __future__ import annotations

import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from conflictmap.export import formats as export
from conflictmap.export.screenshot import ChromiumSession
from conflictmap.export.snapshot import Snapshot, data_version, make_snapshot
from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import csv_text, read_events
from conflictmap.store.places import place_summary

ROOT = Path(__file__).resolve().parents[1]

RESULTS = ROOT / "benchmarks" / "results" / "export.json"
SIZE = (1200, 800)


def synthetic_events(sample: Path, n: int, n_places: int, seed: int = 8) -> str:
    """n events made from the sample by jittering coordinates (over n_places places) and dates, as CSV text."""
    rng = random.Random(seed)
    base = read_events(sample).valid.to_dict("records")
    spots = [(r["latitude"] + rng.uniform(-1.5, 1.5), r["longitude"] + rng.uniform(-1.5, 1.5)) for r in base]
    spots += [(rng.uniform(30.0, 37.0), rng.uniform(39.0, 48.0)) for _ in range(max(0, n_places - len(spots)))]
    rows = []
    for i in range(n):
        r = dict(rng.choice(base))
        lat, lon = spots[i % n_places]
        shift = timedelta(days=rng.randint(-180, 180))
        r.update(
            event_id=f"syn-{i:05d}",
            latitude=round(lat, 5),
            longitude=round(lon, 5),
            geonameid=None,
            location=f"Place {i % n_places}",
            event_date=r["event_date"] + shift,
            date_from=r["date_from"] + shift,
            date_to=r["date_to"] + shift,
        )
        rows.append(r)
    return csv_text(rows, EVENT_COLUMNS)


def timed(fn, repeat: int = 1) -> tuple[float | None, object]:
    """Best wall time of `repeat` runs and the last result; (None, error text) when a run fails (e.g. a timeout)."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        try:
            out = fn()
        except Exception as e:  # a benchmark row records the failure instead of losing the other rows
            return None, f"{type(e).__name__}: {str(e).splitlines()[0]}"
        best = min(best, time.perf_counter() - t)
    return best, out


def cold_cli_png(events: Path, out: Path) -> float:
    """A fresh `python -m conflictmap export --format png`: interpreter, imports, chromium launch, render."""
    t = time.perf_counter()
    cmd = [sys.executable, "-m", "conflictmap", "export", "--format", "png", "--events", str(events), "-o", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t


def row(label: str, what: str, snap: Snapshot, result: tuple[float | None, object]) -> dict:
    """One table row; a failed run keeps its error."""
    seconds, out = result
    r = {"case": label, "what": what, "events": len(snap.events), "places": len(place_summary(snap.mapped))}
    r["seconds"] = seconds
    if seconds is None:
        r["error"] = out
    elif isinstance(out, bytes | str):
        r["bytes"] = len(out)
    return r


def measure(label: str, snap: Snapshot, rows: list[dict]) -> None:
    """Warm timings for one selection (a new chromium per PNG, as the CLI and the page do), appended to rows."""
    rows.append(row(label, "html", snap, timed(lambda: export.render("html", snap), repeat=3)))
    rows.append(row(label, "png auto", snap, timed(lambda: export.render("png", snap, *SIZE), repeat=2)))
    rows.append(
        row(label, "png matplotlib", snap, timed(lambda: export.render("png", snap, *SIZE, renderer="matplotlib")))
    )


def measure_chromium(label: str, snap: Snapshot, browser, rows: list[dict]) -> None:
    """PNG through one chromium kept open (ChromiumSession); also tried above the auto threshold, to show why."""
    result = timed(lambda: export.render("png", snap, *SIZE, renderer="chromium", browser=browser), repeat=2)
    rows.append(row(label, "png chromium, reused browser", snap, result))


def main() -> int:
    """Run every case, print a table, write the JSON."""
    rows: list[dict] = []
    sample = ROOT / "events.csv"
    with tempfile.TemporaryDirectory(prefix="cm-bench-export-") as tmp:
        tmp = Path(tmp)
        cold = cold_cli_png(sample, tmp / "cold.png")
        rows.append(
            {"case": "sample", "what": "png cold (new process, CLI)", "events": None, "places": None, "seconds": cold}
        )
        cases = [("sample", sample)]
        for n_places in (500, 10_000):
            path = tmp / f"syn-{n_places}.csv"
            path.write_text(synthetic_events(sample, 10_000, n_places), encoding="utf-8")
            cases.append((f"10k events / {n_places} places", path))
        snaps = [(label, make_snapshot(read_events(p).valid, version=data_version(p))) for label, p in cases]
        for label, snap in snaps:
            measure(label, snap, rows)
        with ChromiumSession() as browser:
            for label, snap in snaps:
                measure_chromium(label, snap, browser, rows)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus (other work skews timings)")
    print(f"{'case':<28} {'what':<30} {'events':>7} {'places':>7} {'seconds':>8}")
    for r in rows:
        secs = f"{r['seconds']:8.2f}" if r["seconds"] is not None else f"  failed: {r['error']}"
        print(f"{r['case']:<28} {r['what']:<30} {r['events'] or '':>7} {r['places'] or '':>7} {secs}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    env = {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg_1m_at_end": os.getloadavg()[0]}
    RESULTS.write_text(json.dumps({"benchmark": "export", "env": env, "rows": rows}, indent=1) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
