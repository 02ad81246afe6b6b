"""The map page seen through Playwright, for benchmarks/map_perf.py: when new markers are on screen, what the
WebSocket carried and when, first paint's parts (Performance API), slider moves, cold and returning visits.

Two clocks for "markers on screen". Playwright's: the time its wait for the markers returns. A wait that is not
met at once is retried after 20, 50, 100, 100 ms and then every 500 ms, and each try needs the page's busy main
thread, so a first paint is often seen hundreds of ms after the markers were drawn. The page's own (SHOWN_SCRIPT,
in every frame): a MutationObserver notes when marker elements are added to a map, and the next animation frame
after that (when the browser paints them) is the time kept; a slider move is timed from its keydown, noted by the
page as well. The `*_shown_*` figures are the page's clock, the others Playwright's."""

from __future__ import annotations

import json
import statistics
import time

import numpy as np

from tests.browser.harness import OfflinePage, is_local

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
THUMBS = '[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]'

APP_MARKERS = ".cm-marker, .cm-cell, .marker-cluster"
# the plain page's folium.CircleMarker, drawn on screen (one outside the view is an empty "M0 0" path)
PLAIN_MARKERS = 'path.leaflet-interactive:not([d="M0 0"])'
# the map's drawings so far: layers evaluated (streamlit-folium pushes each feature group) and windows the map's
# own timeline drew in the browser (mapview.scrub)
DRAWN = "((window.feature_group || []).length + (window.cmScrubDraws || 0))"
MARK_OLD = f"() => {{ window.__cmOld = 1; return {DRAWN}; }}"
NEW_MARKERS = f"""([before, sel]) => {DRAWN} > before
    || (window.__cmOld !== 1 && !!document.querySelector(sel))"""
# the map's own timeline (mapview.scrub): the window's start, inside the map's frame
MAP_SCRUB = ".cm-scrub-from"


# installed in the page before its own scripts (BrowserContext.add_init_script): keydowns on the page, and [added,
# painted] times (ms since the epoch) when elements matching the selector appear in a map frame. The observers are
# attached from the page: a frame's init script runs in its first, blank document, whose window the map's
# document then reuses, so an observer made there watches a document that is gone. Every 10 ms the page looks for
# frames with a new document (a marker already there when one is found counts as painted then: a late bound).
SHOWN_SCRIPT = """(sel) => {
    if (window !== window.top) { return; }
    const now = () => performance.timeOrigin + performance.now();
    window.__cmShown = [];
    window.__cmKey = null;
    document.addEventListener('keydown', () => { window.__cmKey = now(); }, true);
    const note = () => { const t = now(); requestAnimationFrame(() => window.__cmShown.push([t, now()])); };
    const hit = (n) => n.nodeType === 1 && (n.matches(sel) || !!n.querySelector(sel));
    const watched = new WeakSet();
    setInterval(() => {
        for (const f of document.querySelectorAll('iframe')) {
            let d = null;
            try { d = f.contentDocument; } catch (e) { continue; }
            if (!d || watched.has(d) || !d.documentElement || d.URL === 'about:blank') { continue; }
            watched.add(d);
            d.addEventListener('keydown', () => { window.__cmKey = now(); }, true);  // the map's own timeline
            if (d.querySelector(sel)) { note(); }
            new MutationObserver((muts) => {
                for (const m of muts) {
                    for (const n of m.addedNodes) { if (hit(n)) { note(); return; } }
                }
            }).observe(d.documentElement, {childList: true, subtree: true});
        }
    }, 10);
}"""


def watch_markers(ctx, marker_sel: str) -> None:
    """Have the pages of this browser context note when markers appear in their map frames (SHOWN_SCRIPT)."""
    ctx.add_init_script(script=f"({SHOWN_SCRIPT})({json.dumps(marker_sel)})")


def shown_times(page) -> list[float]:
    """When markers were painted in the page's map frames (ms since the epoch), oldest first."""
    return sorted(t for _added, t in (_try(page.main_frame, "() => window.__cmShown || []") or []))


def shown_since_navigation(page) -> float | None:
    """Seconds from the page's navigation to its first markers painted (the page's clock)."""
    start = _try(page.main_frame, "() => performance.timeOrigin")
    times = shown_times(page)
    return (times[0] - start) / 1000 if times and start else None


SCRIPT_RUNNING = "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'running'"


def map_frame(page):
    return next(f for f in page.frames if "st_folium" in f.url)


def map_frames(page) -> list:
    return [f for f in page.frames if "st_folium" in f.url and not f.is_detached()]


def _try(frame, script: str, arg=None):
    try:
        return frame.evaluate(script, arg)
    except Exception:  # a frame being replaced (the plain page remounts its map on every rerun)
        return None


def mark_map_frames(page) -> int:
    """Tag the map iframes shown now; return how many layers the app's map has evaluated so far."""
    return max([_try(f, MARK_OLD) or 0 for f in map_frames(page)] or [0])


def wait_new_markers(page, before: int, marker_sel: str, timeout_s: float) -> bool:
    """Wait until a map shows new markers: the app's map evaluated a new layer (streamlit-folium pushes each
    feature group), or a map iframe that was not there before the move (the plain page's) drew its markers."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if any(_try(f, NEW_MARKERS, [before, marker_sel]) for f in map_frames(page)):
            return True
        page.wait_for_timeout(10)  # not time.sleep: Playwright learns of a new frame only while it is called
    return False


# a rerun's message with the map and its markers: 47-48 KB at 10,000 events; the page's other messages are under
# 2 KB, and the timeline's chart (over 100 KB) comes after the map
MAP_MESSAGE = 16 * 1024


class WsBytes:
    """Bytes the page received over Streamlit's WebSocket (the rerun's messages)."""

    def __init__(self, page) -> None:
        self.total = 0
        self.last = time.perf_counter()
        self.frames: list[tuple[float, int]] = []  # (perf_counter, bytes) of every message received
        self.page = page
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.total += len(payload)
        self.last = time.perf_counter()
        self.frames.append((self.last, len(payload)))

    def since(self, t: float, until: float = float("inf")) -> tuple[float | None, float | None]:
        """Seconds from t to the first message after t, and to the map's (the first of MAP_MESSAGE bytes or more:
        the map with its markers), among the messages received before `until`."""
        got = [(at, n) for at, n in self.frames if t <= at <= until]
        big = [at for at, n in got if n >= MAP_MESSAGE]
        return (got[0][0] - t if got else None), (big[0] - t if big else None)

    def settle(self, quiet_s: float = 0.4, timeout_s: float = 300.0) -> None:
        """Wait until the script run is over and nothing has arrived for quiet_s (the rerun's last messages,
        the timeline's included)."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            running = _try(self.page.main_frame, SCRIPT_RUNNING)
            if not running and time.perf_counter() - self.last >= quiet_s:
                return
            self.page.wait_for_timeout(50)


def slider_control(page, which: str = "auto"):
    """The analyst's scrubbing control and its name: the map's own timeline (mapview.scrub) when the map has one
    ("auto", "map"), else (or "page") the page's Streamlit slider."""
    if which != "page":
        frame = page.frame_locator(MAP_IFRAME)
        try:
            frame.locator(MAP_SCRUB).wait_for(state="visible", timeout=30_000 if which == "map" else 5_000)
            return frame.locator(MAP_SCRUB), "map"
        except Exception:
            if which == "map":
                raise
    return page.locator(THUMBS).first, "page"


def _median(xs: list[float]) -> float | None:
    got = [x for x in xs if x != float("inf")]
    return statistics.median(xs) if got else None


def _p95(xs: list[float]) -> float | None:
    got = [x for x in xs if x != float("inf")]
    return float(np.percentile(xs, 95)) if got else None


def measure_slider(
    page, ws: WsBytes, moves: int, marker_sel: str, timeout_s: float, which: str = "auto", prefix: str = "slider"
) -> dict:
    """Move the window's start one day right per move with the analyst's scrubbing control (slider_control), so
    every window is new (a window shown before would come from the browser's message cache), until the map shows
    the new markers; and the bytes each move sent (with the map's own timeline: the rerun its settled window asks
    for, once the control rests)."""
    thumb, control = slider_control(page, which)
    lat, sent, first, mapmsg, shown, settled = [], [], [], [], [], []
    loads = "() => window.cmScrubLoads || 0"
    for _ in range(moves):
        ws.settle()
        before = mark_map_frames(page)
        loaded = max([_try(f, loads) or 0 for f in map_frames(page)] or [0])
        thumb.focus()
        received = ws.total
        t = time.perf_counter()
        thumb.press("ArrowRight")
        ok = wait_new_markers(page, before, marker_sel, timeout_s)
        done = time.perf_counter()
        lat.append(done - t if ok else float("inf"))
        a, b = ws.since(t, done)
        first.append(a if a is not None else float("inf"))
        mapmsg.append(b if b is not None else float("inf"))
        if control == "map":  # the window settled: the server's layer for it (its rerun: the page follows)
            deadline = time.perf_counter() + timeout_s
            while (
                time.perf_counter() < deadline and max([_try(f, loads) or 0 for f in map_frames(page)] or [0]) <= loaded
            ):
                page.wait_for_timeout(10)
            settled.append(time.perf_counter() - t if time.perf_counter() < deadline else float("inf"))
        ws.settle()
        sent.append(ws.total - received)
        key = _try(page.main_frame, "() => window.__cmKey")
        after = []
        deadline = time.perf_counter() + 2.0  # the page notes a paint on the animation frame after the markers
        while ok and not after and time.perf_counter() < deadline:
            after = [t for t in shown_times(page) if key and t >= key]
            if not after:
                page.wait_for_timeout(20)
        shown.append((after[0] - key) / 1000 if ok and after else float("inf"))
    redraw = [x - m if m != float("inf") else m for x, m in zip(lat, mapmsg, strict=True)]
    out = {
        "control": control,
        "moves": moves,
        "p50_s": statistics.median(lat),
        "p95_s": float(np.percentile(lat, 95)),
        "timeouts": sum(1 for x in lat if x == float("inf")),
        "kb_p50": statistics.median(sent) / 1024,
        # the move's parts when the server draws it: key press -> the server's first message of the rerun -> the
        # map's message (the largest, with the markers) -> the new markers on screen (the map iframe evaluating
        # them). None when the map's own timeline drew every move before any message came
        "first_msg_p50_s": _median(first),
        "map_msg_p50_s": _median(mapmsg),
        "map_msg_p95_s": _p95(mapmsg),
        "redraw_p50_s": _median(redraw),
        "redraw_p95_s": _p95(redraw),
        # the page's clock (SHOWN_SCRIPT): from the keydown to the first new markers painted; only when
        # watch_markers was installed on the context
        "shown_p50_s": _median(shown),
        "shown_p95_s": _p95(shown),
        # the map's own timeline: from the key press to the server's layer for the settled window (the report
        # waits until the control rests, then the page reruns)
        "settled_p50_s": _median(settled) if settled else None,
    }
    return {f"{prefix}_{k}": v for k, v in out.items()}


PAINT_TIMES = """() => {
    const since = (r) => r ? r / 1000 : null;
    const nav = performance.getEntriesByType('navigation')[0];
    const comp = performance.getEntriesByType('resource').find(r => r.name.includes('/component/'));
    const f = Array.from(document.querySelectorAll('iframe')).find(e => (e.src || '').includes('st_folium'));
    let js = null;
    try {
        const w = f.contentWindow, r = w.performance.getEntriesByType('resource').find(e => e.name.includes('live-map.js'));
        js = r ? (w.performance.timeOrigin + r.responseEnd - performance.timeOrigin) : null;
    } catch (e) {}
    return {dcl: since(nav.domContentLoadedEventEnd), iframe: since(comp && comp.startTime), map_js: since(js)};
}"""


def paint_breakdown(page, ws: WsBytes, t0: float, ready: float, prefix: str = "") -> dict:
    """First paint's parts, in seconds from navigation: Streamlit's scripts run (DOMContentLoaded), the first
    script run's first message and its map message (the largest: the map with its markers), the map iframe
    requested, the map's Leaflet script loaded (Performance API; navigation starts within a few ms of t0)."""
    times = _try(page.main_frame, PAINT_TIMES) or {}
    first, mapmsg = ws.since(t0, t0 + ready)
    out = {"dcl_s": times.get("dcl"), "first_msg_s": first, "map_msg_s": mapmsg, "iframe_s": times.get("iframe"),
           "map_js_s": times.get("map_js")}  # fmt: skip
    return {f"{prefix}{k}": v for k, v in out.items()}


def _visit(page, url: str) -> float:
    t0 = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded")
    page.frame_locator(MAP_IFRAME).locator(APP_MARKERS).first.wait_for(timeout=120_000)
    return time.perf_counter() - t0


def measure_ready(url: str, browser) -> tuple[float, float | None]:
    """Seconds from `goto` to the first markers, in a new browser context (nothing cached): Playwright's clock and
    the page's."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    watch_markers(ctx, APP_MARKERS)
    page = OfflinePage(ctx).page
    ready = _visit(page, url)
    shown = shown_since_navigation(page)
    ctx.close()
    return ready, shown


def measure_returning(url: str, browser) -> dict:
    """A returning browser: one visit, then the page opened again in the same browser context, its HTTP cache
    kept (Playwright's request routing would switch the cache off, so requests leaving the machine are only
    counted here: the browser is launched with every other host unresolvable)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    watch_markers(ctx, APP_MARKERS)
    outside = []
    ctx.on("request", lambda r: outside.append(r.url) if not is_local(r.url) else None)
    first = ctx.new_page()
    _visit(first, url)
    # the first visit's later loads (the timeline's scripts, the basemap) done, so they can be cached
    first.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=120_000)
    map_frame(first).wait_for_function("() => window.cmBasemapReady === true", timeout=120_000)
    first.close()
    page = ctx.new_page()
    ws = WsBytes(page)
    t0 = time.perf_counter()
    ready = _visit(page, url)
    out = {
        "warm_ready_s": ready,
        "warm_shown_s": shown_since_navigation(page),
        **paint_breakdown(page, ws, t0, ready, "warm_"),
    }
    fetched = "() => performance.getEntriesByType('resource').reduce((a, r) => a + r.transferSize, 0) / 1024"
    out["warm_http_kb"] = sum(_try(f, fetched) or 0 for f in page.frames)  # the page's and the map frame's
    out["warm_outside_requests"] = len(outside)
    ctx.close()
    return out
