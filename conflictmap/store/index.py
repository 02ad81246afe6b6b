"""A columnar index of events.csv for millions of rows: validated once, kept as Parquet partitions by month
(built and extended by conflictmap.store.build).

    python -m conflictmap query [--events PATH] [--from D] [--to D] [--type T]... [--claim C]... [--bbox W,S,E,N]
                                [--format count|csv|geojson]

The index lives in the project's own .cache (see conflictmap.store.partitions for the layout; never beside the
events file: the app only reads that file, and may be pointed at a folder it must not write to). It holds the
valid rows (validated by conflictmap.store.csvfile.read_events, sorted by date_from), the rejected rows and the
loader's notes. Whether it still matches the CSV is judged by size, mtime, inode and ctime; when any of those
changed the CSV is hashed, and the index is reused when the content is the same, extended when the old content is
a prefix of the new one (rows appended: only the months they touch are rewritten), else rebuilt. Big files are
validated in byte chunks cut on record boundaries, in parallel processes, each chunk by read_events itself, and
spilled to disk month by month, so a first build of ten million rows runs in bounded memory.

A load reads only the columns asked for (`load_index(path, columns=MAP_COLUMNS)` for the map); the other columns
of the rows a view shows are read on demand (`EventIndex.rows`) from the row groups that hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from conflictmap.model import EVENTS_CSV
from conflictmap.store.build import (
    _CATEGORICAL,
    _HIDDEN,
    _SRC_HASH,
    MAP_COLUMNS,
    QUERY_COLUMNS,
    _append,
    _build,
    _CannotAppend,
    _restore_dtypes,
    _sorted,
    _validate,
)
from conflictmap.store.csvfile import LoadResult, StoreError, locked
from conflictmap.store.mapcodes import save_map_codes
from conflictmap.store.partitions import (
    REJECTED,
    bbox_arg,  # noqa: F401  (export.formats takes the query command's argument types from here)
    cache_path_for,
    date_arg,  # noqa: F401
    day_array,
    hash_file,
    list_arrays,
    read_meta,
    read_rows,
    same_stat,
    stat_signature,
    write_json,
)
from conflictmap.store.selection import (
    PlaceCodes,
    Selection,
    place_codes,
    read_codes,
    read_source_numbers,
    with_landing,
    write_codes,
)

__all__ = ["MAP_COLUMNS", "EventIndex", "bbox_arg", "cache_path_for", "date_arg", "load_index"]


@dataclass
class EventIndex:
    """Valid events sorted by date_from (the columns loaded), with the arrays the queries run on; the frame's
    index is each row's position in the whole index, which `rows` takes to read the other columns."""

    events: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[str] = field(default_factory=list)
    path: str = ""
    rebuilt: bool = False  # True when this load validated the CSV (no usable cache)
    folder: Path | None = None  # the partitions on disk (None: `full` holds every column in memory)
    parts: list[dict] = field(default_factory=list)
    full: pd.DataFrame | None = None
    sources: tuple[np.ndarray, np.ndarray] | None = None  # per row, hashes of its source ids (offsets, values)

    def __post_init__(self) -> None:
        ev = self.events
        # int32 days: 4 bytes a row instead of 8 (ten million rows: 120 MB less for the three arrays)
        self._from = day_array(ev["date_from"], fill=np.iinfo(np.int32).max)  # undated: sort last, end no window
        self._to = day_array(ev["date_to"], fill=np.iinfo(np.int32).min)
        # Events are sorted by date_from; the running max of date_to tells where overlaps with a window can start.
        self._to_max = np.maximum.accumulate(self._to) if len(ev) else self._to
        self._lat = ev["latitude"].to_numpy(np.float64)
        self._lon = ev["longitude"].to_numpy(np.float64)
        self._types = pd.Categorical(ev["event_type"])
        self._claims = pd.Categorical(ev["claim_status"])
        self._starts = np.cumsum([0] + [p["rows"] for p in self.parts])
        # rows where date_to < date_from (the undated ones among them): a window cannot take them on date_from alone
        self._odd = np.flatnonzero(self._to < self._from)
        self._place_codes: PlaceCodes | None = None
        self._distinct_sources: int | None = None  # set when `sources` holds numbers 0..n-1 instead of hashes
        self._source_uniques: np.ndarray | None = None  # the hashes those numbers stand for, when just numbered

    def __len__(self) -> int:
        return len(self.events)

    @property
    def load_result(self) -> LoadResult:
        """The index as a store.LoadResult (valid rows in date order)."""
        return LoadResult(self.events, self.rejected, list(self.problems), self.path)

    def _window(self, start: date | None, end: date | None) -> tuple[int, int, np.ndarray | None]:
        lo, hi = 0, len(self._from)
        if end is not None:
            hi = int(np.searchsorted(self._from, _day(end), side="right"))  # an int32 day: no copy of the array
        if start is None:
            return lo, hi, None
        s = _day(start)
        lo = int(np.searchsorted(self._to_max, s, side="left"))
        return lo, hi, (self._to[lo:hi] >= s) if lo < hi else None

    def positions(self, start=None, end=None, types=None, claims=None, bbox=None) -> np.ndarray | slice:
        """Row positions in self.events that match (a slice when only the window applies)."""
        lo, hi, mask = self._window(start, end)
        hi = max(hi, lo)
        parts = [mask] if mask is not None else []
        if types:
            parts.append(_in_codes(self._types, types, lo, hi))
        if claims:
            parts.append(_in_codes(self._claims, claims, lo, hi))
        if bbox is not None:
            parts.append(_in_bbox(self._lat[lo:hi], self._lon[lo:hi], bbox))
        if not parts:
            return slice(lo, hi)
        keep = np.logical_and.reduce(parts) if len(parts) > 1 else parts[0]
        return lo + np.flatnonzero(keep)

    def select(self, start=None, end=None, types=None, claims=None, bbox=None) -> Selection:
        """The rows query() would return, as positions (a Selection): no column is copied. A window alone is a run
        of rows whose date_from falls in it (they all overlap it) after the earlier rows that still overlap it."""
        if types or claims or bbox is not None or start is None:
            pos = self.positions(start, end, types, claims, bbox)
            return Selection(self, [pos])
        lo, hi, _ = self._window(None, end)
        s = _day(start)
        lo = max(lo, int(np.searchsorted(self._to_max, s, side="left")))
        hi = max(hi, lo)
        k = min(max(int(np.searchsorted(self._from, s, side="left")), lo), hi)
        # from k on, date_from >= start, so each row overlaps unless date_to < date_from (an odd row)
        odd = self._odd[np.searchsorted(self._odd, k) :]
        b = min(int(odd[0]), hi) if len(odd) else hi
        head = lo + np.flatnonzero(self._to[lo:k] >= s)
        tail = b + np.flatnonzero(self._to[b:hi] >= s)
        return Selection(self, [head, slice(k, b), tail])

    def place_codes(self) -> PlaceCodes:
        """Per-row place and type codes for the map's summary (computed on first use, then kept)."""
        if self._place_codes is None:
            self._place_codes = with_landing(self, place_codes(self.events))
        return self._place_codes

    def query(self, start=None, end=None, types=None, claims=None, bbox=None) -> pd.DataFrame:
        """Events overlapping [start, end] (inclusive, None = open) of these types/claims inside bbox (W,S,E,N)."""
        pos = self.positions(start, end, types, claims, bbox)
        return self.events.iloc[pos]

    def count(self, start=None, end=None, types=None, claims=None, bbox=None) -> int:
        """How many events query() would return, without building the frame."""
        pos = self.positions(start, end, types, claims, bbox)
        return pos.stop - pos.start if isinstance(pos, slice) else len(pos)

    def count_sources(self, positions) -> int:
        """How many distinct source ids the events at these positions cite (a slice, index labels, a Selection)."""
        parts = positions.parts if isinstance(positions, Selection) else [positions]
        if self.sources is None:
            if isinstance(positions, Selection):
                positions = positions.positions  # every column in memory, source_ids loaded, or read for these rows
            frame = self.full if self.full is not None else self.events
            if "source_ids" in frame.columns:
                ids = (
                    frame["source_ids"].iloc[positions]
                    if isinstance(positions, slice)
                    else frame["source_ids"].loc[positions]
                )
            else:
                pos = np.arange(len(self))[positions] if isinstance(positions, slice) else positions
                ids = self.rows(pos, ["source_ids"])["source_ids"]
            return len({s for v in ids.unique() for s in str(v).split(";") if s})
        offsets, values = self.sources
        picked = [values[_value_slots(offsets, p)] for p in parts]
        if self._distinct_sources is None:  # hashes: counted in a hash table
            return len(pd.unique(np.concatenate(picked))) if picked else 0
        seen = np.zeros(self._distinct_sources, dtype=bool)  # numbers 0..n-1: marked in a table of n flags
        for p in picked:
            seen[p] = True
        return int(np.count_nonzero(seen))

    def prepare_map(self) -> None:
        """Compute now what map updates count on (else done on first use): the place codes, and source hashes
        renumbered 0..n-1 (int32, half their size) so that distinct sources are counted by marking a table. Saved
        beside the partitions (when the index is written: see load_index), they are read back by the next load of
        the same partitions (the source numbers by _open, instead of the hashes)."""
        if self._place_codes is None and self.folder is not None:
            self._place_codes = read_codes(self.folder, self.parts, self.events)
        computed = self._place_codes is None or (self.sources is not None and self._distinct_sources is None)
        if not computed:
            return
        self.place_codes()
        if self.sources is not None and self._distinct_sources is None:
            offsets, values = self.sources
            numbers, self._source_uniques = pd.factorize(values)
            self.sources, self._distinct_sources = (offsets, numbers.astype(np.int32)), len(self._source_uniques)
        if self.folder is not None:
            known = self._distinct_sources is not None
            write_codes(self.folder, self.parts, self.place_codes(),
                        {"offsets": self.sources[0], "numbers": self.sources[1], "distinct": self._distinct_sources,
                         "uniques": self._source_uniques} if known else {})  # fmt: skip

    def rows(self, positions, columns: list[str] | None = None) -> pd.DataFrame:
        """Every column (or `columns`) of the rows at these positions (a frame's index from this index), in the
        order given, indexed by position: read from the row groups that hold them, not the whole table."""
        pos = np.asarray(positions, dtype=np.int64).reshape(-1)
        if self.full is not None:
            out = self.full.iloc[pos]
            return out if columns is None else out[list(columns)]
        import pyarrow as pa
        import pyarrow.parquet as pq

        which = np.searchsorted(self._starts, pos, side="right") - 1
        order = np.argsort(which, kind="stable")
        tables, got = [], []
        for i in np.unique(which):
            local = pos[which == i] - self._starts[i]
            pf = pq.ParquetFile(self.folder / self.parts[i]["file"])
            tables.append(read_rows(pf, local, [c for c in (columns or pf.schema_arrow.names) if c not in _HIDDEN]))
            got.append(pos[which == i])
        if not tables:
            return self.rows_frame_empty(columns)
        df = _restore_dtypes(pa.concat_tables(tables).to_pandas())
        df.index = np.concatenate(got)
        return df.iloc[np.argsort(order, kind="stable")] if len(got) > 1 else df

    def rows_frame_empty(self, columns: list[str] | None) -> pd.DataFrame:
        """No rows, with the columns rows() would give."""
        return self.rows(np.array([0]), columns).iloc[0:0] if len(self) else pd.DataFrame(columns=columns or [])


def _value_slots(offsets: np.ndarray, positions) -> slice | np.ndarray:
    """Where the values of the rows at these positions (a slice, or an array) lie in a list column's values."""
    if isinstance(positions, slice):
        start, stop = positions.start or 0, positions.stop if positions.stop is not None else len(offsets) - 1
        return slice(int(offsets[start]), int(offsets[max(start, stop)]))
    pos = np.asarray(positions, dtype=np.int64)
    start, n = offsets[pos], offsets[pos + 1] - offsets[pos]
    if (n == 1).all():
        return start
    # rows with several (or no) values: every index of every row's run
    run = np.repeat(start - np.concatenate([[0], np.cumsum(n)[:-1]]), n)
    return run + np.arange(int(n.sum()))


def _day(d: date | str | pd.Timestamp) -> np.int32:
    """Days since 1970 as the day arrays hold them: searchsorted given a Python int casts the whole int32 array to
    int64 first (ten million rows: ~20 ms a call)."""
    day = int(np.datetime64(pd.Timestamp(d).date(), "D").astype(np.int64))
    return np.int32(min(max(day, np.iinfo(np.int32).min + 1), np.iinfo(np.int32).max - 1))


def _in_codes(cat: pd.Categorical, wanted, lo: int, hi: int) -> np.ndarray:
    # a lookup table gathered by code (np.isin sorted or compared the codes: ~7x slower); code -1 (missing) takes
    # the extra last slot, False
    table = np.zeros(len(cat.categories) + 1, dtype=bool)
    table[[cat.categories.get_loc(w) for w in set(wanted) if w in cat.categories]] = True
    return table[cat.codes[lo:hi]]


def _in_bbox(lat: np.ndarray, lon: np.ndarray, bbox) -> np.ndarray:
    w, s, e, n = (float(x) for x in bbox)
    in_lon = (lon >= w) & (lon <= e) if w <= e else (lon >= w) | (lon <= e)
    return (lat >= s) & (lat <= n) & in_lon


# --- loading ------------------------------------------------------------------------------------------------------


def load_index(
    events_path: Path | str = EVENTS_CSV,
    workers: int | None = None,
    columns: tuple[str, ...] | None = None,
    sources: bool = False,
) -> EventIndex:
    """The index of an events file (every column, or only `columns` and the ones queries use; `sources`: with
    what count_sources needs): from the cache when it matches the CSV, else extended (rows appended) or validated
    and rebuilt."""
    path = Path(events_path)
    if not path.is_file():
        raise StoreError(f"{path}: file not found" if not path.exists() else f"{path}: not a file")
    if columns is not None:  # the queries run on these
        columns = tuple(dict.fromkeys([*QUERY_COLUMNS, *columns]))
    folder = cache_path_for(path)
    meta = read_meta(folder)
    corrupt = False
    if meta is not None and same_stat(meta["csv"], stat_signature(path)):
        opened = _open(folder, meta, path, columns, rebuilt=False, sources=sources)
        if opened is not None:
            return opened
        corrupt = True
    try:
        with locked(folder):
            meta, rebuilt, before = _refresh(path, folder, workers, force=corrupt)
            opened = _open(folder, meta, path, columns, rebuilt, sources)
            if opened is None:
                raise OSError(0, "the index just written cannot be read")
            if rebuilt:  # what map updates count on, computed (a build) or brought up to date (an append) now
                reopen = lambda cols: _open(folder, meta, path, cols, True, sources=True)  # noqa: E731
                save_map_codes(opened, folder, meta["partitions"], before, reopen)
            return opened
    except OSError as exc:  # read-only folder: serve from memory, say why the next load will be slow again
        res = _sorted(_validate(path, workers))
        index = EventIndex(res.valid if columns is None else res.valid[_existing(res.valid, columns)],
                           res.rejected, res.problems, str(path), rebuilt=True, full=res.valid)  # fmt: skip
        index.problems.append(f"index cache not written ({exc.strerror or exc}); the next load validates again")
        return index


def _existing(df: pd.DataFrame, columns) -> list[str]:
    return [c for c in columns if c in df.columns]


def _refresh(path: Path, folder: Path, workers: int | None, force: bool = False) -> tuple[dict, bool, list | None]:
    """The index's meta after making it match the CSV (under the lock): reused, extended or rebuilt (`force`:
    rebuilt, its files being unreadable); and, when rows were appended, the partitions before."""
    sig = stat_signature(path)
    meta = None if force else read_meta(folder)
    if meta is not None and same_stat(meta["csv"], sig):
        return meta, False, None  # another process brought it up to date meanwhile
    old = meta["csv"] if meta is not None else None
    sha, head = hash_file(path, prefix=old["size"] if old else None)
    if old and old["size"] == sig["size"] and old["sha256"] == sha:  # touched, copied back: same content
        meta["csv"] = {**old, **sig}
        write_json(folder / "meta.json", meta)
        return meta, False, None
    if old and old.get("ends_newline") and sig["size"] > old["size"] and head == old["sha256"]:
        try:
            return _append(path, folder, meta, sig, sha, workers), True, meta["partitions"]
        except _CannotAppend:
            pass
    return _build(path, folder, sig, sha, workers), True, None


def _open(folder: Path, meta: dict, path: Path, columns, rebuilt: bool, sources: bool = False) -> EventIndex | None:
    """The index read from its partitions (only `columns` when given); None when a file cannot be read."""
    import json

    import pyarrow.parquet as pq

    try:
        names = meta["columns"]
        cols = [c for c in (columns or names) if c in names and c not in _HIDDEN]
        src = sources and "source_ids" not in cols and _SRC_HASH in names
        saved = read_source_numbers(folder, meta["partitions"]) if src else None  # then the hashes are not read
        src = src and saved is None
        cols += [_SRC_HASH] if src else []
        cats = [c for c in cols if c in _CATEGORICAL] if columns is not None else []
        if columns is not None and all(p.get("lean") for p in meta["partitions"]) and set(cols) <= _lean_names(meta):
            tables = [_read_lean(folder / p["lean"], cols) for p in meta["partitions"]]
        else:
            tables = [pq.read_table(folder / p["file"], columns=cols, read_dictionary=cats) for p in meta["partitions"]]
        if not tables:
            tables = [_empty_table(meta, cols)]
        sources = None  # from here: the per-row source hashes, when loaded
        if src:
            sources = list_arrays([c for t in tables for c in t[_SRC_HASH].chunks])
            tables = [t.drop_columns([_SRC_HASH]) for t in tables]
        events = _lean_frame(tables) if columns is not None else _full_frame(tables)
        rej = json.loads((folder / REJECTED).read_text(encoding="utf-8"))
    except Exception:  # a corrupt or foreign cache is only a cache: rebuild it
        return None
    rejected = pd.DataFrame(rej["rows"], columns=rej["columns"])
    if "row" in rejected:
        rejected["row"] = pd.to_numeric(rejected["row"], errors="coerce").astype("Int64")
    index = EventIndex(events, rejected, list(meta["problems"]), str(path), rebuilt, folder, list(meta["partitions"]))
    index.sources = sources
    if saved is not None:
        index.sources, index._distinct_sources = saved[:2], saved[2]
    return index


def _lean_names(meta: dict) -> set[str]:
    return {*QUERY_COLUMNS, *MAP_COLUMNS, _SRC_HASH} & set(meta["columns"])


def _read_lean(path: Path, cols: list[str]):
    """The columns of a partition's Arrow file, memory-mapped (copied only when converted)."""
    import pyarrow as pa

    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all().select(cols)


def _full_frame(tables: list) -> pd.DataFrame:
    """Every column, dtypes as read_events gives them."""
    import pyarrow as pa

    # One contiguous buffer per column: taking rows from chunked string arrays is ~3x slower.
    return _restore_dtypes(pa.concat_tables(tables).combine_chunks().to_pandas())


def _lean_frame(tables: list) -> pd.DataFrame:
    """The loaded columns for serving: one column at a time (so the Arrow copy of only that column is alive beside
    the frame), text as categoricals, integers as int64 or float64 (NaN for missing), dates in ms."""
    import pyarrow as pa

    data = {}
    for name in tables[0].column_names:
        # from the chunks: given ChunkedArrays, pa.chunked_array converts them element by element (seconds)
        col = pa.chunked_array([c for t in tables for c in t[name].chunks], type=tables[0].schema.field(name).type)
        if pa.types.is_dictionary(col.type):
            col = pa.Table.from_arrays([col], [name]).unify_dictionaries()[name]
        data[name] = col.to_pandas()
        del col
    return pd.DataFrame(data, copy=False)


def _empty_table(meta: dict, cols: list[str]):
    import pyarrow as pa

    return pa.Table.from_pandas(pd.DataFrame(columns=cols), preserve_index=False)


# --- validating ---------------------------------------------------------------------------------------------------
