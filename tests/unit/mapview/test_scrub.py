"""The map's in-browser timeline data (mapview.scrub): what the browser counts per window agrees with the server's
place summary, names stay inert, and reports from the browser are parsed strictly."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from conflictmap.mapview.scrub import (
    REPORT_TAG,
    REQUEST_TAG,
    ScrubLayer,
    data_request,
    parse_report,
    scrub_data,
    scrub_layer,
    scrub_rows,
)
from conflictmap.store.index import MAP_COLUMNS, load_index
from conflictmap.store.places import place_summary
from tests.conftest import FIXTURES


def day(d: str) -> int:
    return (date.fromisoformat(d) - date(1970, 1, 1)).days


def counted_in_browser(rows: list, start: date, end: date) -> dict[str, tuple]:
    """The engine's count (scrub_js drawWindow) in Python: per place key, (events, main type, all claims,
    largest toll)."""
    head, steps, spans, codes, tolls, places = rows[:6]
    n_types, first = len(head[2]), day(head[0])
    days = first + np.cumsum(steps)
    s, e = day(start.isoformat()), day(end.isoformat())
    per: dict[int, list] = {}
    for d, span, c, toll in zip(days, spans, codes, tolls, strict=True):
        if d > e or d + span < s:
            continue
        claim, pt = c % 2, c // 2
        p, t = pt // n_types, pt % n_types
        got = per.setdefault(p, [np.zeros(n_types, int), 0, 0, 0])
        got[0][t] += 1
        got[1] += claim
        got[2] += 1
        got[3] = max(got[3], toll)
    return {
        rows[6][p]: (n, head[2][int(np.argmax(by_type))], claimed == n, largest)
        for p, (by_type, claimed, n, largest) in per.items()
    }


def counted_on_server(index, start: date, end: date, types=None) -> dict[str, tuple]:
    summary = place_summary(index.select(start, end, types))
    return {
        r["place_key"]: (int(r["events"]), r["main_type"], bool(r["all_claims"]), int(r["max_fatalities"]))
        for r in summary.to_dict("records")
    }


def index_of(tmp_path, frame: pd.DataFrame):
    path = tmp_path / "events.csv"
    frame.to_csv(path, index=False)
    return load_index(str(path), columns=MAP_COLUMNS, sources=True)


def test_every_window_counts_as_the_server_counts(tmp_path):
    base = pd.read_csv(FIXTURES / "events_small.csv", dtype=str, keep_default_na=False)
    index = index_of(tmp_path, base)
    rows = scrub_rows(index.select(None, None))
    lo = date(2014, 6, 1)
    windows = [(lo + timedelta(days=a), lo + timedelta(days=b)) for a in range(0, 30, 3) for b in range(a, 30, 4)]
    for start, end in windows:
        assert counted_in_browser(rows, start, end) == counted_on_server(index, start, end), (start, end)


def test_many_places_spans_and_ties_count_as_the_server_counts(tmp_path):
    base = pd.read_csv(FIXTURES / "events_small.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(3)
    n = 600
    rows = base.iloc[rng.integers(0, len(base), n)].reset_index(drop=True)
    first = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    rows["event_id"] = [f"ev-{i}" for i in range(n)]
    rows["date_from"] = first.strftime("%Y-%m-%d")
    rows["date_to"] = (first + pd.to_timedelta(rng.integers(0, 8, n), unit="D")).strftime("%Y-%m-%d")
    rows["event_date"] = rows["date_to"]
    moved = rng.random(n) < 0.5  # half of them at a point of their own, keyed by coordinates
    rows.loc[moved, "latitude"] = (33 + rng.integers(0, 40, moved.sum()) / 10).round(4).astype(str)
    rows.loc[moved, "longitude"] = (43 + rng.integers(0, 40, moved.sum()) / 10).round(4).astype(str)
    rows.loc[moved, "geonameid"] = ""
    rows["fatalities"] = np.where(rng.random(n) < 0.5, rng.integers(0, 50, n).astype(str), "")
    index = index_of(tmp_path, rows)
    data = scrub_rows(index.select(None, None))
    lo = date(2015, 1, 1)
    for a, b in [(0, 70), (0, 0), (5, 9), (20, 21), (30, 59), (59, 70)]:
        start, end = lo + timedelta(days=a), lo + timedelta(days=b)
        assert counted_in_browser(data, start, end) == counted_on_server(index, start, end), (start, end)


def test_filters_and_undated_or_unplaced_events(tmp_path):
    base = pd.read_csv(FIXTURES / "events_small.csv", dtype=str, keep_default_na=False)
    odd = base.iloc[[0, 1]].copy()
    odd["event_id"] = ["ev-undated", "ev-unplaced"]
    for col in ("date_from", "date_to", "event_date"):
        odd.iloc[0, odd.columns.get_loc(col)] = ""
    for col in ("latitude", "longitude", "geonameid"):
        odd.iloc[1, odd.columns.get_loc(col)] = ""
    index = index_of(tmp_path, pd.concat([base, odd]))
    kind = base["event_type"].value_counts().index[0]
    rows = scrub_rows(index.select(None, None, [kind]))
    dated_placed = base[(base["event_type"] == kind) & (base["latitude"] != "") & (base["date_from"] != "")]
    assert len(rows[1]) == len(dated_placed)
    start, end = date(2014, 1, 1), date(2014, 12, 31)
    assert counted_in_browser(rows, start, end) == counted_on_server(index, start, end, [kind])


def test_hostile_names_reach_the_script_inert(tmp_path):
    base = pd.read_csv(FIXTURES / "events_small.csv", dtype=str, keep_default_na=False)
    base.loc[0, "location"] = "</script><img src=x onerror=alert(1)>{{ x }}`${y}`"
    data = scrub_data(index_of(tmp_path, base).select(None, None))
    for bad in ("<", ">", "{{", "`", "${"):
        assert bad not in data.json
    assert "\\u003c/script\\u003e" in data.json
    # the text itself arrives unchanged (the browser escapes it where it draws it)
    assert base.loc[0, "location"] in [p[2] for p in json.loads(data.json)[5]]


def test_the_events_are_sent_only_when_the_map_lacks_them(tmp_path):
    base = pd.read_csv(FIXTURES / "events_small.csv", dtype=str, keep_default_na=False)
    data = scrub_data(index_of(tmp_path, base).select(None, None))
    window = (date(2014, 6, 10), date(2014, 6, 12))
    full = scrub_layer(data, window, window, True, None)
    short = scrub_layer(data, window, window, False, data.keys[0])
    text = {
        n: next(c for c in fg._children.values() if isinstance(c, ScrubLayer))
        for n, fg in (("full", full), ("short", short))
    }
    assert text["full"].data_json == data.json and text["short"].data_json == "null"
    assert text["short"].id_json == json.dumps(data.id) and text["short"].selected_json == "0"


@pytest.mark.parametrize(
    "value, window",
    [
        ([REPORT_TAG, "2014-06-10", "2014-06-12"], (date(2014, 6, 10), date(2014, 6, 12))),
        ([REPORT_TAG, "2014-06-12", "2014-06-10"], None),  # reversed
        ([REPORT_TAG, "yesterday", "2014-06-10"], None),
        (["other", "2014-06-10", "2014-06-12"], None),
        ("2014-06-10", None),
        (None, None),
        ([], None),
    ],
)
def test_reports_from_the_browser_are_parsed_strictly(value, window):
    assert parse_report(value) == window


def test_a_request_for_the_events_differs_from_the_last():
    assert data_request([REQUEST_TAG, "abc", "1"]) != data_request([REQUEST_TAG, "abc", "2"])
    assert data_request([REPORT_TAG, "2014-06-10", "2014-06-12"]) is None and data_request(None) is None
