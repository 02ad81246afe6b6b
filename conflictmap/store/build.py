"""Building the month partitions of the events index: the first build of a big CSV in parallel byte chunks spilled
by month (bounded memory), and appends that rewrite only the months new rows touch."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

from conflictmap.store.csvfile import DATE_COLUMNS, LoadResult, read_events
from conflictmap.store.partitions import (
    INDEX_VERSION,
    REJECTED,
    ROW_GROUP,
    UNDATED,
    write_json,
)
from conflictmap.store.textsearch import text_file, write_text_file

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


def _restore_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet gives datetimes in ms; read_events gives seconds. Make the frame identical to read_events' one."""
    for c in DATE_COLUMNS:
        if c in df.columns:
            df[c] = df[c].astype("datetime64[s]")
    return df


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
    write_text_file(folder, file, table)  # the search columns joined, lowercased: the Events page's text search
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
    keep |= {text_file(p["file"]) for p in meta["partitions"]}
    for f in [*folder.glob("part-*.parquet"), *folder.glob("lean-*.arrow"), *folder.glob("text-*.arrow")]:
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
