"""Ingest on a Dask cluster: the same pipeline as conflictmap.ingest.pipeline.ingest, articles geoparsed in parallel.

    from conflictmap.ingest.cluster import ingest_dask
    events, reports, problems = ingest_dask([Path("articles")], workers=2)           # a LocalCluster of 2 processes
    events, reports, problems = ingest_dask(paths, scheduler="tcp://10.0.0.5:8786")  # an existing cluster

Articles are read here, sent to workers in batches, geoparsed and read for events there (each worker process
loads its Geoparser once), and the per-article results come back in article order, so merging, to_event and
sorting give exactly the rows of the single-process run. Workers of a remote cluster need this package installed.
Callers that start a LocalCluster from a script need the `if __name__ == "__main__":` guard (worker processes
are spawned).
"""

from __future__ import annotations

import math
import sys
from contextlib import contextmanager
from pathlib import Path

from conflictmap.events.record import ExtractedEvent
from conflictmap.ingest.pipeline import (
    ArticleReport,
    events_of_batch,
    finalise_events,
    publishers_of,
    quarantined_report,
    read_articles,
    worker_parser,
)
from conflictmap.ingest.quarantine import Quarantine
from conflictmap.model import Article, Event


def batches(articles: list[Article], workers: int, batch_size: int | None = None) -> list[list[Article]]:
    """Article batches in order: by default ~8 per worker (load balance), at most 50 articles each."""
    if not articles:
        return []
    size = batch_size or max(1, min(50, math.ceil(len(articles) / (8 * max(1, workers)))))
    return [articles[i : i + size] for i in range(0, len(articles), size)]


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2):
    """A distributed.Client: to the scheduler at this address, or to a LocalCluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


def extract_on_cluster(
    client, articles: list[Article], batch_size: int | None = None, progress: bool = True
) -> tuple[list[ExtractedEvent], list[ArticleReport]]:
    """Map events_of_batch over the articles on the cluster; results in article order."""
    from distributed import as_completed

    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    parts = batches(articles, n_workers, batch_size)
    futures = client.map(events_of_batch, parts, pure=False)
    position = {f.key: i for i, f in enumerate(futures)}
    results: list = [None] * len(futures)
    done = as_completed(futures)
    if progress and len(articles) > 20:
        from tqdm import tqdm

        done = tqdm(done, total=len(futures), desc="batches", unit="batch", file=sys.stderr)
    for fut in done:
        results[position[fut.key]] = fut.result()
    extracted, reports = [], []
    for batch in results:
        for evs, rep in batch:
            extracted += evs
            reports.append(rep)
    return extracted, reports


def finish(extracted: list[ExtractedEvent], publishers: dict[str, str] | None = None) -> list[Event]:
    """Merge across articles and make rows, sorted exactly as pipeline.ingest sorts them."""
    return finalise_events(extracted, publishers)


def _load_parser() -> None:
    worker_parser()  # returns nothing: a Geoparser need not be picklable


def warm_up(client) -> None:
    """Load the Geoparser on every worker now, in parallel, instead of in each one's first batch."""
    client.run(_load_parser)


def ingest_dask(
    paths: list[Path],
    scheduler: str | None = None,
    workers: int = 2,
    progress: bool = True,
    quarantine: Quarantine | None = None,
) -> tuple[list[Event], list[ArticleReport], list[str]]:
    """pipeline.ingest on Dask: events, per-article reports and unreadable-file messages, the same as ingest's
    (quarantined articles are skipped and reported, new ones recorded)."""
    quarantine = quarantine if quarantine is not None else Quarantine(None)
    articles, problems = read_articles([Path(p) for p in paths])
    if not articles:
        return [], [], problems
    held = {i: quarantine.reason(a) for i, a in enumerate(articles)}
    todo = [a for i, a in enumerate(articles) if held[i] is None]
    extracted, fresh = [], []
    if todo:
        with dask_client(scheduler, workers) as client:
            warm_up(client)
            extracted, fresh = extract_on_cluster(client, todo, progress=progress)
    for art, rep in zip(todo, fresh, strict=True):
        if rep.quarantined:
            quarantine.add(art, rep.quarantined)
    it = iter(fresh)
    reports = [quarantined_report(a, held[i]) if held[i] is not None else next(it) for i, a in enumerate(articles)]
    return finish(extracted, publishers_of(articles, problems)), reports, problems
