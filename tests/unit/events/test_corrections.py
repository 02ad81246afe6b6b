"""Corrections log: record, load, apply (last wins, rejections, stale corrections reported), file-level apply."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import datetime

import pytest

from conflictmap.events.corrections import (
    Correction,
    apply_corrections,
    apply_to_file,
    corrections_path_for,
    load_corrections,
    record_correction,
    stale_corrections,
)
from conflictmap.model import Event, Evidence
from conflictmap.store.csvfile import read_events, read_evidence
from tests.conftest import FIXTURES

TIKRIT = {"name": "Tikrit", "lat": 34.61581, "lon": 43.67861, "geonameid": 90150, "country_code": "IQ",
          "admin1": "Salah ad-Din", "geo_precision": 1}  # fmt: skip


def event(eid: str = "ev_1", **kw) -> Event:
    base = dict(event_id=eid, event_date="2014-06-12", date_from="2014-06-12", date_to="2014-06-12",
                event_type="Battles", sub_event_type="Armed clash", location="Mosul", latitude=36.3, longitude=43.1,
                geonameid=99072, geo_precision=1, summary="Armed clash in Mosul: 3 killed", fatalities=3,
                source_ids="doc-1", evidence=[Evidence(eid, "doc-1", 0, 10, "excerpt")])  # fmt: skip
    return Event(**{**base, **kw})


def corr(field: str, value: str, eid: str = "ev_1", when: str = "2024-01-01T00:00:00+00:00") -> Correction:
    return Correction(eid, field, value, "ana", when, "source says so")


def test_record_then_load_round_trips_with_utc_time(tmp_path):
    path = tmp_path / "corrections.csv"
    record_correction(path, "ev_1", "event_type", "Protests", "ana", "it was a march")
    record_correction(path, "ev_1", "fatalities", " 12 ", "bo", 'a "quoted", reason,\nwith a line break')
    got = load_corrections(path)
    assert [(c.event_id, c.field, c.value, c.who) for c in got] == [
        ("ev_1", "event_type", "Protests", "ana"),
        ("ev_1", "fatalities", "12", "bo"),
    ]
    assert got[1].why == 'a "quoted", reason,\nwith a line break'
    assert datetime.fromisoformat(got[0].when).utcoffset().total_seconds() == 0
    with path.open(newline="", encoding="utf-8") as f:
        assert next(csv.reader(f)) == ["event_id", "field", "value", "who", "when", "why"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("actor1", "x", "cannot be corrected"),
        ("event_type", "Picnic", "not one of"),
        ("claim_status", "rumoured", "not one of"),
        ("fatalities", "-3", "whole number"),
        ("fatalities_high", "many", "whole number"),
        ("date_from", "12/06/2014", "ISO date"),
        ("status", "deleted", "only be set"),
        ("location", "Mosul", "JSON object"),
        ("location", json.dumps({"name": "X", "lat": 95, "lon": 0}), "out of range"),
        ("location", json.dumps({"name": "X", "lat": "a", "lon": 0}), "numeric lat"),
        ("location", json.dumps({**TIKRIT, "geo_precision": 7}), "geo_precision"),
    ],
)
def test_bad_field_or_value_is_refused_and_nothing_written(tmp_path, field, value, message):
    path = tmp_path / "corrections.csv"
    with pytest.raises(ValueError, match=message):
        record_correction(path, "ev_1", field, value, "ana", "why")
    assert not path.exists()


@pytest.mark.parametrize(("who", "why"), [("", "because"), ("ana", "  ")])
def test_who_and_why_are_required(tmp_path, who, why):
    with pytest.raises(ValueError, match="empty"):
        record_correction(tmp_path / "c.csv", "ev_1", "event_type", "Riots", who, why)


def test_last_correction_per_field_wins_and_fields_combine():
    cs = [corr("event_type", "Riots"), corr("fatalities", "5"), corr("event_type", "Protests")]
    (out,), notes = apply_corrections([event()], cs)
    assert (out.event_type, out.fatalities, notes) == ("Protests", 5, [])


def test_location_correction_moves_the_event_and_relabels_its_summary():
    (out,), _ = apply_corrections([event()], [corr("location", json.dumps(TIKRIT))])
    assert (out.location, out.latitude, out.longitude, out.geonameid) == ("Tikrit", 34.61581, 43.67861, 90150)
    assert (out.admin1, out.country_code, out.geo_precision, out.geo_confidence) == ("Salah ad-Din", "IQ", 1, 1.0)
    assert out.summary == "Armed clash in Tikrit: 3 killed"
    assert out.evidence == event().evidence


def test_date_to_moves_event_date_and_empty_count_clears_it():
    (out,), _ = apply_corrections([event()], [corr("date_to", "2014-06-20"), corr("fatalities", "")])
    assert (out.date_to, out.event_date, out.fatalities) == ("2014-06-20", "2014-06-20", None)


def test_rejected_event_is_removed_others_untouched():
    out, notes = apply_corrections([event("ev_1"), event("ev_2")], [corr("status", "rejected", "ev_1")])
    assert [e.event_id for e in out] == ["ev_2"] and notes == []


def test_correction_of_a_missing_event_is_reported_not_dropped():
    cs = [corr("event_type", "Riots", "ev_gone"), corr("status", "rejected", "ev_gone2")]
    out, notes = apply_corrections([event()], cs)
    assert len(out) == 1 and len(notes) == 2
    assert "ev_gone" in notes[0] and "no longer applies" in notes[0]
    assert [c.event_id for c in stale_corrections(cs, ["ev_1"])] == ["ev_gone"]  # a rejection's event is gone


def test_corrections_path_sits_beside_the_events_file(tmp_path):
    assert corrections_path_for(tmp_path / "events.csv") == tmp_path / "corrections.csv"
    assert corrections_path_for(tmp_path / "run2.csv") == tmp_path / "run2.corrections.csv"


def test_apply_to_file_keeps_invalid_rows_and_drops_rejected_evidence(tmp_path):
    path = tmp_path / "events.csv"
    shutil.copy(FIXTURES / "events_bad.csv", path)
    before = read_events(path)
    ok_id = before.valid["event_id"].iloc[0]
    (tmp_path / "evidence.csv").write_text(
        f"event_id,source_id,start,end,excerpt\n{ok_id},doc,0,4,text\nother,d,0,1,x\n"
    )
    notes = apply_to_file(path, [corr("event_type", "Riots", ok_id), corr("event_type", "Riots", "ev_nope")])
    after = read_events(path)
    assert len(after.rejected) == len(before.rejected)
    assert after.valid.set_index("event_id").loc[ok_id, "event_type"] == "Riots"
    assert len(notes) == 1 and "ev_nope" in notes[0]
    apply_to_file(path, [corr("status", "rejected", ok_id)])
    assert ok_id not in set(read_events(path).valid["event_id"])
    assert list(read_evidence(tmp_path / "evidence.csv")["event_id"]) == ["other"]
