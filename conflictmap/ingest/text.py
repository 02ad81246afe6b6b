"""Article text: where the story ends (reader comments, subscription blurbs) and which lines are not story.

Offsets always refer to the original text: nothing here rewrites it, it only says which spans to parse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

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
# A wire-service dateline opening a paragraph: "BAGHDAD --", "MOSUL, Iraq (Reuters) -", "Mosul, Iraq (AP) --",
# "BAGHDAD, June 15, 2014 (AFP) -", "TIMIKA, 25/02/2021 -". The place is where the reporter filed from, not where
# events happened.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_UPPER = "A-ZÀ-ÖØ-Þ"  # capitals with accents too: "POPAYÁN", "NOUMÉA"
_CAPS_PLACE = rf"[{_UPPER}][{_UPPER}'.-]{{2,}}(?:[ -][{_UPPER}][{_UPPER}'.-]+){{0,3}}"
# two filing places: "DUBAI/ADEN, April 18 (Reuters) -", "KABUL/ISLAMABAD —"
_CAPS_PLACES = rf"{_CAPS_PLACE}(?:/{_CAPS_PLACE})*"
_TITLE_PLACE = r"[A-Z][a-z'.-]+(?:[ -][A-Z][a-z'.-]+){0,3}"
# a title-case place opens a dateline when an agency or a full date with its year and a dash follows it: "Bangkok,
# 21 September 2022 —" (a press release); "Mosul, Iraq -" alone is too easily an ordinary sentence
_FULL_DATE = rf"(?:\d{{1,2}}[ \t]+{_MONTH}[ \t]+\d{{4}}|{_MONTH}[ \t]+\d{{1,2}},[ \t]+\d{{4}})"
_DATELINE = re.compile(
    rf"^[ \t]*(?:(?P<caps>{_CAPS_PLACES})|(?P<title>{_TITLE_PLACE})(?=,[^\n]{{0,40}}\([A-Z]|,[ \t]+{_FULL_DATE}[ \t]*[-\u2013\u2014]))"
    r"(?P<region>,[ \t]+[A-Z][\w.'-]+(?:[ ][A-Z][\w.'-]+){0,2})?"
    rf"(?:,?[ \t]+\(?(?P<date>{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]+\d{{4}})?|\d{{1,2}}[ \t]+{_MONTH}(?:[ \t]+\d{{4}})?|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\)?)?"
    rf"[ \t]*(?P<agency>\([A-Z][A-Za-z.&' ]{{1,30}}\))?[ \t]*(?:--|[-\u2013\u2014]|(?<=\d):|(?<=[{_UPPER}]):)[ \t]+(?=\S)",
    re.MULTILINE,
)
# capitals before a colon that label a story rather than say where it was filed ("PESHAWAR: Two policemen ...")
_NOT_PLACES = {"UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "WATCH", "NOTE", "LIVE", "ANALYSIS",
               "OPINION", "EDITORIAL", "CORRECTION", "WARNING", "ALERT", "FLASH", "URGENT", "READ MORE", "ALSO READ",
               "PHOTOS", "VIDEO", "SOURCE", "SOURCES", "NEW", "FACTBOX", "EXPLAINER", "TIMELINE"}  # fmt: skip
_CAPS_HEADING = re.compile(rf"^[ \t]*(?:[-*•][ \t]*)?{_CAPS_PLACES}[ \t]*:", re.MULTILINE)
DATELINE_WINDOW = 800  # a dateline opens the story: only the first paragraphs are looked at


def _first_body(text: str) -> int:
    """Where the paragraph after the title line starts (0 when the text has a single paragraph)."""
    m = re.search(r"\n[ \t]*\n\s*", text)
    return m.end() if m else 0


def dateline(text: str) -> tuple[int, int, str, str] | None:
    """The story's dateline as (start, end, reporting place, date words) or None; end is where the story starts."""
    for m in _DATELINE.finditer(text, 0, min(len(text), DATELINE_WINDOW)):
        if (
            m.group(0).rstrip().endswith(":")
            and not m.group("date")
            and (
                m.group("caps") in _NOT_PLACES
                or len(_CAPS_HEADING.findall(text)) > 1
                or not 0 < m.start() == _first_body(text)
            )
        ):
            # "UPDATE: ...": a label; "NORTH KIVU: ..." as one of several such lines, or anywhere but at the start
            # of the story's first paragraph ("SUDAN: Flash update" is a title): a heading, not a filing place
            continue
        if m.group("title") and not m.group("agency") and not re.fullmatch(_FULL_DATE, m.group("date") or ""):
            continue  # "Mosul, Iraq -" without an agency is too easily an ordinary sentence
        place = (m.group("caps") or m.group("title") or "").title() if m.group("caps") else m.group("title")
        place += m.group("region") or ""
        return m.start(), m.end(), place.strip(), (m.group("date") or "").strip()
    return None


# a sentence ends at . ! ? before a capital or a digit, or before a list item on the next line ("held.\n• On 1 May"),
# and at a blank line
_SENTENCE_END = re.compile(
    r"[.!?][\"'”’)]*(?:\s+(?=[\"“'‘(]?[A-Z0-9])|[ \t]*\r?\n\s*(?=[•●▪‣◦*–-][ \t]))|\r?\n[ \t]*\r?\n"
)
# A sentence longer than this (none of the evaluation corpora has one over 1,000 characters) is read for events in
# pieces of at most this size, cut at a clause or word end: the work per sentence is bounded, so one endless sentence
# costs time in proportion to its length. Splitting for the geoparser (sentences) is unchanged.
MAX_SENTENCE_CHARS = 5000
_MONTH_ABBREVIATIONS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
_ABBREVIATIONS = {"Mr", "Ms", "Mrs", "Dr", "St", "Gen", "Lt", "Col", "No", "Jr", "Sr", "vs", "Sen", "Rep", "Gov", "Maj"}


def body_end(text: str) -> int:
    """Offset where the article body ends: the first comments/subscription/footer line, else len(text)."""
    m = _END_MARKERS.search(text)
    return m.start() if m and m.start() > 0 else len(text)


def skipped_spans(
    text: str, end: int | None = None, with_dateline: bool = True, start: int = 0
) -> list[tuple[int, int]]:
    """Spans inside the body (text[start:end]) that are not story text (language links, bylines, credits), and the
    dateline unless `with_dateline` is False (the geoparser reads the reporting place; event extraction never places
    events there)."""
    end = len(text) if end is None else end
    spans = [(m.start(), m.end()) for m in _SKIP_LINES.finditer(text, start, end)]
    dl = dateline(text) if with_dateline else None
    if dl and start <= dl[0] < end:
        spans.append((dl[0], dl[1]))  # the reporting place is not where the events happened
    return sorted(spans)


# A summary block of a report ("HIGHLIGHTS", "KEY POINTS", "KEY MESSAGES" and its bullets) restates the body's events
_SUMMARY_BLOCK = re.compile(
    r"^[ \t]*(?:HIGHLIGHTS|KEY (?:POINTS|MESSAGES|DEVELOPMENTS|FIGURES)|IN BRIEF|AT A GLANCE|MAIN POINTS)[ \t:]*\r?\n"
    r"(?:[ \t]*(?:[•●▪\-*–]|\d+[.)])[^\n]*(?:\r?\n|$))+",
    re.MULTILINE,
)
# A headline: a first line with no closing stop ("No. 2" is none), followed by the story; the "(as of 21 April)" line
# under it belongs to it
_HEADLINE = re.compile(r"\A[ \t]*(?:[^\n.!?]|(?<=\bNo)\.){10,160}[ \t]*\r?\n(?:[ \t]*\([^\n()]{3,40}\)[ \t]*\r?\n)?")
SUMMARY_MIN_BODY = 3  # the story after a summary or headline is at least this many times longer than it


def summary_spans(text: str, end: int | None = None) -> list[tuple[int, int]]:
    """A report's headline and summary blocks, which restate events the body tells in full: read for places, not for
    events. Only when the story after them is much longer than they are (a short text may be all summary)."""
    end = len(text) if end is None else end
    out = []
    head = _HEADLINE.match(text)
    if head and not dateline(text[: head.end()]) and end - head.end() >= SUMMARY_MIN_BODY * head.end():
        out.append((head.start(), head.end()))
    for m in _SUMMARY_BLOCK.finditer(text, 0, end):
        if end - m.end() >= SUMMARY_MIN_BODY * (m.end() - m.start()):
            out.append((m.start(), m.end()))
    return out


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (offsets into text): split at . ! ? followed by space and a capital/quote, and at blank lines."""
    end = len(text) if end is None else end
    dl = dateline(text)
    if dl and start <= dl[0] and dl[1] < end:  # the dateline is a "sentence" of its own (and skipped)
        # what comes before it (a headline, a press release's header) is split as any text is
        head = _split_sentences(text, start, dl[0]) if dl[0] > start else []
        return head + [(dl[0], dl[1])] + _split_sentences(text, dl[1], end)
    return _split_sentences(text, start, end)


def _split_sentences(text: str, s: int, end: int) -> list[tuple[int, int]]:
    out = []
    for m in _SENTENCE_END.finditer(text, s, end):
        before = text[max(0, m.start() - 4) : m.start()].split()
        if (
            m.group(0)[0] == "."
            and before
            and (
                before[-1] in _ABBREVIATIONS
                or "." in before[-1]
                or (len(w := before[-1].strip("(\"'")) == 1 and w.isalpha())  # an initial, not a number ("Aug. 4.")
            )
        ):
            continue
        if (
            m.group(0)[0] == "."
            and before
            and before[-1] in _MONTH_ABBREVIATIONS
            and text[m.end() : m.end() + 1].isdigit()
        ):
            continue  # "on Aug. 8": a date, not a sentence's end
        out.append((s, m.end()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def bounded_sentences(
    text: str, spans: list[tuple[int, int]], max_chars: int = MAX_SENTENCE_CHARS
) -> list[tuple[int, int]]:
    """The sentence spans with each one longer than max_chars cut into pieces of at most that many characters, at
    the last clause, comma or word end in reach (a span within the limit is kept as it is)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        while b - a > max_chars:
            cut = piece_end(text, a, a + max_chars)
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return [(a, b) for a, b in out if text[a:b].strip()]


def piece_end(text: str, start: int, limit: int) -> int:
    """Where a piece of text from `start` that must end by `limit` ends: after the last paragraph, sentence, clause
    or word end in its second half, else at `limit`."""
    floor = start + (limit - start) // 2
    for sep in ("\n\n", ". ", "; ", ", ", " "):
        cut = text.rfind(sep, floor, limit)
        if cut != -1:
            return cut + len(sep)
    return limit


def covered_by(spans: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """A test 'does any of these (start, end) spans hold this offset' that costs one bisection, not a pass over every
    span (spans may overlap and come in any order)."""
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach, top = [], -1  # reach[k]: the furthest end among the first k + 1 spans
    for _, b in ordered:
        top = max(top, b)
        reach.append(top)

    def covered(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and reach[k] > pos

    return covered
