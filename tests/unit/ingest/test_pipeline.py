"""Ingest end to end on the bundled articles: the committed events.csv is what ingest produces."""

import json
import subprocess
import sys

from conflictmap.ingest.pipeline import read_articles
from conflictmap.store.csvfile import read_events
from tests.conftest import ROOT


def test_committed_events_csv_is_regenerable(tmp_path):
    out = tmp_path / "events.csv"
    subprocess.run([sys.executable, "-m", "conflictmap", "ingest", "articles/", "-o", str(out)], cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    assert out.read_text() == (ROOT / "events.csv").read_text()
    assert (tmp_path / "evidence.csv").read_text() == (ROOT / "evidence.csv").read_text()


def test_sample_events_cover_the_towns_and_cite_excerpts():
    df = read_events(ROOT / "events.csv")
    assert df.rejected.empty
    assert {"Mosul", "Tikrit", "Tal Afar", "Samarra", "Baghdad"} <= set(df.valid["location"])
    tikrit = df.valid[(df.valid["location"] == "Tikrit") & (df.valid["fatalities"] == 1700)]
    assert len(tikrit) == 1 and tikrit.iloc[0]["claim_status"] == "claimed" and tikrit.iloc[0]["n_sources"] == 2
    evidence = (ROOT / "evidence.csv").read_text()
    assert "1,700" in evidence


def test_bad_inputs_are_reported_not_fatal(tmp_path):
    (tmp_path / "ok.jsonl").write_text(json.dumps({"id": "a", "text": "x", "published": "2014-06-15"}) + "\n{broken\n")
    arts, problems = read_articles([tmp_path])
    assert [a.id for a in arts] == ["a"] and "line 2" in problems[0]


def test_cache_and_workers_do_not_change_the_result(tmp_path):
    from conflictmap.ingest.pipeline import ExtractionCache, ingest

    plain, _, _ = ingest([ROOT / "articles"], progress=False, cache=ExtractionCache(None))
    cache = ExtractionCache(tmp_path / "cache")
    first, reports1, _ = ingest([ROOT / "articles"], progress=False, cache=cache)
    again, reports2, _ = ingest([ROOT / "articles"], progress=False, cache=cache, workers=2)
    assert [e.row() for e in plain] == [e.row() for e in first] == [e.row() for e in again]
    assert not any(r.cached for r in reports1) and all(r.cached for r in reports2)


def killings_feed(folder, n: int) -> None:
    """A JSONL of n one-sentence reports."""
    lines = [
        json.dumps(
            {"id": f"a{k}", "text": f"Gunmen killed {k % 9 + 2} people in Mosul on Monday.", "published": "2014-06-15"}
        )
        for k in range(n)
    ]
    (folder / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def texts_held(module, monkeypatch) -> tuple[list, list]:
    """(weak references to every article module.read_articles reads, the number of them alive when the merge across
    articles starts: one entry per ingest)."""
    import weakref

    refs, held = [], []
    real_read, real_finalise = module.read_articles, module.finalise_events

    def read(paths):
        arts, problems = real_read(paths)
        refs.extend(weakref.ref(a) for a in arts)
        return arts, problems

    def finalise(extracted, publishers=None):
        held.append(sum(r() is not None for r in refs))
        return real_finalise(extracted, publishers)

    monkeypatch.setattr(module, "read_articles", read)
    monkeypatch.setattr(module, "finalise_events", finalise)
    return refs, held


def test_a_multi_process_ingest_drops_each_text_once_its_events_are_back(tmp_path, monkeypatch):
    """Main handed the pool every batch at once and kept every article's text until the merge across articles."""
    import concurrent.futures

    from conflictmap.ingest import pipeline

    killings_feed(tmp_path, 400)
    pipeline.worker_parser()
    # the pool's calls, in one thread of this process, where the articles can be counted
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", lambda n: concurrent.futures.ThreadPoolExecutor(1))
    refs, held = texts_held(pipeline, monkeypatch)
    alive_at_last_batch = []
    real_batch = pipeline.events_of_batch

    def batch(articles):
        alive_at_last_batch[:] = [sum(r() is not None for r in refs)]
        return real_batch(articles)

    monkeypatch.setattr(pipeline, "events_of_batch", batch)
    events, reports, _ = pipeline.ingest([tmp_path], progress=False, workers=2, cache=pipeline.ExtractionCache(None))
    assert len(reports) == 400 and len(events) == 9
    assert held == [0]  # main: 400
    assert alive_at_last_batch[0] <= pipeline.IN_FLIGHT_PER_WORKER * 2 * 50  # batches of 50, sent ahead per worker
