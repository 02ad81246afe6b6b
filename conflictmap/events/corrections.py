"""Analyst corrections: an append-only log (corrections.csv beside events.csv) re-applied after every ingest.

Each row says who changed which field of which event, when (ISO UTC), why, and to what. Event ids are stable
across re-ingest of unchanged articles, so a correction keeps applying until its event disappears; then it is
reported (see `apply_corrections`), never dropped silently. The last correction per (event_id, field) wins.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from conflictmap.model import CLAIM_STATUSES, EVENT_COLUMNS, EVENT_TYPES, GEO_PRECISIONS, Event
from conflictmap.store.csvfile import (
    atomic_write_text,
    csv_text,
    evidence_path_for,
    locked,
    neutralise_formula,
    write_events_locked,
)

CORRECTION_COLUMNS = ("event_id", "field", "value", "who", "when", "why")
LOCATION_KEYS = ("name", "lat", "lon", "geonameid", "country_code", "admin1", "geo_precision")
COUNT_FIELDS = ("fatalities", "fatalities_low", "fatalities_high")
DATE_FIELDS = ("date_from", "date_to")
TEXT_FIELDS = ("sub_event_type", "claimed_by")
EDITABLE_FIELDS = ("location", "event_type", *TEXT_FIELDS, *COUNT_FIELDS, "claim_status", *DATE_FIELDS, "status")
REJECTED = "rejected"


@dataclass(frozen=True)
class Correction:
    """One line of the corrections log."""

    event_id: str
    field: str
    value: str
    who: str
    when: str
    why: str


def corrections_path_for(events_path: Path | str) -> Path:
    """corrections.csv beside events.csv (events-foo.csv -> events-foo.corrections.csv, as for evidence)."""
    p = Path(events_path)
    return p.with_name("corrections.csv") if p.name == "events.csv" else p.with_suffix(".corrections.csv")


def _location(value: str) -> dict:
    try:
        loc = json.loads(value)
    except ValueError as e:
        raise ValueError(f"location must be a JSON object with {', '.join(LOCATION_KEYS)} ({e})") from e
    if not isinstance(loc, dict) or not str(loc.get("name") or "").strip():
        raise ValueError("location must be a JSON object with at least a name, lat and lon")
    try:
        lat, lon = float(loc["lat"]), float(loc["lon"])
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError(f"location needs numeric lat and lon, got {loc.get('lat')!r}, {loc.get('lon')!r}") from e
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"location lat/lon {lat}, {lon} out of range (-90..90, -180..180)")
    gid, prec = loc.get("geonameid"), loc.get("geo_precision")
    if gid not in (None, "") and not str(gid).isdigit():
        raise ValueError(f"location geonameid {gid!r} is not a whole number")
    if prec not in (None, "") and str(prec) not in {str(p) for p in GEO_PRECISIONS}:
        raise ValueError(f"location geo_precision {prec!r} is not one of 1, 2, 3, 4")
    return loc


def check_correction(field: str, value: str) -> str:
    """The value normalised for storage; ValueError saying what is wrong when field or value is not allowed."""
    value = str(value).strip()
    if field not in EDITABLE_FIELDS:
        raise ValueError(f"field {field!r} cannot be corrected; editable fields: {', '.join(EDITABLE_FIELDS)}")
    if field == "location":
        return json.dumps(_location(value), ensure_ascii=False, sort_keys=True)
    if field == "event_type" and value not in EVENT_TYPES:
        raise ValueError(f"event_type {value!r} is not one of {', '.join(EVENT_TYPES)}")
    if field == "claim_status" and value not in CLAIM_STATUSES:
        raise ValueError(f"claim_status {value!r} is not one of {', '.join(CLAIM_STATUSES)}")
    if field == "status" and value != REJECTED:
        raise ValueError(f"status can only be set to {REJECTED!r}, not {value!r}")
    if field in COUNT_FIELDS and value and not value.isdigit():
        raise ValueError(f"{field} {value!r} is not a whole number >= 0 (leave empty for unknown)")
    if field in DATE_FIELDS:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError as e:
            raise ValueError(f"{field} {value!r} is not an ISO date (YYYY-MM-DD)") from e
    return str(int(value)) if field in COUNT_FIELDS and value else value


def record_correction(path: Path | str, event_id: str, field: str, value, who: str, why: str) -> None:
    """Validate and append one correction to the log (atomic rewrite under the file's lock)."""
    event_id, who, why = str(event_id).strip(), str(who).strip(), str(why).strip()
    if not event_id:
        raise ValueError("event_id is empty: say which event the correction is for")
    if not who:
        raise ValueError("who is empty: give the analyst's name (Settings: analyst)")
    if not why:
        raise ValueError("why is empty: say why the event is corrected (e.g. the source that shows it)")
    value = check_correction(field, value)
    when = datetime.now(UTC).isoformat(timespec="seconds")
    # the log is opened in spreadsheets too: a typed "=HYPERLINK(...)" is stored with a guarding apostrophe
    event_id, value, who, why = (neutralise_formula(x) for x in (event_id, value, who, why))
    row = asdict(Correction(event_id, field, value, who, when, why))
    with locked(path):
        old = [asdict(c) for c in load_corrections(path)]
        atomic_write_text(path, csv_text([*old, row], CORRECTION_COLUMNS))


def load_corrections(path: Path | str) -> list[Correction]:
    """Every correction in the log, oldest first ([] when the file does not exist)."""
    p = Path(path)
    if not p.exists():
        return []
    reader = csv.DictReader(io.StringIO(p.read_text(encoding="utf-8-sig"), newline=""))
    return [Correction(**{c: (r.get(c) or "") for c in CORRECTION_COLUMNS}) for r in reader]


def latest(corrections: Iterable[Correction]) -> dict[tuple[str, str], Correction]:
    """The correction in force per (event_id, field): the last one recorded."""
    return {(c.event_id, c.field): c for c in corrections}


def _int(value: str) -> int | None:
    return int(value) if str(value).strip() else None


def _relabel_summary(summary: str, old: dict, new: dict) -> str:
    """Keep the pipeline's 'Attack in Mosul: ...' summary in step with a corrected type or place."""
    old_head = f"{old.get('sub_event_type', '')} in {old.get('location', '')}"
    new_head = f"{new.get('sub_event_type', '')} in {new.get('location', '')}"
    return new_head + summary[len(old_head) :] if summary.startswith(old_head) else summary


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def corrected_row(row: dict, field: str, value: str) -> dict:
    """A copy of an events row (column -> value) with one correction applied."""
    out = dict(row)
    if field == "location":
        loc = json.loads(value)
        out.update(
            location=loc["name"], latitude=float(loc["lat"]), longitude=float(loc["lon"]),
            geonameid=_int(loc.get("geonameid") or ""), country_code=loc.get("country_code") or "",
            admin1=loc.get("admin1") or "", geo_precision=_int(loc.get("geo_precision") or ""),
            geo_confidence=1.0,  # placed by an analyst
        )  # fmt: skip
    elif field in COUNT_FIELDS:
        out[field] = _int(value)
    elif field == "date_to":
        out["date_to"] = out["event_date"] = value  # the pipeline dates an event by the end of its range
    elif field == "date_from":
        out["date_from"] = value
        out["event_date"] = out.get("event_date") or value  # an undated event's first date
    elif field != "status":
        out[field] = value
    if field in DATE_FIELDS and out.get("date_precision") == "unknown" and out.get("date_from") and out.get("date_to"):
        from conflictmap.events.dates import precision_of

        # an undated article's event that an analyst has dated
        out["date_precision"] = precision_of(_day(out["date_from"]), _day(out["date_to"]))
    out["summary"] = _relabel_summary(str(out.get("summary") or ""), row, out)
    return out


def _stale_note(c: Correction) -> str:
    return (
        f"correction of {c.field} on event {c.event_id} ({c.who}, {c.when}) no longer applies: "
        "no such event (its article changed or was removed)"
    )


def apply_corrections(events: Sequence[Event], corrections: Iterable[Correction]) -> tuple[list[Event], list[str]]:
    """Events with the corrections in force applied, rejected events removed; notes for corrections without event."""
    by_event: dict[str, list[Correction]] = {}
    for c in latest(corrections).values():
        by_event.setdefault(c.event_id, []).append(c)
    known = {e.event_id for e in events}
    notes = [_stale_note(c) for eid, cs in by_event.items() if eid not in known for c in cs]
    out = []
    for ev in events:
        cs = by_event.get(ev.event_id, [])
        if any(c.field == "status" and c.value == REJECTED for c in cs):
            continue
        row = ev.row()
        for c in cs:
            row = corrected_row(row, c.field, c.value)
        out.append(replace(ev, **row))
    return out, notes


def stale_corrections(corrections: Iterable[Correction], event_ids: Iterable[str]) -> list[Correction]:
    """Corrections in force whose event is not among event_ids (rejections excluded: their events are gone)."""
    ids = set(event_ids)
    current = latest(corrections)
    rejected = {eid for (eid, f), c in current.items() if f == "status" and c.value == REJECTED}
    return [c for c in current.values() if c.event_id not in ids and c.event_id not in rejected]


def write_corrected_events(
    events: Sequence[Event], events_path: Path | str, corrections_path: Path | str | None = None
) -> tuple[list[Event], list[str]]:
    """Apply the corrections log and write events.csv + evidence.csv, all under the events file's lock.

    The log is read under the lock, just before writing: a correction saved while an ingest ran (the curation
    form records it, then applies it to the file under the same lock) is either in the log read here or applied
    to the file written here, never lost. Returns the events written and notes on corrections without event."""
    events_path = Path(events_path)
    with locked(events_path):
        log = load_corrections(corrections_path or corrections_path_for(events_path))
        corrected, notes = apply_corrections(events, log)
        write_events_locked(corrected, events_path)
    return corrected, notes


def apply_to_file(events_path: Path | str, corrections: Sequence[Correction]) -> list[str]:
    """Correct an events file in place (every other row and column kept; rejected events and their evidence go)."""
    events_path = Path(events_path)
    current = latest(corrections)
    rejected = {eid for (eid, f), c in current.items() if f == "status" and c.value == REJECTED}
    with locked(events_path):
        reader = csv.DictReader(io.StringIO(events_path.read_text(encoding="utf-8-sig"), newline=""))
        header = list(reader.fieldnames or EVENT_COLUMNS)
        rows = list(reader)
        ids = {r.get("event_id", "") for r in rows}
        notes = [_stale_note(c) for c in current.values() if c.event_id not in ids and c.event_id not in rejected]
        out = []
        for r in rows:
            if r.get("event_id") in rejected:
                continue
            for c in (c for c in current.values() if c.event_id == r.get("event_id") and c.field != "status"):
                r = corrected_row(r, c.field, c.value)
            out.append(r)
        evidence = evidence_path_for(events_path)
        if rejected & ids and evidence.exists():
            ev_reader = csv.DictReader(io.StringIO(evidence.read_text(encoding="utf-8-sig"), newline=""))
            kept = [r for r in ev_reader if r.get("event_id") not in rejected]
            atomic_write_text(evidence, csv_text(kept, list(ev_reader.fieldnames or [])))
        atomic_write_text(events_path, csv_text(out, header))
    return notes
