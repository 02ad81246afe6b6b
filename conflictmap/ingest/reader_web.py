"""The web page reader: trafilatura's main text and metadata, htmldate's publication date, boilerplate left out by
the page's structure (reader comments, navigation, cookie and subscription boxes), not by its wording."""

from __future__ import annotations

import re
from pathlib import Path

from conflictmap.ingest.reader_common import dated, finish, text_field
from conflictmap.model import Article

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


def paragraphs(text: str) -> str:
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
                html, url=text_field(meta, "url") or None, fast=True, include_comments=False, include_tables=True,
                with_metadata=True, prune_xpath=[CONSENT_XPATH, FURNITURE_XPATH], date_extraction_params={"extensive_search": False},
            )  # fmt: skip
        except (RecursionError, ValueError):
            doc = None
    text = paragraphs(doc.text) if doc is not None and doc.text else ""
    if text:
        found = page_date(tree)
        reader, left_out = "web page (trafilatura)", _left_out(tree, len(text.split()))
        title, author, site = doc.title or "", doc.author or "", doc.sitename or ""
        url = doc.url or ""
        text = with_headline(title, text)
    else:
        # markup too deep or broken for lxml's tree (e.g. 100,000 nested <div>s): the visible text, consent boxes out
        text = visible_text(html)
        if len(text.split()) < MIN_FALLBACK_WORDS:
            raise ValueError("no article text found in the page (only navigation, notices or an empty body)")
        found, reader, left_out = ("", ""), "web page (visible text: the page's structure could not be read)", []
        title, author, site, url = "", "", "", ""
    pub, src = dated(text, meta, found)
    title = text_field(meta, "title") or title or text.split("\n", 1)[0][:200]
    art = Article(text_field(meta, "id") or path.stem, text, title, text_field(meta, "publisher") or site, pub, src,
                  "en", text_field(meta, "url") or url, str(path), author=text_field(meta, "author") or author,
                  reader=reader, left_out=tuple(left_out))  # fmt: skip
    return finish(art, text_field(meta, "language") or _html_lang(tree))


def _html_lang(tree) -> str:
    if tree is None:
        return ""
    lang = tree.getroottree().getroot().get("lang") or ""
    return lang.split("-")[0].lower()


def visible_text(html: str) -> str:
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
