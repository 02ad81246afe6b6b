"""One selection of events and what every export says about it: window, filters, data version, generation time.

Every format's renderer (see the table in conflictmap.export.formats) takes a Snapshot and RenderOptions; the
dashboard's export panel and the `export` command make them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from conflictmap.store.eventfiles import iso_date
from conflictmap.store.places import place_summary
from conflictmap.store.select import mappable, select_events


@dataclass
class Snapshot:
    """One selection of events and everything an export says about it."""

    events: pd.DataFrame  # the selection, including events without coordinates
    start: date | None = None
    end: date | None = None
    types: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None
    view: tuple[float, float, int] | None = None  # lat, lon, zoom; None: fit to the events (or bbox)
    data_version: str = ""
    generated_at: str = ""
    source_file: str = ""

    @property
    def mapped(self) -> pd.DataFrame:
        """The selected events that have coordinates."""
        return mappable(self.events)

    @property
    def sources(self) -> list[str]:
        """The distinct source ids cited by the selected events, sorted."""
        return sorted({s.strip() for ids in self.events["source_ids"] for s in str(ids).split(";") if s.strip()})

    def window_text(self) -> str:
        """The date window as shown in titles; an open side shows the selection's own first or last date."""
        ev = self.events
        first = ev["date_from"].min().date() if len(ev) else None
        last = ev["date_to"].max().date() if len(ev) else None
        a, b = self.start or first, self.end or last
        return f"{a.isoformat() if a else 'any date'} to {b.isoformat() if b else 'any date'}"

    def title(self) -> str:
        """The export's title line."""
        return f"Conflict events, {self.window_text()}"

    def caption(self) -> str:
        """'n events at n places, n sources' plus the filters and data version."""
        n, k, s = len(self.events), len(place_summary(self.mapped)), len(self.sources)
        parts = [f"{n} event{'s' if n != 1 else ''} at {k} place{'s' if k != 1 else ''}, {s} source{'s' * (s != 1)}"]
        parts.append("types: " + (", ".join(self.types) if self.types else "all"))
        if self.claims:
            parts.append("claims: " + ", ".join(self.claims))
        if self.bbox:
            parts.append("bbox: " + ",".join(f"{v:g}" for v in self.bbox))
        parts.append(f"data version {self.data_version or 'unknown'}")
        return " · ".join(parts)


def data_version(path: Path | str) -> str:
    """The first 12 hex digits of the sha256 of the events file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def generation_time() -> str:
    """Now in UTC (ISO, seconds), or SOURCE_DATE_EPOCH when set, for byte-reproducible exports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return now.replace(microsecond=0).isoformat().replace("+00:00", "Z")


DEFAULT_SIZE = (1200, 800)


@dataclass(frozen=True)
class RenderOptions:
    """How to draw an export: the image size in px (png, svg), the png renderer, an open browser to reuse."""

    width: int = DEFAULT_SIZE[0]
    height: int = DEFAULT_SIZE[1]
    renderer: str = "auto"  # png: auto (chromium, else matplotlib), chromium or matplotlib
    browser: object | None = None  # png: an open ChromiumSession browser, reused across exports


def make_snapshot(
    df: pd.DataFrame,
    start: date | None = None,
    end: date | None = None,
    types: list[str] | None = None,
    claims: list[str] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    version: str = "",
    source_file: str = "",
    view: tuple[float, float, int] | None = None,
) -> Snapshot:
    """Apply the filters (select_events) to loaded events and wrap the selection with its metadata."""
    selected = select_events(df, start, end, types, claims, bbox).sort_values(["date_from", "event_id"])
    return Snapshot(
        selected, start, end, list(types or []), list(claims or []), bbox, view, version, generation_time(), source_file
    )


def metadata(snap: Snapshot, fmt: str) -> dict:
    """What every export records about itself."""
    return {
        "title": snap.title(),
        "format": fmt,
        "window": {"from": iso_date(snap.start), "to": iso_date(snap.end)},  # as asked; None = open
        "events_span": snap.window_text(),
        "filters": {"types": snap.types, "claims": snap.claims, "bbox": list(snap.bbox) if snap.bbox else None},
        "data_version": snap.data_version,
        "data_file": snap.source_file,
        "generated_at": snap.generated_at,
        "events": len(snap.events),
        "events_with_coordinates": len(snap.mapped),
        "sources": snap.sources,
        "generator": "conflictmap export",
    }
