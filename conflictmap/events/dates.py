"""Dates: relative expressions ('on Sunday', 'last week', 'in the past 24 hours') resolved against publication."""

from __future__ import annotations

import re
from datetime import date, timedelta

from conflictmap.events.prefilter import may_match, text_prefixes, word_prefixes

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]  # fmt: skip
# a month as written: its name or its abbreviation ("Aug.", "Sept.", a digest's "30 Nov")
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
          r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.(?=\s)|"
          r"(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b(?!\.))")  # fmt: skip


def month_number(word: str) -> int:
    """1-12 of a month's name or abbreviation."""
    return MONTHS.index(next(m for m in MONTHS if m.startswith(word.lower().rstrip(".")[:3]))) + 1


NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "a": 1, "few": 3, "several": 4}  # fmt: skip

# a full date, or a range of days of one month ("between 3 and 5 December 2023", "the night of 4-5 March 2022")
_DAY_TO = r"(?:(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*)?"
_EXPLICIT = re.compile(
    r"\b"
    + _DAY_TO
    + r"(\d{1,2})\s+("
    + _MONTH
    + r")\s+(\d{4})\b|\b("
    + _MONTH
    + r")\s+"
    + _DAY_TO
    + r"(\d{1,2}),?\s+(\d{4})\b",
    re.IGNORECASE,
)
# the first day of a range over two months, right before the full date that ends it
_FROM_DAY_MONTH = re.compile(
    r"\b(\d{1,2})\s+(" + _MONTH + r")\s*(?:-|–|to|and)\s*$|\b(" + _MONTH + r")\s+(\d{1,2})\s*"
    r"(?:-|–|to|and)\s*$",
    re.IGNORECASE,
)
_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\b(?:in|over|during) the (?:past|last) (\d+|\w+) (hours?|days?|weeks?)\b", re.I), "past_n"),
    (re.compile(r"\b(?:in|over|during) the (?:past|last) (week|month|year)\b", re.I), "past_unit"),
    (re.compile(r"\bin (\w+) days\b", re.I), "past_n_days"),
    (re.compile(r"\blast (week|month)\b", re.I), "last_unit"),
    (re.compile(r"\bthis (week|month)\b", re.I), "this_unit"),
    (re.compile(r"\b(?:over )?the weekend\b", re.I), "weekend"),
    (re.compile(r"\byesterday\b|\blast night\b", re.I), "yesterday"),
    (re.compile(r"\bovernight\b(?! (?:curfews?|stays?|trains?|flights?|shifts?))", re.I), "overnight"),
    (re.compile(r"\btoday\b", re.I), "today"),
    (re.compile(r"\b(?:on |last |late |early )?(" + "|".join(WEEKDAYS) + r")\b", re.I), "weekday"),
    # a day of a month without its year ("On 15 February", "on March 3"): the latest such day by the publication
    (
        re.compile(
            r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?("
            + _MONTH
            + r")\b(?!,?\s*\d{4})|\b("
            + _MONTH
            + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4}|\d|:)",
            re.I,
        ),
        "day_month",
    ),
    # a month of a year ("in March 2021"): that month, at month precision
    (re.compile(r"\b(" + _MONTH + r")\s+(?:of\s+)?(\d{4})\b", re.I), "month_year"),
    # a month named alone ("In January, a bomber killed ..."): the latest such month by the publication, a window
    (
        re.compile(
            r"\b(?:in|during|by)\s+(?:early\s+|late\s+|mid-?)?((?-i:January|February|March|"
            r"April|May|June|July|August|September|October|November|December))\b"
            r"(?!\s+\d|,?\s*\d{4}\b|[\s,]*(?:last|this|next)\b)",  # not "May 5", "May, 2020"; "In May, 89 died" is
            re.I,
        ),
        "month_alone",
    ),
]


# "between 3 and", "3-", "3 to": the first day of a range whose last day follows ("9 and 12 June" are two days)
_FIRST_DAY = re.compile(
    r"(?:\bbetween\s+(\d{1,2})(?:st|nd|rd|th)?\s+and|\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to))\s*$", re.I
)


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def precision_of(date_from: date | None, date_to: date | None) -> str:
    """day for one day, week for up to eight days, else month; unknown for an undated event."""
    if date_from is None or date_to is None:
        return "unknown"
    span = (date_to - date_from).days
    return "day" if span == 0 else "week" if span <= 8 else "month"


def _month_window(first: date, published: date) -> tuple[date, date]:
    """The month that opens on `first`, up to the publication day at most."""
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, min(last, published)


def resolve_expression(kind: str, m: re.Match, published: date) -> tuple[date, date] | None:
    """The (from, to) window of one matched expression, relative to the publication date."""
    if kind == "past_n":
        n = _number(m.group(1))
        if n is None:
            return None
        unit = m.group(2).lower().rstrip("s")
        days = {"hour": max(1, round(n / 24)), "day": n, "week": 7 * n}[unit]
        return published - timedelta(days=days), published
    if kind == "past_unit":
        return published - timedelta(days={"week": 7, "month": 30, "year": 365}[m.group(1).lower()]), published
    if kind == "past_n_days":
        n = _number(m.group(1))
        return (published - timedelta(days=n), published) if n else None
    if kind == "last_unit":
        if m.group(1).lower() == "week":
            monday = published - timedelta(days=published.weekday() + 7)
            return monday, monday + timedelta(days=6)
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), first
    if kind == "this_unit":
        if m.group(1).lower() == "week":
            return published - timedelta(days=published.weekday()), published
        return published.replace(day=1), published
    if kind == "weekend":
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        return saturday, min(published, saturday + timedelta(days=1))
    if kind == "yesterday":
        return published - timedelta(days=1), published - timedelta(days=1)
    if kind == "today":
        return published, published
    if kind == "overnight":  # the night before the publication: either of its days
        return published - timedelta(days=1), published
    if kind == "day_month":
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        try:
            d = date(published.year, month_number(month), int(day))
            if d > published + timedelta(days=2):  # "on 28 December" in a paper of 3 January: last year's
                d = date(published.year - 1, d.month, d.day)
        except ValueError:
            return None
        # the last day of a range of days of one month ("between 9 and 12 June", "9-12 June"): from its first day
        first = _FIRST_DAY.search(m.string, max(0, m.start() - 16), m.start()) if m.group(1) else None
        if first and 1 <= int(f := first.group(1) or first.group(2)) < d.day:
            return d.replace(day=int(f)), d
        return d, d
    if kind == "month_year":
        if not 1 <= int(m.group(2)) <= 9998:
            return None
        first = date(int(m.group(2)), month_number(m.group(1)), 1)
        return None if first > published else _month_window(first, published)
    if kind == "month_alone":
        month = month_number(m.group(1))
        year = published.year if month <= published.month else published.year - 1
        if not 1 <= year <= 9998:
            return None
        return _month_window(date(year, month, 1), published)
    if kind == "weekday":
        target = WEEKDAYS.index(m.group(1).lower())
        day = published - timedelta(days=(published.weekday() - target) % 7)
        return day, day
    return None


_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
# a full date that dates what someone said, not the event: "police said on Wednesday, April 12, 2023", "the army
# said in a statement on July 5, 2023", "told local radio on Thursday (October 20, 2022)"
_SPEECH = "said|says|told|announced|reported|confirmed|stated|added|claimed"
_STATEMENT_BEFORE = re.compile(
    r"\b(?:" + _SPEECH + r"|told\b[^.;]{0,40}?|statement)\s+"
    r"(?:in a statement\s+)?(?:on\s+)?(?:" + _WEEKDAY + r"\s*,?\s*)?\(?\s*$",
    re.I,
)
# a dateline: "RAIPUR, November 11, 2019:", "POPAYAN, Colombia, May 18, 2022 (AFP) -", "MAPUTO, 13 August 2020 -"
_DATELINE_BEFORE = re.compile(
    r"^\s*[^\W\d_](?:[^\W\d_]|[ .'’-])+,(?:\s*[^\W\d_][\w .'’-]+,)?\s*\(?\s*(?:" + _WEEKDAY + r",?\s*)?$", re.I
)
_SAID_WEEKDAY = re.compile(
    r"\b(?:" + _SPEECH + r")\s+(?:on\s+|late\s+|early\s+|in a statement\s+"
    r"(?:on\s+)?)?$"
    # "In a statement on Wednesday, the army said ...": the day of the statement, told before the speech verb
    r"|\b(?:in|at) an? (?:statement|press release|communiqu[eé]|press conference|briefing|video)\s+(?:issued\s+|"
    r"released\s+|published\s+)?(?:on\s+|late\s+|early\s+)?$",
    re.I,
)


def _is_dateline(text: str, at: int) -> bool:
    """Whether a date at `at` is in a dateline opening the text: a place in capitals before it ("RAIPUR, November
    11, 2019:"), not "In Kano, 5 March 2023"."""
    head = text[:at]
    return at < 80 and bool(_DATELINE_BEFORE.match(head)) and head.split(",")[0].split("(")[0].strip().isupper()


def _explicit_dates(text: str) -> list[tuple[re.Match, date, bool, date]]:
    """Every full date of the text (m, day, said, first day): whether it dates a statement or the report (a dateline)
    rather than an event, and for a range of days its first day (else the day itself)."""
    out = []
    if not _DIGIT.search(text):
        return out  # a full date has its year in digits
    for m in _EXPLICIT.finditer(text):
        first, day, month, year = (
            m.group(1, 2, 3, 4) if m.group(2) else (m.group(6), m.group(7), m.group(5), m.group(8))
        )
        try:
            d = date(int(year), month_number(month), int(day))
            start = d.replace(day=int(first)) if first and int(first) < d.day else d
            # a range over two months: "28 February - 2 March 2021", "February 28 - March 2, 2021"
            cross = _FROM_DAY_MONTH.search(text, max(0, m.start() - 25), m.start()) if not first else None
            if cross:
                f_day, f_month = (
                    (cross.group(1), cross.group(2)) if cross.group(1) else (cross.group(4), cross.group(3))
                )
                f = date(d.year, month_number(f_month), int(f_day))
                start = f if f.month < d.month and (d - f).days <= 31 else start
        except ValueError:
            continue
        before = text[max(0, m.start() - 70) : m.start()]
        said = bool(_STATEMENT_BEFORE.search(before)) or _is_dateline(text, m.start())
        out.append((m, d, said, start))
    return out


_RULE_PREFIXES = [word_prefixes(pattern) for pattern, _ in _RULES]
_DIGIT = re.compile(r"\d")
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|until|till|before|no later than|starting|effective|deadline of|since|as of)\s+(?:the\s+)?$", re.I
)


def is_overnight(words: str) -> bool:
    """Whether a date's words are "overnight": the two days around a night, weaker than any other date a clause
    names, and no day of its own for an event a report tells again."""
    return words.lower() == "overnight"


def resolve_dates(text: str, published: date | None) -> tuple[date, date, str] | None:
    """The first date expression in a clause as (from, to, the words), or None when it names no date.

    A weekday right after a speech verb ('said Sunday') dates the statement, not the event, and is skipped. A full
    date of a statement or a dateline ("police said on Wednesday, April 12, 2023") is no event date either: the
    clause's relative words ("on Tuesday") are read against it, and without any the event is that day or the one
    before. Without a publication date only full dates ('15 June 2014') can be resolved.
    """
    # a deadline is no event date ("dissolving all institutions by 1 January 2024")
    explicit = _explicit_dates(text)
    dates = [x for x in explicit if not _DEADLINE_BEFORE.search(text[max(0, x[0].start() - 25) : x[0].start()])]
    event_dates = [(m, d, start) for m, d, said, start in dates if not said]
    if event_dates:
        m, d, start = event_dates[0]
        return start, d, m.group(0)
    anchors = [(m, d) for m, d, said, _ in dates if said]
    if anchors:
        published = anchors[0][1]
    if published is None:
        return None
    found = []
    full = [x[0] for x in explicit]  # every full date, deadlines too: a day-month read inside one is none
    words = text_prefixes(text)
    for (pattern, kind), prefixes in zip(_RULES, _RULE_PREFIXES, strict=True):
        if not may_match(prefixes, words):
            continue
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 40) : m.start()]
            if kind == "weekday" and (_SAID_WEEKDAY.search(before) or _is_dateline(text, m.start())):
                continue
            if kind == "month_alone" and re.search(r"\bsince\b", text[max(0, m.start() - 60) : m.start()], re.I):
                continue  # "the latest since the army seized power in January": the month of what came before
            if kind in ("day_month", "month_year", "month_alone") and (
                _DEADLINE_BEFORE.search(before[-25:])
                or _is_dateline(text, m.start())
                or any(x.start() < m.end() and m.start() < x.end() for x in full)
            ):
                continue  # "until 3 March", "since June 2021", a dateline's date, part of a full date: no event date
            window = resolve_expression(kind, m, published)
            if window:
                found.append((m.start(), window, m.group(0)))
    if not found:
        if anchors:  # "X happened, police said on April 12, 2023": that day or the day before
            m, d = anchors[0]
            return d - timedelta(days=1), d, m.group(0)
        return None
    # "overnight" dates a clause only when nothing else does ("in overnight raids on Monday": Monday)
    _, (a, b), words = min(found, key=lambda f: (is_overnight(f[2]), f[0]))
    return a, b, words
