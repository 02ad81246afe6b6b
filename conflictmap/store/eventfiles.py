"""Events as the files other tools open: CSV for spreadsheets, and a GeoJSON FeatureCollection.

One CSV writer and one GeoJSON writer for every data export (csv, acled-csv, geojson). Text cells a spreadsheet
would run as a formula get an apostrophe (store.csvfile.neutralise_formula, the one guard); numbers and dates
are written as they are. Values go through `json_value`, so dates are YYYY-MM-DD and missing values null.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import pandas as pd

from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import DATE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, cell_text, neutralise_formula
from conflictmap.store.select import mappable

# events.csv's columns that hold numbers or dates: never formula-guarded (a negative longitude stays a number)
NUMERIC_EVENT_COLUMNS = frozenset({*DATE_COLUMNS, *FLOAT_COLUMNS, *INT_COLUMNS})
CHUNK_ROWS = 100_000  # rows formatted at a time by events_csv


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
    return events_csv(pd.DataFrame(list(rows), columns=list(columns), dtype=object), columns, numeric)


def events_csv(df: pd.DataFrame, columns: Sequence[str], numeric: Iterable[str] = NUMERIC_EVENT_COLUMNS) -> str:
    """A frame as spreadsheet CSV in these columns (absent ones empty): text cells a spreadsheet would run as a
    formula guarded outside the numeric columns, cells written as csv_text writes them (so an events frame reads
    back with store.read_events). Column by column, each distinct value formatted once: a million rows in seconds
    for the query command, and the exports get the same bytes as a cell-by-cell writer (tests/unit/store)."""
    plain = set(numeric)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")  # as csv_text: line breaks inside cells are "\n", see _column_text
    w.writerow(columns)
    for start in range(0, len(df), CHUNK_ROWS):  # a slice at a time: the cells of every row at once cost memory
        part = df.iloc[start : start + CHUNK_ROWS]
        empty = np.full(len(part), "", dtype=object)
        cells = [_column_text(part[c], c not in plain) if c in part.columns else empty for c in columns]
        w.writerows(zip(*cells, strict=True))
    return buf.getvalue()


def _column_text(values: pd.Series, guard: bool) -> np.ndarray:
    """A column's cells as csv_text writes them (cell_text, "\r" and "\r\n" as "\n"), string cells passed through
    neutralise_formula when `guard`; an object array."""
    kind = values.dtype
    if isinstance(kind, np.dtype) and kind.kind == "b":  # numpy bool; nullable ones go cell by cell
        return np.where(values.to_numpy(), "True", "False").astype(object)
    if pd.api.types.is_float_dtype(kind):
        return _float_text(values.to_numpy(np.float64, na_value=np.nan))
    if pd.api.types.is_integer_dtype(kind):
        return _distinct_text(values, str)
    if pd.api.types.is_datetime64_dtype(kind):
        return _distinct_text(values, lambda t: t.date().isoformat())
    if pd.api.types.is_string_dtype(kind) and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return _distinct_text(values, lambda t: _one_line(neutralise_formula(t) if guard else t))
    # anything else (an object column of mixed values, as rows built in Python give): cell by cell
    return np.array(
        [_one_line(cell_text(neutralise_formula(v) if guard and isinstance(v, str) else v)) for v in values.tolist()],
        dtype=object,
    )


def _one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _distinct_text(values: pd.Series, fmt) -> np.ndarray:
    """fmt over each distinct value (missing ones: ""), spread back over the rows."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.array([fmt(u) for u in uniques] + [""], dtype=object)
    return texts[codes]  # code -1 (missing) takes the last text, ""


def _float_text(v: np.ndarray) -> np.ndarray:
    """repr(round(x, 6)) of each float, "" for NaN, as cell_text writes them."""
    r = np.round(v, 6)
    # numpy's round (scale, rint, unscale) is not always Python's correctly rounded one: where it changed the
    # value, round again in Python (where numpy's is a no-op, x already has at most 6 decimals: Python's is too)
    odd = np.flatnonzero((r != v) & ~np.isnan(v))
    if len(odd):
        r[odd] = [round(x, 6) for x in v[odd].tolist()]
    codes, uniques = pd.factorize(r.view(np.int64))  # the bits: -0.0 and 0.0 stay apart
    texts = np.array([repr(x) for x in uniques.view(np.float64).tolist()], dtype=object)[codes]
    texts[np.isnan(v)] = ""
    return texts


def feature_collection(df: pd.DataFrame, columns: Sequence[str], metadata: dict | None = None) -> dict:
    """RFC 7946 FeatureCollection of the events that have coordinates (the others are left out): Point [lon, lat],
    id = event_id, properties = these columns (json_value of each cell, absent columns null); metadata, when given,
    as a foreign member before the features. Column by column, as events_csv: the query command's geojson too."""
    m = mappable(df)
    values = [_column_json(m[c]) if c in m.columns else [None] * len(m) for c in columns]
    lon, lat = (m[c].to_numpy(np.float64).tolist() for c in ("longitude", "latitude"))
    features = [
        {
            "type": "Feature",
            "id": event_id,
            "geometry": {"type": "Point", "coordinates": [x, y]},
            "properties": dict(zip(columns, cells, strict=True)),
        }
        for event_id, x, y, *cells in zip(m["event_id"].tolist(), lon, lat, *values, strict=True)
    ]
    head = {"type": "FeatureCollection"} | ({"metadata": metadata} if metadata is not None else {})
    return head | {"features": features}


def _column_json(values: pd.Series) -> list:
    """json_value of every cell of a column, without a Python call per cell for the usual column types."""
    kind = values.dtype
    if isinstance(kind, np.dtype) and kind.kind in "biuf":  # numpy numbers and bools: NaN is the only missing value
        out = values.to_numpy().astype(object)
        if kind.kind == "f":
            out[np.isnan(values.to_numpy())] = None
        return out.tolist()
    text = pd.api.types.is_string_dtype(kind) and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")
    if text or pd.api.types.is_integer_dtype(kind) or pd.api.types.is_float_dtype(kind):  # NA, NaN, None: missing
        out = np.array(values.astype(object).to_numpy(), dtype=object)  # a writable copy
        out[values.isna().to_numpy()] = None
        return out.tolist()
    if pd.api.types.is_datetime64_dtype(kind):
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return np.array([iso_date(u) for u in uniques] + [None], dtype=object)[codes].tolist()
    return [json_value(v) for v in values.tolist()]


def geojson_text(collection: dict) -> str:
    """A FeatureCollection as JSON text (UTF-8 characters kept, one member a line), ending in a newline."""
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def events_geojson(df: pd.DataFrame, columns: Sequence[str], metadata: dict | None = None) -> str:
    """geojson_text(feature_collection(df, columns, metadata)), written feature by feature from values encoded column
    by column: json's indented encoder is pure Python, several times slower, and holds every piece of the text."""
    m = mappable(df)
    shell = geojson_text({"type": "FeatureCollection"} | ({"metadata": metadata} if metadata is not None else {}))
    if not len(m):
        return shell[: -len("\n}\n")] + ',\n "features": []\n}\n'
    keys = [f"\n    {json.dumps(c, ensure_ascii=False)}: " for c in columns]
    cells = [_encoded(_column_json(m[c]) if c in m.columns else [None] * len(m)) for c in columns]
    ids = _encoded(m["event_id"].tolist())
    lon, lat = (_encoded(m[c].to_numpy(np.float64).tolist()) for c in ("longitude", "latitude"))
    features = [
        '{\n   "type": "Feature",\n   "id": ' + event_id + ',\n   "geometry": {\n    "type": "Point",\n'
        '    "coordinates": [\n     '
        + x
        + ",\n     "
        + y
        + '\n    ]\n   },\n   "properties": '
        + ("{" + ",".join([k + v for k, v in zip(keys, values, strict=True)]) + "\n   }" if keys else "{}")
        + "\n  }"
        for event_id, x, y, *values in zip(ids, lon, lat, *cells, strict=True)
    ]
    return shell[: -len("\n}\n")] + ',\n "features": [\n  ' + ",\n  ".join(features) + "\n ]\n}\n"


_ENCODERS = {
    str: json.encoder.encode_basestring,  # as json.dumps(ensure_ascii=False) writes a string
    int: int.__repr__,
    bool: lambda b: "true" if b else "false",
    type(None): lambda _: "null",
}


def _encoded(values: list) -> list[str]:
    """Each value as json.dumps(value, ensure_ascii=False) writes it (a float as repr, NaN as NaN)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    encoders = _ENCODERS | {float: lambda x: float.__repr__(x) if math.isfinite(x) else dumps(x)}
    return [encoders.get(v.__class__, dumps)(v) for v in values]
