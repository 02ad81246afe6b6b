"""Settings page: every setting with its help text; online features are off until switched on here."""

import streamlit as st

from conflictmap.settings import SETTINGS
from ui.common import settings

st.title("Settings")
st.caption("Changes apply to this browser session. Persistent values go in settings.json (see README).")
values = settings()
for s in SETTINGS:
    if s.type is bool:
        values[s.name] = st.toggle(s.name, value=values[s.name], help=s.help, key=f"set_{s.name}")
    elif s.name == "online_geocoder":
        options = ["off", "nominatim", "geonames"]
        values[s.name] = st.selectbox(s.name, options, index=options.index(values[s.name]), help=s.help)
    elif s.type in (int, float):
        values[s.name] = s.type(st.number_input(s.name, value=s.type(values[s.name]), help=s.help))
    else:
        values[s.name] = st.text_input(s.name, value=str(values[s.name]), help=s.help, key=f"set_{s.name}")
if values["online_tiles"]:
    st.warning("Online tiles are on: the map will request tiles from the tile server (needs network).")
