"""Pure selection functions over a loaded events frame: time window, type, claim status, bbox, place."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
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


def place_key(row) -> str:
    """The key that groups events into one map marker: the geonameid, else the rounded coordinates."""
    gid = row.get("geonameid")
    if gid is not None and not pd.isna(gid):
        return str(int(gid))
    # from the coordinates rounded to 1e-4 degrees as integers, the way mapping groups them: formatting the raw
    # float with .4f rounds some ties the other way, and one place would get two keys
    return f"{round(float(row['latitude']) * 1e4) / 1e4:.4f},{round(float(row['longitude']) * 1e4) / 1e4:.4f}"


def with_place_keys(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with a `place_key` column (see place_key)."""
    out = df.copy()
    out["place_key"] = [place_key(r) for r in out.to_dict("records")] if len(out) else []
    return out


def places(df: pd.DataFrame) -> pd.DataFrame:
    """One row per place of the mappable events: key, name, lat, lon, events, fatalities (sum of known figures)."""
    m = with_place_keys(mappable(df))
    cols = ["place_key", "location", "admin1", "country_code", "latitude", "longitude", "events", "fatalities"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    g = m.groupby("place_key", sort=True)
    out = g.agg(
        location=("location", "first"),
        admin1=("admin1", "first"),
        country_code=("country_code", "first"),
        latitude=("latitude", "first"),
        longitude=("longitude", "first"),
        events=("event_id", "count"),
        fatalities=("fatalities", lambda s: int(s.fillna(0).sum())),
    ).reset_index()
    return out[cols]


def place_mask(df: pd.DataFrame, key: str) -> np.ndarray:
    """Which events have this place_key (see place_key), computed on whole columns: no per-row keys."""
    lat, lon = df["latitude"].to_numpy(np.float64), df["longitude"].to_numpy(np.float64)
    gid = pd.to_numeric(df["geonameid"], errors="coerce").to_numpy(np.float64)
    located = ~np.isnan(lat) & ~np.isnan(lon)
    if key.isdigit():
        return located & (gid == int(key))
    try:
        k_lat, k_lon = (round(float(x) * 1e4) for x in key.split(","))
    except ValueError:
        return np.zeros(len(df), dtype=bool)
    with np.errstate(invalid="ignore"):
        return located & np.isnan(gid) & (np.round(lat * 1e4) == k_lat) & (np.round(lon * 1e4) == k_lon)


def events_at_place_positions(df: pd.DataFrame, key: str) -> np.ndarray:
    """The index labels (index positions, for an index's frame) of the events at a place, in the frame's order."""
    return df.index.to_numpy()[place_mask(df, key)]


def events_at_place(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Events whose place_key is key, oldest first."""
    m = with_place_keys(mappable(df))
    return m[m["place_key"] == key].sort_values(["date_from", "event_id"])


def nearest_place(places_df: pd.DataFrame, lat: float, lon: float, max_deg: float = 0.05) -> str | None:
    """The key of the place closest to a clicked point, if one is within max_deg degrees."""
    if places_df.empty:
        return None
    d = (places_df["latitude"] - lat) ** 2 + (places_df["longitude"] - lon) ** 2
    i = d.idxmin()
    return str(places_df.loc[i, "place_key"]) if d.loc[i] <= max_deg**2 else None


def find_place(places_df: pd.DataFrame, token: str) -> str | None:
    """A place key from a URL token: a geonameid/key, or a location name (case-insensitive)."""
    token = (token or "").strip()
    if not token or places_df.empty:
        return None
    if token in set(places_df["place_key"]):
        return token
    hit = places_df[places_df["location"].str.casefold() == token.casefold()]
    return str(hit.iloc[0]["place_key"]) if len(hit) else None


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
