"""Learned recognition: whether a gazetteer match is a place, from the filter rules' verdicts and the mention's
context, combined by stored logistic-regression weights (fitted by scripts/fit_resolver.py, cross-validated by
document like the resolver). The rules still run; the model weighs their verdicts instead of obeying them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from conflictmap.geo.context import QUALIFIERS, Mention, _next_word, _place_context, _prev_word, _title_case_line
from conflictmap.geo.features import KINDS
from conflictmap.geo.names import fold
from conflictmap.geo.resolver import LinearModel, context_after

if TYPE_CHECKING:  # pragma: no cover
    from conflictmap.geo.gazetteer import Gazetteer


class ParserState(Protocol):
    """What the features read from the geoparser (a Geoparser; named structurally to keep imports one-way)."""

    gaz: Gazetteer
    common: dict[str, float]
    first_names: frozenset[str]
    surnames: frozenset[str]

    def _strong(self, m: Mention) -> bool: ...

    def _main_name(self, m: Mention) -> bool: ...


WEIGHTS_PATH = Path(__file__).with_name("recognition_weights.json")
# The rules were written for conflict news, the weights are fitted on general and local news: the model overrules
# a rule only when it is confident. It drops a mention the rules keep below VETO and keeps one they drop at RESCUE.
# VETO was chosen by the held-out-fold F1 pooled over the three corpora (benchmarks/geoparse.py), trying 0.2, 0.3,
# 0.4, 0.45 and 0.5: 0.829/0.850/0.884, 0.836/0.858/0.888, 0.844/0.859/0.892, 0.843/0.856/0.892, 0.843/0.854/0.895
# (GWN/LGL/TR-News); RESCUE 0.4 instead of 0.5 gained nothing (0.833/0.858/0.889). A name right after a place word
# ('in', 'near', 'the village of') keeps the lower VETO_IN_CONTEXT: a village in a short event report is rare in the
# fitting corpora, and the higher veto lost such villages (ACLED place within 50 km 0.700 -> 0.688 on the check part).
VETO = 0.4
VETO_IN_CONTEXT = 0.3
RESCUE = 0.5
REASONS = (
    "", "person elsewhere", "title", "after a name", "person name", "speaker", "upper case", "common word",
    "person noun", "common word opening a sentence", "group or faith", "common word in a headline",
    "half of a doubled name",
)  # fmt: skip
FEATURES = tuple(f"rule: {r or 'kept'}" for r in REASONS) + (
    "strong",  # a country, admin1, continent, sea or a curated name
    "curated",  # the curated supplement vouches for the name
    "pop_1k",
    "pop_100k",
    "pop_1m",  # the largest candidate population reaches 1,000 / 100,000 / 1,000,000
    "common_zipf",  # how frequent the (single) word is in English, Zipf / 7
    "first_name",
    "surname",  # a frequent first name / surname (US Census)
    "single",  # one word
    "sentence_start",
    "upper",  # opens its sentence; written in capitals
    "prev_capitalised",  # the word before is capitalised (and not a qualifier like 'In')
    "place_context",  # 'in', 'near', 'the village of' before it
    "next_capitalised",  # the word after is capitalised
    "embedded",  # inside an organisation name
    "adjectival",  # an adjectival form ('Iraqi') or its plural ('Iraqis')
    "plural_adjectival",  # 'Iraqis', 'Europeans': people rather than places
    "candidates",  # log(1 + number of readings) / 4
    "top_country",
    "top_admin1",
    "top_admin2",
    "top_city",
    "top_site",
    "top_area",  # best reading's kind
    "main_name",  # the mention is the best reading's main name
    "loose",  # matched only by a loose spelling, or placed at an area
    "repeats",  # log(1 + other mentions of the same name) / 2
    "kept_elsewhere",  # the rules keep another mention of the same name
    "in_list",  # joined by a comma, 'and' or 'or' to another match the rules keep ('Mosul and Tikrit')
    "area_after",  # a province or country is named right after it ('Paris, Texas', 'Ishaqi in Diyala')
    "headline",  # on a line in Title Case
)
_KIND = {"country": "top_country", "admin1": "top_admin1", "admin2": "top_admin2", "city": "top_city"}
_KIND.update({"town": "top_city", "site": "top_site", "region": "top_area", "water": "top_area"})
_KIND["continent"] = "top_area"
_KIND.update({kind: "top_site" for kind in KINDS})  # airports, air bases, dams, rivers... (geo/features.py)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or|/)\s*")


def mention_features(parser: ParserState, text: str, mentions: list[Mention], reasons: list[str]) -> np.ndarray:
    """One feature row per recognised mention (before filtering)."""
    gaz = parser.gaz
    X = np.zeros((len(mentions), len(FEATURES)))
    counts = Counter(m.key for m in mentions)
    kept_keys = Counter(m.key for m, r in zip(mentions, reasons, strict=True) if not r)
    after = context_after(text, mentions, gaz)
    headlines: dict[int, bool] = {}
    for r, (m, reason) in enumerate(zip(mentions, reasons, strict=True)):
        row = X[r]
        for o in (r - 1, r + 1):
            if 0 <= o < len(mentions) and not reasons[o]:
                a, b = (mentions[o], m) if o < r else (m, mentions[o])
                if _LIST_GAP.fullmatch(text[a.end : b.start]):
                    row[_INDEX["in_list"]] = 1.0
        row[_INDEX["area_after"]] = float(m.start in after)
        line = text.rfind("\n", 0, m.start) + 1
        if line not in headlines:  # one answer per line: a long paragraph holds many mentions
            headlines[line] = _title_case_line(text, m.start)
        row[_INDEX["headline"]] = float(headlines[line])
        row[_INDEX[f"rule: {reason or 'kept'}"] if f"rule: {reason or 'kept'}" in _INDEX else 0] = 1.0
        top = m.candidates[0][0]
        folded = fold(m.text)
        words = m.text.split()
        prev = _prev_word(text, m.start)
        nxt = _next_word(text, m.end)
        row[_INDEX["strong"]] = float(parser._strong(m))
        pop = max(gaz.population[c[0]] for c in m.candidates[:5])
        row[_INDEX["curated"]] = float(m.candidates[0][1] - gaz.prior(top) >= 1.4)
        row[_INDEX["pop_1k"]], row[_INDEX["pop_100k"]], row[_INDEX["pop_1m"]] = pop >= 1e3, pop >= 1e5, pop >= 1e6
        row[_INDEX["common_zipf"]] = parser.common.get(folded, 0.0) / 7 if len(words) == 1 else 0.0
        row[_INDEX["first_name"]] = float(folded in parser.first_names)
        row[_INDEX["surname"]] = float(folded in parser.surnames)
        row[_INDEX["single"]] = float(len(words) == 1)
        row[_INDEX["sentence_start"]] = float(m.sentence_start)
        row[_INDEX["upper"]] = float(m.text.isupper())
        row[_INDEX["prev_capitalised"]] = float(bool(prev) and prev[0].isupper() and prev.lower() not in QUALIFIERS)
        row[_INDEX["place_context"]] = float(_place_context(text, m.start))
        # the next word goes on the name ("New York"); not one in a parenthesis after it ("Izium (Kharkiv)")
        row[_INDEX["next_capitalised"]] = float(
            bool(nxt) and nxt[0].isupper() and re.match(r" [^(]", text[m.end : m.end + 2]) is not None
        )
        row[_INDEX["embedded"]] = float(m.embedded)
        row[_INDEX["adjectival"]] = float(m.adjective)
        row[_INDEX["plural_adjectival"]] = float(m.adjective and folded.endswith("s"))
        row[_INDEX["candidates"]] = math.log1p(len(m.candidates)) / 4
        kind = _KIND.get(gaz.feature[top])
        if kind:
            row[_INDEX[kind]] = 1.0
        row[_INDEX["main_name"]] = float(parser._main_name(m))
        row[_INDEX["loose"]] = float(bool(m.note))
        row[_INDEX["repeats"]] = math.log1p(counts[m.key] - 1) / 2
        row[_INDEX["kept_elsewhere"]] = float(kept_keys[m.key] - (0 if reason else 1) > 0)
    return X


class Recogniser(LinearModel):
    """Keeps a mention the rules keep unless the model's probability is below VETO (VETO_IN_CONTEXT after a place
    word), and one they drop when it reaches RESCUE."""

    expected = FEATURES

    def keep(self, X: np.ndarray, rules_keep: np.ndarray, described: np.ndarray | None = None) -> np.ndarray:
        """Boolean mask of mentions to keep; `described`: mentions the text itself calls places (see described())."""
        s = self.scores(X)
        placed = (X[:, _INDEX["place_context"]] > 0) | (X[:, _INDEX["area_after"]] > 0)
        if described is not None:
            placed |= described
        veto = np.where(placed, _logit(VETO_IN_CONTEXT), _logit(VETO))
        return np.where(rules_keep, s >= veto, s >= _logit(RESCUE))


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


@lru_cache(maxsize=1)
def default_recogniser() -> Recogniser | None:
    """The shipped recognition weights, or None when there are none (the rules decide alone)."""
    return Recogniser.from_file(WEIGHTS_PATH) if WEIGHTS_PATH.exists() else None


# "X subdivision (Y, Nord-Ouest)", "Z village", "San Juan (San Juan)": the text says what kind of place
_DESCRIBED_AFTER = re.compile(
    r"(?:-[A-Z][\w'’]*(?: [A-Z][\w'’]*)?)?\s*(?:\(|(?:village|town|city|hamlet|subdivision|sub-district|district|"
    r"municipality|commune|county|province|governorate|region|state|department|division|prefecture|locality|"
    r"neighbou?rhood|camp|area|road|highway|route)\b)",  # "Tal Afar-Sinjar road": both ends
)


# "in Barangay Kalyo, Upper Drem, Antequera": a name that ends a comma-separated chain of capitalised names opened by a
# preposition of place is where the chain's first name lies, as news writes place, district and province
_CHAIN_BEFORE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*,\s+"
                           r"(?:(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*,\s+){0,2}$")  # fmt: skip


# "Kessa (Lower Drem, Upper Province)": the names in a parenthesis right after a name are the areas it lies in
_AREAS_BEFORE = re.compile(r"[A-Z][\w'’-]*\s*\((?:[^(),.]{1,40},\s*){0,2}$")
_AREAS_AFTER = re.compile(r"\s*[,)]")


def _in_bracketed_areas(text: str, m: Mention) -> bool:
    return bool(_AREAS_AFTER.match(text, m.end) and _AREAS_BEFORE.search(text, max(0, m.start - 140), m.start))


def bracketed_areas(text: str, mentions: list[Mention]) -> np.ndarray:
    """Which mentions are one of the areas in a parenthesis right after a name ("Kessa (Lower Drem, Upper Province)")."""
    return np.array([_in_bracketed_areas(text, m) for m in mentions], dtype=bool)


def described(text: str, mentions: list[Mention]) -> np.ndarray:
    """Which mentions are followed by a word that says they are a place or by a parenthesis of areas, end a chain
    of names after a preposition of place, or are one of the areas in a parenthesis after a name."""
    return np.array(
        [bool(_DESCRIBED_AFTER.match(text, m.end, m.end + 40)
              or _CHAIN_BEFORE.search(text, max(0, m.start - 120), m.start)
              or _in_bracketed_areas(text, m))
         for m in mentions],
        dtype=bool,
    )  # fmt: skip
