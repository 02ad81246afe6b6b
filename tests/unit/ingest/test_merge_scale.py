"""A big ingest's merge and duplicate detection stay linear (issue #18, the 100,000-item feed) and give exactly what
comparing every pair gave."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from conflictmap.events import merge
from conflictmap.events.record import ExtractedEvent
from conflictmap.ingest import dedup, pipeline
from conflictmap.model import Article, Place, Toponym
from tests.unit.ingest.test_pathological import _copy, reference_merge_across

MOSUL = Place("Mosul", 36.34, 43.13, geonameid=99072, country_code="IQ", admin1="Nineveh")


def report(
    source: str, day: date, toll: int | None = None, words: str = "clashes erupted near the market"
) -> ExtractedEvent:
    return ExtractedEvent(source, 0, 40, f"{words} in Mosul", "Battles", "Armed clash", day, day, "on that day",
                          Toponym(0, 5, "Mosul", MOSUL, 0.9), 1, fatalities=toll)  # fmt: skip


def test_reports_of_one_town_in_other_weeks_are_not_compared(monkeypatch):
    """300 reports of clashes in one town, ten days apart: main compared each with every earlier one."""
    calls = []
    real = merge.same_event
    monkeypatch.setattr(pipeline, "same_event", lambda a, b, **kw: calls.append(1) or real(a, b, **kw))
    start = date(2014, 1, 1)
    events = [report(f"a{k}", start + timedelta(days=10 * k)) for k in range(300)]
    merged = pipeline.merge_across_articles(events)
    assert len(merged) == 300
    assert len(calls) <= 2 * len(events)  # at most those filed in the same or the next week; main: 44,850


def test_day_filed_merge_gives_what_comparing_every_pair_gave():
    """Reports over neighbouring days, some over a week or a long window, some undated: the same merged events."""
    rng = random.Random(5)
    start = date(2014, 6, 1)
    events = []
    for _ in range(400):
        day = start + timedelta(days=rng.randint(0, 30))
        ev = report(f"a{rng.randint(0, 150)}", day, rng.choice([None, None, 3, 7]), rng.choice(["clashes erupted near "
                    "the market", "fighting broke out near the market", "gunmen fought troops at the bridge"]))  # fmt: skip
        span = rng.choice([0, 0, 0, 6, 90])
        if span:
            ev = _with_window(ev, day - timedelta(days=span), day)
        if rng.random() < 0.1:
            ev = _with_window(ev, None, None)
        events.append(ev)
    got = pipeline.merge_across_articles([_copy(e) for e in events])
    assert got == reference_merge_across([_copy(e) for e in events])
    assert len(got) < len(events) - 50


def _with_window(ev: ExtractedEvent, first: date | None, last: date | None) -> ExtractedEvent:
    from dataclasses import replace

    return replace(ev, date_from=first, date_to=last)


class _CountingNumpy:
    """numpy, but counting the candidates find_duplicates gathers (np.concatenate of its bands' article lists)."""

    def __init__(self) -> None:
        self.gathered = 0

    def concatenate(self, parts, *a, **kw):
        out = np.concatenate(parts, *a, **kw)
        self.gathered += len(out)
        return out

    def __getattr__(self, name):
        return getattr(np, name)


def _signatures(n: int, common_bands: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Article text -> a signature whose first `common_bands` bands every article shares (common wording) and
    whose other minimums are its own."""
    rng = np.random.default_rng(seed)
    rows = dedup.NUM_HASHES // dedup.BANDS
    out = {}
    for k in range(n):
        sig = rng.integers(1, 1 << 60, dedup.NUM_HASHES, dtype=np.uint64)
        sig[: common_bands * rows] = np.arange(common_bands * rows, dtype=np.uint64)
        out[f"text {k}"] = sig
    return out


def test_bands_of_common_wording_do_not_make_every_article_a_candidate(monkeypatch):
    """2,000 items sharing three bands of common wording, none a duplicate: main gathered every earlier item as a
    candidate for each (about 6,000,000); a duplicate shares at least four bands, so the largest three are skipped."""
    sigs = _signatures(2000, common_bands=3)
    counting = _CountingNumpy()
    monkeypatch.setattr(dedup, "signature", lambda text: sigs[text])
    monkeypatch.setattr(dedup, "np", counting)
    same, notes = dedup.find_duplicates([Article(f"a{k}", text) for k, text in enumerate(sigs)])
    assert same == {} and notes == []
    assert counting.gathered <= 2000


def reference_duplicates(articles: list[Article]) -> dict[str, str]:
    """Every article compared with every earlier one kept: the most alike (the first on a tie) if alike enough."""
    kept, same = [], {}
    for art in articles:
        sig = dedup.signature(art.text)
        likeness = [dedup.similarity(s, sig) for _, s in kept]
        best = int(np.argmax(likeness)) if likeness else None
        if best is not None and likeness[best] >= dedup.DUPLICATE_SIMILARITY and kept[best][0].id != art.id:
            same[art.id] = kept[best][0].id
            continue
        kept.append((art, sig))
    return same


def test_duplicates_are_what_comparing_every_pair_gives(monkeypatch):
    """Signatures with planted near-copies (0 to 16 minimums changed) and shared bands: the same duplicates."""
    rng = np.random.default_rng(9)
    base = _signatures(150, common_bands=2, seed=3)
    sigs = dict(base)
    originals = list(base.values())
    for k in range(350):
        sig = originals[int(rng.integers(len(originals)))].copy()
        changed = rng.choice(dedup.NUM_HASHES, int(rng.integers(0, 17)), replace=False)
        sig[changed] = rng.integers(1, 1 << 60, len(changed), dtype=np.uint64)
        sigs[f"copy {k}"] = sig
    monkeypatch.setattr(dedup, "signature", lambda text: sigs[text])
    texts = list(sigs)
    random.Random(2).shuffle(texts)
    articles = [Article(f"a{k}", t) for k, t in enumerate(texts)]
    same, _ = dedup.find_duplicates(articles)
    assert same == reference_duplicates(articles)
    assert 100 < len(same) < 350


KINDS = [  # (event type, sub-event type): what a long article reports again and again of one town
    ("Battles", "Armed clash"), ("Battles", "Non-state actor overtakes territory"), ("Explosions/Remote violence",
    "Shelling/artillery/missile attack"), ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
]  # fmt: skip


def long_article_reports(n: int, seed: int = 8) -> list[ExtractedEvent]:
    """n reports of one article, all in one town over one week: each kind of event, on one day or over a few, some
    with a toll or a displacement figure of their own, some repeating an earlier one."""
    rng = random.Random(seed)
    start = date(2014, 6, 2)
    out = []
    for k in range(n):
        kind, sub = rng.choice(KINDS)
        first = start + timedelta(days=rng.randint(0, 6))
        last = first + timedelta(days=rng.choice([0, 0, 0, 1, 3]))
        toll = rng.choice([None, None, k + 2, rng.randint(2, 4)])
        displaced = rng.choice([None, None, None, 100 + k])
        out.append(ExtractedEvent("a", k * 60, k * 60 + 40, "reports from the town", kind, sub, first, last, "that week",
                                  Toponym(0, 5, "Mosul", MOSUL, 0.9), 1, fatalities=toll, displaced=displaced))  # fmt: skip
    return out


def test_a_long_articles_merge_compares_each_report_with_few_others(monkeypatch):
    """Reports of one town in one week, of other days, kinds or figures, are not compared: the comparisons grow as the
    reports do, about one for each report that merges (main compared each report with every earlier one of its town,
    type and week: 2,454 comparisons for 500 reports, 7,167 for 1,000), and the merged events are those comparing
    every pair gives."""
    from tests.unit.ingest.test_pathological import reference_merge

    calls = []
    real = merge.same_event
    monkeypatch.setattr(merge, "same_event", lambda a, b, **kw: calls.append(1) or real(a, b, **kw))
    counted = []
    for n in (500, 1000):
        events = long_article_reports(n)
        calls.clear()
        got = merge.merge_within_article([_copy(e) for e in events])
        counted.append(len(calls))
        assert len(calls) <= n
        monkeypatch.setattr(merge, "same_event", real)
        assert got == reference_merge([_copy(e) for e in events])
        assert n / 5 < len(got) < n / 2  # many merge, not all
        monkeypatch.setattr(merge, "same_event", lambda a, b, **kw: calls.append(1) or real(a, b, **kw))
    assert counted[1] < 2.2 * counted[0]


IRAQ = Place("Iraq", 33.0, 44.0, country_code="IQ")
TIKRIT = Place("Tikrit", 34.6, 43.68, country_code="IQ")


def mixed_reports(seed: int) -> list[ExtractedEvent]:
    """Reports of every kind and figure, at two towns or the country, dated to a day, a few days, weeks or months,
    some undated or unplaced, some standing in for a village: what a long article and a big ingest bring together."""
    rng = random.Random(seed)
    out = []
    for k in range(rng.choice([30, 80])):
        where = rng.choice([MOSUL, TIKRIT, IRAQ])
        kind, sub = rng.choice([*KINDS, ("Violence against civilians", "Abduction/forced disappearance")])
        last = date(2014, 6, 1) + timedelta(days=rng.randint(0, 20))
        first = last - timedelta(days=rng.choice([0, 0, 0, 1, 2, 6, 7, 8, 20, 70]))
        first, last = (first, last) if rng.random() < 0.93 else (None, None)
        note = rng.choice(["", "", "its area (standing in for an unnamed village)", "its town"])
        place = Toponym(0, 5, where.name, where, 0.9, note=note) if rng.random() < 0.95 else None
        out.append(ExtractedEvent(f"a{rng.randint(0, 8)}", k, k + 5, rng.choice(["clashes erupted near the market",
                   "gunmen fought troops at the bridge"]), kind, sub, first, last, "", place,
                   4 if where is IRAQ else rng.choice([1, 2]), fatalities=rng.choice([None, None, 0, 2, 3, 5]),
                   fatalities_low=rng.choice([None, None, None, 2, 4]), displaced=rng.choice([None, None, None, 100, 200])))  # fmt: skip
    return out


def test_keyed_merges_give_what_comparing_every_pair_gives():
    """Within an article and across articles, on mixes of every kind of report: the same merged events, in the same
    order. Main's keys missed an attack with only a lower bound on its deaths ("at least 2 killed") and the fight it
    became, which comparing every pair merges (_raid_and_fight): 16 of these 40 mixes came out otherwise."""
    from tests.unit.ingest.test_pathological import reference_merge

    for seed in range(40):
        events = mixed_reports(seed)
        got = merge.merge_within_article([_copy(e) for e in events])
        assert got == reference_merge([_copy(e) for e in events]), seed
        got = pipeline.merge_across_articles([_copy(e) for e in events])
        assert got == reference_merge_across([_copy(e) for e in events]), seed
