"""Ingest end to end on the bundled articles: the committed events.csv is what ingest produces."""

import json
import subprocess
import sys

from conflictmap.pipeline import read_articles
from conflictmap.store import read_events

from ..conftest import ROOT


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
