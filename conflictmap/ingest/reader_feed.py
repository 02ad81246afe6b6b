"""The RSS/Atom feed reader (feedparser): every item is an article (full content, else the summary)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from conflictmap.ingest.reader_common import finish, text_dateline_date
from conflictmap.ingest.reader_web import paragraphs, visible_text, with_headline
from conflictmap.model import Article

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def looks_like_feed(raw: str) -> bool:
    """Whether an .xml file is an RSS/Atom/RDF feed (its root element)."""
    head = raw[:2000].lower()
    return bool(re.search(r"<(?:rss|feed|rdf:rdf)\b", head))


def read_feed(path: Path, raw: str) -> tuple[list[Article], list[str]]:
    """Every item of an RSS/Atom feed as an article, and notes on items that could not be used."""
    import feedparser

    parsed = feedparser.parse(raw)
    if not parsed.entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise ValueError(f"not a readable RSS/Atom feed, or a feed with no items{why}")
    notes = []
    if parsed.get("bozo"):
        notes.append(f"{path.name}: feed is not well-formed ({parsed.get('bozo_exception')}); read what could be read")
    feed_lang = str(parsed.feed.get("language") or "")
    site = str(parsed.feed.get("title") or "")
    out = []
    for n, e in enumerate(parsed.entries, start=1):
        key = str(e.get("id") or e.get("link") or e.get("title") or "")
        contents = [c for c in e.get("content", []) if c.get("value")]
        body, what = (contents[0], "full content") if contents else (e.get("summary_detail") or {}, "summary only")
        value = str(body.get("value") or e.get("summary") or "")
        text = paragraphs(visible_text(value)) if "html" in str(body.get("type", "html")) else value.strip()
        if not text:
            notes.append(f"{path.name} item {n}: skipped, no content or summary")
            continue
        text = with_headline(str(e.get("title") or ""), text)
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        pub = date(*stamp[:3]).isoformat() if stamp else ""
        src = ("feed item date (" + ("published" if e.get("published_parsed") else "updated") + ")") if stamp else ""
        if not pub:
            pub, src = text_dateline_date(text)
        art_id = key if _SAFE_ID.match(key) else f"{path.stem}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        art = Article(art_id, text, str(e.get("title") or ""), site, pub, src, "en", str(e.get("link") or ""),
                      str(path), author=str(e.get("author") or ""), reader=f"feed item ({what})",
                      extra={"guid": key or str(e.get("link") or "")})  # fmt: skip
        out.append(finish(art, str(e.get("language") or feed_lang).split("-")[0]))
    if not out:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise ValueError(f"not a readable RSS/Atom feed: no item with content or a summary{why}")
    return out, notes
