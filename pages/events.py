"""Events page: every valid event as a sortable, filterable table, and a form to correct one.

The filters are also kept in st.session_state for the map page: filter_types, filter_actors, filter_claims,
filter_geo_precisions, filter_sources (lists) and filter_text (str).
"""

import streamlit as st

from conflictmap.model import CLAIM_STATUSES, EVENT_COLUMNS
from conflictmap.store.table import actors, filter_table, sources
from ui.common import load_events, show_load_problems
from ui.curation import render_curation_form
from ui.tables import show_table

FILTERS = ("types", "actors", "claims", "geo_precisions", "sources", "text")

st.title("Events")
result = load_events()
if result is None:
    st.stop()
show_load_problems(result)
df = result.valid
ss = st.session_state
for name in FILTERS:  # widgets start from the shared filters, so a filter set here or on the map carries over
    if f"events_{name}" not in ss:
        ss[f"events_{name}"] = ss.get(f"filter_{name}", "" if name == "text" else [])

with st.sidebar:
    st.subheader("Filters")
    types = st.multiselect("Event type", sorted(t for t in set(df["event_type"]) if t), key="events_types")
    actor_names = st.multiselect("Actor", actors(df), key="events_actors")
    claims = st.multiselect("Claim status", list(CLAIM_STATUSES), key="events_claims")
    precisions = st.multiselect(
        "Geo precision", [1, 2, 3, 4], key="events_geo_precisions", help="1 town, 2 near a town, 3 admin1, 4 country"
    )
    source_ids = st.multiselect("Source", sources(df), key="events_sources")
for name in FILTERS:
    ss[f"filter_{name}"] = ss[f"events_{name}"]
text = st.text_input("Search", placeholder="place, actor, type, excerpt, event id...", key="events_text")

shown = filter_table(df, types, actor_names, claims, precisions, source_ids, text)
st.caption(f"{len(shown)} of {len(df)} event(s). Click a column header to sort; tick a row to correct it below.")
# st.dataframe renders cells as text, so article text cannot inject markup here.
table = show_table(
    shown[list(EVENT_COLUMNS)],
    on_select="rerun",
    selection_mode="single-row",
    key="events_table",
)
rows = table.selection.rows if table else []
picked = shown.iloc[rows[0]]["event_id"] if rows else None
st.divider()
render_curation_form(shown if len(shown) else df, picked)
