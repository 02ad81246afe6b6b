"""Sources page: read an article, with the excerpts that events cite."""

import streamlit as st

from conflictmap.model import ARTICLES_DIR
from pages.common import SAFE_ID, load_evidence, source_meta

st.title("Sources")
ids = sorted(p.stem for p in ARTICLES_DIR.glob("*.txt"))
if not ids:
    st.info("No articles in articles/.")
    st.stop()
wanted = st.query_params.get("source", ids[0])
sid = st.selectbox("Article", ids, index=ids.index(wanted) if wanted in ids else 0, key="source_id")
if not SAFE_ID.fullmatch(sid):
    st.stop()
meta = source_meta(sid)
st.subheader(meta.get("title") or sid)
st.caption(" · ".join(x for x in (meta.get("publisher"), meta.get("published"), meta.get("url")) if x))
if meta.get("published_note"):
    st.caption(f"Date: {meta['published_note']}")
text = (ARTICLES_DIR / f"{sid}.txt").read_text(encoding="utf-8", errors="replace")
ev = load_evidence()
cited = ev[ev["source_id"] == sid]
st.write(f"{len(cited)} excerpt(s) of this article are cited by events.")
for r in cited.to_dict("records"):
    st.text(f"[{r['event_id']}] chars {r['start']}-{r['end']}: {r['excerpt']}")
st.divider()
st.text(text)
