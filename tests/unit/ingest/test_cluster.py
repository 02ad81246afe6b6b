"""Dask ingest gives exactly the single-process ingest's rows, reports and evidence."""

from __future__ import annotations

import pytest

from conflictmap.ingest.cluster import batches, dask_client, extract_on_cluster, finish, ingest_dask, warm_up
from conflictmap.ingest.pipeline import ExtractionCache, ingest, read_articles
from conflictmap.model import Article
from conflictmap.store.synthetic import synthetic_articles
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # starts a LocalCluster of worker processes (~10-30 s)


def _synthetic_articles(folder, n):
    synthetic_articles(n, folder, seed=9)
    return folder


def _same(a, b) -> None:
    events_a, reports_a, problems_a = a
    events_b, reports_b, problems_b = b
    assert [e.row() for e in events_a] == [e.row() for e in events_b]
    assert [[x.__dict__ for x in e.evidence] for e in events_a] == [[x.__dict__ for x in e.evidence] for e in events_b]
    assert [r.__dict__ for r in reports_a] == [r.__dict__ for r in reports_b]
    assert problems_a == problems_b


def test_batches_keep_article_order():
    arts = [Article(str(i), "") for i in range(103)]
    parts = batches(arts, workers=2)
    assert [a.id for p in parts for a in p] == [a.id for a in arts]
    assert max(len(p) for p in parts) <= 50 and batches([], 2) == []


def test_dask_ingest_equals_single_process(tmp_path):
    folder = _synthetic_articles(tmp_path / "articles", 60)
    (tmp_path / "articles" / "broken.jsonl").write_text("not json\n", encoding="utf-8")
    bundled = ROOT / "articles"
    with dask_client(workers=2) as client:
        warm_up(client)
        for paths in ([bundled], [folder]):
            articles, problems = read_articles(paths)
            extracted, reports = extract_on_cluster(client, articles, batch_size=7, progress=False)
            _same(ingest(paths, progress=False, cache=ExtractionCache(None)), (finish(extracted), reports, problems))
    single = ingest([folder], progress=False, cache=ExtractionCache(None))
    assert len(single[0]) > 60 and single[2]  # the broken file is reported by both
    _same(single, ingest_dask([folder], workers=1, progress=False))


def test_nothing_to_read_needs_no_cluster(tmp_path):
    events, reports, problems = ingest_dask([tmp_path / "missing"], workers=1)
    assert events == [] and reports == [] and "no such file" in problems[0]


def test_a_dask_ingest_drops_each_text_once_its_events_are_back(tmp_path, monkeypatch):
    """Main sent every batch at once and kept every article's text until the merge across articles."""
    from conflictmap.ingest import cluster
    from tests.unit.ingest.test_pipeline import killings_feed, texts_held

    killings_feed(tmp_path, 300)
    refs, held = texts_held(cluster, monkeypatch)
    events, reports, _ = ingest_dask([tmp_path], workers=1, progress=False)
    assert len(reports) == 300 and len(events) == 9
    one_batch = len(cluster.batches(list(range(300)), workers=1)[0])
    assert len(refs) == 300 and held[0] <= one_batch  # at most the last batch still in the client's hands; main: 300
