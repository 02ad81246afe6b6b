"""The map codes saved beside the partitions (store.selection's PlaceCodes with the first view's PlaceStats, and the
source numbers), written whenever the index is: computed over every row after a build, brought up to date after an
append from the codes saved before it and the rows of the months the append rewrote, so that an ingest of a week
of events into ten million costs the rows it touches, not the table.

An append keeps every number the saved codes gave: a place or a source seen for the first time gets the next one.
The codes then differ from a fresh build's only in how places and sources are numbered; every count, summary and
answer is the same (tests/unit/store/test_mapcodes.py compares them). When the saved codes cannot be extended
(absent, from an older version, negative tolls, a failure of any kind) they are computed again over every row; a
new event type, or a new month that orders the types otherwise, renumbers the saved codes (a pass over every row).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from conflictmap.store.build import _SRC_HASH, MAP_COLUMNS, QUERY_COLUMNS
from conflictmap.store.partitions import list_arrays, read_arrays, read_rows
from conflictmap.store.places import key_parts, key_strings, place_numbers
from conflictmap.store.selection import (
    PlaceCodes,
    PlaceStats,
    _filled,
    _filled_types,
    _numbers,
    _precision_codes,
    codes_file,
    write_codes,
)

_WANTED = ("pair", "type_names", "key", "first", "uniform", "place_ids", "sources", "source_offsets",
           "distinct_sources", "source_sorted", "source_order")  # fmt: skip
_STATS = ("counts", "fatalities", "largest", "precision", "firsts")
_NONE = np.iinfo(np.int64).max
_SAME = ("location", "admin1", "country_code")  # besides coordinates and geonameid: what a uniform place shares


def save_map_codes(opened, folder: Path, parts: list[dict], before: list[dict] | None, reopen) -> None:
    """With the index just written (`parts`), save what map updates count on (EventIndex.prepare_map), so that the
    first page load after an ingest reads them instead of computing them (ten million rows: ~20 s). `before`: the
    partitions before rows were appended; then the codes saved for them are extended when they can be. `reopen`:
    columns -> the index read again with those columns and the source hashes (None when it cannot be read)."""
    if before is not None and _extended(folder, before, parts):
        return
    lean = opened.sources is not None and set(MAP_COLUMNS) <= set(opened.events.columns)
    index = opened if lean else reopen(tuple(dict.fromkeys([*QUERY_COLUMNS, *MAP_COLUMNS])))  # as load_index asks
    if index is not None:
        index.prepare_map()


def _extended(folder: Path, before: list[dict], parts: list[dict]) -> bool:
    try:
        return extend_codes(folder, before, parts)
    except Exception:  # a cache: whatever went wrong, the codes are computed over every row instead
        return False


def _load(folder: Path, parts: list[dict]) -> dict | None:
    try:
        got = read_arrays(codes_file(folder, parts))
    except (OSError, ValueError, KeyError, EOFError):
        return None
    return got if set(_WANTED) <= set(got) else None


def _plan(before: list[dict], after: list[dict]):
    """Per partition after the append: (new start, rows, old start or None when rewritten); None when the
    partitions are not the old ones with some months rewritten or added."""
    old_starts = np.cumsum([0] + [p["rows"] for p in before])
    old = {p["name"]: (int(s), p) for s, p in zip(old_starts, before, strict=False)}
    names = {p["name"] for p in after}
    if any(p["rows"] and p["name"] not in names for p in before):
        return None
    plan, start = [], 0
    for p in after:
        o = old.get(p["name"])
        same = o is not None and o[1]["file"] == p["file"]
        plan.append((start, p["rows"], o[0] if same else None, o[1]["rows"] if o is not None and not same else 0, p))
        start += p["rows"]
    return plan, old_starts


def _touched_rows(folder: Path, plan) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, list]:
    """The rewritten months' rows (map columns), their positions in the new index, whether each is new (appended:
    the largest row numbers of its month), and their source hashes as list chunks."""
    import pyarrow.parquet as pq

    frames, positions, new, chunks = [], [], [], []
    for start, rows, old_start, old_rows, part in plan:
        if old_start is not None:
            continue
        pf = pq.ParquetFile(folder / part["file"])
        cols = [
            c for c in (*dict.fromkeys([*QUERY_COLUMNS, *MAP_COLUMNS]), "_row", _SRC_HASH) if c in pf.schema_arrow.names
        ]
        table = pf.read(columns=cols)
        chunks += table[_SRC_HASH].chunks
        df = table.drop_columns([_SRC_HASH]).to_pandas()
        fresh = np.zeros(len(df), dtype=bool)
        fresh[np.argsort(df["_row"].to_numpy(), kind="stable")[old_rows:]] = True
        frames.append(df)
        positions.append(np.arange(start, start + rows, dtype=np.int64))
        new.append(fresh)
    return pd.concat(frames, ignore_index=True), np.concatenate(positions), np.concatenate(new), chunks


def _segments(old: np.ndarray, touched: np.ndarray, plan) -> np.ndarray:
    """A per-row array of the new index: the old rows of untouched months, the touched months' rows computed."""
    out, k = [], 0
    for _, rows, old_start, _, _ in plan:
        if old_start is None:
            out.append(touched[k : k + rows])
            k += rows
        else:
            out.append(old[old_start : old_start + rows])
    return np.concatenate(out) if out else old[:0]


def extend_codes(folder: Path, before: list[dict], after: list[dict]) -> bool:
    """Save the codes of `after` (the partitions `before` with rows appended to some months) from the codes saved
    for `before` and the rows of the rewritten months; False (nothing written) when they cannot be extended."""
    old = _load(folder, before)
    planned = _plan(before, after)
    if old is None or planned is None or int(old["distinct_sources"]) >= 2**31 - 1:
        return False
    plan, old_starts = planned
    if not any(old_start is None for _, _, old_start, _, _ in plan):  # no row added (all were duplicates)
        return codes_file(folder, after).is_file()
    t, pos, fresh, chunks = _touched_rows(folder, plan)
    n_old, old_types = len(old["place_ids"]), old["type_names"].astype(object)
    type_names = _type_order(folder, after)  # as a fresh load of the index orders them (ties of the main type)
    if type_names is None or not len(old_types) or not set(old_types) <= set(type_names):
        return False
    n_types = len(type_names)
    types = pd.Index(type_names).get_indexer(_filled_types(t["event_type"]).astype(str))
    if (types < 0).any():
        return False
    # places: the saved numbers, new keys numbered after them in order of first row
    gid, lat_code, lon_code = key_parts(t)
    lat, lon = t["latitude"].to_numpy(np.float64), t["longitude"].to_numpy(np.float64)
    located = ~np.isnan(lat) & ~np.isnan(lon)
    keys = place_numbers(gid, lat_code, lon_code)
    got = pd.Index(old["place_ids"]).get_indexer(keys[located])
    unseen = got < 0
    inv, new_ids = pd.factorize(keys[located][unseen])
    got[unseen] = n_old + inv
    k = len(new_ids)
    n = n_old + k
    place = np.full(len(t), n, dtype=np.int64)
    place[located] = got
    width = 2 * n_types
    dtype = np.int32 if (n + 1) * width < 2**31 else np.int64
    pair_t = (place * n_types + types) * 2 + (t["claim_status"] == "claimed").to_numpy(bool)
    old_pair = _renumbered(old["pair"], n_old, k, old_types, type_names, dtype)
    pair = _segments(old_pair, pair_t.astype(dtype), plan)
    precision = None
    if ("precision" in old) != ("geo_precision" in t.columns):
        return False
    if "precision" in old:
        prec_t = _precision_codes(t["geo_precision"])
        if old["precision"].dtype.kind != "i" or prec_t.dtype != np.int8:
            return False
        pdtype = np.int32 if (n + 1) * 8 < 2**31 else np.int64
        old_prec = old["precision"].astype(pdtype)
        old_prec[old_prec >= n_old * 8] += k * 8
        precision = _segments(old_prec, (place * 8 + prec_t).astype(pdtype), plan)
    # first row of each place: the old one moved with its month (unless the month was rewritten), or a touched row
    moved = _moved(old["first"], plan, before, old_starts)
    first = np.concatenate([moved, np.full(k, _NONE, dtype=np.int64)])
    in_t = np.flatnonzero(located)
    places_t, at = np.unique(place[in_t], return_index=True)  # rows are in position order: the first of each
    first[places_t] = np.minimum(first[places_t], pos[in_t[at]])
    uniform = np.concatenate([old["uniform"].astype(bool), np.ones(k, dtype=bool)])
    uniform &= ~_differing(folder, after, t, place, located, fresh, moved, n_old, uniform)
    key = np.concatenate([old["key"].astype(object), _new_keys(gid, lat_code, lon_code, place, in_t, at, n_old)])
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(key.astype(str), kind="stable")] = np.arange(n)
    codes = PlaceCodes(pair, type_names, key, first, uniform, rank, np.zeros(0), precision, ids=_ids(old, new_ids))
    if list(old_types) != list(type_names):  # the first view's counts by (type, claimed), in the new order
        perm = 2 * pd.Index(type_names).get_indexer(old_types)
        counts = old.get("landing_counts")
        if counts is not None:
            grown = np.zeros((len(counts), width), dtype=counts.dtype)
            grown[:, np.concatenate([perm, perm + 1])] = counts[:, np.r_[0 : 2 * len(perm) : 2, 1 : 2 * len(perm) : 2]]
            old["landing_counts"] = grown
    landing = _landing(old, t, place, pair_t, fresh, n_old, k, width, precision)
    if landing is False:
        return False
    if landing is not None:
        wanted = ~uniform & (landing[1].counts[:n].sum(axis=1) > 0)
        landing[1].firsts[:n][wanted] = first[wanted]
    codes.landing = landing
    write_codes(folder, after, codes, _sources(old, chunks, plan))
    return True


def _type_order(folder: Path, parts: list[dict]) -> list[str] | None:
    """The event types as the map's load of these partitions orders them (EventIndex.place_codes numbers them in
    that order): their Arrow files' dictionaries unified in partition order, "" last for missing values; only the
    dictionaries are read. None without Arrow files."""
    import pyarrow as pa

    seen, missing = {}, False
    for p in parts:
        if not p.get("lean"):
            return None
        with pa.memory_map(str(folder / p["lean"])) as source:
            col = pa.ipc.open_file(source).read_all()["event_type"]
        for chunk in col.chunks:
            seen.update(dict.fromkeys(chunk.dictionary.to_pylist() if pa.types.is_dictionary(chunk.type) else []))
            missing |= chunk.null_count > 0
        if not pa.types.is_dictionary(col.type):
            return None
    names = [v for v in seen if v is not None]
    return np.array(names + ([""] if missing and "" not in seen else []), dtype=object)


def _renumbered(pair: np.ndarray, n_old: int, k: int, old_types, type_names, dtype) -> np.ndarray:
    """The saved pair codes with k places more (the rows without coordinates: the place after the last) and the
    types in their new order."""
    n_types, width = len(type_names), 2 * len(type_names)
    if list(old_types) == list(type_names):
        out = pair.astype(dtype)
        out[out >= n_old * width] += k * width
        return out
    perm = pd.Index(type_names).get_indexer(old_types)
    place, rest = np.divmod(pair.astype(np.int64), 2 * len(old_types))
    place[place == n_old] += k
    return ((place * n_types + perm[rest // 2]) * 2 + rest % 2).astype(dtype)


def _moved(positions: np.ndarray, plan, before: list[dict], old_starts: np.ndarray) -> np.ndarray:
    """Old row positions in the new index (_NONE for rows of rewritten months, which moved within them)."""
    entry = {e[4]["name"]: e for e in plan}
    kept = [entry.get(p["name"], (0, 0, None))[2] is not None for p in before]
    shift = np.array([entry[p["name"]][0] - entry[p["name"]][2] if ok else 0 for p, ok in zip(before, kept, strict=True)],
                     dtype=np.int64)  # fmt: skip
    which = np.searchsorted(old_starts, positions, side="right") - 1
    return np.where(np.asarray(kept, dtype=bool)[which], positions + shift[which], _NONE)


def _ids(old: dict, new_ids) -> np.ndarray:
    return np.concatenate([old["place_ids"].astype(np.int64), np.asarray(new_ids, dtype=np.int64)])


def _new_keys(gid, lat_code, lon_code, place, in_t, at, n_old) -> np.ndarray:
    """The keys of the new places (from their first rows), in their numbers' order."""
    rows = in_t[at]
    new = place[rows] >= n_old
    rows = rows[new][np.argsort(place[rows][new])]
    return np.array(key_strings(gid[rows], lat_code[rows], lon_code[rows]), dtype=object)


def _differing(folder, after, t, place, located, fresh, moved, n_old, uniform) -> np.ndarray:
    """Per place, whether an appended row disagrees with the place's other rows (only places uniform so far are
    checked: the rows of such a place all agree, so any one of them stands for it)."""
    out = np.zeros(len(uniform), dtype=bool)
    check = np.flatnonzero(located & fresh)
    check = check[uniform[place[check]]]
    if not len(check):
        return out
    # what stands for each place: its first old row among the touched rows, a new place's first row, else its old
    # first row (then in a month not rewritten: read from there, one row per place)
    cand = np.flatnonzero(located & (~fresh | (place >= n_old)))
    ps, at = np.unique(place[cand], return_index=True)
    need = np.unique(place[check])
    hit = np.isin(need, ps)
    cols = [*_SAME, "latitude", "longitude", "geonameid"]
    refs = t[cols].iloc[cand[at[np.searchsorted(ps, need[hit])]]].astype(object)
    if not hit.all():
        read = _read_positions(folder, after, moved[need[~hit]], cols).astype(object)
        refs = pd.concat([refs, read], ignore_index=True)
        need = np.concatenate([need[hit], need[~hit]])
    refs = refs.reset_index(drop=True)
    by = np.argsort(need)
    mine = t[cols].iloc[check].astype(object).reset_index(drop=True)
    theirs = refs.iloc[by[np.searchsorted(need[by], place[check])]].reset_index(drop=True)
    differs = np.zeros(len(check), dtype=bool)
    for c in _SAME:
        a, b = mine[c].to_numpy(object), theirs[c].to_numpy(object)
        differs |= ~((a == b) | (pd.isna(a) & pd.isna(b)))
    for c in ("latitude", "longitude"):
        a, b = mine[c].to_numpy(np.float64), theirs[c].to_numpy(np.float64)
        differs |= a.view(np.int64) != b.view(np.int64)
    differs |= key_parts(mine)[0] != key_parts(theirs)[0]
    out[np.unique(place[check][differs])] = True
    return out


def _read_positions(folder: Path, parts: list[dict], positions: np.ndarray, cols: list[str]) -> pd.DataFrame:
    """These columns of the rows at these positions of the index: from the partitions' Arrow files, memory-mapped
    (only the pages of those rows are read), else from the row groups of their Parquet files that hold them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    starts = np.cumsum([0] + [p["rows"] for p in parts])
    which = np.searchsorted(starts, positions, side="right") - 1
    order = np.argsort(which, kind="stable")
    tables = []
    for i in np.unique(which):
        local = positions[which == i] - starts[i]
        part = parts[i]
        if part.get("lean"):
            with pa.memory_map(str(folder / part["lean"])) as source:
                table = pa.ipc.open_file(source).read_all().select(cols).take(pa.array(local))
            tables.append(pa.Table.from_arrays([_plain(c) for c in table.columns], cols))
        else:
            tables.append(read_rows(pq.ParquetFile(folder / part["file"]), local, cols))
    df = pa.concat_tables(tables).to_pandas()
    return df.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)


def _plain(col):
    """A dictionary-encoded column decoded (the Parquet files hold them plain: the tables concatenate)."""
    import pyarrow as pa

    return col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col


def _landing(old, t, place, pair_t, fresh, n_old, k, width, precision):
    """The first view's PlaceStats (every dated row) after the append: the saved ones grown by the new places and
    plus the appended rows' counts; None without a dated row, False when they cannot be added to."""
    n = n_old + k
    dated = fresh & t["date_from"].notna().to_numpy()
    if "landing_rows" in old:
        m = int(old["landing_rows"])
        s = {f: old[f"landing_{f}"] for f in _STATS}
    else:
        m = 0
        s = {"counts": np.zeros((n_old + 1, width), np.int64), "fatalities": np.zeros(n_old + 1),
             "largest": np.zeros(n_old + 1), "precision": np.full(n_old + 1, 0 if precision is not None else 1),
             "firsts": np.full(n_old + 1, -1, np.int64)}  # fmt: skip
    if (s["largest"] < 0).any():
        return False
    fill = {"counts": 0, "fatalities": 0.0, "largest": 0.0, "precision": 0 if precision is not None else 1}
    g = {f: np.concatenate([s[f][:n_old], np.full((k, *s[f].shape[1:]), fill[f], s[f].dtype), s[f][n_old:]])
         for f in fill}  # fmt: skip
    rows = np.flatnonzero(dated)
    if not m and not len(rows):
        return None
    f = _filled(_numbers(t["fatalities"])[rows], 0.0)
    if len(f) and f.min() < 0:
        return False
    p = place[rows]
    had = g["counts"].sum(axis=1) > 0
    g["counts"] = g["counts"] + np.bincount(pair_t[rows], minlength=(n + 1) * width).reshape(n + 1, width)
    g["fatalities"] = g["fatalities"] + np.bincount(p, weights=f, minlength=n + 1)
    np.maximum.at(g["largest"], p[f > 0], f[f > 0])
    if precision is not None:
        code = np.full(n + 1, 8, dtype=np.int64)
        np.minimum.at(code, p, _precision_codes(t["geo_precision"])[rows].astype(np.int64))
        got = code < 8
        g["precision"][got] = np.where(had[got], np.minimum(g["precision"][got], code[got]), code[got])
    # firsts: the first row of each place whose rows differ (dated rows come first: a place's first row is dated)
    firsts = np.full(n + 1, -1, dtype=np.int64)
    return m + len(rows), PlaceStats(g["counts"], g["fatalities"], g["largest"], g["precision"], firsts)


def _sources(old: dict, chunks: list, plan) -> dict:
    """The source numbers after the append: the saved ones, the touched months' hashes looked up in the sorted
    hashes (a hash seen for the first time gets the next number)."""
    offsets_t, values_t = list_arrays(chunks)
    srt, order, distinct = old["source_sorted"], old["source_order"], int(old["distinct_sources"])
    sort = np.argsort(values_t)  # looked up in ascending order: the searches walk the big array once (~5x faster)
    at = np.empty(len(values_t), dtype=np.int64)
    at[sort] = np.searchsorted(srt, values_t[sort])
    at = np.minimum(at, max(len(srt) - 1, 0))
    known = (srt[at] == values_t) if len(srt) else np.zeros(len(values_t), dtype=bool)
    numbers_t = np.where(known, order[at] if len(srt) else 0, -1).astype(np.int64)
    inv, new_u = pd.factorize(values_t[~known])
    numbers_t[~known] = distinct + inv
    new_u = np.asarray(new_u, dtype=np.uint64)
    by = np.argsort(new_u, kind="stable")
    where = np.searchsorted(srt, new_u[by])
    srt = np.insert(srt, where, new_u[by])
    order = np.insert(order, where, (distinct + by).astype(np.int32))
    old_off = old["source_offsets"]
    ends, base, k = [np.zeros(1, np.int64)], 0, 0  # each month's offsets after the ones before
    for _, rows, old_start, _, _ in plan:
        if old_start is None:
            run = offsets_t[k + 1 : k + rows + 1] - offsets_t[k]
            k += rows
        else:
            run = old_off[old_start + 1 : old_start + rows + 1] - old_off[old_start]
        ends.append(run.astype(np.int64) + base)
        base += int(run[-1]) if rows else 0
    offsets = np.concatenate(ends)
    # the values: per month, the old run of numbers or the touched one
    vals, k = [], 0
    for _, rows, old_start, _, _ in plan:
        if old_start is None:
            vals.append(numbers_t[offsets_t[k] : offsets_t[k + rows]].astype(np.int32))
            k += rows
        else:
            vals.append(old["sources"][old_off[old_start] : old_off[old_start + rows]])
    numbers = np.concatenate(vals) if vals else old["sources"][:0]
    return {"offsets": offsets, "numbers": numbers, "distinct": distinct + len(new_u), "sorted": (srt, order)}
