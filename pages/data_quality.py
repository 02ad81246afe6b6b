"""Data quality page: rejected rows with reasons, file notes, events without a place, low-confidence places."""

import streamlit as st

from pages.common import load_events

st.title("Data quality")
result = load_events()
if result is None:
    st.stop()
for note in result.problems:
    st.info(note)
st.subheader(f"Rejected rows ({len(result.rejected)})")
if result.rejected.empty:
    st.write("Every row of the events file is valid.")
else:
    st.write("These rows are kept in the file but not shown on the map until they are fixed.")
    st.dataframe(result.rejected, hide_index=True, width="stretch")

df = result.valid
no_place = df[df["latitude"].isna() | df["longitude"].isna()]
st.subheader(f"Events without coordinates ({len(no_place)})")
if not no_place.empty:
    st.dataframe(no_place[["event_id", "event_date", "location", "excerpt", "source_ids"]], hide_index=True)
low = df[df["geo_confidence"].notna() & (df["geo_confidence"] < 0.5)]
st.subheader(f"Low-confidence places ({len(low)})")
if not low.empty:
    st.dataframe(low[["event_id", "location", "geo_confidence", "geo_precision", "excerpt"]], hide_index=True)
