"""Events in French and Spanish reports: a plainer reader than the English one, sentence by sentence.

A report the ingest pipeline finds to be French or Spanish (reader_common.detect_language) is read here instead
of by extract.events_in. Each sentence with a trigger (lexicon_romance.TRIGGERS) gives one event, of the trigger of
the lowest rank. Its date is the sentence's own (a full date, a weekday or "yesterday" before publication), else
the last one a sentence of its paragraph stated, else the previous event's, else the publication day. Its place is
the most precise place the sentence names (the first of them; not a destination or an origin), else likewise the
paragraph's, the previous event's, the report's first. Its toll is the "N dead" the sentence states (0 when it
says nobody died), or the next sentence's when that tells no event of its own.

An attack on soldiers or police (named after the trigger) is a battle; fire on a crowd of protesters is excessive
force against them. A trigger noun after a determiner ("l'attaque", "los manifestantes"), or "los hechos",
"l'incident", in a sentence without a day of its own names the event before again: its toll completes that event.
Sentences told as plans, threats or background (the third attack this year, a year before the publication's,
months ago, in an earlier month, or in the pluperfect without a day of their own) give no event. Actor names are
not read: the roles are the ones the event type fixes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from conflictmap.events import lexicon_romance as lx
from conflictmap.events.record import ExtractedEvent
from conflictmap.geo.wordlists import romance_common_words
from conflictmap.model import Toponym

ROMANCE_LANGUAGES = ("fr", "es")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _number(word: str, lang: str) -> int | None:
    return int(word) if word.isdigit() else lx.NUMBER_WORDS[lang].get(word.lower())


def _deaths_pattern(lang: str) -> re.Pattern:
    """ "N ... dead" (up to three words between), or "killing (at least) N" """
    n = r"\d{1,4}|" + "|".join(sorted(lx.NUMBER_WORDS[lang], key=len, reverse=True))
    least = r"(?:au moins|plus de|al menos|por lo menos|más de)\s+"
    return re.compile(
        rf"\b({n})\s+(?:(?!\d)[\w'’-]+,?\s+){{0,5}}?(?:{lx.DEATH_WORDS[lang]})|(?:{lx.KILLED_BEFORE[lang]})\s+(?:{least})?({n})\b",
        re.I,
    )


_DEATHS = {lang: _deaths_pattern(lang) for lang in ROMANCE_LANGUAGES}
_NIGHT = {lang: re.compile(r"\b(?:nuit|noche) (?:de|del) (?:" + "|".join(lx.WEEKDAYS[lang]) + r") (?:à|au|al) ("
                           + "|".join(lx.WEEKDAYS[lang]) + r")\b") for lang in ROMANCE_LANGUAGES}  # fmt: skip
_WEEKDAY = {lang: re.compile(r"\b(?:" + "|".join(lx.WEEKDAYS[lang]) + r")\b") for lang in ROMANCE_LANGUAGES}


def _without_asides(sentence: str, lang: str) -> str:
    """The sentence less its asides on some of a count ("Sept civils, dont un chef de quartier, ont été abattus")."""
    return re.sub(r",\s*(?:" + lx.PART_OF[lang].pattern + r")[^,]*,", ",", sentence, flags=re.I)


def _deaths(sentence: str, lang: str) -> int | None:
    """The toll a sentence states: its counts of dead added up (a count of some of them, "dont deux enfants", is
    not), 0 for "nobody died", None when it says nothing."""
    total, last_end = None, 0
    sentence = _without_asides(sentence, lang)
    for m in _DEATHS[lang].finditer(sentence):
        n = _number(m.group(1) or m.group(2), lang)
        if n is None:
            continue
        if total is not None and lx.PART_OF[lang].search(sentence, last_end, m.start()):
            total = max(total, n)  # "cinq morts, dont deux enfants": part of the count before
        else:
            total = n + (total or 0)  # "six soldats tués et quatorze assaillants neutralisés": both
        last_end = m.end()
    if total is not None:
        return total
    return 0 if lx.NO_DEATHS[lang].search(sentence) else None


def _earlier_month(sentence: str, lang: str, published: date | None) -> bool:
    """Whether the sentence names a month without a day, and not the publication's month or the one before it
    ("en janvier", "en marzo pasado"): what it tells happened then, background to news of the last days."""
    if published is None:
        return False
    months = "|".join(lx.MONTHS[lang])
    for m in re.finditer(rf"(?<!\d )(?<!\d\d )(?<!de )\b({months})\b", sentence, re.I):
        if re.match(r"\s+(?:de\s+)?\d", sentence[m.end() :]) and re.search(r"\d\s*(?:de\s*)?$", sentence[: m.start()]):
            continue  # a full date
        month = lx.MONTHS[lang].index(m.group(1).lower()) + 1
        if month not in (published.month, (published.month - 2) % 12 + 1):
            return True
    return False


def _date(sentence: str, lang: str, published: date | None) -> date | None:
    """The day a sentence names: "18 mai 2023", "3 de mayo", a weekday or yesterday before `published`."""
    months = "|".join(lx.MONTHS[lang])
    m = re.search(rf"\b(\d{{1,2}})(?:er)?\s+(?:de\s+)?({months})(?:\s+(?:de\s+)?((?:19|20)\d\d))?", sentence, re.I)
    if m:
        year = int(m.group(3)) if m.group(3) else (published.year if published else None)
        if year is not None:
            try:
                day = date(year, lx.MONTHS[lang].index(m.group(2).lower()) + 1, int(m.group(1)))
            except ValueError:
                day = None
            if day is not None and published is not None and not m.group(3) and day > published:
                day = day.replace(year=year - 1)  # "3 de diciembre" read in January: last year's
            if day is not None:
                return day
    if published is None:
        return None
    lowered = sentence.lower()
    night = _NIGHT[lang].search(lowered)  # "dans la nuit de samedi à dimanche": after midnight, Sunday
    if night:
        return published - timedelta(days=(published.weekday() - lx.WEEKDAYS[lang].index(night.group(1))) % 7)
    for m in _WEEKDAY[lang].finditer(lowered):  # the first weekday that is not the day of a statement
        if not lx.SPEECH[lang].search(lowered, max(0, m.start() - 60), m.start()):
            i = lx.WEEKDAYS[lang].index(m.group(0))
            return published - timedelta(days=(published.weekday() - i) % 7)
    if lx.YESTERDAY[lang].search(sentence):
        return published - timedelta(days=1)
    return None


KILLED_ONLY = 7  # the rank of the triggers that only say people were killed ("ont été tués")
BIG_PLACE = 1_000_000  # a city this large keeps its name even when that is a common word ("Paris" in French)
COMMON_ZIPF = 4.5  # a one-word name this frequent as a word of the report's language is that word ("Les", "Sud")


def romance_places(toponyms: list[Toponym], lang: str) -> list[Toponym]:
    """The toponyms less the one-word names that are common words of the report's language (the geoparser reads
    English): "Les" read as a town in Spain, "Sud" as a department of Haiti. Countries and big places stay."""
    common = romance_common_words(lang)
    return [t for t in toponyms if " " in t.name.strip() or t.place is None or t.place.feature == "country"
            or t.place.population >= BIG_PLACE or common.get(t.name.lower(), 0.0) < COMMON_ZIPF]  # fmt: skip


def opening_dateline(sentence: str, lang: str) -> int:
    """The length of the reporting place and date opening a report's first sentence ("N'Djamena, 18 mai 2023 –",
    "GUAYAQUIL."), 0 when there is none."""
    months = "|".join(lx.MONTHS[lang])
    abbreviations = "|".join(dict.fromkeys(m[:3] for m in lx.MONTHS[lang]))
    m = re.match(
        rf"\s*[A-ZÀ-Ý][\w'’.-]*(?:[ ,]+(?:[A-ZÀ-Ý][\w'’.-]*|\([A-ZÀ-Ý][\w'’. -]*\)|\d{{1,4}}(?:er)?|de|(?i:{months})|"
        rf"(?i:{abbreviations})\.?))*(?:\s*\([A-Z][\w. ]*\))?\s*(?:\.?\s*[–—-]|\.)(?:\s+|$)",
        sentence,
    )
    return m.end() if m and m.end() < 80 else 0


def _place(sentence: str, offset: int, sentence_places: list[Toponym], lang: str) -> Toponym | None:
    """The sentence's most precise place, the first of them (a town before the region named after it), less the
    places named as a destination or an origin ("la route menant à X")."""
    placed = [t for t in sentence_places if t.place is not None and "organisation" not in t.note
              and not lx.NOT_HERE_BEFORE[lang].search(sentence, max(0, t.start - offset - 30), t.start - offset)]  # fmt: skip
    return min(placed, key=lambda t: (t.place.precision, t.start), default=None)


_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


def _triggers(sentence: str, lang: str) -> list[tuple[int, str, str, int, bool]]:
    """(rank, type, sub-type, where, named again) of each trigger the sentence states as done: not negated, not
    what someone is accused of; "named again" when every such match is a noun after a determiner ("l'attaque")."""
    accused = lx.ACCUSED_OF[lang].search(sentence)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(sentence)]  # what someone says, not the news
    found = []
    for pattern, etype, sub, rank in lx.TRIGGERS[lang]:
        matches = [m for m in pattern.finditer(sentence)
                   if not lx.NEGATION_BEFORE[lang].search(sentence, max(0, m.start() - 30), m.start())
                   and not (accused and m.start() >= accused.end())
                   and not any(q0 <= m.start() < q1 for q0, q1 in quoted)]  # fmt: skip
        if matches:
            again = all(lx.DEFINITE_BEFORE[lang].search(sentence, max(0, m.start() - 12), m.start()) for m in matches)
            found.append((rank, etype, sub, matches[0].start(), again))
    return found


# a sentence end the shared splitter leaves inside: a French closing quote before the stop, a capital with an
# accent after it ("combattantes ». À Ouagadougou")
_MORE_ENDS = re.compile(r"[.!?]\s*»?\s+(?=[«\"“]?\s*[A-ZÀ-Ý])|»\s*\.\s+")


def _split_more(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for a, b in sentences:
        start = a
        for m in _MORE_ENDS.finditer(text, a, b):
            if m.end() < b and text[start : m.start()].strip():
                out.append((start, m.end()))
                start = m.end()
        out.append((start, b))
    return out


def romance_events(
    source_id: str,
    text: str,
    toponyms: list[Toponym],
    published: date | None,
    sentences: list[tuple[int, int]],
    skipped,
    lang: str,
) -> list[ExtractedEvent]:
    """The events of a French or Spanish report's sentences (see the module); `toponyms` are its places in text
    order with the dateline's left out, `skipped(offset)` tells a headline or summary apart."""
    out: list[ExtractedEvent] = []
    last_date: date | None = None
    last_place: Toponym | None = None
    opened = False
    # an event placed nowhere else is at the report's first place (the headline's, the reporting place left out)
    last_place = next((t for t in toponyms if t.place is not None and t.place.precision <= 3), None)
    para_date: date | None = None  # the last day and place a sentence of the paragraph stated
    para_place: Toponym | None = None
    prev_end = 0
    for a, b in _split_more(text, sentences):
        if skipped(a):
            continue
        if "\n\n" in text[prev_end:a] or "\n \n" in text[prev_end:a]:
            para_date = para_place = None  # a new paragraph
        prev_end = b
        if not opened:  # the reporting place is metadata, never an event place
            opened = True
            a += opening_dateline(text[a:b], lang)
        sentence = text[a:b]
        found = _triggers(sentence, lang)
        day = _date(sentence, lang, published)
        places = [t for t in toponyms if a <= t.start < b]
        place = _place(sentence, a, places, lang)
        background = (
            lx.NOT_DONE[lang].search(sentence)
            or lx.BACKGROUND[lang].search(sentence)
            or lx.AGO[lang].search(sentence)
            or (day is None and (lx.PLUPERFECT[lang].search(sentence) or _earlier_month(sentence, lang, published)))
            or (published is not None and any(int(y) < published.year for y in _YEAR.findall(sentence)))
        )
        if not found and out and not background and day in (None, out[-1].date_to):
            if out[-1].event_type == "Protests" and lx.INTERVENTION[lang].search(sentence):
                out[-1].sub_event_type = "Protest with intervention"  # "La police les a dispersés": the protest before
            if out[-1].fatalities is None and (deaths := _deaths(sentence, lang)) is not None:
                # "Au moins cinq militaires ont été tués, selon un officier": the toll of the event before
                out[-1].fatalities = out[-1].fatalities_low = out[-1].fatalities_high = deaths
        if not background:
            para_date, para_place = day or para_date, place or para_place
        if not found or background:
            continue  # "los músicos emboscados en enero de 2020": an earlier year's event, background
        rank, etype, sub, at, again = min(found)
        if sub == "Abduction/forced disappearance" and any(f[2] == "Attack" for f in found) and _deaths(sentence, lang):
            sub = "Attack"  # people killed and others taken away: an attack
        if sub == "Arrests" and out and out[-1].event_type in ("Protests", "Riots") and day in (None, last_date):
            # "Tres personas fueron detenidas": arrests at a protest or riot are how it was met, not another event
            if out[-1].event_type == "Protests" and out[-1].sub_event_type == "Peaceful protest":
                out[-1].sub_event_type = "Protest with intervention"
            continue
        if rank == KILLED_ONLY and place is None and out and out[-1].fatalities is None and day in (None, last_date):
            again = True  # "Deux bandits ont été tués, selon la police": the toll of the event before
        again = again or bool(lx.TOLD_BEFORE[lang].search(sentence))
        if again and day in (None, out[-1].date_to if out else None) and out:
            # "Les combats ont fait 20 morts": the event told before, named again with what it adds
            last = out[-1]
            if last.fatalities is None:
                last.fatalities = last.fatalities_low = last.fatalities_high = _deaths(sentence, lang)
            if last.event_type == "Protests" and lx.INTERVENTION[lang].search(sentence):
                last.sub_event_type = "Protest with intervention"
            continue
        if lx.FIRED_ON_CROWD[lang].search(sentence):
            etype, sub = "Protests", "Excessive force against protesters"
        elif sub == "Attack" and lx.ARMED_VICTIMS[lang].search(sentence, at):
            etype, sub = "Battles", "Armed clash"  # the ones attacked were armed
        if etype == "Protests" and sub == "Peaceful protest" and lx.INTERVENTION[lang].search(sentence):
            sub = "Protest with intervention"
        when = day or para_date or last_date or published
        where = place or para_place or last_place
        last_date, last_place = when, where  # an event without a day or place of its own is the last one's
        deaths = _deaths(sentence, lang)
        out.append(
            ExtractedEvent(
                source_id=source_id, start=a, end=b, excerpt=sentence.strip(), event_type=etype,
                sub_event_type=sub, date_from=when, date_to=when,
                date_note=f"read in {'French' if lang == 'fr' else 'Spanish'}",
                place=where, geo_precision=where.place.precision if where is not None else 0,
                fatalities=deaths, fatalities_low=deaths, fatalities_high=deaths,
            )
        )  # fmt: skip
    return out
