"""folium map building: the offline basemap, one marker per place, popups with escaped source excerpts."""

from __future__ import annotations

import html
import math
from functools import lru_cache

import folium
import pandas as pd
from folium.plugins import HeatMap
from folium.template import Template

from conflictmap.mapview import assets
from conflictmap.mapview.basemap import (
    BOUNDARIES_DIR,
    DEFAULT_VIEW,
    RawScript,
    _geojson,
    _json_for_script,
    _json_rows_inert,
)
from conflictmap.mapview.places import MAX_FEATURES, grid_cells, label_rows
from conflictmap.model import EVENT_TYPES
from conflictmap.store.describe import date_span, fatalities_text
from conflictmap.store.places import place_keys, place_summary

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


def type_colour(event_type: str) -> str:
    """The legend colour of an event type."""
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


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
CLUSTER_OPTIONS = {"maxClusterRadius": 45, "disableClusteringAtZoom": 9, "showCoverageOnHover": False}
CHOROPLETH_COLOURS = ("#fff5eb", "#fdd0a2", "#fdae6b", "#f16913", "#d94801", "#8c2d04")  # ColorBrewer Oranges


# Place markers from compact rows, in the browser: a function of (rows, labels, css class, zoom on click, cluster
# options or null) that returns the layer (not yet on a map). Used by EventPoints and by the live map's in-browser
# timeline (mapview.scrub), which draws a window's places again without the server.
# A row: lat, lon, size px, colour, event count, all claims, selected, tooltip HTML (escaped)[, popup HTML].
# labels (one per row: name, rank, area) are handed to the map's LabelEngine, which names the places.
DRAW_POINTS_JS = """function (rows, labels, cssClass, zoomOnClick, clusterOptions) {
    var group = clusterOptions ? L.markerClusterGroup(clusterOptions) : L.featureGroup();
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
            className: cssClass, iconSize: [size, size], iconAnchor: [size / 2, size / 2],
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
        if (zoomOnClick) {  // a grid cell: clicking it zooms in towards its places
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
    return group;
}"""


class EventPoints(RawScript):
    """Place markers drawn by one loop in the browser from compact rows (fast for thousands of places).

    A row: lat, lon, size px, colour, event count, all claims, selected, tooltip HTML[, popup HTML].
    labels (one per row: name, rank, area) are handed to the map's LabelEngine, which names the places."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        ({{ this.draw_js }})({{ this.rows_json }}, {{ this.labels_json }}, {{ this.css_class_json }},
            {{ this.zoom_on_click_js }}, {{ this.cluster_js }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )
    draw_js = DRAW_POINTS_JS

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
        self.cluster_js = _json_for_script(CLUSTER_OPTIONS) if cluster else "null"


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
    Events placed only at country level (geo_precision 4) sit at the capital or the country's point and are left out."""
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


def choropleth_legend_html() -> str:
    """The governorate fill scale: light = few events in the window, dark = the most."""
    swatches = "".join(
        f"<span style='display:inline-block;width:14px;height:10px;background:{c};border:1px solid #aaa'></span>"
        for c in CHOROPLETH_COLOURS
    )
    return f"<div class='cm-legend' style='font-size:0.85em'>Governorates: {swatches} fewer to more events</div>"
