"""How an event's dates and figures read wherever a person sees them: map popups, the side panel, the PDF table,
KML placemarks. One home, so "12 killed (10-15)" and "2014-06-10 to 2014-06-12" read the same everywhere."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd


def _known(value: object) -> bool:
    return value is not None and not (not isinstance(value, str) and pd.isna(value))


def day_text(value: object) -> str:
    """A date as YYYY-MM-DD (a timestamp loses its time of day); '' for none."""
    if not _known(value):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def date_span(date_from: object, date_to: object) -> str:
    """'2014-06-10', or '2014-06-10 to 2014-06-12' when the event is dated to a span."""
    a, b = day_text(date_from), day_text(date_to)
    return a if not b or a == b else f"{a} to {b}"


def count_figure(exact: object, low: object, high: object) -> str:
    """'12', '10-15' (only a range), '12 (10-15)' (a figure and the sources' range), '' (no figure)."""
    f = int(exact) if _known(exact) else None
    rng = f"{int(low):,}-{int(high):,}" if _known(low) and _known(high) and low != high else ""
    if f is None:
        return rng
    return f"{f:,} ({rng})" if rng else f"{f:,}"


def fatalities_text(row: dict) -> str:
    """'12 killed', '10-15 killed', '12 killed (10-15)', or '' when no figure is reported."""
    fig = count_figure(row.get("fatalities"), row.get("fatalities_low"), row.get("fatalities_high"))
    if not fig:
        return ""
    head, _, rng = fig.partition(" (")
    return f"{head} killed" + (f" ({rng}" if rng else "")


def figures_text(row: dict) -> str:
    """The fatality figure and the number displaced: '12 killed, 3,000 displaced'."""
    parts = [fatalities_text(row)]
    if _known(row.get("displaced")):
        parts.append(f"{int(row['displaced']):,} displaced")
    return ", ".join(p for p in parts if p)
