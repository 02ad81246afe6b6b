"""Readers: one per way an article is published (plain text, web page, RSS/Atom feed, PDF report, JSON Lines).

Each reader turns one file into Articles whose `text` is exactly what is stored and parsed: every offset found
later (toponyms, evidence) indexes into it. Web pages and feed items store their headline as the first paragraph,
then the main text trafilatura returns (paragraphs separated by blank lines). A reader never guesses a date it has no source for; it says where
the date came from (`published_source`) and what it left out of the text (`left_out`).

- web pages: trafilatura finds the main text, title, author and site; boilerplate (reader comments, related
  lists, navigation, cookie and subscription boxes) is left out by the page's structure, not by its wording.
  htmldate reads the publication date from Open Graph/article meta, JSON-LD, <time datetime> or the URL,
  after the comment blocks are pruned (their dates are readers', not the article's).
- feeds: feedparser; every item is an article (full content:encoded/Atom content, else the summary).
- PDF reports: pypdf; text page by page, the offset where each page starts kept in `extra["page_starts"]`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from conflictmap.ingest.text import dateline
from conflictmap.model import Article

TEXT_SUFFIXES = (".txt",)
WEB_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
PDF_SUFFIXES = (".pdf",)
JSONL_SUFFIXES = (".jsonl",)
SUPPORTED = TEXT_SUFFIXES + WEB_SUFFIXES + FEED_SUFFIXES + PDF_SUFFIXES + JSONL_SUFFIXES

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]  # fmt: skip
_DATE_LINE = re.compile(
    r"^\s*(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\s*$",
    re.MULTILINE,
)
_DATELINE_DATE = re.compile(
    r"(?P<m1>[A-Z][a-z]{2,8})\.?\s+(?P<d1>\d{1,2}),\s+(?P<y1>\d{4})|(?P<d2>\d{1,2})\s+(?P<m2>[A-Z][a-z]{2,8})\.?\s+(?P<y2>\d{4})"
)
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
# Elements that are never the story, by structure: consent dialogs and cookie notices (id/class/role), forms.
CONSENT_XPATH = (
    "//*[@role='dialog' or @role='alertdialog' or @aria-modal='true'"
    " or contains(translate(@id,'COKIENST','cokienst'),'cookie') or contains(translate(@class,'COKIENST','cokienst'),'cookie')"
    " or contains(translate(@id,'COKIENST','cokienst'),'consent') or contains(translate(@class,'COKIENST','cokienst'),'consent')]"
)
# Page furniture that trafilatura's fast baseline would otherwise fall back on when a page has no story at all.
FURNITURE_XPATH = "//nav|//footer|//aside|//*[@role='navigation' or @role='contentinfo' or @role='complementary']"
# What a page holds besides its story, by structure; named in the report as what was left out.
_BOILERPLATE_KINDS = (
    ("reader comments", "comments"),
    ("navigation", "//nav|//*[@role='navigation']"),
    ("header", "//header"),
    ("footer", "//footer"),
    ("related links / sidebars", "//aside"),
    ("cookie or consent notice", CONSENT_XPATH),
    ("forms", "//form"),
)
MIN_FALLBACK_WORDS = 8  # fewer visible words than a sentence: the page has no article text
MIN_LANGUAGE_WORDS = 20  # below this the language detector guesses; the declared language stands
MIN_LANGUAGE_PROB = 0.9


def iso_day(value: str) -> str:
    """YYYY-MM-DD of an ISO date or date-time, or ValueError."""
    return date.fromisoformat(str(value).strip()[:10]).isoformat()


def text_dateline_date(text: str) -> tuple[str, str]:
    """A date written on a line of its own ('17 June 2014') or in a wire dateline with a year, in the story's start."""
    m = _DATE_LINE.search(text[:600])
    if m:
        try:
            d = date(int(m.group(3)), _MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))
        except ValueError as exc:
            raise ValueError(f"dateline {m.group(0).strip()!r} is not a real date") from exc
        return d.isoformat(), "dateline"
    dl = dateline(text)
    m = _DATELINE_DATE.fullmatch(dl[3]) if dl else None
    if m:  # "June 15, 2014" or "15 June 2014" in a wire dateline
        month = next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith((m["m1"] or m["m2"]).lower()[:3]))
        try:
            return date(int(m["y1"] or m["y2"]), month, int(m["d1"] or m["d2"])).isoformat(), "dateline"
        except ValueError as exc:
            raise ValueError(f"dateline {dl[3]!r} is not a real date") from exc
    return "", ""


def dated(text: str, meta: dict, found: tuple[str, str] = ("", "")) -> tuple[str, str]:
    """Publication date and its source: metadata (sidecar/record), else what the reader found, else a dateline."""
    if meta.get("published"):
        try:
            published = iso_day(str(meta["published"]))
        except ValueError as exc:
            raise ValueError(f"published {str(meta['published'])[:40]!r} is not an ISO date (YYYY-MM-DD)") from exc
        return published, str(meta.get("published_source") or "metadata")
    if found[0]:
        return found
    return text_dateline_date(text)


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)  # the model ships inside the package


def detect_language(text: str, declared: str = "") -> tuple[str, str]:
    """(language code, how it is known): the offline detector on the text when it is long and sure, else declared."""
    sample = text[:3000]
    if len(sample.split()) >= MIN_LANGUAGE_WORDS:
        lang, prob = _language_identifier().classify(sample)
        if prob >= MIN_LANGUAGE_PROB:
            return lang, "detected"
    return (declared or "en").lower()[:12], "declared" if declared else "assumed"


def finish(article: Article, declared_language: str = "") -> Article:
    """Language detected and the dateline's reporting place recorded: the steps every reader shares."""
    lang, how = detect_language(article.text, declared_language)
    extra = dict(article.extra, language_source=how)
    dl = dateline(article.text)
    if dl:
        extra.update(dateline_place=dl[2], dateline_span=[dl[0], dl[1]])
    return replace(article, language=lang, extra=extra)


def _field(d: dict, key: str, default: str = "") -> str:
    value = d.get(key)
    return default if value is None else str(value)


def read_text(path: Path, raw: str, meta: dict) -> Article:
    """A .txt article with its optional sidecar metadata."""
    pub, src = dated(raw, meta)
    title = _field(meta, "title") or raw.strip().split("\n", 1)[0][:200]
    # an article stored by the Ingest page keeps what its reader found in the sidecar
    extra = {k: meta[k] for k in ("page_starts", "guid") if meta.get(k)}
    left_out = meta.get("left_out") if isinstance(meta.get("left_out"), list) else []
    return finish(
        Article(_field(meta, "id") or path.stem, raw, title, _field(meta, "publisher"), pub, src, "en",
                _field(meta, "url"), str(path), author=_field(meta, "author"), reader=_field(meta, "reader") or "text",
                left_out=tuple(str(x) for x in left_out), extra=extra),
        _field(meta, "language"),
    )  # fmt: skip


def read_jsonl_record(path: Path, n: int, d: dict) -> Article:
    """One JSON Lines record: `text` (stored as is) or `html` (read as a web page), plus metadata."""
    if "text" not in d:
        if not isinstance(d.get("html"), str):
            raise TypeError("text/html is not a string")
        art = read_web_page(path, d["html"], d)
        return replace(art, id=_field(d, "id") or f"{path.stem}-{n}", reader="JSON Lines (web page)")
    body = d["text"]
    if not isinstance(body, str):
        raise TypeError("text/html is not a string")
    pub, src = dated(body, d)
    art = Article(_field(d, "id") or f"{path.stem}-{n}", body, _field(d, "title"), _field(d, "publisher"), pub, src,
                  "en", _field(d, "url"), str(path), author=_field(d, "author"), reader="JSON Lines")  # fmt: skip
    return finish(art, _field(d, "language"))


# ---------------------------------------------------------------------------------------------- web pages


def _paragraphs(text: str) -> str:
    """trafilatura's lines (one per paragraph) separated by blank lines, as the other readers store paragraphs."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def with_headline(title: str, text: str) -> str:
    """The stored text: the headline as its first paragraph (as in the .txt articles: headlines report events too)."""
    title = " ".join(title.split())
    if not title or text.lstrip().startswith(title):
        return text
    return f"{title}\n\n{text}"


def _date_source(tree, day: str) -> str:
    """Where on the page htmldate's date stands: which meta tag, JSON-LD, a <time> element or the URL."""
    for m in tree.xpath("//meta[@content]"):
        if m.get("content", "").strip().startswith(day):
            name = m.get("property") or m.get("name") or m.get("itemprop") or "meta"
            return f"page metadata ({name})"
    for s in tree.xpath("//script[@type='application/ld+json']"):
        if re.search(r'"date(?:Published|Created)"\s*:\s*"' + day, s.text or ""):
            return "page metadata (JSON-LD datePublished)"
    for t in tree.xpath("//time[@datetime]|//abbr[@title]"):
        if (t.get("datetime") or t.get("title") or "").strip().startswith(day):
            return "page <time datetime>"
    y, mo, d = day.split("-")
    for link in tree.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content"):
        if re.search(rf"{y}[/-]?{mo}[/-]?{d}", link):
            return "page URL"
    return "page (htmldate)"


def _left_out(tree, kept_words: int) -> list[str]:
    """What the page held besides the story (by structure), and how many of its words were kept."""
    from trafilatura.xpaths import COMMENTS_XPATH

    found = []
    for label, xpath in _BOILERPLATE_KINDS:
        hits = [e for x in COMMENTS_XPATH for e in x(tree)] if xpath == "comments" else tree.xpath(xpath)
        if hits:
            found.append(label)
    body = tree.find("body")
    total = len(" ".join(body.itertext()).split()) if body is not None else 0
    if total:
        found.append(f"{total - min(kept_words, total):,} of {total:,} words of the page")
    return found


def page_date(tree) -> tuple[str, str]:
    """The page's publication date and where it stands, read by htmldate with reader comments pruned first."""
    from copy import deepcopy

    from htmldate import find_date
    from trafilatura.xpaths import COMMENTS_XPATH

    pruned = deepcopy(tree)
    for x in COMMENTS_XPATH:
        for e in x(pruned):
            e.getparent().remove(e)
    # no extensive search: it guesses from any date in the text (a copyright year becomes 1 January)
    day = find_date(pruned, extensive_search=False, original_date=True)
    return (day, _date_source(tree, day)) if day else ("", "")


def read_web_page(path: Path, html: str, meta: dict) -> Article:
    """A saved web page: trafilatura's main text + metadata, htmldate's date, then the sidecar's metadata on top."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    doc = None
    if tree is not None:
        try:
            doc = trafilatura.bare_extraction(
                html, url=_field(meta, "url") or None, fast=True, include_comments=False, include_tables=True,
                with_metadata=True, prune_xpath=[CONSENT_XPATH, FURNITURE_XPATH], date_extraction_params={"extensive_search": False},
            )  # fmt: skip
        except (RecursionError, ValueError):
            doc = None
    text = _paragraphs(doc.text) if doc is not None and doc.text else ""
    if text:
        found = page_date(tree)
        reader, left_out = "web page (trafilatura)", _left_out(tree, len(text.split()))
        title, author, site = doc.title or "", doc.author or "", doc.sitename or ""
        url = doc.url or ""
        text = with_headline(title, text)
    else:
        # markup too deep or broken for lxml's tree (e.g. 100,000 nested <div>s): the visible text, consent boxes out
        text = _fallback_text(html)
        if len(text.split()) < MIN_FALLBACK_WORDS:
            raise ValueError("no article text found in the page (only navigation, notices or an empty body)")
        found, reader, left_out = ("", ""), "web page (visible text: the page's structure could not be read)", []
        title, author, site, url = "", "", "", ""
    pub, src = dated(text, meta, found)
    title = _field(meta, "title") or title or text.split("\n", 1)[0][:200]
    art = Article(_field(meta, "id") or path.stem, text, title, _field(meta, "publisher") or site, pub, src, "en",
                  _field(meta, "url") or url, str(path), author=_field(meta, "author") or author, reader=reader,
                  left_out=tuple(left_out))  # fmt: skip
    return finish(art, _field(meta, "language") or _html_lang(tree))


def _html_lang(tree) -> str:
    if tree is None:
        return ""
    lang = tree.getroottree().getroot().get("lang") or ""
    return lang.split("-")[0].lower()


def _fallback_text(html: str) -> str:
    """Visible block text of markup trafilatura could not read: scripts, furniture and consent boxes dropped.

    Markup nested deeper than the parser allows (it reports a resource limit) is read by a plain tag strip."""
    from lxml import etree
    from lxml import html as lxml_html

    from conflictmap.ingest.decode import strip_tags

    parser = lxml_html.HTMLParser(remove_comments=True)
    try:
        tree = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        tree = None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return strip_tags(html).strip()
    if tree is None:
        return ""
    drop = f"{CONSENT_XPATH}|{FURNITURE_XPATH}|//script|//style|//noscript|//iframe|//form|//header|//template"
    for e in tree.xpath(drop):
        if e.getparent() is not None:
            e.drop_tree()
    blocks = [" ".join(b.text_content().split()) for b in tree.iter("h1", "h2", "h3", "p", "li", "blockquote", "pre")]
    return "\n\n".join(b for b in blocks if b).strip()


# ---------------------------------------------------------------------------------------------- feeds


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
        text = _paragraphs(_fallback_text(value)) if "html" in str(body.get("type", "html")) else value.strip()
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


# ---------------------------------------------------------------------------------------------- PDF


def _reflow(page: str) -> str:
    """A PDF page's lines as paragraphs: a full line that does not end a sentence runs on into the next."""
    lines = [ln.rstrip() for ln in page.splitlines()]
    width = max((len(ln) for ln in lines), default=0)
    out = ""
    for ln in lines:
        if not ln.strip():
            out = out.rstrip(" ") + "\n\n" if out and not out.endswith("\n\n") else out
            continue
        out += ln.strip()
        full = len(ln) >= 0.6 * width and not re.search(r"[.!?:\"”’)]$", ln)
        out += " " if full else "\n\n"
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def _page_text(page) -> str:
    """A PDF page's text in content-stream (reading) order, lines joined into paragraphs: a paragraph ends where
    the gap to the next line is wider than the page's usual line spacing, or where the text jumps up (a column)."""
    lines: list[list] = []  # [text, y, size]

    def visit(text, cm, tm, font, size) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = abs(size or 10)
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if lines and (i > 0 or abs(lines[-1][1] - y) > 0.5 * size or lines[-1][0].endswith("\n")):
                lines.append(["", y, size])
            elif not lines:
                lines.append(["", y, size])
            lines[-1][0] += part
        if text.endswith("\n"):
            lines[-1][0] += "\n"

    plain = page.extract_text(visitor_text=visit) or ""
    rows = [(t.strip(), y, size) for t, y, size in lines if t.strip()]
    if not rows:
        return _reflow(plain)
    gaps = [round(a[1] - b[1], 1) for a, b in zip(rows, rows[1:], strict=False)]
    down = sorted(g for g in gaps if g > 0.5 * rows[0][2])
    # the usual line spacing: the median gap on a page with enough lines, else what a font of that size needs
    usual = down[len(down) // 2] if len(down) >= 4 else 1.2 * rows[0][2]
    out = rows[0][0]
    for gap, (text, _, size) in zip(gaps, rows[1:], strict=True):
        if abs(gap) <= 0.5 * size:  # the same line, drawn in two pieces
            out += " " + text
        elif gap < 0 or (usual and gap > 1.3 * usual):
            out += "\n\n" + text
        elif out.endswith("-") and text[:1].islower():
            out += text  # a word broken at the line's end: "counter-" + "offensive"
        else:
            out += " " + text
    return out


def read_pdf(path: Path, data: bytes, meta: dict) -> Article:
    """A PDF report: text in reading order, pages separated by blank lines, each page's start offset kept."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files would bypass our messages
    try:
        pdf = PdfReader(io.BytesIO(data))
        if pdf.is_encrypted and not pdf.decrypt(""):
            raise ValueError("the PDF is encrypted (password protected); save an unprotected copy and add that")
        pages = [_page_text(p) for p in pdf.pages]
        info = pdf.metadata or {}
        created = info.get("/CreationDate")
        title = str(info.get("/Title") or "")
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt file can fail anywhere inside the parser
        if "crypt" in str(exc).lower() or "AES" in str(exc):
            raise ValueError(f"the PDF is encrypted and cannot be read here ({exc})") from exc
        raise ValueError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise ValueError("the PDF has no pages")
    if not any(p.strip() for p in pages):
        raise ValueError(f"no text layer in {len(pages)} page(s): a scanned PDF? run OCR on it and add the text")
    text, starts = "", []
    for p in pages:
        text += "\n\n" if text else ""
        starts.append(len(text))
        text += p
    found = ("", "")
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(created or ""))
    if m:
        try:
            found = (date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), "PDF metadata (CreationDate)")
        except ValueError:
            found = ("", "")
    pub, src = dated(text, meta)  # a dateline in the report's text is closer to publication than the file's stamp
    if not pub:
        pub, src = found
    art = Article(_field(meta, "id") or path.stem, text, _field(meta, "title") or title or text.split("\n", 1)[0][:200],
                  _field(meta, "publisher"), pub, src, "en", _field(meta, "url"), str(path), reader="PDF (pypdf)",
                  extra={"page_starts": starts})  # fmt: skip
    return finish(art, _field(meta, "language"))


def page_of(article: Article, offset: int) -> int | None:
    """The 1-based PDF page an offset of the stored text falls on, or None for articles without pages."""
    return page_at(article.extra.get("page_starts") or [], offset)


def page_at(starts: list[int], offset: int) -> int | None:
    """The 1-based page whose start offset is the last one at or before offset (None without page starts)."""
    page = None
    for i, s in enumerate(starts, start=1):
        if offset >= s:
            page = i
    return page


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
