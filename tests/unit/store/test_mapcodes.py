"""The map codes an append brings up to date (store.mapcodes) against those of a fresh build of the same CSV."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from conflictmap.store import index as ix
from conflictmap.store import mapcodes
from conflictmap.store.index import load_index
from conflictmap.store.places import place_summary
from conflictmap.store.synthetic import synthetic_events, write_csv

from .test_selection import random_queries


def _append(path, rows: pd.DataFrame) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(rows.to_csv(index=False, header=False, date_format="%Y-%m-%d", lineterminator="\n"))


def _serving(path):
    index = load_index(path, columns=ix.MAP_COLUMNS, sources=True)
    index.prepare_map()
    return index


def _grown_rows(base: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """Rows to append: in the last month, an earlier one and a new first month, some at places the index has (one with another
    spelling, one with other coordinates), some at new places (with and without a geonameid), without
    coordinates, undated, citing sources the index has and new ones."""
    new = synthetic_events(n, seed=seed)
    rng = np.random.default_rng(seed)
    new["event_id"] = [f"new{seed}_{i}" for i in range(n)]
    last = pd.Timestamp(base["date_to"].max())
    days = pd.to_timedelta(rng.integers(0, 5, n), unit="D")
    new["date_from"] = new["date_to"] = new["event_date"] = np.where(
        np.arange(n) % 3 == 0, pd.Timestamp("2021-06-10") + days, last - days
    )
    old = base.sample(n, random_state=seed).reset_index(drop=True)
    at_old = np.arange(n) % 2 == 0  # at places the index has
    for c in ("location", "admin1", "country_code", "latitude", "longitude", "geonameid"):
        new[c] = new[c].astype(object)
        new.loc[at_old, c] = old.loc[at_old, c].astype(object)
    new.loc[4, "location"] = str(new.loc[4, "location"]) + " (other spelling)"
    new.loc[6, "latitude"] = float(new.loc[6, "latitude"]) + 0.01
    new.loc[[1, 3], "geonameid"] = None  # new places keyed by coordinates
    new.loc[[1, 3], "latitude"], new.loc[[1, 3], "longitude"] = 12.34567, 45.6789
    new.loc[5, ["latitude", "longitude", "geonameid"]] = None  # no coordinates
    new.loc[7, ["event_date", "date_from", "date_to"]] = pd.NaT  # undated
    new.loc[7, "date_precision"] = "unknown"
    new.loc[[9, 10], ["event_date", "date_from", "date_to"]] = pd.Timestamp("2018-06-01")  # a month before all
    new.loc[::4, "source_ids"] = old.loc[::4, "source_ids"].to_numpy()  # sources the index cites
    new.loc[8, "fatalities"] = 250  # the largest toll of its place
    return new


def _canonical(index) -> dict:
    """The codes as what they say, whatever the numbers: per row its place key, type, claim and precision code; per
    place (by key) its first row and whether its rows agree; the first view's stats by key; the rows sharing sources."""
    codes = index.place_codes()
    width = 2 * len(codes.type_names)
    keys = np.append(codes.key.astype(object), "<none>")
    place = codes.pair // width
    out = {
        "key": keys[place],
        "type": codes.type_names[(codes.pair % width) // 2],
        "claimed": codes.pair % 2,
        "precision": None if codes.precision is None else codes.precision % 8,
        "place": pd.DataFrame({"first": codes.first, "uniform": codes.uniform}, index=codes.key).sort_index(),
        "sorted_keys": codes.key[np.argsort(codes.rank)].tolist(),
        "sources": pd.factorize(index.sources[1])[0],
        "source_offsets": index.sources[0],
        "distinct_sources": index._distinct_sources,
    }
    assert sorted(codes.key.tolist()) == out["sorted_keys"]
    m, stats = codes.landing
    by_type = {f"{t}/{c}": stats.counts[:, 2 * i + c] for i, t in enumerate(codes.type_names) for c in (0, 1)}
    out["landing"] = (m, pd.DataFrame({**by_type, "fatalities": stats.fatalities, "largest": stats.largest,
                                       "precision": stats.precision, "firsts": stats.firsts}, index=keys).sort_index())  # fmt: skip
    return out


def test_an_append_gives_the_codes_and_answers_of_a_fresh_build(tmp_path, monkeypatch):
    extended, real = [], mapcodes.extend_codes
    monkeypatch.setattr(mapcodes, "extend_codes", lambda *a: extended.append(real(*a)) or extended[-1])
    base = synthetic_events(3000, seed=31)
    extra = _grown_rows(base, 60, seed=32)
    grown = tmp_path / "grown" / "events.csv"
    grown.parent.mkdir()
    write_csv(base, grown)
    load_index(grown, columns=("date_from",))  # the first build
    _append(grown, extra)
    assert load_index(grown, columns=("date_from",)).rebuilt  # the append brings the codes up to date
    _append(grown, _grown_rows(base, 40, seed=33))  # and once more, from the codes the append saved
    assert load_index(grown, columns=("date_from",)).rebuilt
    assert extended == [True, True]
    fresh = tmp_path / "fresh" / "events.csv"
    fresh.parent.mkdir()
    shutil.copyfile(grown, fresh)  # the same CSV, built in one go

    a, b = _serving(grown), _serving(fresh)
    assert len(a) == len(b) == 3100
    ca, cb = _canonical(a), _canonical(b)
    for name in ("key", "type", "claimed", "precision", "sources", "source_offsets"):
        np.testing.assert_array_equal(ca[name], cb[name], err_msg=name)
    assert ca["distinct_sources"] == cb["distinct_sources"]
    pd.testing.assert_frame_equal(ca["place"], cb["place"])
    assert not ca["place"]["uniform"].all()  # the other spelling and coordinates were seen
    assert ca["sorted_keys"] == cb["sorted_keys"]
    assert ca["landing"][0] == cb["landing"][0]
    pd.testing.assert_frame_equal(ca["landing"][1], cb["landing"][1])
    for q in random_queries(25, seed=5):
        pd.testing.assert_frame_equal(place_summary(a.select(**q)), place_summary(b.select(**q)))
        assert a.count_sources(a.select(**q)) == b.count_sources(b.select(**q))


def test_an_append_codes_only_the_months_it_rewrites(tmp_path, monkeypatch):
    from conflictmap.store import selection

    base = synthetic_events(3000, seed=41)
    path = tmp_path / "events.csv"
    write_csv(base, path)
    load_index(path, columns=("date_from",))
    extra = _grown_rows(base, 30, seed=42)
    extra["date_from"] = extra["date_to"] = extra["event_date"] = pd.Timestamp("2022-03-15")  # one month
    _append(path, extra)
    coded, read, opened = [], [], []
    real_codes, real_read, real_open = selection.place_codes, mapcodes._touched_rows, ix._open
    monkeypatch.setattr(ix, "place_codes", lambda events: coded.append(len(events)) or real_codes(events))

    def touched(folder, plan):
        read.extend(p["name"] for _, _, old_start, _, p in plan if old_start is None)
        return real_read(folder, plan)

    monkeypatch.setattr(mapcodes, "_touched_rows", touched)
    monkeypatch.setattr(ix, "_open", lambda *a, **k: opened.append(a[3]) or real_open(*a, **k))
    index = load_index(path, columns=("date_from",))
    assert index.rebuilt and len(index) == 3030
    assert coded == []  # no row's codes computed over the whole index
    assert len(opened) == 1  # the index asked for, not all of it again with the map's columns
    assert read == ["2022-03"]  # the rows of the month the append rewrote, no other
    serving = _serving(path)
    assert coded == []  # the map reads them
    q = {"start": pd.Timestamp("2022-01-01").date(), "end": pd.Timestamp("2022-06-30").date()}
    pd.testing.assert_frame_equal(place_summary(serving.select(**q)), place_summary(serving.query(**q)))


@pytest.mark.parametrize("change", ["new type", "no saved codes"])
def test_a_new_type_renumbers_the_codes_and_codes_not_saved_are_computed(tmp_path, monkeypatch, change):
    base = synthetic_events(1500, seed=51)
    base = base[base["event_type"] != "Violence against civilians"].reset_index(drop=True)
    path = tmp_path / "events.csv"
    write_csv(base, path)
    load_index(path, columns=("date_from",))
    extra = _grown_rows(base, 20, seed=52)
    if change == "new type":
        extra.loc[2, "event_type"] = "Violence against civilians"  # a type the index does not have
    else:
        for f in ix.cache_path_for(path).glob("map-codes-*"):
            f.unlink()
    _append(path, extra)
    extended, real = [], mapcodes.extend_codes
    monkeypatch.setattr(mapcodes, "extend_codes", lambda *a: extended.append(real(*a)) or extended[-1])
    load_index(path, columns=("date_from",))
    assert extended == ([True] if change == "new type" else [False])  # a new type renumbers the saved codes
    index = _serving(path)
    q = {"start": pd.Timestamp("2019-01-01").date(), "end": pd.Timestamp("2025-01-01").date()}
    pd.testing.assert_frame_equal(place_summary(index.select(**q)), place_summary(index.query(**q)))
    fresh = tmp_path / "fresh.csv"
    shutil.copyfile(path, fresh)
    ca, cb = _canonical(index), _canonical(_serving(fresh))
    for name in ("key", "type", "claimed"):
        np.testing.assert_array_equal(ca[name], cb[name], err_msg=name)
    pd.testing.assert_frame_equal(ca["landing"][1], cb["landing"][1])
