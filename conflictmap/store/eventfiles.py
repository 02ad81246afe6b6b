"""Events as the files other tools open: CSV for spreadsheets, and a GeoJSON FeatureCollection.

One CSV writer and one GeoJSON writer for every data export (csv, acled-csv, geojson). Text cells a spreadsheet
would run as a formula get an apostrophe (store.csvfile.neutralise_formula, the one guard); numbers and dates
are written as they are. Values go through `json_value`, so dates are YYYY-MM-DD and missing values null.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import date

import pandas as pd

from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import DATE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, csv_text, neutralise_formulas
from conflictmap.store.select import mappable

# events.csv's columns that hold numbers or dates: never formula-guarded (a negative longitude stays a number)
NUMERIC_EVENT_COLUMNS = frozenset({*DATE_COLUMNS, *FLOAT_COLUMNS, *INT_COLUMNS})


def iso_date(d) -> str | None:
    """A date, Timestamp or ISO string as YYYY-MM-DD; None for a missing one."""
    if d is None or (not isinstance(d, str) and pd.isna(d)):
        return None
    return d.date().isoformat() if isinstance(d, pd.Timestamp) else d.isoformat() if hasattr(d, "isoformat") else d


def json_value(v: object) -> object:
    """A cell as JSON has it: dates as YYYY-MM-DD, NaN/NA/None as None, numpy scalars as Python numbers."""
    if isinstance(v, pd.Timestamp | date):
        return iso_date(v)
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def event_columns(df: pd.DataFrame) -> list[str]:
    """events.csv's columns, then any extra columns of the frame (internal `_` columns left out)."""
    return list(EVENT_COLUMNS) + [c for c in df.columns if c not in EVENT_COLUMNS and not c.startswith("_")]


def spreadsheet_csv(rows: Iterable[dict], columns: Sequence[str], numeric: Iterable[str] = ()) -> str:
    """Rows as CSV with exactly these columns; formula-like text guarded in every column not named numeric."""
    plain = set(numeric)
    return csv_text(neutralise_formulas(rows, [c for c in columns if c not in plain]), columns)


def events_csv(df: pd.DataFrame, columns: Sequence[str]) -> str:
    """Events in these columns as spreadsheet CSV (readable back by store.read_events)."""
    return spreadsheet_csv(df.to_dict("records"), columns, NUMERIC_EVENT_COLUMNS)


def feature_collection(df: pd.DataFrame, columns: Sequence[str], metadata: dict | None = None) -> dict:
    """RFC 7946 FeatureCollection of the events that have coordinates (the others are left out): Point [lon, lat],
    id = event_id, properties = these columns; metadata, when given, as a foreign member before the features."""
    features = [
        {
            "type": "Feature",
            "id": r["event_id"],
            "geometry": {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"])]},
            "properties": {c: json_value(r.get(c)) for c in columns},
        }
        for r in mappable(df).to_dict("records")
    ]
    head = {"type": "FeatureCollection"} | ({"metadata": metadata} if metadata is not None else {})
    return head | {"features": features}


def geojson_text(collection: dict) -> str:
    """A FeatureCollection as JSON text (UTF-8 characters kept, one member a line), ending in a newline."""
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
