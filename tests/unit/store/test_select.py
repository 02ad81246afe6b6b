from datetime import date

import pytest

from conflictmap.store.csvfile import read_events
from conflictmap.store.select import (
    date_bounds,
    events_in_bbox,
    events_in_window,
    select_events,
)


@pytest.fixture
def df(small_events):
    return read_events(small_events).valid


def test_bounds(df):
    assert date_bounds(df) == (date(2014, 6, 9), date(2014, 6, 17))
    assert date_bounds(df.iloc[0:0]) is None


@pytest.mark.parametrize(
    ("start", "end", "ids"),
    [
        (date(2014, 6, 15), date(2014, 6, 15), {"ev-b", "ev-c", "ev-d", "ev-f"}),  # ev-b's week overlaps
        (date(2014, 6, 16), date(2014, 6, 17), {"ev-e"}),
        (date(2014, 6, 1), date(2014, 6, 8), set()),
        (None, date(2014, 6, 10), {"ev-a", "ev-b"}),
        (date(2014, 6, 17), None, {"ev-e"}),
    ],
)
def test_window_overlap(df, start, end, ids):
    assert set(events_in_window(df, start, end)["event_id"]) == ids


def test_filters_combine(df):
    out = select_events(df, date(2014, 6, 1), date(2014, 6, 30), types=["Battles"], claims=["claimed"])
    assert list(out["event_id"]) == ["ev-f"]
    assert len(select_events(df)) == len(df)


def test_bbox_including_antimeridian(df):
    assert set(events_in_bbox(df, (43.0, 36.0, 44.0, 37.0))["event_id"]) == {"ev-a"}
    assert events_in_bbox(df, (170.0, -10.0, -170.0, 10.0)).empty
