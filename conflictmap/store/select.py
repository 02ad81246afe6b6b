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


def daily_counts(events) -> pd.DataFrame:
    """Events and known fatalities per day (by date_from) and event type, of a frame or of a Selection of an
    EventIndex (counted on the index's day numbers and type codes: at ten million rows, building the frame to
    group it took seconds)."""
    if not isinstance(events, pd.DataFrame):
        return _selection_counts(events)
    if events.empty:
        return pd.DataFrame(columns=["day", "event_type", "events", "fatalities"])
    f = pd.to_numeric(events["fatalities"], errors="coerce").fillna(0)
    frame = pd.DataFrame({"day": events["date_from"].dt.normalize(), "event_type": events["event_type"], "f": f})
    g = frame.groupby(["day", "event_type"], as_index=False)
    out = g.agg(events=("f", "size"), fatalities=("f", "sum"))
    out["fatalities"] = out["fatalities"].astype(int)
    return out


def _selection_counts(sel) -> pd.DataFrame:
    """daily_counts of a Selection: one bincount over (day, type) codes (rows without a date or a type left out,
    as groupby leaves them out)."""
    import numpy as np

    index = sel.source
    types = pd.Categorical(index.events["event_type"])  # the column's own categories, in their order
    day, code = sel.take(index._from), sel.take(types.codes)
    keep = (day != np.iinfo(np.int32).max) & (code >= 0)
    if not keep.any():
        return daily_counts(index.events.iloc[0:0])
    f = sel.take(pd.to_numeric(index.events["fatalities"], errors="coerce").to_numpy(np.float64, na_value=np.nan))
    if not keep.all():
        day, code, f = day[keep], code[keep], f[keep]
    f = np.where(np.isnan(f), 0.0, f)
    n = len(types.categories)
    first = int(day.min())
    key = (day.astype(np.int64) - first) * n + code
    counts = np.bincount(key)
    deaths = np.bincount(key, weights=f)
    at = np.flatnonzero(counts)
    unit = np.datetime_data(index.events["date_from"].dtype)[0]
    days = (first + at // n).astype("datetime64[D]").astype(f"datetime64[{unit}]")
    return pd.DataFrame({"day": days, "event_type": pd.Categorical.from_codes(at % n, dtype=types.dtype),
                         "events": counts[at], "fatalities": deaths[at].astype(int)})  # fmt: skip
