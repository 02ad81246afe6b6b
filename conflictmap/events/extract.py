"""Sentence -> events: type, actors, fatalities, displacement, claim status, place and date, with the excerpt.

Rule-based and traceable: every field comes from words in the clause (kept as the excerpt with offsets).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from conflictmap.events.dates import precision_of, resolve_dates
from conflictmap.ingest.text import sentences, skipped_spans
from conflictmap.model import Toponym

# trigger pattern -> (event_type, sub_event_type); first match in a clause wins
TRIGGERS: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"\b(?:fled|flee(?:ing)?|displaced|displacement|refugees?)\b", re.I), "Displacement", "Forced displacement"),
    (re.compile(r"\b(?:massacr\w*|execut(?:ed|ing|ions?)|beheaded|bodies of)\b", re.I), "Violence against civilians", "Attack"),
    (re.compile(r"\b(?:shell(?:ing|ed)|mortars?|artillery|rockets?|missiles?|air ?strikes?|bomb(?:ing|ed|s)?|explosions?|blasts?|suicide)\b", re.I),
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    (re.compile(r"\b(?:recaptur\w+|retook|retaken|regain(?:ed)? control)\b", re.I), "Battles", "Government regains territory"),
    (re.compile(r"\b(?:seiz(?:ed|ing)|captur(?:ed|ing)|took control|taken control|overran|overrun|fell to)\b", re.I),
     "Battles", "Non-state actor overtakes territory"),
    (re.compile(r"\b(?:clash(?:es|ed)?|fighting|battles?|assault|repell?ed|offensive|ambush(?:ed)?)\b", re.I), "Battles", "Armed clash"),
    (re.compile(r"\b(?:came under attack|attack(?:ed)?|gunmen|shot dead|killing|killed|died|dead)\b", re.I),
     "Violence against civilians", "Attack"),
    (re.compile(r"\b(?:protest(?:s|ers|ed)?|demonstrat(?:ion|ors|ed))\b", re.I), "Protests", "Peaceful protest"),
    (re.compile(r"\b(?:riot(?:s|ers|ing)?)\b", re.I), "Riots", "Violent demonstration"),
]  # fmt: skip
SUB_REFINE = [
    (re.compile(r"\bsuicide\b", re.I), "Suicide bomb"),
    (re.compile(r"\b(?:bomb(?:ing|ed|s)?|explosions?|blasts?|IED)\b", re.I), "Remote explosive/landmine/IED"),
    (re.compile(r"\bair ?strikes?\b", re.I), "Air/drone strike"),
]
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "a dozen": 12,
}  # fmt: skip
VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999), "several": (3, 9)}
_NUM = r"(\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + "|" + "|".join(VAGUE) + ")"
_VICTIM = r"(?:[\w\"'“”-]+\s+){0,5}?"
FATALITY_PATTERNS = [
    re.compile(_NUM + r"\s+" + _VICTIM + r"(?:were|was|have been|had been|are)?\s*(?:killed|dead|died|executed|massacred|slain)\b", re.I),
    re.compile(r"\b(?:killing|killed|kill|massacred|massacre of|executed|executing|bodies of|deaths of|death of)\s+(?:at least\s+|some\s+|about\s+|up to\s+)?" + _NUM + r"\b", re.I),
    re.compile(r"\b(?:death toll|toll)\s+(?:\w+\s+){0,3}?(?:to|of|at)\s+" + _NUM, re.I),
]  # fmt: skip
DISPLACED = re.compile(
    _NUM + r"\s+(?:people|residents|civilians|families)\s+(?:have\s+|had\s+)?(?:fled|were displaced|displaced)", re.I
)
CLAIM_WORDS = re.compile(r"\b(?:claim(?:s|ed|ing)?|alleged(?:ly)?|purported(?:ly)?|attributed to)\b", re.I)
DOUBT = re.compile(
    r"\b(?:no way of (?:independently )?verifying|could not (?:be )?(?:independently )?verif|cannot (?:independently )?confirm"
    r"|not (?:been )?(?:independently )?verified|unverified|unconfirmed|cannot confirm)", re.I,
)  # fmt: skip
PLANNED = re.compile(
    r"\b(?:plans? to|planning to|will|would|threaten(?:s|ed)? to|vow(?:s|ed)? to|prepar\w+ to)\s+(?:\w+\s+){0,3}?(?:launch|attack|retake|strike|fight)",
    re.I,
)
COMBATANT_VICTIMS = re.compile(
    r"\b(?:killed|killing)\s+(?:at least\s+)?[\d,]+\s+[\"“]?(?:terrorists|militants|insurgents|fighters|rebels|jihadists)",
    re.I,
)
DISPUTE = re.compile(r"\b(?:denied|denies|disputed|rejected the claim)\b", re.I)
ACTORS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\b(?:ISIL|ISIS|Isis|Islamic State(?: of| in) Iraq and (?:the )?(?:Levant|Syria)|Islamic State|Daesh)\b"), "ISIL"),
    (re.compile(r"\b(?:tribal fighters|tribesmen)\b", re.I), "Tribal fighters"),
    (re.compile(r"\bvolunteers\b", re.I), "Volunteers"),
    (re.compile(r"\banti-government fighters\b", re.I), "Anti-government fighters"),
    (re.compile(r"\b(?:security forces|troops|soldiers|army|policem[ae]n|police|officers|Iraqi forces|forces)\b", re.I),
     "Iraqi security forces"),
    (re.compile(r"\b(?:militants?|insurgents?|extremists?|jihadists?|gunmen|fighters)\b", re.I), "Militants"),
    (re.compile(r"\b(?:civilians|people|residents|recruits)\b", re.I), "Civilians"),
]  # fmt: skip
OFFICIAL = re.compile(
    r"\b(?:officials?|spokesman|spokeswoman|government|ministry|general|officers?|police colonel)\b", re.I
)
# a place used as an actor, not where something happened: "Baghdad's forces", "Washington has deployed"
METONYM_AFTER = re.compile(
    r"^(?:'s|’s)\s+(?:\w+\s+)?(?:forces|government|army|troops|embassy|officials|leaders)\b", re.I
)
REFERENCE_BEFORE = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|outside(?:\s+of)?|near)\s+$", re.I
)


@dataclass
class ExtractedEvent:
    """One event as read from one clause of one article, before cross-article merging."""

    source_id: str
    start: int
    end: int
    excerpt: str
    event_type: str
    sub_event_type: str
    date_from: date | None  # None for both: an undated article's event (date_precision unknown)
    date_to: date | None
    date_note: str
    place: Toponym | None
    geo_precision: int
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    displaced: int | None = None
    claim_status: str = "reported"
    claimed_by: str = ""
    actor1: str = ""
    actor2: str = ""
    extra_sources: list = field(default_factory=list)

    def key(self) -> str:
        """A stable id: source, offsets and type (the same article text always yields the same id)."""
        where = (self.place.place.geonameid or self.place.place.name) if self.place and self.place.place else ""
        raw = f"{self.source_id}:{self.start}:{self.end}:{self.event_type}:{where}"
        return "ev_" + hashlib.sha1(raw.encode()).hexdigest()[:12]


def parse_number(word: str) -> tuple[int | None, int | None, int | None]:
    """(exact, low, high): '1,700' -> (1700, 1700, 1700); 'dozens' -> (None, 24, 99)."""
    w = word.lower().replace(",", "")
    if w.isascii() and w.isdigit():
        n = int(w)
        return n, n, n
    if w in NUMBER_WORDS:
        n = NUMBER_WORDS[w]
        return n, n, n
    if w in VAGUE:
        lo, hi = VAGUE[w]
        return None, lo, hi
    return None, None, None


def fatalities_in(clause: str) -> tuple[int | None, int | None, int | None]:
    """The death count a clause reports, exact or as a low/high range."""
    for pattern in FATALITY_PATTERNS:
        m = pattern.search(clause)
        if m:
            return parse_number(m.group(1))
    return None, None, None


def displaced_in(clause: str) -> int | None:
    """The number of people a clause says fled or were displaced."""
    m = DISPLACED.search(clause)
    return parse_number(m.group(1))[0] if m else None


def actors_in(clause: str, doc_has_isil: bool) -> list[str]:
    """Normalised actors in order of appearance (militants are ISIL when the article names ISIL)."""
    found = []
    for pattern, name in ACTORS:
        for m in pattern.finditer(clause):
            name2 = "ISIL" if name == "Militants" and doc_has_isil else name
            found.append((m.start(), name2))
    out = []
    for _, name in sorted(found):
        if name not in out:
            out.append(name)
    return out


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split a sentence at ', and', ';', ' while ' and ', but' so two events in one sentence stay apart."""
    cuts = [a]
    for m in re.finditer(r",\s+and\s+(?=\d|[A-Z]|\w+\s+(?:people|were|fighters))|;\s+|\s+while\s+", text[a:b]):
        cuts.append(a + m.start())
    cuts.append(b)
    return [(x, y) for x, y in zip(cuts, cuts[1:], strict=False) if text[x:y].strip()]


def _event_place(text: str, toponyms: list[Toponym], a: int, b: int) -> Toponym | None:
    """The clause's event location: the most precise non-metonymic, non-reference place in it."""
    best = None
    for t in toponyms:
        if not (a <= t.start < b) or t.place is None or "organisation" in t.note:
            continue
        if METONYM_AFTER.match(text[t.end : t.end + 30]):
            continue
        if REFERENCE_BEFORE.search(text[max(a, t.start - 20) : t.start]) and best is not None:
            continue
        if t.place.country_code == "" or t.place.feature in ("water", "continent"):
            continue
        if best is None or t.place.precision < best.place.precision:
            best = t
    return best


def extract_events(
    source_id: str, text: str, toponyms: list[Toponym], published: date | None, body_end: int
) -> list[ExtractedEvent]:
    """Every event the article's body reports, one per clause with a trigger, merged within the article.

    Without a publication date, events are still read: dated when the clause names a full date, else undated."""
    doc_has_isil = bool(ACTORS[0][0].search(text[:body_end]))
    skips = skipped_spans(text, body_end)
    countries = [t for t in toponyms if t.place and t.place.feature == "country" and "organisation" not in t.note]
    focus = _focus_country(countries)
    last_town: Toponym | None = None
    out: list[ExtractedEvent] = []
    sents = sentences(text, 0, body_end)
    for si, (sa, sb) in enumerate(sents):
        if any(x <= sa < y for x, y in skips):
            continue
        sentence = text[sa:sb]
        next_sentence = text[sents[si + 1][0] : sents[si + 1][1]] if si + 1 < len(sents) else ""
        sentence_place = _event_place(text, toponyms, sa, sb)
        clause_place: Toponym | None = None
        for ca, cb in _clauses(text, sa, sb):
            clause = text[ca:cb]
            trigger = next(((p, t, s) for p, t, s in TRIGGERS if p.search(clause)), None)
            if trigger is None:
                continue
            pattern, etype, sub = trigger
            exact, low, high = fatalities_in(clause)
            displaced = displaced_in(clause) if etype == "Displacement" else None
            if etype == "Displacement" and displaced is None:
                continue
            for p, refined in SUB_REFINE:
                if etype == "Explosions/Remote violence" and p.search(clause):
                    sub = refined
                    break
            if etype == "Violence against civilians" and exact is None and low is None:
                continue  # "attack", "killing" with no victims counted: too vague to map
            places = [t for t in toponyms if ca <= t.start < cb]
            if PLANNED.search(clause):
                # "plans to launch a counter-offensive from Samarra": a strategic development at that town, no fighting
                etype, sub, exact, low, high = "Strategic developments", "Other", None, None, None
            if etype == "Violence against civilians" and COMBATANT_VICTIMS.search(clause):
                etype, sub = "Battles", "Armed clash"  # "killed 279 terrorists": fighting, not an attack on civilians
            place = _event_place(text, toponyms, ca, cb) or clause_place or sentence_place
            if place is None and re.search(r"\bthe (?:town|city|village|area)\b", clause) and last_town:
                place = last_town  # "shelling of the town" -> the town named just before
            clause_place = place if place is not None and place.place.precision < 4 else clause_place
            precision = place.place.precision if place else 4
            if place is not None and REFERENCE_BEFORE.search(text[max(ca, place.start - 20) : place.start]):
                precision = max(precision, 2)  # "north of Baghdad": near, not in
            if etype == "Strategic developments" and (place is None or place.place.precision > 1):
                continue
            if place is None or place.place.precision >= 4:
                if exact is None and displaced is None:
                    continue  # country-level and no count: a summary, not an event
                place = place or focus
                precision = 4
            if place is None:
                continue
            window = resolve_dates(clause, published) or resolve_dates(sentence, published)
            if window:
                d_from, d_to, note = window
            elif published is None:
                d_from, d_to, note = None, None, "undated: the article has no publication date"
            else:
                d_from, d_to, note = (
                    published - timedelta(days=1),
                    published,
                    "undated: publication date and day before",
                )
            status, by = "reported", ""
            actors = actors_in(clause, doc_has_isil)
            counted = exact is not None or low is not None or displaced is not None
            if counted and (CLAIM_WORDS.search(sentence) or DOUBT.search(next_sentence) or DOUBT.search(sentence)):
                status = "claimed"
                if ACTORS[0][0].search(sentence) and CLAIM_WORDS.search(sentence):
                    by = "ISIL"
                elif OFFICIAL.search(sentence):
                    by = "Iraqi government" if focus and focus.place.country_code == "IQ" else "Officials"
                else:
                    by = actors[0] if actors else ""
            if DISPUTE.search(sentence):
                status = "disputed"
            ev = ExtractedEvent(
                source_id=source_id, start=ca, end=cb, excerpt=clause.strip(), event_type=etype, sub_event_type=sub,
                date_from=d_from, date_to=d_to, date_note=note, place=place, geo_precision=precision,
                fatalities=exact, fatalities_low=low, fatalities_high=high, displaced=displaced,
                claim_status=status, claimed_by=by, actor1=actors[0] if actors else "",
                actor2=actors[1] if len(actors) > 1 else "",
            )  # fmt: skip
            # one clause may name several towns seized together: "seized Mosul and Tikrit"
            towns = [
                t for t in places if t.place and t.place.precision == 1 and not METONYM_AFTER.match(text[t.end : t.end + 30])
                and not REFERENCE_BEFORE.search(text[max(ca, t.start - 20) : t.start])
            ]  # fmt: skip
            if sub.endswith("overtakes territory") and len(towns) > 1:
                for t in towns:
                    out.append(_with_place(ev, t))
            else:
                out.append(ev)
        towns = [t for t in toponyms if sa <= t.start < sb and t.place and t.place.precision == 1]
        if towns:
            last_town = towns[-1]
    return merge_within_article(out)


def _with_place(ev: ExtractedEvent, t: Toponym) -> ExtractedEvent:
    from dataclasses import replace

    return replace(ev, place=t, geo_precision=t.place.precision)


def _focus_country(countries: list[Toponym]) -> Toponym | None:
    counts: dict[str, list[Toponym]] = {}
    for t in countries:
        counts.setdefault(t.place.country_code, []).append(t)
    if not counts:
        return None
    return max(counts.values(), key=len)[0]


def place_key(ev: ExtractedEvent) -> str:
    """Where an event is, as a comparable key (geonameid, else name)."""
    p = ev.place.place
    return str(p.geonameid) if p.geonameid else p.name


def same_event(a: ExtractedEvent, b: ExtractedEvent) -> bool:
    """Whether two extracted events describe one event: same place (or country-level inside it), same count."""
    if (a.date_from is None) != (b.date_from is None):
        return False  # an undated report is not matched to a dated one by date
    if a.date_from is not None and (
        a.date_to < b.date_from - timedelta(days=1) or b.date_to < a.date_from - timedelta(days=1)
    ):
        return False
    same_place = place_key(a) == place_key(b)
    nested = (a.geo_precision == 4 or b.geo_precision == 4) and a.place.place.country_code == b.place.place.country_code
    if a.fatalities is not None and b.fatalities is not None:
        return a.fatalities == b.fatalities and (same_place or nested)
    if a.displaced is not None and b.displaced is not None:
        return a.displaced == b.displaced and (same_place or nested)
    if not same_place:
        return False
    # at one place, an uncounted report merges into a counted one of the same type
    counted = sum(x.fatalities is not None or x.fatalities_low is not None for x in (a, b))
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


def combine(a: ExtractedEvent, b: ExtractedEvent) -> ExtractedEvent:
    """One event from two reports: the more precise place, the narrower date, counts kept as a range."""
    from dataclasses import replace

    best = a if a.geo_precision <= b.geo_precision else b
    other = b if best is a else a
    lows = [x for x in (a.fatalities_low, b.fatalities_low, a.fatalities, b.fatalities) if x is not None]
    highs = [x for x in (a.fatalities_high, b.fatalities_high, a.fatalities, b.fatalities) if x is not None]
    exact = (
        a.fatalities
        if a.fatalities == b.fatalities
        else (a.fatalities if b.fatalities is None else b.fatalities if a.fatalities is None else None)
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


def merge_within_article(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """Merge repeated reports of one event (headline and body, a claim and its detail) into one."""
    merged: list[ExtractedEvent] = []
    for ev in events:
        for i, m in enumerate(merged):
            if same_event(m, ev):
                merged[i] = combine(m, ev)
                break
        else:
            merged.append(ev)
    return merged


def precision_label(ev: ExtractedEvent) -> str:
    """date_precision of an event's window."""
    return precision_of(ev.date_from, ev.date_to)
