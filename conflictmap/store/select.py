"""Pure selection functions over a loaded events frame: time window, type, claim status, bbox (places: store.places)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd


def date_bounds(df: pd.DataFrame) -> tuple[date, date] | None:
    """The earliest date_from and latest date_to of the events, or None when there are none."""
    if df.empty or df["date_from"].isna().all():
        return None
    return df["date_from"].min().date(), df["date_to"].max().date()


def events_in_window(df: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    """Events whose [date_from, date_to] overlaps [start, end] (inclusive); None leaves that side open."""
    mask = pd.Series(True, index=df.index)
    if start is not None:
        mask &= df["date_to"] >= pd.Timestamp(start)
    if end is not None:
        mask &= df["date_from"] <= pd.Timestamp(end)
    return df[mask]


def events_of_types(df: pd.DataFrame, types: Iterable[str] | None) -> pd.DataFrame:
    """Events whose event_type is one of types (None or empty: all)."""
    types = list(types or [])
    return df[df["event_type"].isin(types)] if types else df


def events_with_claim(df: pd.DataFrame, statuses: Iterable[str] | None) -> pd.DataFrame:
    """Events whose claim_status is one of statuses (None or empty: all)."""
    statuses = list(statuses or [])
    return df[df["claim_status"].isin(statuses)] if statuses else df


def events_in_bbox(df: pd.DataFrame, bbox: tuple[float, float, float, float] | None) -> pd.DataFrame:
    """Events inside (west, south, east, north); a bbox crossing the antimeridian has west > east."""
    if bbox is None:
        return df
    w, s, e, n = bbox
    lat, lon = df["latitude"], df["longitude"]
    in_lon = (lon >= w) & (lon <= e) if w <= e else (lon >= w) | (lon <= e)
    return df[(lat >= s) & (lat <= n) & in_lon]


def mappable(df: pd.DataFrame) -> pd.DataFrame:
    """Events that have coordinates."""
    return df[df["latitude"].notna() & df["longitude"].notna()]


def select_events(
    df: pd.DataFrame,
    start: date | None = None,
    end: date | None = None,
    types: Iterable[str] | None = None,
    claims: Iterable[str] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
) -> pd.DataFrame:
    """All filters at once, as the map, the table and the exports apply them."""
    out = events_in_window(df, start, end)
    out = events_of_types(out, types)
    out = events_with_claim(out, claims)
    return events_in_bbox(out, bbox)
