"""Pathological articles (issue #18): each ingests in time linear in its size, in bounded memory, while the dashboard
stays usable for another session.

    python -m benchmarks.pathological [--scale 1.0] [--cases NAME,...] [--no-dashboard] [--quick]

Cases (sizes at --scale 1; --scale 0.1 runs a tenth of each, for a quick look):
  realistic_1mb    one 1 MB news article (templated sentences over real towns)
  realistic_10mb   one 10 MB news article
  places_50k       one article naming 50,000 places (lists of towns, a few per sentence)
  sentence_1mb     one 1 MB sentence without a full stop, dense with places and killings
  feed_100k        one RSS feed of 100,000 short items (a third described in plain text, without <p>)
  flat_html_20mb   a 20 MB web page of bare text (no paragraphs, no markup to find the story by)

Every case is ingested (files up to 64 MB allowed) by the command line (`python -m conflictmap ingest FOLDER -o events.csv --no-cache`) in
its own process, at the case's full size and at half of it: the table gives seconds, s/MB at both sizes (about
equal when the work is linear), the full-size/half-size time ratio (about 2 when linear, 4 when quadratic), the
full-size s/MB and the ratio in CPU seconds (steadier than the wall clock on a busy machine), peak memory (maximum
resident set of the ingest process), the articles read (a feed's items) and what the report said was cut or
quarantined. Then, with `python -m conflictmap serve` running on a free port and the largest case ingesting beside
it, the dashboard's health check and map page are fetched again and again: the slowest "page ready" time is reported
(target < 5 s).
Timings are noisy on a shared machine; each figure is one run. Writes benchmarks/results/pathological.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks.events import FILLER, TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MEMORY_LIMIT_MB = 1024
PAGE_READY_LIMIT_S = 5.0
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _towns(seed: int = 7) -> tuple[list[tuple[str, str]], random.Random]:
    """(town, province) pairs of Iraqi and Syrian towns from the gazetteer, and a seeded random generator."""
    from conflictmap.geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    towns = [(gaz.name[i], gaz.admin1[i] or "Baghdad") for i in range(len(gaz))
             if gaz.country[i] in ("IQ", "SY") and gaz.feature[i] == "city" and gaz.population[i] > 20_000
             and gaz.name[i].isascii()]  # fmt: skip
    return towns, random.Random(seed)


def realistic_text(size: int, seed: int = 7) -> str:
    """A news article of about `size` characters: paragraphs of event sentences and filler, as in benchmarks.events."""
    towns, rng = _towns(seed)
    parts, n = ["Violence flares across the region\n\n"], 0
    while n < size:
        town, province = rng.choice(towns)
        s = rng.choice(TEMPLATES).format(n=rng.randint(2, 40), k=rng.randint(2, 90), town=town, day=rng.choice(DAYS),
                                         province=province)  # fmt: skip
        parts.append(s + " " + FILLER + "\n\n")
        n += len(parts[-1])
    return "".join(parts)


def places_text(places: int, seed: int = 7) -> str:
    """An article naming `places` towns, five to a sentence ('Fighting was reported in A, B, C, D and E.')."""
    towns, rng = _towns(seed)
    out = ["Fighting spreads\n\n"]
    for k in range(0, places, 5):
        names = [rng.choice(towns)[0] for _ in range(min(5, places - k))]
        listed = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
        out.append(f"Clashes were reported in {listed} on {rng.choice(DAYS)}." + ("\n\n" if k % 50 == 45 else " "))
    return "".join(out)


def sentence_text(size: int, seed: int = 7) -> str:
    """One sentence of about `size` characters, a killing at a town every 150 characters or so ('militants killed 3
    civilians near the main market in A as residents fled toward the river, local officials said, and ...'), no
    full stop: fewer places than the places cap, so the whole sentence is read (in pieces)."""
    towns, rng = _towns(seed)
    parts, n = [], 0
    while n < size:
        parts.append(f"militants killed {rng.randint(2, 40)} civilians near the main market in {rng.choice(towns)[0]} "
                     "as residents fled toward the river, local officials said")  # fmt: skip
        n += len(parts[-1]) + 5
    return "MOSUL, Iraq -- " + " and ".join(parts) + ".\n"


def feed_xml(items: int, seed: int = 7) -> str:
    """An RSS feed of `items` short items, each one event sentence at a real town, with its own link and date. Two
    items in three describe it in HTML paragraphs, every third in plain text (two lines, no markup), as many feeds do."""
    towns, rng = _towns(seed)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire</title>'
           "<link>https://wire.example/</link><description>News</description>\n"]  # fmt: skip
    for k in range(items):
        town, province = rng.choice(towns)
        s = rng.choice(TEMPLATES).format(n=rng.randint(2, 40), k=rng.randint(2, 90), town=town, day=rng.choice(DAYS),
                                         province=province)  # fmt: skip
        body = escape(f"{s}\nReporting by the Wire desk.") if k % 3 == 2 else escape("<p>" + escape(s) + "</p>")
        out.append(f"<item><title>Report {k} from {escape(town)}</title><link>https://wire.example/{k}</link>"
                   f"<guid>wire-{k}</guid><pubDate>Mon, 0{1 + k % 9} Jun 2014 10:00:00 GMT</pubDate>"
                   f"<description>{body}</description></item>\n")  # fmt: skip
    out.append("</channel></rss>\n")
    return "".join(out)


def flat_html(size: int, seed: int = 7) -> str:
    """A web page of about `size` characters whose body is bare text: no paragraphs, headings or article markup."""
    body = realistic_text(size, seed).replace("\n\n", " ")
    return f"<html><head><title>Flat</title></head><body>{escape(body)}</body></html>\n"


def _write(folder: Path, name: str, text: str, published: str = "2014-06-15") -> None:
    (folder / name).write_text(text, encoding="utf-8")
    if name.endswith(".txt"):
        meta = {"title": name, "publisher": "Bench", "published": published}
        (folder / name).with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")


# name -> (writer of the case at a scale in (0, 1], what its size is)
CASES: dict[str, tuple[Callable[[Path, float], None], str]] = {
    "realistic_1mb": (lambda d, s: _write(d, "a.txt", realistic_text(int(1 * MB * s))), "1 MB article"),
    "realistic_10mb": (lambda d, s: _write(d, "a.txt", realistic_text(int(10 * MB * s))), "10 MB article"),
    "places_50k": (lambda d, s: _write(d, "a.txt", places_text(int(50_000 * s))), "50,000 place names"),
    "sentence_1mb": (lambda d, s: _write(d, "a.txt", sentence_text(int(1 * MB * s))), "1 MB sentence"),
    "feed_100k": (lambda d, s: _write(d, "feed.rss", feed_xml(int(100_000 * s))), "100,000 feed items"),
    "flat_html_20mb": (lambda d, s: _write(d, "page.html", flat_html(int(20 * MB * s) - 200)), "20 MB flat web page"),
}


def run_ingest(folder: Path, out: Path, timeout: float) -> dict:
    """Ingest the folder by the command line in a child process: seconds, peak memory (MB), exit code, report."""
    report = out.with_suffix(".report.json")
    cmd = [sys.executable, "-m", "conflictmap", "ingest", str(folder), "-o", str(out), "--no-cache",
           "--report", str(report)]  # fmt: skip
    t0 = time.perf_counter()
    # a fresh interpreter per run, so ru_maxrss of the children is this run's peak (it only grows otherwise)
    # and its CPU seconds (user + system), which a busy shared machine does not inflate as it does the wall clock
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(u.ru_maxrss, round(u.ru_utime + u.ru_stime, 2), file=sys.stderr); sys.exit(r.returncode)")  # fmt: skip
    # files up to 64 MB are read (the max_upload_mb setting, 20 MB by default): 100,000 feed items are 25 MB
    env = {**os.environ, "CONFLICTMAP_MAX_UPLOAD_MB": "64"}
    try:
        p = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=ROOT, capture_output=True, text=True,
                           timeout=timeout, env=env)  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"seconds": None, "cpu_s": None, "peak_mb": None, "rc": "timeout",
                "notes": [f"not done after {timeout:.0f} s"]}  # fmt: skip
    seconds = time.perf_counter() - t0
    lines = p.stderr.strip().splitlines()
    last = lines[-1].split() if lines else []
    peak_kb, cpu = (int(last[0]), float(last[1])) if len(last) == 2 and last[0].isdigit() else (0, None)
    notes = [ln for ln in lines[:-1] if any(w in ln for w in ("cut", "quarantine", "skipped", "pieces", "limit"))]
    events = sum(1 for _ in out.open(encoding="utf-8")) - 1 if out.exists() else 0
    articles = len(json.loads(report.read_text(encoding="utf-8"))) if report.exists() else 0  # feed items read
    return {"seconds": round(seconds, 2), "cpu_s": cpu, "peak_mb": round(peak_kb / 1024), "rc": p.returncode,
            "events": events,
            "articles": articles, "quarantined": any("quarantined" in n for n in notes), "notes": notes[:6]}  # fmt: skip


MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _map_load(browser, url: str) -> tuple[float, float]:
    """Seconds from opening the map page in a fresh browser context to its title shown, and to its map drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url, timeout=120_000)
        page.locator("h1").first.wait_for(timeout=120_000)
        title = time.perf_counter() - t0
        page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=120_000)
        return title, time.perf_counter() - t0
    finally:
        context.close()


def dashboard_while_ingesting(case: str, scale: float, tmp: Path) -> dict:
    """Serve the dashboard (`python -m conflictmap serve`, its own data and articles folders), upload `case` on the
    Ingest page in one browser session (the ingest runs inside the server, as for a user), and meanwhile open the
    map page again and again in another session: title and map times, idle and during the ingest."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import CHROMIUM_ARGS, start_dashboard, stop

    if shutil.which("chromium") is None:
        return {"skipped": "Debian's chromium is not installed"}
    data, articles, upload = tmp / "dash", tmp / "dash" / "articles", tmp / "dash_case"
    shutil.copytree(ROOT / "articles", articles)
    upload.mkdir()
    CASES[case][0](upload, scale)
    upload_file = next(f for f in sorted(upload.iterdir()) if f.suffix != ".json")
    subprocess.run([sys.executable, "-m", "conflictmap", "ingest", str(articles), "-o", str(data / "events.csv")],
                   cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    proc, url = start_dashboard(data / "events.csv", {"CONFLICTMAP_ARTICLES_DIR": str(articles)}, timeout=180)
    idle, busy, outcome = [], [], ""
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS)
            try:
                idle = [_map_load(browser, url + "/") for _ in range(3)]
                uploader = browser.new_context().new_page()
                uploader.goto(url + "/ingest", timeout=120_000)
                uploader.locator("input[type=file]").set_input_files(str(upload_file), timeout=120_000)
                go = uploader.get_by_role("button", name="Store and ingest")
                uploader.wait_for_function("() => [...document.querySelectorAll('button')].some(b => "
                                           "b.innerText.includes('Store and ingest') && !b.disabled)", timeout=300_000)  # fmt: skip
                go.click()
                t0 = time.perf_counter()
                # the status label, "->" shown as an arrow
                done = uploader.get_by_text(re.compile(r"article\(s\) (?:->|\u2192) \d+ event|Not stored|Not written"))
                while done.count() == 0 and time.perf_counter() - t0 < 1800:
                    busy.append(_map_load(browser, url + "/"))
                outcome = (
                    f"{done.first.inner_text()[:120]} after {time.perf_counter() - t0:.0f} s" if done.count() else ""
                )
            finally:
                browser.close()
    finally:
        stop(proc)
    med = lambda xs: round(sorted(xs)[len(xs) // 2], 2) if xs else None  # noqa: E731
    return {"case": case, "upload": upload_file.name, "ingest_page": outcome,
            "idle_title_s": med([t for t, _ in idle]), "idle_map_s": med([m for _, m in idle]),
            "loads_while_ingesting": len(busy), "busy_title_median_s": med([t for t, _ in busy]),
            "busy_map_median_s": med([m for _, m in busy]), "busy_map_max_s": max((m for _, m in busy), default=None),
            "ok": bool(busy) and max(m for _, m in busy) < PAGE_READY_LIMIT_S}  # fmt: skip


def _net(run: dict, startup: dict, key: str = "seconds") -> float:
    """Seconds (wall clock, or CPU with key="cpu_s") of a run beyond the start-up every ingest pays."""
    return max(0.01, run[key] - (startup[key] or 0))


def main(argv: list[str] | None = None) -> int:
    """Build each case at full and half size, ingest both, print the table, check the dashboard, save JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of each case's size (default 1: as specified)")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before one ingest is given up")
    ap.add_argument("--no-dashboard", action="store_true", help="skip the dashboard-while-ingesting check")
    ap.add_argument("--dashboard-case", default="realistic_1mb", help="the case uploaded during the dashboard check")
    ap.add_argument("--quick", action="store_true", help="a twentieth of each size, no dashboard check")
    args = ap.parse_args(argv)
    if args.quick:
        args.scale, args.no_dashboard = args.scale / 20, True
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        # the fixed cost of one ingest (interpreter, gazetteer, models): subtracted before dividing by the size
        (tmp / "startup").mkdir()
        _write(tmp / "startup", "a.txt", "Militants killed 3 civilians in Mosul on Monday.\n")
        startup = run_ingest(tmp / "startup", tmp / "startup.csv", args.timeout)
        print(f"start-up (one-sentence article): {startup['seconds']} s ({startup['cpu_s']} s CPU), "
              f"peak {startup['peak_mb']} MB")  # fmt: skip
        print(f"{'case':<16} {'size':>9} {'s':>8} {'s/MB':>7} {'half s/MB':>9} {'ratio':>6} {'CPU s/MB':>8} "
              f"{'CPU ratio':>9} {'peak MB':>8} {'articles':>8} {'events':>7} {'read':<12} notes")  # fmt: skip
        for name in [c for c in args.cases.split(",") if c]:
            runs = {}
            for part, scale in (("half", args.scale / 2), ("full", args.scale)):
                folder = tmp / f"{name}_{part}"
                folder.mkdir()
                CASES[name][0](folder, scale)
                mb = sum(f.stat().st_size for f in folder.iterdir()) / MB
                runs[part] = {"mb": round(mb, 3), **run_ingest(folder, tmp / f"{name}_{part}.csv", args.timeout)}
            full, half = runs["full"], runs["half"]
            pieces = any("long text" in n and " pieces of " in n for n in full["notes"])
            read = "quarantined" if full.get("quarantined") else "in pieces" if pieces else "whole"
            # the ratio says how time grows with size: only when both sizes were read whole
            whole = full["seconds"] and half["seconds"] and not (full.get("quarantined") or half.get("quarantined"))
            ratio = round(_net(full, startup) / _net(half, startup), 2) if whole else None
            per_mb = lambda r: round(_net(r, startup) / r["mb"], 2) if r["seconds"] else None  # noqa: E731
            timed = whole and full["cpu_s"] is not None and half["cpu_s"] is not None and startup["cpu_s"] is not None
            cpu_per_mb = round(_net(full, startup, "cpu_s") / full["mb"], 2) if timed else None
            cpu_ratio = round(_net(full, startup, "cpu_s") / _net(half, startup, "cpu_s"), 2) if timed else None
            row = {"case": name, "what": CASES[name][1], "scale": args.scale, "mb": full["mb"],
                   "seconds": full["seconds"], "s_per_mb": per_mb(full), "half_s_per_mb": per_mb(half),
                   "time_ratio_full_to_half": ratio, "cpu_s": full["cpu_s"], "cpu_s_per_mb": cpu_per_mb,
                   "cpu_ratio_full_to_half": cpu_ratio, "peak_mb": full["peak_mb"], "half_peak_mb": half["peak_mb"],
                   "rc": full["rc"], "articles": full.get("articles"), "events": full.get("events"), "read": read,
                   "notes": full["notes"],
                   "memory_ok": bool(full["peak_mb"]) and full["peak_mb"] < MEMORY_LIMIT_MB}  # fmt: skip
            rows.append(row)
            note = "; ".join(full["notes"])[:90]
            print(f"{name:<16} {full['mb']:>7.2f}MB {full['seconds'] or 0:>8.1f} {row['s_per_mb'] or 0:>7.2f} "
                  f"{row['half_s_per_mb'] or 0:>9.2f} {ratio or 0:>6.2f} {cpu_per_mb or 0:>8.2f} {cpu_ratio or 0:>9.2f} "
                  f"{full['peak_mb'] or 0:>8} "
                  f"{full.get('articles') or 0:>8} {full.get('events') or 0:>7} {read:<12} {note}", flush=True)  # fmt: skip
        dash = None
        if not args.no_dashboard:
            dash = dashboard_while_ingesting(args.dashboard_case, args.scale, tmp)
            print(f"dashboard while ingesting {args.dashboard_case}: {dash}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    result = {"startup": startup, "cases": rows, "dashboard": dash, "memory_limit_mb": MEMORY_LIMIT_MB,
              "page_ready_limit_s": PAGE_READY_LIMIT_S}  # fmt: skip
    (out / "pathological.json").write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
