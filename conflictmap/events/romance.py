"""Events in French and Spanish reports: a plainer reader than the English one, sentence by sentence.

A report the ingest pipeline finds to be French or Spanish (reader_common.detect_language) is read here instead
of by extract.events_in. Each sentence with a trigger (lexicon_romance.TRIGGERS) gives one event, of the trigger of
the lowest rank: its date is the sentence's own (a full date, a weekday or "yesterday" before publication), else
the previous event's, else the publication day; its place is the first place the sentence names below a country's
level, else its first place, else the previous event's, else the first place of the report; its toll is the "N dead" the sentence states (0 when it
says nobody died). An attack on soldiers or police (named after the trigger) is a battle; fire on a crowd of protesters is excessive force
against them. Sentences told as plans, threats or background (the third attack this year, a year before the
publication's, months ago, in an earlier month, or in the pluperfect without a day of their own) give no event. Actor names are not read: the roles are the ones the event type fixes.
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
        rf"\b({n})\s+(?:(?!\d)[\w'’-]+\s+){{0,3}}?(?:{lx.DEATH_WORDS[lang]})|(?:{lx.KILLED_BEFORE[lang]})\s+(?:{least})?({n})\b",
        re.I,
    )


_DEATHS = {lang: _deaths_pattern(lang) for lang in ROMANCE_LANGUAGES}
_WEEKDAY = {lang: re.compile(r"\b(?:" + "|".join(lx.WEEKDAYS[lang]) + r")\b") for lang in ROMANCE_LANGUAGES}


def _deaths(sentence: str, lang: str) -> int | None:
    """The toll a sentence states: the largest "N dead", 0 for "nobody died", None when it says nothing."""
    counts = [n for m in _DEATHS[lang].finditer(sentence)
              if (n := _number(m.group(1) or m.group(2), lang)) is not None]  # fmt: skip
    if counts:
        return max(counts)
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
    for m in _WEEKDAY[lang].finditer(lowered):  # the first weekday that is not the day of a statement
        if not lx.SPEECH[lang].search(lowered, max(0, m.start() - 60), m.start()):
            i = lx.WEEKDAYS[lang].index(m.group(0))
            return published - timedelta(days=(published.weekday() - i) % 7)
    if lx.YESTERDAY[lang].search(sentence):
        return published - timedelta(days=1)
    return None


BIG_PLACE = 100_000  # a place this large keeps its name even when that is a common word ("Paris" in French)
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
    m = re.match(
        rf"\s*[A-ZÀ-Ý][\w'’.-]*(?:[ ,]+(?:[A-ZÀ-Ý][\w'’.-]*|\d{{1,4}}(?:er)?|de|(?i:{months})))*(?:\s*\([A-Z]{{2,6}}\))?\s*(?:\.-?|[–—-])(?:\s+|$)",
        sentence,
    )
    return m.end() if m and m.end() < 80 else 0


def _place(sentence_places: list[Toponym]) -> Toponym | None:
    placed = [t for t in sentence_places if t.place is not None and "organisation" not in t.note]
    below = [t for t in placed if t.place.feature != "country"]
    return (below or placed or [None])[0]


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
    for a, b in sentences:
        if skipped(a):
            continue
        if not opened:  # the reporting place is metadata, never an event place
            opened = True
            a += opening_dateline(text[a:b], lang)
        sentence = text[a:b]
        # (rank, type, sub-type, where) of each trigger the sentence states as done
        found = [(rank, etype, sub, m.start()) for pattern, etype, sub, rank in lx.TRIGGERS[lang]
                 if (m := next((m for m in pattern.finditer(sentence)
                                if not lx.NEGATION_BEFORE[lang].search(sentence, max(0, m.start() - 30), m.start())),
                               None))]  # fmt: skip
        day = _date(sentence, lang, published)
        places = [t for t in toponyms if a <= t.start < b]
        place = _place(places)
        if last_place is None:  # the place the report opens with, for its first events that name none
            last_place = place
        if not found and out and out[-1].event_type == "Protests" and lx.INTERVENTION[lang].search(sentence):
            out[-1].sub_event_type = "Protest with intervention"  # "La police les a dispersés": the protest before
        if (
            not found
            or lx.NOT_DONE[lang].search(sentence)
            or lx.BACKGROUND[lang].search(sentence)
            or lx.AGO[lang].search(sentence)
            or (day is None and (lx.PLUPERFECT[lang].search(sentence) or _earlier_month(sentence, lang, published)))
        ):
            continue  # fmt: skip
        if published is not None and any(int(y) < published.year for y in _YEAR.findall(sentence)):
            continue  # "los músicos emboscados en enero de 2020": an earlier year's event, background
        _, etype, sub, at = min(found)
        if lx.FIRED_ON_CROWD[lang].search(sentence):
            etype, sub = "Protests", "Excessive force against protesters"
        elif sub == "Attack" and lx.ARMED_VICTIMS[lang].search(sentence, at):
            etype, sub = "Battles", "Armed clash"  # the ones attacked were armed
        if etype == "Protests" and sub == "Peaceful protest" and lx.INTERVENTION[lang].search(sentence):
            sub = "Protest with intervention"
        when = day or last_date or published
        where = place or last_place
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
