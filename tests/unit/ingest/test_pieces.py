"""A long article is read in bounded pieces (issue #18 item 4): one over the places cap still gives its events, as one
article's events, each piece read with the article's date and what the pieces before it found.

The piece size and the places cap are made small so that a 100,000-character text is "long"; work is counted (places
per piece), not timed.
"""

import json
from dataclasses import replace

import pytest

from conflictmap.ingest import bounded
from conflictmap.ingest.pipeline import ExtractionCache, article_events, ingest, worker_parser
from conflictmap.model import Article

TOWNS = ["Mosul", "Tikrit", "Samarra", "Baiji", "Kirkuk", "Ramadi", "Fallujah", "Baqubah", "Haditha", "Tal Afar"]
FILLER = "Residents said the fighting had lasted for several hours and that many families had left their homes."
OPENING = "BAGHDAD, Iraq (Reuters) - Fighting spread across Iraq this week, officials said.\n\n"
REPEATED = "Militants killed 77 civilians in Kirkuk on Monday."  # told at the start and again at the end
UNPLACED = "Gunmen killed 9 soldiers on Tuesday."  # no place of its own: the article's country, named only at the start


def long_report(paragraphs: int) -> str:
    """News prose: each paragraph one killing at a town (its own toll) and a sentence without places; the country
    is named in the opening only."""
    body = [OPENING, REPEATED + " " + FILLER + "\n\n"]
    for k in range(paragraphs):
        body.append(f"Militants killed {k + 100} civilians in {TOWNS[k % len(TOWNS)]} on Monday. {FILLER}\n\n")
    body.append(UNPLACED + " " + FILLER + "\n\n" + REPEATED + "\n")
    return "".join(body)


@pytest.fixture
def small_pieces(monkeypatch):
    """Pieces of 20,000 characters, a cap of 300 places a piece: prose names one place per 150 characters or so."""
    monkeypatch.setattr(bounded, "PIECE_CHARS", 20_000)
    monkeypatch.setattr(bounded, "MAX_PLACES_PER_PIECE", 300)


def test_an_article_over_the_places_cap_is_read_in_pieces_and_gives_its_events(small_pieces, monkeypatch):
    text = long_report(700)
    seen = []  # places found in each piece
    real = bounded.bounded_toponyms
    monkeypatch.setattr(bounded, "bounded_toponyms", lambda *a, **k: seen.append(len(found := real(*a, **k))) or found)
    events, report = article_events(Article(id="big", text=text, published="2014-06-18"), worker_parser())
    assert len(text) > 5 * 20_000 and sum(seen) > 700 > 300  # over the cap: main quarantined the whole article
    assert not report.quarantined and len(seen) > 5 and max(seen) <= 300
    assert any("read in" in s and "pieces of up to 20,000 characters" in s for s in report.skipped)
    tolls = {e.fatalities for e in events}
    assert {k + 100 for k in range(700)} <= tolls  # every paragraph's killing, in every piece
    # offsets are the whole text's, and a killing told in the first and the last piece is one event with both reports
    assert all(text[e.start : e.end].strip() == e.excerpt for e in events)
    repeated = [e for e in events if e.fatalities == 77]
    assert len(repeated) == 1 and len(repeated[0].extra_sources) == 1
    assert repeated[0].start < 20_000 and repeated[0].extra_sources[0].start > len(text) - 20_000


def test_each_piece_is_read_with_the_articles_date_and_context(small_pieces):
    text = long_report(700)
    events, _ = article_events(Article(id="big", text=text, published="2014-06-18"), worker_parser())
    last_piece = bounded.article_pieces(text, len(text))[-1][0]
    late = [e for e in events if e.start >= last_piece]
    assert late and all(e.source_id == "big" for e in events)
    # "on Monday" in the last piece is the Monday before the article's date, as in the first
    assert {(e.date_from.isoformat(), e.date_to.isoformat()) for e in late if e.fatalities != 9} == {
        ("2014-06-16", "2014-06-16")
    }
    # the killing without a place in the last piece is put in the country the opening named, as read whole
    unplaced = [e for e in events if e.fatalities == 9]
    assert len(unplaced) == 1 and unplaced[0].geo_precision == 4 and unplaced[0].place.place.country_code == "IQ"
    assert unplaced[0].date_to.isoformat() == "2014-06-17"


def test_reading_in_pieces_gives_what_reading_whole_gave_away_from_the_cuts(monkeypatch):
    """The same article read whole and in pieces: every event read away from a piece's edge is the same event."""
    text = long_report(120)
    parser = worker_parser()
    whole, _ = article_events(Article(id="a", text=text, published="2014-06-18"), parser)
    monkeypatch.setattr(bounded, "PIECE_CHARS", 6_000)
    cuts = [a for a, _ in bounded.article_pieces(text, len(text))]
    assert len(cuts) > 3
    split, report = article_events(Article(id="a", text=text, published="2014-06-18"), parser)
    assert any("pieces" in s for s in report.skipped)

    def away_from_cuts(events):
        return [_rounded(e) for e in events if not any(c - 300 <= e.start < c + 300 for c in cuts)]

    assert len(away_from_cuts(split)) > 100
    assert away_from_cuts(split) == away_from_cuts(whole)


def _rounded(ev):
    """The event with its place's confidence and score to two decimals: the geoparser reads a window at a time, and
    a piece starts a window where the whole text did not, which moves them in their third to fifth decimal."""
    place = None
    if ev.place:
        scored = replace(ev.place.place, score=round(ev.place.place.score, 2)) if ev.place.place else None
        place = replace(ev.place, confidence=round(ev.place.confidence, 2), place=scored)
    return replace(ev, place=place, extra_sources=[_rounded(x) for x in ev.extra_sources])


def test_a_list_piece_is_left_out_and_the_rest_is_read(small_pieces):
    towns = ", ".join(TOWNS[k % len(TOWNS)] for k in range(2_000))  # a dump: a place every 8 characters
    text = long_report(150) + "\n\nPlaces: " + towns + ".\n\n" + long_report(150)[len(OPENING) :]
    events, report = article_events(Article(id="mixed", text=text, published="2014-06-18"), worker_parser())
    assert not report.quarantined and {k + 100 for k in range(150)} <= {e.fatalities for e in events}
    left_out = [s for s in report.skipped if s.startswith("not read, a list or a dump: characters")]
    assert len(left_out) == 1 and "more than 300 places" in left_out[0]


def test_an_article_that_is_a_list_in_every_piece_is_quarantined(small_pieces, tmp_path):
    towns = ", ".join(TOWNS[k % len(TOWNS)] for k in range(8_000))  # 70,000 characters, nothing but places
    (tmp_path / "dump.txt").write_text("Places\n\n" + towns + ".\n", encoding="utf-8")
    (tmp_path / "dump.json").write_text(json.dumps({"published": "2014-06-18"}), encoding="utf-8")
    events, reports, _ = ingest([tmp_path], progress=False, cache=ExtractionCache(None))
    assert events == [] and "more than 300 places in each of its" in reports[0].quarantined


def test_a_long_article_is_one_source(small_pieces, tmp_path):
    (tmp_path / "big.txt").write_text(long_report(300), encoding="utf-8")
    (tmp_path / "big.json").write_text(json.dumps({"publisher": "Wire", "published": "2014-06-18"}), encoding="utf-8")
    events, reports, _ = ingest([tmp_path], progress=False, cache=ExtractionCache(None))
    assert len(reports) == 1 and not reports[0].quarantined and reports[0].events == len(events) > 300
    assert {e.source_ids for e in events} == {"big"} and {e.n_sources for e in events} == {1}
    repeated = next(e for e in events if e.fatalities == 77)
    assert len(repeated.evidence) == 2  # both reports of it kept as evidence
