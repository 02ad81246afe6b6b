"""What every reader shares: the publication date and where it came from, the language, the dateline's place.

The readers (conflictmap.ingest.readers and reader_web, reader_feed, reader_pdf) call `finish` on every Article.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from conflictmap.ingest.text import dateline
from conflictmap.model import Article

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]  # fmt: skip
_DATE_LINE = re.compile(
    r"^\s*(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\s*$",
    re.MULTILINE,
)
_DATELINE_DATE = re.compile(
    r"(?P<m1>[A-Z][a-z]{2,8})\.?\s+(?P<d1>\d{1,2}),\s+(?P<y1>\d{4})|(?P<d2>\d{1,2})\s+(?P<m2>[A-Z][a-z]{2,8})\.?\s+(?P<y2>\d{4})"
)
MIN_LANGUAGE_WORDS = 20  # below this the language detector guesses; the declared language stands
MIN_LANGUAGE_PROB = 0.9


def iso_day(value: str) -> str:
    """YYYY-MM-DD of an ISO date or date-time, or ValueError."""
    return date.fromisoformat(str(value).strip()[:10]).isoformat()


def text_dateline_date(text: str) -> tuple[str, str]:
    """A date written on a line of its own ('17 June 2014') or in a wire dateline with a year, in the story's start."""
    m = _DATE_LINE.search(text[:600])
    if m:
        try:
            d = date(int(m.group(3)), _MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))
        except ValueError as exc:
            raise ValueError(f"dateline {m.group(0).strip()!r} is not a real date") from exc
        return d.isoformat(), "dateline"
    dl = dateline(text)
    m = _DATELINE_DATE.fullmatch(dl[3]) if dl else None
    if m:  # "June 15, 2014" or "15 June 2014" in a wire dateline
        month = next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith((m["m1"] or m["m2"]).lower()[:3]))
        try:
            return date(int(m["y1"] or m["y2"]), month, int(m["d1"] or m["d2"])).isoformat(), "dateline"
        except ValueError as exc:
            raise ValueError(f"dateline {dl[3]!r} is not a real date") from exc
    return "", ""


def dated(text: str, meta: dict, found: tuple[str, str] = ("", "")) -> tuple[str, str]:
    """Publication date and its source: metadata (sidecar/record), else what the reader found, else a dateline."""
    if meta.get("published"):
        try:
            published = iso_day(str(meta["published"]))
        except ValueError as exc:
            raise ValueError(f"published {str(meta['published'])[:40]!r} is not an ISO date (YYYY-MM-DD)") from exc
        return published, str(meta.get("published_source") or "metadata")
    if found[0]:
        return found
    return text_dateline_date(text)


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)  # the model ships inside the package


def detect_language(text: str, declared: str = "") -> tuple[str, str]:
    """(language code, how it is known): the offline detector on the text when it is long and sure, else declared."""
    sample = text[:3000]
    if len(sample.split()) >= MIN_LANGUAGE_WORDS:
        lang, prob = _language_identifier().classify(sample)
        if prob >= MIN_LANGUAGE_PROB:
            return lang, "detected"
    return (declared or "en").lower()[:12], "declared" if declared else "assumed"


def finish(article: Article, declared_language: str = "") -> Article:
    """Language detected and the dateline's reporting place recorded: the steps every reader shares."""
    lang, how = detect_language(article.text, declared_language)
    extra = dict(article.extra, language_source=how)
    dl = dateline(article.text)
    if dl:
        extra.update(dateline_place=dl[2], dateline_span=[dl[0], dl[1]])
    return replace(article, language=lang, extra=extra)


def text_field(d: dict, key: str, default: str = "") -> str:
    """A metadata value as text (default when it is missing or null)."""
    value = d.get(key)
    return default if value is None else str(value)
