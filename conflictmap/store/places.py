"""Places: the key that groups events into one map marker, which rows a key stands for, and one row per place.

A place key is the event's geonameid, else its coordinates rounded to 1e-4 degrees ("36.3333,43.1111"). Every
consumer (the map's markers and popups, the town panel, the exports, a place named in the URL, an index's
Selection and its saved codes) keys places here, from one pair of integer codes per row (key_parts), so one place
never gets two keys: formatting the raw float with .4f would round some ties the other way.

place_summary counts a frame here; a Selection of an index (store.selection) is counted on the index's per-row
codes (Selection.place_summary): the same frame, faster, and the path the map takes.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import pandas as pd

SUMMARY_COLUMNS = ["place_key", "location", "admin1", "country_code", "latitude", "longitude", "events", "fatalities"]
SUMMARY_COLUMNS += ["max_fatalities", "main_type", "all_claims", "precision"]


class Summarised(Protocol):
    """What place_summary takes besides a frame: a store.selection.Selection (not imported: it imports this)."""

    def place_summary(self) -> pd.DataFrame: ...


def _located(df: pd.DataFrame) -> pd.Series:
    return df["latitude"].notna() & df["longitude"].notna()


def key_parts(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, as int64 arrays: the geonameid (-1 when missing) and, for rows without one, the coordinates in
    1e-4 degrees (0 for rows with one, or without coordinates). The numeric form of place_keys: grouping and
    matching on it is fast."""
    if df["geonameid"].dtype == np.int64:  # no missing value (an index's column, most often): no conversion
        gid = df["geonameid"].to_numpy().copy()
        has = np.ones(len(gid), dtype=bool)
    else:
        gid_f = pd.to_numeric(df["geonameid"], errors="coerce").to_numpy(np.float64, na_value=np.nan)
        has = ~np.isnan(gid_f)
        gid = np.where(has, gid_f, -1).astype(np.int64)
    lat_code, lon_code = np.zeros(len(gid), np.int64), np.zeros(len(gid), np.int64)
    without = np.flatnonzero(~has)  # only these rows are rounded (an index's frame: most rows have a geonameid)
    for out, name in ((lat_code, "latitude"), (lon_code, "longitude")):
        out[without] = np.nan_to_num(np.round(df[name].to_numpy(np.float64)[without] * 1e4)).astype(np.int64)
    return gid, lat_code, lon_code


def place_numbers(gid: np.ndarray, lat_code: np.ndarray, lon_code: np.ndarray) -> np.ndarray:
    """One int64 per row of key_parts that equal keys share: the geonameid, else a number of the coordinates."""
    key = gid.copy()
    odd = np.flatnonzero(gid < 0)  # keyed by coordinates
    key[odd] = (1 << 52) + (lat_code[odd] + 900_000) * 3_600_001 + (lon_code[odd] + 1_800_000)
    return key


def _key_text(gid: int, lat_code: int, lon_code: int) -> str:
    # formatted from Python numbers (numpy scalars made this a third of a summary); code / 1e4 is never -0.0
    return str(gid) if gid >= 0 else f"{lat_code / 1e4:.4f},{lon_code / 1e4:.4f}"


def key_strings(gid: np.ndarray, lat_code: np.ndarray, lon_code: np.ndarray) -> list[str]:
    """The place keys of key_parts (one per element)."""
    return [_key_text(*t) for t in zip(gid.tolist(), lat_code.tolist(), lon_code.tolist(), strict=True)]


def place_keys(df: pd.DataFrame) -> pd.Series:
    """The place key of every row (rows need coordinates; see the module docstring), as strings."""
    return pd.Series(key_strings(*key_parts(df)), index=df.index, dtype=object)


def _codes_of_key(key: str) -> tuple[int, int, int] | None:
    """The codes a key stands for; None for text that is not a key as place_keys writes it (no near misses)."""
    try:
        if key.isdigit():
            codes = (int(key), 0, 0)
        else:
            lat, lon = key.split(",")
            codes = (-1, round(float(lat) * 1e4), round(float(lon) * 1e4))
    except ValueError:
        return None
    return codes if _key_text(*codes) == key else None


def place_mask(df: pd.DataFrame, key: str) -> np.ndarray:
    """Which rows are located at the place `key` (place_keys(df) == key, computed on whole columns)."""
    codes = _codes_of_key(key)
    if codes is None or not len(df):
        return np.zeros(len(df), dtype=bool)
    located = _located(df).to_numpy()
    if codes[0] >= 0:  # a geonameid: the coordinates need not be rounded
        return located & (pd.to_numeric(df["geonameid"], errors="coerce").to_numpy(np.float64) == codes[0])
    gid, lat, lon = key_parts(df)
    return located & (gid < 0) & (lat == codes[1]) & (lon == codes[2])


def events_at(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """The events at the place `key`, oldest first (date_from, then event_id)."""
    return df[place_mask(df, key)].sort_values(["date_from", "event_id"])


def events_at_positions(df: pd.DataFrame, key: str) -> np.ndarray:
    """The index labels (index positions, for an index's frame) of the events at a place, in the frame's order."""
    return df.index.to_numpy()[place_mask(df, key)]


def place_summary(events: pd.DataFrame | Summarised) -> pd.DataFrame:
    """One row per place of the mappable events, sorted by key: key, name, coordinates (of its first event),
    events, fatalities (sum of known figures), largest toll, main type (ties: alphabetical), all-claims, precision.

    A frame is grouped on one integer per place with bincounts: a year of 1,000,000 events takes ~0.6 s, where a
    pandas groupby took ~0.9 s. A Selection of an index is counted on the index's per-row codes instead
    (Selection.place_summary): the same frame, faster."""
    if not isinstance(events, pd.DataFrame):
        return events.place_summary()
    cols = SUMMARY_COLUMNS
    # only the columns used: copying every column (excerpts included) of a big window costs more than the rest
    used = ["geonameid", "latitude", "longitude", "fatalities", "event_type", "claim_status", *cols[1:4]]
    used += ["geo_precision"] if "geo_precision" in events.columns else []
    located = _located(events)
    if not located.any():
        return pd.DataFrame(columns=cols)
    m = events[used] if located.all() else events.loc[located, used]
    gid, lat_code, lon_code = key_parts(m)
    # coordinates in 1e-4 degrees fit in 22 bits each; 2**52 keeps them apart from every geonameid
    key = np.where(gid >= 0, gid, (1 << 52) + (lat_code + 900_000) * 3_600_001 + (lon_code + 1_800_000))
    group, _ = pd.factorize(key)
    n = int(group.max()) + 1
    _, first = np.unique(group, return_index=True)  # the first event of each place, as groupby's "first"
    f = pd.to_numeric(m["fatalities"], errors="coerce").fillna(0).to_numpy(np.float64)
    type_code, type_names = pd.factorize(m["event_type"].fillna(""), sort=True)  # sorted: ties go to A before B
    by_type = np.bincount(group * len(type_names) + type_code, minlength=n * len(type_names))
    unclaimed = (m["claim_status"] != "claimed").to_numpy(np.float64)
    out = m[["location", "admin1", "country_code", "latitude", "longitude"]].iloc[first].reset_index(drop=True)
    out = out.assign(
        events=np.bincount(group, minlength=n),
        fatalities=np.bincount(group, weights=f, minlength=n).astype(int),
        max_fatalities=group_extreme(np.maximum, f, group, n, -np.inf),
        main_type=np.asarray(type_names)[by_type.reshape(n, len(type_names)).argmax(axis=1)],
        all_claims=np.bincount(group, weights=unclaimed, minlength=n) == 0,
        precision=_precision(m, group),
    )
    out["place_key"] = key_strings(gid[first], lat_code[first], lon_code[first])
    return out.sort_values("place_key", ignore_index=True)[cols]


def group_extreme(ufunc, values: np.ndarray, group: np.ndarray, n: int, start: float) -> np.ndarray:
    """The largest (np.maximum) or smallest (np.minimum) value per group 0..n-1, without a pandas groupby."""
    out = np.full(n, start, dtype=np.float64)
    ufunc.at(out, group, values)
    return out


def _precision(m: pd.DataFrame, group: np.ndarray) -> np.ndarray:
    # the most precise code among a place's events (1 town .. 4 country); 1 when the column is absent
    n = int(group.max()) + 1
    if "geo_precision" not in m.columns:
        return np.ones(n, dtype=int)
    p = pd.to_numeric(m["geo_precision"], errors="coerce").fillna(1).to_numpy(np.float64)
    return group_extreme(np.minimum, p, group, n, np.inf).astype(int)


def nearest_place(summary: pd.DataFrame, lat: float, lon: float, max_deg: float = 0.05) -> str | None:
    """The key of the place (a place_summary row) closest to a clicked point, if one is within max_deg degrees."""
    if summary.empty:
        return None
    d = (summary["latitude"] - lat) ** 2 + (summary["longitude"] - lon) ** 2
    i = d.idxmin()
    return str(summary.loc[i, "place_key"]) if d.loc[i] <= max_deg**2 else None


def find_place(summary: pd.DataFrame, token: str) -> str | None:
    """A place key from a URL token: a place key, or a location name (case-insensitive)."""
    token = (token or "").strip()
    if not token or summary.empty:
        return None
    if token in set(summary["place_key"]):
        return token
    hit = summary[summary["location"].str.casefold() == token.casefold()]
    return str(hit.iloc[0]["place_key"]) if len(hit) else None
