"""EventIndex.select and the summary counted on per-row codes: the same answers as query() + place_summary."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from conflictmap.model import CLAIM_STATUSES, EVENT_TYPES
from conflictmap.store import index as ix
from conflictmap.store.index import load_index
from conflictmap.store.places import events_at_positions, place_summary
from conflictmap.store.selection import Selection
from conflictmap.store.synthetic import synthetic_events, write_csv


@pytest.fixture(scope="module")
def awkward_csv(tmp_path_factory):
    """4,000 synthetic events, with what the fast path must get right: places whose rows disagree on name or
    coordinates (the first row in the window names them), places without a geonameid (keyed by coordinates, two
    raw coordinates rounding to one key), rows without coordinates, missing tolls and precision codes, long
    events that start months before a window, and a date_to before date_from."""
    df = synthetic_events(4000, seed=21)
    n = len(df)
    rng = np.random.default_rng(3)
    busiest = df["geonameid"].value_counts().index[:3]
    for k, gid in enumerate(busiest):  # same geonameid, another spelling / other coordinates on some rows
        rows = df.index[df["geonameid"] == gid][1::3]
        df.loc[rows, "location"] = df.loc[rows, "location"] + f" ({k})"
        if k == 1:
            df.loc[rows, "latitude"] = df.loc[rows, "latitude"] + 0.01
    no_gid = rng.random(n) < 0.1
    df["geonameid"] = df["geonameid"].astype("Int64").mask(no_gid)
    df.loc[no_gid, "latitude"] = 33.12345 + rng.integers(0, 3, no_gid.sum()) * 0.00004  # a few raw values, 2 keys
    df.loc[no_gid, "longitude"] = 44.5
    unplaced = rng.random(n) < 0.03
    df.loc[unplaced, ["latitude", "longitude"]] = np.nan
    df.loc[unplaced, "geonameid"] = pd.NA
    df["fatalities"] = df["fatalities"].mask(rng.random(n) < 0.05)
    df["fatalities_low"] = df["fatalities_high"] = pd.NA
    df["geo_precision"] = df["geo_precision"].astype("Int64").mask(rng.random(n) < 0.05)
    long = rng.random(n) < 0.02
    df.loc[long, "date_from"] = pd.to_datetime(df.loc[long, "date_to"]) - pd.Timedelta(days=200)
    path = tmp_path_factory.mktemp("sel") / "events.csv"
    write_csv(df, path)
    return path


def random_queries(k: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = [{}, {"start": date(2021, 1, 1)}, {"end": date(2020, 6, 30)}, {"start": date(2030, 1, 1)}]
    out += [
        {"start": date(2022, 3, 1), "end": date(2022, 3, 31)},
        {"start": date(2022, 3, 31), "end": date(2022, 3, 1)},
    ]
    for _ in range(k):
        span = rng.choice([0, 1, 6, 30, 31, 90, 365, 700])
        start = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        q = {"start": start, "end": start + timedelta(days=span)}
        if rng.random() < 0.4:
            q["types"] = rng.sample(EVENT_TYPES, rng.randint(1, 3))
        if rng.random() < 0.3:
            q["claims"] = rng.sample(CLAIM_STATUSES, rng.randint(1, 2))
        out.append(q)
    return out


@pytest.mark.parametrize("columns", [ix.MAP_COLUMNS, None], ids=["lean", "full"])
def test_the_summary_of_a_selection_is_the_summary_of_the_query(awkward_csv, columns):
    index = load_index(awkward_csv, columns=columns, sources=True)
    assert len(index.place_codes().uniform) > (~index.place_codes().uniform).sum() > 0  # some places disagree
    checked = 0
    for q in random_queries(60, seed=5):
        sel = index.select(**q)
        frame = index.query(**q)
        assert isinstance(sel, Selection) and len(sel) == len(frame)
        assert sel.positions.tolist() == frame.index.tolist()
        pd.testing.assert_frame_equal(sel.frame(), frame)
        expected = place_summary(frame)
        got = place_summary(sel)
        pd.testing.assert_frame_equal(got, expected)
        assert index.count_sources(sel) == index.count_sources(frame.index)
        checked += len(expected)
    assert checked > 1000


def test_store_places_counts_a_selection_on_its_codes_without_a_frame(awkward_csv, monkeypatch):
    # the map calls store.places.place_summary with a Selection: it must take the per-row codes, not build the
    # window's frame and group it (the slower path)
    index = load_index(awkward_csv, columns=ix.MAP_COLUMNS)
    queries = random_queries(8, seed=13)
    expected = [place_summary(index.query(**q)) for q in queries]

    def no_frame(self, columns=None):
        raise AssertionError("the summary of a selection built its frame")

    monkeypatch.setattr(Selection, "frame", no_frame)
    for q, want in zip(queries, expected, strict=True):
        pd.testing.assert_frame_equal(place_summary(index.select(**q)), want)


def test_a_town_in_a_selection_has_the_rows_of_the_frame(awkward_csv):
    index = load_index(awkward_csv, columns=ix.MAP_COLUMNS)
    for q in random_queries(10, seed=9):
        sel, frame = index.select(**q), index.query(**q)
        keys = place_summary(frame)["place_key"].tolist()
        for key in [*keys[:: max(1, len(keys) // 15)], "33.1235,44.5000", "33.12345,44.5", "999999999", "x,y"]:
            assert sel.at_place(key).tolist() == events_at_positions(frame, key).tolist(), (q, key)


def test_a_plain_window_is_mostly_one_run_of_rows(awkward_csv):
    index = load_index(awkward_csv, columns=ix.MAP_COLUMNS)
    sel = index.select(date(2022, 1, 1), date(2022, 12, 31))
    runs = [p for p in sel.parts if isinstance(p, slice)]
    assert len(runs) == 1 and runs[0].stop - runs[0].start > 0.9 * len(sel)


def test_sources_counted_on_numbers_as_on_the_text(tmp_path):
    df = synthetic_events(1500, seed=4)
    df.loc[::7, "source_ids"] = df.loc[::7, "source_ids"] + ";shared-1;shared-2"
    df.loc[::11, "source_ids"] = ""
    df.loc[::13, "source_ids"] = "shared-2"
    path = tmp_path / "events.csv"
    write_csv(df, path)
    full = load_index(path)
    lean = load_index(path, columns=ix.MAP_COLUMNS, sources=True)
    lean.prepare_map()
    assert lean.sources[1].dtype == np.int32
    for q in random_queries(30, seed=2):
        ids = full.query(**q)["source_ids"]
        expected = len({s for v in ids for s in v.split(";") if s})
        assert lean.count_sources(lean.select(**q)) == lean.count_sources(lean.positions(**q)) == expected


def test_the_codes_are_saved_for_the_next_load_of_the_same_partitions(tmp_path, monkeypatch):
    from conflictmap.store import selection

    df = synthetic_events(1200, seed=6)
    path = tmp_path / "events.csv"
    write_csv(df.iloc[:1100], path)
    first = load_index(path, columns=ix.MAP_COLUMNS, sources=True)
    first.prepare_map()
    saved = list(ix.cache_path_for(path).glob("map-codes-*"))
    assert len(saved) == 1
    q = {"start": date(2021, 1, 1), "end": date(2022, 6, 30)}
    expected, n_sources = place_summary(first.select(**q)), first.count_sources(first.select(**q))

    computed = []
    real = selection.place_codes
    monkeypatch.setattr(ix, "place_codes", lambda events: computed.append(1) or real(events))
    again = load_index(path, columns=ix.MAP_COLUMNS, sources=True)
    again.prepare_map()
    assert not computed  # read back
    pd.testing.assert_frame_equal(place_summary(again.select(**q)), expected)
    assert again.count_sources(again.select(**q)) == n_sources

    with path.open("a", encoding="utf-8") as f:  # new rows: new partition files, the saved codes brought up to date
        f.write(df.iloc[1100:].to_csv(index=False, header=False, date_format="%Y-%m-%d", lineterminator="\n"))
    grown = load_index(path, columns=ix.MAP_COLUMNS, sources=True)
    grown.prepare_map()
    assert not computed  # extended by the append (store.mapcodes), not computed over every row
    now = list(ix.cache_path_for(path).glob("map-codes-*"))
    assert len(now) == 1 and now != saved  # the old file replaced
    pd.testing.assert_frame_equal(place_summary(grown.select(**q)), place_summary(grown.query(**q)))


def test_the_codes_are_computed_when_the_index_is_written_not_on_the_first_map_load(tmp_path, monkeypatch):
    from conflictmap.store import selection

    df = synthetic_events(1200, seed=8)
    path = tmp_path / "events.csv"
    write_csv(df.iloc[:1000], path)
    computed = []
    real = selection.place_codes
    monkeypatch.setattr(ix, "place_codes", lambda events: computed.append(len(events)) or real(events))
    q = {"start": date(2020, 1, 1), "end": date(2023, 6, 30), "types": ["Battles", "Protests"]}
    for rows in (1000, 1200):  # the first build, then rows appended (an ingest), each by a process that
        if rows > 1000:  # does not serve the map (the query command, a benchmark's build)
            with path.open("a", encoding="utf-8") as f:
                f.write(df.iloc[1000:].to_csv(index=False, header=False, date_format="%Y-%m-%d", lineterminator="\n"))
        computed.clear()
        assert load_index(path, columns=("date_from",)).rebuilt
        expected = [rows] if rows == 1000 else []  # computed with the index; extended with an append
        assert computed == expected
        serving = load_index(path, columns=ix.MAP_COLUMNS, sources=True)
        serving.prepare_map()
        assert computed == expected  # the first map load reads them
        pd.testing.assert_frame_equal(place_summary(serving.select(**q)), place_summary(serving.query(**q)))
        ids = load_index(path).query(**q)["source_ids"]
        assert serving.count_sources(serving.select(**q)) == len({s for v in ids for s in v.split(";") if s})


def test_the_first_view_is_counted_with_the_codes_and_read_back(tmp_path, awkward_csv, monkeypatch):
    from conflictmap.store import selection
    from conflictmap.store.select import date_bounds

    df = synthetic_events(1500, seed=12)
    df.loc[df.index[::97], ["event_date", "date_from", "date_to"]] = pd.NaT  # undated: not in the whole span
    df.loc[df.index[::97], "date_precision"] = "unknown"
    path = tmp_path / "events.csv"
    write_csv(df, path)
    load_index(path, columns=("date_from",))  # the build computes the codes
    counted, real = [], selection.place_stats
    monkeypatch.setattr(selection, "place_stats", lambda sel, codes: counted.append(len(sel)) or real(sel, codes))
    index = load_index(path, columns=ix.MAP_COLUMNS, sources=True)  # a restart
    index.prepare_map()
    lo, hi = date_bounds(index.events)
    whole = index.select(lo, hi)
    assert 0 < len(whole) < len(index)
    pd.testing.assert_frame_equal(place_summary(whole), place_summary(index.query(lo, hi)))
    assert counted == []  # the map's first view: read with the codes, nothing counted over the rows
    q = {"start": lo, "end": hi, "types": ["Battles"]}
    pd.testing.assert_frame_equal(place_summary(index.select(**q)), place_summary(index.query(**q)))
    assert counted == [len(index.select(**q))]  # any other selection is counted

    awkward = load_index(awkward_csv, columns=ix.MAP_COLUMNS)  # rows ending before they start: not one run
    lo, hi = date_bounds(awkward.events)
    pd.testing.assert_frame_equal(place_summary(awkward.select(lo, hi)), place_summary(awkward.query(lo, hi)))


def test_daily_counts_of_a_selection_are_those_of_its_frame(tmp_path, awkward_csv):
    from conflictmap.store.select import daily_counts

    df = synthetic_events(1200, seed=14)
    df.loc[df.index[::50], ["event_date", "date_from", "date_to"]] = pd.NaT  # undated: counted on no day
    df.loc[df.index[::50], "date_precision"] = "unknown"
    df.loc[df.index[::7], "fatalities"] = pd.NA
    path = tmp_path / "events.csv"
    write_csv(df, path)
    for csv in (path, awkward_csv):
        index = load_index(csv, columns=ix.MAP_COLUMNS)
        for q in random_queries(12, seed=3):
            pd.testing.assert_frame_equal(daily_counts(index.select(**q)), daily_counts(index.query(**q)))
