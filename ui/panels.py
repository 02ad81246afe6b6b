"""Pieces of the map page: URL restore, sidebar controls, the map layers and the town panel (the timeline: ui.timeline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import folium
import pandas as pd
import streamlit as st

from conflictmap.mapview.basemap import DEFAULT_VIEW
from conflictmap.mapview.highlight import figure_values, highlight_excerpt
from conflictmap.mapview.mapping import event_layer, governorate_counts, governorate_layer, heat_layer
from conflictmap.mapview.scrub import ScrubData, data_request, parse_report, scrub_layer
from conflictmap.mapview.viewstate import DEFAULT_LAYERS, MAP_LAYERS, clamp_window, first_frame, parse_query
from conflictmap.model import CLAIM_STATUSES
from conflictmap.store.describe import date_span, figures_text
from conflictmap.store.places import events_at, events_at_positions
from conflictmap.store.selection import Selection
from ui.common import load_evidence, md_escape, source_meta

# long place names and unbroken source titles wrap inside the side panel instead of widening it over the map
PANEL_CSS = (
    "<style>[data-testid='stMain'] h3, [data-testid='stMain'] .cm-excerpt,"
    " [data-testid='stMain'] [data-testid='stPageLink'] p {overflow-wrap:anywhere;white-space:normal;}</style>"
)
PANEL_MAX_EVENTS = 40  # a busy town over a long window: show the newest, say how many more


@dataclass
class Controls:
    """What the sidebar asks for."""

    types: list[str]
    claims: list[str]
    cumulative: bool
    step_days: int
    fps: float
    layers: list[str]


def restore_from_url(all_types: list[str], bounds: tuple[date, date]) -> None:
    """On a session's first run, put what the URL says (window, filters, place, view) into session state."""
    ss = st.session_state
    if "url_state" in ss:
        return
    qp = st.query_params
    url = parse_query(qp.to_dict() | {k: qp.get_all(k) for k in ("type", "claim", "layer")}, all_types)
    ss["url_state"] = url
    ss["window"] = clamp_window(url.start, url.end, *bounds)
    ss["types"], ss["claims"], ss["initial_view"] = url.types, url.claims, url.view or DEFAULT_VIEW
    ss["place_token"] = url.place
    ss["layers"] = list(DEFAULT_LAYERS if url.layers is None else url.layers)
    if url.ignored:
        st.warning(md_escape("Ignored in the link: " + "; ".join(url.ignored)))  # the values are the link's text


# the playback widgets' first values (keys play_mode, step, fps); read before the widgets exist (controls)
PLAY_MODES = ["window", "cumulative"]
STEPS = [1, 7]
SPEEDS = [0.5, 1, 2, 4]
DEFAULT_STEP, DEFAULT_FPS = 1, 1


def controls() -> Controls:
    """What the sidebar asks for, read from session state before its widgets are drawn (sidebar_controls draws
    them after the map, so the browser loads the map's frame before the sidebar widgets' scripts). A changed
    widget's value is in session state when the run starts; restore_from_url put the first filters there."""
    ss = st.session_state
    if "layers" not in ss:  # widget state is dropped while another page is shown
        ss["layers"] = list(DEFAULT_LAYERS)
    return Controls(
        list(ss.get("types") or []),
        list(ss.get("claims") or []),
        ss.get("play_mode", PLAY_MODES[0]) == "cumulative",
        ss.get("step", DEFAULT_STEP),
        ss.get("fps", DEFAULT_FPS),
        list(ss.get("layers") or []),
    )


def _toggle_play(bounds: tuple[date, date]) -> None:
    # a callback, run before the script: the page's run already plays (or stops), with no second run
    ss = st.session_state
    ss["playing"] = not ss.get("playing", False)
    if ss["playing"]:
        ss["pending_window"] = first_frame(ss["window"], bounds, ss.get("play_mode") == "cumulative")


def sidebar_controls(all_types: list[str], bounds: tuple[date, date]) -> None:
    """Filters, layers and playback in the sidebar (their values: controls()); Play/Pause toggles
    session_state['playing']."""
    ss = st.session_state
    with st.sidebar:
        st.subheader("Filters")
        st.multiselect("Event type", all_types, key="types", placeholder="All types")
        st.multiselect("Claim status", list(CLAIM_STATUSES), key="claims", placeholder="All")
        st.pills("Layers", MAP_LAYERS, selection_mode="multi", key="layers")
        st.subheader("Playback")
        st.radio("Mode", PLAY_MODES, horizontal=True, key="play_mode")
        step_name = lambda d: "day" if d == 1 else "week"  # noqa: E731
        st.select_slider("Step", STEPS, value=DEFAULT_STEP, format_func=step_name, key="step")
        st.select_slider("Speed (frames/s)", options=SPEEDS, value=DEFAULT_FPS, key="fps")
        playing = ss.get("playing", False)
        icon = ":material/pause:" if playing else ":material/play_arrow:"
        st.button("Pause" if playing else "Play", icon=icon, on_click=_toggle_play, args=(bounds,))


def count_sources(events: pd.DataFrame) -> int:
    """How many distinct sources the events cite (source_ids is ';'-separated; many rows share one value)."""
    return len({sid for ids in events["source_ids"].unique() for sid in str(ids).split(";") if sid})


def follow_map_timeline(ss, lo: date, hi: date) -> None:
    """What the map's own timeline (mapview.scrub.ScrubLayer) told the server since the last run: a request for the
    events (a map mounted anew, or one that lacks them: they go with the next layer), or the window the analyst
    settled on, which the page's slider takes over (not during playback). Each report carries a nonce, so a window
    scrubbed back to after the server moved away is followed again."""
    tags = (ss.get("map") or {}).get("selected_tags")
    if not ss.get("map") or data_request(tags) not in (None, ss.get("last_request")):
        ss["last_request"] = data_request(tags)
        ss.pop("scrub_sent", None)
    scrubbed = parse_report(tags)
    if scrubbed and tags != ss.get("last_scrub"):
        ss["last_scrub"] = tags
        if not ss.get("playing"):
            ss["pending_window"] = clamp_window(*scrubbed, lo, hi)


def map_layers(
    selected: pd.DataFrame | Selection,
    summary: pd.DataFrame,
    layers: list[str],
    place_key,
    zoom: int,
    scrub: tuple[ScrubData, tuple[date, date], tuple[date, date], bool] | None = None,
) -> list:
    """The feature groups a rerun sends to the map (the map itself, and so the user's zoom and pan, stay put).
    scrub: (mapview.scrub.scrub_data of the filters, window, bounds, whether the map needs the events): the markers
    are drawn in the browser, with the map's own timeline control (else by the server, for this window only)."""
    groups: list[folium.FeatureGroup] = []
    if "Governorates" in layers:
        events = selected.frame() if isinstance(selected, Selection) else selected  # only with this layer on
        groups.append(governorate_layer(governorate_counts(events)))
    if "Heatmap" in layers:
        groups.append(heat_layer(summary, zoom))
    on = "Markers" in layers
    if on and scrub is not None:
        groups.append(scrub_layer(*scrub, place_key))
        return groups
    groups.append(event_layer(summary if on else summary.iloc[0:0], selected_key=place_key, zoom=zoom))
    return groups


def _dates(r: dict) -> str:
    return f"{date_span(r['date_from'], r['date_to'])} (date precision: {r['date_precision']})"


def _source_label(sid: str) -> str:
    meta = source_meta(sid)
    parts = (meta.get("title") or sid, meta.get("publisher"), meta.get("published"))
    return " · ".join(md_escape(x) for x in parts if x)  # a page link's label is Markdown


def _render_sources(r: dict, evidence: pd.DataFrame) -> None:
    rows = evidence[evidence["event_id"] == r["event_id"]]
    cited = set(rows["source_id"])
    for ev in rows.to_dict("records"):
        at = {"at": str(int(ev["start"]))} if pd.notna(ev["start"]) else {}
        st.page_link(
            "pages/sources.py", label=_source_label(ev["source_id"]), query_params={"source": ev["source_id"], **at}
        )
        if ev["excerpt"] and ev["excerpt"] != r["excerpt"]:
            st.html(
                f"<blockquote class='cm-excerpt'>{highlight_excerpt(ev['excerpt'], [r['location']], figure_values(r))}</blockquote>"
            )
    for sid in [x for x in r["source_ids"].split(";") if x and x not in cited]:
        st.page_link("pages/sources.py", label=_source_label(sid), query_params={"source": sid})


def place_events(selected: pd.DataFrame | Selection, place_key: str, rows=None) -> tuple[pd.DataFrame, int]:
    """The newest PANEL_MAX_EVENTS events at a place (every column, oldest first) and how many there are. With
    `rows` (EventIndex.rows), `selected` holds only the map's columns (or is a Selection of the index) and the
    shown rows are read on demand."""
    if rows is None:
        here = events_at(selected, place_key)
        return here.tail(PANEL_MAX_EVENTS), len(here)
    if isinstance(selected, Selection):
        pos = selected.at_place(place_key)
        dates = selected.source.events["date_from"].to_numpy()[pos]
    else:
        pos = events_at_positions(selected, place_key)
        dates = selected["date_from"].loc[pos].to_numpy()
    if not len(pos):
        return rows(pos), 0
    # the panel orders by (date_from, event_id), the index by (date_from, row): read every event of the first shown
    # day so that ties on it are broken as the panel breaks them
    wanted = pos[dates >= dates[max(0, len(pos) - PANEL_MAX_EVENTS)]]
    return rows(wanted).sort_values(["date_from", "event_id"]).tail(PANEL_MAX_EVENTS), len(pos)


def render_place_panel(selected: pd.DataFrame | Selection, place_key: str | None, rows=None) -> None:
    """Every event at the clicked place in the window: excerpt with toponym and figures marked, claim status,
    dates with precision, and every corroborating source linked to the Sources page at its excerpt. With `rows`
    (EventIndex.rows) the excerpts and sources are read for the shown events only."""
    shown, total = place_events(selected, place_key, rows) if place_key else (None, 0)
    if not total:
        st.subheader("Events")
        st.write("Click a town on the map to read its events and their sources.")
        return
    first = shown.iloc[0]
    st.html(PANEL_CSS)
    st.subheader(md_escape(", ".join(x for x in (first["location"], first["admin1"], first["country_code"]) if x)))
    more = f"; the latest {len(shown)} shown, narrow the window to see the others" if total > len(shown) else ""
    st.caption(f"{total} event(s) in the window{more}")
    evidence = load_evidence(event_ids=shown["event_id"])  # the rows of the events shown, not the whole file
    for r in shown.to_dict("records"):
        with st.container(border=True):
            status = r["claim_status"] + (f" by {r['claimed_by']}" if r["claimed_by"] else "")
            head = [f"**{md_escape(r['event_type'] or 'Event')}**", md_escape(_dates(r)), md_escape(status)]
            if figures_text(r):
                head.append(md_escape(figures_text(r)))
            st.markdown(" · ".join(head))
            if r["claim_status"] != "reported":
                st.caption("Unverified claim: the figure is the claimant's, not a confirmed toll.")
            marked = highlight_excerpt(str(r["excerpt"]), [r["location"]], figure_values(r))
            st.html(f"<blockquote class='cm-excerpt'>{marked}</blockquote>")
            _render_sources(r, evidence)
