"""Screenshots of the analyst's map, for a look at labels and the reference layer (and timings while at it).

    .venv/bin/python -m benchmarks.screenshots [--events events.csv] [--town Tikrit]

Starts the dashboard as `make run` does (tests/browser/harness.py) on the events file, opens it in Debian's
Chromium with every request outside 127.0.0.1 aborted, and writes to benchmarks/results/screenshots/:

- landing.png: the landing map as it first appears (names placed, nothing hovered)
- town.png: after a click on --town's marker (its events and sources in the side panel)
- zoomed.png: one zoom level in (more names)
- snapshot.png / snapshot.svg / snapshot-matplotlib.png: the export of the whole file, by chromium when it can
  run here and by matplotlib

Prints the timings (page ready = first markers drawn; names = every place of the window named) and writes
benchmarks/results/screenshots.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from conflictmap.export import formats as export
from conflictmap.export.screenshot import render_png
from conflictmap.export.snapshot import data_version, make_snapshot
from conflictmap.store.csvfile import read_events
from tests.browser.harness import CHROMIUM_ARGS, OfflinePage, start_dashboard, stop

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# markers drawn, the basemap file fetched and drawn (reference names included), the names placed
NAMED = """n => { const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const d = f && f.contentDocument, w = f && f.contentWindow;
  return !!d && d.querySelectorAll('.leaflet-marker-pane .cm-marker').length > 0
    && w.cmBasemapReady === true && !w.cmLabelsQueued
    && d.querySelectorAll('.cm-label-event').length >= n; }"""


def browser_shots(events: Path, town: str, shots: Path) -> dict:
    """Landing, clicked town and zoomed-in screenshots of the live map; timings in seconds."""
    from playwright.sync_api import sync_playwright

    df = read_events(events).valid
    named = min(df.dropna(subset=["latitude"])["location"].nunique(), 5)
    out: dict = {}
    proc, url = start_dashboard(events)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS)
            op = OfflinePage(browser.new_context(viewport={"width": 1400, "height": 1000}))
            page = op.page
            t0 = time.perf_counter()
            page.goto(url, wait_until="domcontentloaded")
            frame = page.frame_locator(MAP_IFRAME)
            frame.locator(".leaflet-marker-pane .cm-marker").first.wait_for(timeout=60_000)
            out["page_ready_s"] = round(time.perf_counter() - t0, 2)
            page.wait_for_function(NAMED, arg=named, timeout=30_000)
            out["names_placed_s"] = round(time.perf_counter() - t0, 2)
            out["names_on_landing"] = frame.locator(".cm-label-event").all_inner_texts()
            out["reference_names_on_landing"] = frame.locator(".cm-label-city, .cm-label-capital").count()
            page.screenshot(path=shots / "landing.png")
            markers = frame.locator(".leaflet-marker-pane .cm-marker")
            for i in range(markers.count()):
                markers.nth(i).dispatch_event("mouseover")
                if frame.locator(".leaflet-tooltip-pane .leaflet-tooltip").last.inner_text().startswith(town):
                    markers.nth(i).click()
                    break
            page.locator('[data-testid="stMain"] h3', has_text=town).first.wait_for(timeout=30_000)
            page.screenshot(path=shots / "town.png")
            before = frame.locator(".cm-label").count()
            frame.locator(".leaflet-control-zoom-in").click()
            page.wait_for_function(
                """n => { const d = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentDocument;
                     return d.querySelectorAll('.cm-label').length !== n; }""",
                arg=before,
                timeout=20_000,
            )
            page.screenshot(path=shots / "zoomed.png")
            out["blocked_requests"] = len(op.blocked)
            browser.close()
    finally:
        stop(proc)
    return out


def snapshot_files(events: Path, shots: Path) -> dict:
    """The export of the whole file as PNG (auto renderer and matplotlib) and SVG; which renderer, how long."""
    snap = make_snapshot(read_events(events).valid, version=data_version(events), source_file=events.name)
    out = {}
    t0 = time.perf_counter()
    png, used = render_png(snap, 1200, 800)
    out["png_s"], out["png_renderer"] = round(time.perf_counter() - t0, 2), used
    (shots / "snapshot.png").write_bytes(png)
    t0 = time.perf_counter()
    (shots / "snapshot-matplotlib.png").write_bytes(render_png(snap, 1200, 800, "matplotlib")[0])
    out["png_matplotlib_s"] = round(time.perf_counter() - t0, 2)
    svg = export.render("svg", snap, 1200, 800)
    (shots / "snapshot.svg").write_bytes(svg)
    out["svg_names"] = sorted(n for n in set(snap.mapped["location"]) if f">{n}<".encode() in svg)
    return out


def main(argv: list[str] | None = None) -> int:
    """Take the screenshots, print the timings, write benchmarks/results/screenshots.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=Path, default=ROOT / "events.csv")
    ap.add_argument("--town", default="Tikrit", help="the town whose marker is clicked")
    args = ap.parse_args(argv)
    shots = OUT / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    result = {"events": str(args.events.name)} | browser_shots(args.events, args.town, shots)
    result |= snapshot_files(args.events, shots)
    for k, v in result.items():
        print(f"{k:28} {v}")
    (OUT / "screenshots.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"screenshots in {shots.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
