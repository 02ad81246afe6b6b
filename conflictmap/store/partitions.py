"""The on-disk layout of the events index, and the counts that need nothing but it (no pandas imported here).

One folder per events file, `.cache/index/<events name>-<hash of its full path>.index/` in the project folder:

    meta.json            version, the CSV's signature, loader notes, one entry per partition (file, rows, date range)
    rejected.json        the rejected rows with their reasons (read only when they are shown)
    part-YYYY-MM-<gen>.parquet   the valid rows whose date_from falls in that month, sorted by (date_from, _row),
                         in row groups of ROW_GROUP rows; `undated` holds the rows without a date
    lean-YYYY-MM-<gen>.arrow     the map's columns of that partition, uncompressed (a restart maps them)
    text-YYYY-MM-<gen>.arrow     the search columns joined and lowercased (store.textsearch: the Events page's search)
    map-codes-<hash>.arrays      what map updates count on (store.selection), written by write_arrays with the
                         index: computed by a build, extended by an append (store.mapcodes)

Partitions concatenated in name order are the whole index in date order. A partition file is never rewritten in
place: a rebuild writes new files (new <gen>), then meta.json (atomically), then removes the files it replaced.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from conflictmap.model import PROJECT_ROOT

INDEX_VERSION = 5
ROW_GROUP = 16_384  # rows per Parquet row group: statistics can skip, and a clicked town reads a few groups
META = "meta.json"
REJECTED = "rejected.json"
UNDATED = "undated"


def cache_path_for(events_path: Path | str) -> Path:
    """The index folder of an events file: the project's own .cache, keyed by the file's full path."""
    p = Path(events_path).resolve()
    key = hashlib.sha256(str(p).encode("utf-8")).hexdigest()[:16]
    return PROJECT_ROOT / ".cache" / "index" / f"{p.name[:80]}-{key}.index"


def stat_signature(path: Path) -> dict:
    """What says, without reading the file, that it is the one the index was built from."""
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ino": st.st_ino, "ctime_ns": st.st_ctime_ns}


def same_stat(a: dict, b: dict) -> bool:
    """True when two stat signatures agree (then the content is taken as unchanged, as make and git do)."""
    return all(a.get(k) == b.get(k) for k in ("size", "mtime_ns", "ino", "ctime_ns"))


HASH_CHUNK = 64 << 20  # the file is hashed in chunks of this size, two at a time


def _chunk_digest(path: Path, start: int, end: int) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        f.seek(start)
        left = end - start
        while left > 0 and (block := f.read(min(1 << 20, left))):
            h.update(block)  # hashlib and the read release the GIL: two chunks are hashed at once
            left -= len(block)
    return h.hexdigest()


def _combined(digests: list[str]) -> str:
    return hashlib.sha256(("chunked-sha256:" + ",".join(digests)).encode()).hexdigest()


def hash_file(path: Path, prefix: int | None = None) -> tuple[str, str | None]:
    """A sha256 of the whole file's content, and the same of its first `prefix` bytes (None when not asked or the
    file is shorter): the sha256 of its HASH_CHUNK chunks' sha256 digests, so two threads hash a big file (a 3 GB
    events file in half the time), and the prefix's value is what the whole file gave when it was that long."""
    size = path.stat().st_size
    spans = [(s, min(s + HASH_CHUNK, size)) for s in range(0, size, HASH_CHUNK)]
    cut = prefix is not None and 0 < prefix < size and prefix % HASH_CHUNK
    jobs = spans + ([(prefix - prefix % HASH_CHUNK, prefix)] if cut else [])
    with ThreadPoolExecutor(2) as pool:
        digests = list(pool.map(lambda span: _chunk_digest(path, *span), jobs))
    whole = _combined(digests[: len(spans)])
    if prefix is None or prefix > size:
        return whole, None
    if prefix == size:
        return whole, whole
    full_chunks = digests[: prefix // HASH_CHUNK]
    return whole, _combined(full_chunks + (digests[-1:] if cut else []))


def read_meta(folder: Path, name: str = META, version: int = INDEX_VERSION, files: str = "partitions") -> dict | None:
    """A cache's meta file (the index's meta.json by default), or None when absent, unreadable, of another version,
    or when a file its `files` list names is missing."""
    try:
        meta = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("version") != version:
        return None
    if not all((folder / p["file"]).is_file() for p in meta.get(files, [])):
        return None
    return meta


def fresh_meta(events_path: Path) -> dict | None:
    """meta.json when the index is usable for the file as it is now, judged by stat alone (no hashing)."""
    meta = read_meta(cache_path_for(events_path))
    if meta is None or not same_stat(meta["csv"], stat_signature(events_path)):
        return None
    return meta


def day(d) -> int:
    """Days since 1970-01-01 of a date (or ISO text)."""
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    return (d if isinstance(d, date) else d.date()).toordinal() - 719_163


def partitions_for(meta: dict, start: date | None, end: date | None) -> list[tuple[dict, bool]]:
    """The partitions that can hold events overlapping [start, end], each with True when every row does."""
    s = None if start is None else day(start)
    e = None if end is None else day(end)
    out = []
    for p in meta["partitions"]:
        if p["min_from"] is None:  # undated rows match only an open window
            if s is None and e is None:
                out.append((p, True))
            continue
        if (e is not None and p["min_from"] > e) or (s is not None and p["max_to"] < s):
            continue
        out.append((p, (e is None or p["max_from"] <= e) and (s is None or p["min_to"] >= s)))
    return out


def count(folder: Path, meta: dict, start=None, end=None, types=None, claims=None, bbox=None) -> int:
    """How many indexed events match, reading only the columns the filters use, of the partitions that can match."""
    import numpy as np
    import pyarrow.parquet as pq

    total = 0
    for part, whole in partitions_for(meta, start, end):
        cols = [] if whole else [c for c, v in (("date_from", end), ("date_to", start)) if v is not None]
        cols += [c for c, v in (("event_type", types), ("claim_status", claims)) if v]
        cols += ["latitude", "longitude"] if bbox is not None else []
        if not cols:
            total += part["rows"]
            continue
        # ParquetFile, not read_table: read_table goes through pyarrow.dataset, which imports pandas (~0.7 s)
        t = pq.ParquetFile(folder / part["file"], read_dictionary=["event_type", "claim_status"]).read(columns=cols)
        keep = np.ones(t.num_rows, dtype=bool)
        if "date_from" in cols:
            keep &= _days(t["date_from"], null=np.iinfo(np.int64).max) <= day(end)
        if "date_to" in cols:
            keep &= _days(t["date_to"], null=np.iinfo(np.int64).min) >= day(start)
        for col, wanted in (("event_type", types), ("claim_status", claims)):
            if wanted:
                keep &= _in(t[col], wanted)
        if bbox is not None:
            keep &= in_bbox(_np(t["latitude"], np.float64, np.nan), _np(t["longitude"], np.float64, np.nan), bbox)
        total += int(keep.sum())
    return total


PER_DAY = {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _days(col, null: int):
    """Days since 1970 of a timestamp column (null: `null`)."""
    import numpy as np

    return _np(col, np.int64, null) // np.int64(PER_DAY[col.type.unit])


def day_array(s, fill: int):
    """Days since 1970 (int32) of a pandas datetime column, NaT as `fill`: floor division of its integers (numpy's
    cast to datetime64[D] is ~5x slower: ten million rows, ~0.4 s a column)."""
    import numpy as np

    values = s.to_numpy()
    if values.dtype.kind != "M":
        values = s.to_numpy("datetime64[s]")
    unit, count = np.datetime_data(values.dtype)
    ticks = values.view(np.int64)
    nat = ticks == np.iinfo(np.int64).min
    out = (ticks // np.int64(count * PER_DAY[unit])).astype(np.int32)
    if nat.any():
        out[nat] = fill
    return out


def _np(col, dtype, null):
    """A fixed-width column as one numpy array, nulls replaced by `null`. Read from the Arrow buffers: pyarrow's
    to_numpy imports pandas (~0.2 s of a ~0.3 s command)."""
    import numpy as np

    arr = col.combine_chunks() if hasattr(col, "combine_chunks") else col
    validity, data = arr.buffers()[:2]
    n, off = len(arr), arr.offset
    values = np.frombuffer(data, dtype=dtype)[off : off + n]
    if arr.null_count:
        valid = np.unpackbits(np.frombuffer(validity, np.uint8), bitorder="little")[off : off + n].astype(bool)
        values = np.where(valid, values, null)
    return values


def _in(col, wanted):
    import numpy as np

    arr = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
    codes = [i for i, name in enumerate(arr.dictionary.to_pylist()) if name in set(wanted)]
    width = {1: np.int8, 2: np.int16, 4: np.int32, 8: np.int64}[arr.indices.type.bit_width // 8]
    return np.isin(_np(arr.indices, width, -1), codes)


def in_bbox(lat, lon, bbox):
    """Mask of points inside (W, S, E, N); W > E crosses the antimeridian."""
    w, s, e, n = (float(x) for x in bbox)
    in_lon = (lon >= w) & (lon <= e) if w <= e else (lon >= w) | (lon <= e)
    return (lat >= s) & (lat <= n) & in_lon


def read_rows(pf, local, columns: list[str]):
    """These rows (positions in the file, any order) of a pyarrow ParquetFile, as a pyarrow Table in the order
    given: read from the row groups that hold them, not the whole file."""
    import numpy as np
    import pyarrow as pa

    local = np.asarray(local, dtype=np.int64)
    bounds = np.cumsum([0] + [pf.metadata.row_group(g).num_rows for g in range(pf.num_row_groups)])
    group = np.searchsorted(bounds, local, side="right") - 1
    wanted = np.unique(group)
    offsets = np.cumsum([0] + [bounds[g + 1] - bounds[g] for g in wanted])
    take = offsets[np.searchsorted(wanted, group)] + (local - bounds[group])
    return pf.read_row_groups([int(g) for g in wanted], columns=columns).take(pa.array(take))


def write_json(path: Path, value) -> None:
    """Write JSON atomically (temp file + os.replace), without fsync: a torn cache is only rebuilt."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(value, default=lambda v: v.item() if hasattr(v, "item") else str(v)), encoding="utf-8")
    os.replace(tmp, path)


def list_arrays(chunks: list) -> tuple:
    """(offsets, values) of list arrays laid end to end, as int64 and numpy arrays (pyarrow's combine_chunks of 73
    list chunks took 13 s)."""
    import numpy as np

    offsets, values, base = [np.zeros(1, np.int64)], [], 0
    for c in chunks:
        o = np.asarray(c.offsets).astype(np.int64)
        v = np.asarray(c.values)[o[0] : o[-1]]
        offsets.append(o[1:] - o[0] + base)
        values.append(v)
        base += len(v)
    return np.concatenate(offsets), (np.concatenate(values) if values else np.zeros(0, np.uint64))


def write_arrays(path: Path, arrays: dict) -> None:
    """Named NumPy arrays as one file, written atomically: their names, then each array in .npy format (read back
    by read_arrays without a zip's checksums and copies: np.savez/np.load of a few hundred MB took ~3x longer)."""
    import numpy as np

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            np.save(f, np.array(list(arrays), dtype=str), allow_pickle=False)
            for a in arrays.values():
                np.save(f, np.asarray(a), allow_pickle=False)
        os.replace(tmp, path)  # whole or absent: a reader never sees half a file
    finally:
        tmp.unlink(missing_ok=True)


def read_arrays(path: Path, names=None) -> dict:
    """The arrays write_arrays saved (only `names` when given: the others are skipped, not read)."""
    import numpy as np
    from numpy.lib import format as npy

    out = {}
    with path.open("rb") as f:
        for name in np.load(f, allow_pickle=False).tolist():
            if names is None or name in names:
                out[name] = np.load(f, allow_pickle=False)
                continue
            version = npy.read_magic(f)
            shape, _, dtype = (npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0)(f)
            f.seek(math.prod(shape) * dtype.itemsize, 1)
    return out


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
