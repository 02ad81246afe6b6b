"""Reports of one event merged: within an article, and across articles (corroboration), never across places or days."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from conflictmap.events.lexicon import VAC
from conflictmap.events.record import ExtractedEvent
from conflictmap.geo.names import name_key


def place_identity(ev: ExtractedEvent) -> str:
    """Which place an extracted event is at, for matching reports of it (geonameid, else the place's name; '' when
    unplaced). Not the map's place key (store.places), which groups rows of events.csv by geonameid or coordinates."""
    if ev.place is None:
        return ""
    p = ev.place.place
    return str(p.geonameid) if p.geonameid else p.name


STANDS_FOR = re.compile(r"standing in for (.+)$")


def _named(ev: ExtractedEvent) -> str:
    """The name of where an event is: the unknown village its district stands in for, else the place's name."""
    m = STANDS_FOR.search(ev.place.note)
    return name_key(m.group(1) if m else ev.place.name)


def _same_named_place(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Two villages the gazetteer lacks both fall back to their province (or are told by the district after them,
    "Sheikh Zuweid (Rafah, North Sinai)"): the same point, not the same place."""
    stand_in = any(w in x.place.note for x in (a, b) for w in ("its area", "its town", "standing in for"))
    return not stand_in or _named(a) == _named(b)


SMALL_TOLL = 2  # across reports, a toll this small matches only at the same place on the same day
TERRITORY = ("Non-state actor overtakes territory", "Government regains territory", "Non-violent transfer of territory")


def _wording_overlap(a: ExtractedEvent, b: ExtractedEvent) -> float:
    """Share of content words two excerpts have in common (Jaccard over words of 4+ letters)."""
    wa, wb = (set(re.findall(r"[a-z]{4,}", x.excerpt.lower())) for x in (a, b))
    return len(wa & wb) / max(1, len(wa | wb))


def same_event(a: ExtractedEvent, b: ExtractedEvent, across_articles: bool = False) -> bool:
    """Whether two extracted events describe one event: same place (or country-level inside it), same count.

    Across articles an uncounted report is matched only when it changes who holds territory (a town is seized
    once) or is worded nearly alike: shelling, attacks and protests recur at one place on one day.
    """
    if (a.date_from is None) != (b.date_from is None):
        return False  # an undated report is not matched to a dated one by date
    if a.date_from is not None and (
        a.date_to < b.date_from - timedelta(days=1) or b.date_to < a.date_from - timedelta(days=1)
    ):
        return False
    if a.place is None or b.place is None:
        return False  # where an unplaced event happened is unknown: nothing says two of them are one
    same_place = place_identity(a) == place_identity(b) and _same_named_place(a, b)
    nested = (a.geo_precision == 4 or b.geo_precision == 4) and a.place.place.country_code == b.place.place.country_code
    one_day = a.date_from == a.date_to and b.date_from == b.date_to
    if one_day and a.date_from != b.date_from and not across_articles:
        return False  # one report dates each to its own day, not the same one: two events, whatever their tolls
    if a.fatalities and b.fatalities:  # the same positive toll; two "nobody died" reports are not a match
        if (
            across_articles
            and a.fatalities <= SMALL_TOLL
            and not (same_place and (not one_day or a.date_from == b.date_from))
        ):
            return False  # one or two dead somewhere in the country, on neighbouring days: too common to be one event
        if across_articles and a.event_type != b.event_type:
            return False  # a mob's victim and a shooting's, both "1 killed" at one town: two events
        return a.fatalities == b.fatalities and (same_place or nested)
    if a.displaced is not None and b.displaced is not None:
        return a.displaced == b.displaced and (same_place or nested)
    if not same_place:
        return False
    if one_day and a.date_from != b.date_from:
        return False  # each dated to its own day, and not the same one: two events
    if not across_articles and _raid_and_fight(a, b):
        return True
    # at one place, an uncounted report merges into a counted one of the same type
    counted = sum(bool(x.fatalities) or bool(x.fatalities_low) for x in (a, b))
    if across_articles and not (a.sub_event_type in TERRITORY and b.sub_event_type in TERRITORY):
        if _wording_overlap(a, b) < 0.5:
            return False
    return (
        a.event_type == b.event_type
        and counted <= 1
        and a.sub_event_type == b.sub_event_type
        or (
            a.event_type == b.event_type == "Battles"
            and counted <= 1
            and "overtakes" not in a.sub_event_type + b.sub_event_type
        )
    )


def _raid_and_fight(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """An attack nobody is said to have died in, and a fight at the same place and day in the same report: "forces
    raided a house. A clash broke out and 3 were killed" is one battle, not an attack on civilians and a battle."""
    kinds = {(a.event_type, a.sub_event_type, bool(a.fatalities)), (b.event_type, b.sub_event_type, bool(b.fatalities))}
    return any(k[:2] == (VAC, "Attack") and not k[2] for k in kinds) and any(k[0] == "Battles" for k in kinds)


def combine(a: ExtractedEvent, b: ExtractedEvent) -> ExtractedEvent:
    """One event from two reports: the more precise place, the narrower date, counts kept as a range; an attack
    and the fight it became are the fight."""

    best = a if a.geo_precision <= b.geo_precision else b
    other = b if best is a else a
    if best.event_type == VAC and other.event_type == "Battles":
        best = replace(best, event_type=other.event_type, sub_event_type=other.sub_event_type)

    counts = [(x.fatalities, x.fatalities_low, x.fatalities_high) for x in (a, b)]
    if (
        a.source_id == b.source_id
        and sorted(c[0] != 0 for c in counts) == [False, True]
        and all(c[0] is not None for c in counts)
    ):
        # one report's "three militants were killed" and its "no casualties were recorded" (of one side, or of a part
        # of the fight): the dead it counts
        counts = [c for c in counts if c[0] != 0]
    lows = [x for c in counts for x in (c[1], c[0]) if x is not None]
    highs = [x for c in counts for x in (c[2], c[0]) if x is not None]
    exacts = [c[0] for c in counts]
    exact = (
        exacts[0]
        if len(set(exacts)) == 1
        else (exacts[0] if exacts[1] is None else exacts[1] if exacts[0] is None else None)
    )
    status = "claimed" if "claimed" in (a.claim_status, b.claim_status) else best.claim_status
    if "disputed" in (a.claim_status, b.claim_status):
        status = "disputed"
    d_from, d_to = a.date_from, a.date_to  # both undated (same_event matches undated only with undated)
    if a.date_from is not None and b.date_from is not None:
        d_from, d_to = max(a.date_from, b.date_from), min(a.date_to, b.date_to)
        if d_from > d_to:
            d_from, d_to = min(a.date_from, b.date_from), max(a.date_to, b.date_to)
    return replace(
        best, fatalities=exact, fatalities_low=min(lows) if lows else None, fatalities_high=max(highs) if highs else None,
        claim_status=status, claimed_by=best.claimed_by or other.claimed_by, date_from=d_from, date_to=d_to,
        displaced=best.displaced if best.displaced is not None else other.displaced,
        actor1=best.actor1 or other.actor1, actor2=best.actor2 or other.actor2,
        extra_sources=best.extra_sources + [other] + other.extra_sources,
    )  # fmt: skip


def merge_events(events: list[ExtractedEvent], matches, distinct_sources: bool = False) -> list[ExtractedEvent]:
    """Combine each event into the first earlier merged event `matches(merged, ev)` accepts, else keep it.

    Each event is compared only with the events filed under its lookup keys (match_keys), in order, the first match
    winning: not with every event so far, which made a long article's or a big ingest's merge quadratic. With
    `distinct_sources`, a merged event already holding a report from ev's article is passed over without asking
    `matches` (each merged event's articles are kept as a set: rebuilding it from its reports at every comparison
    made a big ingest's merge quadratic in the reports of one event). A merged event is filed only under the keys of
    what it now is: combined with a report, it is taken out of the buckets its narrower date or new figures leave.
    """
    merged: list[ExtractedEvent] = []
    sources: list[set[str]] = []  # with distinct_sources: the articles of merged[i]'s reports
    filed: list[list[tuple]] = []  # the keys merged[i] is filed under
    buckets: dict[tuple, set[int]] = defaultdict(set)
    for ev in events:
        own = {ev.source_id, *(x.source_id for x in ev.extra_sources)} if distinct_sources else set()
        keys, lookup = match_keys(ev)
        candidates = sorted({i for key in lookup for i in buckets.get(key, ())})
        for i in candidates:
            if distinct_sources and ev.source_id in sources[i]:
                continue
            if matches(merged[i], ev):
                merged[i] = combine(merged[i], ev)
                if distinct_sources:
                    sources[i] |= own
                keys = match_keys(merged[i])[0]
                for key in set(filed[i]).difference(keys):  # filed by what it no longer is (a date since narrowed)
                    buckets[key].discard(i)
                for key in keys:
                    buckets[key].add(i)
                filed[i] = keys
                break
        else:
            merged.append(ev)
            sources.append(own)
            filed.append(keys)
            for key in keys:
                buckets[key].add(len(merged) - 1)
    return merged


def merge_within_article(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """Merge repeated reports of one event (headline and body, a claim and its detail) into one."""
    return merge_events(events, same_event)


def match_keys(ev: ExtractedEvent) -> tuple[list[tuple], list[tuple]]:
    """(the keys an event is filed under, the keys to look up for it): every event same_event can match with `ev`
    is filed under one of its lookup keys. same_event matches two placed events only (1) with the same positive toll
    at one place or nested in a country, (2) with the same displacement figure, likewise, or (3) otherwise at the
    same place and of the same event type and sub-event type (any two battles), at most one of them counted and at
    most one of them with a displacement figure (two different figures are two events), or an attack nobody is said
    to have died in and a fight (_raid_and_fight); and only when their dates are at most a day apart (within one
    report, not two different single days; both undated, or both dated): each key is filed per day or week of the
    event's dates (_days), so reports of one town on other days are not candidates. The sub-event type, the
    displacement mark and the day keep a long article's many reports of one town in one week (each displacing its own
    number, each a different kind of attack, each on its own day) from being compared with one another: each report
    is compared about once, not with all of them."""
    if ev.place is None:
        return [], []  # an unplaced event matches nothing
    pk, cc, level = place_identity(ev), ev.place.place.country_code, ev.geo_precision == 4
    counted = bool(ev.fatalities) or bool(ev.fatalities_low)
    displaced = ev.displaced is not None
    # any two battles may be one, unless one changes who holds territory ("overtakes"): then only of that same kind
    sub = ev.sub_event_type if ev.event_type != "Battles" or "overtakes" in ev.sub_event_type else "*"
    marks = [False] if displaced else [False, True]  # a figure of its own is matched through the "displaced" keys
    counts = [False] if counted else [False, True]
    filed: list[tuple] = [("type", pk, ev.event_type, sub, counted, displaced)]
    lookup: list[tuple] = [("type", pk, ev.event_type, sub, c, d) for c in counts for d in marks]
    by_figure: tuple[list[tuple], list[tuple]] = ([], [])
    # an attack nobody is said to have died in and a fight at one place may be one battle (_raid_and_fight)
    if ev.event_type == "Battles":
        filed.append(("fight", pk, displaced))
        lookup += [("raid", pk, d) for d in marks]
    elif ev.event_type == VAC and not ev.fatalities and ev.sub_event_type == "Attack":
        filed.append(("raid", pk, displaced))
        lookup += [("fight", pk, d) for d in marks]
    for kind, value in (("toll", ev.fatalities or None), ("displaced", ev.displaced)):
        if value is None:
            continue
        by_figure[0].extend(
            [(kind, pk, value), (kind, "in", cc, value)] + ([(kind, "country", cc, value)] if level else [])
        )
        by_figure[1].extend(
            [(kind, pk, value), (kind, "country", cc, value)] + ([(kind, "in", cc, value)] if level else [])
        )
    (kind_filed, kind_lookup), (figure_filed, figure_lookup) = _days(ev, own_day=True), _days(ev)
    return (
        [(*k, d) for k in filed for d in kind_filed] + [(*k, d) for k in by_figure[0] for d in figure_filed],
        [(*k, d) for k in lookup for d in kind_lookup] + [(*k, d) for k in by_figure[1] for d in figure_lookup],
    )


LONG_SPAN_DAYS = 62  # an event dated over a longer window is filed once, under "long", which every lookup includes
BIN_DAYS = 7  # a window over SHORT_SPAN_DAYS is filed by the weeks (days // 7) it touches
SHORT_SPAN_DAYS = 7  # a window this short is filed by its days (and by its weeks, for the wider windows to find)


def _days(ev: ExtractedEvent, own_day: bool = False) -> tuple[list, list]:
    """(the date bins an event is filed under, the bins to look up for it); same_event never matches two windows
    more than a day apart. An undated event is filed under None and looks up None. A dated one looks up "long" and
    the bins of its window widened by a day on both sides: its days ("d") and wide weeks ("W") when the window is
    at most SHORT_SPAN_DAYS long, else its weeks of both kinds ("w", "W"). It is filed under "long" when its window is
    over LONG_SPAN_DAYS; else under its wide weeks ("W") when over SHORT_SPAN_DAYS; else under its days ("d") and its
    weeks ("w"). Filed by the day, a long article's reports of one town on other days of the week are not compared.

    With `own_day` (the keys of same_event's match by place and kind, which never matches two reports each dated to
    its own day unless it is the same day), a one-day event is filed under its day as "d1" and looks up only that
    day's "d1" (the days either side for the others)."""
    if ev.date_from is None or ev.date_to is None:
        return [None], [None]
    first, last = ev.date_from.toordinal(), ev.date_to.toordinal()
    weeks = range(first // BIN_DAYS, last // BIN_DAYS + 1)
    near = range((first - 1) // BIN_DAYS, (last + 1) // BIN_DAYS + 1)  # the weeks of the widened window
    if last - first > SHORT_SPAN_DAYS:
        lookup = [(kind, w) for w in near for kind in ("w", "W")]
        return ["long"] if last - first > LONG_SPAN_DAYS else [("W", w) for w in weeks], [*lookup, "long"]
    days, widened = range(first, last + 1), range(first - 1, last + 2)
    if own_day and first == last:
        filed, lookup = [("d1", first)], [("d1", first), *(("d", d) for d in widened)]
    else:
        filed, lookup = [("d", d) for d in days], [("d", d) for d in widened]
        if own_day:
            lookup += [("d1", d) for d in widened]
    return filed + [("w", w) for w in weeks], lookup + [("W", w) for w in near] + ["long"]
