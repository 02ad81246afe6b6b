"""Map page performance on synthetic event files of 10,000 and 100,000 events, in Debian's Chromium, side by
side with the same events on a plain folium + st_folium page (benchmarks/plain_map_page.py) in the same run.

    .venv/bin/python -m benchmarks.map_perf [--sizes 10000 100000] [--moves 30] [--plain-moves 5] [--play-seconds 8]
        [--page-slider-moves 10]

Synthetic events: the project's events.csv rows, copied over a year of days and over the towns of the
gazetteer in Iraq and its neighbours (70% at a town, 30% jittered up to 0.05 degrees off it, so there are many
distinct places). For each size the dashboard is started on the file (tests/browser/harness.py) and measured:

- server-side: the page's per-rerun work (select, place summary, layer build) and how many features reach the map
- server start: from launching `python -m conflictmap serve` (what `make run` runs) to a healthy server;
  server_warm: to the launcher saying it has loaded the events file (on a first start, after building its index).
  The pages are opened only then: "a warm server"
- ready: from `goto` to the first markers drawn in the map, in a new browser context (nothing cached: a first
  visit); timeline: to the timeline chart under it (drawn after the map); basemap: to the borders fetched and
  drawn; first_load_kb: what the WebSocket carried until then. Slider and playback are measured after these.
  shown: the same first paint on the page's own clock (benchmarks/page_probe.py: from navigation to the next
  animation frame after the first marker element was added), free of Playwright's retry intervals
- first paint's parts (seconds from navigation): dcl (Streamlit's own scripts loaded and run), first_msg (the
  first script run's first message), map_msg (its map message, with the markers), iframe (the map's frame
  requested), map_js (the map's Leaflet script loaded in it); ready ends with the markers drawn
- slider: a key press on the analyst's scrubbing control moving the window's start one day right, until the map
  shows the new markers, p50/p95 over --moves; every move is a new window (moving back and forth would let the
  browser's message cache answer from the second move on). slider_control says which control: "map", the map's
  own timeline (mapview.scrub: drawn in the browser, the settled window then sent to the server), or "page", the
  page's Streamlit slider (an app without the map's timeline). slider_kb: what the WebSocket carried per move (the
  whole rerun; with the map's timeline, the rerun the settled window asks for). Its parts, when the server draws the
  move: slider_first_msg (the fragment rerun's first message), slider_map_msg (its map message: the server's share),
  slider_redraw (from that message to the new markers on screen: the browser's share); slider_shown: the move on
  the page's own clock, from the keydown to the new markers painted. page_slider_*: the same for the page's
  Streamlit slider (--page-slider-moves moves), which still goes through the server
- playback at 4 frames/s for --play-seconds: windows shown vs expected (dropped frames), map updates
- restart: the server stopped and started again on the same file (its Parquet index now cached): server
  start and page ready again (a first visit); warm_*: a returning browser on that server, the page opened
  again in the context of an earlier visit, its HTTP cache kept (warm_http_kb: what it still fetched)
- reloads: main-frame navigations and map-iframe remounts after the first load (should be 0)
- RSS of the Streamlit process after the run, and the machine's 1-minute load average (timings scale with it)
- plain_*: the plain page's ready time (first circle marker drawn), slider p50/p95 (--plain-moves moves: each
  takes tens of seconds) and bytes; speedup_*: plain / app

Timings depend on the machine's load (shared 2-core machines vary by tens of percent): compare figures of one run.
Prints a table and writes benchmarks/results/map_perf.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.page_probe import (
    APP_MARKERS,
    MAP_IFRAME,
    PLAIN_MARKERS,
    THUMBS,
    WsBytes,
    map_frame,
    measure_ready,
    measure_returning,
    measure_slider,
    paint_breakdown,
    shown_since_navigation,
    watch_markers,
)
from conflictmap.mapview.mapping import event_layer
from conflictmap.mapview.places import MAX_FEATURES
from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import read_events
from conflictmap.store.places import place_summary
from conflictmap.store.select import select_events
from tests.browser.harness import CHROMIUM_ARGS, OfflinePage, process_rss_mb, start_dashboard, stop, wait_warm

ROOT = Path(__file__).resolve().parents[1]

THUMB_VALUES = '[data-testid="stMain"] [data-testid="stSlider"] [data-testid="stSliderThumbValue"]'
REGION = ("IQ", "SY", "TR", "IR", "JO", "SA", "KW", "LB")
START = date(2014, 1, 1)
DAYS = 365


def region_towns() -> pd.DataFrame:
    """Towns and cities of the gazetteer in Iraq and its neighbours: name, lat, lon, country, geonameid, population."""
    from conflictmap.geo.gazetteer import default_gazetteer

    g = default_gazetteer()
    keep = np.isin(g.country, REGION) & np.isin(g.feature, ("city", "town")) & ~np.isnan(g.geonameid)
    return pd.DataFrame(
        {"name": g.name[keep], "lat": g.lat[keep], "lon": g.lon[keep], "country": g.country[keep],
         "admin1": g.admin1[keep], "geonameid": g.geonameid[keep], "population": g.population[keep]}
    )  # fmt: skip


def synthetic_events(n: int, seed: int = 7) -> pd.DataFrame:
    """n events: real rows' text and types, spread over DAYS days and the region's towns."""
    rng = np.random.default_rng(seed)
    base = pd.read_csv(ROOT / "events.csv", dtype=str, keep_default_na=False)
    towns = region_towns()
    rows = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
    weight = np.log10(towns["population"].to_numpy() + 10.0)
    town = towns.iloc[rng.choice(len(towns), n, p=weight / weight.sum())].reset_index(drop=True)
    jitter = rng.random(n) < 0.3
    day = pd.to_datetime(START) + pd.to_timedelta(rng.integers(0, DAYS, n), unit="D")
    span = np.where(rows["date_precision"] == "week", rng.integers(0, 7, n), 0)
    rows["event_id"] = [f"ev_bench_{i:07d}" for i in range(n)]
    rows["date_from"] = day.strftime("%Y-%m-%d")
    rows["date_to"] = (day + pd.to_timedelta(span, unit="D")).strftime("%Y-%m-%d")
    rows["event_date"] = rows["date_to"]
    rows["location"], rows["country_code"], rows["admin1"] = town["name"], town["country"], town["admin1"]
    rows["latitude"] = (town["lat"] + np.where(jitter, rng.uniform(-0.05, 0.05, n), 0)).round(5)
    rows["longitude"] = (town["lon"] + np.where(jitter, rng.uniform(-0.05, 0.05, n), 0)).round(5)
    rows["geonameid"] = np.where(jitter, "", town["geonameid"].astype("int64").astype(str))
    rows["geo_precision"] = np.where(jitter, "2", "1")
    return rows[list(EVENT_COLUMNS)]


def server_side(events_csv: Path) -> dict:
    """The page's per-rerun work, timed in this process, and the number of features it sends to the map."""
    t = time.perf_counter()
    df = read_events(events_csv).valid
    load_s = time.perf_counter() - t
    times, features = [], 0
    for width in (DAYS, 30, 7):
        t = time.perf_counter()
        sel = select_events(df, START, START + timedelta(days=width - 1))
        summary = place_summary(sel)
        fg = event_layer(summary, zoom=6)
        js = "".join(getattr(c, "rows_json", "") for c in fg._children.values())
        times.append(time.perf_counter() - t)
        features = max(features, js.count("],[") + 1 if js else 0)
    return {"valid": len(df), "load_s": load_s, "rerun_build_s_max": max(times), "features_max": features,
            "feature_limit": MAX_FEATURES}  # fmt: skip


def measure_browser(url: str, moves: int, play_seconds: float, browser, page_moves: int = 0) -> dict:
    """Ready time, slider latency, playback frames and reloads in one Chromium session."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    watch_markers(ctx, APP_MARKERS)
    op = OfflinePage(ctx)
    page = op.page
    ws = WsBytes(page)
    loads = []  # a full page reload fires "load" again; query-string updates (history API) do not
    page.on("load", lambda _p: loads.append(time.perf_counter()))
    t0 = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.locator(MAP_IFRAME).wait_for(state="visible", timeout=120_000)
    page.frame_locator(MAP_IFRAME).locator(APP_MARKERS).first.wait_for(timeout=120_000)
    ready = time.perf_counter() - t0
    breakdown = paint_breakdown(page, ws, t0, ready)
    shown = shown_since_navigation(page)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=120_000)  # drawn after the map
    timeline = time.perf_counter() - t0
    frame = map_frame(page)
    frame.wait_for_function("() => window.cmBasemapReady === true", timeout=120_000)
    basemap = time.perf_counter() - t0
    first_kb = ws.total / 1024
    frame.evaluate("() => { window.__probe = 1; }")  # survives only if the map is never remounted
    page.evaluate("() => { window.__probe = 1; }")  # survives only if the page is never reloaded
    loads_after_ready = len(loads)
    slider = measure_slider(page, ws, moves, APP_MARKERS, 10.0)
    if page_moves:
        slider |= measure_slider(page, ws, page_moves, APP_MARKERS, 10.0, which="page", prefix="page_slider")
    # playback: a 7-day window stepping a day per frame at 4 frames/s
    speed = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]').filter(has_text="Speed")
    speed.get_by_role("slider").focus()
    speed.get_by_role("slider").press("End")
    page.wait_for_timeout(1500)
    thumbs = page.locator(THUMBS)
    thumbs.nth(0).focus()
    thumbs.nth(0).press("Home")
    thumbs.nth(1).focus()
    thumbs.nth(1).press("Home")  # end thumb to the first day, then widen by six days
    for _ in range(6):
        thumbs.nth(1).press("ArrowRight")
    page.wait_for_timeout(2000)
    play = page.get_by_role("button", name="Play")
    page.evaluate(
        """(sel) => { window.__frames = []; setInterval(() => { const v = Array.from(document.querySelectorAll(sel))
             .map(e => e.innerText).join('|'); const f = window.__frames;
             if (!f.length || f[f.length - 1][1] !== v) f.push([performance.now(), v]); }, 20); }""",
        THUMB_VALUES,
    )
    fg_before = frame.evaluate("() => (window.feature_group || []).length")
    play.click()
    page.wait_for_timeout(int(play_seconds * 1000))
    page.get_by_role("button", name="Pause").click()
    frames = page.evaluate("() => window.__frames")
    map_updates = frame.evaluate("() => (window.feature_group || []).length") - fg_before
    times = [t for t, _ in frames[2:]]  # from the first played frame on
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    played_s = (times[-1] - times[0]) / 1000 if len(times) > 1 else 0.0
    expected = int(played_s * 4) + 1
    out = {
        "ready_s": ready,
        "shown_s": shown,
        **breakdown,
        "timeline_s": timeline,
        "basemap_s": basemap,
        "first_load_kb": first_kb,
        **slider,
        "play_frames": len(times),
        "play_expected": expected,
        "play_dropped": max(expected - len(times), 0),
        "play_gap_p95_ms": float(np.percentile(gaps, 95)) if gaps else None,
        "play_map_updates": map_updates,  # one feature group per update with only the Markers layer on
        "page_reloads": len(loads) - loads_after_ready + int(page.evaluate("() => window.__probe !== 1")),
        "map_remounted": frame.is_detached() or frame.evaluate("() => window.__probe !== 1"),
        "blocked_requests": len(op.blocked),
        "page_errors": len(op.errors),
        "page_error_sample": "; ".join(op.errors[:2])[:300],
    }
    ctx.close()
    return out


def measure_plain(path: Path, moves: int, workdir: Path, browser) -> dict:
    """The plain folium + st_folium page (benchmarks/plain_map_page.py) on the same file: first paint, slider."""
    page_dir = workdir / "plain"
    page_dir.mkdir(exist_ok=True)
    shutil.copy(ROOT / "benchmarks" / "plain_map_page.py", page_dir / "plain_map_page.py")
    if not (page_dir / "static").exists():
        (page_dir / "static").symlink_to(ROOT / "static", target_is_directory=True)  # the vendored Leaflet
    env = {"PLAIN_EVENTS_PATH": str(path), "PYTHONPATH": str(ROOT)}
    launch = ["-m", "streamlit", "run", str(page_dir / "plain_map_page.py"), "--server.enableStaticServing", "true"]
    proc, url = start_dashboard(path, env_extra=env, launch=launch)
    try:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        watch_markers(ctx, PLAIN_MARKERS)
        op = OfflinePage(ctx)
        page = op.page
        ws = WsBytes(page)
        t0 = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded")
        page.frame_locator(MAP_IFRAME).locator(PLAIN_MARKERS).first.wait_for(timeout=300_000)
        out = {"ready_s": time.perf_counter() - t0, "shown_s": shown_since_navigation(page)}
        ws.settle()
        out["first_load_kb"] = ws.total / 1024
        out.update(measure_slider(page, ws, moves, PLAIN_MARKERS, 300.0, which="page"))
        out["blocked_requests"], out["page_errors"] = len(op.blocked), len(op.errors)
        ctx.close()
    finally:
        stop(proc)
    return out


def run(n: int, moves: int, plain_moves: int, play_seconds: float, workdir: Path, browser, page_moves: int = 0) -> dict:
    """Generate n events, start the dashboard on them and measure; then the plain page on the same file."""
    path = workdir / f"events-{n}.csv"
    synthetic_events(n).to_csv(path, index=False)
    result = {"events": n, "load_avg_1min": os.getloadavg()[0], **server_side(path)}
    t = time.perf_counter()
    proc, url = start_dashboard(path)
    result["server_start_s"] = time.perf_counter() - t
    try:
        # a warm server: the launcher has loaded the events file (building its index on a first start)
        result["server_warm_s"] = time.perf_counter() - t if wait_warm(proc) else None
        result.update(measure_browser(url, moves, play_seconds, browser, page_moves))
        result["rss_mb"] = process_rss_mb(proc.pid)
    finally:
        stop(proc)
    # a restart on the same file: the Parquet index built by the first start is read back instead
    t = time.perf_counter()
    proc, url = start_dashboard(path)
    result["restart_server_start_s"] = time.perf_counter() - t
    try:
        result["restart_server_warm_s"] = time.perf_counter() - t if wait_warm(proc) else None
        # a new browser: nothing cached
        result["restart_ready_s"], result["restart_shown_s"] = measure_ready(url, browser)
        result.update(measure_returning(url, browser))
    finally:
        stop(proc)
    if plain_moves:
        try:
            plain = measure_plain(path, plain_moves, workdir, browser)
        except Exception as e:  # the app's figures are still worth printing
            plain = {"error": f"{type(e).__name__}: {str(e)[:200]}"}
        result.update({f"plain_{k}": v for k, v in plain.items()})
        for k in ("ready_s", "shown_s", "slider_p50_s", "slider_p95_s", "slider_shown_p50_s", "slider_shown_p95_s"):
            result[f"speedup_{k}"] = plain[k] / result[k] if plain.get(k) and result.get(k) else None
    result["load_avg_1min_end"] = os.getloadavg()[0]
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print a table, write benchmarks/results/map_perf.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--plain-moves", type=int, default=5, help="slider moves on the plain page (0: skip it)")
    ap.add_argument("--play-seconds", type=float, default=8.0)
    ap.add_argument("--page-slider-moves", type=int, default=10, help="moves of the page's Streamlit slider (0: none)")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        # no host but this one resolves: the returning-browser visit cannot route requests (see measure_returning)
        offline = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True,
                                     args=[*CHROMIUM_ARGS, offline])  # fmt: skip
        for n in args.sizes:
            results.append(
                run(n, args.moves, args.plain_moves, args.play_seconds, Path(tmp), browser, args.page_slider_moves)
            )
        browser.close()
    keys = list(dict.fromkeys(k for r in results for k in r))
    print(f"{'':34}" + "".join(f"{r['events']:>14,}" for r in results))
    for k in keys[1:]:
        cells = "".join(f"{r.get(k):>14.3f}" if isinstance(r.get(k), float) else f"{r.get(k)!s:>14}" for r in results)
        print(f"{k:34}{cells}")
    out = ROOT / "benchmarks" / "results" / "map_perf.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
