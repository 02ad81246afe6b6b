"""Places: one key per place, whichever way it is computed (per row, on whole columns, per summary row), and the
per-place summary against a plain groupby over the keys written row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conflictmap.store.csvfile import read_events
from conflictmap.store.places import (
    events_at,
    events_at_positions,
    find_place,
    nearest_place,
    place_keys,
    place_mask,
    place_summary,
)


@pytest.fixture
def df(small_events):
    return read_events(small_events).valid


def reference_key(row: dict) -> str:
    """The place key as documented, one row at a time: the geonameid, else the coordinates rounded to 1e-4 degrees
    as integers (formatting the raw float with .4f would round some ties the other way)."""
    gid = row.get("geonameid")
    if gid is not None and not pd.isna(gid):
        return str(int(gid))
    return f"{round(float(row['latitude']) * 1e4) / 1e4:.4f},{round(float(row['longitude']) * 1e4) / 1e4:.4f}"


def reference_places(events: pd.DataFrame) -> pd.DataFrame:
    """One row per place of the located events by a pandas groupby on reference_key: the summary's first columns."""
    m = events[events["latitude"].notna() & events["longitude"].notna()]
    m = m.assign(place_key=[reference_key(r) for r in m.to_dict("records")])
    out = m.groupby("place_key", sort=True).agg(
        location=("location", "first"),
        latitude=("latitude", "first"),
        longitude=("longitude", "first"),
        events=("event_id", "count"),
        fatalities=("fatalities", lambda s: int(s.fillna(0).sum())),
    )
    return out.reset_index()


def mixed(df: pd.DataFrame) -> pd.DataFrame:
    """The sample events, 40 coordinate-only places (some a hair apart, some just south of the equator) and an
    event without coordinates."""
    rng = np.random.default_rng(3)
    lat = np.concatenate([rng.uniform(29, 37, 30), [33.00005, 33.0, 34.61235, 34.61234, -0.00001, 0.0, -0.00004]])
    lon = np.concatenate([rng.uniform(39, 48, 30), [43.1, 43.1, 43.67891, 43.67891, 10.0, 10.0, -0.00005]])
    extra = pd.concat([df.iloc[[0]]] * len(lat), ignore_index=True).assign(
        event_id=[f"x{i:02d}" for i in range(len(lat))], geonameid=pd.NA, latitude=lat, longitude=lon,
        location=[f"P{i}" for i in range(len(lat))],
    )  # fmt: skip
    unlocated = df.iloc[[1]].assign(event_id="nowhere", latitude=np.nan, longitude=np.nan, geonameid=pd.NA)
    return pd.concat([df, extra, unlocated], ignore_index=True)


def test_every_way_of_keying_gives_the_documented_key(df):
    events = mixed(df)
    located = events[events["latitude"].notna()]
    want = [reference_key(r) for r in located.to_dict("records")]
    assert list(place_keys(located)) == want
    summary = place_summary(events)
    assert list(summary["place_key"]) == sorted(set(want))
    for key in summary["place_key"]:  # whole-column matching agrees with the keys, row for row
        assert list(place_mask(events, key)) == [
            r["event_id"] != "nowhere" and reference_key(r) == key for r in events.to_dict("records")
        ]


def test_summary_matches_a_groupby_over_the_documented_keys(df):
    events = mixed(df)
    got, want = place_summary(events), reference_places(events)
    assert list(got["place_key"]) == list(want["place_key"])
    for col in ("location", "latitude", "longitude", "events", "fatalities"):
        assert list(got[col]) == list(want[col]), col


def near_misses(key: str) -> list[str]:
    """Text that reads as the same place but is not its key as written."""
    if key.isdigit():
        return ["0" + key, "+" + key, key + " ", key + ".0"]
    lat, lon = key.split(",")
    return [f"{lat}0,{lon}", f"{lat}, {lon}", f" {key}", f"{float(lat):.3f},{lon}"] + (
        [f"-{lat},{lon}"] if float(lat) == 0 else []
    )


def test_only_a_key_as_written_names_a_place(df):
    """A near miss (a leading zero, five decimals, a space, "-0.0000") matches nothing, as comparing keys as text
    would; nor does text that is no key at all."""
    events = mixed(df)
    keys = list(place_summary(events)["place_key"])
    assert "0.0000,10.0000" in keys and any(k.isdigit() for k in keys)
    tokens = ["", "x", "1,2,3", "36.3333,nan", "nan,nan"] + [t for k in keys for t in near_misses(k)]
    assert not set(tokens) & set(keys)
    for token in tokens:
        assert not place_mask(events, token).any(), token
        assert events_at(events, token).empty and not len(events_at_positions(events, token))


def test_events_at_a_place_oldest_first_and_their_positions(df):
    events = mixed(df)
    for key in place_summary(events)["place_key"]:
        here = events_at(events, key)
        keys = place_keys(events.dropna(subset=["latitude"])).reindex(events.index)
        assert list(here["event_id"]) == list(events[keys == key].sort_values(["date_from", "event_id"])["event_id"])
        assert sorted(events_at_positions(events, key)) == sorted(here.index)


def test_a_click_and_a_url_token_find_the_place(df):
    p = place_summary(df)
    assert set(p["location"]) == {"Mosul", "Tikrit", "Baghdad", "Tal Afar", "Samarra", "Iraq"}
    key = nearest_place(p, 34.616, 43.679)
    assert key == "90150" and find_place(p, "tikrit") == key and find_place(p, "90150") == key
    assert nearest_place(p, 0.0, 0.0) is None and find_place(p, "Atlantis") is None
    assert list(events_at(df, key)["event_id"]) == ["ev-b"]
