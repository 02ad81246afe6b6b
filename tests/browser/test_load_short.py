"""A short run of the load benchmark: 4 concurrent sessions scrub and click for 20 s with no error."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# The dashboard on the bundled events peaks near 300 MB with 4 sessions; a leak or a per-session copy of the
# gazetteer would go far past this.
MAX_SERVER_MB = 800


def test_four_sessions_for_twenty_seconds(tmp_path):
    out = tmp_path / "load.json"
    run = subprocess.run([sys.executable, "-m", "benchmarks.load", "--short", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=240)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["sessions"] == 4 and summary["seconds"] == 20
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["blocked_requests"] == 0
    assert summary["interactions"] >= summary["sessions"] and summary["timed_interactions"] > 0, summary
    # presses undone by a rerun another widget began are not timed; they must stay the exception
    assert summary["undone_presses"] <= summary["interactions"] // 4, summary
    assert summary["server_rss_peak_mb"] < MAX_SERVER_MB, summary
