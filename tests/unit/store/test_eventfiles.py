"""The one CSV writer and the one GeoJSON writer every data export uses."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmap.model import EVENT_COLUMNS
from conflictmap.store import eventfiles
from conflictmap.store.csvfile import csv_text, neutralise_formula, read_events
from conflictmap.store.eventfiles import (
    NUMERIC_EVENT_COLUMNS,
    event_columns,
    events_csv,
    events_geojson,
    feature_collection,
    geojson_text,
    json_value,
    spreadsheet_csv,
)
from tests.conftest import FIXTURES

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


def row_by_row_csv(rows: list[dict], columns: list[str], numeric: set[str]) -> str:
    """The writer as it was, one cell at a time: string cells of the text columns guarded, then written by
    csv_text (missing values empty, floats to 6 decimals, dates as YYYY-MM-DD, line breaks in cells as \\n)."""
    guarded = [
        {k: neutralise_formula(v) if k not in numeric and isinstance(v, str) else v for k, v in r.items()} for r in rows
    ]
    return csv_text(guarded, columns)


TEXTS = ["", "Mosul", "=HYPERLINK(1)", "+1", "@x", "-2+3", "a\rb", "\r\n=1", 'say "hi", then', "x\ny", "12", "  "]
FLOATS = [0.0, -0.0, 36.34, -70.5, 0.1 + 0.2, 1 / 3, 2.675, 1e-05, 123456.7654325, 1e16, 1e15 + 0.5, math.nan]


def draw_frame(data) -> pd.DataFrame:
    """A few rows of every column type a writer meets: string, object, float, nullable int, dates, mixed, bool."""
    n = data.draw(st.integers(0, 6))
    texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=8), st.none())
    floats = st.one_of(st.sampled_from(FLOATS), st.floats(-1e7, 1e7), st.floats(-1e-3, 1e-3))
    ints = st.one_of(st.none(), st.integers(-(10**12), 10**12))
    days = st.one_of(st.none(), st.dates(date(1800, 1, 1), date(2200, 12, 31)))
    anything = st.one_of(texts, floats, ints, days.map(lambda d: d and pd.Timestamp(d)))
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "text": pd.array(data.draw(st.lists(texts, min_size=n, max_size=n)), dtype="string"),
            "obj": pd.Series(data.draw(st.lists(texts, min_size=n, max_size=n)), dtype=object),
            "lat": pd.Series(data.draw(st.lists(floats, min_size=n, max_size=n)), dtype="float64"),
            "count": pd.array(data.draw(st.lists(ints, min_size=n, max_size=n)), dtype="Int64"),
            "day": pd.to_datetime(pd.Series(data.draw(st.lists(days, min_size=n, max_size=n)), dtype=object)),
            "mixed": pd.Series(data.draw(st.lists(anything, min_size=n, max_size=n)), dtype=object),
            "flag": pd.Series(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
            "n": np.arange(n, dtype=np.int64),
        }
    )


@FUZZ
@given(st.data())
def test_the_vectorised_writer_writes_what_the_row_writer_wrote(data):
    df = draw_frame(data)
    columns = [*df.columns, "absent"]
    for numeric in ({"lat", "count", "day"}, {"lat", "count", "day", "mixed"}, set()):
        want = row_by_row_csv(df.to_dict("records"), columns, numeric)
        assert events_csv(df, columns, numeric) == want
        assert spreadsheet_csv(df.to_dict("records"), columns, numeric) == want


def test_an_undated_event_is_exported_with_empty_dates_and_reads_back(tmp_path):
    df = read_events(FIXTURES / "events_undated.csv").valid
    out = tmp_path / "back.csv"
    out.write_text(events_csv(df, event_columns(df)), encoding="utf-8")
    assert "NaT" not in out.read_text(encoding="utf-8")
    back = read_events(out)
    assert len(back.valid) == len(df) and back.rejected.empty


def test_slices_are_written_as_one(small_events, monkeypatch):
    df = read_events(small_events).valid
    want = row_by_row_csv(df.to_dict("records"), event_columns(df), set(NUMERIC_EVENT_COLUMNS))
    monkeypatch.setattr(eventfiles, "CHUNK_ROWS", 4)  # 6 events: a full slice and a short one
    assert events_csv(df, event_columns(df)) == want


def row_by_row_collection(df: pd.DataFrame, columns: list[str]) -> dict:
    """The FeatureCollection as it was built, one event at a time."""
    features = [
        {
            "type": "Feature",
            "id": r["event_id"],
            "geometry": {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"])]},
            "properties": {c: json_value(r.get(c)) for c in columns},
        }
        for r in df[df["latitude"].notna() & df["longitude"].notna()].to_dict("records")
    ]
    return {"type": "FeatureCollection", "features": features}


@FUZZ
@given(st.data())
def test_the_feature_collection_is_what_it_was_event_by_event(data):
    df = draw_frame(data)
    df = df.assign(latitude=df["lat"].where(df["lat"].abs() <= 90), longitude=df["lat"].where(df["lat"].abs() <= 180))
    columns = [*df.columns, "absent"]
    assert geojson_text(feature_collection(df, columns)) == geojson_text(row_by_row_collection(df, columns))
    for cols, meta in ((columns, None), (columns[:2], {"title": "t", "n": [1, None]}), ([], {})):
        assert events_geojson(df, cols, meta) == geojson_text(feature_collection(df, cols, meta))
