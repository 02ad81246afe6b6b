"""An article as reader HTML: toponyms linked to the map, boilerplate greyed, one excerpt marked. Every piece escaped."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from conflictmap.ingest.text import body_end, covered_by, sentences, skipped_spans
from conflictmap.model import Toponym

EXCERPT_ID = "cm-at"
READER_CSS = (
    ".cm-article{white-space:pre-wrap;font-family:Georgia,serif;line-height:1.55;max-height:70vh;overflow-y:auto;"
    "padding:0.5rem 1rem;border:1px solid #ddd;border-radius:6px}"
    ".cm-skip{color:#999}.cm-at{background:#ffe38a}.cm-top{color:#0b5cad;text-decoration:underline dotted}"
)


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """What is not story: lines inside the body (bylines, language links) and everything after the body."""
    end = body_end(text)
    spans = skipped_spans(text, end)
    return [*spans, (end, len(text))] if end < len(text) else spans


def excerpt_span(text: str, at: int | None, cited: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
    """The span to mark for offset `at`: a cited excerpt containing it, else its sentence."""
    if at is None or not 0 <= at < len(text):
        return None
    for start, end in cited:
        if start <= at < end:
            return start, end
    return next(((a, b) for a, b in sentences(text) if a <= at < b), (at, min(len(text), at + 1)))


def place_link(toponym: Toponym) -> str:
    """The map link of a toponym: the map page with that place selected."""
    p = toponym.place
    token = str(p.geonameid) if p and p.geonameid else (p.name if p else toponym.name)
    return "./?place=" + quote(token, safe="")


def _title(t: Toponym) -> str:
    p = t.place
    if p is None:
        return f"{t.name} (not resolved)"
    where = ", ".join(x for x in (p.name, p.admin1, p.country_code) if x)
    return f"{where}; confidence {t.confidence:.2f}"


def article_html(
    text: str,
    toponyms: Sequence[Toponym],
    excerpt: tuple[int, int] | None = None,
    linked: bool = True,
    window: tuple[int, int] | None = None,
) -> str:
    """The reader HTML of an article, or of its characters in `window` (text HTML-escaped; links, classes and ids
    are ours). Linear in the text and the toponyms: each cut point finds its toponym and grey span by bisection."""
    lo, hi = window if window is not None else (0, len(text))
    lo, hi = max(0, lo), min(len(text), hi)
    grey = boilerplate_spans(text)
    is_grey = covered_by(grey)
    tops = [t for t in toponyms if 0 <= t.start < t.end <= len(text) and t.end > lo and t.start < hi]
    cuts = {lo, hi} | {x for a, b in grey for x in (a, b)} | {x for t in tops for x in (t.start, t.end)}
    if excerpt:
        cuts |= set(excerpt)
    points = sorted(c for c in cuts if lo <= c <= hi)
    # the toponym each piece lies in: the first in the given order that holds its start (later ones assigned first,
    # so the earlier overwrite them), each toponym touching only the points inside it
    top_at: dict[int, Toponym] = {}
    for t in reversed(tops):
        for k in range(bisect_left(points, t.start), bisect_left(points, t.end)):
            top_at[k] = t
    parts, marked = [f"<style>{READER_CSS}</style><div class='cm-article'>"], False
    for k, (a, b) in enumerate(zip(points, points[1:], strict=False)):
        piece = escape(text[a:b], quote=True)
        top = top_at.get(k)
        if top is not None and linked:
            piece = f"<a class='cm-top' href='{escape(place_link(top))}' title='{escape(_title(top))}'>{piece}</a>"
        if is_grey(a):
            piece = f"<span class='cm-skip'>{piece}</span>"
        if excerpt and excerpt[0] <= a < excerpt[1]:
            piece = f"<mark class='cm-at'{'' if marked else f' id={EXCERPT_ID!r}'}>{piece}</mark>"
            marked = True
        parts.append(piece)
    parts.append("</div>")
    return "".join(parts)


# The reader shows at most this many characters of an article (around the marked excerpt): a browser tab stays
# responsive, and the page's work is bounded whatever the article's size.
READER_MAX_CHARS = 200_000


def reader_window(length: int, at: int | None, max_chars: int = READER_MAX_CHARS) -> tuple[int, int]:
    """The characters the reader shows of an article of `length`: all of it, or max_chars around `at`."""
    if length <= max_chars:
        return 0, length
    start = 0 if at is None else min(max(0, at - max_chars // 2), length - max_chars)
    return start, start + max_chars


SCROLL_SCRIPT = (
    "<script>setTimeout(function(){var m=document.getElementById('" + EXCERPT_ID + "');"
    "if(m){m.scrollIntoView({block:'center'});}},300);</script>"
)
