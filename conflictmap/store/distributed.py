"""The index's queries on a Dask cluster: Dask DataFrame over the month partitions, same answers as EventIndex.

    python -m conflictmap query --engine dask [--scheduler tcp://HOST:8786 | --workers 2] [--from D] ... [--format F]

The client brings the index up to date (conflictmap.store.index.load_index), picks the partitions the window can
touch from meta.json, and hands their paths to dask.dataframe.read_parquet: the workers read only the columns the
filters use and the rows are filtered where they are read. On a real cluster every worker must see the index
folder at the same path (a shared filesystem, or the same folder synced to each machine).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd

from conflictmap.store import partitions

_HIDDEN = ("_idh", "_srch")


@contextmanager
def dask_session(scheduler: str | None = None, workers: int = 2) -> Iterator:
    """A distributed.Client: to the scheduler at this address, or to a LocalCluster of `workers` processes.
    (As conflictmap.ingest.cluster.dask_client, without importing the ingest pipeline.)"""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        yield client


def _frame(events_path: Path | str, start, end, types, claims, bbox, columns: list[str] | None):
    """A Dask DataFrame of the matching rows (only `columns` plus what the filters need), or None: nothing can match."""
    import dask.dataframe as dd

    from conflictmap.store.index import load_index

    path = Path(events_path)
    meta = partitions.fresh_meta(path)
    if meta is None:  # build or extend the index first, on the client
        load_index(path, columns=("date_from",))
        meta = partitions.fresh_meta(path)
    folder = partitions.cache_path_for(path)
    files = [str(folder / p["file"]) for p, _ in partitions.partitions_for(meta, start, end) if p["rows"]]
    if not files:
        return None
    names = [c for c in meta["columns"] if c not in _HIDDEN]
    need = set(columns or names) | {c for c, v in (("date_from", end), ("date_to", start), ("event_type", types),
                                                  ("claim_status", claims)) if v}  # fmt: skip
    need |= {"latitude", "longitude"} if bbox is not None else set()
    ddf = dd.read_parquet(files, columns=[c for c in names if c in need])
    mask = None

    def both(m):
        return m if mask is None else mask & m

    if end is not None:
        mask = both(ddf["date_from"] <= pd.Timestamp(end))
    if start is not None:
        mask = both(ddf["date_to"] >= pd.Timestamp(start))
    if types:
        mask = both(ddf["event_type"].isin(list(types)))
    if claims:
        mask = both(ddf["claim_status"].isin(list(claims)))
    if bbox is not None:
        w, s, e, n = (float(x) for x in bbox)
        lat, lon = ddf["latitude"], ddf["longitude"]
        in_lon = ((lon >= w) & (lon <= e)) if w <= e else ((lon >= w) | (lon <= e))
        mask = both((lat >= s) & (lat <= n) & in_lon)
    return ddf if mask is None else ddf[mask]


def dask_count(client, events_path, start: date | None = None, end: date | None = None, types=None, claims=None,
               bbox=None) -> int:  # fmt: skip
    """EventIndex.count on the cluster."""
    ddf = _frame(events_path, start, end, types, claims, bbox, ["date_from"])
    return 0 if ddf is None else int(client.compute(ddf.map_partitions(len).sum()).result())


def dask_query(client, events_path, start: date | None = None, end: date | None = None, types=None, claims=None,
               bbox=None, columns: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """The matching rows (every column, or `columns`), gathered on the client in the index's order."""
    from conflictmap.store.build import _restore_dtypes

    cols = None if columns is None else list(dict.fromkeys([*columns, "date_from", "_row"]))
    ddf = _frame(events_path, start, end, types, claims, bbox, cols)
    if ddf is None:
        return pd.DataFrame(columns=columns or [])
    df = _restore_dtypes(client.compute(ddf).result())
    df = df.sort_values(["date_from", "_row"], kind="stable").reset_index(drop=True)
    return df[[c for c in df.columns if c in (columns or df.columns)]] if columns else df


def dask_positions(client, events_path, start=None, end=None, types=None, claims=None, bbox=None) -> list[int]:
    """The CSV row numbers (`_row`) of the matching events, in the index's order: what a test compares."""
    return dask_query(client, events_path, start, end, types, claims, bbox, ["_row"])["_row"].tolist()
