"""The Events page's free-text search: which rows' search columns (joined by spaces) contain a text, in any case.

Each partition has a search file beside it (`text-<month>-<gen>.arrow`, named after its partition file, so it belongs
to one version of the events file): the search columns of every row joined and lowercased, as one uncompressed Arrow
string array. The build writes it with the partition; a cache from before is given its files by the first search.
A search maps each file in turn (nothing is kept in memory between searches, and the pages the search touched
belong to the OS file cache, not to the serving process) and finds the lowercased text in the file's one buffer of
bytes with NumPy: the positions of the text's rarest byte, narrowed by its other bytes, then mapped to rows by the
offsets. Ten million rows: about a second, where reading the text columns from Parquet into pandas took ~9 s.

Lowercasing both sides (Arrow's utf8_lower) is how "any case" is judged, for a frame (filter_table) and an index
alike: "STRASSE" does not find "Straße", as pandas' Arrow-backed string columns did not.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from conflictmap.store.csvfile import atomic_path

SEARCH_COLUMNS = ("location", "actor1", "actor2", "event_type", "sub_event_type", "excerpt", "summary", "event_id")
# bytes of lowercased text from the most to the least common: the search starts from the rarest byte of the text
_COMMON = b" eatoinsrhldcumfpgwybvk0123456789_-.,;:'\"()/xjqz"
_RARITY = np.full(256, len(_COMMON), np.int64)
_RARITY[np.frombuffer(_COMMON, np.uint8)] = np.arange(len(_COMMON))


def haystack(columns: list):
    """The search columns (pyarrow arrays, text or dictionary-encoded text) of each row joined by single spaces and
    lowercased, a missing value as empty: one large_string array."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = []
    for col in columns:
        col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        empty = pa.types.is_null(col.type) or (col.null_count == len(col) and not pa.types.is_string(col.type))
        texts.append(pa.nulls(len(col), pa.large_string()) if empty else pc.cast(col, pa.large_string()))
    sep = pa.scalar(" ", pa.large_string())
    joined = pc.binary_join_element_wise(*texts, sep, null_handling="replace", null_replacement="")
    return pc.utf8_lower(joined)


def needle(text: str) -> bytes:
    """The text searched for, as haystack() lowercases the rows: UTF-8 bytes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.utf8_lower(pa.scalar(text.strip(), pa.large_string())).as_py().encode("utf-8")


def find_rows(hay, pattern: bytes) -> np.ndarray:
    """The rows (ascending, int64) of a haystack() array whose text contains pattern (lowercased UTF-8 bytes)."""
    n = len(hay)
    if not pattern:
        return np.arange(n, dtype=np.int64)
    if not n:
        return np.zeros(0, np.int64)
    bufs = hay.buffers()
    offsets = np.frombuffer(bufs[1], np.int64)[hay.offset : hay.offset + n + 1]
    if bufs[2] is None or offsets[-1] == offsets[0]:
        return np.zeros(0, np.int64)
    data = np.frombuffer(bufs[2], np.uint8)[: offsets[-1]]
    size = len(pattern)
    want = np.frombuffer(pattern, np.uint8)
    order = np.argsort(-_RARITY[want], kind="stable")  # rarest byte first: the fewest candidates to narrow
    first = int(order[0])
    starts = np.flatnonzero(data == want[first]) - first
    starts = starts[(starts >= offsets[0]) & (starts <= len(data) - size)]
    for k in order[1:]:
        if not len(starts):
            break
        starts = starts[data[starts + int(k)] == want[k]]
    if len(starts) > n:  # many matches (a short, common text): marked in the bytes, then any mark per row
        return _dense_rows(offsets, starts, size, len(data))
    rows = np.searchsorted(offsets, starts, side="right") - 1
    rows = rows[starts + size <= offsets[rows + 1]]  # a match must not run into the next row's text
    return rows[np.r_[True, rows[1:] != rows[:-1]]] if len(rows) else rows  # ascending already: no sort


def _dense_rows(offsets: np.ndarray, starts: np.ndarray, size: int, length: int) -> np.ndarray:
    """The rows holding any of these match starts, when they outnumber the rows: one flag per byte, the starts
    that would run into the next row cleared, then any flag per row (one pass over the bytes)."""
    hit = np.zeros(length + 1, dtype=bool)  # one more: an empty last row's offset stays inside
    hit[starts] = True
    ends = offsets[1:]
    for back in range(1, size):  # the last size-1 bytes of each row cannot start a match
        at = ends - back
        hit[at[at >= offsets[:-1]]] = False
    found = np.logical_or.reduceat(hit, offsets[:-1]) & (ends > offsets[:-1])  # reduceat gives an empty row a byte
    return np.flatnonzero(found).astype(np.int64)


def frame_rows(df, text: str) -> np.ndarray:
    """find_rows over a frame's search columns (their values as text): what filter_table keeps."""
    import pyarrow as pa

    return find_rows(haystack([pa.array(df[c].astype(str)) for c in SEARCH_COLUMNS]), needle(text))


def _table_haystack(table):
    """haystack of a pyarrow Table's search columns (a partition's rows)."""
    return haystack([table[c] for c in SEARCH_COLUMNS])


def text_file(part_file: str) -> str:
    """The search file of a partition file (part-<month>-<gen>.parquet)."""
    return "text-" + part_file.removeprefix("part-").removesuffix(".parquet") + ".arrow"


def write_text_file(folder: Path, part_file: str, table) -> None:
    """A partition's search file, from its rows (a pyarrow Table with the search columns), written atomically."""
    import pyarrow as pa

    hay = _table_haystack(table)
    out = pa.table({"text": hay})
    # a temporary name of its own (two sessions, threads of one process, may write the same file at once); whole or
    # absent; not fsynced: a torn cache file is only written again
    with atomic_path(folder / text_file(part_file), durable=False) as tmp:
        with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, out.schema) as writer:
            writer.write_table(out)


def _part_rows(folder: Path, part_file: str, pattern: bytes) -> np.ndarray:
    """find_rows over one partition's search file (written from the partition first when missing, e.g. a cache
    from before search files, or read from the partition when it cannot be written)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / text_file(part_file)
    if not path.is_file():
        table = pq.read_table(folder / part_file, columns=list(SEARCH_COLUMNS))
        try:
            write_text_file(folder, part_file, table)
        except OSError:  # a read-only cache: searched from the rows just read
            return find_rows(_table_haystack(table), pattern)
    try:
        with pa.memory_map(str(path)) as source:
            hay = pa.ipc.open_file(source).get_batch(0).column(0)
            rows = find_rows(hay, pattern)
            del hay  # the map is closed with no array left on it
    except FileNotFoundError:  # removed by another process's append meanwhile: from the partition itself
        table = pq.read_table(folder / part_file, columns=list(SEARCH_COLUMNS))
        rows = find_rows(_table_haystack(table), pattern)
    return rows


def text_positions(index, text: str, threads: int = 2) -> np.ndarray:
    """Row positions (ascending, int64) in an EventIndex of the rows whose search columns contain text, any case."""
    pattern = needle(text)
    if index.full is not None or index.folder is None:
        frame = index.full if index.full is not None else index.events
        return frame.index.to_numpy(np.int64)[frame_rows(frame, text)]
    parts = [(int(s), p["file"]) for s, p in zip(index._starts, index.parts, strict=False) if p["rows"]]
    with ThreadPoolExecutor(max(1, threads)) as pool:  # NumPy's scans release the GIL: both cores search
        found = list(pool.map(lambda sp: sp[0] + _part_rows(index.folder, sp[1], pattern), parts))
    return np.concatenate(found) if found else np.zeros(0, np.int64)
