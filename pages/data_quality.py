"""Data quality page: rejected rows with reasons, weak places, undated or unplaced events, stale corrections."""

from dataclasses import asdict

import pandas as pd
import streamlit as st

from conflictmap.events.corrections import CORRECTION_COLUMNS, load_corrections, stale_corrections
from ui.common import corrections_path, load_events, md_escape
from ui.tables import show_table

SHOWN = ["event_id", "event_date", "event_type", "location", "geo_precision", "geo_confidence", "excerpt", "source_ids"]


def section(title: str, rows: pd.DataFrame, note: str = "") -> None:
    """A heading with the row count, a note and the rows (st.dataframe shows cells as text)."""
    st.subheader(f"{title} ({len(rows)})")
    if not rows.empty:
        if note:
            st.caption(note)
        show_table(rows)


st.title("Data quality")
result = load_events()
if result is None:
    st.stop()
for note in result.problems:
    st.info(md_escape(note))
st.subheader(f"Rejected rows ({len(result.rejected)})")
if result.rejected.empty:
    st.write("Every row of the events file is valid.")
else:
    st.write("These rows are kept in the file but not shown on the map until they are fixed.")
    show_table(result.rejected)

df = result.valid
no_place = df[df["latitude"].isna() | df["longitude"].isna() | (df["location"].str.strip() == "")]
section("Events without a place", no_place[SHOWN], "Not on the map: correct the place on the Events page.")
section(
    "Events without a date",
    df[df["date_from"].isna()][[*SHOWN, "date_precision"]],
    "From articles with no publication date anywhere (date precision unknown); not on the map or timeline until "
    "dated: on the Events page pick the event and Change: Dates (kept in the corrections log).",
)
low = df[df["geo_confidence"].notna() & (df["geo_confidence"] < 0.5)]
section("Low-confidence places (confidence < 0.5)", low[SHOWN], "The geoparser was unsure: check each place.")
country = df[df["geo_precision"] == 4]
section("Placed at country level (geo precision 4)", country[SHOWN], "Drawn at the country's centre point.")

path = corrections_path()
try:
    in_file = set(df["event_id"]) | set(result.rejected.get("event_id", pd.Series(dtype=str)))
    stale = stale_corrections(load_corrections(path), in_file)
except (OSError, UnicodeDecodeError, TypeError) as e:
    st.error(f"Cannot read {md_escape(path.name)}: {md_escape(e)}")
    st.stop()
section(
    "Corrections that no longer apply",
    pd.DataFrame([asdict(c) for c in stale], columns=list(CORRECTION_COLUMNS)),
    "Their event is not in the events file (its article changed or was removed). They stay in the log.",
)
