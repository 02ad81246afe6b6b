"""Sources page: read an article with its places linked to the map, boilerplate greyed, and the cited excerpt marked.

Query parameters: `source` (article id) and `at` (character offset of the excerpt to mark and scroll to).
"""

from dataclasses import replace

import streamlit as st

from conflictmap.geo.geoparse import Geoparser
from conflictmap.ingest.bounded import Pathological, bounded_toponyms
from conflictmap.ingest.decode import decode_article_bytes
from conflictmap.ingest.reader_pdf import page_at
from conflictmap.mapview.article_view import SCROLL_SCRIPT, article_html, excerpt_span, reader_window
from conflictmap.model import Toponym
from ui.common import SAFE_ID, articles_dir, event_positions, load_evidence, load_map_index, md_escape, source_meta
from ui.tables import show_table

EVENT_SHOWN = ["event_date", "event_type", "location", "fatalities", "claim_status"]  # of each cited event


@st.cache_resource(show_spinner="Loading the gazetteer...")
def _geoparser() -> Geoparser:
    return Geoparser()


@st.cache_data(show_spinner="Finding places...", max_entries=32)
def _toponyms(text: str, start: int, end: int) -> list[Toponym] | None:
    # the shown part only, geoparsed as ingest reads it (in bounded windows); None: too many places to link
    try:
        found = bounded_toponyms(_geoparser(), text[start:end], end - start)
    except Pathological:
        return None
    return [replace(t, start=t.start + start, end=t.end + start) for t in found]


st.title("Sources")
folder = articles_dir()
ids = sorted(p.stem for p in folder.glob("*.txt") if SAFE_ID.fullmatch(p.stem))
if not ids:
    st.info("No articles yet: add some on the Ingest page.")
    st.stop()
wanted = st.query_params.get("source", ids[0])
if wanted not in ids:
    st.warning("The article in the link was not found; showing the first one.")
sid = st.selectbox("Article", ids, index=ids.index(wanted) if wanted in ids else 0, key="source_id")
meta = source_meta(sid)
st.subheader(md_escape(meta.get("title") or sid), anchor=False)
st.caption(" · ".join(md_escape(x) for x in (meta.get("publisher"), meta.get("published"), meta.get("url")) if x))
if meta.get("published_note"):
    st.caption(f"Date: {md_escape(meta['published_note'])}")
read_by = [f"Read as {meta['reader']}" if meta.get("reader") else "", f"date from {meta['published_source']}"
           if meta.get("published_source") else "", f"dateline {meta['dateline_place']}" if meta.get("dateline_place") else ""]  # fmt: skip
if any(read_by):
    st.caption(md_escape("; ".join(x for x in read_by if x)))
try:  # decoded as ingest decoded it, so evidence offsets point at the same characters
    text = decode_article_bytes((folder / f"{sid}.txt").read_bytes(), f"{sid}.txt")
except (OSError, ValueError) as exc:
    st.error(f"Cannot show this article: {md_escape(str(exc))}")
    st.stop()

cited = load_evidence(source_ids=[sid]).dropna(subset=["start", "end"])  # this article's rows only
index = load_map_index()  # the map's index: the cited events are looked up by id, their rows read for them only
found = event_positions(index, cited["event_id"]) if index is not None else {}
if index is not None:
    cited = cited[cited["event_id"].isin(list(found))]
st.write(f"{cited['event_id'].nunique()} event(s) were extracted from this article.")
if index is not None and not cited.empty:
    events = index.rows(sorted(found.values()), ["event_id", *EVENT_SHOWN])
    rows = cited.merge(events, on="event_id", suffixes=("", "_event"))
    cols = ["event_id", *EVENT_SHOWN, "start", "excerpt"]
    if isinstance(meta.get("page_starts"), list):  # a PDF report: each excerpt cites its page
        rows["page"] = [page_at(meta["page_starts"], int(s)) for s in rows["start"]]
        cols.insert(-1, "page")
    show_table(rows[cols])

starts = [int(s) for s in cited["start"]]
try:
    at = int(st.query_params.get("at", "")) if sid == wanted else None
except ValueError:
    at = None
options = [None, *sorted(set(starts) | ({at} if at is not None else set()))]
at = st.selectbox(
    "Mark the excerpt at offset",
    options,
    index=options.index(at),
    key=f"at_{sid}",
    format_func=lambda x: "none" if x is None else str(x),
)
spans = [(int(a), int(b)) for a, b in zip(cited["start"], cited["end"], strict=True)]
st.query_params.update({"source": sid} | ({"at": str(at)} if at is not None else {}))
if at is None:
    st.query_params.pop("at", None)
st.caption("Place names link to the map. Grey text is not story (bylines, comments, footers) and is not read.")
window = (a, b) = reader_window(len(text), at)  # a huge article: the part around the marked excerpt
if window != (0, len(text)):
    st.caption(f"A long article: characters {a:,} to {b:,} of {len(text):,} are shown (around the marked excerpt).")
if (places := _toponyms(text, a, b)) is None:
    st.caption("This part names too many places to link them all; they are shown as plain text.")
st.html(article_html(text, places or [], excerpt_span(text, at, spans), window=window))
if at is not None:
    st.html(SCROLL_SCRIPT, unsafe_allow_javascript=True)  # a fixed script: no article text in it
