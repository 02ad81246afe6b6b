"""`python -m conflictmap serve [STREAMLIT OPTIONS]`: start the dashboard, warmed up for its first visitor.

A plain `streamlit run dashboard.py` imports pandas, folium and altair, simplifies the basemap and reads the
events file only when the first browser connects, so the first visitor waits about a second longer than
everyone after. This launcher does the imports and the basemap before the server starts listening, and loads
the events file into the pages' cache in a background thread as soon as the server's runtime exists. Options
are passed to `streamlit run` unchanged; .streamlit/config.toml already sets headless mode and 127.0.0.1.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

from conflictmap.model import PROJECT_ROOT

log = logging.getLogger(__name__)


def _warm_events_when_ready(timeout_s: float = 60.0) -> None:
    from streamlit.runtime import Runtime

    from ui.common import warm_up_events

    deadline = time.monotonic() + timeout_s
    while not Runtime.exists():  # st.cache_data must store into the running server's cache, not a throwaway one
        if time.monotonic() > deadline:
            return
        time.sleep(0.01)
    try:
        warm_up_events()
    except Exception:  # only a slower first page: the page itself reports real problems with the file
        log.exception("loading the events file ahead of the first visitor failed")


def cli(argv: list[str]) -> int:
    """Run `streamlit run dashboard.py ARGV...` in this process, warmed up first."""
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    from streamlit.web import cli as st_cli

    from ui.common import warm_up_code

    try:
        warm_up_code()
    except Exception:  # the page will do (and report) the same work itself
        log.exception("warm-up failed; the first page will do this work itself")
    # dashboard.py declares its pages with st.navigation. Until some session has run it, Streamlit treats the
    # pages/ folder as old-style pages: a first visitor arriving by a deep link (/events, /sources?...) would run
    # that page file alone and see every module of pages/ listed as a page. Say up front that it is not so.
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    threading.Thread(target=_warm_events_when_ready, name="conflictmap-warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "dashboard.py"), *argv]
    return int(st_cli.main(standalone_mode=False) or 0)
