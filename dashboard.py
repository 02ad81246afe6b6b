"""Conflict Map: the Streamlit entry point. `make run` starts it; each page lives in pages/."""

from pathlib import Path

import streamlit as st

# a local favicon: a material-icon page_icon makes the browser fetch an SVG from a font CDN
st.set_page_config(
    page_title="Conflict Map", page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide"
)

PAGES = [
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/events.py", title="Events", icon=":material/table:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/article:"),
    st.Page("pages/ingest.py", title="Ingest", icon=":material/upload_file:"),
    st.Page("pages/data_quality.py", title="Data quality", icon=":material/rule:"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
]

st.navigation(PAGES).run()
