"""Data quality page: rejected rows with reasons, weak places, undated or unplaced events, stale corrections.

The page works on the map's index (the map's columns in memory): each list is found on those columns (geo_confidence
read alone), and only the rows of the page shown are read whole."""

from dataclasses import asdict

import numpy as np
import pandas as pd
import streamlit as st

from conflictmap.events.corrections import CORRECTION_COLUMNS, load_corrections, stale_corrections
from conflictmap.store.scan import column
from ui.common import corrections_path, data_key, event_positions, load_map_index, md_escape
from ui.tables import index_page, show_table

SHOWN = ["event_id", "event_date", "event_type", "location", "geo_precision", "geo_confidence", "excerpt", "source_ids"]


def section(title: str, rows: pd.DataFrame, note: str = "") -> None:
    """A heading with the row count, a note and the rows (st.dataframe shows cells as text)."""
    st.subheader(f"{title} ({len(rows)})")
    if not rows.empty:
        if note:
            st.caption(note)
        show_table(rows)


def _blank(s: pd.Series) -> np.ndarray:
    """Where the text is empty or spaces (missing: False); a categorical is checked once per category."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        blank = s.cat.categories.astype(str).str.strip() == ""
        return np.append(blank, False)[s.cat.codes.to_numpy()]  # code -1 (missing) takes the last slot
    return (s.str.strip() == "").to_numpy(bool)


@st.cache_resource(show_spinner="Checking the events...", max_entries=2)
def _lists(key, _index) -> dict[str, np.ndarray]:
    """The positions of the events without a place, without a date, with a low-confidence place, placed at
    country level: found once per file version (geo_confidence is read alone, a partition at a time)."""
    df = _index.events
    no_place = df["latitude"].isna() | df["longitude"].isna() | _blank(df["location"])
    confidence = column(_index, "geo_confidence")
    masks = {"place": no_place, "undated": df["date_from"].isna(),
             "low": confidence.notna() & (confidence < 0.5), "country": df["geo_precision"] == 4}  # fmt: skip
    return {k: np.flatnonzero(np.asarray(m, dtype=bool)) for k, m in masks.items()}


def index_section(title: str, positions: np.ndarray, columns: list[str], note: str, key: str) -> None:
    """A section of the index's rows at these positions: the count, and the page of them shown, read for it."""
    st.subheader(f"{title} ({len(positions)})")
    if len(positions):
        st.caption(note)
        show_table(index_page(index, positions, columns, key=key))


st.title("Data quality")
index = load_map_index()
if index is None:
    st.stop()
for note in index.problems:
    st.info(md_escape(note))
rejected = index.rejected
st.subheader(f"Rejected rows ({len(rejected)})")
if rejected.empty:
    st.write("Every row of the events file is valid.")
else:
    st.write("These rows are kept in the file but not shown on the map until they are fixed.")
    show_table(rejected)

found = _lists(data_key(), index)
index_section(
    "Events without a place", found["place"], SHOWN, "Not on the map: correct the place on the Events page.", "dq_place"
)
index_section(
    "Events without a date",
    found["undated"],
    [*SHOWN, "date_precision"],
    "From articles with no publication date anywhere (date precision unknown); not on the map or timeline until "
    "dated: on the Events page pick the event and Change: Dates (kept in the corrections log).",
    "dq_undated",
)
index_section(
    "Low-confidence places (confidence < 0.5)",
    found["low"],
    SHOWN,
    "The geoparser was unsure: check each place.",
    "dq_low",
)
index_section(
    "Placed at country level (geo precision 4)",
    found["country"],
    SHOWN,
    "Drawn at the country's centre point.",
    "dq_country",
)

path = corrections_path()
try:
    corrections = load_corrections(path)
    wanted = {c.event_id for c in corrections}
    in_file = set(event_positions(index, wanted)) | (set(rejected["event_id"]) if "event_id" in rejected else set())
    stale = stale_corrections(corrections, in_file)
except (OSError, UnicodeDecodeError, TypeError) as e:
    st.error(f"Cannot read {md_escape(path.name)}: {md_escape(e)}")
    st.stop()
section(
    "Corrections that no longer apply",
    pd.DataFrame([asdict(c) for c in stale], columns=list(CORRECTION_COLUMNS)),
    "Their event is not in the events file (its article changed or was removed). They stay in the log.",
)
