"""Ingest page: upload or paste an article; it is stored in articles/ and the events file is rebuilt from all of them."""

import pandas as pd
import streamlit as st

from conflictmap.events.corrections import write_corrected_events
from conflictmap.ingest.intake import save_article, save_upload
from conflictmap.ingest.pipeline import article_report_row, ingest
from conflictmap.ingest.quarantine import Quarantine, quarantine_path_for
from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import StoreError, read_events
from ui.common import articles_dir, clear_caches, corrections_path, events_path, md_escape, settings
from ui.tables import show_table

st.title("Ingest")
limit_mb = max(1, int(settings()["max_upload_mb"]))  # 0 would make every upload fail
st.caption(
    md_escape(
        f"Articles are stored in {articles_dir().name}/ (text + metadata sidecar); then {events_path().name} is "
        "rebuilt from every stored article and the corrections log is applied again."
    )
)
upload_tab, paste_tab = st.tabs(["Upload a file", "Paste an article"])
with upload_tab:
    upload = st.file_uploader(
        f"Article file: text, web page, RSS/Atom feed, PDF report or JSON Lines (up to {limit_mb} MB)",
        type=["txt", "html", "htm", "rss", "atom", "xml", "pdf", "jsonl"],
        max_upload_size=limit_mb,
        key="ingest_file",
    )
with paste_tab:
    pasted = st.text_area("Article text", height=200, key="ingest_text")
c1, c2, c3 = st.columns(3)
meta = {
    "title": c1.text_input("Title", key="ingest_title"),
    "publisher": c2.text_input("Publisher", key="ingest_publisher"),
    "published": c3.text_input("Published (YYYY-MM-DD)", key="ingest_published", placeholder="2014-06-15"),
}
if not meta["published"]:
    st.caption(
        "Left empty, the date comes from the page, feed, PDF or a dateline; an article with no date anywhere still "
        "gives its events, undated (listed under Data quality, where they can be dated)."
    )
if not st.button("Store and ingest", type="primary", disabled=not (upload or pasted.strip()), key="ingest_go"):
    st.stop()

try:
    if upload is not None and upload.size > limit_mb * 1024 * 1024:
        raise ValueError(f"{upload.name} is larger than {limit_mb} MB (Settings: max_upload_mb)")
    folder = articles_dir()
    saved = save_upload(folder, upload.name, upload.getvalue(), meta) if upload is not None else []
    saved += [save_article(folder, meta["title"] or "pasted", pasted, meta)] if pasted.strip() else []
except (ValueError, OSError) as e:  # an OSError's text would name the server's folders: only its reason is shown
    st.error(f"Not stored: {md_escape(e.strerror if isinstance(e, OSError) and e.strerror else e)}")
    st.stop()
with st.status("Ingesting...", expanded=True) as status:
    bar = st.progress(0.1, text=md_escape(f"Stored {len(saved)} article(s); reading every article in {folder.name}/"))
    try:
        before = set(read_events(events_path()).valid["event_id"])
    except StoreError:
        before = set()
    quarantine = Quarantine(quarantine_path_for(events_path()))  # pathological articles, skipped from then on
    events, reports, problems = ingest([folder], progress=False, quarantine=quarantine)
    bar.progress(0.8, text=md_escape(f"Applying corrections and writing {events_path().name}"))
    try:  # the corrections log is read under the events file's lock, so one saved meanwhile is kept
        events, stale = write_corrected_events(events, events_path(), corrections_path())
    except OSError as e:
        status.update(label="Not written", state="error")
        st.error(f"{md_escape(events_path().name)} was not written: {md_escape(e.strerror or 'busy; try again')}")
        st.stop()
    clear_caches()
    bar.progress(1.0, text="Done")
    status.update(label=f"{len(reports)} article(s) -> {len(events)} event(s)", state="complete")

mine = {s.id for s in saved}
st.success(f"Stored {len(saved)} article(s) ({sum(s.existed for s in saved)} already there).")
for s in saved:  # a file stored again with other metadata (a new date re-dates its events): said, not silent
    for change in s.changed:
        st.warning(md_escape(f"{s.id} was already stored; its metadata changed: {change}"))
for note in [
    *problems,
    *stale,
    *(f"{r.id}: quarantined, no events read: {r.quarantined}" for r in reports if r.quarantined),
]:
    st.warning(md_escape(note))


def as_dates(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The ISO date columns as dates, so show_table shows them as days (an undated article's date stays empty)."""
    return df.assign(**{c: pd.to_datetime(df[c], errors="coerce", format="%Y-%m-%d") for c in columns if c in df})


reports_df = pd.DataFrame([article_report_row(r) for r in reports])
if not reports_df.empty:  # "none (events undated)" is said in the date's source column; the date cell stays empty
    undated = pd.to_datetime(reports_df["published"], errors="coerce", format="%Y-%m-%d").isna()
    reports_df.loc[undated, "date from"] = "none (events undated)"
    reports_df = as_dates(reports_df, ["published"])
st.subheader("Articles just stored")
show_table(reports_df[reports_df["article"].isin(mine)] if not reports_df.empty else reports_df)
added = pd.DataFrame([e.row() for e in events if e.event_id not in before], columns=list(EVENT_COLUMNS))
st.subheader(f"New events ({len(added)})")
show_table(as_dates(added, ["event_date", "date_from", "date_to"]))
with st.expander("Every article's report"):
    show_table(reports_df)
