"""The PNG export: headless chromium screenshots the standalone HTML map offline; matplotlib draws it instead when
chromium or playwright is missing, fails, or the selection is too big to draw as folium markers in time.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from pathlib import Path

from conflictmap.export.snapshot import RenderOptions, Snapshot, metadata
from conflictmap.export.staticmap import render_map
from conflictmap.export.webmap import html_page
from conflictmap.store.places import place_summary


def chromium_path() -> str | None:
    """Debian's chromium, if installed."""
    return shutil.which("chromium")


# Above these, auto renders PNGs with matplotlib: measured by benchmarks/export.py (folium marker building and
# DOM markers grow past the 6 s budget for 10,000 events; matplotlib stays near 1.5 s).
MAX_BROWSER_MARKERS = 2000
MAX_BROWSER_EVENTS = 3000
BROWSER_TIMEOUT_MS = 60_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


def _block_remote(route) -> None:
    if route.request.url.startswith(("file://", "data:")):
        route.continue_()
    else:
        route.abort()


class ChromiumSession:
    """One headless chromium kept open across several PNG exports: `with ChromiumSession() as browser: ...`."""

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        try:
            self.browser = self._pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        except BaseException:
            self._pw.stop()
            raise
        return self.browser

    def __exit__(self, *exc) -> None:
        self.browser.close()
        self._pw.stop()


def screenshot_html(page_html: str, width: int, height: int, n_markers: int, browser=None) -> bytes:
    """Render HTML offline in headless chromium (every non-file request aborted) and screenshot the viewport."""
    with tempfile.TemporaryDirectory(prefix="cm-export-") as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(page_html, encoding="utf-8")
        if browser is not None:
            return _screenshot(browser, path, width, height, n_markers)
        with ChromiumSession() as own:
            return _screenshot(own, path, width, height, n_markers)


def _screenshot(browser, path: Path, width: int, height: int, n_markers: int) -> bytes:
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        context.route("**/*", _block_remote)
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "n => document.querySelectorAll('.leaflet-marker-pane .cm-marker').length === n"
            " && document.querySelectorAll('.leaflet-overlay-pane path').length > 0"
            " && window.cmLabelsPlaced > 0 && !window.cmLabelsQueued",  # the place names are drawn
            arg=n_markers,
            timeout=BROWSER_TIMEOUT_MS,
        )
        page.add_style_tag(content=".leaflet-control-zoom{display:none}")  # a snapshot has nothing to click
        return page.screenshot(type="png", animations="disabled", timeout=BROWSER_TIMEOUT_MS)
    finally:
        context.close()


def _png_with_metadata(png: bytes, meta: dict) -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_itxt("Title", meta["title"])
    info.add_itxt("Comment", json.dumps(meta, ensure_ascii=False))
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


class RendererUnavailable(RuntimeError):
    """The chromium renderer was asked for and cannot run here."""


def chromium_problem() -> str | None:
    """Why the chromium renderer cannot run here (None: it can): no chromium binary, or no playwright."""
    if chromium_path() is None:
        return "chromium is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def render_png(snap: Snapshot, width: int, height: int, renderer: str = "auto", browser=None) -> tuple[bytes, str]:
    """A PNG of the map and which renderer drew it ("chromium", or "matplotlib" with the reason).

    auto: chromium on the standalone HTML; the matplotlib renderer when chromium or playwright is missing, when
    chromium fails to start or draw, or when the selection is too big to build and draw as folium markers within
    a few seconds. renderer="chromium" raises RendererUnavailable instead of falling back."""
    many = len(snap.mapped) > MAX_BROWSER_EVENTS or len(place_summary(snap.mapped)) > MAX_BROWSER_MARKERS
    reason = "asked for" if renderer == "matplotlib" else None
    if reason is None and browser is None:
        reason = chromium_problem()
        if reason and renderer == "chromium":
            raise RendererUnavailable(f"{reason}: use the matplotlib renderer")
    if reason is None and renderer == "auto" and many:
        reason = f"more than {MAX_BROWSER_EVENTS:,} events or {MAX_BROWSER_MARKERS:,} places"
    if reason is None:
        try:
            png = screenshot_html(
                html_page(snap, popups=False), width, height, len(place_summary(snap.mapped)), browser
            )
            used = "chromium"
            return _png_with_metadata(png, metadata(snap, "png") | {"renderer": used}), used
        except Exception as e:  # playwright's errors, a chromium that will not start or times out
            if renderer == "chromium":
                raise RendererUnavailable(f"chromium failed: {e}") from e
            reason = f"chromium failed: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".rstrip(": ")
    used = f"matplotlib ({reason})"
    return render_map(snap, "png", width, height, metadata(snap, "png") | {"renderer": used}), used


def to_png(snap: Snapshot, opts: RenderOptions) -> bytes:
    """A PNG of the map (render_png without saying which renderer drew it; the PNG's metadata says)."""
    return render_png(snap, opts.width, opts.height, opts.renderer, opts.browser)[0]
