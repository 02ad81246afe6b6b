"""Map page: scrub the date window, see the events as markers, click a town to read its sources."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from conflictmap.mapping import base_map, event_markers, legend_html
from conflictmap.model import CLAIM_STATUSES
from conflictmap.select import date_bounds, events_at_place, mappable, nearest_place, places, select_events
from pages.common import load_events, md_escape, settings, show_load_problems, source_meta

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

with st.sidebar:
    st.subheader("Filters")
    all_types = sorted(t for t in df["event_type"].unique() if t)
    types = st.multiselect("Event type", all_types, key="types", placeholder="All types")
    claims = st.multiselect("Claim status", list(CLAIM_STATUSES), key="claims", placeholder="All")

lo, hi = bounds
if lo == hi:
    window = (lo, hi)
    st.caption(f"All events fall on {lo.isoformat()}.")
else:
    window = st.slider("Date window", min_value=lo, max_value=hi, value=(lo, hi), format="YYYY-MM-DD", key="window")
selected = select_events(df, window[0], window[1], types, claims)
mapped = mappable(selected)
places_df = places(mapped)

# The click that triggered this rerun is already in session state: read it before drawing the markers.
clicked = (st.session_state.get("map") or {}).get("last_object_clicked")
if clicked:
    key = nearest_place(places_df, clicked["lat"], clicked["lng"])
    if key:
        st.session_state["place"] = key
place_key = st.session_state.get("place")

n_sources = len({s for ids in selected["source_ids"] for s in ids.split(";") if s})
st.caption(
    f"{len(selected)} event(s) at {len(places_df)} place(s) from {n_sources} source(s), "
    f"{window[0].isoformat()} to {window[1].isoformat()}"
    + (f"; {len(selected) - len(mapped)} without coordinates (see Data quality)" if len(selected) > len(mapped) else "")
)
col_map, col_panel = st.columns([3, 2], gap="medium")
with col_map:
    s = settings()
    m = base_map(online_tiles=s["online_tiles"], tile_url=s["tile_url"], tile_attribution=s["tile_attribution"])
    st_folium(
        m,
        key="map",
        height=560,
        use_container_width=True,
        feature_group_to_add=event_markers(mapped, selected_key=place_key),
        returned_objects=["last_object_clicked"],
    )
    st.html(legend_html(all_types))

with col_panel:
    here = events_at_place(selected, place_key) if place_key else selected.iloc[0:0]
    if here.empty:
        st.subheader("Events")
        st.write("Click a town on the map to read its events and their sources.")
    else:
        first = here.iloc[0]
        where = ", ".join(x for x in (first["location"], first["admin1"], first["country_code"]) if x)
        st.subheader(where)
        st.caption(f"{len(here)} event(s) in the window")
        for r in here.to_dict("records"):
            with st.container(border=True):
                dates = r["date_from"].date().isoformat()
                if r["date_to"] != r["date_from"]:
                    dates += f" to {r['date_to'].date().isoformat()}"
                status = r["claim_status"] + (f" by {r['claimed_by']}" if r["claimed_by"] else "")
                figs = (
                    ""
                    if r["fatalities"] is None or r["fatalities"] != r["fatalities"]
                    else f" · {r['fatalities']:,} killed"
                )
                st.markdown(
                    f"**{md_escape(r['event_type'] or 'Event')}** · {md_escape(dates)} ({r['date_precision']})"
                    f" · {md_escape(status)}{md_escape(figs)}"
                )
                st.text(r["excerpt"])
                for sid in [x for x in r["source_ids"].split(";") if x]:
                    meta = source_meta(sid)
                    st.caption(
                        " · ".join(
                            x for x in (meta.get("title") or sid, meta.get("publisher"), meta.get("published")) if x
                        )
                    )
