"""A columnar index of events.csv for millions of rows: validated once, cached as Parquet, queried with numpy.

    python -m conflictmap query [--events PATH] [--from D] [--to D] [--type T]... [--claim C]... [--bbox W,S,E,N]
                                [--format count|csv|geojson]

The cache is `.cache/index/<events name>-<hash of its full path>.index.parquet` in the project folder (never beside
the events file: the app only reads that file, and may be pointed at a folder it must not write to). It holds the valid rows (validated by
conflictmap.store.csvfile.read_events, sorted by date_from) and, in its metadata, the rejected rows, the loader's notes and
the size, mtime_ns and sha256 of the CSV it was built from. It is rebuilt when the CSV's size or sha256 differ;
a changed mtime alone (a `touch`, a checkout) does not force a rebuild because the hash proves the content is the
same. Big files are validated in chunks, in parallel processes, each chunk by read_events itself.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

from conflictmap.model import CLAIM_STATUSES, EVENT_COLUMNS, EVENT_TYPES, EVENTS_CSV, PROJECT_ROOT
from conflictmap.store.csvfile import (
    DATE_COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    LoadResult,
    StoreError,
    atomic_path,
    locked,
    neutralise_formula_column,
    read_events,
)

INDEX_VERSION = 2
CHUNKED_ABOVE_BYTES = 16 * 1024 * 1024  # smaller files are validated by one read_events call
CHUNK_ROWS = 100_000  # rows per validation chunk: bounds each worker's memory (~0.5 GB per chunk)
_META_KEY = b"conflictmap.store.index"


def cache_path_for(events_path: Path | str) -> Path:
    """Where the Parquet index of an events file lives: the project's own .cache, keyed by the file's full path."""
    p = Path(events_path).resolve()
    key = hashlib.sha256(str(p).encode("utf-8")).hexdigest()[:16]
    return PROJECT_ROOT / ".cache" / "index" / f"{p.name[:80]}-{key}.index.parquet"


def file_signature(path: Path) -> dict:
    """size, mtime_ns and sha256 of a file (reading it once, in 1 MB blocks)."""
    st = path.stat()
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": h.hexdigest()}


def _same_content(a: dict, b: dict) -> bool:
    return a.get("size") == b.get("size") and a.get("sha256") == b.get("sha256")


@dataclass
class EventIndex:
    """Valid events sorted by date_from, with the arrays the queries run on; rejected rows and notes kept."""

    events: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[str] = field(default_factory=list)
    path: str = ""
    rebuilt: bool = False  # True when this load validated the CSV (no usable cache)

    def __post_init__(self) -> None:
        ev = self.events
        self._from = ev["date_from"].to_numpy("datetime64[D]").astype(np.int64)
        self._to = ev["date_to"].to_numpy("datetime64[D]").astype(np.int64)
        # Events are sorted by date_from; the running max of date_to tells where overlaps with a window can start.
        self._to_max = np.maximum.accumulate(self._to) if len(ev) else self._to
        self._lat = ev["latitude"].to_numpy(np.float64)
        self._lon = ev["longitude"].to_numpy(np.float64)
        self._types = pd.Categorical(ev["event_type"])
        self._claims = pd.Categorical(ev["claim_status"])

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


def _day(d: date | str | pd.Timestamp) -> int:
    return int(np.datetime64(pd.Timestamp(d).date(), "D").astype(np.int64))


def _in_codes(cat: pd.Categorical, wanted, lo: int, hi: int) -> np.ndarray:
    codes = [cat.categories.get_loc(w) for w in set(wanted) if w in cat.categories]
    return np.isin(cat.codes[lo:hi], np.array(codes, dtype=cat.codes.dtype))


def _in_bbox(lat: np.ndarray, lon: np.ndarray, bbox) -> np.ndarray:
    w, s, e, n = (float(x) for x in bbox)
    in_lon = (lon >= w) & (lon <= e) if w <= e else (lon >= w) | (lon <= e)
    return (lat >= s) & (lat <= n) & in_lon


# --- building and loading the cache ---------------------------------------------------------------------------


def load_index(events_path: Path | str = EVENTS_CSV, workers: int | None = None) -> EventIndex:
    """The index of an events file: from the Parquet cache when it matches the CSV, else validated and rebuilt."""
    path = Path(events_path)
    if not path.is_file():
        raise StoreError(f"{path}: file not found" if not path.exists() else f"{path}: not a file")
    cache = cache_path_for(path)
    sig = file_signature(path)
    cached = _read_cache(cache, sig, str(path))
    if cached is not None:
        return cached
    try:
        with locked(cache):
            cached = _read_cache(cache, sig, str(path))  # another process may have built it meanwhile
            if cached is not None:
                return cached
            index = _build(path, workers)
            _write_cache(index, cache, sig)
            return index
    except OSError as exc:  # read-only folder: serve from memory, say why the next load will be slow again
        index = _build(path, workers)
        index.problems.append(f"index cache not written ({exc.strerror or exc}); the next load validates again")
        return index


def _read_cache(cache: Path, sig: dict, path: str) -> EventIndex | None:
    import pyarrow.parquet as pq

    if not cache.exists():
        return None
    try:
        meta = json.loads(pq.read_schema(cache).metadata[_META_KEY])
        if meta.get("version") != INDEX_VERSION or not _same_content(meta["csv"], sig):
            return None
        # One contiguous buffer per column: taking rows from chunked string arrays is ~3x slower.
        events = _restore_dtypes(pq.read_table(cache).combine_chunks().to_pandas())
    except Exception:  # a corrupt or foreign cache is only a cache: rebuild it
        return None
    rejected = pd.DataFrame(meta["rejected"], columns=meta["rejected_columns"])
    if "row" in rejected:
        rejected["row"] = pd.to_numeric(rejected["row"], errors="coerce").astype("Int64")
    return EventIndex(events, rejected, meta["problems"], path, rebuilt=False)


def _write_cache(index: EventIndex, cache: Path, sig: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(index.events, preserve_index=False)
    # rejected rows as they were read: missing cells stay missing (not "nan"), row numbers stay numbers
    rejected = index.rejected.astype(object).where(index.rejected.notna(), None)
    meta = {"version": INDEX_VERSION, "csv": sig, "problems": index.problems,
            "rejected_columns": list(rejected.columns), "rejected": rejected.to_dict("records")}  # fmt: skip
    text = json.dumps(meta, default=lambda v: v.item() if hasattr(v, "item") else str(v))
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _META_KEY: text.encode()})
    # a cache need not survive a power cut (a torn file is rebuilt), so no fsync of a file this big
    with atomic_path(cache, durable=False) as tmp:
        pq.write_table(table, tmp, compression="lz4", row_group_size=2_000_000)  # lz4: reads ~2x faster than zstd


def _restore_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet gives datetimes in ms; read_events gives seconds. Make the frame identical to read_events' one."""
    for c in DATE_COLUMNS:
        df[c] = df[c].astype("datetime64[s]")
    return df


def _build(path: Path, workers: int | None) -> EventIndex:
    """Validate the CSV with read_events (in chunks when big) and sort valid rows by date."""
    res = _validate(path, workers)
    valid = res.valid.sort_values(["date_from", "_row"], kind="stable").reset_index(drop=True)
    return EventIndex(valid, res.rejected.reset_index(drop=True), res.problems, str(path), rebuilt=True)


def _validate(path: Path, workers: int | None) -> LoadResult:
    if path.stat().st_size < CHUNKED_ABOVE_BYTES:
        return read_events(path)
    from conflictmap.store.csvfile import _read_text

    text = _read_text(path)
    header_end, chunks, dup_rows = _split_records(text)
    if len(chunks) <= 1:
        return read_events(path)
    # jobs are offsets into the text, which forked workers inherit: no second copy of the file in memory
    global _SHARED_TEXT
    _SHARED_TEXT = text
    del text
    jobs = [(path.name, header_end, a, b, offset) for a, b, offset in chunks]
    n = workers or min(len(jobs), os.cpu_count() or 1, 4)
    try:
        if n > 1:
            # fork: spawn would re-run the caller's __main__ (a script, or Streamlit's) and could not share the text
            with ProcessPoolExecutor(n, mp_context=get_context("fork")) as pool:
                parts = list(pool.map(_validate_chunk, jobs))
        else:
            parts = [_validate_chunk(j) for j in jobs]
    finally:
        _SHARED_TEXT = ""
    return _combine(parts, dup_rows, str(path))


_SHARED_TEXT = ""  # the CSV being validated in chunks, set only while _validate runs


def _split_records(text: str) -> tuple[int, list[tuple[int, int, int]], dict[int, dict]]:
    """Header end, record-aligned chunks (start, end, row-number offset), and the raw rows whose event_id repeats."""
    consumed = [0, 0]  # characters and lines handed to the csv reader so far

    def lines():
        if "\r" in text:  # any line-ending convention: StringIO splits like the csv module expects
            source = io.StringIO(text, newline="")
        else:  # "\n" only: slices of the text, without StringIO's 4-bytes-per-character copy of it
            source = _lines_of(text)
        for line in source:
            consumed[0] += len(line)
            consumed[1] += 1
            yield line

    reader = csv.reader(lines())
    header = [h.strip() for h in next(reader, [])]
    id_col = header.index("event_id") if "event_id" in header else None
    header_end, chunks, start, n = consumed[0], [], consumed[0], 0
    lines_before = start_line = header_lines = consumed[1]  # lines before the current record / chunk
    first_seen: set[str] = set()
    records: dict[int, list[str]] = {}
    repeated: set[str] = set()
    for rec in reader:
        row_no = lines_before + 1  # the line the record starts on, as read_events numbers rows
        lines_before = consumed[1]
        if id_col is not None and id_col < len(rec):
            eid = rec[id_col].strip()
            if eid in first_seen:
                repeated.add(eid)
                records[row_no] = rec
            else:
                first_seen.add(eid)
        n += 1
        if n == CHUNK_ROWS:
            chunks.append((start, consumed[0], start_line - header_lines))
            start, start_line, n = consumed[0], consumed[1], 0
    if n:
        chunks.append((start, consumed[0], start_line - header_lines))
    dup_rows = {r: dict(zip(header, rec, strict=False)) for r, rec in records.items()}
    return header_end, chunks, {r: v for r, v in dup_rows.items() if v.get("event_id", "").strip() in repeated}


def _lines_of(text: str):
    """The lines of a "\n"-terminated text, each with its "\n", as slices."""
    pos, n = 0, len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl + 1
        yield text[pos:end]
        pos = end


def _validate_chunk(job: tuple[str, int, int, int, int]) -> LoadResult:
    """read_events over one chunk (written under the original file name so its notes name the right file)."""
    name, header_end, a, b, line_offset = job
    text = _SHARED_TEXT[:header_end] + _SHARED_TEXT[a:b]
    with tempfile.TemporaryDirectory() as tmp:
        chunk = Path(tmp) / name
        chunk.write_text(text, encoding="utf-8")
        res = read_events(chunk)
    res.valid["_row"] += line_offset
    if len(res.rejected):
        res.rejected["row"] = res.rejected["row"].astype(int) + line_offset
    return res


def _combine(parts: list[LoadResult], dup_rows: dict[int, dict], path: str) -> LoadResult:
    """One LoadResult from chunk results: an event_id already valid in an earlier chunk is rejected, as a whole read."""
    problems = list(dict.fromkeys(p for part in parts for p in part.problems))
    valid = pd.concat([p.valid for p in parts], ignore_index=True)
    rejected = pd.concat([p.rejected for p in parts if len(p.rejected)] or [parts[0].rejected], ignore_index=True)
    if dup_rows:
        dup = valid["event_id"].duplicated(keep="first") & valid["_row"].isin(list(dup_rows))
        moved = [{**dup_rows[r], "row": r, "reason": f"duplicate event_id {e!r}"}
                 for r, e in zip(valid.loc[dup, "_row"], valid.loc[dup, "event_id"], strict=True)]  # fmt: skip
        valid = valid[~dup].reset_index(drop=True)
        rejected = pd.concat([rejected, pd.DataFrame(moved, columns=rejected.columns)], ignore_index=True)
        rejected = rejected.fillna("").sort_values("row", kind="stable").reset_index(drop=True)
    return LoadResult(valid, rejected, problems, path)


# --- server-side aggregation for the map ------------------------------------------------------------------------

# --- the query command ------------------------------------------------------------------------------------------


class _BadArguments(Exception):
    """Command-line arguments that cannot be used (exit 1)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit 2; 2 is kept for unreadable files
        raise _BadArguments(message)


def date_arg(text: str) -> date:
    """argparse type: an ISO date."""
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from exc


def bbox_arg(text: str) -> tuple[float, float, float, float]:
    """argparse type: W,S,E,N in degrees (finite, in range, S <= N; W > E crosses the antimeridian)."""
    try:
        w, s, e, n = (float(x) for x in text.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not W,S,E,N (four numbers)") from exc
    if not all(math.isfinite(x) for x in (w, s, e, n)):
        raise argparse.ArgumentTypeError(f"{text!r}: numbers must be finite")
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise argparse.ArgumentTypeError(f"{text!r}: need -180<=W,E<=180 and -90<=S<=N<=90")
    return w, s, e, n


def _csv(df: pd.DataFrame) -> str:
    out = df[[c for c in EVENT_COLUMNS if c in df.columns]].copy()
    numeric = {*FLOAT_COLUMNS, *INT_COLUMNS, *DATE_COLUMNS}
    for c in out.columns:  # text cells a spreadsheet would run as formulas get an apostrophe, numbers stay numbers
        if c not in numeric and (pd.api.types.is_string_dtype(out[c]) or out[c].dtype == object):
            out[c] = neutralise_formula_column(out[c])
    return out.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")


def _geojson(df: pd.DataFrame) -> str:
    cols = [c for c in EVENT_COLUMNS if c in df.columns]
    props = json.loads(df[cols].to_json(orient="records", date_format="iso", date_unit="s"))
    features = []
    for p, lat, lon in zip(props, df["latitude"], df["longitude"], strict=True):
        for c in DATE_COLUMNS:
            p[c] = p[c][:10] if p.get(c) else p.get(c)
        geom = None if pd.isna(lat) or pd.isna(lon) else {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "geometry": geom, "properties": p})
    return json.dumps({"type": "FeatureCollection", "features": features})


def cli(argv: list[str]) -> int:
    """`python -m conflictmap query`: 0 ok, 1 bad arguments, 2 unreadable events file."""
    ap = _Parser(prog="python -m conflictmap query", description="Select events by window, type, claim and bbox.")
    ap.add_argument("--events", type=Path, default=EVENTS_CSV, help="events CSV (default: the project's events.csv)")
    ap.add_argument("--from", dest="start", type=date_arg, help="window start, YYYY-MM-DD (events overlapping count)")
    ap.add_argument("--to", dest="end", type=date_arg, help="window end, YYYY-MM-DD, inclusive")
    ap.add_argument("--type", dest="types", action="append", metavar="T", help=f"event type, repeatable: {EVENT_TYPES}")
    ap.add_argument("--claim", dest="claims", action="append", metavar="C", help=f"claim status: {CLAIM_STATUSES}")
    ap.add_argument("--bbox", type=bbox_arg, help="W,S,E,N in degrees; W > E crosses the antimeridian")
    ap.add_argument("--format", choices=("count", "csv", "geojson"), default="count")
    try:
        args = ap.parse_args(argv)
        _check_choices(args)
    except _BadArguments as exc:
        print(f"{ap.format_usage()}error: {exc}", file=sys.stderr)
        return 1
    try:
        index = load_index(args.events)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if len(index.rejected):
        print(
            f"note: {len(index.rejected)} rejected row(s) left out; see `python -m conflictmap validate`",
            file=sys.stderr,
        )
    query = (args.start, args.end, args.types, args.claims, args.bbox)
    if args.format == "count":
        print(index.count(*query))
    else:
        df = index.query(*query)
        sys.stdout.write(_csv(df) if args.format == "csv" else _geojson(df) + "\n")
    return 0


def _check_choices(args: argparse.Namespace) -> None:
    if args.start and args.end and args.start > args.end:
        raise _BadArguments(f"--from {args.start} is after --to {args.end}")
    for given, allowed, flag in ((args.types, EVENT_TYPES, "--type"), (args.claims, CLAIM_STATUSES, "--claim")):
        bad = [v for v in given or [] if v not in allowed]
        if bad:
            raise _BadArguments(f"{flag} {bad[0]!r} is not one of: {', '.join(allowed)}")
