"""The one CSV writer and the one GeoJSON writer every data export uses."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pandas as pd
import pytest

from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import read_events
from conflictmap.store.eventfiles import (
    event_columns,
    events_csv,
    feature_collection,
    geojson_text,
    json_value,
    spreadsheet_csv,
)


def test_spreadsheet_csv_guards_text_columns_only():
    rows = [{"name": "=HYPERLINK(1)", "note": "-2+3", "lon": -70.5, "missing": None}]
    text = spreadsheet_csv(rows, ["name", "note", "lon", "missing"], numeric=["lon"])
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "note", "lon", "missing"],
        ["'=HYPERLINK(1)", "'-2+3", "-70.5", ""],
    ]


def test_events_csv_reads_back_as_the_same_events(small_events, tmp_path):
    df = read_events(small_events).valid
    out = tmp_path / "back.csv"
    out.write_text(events_csv(df, event_columns(df)), encoding="utf-8")
    back = read_events(out)
    assert back.ok and not back.problems
    pd.testing.assert_frame_equal(back.valid[list(EVENT_COLUMNS)], df[list(EVENT_COLUMNS)])


def test_event_columns_keep_extras_and_leave_internal_ones_out():
    df = pd.DataFrame(columns=[*EVENT_COLUMNS, "my_note", "_row"])
    assert event_columns(df) == [*EVENT_COLUMNS, "my_note"]


def test_feature_collection_is_lon_lat_and_leaves_unplaced_events_out(small_events):
    df = read_events(small_events).valid.copy()
    df.loc[df.index[0], ["latitude", "longitude"]] = [math.nan, math.nan]
    doc = feature_collection(df, ["event_id", "date_from", "fatalities"], {"title": "t"})
    assert list(doc) == ["type", "metadata", "features"] and doc["metadata"] == {"title": "t"}
    assert len(doc["features"]) == len(df) - 1
    first = doc["features"][0]
    row = df.set_index("event_id").loc[first["id"]]
    assert first["geometry"]["coordinates"] == [row["longitude"], row["latitude"]]
    assert first["properties"]["date_from"] == row["date_from"].date().isoformat()
    assert list(feature_collection(df, ["event_id"])) == ["type", "features"]  # no metadata member unless given
    text = geojson_text(doc)
    assert text.endswith("}\n") and json.loads(text) == doc and "NaN" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(pd.Timestamp("2014-06-10"), "2014-06-10"), (math.nan, None), (pd.NA, None), (None, None), ("x", "x")],
)
def test_json_value(value, expected):
    assert json_value(value) == expected


def test_json_value_turns_numpy_numbers_into_python_ones():
    assert type(json_value(np.int64(3))) is int and type(json_value(np.float64(0.5))) is float
