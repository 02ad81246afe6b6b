"""conflictmap.store.synthetic (and its command line, scripts/make_synthetic.py): valid, realistic-looking,
deterministic events and articles."""

from __future__ import annotations

import json

import pandas as pd

from conflictmap.model import EVENT_COLUMNS, EVENT_TYPES
from conflictmap.store import synthetic
from conflictmap.store.csvfile import read_events
from scripts import make_synthetic


def test_every_row_is_valid_and_has_the_schema_columns(tmp_path):
    path = tmp_path / "events.csv"
    assert make_synthetic.main(["2000", "-o", str(path), "--seed", "4"]) == 0
    res = read_events(path)
    assert res.ok and not res.problems
    assert len(res.valid) == 2000
    assert path.read_text(encoding="utf-8").split("\n", 1)[0].split(",") == list(EVENT_COLUMNS)


def test_same_seed_same_events_other_seed_other_events():
    a, b, c = synthetic.synthetic_events(500, 1), synthetic.synthetic_events(500, 1), synthetic.synthetic_events(500, 2)
    pd.testing.assert_frame_equal(a, b)
    assert not a["location"].equals(c["location"])


def test_looks_like_conflict_data():
    df = synthetic.synthetic_events(20_000, 3)
    focus = df["country_code"].isin(list(synthetic.FOCUS_COUNTRIES)).mean()
    assert 0.8 < focus < 0.9
    assert df["country_code"].nunique() > 20  # "some elsewhere"
    fat = df["fatalities"].fillna(0)
    assert (fat == 0).mean() > 0.5 and fat.max() >= 100
    assert set(df["event_type"]) == set(EVENT_TYPES)
    assert df["date_from"].min().year == 2019 and df["date_to"].max().year == 2024
    assert (df["date_from"] <= df["date_to"]).all()
    assert set(df["claim_status"]) == {"reported", "claimed", "disputed"}
    assert df["event_id"].is_unique


def test_articles_are_deterministic_dated_and_yield_events(tmp_path):
    from conflictmap.ingest.pipeline import ingest

    paths = synthetic.synthetic_articles(6, tmp_path / "a", seed=5)
    again = synthetic.synthetic_articles(6, tmp_path / "b", seed=5)
    assert [p.read_text(encoding="utf-8") for p in paths] == [p.read_text(encoding="utf-8") for p in again]
    meta = json.loads(paths[0].with_suffix(".json").read_text(encoding="utf-8"))
    assert len(meta["published"]) == 10
    assert 450 < len(paths[0].read_text(encoding="utf-8").split()) < 900
    events, reports, problems = ingest([tmp_path / "a"], progress=False)
    assert not problems and len(reports) == 6
    assert len(events) >= 6
