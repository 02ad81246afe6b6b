"""Events page: every valid event as a sortable, filterable table (a page at a time), and a form to correct one.

The filters are also kept in st.session_state for the map page: filter_types, filter_actors, filter_claims,
filter_geo_precisions, filter_sources (lists) and filter_text (str). The page works on the map's index (the map's
columns in memory): a filter on other columns reads only those, and the table reads the rows of the page shown.
"""

import numpy as np
import streamlit as st

import ui.tables as tables
from conflictmap.model import CLAIM_STATUSES, EVENT_COLUMNS
from conflictmap.store.table import filter_positions, index_actors, index_sources
from ui.common import data_key, load_map_index, show_load_problems
from ui.curation import render_curation_form
from ui.tables import PAGE_ROWS, index_page, show_table

FILTERS = ("types", "actors", "claims", "geo_precisions", "sources", "text")


@st.cache_resource(show_spinner="Listing actors and sources...", max_entries=2)
def _options(key, _index) -> tuple[list[str], list[str] | None]:
    """The actors, and the sources (None when there are too many to list)."""
    listed = _index.count_sources(slice(0, len(_index))) <= tables.MAX_LISTED
    return index_actors(_index), index_sources(_index) if listed else None


@st.cache_resource(show_spinner="Filtering...", max_entries=3)
def _matching(key, filters: tuple, _index) -> np.ndarray:
    # kept (a few filters: at 10,000,000 rows each is up to 40 MB), so a rerun that changes no filter reads nothing
    pos = filter_positions(_index, *filters)
    return pos.astype(np.int32) if len(_index) < 2**31 else pos


st.title("Events")
index = load_map_index()
if index is None:
    st.stop()
show_load_problems(index.load_result)
key = data_key()
ss = st.session_state
for name in FILTERS:  # widgets start from the shared filters, so a filter set here or on the map carries over
    if f"events_{name}" not in ss:
        ss[f"events_{name}"] = ss.get(f"filter_{name}", "" if name == "text" else [])

all_actors, all_sources = _options(key, index)
with st.sidebar:
    st.subheader("Filters")
    all_types = sorted(str(t) for t in index.events["event_type"].dropna().unique() if t)
    types = st.multiselect("Event type", all_types, key="events_types")
    actor_names = st.multiselect("Actor", all_actors, key="events_actors")
    claims = st.multiselect("Claim status", list(CLAIM_STATUSES), key="events_claims")
    precisions = st.multiselect(
        "Geo precision", [1, 2, 3, 4], key="events_geo_precisions", help="1 town, 2 near a town, 3 admin1, 4 country"
    )
    if all_sources is not None:
        source_ids = st.multiselect("Source", all_sources, key="events_sources")
    else:  # too many to list: typed, separated by ';' (kept as a list, as the map reads it)
        if "events_sources_typed" not in ss:
            ss["events_sources_typed"] = ";".join(ss["events_sources"])
        typed = st.text_input("Source ids (separated by ;)", key="events_sources_typed")
        ss["events_sources"] = source_ids = [s.strip() for s in typed.split(";") if s.strip()]
for name in FILTERS:
    ss[f"filter_{name}"] = ss[f"events_{name}"]
text = st.text_input("Search", placeholder="place, actor, type, excerpt, event id...", key="events_text")

filters = (tuple(types), tuple(actor_names), tuple(claims), tuple(precisions), tuple(source_ids), text)
matching = _matching(key, filters, index)
st.caption(f"{len(matching)} of {len(index)} event(s). Click a column header to sort; tick a row to correct it below.")
# st.dataframe renders cells as text, so article text cannot inject markup here.
shown = index_page(index, matching, EVENT_COLUMNS, key="events_page", of=(key, filters))
table = show_table(shown, on_select="rerun", selection_mode="single-row", key="events_table")
rows = table.selection.rows if table else []
picked = shown.iloc[rows[0]]["event_id"] if rows else None
st.divider()
# the events of the page shown (of the first page of all events when nothing matches)
offered = shown if len(shown) else index.rows(np.arange(min(PAGE_ROWS, len(index))), list(EVENT_COLUMNS))
render_curation_form(offered, picked)
