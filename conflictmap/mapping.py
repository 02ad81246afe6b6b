"""folium map building: the offline basemap, one marker per place, popups with escaped source excerpts."""

from __future__ import annotations

import html
import json
import math
from functools import lru_cache
from pathlib import Path

import folium
import pandas as pd

from . import assets
from .model import EVENT_TYPES, GEODATA_DIR
from .select import places, with_place_keys

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


def basemap_files() -> list[tuple[str, Path]]:
    """The bundled vector basemap layers, in drawing order: (layer name, GeoJSON path)."""
    return [
        ("Countries", BOUNDARIES_DIR / "countries.geojson"),
        ("Iraq governorates", BOUNDARIES_DIR / "iraq_governorates.geojson"),
    ]


def base_map(
    online_tiles: bool = False,
    tile_url: str = "",
    tile_attribution: str = "",
    view: tuple[float, float, int] = DEFAULT_VIEW,
) -> folium.Map:
    """A map that draws with no network: vendored Leaflet, tiles=None, bundled country and governorate borders."""
    lat, lon, zoom = view
    m = folium.Map(location=[lat, lon], zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False)
    assets.use_offline_assets(m)
    m.get_root().header.add_child(
        folium.Element(f"<style>.leaflet-container{{background:{WATER};}} .cm-pin{{cursor:pointer;}}</style>")
    )
    if online_tiles and tile_url:
        folium.TileLayer(tiles=tile_url, attr=tile_attribution or "tiles", name="Online tiles").add_to(m)
    for name, path in basemap_files():
        data = _geojson(path)
        if data is None:
            continue
        is_country = name == "Countries"
        style = {
            "fillColor": "#f4f1ea" if is_country else "#00000000",
            "fillOpacity": 1.0 if is_country else 0.0,
            "color": "#8a8a8a" if is_country else "#b5a99a",
            "weight": 1.0 if is_country else 0.7,
            "dashArray": None if is_country else "3",
        }
        folium.GeoJson(
            data,
            name=name,
            style_function=lambda _f, s=style: s,
            interactive=False,
            control=False,
        ).add_to(m)
    return m


def marker_size(fatalities: int | float | None) -> int:
    """Marker diameter in px: grows with log10 of fatalities so 1,700 does not swamp 9."""
    f = 0 if fatalities is None or (isinstance(fatalities, float) and math.isnan(fatalities)) else float(fatalities)
    return int(round(16 + 7 * math.log10(1 + max(f, 0))))


def _fmt_date(row: dict) -> str:
    d_from, d_to = row.get("date_from"), row.get("date_to")
    a = d_from.date().isoformat() if isinstance(d_from, pd.Timestamp) else str(d_from or "")
    b = d_to.date().isoformat() if isinstance(d_to, pd.Timestamp) else str(d_to or "")
    span = a if not b or a == b else f"{a} to {b}"
    return f"{span} ({row.get('date_precision') or 'day'})"


def _fmt_fatalities(row: dict) -> str:
    f, lo, hi = row.get("fatalities"), row.get("fatalities_low"), row.get("fatalities_high")
    known = lambda v: v is not None and not pd.isna(v)  # noqa: E731
    if known(lo) and known(hi) and lo != hi:
        return f"{int(lo):,}-{int(hi):,} killed"
    if known(f):
        return f"{int(f):,} killed"
    return ""


def popup_html(place_name: str, rows: list[dict]) -> str:
    """Popup content for one place; every piece of source text is HTML-escaped."""
    e = html.escape
    parts = [f"<div class='cm-popup' style='max-width:320px'><b>{e(place_name)}</b>"]
    for r in rows:
        claim = r.get("claim_status") or "reported"
        tag = (
            f" <i>[{e(claim)}{' by ' + e(r['claimed_by']) if r.get('claimed_by') else ''}]</i>"
            if claim != "reported"
            else ""
        )
        figs = _fmt_fatalities(r)
        parts.append(
            "<hr style='margin:4px 0'>"
            f"<div><span style='color:{type_colour(r.get('event_type', ''))}'>&#9679;</span> "
            f"{e(r.get('event_type') or 'Event')}{tag}<br><small>{e(_fmt_date(r))}"
            f"{' &middot; ' + e(figs) if figs else ''} &middot; {e(str(r.get('source_ids') or ''))}</small>"
            f"<div style='font-style:italic'>&ldquo;{e(str(r.get('excerpt') or ''))}&rdquo;</div></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _icon_html(colour: str, size: int, count: int, all_claims: bool, selected: bool) -> str:
    border = f"2px dashed {colour}" if all_claims else "2px solid #ffffff"
    fill = "rgba(255,255,255,0.85)" if all_claims else colour
    text = colour if all_claims else "#ffffff"
    ring = "box-shadow:0 0 0 3px #000;" if selected else "box-shadow:0 0 2px #333;"
    return (
        f"<div class='cm-pin' style='width:{size}px;height:{size}px;border-radius:50%;background:{fill};"
        f"border:{border};{ring}color:{text};font:bold 11px/{size}px sans-serif;text-align:center;'>"
        f"{count if count > 1 else ''}</div>"
    )


def event_markers(events: pd.DataFrame, selected_key: str | None = None, name: str = "Events") -> folium.FeatureGroup:
    """One marker per place: size by fatalities (log), colour by the place's most frequent event type,
    hollow and dashed when every event there is an unverified claim; tooltip = place, popup = events."""
    fg = folium.FeatureGroup(name=name)
    if events.empty:
        return fg
    keyed = with_place_keys(events)
    by_key = {k: g for k, g in keyed.groupby("place_key")}
    for p in places(events).to_dict("records"):
        group = by_key[p["place_key"]].sort_values(["date_from", "event_id"])
        rows = group.to_dict("records")
        main_type = group["event_type"].mode().iat[0] if len(group) else ""
        all_claims = bool((group["claim_status"] == "claimed").all())
        size = marker_size(group["fatalities"].fillna(0).max())
        icon = folium.DivIcon(
            html=_icon_html(type_colour(main_type), size, len(group), all_claims, p["place_key"] == selected_key),
            icon_size=(size, size),
            icon_anchor=(size // 2, size // 2),
            class_name="cm-marker",
        )
        label = f"{p['location']} ({len(group)} event{'s' if len(group) != 1 else ''})"
        folium.Marker(
            location=[p["latitude"], p["longitude"]],
            icon=icon,
            tooltip=folium.Tooltip(html.escape(label)),
            popup=folium.Popup(popup_html(str(p["location"]), rows), max_width=340),
        ).add_to(fg)
    return fg


def legend_html(types: list[str] | None = None) -> str:
    """A small HTML legend of event-type colours and the claim style."""
    types = types or list(EVENT_TYPES)
    items = "".join(
        f"<span style='white-space:nowrap;margin-right:10px'><span style='color:{type_colour(t)}'>&#9679;</span> "
        f"{html.escape(t)}</span>"
        for t in types
    )
    claim = "<span style='white-space:nowrap'>&#9711; dashed = claim, unverified</span>"
    return f"<div class='cm-legend' style='font-size:0.85em'>{items}{claim}</div>"
