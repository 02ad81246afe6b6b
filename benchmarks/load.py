"""Load: N concurrent dashboard sessions (Playwright contexts in Debian's Chromium) scrub and click for a while.

    .venv/bin/python benchmarks/load.py [--sessions 20] [--minutes 3] [--events events.csv]

Each session moves the date-window slider with the keyboard and clicks markers; an interaction's latency is
the time from the key press (or click) until the page shows the new caption (or the town panel). Errors are
Streamlit exception boxes, page errors, dialogs, and any request that tries to leave 127.0.0.1. Server memory
is sampled every second. Prints a table and writes benchmarks/results/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import CHROMIUM_ARGS, is_local, process_rss_mb, start_dashboard, stop  # noqa: E402

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
CAPTION = '[data-testid="stMain"] [data-testid="stCaptionContainer"]'


async def session(browser, url: str, until: float, seed: int, stats: dict) -> None:
    """One analyst: open the map, then scrub and click until the deadline."""
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
        await page.goto(url, wait_until="domcontentloaded")
        await page.locator(MAP_IFRAME).wait_for(state="visible", timeout=90_000)
        stats["ready_s"].append(time.perf_counter() - t0)
        thumbs = page.locator('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]')
        while time.perf_counter() < until:
            before = await page.locator(CAPTION).first.inner_text()
            thumb = thumbs.nth(rng.randrange(2))
            await thumb.focus()
            t = time.perf_counter()
            await thumb.press(rng.choice(["ArrowLeft", "ArrowRight", "Home", "End"]))
            try:
                await page.wait_for_function(
                    "([sel, old]) => { const e = document.querySelector(sel); return e && e.innerText !== old; }",
                    arg=[CAPTION, before],
                    timeout=5_000,
                )
                stats["latency_s"].append(time.perf_counter() - t)
            except Exception:  # no change: the key hit an end of the range; not an error, not timed
                pass
            frame = page.frame_locator(MAP_IFRAME)
            markers = frame.locator(".leaflet-marker-pane .cm-marker")
            n = await markers.count()
            if n and rng.random() < 0.5:
                t = time.perf_counter()
                await markers.nth(rng.randrange(n)).click(timeout=5_000)
                await page.locator('[data-testid="stMain"] h3').first.wait_for(timeout=10_000)
                stats["latency_s"].append(time.perf_counter() - t)
            if await page.locator('[data-testid="stException"]').count():
                stats["errors"].append("streamlit exception shown")
            stats["interactions"] += 1
            await asyncio.sleep(rng.uniform(0.2, 0.8))
    except Exception as e:  # a failed session is an error, reported, never hidden
        stats["errors"].append(f"session {seed}: {type(e).__name__}: {str(e)[:200]}")
    finally:
        await ctx.close()


async def run(url: str, pid: int, sessions: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    stats = {"errors": [], "blocked": [], "latency_s": [], "ready_s": [], "interactions": 0, "rss_mb": []}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        until = time.perf_counter() + seconds

        async def sample():
            while time.perf_counter() < until + 5:
                stats["rss_mb"].append(process_rss_mb(pid))
                await asyncio.sleep(1)

        sampler = asyncio.create_task(sample())
        await asyncio.gather(*(session(browser, url, until, i, stats) for i in range(sessions)))
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
        "interactions": stats["interactions"],
        "timed_interactions": len(lat),
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
    ap.add_argument("--minutes", type=float, default=3.0)
    ap.add_argument("--events", default=str(ROOT / "events.csv"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "load.json"))
    args = ap.parse_args(argv)
    proc, url = start_dashboard(Path(args.events))
    try:
        seconds = args.minutes * 60
        summary = summarise(asyncio.run(run(url, proc.pid, args.sessions, seconds)), args.sessions, seconds)
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
