"""Settings page: every setting with its help text; online features are off until switched on here.

Paths are not typed in: the events file is picked from the .csv files of the data folder (the operator's events
file's folder and the project root), and the articles folder is the operator's (settings.json or environment)."""

import streamlit as st

from conflictmap.model import PROJECT_ROOT
from conflictmap.settings import MINIMUMS, SETTINGS
from ui.common import events_file_choices, events_path, settings

st.title("Settings")
st.caption("Changes apply to this browser session. Persistent values go in settings.json (see README).")
values = settings()


def _shown(path) -> str:
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else path.name


for s in SETTINGS:
    if s.name == "events_path":
        choices = events_file_choices()
        current = events_path(values)
        picked = st.selectbox(s.name, choices, index=choices.index(current) if current in choices else 0,
                              format_func=_shown, help=s.help, key=f"set_{s.name}")  # fmt: skip
        values[s.name] = str(picked)
    elif s.name in ("articles_dir", "allowed_hosts"):
        note = f" Set by the operator (settings.json or CONFLICTMAP_{s.name.upper()}) when the server starts."
        st.text_input(s.name, value=str(values[s.name]), help=s.help + note, disabled=True, key=f"set_{s.name}")
    elif s.type is bool:
        values[s.name] = st.toggle(s.name, value=values[s.name], help=s.help, key=f"set_{s.name}")
    elif s.name == "online_geocoder":
        options = ["off", "nominatim", "geonames"]
        values[s.name] = st.selectbox(s.name, options, index=options.index(values[s.name]), help=s.help)
    elif s.type in (int, float):
        low = MINIMUMS.get(s.name)
        value = st.number_input(s.name, min_value=None if low is None else s.type(low), value=s.type(values[s.name]),
                                help=s.help, key=f"set_{s.name}")  # fmt: skip
        values[s.name] = s.type(value)
    else:
        values[s.name] = st.text_input(s.name, value=str(values[s.name]), help=s.help, key=f"set_{s.name}")
if values["online_tiles"]:
    st.warning("Online tiles are on: the map will request tiles from the tile server (needs network).")
