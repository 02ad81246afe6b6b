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


def test_the_code_and_tests_name_no_rare_place_of_the_acled_notes(shared_eval):
    # measuring on the ACLED notes is honest only if no rule, comment or test was written from one of their places:
    # the coded locations that are rare words in English (not "Kabul", "Tripoli") must not occur in the project's code
    import json
    import re

    from wordfreq import zipf_frequency

    places = set()
    for line in (shared_eval / "acled" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            name = json.loads(line)["location"]
            if len(name) >= 5 and all(zipf_frequency(w, "en") < 1.5 for w in re.findall(r"[a-z]+", name.lower())):
                places.add(name)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(places, key=len, reverse=True))) + r")(?![\w-])"
    )
    found = {}
    for path in [*(ROOT / "conflictmap").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        for hit in pattern.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(hit.group(0), []).append(str(path.relative_to(ROOT)))
    assert not found, found
