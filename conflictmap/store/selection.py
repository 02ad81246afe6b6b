"""What a window query of the index answers without building a frame: the rows picked (a lazy Selection of
positions, columns taken only when asked for), and per-row place codes the map's per-place summary counts on
(Selection.place_summary, which store.places.place_summary calls for a Selection; place keys are store.places').

A year of ten million events is ~1.6 million rows: taking a dozen columns at those rows (what `EventIndex.query`
does) costs more than finding them. The map needs counts per place, the sources count and, for a clicked town,
a few rows: all from positions and integer codes computed once per loaded index (`PlaceCodes`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from conflictmap.store.partitions import read_arrays, write_arrays
from conflictmap.store.places import SUMMARY_COLUMNS, group_extreme, key_parts, key_strings, place_mask, place_numbers

Part = np.ndarray | slice  # row positions, or a run of them
CODES_VERSION = 5  # of the saved codes (map-codes-<hash of this and the partition files>.arrays in the index folder)


class Selection:
    """Rows of an EventIndex that match a query, in index order: runs (slices) and position arrays, laid end to
    end. Nothing is copied until a column or a frame is asked for."""

    def __init__(self, index, parts: list[Part]) -> None:
        self.source = index  # the EventIndex
        self.parts = [p for p in parts if _size(p)]
        self._positions: np.ndarray | None = None

    def __len__(self) -> int:
        return sum(_size(p) for p in self.parts)

    @property
    def empty(self) -> bool:
        return len(self) == 0

    @property
    def positions(self) -> np.ndarray:
        """Every picked position (int64), ascending."""
        if self._positions is None:
            self._positions = self.take(None)
        return self._positions

    @property
    def index(self) -> pd.Index:
        """The labels query()'s frame would have (positions in the index)."""
        return pd.Index(self.positions)

    def take(self, values: np.ndarray | None) -> np.ndarray:
        """values (one per index row) at the picked rows; None: the positions themselves."""
        out = []
        for p in self.parts:
            if values is None:
                out.append(np.arange(p.start, p.stop, dtype=np.int64) if isinstance(p, slice) else p)
            else:
                out.append(values[p])
        if not out:
            return np.zeros(0, np.int64) if values is None else values[0:0]
        return out[0] if len(out) == 1 else np.concatenate(out)

    def frame(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The loaded columns (or these) at the picked rows, as EventIndex.query gives them."""
        events = self.source.events if columns is None else self.source.events[list(columns)]
        return events.iloc[self.positions]

    def place_summary(self) -> pd.DataFrame:
        """store.places.place_summary(self.frame()), counted on the index's PlaceCodes (see selection_summary)."""
        return selection_summary(self)

    def at_place(self, key: str) -> np.ndarray:
        """Positions of the picked rows at this place (a store.places key), as store.places.events_at_positions."""
        codes = self.source.place_codes()
        place = codes.number(key)
        if place is None:  # not a key of the index: compare coordinates row by row
            frame = self.frame(["latitude", "longitude", "geonameid"])
            return frame.index.to_numpy()[place_mask(frame, key)]
        pair = self.take(codes.pair)
        width = 2 * len(codes.type_names)
        cand = self.take(None)[(pair >= place * width) & (pair < (place + 1) * width)]
        # checked as place_mask checks: rows with an odd geonameid (negative, fractional) share a number, not a key
        frame = self.source.events[["latitude", "longitude", "geonameid"]].iloc[cand]
        return cand[place_mask(frame, key)]


def _size(p: Part) -> int:
    return max(0, p.stop - p.start) if isinstance(p, slice) else len(p)


@dataclass
class PlaceCodes:
    """Per row and per place, what store.places.place_summary groups and counts, for the whole index.

    pair: per row, (place * len(type_names) + type) * 2 + claimed: one integer for the bincounts, places numbered
    in order of their first row, rows without coordinates in the extra place `n` (never shown). type_names: the
    event types in the order pd.factorize(sort=True) gives them (ties of the main type go to the first).
    key, first, uniform, rank: per place, its key (store.places key of its first row), first row, whether every one
    of its rows has the first row's name, admin1, country, coordinates and geonameid (then any row can stand for
    it), and the position of its key in sorted order. fatalities: per row, as stored (missing values are filled
    when taken). precision: per row, geo_precision with missing values as 1, as place * 8 + precision (integers)
    when every value is a whole number 0..7, else as float64; None without the column."""

    pair: np.ndarray
    type_names: np.ndarray
    key: np.ndarray
    first: np.ndarray
    uniform: np.ndarray
    rank: np.ndarray
    fatalities: np.ndarray
    precision: np.ndarray | None
    landing: tuple[int, PlaceStats] | None = None  # (rows, their PlaceStats): the whole span's, see landing_rows
    ids: np.ndarray | None = None  # per place, its places.place_numbers value (saved: an append numbers new places)
    _numbers: dict | None = None
    _key_array: object = None
    _type_array: object = None
    _by_key: np.ndarray | None = None

    @property
    def n(self) -> int:
        """How many places (the number of the rows without coordinates)."""
        return len(self.key)

    def number(self, key: str) -> int | None:
        """The place number of a key, or None."""
        if self._numbers is None:
            self._numbers = {k: i for i, k in enumerate(self.key.tolist())}
        return self._numbers.get(key)

    def key_array(self) -> pd.api.extensions.ExtensionArray | np.ndarray:
        """The keys as a frame column holds them (strings taken from it keep their dtype, no conversion)."""
        if self._key_array is None:
            self._key_array = pd.Series(self.key.tolist(), dtype=object if not len(self.key) else None).array
        return self._key_array

    def type_array(self):
        """type_names as a frame column holds them."""
        if self._type_array is None:
            self._type_array = pd.Series(self.type_names.tolist(), dtype=object if not len(self.type_names) else None)
            self._type_array = self._type_array.array
        return self._type_array

    def by_key(self) -> np.ndarray:
        """The place numbers in the order of their keys."""
        if self._by_key is None:
            self._by_key = np.argsort(self.rank, kind="stable")
        return self._by_key

    def place_of(self, pair: np.ndarray) -> np.ndarray:
        """Place numbers from pair codes."""
        return pair // (2 * len(self.type_names))


def place_codes(events: pd.DataFrame) -> PlaceCodes:
    """The PlaceCodes of an index's frame (geonameid, latitude, longitude, event_type, claim_status, fatalities,
    location, admin1, country_code; geo_precision when present)."""
    lat = events["latitude"].to_numpy(np.float64)
    lon = events["longitude"].to_numpy(np.float64)
    gid, lat_code, lon_code = key_parts(events)
    key = place_numbers(gid, lat_code, lon_code)
    located = ~np.isnan(lat) & ~np.isnan(lon)
    everywhere = bool(located.all())  # then row i is the i-th located row: no gathers
    rows = np.flatnonzero(located)

    def at_rows(a: np.ndarray) -> np.ndarray:
        return a if everywhere else a[rows]

    codes, ids = pd.factorize(at_rows(key))  # numbered in order of first appearance
    del key
    if len(codes):
        seen = np.maximum.accumulate(codes)
        first = rows[np.flatnonzero(np.concatenate([[True], codes[1:] > seen[:-1]]))]
        del seen
    else:
        first = np.zeros(0, np.int64)
    n_places = len(first)
    # whether a place's rows all agree with its first row on what the summary shows of it
    differs = np.zeros(len(rows), dtype=bool)
    rep = first[codes]
    for arr in (*(_codes(events[c]) for c in ("location", "admin1", "country_code")), lat.view(np.int64),
                lon.view(np.int64), gid):  # fmt: skip
        differs |= at_rows(arr) != arr[rep]
    del rep
    uniform = np.bincount(codes, weights=differs, minlength=n_places) == 0
    keys = np.array(key_strings(gid[first], lat_code[first], lon_code[first]), dtype=object)
    rank = np.empty(n_places, dtype=np.int64)
    rank[np.argsort(keys.astype(str), kind="stable")] = np.arange(n_places)  # fixed-width: sorted in C
    type_code, type_names = _sorted_codes(_filled_types(events["event_type"]))
    n_types = max(len(type_names), 1)
    place = np.full(len(events), n_places, dtype=np.int64)
    place[rows] = codes
    del codes
    claimed = (events["claim_status"] == "claimed").to_numpy(bool)
    pair = (place * n_types + type_code) * 2 + claimed
    pair = pair.astype(np.int32 if (n_places + 1) * n_types * 2 < 2**31 else np.int64)
    prec = _precision_codes(events["geo_precision"]) if "geo_precision" in events.columns else None
    if prec is not None and prec.dtype == np.int8:  # place * 8 + code: one bincount finds each place's codes
        prec = (place * 8 + prec).astype(np.int32 if (n_places + 1) * 8 < 2**31 else np.int64)
    return PlaceCodes(pair, np.asarray(type_names, dtype=object), keys, first, uniform, rank,
                      _numbers(events["fatalities"]), prec, ids=np.asarray(ids, dtype=np.int64))  # fmt: skip


def _numbers(s: pd.Series) -> np.ndarray:
    """A numeric column as a NumPy array, without a copy when it is one already (missing: NaN)."""
    if s.dtype in (np.float64, np.int64):
        return s.to_numpy()
    return pd.to_numeric(s, errors="coerce").astype(np.float64).to_numpy(np.float64, na_value=np.nan)


def _precision_codes(s: pd.Series) -> np.ndarray:
    """geo_precision with missing values as 1: int8 when every value is a whole number 0..7, else float64."""
    p = pd.to_numeric(s, errors="coerce").fillna(1).to_numpy(np.float64)
    if len(p) and np.all((p >= 0) & (p < 8) & (p == np.floor(p))):
        return p.astype(np.int8)
    return p


def _codes(s: pd.Series) -> np.ndarray:
    """Integer codes of a column's values (equal values, equal codes; missing values share one)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy()
    return pd.factorize(s, use_na_sentinel=True)[0]


def _sorted_codes(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize(s, sort=True) (no missing values; a categorical's values in the order of its categories, as
    factorize sorts them): a categorical's codes are renumbered instead of hashing every row (ten million rows:
    ~0.2 s less)."""
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return pd.factorize(s, sort=True)
    codes = s.cat.codes.to_numpy()
    used = np.flatnonzero(np.bincount(codes, minlength=len(s.cat.categories)))
    table = np.zeros(len(s.cat.categories), dtype=np.intp)
    table[used] = np.arange(len(used))
    return table[codes], s.cat.categories[used]


def _filled_types(s: pd.Series) -> pd.Series:
    """event_type with missing values as "" (as place_summary fills them)."""
    if not s.isna().any():
        return s
    if isinstance(s.dtype, pd.CategoricalDtype) and "" not in s.cat.categories:
        s = s.cat.add_categories("")
    return s.fillna("")


@dataclass
class PlaceStats:
    """What a selection's summary counts, for every place 0..n (n: the rows without coordinates): events by (type,
    claimed) as counts[place, type * 2 + claimed], the sum and the largest of the tolls, the most precise code (a
    float when the codes are not small integers), and the selection's first row of each place whose rows differ
    (-1 for the others)."""

    counts: np.ndarray
    fatalities: np.ndarray
    largest: np.ndarray
    precision: np.ndarray
    firsts: np.ndarray


def place_stats(sel: Selection, codes: PlaceCodes) -> PlaceStats:
    """The PlaceStats of a selection (non-empty), from the index's per-row codes."""
    n, n_types = codes.n, len(codes.type_names)
    pair = sel.take(codes.pair)
    counts = np.bincount(pair, minlength=(n + 1) * n_types * 2).reshape(n + 1, n_types * 2)
    prec = sel.take(codes.precision) if codes.precision is not None else None
    small = prec is not None and prec.dtype.kind == "i"  # place * 8 + code
    place = np.right_shift(prec, 3) if small else codes.place_of(pair)
    f = _filled(sel.take(codes.fatalities), 0.0)
    fatalities = np.bincount(place, weights=f, minlength=n + 1)
    if len(f) and f.min() >= 0:  # only the positive tolls need reducing; a place without one has 0 as largest
        pos = f > 0
        largest = group_extreme(np.maximum, f[pos], place[pos], n + 1, -np.inf)
        largest[largest < 0] = 0.0
    else:
        largest = group_extreme(np.maximum, f, place, n + 1, -np.inf)
    if prec is None:
        precision = np.ones(n + 1, dtype=int)
    elif small:  # the smallest code each place has
        precision = (np.bincount(prec, minlength=(n + 1) * 8).reshape(n + 1, 8) > 0).argmax(axis=1).astype(int)
    else:
        precision = group_extreme(np.minimum, _filled(prec, 1.0), place, n + 1, np.inf)
    firsts = np.full(n + 1, -1, dtype=np.int64)
    wanted = np.append(~codes.uniform, False) & (counts.sum(axis=1) > 0)
    if wanted.any():  # places whose rows differ: the selection's first row of each stands for it, as in groupby
        at = np.flatnonzero(wanted[place])
        got, first = np.unique(place[at], return_index=True)
        firsts[got] = sel.take(None)[at[first]]
    return PlaceStats(counts, fatalities, largest, precision, firsts)


def landing_rows(index) -> int:
    """How many rows have a date_from: the whole span's selection (the map's first view) is rows 0..this-1 when
    no row ends before it starts."""
    return int(np.searchsorted(index._from, np.iinfo(np.int32).max, side="left"))


def with_landing(index, codes: PlaceCodes) -> PlaceCodes:
    """The codes with the PlaceStats of the whole span's rows (see landing_rows) set, when there are any."""
    m = landing_rows(index)
    codes.landing = (m, place_stats(Selection(index, [slice(0, m)]), codes)) if m else None
    return codes


def _is_rows(sel: Selection, m: int) -> bool:
    """Whether a selection is exactly rows 0..m-1 (its parts are ascending, disjoint positions)."""
    if len(sel) != m:
        return False
    return all((p.start or 0) >= 0 and p.stop <= m if isinstance(p, slice) else p[0] >= 0 and p[-1] < m
               for p in sel.parts)  # fmt: skip


def selection_summary(sel: Selection) -> pd.DataFrame:
    """store.places.place_summary(sel.frame()), from the index's PlaceCodes: one bincount over (place, type, claimed) codes
    gives the events, main types and claims of every place; the largest toll and the most precise code are
    reduced per place; names and coordinates come from one row per place (its first in the selection, or any
    row when all of the place's rows agree on them); keys are formatted and sorted once per index. The whole
    span's counts (the map's first view) are computed with the codes and saved with them."""
    codes = sel.source.place_codes()
    if sel.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    landing = codes.landing
    stats = landing[1] if landing is not None and _is_rows(sel, landing[0]) else place_stats(sel, codes)
    n = codes.n
    counts = stats.counts[:n]
    claimed_by_type = counts[:, 1::2]
    by_type = counts[:, 0::2] + claimed_by_type
    events = by_type.sum(axis=1)
    by_key = codes.by_key()
    present = by_key[events[by_key] > 0]  # the places of the selection, in key order (as the summary is sorted)
    if not len(present):
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    rep = codes.first[present]
    odd = ~codes.uniform[present]
    if odd.any():
        rep[odd] = stats.firsts[present[odd]]
    frame = sel.source.events
    keys = codes.key_array().take(present)
    if odd.any():  # keys from the rows that stand for them
        keys = np.asarray(keys, dtype=object)
        keys[odd] = key_strings(*key_parts(frame.iloc[rep[odd]]))
    data = {"place_key": keys} | {c: frame[c].array.take(rep) for c in ("location", "admin1", "country_code")}
    data |= {
        "latitude": frame["latitude"].to_numpy()[rep],
        "longitude": frame["longitude"].to_numpy()[rep],
        "events": events[present],
        "fatalities": stats.fatalities[present].astype(int),
        "max_fatalities": stats.largest[present],
        "main_type": codes.type_array().take(by_type[present].argmax(axis=1)),
        "all_claims": claimed_by_type[present].sum(axis=1) == events[present],
        "precision": stats.precision[present].astype(int),
    }
    return pd.DataFrame(data)


def _filled(values: np.ndarray, fill: float) -> np.ndarray:
    # as fillna(fill) on a float64 copy
    out = values.astype(np.float64, copy=True)
    out[np.isnan(out)] = fill
    return out


# --- saved beside the partitions: a restart reads the codes instead of computing them -----------------------------


_STATS = ("counts", "fatalities", "largest", "precision", "firsts")  # PlaceStats' fields, as saved


def codes_file(folder: Path, parts: list[dict]) -> Path:
    """Where the codes of these partitions are saved (a new partition file, a new name)."""
    sig = json.dumps([CODES_VERSION, [(p["file"], p["rows"]) for p in parts]])
    return folder / f"map-codes-{hashlib.sha256(sig.encode()).hexdigest()[:16]}.arrays"


def read_codes(folder: Path, parts: list[dict], events: pd.DataFrame) -> PlaceCodes | None:
    """The saved PlaceCodes of these partitions, or None."""
    try:
        names = ("pair", "type_names", "key", "first", "uniform", "rank", "precision", "landing_rows")
        d = read_arrays(codes_file(folder, parts), {*names, *(f"landing_{f}" for f in _STATS)})
        if len(d["pair"]) != len(events):
            return None
        codes = PlaceCodes(d["pair"], d["type_names"].astype(object), d["key"].astype(object), d["first"],
                           d["uniform"], d["rank"], _numbers(events["fatalities"]), d.get("precision"))  # fmt: skip
        if "landing_rows" in d:
            codes.landing = (int(d["landing_rows"]), PlaceStats(*(d[f"landing_{f}"] for f in _STATS)))
        return codes
    except (OSError, ValueError, KeyError, EOFError):  # absent, partial or foreign: computed again
        return None


def read_source_numbers(folder: Path, parts: list[dict]) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The saved source numbers of these partitions' rows (offsets per row, numbers, how many distinct), or None.
    A load that finds them does not read the source hashes (ten million rows: ~1 s)."""
    rows = sum(p["rows"] for p in parts)
    try:
        z = read_arrays(codes_file(folder, parts), {"source_offsets", "sources", "distinct_sources"})
        if "source_offsets" not in z:
            return None
        offsets, numbers, distinct = z["source_offsets"], z["sources"], int(z["distinct_sources"])
    except (OSError, ValueError, KeyError, EOFError):
        return None
    if len(offsets) != rows + 1 or int(offsets[-1]) != len(numbers):
        return None
    return offsets, numbers, distinct


def write_codes(folder: Path, parts: list[dict], codes: PlaceCodes, sources: dict) -> None:
    """Save the codes (and source numbers) for the next load; a folder that cannot be written is left alone."""
    path = codes_file(folder, parts)
    arrays = {"pair": codes.pair, "type_names": codes.type_names.astype(str), "key": codes.key.astype(str),
              "first": codes.first, "uniform": codes.uniform, "rank": codes.rank}  # fmt: skip
    if codes.precision is not None:
        arrays["precision"] = codes.precision
    if codes.ids is not None:
        arrays["place_ids"] = codes.ids
    if codes.landing is not None:
        arrays |= {"landing_rows": np.int64(codes.landing[0])}
        arrays |= {f"landing_{f}": getattr(codes.landing[1], f) for f in _STATS}
    if sources:
        arrays |= {"sources": sources["numbers"], "distinct_sources": np.int64(sources["distinct"]),
                   "source_offsets": _narrow(sources["offsets"])}  # fmt: skip
    if sources.get("uniques") is not None:  # the hashes numbered 0..n-1, sorted, with their numbers
        order = np.argsort(sources["uniques"], kind="stable")
        sources["sorted"] = sources["uniques"][order], order.astype(np.int32)
    if sources.get("sorted") is not None:  # what an append looks new rows' sources up in (store.mapcodes)
        arrays |= {"source_sorted": sources["sorted"][0], "source_order": sources["sorted"][1]}
    try:
        write_arrays(path, arrays)
        for old in folder.glob("map-codes-*"):
            if old.name != path.name:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _narrow(offsets: np.ndarray) -> np.ndarray:
    """Offsets as int32 when they fit (half the bytes to write and read back)."""
    return offsets.astype(np.int32) if len(offsets) and offsets[-1] < 2**31 else offsets
