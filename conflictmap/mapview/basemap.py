"""The offline basemap: country and governorate borders, rivers and lakes, reference names; drawn inline (snapshots)
or fetched once as a static file by the live map."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from conflictmap.mapview import assets, labels
from conflictmap.model import GEODATA_DIR

DEFAULT_VIEW = (33.5, 43.5, 6)  # lat, lon, zoom: Iraq and its neighbours
BOUNDARIES_DIR = GEODATA_DIR / "boundaries"
WATER = "#d4e6f1"


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


def _lean_text(path: Path, lean) -> str | None:
    """A GeoJSON file as script text with each feature leaned by `lean(feature, geometry, region)`, which gives
    (geometry, decimals) or None to drop the feature; region is the box kept in full detail (LEAN_DETAIL_BOX)."""
    from shapely.geometry import box, mapping, shape

    data = _geojson(path)
    if data is None:
        return None
    region, features = box(*LEAN_DETAIL_BOX), []
    for f in data["features"]:
        leaned = lean(f, shape(f["geometry"]), region)
        if leaned is None or leaned[0].is_empty:
            continue
        geom, digits = leaned
        g = json.loads(json.dumps(mapping(geom)))  # tuples -> lists
        geometry = {"type": g["type"], "coordinates": _rounded(g["coordinates"], digits)}
        features.append({"type": "Feature", "properties": f["properties"], "geometry": geometry})
    return _json_for_script({"type": "FeatureCollection", "features": features})


def _lean_country(f: dict, geom, region):
    from shapely.geometry import MultiPolygon

    if geom.intersects(region):
        return geom.simplify(0.005), 3
    parts = list(getattr(geom, "geoms", [geom]))
    big = [p for p in parts if p.area >= 0.3] or [max(parts, key=lambda p: p.area)]
    return (MultiPolygon(big) if len(big) > 1 else big[0]).simplify(0.1), 2


@lru_cache(maxsize=2)
def _lean_countries_text(path: Path) -> str | None:
    # the live map resends its basemap on every rerun: Iraq's region keeps its detail, far countries are coarse
    # (~10 km, islands under 0.3 square degrees dropped), 1.2 MB -> ~0.3 MB
    return _lean_text(path, _lean_country)


class RawScript(MacroElement):
    """A map element whose script carries data (borders, names, marker rows): rendered once from its template's
    script macro and added as plain text. MacroElement.render would wrap that output in a new jinja Template,
    lexing and compiling all of it on every rerun (~30 KB of marker rows: most of a slider move's map work)."""

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_RawText(script), name=self.get_name())


class StaticGeoJson(RawScript):
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


RIVER_COLOUR = "#8fbcdb"
WATER_STYLE = {"color": RIVER_COLOUR, "weight": 1.0, "fillColor": WATER, "fillOpacity": 1.0}
# lakes filled like the sea, rivers as thin lines
WATER_STYLE_JS = (
    "function (f) { return f.properties.kind === 'lake'"
    f" ? {{color: '{RIVER_COLOUR}', weight: 0.6, fillColor: '{WATER}', fillOpacity: 1}}"
    f" : {{color: '{RIVER_COLOUR}', weight: 1.1, fill: false}}; }}"
)


def _lean_water(f: dict, geom, region):
    if not geom.intersects(region):  # far away: only the big rivers and lakes, coarse (~0.3 MB -> ~0.1 MB)
        if (geom.area if f["properties"]["kind"] == "lake" else geom.length) < 3.0:
            return None
        geom = geom.simplify(0.1)
    return geom, 3 if geom.intersects(region) else 2


@lru_cache(maxsize=2)
def _lean_water_text(path: Path) -> str | None:
    # as _lean_countries_text: full detail near Iraq, far rivers and lakes coarse and the small ones dropped
    return _lean_text(path, _lean_water)


class LabelEngine(RawScript):
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
    return assets.versioned_url(LIVE_BASEMAP)


class LiveBasemap(RawScript):
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
