"""The export panel under the map: pick a format, build the file from the current selection, download it."""

from __future__ import annotations

import json
from datetime import date

import streamlit as st

from conflictmap.export.formats import EXPORT_FORMATS, export_format, render, sidecar_metadata
from conflictmap.export.screenshot import render_png
from conflictmap.export.snapshot import DEFAULT_SIZE, Snapshot, data_version, generation_time
from ui.common import events_path, md_escape


def _label(fmt: str) -> str:
    return export_format(fmt).label


@st.cache_data(show_spinner=False, max_entries=2)
def _version(path: str, stamp: float) -> str:
    return data_version(path)


def render_export_panel(
    df_window, window: tuple[date, date], view: tuple[float, float, int] | None, filters: dict
) -> None:
    """Export the events the map shows (already filtered: a frame, or a function giving it, called only when an
    export is prepared) as a file; `view` frames images like the map."""
    fmt = st.selectbox("Format", list(EXPORT_FORMATS), format_func=_label, key="export_format")
    spec = export_format(fmt)
    width, height = DEFAULT_SIZE
    if spec.sized:
        c1, c2 = st.columns(2)
        width = c1.number_input("Width (px)", 200, 8000, width, step=100, key="export_width")
        height = c2.number_input("Height (px)", 200, 8000, height, step=100, key="export_height")
    frame = st.radio("Frame", ["fit the events", "as the map shows"], horizontal=True, key="export_frame")
    if not st.button("Prepare export", icon=":material/download:", key="export_go"):
        return
    path = events_path()
    frame_rows = df_window() if callable(df_window) else df_window
    snap = Snapshot(
        frame_rows.sort_values(["date_from", "event_id"]),
        window[0],
        window[1],
        list(filters.get("types") or []),
        list(filters.get("claims") or []),
        view=view if frame == "as the map shows" else None,
        data_version=_version(str(path), path.stat().st_mtime if path.exists() else 0.0),
        generated_at=generation_time(),
        source_file=path.name,
    )
    used = ""
    with st.spinner("Rendering…"):
        if fmt == "png":  # chromium when it can run here, else matplotlib: say which
            data, used = render_png(snap, int(width), int(height))
        else:
            data = render(fmt, snap, int(width), int(height))
    name = spec.file_name(f"conflict-events-{window[0].isoformat()}-{window[1].isoformat()}")
    st.download_button(f"Download {name}", data, file_name=name, mime=spec.mime_type, key="export_file")
    if (sidecar := sidecar_metadata(fmt, snap)) is not None:
        meta = json.dumps(sidecar, ensure_ascii=False, indent=1)
        st.download_button("Download metadata (.meta.json)", meta, file_name=name + ".meta.json", key="export_meta")
    st.caption(md_escape(snap.caption() + (f" · rendered with {used}" if used else "")))
