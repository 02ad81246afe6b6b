"""What every page shares: the session's settings, and the events loaded once per file version."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from conflictmap.events.corrections import corrections_path_for
from conflictmap.model import ARTICLES_DIR, PROJECT_ROOT
from conflictmap.settings import load_settings
from conflictmap.store.csvfile import LoadResult, StoreError, evidence_path_for
from conflictmap.store.evidence import evidence_rows
from conflictmap.store.index import MAP_COLUMNS, EventIndex, load_index
from conflictmap.store.scan import positions_of

SAFE_ID = re.compile(r"[A-Za-z0-9_.-]{1,200}")
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")


def startup_settings() -> dict:
    """The operator's settings (defaults + settings.json + environment), as the server was started with them.
    A bad value is shown as a plain message and the page stops."""
    try:
        return load_settings()
    except ValueError as e:
        st.error(f"The settings are not valid: {md_escape(e)}. Fix settings.json or the environment and restart.")
        st.stop()


def settings() -> dict:
    """This session's settings (the operator's, then what the Settings page changed for this session)."""
    if "settings" not in st.session_state:
        st.session_state["settings"] = startup_settings()
    return st.session_state["settings"]


def _resolve(value: str | Path) -> Path:
    p = Path(value)
    return (p if p.is_absolute() else PROJECT_ROOT / p).resolve()


def data_folders() -> list[Path]:
    """Where a session may pick an events file: the folder of the operator's events file and the project root."""
    folders = [_resolve(startup_settings()["events_path"]).parent, PROJECT_ROOT.resolve()]
    return list(dict.fromkeys(folders))


def events_file_choices() -> list[Path]:
    """The events files a session may switch to: .csv files in the data folders, not evidence or corrections logs."""
    own = ("evidence.csv", "corrections.csv", ".evidence.csv", ".corrections.csv", ".rejects.csv")
    found = [_resolve(startup_settings()["events_path"])]
    for folder in data_folders():
        found += sorted(p.resolve() for p in folder.glob("*.csv") if p.is_file() and not p.name.endswith(own))
    return list(dict.fromkeys(found))


def events_path(values: dict | None = None) -> Path:
    """The events file this session shows (or the one `values`, a settings dict, names). Paths are not user input:
    a session's choice counts only when it is one of events_file_choices(), else the operator's file is used."""
    chosen = _resolve((values or settings())["events_path"])
    operator = _resolve(startup_settings()["events_path"])
    return chosen if chosen == operator or chosen in events_file_choices() else operator


def _stamp(path: Path) -> tuple[float, int]:
    try:
        s = path.stat()
        return s.st_mtime, s.st_size
    except OSError:
        return 0.0, -1


@st.cache_resource(show_spinner=False, max_entries=2)
def _load_map_index(path: str, stamp: tuple[float, int]) -> EventIndex:
    # The Parquet index (conflictmap.store.index), validated through read_events once per content change. Every page
    # works on this one (cache_resource: shared by every session, which only read it), with only the columns the map
    # and its filters use (MAP_COLUMNS): at 10,000,000 events the whole table would not fit beside anything else.
    # Excerpts, summaries and sources are read on demand for the rows shown (EventIndex.rows), and the other pages'
    # filters and lookups read only the columns they need (conflictmap.store.scan). The per-row
    # place codes and source numbers the map's updates count on are computed here, once per content change, not in a
    # session's rerun.
    index = load_index(path, columns=MAP_COLUMNS, sources=True)
    index.prepare_map()
    return index


@st.cache_data(show_spinner=False, max_entries=32)
def _evidence(path: str, stamp: tuple[float, int], sources: tuple[str, ...] | None, events: tuple[str, ...] | None):
    return evidence_rows(path, sources, events)


def _load_current(loader):
    """loader(path, stamp) for the current events file, cached until the file changes; on a StoreError the error
    is shown (without the server's folders) and None returned."""
    path = events_path()
    key = (str(path), _stamp(path))
    try:
        result = loader(*key)
    except StoreError as e:  # said without the server's folders
        st.error(f"Cannot load events: {md_escape(str(e).replace(str(path), path.name))}")
        return None
    st.session_state["_data_key"] = key
    return result


def load_map_index() -> EventIndex | None:
    """The current events file's index with the map's columns only, validated; cached until the file changes.
    On an error it is shown and None returned."""
    return _load_current(_load_map_index)


def data_key() -> tuple[str, tuple[float, int]] | None:
    """Which version of the events file the last load_map_index() of this session returned (not the file's state
    now: a fragment rerun keeps the frame of the last full run), for caches of things derived from it."""
    return st.session_state.get("_data_key")


@st.cache_data(show_spinner=False, max_entries=32)
def _positions_of(key, ids: tuple[str, ...], _index) -> dict[str, int]:
    return positions_of(_index, ids)


@st.cache_resource(show_spinner=False, max_entries=4)
def _scrub_data(key, types: tuple[str, ...], claims: tuple[str, ...], _index):
    from conflictmap.mapview.scrub import scrub_data

    return scrub_data(_index.select(None, None, list(types), list(claims)))


def scrub_data(index: EventIndex, types, claims):
    """The in-browser timeline's data (mapview.scrub.scrub_data) of these filters, every date, cached per file
    version and filters (shared by every session, which only read it)."""
    return _scrub_data(data_key(), tuple(types), tuple(claims), index)


def event_positions(index: EventIndex, event_ids) -> dict[str, int]:
    """The row positions of these event ids in the index the pages work on (store.scan.positions_of: the id hashes
    of every partition are read), cached per file version and set of ids, so a rerun reads nothing."""
    return _positions_of(data_key(), tuple(sorted({str(e) for e in event_ids})), index)


def load_evidence(source_ids=None, event_ids=None):
    """The rows of evidence.csv beside the events file that cite these sources and these events (None: any; no
    rows when the file is absent), read through store.evidence (the matching rows only, not the whole file), cached
    per file version and set of ids."""
    path = evidence_path_for(events_path())
    ids = [None if x is None else tuple(sorted({str(i) for i in x})) for x in (source_ids, event_ids)]
    return _evidence(str(path), _stamp(path), *ids)


def show_load_problems(result: LoadResult) -> None:
    """Say, on every page, when rows were rejected: nothing is dropped silently."""
    if not result.rejected.empty:
        st.warning(
            f"{len(result.rejected)} row(s) of {md_escape(Path(result.path).name)} were rejected and are not shown. "
            "See **Data quality** for each row and the reason.",
            icon=":material/warning:",
        )


@st.cache_data(show_spinner=False)
def _sidecar(source_id: str, stamp: tuple[float, int]) -> dict:
    path = articles_dir() / f"{source_id}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def source_meta(source_id: str) -> dict:
    """Title, publisher, published date... of a source, from its sidecar in articles/ ({} when unknown)."""
    if not SAFE_ID.fullmatch(source_id):
        return {}
    return _sidecar(source_id, _stamp(articles_dir() / f"{source_id}.json"))


def md_escape(text: str) -> str:
    """Text shown through st.markdown with every markdown/HTML control character backslash-escaped."""
    return MD_SPECIAL.sub(r"\\\1", str(text))


def articles_dir() -> Path:
    """Where articles and their sidecars are stored: the operator's articles_dir setting (settings.json or the
    environment, read at start-up; a session cannot change it), or the module global ARTICLES_DIR in tests."""
    path = _resolve(startup_settings().get("articles_dir") or "articles")
    return ARTICLES_DIR if path == (PROJECT_ROOT / "articles").resolve() else path


def corrections_path() -> Path:
    """The corrections log beside this session's events file."""
    return corrections_path_for(events_path())


def clear_caches() -> None:
    """Forget cached files after this session wrote one (other sessions notice the new file stamp)."""
    st.cache_data.clear()
    _load_map_index.clear()


def warm_up_code() -> None:
    """Import what the map page needs and render its basemap once (its static file versioned, folium's templates
    compiled), so the first visitor does not wait for it. Needs no running server."""
    # not streamlit_folium: it is imported once the server runs (warm_up_map_component)
    import altair  # noqa: F401  (the timeline chart)

    import ui.export_panel  # noqa: F401
    import ui.panels  # noqa: F401
    import ui.timeline  # noqa: F401
    from conflictmap.mapview.basemap import base_map

    base_map(live=True).get_root().render()


def warm_up_map_component() -> None:
    """Import streamlit_folium and register its map component with the running server (needs it), so the first
    visitor's page run does not declare it: declaring walks every loaded module (0.15-0.3 s). A component declared
    outside a script run is not registered by Streamlit, hence the explicit registration."""
    import sys

    import streamlit_folium

    try:
        Runtime.instance().component_registry.register_component(streamlit_folium._component_func)
    except Exception:
        sys.modules.pop("streamlit_folium", None)  # the page's own import then declares it, within its run
        raise


def warm_up_events() -> None:
    """Load the default events file's map index into the cache the map page (the landing page) reads it from
    (needs the running server's cache). The other pages work on the same index."""
    path = events_path(load_settings())
    try:
        _load_map_index(str(path), _stamp(path))
    except StoreError:
        pass  # the page shows the error to the visitor


def wait_until_sent(timeout_s: float = 1.0) -> None:
    """Return once the server has taken this run's messages so far off the session's queue for the browser.

    A full run ends with this when a fragment rerun may be queued behind it (playback's timer, a report from the
    map): Streamlit starts that rerun at once, and its start drops the messages of that fragment still in the queue
    but keeps the full run's "finished" one, so the browser clears the fragment's elements as stale and builds them
    anew (the map's frame rebuilt, the user's zoom and pan lost). It happens when the server's event loop got no CPU
    during the run. Streamlit internals (1.67): without them, or without a connected session, it returns at once."""
    try:
        ctx = get_script_run_ctx(suppress_warning=True)
        session = Runtime.instance()._session_mgr.get_active_session_info(ctx.session_id).session
        loop, queue_empty = session._event_loop, session._browser_queue.is_empty
    except Exception:
        return
    sent, deadline = threading.Event(), time.monotonic() + timeout_s

    def check() -> None:  # on the session's loop: after the run's messages were queued (they were scheduled first)
        if queue_empty() or time.monotonic() > deadline:
            sent.set()
        else:
            loop.call_later(0.005, check)

    try:
        loop.call_soon_threadsafe(check)
    except RuntimeError:  # the loop is closed: the server is stopping
        return
    sent.wait(timeout_s)
