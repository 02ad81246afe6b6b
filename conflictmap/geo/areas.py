"""Places inside the areas the text names: "X town (its district, its province)", "X, Y department", "X in Z".

A town followed by the district, province or country it lies in is resolved inside that area: the town's own
candidate there when the gazetteer has one, else the area itself at the area's precision (the town is known to
be in it, its point is not). A town the document puts in no named area keeps its resolution, unless the
document names areas of one country only and the town has a candidate there (a city of KNOWN_CITY people named by
its main name keeps its own country: a report from Minsk may name Russia).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from conflictmap.geo.gazetteer import Gazetteer, _haversine_km, default_gazetteer
from conflictmap.geo.names import fold, name_key
from conflictmap.geo.respell import LOOKED_UP, respell_areas, respell_before_areas
from conflictmap.geo.wordlists import AREA_NOTE, CALENDAR, FEATURE_NOUNS, LOOSE, adjectival_forms
from conflictmap.model import Toponym

# the kind words of divisions: "X district", "Y subdivision", "Z payam"
_UNIT_WORDS = (
    "district|sub-district|subdistrict|province|governorate|region|state|county|department|subdivision|division|"
    "prefecture|commune|municipality|regency|township|tehsil|taluka|upazila|woreda|kebele|raion|oblast|cercle|canton|"
    "arrondissement|sub-?county|payam|boma|chiefdom|chieftaincy|groupement|locality|lga"
)
# what may stand between a place and the area that contains it: punctuation and lower-case descriptors only
# ("town (", ", ", " in the northern countryside of ", " subdivision (", " district, ")
_DESCRIPTORS = (
    "in|of|the|town|city|village|hamlet|camp|area|areas|nahiya|parish|countryside|outskirts|suburbs?|neighbou?rhood|"
    "quarter|rural|eastern|western|northern|southern|central|zone|ward|sector|territory|barangay|block|mandal|"
    "villages|towns|localities|settlements?|communit(?:y|ies)|north-?eastern|north-?western|south-?eastern|south-?western|local|government|"
    # a report's note of the place it was filed under: "X village, coded as Y district"
    r"coded\s+(?:as|to|at|in|under)|" + _UNIT_WORDS
)
# a division the gazetteer lacks, named with its kind word, may stand in the chain too: "X sub-district, Pulo
# District, East Y City" (the capitalised words before the kind word, and a direction word before the next name);
# not right after the name, whose own words they are ("X Manu district")
_UNKNOWN_UNIT = rf"(?:[A-Z][\w'’.-]*\s+){{1,3}}(?i:{_UNIT_WORDS})"
_CHAIN_GAP = re.compile(
    rf"^(?!\s+[A-Z])[\s,(]*(?:(?:{_DESCRIPTORS}|{_UNKNOWN_UNIT})[\s,(]+){{0,6}}(?:(?:North|South|East|West|Central)\s+)?$"
)
# the other names of a list the place heads, when a plural word says they are all villages of the areas after them:
# "in X and Y villages, Z subdivision", "X, Y and W towns (Z)"; a name the gazetteer holds is a mention of its own, one
# it lacks is part of the gap
_PLURAL_SETTLEMENTS = r"(?:villages|towns|hamlets|localities|settlements|communities)\b"
_LIST_LINK = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
_SIBLING_GAP = re.compile(rf"^{_LIST_LINK}$")
_SIBLINGS_AFTER = re.compile(rf"(?:{_LIST_LINK}(?:[A-Z][\w'’-]*\s+){{1,3}})*\s*(?={_PLURAL_SETTLEMENTS})")
_AREA_FEATURES = ("admin1", "admin2", "country")
# A country named as who acted, not where: "Saudi military aircraft", "Saudi-led coalition", "US government"
ACTOR_COUNTRY_AFTER = re.compile(
    r"^[\s-]+(?:(?:special|security|ground|naval|federal|national|regular|elite|defen[cs]e)\s+)?"
    r"(?:led|backed|based|allied|controlled|military|armed forces|forces|army|troops|soldiers|navy|air force|"
    r"negotiators|peacekeepers|personnel|officers|warships|bombers|"
    r"aircrafts?|warplanes?|jets|drones?|coalition|police|government|officials|authorities|border guards?|pilots?|"
    r"nationals?|citizens?|journalists?|tourists?|missionar(?:y|ies)|embassy|ambassador|diplomats?|envoy)\b",
    re.I,
)
BORDER_KM = 150  # a town this near a named division's point may be filed under the division next to it
KNOWN_CITY = 100_000  # a city this large is no namesake of a place in the document's country ("Minsk" beside Russia)
FAR_KM = 2500.0  # a small town this far from every other place of the text is a misread namesake
NEAR_KM = 50.0  # a neighbourhood or village named with its town lies within this distance of it
# words that make the next name a reference point, not the area the place is in ("north of Baghdad", "and Tikrit")
_IN_PARENS = re.compile(r"\([^()]*$")  # a parenthesis opened before this point and not closed
_NOT_CONTAINED = re.compile(
    r"\b(?<!coded )(?:north|south|east|west|near|outside|from|to|towards|between|and|or|via|km|miles)\b"
)


_DIVISION_AFTER = re.compile(
    r"\s+(?:township|district|county|province|governorate|department|prefecture|municipality|sub-?division|"
    r"locality|commune|oblast|raion)\b",
    re.I,
)
_TOWN_DIVISION = re.compile(
    r"\s+(?:district|county|cercle|zone|territory|woreda|sub-?county|department|prefecture|commune|local government "
    r"area|LGA|municipality|sub-?division|locality|tehsil|upazila|raion)\b",
    re.I,
)
_KIND_AFTER = re.compile(
    r"\s+(?:province|region|state|district|governorate|department|county|prefecture|oblast|division|municipality)$",
    re.I,
)


def _area_scope(gaz: Gazetteer, t: Toponym) -> set[tuple[str, str]]:
    """(country, admin1) pairs an area mention can stand for; admin1 '' means the whole country."""
    scope: set[tuple[str, str]] = set()
    # "El Oro province": the province El Oro too, not only the places listed with the kind in their name
    bare = _KIND_AFTER.sub("", t.name)
    pids = [pid for pid, _ in gaz.ranked(t.name)] + ([pid for pid, _ in gaz.ranked(bare)] if bare != t.name else [])
    for pid in pids:
        feature = gaz.feature[pid]
        if feature == "country":
            scope.add((gaz.country[pid], ""))
        elif feature in ("admin1", "admin2"):
            scope.add((gaz.country[pid], gaz.admin1[pid] or gaz.name[pid]))
    respelt_division = t.note.startswith(LOOKED_UP) and t.place is not None and t.place.feature == "admin2"
    # a sea or a continent holds no town ("Batumi, the Black Sea port city"): no country, no scope
    if not scope and t.place is not None and t.place.country_code and (t.place.precision >= 3 or respelt_division):
        a1 = (t.place.admin1 or t.place.name) if t.place.precision == 3 else t.place.admin1 if respelt_division else ""
        scope.add((t.place.country_code, a1))
    return scope


def _inside(country: str, admin1: str, scope: set[tuple[str, str]]) -> bool:
    """Whether a place is in the scope; a place whose admin1 the gazetteer does not record is judged by country."""
    key = name_key(admin1) if admin1 else ""
    return any(country == c and (not a or not key or key == name_key(a)) for c, a in scope)


def _within_town(gaz: Gazetteer, t: Toponym, town: Toponym, wide: bool) -> Toponym:
    """A place named with the town it is part of: its namesake near that town, else the town itself (precision 2).
    A town in parentheses may name the district it is the seat of ("X (Y)"), and one followed by a kind of division
    does ("X, in Y cercle"): then a place of the same country within BORDER_KM of it keeps its own point."""
    c = town.place
    d = _haversine_km(t.place.lat, t.place.lon, c.lat, c.lon)
    if d <= NEAR_KM or (wide and d <= BORDER_KM and t.place.country_code == c.country_code):
        return t
    if (
        t.place.population >= KNOWN_CITY
        and c.country_code != t.place.country_code
        and c.population < t.place.population
    ):
        return t  # "C city (X, P)": a city is not inside a smaller town abroad that X was misread as
    near = [pid for pid, _ in gaz.ranked(t.name) if _haversine_km(gaz.lat[pid], gaz.lon[pid], c.lat, c.lon) <= NEAR_KM]
    if near:
        return replace(t, place=gaz.place(near[0]), note=(t.note + " near the town named with it").strip())
    return replace(t, place=replace(c, precision=2), note=(t.note + " not in the gazetteer: its town").strip())


# who a name before these words is: "X militants", "X fighters" (a group named after a village, not the village)
_MEMBERS_AFTER = re.compile(
    r"[\s'’-]*(?:militants?|fighters?|insurgents?|jihadists?|militiamen|militia|gunmen|members?|rebels?|elements?|"
    r"combatants?|operatives?|commanders?|(?:sub-?)?clans?|tribes?|tribesmen|lineages?)\b",
    re.I,
)


def _group_name(text: str, t: Toponym) -> Toponym:
    """A town named right before the members of a group is the group's name: no place. A country, a division or a
    city of KNOWN_CITY people keeps its place ("Aleppo fighters" come from somewhere)."""
    p = t.place
    if p is None:
        return t
    if (
        p.precision < 4
        and name_key(t.name) in adjectival_forms()
        and ACTOR_COUNTRY_AFTER.match(text[t.end : t.end + 30])
    ):
        # "Somali army forces": the nationality of who acted, not Ethiopia's Somali Region
        return replace(t, place=None, note=(t.note + " a nationality: who acted").strip())
    if p.precision > 2 or p.feature not in ("city", "town") or p.population >= KNOWN_CITY:
        return t
    if not _MEMBERS_AFTER.match(text, t.end):
        return t
    return replace(t, place=None, note=(t.note + " a group's name: its members are named after it").strip())


def _short_country_names(toponyms: list[Toponym]) -> list[Toponym]:
    """A country named by the last words of another country the text names in full, and not by its own main name, is
    that country: "Congo" after "Democratic Republic of Congo", "Korea" after "North Korea" (a "Sudan" beside "South
    Sudan" is Sudan, its main name)."""
    full = {fold(t.name): t.place for t in toponyms if t.place is not None and t.place.feature == "country"}
    out = list(toponyms)
    for i, t in enumerate(toponyms):
        p = t.place
        if p is None or p.feature != "country" or fold(p.name) == fold(t.name):
            continue
        short = fold(t.name)
        longer = [q for name, q in full.items() if name.endswith(" " + short) and q.country_code != p.country_code]
        if len({q.country_code for q in longer}) == 1:
            out[i] = replace(t, place=longer[0], note=(t.note + " short for a country named in full").strip())
    return out


def _shared_country_names(gaz: Gazetteer, toponyms: list[Toponym]) -> list[Toponym]:
    """A name two countries carry ("Congo": the Democratic Republic and the Republic) is the one whose places the text
    names more; with as many of each, the resolver's reading stands."""
    towns = Counter(t.place.country_code for t in toponyms if t.place is not None and t.place.feature != "country")
    out = list(toponyms)
    for i, t in enumerate(toponyms):
        p = t.place
        if p is None or p.feature != "country" or "short for" in t.note:
            continue
        others = [pid for pid, _ in gaz.ranked_key(name_key(t.name), t.name)[:5]
                  if gaz.feature[pid] == "country" and gaz.country[pid] != p.country_code]  # fmt: skip
        best = max(others, key=lambda pid: towns[gaz.country[pid]], default=None)
        if best is not None and towns[gaz.country[best]] > towns[p.country_code]:
            out[i] = replace(
                t, place=gaz.place(best), note=(t.note + " the country whose places the text names").strip()
            )
    return out


def _between_names(text: str, t: Toponym) -> bool:
    """Whether a mention sits between two capitalised words of one name ("Datu Saudi Ampatuan")."""
    before = re.search(r"(\S)\s+([A-Z][\w'’-]*)\s+$", text[max(0, t.start - 40) : t.start])
    after = re.match(r"\s+[A-Z][a-z]", text[t.end : t.end + 4])
    return bool(before and after and before.group(1) not in ".!?:" and before.group(2).lower() not in CALENDAR)


def _is_area(t: Toponym) -> bool:
    return t.place is not None and t.place.precision >= 3


def _is_village(t: Toponym) -> bool:
    """A name the gazetteer lacks, placed at the area named after it by the geoparser: a town, not an area."""
    return t.note.startswith(AREA_NOTE)


def constrain_to_named_areas(
    text: str, toponyms: list[Toponym], gaz: Gazetteer | None = None, dateline_country: str = ""
) -> list[Toponym]:
    """The toponyms with every town resolved inside the areas named right after it, and in the document's country.
    A text that names no country or division of its own takes the country of its dateline (`dateline_country`, the
    reporting place's) for its towns that have a namesake there."""
    gaz = gaz or default_gazetteer()
    toponyms = _shared_country_names(gaz, _short_country_names([_group_name(text, t) for t in toponyms]))
    ordered = respell_areas(text, respell_before_areas(text, toponyms, gaz), gaz)
    out = list(ordered)
    chain_countries: set[str] = set()  # countries of areas named after a place, where the area name is unambiguous
    for i, t in enumerate(ordered):
        if out[i].place is None or "organisation" in t.note or t.note.startswith(LOOKED_UP):
            continue  # a near spelling was looked up inside the area named after it
        # the chain of areas after this mention: "T (A, B)", "T, A", "T in the countryside of A"
        scope: set[tuple[str, str]] = set()
        area_at: int | None = None
        town_at: int | None = None  # a town named right after this place: "Barangay X, Y"
        chain: list[int] = []
        misread: list[int] = []
        named: dict[int, set[str]] = {}  # the country of each unambiguous area name in the chain
        end = t.end
        for j in range(i + 1, len(ordered)):
            nxt = ordered[j]
            gap = text[end : nxt.start]
            if _SIBLING_GAP.match(gap) and _SIBLINGS_AFTER.match(text, nxt.end) and not chain and town_at is None:
                end = nxt.end  # "X and Y villages, Z": Y is X's sibling, not its area
                continue
            if not chain and town_at is None and (sib := _SIBLINGS_AFTER.match(gap)) and sib.end() > 0:
                gap = gap[sib.end() :]  # "X and Ybis villages, Z": a sibling the gazetteer lacks
            # inside the parenthesis after a town every name is an area: "X (Y, Ouest)"
            in_parens = "(" in text[t.end : nxt.start] and ")" not in text[t.end : nxt.start] and "." not in gap
            # a bare space joins words of one name ("Datu Saudi Ampatuan"), not a place and its area
            if (
                nxt.start - end > 50
                or not (in_parens or (_CHAIN_GAP.match(gap) and gap.strip()))
                or _NOT_CONTAINED.search(gap)
            ):
                break
            s = _area_scope(gaz, nxt)
            if (
                not s
                and town_at is None
                and not scope
                and nxt.place is not None
                and nxt.place.precision <= 2
                and not (_IN_PARENS.search(text, max(0, t.start - 60), t.start))
            ):  # "X (A, B)" after a name: the areas it lies in, not a quarter A of town B ("Old Quay, Porto")
                town_at = j
            if s:
                chain.append(j)
                if len({c for c, _ in s}) == 1:
                    named[j] = {c for c, _ in s}
                if not scope:  # the first area is the narrowest: "T (district, province)"
                    scope, area_at = s, j
                elif all(not a for _, a in scope) and (inner := {x for x in s if x[1] and (x[0], "") in scope}):
                    # "T area in western C (district, province)": the divisions of country C named after it narrow it
                    scope, area_at = inner, j
                else:  # a later, wider area only says which of the first area's namesakes is meant
                    narrowed = {x for x in scope if any(x[0] == c for c, _ in s)}
                    if narrowed:
                        scope = narrowed
                    elif area_at is not None:
                        prev = ordered[area_at]
                        towns = [pid for pid, _ in gaz.ranked(prev.name) if gaz.feature[pid] in ("city", "town")
                                 and _inside(gaz.country[pid], gaz.admin1[pid], s)]  # fmt: skip
                        if towns:
                            # "Barangay X, Urdaneta, Pangasinan": the narrower name is a town of the wider area (its
                            # division namesake lies abroad), and the place before it lies in that town
                            ordered[area_at] = out[area_at] = replace(
                                prev,
                                place=gaz.place(towns[0]),
                                note=(prev.note + " a town of the area after it").strip(),
                            )
                            chain.remove(area_at)
                            named.pop(area_at, None)
                            town_at = area_at if town_at is None else town_at
                        else:
                            # "X (Mayo-Y, Extreme-Nord)": no reading of the narrower name lies in the wider
                            # area's country, so that name is a division the gazetteer lacks, misread abroad (Mayo,
                            # Ireland); the wider area holds
                            misread.append(area_at)
                        scope, area_at = s, j
            end = nxt.end
        # a name misread as an area abroad says nothing of the document's country ("Mayo" of Ireland)
        chain_countries.update(*(c for j, c in named.items() if j not in misread))
        if town_at is not None and not _is_area(t):
            # "near Tessit, in Ansongo cercle": a division named after its town reaches farther than the town
            # (a namesake in another first-level division is not in it)
            town = ordered[town_at]
            wide = "(" in text[t.end : town.start] or bool(
                _TOWN_DIVISION.match(text, town.end) and t.place.admin1 and t.place.admin1 == town.place.admin1
            )
            out[i] = _within_town(gaz, t, town, wide)
        if not scope or (_is_area(t) and not _is_village(t)):
            continue  # an area named before its own country's area ("Idlib, Syria") stays as it is
        p = out[i].place
        inside_now = _inside(p.country_code, p.admin1, scope)
        if inside_now and p.population < KNOWN_CITY // 10:
            # "Machala, El Oro province": a hamlet (abroad, or in the same province) shares both names; the city of the
            # named area does too
            big = [pid for pid, _ in gaz.ranked(t.name) if gaz.population[pid] >= KNOWN_CITY
                   and _inside(gaz.country[pid], gaz.admin1[pid], scope)]  # fmt: skip
            if big and (gaz.lat[big[0]], gaz.lon[big[0]]) != (p.lat, p.lon):
                out[i] = replace(
                    out[i], place=gaz.place(big[0]), note=(out[i].note + " the city of the named area").strip()
                )
        if not inside_now:
            inside = [pid for pid, _ in gaz.ranked(t.name) if _inside(gaz.country[pid], gaz.admin1[pid], scope)]
            bare = _KIND_AFTER.sub("", t.name)
            # "Juba county (Central Equatoria state)": a division the gazetteer lacks, at its town of that name, whose
            # point stands for the division's (precision 2)
            seats = [] if inside or bare == t.name else [
                pid for pid, _ in gaz.ranked(bare) if gaz.feature[pid] in ("city", "town")
                and _inside(gaz.country[pid], gaz.admin1[pid], scope)]  # fmt: skip
            if inside:
                out[i] = replace(t, place=gaz.place(inside[0]), note=(t.note + " placed inside the named area").strip())
            elif seats:
                out[i] = replace(t, place=replace(gaz.place(seats[0]), precision=2),
                                 note=(t.note + " at its town of that name").strip())  # fmt: skip
            else:
                # the town is not in the gazetteer: the area it is in ("Idlib" the governorate, not the city), at the
                # area's own precision
                area_t = ordered[area_at]
                ids = [pid for pid, _ in gaz.ranked(area_t.name) if gaz.feature[pid] in _AREA_FEATURES
                       and _inside(gaz.country[pid], gaz.admin1[pid] or gaz.name[pid], scope)]  # fmt: skip
                # of an area's namesakes in several countries ("Nord-Ouest": Haiti's, Cameroon's), the one in the
                # country of the towns the document places ("X subdivision (Y, Nord-Ouest)")
                towns = {o.place.country_code for o in out if o.place is not None and o.place.precision <= 2}
                ids.sort(key=lambda pid: gaz.country[pid] not in towns)
                area = gaz.place(ids[0]) if ids else area_t.place
                # "Y (A)" where the gazetteer files this country's Y under a neighbouring division (borders and
                # division names change): Y itself, when it lies near the named area
                near = sorted(
                    (d, pid) for pid, _ in gaz.ranked(t.name, {area.country_code})
                    if (d := _haversine_km(gaz.lat[pid], gaz.lon[pid], area.lat, area.lon)) <= BORDER_KM
                )  # fmt: skip
                if near and not _is_village(t):
                    out[i] = replace(t, place=gaz.place(near[0][1]), note=(t.note + " near the named area").strip())
                else:
                    out[i] = replace(t, place=area, note=(t.note + " not in the gazetteer: its area").strip())
        # the names after the town are areas, and the ones of the town's country ("X (Y, Ouest)": Cameroon's
        # province Ouest, not Haiti's; "X (Idlib)": the governorate, not the city)
        cc = out[i].place.country_code
        for j in misread:
            out[j] = replace(out[j], place=None, note=(out[j].note + " not an area of the town before it").strip())
        for j in chain:
            a_t = out[j]
            if j in misread:
                continue
            if a_t.place is not None and (a_t.place.country_code != cc or a_t.place.precision < 3):
                ids = [pid for n in dict.fromkeys((a_t.name, _KIND_AFTER.sub("", a_t.name)))
                       for pid, _ in gaz.ranked(n, {cc}) if gaz.feature[pid] in _AREA_FEATURES]  # fmt: skip
                if ids:
                    out[j] = replace(
                        a_t, place=gaz.place(ids[0]), note=(a_t.note + " area of the town before it").strip()
                    )
    # the countries the document names, itself or by a first-level division (as resolved, not every namesake)
    doc_countries = {t.place.country_code for t in out if _is_area(t) and t.place.country_code and
                     "organisation" not in t.note and not _is_village(t) and LOOSE not in t.note and
                     not (t.place.precision == 4 and
                     ACTOR_COUNTRY_AFTER.match(text[t.end : t.end + 30])) and not _between_names(text, t)
                     and not _MEMBERS_AFTER.match(text, t.end)} | chain_countries  # fmt: skip
    if len(doc_countries) == 1:
        (cc,) = doc_countries
        # the document's own places in that country: a town abroad this near one of them is across a border the
        # report is about ("Jenin" in a report that names only Israel), not a misread namesake
        home = [(t.place.lat, t.place.lon) for t in out if t.place is not None and t.place.country_code == cc
                and "organisation" not in t.note]  # fmt: skip
        # the towns of another country named more often than the document's country and its places: that country is
        # the report's too ("Guanabara Bay" read as Somalia's Bay region does not empty a report on Rio of its towns)
        towns = Counter(t.place.country_code for t in out if t.place is not None and not _is_area(t)
                        and "organisation" not in t.note)  # fmt: skip
        strong = {c for c, n in towns.items() if c != cc and n >= 2 and n > len(home)}
        # names the text gives as divisions somewhere ("troops stationed in X township"): a big city abroad of that
        # name is no reading of them
        divisions = {fold(t.name) for t in out if _DIVISION_AFTER.match(text, t.end)}
        for i, t in enumerate(out):
            if t.place is None or t.place.country_code in strong | {cc} or "organisation" in t.note:
                continue
            if _is_area(t) and _MEMBERS_AFTER.match(text, t.end):
                # "clashed with Mayo militiamen" in a report on another country: a group named after an area, and the
                # area a namesake abroad
                out[i] = replace(
                    t, place=None, note=(t.note + " a group's name: its members are named after it").strip()
                )
                continue
            if _is_village(t):  # placed at an area abroad by a namesake of the area it was named with
                out[i] = replace(t, place=None, note=(t.note + ", outside the document's country").strip())
                continue
            if _is_area(t) and LOOSE not in t.note:
                continue
            there = [pid for pid, _ in gaz.ranked(t.name, {cc})]
            if (
                t.place.population >= KNOWN_CITY
                and fold(t.place.name) == fold(t.name)
                and fold(t.name) not in divisions
            ):
                # a big city abroad stays, unless the document's country has a big city of that name too ("Tripoli"
                # in a report on Lebanon)
                home_big = [pid for pid in there if gaz.feature[pid] == "city" and gaz.population[pid] >= KNOWN_CITY]
                if home_big:
                    out[i] = replace(
                        t, place=gaz.place(home_big[0]), note=(t.note + " in the document's country").strip()
                    )
                continue
            if there:
                out[i] = replace(t, place=gaz.place(there[0]), note=(t.note + " in the document's country").strip())
            elif any(_haversine_km(t.place.lat, t.place.lon, la, lo) <= BORDER_KM for la, lo in home):
                continue
            else:  # "Boko" of "Boko Haram" in a report whose places are all in Cameroon: not a place here
                out[i] = replace(t, place=None, note=(t.note + " outside the document's country").strip())
    elif not doc_countries and dateline_country:
        # "BAMAKO, 09/10/2023 - Residents of X say ...": X in the reporting place's country when it has one there
        for i, t in enumerate(out):
            if (t.place is None or t.place.country_code in ("", dateline_country) or "organisation" in t.note
                    or _is_area(t) or t.place.population >= KNOWN_CITY):  # fmt: skip
                continue
            there = [pid for pid, _ in gaz.ranked(t.name, {dateline_country})]
            if there:
                out[i] = replace(t, place=gaz.place(there[0]), note=(t.note + " in the dateline's country").strip())
    return _far_outliers(gaz, _under_headings(gaz, _quarters_of_towns(gaz, out, text), text), text)


# a part of a town: "in the X neighbourhood", "Bairro X", "Colonia Y"
_QUARTER_AFTER = re.compile(r"\s+(?:neighbou?rhood|bairro|barrio|colonia|quarter)\b", re.I)


def _quarters_of_towns(gaz: Gazetteer, toponyms: list[Toponym], text: str) -> list[Toponym]:
    """A neighbourhood named after the town the text placed before it lies in that town: its namesake near the town,
    else the town itself (precision 2), never a town of that name elsewhere."""
    out = list(toponyms)
    town: Toponym | None = None
    for i, t in enumerate(out):
        if t.place is None:
            continue
        quarter = _QUARTER_AFTER.match(text, t.end)
        # "a Kabul neighbourhood" is one of Kabul: a city after "a" is no quarter's name
        adjectival = (
            quarter
            and t.place.population >= KNOWN_CITY
            and re.search(r"\b(?:a|an)\s+$", text[max(0, t.start - 4) : t.start])
        )
        if quarter and t.place.precision <= 2 and not adjectival:
            # "the X neighbourhood of Y": Y, the next place; else the town named last before it
            nxt = out[i + 1] if i + 1 < len(out) else None
            of = (
                nxt is not None
                and nxt.place is not None
                and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[quarter.end() : nxt.start])
            )
            host = nxt if of and nxt.place.precision <= 2 else town
            if host is not None and host.place is not None:
                out[i] = _within_town(gaz, t, host, False)
        elif t.place.feature in ("city", "town", "admin2") and t.place.precision <= 2:
            town = t
    return out


# a heading line: short, on its own, with no sentence end ("POLTAVSKA OBLAST", "Nord-Est", "ACCESS")
_HEADING = re.compile(r"^[ \t]*([^\n.!?]{3,60}?)[ \t:]*\r?\n(?=[ \t]*\S)", re.M)


def _under_headings(gaz: Gazetteer, toponyms: list[Toponym], text: str) -> list[Toponym]:
    """A town in a section headed by a first-level division ("POLTAVSKA OBLAST" over its incidents, as situation
    reports list them) is that division's namesake when the gazetteer has one there: the section's heading says where
    its towns are as "X, Y province" does. The section runs to the next heading line, whatever it names."""
    headings = [(m.start(1), m.end(1), m.end()) for m in _HEADING.finditer(text)]
    if len(headings) < 2:
        return toponyms  # one heading line is a title, not sections
    out = list(toponyms)
    by_start = {t.start: t for t in toponyms if t.place is not None}
    order = sorted(range(len(out)), key=lambda i: out[i].start)  # each section's toponyms by bisection
    starts = [out[i].start for i in order]
    for k, (a, b, body) in enumerate(headings):
        head = by_start.get(a)
        if head is None or head.end < b - 12 or head.place.feature != "admin1" or "organisation" in head.note:
            continue  # a heading that is a first-level division's name (with its kind: "KIRKUK GOVERNORATE")
        stop = headings[k + 1][0] if k + 1 < len(headings) else len(text)
        cc, a1 = head.place.country_code, head.place.name
        for i in order[bisect_left(starts, body) : bisect_left(starts, stop)]:
            t = out[i]
            p = t.place
            if p is None or p.feature not in ("city", "town") or p.admin1 == a1:
                continue
            if p.country_code != cc or "named area" in t.note or "organisation" in t.note:
                continue  # a town abroad, or one already placed by the area named with it
            inside = [pid for pid, _ in gaz.ranked(t.name, {cc}) if gaz.admin1[pid] == a1]
            if inside and gaz.feature[inside[0]] in ("city", "town"):
                out[i] = replace(
                    t, place=gaz.place(inside[0]), note=(t.note + " in the division of its section").strip()
                )
    return out


def _far_outliers(gaz: Gazetteer, toponyms: list[Toponym], text: str) -> list[Toponym]:
    """A small town abroad, FAR_KM from every other place the text names, all of them in one other country, is a
    village the gazetteer lacks read as a namesake on another continent ("from Houdan to Tamale and Yendi": not
    Houdan in France): its namesake in that country if it has one, else no place. The other side must be the stronger: a
    division among them, or more mentions than the town has."""
    placed = [t for t in toponyms if t.place is not None and t.place.country_code and "organisation" not in t.note
              and not (_is_area(t) and _between_names(text, t))]  # fmt: skip
    placed_ids = {id(t) for t in placed}
    out = list(toponyms)
    for i, t in enumerate(out):
        p = t.place
        if p is None or p.feature not in ("city", "town") or id(t) not in placed_ids:
            continue
        if p.population >= KNOWN_CITY and fold(p.name) == fold(t.name):
            continue  # a city named by its own name; not one read from another of its names ("Niem" for Nimes)
        key = name_key(t.name)
        others = [o.place for o in placed if name_key(o.name) != key]
        countries = {o.country_code for o in others}
        if p.country_code in countries:
            continue  # another place of the text is in the town's country
        if len(countries) > 1:
            # several other countries: the one the text places most in, by a clear margin, stands for them
            tally = Counter(o.country_code for o in others).most_common(2)
            if tally[0][1] < 3 or tally[0][1] < 2 * tally[1][1]:
                continue
            others = [o for o in others if o.country_code == tally[0][0]]
            countries = {tally[0][0]}
        mentions = sum(name_key(o.name) == key for o in placed)
        if not (any(o.feature in _AREA_FEATURES for o in others) or len(others) > mentions):
            continue
        if min(_haversine_km(p.lat, p.lon, o.lat, o.lon) for o in others) < FAR_KM:
            continue
        there = [pid for pid, _ in gaz.ranked(t.name, countries)]
        if there:
            out[i] = replace(
                t, place=gaz.place(there[0]), note=(t.note + " in the country of the other places").strip()
            )
        else:
            out[i] = replace(t, place=None, note=(t.note + " far from every other place named").strip())
    return out


_FEATURE_GAP = re.compile(rf"^\s+(?:{'|'.join(sorted(FEATURE_NOUNS))})[\s,(]+$", re.I)
_NAME_BEFORE = re.compile(r"([A-Z][\w'’-]*)([^A-Z]*)$")  # the last capitalised word before a point, and the gap


# "Al Rawdah neighbourhood, in the north of Taiz city", "X district of Y": a quarter named with the town it is in
_IN_TOWN_GAP = re.compile(
    r"^\s*(?:neighbou?rhoods?|district|quarter|suburb|area)?\s*,?\s+(?:in|of|on)\s+(?:the\s+(?:[\w-]+\s+)?(?:part|parts|"
    r"outskirts|edge|north|south|east|west|north-?east|north-?west|south-?east|south-?west|centre|center)\s+of\s+)?$",
    re.I,
)
NEAR_TOWN_KM = 25.0  # a quarter read farther than this from the town named as its own is another place of its name
IN_TOWN_NOTE = "read far from the town named as its own: that town"


def in_named_towns(text: str, toponyms: list[Toponym]) -> list[Toponym]:
    """A place named as a quarter of the town right after it ("Al Rawdah neighbourhood, in the north of Taiz city")
    but read as a namesake far from that town is placed at the town: the gazetteer lacks the quarter."""
    out = list(toponyms)
    for i in range(len(out) - 1):
        t, town = out[i], out[i + 1]
        if t.place is None or town.place is None or town.place.feature != "city" or t.place.feature != "city":
            continue
        if not _IN_TOWN_GAP.match(text[t.end : town.start]) or _TOWN_DIVISION.match(text, town.end):
            continue  # "near Tessit, in Ansongo cercle": the division named after the town, wider than a quarter
        if _haversine_km(t.place.lat, t.place.lon, town.place.lat, town.place.lon) > NEAR_TOWN_KM:
            out[i] = replace(t, place=town.place, note=f"{t.note} {IN_TOWN_NOTE}".strip())
    return out


# "in Barangay Buenavista, this city": a place of the town the report is filed from
_THIS_TOWN = re.compile(r",?\s+(?:in\s+)?this\s+(?:city|town|capital|municipality)\b", re.I)
THIS_TOWN_NOTE = "named as a place of 'this city': the dateline's town"


def in_this_town(text: str, toponyms: list[Toponym], dateline: Toponym | None) -> list[Toponym]:
    """A place named as one of "this city" ("in Barangay Buenavista, this city") but read as a namesake far from the
    town of the dateline is placed at that town: the gazetteer lacks the quarter or village."""
    if dateline is None or dateline.place is None or dateline.place.feature != "city":
        return toponyms
    town = dateline.place
    out = []
    for t in toponyms:
        if (t.place is not None and _THIS_TOWN.match(text, t.end)
                and _haversine_km(t.place.lat, t.place.lon, town.lat, town.lon) > NEAR_TOWN_KM):  # fmt: skip
            t = replace(t, place=town, note=f"{t.note} {THIS_TOWN_NOTE}".strip())
        out.append(t)
    return out


CAPITAL_NOTE = "a country's capital"  # the note of a country's name standing for its capital ("Somalia's capital")
_CAPITAL_AFTER = re.compile(r"['’]s? (?:capital|capital city)\b")
_CAPITAL_BEFORE = re.compile(r"\bcapital(?: city)?,? of (?:the )?$")


def at_division_seats(text: str, toponyms: list[Toponym], gaz: Gazetteer | None = None) -> list[Toponym]:
    """A first-level division named as a place of its own ("clashes in Diyala province") is drawn at the division's
    seat, as ACLED's codebook codes province-level events; its precision stays 3 and its note names the seat. A
    country named as the place is drawn at its capital (not when it has several), its precision staying 4.

    A division standing in for a place the gazetteer lacks ("X (Province)", "X, Province", "X in Province") keeps
    its own point: where in the division that place lies is unknown, and the seat is no better a guess."""
    gaz = gaz or default_gazetteer()
    out = []
    for t in toponyms:
        p = t.place
        if p is not None and p.feature == "admin1" and AREA_NOTE not in t.note:
            m = _NAME_BEFORE.search(text, max(0, t.start - 80), t.start)
            head = text[max(0, m.start(1) - 5) : m.start(1)] if m else ""
            gap = m.group(2) if m else ""
            word = m.group(1) if m else ""
            # "X (Province)", "X airbase (Province)": a place of its own before the division; not "on Monday in P",
            # "Iraqi P", "ISIS in P" nor a sentence's first word
            chain = (_CHAIN_GAP.match(gap) and gap.strip()) or _FEATURE_GAP.match(gap)
            named = not (word.lower() in CALENDAR or name_key(word) in adjectival_forms() or word.isupper())
            opens = not head.strip() or "\n" in head or head.rstrip()[-1] in ".!?"
            led = bool(m and chain and named and not opens)
            seat = None if led else gaz.seat(p.country_code, p.admin1 or p.name)
            if seat is not None:
                t = replace(
                    t, place=replace(p, lat=seat[1], lon=seat[2]), note=f"{t.note} drawn at its seat {seat[0]}".strip()
                )
        elif p is not None and p.feature == "country" and (capital := gaz.capital(p.country_code)) is not None:
            if _CAPITAL_AFTER.match(text, t.end) or _CAPITAL_BEFORE.search(text[max(0, t.start - 30) : t.start]):
                # "Somalia's capital", "the capital of Somalia": the capital city itself
                if (city := gaz.capital_city(p.country_code)) is not None:
                    t = replace(t, place=gaz.place(city), note=f"{t.note} {CAPITAL_NOTE}".strip())
            elif AREA_NOTE not in t.note:
                # a country named as the place ("arrests in several cities of C"): at its capital, as the codebook
                # codes national events; precision 4 says the country is all the text tells
                t = replace(t, place=replace(p, lat=capital[1], lon=capital[2]),
                            note=f"{t.note} drawn at its capital {capital[0]}".strip())  # fmt: skip
        out.append(t)
    return out
