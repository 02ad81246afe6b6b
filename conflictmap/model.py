"""Small value types shared by every stage, and the column lists of events.csv and evidence.csv."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GEODATA_DIR = PROJECT_ROOT / "geodata"
ARTICLES_DIR = PROJECT_ROOT / "articles"
EVENTS_CSV = PROJECT_ROOT / "events.csv"

# events.csv, schema v1: one row per event. The first 25 names are fixed by the schema; the rest are additions.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "date_from",
    "date_to",
    "date_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "country_code",
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "claim_status",
    "claimed_by",
    "summary",
    "excerpt",
    "source_ids",
    "n_sources",
    # additions
    "displaced",
    "geo_confidence",
)

# evidence.csv: every excerpt of every event, with character offsets into the stored article text.
EVIDENCE_COLUMNS: tuple[str, ...] = ("event_id", "source_id", "start", "end", "excerpt")

DATE_PRECISIONS = ("day", "week", "month")
# ACLED/UCDP practice: 1 the town itself, 2 near a town or part of a region, 3 admin1 centroid, 4 country.
GEO_PRECISIONS = (1, 2, 3, 4)
CLAIM_STATUSES = ("reported", "claimed", "disputed")
EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
    "Protests",
    "Riots",
    "Displacement",
)


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: where a name points to, and how sure the lookup is."""

    name: str
    lat: float
    lon: float
    geonameid: int | None = None
    country_code: str = ""
    admin1: str = ""  # admin1 (governorate/state) name, not code
    feature: str = ""  # GeoNames feature code, e.g. PPLA, PPLC, ADM1, PCLI; "region" for curated regions
    feature_class: str = ""  # GeoNames feature class: P populated place, A admin, L area, H water, ...
    population: int = 0
    precision: int = 1  # geo precision code, see GEO_PRECISIONS
    score: float = 1.0  # how well the queried name matched (1.0 exact)
    source: str = "geonames"  # geonames | supplement | online:<service>


@dataclass(frozen=True)
class Toponym:
    """A place name found in a text: its span (offsets into the text exactly as given) and where it resolves."""

    start: int
    end: int
    name: str  # the mention, text[start:end]
    place: Place | None = None  # None when recognised but not resolved
    confidence: float = 0.0
    note: str = ""  # e.g. a spatial-cue mismatch that lowered confidence

    def to_json(self) -> dict:
        """The geoparse CLI's per-toponym record."""
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "geonameid": p.geonameid if p else None,
            "country_code": p.country_code if p else None,
            "admin1": p.admin1 if p else None,
            "feature": p.feature if p else None,
            "precision": p.precision if p else None,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class Article:
    """One source document as stored, with its metadata sidecar."""

    id: str
    text: str
    title: str = ""
    publisher: str = ""
    published: str = ""  # ISO date, or "" when unknown
    published_source: str = ""  # where the date came from: metadata | dateline | comments | ...
    language: str = "en"
    url: str = ""
    path: str = ""


@dataclass
class Evidence:
    """One excerpt of one source that supports an event."""

    event_id: str
    source_id: str
    start: int
    end: int
    excerpt: str


@dataclass
class Event:
    """One row of events.csv plus its evidence rows. Field names are the column names."""

    event_id: str = ""
    event_date: str = ""
    date_from: str = ""
    date_to: str = ""
    date_precision: str = "day"
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    actor2: str = ""
    location: str = ""
    admin1: str = ""
    country_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    claim_status: str = "reported"
    claimed_by: str = ""
    summary: str = ""
    excerpt: str = ""
    source_ids: str = ""
    n_sources: int = 1
    displaced: int | None = None
    geo_confidence: float | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def row(self) -> dict:
        """The events.csv row as a dict of column -> value (None for empty)."""
        return {c: getattr(self, c) for c in EVENT_COLUMNS}
