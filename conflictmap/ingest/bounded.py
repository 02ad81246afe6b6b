"""Bounded work per article (issue #18): the geoparser reads windows, a long article is read in pieces, and caps on
places and time say when a text is a list or a dump rather than a report.

A body longer than PIECE_CHARS is cut into pieces of at most that many characters, at a paragraph, sentence, clause
or word end (text.bounded_sentences, which cuts an endless sentence the same way). Each piece is geoparsed (in
windows) and read for events with the article's publication date and id and with what the pieces before it found
(extract.Carry: the country named most so far, the place the report opened with, the last town and date); the
events of all pieces are then merged within the article as one article's events, so the article stays one source.
Only one piece's places and sentences are held at a time. Offsets are always those of the whole text.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from conflictmap.events.extract import Carry, events_in, extract_events, finish_events
from conflictmap.events.record import ExtractedEvent
from conflictmap.ingest.document import Document
from conflictmap.ingest.text import MAX_SENTENCE_CHARS, bounded_sentences, piece_end

# Resolving places compares every mention with the others and looks at each mention's whole line, so its cost grows
# with the square of a text's length; a long text is geoparsed in windows of at most this many characters (cut at a
# paragraph, sentence or clause end), which bounds the work per window and keeps the whole article linear.
READ_WINDOW_CHARS = 10_000
# A body longer than this is read in pieces of at most this many characters (news prose names a place every 300
# characters or so: some 3,500 places to a piece, well under the cap below).
PIECE_CHARS = 1_000_000
# A piece naming more places than this (one every 100 characters) is a list or a dump, not a report: its reading stops
# at the window where the count passes it and the piece gives no events; the report says which characters were left
# out. An article with no piece left to read is quarantined, and so is one whose piece is still being read after
# ARTICLE_SECONDS (checked between geoparse windows and between sentences; each piece has its own budget). A
# quarantined article gives no events, now or in later ingests, until its text changes or its entry is removed.
# (Sentences over text.MAX_SENTENCE_CHARS are read in pieces; files over the max_upload_mb setting are not read.)
MAX_PLACES_PER_PIECE = 10_000
ARTICLE_SECONDS = 300.0


class Pathological(Exception):
    """An article that hit a hard cap: the message says which and is the quarantine reason."""


def read_events(
    article_id: str, text: str, end: int, published: date | None, parser, report, language: str = "en"
) -> list[ExtractedEvent]:
    """The events of the body text[:end], read whole or, when longer than PIECE_CHARS, in pieces (see the module).

    Raises Pathological when no piece can be read (each names more than MAX_PLACES_PER_PIECE places), TimeoutError
    when a piece takes longer than ARTICLE_SECONDS; `report` (pipeline.ArticleReport) gets a line for what was cut."""
    if end <= PIECE_CHARS:
        deadline = time.monotonic() + ARTICLE_SECONDS
        doc = Document.read_body(text, end)
        toponyms = bounded_toponyms(parser, text, end, report, deadline, doc)
        report_long_sentences(doc.long_sentences, report)
        return extract_events(article_id, text, toponyms, published, end, deadline, doc, language)
    pieces = article_pieces(text, end)
    carry = Carry.of(text, end, language)
    events: list[ExtractedEvent] = []
    lists, long = [], []
    for a, b in pieces:
        deadline = time.monotonic() + ARTICLE_SECONDS
        try:
            toponyms = bounded_toponyms(parser, text, b, None, deadline, start=a)
        except Pathological as exc:
            lists.append(f"characters {a:,} to {b:,} ({exc})")
            continue
        doc = Document.read_body(text, b, start=a)
        long += doc.long_sentences
        events += events_in(article_id, text, toponyms, published, b, deadline, doc, carry)
    if len(lists) == len(pieces):
        raise Pathological(
            f"names more than {MAX_PLACES_PER_PIECE:,} places in each of its {len(pieces)} pieces of up to "
            f"{PIECE_CHARS:,} characters: a list or a dump, not a report"
        )
    report.skipped.append(
        f"long text ({end:,} characters): read in {len(pieces)} pieces of up to {PIECE_CHARS:,} characters (places "
        f"in windows of up to {READ_WINDOW_CHARS:,}), each with the article's date and what the pieces before it said"
    )
    report.skipped += [f"not read, a list or a dump: {x}" for x in lists]
    report_long_sentences(tuple(long), report)
    return finish_events(events, carry)


def article_pieces(text: str, end: int) -> list[tuple[int, int]]:
    """The pieces a body text[:end] is read in: the whole of it when it is at most PIECE_CHARS long, else spans of at
    most PIECE_CHARS characters cut at the last paragraph, sentence, clause or word end in reach, one after another."""
    return [(0, end)] if end <= PIECE_CHARS else bounded_sentences(text, [(0, end)], PIECE_CHARS)


def bounded_toponyms(
    parser, text: str, end: int, report=None, deadline: float | None = None, doc: Document | None = None,
    start: int = 0,
) -> list:  # fmt: skip
    """parser.parse(text, start, end), a window of at most READ_WINDOW_CHARS at a time (offsets into the whole text).

    Raises Pathological once more than MAX_PLACES_PER_PIECE places are found, TimeoutError once `deadline` (a
    time.monotonic() value) has passed; both are checked after each window."""
    if start == 0 and end <= READ_WINDOW_CHARS:
        return parser.parse(text, 0, end, doc) if doc is not None else parser.parse(text, 0, end)
    found, a, windows = [], start, 0
    while a < end:
        b = _window_end(text, a, end)
        found += [replace(t, start=t.start + a, end=t.end + a) for t in parser.parse(text[a:b], 0, b - a)]
        a, windows = b, windows + 1
        if len(found) > MAX_PLACES_PER_PIECE:
            raise Pathological(
                f"names more than {MAX_PLACES_PER_PIECE:,} places (found {len(found):,} in its first {a - start:,} of "
                f"{end - start:,} characters): a list or a dump, not a report"
            )
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"places read in {a:,} of {end:,} characters")
    if report is not None:
        report.skipped.append(
            f"long text ({end:,} characters): places read in {windows} windows of up to {READ_WINDOW_CHARS:,} characters"
        )
    return found


def _window_end(text: str, start: int, end: int) -> int:
    """Where a geoparse window from `start` ends: the last paragraph, sentence, clause or word end in reach."""
    limit = start + READ_WINDOW_CHARS
    return end if limit >= end else piece_end(text, start, limit)


def report_long_sentences(lengths: tuple[int, ...], report) -> None:
    """Say which sentences are over MAX_SENTENCE_CHARS (extraction reads them in pieces: text.bounded_sentences)."""
    if lengths:
        report.skipped.append(
            f"{len(lengths):,} sentence(s) over {MAX_SENTENCE_CHARS:,} characters (the longest {max(lengths):,}): "
            f"events read in pieces of up to {MAX_SENTENCE_CHARS:,} characters, cut at a clause or word end"
        )
