"""Article text: where the story ends (reader comments, subscription blurbs) and which lines are not story.

Offsets always refer to the original text: nothing here rewrites it, it only says which spans to parse.
"""

from __future__ import annotations

import re
from html import unescape

# The first line that starts a non-story block; everything after it is ignored.
_END_MARKERS = re.compile(
    r"^[ \t]*(?:Comments?[ \t]*\(?\d*\)?[ \t]*$|\d+[ \t]+Comments?\b|A [A-Z][\w.]* Subscription\b|Subscribe (?:or|to|now)\b"
    r"|Related (?:articles|stories|news|content)\b|Share this\b|Leave a (?:comment|reply)\b|Sign up for\b"
    r"|Read more:|Reader comments\b|Copyright\b|All rights reserved\b|©)",
    re.MULTILINE | re.IGNORECASE,
)
# Whole lines that are furniture inside the story: "read this in Arabic", bylines, photo credits.
_SKIP_LINES = re.compile(
    r"^[ \t]*(?:.*\u0628\u0627\u0644\u0639\u0631\u0628\u064a\u0629.*|Read (?:this|it) in [A-Z]\w+.*|By [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}"
    r"(?:,? [A-Z][\w ]+)?|Photo(?:graph)?:[^\n]{0,160}|\(?(?:AFP|Reuters|AP) Photo.*)[ \t]*$",
    re.MULTILINE,
)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])|\r?\n[ \t]*\r?\n")
_ABBREVIATIONS = {"Mr", "Ms", "Mrs", "Dr", "St", "Gen", "Lt", "Col", "No", "Jr", "Sr", "vs", "Sen", "Rep", "Gov", "Maj"}


def body_end(text: str) -> int:
    """Offset where the article body ends: the first comments/subscription/footer line, else len(text)."""
    m = _END_MARKERS.search(text)
    return m.start() if m and m.start() > 0 else len(text)


def skipped_spans(text: str, end: int | None = None) -> list[tuple[int, int]]:
    """Spans inside the body that are not story text (language links, bylines, credits)."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _SKIP_LINES.finditer(text, 0, end)]


def html_to_text(html: str) -> str:
    """Visible text of an HTML page: scripts, styles and tags removed, paragraphs kept as lines."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "iframe", "nav", "footer", "form", "aside", "header"]):
        tag.decompose()
    lines = []
    for block in soup.find_all(["h1", "h2", "h3", "p", "li", "blockquote", "pre"]):
        t = " ".join(block.get_text(" ", strip=True).split())
        if t:
            lines.append(t)
    if not lines:
        lines = [" ".join(_TAG.sub(" ", unescape(html)).split())]
    return "\n\n".join(lines)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (offsets into text): split at . ! ? followed by space and a capital/quote, and at blank lines."""
    end = len(text) if end is None else end
    out, s = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        before = text[max(0, m.start() - 4) : m.start()].split()
        if (
            m.group(0)[0] == "."
            and before
            and (before[-1] in _ABBREVIATIONS or "." in before[-1] or len(before[-1].strip("(\"'")) == 1)
        ):
            continue
        out.append((s, m.end()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]
