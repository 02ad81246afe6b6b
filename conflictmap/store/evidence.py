"""The rows of an evidence file that cite a few sources or events, without parsing the whole file for each lookup.

evidence.csv grows with the events: one row or more per event, each with its excerpt. The Sources page shows the
rows of one article and the town panel the rows of the events it lists, so both look rows up here instead of
holding the whole file. The file is parsed once (by csvfile.read_evidence) into Parquet segments in the project's
own .cache (`.cache/index/<name>-<hash of its path>.index/`, as the events index; never beside the file), each
with a 64-bit hash of every row's source id and event id. A lookup reads the two hash columns (16 bytes a row),
then the text of the matching rows only, from the row groups that hold them. Whether the segments still match the
file is judged as for the events index (size, mtime, inode, ctime; then the content hash): rows appended at the end
are parsed into a new segment, anything else rebuilds them. When the cache cannot be written the file is read
whole, as before.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from conflictmap.model import EVIDENCE_COLUMNS
from conflictmap.store.build import _id_hashes
from conflictmap.store.csvfile import locked, read_evidence
from conflictmap.store.partitions import (
    cache_path_for,
    hash_file,
    read_meta,
    read_rows,
    same_stat,
    stat_signature,
    write_json,
)

EVIDENCE_VERSION = 2
META = "evidence.json"
MAX_SEGMENTS = 32  # appends beyond this many segments rebuild them as one
# rows per row group: a lookup reads whole groups, and the rows of the events a town panel shows lie far apart in
# the file (a million rows, 50 events: ~0.05 s with groups of 2,048 rows, ~1 s with the events index's 16,384)
ROW_GROUP = 2048
_SOURCE_HASH, _EVENT_HASH = "_sh", "_eh"


def evidence_rows(
    path: Path | str, source_ids: Iterable[str] | None = None, event_ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """The rows of the evidence file citing any of these sources and any of these events (a filter left as None
    takes every row), in file order, as read_evidence gives them (index 0..n-1). A missing file has no rows."""
    path = Path(path)
    wanted = {c: None if ids is None else list(dict.fromkeys(str(i) for i in ids))
              for c, ids in (("source_id", source_ids), ("event_id", event_ids))}  # fmt: skip
    if not path.is_file():
        return read_evidence(path)
    folder = cache_path_for(path)
    try:
        return _matching(_lookup(folder, _up_to_date(path, folder), wanted), wanted)  # ids checked: hashes collide
    except (OSError, ValueError):  # a folder that cannot be written, segments replaced meanwhile: the whole file
        return _matching(read_evidence(path), wanted)


def _lookup(folder: Path, meta: dict, wanted: dict) -> pd.DataFrame:
    """The rows of the segments whose id hashes match the wanted ids (a superset of the rows wanted)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    hashes = {c: None if w is None else _id_hashes(pd.Series(w, dtype=object)) for c, w in wanted.items()}
    cols = [h for h, c in ((_SOURCE_HASH, "source_id"), (_EVENT_HASH, "event_id")) if hashes[c] is not None]
    tables = []
    for seg in meta["segments"]:
        pf = pq.ParquetFile(folder / seg["file"])
        got = pf.read(columns=cols)
        keep = np.ones(got.num_rows, dtype=bool)
        for h, c in ((_SOURCE_HASH, "source_id"), (_EVENT_HASH, "event_id")):
            if hashes[c] is not None:
                keep &= np.isin(got[h].to_numpy(), hashes[c])
        if keep.any() or not tables:  # no row: the columns all the same
            tables.append(read_rows(pf, np.flatnonzero(keep), list(EVIDENCE_COLUMNS)))
    return _frame(pa.concat_tables(tables))


def _matching(df: pd.DataFrame, wanted: dict) -> pd.DataFrame:
    keep = np.ones(len(df), dtype=bool)
    for c, w in wanted.items():
        if w is not None:
            keep &= df[c].isin(w).to_numpy()
    return df[keep].reset_index(drop=True)


def _frame(table) -> pd.DataFrame:
    """A segment's rows as read_evidence gives them (the pandas metadata written with them keeps the dtypes)."""
    return table.to_pandas().reset_index(drop=True)


def _read_meta(folder: Path) -> dict | None:
    return read_meta(folder, META, EVIDENCE_VERSION, "segments")


def _up_to_date(path: Path, folder: Path) -> dict:
    """The segments' meta after making them match the file: reused, extended (rows appended) or rebuilt."""
    meta = _read_meta(folder)
    if meta is not None and same_stat(meta["csv"], stat_signature(path)):
        return meta
    with locked(folder):
        sig = stat_signature(path)
        meta = _read_meta(folder)
        if meta is not None and same_stat(meta["csv"], sig):
            return meta  # another process brought it up to date meanwhile
        old = meta["csv"] if meta is not None else None
        sha, head = hash_file(path, prefix=old["size"] if old else None)
        if old and old["size"] == sig["size"] and old["sha256"] == sha:  # touched, copied back: same content
            segments = meta["segments"]
        elif old and old["ends_newline"] and sig["size"] > old["size"] and head == old["sha256"] and (
            len(meta["segments"]) < MAX_SEGMENTS and not _utf16(path)
        ):  # fmt: skip
            segments = [*meta["segments"], _write_segment(folder, _appended(path, folder, old["size"]))]
        else:
            segments = [_write_segment(folder, read_evidence(path))]
        with path.open("rb") as f:
            f.seek(max(sig["size"] - 1, 0))
            ends_newline = f.read(1) == b"\n"
        meta = {"version": EVIDENCE_VERSION, "csv": {**sig, "sha256": sha, "ends_newline": ends_newline},
                "segments": segments}  # fmt: skip
        write_json(folder / META, meta)
        keep = {s["file"] for s in segments}
        for f in folder.glob("evidence-*.parquet"):
            if f.name not in keep:
                f.unlink(missing_ok=True)
        return meta


def _appended(path: Path, folder: Path, start: int) -> pd.DataFrame:
    """The rows after byte `start` (a record boundary), parsed by read_evidence with the file's header line."""
    with path.open("rb") as f:
        head = f.readline()
        f.seek(start)
        tail = f.read()
    tmp = folder / f".tail-{os.getpid()}-{secrets.token_hex(4)}.csv"
    try:
        tmp.write_bytes(head + tail)
        return read_evidence(tmp)
    finally:
        tmp.unlink(missing_ok=True)


def _utf16(path: Path) -> bool:
    """UTF-16 text is not cut into byte ranges: such a file is parsed whole."""
    with path.open("rb") as f:
        return f.read(2) in (b"\xff\xfe", b"\xfe\xff")


def _write_segment(folder: Path, df: pd.DataFrame) -> dict:
    """Write rows (read_evidence's columns) with their id hashes as a Parquet segment; its meta entry."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    df = df[list(EVIDENCE_COLUMNS)].reset_index(drop=True)
    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.append_column(_SOURCE_HASH, pa.array(_id_hashes(df["source_id"]), pa.uint64()))
    table = table.append_column(_EVENT_HASH, pa.array(_id_hashes(df["event_id"]), pa.uint64()))
    file = f"evidence-{secrets.token_hex(6)}.parquet"
    tmp = folder / f".{file}.tmp"
    pq.write_table(table, tmp, compression="lz4", row_group_size=ROW_GROUP)
    os.replace(tmp, folder / file)
    return {"file": file, "rows": len(df)}
