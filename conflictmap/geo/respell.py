"""Names the gazetteer lacks as spelled, found as a close spelling inside the area the text names right after them.

News spells small places as its sources do: a village written "Kessirah" is "Kesira" in GeoNames, a district
"Tolampy" is "Tolampi". Across the world such a near spelling mostly finds false friends, but inside one named first-
level division (or within NEAR_KM of a named town) a name one letter away is almost always the place meant: "X
(District, Province)", "X municipality, Province", "X, Town". The match must be close (rapidfuzz ratio of the name
keys >= CUTOFF) and the name long enough that one letter is a small part of it (MIN_KEY).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from itertools import accumulate

import numpy as np
from rapidfuzz import fuzz, process

from conflictmap.geo.gazetteer import Gazetteer
from conflictmap.geo.names import fold, name_key
from conflictmap.geo.resolver import _haversine
from conflictmap.geo.wordlists import AREA_NOTE, common_words, person_names
from conflictmap.model import Toponym

CUTOFF = 85.0
RESPELT = "spelled near"  # the note of a name placed by a near spelling
# the note of a name recognition dropped, placed by its exact spelling in the area named with it
READ_IN_AREA = "read in the area named with it:"
LOOKED_UP = (RESPELT, READ_IN_AREA)  # the notes of names this module placed
MIN_KEY = 5  # letters of a name key; shorter names are one letter from too many others
NEAR_KM = 50.0
AREA_CUTOFF = 88.0  # a division named in a parenthesis is looked up the world over: a closer spelling is asked
MIN_AREA_KEY = 6
_GLUED_ARTICLE = re.compile(r"^(?:al|el)[^aeiou]")
_KINDS = ("city", "town", "site", "admin2")
_PARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|de|del|des|di|do|du|la|le|wa|bin|ibn|sur|sub|ul)"
_WORD = r"[A-Z][\w'’]*(?:-[\w'’]+)*"
_PHRASE = re.compile(rf"\b{_WORD}(?:\s+(?:{_WORD}|{_PARTICLE}(?=\s+[A-Z])))*")
# the kind of place written after or before a name: "Tolampy District", "X municipality", "Y Baru subdistrict"
_DESCRIPTOR = (
    r"town|city|village|hamlet|camp|area|locality|district|sub-?district|province|governorate|region|state|county|"
    r"department|subdivision|division|prefecture|commune|municipality|parish|sector|regency|chiefdom|chieftaincy|"
    r"neighbou?rhood|quarter|settlement|community|ward|barangay|groupement|sous-prefecture"
)
_LEADING_WORD = re.compile(r"(?:In|Near|At|On|From|Around|Outside)\s+(?=[A-Z])")
_TRAILING_KIND = re.compile(rf"(?:\s+(?:{_DESCRIPTOR}))+$", re.I)
# between the name and the area it lies in: commas, an opening parenthesis, kinds of place and further unknown names
_CHAIN = re.compile(
    rf"^(?:[\s,(]|(?i:{_DESCRIPTOR}|in)\b|{_WORD}(?![\w'’-]))*$"
)  # a word whole: no backtracking into it
_BREAK = re.compile(r"\b(?:and|or|to|from|near|between|towards|via|north|south|east|west|of)\b", re.I)


class RespellIndex:
    """Ids of towns and districts per (country, first-level division key), with their name keys, built on first use."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self._index: dict[tuple[str, str], tuple[np.ndarray, list[str]]] | None = None
        self._areas: dict[tuple[str, int], dict[str, list[int]]] | None = None
        self._lock = threading.Lock()

    def _build(self) -> dict[tuple[str, str], tuple[np.ndarray, list[str]]]:
        gaz = self.gaz
        groups: dict[tuple[str, str], list[int]] = {}
        for pid in np.flatnonzero(np.isin(gaz.feature, _KINDS)):
            a1 = gaz.admin1[pid]
            if a1:
                groups.setdefault((gaz.country[pid], name_key(a1)), []).append(int(pid))
        return {k: (np.array(v), [name_key(gaz.name[p]) for p in v]) for k, v in groups.items()}

    def scope(self, country: str, admin1: str) -> tuple[np.ndarray, list[str]]:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._build()
        return self._index.get((country, name_key(admin1)), (np.zeros(0, dtype=np.int64), []))

    def _build_areas(self) -> dict[tuple[str, int], dict[str, list[int]]]:
        gaz = self.gaz
        out: dict[tuple[str, int], dict[str, list[int]]] = {}
        for key, raw in gaz._index.items():
            ids = [int(p.partition(":")[0].rstrip("*!")) for p in raw.split(",")]
            admin = [pid for pid in ids if gaz.feature[pid] in ("admin1", "admin2")]
            if admin and len(key) >= MIN_AREA_KEY - 2:
                out.setdefault((key[0], len(key)), {})[key] = admin
        return out

    def areas(self, name: str) -> list[tuple[float, int]]:
        """(score, id) of first- and second-level divisions anywhere whose name key is near name's (its glued Arabic
        article dropped too: "Alqsara"), best first."""
        if self._areas is None:
            with self._lock:
                if self._areas is None:
                    self._areas = self._build_areas()
        found: dict[int, float] = {}
        key = name_key(name)
        if len(key) < MIN_AREA_KEY:
            return []
        for k in {key, key[2:] if _GLUED_ARTICLE.match(key) else key}:
            pool = {c: ids for n in range(len(k) - 2, len(k) + 3) for c, ids in self._areas.get((k[0], n), {}).items()}
            for hit, score, _ in process.extract(k, list(pool), scorer=fuzz.ratio, score_cutoff=AREA_CUTOFF, limit=5):
                for pid in pool[hit]:
                    found[pid] = max(found.get(pid, 0.0), score)
        return sorted(((sc, pid) for pid, sc in found.items()), key=lambda f: (-f[0], -self.gaz.prior(f[1])))

    def closest(self, name: str, ids: np.ndarray, keys: list[str]) -> int | None:
        """The id whose key is nearest name's key (ties: the larger prior), or None when none is close enough."""
        key = name_key(name)
        if len(key) < MIN_KEY or not keys:
            return None
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=8)
        if not found:
            return None
        best = max(found, key=lambda f: (f[1], self.gaz.prior(int(ids[f[2]]))))
        return int(ids[best[2]])


_SHARED_LOCK = threading.Lock()


def _index_for(gaz: Gazetteer) -> RespellIndex:
    """The gazetteer's own near-spelling index (kept on it, so it lives and dies with it), made once."""
    with _SHARED_LOCK:
        idx = getattr(gaz, "_respell_index", None)
        if idx is None:
            idx = gaz._respell_index = RespellIndex(gaz)
        return idx


def _area_of(gaz: Gazetteer, t: Toponym) -> tuple[str, str, Toponym] | None:
    """(country, admin1) of the area a name before t lies in, when t is a first- or second-level division or a town."""
    p = t.place
    if p is None or not p.country_code or "organisation" in t.note or t.note.startswith(AREA_NOTE):
        return None
    if p.precision == 3 and p.feature_class == "A":
        return p.country_code, p.admin1 or p.name, t
    if p.precision <= 2 and p.admin1:
        return p.country_code, p.admin1, t
    return None


def respell_before_areas(text: str, toponyms: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """The toponyms plus the names the gazetteer lacks that lie in an area named right after them and are spelled
    within one letter or so of a town or district of that area (a village placed at the area is moved to it)."""
    ordered = sorted(toponyms, key=lambda t: t.start)
    if not ordered:
        return ordered
    index = _index_for(gaz)
    # the names already read (a village placed at its area may still be respelled), as sorted starts and the
    # furthest end reached by any of them so far: a phrase overlaps one when that end passes its start
    taken = [t for t in ordered if not t.note.startswith(AREA_NOTE)]
    taken_starts = [t.start for t in taken]
    reach = list(accumulate((t.end for t in taken), max))
    villages = {t.start: i for i, t in enumerate(ordered) if t.note.startswith(AREA_NOTE)}
    starts = [t.start for t in ordered]
    added: list[Toponym] = []
    replaced: dict[int, Toponym] = {}
    for m in _PHRASE.finditer(text):
        s, e = m.span()
        lead = _LEADING_WORD.match(text, s, e)  # "In X District, Province": the phrase is X's
        if lead:
            s = lead.end()
        k = bisect_left(taken_starts, e)
        if (k and reach[k - 1] > s) or _sentence_start(text, s):
            continue
        name = _TRAILING_KIND.sub("", text[s:e])
        plain_word = _not_a_name(name)
        if plain_word and (" " in name or fold(name) in person_names()[0]):
            continue
        # the next toponym after the phrase, with only a chain of places between
        j = bisect_left(starts, e)
        if j == len(starts) or ordered[j].start - e > 80:
            continue
        gap = text[e : ordered[j].start]
        if not _CHAIN.match(gap) or _BREAK.search(gap) or not re.search(r"[,(]|\s(?i:in)\s", gap) or "." in gap:
            continue
        area = _area_of(gaz, ordered[j])
        if area is None:
            continue
        cc, a1, anchor = area
        ids, keys = index.scope(cc, a1)
        # a town only places near it, unless it shares its name with its division ("X (Y, Idlib)": the governorate)
        town = anchor.place.feature in ("city", "town", "site")  # a district's scope is its whole province
        if town and name_key(anchor.name) != name_key(a1) and len(ids):
            near = np.flatnonzero(_haversine(gaz.lat[ids], gaz.lon[ids], anchor.place.lat, anchor.place.lon) <= NEAR_KM)
            ids, keys = ids[near], [keys[k] for k in near]
        key = name_key(name)
        exact = next((int(i) for i, k in zip(ids, keys, strict=True) if k == key), None)
        if exact is not None:
            # the name as written, dropped by recognition (an English word: "Turbo (P)"), is a place of the area
            # in the parenthesis right after it
            if not gap.lstrip().startswith("("):
                continue
            pid, note = exact, f"{READ_IN_AREA} {gaz.name[exact]}"
        else:
            if plain_word:
                continue
            pid = index.closest(name, ids, keys)
            if pid is None or name_key(gaz.name[pid]) == key:
                continue
            note = f"{RESPELT} {gaz.name[pid]} of the area named after it"
        found = Toponym(s, s + len(name), name, place=gaz.place(pid), confidence=0.6, note=note)
        if s in villages:
            replaced[villages[s]] = found
        else:
            added.append(found)
    out = [replaced.get(i, t) for i, t in enumerate(ordered)] + added
    return sorted(out, key=lambda t: t.start)


_PARENS = re.compile(r"(?<=[\w'’.])\s*\(([^()]{3,120})\)")
_LAST_WORD = re.compile(r"([\w'’.-]+)\s*$")
_AREA_PART = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3}")


def respell_areas(text: str, toponyms: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """The toponyms plus the divisions the gazetteer lacks as spelled, named in a parenthesis after a place: "X
    (Ambohimaro, Vakinankaratr)". Each unread part is looked up among the world's first- and second-level
    divisions by near spelling; a part read as a place fixes the country of the others, and without one the closest
    spellings must lie in one country."""
    ordered = sorted(toponyms, key=lambda t: t.start)
    starts = [t.start for t in ordered]
    index = _index_for(gaz)
    added: list[Toponym] = []
    for m in _PARENS.finditer(text):
        before = _LAST_WORD.search(text, max(0, m.start() - 40), m.start())
        if before is None or not re.search(r"(?:^|[-'’])[A-Z][\w'’.]*$", before.group(1)):
            continue  # "X (A, B)" after a name only: "the road (A, B)" may say anything
        inside = ordered[bisect_left(starts, m.start(1)) : bisect_left(starts, m.end(1))]
        countries = {t.place.country_code for t in inside if t.place is not None and t.place.country_code}
        if len(countries) > 1:
            continue
        # the place the parenthesis follows: "X (A, South-West)"
        head = next((t for t in reversed(ordered[: bisect_left(starts, m.start())]) if t.place is not None
                     and not text[t.end : m.start()].strip()), None)  # fmt: skip
        for part in _AREA_PART.finditer(text, m.start(1), m.end(1)):
            s, e = part.span()
            name = part.group(0)
            if any(t.start < e and s < t.end for t in inside):
                continue
            if _all_words(name):
                # a division called by plain words ("South-West", "Centre") only by its exact name, and only in the
                # country of the place before the parenthesis
                exact = [pid for pid, _ in gaz.ranked(name) if gaz.feature[pid] in ("admin1", "admin2")
                         and name_key(gaz.name[pid]) == name_key(name)]  # fmt: skip
                cc = head.place.country_code if head is not None else ""
                mine = [pid for pid in exact if gaz.country[pid] == cc]
                if head is not None and not mine:
                    # the place itself misread abroad (its namesake in another country): the one country whose
                    # division of that name holds a place of the same name
                    holds = [pid for pid in exact if any(gaz.admin1[q] == gaz.name[pid] or gaz.feature[pid] == "admin2"
                             for q, _ in gaz.ranked(head.name, {gaz.country[pid]}))]  # fmt: skip
                    if len({gaz.country[pid] for pid in holds}) == 1:
                        mine, cc = holds, gaz.country[holds[0]]
                if cc and mine:
                    note = f"{READ_IN_AREA} {gaz.name[mine[0]]}, a division of the place before it"
                    added.append(Toponym(s, e, name, place=gaz.place(mine[0]), confidence=0.6, note=note))
                continue
            found = [(sc, pid) for sc, pid in index.areas(name) if not countries or gaz.country[pid] in countries]
            if not found or len({gaz.country[pid] for sc, pid in found if sc == found[0][0]}) > 1:
                continue
            pid = found[0][1]
            if name_key(gaz.name[pid]) == name_key(name):
                continue
            note = f"{RESPELT} {gaz.name[pid]}, a division named after a place"
            added.append(Toponym(s, e, name, place=gaz.place(pid), confidence=0.6, note=note))
    return sorted(ordered + added, key=lambda t: t.start)


def _all_words(name: str) -> bool:
    """Every word an English one ("Central", "North East"): a division called so is found by its exact name only."""
    return all(common_words().get(w, 0.0) >= 2.0 or w in _DIRECTIONS for w in fold(name).split())


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper",
               "lower", "northeast", "northwest", "southeast", "southwest", "middle", "greater"}  # fmt: skip


def _not_a_name(name: str) -> bool:
    """An English word or a person's first name alone: "Commander (Province)" names no place."""
    folded = fold(name)
    return " " not in folded and (common_words().get(folded, 0.0) >= 2.0 or folded in person_names()[0])


def _sentence_start(text: str, s: int) -> bool:
    before = text[max(0, s - 3) : s]
    return not before.strip() or "\n" in before or before.rstrip()[-1] in '.!?"“'
