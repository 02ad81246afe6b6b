"""Filters of the Events table: type, actor, claim status, geo precision, source and free text, on a frame (pure) or
on an EventIndex (the columns a filter needs, scanned partition by partition: see conflictmap.store.scan)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from conflictmap.store.scan import chunks, distinct, rows_with
from conflictmap.store.textsearch import SEARCH_COLUMNS, frame_rows, text_positions


def actors(df: pd.DataFrame) -> list[str]:
    """Every actor named as actor1 or actor2, sorted."""
    return sorted({a for col in ("actor1", "actor2") for a in df[col] if a})


def sources(df: pd.DataFrame) -> list[str]:
    """Every source id cited by the events, sorted."""
    return sorted({s for ids in df["source_ids"] for s in str(ids).split(";") if s})


def index_actors(index) -> list[str]:
    """actors() of every row of an EventIndex, from the values the two actor columns use (store.scan.distinct)."""
    return sorted(a for a in distinct(index, ("actor1", "actor2")) if a)


def index_sources(index) -> list[str]:
    """sources() of every row of an EventIndex, reading only the source_ids column."""
    return sorted(set().union(*(sources(c.drop_duplicates()) for c in chunks(index, ("source_ids",)))))


def _any_of(series: pd.Series, wanted: Iterable) -> pd.Series:
    return series.isin(list(wanted))


def needed_columns(types=(), actor_names=(), claims=(), precisions=(), source_ids=(), text: str = "") -> list[str]:
    """The columns filter_table reads for these filters."""
    cols = [*(["event_type"] if types else []), *(["actor1", "actor2"] if actor_names else [])]
    cols += [*(["claim_status"] if claims else []), *(["geo_precision"] if precisions else [])]
    cols += [*(["source_ids"] if source_ids else []), *(SEARCH_COLUMNS if text.strip() else [])]
    return list(dict.fromkeys(cols))


def filter_positions(
    index,
    types: Iterable[str] = (),
    actor_names: Iterable[str] = (),
    claims: Iterable[str] = (),
    precisions: Iterable[int] = (),
    source_ids: Iterable[str] = (),
    text: str = "",
) -> np.ndarray:
    """Row positions in an EventIndex of the rows filter_table keeps, ascending: on the loaded columns when the
    filters need no others, else on the needed columns read one partition at a time; the text in the partitions'
    search files (store.textsearch), without reading the text columns; actors on their columns' dictionary codes
    (store.scan.rows_with), without a string per row."""
    args = (list(types), list(actor_names), list(claims), list(precisions), list(source_ids), text)
    if (text.strip() or args[1]) and index.full is None and index.folder is not None:
        found = [text_positions(index, text)] if text.strip() else []
        found += [rows_with(index, ("actor1", "actor2"), args[1])] if args[1] else []
        if needed_columns(args[0], (), *args[2:5]):  # the other filters
            found.append(filter_positions(index, args[0], (), *args[2:5]))
        out = found[0]
        for more in found[1:]:
            out = out[np.isin(out, more, assume_unique=True)]
        return out
    cols = needed_columns(*args)
    if not cols:
        return np.arange(len(index), dtype=np.int64)
    if set(cols) <= set(index.events.columns):
        frames = [index.events[cols]]
    else:
        frames = chunks(index, cols)
    found = [filter_table(f, *args).index.to_numpy(np.int64) for f in frames]
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def filter_table(
    df: pd.DataFrame,
    types: Iterable[str] = (),
    actor_names: Iterable[str] = (),
    claims: Iterable[str] = (),
    precisions: Iterable[int] = (),
    source_ids: Iterable[str] = (),
    text: str = "",
) -> pd.DataFrame:
    """Rows matching every non-empty filter (any of the values within one filter); text is a substring search."""
    mask = pd.Series(True, index=df.index)
    types, actor_names, claims = list(types), list(actor_names), list(claims)
    precisions, source_ids = [int(p) for p in precisions], set(source_ids)
    if types:
        mask &= _any_of(df["event_type"], types)
    if actor_names:
        mask &= _any_of(df["actor1"], actor_names) | _any_of(df["actor2"], actor_names)
    if claims:
        mask &= _any_of(df["claim_status"], claims)
    if precisions:
        mask &= df["geo_precision"].isin(precisions).fillna(False).astype(bool)
    if source_ids:
        mask &= df["source_ids"].map(lambda ids: bool(source_ids & set(str(ids).split(";"))))
    if text.strip():
        mask &= _text_match(df, text.strip())
    return df[mask]


def _text_match(df: pd.DataFrame, text: str) -> np.ndarray:
    """Rows whose search columns, as text joined by spaces, contain text (any case), as a mask (store.textsearch:
    the same search as an index's)."""
    mask = np.zeros(len(df), dtype=bool)
    mask[frame_rows(df, text)] = True
    return mask
