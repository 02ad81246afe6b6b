"""Places inside the areas the text names: "Kolofata town (Mayo-Sava, Extreme-Nord)", "X, Y department", "X in Z".

A town followed by the district, province or country it lies in is resolved inside that area: the town's own
candidate there when the gazetteer has one, else the area itself at the area's precision (the town is known to
be in it, its point is not). A town the document puts in no named area keeps its resolution, unless the
document names areas of one country only and the town has a candidate there.
"""

from __future__ import annotations

import re
from dataclasses import replace

from conflictmap.geo.gazetteer import Gazetteer, default_gazetteer
from conflictmap.geo.names import name_key
from conflictmap.model import Toponym

# what may stand between a place and the area that contains it: punctuation and lower-case descriptors only
# ("town (", ", ", " in the northern countryside of ", " subdivision (", " district, ")
_CHAIN_GAP = re.compile(r"^[\s,(]*(?:[a-z][a-z'-]*[\s,(]+){0,6}$")
_AREA_FEATURES = ("admin1", "admin2", "country")
# words that make the next name a reference point, not the area the place is in ("north of Baghdad", "and Tikrit")
_NOT_CONTAINED = re.compile(r"\b(?:north|south|east|west|near|outside|from|to|towards|between|and|or|via|km|miles)\b")


def _area_scope(gaz: Gazetteer, t: Toponym) -> set[tuple[str, str]]:
    """(country, admin1) pairs an area mention can stand for; admin1 '' means the whole country."""
    scope: set[tuple[str, str]] = set()
    for pid, _ in gaz.ranked(t.name):
        feature = gaz.feature[pid]
        if feature == "country":
            scope.add((gaz.country[pid], ""))
        elif feature in ("admin1", "admin2"):
            scope.add((gaz.country[pid], gaz.admin1[pid] or gaz.name[pid]))
    if not scope and t.place is not None and t.place.precision >= 3:
        scope.add((t.place.country_code, t.place.admin1 or t.place.name if t.place.precision == 3 else ""))
    return scope


def _inside(country: str, admin1: str, scope: set[tuple[str, str]]) -> bool:
    """Whether a place is in the scope; a place whose admin1 the gazetteer does not record is judged by country."""
    key = name_key(admin1) if admin1 else ""
    return any(country == c and (not a or not key or key == name_key(a)) for c, a in scope)


def _is_area(t: Toponym) -> bool:
    return t.place is not None and t.place.precision >= 3


def constrain_to_named_areas(text: str, toponyms: list[Toponym], gaz: Gazetteer | None = None) -> list[Toponym]:
    """The toponyms with every town resolved inside the areas named right after it, and in the document's country."""
    gaz = gaz or default_gazetteer()
    ordered = sorted(toponyms, key=lambda t: t.start)
    out = list(ordered)
    chain_countries: set[str] = set()  # countries of areas named after a place, where the area name is unambiguous
    for i, t in enumerate(ordered):
        if t.place is None or "organisation" in t.note:
            continue
        # the chain of areas after this mention: "T (A, B)", "T, A", "T in the countryside of A"
        scope: set[tuple[str, str]] = set()
        area_toponym: Toponym | None = None
        end = t.end
        for nxt in ordered[i + 1 :]:
            gap = text[end : nxt.start]
            if nxt.start - end > 50 or not _CHAIN_GAP.match(gap) or _NOT_CONTAINED.search(gap):
                break
            s = _area_scope(gaz, nxt)
            if s:
                if len({c for c, _ in s}) == 1:
                    chain_countries |= {c for c, _ in s}
                if not scope:  # the first area is the narrowest: "T (district, province)"
                    scope, area_toponym = s, nxt
                else:  # a later, wider area only says which of the first area's namesakes is meant
                    scope = {x for x in scope if any(x[0] == c for c, _ in s)} or scope
            end = nxt.end
        if not scope or _is_area(t):
            continue
        p = t.place
        if _inside(p.country_code, p.admin1, scope):
            continue
        inside = [pid for pid, _ in gaz.ranked(t.name) if _inside(gaz.country[pid], gaz.admin1[pid], scope)]
        if inside:
            out[i] = replace(t, place=gaz.place(inside[0]), note=(t.note + " placed inside the named area").strip())
        elif area_toponym is not None and area_toponym.place is not None:
            # the area as an area ("Idlib" the governorate, not the city), inside the scope
            ids = [pid for pid, _ in gaz.ranked(area_toponym.name) if gaz.feature[pid] in _AREA_FEATURES
                   and _inside(gaz.country[pid], gaz.admin1[pid] or gaz.name[pid], scope)]  # fmt: skip
            area = gaz.place(ids[0]) if ids else area_toponym.place
            # the town is not in the gazetteer: the area it is in, at the area's own precision
            out[i] = replace(t, place=area, note=(t.note + " not in the gazetteer: its area").strip())
    # the countries the document names, itself or by a first-level division (as resolved, not every namesake)
    doc_countries = {t.place.country_code for t in out if _is_area(t) and t.place.country_code and
                     "organisation" not in t.note} | chain_countries  # fmt: skip
    if len(doc_countries) == 1:
        (cc,) = doc_countries
        for i, t in enumerate(out):
            if t.place is None or _is_area(t) or t.place.country_code == cc or "organisation" in t.note:
                continue
            there = [pid for pid, _ in gaz.ranked(t.name, {cc})]
            if there:
                out[i] = replace(t, place=gaz.place(there[0]), note=(t.note + " in the document's country").strip())
            else:  # "Boko" of "Boko Haram" in a report whose places are all in Cameroon: not a place here
                out[i] = replace(t, place=None, note=(t.note + " outside the document's country").strip())
    return out
