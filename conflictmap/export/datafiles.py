"""The data exports of a Snapshot: GeoJSON, CSV in events.csv columns, CSV in ACLED's columns, KML.

Each renderer is `(Snapshot, RenderOptions) -> bytes` and has its row in conflictmap.export.formats.
The CSV and GeoJSON text comes from one writer (conflictmap.store.eventfiles), which guards text cells a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import gzip
import html
import json
import re

from conflictmap.export.snapshot import RenderOptions, Snapshot, metadata
from conflictmap.mapview.mapping import type_colour
from conflictmap.model import GEODATA_DIR
from conflictmap.store.describe import count_figure
from conflictmap.store.eventfiles import (
    event_columns,
    events_csv,
    events_geojson,
    iso_date,
    json_value,
    spreadsheet_csv,
)


def csv_columns(snap: Snapshot) -> list[str]:
    """The columns of a csv export: events.csv's, then any extra columns of the selection."""
    return event_columns(snap.events)


def to_geojson(snap: Snapshot, opts: RenderOptions) -> bytes:
    """RFC 7946 FeatureCollection of the events with coordinates ([lon, lat]); metadata as a foreign member."""
    return events_geojson(snap.mapped, event_columns(snap.events), metadata(snap, "geojson")).encode("utf-8")


def to_csv(snap: Snapshot, opts: RenderOptions) -> bytes:
    """The selection in events.csv columns (readable by store.read_events); formula-like text cells guarded."""
    return events_csv(snap.events, event_columns(snap.events)).encode("utf-8")


ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
)  # fmt: skip
ACLED_NUMERIC = {"year", "time_precision", "latitude", "longitude", "geo_precision", "fatalities"}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "unknown": 3}  # ACLED has no "unknown": its widest is 3
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


def _acled_row(r: dict, countries: dict[str, str]) -> dict:
    day = r["event_date"]
    lo, hi = r.get("fatalities_low"), r.get("fatalities_high")
    notes = str(r.get("summary") or "")
    if r.get("excerpt"):
        notes += f' Source excerpt: "{r["excerpt"]}"'
    if json_value(lo) is not None and json_value(hi) is not None and lo != hi:
        notes += f" Fatalities reported as {int(lo)}-{int(hi)}."
    tags = "" if r.get("claim_status") == "reported" else f"{r['claim_status']} by {r.get('claimed_by') or 'unknown'}"
    return {
        "event_id_cnty": r["event_id"],
        "event_date": iso_date(day),
        "year": day.year if iso_date(day) else None,
        "time_precision": TIME_PRECISION.get(r.get("date_precision") or "day", 1),
        "disorder_type": DISORDER.get(r.get("event_type"), ""),
        "event_type": r.get("event_type"),
        "sub_event_type": r.get("sub_event_type"),
        "actor1": r.get("actor1"),
        "actor2": r.get("actor2"),
        "country": countries.get(r.get("country_code") or "", r.get("country_code") or ""),
        "admin1": r.get("admin1"),
        "location": r.get("location"),
        "latitude": r.get("latitude"),
        "longitude": r.get("longitude"),
        "geo_precision": min(json_value(r.get("geo_precision")) or 3, 3),  # ACLED's codes stop at 3
        "source": "; ".join(s for s in str(r.get("source_ids") or "").split(";") if s),
        "notes": notes.strip(),
        "fatalities": r.get("fatalities"),
        "tags": tags,
    }


def country_names(codes: set[str]) -> dict[str, str]:
    """ISO alpha-2 code -> English country name, from the gazetteer's country rows (codes not found are left out)."""
    found: dict[str, str] = {}
    path = GEODATA_DIR / "places.tsv.gz"
    if not codes or not path.exists():
        return found
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:  # country rows come first: stop as soon as every code is named
            cells = line.rstrip("\n").split("\t")
            if len(cells) > 5 and cells[4] == "country" and cells[5] in codes:
                found.setdefault(cells[5], cells[1])
                if len(found) == len(codes):
                    break
    return found


def to_acled_csv(snap: Snapshot, opts: RenderOptions) -> bytes:
    """The selection with ACLED's column names and codes; formula-like text cells guarded."""
    countries = country_names({c for c in snap.events["country_code"] if c})
    rows = [_acled_row(r, countries) for r in snap.events.to_dict("records")]
    return spreadsheet_csv(rows, ACLED_COLUMNS, ACLED_NUMERIC).encode("utf-8")


def acled_columns(snap: Snapshot) -> list[str]:
    """The columns of an acled-csv export (ACLED's, whatever the selection holds)."""
    return list(ACLED_COLUMNS)


XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text) -> str:
    """Escaped XML character data; characters XML 1.0 cannot carry at all become U+FFFD."""
    return html.escape(XML_INVALID.sub("\ufffd", str(text)), quote=True)


def _kml_colour(hex_colour: str) -> str:
    r, g, b = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"ff{b}{g}{r}".lower()


def _kml_description(r: dict) -> str:
    """Google Earth shows descriptions as HTML: every value is HTML-escaped here, then XML-escaped by the caller."""
    e = html.escape
    rows = [
        ("Date", f"{iso_date(r['date_from'])} to {iso_date(r['date_to'])} ({r.get('date_precision')})"),
        ("Type", f"{r.get('event_type')} / {r.get('sub_event_type')}"),
        ("Actors", " vs ".join(a for a in (r.get("actor1"), r.get("actor2")) if a)),
        ("Fatalities", count_figure(r.get("fatalities"), r.get("fatalities_low"), r.get("fatalities_high"))),
        ("Claim", r.get("claim_status") + (f" by {r['claimed_by']}" if r.get("claimed_by") else "")),
        ("Sources", r.get("source_ids")),
    ]
    cells = "".join(f"<tr><th align='left'>{e(k)}</th><td>{e(str(v or ''))}</td></tr>" for k, v in rows)
    return (
        f"<p>{e(str(r.get('summary') or ''))}</p><table>{cells}</table><p><i>{e(str(r.get('excerpt') or ''))}</i></p>"
    )


def to_kml(snap: Snapshot, opts: RenderOptions) -> bytes:
    """KML with a folder per event type and a TimeSpan per placemark (Google Earth's time slider)."""
    import simplekml

    kml = simplekml.Kml(name=_xml(snap.title()))
    kml.parsetext(parse=False)  # simplekml's own escaping lets "<![CDATA[" through: we escape everything ourselves
    doc = kml.document
    doc.description = _xml(f"{snap.caption()}\n\n{json.dumps(metadata(snap, 'kml'), ensure_ascii=False)}")
    styles = {}
    for t in sorted(set(snap.mapped["event_type"])):
        style = simplekml.Style()
        style.iconstyle.color = _kml_colour(type_colour(t))
        styles[t] = style
    folders = {}
    for r in snap.mapped.to_dict("records"):
        t = r["event_type"]
        folder = folders.get(t) or folders.setdefault(t, doc.newfolder(name=_xml(t or "Other")))
        p = folder.newpoint(name=_xml(r.get("location") or r["event_id"]), coords=[(r["longitude"], r["latitude"])])
        p.timespan.begin, p.timespan.end = iso_date(r["date_from"]), iso_date(r["date_to"])
        p.description = _xml(_kml_description(r))
        p.style = styles[t]
        p.extendeddata.newdata("event_id", _xml(r["event_id"]))
    return kml.kml(format=True).encode("utf-8")
