"""Reading columns the serving index does not hold (actors, sources, ids, confidence), one partition at a time (the
text search has its own files: store.textsearch).

The dashboard keeps one EventIndex in memory with the map's columns only (MAP_COLUMNS). The Events, Sources and Data
quality pages also filter on, list or look up other columns: they scan them here, partition by partition, reading
only the columns asked for, so no page holds the whole table with its text. The rows a page shows are then read by
position (EventIndex.rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from conflictmap.store.build import _ID_HASH, _id_hashes, _restore_dtypes


def chunks(index, columns: Iterable[str]) -> Iterator[pd.DataFrame]:
    """These columns of every row of the index, one partition at a time, each frame indexed by row position."""
    columns = list(dict.fromkeys(columns))
    if index.full is not None:  # served from memory (the cache could not be written): every column is there
        yield index.full[columns]
        return
    import pyarrow.parquet as pq

    for start, part in zip(index._starts, index.parts, strict=False):
        table = pq.ParquetFile(index.folder / part["file"]).read(columns=columns)
        df = _restore_dtypes(table.to_pandas())
        df.index = pd.RangeIndex(int(start), int(start) + len(df))
        yield df


def distinct(index, columns: Iterable[str]) -> set:
    """The values (not missing) these columns hold in any row: each partition's columns read dictionary-encoded,
    the values their row indices use taken from the dictionaries (no string per row is made)."""
    columns = list(dict.fromkeys(columns))
    if index.full is not None:
        return {v for c in columns for v in index.full[c].dropna().unique()}
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    found: set = set()
    for part in index.parts:
        table = pq.read_table(index.folder / part["file"], columns=columns, read_dictionary=columns)
        for chunk in (ch for col in table.columns for ch in col.chunks):
            found.update(chunk.dictionary.take(pc.unique(chunk.indices.drop_null())).to_pylist())
    return found


def rows_with(index, columns: Iterable[str], wanted: Iterable[str]) -> np.ndarray:
    """Row positions (ascending, int64) where any of these columns holds one of the wanted values: each
    partition's columns read dictionary-encoded, their row indices compared with the codes of the wanted values."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    columns, wanted = list(dict.fromkeys(columns)), list(dict.fromkeys(wanted))
    found = []
    for start, part in zip(index._starts, index.parts, strict=False):
        table = pq.read_table(index.folder / part["file"], columns=columns, read_dictionary=columns)
        hit = np.zeros(table.num_rows, dtype=bool)
        for name in columns:
            at = 0
            for chunk in table[name].chunks:
                values = pa.array(wanted, pa.string()).cast(chunk.dictionary.type)
                codes = pc.index_in(chunk.dictionary, value_set=values).is_valid().to_numpy(zero_copy_only=False)
                idx = chunk.indices.fill_null(len(codes)).to_numpy()  # missing: the extra last code, not wanted
                hit[at : at + len(chunk)] |= np.append(codes, False)[idx]
                at += len(chunk)
        found.append(int(start) + np.flatnonzero(hit))
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def column(index, name: str) -> pd.Series:
    """One column of the whole index (loaded when the index holds it, else read), indexed by row position."""
    if name in index.events.columns:
        return index.events[name]
    parts = list(chunks(index, [name]))
    return pd.concat(parts)[name] if parts else pd.Series([], dtype=object, name=name)


def positions_of(index, event_ids: Iterable[str]) -> dict[str, int]:
    """The row position of each of these event ids that the index holds ({} for none): the ids' 64-bit hashes are
    looked up in the hash column (8 bytes a row, no text), then the ids of the candidate rows are read and checked."""
    wanted = list(dict.fromkeys(str(e) for e in event_ids))
    if not wanted or not len(index):
        return {}
    if index.full is not None or index.folder is None:
        ids = index.full["event_id"] if index.full is not None else index.events["event_id"]
        hit = ids.isin(wanted).to_numpy()
        return dict(zip(ids[hit], np.flatnonzero(hit).tolist(), strict=True))
    hashes = _id_hashes(pd.Series(wanted))
    found = [c.index.to_numpy()[np.isin(c[_ID_HASH].to_numpy(), hashes)] for c in chunks(index, [_ID_HASH])]
    candidates = np.concatenate(found) if found else np.zeros(0, np.int64)
    if not len(candidates):
        return {}
    ids = index.rows(candidates, ["event_id"])["event_id"]
    hit = ids.isin(wanted).to_numpy()
    return dict(zip(ids[hit], ids.index[hit].tolist(), strict=True))
