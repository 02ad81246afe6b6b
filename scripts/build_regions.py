"""Regions named by their divisions (scripts/build_geodata.py calls add_split_regions last).

Many regions that the news names were split into divisions called after them by direction: "Mashonaland
Central/East/West", "Logone-Occidental" and "Logone-Oriental", "Ennedi-Est" and "Ennedi-Ouest", "Haute-Kotto" and
"Basse-Kotto", "Mindoro Occidental" and "Mindoro Oriental". GeoNames lists the divisions but not the region,
so a report naming the region alone found nothing, or a namesake far away. This derives the region from the
gazetteer's own first- and second-level divisions: when two or more divisions of one country carry a name that is
a direction word plus the same rest, that rest becomes a region (feature "region") at the mean of the divisions'
points, unless the country already has a division or region of that name, a country, a sea or a city of 100,000
people or more anywhere is called so (the bare name then means that), divisions of another country are named after it too, or it is a
frequent English word ("Central River", "Eastern Cape"). Nothing is listed by hand.
"""

from __future__ import annotations

import re
from collections import defaultdict

from conflictmap.geo.names import name_key

DIRECTIONS = (
    "North|South|East|West|Central|Northern|Southern|Eastern|Western|Upper|Lower|Middle|Nord|Sud|Est|Ouest|Centre|"
    "Haut|Haute|Bas|Basse|Norte|Sur|Oriental|Occidental"
)
_BEFORE = re.compile(rf"^(?:{DIRECTIONS})[- ](?P<rest>.+)$")
_AFTER = re.compile(rf"^(?P<rest>.+?)[- ](?:del |de )?(?:{DIRECTIONS})$")
_DIRECTION_WORDS = {w.lower() for w in DIRECTIONS.split("|")}
# the rest is a class word, not a name: "North Province", "Eastern Region", "Central River", "Eastern Cape"
_CLASS_WORDS = {
    "province", "region", "district", "state", "department", "division", "governorate", "county", "prefecture",
    "municipality", "area", "zone", "coast", "island", "islands", "bank", "territory", "sector", "parish", "okrug",
    "city", "regional", "oblast", "raion", "aimak", "aymag", "river", "cape", "hill", "hills",
}  # fmt: skip
# ... or opens with one: "Province of Agusan", "Région du Nord", "Délégation de Gabès"
_CLASS_OPENERS = {
    "province", "provinsi", "probinsia", "région", "region", "estado", "délégation", "municipio", "dunhu",
    "department", "département", "state", "district", "distrito", "okrug", "governorate", "regierungsbezirk",
}  # fmt: skip
CITY_WINS = 100_000
WORD_ZIPF = 3.5  # a lower-case dictionary word at least this frequent (wordfreq) is a word, not a region's name


def frequent_words() -> set[str]:
    """Frequent lower-case English dictionary words (the pinned wordfreq and english-words packages)."""
    from english_words import get_english_words_set
    from wordfreq import top_n_list, zipf_frequency

    lowercase = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    return {w for w in top_n_list("en", 60000) if w in lowercase and zipf_frequency(w, "en") >= WORD_ZIPF}


def split_rest(name: str, words: set[str] = frozenset()) -> str | None:
    """The name a direction word qualifies: 'North Darfur' -> 'Darfur', 'Lanao del Sur' -> 'Lanao'; None when there is
    none or it is a class word or an English word (`words`: frequent lower-case dictionary words)."""
    m = _BEFORE.match(name) or _AFTER.match(name)
    if not m:
        return None
    rest = m.group("rest").strip(" -")
    parts = rest.split()
    low = [w.lower() for w in parts]
    if (
        len(rest) < 4
        or not parts[-1][:1].isupper()
        or low[-1] in _CLASS_WORDS
        or low[0] in _CLASS_OPENERS
        or low[0] in _DIRECTION_WORDS
        or (len(parts) == 1 and (low[0] in words or low[0].rstrip("s") in words))  # "the Midlands", "Hill"
    ):
        return None
    return rest


def add_split_regions(b, words: set[str] = frozenset()) -> int:
    """Add the regions that two or more divisions of a country are named after; returns how many were added.
    `words`: frequent lower-case English words, never a region's name."""
    parts: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)  # (country, key) -> {division pid: spelling}
    for pid, place in enumerate(b.places):
        if place["feature"] not in ("admin1", "admin2"):
            continue
        for name in sorted(b.names[pid] | {place["name"]}):
            rest = split_rest(name, words)
            if rest:
                parts[(place["country_code"], name_key(rest))].setdefault(pid, rest)
    taken_in_country: set[tuple[str, str]] = set()
    taken_anywhere: set[str] = set()
    for pid, place in enumerate(b.places):
        keys = {name_key(n) for n in b.names[pid] | {place["name"]}}
        if place["feature"] in ("admin1", "admin2", "region", "country"):
            taken_in_country |= {(place["country_code"], k) for k in keys}
        if place["feature"] in ("country", "water") or int(place.get("population") or 0) >= CITY_WINS:
            taken_anywhere.add(name_key(place["name"]))  # its own name, not a stray alternate spelling
        if place["feature"] == "country":
            taken_anywhere |= keys  # "Macedonia"
    # one region per set of divisions, with every spelling their names give it ("Savo" and "Savonia")
    countries: dict[str, set[str]] = defaultdict(set)
    for cc, key in parts:
        countries[key].add(cc)
    regions: dict[tuple[str, tuple[int, ...]], set[str]] = defaultdict(set)
    for (cc, key), divisions in sorted(parts.items()):
        # "Midlands": Tasmania's Northern and Southern Midlands, but also England's West Midlands: ambiguous
        alone = len(countries[key]) == 1
        if len(divisions) >= 2 and alone and (cc, key) not in taken_in_country and key not in taken_anywhere:
            regions[(cc, tuple(sorted(divisions)))] |= set(divisions.values())
    for (cc, pids), spellings in sorted(regions.items()):
        main = sorted(spellings, key=lambda s: (not s.isascii(), len(s), s))[0]
        lat = sum(float(b.places[p]["lat"]) for p in pids) / len(pids)
        lon = sum(float(b.places[p]["lon"]) for p in pids) / len(pids)
        admin1s = {b.places[p]["admin1"] if b.places[p]["feature"] == "admin2" else b.places[p]["name"] for p in pids}
        place = {
            "geonameid": None, "name": main, "lat": round(lat, 5), "lon": round(lon, 5), "feature": "region",
            "country_code": cc, "admin1": admin1s.pop() if len(admin1s) == 1 else "", "population": 0,
            "source": "derived: the region its divisions are named after ("
            + "; ".join(sorted(b.places[p]["name"] for p in pids)) + "); point: their mean",
        }  # fmt: skip
        b.add(place, sorted(spellings))
    return len(regions)
