"""A columnar index of events.csv for millions of rows: validated once, kept as Parquet partitions by month.

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

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

from conflictmap.model import EVENTS_CSV
from conflictmap.store.csvfile import DATE_COLUMNS, LoadResult, StoreError, locked, read_events
from conflictmap.store.partitions import (
    INDEX_VERSION,
    REJECTED,
    ROW_GROUP,
    UNDATED,
    bbox_arg,  # noqa: F401  (export.formats takes the query command's argument types from here)
    cache_path_for,
    date_arg,  # noqa: F401
    hash_file,
    read_meta,
    same_stat,
    stat_signature,
    write_json,
)

__all__ = ["MAP_COLUMNS", "EventIndex", "bbox_arg", "cache_path_for", "date_arg", "load_index"]

CHUNKED_ABOVE_BYTES = 16 * 1024 * 1024  # smaller files are validated by one read_events call
CHUNK_BYTES = 32 * 1024 * 1024  # bytes per validation chunk (~100,000 rows): bounds each worker's memory
# What the map page and its filters use; everything else (excerpts, summaries, sources) is read on demand.
MAP_COLUMNS = ("date_from", "date_to", "event_type", "claim_status", "latitude", "longitude", "geonameid",
               "location", "admin1", "country_code", "fatalities", "geo_precision")  # fmt: skip
QUERY_COLUMNS = ("date_from", "date_to", "event_type", "claim_status", "latitude", "longitude")  # always loaded
_CATEGORICAL = ("event_type", "claim_status", "location", "admin1", "country_code", "sub_event_type", "actor1",
                "actor2", "date_precision", "claimed_by")  # fmt: skip
_ID_HASH = "_idh"  # a 64-bit hash of event_id per row: duplicate checks without reading the ids
_SRC_HASH = "_srch"  # 64-bit hashes of a row's source ids: distinct sources counted without the text
_HIDDEN = (_ID_HASH, _SRC_HASH)


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
        self._from = _day_array(ev["date_from"], fill=np.iinfo(np.int32).max)  # undated: sort last, end no window
        self._to = _day_array(ev["date_to"], fill=np.iinfo(np.int32).min)
        # Events are sorted by date_from; the running max of date_to tells where overlaps with a window can start.
        self._to_max = np.maximum.accumulate(self._to) if len(ev) else self._to
        self._lat = ev["latitude"].to_numpy(np.float64)
        self._lon = ev["longitude"].to_numpy(np.float64)
        self._types = pd.Categorical(ev["event_type"])
        self._claims = pd.Categorical(ev["claim_status"])
        self._starts = np.cumsum([0] + [p["rows"] for p in self.parts])

    def __len__(self) -> int:
        return len(self.events)

    @property
    def load_result(self) -> LoadResult:
        """The index as a store.LoadResult (valid rows in date order)."""
        return LoadResult(self.events, self.rejected, list(self.problems), self.path)

    def _window(self, start: date | None, end: date | None) -> tuple[int, int, np.ndarray | None]:
        lo, hi = 0, len(self._from)
        if end is not None:
            hi = int(np.searchsorted(self._from, _day(end), side="right"))
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

    def query(self, start=None, end=None, types=None, claims=None, bbox=None) -> pd.DataFrame:
        """Events overlapping [start, end] (inclusive, None = open) of these types/claims inside bbox (W,S,E,N)."""
        pos = self.positions(start, end, types, claims, bbox)
        return self.events.iloc[pos]

    def count(self, start=None, end=None, types=None, claims=None, bbox=None) -> int:
        """How many events query() would return, without building the frame."""
        pos = self.positions(start, end, types, claims, bbox)
        return pos.stop - pos.start if isinstance(pos, slice) else len(pos)

    def count_sources(self, positions) -> int:
        """How many distinct source ids the events at these positions cite (a slice, or index labels)."""
        if self.sources is None:  # every column in memory, source_ids loaded, or read for these rows
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
        if isinstance(positions, slice):
            picked = values[
                offsets[positions.start or 0] : offsets[positions.stop if positions.stop is not None else -1]
            ]
        else:
            pos = np.asarray(positions, dtype=np.int64)
            start, n = offsets[pos], offsets[pos + 1] - offsets[pos]
            if (n == 1).all():
                picked = values[start]
            else:  # rows with several (or no) sources: every index of every row's run
                run = np.repeat(start - np.concatenate([[0], np.cumsum(n)[:-1]]), n)
                picked = values[run + np.arange(int(n.sum()))]
        return len(pd.unique(picked))

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
            bounds = np.cumsum([0] + [pf.metadata.row_group(g).num_rows for g in range(pf.num_row_groups)])
            group = np.searchsorted(bounds, local, side="right") - 1
            wanted = np.unique(group)
            offsets = np.cumsum([0] + [bounds[g + 1] - bounds[g] for g in wanted])
            take = offsets[np.searchsorted(wanted, group)] + (local - bounds[group])
            cols = [c for c in (columns or pf.schema_arrow.names) if c not in _HIDDEN]
            tables.append(pf.read_row_groups([int(g) for g in wanted], columns=cols).take(pa.array(take)))
            got.append(pos[which == i])
        if not tables:
            return self.rows_frame_empty(columns)
        df = _restore_dtypes(pa.concat_tables(tables).to_pandas())
        df.index = np.concatenate(got)
        return df.iloc[np.argsort(order, kind="stable")] if len(got) > 1 else df

    def rows_frame_empty(self, columns: list[str] | None) -> pd.DataFrame:
        """No rows, with the columns rows() would give."""
        return self.rows(np.array([0]), columns).iloc[0:0] if len(self) else pd.DataFrame(columns=columns or [])


def _day_array(s: pd.Series, fill: int) -> np.ndarray:
    values = s.to_numpy("datetime64[D]")
    out = values.astype(np.int64).astype(np.int32)
    nat = np.isnat(values)
    if nat.any():
        out[nat] = fill
    return out


def _day(d: date | str | pd.Timestamp) -> int:
    return int(np.datetime64(pd.Timestamp(d).date(), "D").astype(np.int64))


def _in_codes(cat: pd.Categorical, wanted, lo: int, hi: int) -> np.ndarray:
    codes = [cat.categories.get_loc(w) for w in set(wanted) if w in cat.categories]
    return np.isin(cat.codes[lo:hi], np.array(codes, dtype=cat.codes.dtype))


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
            meta, rebuilt = _refresh(path, folder, workers, force=corrupt)
            opened = _open(folder, meta, path, columns, rebuilt, sources)
            if opened is None:
                raise OSError(0, "the index just written cannot be read")
            return opened
    except OSError as exc:  # read-only folder: serve from memory, say why the next load will be slow again
        res = _sorted(_validate(path, workers))
        index = EventIndex(res.valid if columns is None else res.valid[_existing(res.valid, columns)],
                           res.rejected, res.problems, str(path), rebuilt=True, full=res.valid)  # fmt: skip
        index.problems.append(f"index cache not written ({exc.strerror or exc}); the next load validates again")
        return index


def _existing(df: pd.DataFrame, columns) -> list[str]:
    return [c for c in columns if c in df.columns]


def _refresh(path: Path, folder: Path, workers: int | None, force: bool = False) -> tuple[dict, bool]:
    """The index's meta after making it match the CSV (under the lock): reused, extended or rebuilt (`force`:
    rebuilt, its files being unreadable)."""
    sig = stat_signature(path)
    meta = None if force else read_meta(folder)
    if meta is not None and same_stat(meta["csv"], sig):
        return meta, False  # another process brought it up to date meanwhile
    old = meta["csv"] if meta is not None else None
    sha, head = hash_file(path, prefix=old["size"] if old else None)
    if old and old["size"] == sig["size"] and old["sha256"] == sha:  # touched, copied back: same content
        meta["csv"] = {**old, **sig}
        write_json(folder / "meta.json", meta)
        return meta, False
    if old and old.get("ends_newline") and sig["size"] > old["size"] and head == old["sha256"]:
        try:
            return _append(path, folder, meta, sig, sha, workers), True
        except _CannotAppend:
            pass
    return _build(path, folder, sig, sha, workers), True


def _open(folder: Path, meta: dict, path: Path, columns, rebuilt: bool, sources: bool = False) -> EventIndex | None:
    """The index read from its partitions (only `columns` when given); None when a file cannot be read."""
    import json

    import pyarrow.parquet as pq

    try:
        names = meta["columns"]
        cols = [c for c in (columns or names) if c in names and c not in _HIDDEN]
        src = sources and "source_ids" not in cols and _SRC_HASH in names
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
            sources = _list_arrays([c for t in tables for c in t[_SRC_HASH].chunks])
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


def _list_arrays(chunks: list) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, values) of list arrays laid end to end (pyarrow's combine_chunks of 73 list chunks took 13 s)."""
    offsets, values, base = [np.zeros(1, np.int64)], [], 0
    for c in chunks:
        o = np.asarray(c.offsets).astype(np.int64)
        v = np.asarray(c.values)[o[0] : o[-1]]
        offsets.append(o[1:] - o[0] + base)
        values.append(v)
        base += len(v)
    return np.concatenate(offsets), (np.concatenate(values) if values else np.zeros(0, np.uint64))


def _empty_table(meta: dict, cols: list[str]):
    import pyarrow as pa

    return pa.Table.from_pandas(pd.DataFrame(columns=cols), preserve_index=False)


def _restore_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet gives datetimes in ms; read_events gives seconds. Make the frame identical to read_events' one."""
    for c in DATE_COLUMNS:
        if c in df.columns:
            df[c] = df[c].astype("datetime64[s]")
    return df


# --- validating ---------------------------------------------------------------------------------------------------


class _CannotAppend(Exception):
    """The appended bytes cannot be validated on their own: rebuild instead."""


def _sorted(res: LoadResult) -> LoadResult:
    valid = res.valid.sort_values(["date_from", "_row"], kind="stable").reset_index(drop=True)
    return LoadResult(valid, res.rejected.reset_index(drop=True), res.problems, res.path)


def _validate(path: Path, workers: int | None) -> LoadResult:
    """The whole file validated (in chunks when big), as one read_events call would give it."""
    parts = list(_validated_chunks(path, workers))
    valid = pd.concat([p.valid for p in parts], ignore_index=True)
    dup = valid["event_id"].duplicated(keep="first")
    moved = _dup_rejects(valid[dup])
    return _merge_results(parts, valid[~dup].reset_index(drop=True), moved, str(path))


def _merge_results(parts: list[LoadResult], valid: pd.DataFrame, moved: pd.DataFrame, path: str) -> LoadResult:
    problems = list(dict.fromkeys(p for part in parts for p in part.problems))
    rejected = pd.concat([p.rejected for p in parts if len(p.rejected)] or [parts[0].rejected], ignore_index=True)
    if len(moved):
        rejected = pd.concat([rejected, moved.reindex(columns=rejected.columns)], ignore_index=True)
        rejected = rejected.fillna("").sort_values("row", kind="stable").reset_index(drop=True)
    return LoadResult(valid, rejected, problems, path)


def _dup_rejects(dups: pd.DataFrame) -> pd.DataFrame:
    """Rejected-row records for valid rows whose event_id an earlier row already has (as one read would say)."""
    if dups.empty:
        return pd.DataFrame()
    raw = dups.drop(columns=["_row", *_HIDDEN], errors="ignore").astype(object)
    for c in DATE_COLUMNS:
        if c in raw:
            raw[c] = dups[c].dt.strftime("%Y-%m-%d").astype(object)
    raw = raw.where(dups.drop(columns=["_row", *_HIDDEN], errors="ignore").notna(), "").astype(str)
    raw.insert(0, "reason", [f"duplicate event_id {e!r}" for e in dups["event_id"]])
    raw.insert(0, "row", dups["_row"].to_numpy())
    return raw


def _validated_chunks(
    path: Path, workers: int | None, start: int = 0, line_offset: int = 0, spill: Path | None = None
) -> Iterator[LoadResult]:
    """read_events over the file (from byte `start`, with the header), in record-aligned byte chunks, in file
    order; row numbers are the whole file's. A small file is one read_events call."""
    size = path.stat().st_size
    if start == 0 and size < CHUNKED_ABOVE_BYTES:
        yield read_events(path)
        return
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: not cut into bytes chunks
        if start:
            raise _CannotAppend
        yield read_events(path)
        return
    # with a spill folder, each worker writes its chunk's rows there by month and returns only notes, rejected
    # rows and ids: the parent never holds a chunk's rows (unpickling them grew it by gigabytes at 10M rows)
    jobs = ((*job, spill, k) for k, job in enumerate(_chunk_jobs(path, start, line_offset)))
    n = workers or min(os.cpu_count() or 1, 4)
    if n <= 1:
        yield from map(_validate_chunk, jobs)
        return
    # fork: spawn would re-run the caller's __main__ (a script, or Streamlit's); at most n + 1 chunks in flight
    with ProcessPoolExecutor(n, mp_context=get_context("fork")) as pool:
        pending = []
        for job in jobs:
            pending.append(pool.submit(_validate_chunk, job))
            if len(pending) > n:
                yield pending.pop(0).result()
        for fut in pending:
            yield fut.result()


def _chunk_jobs(path: Path, start: int, line_offset: int) -> Iterator[tuple]:
    """(file name, header bytes, chunk bytes, rows before the chunk) for each record-aligned chunk."""
    with path.open("rb") as f:
        first = f.read(CHUNK_BYTES)
        cut = _record_end(first, 0, first_only=True)
        if cut is None:  # one line, or a header that never ends: the whole file is one chunk
            cut = len(first)
        header = first[:cut]
        f.seek(max(start, cut))
        lines = line_offset
        buf = b""
        while True:
            block = f.read(CHUNK_BYTES)
            buf += block
            if not block:
                if buf:
                    yield (path.name, header, buf, lines)
                return
            end = _record_end(buf, 0)
            if end is None:
                continue  # one record longer than a chunk: read on
            chunk, buf = buf[:end], buf[end:]
            yield (path.name, header, chunk, lines)
            lines += _line_count(chunk)


def _record_end(buf: bytes, start: int, first_only: bool = False) -> int | None:
    """The end (after its newline) of the last record in buf (the first, with first_only), or None: a newline
    outside quotes, which an even number of quote characters before it proves (quotes inside a cell are doubled)."""
    if first_only:
        pos = buf.find(b"\n", start)
        while pos >= 0 and buf.count(b'"', start, pos) % 2:
            pos = buf.find(b"\n", pos + 1)
        return None if pos < 0 else pos + 1
    pos = buf.rfind(b"\n")
    while pos >= start and buf.count(b'"', start, pos) % 2:
        pos = buf.rfind(b"\n", start, pos)
    return None if pos < start else pos + 1


def _line_count(chunk: bytes) -> int:
    """Lines as the csv module counts them (\\r\\n, \\n and \\r each end one)."""
    return chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")


def _validate_chunk(job: tuple) -> LoadResult:
    """read_events over one chunk (written under the original file name so its notes name the right file)."""
    name, header, chunk, line_offset, spill, k = job
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(header + chunk)
        res = read_events(path)
    res.valid["_row"] += line_offset
    if len(res.rejected):
        res.rejected["row"] = res.rejected["row"].astype(int) + line_offset
    return _spill_chunk(res, spill, k) if spill is not None else res


def _spill_chunk(res: LoadResult, spill: Path, k: int) -> LoadResult:
    """Write a chunk's valid rows to spill/<month>/<k>.parquet; keep only their id hashes and row numbers."""
    v = res.valid
    v[_ID_HASH] = _id_hashes(v["event_id"])
    for name, sub in v.groupby(_month_keys(v["date_from"]), sort=False):
        (spill / name).mkdir(exist_ok=True)
        sub.to_parquet(spill / name / f"{k:06d}.parquet", index=False, compression="lz4")
    res.ids = (v[_ID_HASH].to_numpy().copy(), v["_row"].to_numpy().copy())
    res.valid = v.iloc[0:0].copy()
    return res


# --- writing the partitions ---------------------------------------------------------------------------------------


def _month_keys(dates: pd.Series) -> np.ndarray:
    keys = dates.dt.strftime("%Y-%m").astype(object)
    return keys.where(dates.notna(), UNDATED).to_numpy()


def _id_hashes(ids: pd.Series) -> np.ndarray:
    return pd.util.hash_array(ids.astype(object).to_numpy(), categorize=False)


def _part_entry(name: str, file: str, df: pd.DataFrame) -> dict:
    dated = name != UNDATED and len(df)

    def d(s: pd.Series, how: str):
        return int(getattr(s.to_numpy("datetime64[D]").astype(np.int64), how)()) if dated else None

    return {"name": name, "file": file, "rows": len(df), "min_from": d(df["date_from"], "min"),
            "max_from": d(df["date_from"], "max"), "min_to": d(df["date_to"], "min"),
            "max_to": d(df["date_to"], "max")}  # fmt: skip


def _write_part(folder: Path, name: str, gen: str, df: pd.DataFrame) -> dict:
    """Write one month's rows (sorted) as a partition file; its meta entry."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    df = df.drop(columns=[_SRC_HASH], errors="ignore").sort_values(["date_from", "_row"], kind="stable")
    df = df.reset_index(drop=True)
    file = f"part-{name}-{gen}.parquet"
    table = pa.Table.from_pandas(df, preserve_index=False).append_column(_SRC_HASH, _source_hashes(df["source_ids"]))
    # lz4 reads ~2x faster than zstd; statistics per row group let a window skip groups
    pq.write_table(table, folder / file, compression="lz4", row_group_size=ROW_GROUP)
    # The map's columns again, as an uncompressed Arrow file with text dictionary-encoded: a restart maps it
    # instead of decoding Parquet (ten million rows: seconds instead of tens of seconds).
    lean_cols = [c for c in dict.fromkeys([*QUERY_COLUMNS, *MAP_COLUMNS]) if c in table.column_names]
    lean = table.select([*lean_cols, _SRC_HASH])
    lean = pa.Table.from_arrays(
        [lean[c].dictionary_encode() if c in _CATEGORICAL else lean[c] for c in lean.column_names], lean.column_names
    )
    lean_file = f"lean-{name}-{gen}.arrow"
    with pa.OSFile(str(folder / lean_file), "wb") as sink, pa.ipc.new_file(sink, lean.schema) as writer:
        writer.write_table(lean)
    return {**_part_entry(name, file, df), "lean": lean_file}


def _source_hashes(ids: pd.Series):
    """Per row, a list of 64-bit hashes of its ';'-separated source ids."""
    import pyarrow as pa

    parts = ids.astype(str).str.split(";").explode()
    parts = parts[parts.notna() & (parts != "")]
    counts = np.bincount(parts.index.to_numpy(np.int64), minlength=len(ids)) if len(ids) else np.zeros(0, np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    values = pd.util.hash_array(parts.to_numpy(object), categorize=False) if len(parts) else np.zeros(0, np.uint64)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, pa.uint64()))


def _write_meta(folder: Path, path: Path, sig: dict, sha: str, lines: int, parts: list[dict], columns, res) -> dict:
    rejected = res.rejected.astype(object).where(res.rejected.notna(), None)
    write_json(folder / REJECTED, {"columns": list(rejected.columns), "rows": rejected.to_dict("records")})
    ends_newline = False
    if sig["size"]:
        with path.open("rb") as f:
            f.seek(sig["size"] - 1)
            ends_newline = f.read(1) in (b"\n",)
    meta = {"version": INDEX_VERSION, "csv": {**sig, "sha256": sha, "lines": lines, "ends_newline": ends_newline},
            "problems": res.problems, "rejected_count": len(res.rejected), "columns": list(columns),
            "partitions": sorted(parts, key=lambda p: (p["name"] == UNDATED, p["name"]))}  # fmt: skip
    write_json(folder / "meta.json", meta)
    return meta


def _remove_unlisted(folder: Path, meta: dict) -> None:
    keep = {p["file"] for p in meta["partitions"]} | {p.get("lean") for p in meta["partitions"]}
    for f in [*folder.glob("part-*.parquet"), *folder.glob("lean-*.arrow")]:
        if f.name not in keep:
            f.unlink(missing_ok=True)


def _build(path: Path, folder: Path, sig: dict, sha: str, workers: int | None) -> dict:
    """Validate the whole CSV chunk by chunk, spilling each chunk's rows by month, then write one sorted file per
    month: memory holds a few chunks and one month, never the table."""
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(".build-*"):  # left by a build that was killed (we hold the lock)
        shutil.rmtree(stale, ignore_errors=True)
    gen = secrets.token_hex(4)
    spill = folder / f".build-{gen}"
    spill.mkdir()
    try:
        parts, hashes, rows = [], [], []
        for k, res in enumerate(_validated_chunks(path, workers, spill=spill)):
            if not hasattr(res, "ids"):  # one read_events call (a small file): spilled here
                res = _spill_chunk(res, spill, k)
            hashes.append(res.ids[0])
            rows.append(res.ids[1])
            parts.append(res)
        dup_rows = _duplicate_rows(np.concatenate(hashes), np.concatenate(rows), spill)
        moved, entries = [], []
        for month in sorted(p.name for p in spill.iterdir()):
            df = pd.concat([pd.read_parquet(f) for f in sorted((spill / month).iterdir())], ignore_index=True)
            df = _restore_dtypes(df)
            dup = df["_row"].isin(dup_rows)
            if dup.any():
                moved.append(df[dup])
                df = df[~dup]
            if len(df):
                entries.append(_write_part(folder, month, gen, df))
        if not entries:  # no valid row: an empty partition keeps the columns
            empty = _restore_dtypes(parts[0].valid.copy()) if parts else pd.DataFrame()
            entries.append(_write_part(folder, "0000-00", gen, empty))
            entries[-1].update(min_from=None, rows=0)
        moved_df = _dup_rejects(pd.concat(moved)) if moved else pd.DataFrame()
        res = _merge_results(parts, pd.DataFrame(), moved_df, str(path))
        lines = _file_lines(path)
        columns = pq.read_schema(folder / entries[0]["file"]).names
        meta = _write_meta(folder, path, sig, sha, lines, entries, columns, res)
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    _remove_unlisted(folder, meta)
    return meta


def _file_lines(path: Path, start: int = 0) -> int:
    n = 0
    with path.open("rb") as f:
        f.seek(start)
        while block := f.read(1 << 24):
            n += _line_count(block)  # a \r\n split across blocks counts one line too many: only for \r files
    return n


def _duplicate_rows(hashes: np.ndarray, rows: np.ndarray, spill: Path | None) -> set[int]:
    """Row numbers of valid rows whose event_id an earlier valid row has: found by hash, confirmed by the ids."""
    if len(hashes) < 2:
        return set()
    order = np.argsort(hashes, kind="stable")
    h = hashes[order]
    same = np.flatnonzero(h[1:] == h[:-1])
    if not len(same):
        return set()
    cand = set(rows[order[np.unique(np.concatenate([same, same + 1]))]].tolist())
    ids = pd.concat(
        [pd.read_parquet(f, columns=["event_id", "_row"]) for f in sorted(spill.rglob("*.parquet"))], ignore_index=True
    )
    ids = ids[ids["_row"].isin(cand)].sort_values("_row")
    return set(ids.loc[ids["event_id"].duplicated(keep="first"), "_row"].tolist())


def _append(path: Path, folder: Path, meta: dict, sig: dict, sha: str, workers: int | None) -> dict:
    """Validate only the appended bytes and rewrite only the months their rows fall in."""
    import json

    import pyarrow.parquet as pq

    old = meta["csv"]
    header_lines = 1
    parts = list(_validated_chunks(path, workers, start=old["size"], line_offset=old["lines"] - header_lines))
    if any(q not in meta["problems"] for p in parts for q in p.problems):
        raise _CannotAppend  # a note the old rows did not have (a different header): validate everything again
    new = pd.concat([p.valid for p in parts], ignore_index=True)
    new[_ID_HASH] = _id_hashes(new["event_id"])
    dup = new["event_id"].duplicated(keep="first")
    known = np.concatenate([pq.ParquetFile(folder / p["file"]).read(columns=[_ID_HASH])[_ID_HASH].to_numpy()
                            for p in meta["partitions"] if p["rows"]] or [np.array([], np.uint64)])  # fmt: skip
    # a hash table of the few new ids, scanned by the many old ones (np.isin would sort all ten million)
    seen = set(known[pd.Series(known).isin(new[_ID_HASH]).to_numpy()].tolist())
    maybe = new[_ID_HASH].isin(seen).to_numpy() & ~dup.to_numpy()
    if maybe.any():  # confirm with the ids of the months that hold those hashes
        old_ids = set()
        for p in meta["partitions"]:
            if p["rows"]:
                t = pq.read_table(folder / p["file"], columns=["event_id", _ID_HASH]).to_pandas()
                old_ids |= set(t.loc[t[_ID_HASH].isin(new.loc[maybe, _ID_HASH]), "event_id"])
        dup |= new["event_id"].isin(old_ids)
    moved = _dup_rejects(new[dup])
    new = _restore_dtypes(new[~dup])
    gen = secrets.token_hex(4)
    entries = {p["name"]: p for p in meta["partitions"] if p["rows"]}
    for month, rows in new.groupby(_month_keys(new["date_from"]), sort=False):
        if month in entries:
            rows = pd.concat([_restore_dtypes(pd.read_parquet(folder / entries[month]["file"])), rows],
                             ignore_index=True)  # fmt: skip
        entries[month] = _write_part(folder, month, gen, rows)
    rej = json.loads((folder / REJECTED).read_text(encoding="utf-8"))
    before = pd.DataFrame(rej["rows"], columns=rej["columns"])
    res = _merge_results([LoadResult(new.iloc[0:0], before, list(meta["problems"])), *parts], pd.DataFrame(),
                         moved, str(path))  # fmt: skip
    lines = old["lines"] + _file_lines(path, start=old["size"])
    out = _write_meta(folder, path, sig, sha, lines, list(entries.values()), meta["columns"], res)
    _remove_unlisted(folder, out)
    return out
