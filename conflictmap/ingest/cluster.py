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
    IN_FLIGHT_PER_WORKER,
    ArticleReport,
    events_of_batch,
    finalise_events,
    in_order,
    publishers_of,
    quarantined_report,
    read_articles,
    worker_parser,
)
from conflictmap.ingest.quarantine import Quarantine
from conflictmap.model import Article, Event


def batches(articles: list, workers: int, batch_size: int | None = None) -> list[list]:
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
    extracted, reports = [], []
    for _, out in stream_on_cluster(client, articles, batch_size, progress):
        for evs, rep in out:
            extracted += evs
            reports.append(rep)
    return extracted, reports


def stream_on_cluster(client, articles: list, batch_size: int | None = None, progress: bool = True, drop=False):
    """(article positions, events_of_batch's results) for each batch of the articles, in order, with at most
    pipeline.IN_FLIGHT_PER_WORKER batches per worker sent ahead. With `drop`, each article's entry in `articles` is
    set to None once its batch is back, so its text is not held to the end."""
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    parts = batches(list(range(len(articles))), n_workers, batch_size)

    def submit(part: list[int]):
        return client.submit(events_of_batch, [articles[i] for i in part], pure=False)

    done = in_order(submit, parts, IN_FLIGHT_PER_WORKER * n_workers)
    if progress and len(articles) > 20:
        from tqdm import tqdm

        done = tqdm(done, total=len(parts), desc="batches", unit="batch", file=sys.stderr)
    for part, out in done:
        yield part, out
        if drop:  # once the caller is done with this batch's articles
            for i in part:
                articles[i] = None


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
    publishers = publishers_of(articles, problems)  # before extraction, as pipeline.ingest: texts are then dropped
    held = [quarantine.reason(a) for a in articles]
    reports: list = [quarantined_report(a, h) if h is not None else None for a, h in zip(articles, held, strict=True)]
    todo = [a for a, r in zip(articles, reports, strict=True) if r is None]
    position = [i for i, r in enumerate(reports) if r is None]
    del articles
    extracted: list[ExtractedEvent] = []
    if todo:
        with dask_client(scheduler, workers) as client:
            warm_up(client)
            for part, out in stream_on_cluster(client, todo, progress=progress, drop=True):
                for k, (evs, rep) in zip(part, out, strict=True):
                    if rep.quarantined:
                        quarantine.add(todo[k], rep.quarantined)
                    extracted += evs
                    reports[position[k]] = rep
    return finish(extracted, publishers), reports, problems
