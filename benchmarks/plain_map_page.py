"""The baseline of benchmarks/map_perf.py: the map page written the plain folium + st_folium way.

One folium.CircleMarker (with a tooltip) per event of the date window, on a folium.Map rebuilt on every rerun and
handed whole to st_folium, under the same range slider over the same events file (PLAIN_EVENTS_PATH). Only the
map's JavaScript and CSS are pointed at the vendored files (the benchmark's browser has no network), and the
map has no tiles, as the app's. map_perf.py runs it with `streamlit run` from a folder whose static/ is the
project's, so /app/static/vendor/... is served as for the app.
"""

from __future__ import annotations

import os

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from conflictmap.mapview import assets


@st.cache_data
def load(path: str) -> pd.DataFrame:
    """The events file's mappable rows, with dates."""
    df = pd.read_csv(path, usecols=["date_from", "location", "latitude", "longitude", "event_type"])
    df["day"] = pd.to_datetime(df["date_from"]).dt.date
    return df.dropna(subset=["latitude", "longitude"])


df = load(os.environ["PLAIN_EVENTS_PATH"])
lo, hi = df["day"].min(), df["day"].max()
st.title("Plain folium map")
window = st.slider("Date window", min_value=lo, max_value=hi, value=(lo, hi), format="YYYY-MM-DD", key="window")
shown = df[(df["day"] >= window[0]) & (df["day"] <= window[1])]
st.caption(f"{len(shown)} event(s)")
m = folium.Map(location=[33.5, 43.5], zoom_start=6, tiles=None)
for r in shown.itertuples():
    folium.CircleMarker([r.latitude, r.longitude], radius=5, tooltip=r.location, fill=True).add_to(m)
assets.use_offline_assets(m)
st_folium(m, key="map", height=540, use_container_width=True, returned_objects=["last_object_clicked"])
