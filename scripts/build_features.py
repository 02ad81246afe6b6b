"""Airports and air bases for the gazetteer (scripts/build_geodata.py calls add_airports), from the pinned
`airportsdata` package (MIT; airports.csv: ICAO and IATA codes, name, city, country, coordinates).

Kept: every airport with an IATA code, and military airfields without one (the name says Air Base, Airfield, Army
Air Field, Air Station; or RAF/CFB/RNAS). Left out: the tens of thousands of private strips, heliports and
seaplane bases, which news rarely names and which would only slow the gazetteer's loading.
Each is indexed by names that carry a class word, never by a bare name that could be a town's or a person's:
  - its own name ("Baghdad International Airport"; "King Mswati III Intl" as "... International"),
  - the name without "International"/"Regional" ("Baghdad Airport"),
  - "<city> Airport", "<city> Air Base", "<city> Airfield" when it is its city's only kept airfield
    ("Qayyarah Air Base" for Qayyarah West Airport), or, for "<city> Airport" alone, the city's only one with an
    IATA code; with the city as airportsdata spells it and as the gazetteer's most populous city of that name
    in the country calls it ("Arbil" and "Erbil").
A name another place already has (a suburb called "Melbourne Airport", the town of "Fairport") is left to that
place. admin1 is the gazetteer's admin1 of the nearest city in the same country (airportsdata's subdivision names follow
other spellings).
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from conflictmap.geo.names import name_key

PACKAGE, VERSION = "airportsdata", "20260905"
MILITARY = re.compile(
    r"\b(?:air ?base|air ?field|army air|air station|naval air|military)\b|^(?:RAF|CFB|RNAS|NAS) ", re.IGNORECASE
)
CLASS_WORD = re.compile(
    r"\b(?:airport|air ?base|air ?field|aerodrome|airstrip|air station|air park)\b|^(?:RAF|CFB|RNAS) |"
    r"\bfield$",
    re.IGNORECASE,
)
SKIPPED = re.compile(r"\b(?:heliport|seaplane|water aerodrome|balloonport|closed)\b", re.IGNORECASE)
OPTIONAL_WORDS = re.compile(r"\s+(?:International|Intl\.?|Regional|Domestic)(?=\s+Airport\b)", re.IGNORECASE)
GRID = 1.0  # degrees: the cell of the nearest-city search


def airports_csv() -> Path:
    """The pinned package's airports.csv."""
    version = metadata.version(PACKAGE)
    if version != VERSION:
        raise SystemExit(f"{PACKAGE} {version} is installed but geodata is pinned to {VERSION}: pip install -r ...")
    return Path(metadata.distribution(PACKAGE).locate_file(PACKAGE)) / "airports.csv"


def kept_airports(path: Path) -> list[dict]:
    """The airfields the gazetteer keeps, sorted by ICAO code."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["name"].replace(" Intl", " International").strip()
            if not row["country"] or SKIPPED.search(name) or not CLASS_WORD.search(name):
                continue
            if not row["iata"] and not MILITARY.search(name):
                continue
            out.append({**row, "name": name})
    return sorted(out, key=lambda r: r["icao"])


def _names(row: dict, cities: list[str], unique_city: bool, iata_city: bool) -> list[str]:
    name = row["name"]
    names = [name, OPTIONAL_WORDS.sub("", name)]
    for city in cities:
        if len(name_key(city)) < 3:
            continue
        if unique_city:
            names += [f"{city} Airport", f"{city} Air Base", f"{city} Airfield"]
        elif iata_city:
            names.append(f"{city} Airport")
    return list(dict.fromkeys(names))


def _city_main_names(b, countries: set[str]) -> dict[tuple[str, str], str]:
    """(country, name key) -> the main name of the most populous gazetteer city with that name ('Arbil' -> Erbil)."""
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for pid, p in enumerate(b.places):
        if p["feature"] != "city" or p["country_code"] not in countries:
            continue
        for n in b.names[pid]:
            k = (p["country_code"], name_key(n))
            if k not in best or p["population"] > best[k][0]:
                best[k] = (p["population"], p["name"])
    return {k: v[1] for k, v in best.items()}


def _nearest_city(grid: dict, places: list[dict], cc: str, lat: float, lon: float) -> dict | None:
    cy, cx = math.floor(lat / GRID), math.floor(lon / GRID)
    best, best_d = None, float("inf")
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for pid in grid.get((cc, cy + dy, cx + dx), ()):
                p = places[pid]
                d = (p["lat"] - lat) ** 2 + ((p["lon"] - lon) * math.cos(math.radians(lat))) ** 2
                if d < best_d:
                    best, best_d = p, d
    return best


def add_airports(b) -> int:
    """Add the kept airports and air bases to a build_geodata.Builder; returns how many were added."""
    rows = kept_airports(airports_csv())
    grid: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for pid, p in enumerate(b.places):
        if p["feature"] == "city" and p.get("admin1"):
            grid[(p["country_code"], math.floor(p["lat"] / GRID), math.floor(p["lon"] / GRID))].append(pid)
    per_city: dict[tuple[str, str], int] = defaultdict(int)
    iata_per_city: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        per_city[(r["country"], name_key(r["city"]))] += 1
        iata_per_city[(r["country"], name_key(r["city"]))] += bool(r["iata"])
    main_names = _city_main_names(b, {r["country"] for r in rows})
    # a name some other place already has stays that place's alone: a feature never takes a town's name
    taken = {name_key(n) for names in b.names.values() for n in names}
    skipped = 0
    for r in rows:
        lat, lon = round(float(r["lat"]), 5), round(float(r["lon"]), 5)
        near = _nearest_city(grid, b.places, r["country"], lat, lon)
        city = (r["country"], name_key(r["city"]))
        spellings = [c for c in dict.fromkeys([r["city"].strip(), main_names.get(city, "")]) if c]
        place = {
            "geonameid": None, "name": r["name"], "lat": lat, "lon": lon,
            "feature": "airbase" if MILITARY.search(r["name"]) else "airport", "country_code": r["country"],
            "admin1": near["admin1"] if near else "", "population": 0,
            "source": f"{PACKAGE} {VERSION} ICAO {r['icao']}",
        }  # fmt: skip
        names = _names(r, spellings, per_city[city] == 1, bool(r["iata"]) and iata_per_city[city] == 1)
        names = [n for n in names if name_key(n) not in taken]
        if names:
            b.add(place, names, index_main=names[0] == r["name"])
        skipped += not names
    return len(rows) - skipped
