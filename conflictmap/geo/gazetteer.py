"""The offline gazetteer (geodata/places + names index) behind geopy's Geocoder interface, plus an optional chain.

Lookups go: exact key (conflictmap.geo.names.name_key) -> ranked by feature and population priors, country filter;
only when nothing matches exactly, a scored fuzzy fallback (rapidfuzz) over keys of similar length.
Online services (Nominatim, GeoNames) are never used unless the user switches them on in settings.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import re
import sys
import threading
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from conflictmap.geo import features
from conflictmap.geo.names import fold, name_key, spelling_tag
from conflictmap.model import GEODATA_DIR, PROJECT_ROOT, Place

ABBREVIATION = re.compile(r"[A-Za-z]+\.")
# ACLED/UCDP geo precision by feature kind.
PRECISION = {"city": 1, "town": 1, "site": 1, "admin2": 2, "region": 2, "admin1": 3, "country": 4}
PRECISION.update({"water": 4, "continent": 4})
PRECISION.update({kind: features.precision(kind) for kind in features.KINDS})  # airports, air bases, rivers...
# How strongly a bare name suggests each kind: "Georgia" in the news is more often the country than a town.
FEATURE_PRIOR = {"country": 2.2, "continent": 2.0, "admin1": 1.4, "water": 1.2, "region": 1.2, "admin2": 0.6}
FEATURE_PRIOR.update({"city": 0.0, "town": 0.0, "site": 0.0})


class Gazetteer:
    """In-memory index of geodata/: ~240k places, ~670k name keys."""

    def __init__(self, geodata_dir: Path = GEODATA_DIR) -> None:
        places = pd.read_csv(
            geodata_dir / "places.tsv.gz", sep="\t", dtype={"name": str, "feature": "category",
            "country_code": "category", "admin1": "category", "source": "category"}, keep_default_na=False,
            na_values={"geonameid": [""]},
        )  # fmt: skip
        self.name = places["name"].to_numpy(dtype=object)
        self.lat = places["lat"].to_numpy(dtype=np.float64)
        self.lon = places["lon"].to_numpy(dtype=np.float64)
        # repeated strings are interned through categoricals: one object per distinct value, not per row
        self.feature = _interned(places["feature"])
        self.country = _interned(places["country_code"])
        self.admin1 = _interned(places["admin1"])
        self.population = places["population"].fillna(0).to_numpy(dtype=np.int64)
        self.geonameid = places["geonameid"].to_numpy(dtype=np.float64)
        self.source = _interned(places["source"])
        del places
        with gzip.open(geodata_dir / "names.tsv.gz", "rt", encoding="utf-8") as fh:
            text = fh.read()
        self._index: dict[str, str] = dict(line.split("\t", 1) for line in text.split("\n")[1:] if line)
        del text
        self._prior = np.log10(self.population + 1.0) / 3.5 + np.array(
            [FEATURE_PRIOR.get(f, 0.0) for f in self.feature]
        )
        self._seats = _read_seats(geodata_dir / "admin1_seats.tsv")
        self._capitals = _read_capitals(geodata_dir / "admin_capitals.tsv")
        self._keys_by_len: dict[tuple[str, int], list[str]] | None = None
        self._grid: dict[tuple[int, int], list[int]] | None = None
        # an explicit, bounded cache: a corpus names the same places again and again
        self.candidates = lru_cache(maxsize=100_000)(self._candidates)

    def __len__(self) -> int:
        return len(self.name)

    def ids(self, key: str, tag: str = "") -> list[tuple[int, float]]:
        """Place ids for an index key, with a name bonus: main name 0.3, a name the curated supplement vouches for
        1.5, and 0.4 when one of the place's names has exactly the queried spelling (its spelling tag)."""
        raw = self._index.get(key)
        if not raw:
            return []
        out = []
        for p in raw.split(","):
            head, _, tags = p.partition(":")
            bonus = (0.3 if "*" in head else 0.0) + (1.5 if "!" in head else 0.0)
            if tag and tag in tags.split("."):
                bonus += 0.4
            out.append((int(head.rstrip("*!")), bonus))
        return out

    def has_key(self, key: str) -> bool:
        """Whether any place is known under this key."""
        return key in self._index

    def place(self, pid: int, score: float = 1.0) -> Place:
        """The Place value of one id."""
        gid = self.geonameid[pid]
        feature = self.feature[pid]
        return Place(
            name=self.name[pid], lat=float(self.lat[pid]), lon=float(self.lon[pid]),
            geonameid=None if math.isnan(gid) else int(gid), country_code=self.country[pid] or "",
            admin1=self.admin1[pid] or "", feature=feature, feature_class=_feature_class(feature),
            population=int(self.population[pid]), precision=PRECISION.get(feature, 1), score=round(score, 3),
            source=self.source[pid],
        )  # fmt: skip

    def prior(self, pid: int, bonus: float = 0.0) -> float:
        """Context-free plausibility of a place for a bare mention: feature kind, population, name bonus."""
        return float(self._prior[pid]) + bonus

    def ranked(self, name: str, country_codes: set[str] | None = None) -> list[tuple[int, float]]:
        """Exact-key candidates as (id, prior), best first; restricted to country_codes when given."""
        return self.ranked_key(_abbreviation_key(name) or name_key(name), name, country_codes)

    def ranked_key(self, key: str, name: str, country_codes: set[str] | None = None) -> list[tuple[int, float]]:
        """Candidates of one index key (see ranked); `name` is the spelling asked for."""
        folded = fold(name)
        ids = self.ids(key, spelling_tag(name))
        out = [(pid, self.prior(pid, bonus + (0.5 if fold(self.name[pid]) == folded else 0.0))) for pid, bonus in ids]
        # a city and its own province sharing the name ("Halab", "Hims"): a bare name means the city
        provinces = {(self.country[pid], self.name[pid]) for pid, _ in ids if self.feature[pid] == "admin1"}
        if provinces:
            out = [
                (pid, p + 1.0) if self.feature[pid] == "city" and (self.country[pid], self.admin1[pid]) in provinces
                else (pid, p) for pid, p in out
            ]  # fmt: skip
        if country_codes:
            out = [c for c in out if self.country[c[0]] in country_codes]
        # ties broken by id so results never depend on hash order
        return sorted(out, key=lambda c: (-c[1], c[0]))

    def fuzzy(self, name: str, limit: int = 5, cutoff: float = 85.0) -> list[tuple[str, float]]:
        """Index keys similar to name (rapidfuzz ratio >= cutoff), best first: only a fallback."""
        from rapidfuzz import fuzz, process

        key = name_key(name)
        if len(key) < 4:
            return []
        if self._keys_by_len is None:
            # keys by (first letter, length): a misspelling rarely changes the first letter
            by_len: dict[tuple[str, int], list[str]] = {}
            for k in self._index:
                by_len.setdefault((k[0], len(k)), []).append(k)
            self._keys_by_len = by_len
        pool = [k for n in range(len(key) - 2, len(key) + 3) for k in self._keys_by_len.get((key[0], n), [])]
        hits = process.extract(key, pool, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
        return [(k, s / 100.0) for k, s, _ in hits]

    def _candidates(self, name: str, country_codes: frozenset[str] | None = None, limit: int = 10) -> list[Place]:
        """Ranked candidate places for a name; exact matches first, fuzzy ones (score < 1) only if none.

        Called through `self.candidates`, the same function behind an LRU cache (country_codes must be hashable)."""
        ranked = self.ranked(name, country_codes)
        if ranked:
            top = ranked[0][1]
            return [self.place(pid, score=_softmax_share(p, top)) for pid, p in ranked[:limit]]
        out: list[Place] = []
        for key, similarity in self.fuzzy(name):
            for pid, _bonus in self.ids(key):
                if country_codes and self.country[pid] not in country_codes:
                    continue
                out.append(self.place(pid, score=similarity * 0.9))
        out.sort(key=lambda p: (-p.score, -p.population))
        return out[:limit]

    def seat(self, country: str, admin1: str) -> tuple[str, float, float] | None:
        """(name, lat, lon) of the seat of a first-level division (geodata/admin1_seats.tsv), if known."""
        return self._seats.get((country, name_key(admin1)))

    def capital(self, country: str) -> tuple[str, float, float] | None:
        """(name, lat, lon) of a country's capital (geodata/admin_capitals.tsv); None when the country has several."""
        return self._capitals.get(country)

    def capital_city(self, country: str) -> int | None:
        """The place id of a country's capital city: the best-ranked city of the capital's name there, or None."""
        capital = self._capitals.get(country)
        if capital is None:
            return None
        return next((pid for pid, _ in self.ranked(capital[0], {country}) if self.feature[pid] == "city"), None)

    def nearest(self, lat: float, lon: float, features: tuple[str, ...] = ("city", "town")) -> Place | None:
        """The nearest populated place to a point (reverse geocoding), searched on a 1-degree grid."""
        if self._grid is None:
            grid: dict[tuple[int, int], list[int]] = {}
            for pid in np.flatnonzero(np.isin(self.feature, ["city", "town", "site"])):
                grid.setdefault((int(math.floor(self.lat[pid])), int(math.floor(self.lon[pid]))), []).append(int(pid))
            self._grid = grid
        cy, cx = int(math.floor(lat)), int(math.floor(lon))
        best, best_d = None, float("inf")
        for ring in range(0, 4):
            for dy in range(-ring, ring + 1):
                for dx in range(-ring, ring + 1):
                    if max(abs(dy), abs(dx)) != ring:
                        continue
                    for pid in self._grid.get((cy + dy, cx + dx), []):
                        if self.feature[pid] not in features:
                            continue
                        d = _haversine_km(lat, lon, self.lat[pid], self.lon[pid])
                        if d < best_d:
                            best, best_d = pid, d
            if best is not None and best_d < ring * 80:
                break
        return None if best is None else self.place(best, score=1.0)


def _read_capitals(path: Path) -> dict[str, tuple[str, float, float]]:
    found: dict[str, list[tuple[str, float, float]]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            r = line.split("\t")
            if len(r) >= 6 and r[5] == "primary":
                found.setdefault(r[0], []).append((r[1], float(r[2]), float(r[3])))
    return {cc: rows[0] for cc, rows in found.items() if len(rows) == 1}


def _read_seats(path: Path) -> dict[tuple[str, str], tuple[str, float, float]]:
    if not path.exists():
        return {}
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line]
    return {(r[0], name_key(r[1])): (r[2], float(r[3]), float(r[4])) for r in rows if len(r) >= 5}


def _abbreviation_key(name: str) -> str | None:
    """'Tenn.' -> 'ten.': one-word abbreviations are indexed with their full stop (scripts/build_geodata.py)."""
    return name_key(name) + "." if ABBREVIATION.fullmatch(name.strip()) else None


def _interned(column: pd.Series) -> np.ndarray:
    """A categorical column as an object array sharing one string per distinct value."""
    return column.cat.categories.to_numpy(dtype=object)[column.cat.codes.to_numpy()]


def _feature_class(feature: str) -> str:
    return features.feature_class(feature)


def _softmax_share(p: float, top: float) -> float:
    return math.exp(p - top)


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _shared() -> Gazetteer:
    return Gazetteer()


def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded once (thread-safe)."""
    with _LOCK:
        return _shared()


@lru_cache(maxsize=1)
def governorates():
    """Iraq's governorate polygons as a GeoDataFrame (bundled GeoJSON)."""
    import geopandas as gpd

    return gpd.read_file(GEODATA_DIR / "boundaries" / "iraq_governorates.geojson")


def admin1_of(lat: float, lon: float) -> str | None:
    """The Iraqi governorate containing a point (point-in-polygon), or None outside Iraq."""
    from shapely.geometry import Point as ShapelyPoint

    gdf = governorates()
    hits = gdf[gdf.contains(ShapelyPoint(lon, lat))]
    return None if hits.empty else str(hits.iloc[0]["name"])


def _location(place: Place) -> Location:
    raw = {
        "name": place.name, "geonameid": place.geonameid, "feature": place.feature,
        "feature_class": place.feature_class, "country_code": place.country_code, "admin1": place.admin1,
        "population": place.population, "precision": place.precision, "score": place.score, "source": place.source,
    }  # fmt: skip
    address = ", ".join(
        x for x in (place.name, place.admin1 if place.admin1 != place.name else "", place.country_code) if x
    )
    return Location(address, Point(place.lat, place.lon), raw)


class OfflineGeocoder(Geocoder):
    """A geopy geocoder over the bundled gazetteer: no network, instant, with a match score in `raw`."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(timeout=1, user_agent="conflictmap-offline")
        self.gazetteer = gazetteer or default_gazetteer()

    def candidates(self, query: str, country_codes: list[str] | str | None = None, limit: int = 10) -> list[Place]:
        """The ranked candidates for the disambiguation step."""
        codes = _codes(country_codes)
        return self.gazetteer.candidates(query, frozenset(codes) if codes else None, limit=limit)

    def geocode(self, query: str, exactly_one: bool = True, country_codes=None, limit: int = 10):
        """geopy's geocode: the best Location (or a list), None when nothing matches."""
        found = self.candidates(str(query), country_codes, limit=limit if not exactly_one else 1)
        if not found:
            return None
        return _location(found[0]) if exactly_one else [_location(p) for p in found]

    def reverse(self, query, exactly_one: bool = True):
        """geopy's reverse: the nearest populated place to a point."""
        point = query if isinstance(query, Point) else Point(query)
        place = self.gazetteer.nearest(point.latitude, point.longitude)
        if place is None:
            return None
        loc = _location(place)
        return loc if exactly_one else [loc]


def _codes(country_codes) -> set[str] | None:
    if not country_codes:
        return None
    if isinstance(country_codes, str):
        country_codes = [country_codes]
    return {c.upper() for c in country_codes}


class GeocodeCache:
    """An on-disk JSON cache of online answers, so a place is never asked twice (written atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get(self, key: str):
        return self._data.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._data

    def put(self, key: str, value) -> None:
        from conflictmap.store.csvfile import atomic_write_text

        self._data[key] = value
        atomic_write_text(self.path, json.dumps(self._data, ensure_ascii=False, sort_keys=True, indent=0))


class GeocoderChain:
    """Offline first; then, only if switched on in settings, one online geopy service, rate-limited and cached."""

    def __init__(self, settings: dict | None = None, offline: OfflineGeocoder | None = None) -> None:
        from conflictmap.settings import load_settings

        self.settings = settings if settings is not None else load_settings()
        self.offline = offline or OfflineGeocoder()
        self.online = None
        service = self.settings.get("online_geocoder", "off")
        if service and service != "off":
            self.online = _online_geocoder(service, self.settings)
            self.cache = GeocodeCache(PROJECT_ROOT / ".cache" / f"geocode-{service}.json")

    def geocode(self, query: str, country_codes=None) -> Location | None:
        """The offline answer if there is one, else the (cached) online one, else None."""
        loc = self.offline.geocode(query, country_codes=country_codes)
        if loc is not None or self.online is None:
            return loc
        key = f"{query}|{','.join(sorted(_codes(country_codes) or []))}"
        if key in self.cache:
            hit = self.cache.get(key)
            return None if hit is None else Location(hit["address"], Point(hit["lat"], hit["lon"]), hit["raw"])
        kwargs = {"country_codes": sorted(_codes(country_codes))} if country_codes else {}
        try:
            loc = self.online(query, **kwargs)
        except Exception as exc:  # noqa: BLE001 - any service failure means "no online answer", never a crash
            sys.stderr.write(f"online geocoder failed for {query!r}: {exc}\n")
            return None
        self.cache.put(
            key, None if loc is None else {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude,
                                           "raw": {"source": "online", "score": 0.5}},
        )  # fmt: skip
        return loc


def _online_geocoder(service: str, settings: dict):
    """geopy's Nominatim or GeoNames wrapped in a RateLimiter, with the settings' timeout and a project User-Agent."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import GeoNames, Nominatim

    agent = "conflictmap (open-source conflict mapping)"
    timeout = float(settings.get("geocoder_timeout", 10))
    if service == "nominatim":
        geocoder = Nominatim(user_agent=agent, timeout=timeout)
    elif service == "geonames":
        geocoder = GeoNames(username=settings.get("geonames_username") or "demo", user_agent=agent, timeout=timeout)
    else:
        raise ValueError(f"unknown online geocoder {service!r}: use off, nominatim or geonames")
    return RateLimiter(geocoder.geocode, min_delay_seconds=float(settings.get("geocoder_min_delay", 1.0)))


def place_json(place: Place) -> dict:
    """The CLI's JSON record of a place."""
    return {
        "name": place.name, "lat": place.lat, "lon": place.lon, "geonameid": place.geonameid,
        "country_code": place.country_code, "admin1": place.admin1, "feature": place.feature,
        "precision": place.precision, "score": place.score,
    }  # fmt: skip


def cli(argv: list[str]) -> int:
    """python -m conflictmap geocode NAME [--country IQ] [--all] | --batch FILE"""
    ap = argparse.ArgumentParser(prog="python -m conflictmap geocode", description="Resolve place names offline.")
    ap.add_argument("name", nargs="?", help="a place name, e.g. 'Tal Afar'")
    ap.add_argument("--country", action="append", help="ISO country code to restrict to (repeatable)")
    ap.add_argument("--all", action="store_true", help="print every ranked candidate")
    ap.add_argument("--batch", type=Path, help="file with one query per line (optionally query<TAB>country)")
    args = ap.parse_args(argv)
    geocoder = OfflineGeocoder()
    if args.batch:
        try:
            lines = args.batch.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            print(f"cannot read {args.batch}: {exc.strerror}", file=sys.stderr)
            return 2
        out = io.StringIO()
        for line in lines:
            if not line.strip():
                continue
            query, _, country = line.partition("\t")
            found = geocoder.candidates(query.strip(), country.strip() or args.country, limit=1)
            out.write(json.dumps(place_json(found[0]) if found else None, ensure_ascii=False) + "\n")
        sys.stdout.write(out.getvalue())
        return 0
    if not args.name:
        ap.error("give a NAME or --batch FILE")
    found = geocoder.candidates(args.name, args.country, limit=10 if args.all else 1)
    if not found:
        print(f"no place matches {args.name!r}" + (f" in {','.join(args.country)}" if args.country else ""),
              file=sys.stderr)  # fmt: skip
        return 1
    payload = [place_json(p) for p in found] if args.all else place_json(found[0])
    print(json.dumps(payload, ensure_ascii=False, indent=1))
    return 0


__all__ = ["Gazetteer", "OfflineGeocoder", "GeocoderChain", "admin1_of", "default_gazetteer", "replace"]
