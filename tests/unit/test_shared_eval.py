"""Scores against ../shared/eval when it is beside the project (skipped with a reason otherwise)."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.shared


def test_seed_events_meet_the_targets(shared_eval):
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score_events.py"), str(SHARED / "eval" / "seed_events.json"),
         str(ROOT / "events.csv"), "--json"], capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    import json

    s = json.loads(out.splitlines()[0])
    assert s["recall"] == 1.0 and s["precision"] >= 0.9 and s["claim_status_accuracy"] == 1.0
