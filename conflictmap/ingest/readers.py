"""Readers: one per way an article is published (plain text, web page, RSS/Atom feed, PDF report, JSON Lines).

`read_file` picks the reader by the file's suffix (and, for .xml/.html, its root element). Each reader turns one
file into Articles whose `text` is exactly what is stored and parsed: every offset found later (toponyms,
evidence) indexes into it. Web pages and feed items store their headline as the first paragraph, then the main
text trafilatura returns (paragraphs separated by blank lines). A reader never guesses a date it has no source
for; it says where the date came from (`published_source`) and what it left out of the text (`left_out`).

- plain text and JSON Lines: here; what every reader shares (date, language, dateline): reader_common.
- web pages (reader_web): trafilatura finds the main text, title, author and site; boilerplate (reader comments, related
  lists, navigation, cookie and subscription boxes) is left out by the page's structure, not by its wording.
  htmldate reads the publication date from Open Graph/article meta, JSON-LD, <time datetime> or the URL,
  after the comment blocks are pruned (their dates are readers', not the article's).
- feeds (reader_feed): feedparser; every item is an article (full content:encoded/Atom content, else the summary,
  plain text when it has no paragraph markup); a well-formed feed is read a chunk of items at a time (feed_stream).
- PDF reports (reader_pdf): pypdf; text page by page, the offset where each page starts kept in `extra["page_starts"]`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from conflictmap.ingest.reader_common import dated, finish, text_field
from conflictmap.ingest.reader_feed import looks_like_feed, read_feed
from conflictmap.ingest.reader_pdf import read_pdf
from conflictmap.ingest.reader_web import read_web_page
from conflictmap.model import Article

TEXT_SUFFIXES = (".txt",)
WEB_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
PDF_SUFFIXES = (".pdf",)
JSONL_SUFFIXES = (".jsonl",)
SUPPORTED = TEXT_SUFFIXES + WEB_SUFFIXES + FEED_SUFFIXES + PDF_SUFFIXES + JSONL_SUFFIXES


def read_text(path: Path, raw: str, meta: dict) -> Article:
    """A .txt article with its optional sidecar metadata."""
    pub, src = dated(raw, meta)
    title = text_field(meta, "title") or raw.strip().split("\n", 1)[0][:200]
    # an article stored by the Ingest page keeps what its reader found in the sidecar
    extra = {k: meta[k] for k in ("page_starts", "guid") if meta.get(k)}
    left_out = meta.get("left_out") if isinstance(meta.get("left_out"), list) else []
    return finish(
        Article(text_field(meta, "id") or path.stem, raw, title, text_field(meta, "publisher"), pub, src, "en",
                text_field(meta, "url"), str(path), author=text_field(meta, "author"),
                reader=text_field(meta, "reader") or "text", left_out=tuple(str(x) for x in left_out), extra=extra),
        text_field(meta, "language"),
    )  # fmt: skip


def read_jsonl_record(path: Path, n: int, d: dict) -> Article:
    """One JSON Lines record: `text` (stored as is) or `html` (read as a web page), plus metadata."""
    if "text" not in d:
        if not isinstance(d.get("html"), str):
            raise TypeError("text/html is not a string")
        art = read_web_page(path, d["html"], d)
        return replace(art, id=text_field(d, "id") or f"{path.stem}-{n}", reader="JSON Lines (web page)")
    body = d["text"]
    if not isinstance(body, str):
        raise TypeError("text/html is not a string")
    pub, src = dated(body, d)
    art = Article(text_field(d, "id") or f"{path.stem}-{n}", body, text_field(d, "title"), text_field(d, "publisher"),
                  pub, src, "en", text_field(d, "url"), str(path), author=text_field(d, "author"),
                  reader="JSON Lines")  # fmt: skip
    return finish(art, text_field(d, "language"))


def reader_meta(article: Article) -> dict:
    """The sidecar metadata that stores what a reader found (read back by read_text)."""
    meta = {"title": article.title, "publisher": article.publisher, "published": article.published,
            "published_source": article.published_source, "url": article.url, "language": article.language,
            "author": article.author, "reader": article.reader, "left_out": list(article.left_out)}  # fmt: skip
    for k in ("page_starts", "guid", "dateline_place"):
        if article.extra.get(k):
            meta[k] = article.extra[k]
    return {k: v for k, v in meta.items() if v}


def read_file(path: Path, data: bytes, limit: int, meta: dict | None = None) -> tuple[list[Article], list[str]]:
    """The articles in one file and notes about it; ValueError (naming what is wrong) when none can be read.

    meta overrides the file's metadata (an upload form); by default it is the .json sidecar beside the file."""
    from conflictmap.ingest.decode import decode_article

    side = (lambda: meta) if meta is not None else (lambda: sidecar(path))  # noqa: E731

    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        if len(data) > limit:
            raise ValueError(f"too large ({len(data) / 2**20:.1f} MB, limit {limit / 2**20:.0f} MB); split the file")
        return [read_pdf(path, data, side())], []
    raw, note = decode_article(data, path.name, limit)
    notes = [f"{path.name}: {note}"] if note else []
    if suffix in FEED_SUFFIXES or (
        suffix in WEB_SUFFIXES and looks_like_feed(raw) and "<html" not in raw[:2000].lower()
    ):
        if suffix == ".xml" and not looks_like_feed(raw):
            raise ValueError("an .xml file that is not an RSS/Atom feed")
        arts, more = read_feed(path, raw)
        return arts, notes + more
    if suffix in JSONL_SUFFIXES:
        arts = []
        for n, line in enumerate(raw.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                if not isinstance(d, dict):
                    raise TypeError("not an object")
                arts.append(read_jsonl_record(path, n, {**(meta or {}), **d}))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                notes.append(f"{path.name} line {n}: skipped, not an article with text ({exc})")
        return arts, notes
    if suffix in WEB_SUFFIXES:
        return [read_web_page(path, raw, side())], notes
    return [read_text(path, raw, side())], notes


def sidecar(path: Path) -> dict:
    """The article's .json metadata beside it ({} when there is none); ValueError naming the file when unreadable."""
    from conflictmap.ingest.decode import decode_article_bytes

    side = path.with_suffix(".json")
    if not side.exists():
        return {}
    try:
        meta = json.loads(decode_article_bytes(side.read_bytes(), side.name, max_bytes=1024 * 1024))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{side.name}: metadata is not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(meta, dict):
        raise ValueError(f"{side.name}: metadata is not a JSON object")
    return meta
