"""Shared test fixtures: paths, the evaluation data beside the project (skipped with a reason when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = (ROOT / ".." / "shared").resolve()


@pytest.fixture
def shared_eval() -> Path:
    """../shared/eval, or skip: the gold data lives beside the project, never in it."""
    path = SHARED / "eval"
    if not path.is_dir():
        pytest.skip("../shared/eval not found: evaluation data is only present beside the project checkout")
    return path


@pytest.fixture
def small_events() -> Path:
    """A hand-written, valid events file of six events in Iraq."""
    return FIXTURES / "events_small.csv"
