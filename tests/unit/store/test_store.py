import csv
import os

import pytest

from conflictmap.model import EVENT_COLUMNS, Event, Evidence
from conflictmap.store.csvfile import (
    StoreError,
    atomic_write_text,
    evidence_path_for,
    read_events,
    read_evidence,
    write_events,
    write_frame,
)
from tests.conftest import FIXTURES


def test_small_fixture_is_valid(small_events):
    res = read_events(small_events)
    assert res.ok and len(res.valid) == 6
    tikrit = res.valid.set_index("event_id").loc["ev-b"]
    assert tikrit["fatalities"] == 1700 and tikrit["claim_status"] == "claimed"
    assert str(tikrit["date_from"].date()) == "2014-06-09"


@pytest.mark.parametrize(
    ("event_id", "reason"),
    [
        ("bad-date", "is not an ISO date"),
        ("bad-lat", "latitude 123.0 is out of range"),
        ("bad-fat", "fatalities 'many' is not a whole number"),
        ("ok-1", "duplicate event_id"),
        ("bad-claim", "claim_status 'rumoured'"),
        ("", "event_id is empty"),
    ],
)
def test_bad_rows_are_rejected_with_reason(event_id, reason):
    res = read_events(FIXTURES / "events_bad.csv")
    rows = res.rejected[res.rejected["event_id"] == event_id]
    assert any(reason in r for r in rows["reason"]), rows.to_dict("records")
    assert all(rows["row"] > 1)


def test_bad_file_keeps_valid_rows_and_extra_columns():
    res = read_events(FIXTURES / "events_bad.csv")
    assert sorted(res.valid["event_id"]) == ["ok-1", "ok-2"]
    assert len(res.valid) + len(res.rejected) == 8  # nothing is lost
    assert "extra_note" in res.valid.columns
    assert any("extra column(s) extra_note" in p for p in res.problems)
    ok2 = res.valid.set_index("event_id").loc["ok-2"]
    assert ok2["location"].startswith("=HYPERLINK")  # stored verbatim; exports neutralise it


def test_missing_required_column_rejects_every_row(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text("event_id,event_date,latitude\na,2014-06-01,33\n", encoding="utf-8")
    res = read_events(p)
    assert res.valid.empty and len(res.rejected) == 1
    assert "longitude" in res.rejected.iloc[0]["reason"]


def test_ragged_rows_are_rejected(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text("event_id,event_date,latitude,longitude\na,2014-06-01,33,44,extra\nb,2014-06-01\n", encoding="utf-8")
    res = read_events(p)
    reasons = list(res.rejected["reason"])
    assert "more cell(s) than the header" in reasons[0] and "header has 4 columns" in reasons[1]


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", b"\xff\xfe\x00\xd8"])
def test_unreadable_files_raise_store_error(tmp_path, content):
    p = tmp_path / "e.csv"
    p.write_bytes(content)
    with pytest.raises(StoreError):
        read_events(p)


def test_utf16_with_bom_and_crlf_load(tmp_path, small_events):
    p = tmp_path / "e.csv"
    p.write_bytes(small_events.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16"))
    assert len(read_events(p).valid) == 6


def test_write_events_round_trips_with_evidence(tmp_path):
    ev = Event(
        event_id="x1",
        event_date="2014-06-15",
        date_from="2014-06-15",
        date_to="2014-06-15",
        event_type="Battles",
        location='Tal Afar, "the town"',
        latitude=36.37913,
        longitude=42.44806,
        geo_precision=1,
        fatalities=18,
        excerpt="18 fighters died,\nin clashes",
        source_ids="a;b",
        n_sources=2,
        evidence=[Evidence("x1", "a", 3, 9, 'line one, "quoted"')],
    )
    path = tmp_path / "events.csv"
    write_events([ev], path)
    res = read_events(path)
    assert res.ok
    row = res.valid.iloc[0]
    assert row["location"] == 'Tal Afar, "the town"' and row["excerpt"] == "18 fighters died,\nin clashes"
    assert row["latitude"] == pytest.approx(36.37913) and row["fatalities"] == 18
    with open(path, encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == list(EVENT_COLUMNS)
    evid = read_evidence(evidence_path_for(path))
    assert evid.iloc[0]["excerpt"] == 'line one, "quoted"' and evid.iloc[0]["start"] == 3
    write_frame(res.valid, tmp_path / "copy.csv", EVENT_COLUMNS)
    again = read_events(tmp_path / "copy.csv").valid
    assert again.drop(columns="_row").equals(res.valid.drop(columns="_row"))


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    p = tmp_path / "f.txt"
    atomic_write_text(p, "old")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(p, "new")
    assert p.read_text() == "old"
    assert [x.name for x in tmp_path.iterdir()] == ["f.txt"]  # no temp file left behind


def test_evidence_path_for():
    assert evidence_path_for("out/events.csv").name == "evidence.csv"
    assert evidence_path_for("out/iraq.csv").name == "iraq.evidence.csv"
