"""Every published shape of the sample articles scores recall 1.0 against the seed gold (../shared/eval)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conflictmap.ingest.pipeline import ExtractionCache, ingest
from conflictmap.store.csvfile import write_events
from tests.conftest import FIXTURES

pytestmark = pytest.mark.shared

SHAPES = ["meta", "jsonld", "time", "url", "feed"]


@pytest.mark.parametrize("shape", SHAPES)
def test_page_shape_finds_every_seed_event(shared_eval, tmp_path, shape):
    events, reports, problems = ingest([FIXTURES / "pages" / shape], progress=False, cache=ExtractionCache(None))
    assert problems == [] and len(reports) == 2
    out = tmp_path / "events.csv"
    write_events(events, out)
    run = subprocess.run(
        [sys.executable, str(shared_eval / "score_events.py"), str(shared_eval / "seed_events.json"), str(out), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    score = json.loads(run.stdout.splitlines()[0])
    assert score["recall"] == 1.0, run.stdout
    assert score["precision"] >= 0.9 and score["claim_status_accuracy"] == 1.0, run.stdout
