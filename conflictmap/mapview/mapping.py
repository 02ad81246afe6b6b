"""folium map building: the offline basemap, one marker per place, popups with escaped source excerpts."""

from __future__ import annotations

import html
import json
import math
import re
from functools import lru_cache
from pathlib import Path

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.plugins import HeatMap
from folium.template import Template

from conflictmap.mapview import assets, labels
from conflictmap.model import EVENT_TYPES, GEODATA_DIR
from conflictmap.store.describe import date_span, fatalities_text

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
TYPE_COLOURS: dict[str, str] = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#E69F00",
    "Violence against civilians": "#CC79A7",
    "Strategic developments": "#0072B2",
    "Protests": "#009E73",
    "Riots": "#B8A800",
    "Displacement": "#56B4E9",
}
OTHER_COLOUR = "#555555"
DEFAULT_VIEW = (33.5, 43.5, 6)  # lat, lon, zoom: Iraq and its neighbours
BOUNDARIES_DIR = GEODATA_DIR / "boundaries"
WATER = "#d4e6f1"


def type_colour(event_type: str) -> str:
    """The legend colour of an event type."""
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


@lru_cache(maxsize=4)
def _geojson(path: Path) -> dict | None:
    # Read once per process: the basemap files never change while the app runs.
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _json_for_script(value) -> str:
    # JSON that cannot close a <script> element or open an HTML comment when the page is saved as one file
    return (
        json.dumps(value, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


_JSON_INERT = str.maketrans({"{": "\\u007b", "}": "\\u007d", "`": "\\u0060", "$": "\\u0024"})


def _json_rows_inert(rows: list[list]) -> str:
    """_json_for_script for lists of lists of plain values, with the characters of Jinja and JS template syntax
    also \\u-escaped: the raw names reach the script unchanged, and no template syntax appears in the page."""
    return _json_for_script(rows).translate(_JSON_INERT)  # no braces outside strings in a list of lists


@lru_cache(maxsize=4)
def _geojson_text(path: Path) -> str | None:
    # serialised once: re-encoding 1 MB of borders on every rerun would cost more than the rest of the page
    data = _geojson(path)
    return None if data is None else _json_for_script(data)


LEAN_DETAIL_BOX = (34.0, 28.0, 50.0, 40.0)  # west, south, east, north: countries touching it keep ~500 m detail


def _rounded(coords, digits: int):
    if isinstance(coords[0], int | float):
        return [round(coords[0], digits), round(coords[1], digits)]
    return [_rounded(c, digits) for c in coords]


@lru_cache(maxsize=2)
def _lean_countries_text(path: Path) -> str | None:
    # the live map resends its basemap on every rerun: Iraq's region keeps its detail, far countries are coarse
    # (~10 km, islands under 0.3 square degrees dropped), 1.2 MB -> ~0.3 MB
    from shapely.geometry import MultiPolygon, box, mapping, shape

    data = _geojson(path)
    if data is None:
        return None
    region, features = box(*LEAN_DETAIL_BOX), []
    for f in data["features"]:
        geom = shape(f["geometry"])
        near = geom.intersects(region)
        if near:
            geom = geom.simplify(0.005)
        else:
            parts = list(getattr(geom, "geoms", [geom]))
            big = [p for p in parts if p.area >= 0.3] or [max(parts, key=lambda p: p.area)]
            geom = (MultiPolygon(big) if len(big) > 1 else big[0]).simplify(0.1)
        if geom.is_empty:
            continue
        g = json.loads(json.dumps(mapping(geom)))  # tuples -> lists
        geometry = {"type": g["type"], "coordinates": _rounded(g["coordinates"], 3 if near else 2)}
        features.append({"type": "Feature", "properties": f["properties"], "geometry": geometry})
    return _json_for_script({"type": "FeatureCollection", "features": features})


class StaticGeoJson(MacroElement):
    """A non-interactive GeoJSON layer from pre-serialised text: nothing is re-encoded or measured per rerun.
    style_js: a JavaScript function of the feature instead of one style for all."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data_json }}, {
            interactive: false, style: {{ this.style_js or this.style_json }}{{ ", renderer: L.canvas()" if this.canvas else "" }}
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, style: dict, canvas: bool = False, style_js: str = "") -> None:
        super().__init__()
        self._name = "StaticGeoJson"
        self.data_json = data_json
        self.style_json = _json_for_script(style)
        self.style_js = style_js
        self.canvas = canvas

    def render(self, **kwargs) -> None:
        # MacroElement.render would wrap the script in a new jinja Template, lexing the whole GeoJSON on every rerun
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_RawText(script), name=self.get_name())


RIVER_COLOUR = "#8fbcdb"
WATER_STYLE = {"color": RIVER_COLOUR, "weight": 1.0, "fillColor": WATER, "fillOpacity": 1.0}
# lakes filled like the sea, rivers as thin lines
WATER_STYLE_JS = (
    "function (f) { return f.properties.kind === 'lake'"
    f" ? {{color: '{RIVER_COLOUR}', weight: 0.6, fillColor: '{WATER}', fillOpacity: 1}}"
    f" : {{color: '{RIVER_COLOUR}', weight: 1.1, fill: false}}; }}"
)


@lru_cache(maxsize=2)
def _lean_water_text(path: Path) -> str | None:
    # as _lean_countries_text: full detail near Iraq, far rivers and lakes coarse and the small ones dropped
    from shapely.geometry import box, mapping, shape

    data = _geojson(path)
    if data is None:
        return None
    region, features = box(*LEAN_DETAIL_BOX), []
    for f in data["features"]:
        geom = shape(f["geometry"])
        if not geom.intersects(region):  # far away: only the big rivers and lakes, coarse (~0.3 MB -> ~0.1 MB)
            if (geom.area if f["properties"]["kind"] == "lake" else geom.length) < 3.0:
                continue
            geom = geom.simplify(0.1)
        if geom.is_empty:
            continue
        g = json.loads(json.dumps(mapping(geom)))
        features.append(
            {
                "type": "Feature",
                "properties": f["properties"],
                "geometry": {
                    "type": g["type"],
                    "coordinates": _rounded(g["coordinates"], 3 if geom.intersects(region) else 2),
                },
            }
        )
    return _json_for_script({"type": "FeatureCollection", "features": features})


class LabelEngine(MacroElement):
    """The collision-aware place names of a map (labels.LABEL_ENGINE_JS): the reference names given here, and
    the event places each EventPoints layer registers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.engine_js }}({{ this._parent.get_name() }}, {{ this.rows_json }});
        {% endmacro %}
        """
    )

    def __init__(self, reference_rows: list[list]) -> None:
        super().__init__()
        self._name = "LabelEngine"
        self.engine_js = labels.LABEL_ENGINE_JS
        self.rows_json = _json_for_script(reference_rows)

    def render(self, **kwargs) -> None:
        # as StaticGeoJson: the rows are data, never lexed as a template
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_RawText(script), name=self.get_name())


class _RawText(Element):
    """Text that renders as itself (never compiled as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def basemap_files() -> list[tuple[str, Path]]:
    """The bundled vector basemap layers, in drawing order: (layer name, GeoJSON path)."""
    return [
        ("Countries", BOUNDARIES_DIR / "countries.geojson"),
        ("Iraq governorates", BOUNDARIES_DIR / "iraq_governorates.geojson"),
    ]


def _basemap_style(is_country: bool) -> dict:
    return {
        "fillColor": "#f4f1ea" if is_country else "#00000000",
        "fillOpacity": 1.0 if is_country else 0.0,
        "color": "#8a8a8a" if is_country else "#b5a99a",
        "weight": 1.0 if is_country else 0.7,
        "dashArray": None if is_country else "3",
    }


# The live map's basemap (countries, rivers and lakes, governorate borders, reference names) as one static file
# (scripts/build_live_basemap.py writes it from geodata/): the map's iframe fetches it once and the browser keeps
# it, so a rerun sends the new markers only, not ~0.5 MB of borders with them.
LIVE_BASEMAP = assets.STATIC_DIR / "basemap" / "live-basemap.json"


def live_basemap_json() -> str:
    """The live basemap file's text: the lean countries and water, the governorates, the reference name rows."""
    parts = {
        "countries": _lean_countries_text(BOUNDARIES_DIR / "countries.geojson"),
        "water": _lean_water_text(labels.REFERENCE_WATER),
        "governorates": _geojson_text(BOUNDARIES_DIR / "iraq_governorates.geojson"),
        "reference": _json_for_script(labels.reference_rows()),
    }
    body = ",".join(f'"{k}":{v}' for k, v in parts.items() if v is not None)
    return "{" + body + "}\n"


@lru_cache(maxsize=1)
def live_basemap_url() -> str | None:
    """Where the page fetches the live basemap, versioned by its content (a rebuilt file is never served from
    the browser's cache); None when the file was not built."""
    import hashlib

    try:
        digest = hashlib.sha256(LIVE_BASEMAP.read_bytes()).hexdigest()[:12]
    except OSError:
        return None
    return f"{assets.STATIC_URL}/{LIVE_BASEMAP.relative_to(assets.STATIC_DIR).as_posix()}?v={digest}"


class LiveBasemap(MacroElement):
    """The live map's basemap, fetched from LIVE_BASEMAP and drawn in panes under every overlay, so it can
    arrive after the markers without covering them. Sets window.cmBasemapReady once drawn."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            [['cmLand', 250], ['cmWater', 260], ['cmBorders', 270]].forEach(function (p) {
                var pane = map.createPane(p[0]);
                pane.style.zIndex = p[1];
                pane.style.pointerEvents = 'none';
            });
            fetch({{ this.url_json }}).then(function (r) {
                if (!r.ok) { throw new Error('basemap: HTTP ' + r.status); }
                return r.json();
            }).then(function (d) {
                if (d.countries) {
                    L.geoJson(d.countries, {interactive: false, pane: 'cmLand', style: {{ this.country_style }},
                                            renderer: L.canvas({pane: 'cmLand'})}).addTo(map);
                }
                if (d.water) {
                    L.geoJson(d.water, {interactive: false, pane: 'cmWater', style: {{ this.water_style_js }},
                                        renderer: L.canvas({pane: 'cmWater'})}).addTo(map);
                }
                if (d.governorates) {
                    L.geoJson(d.governorates, {interactive: false, pane: 'cmBorders',
                                               style: {{ this.governorate_style }}}).addTo(map);
                }
                if (d.reference && map.cmLabels) { map.cmLabels.reference(d.reference); }
                window.cmBasemapReady = true;
            }).catch(function (e) { window.cmBasemapError = String(e); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "LiveBasemap"
        self.url_json = _json_for_script(url)
        self.country_style = _json_for_script(_basemap_style(True))
        self.governorate_style = _json_for_script(_basemap_style(False))
        self.water_style_js = WATER_STYLE_JS


def base_map(
    online_tiles: bool = False,
    tile_url: str = "",
    tile_attribution: str = "",
    view: tuple[float, float, int] = DEFAULT_VIEW,
    live: bool = False,
) -> folium.Map:
    """A map that draws with no network: vendored Leaflet, tiles=None, bundled country and governorate borders.

    live=True is the dashboard's map: it loads Leaflet with the clustering and heatmap scripts for layers sent
    later as one bundle, and skips jQuery, Bootstrap and Font Awesome, which only folium's Icon glyphs use (the
    page draws none). Its borders, water and reference names come from the static LIVE_BASEMAP file (inline
    when that file is missing), so the map's script, sent again with every rerun's markers, stays small."""
    lat, lon, zoom = view
    m = folium.Map(location=[lat, lon], zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False)
    m.options.update(min_zoom=2, max_zoom=18)  # folium sets the zoom range on tile layers only; clustering needs it
    if live:  # one bundled script and stylesheet: Leaflet with the clustering and heatmap plugins
        m.default_js = [("live-map.js", assets.asset_url(assets.LIVE_JS))]
        m.default_css = [("live-map.css", assets.asset_url(assets.LIVE_CSS))]
    m.get_root().header.add_child(
        folium.Element(
            f"<style>.leaflet-container{{background:{WATER};}} .cm-pin{{cursor:pointer;}}{labels.LABEL_CSS}</style>"
        )
    )
    if online_tiles and tile_url:
        folium.TileLayer(tiles=tile_url, attr=tile_attribution or "tiles", name="Online tiles").add_to(m)
    url = live_basemap_url() if live else None
    if url is not None:
        LabelEngine([]).add_to(m)  # first: the basemap hands it the reference names when it arrives
        LiveBasemap(url).add_to(m)
        return assets.use_offline_assets(m)
    for name, path in basemap_files():
        text = _lean_countries_text(path) if live and name == "Countries" else _geojson_text(path)
        if text is None:
            continue
        is_country = name == "Countries"
        # the live map paints the world's countries on one canvas (thousands of SVG paths are slow to draw)
        StaticGeoJson(text, _basemap_style(is_country), canvas=live and is_country).add_to(m)
        if is_country:  # rivers and lakes over the land, under the governorate lines and the events
            water = _lean_water_text(labels.REFERENCE_WATER) if live else _geojson_text(labels.REFERENCE_WATER)
            if water is not None:
                StaticGeoJson(water, WATER_STYLE, canvas=live, style_js=WATER_STYLE_JS).add_to(m)
    LabelEngine(labels.reference_rows()).add_to(m)
    return assets.use_offline_assets(m)  # last, so every plugin added above is pointed at static/vendor


def marker_size(fatalities: int | float | None) -> int:
    """Marker diameter in px: grows with log10 of fatalities so 1,700 does not swamp 9."""
    f = 0 if fatalities is None or (isinstance(fatalities, float) and math.isnan(fatalities)) else float(fatalities)
    return int(round(16 + 7 * math.log10(1 + max(f, 0))))


def _fmt_date(row: dict) -> str:
    return f"{date_span(row.get('date_from'), row.get('date_to'))} ({row.get('date_precision') or 'day'})"


# folium compiles popup/tooltip HTML as a Jinja template and puts tooltips in JavaScript template literals:
# after HTML escaping, the characters those syntaxes use become character references, which render the same.
_INERT = str.maketrans({"{": "&#123;", "}": "&#125;", "`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def escape_text(text: object) -> str:
    """Source text made safe for folium HTML: HTML-escaped, and inert in Jinja and JavaScript template strings."""
    return html.escape(str(text)).translate(_INERT)


def popup_html(place_name: str, rows: list[dict]) -> str:
    """Popup content for one place; every piece of source text is escaped (escape_text)."""
    e = escape_text
    parts = [f"<div class='cm-popup' style='max-width:320px'><b>{e(place_name)}</b>"]
    for r in rows:
        claim = r.get("claim_status") or "reported"
        tag = (
            f" <i>[{e(claim)}{' by ' + e(r['claimed_by']) if r.get('claimed_by') else ''}]</i>"
            if claim != "reported"
            else ""
        )
        figs = fatalities_text(r)
        parts.append(
            "<hr style='margin:4px 0'>"
            f"<div><span style='color:{type_colour(r.get('event_type', ''))}'>&#9679;</span> "
            f"{e(r.get('event_type') or 'Event')}{tag}<br><small>{e(_fmt_date(r))}"
            f"{' &middot; ' + e(figs) if figs else ''} &middot; {e(str(r.get('source_ids') or ''))}</small>"
            f"<div style='font-style:italic'>&ldquo;{e(str(r.get('excerpt') or ''))}&rdquo;</div></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def event_markers(
    events: pd.DataFrame, selected_key: str | None = None, name: str = "Events", popups: bool = True
) -> folium.FeatureGroup:
    """One marker per place: size by fatalities (log), colour by the place's most frequent event type,
    hollow and dashed when every event there is an unverified claim; tooltip = place, popup = its events
    (popups=False for a screenshot, where nobody can open them). Drawn by EventPoints, so 10,000 places
    make one array in the page rather than 10,000 folium elements."""
    fg = folium.FeatureGroup(name=name)
    summary = place_summary(events)
    if summary.empty:
        return fg
    popup_of: dict[str, str] = {}
    if popups:
        m = events[events["latitude"].notna() & events["longitude"].notna()]
        m = m.assign(_key=place_keys(m)).sort_values(["date_from", "event_id"])
        rows_of: dict[str, list[dict]] = {}
        for r in m.to_dict("records"):  # one conversion: per-group frames cost ~2 ms each
            rows_of.setdefault(r["_key"], []).append(r)
        names = dict(zip(summary["place_key"], summary["location"], strict=True))
        popup_of = {k: popup_html(str(names[k]), rs) for k, rs in rows_of.items()}
    rows = [
        [p["latitude"], p["longitude"], marker_size(p["max_fatalities"]), type_colour(p["main_type"]),
         int(p["events"]), bool(p["all_claims"]), p["place_key"] == selected_key, _place_label(p),
         popup_of.get(p["place_key"], "")]
        for p in summary.to_dict("records")
    ]  # fmt: skip
    EventPoints(rows, cluster=False, labels=label_rows(summary, selected_key)).add_to(fg)
    return fg


def legend_html(types: list[str] | None = None) -> str:
    """A small HTML legend of event-type colours and the claim style."""
    types = types or list(EVENT_TYPES)
    items = " ".join(  # spaces between the items: the legend wraps instead of running off the page
        f"<span style='white-space:nowrap;margin-right:10px'><span style='color:{type_colour(t)}'>&#9679;</span> "
        f"{html.escape(t)}</span>"
        for t in types
    )
    claim = " <span style='white-space:nowrap;margin-right:10px'>&#9711; dashed = claim, unverified</span>"
    claim += " <span style='white-space:nowrap'>&#9633; square = placed at a province or country only</span>"
    # flex-wrap: the items wrap inside the map's column, never run on under the side panel
    box = "font-size:0.85em;display:flex;flex-wrap:wrap;max-width:100%;overflow-wrap:anywhere"
    return f"<div class='cm-legend' style='{box}'>{items}{claim}</div>"


# ---- the live map page: one light layer per rerun, sent to the browser without rebuilding the map ----

CLUSTER_MIN_PLACES = 60  # below this many places every town keeps its own marker
MAX_HEAT_POINTS = 4000
MAX_FEATURES = 1500  # never send more points than this to the browser: beyond it places are merged into grid cells
CLUSTER_OPTIONS = {"maxClusterRadius": 45, "disableClusteringAtZoom": 9, "showCoverageOnHover": False}
CHOROPLETH_COLOURS = ("#fff5eb", "#fdd0a2", "#fdae6b", "#f16913", "#d94801", "#8c2d04")  # ColorBrewer Oranges


class EventPoints(MacroElement):
    """Place markers drawn by one loop in the browser from compact rows (fast for thousands of places).

    A row: lat, lon, size px, colour, event count, all claims, selected, tooltip HTML[, popup HTML].
    labels (one per row: name, rank, area) are handed to the map's LabelEngine, which names the places."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var rows = {{ this.rows_json }};
            var labels = {{ this.labels_json }};
            var group = {{ this.group_js }};
            var items = [];
            rows.forEach(function (r, i) {
                var size = r[2], colour = r[3], count = r[4], claim = r[5], selected = r[6];
                var area = labels && labels[i] && labels[i][2];
                // a province- or country-level place: a hollow square in the type colour (dashed if claimed)
                var style = 'width:' + size + 'px;height:' + size + 'px;border-radius:' + (area ? '2px' : '50%')
                    + ';box-sizing:border-box;font:bold 11px/' + (size - 4) + 'px sans-serif;text-align:center;'
                    + (area ? 'background:rgba(255,255,255,0.85);border:3px ' + (claim ? 'dashed ' : 'solid ') + colour
                              + ';color:' + colour
                     : claim ? 'background:rgba(255,255,255,0.85);border:2px dashed ' + colour + ';color:' + colour
                             : 'background:' + colour + ';border:2px solid #ffffff;color:#ffffff')
                    + (selected ? ';box-shadow:0 0 0 3px #000' : ';box-shadow:0 0 2px #333');
                var icon = L.divIcon({
                    className: {{ this.css_class_json }}, iconSize: [size, size], iconAnchor: [size / 2, size / 2],
                    html: '<div class="cm-pin" style="' + style + '">' + (count > 1 ? count : '') + '</div>'
                });
                // autoPanOnFocus off: a click focuses the marker, and the pan it caused swallowed the click
                var marker = L.marker([r[0], r[1]], {icon: icon, autoPanOnFocus: false}).bindTooltip(r[7]).addTo(group);
                if (labels) {
                    items.push({kind: 'event', lat: r[0], lon: r[1], r: size / 2, text: labels[i][0], rank: labels[i][1],
                                marker: marker, group: group});
                }
                if (r[8]) {  // already escaped HTML (popup_html), passed as a JSON string: never a template
                    marker.bindPopup(r[8], {maxWidth: 340});
                }
                if ({{ this.zoom_on_click_js }}) {  // a grid cell: clicking it zooms in towards its places
                    marker.on('click', function (e) {
                        var map = e.target._map;  // this element's parent is a feature group, not the map
                        map.setView(e.latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
                    });
                }
            });
            if (labels) {  // the map's label engine names these places while the layer is on the map
                var owner = {}, engine = null;
                group.on('add', function () {
                    engine = group._map && group._map.cmLabels;
                    if (engine) { engine.set(owner, 'events', items); }
                });
                group.on('remove', function () { if (engine) { engine.clear(owner, 'events'); } });
                group.on('animationend', function () { if (engine) { engine.place(); } });  // clusters opened
            }
            group.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        rows: list[list],
        cluster: bool = False,
        css_class: str = "cm-marker",
        zoom_on_click: bool = False,
        labels: list[list] | None = None,
    ) -> None:
        super().__init__()
        self._name = "EventPoints"
        self.labels_json = _json_rows_inert(labels) if labels else "null"
        self.zoom_on_click_js = "true" if zoom_on_click else "false"
        self.rows_json = _json_for_script(rows)
        self.css_class_json = _json_for_script(css_class)
        self.group_js = f"L.markerClusterGroup({_json_for_script(CLUSTER_OPTIONS)})" if cluster else "L.featureGroup()"


def place_keys(events: pd.DataFrame) -> pd.Series:
    """select.place_key for every row at once: the geonameid, else the coordinates rounded to 4 decimals."""
    if events.empty:
        return pd.Series([], index=events.index, dtype=object)
    gid = pd.to_numeric(events["geonameid"], errors="coerce")
    # as _place_codes groups them (+ 0.0: no "-0.0000" for a point just south of the equator)
    lat, lon = ((events[c] * 1e4).round() / 1e4 + 0.0 for c in ("latitude", "longitude"))
    coords = lat.map("{:.4f}".format) + "," + lon.map("{:.4f}".format)
    by_gid = gid.astype("Int64").astype(str)
    return by_gid.where(gid.notna(), coords).astype(object)


def events_at(events: pd.DataFrame, key: str) -> pd.DataFrame:
    """The mappable events whose place key is `key`, oldest first (vectorised select.events_at_place)."""
    m = events[events["latitude"].notna() & events["longitude"].notna()]
    gid = pd.to_numeric(m["geonameid"], errors="coerce")
    try:  # narrow down numerically first: formatting keys for every row of a large window is slow
        if key.isdigit():
            m = m[gid == int(key)]
        else:
            lat, lon = (float(x) for x in key.split(","))
            m = m[gid.isna() & ((m["latitude"] - lat).abs() < 2e-4) & ((m["longitude"] - lon).abs() < 2e-4)]
    except ValueError:
        return m.iloc[0:0]
    return m[place_keys(m) == key].sort_values(["date_from", "event_id"])


def _place_codes(m: pd.DataFrame) -> pd.DataFrame:
    # numeric twins of select.place_key (geonameid, else coordinates in 1e-4 degrees): grouping on them is fast
    gid = pd.to_numeric(m["geonameid"], errors="coerce")
    has = gid.notna()
    return pd.DataFrame(
        {
            "_gid": gid.fillna(-1).astype("int64"),
            "_lat": (m["latitude"] * 1e4).round().where(~has, 0).astype("int64"),
            "_lon": (m["longitude"] * 1e4).round().where(~has, 0).astype("int64"),
        },
        index=m.index,
    )


def place_summary(events: pd.DataFrame) -> pd.DataFrame:
    """One row per place of the mappable events: key, name, coordinates, events, largest toll, main type, all-claims.

    Grouped on one integer per place (the geonameid, else the coordinates in 1e-4 degrees, as select.place_key)
    with bincounts: a year of 1,000,000 events takes ~0.6 s, where a pandas groupby took ~0.9 s."""
    cols = ["place_key", "location", "admin1", "country_code", "latitude", "longitude", "events", "fatalities"]
    cols += ["max_fatalities", "main_type", "all_claims", "precision"]
    # only the columns used: copying every column (excerpts included) of a big window costs more than the rest
    used = ["geonameid", "latitude", "longitude", "fatalities", "event_type", "claim_status", *cols[1:4]]
    used += ["geo_precision"] if "geo_precision" in events.columns else []
    located = events["latitude"].notna() & events["longitude"].notna()
    if not located.any():
        return pd.DataFrame(columns=cols)
    m = events[used] if located.all() else events.loc[located, used]
    c = _place_codes(m)
    gid, lat_code, lon_code = (c[k].to_numpy() for k in ("_gid", "_lat", "_lon"))
    # coordinates in 1e-4 degrees fit in 22 bits each; 2**52 keeps them apart from every geonameid
    key = np.where(gid >= 0, gid, (1 << 52) + (lat_code + 900_000) * 3_600_001 + (lon_code + 1_800_000))
    group, _ = pd.factorize(key)
    n = int(group.max()) + 1
    _, first = np.unique(group, return_index=True)  # the first event of each place, as groupby's "first"
    f = pd.to_numeric(m["fatalities"], errors="coerce").fillna(0).to_numpy(np.float64)
    type_code, type_names = pd.factorize(m["event_type"].fillna(""), sort=True)  # sorted: ties go to A before B
    by_type = np.bincount(group * len(type_names) + type_code, minlength=n * len(type_names))
    unclaimed = (m["claim_status"] != "claimed").to_numpy(np.float64)
    out = m[["location", "admin1", "country_code", "latitude", "longitude"]].iloc[first].reset_index(drop=True)
    out = out.assign(
        events=np.bincount(group, minlength=n),
        fatalities=np.bincount(group, weights=f, minlength=n).astype(int),
        max_fatalities=_group_extreme(np.maximum, f, group, n, -np.inf),
        main_type=np.asarray(type_names)[by_type.reshape(n, len(type_names)).argmax(axis=1)],
        all_claims=np.bincount(group, weights=unclaimed, minlength=n) == 0,
        precision=_precision(m, group),
    )
    # formatted from Python numbers: numpy scalars made this loop a third of the whole summary
    triples = zip(gid[first].tolist(), (lat_code[first] / 1e4).tolist(), (lon_code[first] / 1e4).tolist(), strict=True)
    out["place_key"] = [str(g) if g >= 0 else f"{la:.4f},{lo:.4f}" for g, la, lo in triples]
    return out.sort_values("place_key", ignore_index=True)[cols]


def _group_extreme(ufunc, values: np.ndarray, group: np.ndarray, n: int, start: float) -> np.ndarray:
    # the largest (np.maximum) or smallest (np.minimum) value per group 0..n-1, without a pandas groupby
    out = np.full(n, start, dtype=np.float64)
    ufunc.at(out, group, values)
    return out


def _precision(m: pd.DataFrame, group: np.ndarray) -> np.ndarray:
    # the most precise code among a place's events (1 town .. 4 country); 1 when the column is absent
    n = int(group.max()) + 1
    if "geo_precision" not in m.columns:
        return np.ones(n, dtype=int)
    p = pd.to_numeric(m["geo_precision"], errors="coerce").fillna(1).to_numpy(np.float64)
    return _group_extreme(np.minimum, p, group, n, np.inf).astype(int)


def is_area(precision) -> bool:
    """True for a place standing for a province (3) or a whole country (4): drawn as a hollow square."""
    return precision is not None and not pd.isna(precision) and int(precision) >= 3


def label_rows(summary: pd.DataFrame, selected_key: str | None = None) -> list[list]:
    """Per summary row (same order): [name, rank, area]. Rank 0 is labelled first: the selected place, then
    the busiest (events, then the largest toll), as staticmap ranks its labels."""
    if summary.empty:
        return []
    order = summary.assign(_sel=summary["place_key"] != selected_key).sort_values(
        ["_sel", "events", "max_fatalities", "location"], ascending=[True, False, False, True], kind="stable"
    )
    rank = {idx: i for i, idx in enumerate(order.index)}
    precision = summary["precision"] if "precision" in summary.columns else pd.Series(1, index=summary.index)
    return [
        [str(loc or ""), rank[idx], is_area(p)]
        for idx, loc, p in zip(summary.index, summary["location"], precision, strict=True)
    ]


def grid_cells(summary: pd.DataFrame, zoom: int, max_features: int = MAX_FEATURES) -> pd.DataFrame:
    """Places merged into square cells (about 64 px at `zoom`, doubled until at most max_features remain).
    One row per cell, the cell of the busiest place first: events, places, fatalities, max_fatalities, main_type
    and busiest (of its busiest place), all_claims, and the events-weighted mean latitude and longitude."""
    order = np.argsort(-summary["events"].to_numpy(), kind="stable")  # "first" below = the busiest place of a cell
    s = summary.iloc[order]
    lat, lon = s["latitude"].to_numpy(np.float64), s["longitude"].to_numpy(np.float64)
    cell = 90.0 / 2 ** max(int(zoom), 0)
    while True:
        # row and column of the cell; 2**32 columns apart, so no two cells share a code
        code = np.floor(lat / cell).astype(np.int64) * (1 << 32) + np.floor(lon / cell).astype(np.int64)
        group, uniques = pd.factorize(code)  # numbered in order of first appearance: busiest cell first
        if len(uniques) <= max_features:
            break
        cell *= 2
    n = len(uniques)
    _, first = np.unique(group, return_index=True)
    events = s["events"].to_numpy(np.float64)
    events_sum = np.bincount(group, weights=events, minlength=n)
    unclaimed = (~s["all_claims"].to_numpy(bool)).astype(np.float64)
    return pd.DataFrame(
        {
            "events": events_sum.round().astype(np.int64),
            "places": np.bincount(group, minlength=n),
            "fatalities": np.bincount(group, weights=s["fatalities"].to_numpy(np.float64), minlength=n)
            .round()
            .astype(np.int64),
            "max_fatalities": _group_extreme(np.maximum, s["max_fatalities"].to_numpy(np.float64), group, n, -np.inf),
            "main_type": s["main_type"].to_numpy()[first],
            "busiest": s["location"].to_numpy()[first],
            "all_claims": np.bincount(group, weights=unclaimed, minlength=n) == 0,
            "latitude": np.bincount(group, weights=lat * events, minlength=n) / events_sum,
            "longitude": np.bincount(group, weights=lon * events, minlength=n) / events_sum,
        }
    )


PRECISION_WORDS = {2: "near the town", 3: "placed at its province", 4: "placed at the country"}


def _place_label(row: dict) -> str:
    n = int(row["events"])
    p = row.get("precision")
    where = PRECISION_WORDS.get(int(p)) if p is not None and not pd.isna(p) and int(p) >= 3 else None
    return escape_text(f"{row['location']} ({n} event{'s' if n != 1 else ''}{', ' + where if where else ''})")


def _cell_label(row: dict) -> str:
    n, p = int(row["events"]), int(row["places"])
    return escape_text(f"{n:,} events at {p:,} places around {row['busiest']}: zoom in to see them")


def event_layer(
    summary: pd.DataFrame,
    selected_key: str | None = None,
    zoom: int = DEFAULT_VIEW[2],
    max_features: int = MAX_FEATURES,
    name: str = "Events",
) -> folium.FeatureGroup:
    """The markers for a place_summary: one per place (clustered when many), or grid cells beyond max_features."""
    fg = folium.FeatureGroup(name=name)
    if summary.empty:
        return fg
    if len(summary) > max_features:
        cells = grid_cells(summary, zoom, max_features).to_dict("records")
        rows = [
            [round(c["latitude"], 5), round(c["longitude"], 5), marker_size(c["max_fatalities"]) + 6,
             type_colour(c["main_type"]), int(c["events"]), bool(c["all_claims"]), False, _cell_label(c)]
            for c in cells
        ]  # fmt: skip
        # cells carry no names, but the reference names keep clear of them
        no_names = [["", i, False] for i in range(len(rows))]
        EventPoints(rows, cluster=False, css_class="cm-cell", zoom_on_click=True, labels=no_names).add_to(fg)
        return fg
    rows = [
        [p["latitude"], p["longitude"], marker_size(p["max_fatalities"]), type_colour(p["main_type"]),
         int(p["events"]), bool(p["all_claims"]), p["place_key"] == selected_key, _place_label(p)]
        for p in summary.to_dict("records")
    ]  # fmt: skip
    EventPoints(rows, cluster=len(rows) >= CLUSTER_MIN_PLACES, labels=label_rows(summary, selected_key)).add_to(fg)
    return fg


def heat_layer(summary: pd.DataFrame, zoom: int = DEFAULT_VIEW[2], name: str = "Heatmap") -> folium.FeatureGroup:
    """A heatmap of the places weighted by log events (scaled to 0..1), on vendored leaflet.heat."""
    fg = folium.FeatureGroup(name=name)
    if summary.empty:
        return fg
    if len(summary) > MAX_HEAT_POINTS:  # merge into cells four times finer than the markers' cells
        summary = grid_cells(summary, zoom + 2, MAX_HEAT_POINTS)
    weight = (summary["events"].astype(float) + 1).map(math.log)
    weight = weight / weight.max()
    data = list(
        zip(summary["latitude"].astype(float), summary["longitude"].astype(float), weight.round(3), strict=True)
    )
    # leaflet.heat 0.2.0 fades points below max_zoom by 2^(max_zoom - zoom): full strength from zoom 5 up
    HeatMap(data, radius=22, blur=18, min_opacity=0.25, max_zoom=5, control=False).add_to(fg)
    return assets.use_offline_assets(fg)


@lru_cache(maxsize=1)
def governorate_polygons():
    """Iraq's governorates (name, iso_3166_2, geometry) as a GeoDataFrame, read once per process."""
    import geopandas as gpd

    return gpd.read_file(BOUNDARIES_DIR / "iraq_governorates.geojson")[["name", "iso_3166_2", "geometry"]]


def governorate_counts(events: pd.DataFrame) -> dict[str, int]:
    """Events per governorate (iso_3166_2 code), by point-in-polygon on each distinct coordinate pair.
    Events placed only at country level (geo_precision 4) sit at the country's centroid and are left out."""
    import geopandas as gpd

    m = events[events["latitude"].notna() & events["longitude"].notna()]
    if "geo_precision" in m.columns:
        m = m[pd.to_numeric(m["geo_precision"], errors="coerce").fillna(1) < 4]
    if m.empty:
        return {}
    coords = m.groupby(["longitude", "latitude"]).size().rename("n").reset_index()
    points = gpd.GeoDataFrame(coords, geometry=gpd.points_from_xy(coords["longitude"], coords["latitude"]), crs=4326)
    polys = governorate_polygons()
    hits = gpd.sjoin(points, polys.to_crs(4326) if polys.crs else polys.set_crs(4326), predicate="within")
    hits = hits[~hits.index.duplicated()]  # a point on a shared border counts once
    return {str(k): int(v) for k, v in hits.groupby("iso_3166_2")["n"].sum().items()}


def choropleth_colour(count: int, top: int) -> str:
    """A sequential colour for a count: six classes on a square-root scale of 0..top."""
    if count <= 0 or top <= 0:
        return CHOROPLETH_COLOURS[0]
    i = 1 + min(int(math.sqrt(count / top) * (len(CHOROPLETH_COLOURS) - 1)), len(CHOROPLETH_COLOURS) - 2)
    return CHOROPLETH_COLOURS[i]


def governorate_layer(counts: dict[str, int], name: str = "Governorates") -> folium.FeatureGroup:
    """Iraq's governorates filled by their number of events in the window, with a name: count tooltip."""
    fg = folium.FeatureGroup(name=name)
    data = _geojson(BOUNDARIES_DIR / "iraq_governorates.geojson")
    if data is None:
        return fg
    top = max(counts.values(), default=0)
    features = []
    for f in data["features"]:
        n = counts.get(f["properties"].get("iso_3166_2", ""), 0)
        props = {"name": f["properties"].get("name", ""), "events": n, "fill": choropleth_colour(n, top)}
        features.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda feat: {
            "fillColor": feat["properties"]["fill"], "fillOpacity": 0.6, "color": "#7f6a55", "weight": 0.8,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name", "events"], aliases=["Governorate", "Events in window"]),
        control=False,
    ).add_to(fg)  # fmt: skip
    return fg


NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+(?![\d,])")


def figure_values(row: dict) -> set[int]:
    """The event's figures (fatalities, their range, displaced) as integers."""
    out = set()
    for col in ("fatalities", "fatalities_low", "fatalities_high", "displaced"):
        v = row.get(col)
        if v is not None and not pd.isna(v):
            out.add(int(v))
    return out


def highlight_spans(text: str, names: list[str], figures: set[int]) -> list[tuple[int, int]]:
    """Character spans of the place names (case-insensitive) and of numbers equal to one of the figures."""
    spans = []
    for name in {n.strip() for n in names if n and n.strip()}:
        spans += [m.span() for m in re.finditer(re.escape(name), text, flags=re.IGNORECASE)]
    spans += [m.span() for m in NUMBER.finditer(text) if int(m.group().replace(",", "")) in figures]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def highlight_excerpt(text: str, names: list[str], figures: set[int]) -> str:
    """The excerpt as HTML: every character escaped, the toponym and the event's figures wrapped in <mark>."""
    out, pos = [], 0
    for a, b in highlight_spans(text, names, figures):
        out += [escape_text(text[pos:a]), "<mark>", escape_text(text[a:b]), "</mark>"]
        pos = b
    out.append(escape_text(text[pos:]))
    return "".join(out)


def choropleth_legend_html() -> str:
    """The governorate fill scale: light = few events in the window, dark = the most."""
    swatches = "".join(
        f"<span style='display:inline-block;width:14px;height:10px;background:{c};border:1px solid #aaa'></span>"
        for c in CHOROPLETH_COLOURS
    )
    return f"<div class='cm-legend' style='font-size:0.85em'>Governorates: {swatches} fewer to more events</div>"
