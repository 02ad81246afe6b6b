"""Map page: scrub or play the date window, see the events as markers, click a town to read its sources."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from conflictmap.mapview.basemap import base_map
from conflictmap.mapview.mapping import choropleth_legend_html, legend_html
from conflictmap.mapview.places import MAX_FEATURES
from conflictmap.mapview.viewstate import ViewState, clamp_window, next_window, to_query
from conflictmap.store.places import find_place, nearest_place, place_summary
from conflictmap.store.select import date_bounds
from ui.common import data_key, load_map_index, scrub_data, settings, show_load_problems, wait_until_sent
from ui.export_panel import render_export_panel
from ui.panels import (
    controls,
    follow_map_timeline,
    map_layers,
    render_place_panel,
    restore_from_url,
    sidebar_controls,
)
from ui.timeline import render_timeline

st.title("Conflict Map")
index = load_map_index()  # the map's columns only; excerpts and sources are read for the rows shown
if index is None:
    st.stop()
show_load_problems(index.load_result)
df = index.events
bounds = date_bounds(df)
if bounds is None:
    st.info("No events yet. Ingest articles (`python -m conflictmap ingest articles/ -o events.csv`).")
    st.stop()
lo, hi = bounds
all_types = sorted(str(t) for t in df["event_type"].unique() if t)
ss = st.session_state
restore_from_url(all_types, bounds)
ctl = controls()  # the sidebar's values; its widgets are drawn after the map (see the end)
# A session's first run sends the map with its slider and caption only: every other kind of widget makes the
# browser load its scripts (six at a time, ~25 for the sidebar, more for the export panel and the timeline's chart),
# which held the map's frame back and competed with it for the CPU. The map reports its view as soon as it is
# drawn, which reruns the fragment; that rerun asks for a whole run, which draws the rest.
complete = ss["page_complete"] = "first_run_over" in ss


@st.fragment(run_every=1 / ctl.fps if ss.get("playing") else None)
def map_and_panel() -> None:
    """The part that playback and the slider rerun: slider, map layers, town panel, timeline, URL."""
    played_out = False
    follow_map_timeline(ss, lo, hi)
    if "pending_window" in ss:  # set by Play or the timeline brush before the slider exists in this run
        ss["window"] = ss.pop("pending_window")
    elif ss.get("playing"):
        nxt = next_window(ss["window"], bounds, ctl.step_days, ctl.cumulative)
        if nxt is None:  # the end: stop; the whole page reruns after this run, so the sidebar says Play again
            ss["playing"], played_out = False, True
        else:
            ss["window"] = nxt
    if lo == hi:
        window = (lo, hi)
    else:
        window = st.slider("Date window", min_value=lo, max_value=hi, format="YYYY-MM-DD", key="window")
    # positions from sorted arrays, no frame: the summary counts on the index's per-row codes, the panel and the
    # export read the rows they show
    selected = index.select(window[0], window[1], ctl.types, ctl.claims)
    summary = place_summary(selected)
    map_state = ss.get("map") or {}
    clicked = map_state.get("last_object_clicked")
    if clicked and clicked != ss.get("last_click"):
        ss["last_click"] = clicked
        if len(summary) <= MAX_FEATURES:  # else the map shows grid cells, and a click on one only zooms in
            ss["place"] = nearest_place(summary, clicked["lat"], clicked["lng"]) or ss.get("place")
    if ss.get("place_token"):
        ss["place"] = find_place(summary, ss.pop("place_token")) or ss.get("place")
    place_key = ss.get("place")

    n_sources = index.count_sources(selected)
    unplaced = len(selected) - int(summary["events"].sum())
    st.caption(
        f"{len(selected)} event(s) at {len(summary)} place(s) from {n_sources} source(s), "
        f"{window[0].isoformat()} to {window[1].isoformat()}"
        + (f"; {unplaced} without coordinates (see Data quality)" if unplaced else "")
    )
    col_map, col_panel = st.columns([3, 2], gap="medium")
    center, zoom_now = map_state.get("center"), map_state.get("zoom")
    view = (center["lat"], center["lng"], int(zoom_now)) if center and zoom_now is not None else ss["url_state"].view
    # the map's own timeline: on a session's first run the server draws the window (less to send before the markers)
    data = scrub_data(index, ctl.types, ctl.claims) if ss["page_complete"] and "Markers" in ctl.layers else None
    scrub = (data, window, bounds, ss.get("scrub_sent") != data.id) if data is not None else None
    with col_map:
        s = settings()
        m = base_map(s["online_tiles"], s["tile_url"], s["tile_attribution"], view=ss["initial_view"], live=True)
        st_folium(
            m,
            key="map",
            height=540,
            use_container_width=True,
            feature_group_to_add=map_layers(
                selected, summary, ctl.layers, place_key, (view or ss["initial_view"])[2], scrub=scrub
            ),
            returned_objects=["last_object_clicked", "center", "zoom", "selected_tags"],
        )
        ss["scrub_sent"] = data.id if data is not None else None  # the map now holds these events
        st.html(legend_html(all_types) + (choropleth_legend_html() if "Governorates" in ctl.layers else ""))
    with col_panel:
        render_place_panel(selected, place_key, rows=index.rows)
        if ss["page_complete"]:
            with st.expander("Export this view", icon=":material/download:"):
                export_rows = lambda: index.rows(selected.index)  # noqa: E731  (every column, read when exporting)
                render_export_panel(export_rows, window, view, {"types": ctl.types, "claims": ctl.claims})
    if ss["page_complete"]:
        brushed = render_timeline(
            lambda: index.select(None, None, ctl.types, ctl.claims),  # counted on the index, no frame
            window,
            bounds,
            cache_key=(data_key(), tuple(ctl.types), tuple(ctl.claims)),
        )
    else:
        st.caption("The timeline, the filters and the export appear once the map is drawn.")
        brushed = None
    if brushed and brushed != ss.get("last_brush") and not ss.get("playing"):
        ss["last_brush"] = brushed
        ss["pending_window"] = clamp_window(*brushed, lo, hi)
        st.rerun(scope="fragment")

    known = place_key in set(summary["place_key"])
    state = ViewState(window[0], window[1], ctl.types, ctl.claims, place_key if known else "", view, ctl.layers)
    st.query_params.from_dict(to_query(state))
    if played_out or (not ss["page_complete"] and "first_run_over" in ss):
        # the map drawn (its report reran this fragment): the whole page, with the sidebar (see `complete`).
        # Only now: a rerun raised before the map is drawn again would end this run without the map, and the
        # browser would drop the map's frame and build a new one (the user's zoom and pan lost)
        st.rerun(scope="app")


# The sidebar after the map: its place on the page does not depend on the order, and the browser loads the map's
# frame first (see `complete`). When the map's part fails (its error is shown), the sidebar is drawn all the same, so
# a filter can be undone.
try:
    map_and_panel()
except Exception:
    sidebar_controls(all_types, bounds)
    raise
finally:
    ss["first_run_over"] = True
if complete:
    sidebar_controls(all_types, bounds)
# a fragment rerun may be queued behind this run (playback's timer, the map's report): its start would drop the
# map's messages still waiting to be sent, and the browser would rebuild the map's frame (see wait_until_sent)
wait_until_sent()
