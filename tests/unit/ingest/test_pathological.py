"""Bounded, linear work per article (issue #18 item 4): caps with a report line, no quadratic step, quarantine.

Work is counted (places looked at, events compared, clause lengths), not timed, so the tests hold on a busy machine.
"""

import json
import random
from datetime import date

import numpy as np
import pytest

from conflictmap.events import extract, merge
from conflictmap.events.extract import extract_events
from conflictmap.ingest import bounded, dedup, pipeline
from conflictmap.ingest.pipeline import ExtractionCache, article_events, ingest, worker_parser
from conflictmap.ingest.quarantine import Quarantine, quarantine_path_for
from conflictmap.ingest.text import MAX_SENTENCE_CHARS, bounded_sentences, covered_by, sentences
from conflictmap.model import Article
from tests.conftest import ROOT

TOWNS = ["Mosul", "Tikrit", "Samarra", "Baiji", "Kirkuk", "Ramadi", "Fallujah", "Baqubah", "Tal Afar", "Haditha"]


def town_list_article(sentences_n: int) -> str:
    """One killing per sentence, each at a town of TOWNS, with a distinct toll (so no two reports merge)."""
    return "Fighting spreads\n\n" + " ".join(
        f"Militants killed {k + 2} civilians in {TOWNS[k % len(TOWNS)]} on Monday." for k in range(sentences_n)
    )


def test_each_sentence_looks_only_at_its_own_places(monkeypatch):
    """Today's main handed every sentence and clause the whole article's places: work grew with their product."""
    text = town_list_article(300)
    parser = worker_parser()
    toponyms = parser.parse(text)
    seen = []
    real = extract._event_place

    def counting(text, toponyms, a, b):
        seen.append(len(toponyms))
        return real(text, toponyms, a, b)

    monkeypatch.setattr(extract, "_event_place", counting)
    events = extract_events("a", text, toponyms, date(2014, 6, 15), len(text))
    assert len(toponyms) >= 300 and len(events) >= 290
    assert sum(seen) <= 4 * len(toponyms)  # main: about 2 x 300 calls x 300 places


def test_merge_within_article_compares_an_event_only_with_its_place_and_country(monkeypatch):
    calls = []
    real = merge.same_event
    monkeypatch.setattr(merge, "same_event", lambda a, b, **kw: calls.append(1) or real(a, b, **kw))
    text = town_list_article(300)
    events = extract_events("a", text, worker_parser().parse(text), date(2014, 6, 15), len(text))
    assert len(events) >= 290
    assert len(calls) <= 30 * len(events)  # each town's earlier reports (30 per town); main: ~45,000 comparisons


def reference_merge(events):
    """merge_within_article as it was: every event compared with every merged event before it."""
    merged = []
    for ev in events:
        for i, m in enumerate(merged):
            if merge.same_event(m, ev):
                merged[i] = merge.combine(m, ev)
                break
        else:
            merged.append(ev)
    return merged


def test_bucketed_merge_gives_what_comparing_every_pair_gave(monkeypatch):
    """On the bundled articles and shuffled mixes of their events: the same merged events, in the same order."""
    captured = []
    real = extract.merge_within_article
    monkeypatch.setattr(extract, "merge_within_article", lambda evs: captured.append(list(evs)) or real(evs))
    ingest([ROOT / "articles"], progress=False, cache=ExtractionCache(None))
    rng = random.Random(3)
    for k in range(4):  # reports that merge: few tolls, days and places, some only at country level
        text = " ".join(
            f"{rng.choice(['Militants killed', 'Gunmen killed', 'Shelling killed'])} {rng.choice([2, 3, 5])} civilians "
            f"in {rng.choice([*TOWNS[:4], 'Iraq', 'Syria'])} on {rng.choice(['Monday', 'Tuesday'])}."
            for _ in range(60)
        )
        extract_events(f"mix{k}", text, worker_parser().parse(text), date(2014, 6, 15), len(text))
    pools = [x for x in captured if x]
    everything = [e for x in pools for e in x]
    for _ in range(5):
        pools.append(rng.sample(everything, len(everything)))
    assert len(everything) > 200 and sum(len(x) for x in pools[:-5]) > sum(len(real(x)) for x in pools[:-5]) + 50
    for events in pools:
        assert merge.merge_within_article([_copy(e) for e in events]) == reference_merge([_copy(e) for e in events])


def reference_merge_across(events):
    """merge_across_articles as if every event were compared with every merged event before it."""
    merged = []
    for ev in events:
        for i, m in enumerate(merged):
            if (
                m.source_id != ev.source_id
                and ev.source_id not in {x.source_id for x in m.extra_sources}
                and merge.same_event(m, ev, across_articles=True)
            ):
                merged[i] = merge.combine(m, ev)
                break
        else:
            merged.append(ev)
    return merged


def mixed_feed(folder, items: int, seed: int = 4) -> None:
    """Short wire items that repeat each other: few towns, tolls, types and days, some at country level."""
    rng = random.Random(seed)
    for k in range(items):
        what = rng.choice(["Militants killed {n} civilians", "Shelling killed {n} people", "Protesters rallied",
                           "Troops seized the town", "About {n},000 people fled"])  # fmt: skip
        n = rng.choice([2, 3, 5]) if k % 2 else rng.randint(6, 400)  # half repeat a toll, half are their own event
        text = (f"{what.format(n=n)} in {rng.choice([*TOWNS[:3], 'Iraq'])} on {rng.choice(['Monday', 'Tuesday'])}, "
                "residents said in a statement to reporters.")  # fmt: skip
        (folder / f"w{k:04d}.txt").write_text(text, encoding="utf-8")
        meta = {"publisher": f"Wire {k % 7}", "published": "2014-06-18"}
        (folder / f"w{k:04d}.json").write_text(json.dumps(meta), encoding="utf-8")


def test_merge_across_articles_gives_what_comparing_every_pair_gave(tmp_path, monkeypatch):
    captured = []
    real = pipeline.merge_across_articles
    monkeypatch.setattr(pipeline, "merge_across_articles", lambda evs: captured.append(list(evs)) or real(evs))
    mixed_feed(tmp_path, 300)
    ingest([tmp_path], progress=False, cache=ExtractionCache(None))
    ingest([ROOT / "articles"], progress=False, cache=ExtractionCache(None))
    rng = random.Random(8)
    pools = [*captured, rng.sample(captured[0], len(captured[0])), captured[0] + captured[1]]
    for events in pools:
        got = real([_copy(e) for e in events])
        assert got == reference_merge_across([_copy(e) for e in events])
    assert len(real(captured[0])) < len(captured[0]) - 100  # many reports merged


def test_merge_across_articles_compares_a_report_only_with_its_kind_of_event(tmp_path, monkeypatch):
    """600 items at four places: main compared each report with every report at its place or of its toll."""
    calls = []
    real = merge.same_event
    monkeypatch.setattr(pipeline, "same_event", lambda a, b, **kw: calls.append(1) or real(a, b, **kw))
    mixed_feed(tmp_path, 600)
    events, reports, _ = ingest([tmp_path], progress=False, cache=ExtractionCache(None))
    assert len(reports) == 600 and events
    assert len(calls) < 3_000  # main: 8,788


def _copy(ev):
    from dataclasses import replace

    return replace(ev, extra_sources=list(ev.extra_sources))


def test_an_endless_sentence_is_read_in_pieces_and_said(monkeypatch):
    """A 60,000-character sentence: no clause over the cap reaches the event rules, and the report says so."""
    body = " and ".join(f"militants killed {k % 9 + 2} civilians in {TOWNS[k % len(TOWNS)]}" for k in range(1200))
    text = "MOSUL, Iraq -- " + body + ".\n"
    longest = []
    real = extract.read_clause
    monkeypatch.setattr(extract, "read_clause", lambda clause, ctx="": longest.append(len(clause)) or real(clause, ctx))
    events, report = article_events(Article(id="long", text=text, published="2014-06-15"), worker_parser())
    assert len(text) > 50_000 and events and not report.quarantined
    assert max(longest) <= MAX_SENTENCE_CHARS  # main: one clause of 60,000 characters
    assert any(f"over {MAX_SENTENCE_CHARS:,} characters" in s and "in pieces" in s for s in report.skipped)


def test_the_sentence_cap_never_touches_ordinary_text():
    for path in sorted((ROOT / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = sentences(text)
        assert bounded_sentences(text, spans) == spans
    text = "word " * 4000
    pieces = bounded_sentences(text, [(0, len(text))], 1000)
    assert all(b - a <= 1000 for a, b in pieces) and pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(x[1] == y[0] for x, y in zip(pieces, pieces[1:], strict=False))  # nothing lost between pieces


def test_covered_by_is_any_span_holding_the_offset():
    rng = random.Random(5)
    spans = [(a, a + rng.randint(0, 40)) for a in (rng.randrange(500) for _ in range(60))]
    covered = covered_by(spans)
    for pos in range(-5, 560):
        assert covered(pos) == any(a <= pos < b for a, b in spans)


@pytest.fixture
def folder(tmp_path):
    """Two articles: an ordinary one and a long list of places (over one geoparse window)."""
    d = tmp_path / "articles"
    d.mkdir()
    meta = {"publisher": "Wire", "published": "2014-06-15"}
    (d / "ok.txt").write_text("Militants killed 4 civilians in Mosul on Monday, police said.\n", encoding="utf-8")
    (d / "ok.json").write_text(json.dumps(meta), encoding="utf-8")
    (d / "list.txt").write_text(town_list_article(400), encoding="utf-8")
    (d / "list.json").write_text(json.dumps(meta), encoding="utf-8")
    return d


def test_too_many_places_quarantines_the_article_and_later_ingests_skip_it(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(bounded, "MAX_PLACES_PER_PIECE", 50)
    record = Quarantine(tmp_path / "quarantine.json")
    events, reports, _ = ingest([folder], progress=False, cache=ExtractionCache(tmp_path / "cache"), quarantine=record)
    by_id = {r.id: r for r in reports}
    assert "more than 50 places" in by_id["list"].quarantined and by_id["list"].events == 0
    assert any(s.startswith("quarantined, no events read") for s in by_id["list"].skipped)
    assert {e.source_ids for e in events} == {"ok"}  # the ordinary article is still read
    saved = json.loads((tmp_path / "quarantine.json").read_text(encoding="utf-8"))
    assert [v["id"] for v in saved.values()] == ["list"] and "places" in next(iter(saved.values()))["reason"]
    assert not list(tmp_path.glob("*.tmp*"))  # written atomically: no temp file left

    # a later ingest does not read it again (not from the cache either) and says why
    read = []
    real = pipeline.article_events
    monkeypatch.setattr(pipeline, "article_events", lambda a, p: read.append(a.id) or real(a, p))
    record = Quarantine(tmp_path / "quarantine.json")
    events, reports, _ = ingest([folder], progress=False, cache=ExtractionCache(tmp_path / "cache"), quarantine=record)
    by_id = {r.id: r for r in reports}
    assert "list" not in read and by_id["list"].quarantined
    assert any("skipped: quarantined" in s and "quarantine record" in s for s in by_id["list"].skipped)
    assert "quarantined" in pipeline.report_line(by_id["list"])

    # an edited article is a new one: read again
    monkeypatch.setattr(bounded, "MAX_PLACES_PER_PIECE", 10_000)
    (folder / "list.txt").write_text(town_list_article(30), encoding="utf-8")
    events, reports, _ = ingest([folder], progress=False, cache=ExtractionCache(None), quarantine=record)
    assert "list" in read and not {r.id: r for r in reports}["list"].quarantined
    assert "list" in {s for e in events for s in e.source_ids.split(";")}


def test_an_article_over_the_time_budget_is_quarantined(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(bounded, "ARTICLE_SECONDS", -1.0)  # every article is over it at its first check
    events, reports, _ = ingest([folder], progress=False, cache=ExtractionCache(tmp_path / "cache"),
                                quarantine=Quarantine(tmp_path / "q.json"))  # fmt: skip
    assert events == [] and all("not read within" in r.quarantined for r in reports)
    assert not list((tmp_path / "cache").glob("*.pickle"))  # not cached: releasing it reads it again
    (tmp_path / "q.json").unlink()  # released
    monkeypatch.setattr(bounded, "ARTICLE_SECONDS", 300.0)
    events, reports, _ = ingest([folder], progress=False, cache=ExtractionCache(tmp_path / "cache"),
                                quarantine=Quarantine(tmp_path / "q.json"))  # fmt: skip
    assert events and not any(r.quarantined for r in reports)


def test_the_command_line_keeps_the_quarantine_beside_the_events_file(folder, tmp_path, monkeypatch, capsys):
    from conflictmap.ingest.cli import cli

    monkeypatch.setattr(bounded, "MAX_PLACES_PER_PIECE", 50)
    out = tmp_path / "data" / "events-x.csv"
    out.parent.mkdir()
    assert cli([str(folder), "-o", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "list: quarantined, no events read: names more than 50 places" in err and "1 quarantined" in err
    assert quarantine_path_for(out) == out.parent / "events-x.quarantine.json" and quarantine_path_for(out).exists()
    assert quarantine_path_for(tmp_path / "events.csv") == tmp_path / "quarantine.json"
    assert cli([str(folder), "-o", str(out), "--no-cache"]) == 0
    assert "list: skipped: quarantined, names more than 50 places" in capsys.readouterr().err


def test_an_unreadable_quarantine_record_holds_nothing_and_is_rewritten(tmp_path):
    path = tmp_path / "quarantine.json"
    path.write_text("{not json", encoding="utf-8")
    art = Article(id="a", text="text", published="2014-06-15")
    assert Quarantine(path).reason(art) is None
    Quarantine(path).add(art, "too slow")
    assert "too slow" in Quarantine(path).reason(art)
    assert Quarantine(path).reason(Article(id="a", text="other text", published="2014-06-15")) is None
    assert Quarantine(None).reason(art) is None


def test_minhash_signature_of_a_long_text_is_computed_in_chunks_with_the_same_result(monkeypatch):
    words = [f"w{random.Random(k).randrange(10**6)}" for k in range(3 * dedup.SIGNATURE_CHUNK)]
    text = " ".join(words)
    s = dedup.shingles(text)
    whole = ((np.outer(dedup._A, s) + dedup._B[:, None]) % np.uint64(dedup._PRIME)).min(axis=1)
    widths = []
    real = np.outer
    monkeypatch.setattr(dedup.np, "outer", lambda a, b: widths.append(len(b)) or real(a, b))
    assert (dedup.signature(text) == whole).all()
    assert len(s) > dedup.SIGNATURE_CHUNK and max(widths) <= dedup.SIGNATURE_CHUNK  # main: one 64 x n matrix


def test_the_sources_reader_shows_a_bounded_window_of_a_huge_article():
    from conflictmap.mapview.article_view import READER_MAX_CHARS, article_html, reader_window
    from conflictmap.model import Toponym

    text = "Militants attacked Mosul on Monday. " * 40_000  # 1.4 MB
    tops = [Toponym(k + 19, k + 24, "Mosul", None, 0.9) for k in range(0, len(text), 36)]
    window = reader_window(len(text), 700_000)
    assert window[0] <= 700_000 < window[1] and window[1] - window[0] == READER_MAX_CHARS
    html = article_html(text, tops, (700_000, 700_036), window=window)
    assert READER_MAX_CHARS < len(html) < 4 * READER_MAX_CHARS and "id='cm-at'" in html
    assert reader_window(1000, None) == (0, 1000) and reader_window(len(text), None)[0] == 0
