"""Ingest: articles (.txt + .json sidecar, web pages, RSS/Atom feeds, PDF reports, .jsonl, folders of them)
-> geoparse -> events -> merge -> events.csv.

    python -m conflictmap ingest articles/ -o events.csv [--workers N] [--report report.json]

Idempotent: the same articles always give the same rows and event ids. Writes are atomic (store.write_events).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from conflictmap.events.extract import precision_label
from conflictmap.events.merge import merge_events, same_event
from conflictmap.events.record import ExtractedEvent
from conflictmap.geo.areas import CAPITAL_NOTE
from conflictmap.ingest import bounded
from conflictmap.ingest.bounded import Pathological, read_events
from conflictmap.ingest.cache import ExtractionCache
from conflictmap.ingest.quarantine import Quarantine
from conflictmap.ingest.text import body_end
from conflictmap.model import Article, Event, Evidence

READ_LANGUAGES = ("en", "fr", "es")  # languages the event readers can read (French and Spanish: romance.py)
# An excerpt is one clause; a text without full stops can make it the whole article. Kept excerpts stay short
# enough to read and to store (the CSV field limit was 131,072 characters), and the report says what was cut.
MAX_EXCERPT_CHARS = 2000
# (The bounds on the work one article may cost, issue #18, are in ingest/bounded.py: geoparse windows, pieces of a
# long article, the places cap and the time budget that quarantine an article.)


@dataclass
class ArticleReport:
    """What ingest did with one article: which reader, the date and its source, events found, what was left out."""

    id: str
    path: str
    events: int = 0
    published: str = ""
    published_source: str = ""
    skipped: list[str] = field(default_factory=list)
    cached: bool = False
    reader: str = ""
    language: str = ""
    undated: int = 0  # events without a date (the article has none): date_precision unknown
    left_out: list[str] = field(default_factory=list)  # what the reader kept out of the stored text
    dateline_place: str = ""
    quarantined: str = ""  # why the article was not read (too many places, too slow): it is skipped until released


def read_articles(paths: list[Path]) -> tuple[list[Article], list[str]]:
    """Every article under the given files/folders (text, web pages, feeds, PDFs, JSON Lines), and one message per
    file, line or feed item that was odd or unreadable; the rest still load. A feed item seen before is read once."""
    from conflictmap.ingest.decode import max_article_bytes
    from conflictmap.ingest.readers import SUPPORTED, read_file

    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.suffix.lower() in SUPPORTED and f.is_file())
        elif p.exists():
            files.append(p)
        else:
            return [], [f"{p}: no such file or folder"]
    limit = max_article_bytes()
    articles, problems = [], []
    seen_items: dict[str, str] = {}  # feed item guid/link -> the file it was first read from
    for f in files:
        try:
            size = f.stat().st_size
            if size > limit:
                raise ValueError(f"too large ({size / 2**20:.1f} MB, limit {limit / 2**20:.0f} MB); split the file")
            found, notes = read_file(f, f.read_bytes(), limit)
            problems += notes
            for art in found:
                keys = [k for k in (art.extra.get("guid"), art.url if art.reader.startswith("feed") else "") if k]
                first = next((seen_items[k] for k in keys if k in seen_items), None)
                if first is not None:
                    problems.append(f"{f.name}: feed item {keys[0][:80]!r} already read from {first}; not read again")
                    continue
                seen_items.update(dict.fromkeys(keys, f.name))
                articles.append(art)
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            msg = str(exc)
            problems.append(f"{f.name}: skipped ({msg.removeprefix(f.name + ': ')})")
        except Exception as exc:  # noqa: BLE001 - a parser's own bug on one odd file must not stop the others
            problems.append(f"{f.name}: skipped (could not be read: {type(exc).__name__}: {str(exc)[:200]})")
    return articles, problems


def article_events(article: Article, parser) -> tuple[list[ExtractedEvent], ArticleReport]:
    """Geoparse one article and read its events; one that hits a hard cap or the time budget gives none and its
    report says why (report.quarantined)."""
    report = ArticleReport(article.id, article.path, published=article.published,
                           published_source=article.published_source, reader=article.reader,
                           language=article.language, left_out=list(article.left_out),
                           dateline_place=str(article.extra.get("dateline_place", "")))  # fmt: skip
    if not article.language.lower().startswith(READ_LANGUAGES):
        how = article.extra.get("language_source", "declared")
        report.skipped.append(f"language {article.language!r} ({how}): no reader for it yet, not read")
        return [], report
    language = article.language.lower()[:2]
    end = body_end(article.text)
    if end < len(article.text):
        report.skipped.append(f"text after offset {end} ({article.text[end : end + 30].strip()!r}...) is not story")
    try:
        if article.published:
            events = read_events(
                article.id, article.text, end, date.fromisoformat(article.published), parser, report, language
            )
        else:
            # Read as if published on a stand-in day, so reports of one event are told apart and merged exactly as
            # in a dated article; then only dates the text states in full are kept, the rest are unknown.
            events = [
                _undated(e)
                for e in read_events(article.id, article.text, end, UNDATED_ANCHOR, parser, report, language)
            ]
    except (Pathological, TimeoutError) as exc:
        reason = (
            str(exc) if isinstance(exc, Pathological) else f"not read within {bounded.ARTICLE_SECONDS:.0f} s ({exc})"
        )
        report.quarantined = reason
        report.skipped.append(f"quarantined, no events read: {reason}")
        return [], report
    events = [_capped(e, report) for e in events]
    report.events = len(events)
    report.undated = sum(e.date_from is None for e in events)
    if not article.published:
        report.skipped.append(
            "no publication date (metadata, page, feed or dateline): events kept undated (date precision unknown)"
        )
    return events, report


def _capped(ev: ExtractedEvent, report: ArticleReport) -> ExtractedEvent:
    """The event with every excerpt cut to MAX_EXCERPT_CHARS (the offsets follow); each cut is reported."""
    from dataclasses import replace

    extra = [_capped(x, report) for x in ev.extra_sources]
    if len(ev.excerpt) <= MAX_EXCERPT_CHARS:
        return replace(ev, extra_sources=extra) if extra != ev.extra_sources else ev
    report.skipped.append(
        f"excerpt at offset {ev.start} is {len(ev.excerpt):,} characters long (no sentence end); "
        f"cut to its first {MAX_EXCERPT_CHARS:,}"
    )
    excerpt = ev.excerpt[:MAX_EXCERPT_CHARS]
    return replace(ev, excerpt=excerpt, end=ev.start + len(excerpt), extra_sources=extra)


UNDATED_ANCHOR = date(2000, 1, 1)  # stand-in publication day of an undated article; never written out


def _undated(ev: ExtractedEvent) -> ExtractedEvent:
    """An undated article's event: its window kept only when the text states the date in full ('15 June 2014')."""
    from dataclasses import replace

    from conflictmap.events.dates import resolve_dates

    extra = [_undated(x) for x in ev.extra_sources]
    if resolve_dates(ev.date_note, None) is not None:
        return replace(ev, extra_sources=extra)
    return replace(ev, date_from=None, date_to=None, date_note="undated: the article has no publication date",
                   extra_sources=extra)  # fmt: skip


def merge_across_articles(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """One row per real event: reports of the same event from different articles are combined (merge.merge_events:
    each event compared only with those sharing a lookup key, the same place and type or the same figure), never
    two reports of one article (distinct_sources)."""
    return merge_events(events, partial(same_event, across_articles=True), distinct_sources=True)


def _display_name(ev: ExtractedEvent) -> str:
    """The place as the article spells it ('Tal Afar', not GeoNames' 'Tall ‘Afar'); GeoNames' name for countries."""
    if ev.place is None:
        return ""
    mention = ev.place.name.strip()
    if ev.geo_precision == 4 or not mention or mention.isupper() or ev.place.note.endswith(CAPITAL_NOTE):
        return ev.place.place.name  # a country, a dateline's capitals, or the capital a country's name stood for
    return mention


def to_event(ev: ExtractedEvent, publishers: dict[str, str] | None = None) -> Event:
    """The events.csv row of a merged event, with every supporting excerpt as evidence; n_sources counts distinct
    publishers (`publishers`: article id -> dedup.publisher_key; an article not in it counts on its own)."""
    reports = [ev, *ev.extra_sources]
    sources = sorted({r.source_id for r in reports})
    n_sources = len({(publishers or {}).get(s, f"article:{s}") for s in sources})
    event_id = ev.key()
    p = ev.place.place if ev.place else None
    evidence = [Evidence(event_id, r.source_id, r.start, r.end, r.excerpt) for r in reports]
    where = f" in {_display_name(ev)}" if p else " (place unknown)"
    summary = f"{ev.sub_event_type}{where}" + (f": {ev.fatalities} killed" if ev.fatalities else "")
    if ev.displaced:
        summary += f": {ev.displaced:,} displaced"
    if ev.type_guessed is not None:
        summary += f" (kind guessed from the words, p={ev.type_guessed:.2f}: no trigger word read)"
    iso = lambda d: d.isoformat() if d else ""  # noqa: E731 - an undated article's event has no dates
    return Event(
        event_id=event_id, event_date=iso(ev.date_to), date_from=iso(ev.date_from),
        date_to=iso(ev.date_to), date_precision=precision_label(ev), event_type=ev.event_type,
        sub_event_type=ev.sub_event_type, actor1=ev.actor1, actor2=ev.actor2, location=_display_name(ev),
        admin1=p.admin1 if p else "", country_code=p.country_code if p else "", latitude=p.lat if p else None,
        longitude=p.lon if p else None, geo_precision=ev.geo_precision if p else None, geonameid=p.geonameid if p else None, fatalities=ev.fatalities, fatalities_low=ev.fatalities_low,
        fatalities_high=ev.fatalities_high, claim_status=ev.claim_status, claimed_by=ev.claimed_by, summary=summary,
        excerpt=ev.excerpt, source_ids=";".join(sources), n_sources=n_sources, displaced=ev.displaced,
        geo_confidence=round(ev.place.confidence, 3) if ev.place else None, evidence=evidence,
    )  # fmt: skip


_PARSER = None  # one Geoparser per process (a pool or Dask worker), loaded by the first batch that needs it


def worker_parser():
    """This process's Geoparser (loads the gazetteer on first use)."""
    global _PARSER
    if _PARSER is None:
        from conflictmap.geo.geoparse import Geoparser

        _PARSER = Geoparser()
    return _PARSER


def events_of_batch(batch: list[Article]) -> list[tuple[list[ExtractedEvent], ArticleReport]]:
    """article_events over a batch of articles, in this process (a pool or Dask worker)."""
    parser = worker_parser()
    return [article_events(a, parser) for a in batch]


# A multi-process or Dask ingest sends at most this many batches per worker ahead: each article's text is dropped
# once its events are back, so the texts in flight stay bounded however many articles there are.
IN_FLIGHT_PER_WORKER = 3


def in_order(submit, batches: list, window: int):
    """(batch, submit(batch).result()) for each batch, in order, with at most `window` batches submitted and not yet
    given back (submit returns a concurrent.futures or Dask future)."""
    from collections import deque

    running: deque = deque()
    for batch in batches:
        running.append((batch, submit(batch)))
        if len(running) >= window:
            done, future = running.popleft()
            yield done, future.result()
    while running:
        done, future = running.popleft()
        yield done, future.result()


def ingest(
    paths: list[Path],
    progress: bool = True,
    workers: int = 1,
    cache: ExtractionCache | None = None,
    quarantine: Quarantine | None = None,
) -> tuple[list[Event], list[ArticleReport], list[str]]:
    """Read, geoparse, extract and merge; returns events, per-article reports and unreadable-file messages.

    Unchanged articles (same text, metadata and extraction code) come from the cache; the rest are extracted in
    `workers` processes. The result does not depend on the number of workers or on the cache. Articles in the
    `quarantine` record are skipped (their report says why); one found pathological now is added to it."""
    cache = cache if cache is not None else ExtractionCache()
    quarantine = quarantine if quarantine is not None else Quarantine(None)
    articles, problems = read_articles(paths)
    # who stands behind each article (duplicates found by their text) before extraction: then an article's text
    # is dropped once its events are read, and a big feed's texts and events are never all held at once
    publishers = publishers_of(articles, problems)
    results: dict[int, tuple[list[ExtractedEvent], ArticleReport]] = {}
    todo = []
    for i in range(len(articles)):  # (no loop variable left holding the last article's text)
        held = quarantine.reason(articles[i])
        if held is not None:
            results[i] = ([], quarantined_report(articles[i], held))
            continue
        hit = cache.get(articles[i])
        if hit is not None:
            from dataclasses import replace

            results[i] = (hit[0], replace(hit[1], path=articles[i].path))  # same content, maybe another file
        else:
            todo.append(i)
    bar = None
    if progress and len(todo) > 20:
        from tqdm import tqdm

        bar = tqdm(total=len(todo), desc="articles", unit="art", file=sys.stderr)
    if workers > 1 and len(todo) > 1:
        from concurrent.futures import ProcessPoolExecutor

        size = max(1, min(50, len(todo) // (workers * 4)))
        batches = [todo[k : k + size] for k in range(0, len(todo), size)]
        with ProcessPoolExecutor(workers) as pool:

            def submit(batch: list[int]):
                return pool.submit(events_of_batch, [articles[i] for i in batch])

            for batch, out in in_order(submit, batches, IN_FLIGHT_PER_WORKER * workers):
                for i, result in zip(batch, out, strict=True):
                    results[i] = result
                    keep_result(articles[i], result, cache, quarantine)
                    articles[i] = None  # read: not needed again
                if bar:
                    bar.update(len(batch))
    else:
        for i in todo:
            results[i] = article_events(articles[i], worker_parser())
            keep_result(articles[i], results[i], cache, quarantine)
            articles[i] = None  # read: not needed again
            if bar:
                bar.update(1)
    if bar:
        bar.close()
    extracted, reports = [], []
    todo_set = set(todo)
    for i in range(len(articles)):
        evs, rep = results[i]
        rep.cached = i not in todo_set and not rep.quarantined
        extracted += evs
        reports.append(rep)
    return finalise_events(extracted, publishers), reports, problems


def quarantined_report(article: Article, reason: str) -> ArticleReport:
    """The report of an article skipped because it is in the quarantine record."""
    report = ArticleReport(article.id, article.path, published=article.published,
                           published_source=article.published_source, reader=article.reader,
                           language=article.language, quarantined=reason)  # fmt: skip
    report.skipped.append(
        f"skipped: quarantined, {reason}; edit the article or remove its entry from the quarantine record to read it"
    )
    return report


def keep_result(article: Article, result: tuple[list[ExtractedEvent], ArticleReport], cache, quarantine) -> None:
    """A fresh result: quarantined (not cached, so that releasing the article reads it again) or cached."""
    if result[1].quarantined:
        quarantine.add(article, result[1].quarantined)
    else:
        cache.put(article, result)


def publishers_of(articles: list[Article], problems: list[str] | None = None) -> dict[str, str]:
    """Article id -> who stands behind it (dedup.source_keys: its publisher; a near-duplicate counts as the
    article it repeats), for counting corroborating sources; duplicates are reported into `problems`."""
    from conflictmap.ingest.dedup import source_keys

    keys, notes = source_keys(articles)
    if problems is not None:
        problems += notes
    return keys


def finalise_events(extracted: list[ExtractedEvent], publishers: dict[str, str] | None = None) -> list[Event]:
    """Merge reports across articles and order the rows as ACLED does: by event date, then place and type."""
    merged = merge_across_articles(extracted)
    rows = (to_event(e, publishers) for e in merged)
    return sorted(rows, key=lambda e: (e.event_date, e.location, e.event_type, e.event_id))


def article_report_row(r: ArticleReport) -> dict:
    """One article's report as a table row (the Ingest page): reader, date source, events, what was left out."""
    return {
        "article": r.id, "reader": r.reader, "published": r.published or "none (events undated)",
        "date from": r.published_source, "language": r.language, "events": r.events, "undated events": r.undated,
        "dateline": r.dateline_place, "left out": "; ".join(r.left_out), "quarantined": r.quarantined,
        "skipped or rejected": "; ".join(r.skipped),
    }  # fmt: skip


def report_line(r: ArticleReport) -> str:
    """One article's report as a line: reader, date and its source, language, events, what was left out."""
    date_part = f"published {r.published} ({r.published_source})" if r.published else "no publication date"
    parts = [
        r.reader or "?",
        date_part,
        f"language {r.language}",
        f"{r.events} events" + (f" ({r.undated} undated)" if r.undated else ""),
    ]
    if r.dateline_place:
        parts.append(f"dateline {r.dateline_place}")
    if r.left_out:
        parts.append("left out: " + ", ".join(r.left_out))
    if r.quarantined:
        parts.append(f"quarantined: {r.quarantined}")
    return f"{r.id}: " + "; ".join(parts)
