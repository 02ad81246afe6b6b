"""Who acted: actor classes named in a clause (lexicon.ACTOR_CLASSES) and nationalities ("Iraqi forces")."""

from __future__ import annotations

import re
from functools import lru_cache

from conflictmap.events import lexicon as lx
from conflictmap.events.dates import MONTHS, WEEKDAYS
from conflictmap.geo.names import name_key
from conflictmap.model import GEODATA_DIR, Toponym

ACTORS = lx.ACTOR_CLASSES


def actors_in(clause: str, doc_has_isil: bool) -> list[str]:
    """Normalised actors in order of appearance (militants are ISIL when the article names ISIL)."""
    return [name for _, name in _actor_mentions(clause, doc_has_isil)]


# "Al Mahdi Brigade looted a market", "suspected KRF members raided": a name that is the subject of the trigger; "a bomb planted
# by the Red Hand": a name after "by". Read only when the clause names no kind of actor.
_NAME = r"((?:[A-Z][\w'’-]+\s+){0,3}[A-Z][\w'’-]+)"
_NAMED_SUBJECT = re.compile(
    r"(?:^\s*|[,;]\s+|\b(?:suspected|alleged)\s+)(?:the\s+)?"
    + _NAME
    + r"\s+(?:(?:members|militants|fighters|elements|militiamen)\s+)?(?:(?:reportedly|allegedly|\w+ly)\s+)?$"
)
# the other side of a clash, by name: "the X and the Y clashed", "X clashed with the Y"
_NAMED_PAIR = re.compile(
    r"(?:^\s*|[,;]\s+)(?:the\s+)?" + _NAME + r"\s+and\s+(?:the\s+)?" + _NAME + r"\s+(?:\w+ly\s+)?$"
)
_NAMED_PARTNER = re.compile(r"\s*(?:\w+\s+)?(?:with|against)\s+(?:the\s+)?" + _NAME)
_NAMED_AGENT = re.compile(r"\bby\s+(?:the\s+)?(?:suspected\s+)?" + _NAME)
_CALENDAR = re.compile(r"\b(?:" + "|".join(w.capitalize() for w in MONTHS + WEEKDAYS) + r")\b")

_PLACE_WORD = re.compile(
    r"\b(?:Village|Town|City|District|Province|Camp|Market|Road|Street|Area|Region|County|"
    r"State|Neighbou?rhood|Governorate|Municipality)$"
)
_NOT_NAMES = re.compile(
    r"^(?:The|A|An|On|In|At|Around|Between|After|Before|It|They|He|She|We|Some|Several|Two|Three)\b"
)


def named_actor(clause: str, trigger: int, places: set[str]) -> str:
    """The name that did what the trigger at `trigger` reports, when the clause names no kind of actor: its
    subject right before the trigger, or the agent after 'by' just after it; never a place or a date."""
    found = [m.group(1) for m in (_NAMED_SUBJECT.search(clause[:trigger]),
                                  _NAMED_AGENT.search(clause, trigger, trigger + 60)) if m]  # fmt: skip
    return next((name for name in found if _a_name(name, places)), "")


def named_sides(clause: str, trigger: int, trigger_end: int, places: set[str]) -> tuple[str, str]:
    """The two sides of a clash named by name: both of "the X and the Y clashed", or only the other side of "X
    clashed with the Y" (the first is named_actor's); either empty."""
    pair = _NAMED_PAIR.search(clause[:trigger])
    partner = None if pair else _NAMED_PARTNER.match(clause, trigger_end)
    names = [pair.group(1), pair.group(2)] if pair else ["", partner.group(1) if partner else ""]
    one, other = (n if n and _a_name(n, places) else "" for n in names)
    return one, other


def _a_name(name: str, places: set[str]) -> bool:
    return (
        name not in places
        and not _NOT_NAMES.match(name)
        and not _CALENDAR.search(name)
        and not _PLACE_WORD.search(name)
    )


_NATIONALITY = re.compile(r"\b([A-Z][a-z]+(?:ian|ish|ese|i|an|ic|ch))\s+(?:\w+\s+)?$")


def _actor_mentions(clause: str, doc_has_isil: bool) -> list[tuple[int, str]]:
    found: list[tuple[int, int, str]] = []
    for pattern, name in ACTORS:
        for m in pattern.finditer(clause):
            if any(a <= m.start() < b for a, b, _ in found):
                continue
            label = "ISIL" if name == "Militants" and doc_has_isil else name
            if name in lx.STATE_FORCES:
                nat = _NATIONALITY.search(clause[max(0, m.start() - 30) : m.start()])
                country = _demonym_country(nat.group(1)) if nat else None
                if country:
                    label = f"{name} of {country}"
            found.append((m.start(), m.end(), label))
    out: list[tuple[int, str]] = []
    for start, _, label in sorted(found):
        if label not in [x for _, x in out]:
            out.append((start, label))
    return out


@lru_cache(maxsize=1)
def _demonym_ids() -> dict[str, int]:
    """'turkish' -> Turkey's place id, from the gazetteer's adjectival table (countries only)."""
    from conflictmap.geo.gazetteer import default_gazetteer

    path = GEODATA_DIR / "adjectival.tsv"
    if not path.exists():
        return {}
    gaz = default_gazetteer()
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        key, _, pid = line.split("\t")
        try:
            place = gaz.place(int(pid))
        except (ValueError, IndexError):
            continue
        if place.feature_class == "A" and place.precision == 4:
            out[key] = int(pid)
    return out


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """'turkish' -> 'Turkey'."""
    from conflictmap.geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    return {key: gaz.place(pid).name for key, pid in _demonym_ids().items()}


_DEMONYM_WORD = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b(?!-led\b)")


def demonym_country(text: str, start: int, end: int) -> Toponym | None:
    """The country of the first nationality word in text[start:end] ("Mauritanian police"), as a country-level
    toponym over that word: where an event names no place, the country its state forces or people belong to. Not
    "a Turkish-led coalition", which fights abroad."""
    from conflictmap.geo.gazetteer import default_gazetteer

    ids = _demonym_ids()
    for m in _DEMONYM_WORD.finditer(text, start, end):
        for word in (m.group(1), m.group(1).split()[0]):
            pid = ids.get(name_key(word))
            if pid is not None:
                place = default_gazetteer().place(pid, score=0.5)
                s = m.start(1)
                return Toponym(s, s + len(word), word, place, 0.5, f"the country of '{word}': no place is named")
    return None


def _demonym_country(word: str) -> str | None:
    return _demonyms().get(word.lower())


_TWO_SIDES = re.compile(r"\b(?:and|with|between|against|on|rival|each other|one another)\b")


def opposing_same_kind(clause: str, actor: str) -> list[str]:
    """A battle whose two sides are of one kind ("DLF and KPA forces clashed", "militants fought rival militants"): the
    kind is both actors when the clause names it twice, or names two groups of it, with a word that opposes them."""
    pattern = next((p for p, name in ACTORS if actor == name or actor.startswith(name + " of ")), None)
    if pattern is None:
        return []
    hits = list(pattern.finditer(clause))
    two = len(hits) >= 2 or bool(re.search(r"\b[A-Z]{2,6} and [A-Z]{2,6}\b", clause))
    return [actor] if two and _TWO_SIDES.search(clause) else []


def conventional_roles(event_type: str, actor1: str, actor2: str, sub_event_type: str = "") -> tuple[str, str]:
    """Actor1 and actor2 as ACLED's codebook fixes them by type, when the text's own actors say less: a protest's
    actor1 is the protesters and a riot's the rioters (a state force named there is the one that met them, actor2);
    the people hit by violence against civilians are civilians, and the attacker, when the text names none (or
    named only the victims first), an unidentified armed group; armed men's looting takes from civilians; people
    arrested by an unnamed hand were arrested by the police."""
    state = actor1.startswith(lx.STATE_FORCES)
    if sub_event_type == "Looting/property destruction" and actor1 not in ("", "Civilians") and not actor2:
        return actor1, "Civilians"
    if sub_event_type == "Arrests" and actor1 in ("", "Civilians"):
        return "Police forces", actor2 or "Civilians"
    if event_type == "Protests" and actor1 != "Protesters":
        return "Protesters", actor2 or (actor1 if state else "")
    if event_type == "Riots" and actor1 != "Rioters":
        return "Rioters", actor2 or (actor1 if state else "")
    if event_type == "Violence against civilians":
        attacker = "" if actor1 == "Civilians" else actor1
        return attacker or "Unidentified armed group", "Civilians"
    return actor1, actor2
