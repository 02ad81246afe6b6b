"""The RSS/Atom feed reader (feedparser): every item is an article (full content, else the summary).

A well-formed feed is read a chunk of items at a time (conflictmap.ingest.feed_stream), so a feed of 100,000 items
never sits whole in feedparser; any other feed (not well-formed, a DTD, another encoding) is read whole, as before.
Both ways give the same articles and notes. feedparser is handed the feed's bytes, never a str: it would open a str
that names a file, or fetch one that is an address.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from conflictmap.ingest.reader_common import finish, text_dateline_date
from conflictmap.ingest.reader_web import paragraphs, visible_text, with_headline
from conflictmap.model import Article

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
CHUNK_ITEMS = 500  # items feedparser reads at once from a well-formed feed
# A feed the stream cannot read exactly (not well-formed, a DOCTYPE, another encoding, items in odd places) goes to
# feedparser whole, which holds some 25 times the feed's size: over this many characters it is not read, and the
# report says why (the file is kept as it is; repaired or split, it is read).
MAX_WHOLE_FEED_CHARS = 4 * 1024 * 1024


def looks_like_feed(raw: str) -> bool:
    """Whether an .xml file is an RSS/Atom/RDF feed (its root element)."""
    head = raw[:2000].lower()
    return bool(re.search(r"<(?:rss|feed|rdf:rdf)\b", head))


def _parse(text: str):
    import feedparser

    return feedparser.parse(io.BytesIO(text.encode("utf-8")))


def read_feed(path: Path, raw: str) -> tuple[list[Article], list[str]]:
    """Every item of an RSS/Atom feed as an article, and notes on items that could not be used."""
    from conflictmap.ingest.feed_stream import NotStreamable, chunks

    parts = chunks(raw, CHUNK_ITEMS)
    if parts is not None:
        try:
            return _read_parsed(path, _checked(parts), "")
        except NotStreamable:
            pass
    if len(raw) > MAX_WHOLE_FEED_CHARS:
        raise ValueError(
            f"a feed that cannot be read a chunk at a time (not well-formed XML, a DOCTYPE, an encoding other than "
            f"UTF-8, or items in odd places) is read whole only up to {MAX_WHOLE_FEED_CHARS / 2**20:.0f} MB, and this "
            f"one is {len(raw) / 2**20:.1f} MB: not read; repair the XML or split the feed"
        )
    return read_whole(path, raw)


def _checked(parts: Iterable[tuple[str, int]]):
    """feedparser's reading of each chunk; NotStreamable when it is not exactly the chunk's items, cleanly."""
    from conflictmap.ingest.feed_stream import NotStreamable

    for text, items in parts:
        parsed = _parse(text)
        if parsed.get("bozo") or len(parsed.entries) != items:
            raise NotStreamable("a chunk did not read as its items")
        yield parsed


def read_whole(path: Path, raw: str) -> tuple[list[Article], list[str]]:
    """The feed read whole by feedparser (any feed: feedparser reads what it can of one that is not well-formed)."""
    parsed = _parse(raw)
    bozo = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
    if not parsed.entries:
        raise ValueError(f"not a readable RSS/Atom feed, or a feed with no items{bozo}")
    return _read_parsed(path, [parsed], bozo)


def _read_parsed(path: Path, parsed_parts: Iterable, bozo: str) -> tuple[list[Article], list[str]]:
    """The articles of a feed read whole (one part) or in chunks (their items numbered on across the chunks)."""
    notes = [f"{path.name}: feed is not well-formed{bozo}; read what could be read"] if bozo else []
    out: list[Article] = []
    n = 0
    for parsed in parsed_parts:
        feed_lang = str(parsed.feed.get("language") or "")
        site = str(parsed.feed.get("title") or "")
        for e in parsed.entries:
            n += 1
            art = _item_article(path, e, feed_lang, site)
            if art is None:
                notes.append(f"{path.name} item {n}: skipped, no content or summary")
            else:
                out.append(art)
    if not out:
        raise ValueError(f"not a readable RSS/Atom feed: no item with content or a summary{bozo}")
    return out, notes


def item_text(value: str, kind: str) -> str:
    """An item's text: HTML by its blocks (paragraphs, headings, list items), else as plain text, line by line.

    feedparser calls every RSS description HTML, and one without paragraph markup ('Two people were killed in
    Mosul on Monday.') has no blocks: it is read as text, tags stripped, entities decoded, a paragraph a line. Text
    beside the blocks ('<p>Two killed.</p>Police said ...') is kept too, in its place (_mixed_text)."""
    if "html" not in kind:
        return value.strip()
    return _mixed_text(value) or paragraphs(visible_text(value)) or _plain_text(value)


BLOCKS = frozenset({"h1", "h2", "h3", "p", "li", "blockquote", "pre"})  # the blocks reader_web.visible_text reads
_BLOCK_ELEMENT = re.compile(r"(?is)<(p|h[1-3]|li|blockquote|pre)\b.*?</\1\s*>")
_TAG = re.compile(r"(?s)<!--.*?-->|<[^>]*>")
_BREAKS = frozenset({"br", "div", "ul", "ol", "table", "tr", "section", "article", "hr"})  # loose text ends there


def _fragment(html: str):
    """The markup parsed as a fragment under one <div>, scripts and styles dropped; None when it cannot be parsed."""
    from lxml import etree
    from lxml import html as lxml_html

    if not html.strip():
        return None
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.LxmlError, ValueError):
        return None
    for e in root.xpath("//script|//style|//template"):
        e.drop_tree()
    return root


def _mixed_text(html: str) -> str:
    """Markup holding both blocks and loose text beside them: every block and every run of loose text a paragraph,
    in document order; '' when there are no blocks, or no loose text (then the blocks alone are the text, as read
    by visible_text)."""
    outside = _TAG.sub("", _BLOCK_ELEMENT.sub("", html))
    if "<" not in html or not outside.strip():
        return ""  # no loose text (a quick look: a block element's text, a tag or a comment taken away)
    root = _fragment(html)
    if root is None:
        return ""
    lines: list[str] = []
    loose: list[str] = []
    found = {"block": False, "loose": False}

    def end_run() -> None:
        run = " ".join("".join(loose).split())
        if run:
            lines.append(run)
            found["loose"] = True
        loose.clear()

    def walk(el) -> None:
        if isinstance(el.tag, str) and el.tag in BLOCKS:
            end_run()
            lines.append(" ".join(el.text_content().split()))
            found["block"] = True
        else:
            if isinstance(el.tag, str) and el.tag in _BREAKS:
                end_run()
            if el.text and isinstance(el.tag, str):
                loose.append(el.text)
            for child in el:
                walk(child)
            if isinstance(el.tag, str) and el.tag in _BREAKS:
                end_run()
        if el.tail and el is not root:
            loose.append(el.tail)

    walk(root)
    end_run()
    if not (found["block"] and found["loose"]):
        return ""
    return paragraphs("\n".join(line for line in lines if line))


def _plain_text(html: str) -> str:
    """The text of markup without blocks: <br> breaks lines, scripts and styles dropped, a paragraph a line."""
    from lxml import etree
    from lxml import html as lxml_html

    from conflictmap.ingest.decode import strip_tags

    if not html.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.LxmlError, ValueError):
        return paragraphs(strip_tags(re.sub(r"(?i)<br\s*/?>", "\n", html)))
    for e in root.xpath("//script|//style|//template"):
        e.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return paragraphs(root.text_content())


def _item_article(path: Path, e, feed_lang: str, site: str) -> Article | None:
    """One feed item as an article (None when it has no content or summary)."""
    key = str(e.get("id") or e.get("link") or e.get("title") or "")
    contents = [c for c in e.get("content", []) if c.get("value")]
    body, what = (contents[0], "full content") if contents else (e.get("summary_detail") or {}, "summary only")
    value = str(body.get("value") or e.get("summary") or "")
    text = item_text(value, str(body.get("type", "html")))
    if not text:
        return None
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
    return finish(art, str(e.get("language") or feed_lang).split("-")[0])
