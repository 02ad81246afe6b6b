"""Load: N concurrent dashboard sessions (Playwright contexts in Debian's Chromium) scrub and click for a while.

    .venv/bin/python -m benchmarks.load [--sessions 20] [--minutes 3] [--events events.csv]
    .venv/bin/python -m benchmarks.load --short        # 4 sessions x 20 s, as tests/browser/test_load_short.py

The dashboard is warmed up with one page load first (timed as cold_start_s); then every session opens the map
and interacts for the given time from the moment its map is visible. Each session moves the date-window slider
with the keyboard and clicks markers; an interaction's latency is the time from the key press (or click) until
the page shows the new caption and the map one marker per place it counts (or the clicked town's panel). Errors are Streamlit exception boxes, page errors,
dialogs, updates slower than 30 s, and any request that tries to leave 127.0.0.1. Server memory is sampled
every second. Prints a table and writes benchmarks/results/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import time
from pathlib import Path

from tests.browser.harness import CHROMIUM_ARGS, is_local, process_rss_mb, start_dashboard, stop

ROOT = Path(__file__).resolve().parents[1]

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
CAPTION = '[data-testid="stMain"] [data-testid="stCaptionContainer"]'
# An update slower than this is an error (and timed at this value): no analyst waits longer.
UPDATE_TIMEOUT_MS = 30_000
# Updated = the caption changed and the map shows one marker per place the caption counts.
MAP_UPDATED_JS = """([sel, old]) => {
  const e = document.querySelector(sel);
  if (!e || e.innerText === old) return false;
  const m = e.innerText.match(/at (\\d+) place/);
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const doc = f && f.contentDocument;
  return !!m && !!doc && doc.querySelectorAll('.leaflet-marker-pane .cm-marker').length === Number(m[1]);
}"""
# Settled = no rerun is running and the map shows one marker per place the caption counts. A key press made
# while a rerun runs can be undone when that rerun's result arrives, so presses wait for this first.
SETTLED_JS = """([sel]) => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const e = document.querySelector(sel);
  const m = e && e.innerText.match(/at (\\d+) place/);
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const doc = f && f.contentDocument;
  return !!m && !!doc && doc.querySelectorAll('.leaflet-marker-pane .cm-marker').length === Number(m[1]);
}"""


async def open_map(page, url: str) -> None:
    """Load the dashboard and wait until the map component is on screen."""
    await page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    await page.locator(MAP_IFRAME).wait_for(state="visible", timeout=120_000)


async def scrub(page, rng: random.Random, stats: dict) -> None:
    """Move one end of the date window by a key press; time it until the caption shows the new window."""
    thumb = page.locator('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]').nth(rng.randrange(2))
    try:
        await page.wait_for_function(SETTLED_JS, arg=[CAPTION], timeout=UPDATE_TIMEOUT_MS)
    except Exception:
        stats["errors"].append(f"the page did not settle within {UPDATE_TIMEOUT_MS / 1000:.0f} s")
        return
    before = await page.locator(CAPTION).first.inner_text()
    value = await thumb.input_value()
    await thumb.focus()
    t = time.perf_counter()
    await thumb.press(rng.choice(["ArrowLeft", "ArrowRight", "Home", "End"]))
    if await thumb.input_value() == value:  # the key hit an end of the range: nothing to wait for, not timed
        return
    try:
        await page.wait_for_function(MAP_UPDATED_JS, arg=[CAPTION, before], timeout=UPDATE_TIMEOUT_MS)
    except Exception:
        if await thumb.input_value() == value:  # a rerun begun by another widget undid the press: not timed
            stats["undone_presses"] += 1
            return
        caption = await page.locator(CAPTION).first.inner_text()
        n = await page.frame_locator(MAP_IFRAME).locator(".leaflet-marker-pane .cm-marker").count()
        stats["errors"].append(
            f"slider moved but caption and map did not update within {UPDATE_TIMEOUT_MS / 1000:.0f} s "
            f"({n} markers, caption {caption[:80]!r})"
        )
    stats["latency_s"].append(time.perf_counter() - t)


async def click_marker(page, rng: random.Random, stats: dict) -> None:
    """Click a random marker; time it until the town panel's heading names that town."""
    frame = page.frame_locator(MAP_IFRAME)
    markers = frame.locator(".leaflet-marker-pane .cm-marker")
    try:  # as for a key press: a marker of a map a running rerun is about to replace is no marker to click
        await page.wait_for_function(SETTLED_JS, arg=[CAPTION], timeout=UPDATE_TIMEOUT_MS)
    except Exception:
        stats["errors"].append(f"the page did not settle within {UPDATE_TIMEOUT_MS / 1000:.0f} s")
        return
    n = await markers.count()
    if not n:
        return
    k = rng.randrange(n)
    heading = page.locator('[data-testid="stMain"] h3')
    try:
        await markers.nth(k).dispatch_event("mouseover", timeout=UPDATE_TIMEOUT_MS)
        tooltip = frame.locator(".leaflet-tooltip-pane .leaflet-tooltip").last
        town = (await tooltip.inner_text(timeout=UPDATE_TIMEOUT_MS)).split(" (")[0]
        shown = " ".join(await heading.all_inner_texts())
        t = time.perf_counter()
        # a DOM click, not a pointer click: at the default zoom some markers overlap and would intercept it
        await markers.nth(k).dispatch_event("click", timeout=UPDATE_TIMEOUT_MS)
    except Exception as e:
        if await markers.count() <= k:  # the window changed under the click and the marker is gone: not an error
            stats["stale_clicks"] += 1
            return
        settled = await page.evaluate(SETTLED_JS, [CAPTION])
        stats["errors"].append(f"marker {k} of {n} could not be clicked: {type(e).__name__}: {str(e)[:160]} "
                               f"(page settled afterwards: {settled})")  # fmt: skip
        return
    if town in shown:  # its panel is already open: nothing changes, nothing to time
        return
    try:
        await page.wait_for_function(
            "([town]) => [...document.querySelectorAll('[data-testid=\"stMain\"] h3')].some(h => h.innerText.includes(town))",
            arg=[town],
            timeout=UPDATE_TIMEOUT_MS,
        )
    except Exception:
        now = " | ".join(await heading.all_inner_texts())
        stats["errors"].append(f"no {town} panel within {UPDATE_TIMEOUT_MS / 1000:.0f} s of a marker click "
                               f"(panel before: {shown!r}, after: {now!r})")  # fmt: skip
    stats["latency_s"].append(time.perf_counter() - t)


async def session(browser, url: str, seconds: float, seed: int, stats: dict, delay: float = 0.0) -> None:
    """One analyst: arrive after `delay` seconds, open the map, then scrub and click for `seconds`."""
    await asyncio.sleep(delay)
    rng = random.Random(seed)
    ctx = await browser.new_context(viewport={"width": 1300, "height": 900})

    async def route(r):
        if is_local(r.request.url):
            await r.continue_()
        else:
            stats["blocked"].append(r.request.url)
            await r.abort()

    await ctx.route("**/*", route)
    page = await ctx.new_page()
    page.on("pageerror", lambda e: stats["errors"].append(f"pageerror: {e}"))
    page.on("dialog", lambda d: stats["errors"].append(f"dialog: {d.message}"))
    try:
        t0 = time.perf_counter()
        await open_map(page, url)
        stats["ready_s"].append(time.perf_counter() - t0)
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            await scrub(page, rng, stats)
            if rng.random() < 0.5:
                await click_marker(page, rng, stats)
            if await page.locator('[data-testid="stException"]').count():
                stats["errors"].append("streamlit exception shown")
            stats["interactions"] += 1
            await asyncio.sleep(rng.uniform(0.2, 0.8))
    except Exception as e:  # a failed session is an error, reported, never hidden
        stats["errors"].append(f"session {seed}: {type(e).__name__}: {str(e)[:200]}")
    finally:
        await ctx.close()


async def run(url: str, pid: int, sessions: int, seconds: float, ramp: float = 1.0) -> dict:
    from playwright.async_api import async_playwright

    stats = {
        "errors": [],
        "blocked": [],
        "latency_s": [],
        "ready_s": [],
        "interactions": 0,
        "rss_mb": [],
        "stale_clicks": 0,
        "undone_presses": 0,
    }
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)

        async def sample():
            while True:
                stats["rss_mb"].append(process_rss_mb(pid))
                await asyncio.sleep(1)

        sampler = asyncio.create_task(sample())
        warm = await browser.new_context()
        t0 = time.perf_counter()
        try:
            await open_map(await warm.new_page(), url)
        except Exception as e:
            stats["errors"].append(f"warm-up: {type(e).__name__}: {str(e)[:200]}")
        stats["cold_start_s"] = time.perf_counter() - t0
        await warm.close()
        t0 = time.perf_counter()
        # analysts arrive `ramp` seconds apart: 20 Chromium tabs parsing the app's JavaScript at the same instant
        # measure the 2-core test machine, not the server
        await asyncio.gather(*(session(browser, url, seconds, i, stats, i * ramp) for i in range(sessions)))
        stats["wall_s"] = time.perf_counter() - t0
        sampler.cancel()
        await browser.close()
    return stats


def summarise(stats: dict, sessions: int, seconds: float) -> dict:
    """The figures the closing note quotes."""
    lat = sorted(stats["latency_s"])
    p95 = lat[int(0.95 * (len(lat) - 1))] if lat else None
    return {
        "sessions": sessions,
        "seconds": seconds,
        "wall_s": round(stats["wall_s"], 1),
        "cold_start_s": round(stats["cold_start_s"], 2),
        "interactions": stats["interactions"],
        "timed_interactions": len(lat),
        "stale_clicks": stats["stale_clicks"],
        "undone_presses": stats["undone_presses"],
        "errors": len(stats["errors"]),
        "error_samples": stats["errors"][:10],
        "blocked_requests": len(stats["blocked"]),
        "latency_p50_s": round(statistics.median(lat), 3) if lat else None,
        "latency_p95_s": round(p95, 3) if p95 is not None else None,
        "ready_p95_s": round(sorted(stats["ready_s"])[int(0.95 * (len(stats["ready_s"]) - 1))], 2)
        if stats["ready_s"]
        else None,
        "server_rss_start_mb": round(stats["rss_mb"][0], 1) if stats["rss_mb"] else None,
        "server_rss_peak_mb": round(max(stats["rss_mb"]), 1) if stats["rss_mb"] else None,
        "server_rss_end_mb": round(stats["rss_mb"][-1], 1) if stats["rss_mb"] else None,
    }


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--minutes", type=float, default=3.0, help="how long each session interacts once its map shows")
    ap.add_argument("--ramp", type=float, default=1.0, help="seconds between two sessions' arrivals")
    ap.add_argument("--short", action="store_true", help="4 sessions x 20 seconds (overrides --sessions/--minutes)")
    ap.add_argument("--events", default=str(ROOT / "events.csv"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "load.json"))
    args = ap.parse_args(argv)
    if args.short:
        args.sessions, args.minutes = 4, 20 / 60
    proc, url = start_dashboard(Path(args.events))
    try:
        seconds = args.minutes * 60
        stats = asyncio.run(run(url, proc.pid, args.sessions, seconds, args.ramp))
        summary = summarise(stats, args.sessions, seconds) | {"ramp_s": args.ramp, "load_average": os.getloadavg()}
    finally:
        stop(proc)
    for k, v in summary.items():
        print(f"{k:<22} {v}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


if __name__ == "__main__":
    main()
