"""The value an extraction yields: one event as read from one clause of one article, before merging."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from conflictmap.model import Toponym


@dataclass
class ExtractedEvent:
    """One event as read from one clause of one article, before cross-article merging."""

    source_id: str
    start: int
    end: int
    excerpt: str
    event_type: str
    sub_event_type: str
    date_from: date | None  # None for both: an undated article's event (date_precision unknown)
    date_to: date | None
    date_note: str
    place: Toponym | None
    geo_precision: int
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    displaced: int | None = None
    claim_status: str = "reported"
    claimed_by: str = ""
    actor1: str = ""
    actor2: str = ""
    extra_sources: list = field(default_factory=list)
    type_guessed: float | None = None  # no trigger read: the type is typeguess's guess, with this probability

    def key(self) -> str:
        """A stable id: source, offsets and type (the same article text always yields the same id)."""
        where = (self.place.place.geonameid or self.place.place.name) if self.place and self.place.place else ""
        raw = f"{self.source_id}:{self.start}:{self.end}:{self.event_type}:{where}"
        return "ev_" + hashlib.sha1(raw.encode()).hexdigest()[:12]
