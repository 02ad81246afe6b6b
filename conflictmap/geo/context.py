"""What the geoparser's stages share: the Mention value and the words around a mention (no geoparser import, so
geoparse, recognition and resolver depend on this module and never on each other in a cycle)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictmap.geo.wordlists import INNER_ARTICLES


@dataclass
class Mention:
    """A recognised place-name span and its candidate readings."""

    start: int
    end: int
    text: str
    key: str
    candidates: list[tuple[int, float]]  # (place id, prior)
    admin_suffix: bool = False
    embedded: bool = False
    sentence_start: bool = False
    sentence: int = -1  # start offset of the sentence the mention is in
    note: str = ""  # why the mention reads as it does (a loose spelling match, a village placed at its area)
    loose: frozenset[int] = frozenset()  # candidates found only by their loose key (names.loose_key)
    adjective: bool = False  # an adjectival form ('Iraqi'), only with adjectival=True


# Words that open sentences or qualify a place; a capitalised one before a candidate does not make it a person.
QUALIFIERS = {
    "in", "at", "from", "to", "the", "a", "an", "on", "near", "outside", "inside", "across", "into", "for", "by",
    "with", "after", "before", "since", "and", "but", "of", "as", "when", "while", "if", "both", "northern",
    "southern", "eastern", "western", "central", "north", "south", "east", "west", "greater", "upper", "lower",
    "old", "downtown", "rural", "provincial", "neighbouring", "neighboring", "nearby", "around", "between",
    "through", "toward", "towards", "via", "over", "under", "beyond", "within", "throughout", "including", "like",
    "than", "or", "nor", "so", "then", "now", "today", "yesterday", "meanwhile", "however", "also", "where",
    "sunni", "shia", "shiite", "kurdish", "arab", "islamic", "iraqi", "syrian", "iranian", "american", "mainland", "metropolitan", "mid", "southwest", "southeast", "northwest", "northeast",
}  # fmt: skip
# Before a name, words that make it a place ("in", "near", "the village of"): licence for a loose spelling match.
PLACE_CONTEXT = re.compile(
    r"(?:\b(?:in|near|at|outside|into|towards?|around|from|reached|entered|captured|shelled|stormed)|\b(?:town|"
    r"village|city|district|province|governorate|outskirts|countryside|suburbs?|area|region|neighbourhood|"
    r"neighborhood|commune|locality|municipality|department|county|subdivision|prefecture) of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w.'’-]+)\W{0,2}$", text[max(0, pos - 40) : pos])
    return m.group(1) if m else ""


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\W{0,2}([\w'’-]+)", text[pos : pos + 40])
    return m.group(1) if m else ""


def _place_context(text: str, pos: int) -> bool:
    """Whether the words before pos make what follows a place: 'in', 'near', 'the village of'."""
    return bool(PLACE_CONTEXT.search(text[max(0, pos - 40) : pos]))


def _title_case_line(text: str, pos: int) -> bool:
    """Whether the line around pos is a headline in Title Case (most words capitalised)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text[a : b if b >= 0 else len(text)]) if len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _capitalised_run(text: str, toks: list[tuple[int, int, str]], i: int, is_cap) -> int:
    """The end (exclusive token index) of the run of capitalised words joined by spaces or hyphens from token i."""
    j = i + 1
    while j < len(toks) and text[toks[j - 1][1] : toks[j][0]] in (" ", "-"):
        if is_cap(toks[j][2]):
            j += 1
        elif toks[j][2] in INNER_ARTICLES and j + 1 < len(toks) and is_cap(toks[j + 1][2]):
            j += 1  # "Dayr az Zawr": a lower-case article inside a name
        else:
            break
    return j


def _abbreviated(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """'St. Louis', 'Mt. Pleasant': an abbreviated first word joined to the next by a full stop and a space."""
    return a[2] in ("St", "Mt", "Ft", "Pt", "Ste") and text[a[1] : b[0]] == ". "
