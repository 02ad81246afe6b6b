"""Sentence -> events: type, actors, fatalities, displacement, claim status, place and date, with the excerpt.

Rule-based and traceable: every field comes from words in the clause (kept as the excerpt with offsets). What a
clause reports is read in events/reading.py, who acted in events/actors.py; this module places, dates and counts.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from conflictmap.events import lexicon as lx
from conflictmap.events import typeguess
from conflictmap.events.actors import (
    _actor_mentions,
    conventional_roles,
    demonym_country,
    named_actor,
    named_sides,
    opposing_same_kind,
)
from conflictmap.events.counts import (
    _counts,
    bombers_counted,
    displaced_in,
    displacement_counted,
    fatalities_in,
    parse_number,
)
from conflictmap.events.dates import _MONTH as MONTH_WORD
from conflictmap.events.dates import _explicit_dates, is_overnight, precision_of, resolve_dates
from conflictmap.events.merge import merge_within_article
from conflictmap.events.reading import CLAIMED_AGAIN, SPELL_BEFORE, _armed_victims, read_clause, without_asides
from conflictmap.events.record import ExtractedEvent
from conflictmap.events.romance import ROMANCE_LANGUAGES, romance_events, romance_places
from conflictmap.geo.areas import (
    ACTOR_COUNTRY_AFTER,
    at_division_seats,
    constrain_to_named_areas,
    in_named_towns,
    in_this_town,
)
from conflictmap.geo.names import name_key
from conflictmap.geo.wordlists import ADMIN_SUFFIXES, CALENDAR
from conflictmap.ingest.document import Document
from conflictmap.ingest.text import bounded_sentences, covered_by, summary_spans
from conflictmap.model import Toponym

CLAIM_WORDS = re.compile(r"\b(?:claim(?:s|ed|ing)?|alleged(?:ly)?|purported(?:ly)?|attributed to)\b", re.I)
DOUBT = re.compile(
    r"\b(?:no way of (?:independently )?verifying|could not (?:be )?(?:independently )?verif|cannot (?:independently )?confirm"
    r"|not (?:been )?(?:independently )?verified|unverified|unconfirmed|cannot confirm)", re.I,
)  # fmt: skip
PLANNED = re.compile(
    r"\b(?:plans? to|planning to|will|would|threaten(?:s|ed|ing)? to|vow(?:s|ed|ing)? to|prepar\w+ to)\s+(?:\w+\s+){0,3}?(?:launch|attack|retake|strike|fight)",
    re.I,
)
# "had made gains ... including re-capturing Tikrit": background told in the past perfect, not a new event
BACKGROUND = re.compile(
    r"\b(?:had|having)\s+(?:already\s+|previously\s+|earlier\s+)?(?:been\s+)?(?!to\b|no\b|not\b)[a-z]+(?:ed|en|ght|ook|ept|"
    r"ew|un|an|ade|one|ost|aid|eld|ent|ung|ot)\b"
)  # fmt: skip
# "officers said soldiers had recaptured two towns": past perfect in reported speech tells a recent event
REPORTED_SPEECH = re.compile(r"\b(?:said|says|claimed|claims|reported|announced|stated|told|added|confirmed)\b", re.I)
# "troops had retaken the village, the regional governor said on Monday": the speech verb after the report
_SAID_AFTER = re.compile(
    r",\s+(?:[\w.'’-]+\s+){0,6}?(?:said|says|told|reported|announced|confirmed|claimed)\b(?!\s+(?:that|it|they|he|she))"
)
DISPUTE = re.compile(r"\b(?:denied|denies|disputed|rejected the claim)\b", re.I)
ACTORS = lx.ACTOR_CLASSES
# a place used as an actor, not where something happened: "Baghdad's forces", "Washington has deployed"
METONYM_AFTER = re.compile(
    r"^(?:(?:'s|’s)\s+(?:\w+\s+)?(?:forces|government|army|troops|embassy|officials|leaders|ministry|military|"
    r"authorities|president|spokesman|spokesperson)\b|\s+(?:has|have|had)\s+"
    r"(?:also\s+|already\s+)?(?:deployed|sent|announced|said|warned|urged|accused|called|offered|pledged|agreed|"
    r"signed|imposed|condemned|denied|approved)\b|\s+(?:deployed|sent|announced|said|says|warned|urged|accused|"
    r"condemned|denied|pledged|offered|imposed)\b|\s+(?:began|launched|started|ordered)\s+(?:its|their|an?)\b|"
    r"\s+flags?\b|-based\b)",
    # "waving Lebanese flags", "the X-based group", "the deadliest attack since Washington began its campaign"
    re.I,
)  # fmt: skip

REFERENCE_BEFORE = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|outside(?:\s+of)?|near|"
    r"(?:metropolitan|greater|wider)\s+(?:region|area)\s+of(?:\s+the)?)\s+$",  # "X, in the metropolitan region of Y"
    re.I,
)
OFFICIAL = re.compile(
    r"\b(?:officials?|spokesman|spokeswoman|government|ministry|general|officers?|police colonel)\b", re.I
)


# a trigger that only names who was there: "3 vigilantes and 1 attacker were killed" tells of the event before
_WHO_WORD = re.compile(r"vigilantes?|mobs?|gunm[ae]n|rioters?", re.I)
# the triggers whose words may run over a comma ("fired 12.7mm, 14.5mm, and PK machine guns"): the others never span
# a cut, so only these are looked for around one
_LISTING = tuple(tr for tr in lx.TRIGGERS if re.search(r"\[[^\]]*[,;][^\]]*\]", tr.pattern.pattern))
_CLAUSE_CUT = re.compile(r",\s+and\s+(?=\d|[A-Z]|\w+\s+(?:people|were|fighters))|;\s+|\s+while\s+(?!\w+ing\s+(?!of\b))")


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split a sentence at ', and', ';', ' while ' and ', but' so two events in one sentence stay apart."""
    cuts = [a]
    found = list(_CLAUSE_CUT.finditer(text, a, b))
    # a cut inside one trigger's words is a list, not two clauses: "fired 12.7mm, 14.5mm, and PK machine guns"
    spans = [(t.start(), t.end()) for tr in _LISTING for t in tr.pattern.finditer(text, a, b)] if found else []
    for m in found:
        if not any(s < m.start() < e for s, e in spans):
            cuts.append(m.start())
    cuts.append(b)
    return [(x, y) for x, y in zip(cuts, cuts[1:], strict=False) if text[x:y].strip()]


# where the wounded or the taken were brought: "airlifted to X", "treated at an X hospital" is not where it happened
_TAKEN = re.compile(
    r"\b(?:treated|admitted|evacuated|taken|rushed|airlifted|transferred|flown|referred|brought)\b[^.;,]*$", re.I
)
_TAKEN_TO = re.compile(r"\bto\s+(?:the\s+)?$", re.I)
_CARE_BEFORE = re.compile(
    r"\bto\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}?(?:hospital|clinic|morgue|mortuary)\s+(?:in|at)\s+$", re.I
)
_CARE_AFTER = re.compile(r"\s+(?:\w+\s+)?(?:hospital|clinic|morgue|mortuary|health cent(?:re|er))\b", re.I)


def _where_taken(text: str, t: Toponym) -> bool:
    before = text[max(0, t.start - 60) : t.start]
    if not _TAKEN.search(before):
        return False
    # "airlifted to the Combined Military Hospital in X": the hospital's town
    return bool(_TAKEN_TO.search(before) or _CARE_AFTER.match(text, t.end) or _CARE_BEFORE.search(before))


# the country on the other side: "ambushed near the border with X" happened on this side
_BORDER_WITH = re.compile(r"\b(?:borders?|frontier) with\s+$", re.I)
_TOLL_UPDATE = re.compile(
    r"\b(?:(?:death\s+)?toll|figure|number\s+of\s+(?:dead|deaths|(?:those|people)\s+killed))"
    r"(?:\s+(?:in|from|of|after)\s+[^.;,]{0,120}?)?\s+(?:had\s+|has\s+|have\s+)?(?:since\s+)?"
    r"(?:risen|rose|climbed|increased|reached|jumped|surged)\b"
    r"|\b(?:revised|raised|lowered|updated)\s+(?:the|its|his|her|their)\s+(?:death\s+)?(?:figure|toll|count)\b",
    re.I,
)
_REVISED_TO = re.compile(
    r"^[^.;]{0,20}?\b(?:to|at)\s+(?:at\s+least\s+|some\s+|about\s+)?(\d{1,3}(?:,\d{3})*|\w+)\b", re.I
)


def _revised_count(after: str) -> tuple[int | None, int | None, int | None] | None:
    """The figure a toll was revised to ("... to nine", "... to 26"), or None."""
    m = _REVISED_TO.match(after)
    if not m:
        return None
    exact, low, high = parse_number(m.group(1))
    return None if low is None else (exact, low, high)


_ATTACK_TOLD = re.compile(
    r"\b(?:when|as|after)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:fighters|gunmen|militants|attackers|assailants|soldiers|"
    r"troops|rebels|militiamen|militias?|jihadists|insurgents|bandits)\s+(?:\w+\s+)?(?:entered|stormed|raided|attacked|"
    r"fired|opened fire|shot|torched|burned|went)\b",
    re.I,
)
# a time after an earlier event: what follows it in the clause is that event, told as the reason or the backdrop
_TIME_AFTER = re.compile(
    r"\b(?:(?:a|an|one|two|three|four|five|six|several|few|\d+)\s+)?(?:hours?|days?|weeks?|months?|years?)\s+(?:after|"
    r"since)\b",
    re.I,
)
# the event told before, named again: "the strikes were carried out on Monday"
_ANAPHOR = re.compile(
    r"\b(?:the|these|those) (?:air ?)?(?:strikes|raids?|attacks?|bombings?|blasts?|assault|clashes|fighting|ambush|"
    r"explosions?|shelling|killings?)\b(?! (?:on|in|at|of|against) )",
    re.I,
)
# an attack told by that word alone, whose means a later sentence may tell
_GENERIC_ATTACK = re.compile(r"\battack(?:s|ed)?\b(?![^.;]*\b(?:shot|stabb\w*|beat\w*|hack\w*|machetes?|knives|guns?\w*|"
                             r"gunm[ae]n|fired|opened fire)\b)", re.I)  # fmt: skip
# a region naming an armed group ("Zaïre militiamen", "Darfur rebels") says who fought, not where
_GROUP_AFTER = re.compile(
    r"^[\s-]+(?:militiamen|militias?|fighters|rebels|insurgents|tribesmen|gunmen|jihadists|separatists|"
    r"guerrillas?)\b",
    re.I,
)
# a road named after where it leads: "marched towards the highway to X" did not happen in X
_DESTINATION_BEFORE = re.compile(
    r"\b(?:road|highway|motorway|route) to\s+$"
    # where people fled to, or the attackers came from: "as they tried to flee toward the town of X", "militants who
    # crossed from X's Y province"
    r"|\b(?:flee|fled|fleeing|escape|escaped|escaping)\s+(?:\w+\s+){0,2}?(?:to|towards?|into)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:(?:town|city|village|camp)\s+of\s+)?$"
    r"|\b(?:crossed|came|infiltrated|sneaked|slipped)\s+(?:over\s+|in\s+)?from\s+(?:the\s+)?(?:[A-Z][\w'’-]*['’]s\s+)?$"
    # where suspects go to court, and where an official spoke: "would be arraigned in X today", "Speaking at a
    # security meeting in X on Wednesday, the commissioner said ..."
    r"|\b(?:arraigned|charged|tried|prosecuted)\s+(?:\w+\s+){0,3}?(?:in|at)\s+(?:the\s+)?$"
    r"|\bspeaking\s+(?:at|to|during)\s+(?:[\w-]+\s+){0,4}?(?:in|at)\s+$"
    # where help came from: "before reinforcements arrived from X"
    r"|\breinforcements\s+(?:\w+\s+){0,2}?(?:arrived|came|were\s+sent|were\s+dispatched|rushed)\s+(?:in\s+)?from\s+$"
    # where a unit is based: "soldiers from the 43rd Military Zone, based in X, arrived"
    r"|\b(?:based|stationed|headquartered|garrisoned)\s+(?:in|at)\s+$"
    # where hostages are held: "rallied to demand the release of the hostages still held in X"
    r"|\b(?:(?:still|being|remain)\s+held|held\s+captive)\s+in\s+$"
    # examples of a general statement: "has turned front-line cities such as X and Y into targets"
    r"|\bsuch\s+as\s+(?:(?-i:[A-Z])[\w'’-]*(?:,?\s+(?:and\s+|or\s+)?))*$",
    re.I,
)


# where one person is from, not where the event was: "Sepoy X (age 24, resident of District Y)" (not "residents of
# X marched", who are where they are)
# the displaced a place holds, not a flight told: "hosts tens of thousands of people displaced by the conflict"
_HOSTS_DISPLACED = re.compile(
    r"\b(?:hosts?|hosting|houses|housing|shelters|sheltering|is home to|are living|live|lives|have been living|remain)\b"
    r"[^.;]{0,60}\bdisplaced\b",
    re.I,
)
_ACCUSED_OF = re.compile(r"\s+accused\s+of\b")
_HOME_BEFORE = re.compile(
    r"\b(?:a\s+)?(?:resident|native)\s+of\s+(?:the\s+)?(?:district\s+)?$|\bhailing\s+from\s+$|"
    # an office's seat that something is handed to or through: "a memorandum addressed to the Prime Minister through
    # the Deputy Commissioner of X" (but "the mayor of X was abducted" happened at X)
    r"\b(?:to|through|with|before)\s+the\s+(?:deputy\s+)?(?:governor|commissioner|mayor|prefect|sub-prefect|"
    r"administrator)s?\s+of\s+(?:the\s+)?$",
    re.I,
)


# a live blog's entry opens with its time ("11:45 — Police say ..."); a day heading stands alone on its line
_ENTRY_TIME = re.compile(r"^[ \t]*([01]?\d|2[0-3])[:.]([0-5]\d)\b", re.M)
_DAY_HEADING = re.compile(
    r"^[ \t]*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?[ \t]+(?:\d{1,2}[ \t]+[A-Z][a-z]+|[A-Z][a-z]+"
    r"[ \t]+\d{1,2})(?:,?[ \t]+\d{4})?[ \t]*$",
    re.M,
)


def in_time_order(text: str, sents: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """The sentences in the order things happened. A live blog told newest first (its entries' times falling, most
    steps down) is read oldest first: its day sections last to first, the entries of each last to first, each entry's
    sentences and the text before the first entry as written. An update ("the toll has risen to 14") is then read
    after the event it updates, as in any other report. Anything else is read as written. Also returns the first
    sentence of each block read out of place."""
    marks = [(m.start(), int(m.group(1)) * 60 + int(m.group(2))) for m in _ENTRY_TIME.finditer(text)]
    days = [m.start() for m in _DAY_HEADING.finditer(text)]
    down = up = 0
    for (a, ta), (b, tb) in zip(marks, marks[1:], strict=False):
        if any(a < d < b for d in days):
            continue  # the times of two days are not compared
        down, up = down + (tb < ta), up + (tb > ta)
    if len(marks) < 3 or down < 2 or down <= 2 * up:
        return sents, set()
    head_end = min([marks[0][0]] + [d for d in days if d < marks[0][0]])
    # sections: each day heading with the entries under it (the entries before any heading are one section)
    starts = sorted({head_end, *[d for d in days if d >= head_end]})
    sections = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        entries = [a for a, _ in marks if start <= a < end]
        heading_end = entries[0] if entries else end
        bounds = [(start, heading_end)] + [(a, entries[k + 1] if k + 1 < len(entries) else end)
                                           for k, a in enumerate(entries)]  # fmt: skip
        sections.append(bounds[:1] + bounds[1:][::-1])
    order = [(0, head_end)] + [block for section in sections[::-1] for block in section]
    rank = {}
    for n, (a, b) in enumerate(order):
        for s in sents:
            if a <= s[0] < b:
                rank.setdefault(s, n)
    ordered = sorted(sents, key=lambda s: (rank.get(s, -1), s[0]))
    opens = {s for k, s in enumerate(ordered) if k and rank.get(s, -1) != rank.get(ordered[k - 1], -1)}
    return ordered, opens


def _event_place(text: str, toponyms: list[Toponym], a: int, b: int) -> Toponym | None:
    """The clause's event location: the most precise non-metonymic, non-reference place in it. A place that is one
    word of a longer name ("members of the <town abroad> Church protested in X") is not where it happened when the
    clause names a place of another country outside a name."""
    cands = [
        t for t in toponyms
        if a <= t.start < b and t.place is not None and "organisation" not in t.note
        # "Moscow accused Kyiv", but not "12 people in Yangon accused of raising money"
        and not (METONYM_AFTER.match(text[t.end : t.end + 30])
                 and not (_locative(text, t) and _ACCUSED_OF.match(text, t.end)))
        and not (t.place.precision == 4 and ACTOR_COUNTRY_AFTER.match(text[t.end : t.end + 30]))
        and not (t.place.precision >= 2 and _GROUP_AFTER.match(text[t.end : t.end + 30]))
        and not _DESTINATION_BEFORE.search(text[max(a, t.start - 60) : t.start])
        and not (t.place.precision == 4 and _BORDER_WITH.search(text[max(a, t.start - 30) : t.start]))
        and not _where_taken(text, t)
        and not _HOME_BEFORE.search(text, max(a, t.start - 50), t.start)
        and t.place.country_code != "" and t.place.feature not in ("water", "continent")
    ]  # fmt: skip
    named = {t: _in_a_name(text, t) for t in cands}
    held = {t.place.country_code for t in cands if not named[t]}
    best = None
    for t in cands:
        if named[t] and held and t.place.country_code not in held:
            continue
        if (
            REFERENCE_BEFORE.search(text[max(a, t.start - 20) : t.start])
            and best is not None
            and best.place.precision <= 2
            and not named[best]  # "Drone strike near Tessit\nSeparately, ... near Tessit, in Y cercle": Tessit
        ):
            continue  # "in X, north of Y": X; but "in P province, near Y": near Y, more precise than P
        # of two places as precise, one outside a longer name ("at X Face Green in Y": Y)
        if best is None or (t.place.precision, named[t], not _locative(text, t)) < (
            best.place.precision,
            named[best],
            not _locative(text, best),
        ):
            best = t
    return best


def _in_a_name(text: str, t: Toponym) -> bool:
    """Whether a place name is one word of a longer capitalised name ("the Verona Kettle clan"): a capitalised word
    other than a kind of division ("Province") follows it, or one that neither opens the sentence nor is a day or a
    month ("On Monday Verona ...") precedes it."""
    after = re.match(r"\s+([A-Z][a-z]+)", text[t.end : t.end + 20])
    if after and after.group(1).lower() not in ADMIN_SUFFIXES | CALENDAR:
        return True
    before = re.search(r"(\S?)\s*\b([A-Z][\w'’-]*)\s+$", text[max(0, t.start - 40) : t.start])
    return (
        before is not None
        and before.group(1) not in ("", ".", ":", "!", "?", '"', "(")
        and before.group(2).lower() not in CALENDAR
    )


_LOCATIVE = re.compile(
    r"\b(?:in|at|near|into|inside|around|on|outskirts of|village of|town of|city of)\s+(?:the\s+)?"
    r"(?:(?:far\s+)?(?:north|south|east|west|central)(?:-?(?:east|west))?(?:ern)?\s+)?$",
    re.I,
)  # "in northwestern Afghanistan" is where it happened, as "in Afghanistan" is


def _locative(text: str, t: Toponym) -> bool:
    """Whether a place is named where something happened ("in X") rather than as a subject or an actor."""
    return bool(_LOCATIVE.search(text[max(0, t.start - 25) : t.start]))


@dataclass
class Carry:
    """What reading an article's body so far tells the rest of it. A long article is read in pieces (ingest/bounded.py)
    and each piece is read with what the pieces before it found: the country named most so far, the place the report
    opened with, the office's place, the last town and the last date stated in full. Read in one piece, the article
    gives exactly what reading its whole body gave."""

    has_isil: bool  # the body names the Islamic State anywhere (the caller searches the whole body once)
    countries: dict[str, list] = field(default_factory=dict)  # country code -> [mentions so far, first mention]
    lede_read: bool = False  # a sentence naming a place was met: `lede` is settled
    lede: Toponym | None = None
    office: Toponym | None = None
    last_town: Toponym | None = None
    last_date: tuple[date, date, str] | None = None
    unplaced: list[ExtractedEvent] = field(default_factory=list)  # the best event to keep if nothing is placed
    last_out: ExtractedEvent | None = None  # the last event read and the last unplaced one: a figure in the next
    last_unplaced: ExtractedEvent | None = None  # clause ("2 soldiers were killed") completes it
    note_read: bool = False  # the body's opening was looked at for an incident note (`guessed` is settled)
    guessed: ExtractedEvent | None = None  # an incident note's one event when no trigger is read in it at all
    language: str = "en"  # the article's language: French and Spanish have their own reader (romance.py)

    @classmethod
    def of(cls, text: str, body_end: int, language: str = "en") -> Carry:
        return cls(has_isil=bool(ACTORS[0][0].search(text, 0, body_end)), language=language)

    def focus(self, countries: list[Toponym], places: list[Toponym] = ()) -> Toponym | None:
        """The first mention of the country the text places most in so far: its own mentions and those of its towns
        and divisions counted in ("U.S." named twice does not outweigh Syria and four of its towns)."""
        for t in countries:
            entry = self.countries.setdefault(t.place.country_code, [0, None])
            entry[0] += 1
            entry[1] = entry[1] or t
        for t in places:
            self.countries.setdefault(t.place.country_code, [0, None])[0] += 1
        named = [c for c in self.countries.values() if c[1] is not None]
        return max(named, key=lambda c: c[0])[1] if named else None


def extract_events(
    source_id: str,
    text: str,
    toponyms: list[Toponym],
    published: date | None,
    body_end: int,
    deadline: float | None = None,
    doc: Document | None = None,
    language: str = "en",
) -> list[ExtractedEvent]:
    """Every event the article's body reports, one per clause with a trigger, merged within the article.

    Without a publication date (None) events are still read: dated when the text names a full date, else undated.

    A sentence that only adds a figure ("2 soldiers were killed", "no fatalities were reported") completes the
    event before it instead of becoming one; an article whose event cannot be placed still yields it, unplaced.
    With a `deadline` (a time.monotonic() value), TimeoutError is raised once it has passed. With the article's
    Document, its dateline, skipped spans and sentences are read instead of computed again.
    """
    carry = Carry.of(text, body_end, language)
    return finish_events(events_in(source_id, text, toponyms, published, body_end, deadline, doc, carry), carry)


BACKGROUND_DAYS = 30  # an event this much older than the newest event of its article is background


def finish_events(events: list[ExtractedEvent], carry: Carry) -> list[ExtractedEvent]:
    """An article's events (events_in over its body, or over each of its pieces) merged within the article; with
    none placed, the best unplaced one."""
    if not events and carry.unplaced:
        events = carry.unplaced[:1]
    if not events and carry.guessed is not None:
        events = [carry.guessed]
    events = _without_aftermath(events)
    newest = max((e.date_to for e in events if e.date_to is not None), default=None)
    if newest is not None:
        # "a similar attack on 3 March 2019 killed 40": an event dated by its own words over a month before the
        # newest one the article tells is background, left out
        events = [e for e in events if e.date_to is None or e.date_to >= newest - timedelta(days=BACKGROUND_DAYS)]
    return [_with_roles(e) for e in merge_within_article(events)]


LEAD_SENTENCES = 2
_TOLD_AGAIN = re.compile(
    r"\s*(?:The|That|This)\s+(?:[\w-]+\s+){0,2}?(?:blast|explosion|bomb|bombing|device|attack|attackers|assailants|"
    r"ambush|raid|assault|strike|airstrike|air strike|shelling|clash|clashes|fighting|gunfight|firefight|shootout|"
    r"gun battle|gunmen|militants|bomber|"
    r"victims|dead|officers|soldiers|policemen|troops)\b"
)
_MAY_HAPPEN = re.compile(r"\b(?:will|would|may|might|could|shall|plans?|planned|scheduled|expected|upcoming)\b", re.I)
_IN_CUSTODY = re.compile(r"\b(?:custody|detention|(?:police|prison|jail) cells?|tortur\w+)\b", re.I)
AFTERMATH = ("Change to group/activity", "Looting/property destruction")
# property destroyed with people killed in it: ACLED's strategic developments are without fatalities, so an attack
_DEADLY_DESTRUCTION = ("Violence against civilians", "Attack")


def _without_aftermath(events: list[ExtractedEvent]) -> list[ExtractedEvent]:
    """An article's events less the changes of an armed group's activity, and the looting or property destruction,
    told with no day of their own after an event of another kind: the troops deployed to the area, the patrols
    stepped up, the attackers' withdrawal, the shops broken into are that event's aftermath, not events of their own.
    A report that opens with one keeps it, and so does one dated by its own words ("on Friday, the army withdrew
    from X")."""
    first = min((e.start for e in events if e.sub_event_type not in AFTERMATH), default=None)
    return [
        e
        for e in events
        if e.sub_event_type not in AFTERMATH
        or first is None
        or e.start < first
        or not e.date_note.startswith("undated")
    ]


def events_in(
    source_id: str,
    text: str,
    toponyms: list[Toponym],
    published: date | None,
    body_end: int,
    deadline: float | None,
    doc: Document | None,
    carry: Carry,
) -> list[ExtractedEvent]:
    """The events of text[doc.start:body_end] before they are merged (extract_events): the body, or one piece of
    a long one read after the pieces `carry` tells about; `toponyms` are its places."""
    doc_has_isil = carry.has_isil
    if doc is None or not doc.covers(text, doc.start, body_end):
        doc = Document.read_body(text, body_end)
    dl = doc.dateline
    reported_from, dateline_town = "", None
    if dl:  # the reporting place is metadata, never an event place, nor the area of one; its country is a hint
        dateline_town = next((t for t in toponyms if dl[0] <= t.start < dl[1] and t.place), None)
        reported_from = dateline_town.place.country_code if dateline_town else ""
        toponyms = in_this_town(text, [t for t in toponyms if not dl[0] <= t.start < dl[1]], dateline_town)
    if carry.language in ROMANCE_LANGUAGES:
        toponyms = romance_places(toponyms, carry.language)
    toponyms = at_division_seats(
        text,
        in_named_towns(
            text, _stand_ins(text, constrain_to_named_areas(text, toponyms, dateline_country=reported_from))
        ),
    )  # in text order
    starts = [t.start for t in toponyms]

    def within(a: int, b: int) -> list[Toponym]:
        # the toponyms starting in [a, b), by bisection: a long article's sentences each look at their own places
        return toponyms[bisect_left(starts, a) : bisect_left(starts, b)]

    # a headline or a summary block restates events the body tells in full, with their places and dates
    skips = sorted([*doc.skipped, *summary_spans(text, doc.body_end)])
    skipped = covered_by(skips)
    countries = [t for t in toponyms if t.place and t.place.feature == "country" and "organisation" not in t.note]
    in_places = [t for t in toponyms if t.place and t.place.country_code and t.place.feature != "country"
                 and "organisation" not in t.note and not skipped(t.start)]  # fmt: skip
    focus = carry.focus(countries, in_places)
    last_town, last_date = carry.last_town, carry.last_date
    out: list[ExtractedEvent] = []
    unplaced: list[ExtractedEvent] = []
    sents = bounded_sentences(text, list(doc.sentences))  # an endless sentence is read in pieces
    if carry.language in ROMANCE_LANGUAGES:  # a French or Spanish report: its own reader
        return romance_events(source_id, text, toponyms, published, sents, skipped, carry.language)
    lede_end = sents[min(3, len(sents) - 1)][0] if sents else 0  # the lede: the first three sentences
    sents, entry_opens = in_time_order(text, sents)
    section_date = None  # the day heading of the live-blog section being read
    # the place the report opens with (its first sentence that names one): where its unplaced events happened
    if not carry.lede_read:
        lede_place = next(
            (p for a, b in sents if not skipped(a) and (p := _event_place(text, within(a, b), a, b))),
            None,
        )
        carry.lede_read = lede_place is not None
        carry.lede = lede_place if lede_place is not None and lede_place.place.precision < 4 else None
    lede_place = carry.lede
    if not carry.note_read:
        carry.note_read = True
        carry.guessed = _incident_note(source_id, text, sents, skipped, within, published, lede_place, doc_has_isil)
    # "the Kirkuk Governor's Office extended the ban": with no other place, the place an office is named after
    carry.office = carry.office or next((t for t in toponyms if "organisation" in t.note and t.place is not None
                                         and t.place.precision < 4 and not skipped(t.start)), None)  # fmt: skip
    office_place = carry.office
    # the day of the sentence before, when it placed no event ("They fought again on Sunday."), or of one up to
    # LEAD_SENTENCES before it, with only undated sentences that tell no event between
    lead_date, lead_age = None, 0
    # the town of the sentence before, when it dated to a day and placed no event ("On Monday, troops surrounded a
    # house in X. The suspects opened fire and were killed in the gunfight."): where the next sentence's event
    # happened, if it names none
    lead_place: Toponym | None = None
    for si, (sa, sb) in enumerate(sents):
        if deadline is not None and si % 64 == 0 and time.monotonic() > deadline:
            raise TimeoutError(f"reading events took too long (stopped at sentence {si + 1:,} of {len(sents):,})")
        if skipped(sa):
            continue
        if (sa, sb) in entry_opens:
            # a live blog read oldest first: an entry's day is its section's, not one the entry read before it told
            last_date, lead_date, lead_age, lead_place = section_date, None, 0, None
        sentence = text[sa:sb]
        next_sentence = text[sents[si + 1][0] : sents[si + 1][1]] if si + 1 < len(sents) else ""
        sentence_place = _event_place(text, within(sa, sb), sa, sb)
        sentence_date = resolve_dates(without_asides(sentence), published)
        if entry_opens and _DAY_HEADING.match(sentence):
            section_date = sentence_date
        clause_place: Toponym | None = None
        told = len(out)
        # "The blast struck the checkpoint at ...": with no day of its own, the sentence after an event that opens
        # with that event (or its attackers, victims) tells more of it, not another event of that kind
        told_again = (
            out[-1]
            if out and si > 0 and out[-1].start >= sents[si - 1][0] and sentence_date is None
            and _TOLD_AGAIN.match(sentence)
            else None
        )  # fmt: skip
        for ca, cb in _clauses(text, sa, sb):
            clause = text[ca:cb]
            readings = read_clause(clause, text[cb:sb] + " " + next_sentence)  # the rest of the sentence, and the next
            reading = readings[0] if readings else None
            exact, low, high = fatalities_in(clause)
            since = _TIME_AFTER.search(clause)
            if since and reading is not None and reading.start < since.start():
                # "residents marched ..., a week after gunmen killed 58 people": the dead of what came before
                exact, low, high = fatalities_in(clause[: since.start()])
            clause_date = resolve_dates(without_asides(clause), published)
            rise = _TOLL_UPDATE.search(clause) if clause_date is not None and not out else None
            if (
                rise is not None
                and resolve_dates(clause[: rise.end()], published) is None  # "rose to four on Thursday"
                and clause_date[0] == clause_date[1]
            ):
                # "The number of dead from the attack ... rose to four on Thursday": the day the toll rose; the attack
                # came on it or in the week before (a report that dates the attack narrows it when the two merge)
                clause_date = (clause_date[0] - timedelta(days=6), clause_date[1], "on or before the day its toll rose")
            places = within(ca, cb)
            own_place = _event_place(text, places, ca, cb)
            previous = out[-1] if out else carry.last_out or (unplaced[-1] if unplaced else carry.last_unplaced)
            # a figure about the event just told: no place or date of its own, and no other kind of event
            apart = (  # "civilians were killed when fighters entered a camp and fired on them", after a battle
                previous
                if previous is not None
                and reading is not None
                and reading.event_type == "Violence against civilians"
                and previous.event_type == "Battles"
                and _ATTACK_TOLD.search(clause, reading.start)
                else None
            )
            named_again = _ANAPHOR.search(clause)
            dated = (
                next((e for e in reversed(out) if e.start < lede_end), None) if named_again and clause_date else None
            )
            if (
                dated is not None
                and _dates_undated(dated, clause_date)
                and (own_place is None or own_place.place.precision >= 3 or _same_town(own_place, dated))
            ):  # (a town named with it says where the event was: read below, as the lede's)
                # "Air strikes killed 11 militants, the cell said on Thursday. It said the strikes were carried out on
                # Monday ...": the event told before, now dated
                dated.date_from, dated.date_to, dated.date_note = clause_date
                _count_if_uncounted(dated, exact, low, high)
                continue
            if previous is not None and readings and low is None and CLAIMED_AGAIN.search(clause):
                # "JNIM claimed the assault in a statement on Monday, saying its fighters had targeted the army": the
                # attack told before, now claimed (with a toll of its own, or told first, the clause is read)
                continue
            update = _TOLL_UPDATE.search(clause) if previous is not None else None
            if update and (revised := _revised_count(clause[update.end() :])) is not None:
                # "the toll had risen to 26", "a spokesman revised the figure to nine": the event told before, counted
                # again, not a new one; of two figures the lower stays, as ACLED codes the most conservative
                if previous.fatalities_low is None or (revised[1] is not None and revised[1] < previous.fatalities_low):
                    previous.fatalities, previous.fatalities_low, previous.fatalities_high = revised
                continue
            follow_up = (
                previous is not None
                and (own_place is None or _same_town(own_place, previous))  # "..., the X medical centre said"
                and (clause_date is None or is_overnight(clause_date[2]))  # "two more bodies were found overnight"
                and (
                    reading is None
                    or reading.trigger.victim_typed
                    or reading.event_type == previous.event_type
                    or _WHO_WORD.fullmatch(reading.words) is not None
                    # "12 people were killed ... and houses were looted before being set on fire": the dead of the
                    # attack told before, the destruction part of it
                    or (
                        low is not None
                        and reading.sub_event_type == "Looting/property destruction"
                        and previous.event_type in (lx.VAC, "Battles", lx.EXPLOSIONS)
                    )
                )
                # an attack of its own on people who did not fight, not the battle's dead: where and when the battle
                # was, unless it says otherwise
                and apart is None
                # nor the dead of a new scene the sentence before set, with its own day and town and no event yet
                and lead_place is None
                # nor, in a live blog, the dead of a later day's entry
                and not (
                    section_date is not None and previous.date_to is not None and previous.date_to < section_date[0]
                )
            )
            if follow_up and low is not None and not _past_or_tally(clause, published):
                # "two police agents were also killed": more dead of the same event (not "police also said ...")
                also = previous.fatalities_low is not None and (
                    re.search(
                        r"\balso\s+(?:been\s+)?(?:killed|died|dead|lost their lives|shot dead|perished)\b", clause, re.I
                    )
                    # "... killing three soldiers. At least 11 insurgents were killed": the other side's dead of a fight
                    or (previous.event_type == "Battles" and _other_side(previous.excerpt, clause))
                )
                fresh = previous.fatalities is None and previous.fatalities_low is None
                if also:
                    previous.fatalities = (
                        previous.fatalities + exact if None not in (previous.fatalities, exact) else None
                    )
                    previous.fatalities_low += low
                    previous.fatalities_high = (
                        previous.fatalities_high + high if None not in (previous.fatalities_high, high) else None
                    )
                elif fresh:
                    _count_if_uncounted(previous, exact, low, high)
                    if previous.sub_event_type == "Looting/property destruction" and low:
                        # "... torched the party's offices. Three people died following the attack."
                        previous.event_type, previous.sub_event_type = _DEADLY_DESTRUCTION
                    if previous.sub_event_type == "Arrests" and low and _IN_CUSTODY.search(sentence):
                        # "police arrested a man. They tortured him in custody, and he died": a death at the hands of
                        # who held him
                        previous.event_type, previous.sub_event_type = "Violence against civilians", "Attack"
                if also or fresh:
                    # armed men among the dead make it a battle, as ACLED codes it ("... were also killed")
                    if reading is not None and previous.event_type == "Violence against civilians":
                        if (
                            _armed_victims(clause, reading.start, reading.start + 1)
                            and previous.sub_event_type == "Attack"
                        ):
                            previous.event_type, previous.sub_event_type = "Battles", "Armed clash"
                continue
            if (
                reading is not None
                and reading.event_type == lx.EXPLOSIONS
                and low is None  # (its own dead make it an event of its own: "Five people were killed in shelling")
                and previous is not None
                and previous.start >= sents[max(0, si - 1)][0]
                and clause_date is None
                and (own_place is None or _same_town(own_place, previous))
                and (previous.event_type, previous.sub_event_type) == ("Violence against civilians", "Attack")
                and _GENERIC_ATTACK.search(previous.excerpt)
            ):
                # "... condemns the attack on a school in X, in which 13 people were killed. Two military helicopters
                # fired rockets at the compound": how the attack told before was carried out
                previous.event_type, previous.sub_event_type = reading.event_type, reading.sub_event_type
                continue
            if follow_up and low is None and reading is not None and _HURT.fullmatch(reading.words):
                continue  # "31 people were injured, most by tear gas": the hurt of the event just told
            if (
                not readings
                and out
                and own_place is not None
                and out[-1].geo_precision >= 3
                and si <= 2
                and out[-1].start < lede_end
                and _locative(text, own_place)
                and _narrows(out[-1], own_place, out[-1].event_type, clause_date or sentence_date)
            ):
                # "A bomber struck outside a police compound in northern C. The attacker hit the main gate of the
                # headquarters in X": the sentence after a lede told at country level says where it happened
                out[-1].place, out[-1].geo_precision = own_place, own_place.place.precision
                continue
            named_place = own_place or sentence_place
            if (
                told_again is not None
                and readings
                and (
                    all(r.event_type == told_again.event_type for r in readings)
                    # "The clashes left two dead" after a riot with no count: its dead, not a battle of its own
                    or (low is not None and told_again.fatalities_low is None and not _past_or_tally(clause, published))
                )
                and not (named_place is not None and _narrows(told_again, named_place, told_again.event_type, None))
            ):
                _count_if_uncounted(told_again, exact, low, high)
                continue  # (a town inside the area the event was told at says where it was: read as the lede's)
            clause_counts = (exact, low, high)
            for reading in readings:
                if since and reading.start > since.start() and readings[0].start < since.start():
                    continue  # "settlers rampaged ..., hours after a gunman shot dead two men": the backdrop
                # with two events in one clause the count belongs to the killing, read last
                exact, low, high = clause_counts if reading is readings[-1] else (None, None, None)
                if reading.trigger.name == "grave":
                    exact, low, high = 0, 0, 0  # the dead of a grave found died earlier, in events of their own
                etype, sub = reading.event_type, reading.sub_event_type
                own_date = clause_date
                bg = BACKGROUND.search(clause[: reading.start + 20])
                if (
                    bg
                    and not own_date
                    and not REPORTED_SPEECH.search(clause[: bg.start()])
                    and not _SAID_AFTER.search(clause, bg.start())
                ):
                    continue  # told in the past perfect with no date of its own: background, not a new event
                if not own_date and _FIRST_PERSON.search(clause) and _quoted(text, ca + reading.start):
                    continue  # '"They killed our sons in X," she said': a witness's memory, not a dated report
                if SPELL_BEFORE.search(clause, max(0, reading.start - 50), reading.start):
                    continue  # "which it captured after weeks of fighting": the spell before what is told, no event
                when = _MONTH_WHEN.search(clause, 0, reading.start)
                if when and published and _month_before(when.group(1), when.group(2), published):
                    continue  # "a series of protests since March, when three people died": that month's, background
                if _PAST_RIGHT_AFTER.match(clause, reading.start):
                    continue  # "Outside X, a town recaptured by the army earlier this month, a farmer was killed"
                if not own_date and _past_or_tally(clause, published):
                    continue  # "last year", "in 2013": a past event this article does not date to a day or month
                if own_date and own_date[1] > own_date[0] and lx.TALLY.search(clause):
                    continue  # "From 9 to 13 June, monitors documented 6 civilians killed": a total over days
                if (
                    own_date
                    and (tally := lx.TALLY.search(clause))
                    and tally.group(0).lower().startswith("since")
                    and (clause.find(own_date[2], tally.start()) >= 0)
                ):
                    continue  # "2,500 killed since hostilities began on 8 October": the day the total counts from
                if own_date and published and _past_month(own_date, published):
                    continue  # "in March 2021" in a paper of 2022: background dated only by its month, left out
                if reading.trigger.name == "protest" and _government_protest(clause, reading.start, places, ca):
                    continue  # "Baghdad has protested the incursions": a government's complaint, no demonstration
                displaced = displaced_in(clause) if etype == "Displacement" else None
                if reading.trigger.needs_count and not displacement_counted(clause):
                    continue
                if etype == "Displacement" and not own_date and _HOSTS_DISPLACED.search(clause):
                    continue  # "Rann hosts tens of thousands of people displaced by the conflict": who live there now
                if PLANNED.search(clause):
                    # "plans to launch a counter-offensive from Samarra": a strategic development at that town, no fighting
                    if own_place is None or own_place.place.precision > 1:
                        continue
                    etype, sub, exact, low, high = "Strategic developments", "Other", None, None, None
                elif (
                    _FUTURE_BEFORE.search(clause, max(0, reading.start - 40), reading.start)
                    or _FUTURE_AFTER.match(clause, reading.start + len(reading.words))
                    or _TRIED_BEFORE.search(clause, max(0, reading.start - 100), reading.start)
                ):
                    continue  # "troops would be deployed", "reinforcements will arrive", "efforts to revive talks"
                place = own_place or clause_place or sentence_place or lead_place or (apart.place if apart else None)
                if "territory" in sub:
                    # "In L, troops had taken back full control of B": the town that changed hands, not the area before
                    end = ca + reading.start + len(reading.words)
                    taken = [t for t in places if t.place and t.place.precision == 1 and end <= t.start <= end + 25]
                    place = taken[0] if taken else place
                if (
                    place is None
                    and re.search(
                        r"\bthe (?:town|city|village|area|community|settlement|locality)\b|\bthe (?:\w+ )?(?:suburbs|outskirts)\b",
                        clause,
                    )
                    and last_town
                ):
                    place = last_town  # "shelling of the town", "stormed the community" -> the town named just before
                elif (
                    place is not None
                    and last_town is not None
                    and re.search(r"\bthe (?:town|city)['’]s\s+$", text[max(ca, place.start - 12) : place.start])
                ):
                    place = last_town  # "shells hit the city's Dniprovskyi district": a quarter of the town just named
                clause_place = place if place is not None and place.place.precision < 4 else clause_place
                precision = place.place.precision if place else 4
                if place is not None and REFERENCE_BEFORE.search(text[max(ca, place.start - 20) : place.start]):
                    precision = max(precision, 2)  # "north of Baghdad": near, not in
                window = clause_date or sentence_date or lead_date
                if window is None and apart is not None and apart.date_from is not None:
                    window = (apart.date_from, apart.date_to, apart.date_note)
                if window is None and place is not None and (same := _told_here(out, place, etype, text, sa, sub)):
                    # "Two guided bombs struck the city shortly after 4 p.m.": no day of its own, in the paragraph
                    # of an event of that kind at that town: more of that event, on its day
                    window = (same.date_from, same.date_to, same.date_note)
                window = window or last_date
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
                if (
                    exact is None
                    and low is None
                    and lx.ZERO_FATALITIES.search(next_sentence)
                    and not _counts(next_sentence)
                ):
                    exact = low = high = 0
                if sub == "Suicide bomb":
                    exact, low, high = bombers_counted(sentence + " " + next_sentence, exact, low, high)
                status, by = "reported", ""
                actors = _actor_mentions(clause, doc_has_isil)
                if (
                    sub == "Change to group/activity"
                    and not [n for _, n in actors if n != "Civilians"]  # the people reached are no actor
                    and lx.AID.search(clause)
                ):
                    continue  # "partners distributed shelter kits in X": aid, no armed group's move
                attackers = [n for pos, n in actors if pos < reading.start] or [n for _, n in actors]
                if not attackers:  # "Al Mahdi Brigade looted a market": the name that did it
                    named = named_actor(clause, reading.start, {t.name for t in places})
                    attackers = [named] if named else []
                victims = [n for pos, n in actors if pos >= reading.start and n not in attackers[:1]]
                passive = re.search(r"\b(?:was|were|been)\s+(?:\w+\s+)?$", clause[: reading.start]) or re.search(
                    r"\bby\s+(?:the\s+|an?\s+)?(?:\w+\s+)?$", clause[reading.start : reading.start + 40]
                )
                if passive and re.search(r"\bby\b", clause[reading.start :]):
                    # "3 soldiers were killed by militants": the agent follows "by"
                    after_by = clause.index("by", reading.start)
                    agents = [n for pos, n in actors if pos > after_by]
                    if agents:
                        victims = [n for n in attackers if n != agents[0]]
                        attackers = agents
                counted = exact is not None or low is not None or displaced is not None
                if counted and (CLAIM_WORDS.search(sentence) or DOUBT.search(next_sentence) or DOUBT.search(sentence)):
                    status = "claimed"
                    if ACTORS[0][0].search(sentence) and CLAIM_WORDS.search(sentence):
                        by = "ISIL"
                    elif OFFICIAL.search(sentence):
                        by = f"Government of {focus.place.name}" if focus else "Officials"
                    else:
                        by = attackers[0] if attackers else ""
                elif CLAIM_WORDS.search(clause) and re.search(r"\bclaim(?:s|ed)? (?:to have|that|it|they|responsibility)",
                                                              clause):  # fmt: skip
                    status = "claimed"
                    by = attackers[0] if attackers else ""
                if DISPUTE.search(sentence):
                    status = "disputed"
                if sub == "Armed clash" and len(attackers) == 1 and not victims:
                    victims = opposing_same_kind(clause, attackers[0])  # "DLF and KPA forces clashed"
                if sub == "Armed clash" and len(attackers) <= 1 and not victims:
                    # "the X and the Y clashed", "X clashed with the Y": the sides by their names
                    one, other = named_sides(
                        clause, reading.start, reading.start + len(reading.words), {t.name for t in places}
                    )
                    if not attackers and one:
                        attackers = [one]
                    if other and other not in attackers:
                        victims = [other]
                if etype in ("Protests", "Riots") and not victims:
                    # "Residents blocked the road ... The police intervened": the force that met the crowd
                    met = [n for _, n in _actor_mentions(sentence + " " + next_sentence, doc_has_isil)
                           if n.startswith(lx.STATE_FORCES)]  # fmt: skip
                    victims = met[:1]
                lede = _lede(out, lede_end, etype) if place is not None and si <= 6 else None
                if (
                    lede is not None
                    and lede.claim_status == "reported"
                    and _narrows(lede, place, etype, clause_date or sentence_date)
                ):
                    # "rebels were killed in the central Philippines on Monday. Troops clashed with them in a village
                    # in Las Navas town": the town where the event the lede told at country level took place
                    lede.place, lede.geo_precision = place, precision
                    if own_date and _dates_undated(lede, own_date):
                        lede.date_from, lede.date_to, lede.date_note = own_date
                    _count_if_uncounted(lede, exact, low, high)
                    continue
                same = next((e for e in out if e.start < lede_end and e.event_type == etype and place is not None
                             and _same_town(place, e)), None)  # fmt: skip
                if same is not None and own_date and _dates_undated(same, own_date):
                    # "Bandits have abducted 52 people from X, police said on Tuesday. The gunmen stormed the town
                    # late on Sunday": the lede's event, told at its town again with its day
                    same.date_from, same.date_to, same.date_note = own_date
                    _count_if_uncounted(same, exact, low, high)
                    continue
                if sub == "Looting/property destruction" and low:
                    etype, sub = _DEADLY_DESTRUCTION  # "torched the offices, killing three": people died in it
                ev = ExtractedEvent(
                    source_id=source_id, start=ca, end=cb, excerpt=clause.strip(), event_type=etype, sub_event_type=sub,
                    date_from=d_from, date_to=d_to, date_note=note, place=place, geo_precision=precision,
                    fatalities=exact, fatalities_low=low, fatalities_high=high, displaced=displaced,
                    claim_status=status, claimed_by=by, actor1=attackers[0] if attackers else "",
                    actor2=victims[0] if victims else (attackers[1] if len(attackers) > 1 else ""),
                )  # fmt: skip
                if (place is None and sub == "Armed clash" and _fight_of_operation(out, sents, si)
                        and not _HEDGED.search(clause[: reading.start])):  # fmt: skip
                    # "police raided a house in X. A gunfight erupted and a gang member died": the raid became a fight
                    op = out[-1]
                    op.event_type, op.sub_event_type = etype, sub
                    _count_if_uncounted(op, exact, low, high)
                    continue
                if place is None or place.place.precision >= 4:
                    if place is None and focus is not None and _own_day_incident(own_date, etype, sub):
                        # "On 19 February, two women were abducted near V": an incident dated to its own day at a
                        # village the gazetteer lacks is kept, in the report's country, not lost
                        place = focus
                    elif etype == "Strategic developments" or (not exact and displaced is None):
                        # country-level or unplaced and no count (or nobody killed): kept only if the article yields
                        # nothing better, then at the place the report opened with
                        where = lede_place or place or focus or office_place
                        unplaced.append(_with_place(ev, where) if where else ev)
                        continue
                    if place is None and focus is None and office_place is None and lede_place is not None:
                        # "One rebel was killed in the encounter": kept, at the place the report opened with, only if
                        # the article yields nothing placed
                        unplaced.append(_with_place(ev, lede_place))
                        continue
                    place = place or focus or office_place
                    if place is None:
                        unplaced.append(ev)
                        continue
                    ev = _with_place(ev, place)
                    ev.geo_precision = 4 if place.place.precision >= 4 else ev.geo_precision
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
        if sentence_date and _carries(sentence_date):
            # an explicit day carries to the next sentences; "last week", "in May 2021" do not
            last_date = sentence_date
        # a day told with no placed event ("They fought again on Sunday.") dates the sentence after it, which tells it
        lead_place = (
            sentence_place
            if len(out) == told
            and sentence_place is not None
            and sentence_place.place.precision <= 2
            and sentence_date is not None
            and sentence_date[0] == sentence_date[1]
            and not BACKGROUND.search(sentence)
            and not _MAY_HAPPEN.search(sentence)  # "talks starting in Vienna on Monday may ...": yet to come
            else None
        )
        if sentence_date is None and len(out) == told and lead_date is not None and lead_age < LEAD_SENTENCES:
            lead_age += 1  # "On Sunday, it arrived. Armed men walked into the village. They killed three men."
        else:
            lead_date = (
                sentence_date if sentence_date and sentence_date[0] == sentence_date[1] and len(out) == told else None
            )
            lead_age = 1
        towns = [t for t in within(sa, sb) if t.place and t.place.precision == 1]
        if towns:
            last_town = towns[-1]
    carry.last_town, carry.last_date = last_town, last_date
    carry.last_out = out[-1] if out else carry.last_out
    carry.last_unplaced = unplaced[-1] if unplaced else carry.last_unplaced
    if unplaced:  # the best so far, should the whole article give nothing better (finish_events)
        best = min(carry.unplaced + unplaced, key=lambda e: (e.place is None, -_type_weight(e), e.start))
        mine = any(e is best for e in unplaced)  # this piece's text holds its clause
        country = demonym_country(text, best.start, best.end) if best.place is None and mine else None
        carry.unplaced = [_with_place(best, country) if country else best]
    return out


# An incident note opens with its date: "On 8 May 2020, ...", "Around 3 June 2022 (as reported), ...", "On the night
# of 4-5 March 2022, ...", "Property destruction: On ...". A dateline ("KABUL, May 8, 2020 -") is not one.
_NOTE_OPENING = re.compile(
    r"\W{0,3}(?:(?!(?:last )?(?:updated|published|posted|modified|created|dated?|printed)\b)[A-Z][A-Za-z/ -]{0,40}:\s*)?"
    r"(?:(?:on|around|about|between|as reported on|reported on|on or (?:about|around)|overnight(?: on)?|on the night "
    r"of|the night of|in the (?:early |late )?(?:morning|evening|night|afternoon) of|early on|late on|sometime (?:on|"
    r"around))\s+)*(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–|and|to|or)\s*)?$",
    re.I,
)
NOTE_MIN_WORDS = 6  # after its date a note tells something: "3 March 2021" alone is no report
NOTE_MAX_CHARS = 2000  # longer texts are articles, not notes


def _incident_note(
    source_id: str,
    text: str,
    sents: list,
    skipped,
    within,
    published: date | None,
    lede: Toponym | None,
    has_isil: bool,
) -> ExtractedEvent | None:
    """The one event of an incident note, should no event be read in it (no trigger word, or only ones read as
    background): its opening sentence, dated by the note's own date, placed where that sentence (or the note) names a
    place, typed by typeguess (its summary says so). None for a text that does not open with a full date (a page's
    "Updated:" stamp is no opening, nor "since"/"from" a date), is longer than a note, names no place, or says
    little more than its date."""
    first = next(((a, b) for a, b in sents if not skipped(a)), None)
    if first is None or len(text) > NOTE_MAX_CHARS:
        return None
    sa, sb = first
    sentence = text[sa:sb]
    m = next(iter(_explicit_dates(sentence[:120])), None)
    if m is None or not _NOTE_OPENING.fullmatch(sentence[: m[0].start()]):
        return None
    window = resolve_dates(sentence, published)
    if window is None:
        return None
    place = _event_place(text, within(sa, sb), sa, sb) or lede
    if place is None or len(re.findall(r"[A-Za-z]{2,}", sentence[m[0].end() :])) < NOTE_MIN_WORDS:
        return None  # a note with no place, or one that is hardly more than its date
    etype, sub, share = typeguess.guess(text[sa:])
    next_sentence = next((text[a:b] for a, b in sents if a >= sb), "")
    exact, low, high = fatalities_in(sentence)  # a stated zero in the sentence itself is read there
    if exact is None and low is None and lx.ZERO_FATALITIES.search(next_sentence):
        exact = low = high = 0
    actors = [n for _, n in _actor_mentions(sentence, has_isil)]
    return ExtractedEvent(
        source_id=source_id, start=sa, end=sb, excerpt=sentence.strip(), event_type=etype, sub_event_type=sub,
        date_from=window[0], date_to=window[1], date_note=window[2], place=place,
        geo_precision=place.place.precision, fatalities=exact, fatalities_low=low,
        fatalities_high=high, actor1=actors[0] if actors else "", actor2=actors[1] if len(actors) > 1 else "",
        type_guessed=round(share, 2),
    )  # fmt: skip


_UNKNOWN_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*)\s*\($")


def _stand_ins(text: str, toponyms: list[Toponym]) -> list[Toponym]:
    """A district opening a parenthesis after a name the gazetteer lacks ("Sheikh Zuweid (Rafah, North Sinai)") stands
    in for that name: its note says so, and two reports on two such villages are not merged as one place."""
    ends = {t.end for t in toponyms}
    out = []
    for t in toponyms:
        m = _UNKNOWN_BEFORE.search(text, max(0, t.start - 60), t.start)
        if t.place is not None and m and m.end() == t.start and m.end(1) not in ends:
            t = replace(t, note=f"{t.note} standing in for {m.group(1)}".strip())
        out.append(t)
    return out


def _with_roles(ev: ExtractedEvent) -> ExtractedEvent:
    """The event with the actor roles its type fixes (actors.conventional_roles)."""
    actor1, actor2 = conventional_roles(ev.event_type, ev.actor1, ev.actor2, ev.sub_event_type)
    return replace(ev, actor1=actor1, actor2=actor2)


def _type_weight(ev: ExtractedEvent) -> int:
    """Prefer a violent event over a strategic development when an article's only events cannot be placed."""
    return 0 if ev.event_type == "Strategic developments" else 1


# "it was not clear whether fighting broke out", "no clash was reported": a fight not said to have happened
_HEDGED = re.compile(r"\b(?:unclear|not clear|not known|unconfirmed|whether|if|no|without|denied)\b", re.I)


_MONTH_WHEN = re.compile(
    rf"\b(?:in|since|during|until|by)\s+(?:early\s+|late\s+|mid-)?({MONTH_WORD})(?:\s+((?:19|20)\d\d))?,?\s+when\b"
    r"[^.;]*$",
    re.I,
)


def _month_before(month: str, year: str | None, published: date) -> bool:
    """Whether a month named in a clause ("since March, when ...") ended before the publication's month began."""
    found = resolve_dates(f"in {month} {year}" if year else f"in {month}", published)
    return found is not None and found[1] < published.replace(day=1)


def _past_month(window: tuple[date, date, str], published: date) -> bool:
    """Whether a clause's own date is a whole month that ended over a week before publication."""
    d_from, d_to, _ = window
    return (d_to - d_from).days > 8 and d_to < published - timedelta(days=7)


def _narrows(lede: ExtractedEvent, place: Toponym, etype: str, own: tuple | None) -> bool:
    """Whether a clause of the lede's kind, with no date of its own but the lede's, names a town inside the country
    or division the lede was placed at only: it tells where the lede's event happened."""
    if lede.event_type != etype or lede.geo_precision < 3 or lede.place is None or place.place.precision >= 3:
        return False
    if own is not None and (own[0], own[1]) != (lede.date_from, lede.date_to) and not _dates_undated(lede, own):
        return False
    area = lede.place.place
    if place.place.country_code != area.country_code:
        return False
    return lede.geo_precision == 4 or name_key(place.place.admin1 or "") == name_key(area.admin1 or area.name)


def _lede(out: list[ExtractedEvent], end: int, etype: str) -> ExtractedEvent | None:
    """The last event of this kind told before `end` (the lede's sentences) at country or division level. Events are
    read in text order, so only the lede's own are looked at."""
    lede = None
    for e in out:
        if e.start >= end:
            break
        if e.event_type == etype and e.geo_precision >= 3:
            lede = e
    return lede


def _past_or_tally(clause: str, published: date | None) -> bool:
    """Whether a clause is dated back ("last year", "in 2013", a year before the publication's) or tells a running
    total ("since the war began")."""
    return bool(lx.PAST_VAGUE.search(clause) or lx.TALLY.search(clause)) or _past_year(clause, published)


# what is yet to happen: "troops would be deployed", "the army will withdraw", "talks are expected to resume"
_FUTURE = r"(?:will|would|shall|could|might|(?-i:may)|(?:is|are) (?:expected|due|set|going|scheduled|about) to)"
# "would continue with the weekly protests", "will hold a rally": what is to be done, with the deed after its verb
_TO_BE_DONE = (
    r"(?:continue|resume|hold|stage|organi[sz]e|launch|call|go ahead|keep up|join|take part|carry out|mount)\w*\s+"
    r"(?:(?:with|in|for|out)\s+)?(?:(?:the|their|a|an|more|further|new|fresh)\s+)?(?:[\w-]+\s+){0,2}?"
)
_FUTURE_BEFORE = re.compile(rf"\b{_FUTURE}\s+(?:not\s+)?(?:be\s+)?(?:\w+ly\s+)?(?:{_TO_BE_DONE})?$", re.I)
# "efforts by X and Y to revive peace talks": tried, not done
_TRIED_BEFORE = re.compile(
    r"\b(?:efforts?|attempts?|bids?|push|drive)\s+(?:[\w'’-]+\s+){0,8}?to\s+(?:\w+\s+){1,2}$", re.I
)
_FUTURE_AFTER = re.compile(rf"\s+{_FUTURE}\b", re.I)  # "reinforcements will arrive"
# a year named as when something happened or as a period's name: "the 2007-08 post-election violence", "during 2019"
_NAMED_YEAR = re.compile(
    r"\b(?:in|since|of|until|from|during|the|its|their)\s+(?:(?:early|late|mid-?)\s*)?((?:19|20)\d\d)"
    r"(?:\s*[-–/]\s*((?:19|20)?\d\d))?\b(?![,.]?\d)(?!\s+(?:[a-z-]+\s+)?(?:people|persons|civilians|residents|"
    r"families|households|displaced|refugees|troops|soldiers|fighters|militants|men|women|children|protesters|homes|"
    r"houses)\b)",  # "the 2000 people who fled": a count
    re.I,
)


def _past_year(clause: str, published: date | None) -> bool:
    """Whether a clause is dated by a year before the publication's ("the 2007-08 violence, in which more than 1,100
    people were killed", in a report of 2023): background, whatever its verbs say."""
    if published is None:
        return False
    for m in _NAMED_YEAR.finditer(clause):
        first, last = m.group(1), m.group(2)
        year = int(first)
        if last:  # the period's last year: "2007-08", "2014-2017"
            year = int(last) if len(last) == 4 else int(first[:2] + last) + (100 if last < first[2:] else 0)
        if year < published.year:
            return True
    return False


def _dates_undated(lede: ExtractedEvent, own: tuple) -> bool:
    """Whether a clause's own day dates a lede that had none ("Seven soldiers were killed in an ambush, the ministry
    said on Wednesday. The patrol came under fire on Monday near X"): the lede is dated by the publication day only,
    and the clause's day lies in the week before it."""
    if not (lede.date_note.startswith("undated") or is_overnight(lede.date_note)) or lede.date_to is None:
        return False  # ("an overnight raid" told by a report of Monday dates it no closer than the report does)
    return (own[1] - own[0]).days <= 1 and timedelta(0) <= lede.date_to - own[1] <= timedelta(days=7)


_HURT = re.compile(r"(?:injur|wound|hurt)\w*", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our)\b")


def _quoted(text: str, at: int) -> bool:
    """Whether `at` lies inside quotation marks opened in its paragraph (straight or curly)."""
    para = text[text.rfind("\n", 0, at) + 1 : at]
    return para.count('"') % 2 == 1 or para.rfind("\u201c") > para.rfind("\u201d")


# a trigger dated back by the words right after it, before the clause goes on: the background of an aside
_PAST_RIGHT_AFTER = re.compile(
    r"[^,;()]{0,50}?\b(?:earlier this (?:month|week|year)|last (?:month|year)|(?:weeks|months|years) (?:ago|earlier)|in "
    r"(?:19|20)\d\d)\b\s*[,;)]",
    re.I,
)


_PROTESTED_AFTER = re.compile(
    r"(?:'s\s+(?:government|foreign ministry|ministry))?\s+(?:has\s+|had\s+|have\s+)?(?:\w+ly\s+)?$"
)


def _government_protest(clause: str, at: int, places: list[Toponym], ca: int) -> bool:
    """Whether a protest verb has a country or a city standing for its government as its whole subject ("Baghdad has
    protested", "Turkey's foreign ministry formally protested"): a diplomatic complaint."""
    for t in places:
        s, e = t.start - ca, t.end - ca
        if s < 0 or e > at or clause[:s].strip(" \"'“‘("):
            continue
        if _PROTESTED_AFTER.fullmatch(clause[e:at]):
            return t.place is not None and (t.place.precision == 4 or t.place.population >= 100_000)
    return False


def _carries(window: tuple[date, date, str]) -> bool:
    """Whether a sentence's date dates the sentences after it: a day (or a few) named by its month, not a relative
    one ("last week") nor a whole month ("in May 2021")."""
    d_from, d_to, words = window
    return (d_to - d_from).days <= 8 and bool(_MONTH_NAMED.search(words)) and bool(re.search(r"\d", words))


_MONTH_NAMED = re.compile(r"\b" + MONTH_WORD, re.I)


_STATE_DEAD = re.compile(
    r"\b(?:\d+|" + "|".join(w for w in lx.NUMBER_WORDS if " " not in w and len(w) > 2) + r")\s+(?:[\w-]+\s+)?"
    r"(?:soldiers|troops|servicemen|policemen|police officers|officers|gendarmes|personnel)\b",
    re.I,
)
_REBEL_DEAD = re.compile(
    r"\b(?:\d+|" + "|".join(w for w in lx.NUMBER_WORDS if " " not in w and len(w) > 2) + r")\s+(?:[\w-]+\s+)?"
    r"(?:insurgents|militants|jihadists|fighters|attackers|assailants|terrorists|gunmen|rebels|bandits)\b",
    re.I,
)


def _other_side(told: str, clause: str) -> bool:
    """Whether a fight's told dead are of one side only and the clause counts the other's: soldiers, then
    insurgents, or the reverse."""
    sides = (_STATE_DEAD, _REBEL_DEAD)
    told_sides = [bool(p.search(told)) for p in sides]
    new_sides = [bool(p.search(clause)) for p in sides]
    return sum(told_sides) == 1 and sum(new_sides) == 1 and told_sides != new_sides


def _count_if_uncounted(ev: ExtractedEvent, exact: int | None, low: int | None, high: int | None) -> None:
    """Give an event the counts of a clause that completes it, when it has none of its own."""
    if ev.fatalities is None and ev.fatalities_low is None:
        ev.fatalities, ev.fatalities_low, ev.fatalities_high = exact, low, high


def _fight_of_operation(out: list[ExtractedEvent], sents: list[tuple[int, int]], si: int) -> bool:
    """Whether the last event read is an operation or raid told in this sentence or the one before, with nobody yet
    said to have died in it: a fight with no place of its own that follows is what the operation became."""
    if not out:
        return False
    op = out[-1]
    kinds = {("Violence against civilians", "Attack"), ("Strategic developments", "Change to group/activity"),
             ("Strategic developments", "Arrests")}  # fmt: skip
    recent = sents[max(0, si - 1)][0] <= op.start
    return recent and (op.event_type, op.sub_event_type) in kinds and not op.fatalities and not op.fatalities_low


# what an incident dated to its own day may be when its place is unknown: violence, protest, flight, an arrest or a
# base, not a statement, a plan or a change of an armed group's activity
_INCIDENT_SD = ("Arrests", "Headquarters or base established", "Looting/property destruction")


def _own_day_incident(own_date: tuple | None, etype: str, sub: str) -> bool:
    return (
        own_date is not None
        and own_date[0] == own_date[1]
        and (etype != "Strategic developments" or sub in _INCIDENT_SD)
    )


def _same_town(t: Toponym, ev: ExtractedEvent) -> bool:
    """Whether a clause's place is the town the event before it is at (its hospital, its officials)."""
    p, q = t.place, ev.place.place if ev.place is not None else None
    return q is not None and p.precision == 1 and q.precision == 1 and (p.geonameid, p.name) == (q.geonameid, q.name)


def _told_here(
    out: list[ExtractedEvent], t: Toponym, etype: str, text: str, at: int, sub: str = ""
) -> ExtractedEvent | None:
    """The last dated event of the paragraph before `at` of this kind at the town `t` names, if any; or the event
    told last, of the paragraph before, when it is of this kind at that town ("... killed on Tuesday when armed men
    attacked the brigade in Bali.\n\nWitnesses in Bali told ... that about 20 fighters stormed the brigade")."""
    for k, ev in enumerate(reversed(out)):
        breaks = text.count("\n\n", ev.start, at)
        if breaks > 1 or (breaks == 1 and (k > 0 or ev.sub_event_type != sub)):
            return None
        if ev.event_type == etype and ev.date_from is not None and _same_town(t, ev):
            return ev
    return None


def _with_place(ev: ExtractedEvent, t: Toponym | None) -> ExtractedEvent:
    return replace(ev, place=t, geo_precision=t.place.precision if t else 4)


def precision_label(ev: ExtractedEvent) -> str:
    """date_precision of an event's window."""
    return precision_of(ev.date_from, ev.date_to)
