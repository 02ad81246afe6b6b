"""Events page: every valid event as a sortable, filterable table."""

import streamlit as st

from conflictmap.model import EVENT_COLUMNS
from pages.common import load_events, show_load_problems

st.title("Events")
result = load_events()
if result is None:
    st.stop()
show_load_problems(result)
df = result.valid
query = st.text_input("Search", placeholder="place, actor, type, excerpt...", key="events_search")
if query:
    hay = df[["location", "actor1", "actor2", "event_type", "sub_event_type", "excerpt", "summary"]].agg(
        " ".join, axis=1
    )
    df = df[hay.str.contains(query, case=False, regex=False)]
st.caption(f"{len(df)} of {len(result.valid)} event(s)")
# st.dataframe renders cells as text, so article text cannot inject markup here.
st.dataframe(df[list(EVENT_COLUMNS)], hide_index=True, width="stretch")
