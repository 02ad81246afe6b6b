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
