"""Map page: scrub or play the date window, see the events as markers, click a town to read its sources."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from conflictmap.mapping import DEFAULT_VIEW, base_map, event_markers, legend_html
from conflictmap.model import CLAIM_STATUSES
from conflictmap.select import date_bounds, find_place, mappable, nearest_place, places, select_events
from conflictmap.viewstate import ViewState, clamp_window, first_frame, next_window, parse_query, to_query
from pages.common import load_events, settings, show_load_problems
from pages.panels import render_place_panel, render_timeline

st.title("Conflict Map")
result = load_events()
if result is None:
    st.stop()
show_load_problems(result)
df = result.valid
bounds = date_bounds(df)
if bounds is None:
    st.info("No events yet. Ingest articles (`python -m conflictmap ingest articles/ -o events.csv`).")
    st.stop()
lo, hi = bounds
all_types = sorted(t for t in df["event_type"].unique() if t)
ss = st.session_state

if "url_state" not in ss:  # first run of this session: restore what the URL says
    url = parse_query(st.query_params.to_dict() | {k: st.query_params.get_all(k) for k in ("type", "claim")}, all_types)
    ss["url_state"] = url
    ss["window"] = clamp_window(url.start, url.end, lo, hi)
    ss["types"], ss["claims"], ss["initial_view"] = url.types, url.claims, url.view or DEFAULT_VIEW
    ss["place_token"] = url.place
    if url.ignored:
        st.warning("Ignored in the link: " + "; ".join(url.ignored))
if "pending_window" in ss:  # set by playback or the timeline brush before the slider exists in this run
    ss["window"] = ss.pop("pending_window")

with st.sidebar:
    st.subheader("Filters")
    types = st.multiselect("Event type", all_types, key="types", placeholder="All types")
    claims = st.multiselect("Claim status", list(CLAIM_STATUSES), key="claims", placeholder="All")
    st.subheader("Playback")
    cumulative = st.radio("Mode", ["window", "cumulative"], horizontal=True, key="play_mode") == "cumulative"
    step = st.select_slider("Step", options=[1, 7], value=1, format_func=lambda d: "day" if d == 1 else "week")
    fps = st.select_slider("Speed (frames/s)", options=[0.5, 1, 2, 4], value=1, key="fps")
    playing = ss.get("playing", False)
    if st.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:"):
        ss["playing"] = not playing
        if not playing:
            ss["pending_window"] = first_frame(ss["window"], bounds, cumulative)
        st.rerun()


@st.fragment(run_every=1 / fps if ss.get("playing") else None)
def map_and_panel() -> None:
    """The part that playback reruns: slider, map, town panel, timeline."""
    if ss.get("playing"):
        nxt = next_window(ss["window"], bounds, step, cumulative)
        if nxt is None:
            ss["playing"] = False
        else:
            ss["window"] = nxt
    if lo == hi:
        window = (lo, hi)
    else:
        window = st.slider("Date window", min_value=lo, max_value=hi, format="YYYY-MM-DD", key="window")
    selected = select_events(df, window[0], window[1], types, claims)
    mapped = mappable(selected)
    places_df = places(mapped)
    map_state = ss.get("map") or {}
    clicked = map_state.get("last_object_clicked")
    if clicked and clicked != ss.get("last_click"):
        ss["last_click"] = clicked
        ss["place"] = nearest_place(places_df, clicked["lat"], clicked["lng"]) or ss.get("place")
    if ss.get("place_token"):
        ss["place"] = find_place(places_df, ss.pop("place_token")) or ss.get("place")
    place_key = ss.get("place")

    n_sources = len({s for ids in selected["source_ids"] for s in ids.split(";") if s})
    unplaced = len(selected) - len(mapped)
    st.caption(
        f"{len(selected)} event(s) at {len(places_df)} place(s) from {n_sources} source(s), "
        f"{window[0].isoformat()} to {window[1].isoformat()}"
        + (f"; {unplaced} without coordinates (see Data quality)" if unplaced else "")
    )
    col_map, col_panel = st.columns([3, 2], gap="medium")
    with col_map:
        s = settings()
        lat, lon, zoom = ss["initial_view"]
        m = base_map(s["online_tiles"], s["tile_url"], s["tile_attribution"], view=(lat, lon, zoom))
        st_folium(
            m,
            key="map",
            height=540,
            use_container_width=True,
            feature_group_to_add=event_markers(mapped, selected_key=place_key),
            returned_objects=["last_object_clicked", "center", "zoom"],
        )
        st.html(legend_html(all_types))
    with col_panel:
        render_place_panel(selected, place_key)
    brushed = render_timeline(select_events(df, None, None, types, claims), window)
    if brushed and brushed != window and not ss.get("playing"):
        ss["pending_window"] = clamp_window(*brushed, lo, hi)
        st.rerun()

    center, zoom_now = map_state.get("center"), map_state.get("zoom")
    view = (center["lat"], center["lng"], int(zoom_now)) if center and zoom_now is not None else None
    place_token = (
        places_df.set_index("place_key").loc[place_key, "location"] if place_key in set(places_df["place_key"]) else ""
    )
    state = ViewState(window[0], window[1], list(types), list(claims), place_key if place_token else "", view)
    st.query_params.from_dict(to_query(state))


map_and_panel()
