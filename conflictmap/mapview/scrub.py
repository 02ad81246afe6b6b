"""The live map's in-browser timeline: the events of the current filters sent once, as compact arrays, with a
date range control inside the map that draws the places of any window without asking the server.

A move of the control redraws the markers and their names in the browser (the same rows, sizes, colours, grid
cells and names as mapping.event_layer gives for that window); the window the analyst settles on is reported
to the server (debounced) as the map component's `selected_tags` value, so the page's tables, counts, place panel,
export and URL follow it. The server's own window changes (its slider, playback, the timeline chart) arrive with
the next layer, as before."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import folium
import numpy as np
from folium.template import Template

from conflictmap.mapview.basemap import RawScript, _json_for_script, _json_rows_inert
from conflictmap.mapview.mapping import (
    CLUSTER_MIN_PLACES,
    CLUSTER_OPTIONS,
    DRAW_POINTS_JS,
    PRECISION_WORDS,
    type_colour,
)
from conflictmap.mapview.places import MAX_FEATURES

SCRUB_MAX_EVENTS = 60_000  # beyond this many events of the filters, windows are drawn by the server only
REPORT_TAG = "cm-window"  # selected_tags[0] of a report: [REPORT_TAG, from, to, nonce]
REQUEST_TAG = "cm-need"  # selected_tags[0] of a map that lacks the events it was told it has: [REQUEST_TAG, id, nonce]
_NO_DAY = np.iinfo(np.int32).max


def scrub_rows(sel) -> list[list] | None:
    """The events of a Selection of an EventIndex (its filters, every date) as the in-browser timeline's data,
    or None when there are too many or none with a date and coordinates. Lists only (no objects): the text is
    made inert for templates as a list of lists (basemap._json_rows_inert).

    [[first day (ISO), last day offset, type names, their colours, MAX_FEATURES, CLUSTER_MIN_PLACES, words for
    precisions 3 and 4], per event its first day's offset from the previous event's (events are in date order),
    its span in days, code ((place * types + type) * 2 + claimed), toll (whole, missing as 0), per place
    [lat, lon, name, precision] in key order, per place its key]."""
    if len(sel) > SCRUB_MAX_EVENTS:
        return None
    index = sel.source
    codes = index.place_codes()
    pos = sel.positions
    start, end = index._from[pos], index._to[pos]
    pair = codes.pair[pos]
    n_types = len(codes.type_names)
    place = pair // (2 * n_types)
    keep = (start != _NO_DAY) & (place < codes.n) & (end >= start)
    if not keep.any():
        return None
    pos, start, end, pair, place = pos[keep], start[keep], end[keep], pair[keep], place[keep]
    used = np.unique(place)
    used = used[np.argsort(codes.rank[used], kind="stable")]  # key order, as place_summary sorts
    number = np.full(codes.n, -1, dtype=np.int64)
    number[used] = np.arange(len(used))
    code = (number[place] * n_types + (pair // 2) % n_types) * 2 + pair % 2
    toll = np.nan_to_num(codes.fatalities[pos].astype(np.float64), nan=0.0).clip(min=0).round().astype(np.int64)
    if codes.precision is None:
        precision = np.ones(len(used), dtype=np.int64)
    else:
        prec = codes.precision[pos]
        prec = (prec & 7) if prec.dtype.kind == "i" else np.nan_to_num(prec.astype(np.float64), nan=1.0)
        best = np.full(codes.n, np.inf)
        np.minimum.at(best, place, prec.astype(np.float64))
        precision = best[used].astype(np.int64)
    frame = index.events
    rep = codes.first[used]
    lat = np.round(frame["latitude"].to_numpy(np.float64)[rep], 5)
    lon = np.round(frame["longitude"].to_numpy(np.float64)[rep], 5)
    names = frame["location"].array.take(rep)
    places = [
        [float(a), float(b), str(n) if n is not None and n == n else "", int(p)]
        for a, b, n, p in zip(lat, lon, names, precision, strict=True)
    ]
    first = int(start.min())
    order = np.argsort(start, kind="stable")  # date order (a Selection of the index already is)
    start, end, code, toll = start[order], end[order], code[order], toll[order]
    steps = np.diff(start.astype(np.int64), prepend=first)
    spans = (end.astype(np.int64) - start).clip(max=(int(end.max()) - first))
    head = [
        (date(1970, 1, 1) + timedelta(days=first)).isoformat(),
        int(end.max()) - first,
        [str(t) for t in codes.type_names],
        [type_colour(str(t)) for t in codes.type_names],
        MAX_FEATURES,
        CLUSTER_MIN_PLACES,
        [PRECISION_WORDS[3], PRECISION_WORDS[4]],
    ]
    keys = [str(k) for k in codes.key[used]]
    return [head, steps.tolist(), spans.tolist(), code.tolist(), toll.tolist(), places, keys]


def data_request(value) -> str | None:
    """A map's request for the events (see ScrubLayer), as a token that differs between requests; else None."""
    if isinstance(value, list) and len(value) == 3 and value[0] == REQUEST_TAG:
        return f"{str(value[1])[:40]}:{str(value[2])[:40]}"
    return None


def parse_report(value) -> tuple[date, date] | None:
    """The window a map report carries ([REPORT_TAG, from, to, nonce] as selected_tags; the nonce makes a window the
    analyst scrubs back to a new report), None when it is not one."""
    if not isinstance(value, list) or len(value) not in (3, 4) or value[0] != REPORT_TAG:
        return None
    try:
        start, end = date.fromisoformat(str(value[1])[:10]), date.fromisoformat(str(value[2])[:10])
    except ValueError:
        return None
    return (start, end) if start <= end else None


@dataclass(frozen=True)
class ScrubData:
    """scrub_rows as the script text ScrubLayer sends, its id (a hash of it) and the places' keys (to number the
    selected place)."""

    json: str
    id: str
    keys: list[str]


class ScrubLayer(RawScript):
    """The markers of one window, drawn in the browser from the filters' events (scrub_rows), with the map's
    timeline control set to that window. Every rerun sends one; the control and its engine live on with the map.

    The events are sent only when the map does not hold them yet (send=False: only their id, and the map draws
    from the copy it kept). A map that lacks them after all (its frame built anew) asks for them: its value
    becomes [REQUEST_TAG, id, nonce] (data_request), and the next run sends them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, group) {
            if (!map.cmScrub) { ({{ this.engine_js }})(map, {{ this.draw_js }}, {{ this.cluster_json }}); }
            map.cmScrub.load({{ this.data_json }}, {{ this.id_json }}, {{ this.window_json }}, {{ this.selected_json }},
                             group);
        })({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )
    draw_js = DRAW_POINTS_JS

    def __init__(
        self,
        data: ScrubData,
        window: tuple[date, date],
        bounds: tuple[date, date],
        selected_key: str | None,
        send: bool = True,
    ) -> None:
        super().__init__()
        self._name = "ScrubLayer"
        self.data_json = data.json if send else "null"
        self.id_json = _json_for_script(data.id)
        keys = data.keys
        self.window_json = _json_rows_inert([[d.isoformat() for d in (*window, *bounds)]])
        self.selected_json = str(keys.index(selected_key)) if selected_key in keys else "-1"
        self.cluster_json = _json_for_script(CLUSTER_OPTIONS)
        from conflictmap.mapview.scrub_js import SCRUB_ENGINE_JS

        self.engine_js = SCRUB_ENGINE_JS


def scrub_data(sel) -> ScrubData | None:
    """The ScrubData of a Selection (its filters, every date); None when its events are not scrubbed in the
    browser (too many, or none with a date and coordinates)."""
    rows = scrub_rows(sel)
    if rows is None:
        return None
    text = _json_rows_inert(rows[:6])
    return ScrubData(text, hashlib.blake2b(text.encode(), digest_size=8).hexdigest(), rows[6])


def scrub_layer(
    data: ScrubData, window: tuple[date, date], bounds: tuple[date, date], send: bool, selected_key: str | None
) -> folium.FeatureGroup:
    """The live map's markers layer for a window, drawn in the browser from scrub_data (see ScrubLayer); send:
    whether the map needs the events (else their id only)."""
    fg = folium.FeatureGroup(name="Events")
    ScrubLayer(data, window, bounds, selected_key, send).add_to(fg)
    return fg
