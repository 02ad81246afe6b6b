"""The dashboard's shareable state: what lives in the URL query string, and how playback steps the window.

Parameter names: `from`, `to` (ISO dates), `type` (repeatable event type), `claim` (repeatable claim status),
`place` (geonameid or name of the selected town), `view` (lat,lon,zoom), and `layer` (repeatable: Markers,
Heatmap, Governorates, or `none`; left out when only Markers are on). Bad values are ignored one by one
(a hand-edited URL must never break the page) and reported back so the page can say what was ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from conflictmap.model import CLAIM_STATUSES

MAP_LAYERS = ("Markers", "Heatmap", "Governorates")
DEFAULT_LAYERS = ["Markers"]


@dataclass
class ViewState:
    """Window, filters, selected place and map view, as parsed from or written to a URL."""

    start: date | None = None
    end: date | None = None
    types: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    place: str = ""
    view: tuple[float, float, int] | None = None
    layers: list[str] | None = None  # None: the default (DEFAULT_LAYERS)
    ignored: list[str] = field(default_factory=list)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def parse_view(text: str) -> tuple[float, float, int] | None:
    """'lat,lon,zoom' -> (lat, lon, zoom), None when malformed or out of range."""
    try:
        lat_s, lon_s, zoom_s = text.split(",")
        lat, lon, zoom = float(lat_s), float(lon_s), int(float(zoom_s))
    except (ValueError, AttributeError, OverflowError):  # OverflowError: a zoom of inf
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 19):
        return None
    return lat, lon, zoom


def parse_query(params: dict, known_types: list[str] | None = None) -> ViewState:
    """A ViewState from query parameters (values may be strings or lists of strings)."""
    st = ViewState()
    for name in ("from", "to"):
        values = _as_list(params.get(name))
        if not values:
            continue
        try:
            d = date.fromisoformat(values[0][:10])
        except ValueError:
            st.ignored.append(f"{name}={values[0]!r} (not an ISO date)")
            continue
        setattr(st, "start" if name == "from" else "end", d)
    if st.start and st.end and st.start > st.end:
        st.ignored.append(f"from={st.start} is after to={st.end}")
        st.start = st.end = None
    for t in _as_list(params.get("type")):
        if known_types is None or t in known_types:
            st.types.append(t)
        else:
            st.ignored.append(f"type={t!r} (no such event type)")
    for c in _as_list(params.get("claim")):
        (st.claims.append(c) if c in CLAIM_STATUSES else st.ignored.append(f"claim={c!r}"))
    st.place = (_as_list(params.get("place")) or [""])[0][:200]
    view = _as_list(params.get("view"))
    if view:
        st.view = parse_view(view[0])
        if st.view is None:
            st.ignored.append(f"view={view[0]!r} (expected lat,lon,zoom)")
    layer_values = _as_list(params.get("layer"))
    if layer_values:
        chosen = []
        for v in layer_values:
            if v in MAP_LAYERS and v not in chosen:
                chosen.append(v)
            elif v != "none":
                st.ignored.append(f"layer={v!r} (one of {', '.join(MAP_LAYERS)} or none)")
        # nothing valid and no explicit "none": the default layers, not a blank map
        st.layers = chosen if chosen or "none" in layer_values else None
    return st


def to_query(st: ViewState) -> dict[str, str | list[str]]:
    """Query parameters for a ViewState (empty values left out)."""
    q: dict[str, str | list[str]] = {}
    if st.start:
        q["from"] = st.start.isoformat()
    if st.end:
        q["to"] = st.end.isoformat()
    if st.types:
        q["type"] = list(st.types)
    if st.claims:
        q["claim"] = list(st.claims)
    if st.place:
        q["place"] = st.place
    if st.view:
        lat, lon, zoom = st.view
        q["view"] = f"{lat:.4f},{lon:.4f},{zoom}"
    if st.layers is not None and st.layers != DEFAULT_LAYERS:
        q["layer"] = list(st.layers) or ["none"]
    return q


def clamp_window(start: date | None, end: date | None, lo: date, hi: date) -> tuple[date, date]:
    """A window inside [lo, hi]; missing ends take the bounds."""
    s = min(max(start or lo, lo), hi)
    e = max(min(end or hi, hi), lo)
    return (s, e) if s <= e else (lo, hi)


def next_window(
    window: tuple[date, date], bounds: tuple[date, date], step_days: int = 1, cumulative: bool = False
) -> tuple[date, date] | None:
    """The playback frame after `window`: slide it (or, cumulative, grow it) by step_days; None at the end."""
    (start, end), (lo, hi) = window, bounds
    if end >= hi:
        return None
    step = timedelta(days=step_days)
    new_end = min(end + step, hi)
    if cumulative:
        return lo, new_end
    return min(start + (new_end - end), new_end), new_end


def first_frame(window: tuple[date, date], bounds: tuple[date, date], cumulative: bool = False) -> tuple[date, date]:
    """Where playback starts: the window's width placed at the beginning (cumulative: the first day)."""
    (start, end), (lo, _hi) = window, bounds
    if cumulative:
        return lo, lo
    return lo, lo + (end - start)
