"""Events per place: the place key, the per-place summary the map draws (counts, figures, precision), and grid
cells when there are too many places to draw one by one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from conflictmap.store.selection import Selection, key_parts, key_strings

MAX_FEATURES = 1500  # never send more points than this to the browser: beyond it places are merged into grid cells


def place_keys(events: pd.DataFrame) -> pd.Series:
    """select.place_key for every row at once: the geonameid, else the coordinates rounded to 4 decimals."""
    if events.empty:
        return pd.Series([], index=events.index, dtype=object)
    gid = pd.to_numeric(events["geonameid"], errors="coerce")
    # as _place_codes groups them (+ 0.0: no "-0.0000" for a point just south of the equator)
    lat, lon = ((events[c] * 1e4).round() / 1e4 + 0.0 for c in ("latitude", "longitude"))
    coords = lat.map("{:.4f}".format) + "," + lon.map("{:.4f}".format)
    by_gid = gid.astype("Int64").astype(str)
    return by_gid.where(gid.notna(), coords).astype(object)


def events_at(events: pd.DataFrame, key: str) -> pd.DataFrame:
    """The mappable events whose place key is `key`, oldest first (vectorised select.events_at_place)."""
    m = events[events["latitude"].notna() & events["longitude"].notna()]
    gid = pd.to_numeric(m["geonameid"], errors="coerce")
    try:  # narrow down numerically first: formatting keys for every row of a large window is slow
        if key.isdigit():
            m = m[gid == int(key)]
        else:
            lat, lon = (float(x) for x in key.split(","))
            m = m[gid.isna() & ((m["latitude"] - lat).abs() < 2e-4) & ((m["longitude"] - lon).abs() < 2e-4)]
    except ValueError:
        return m.iloc[0:0]
    return m[place_keys(m) == key].sort_values(["date_from", "event_id"])


def _place_codes(m: pd.DataFrame) -> pd.DataFrame:
    # numeric twins of select.place_key (geonameid, else coordinates in 1e-4 degrees): grouping on them is fast
    gid = pd.to_numeric(m["geonameid"], errors="coerce")
    has = gid.notna()
    return pd.DataFrame(
        {
            "_gid": gid.fillna(-1).astype("int64"),
            "_lat": (m["latitude"] * 1e4).round().where(~has, 0).astype("int64"),
            "_lon": (m["longitude"] * 1e4).round().where(~has, 0).astype("int64"),
        },
        index=m.index,
    )


SUMMARY_COLUMNS = ["place_key", "location", "admin1", "country_code", "latitude", "longitude", "events", "fatalities",
                   "max_fatalities", "main_type", "all_claims", "precision"]  # fmt: skip


def place_summary(events: pd.DataFrame | Selection) -> pd.DataFrame:
    """One row per place of the mappable events: key, name, coordinates, events, largest toll, main type, all-claims.

    Grouped on one integer per place (the geonameid, else the coordinates in 1e-4 degrees, as select.place_key)
    with bincounts: a year of 1,000,000 events takes ~0.6 s, where a pandas groupby took ~0.9 s. A Selection of an
    index is counted on the index's per-row codes instead (see _selection_summary): the same frame, faster."""
    if isinstance(events, Selection):
        return _selection_summary(events)
    cols = SUMMARY_COLUMNS
    # only the columns used: copying every column (excerpts included) of a big window costs more than the rest
    used = ["geonameid", "latitude", "longitude", "fatalities", "event_type", "claim_status", *cols[1:4]]
    used += ["geo_precision"] if "geo_precision" in events.columns else []
    located = events["latitude"].notna() & events["longitude"].notna()
    if not located.any():
        return pd.DataFrame(columns=cols)
    m = events[used] if located.all() else events.loc[located, used]
    c = _place_codes(m)
    gid, lat_code, lon_code = (c[k].to_numpy() for k in ("_gid", "_lat", "_lon"))
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
        max_fatalities=_group_extreme(np.maximum, f, group, n, -np.inf),
        main_type=np.asarray(type_names)[by_type.reshape(n, len(type_names)).argmax(axis=1)],
        all_claims=np.bincount(group, weights=unclaimed, minlength=n) == 0,
        precision=_precision(m, group),
    )
    # formatted from Python numbers: numpy scalars made this loop a third of the whole summary
    triples = zip(gid[first].tolist(), (lat_code[first] / 1e4).tolist(), (lon_code[first] / 1e4).tolist(), strict=True)
    out["place_key"] = [str(g) if g >= 0 else f"{la:.4f},{lo:.4f}" for g, la, lo in triples]
    return out.sort_values("place_key", ignore_index=True)[cols]


def _selection_summary(sel: Selection) -> pd.DataFrame:
    """place_summary(sel.frame()), from the index's PlaceCodes: one bincount over (place, type, claimed) codes
    gives the events, main types and claims of every place; the largest toll and the most precise code are
    reduced per place; names and coordinates come from one row per place (its first in the selection, or any
    row when all of the place's rows agree on them); keys are formatted and sorted once per index."""
    codes = sel.source.place_codes()
    n, n_types = codes.n, len(codes.type_names)
    pair = sel.take(codes.pair)
    if not len(pair):
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    counts = np.bincount(pair, minlength=(n + 1) * n_types * 2).reshape(n + 1, n_types * 2)[:n]
    claimed_by_type = counts[:, 1::2]
    by_type = counts[:, 0::2] + claimed_by_type
    events = by_type.sum(axis=1)
    by_key = codes.by_key()
    present = by_key[events[by_key] > 0]  # the places of the selection, in key order (as the summary is sorted)
    if not len(present):
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    prec = sel.take(codes.precision) if codes.precision is not None else None
    small = prec is not None and prec.dtype.kind == "i"  # place * 8 + code
    place = np.right_shift(prec, 3) if small else codes.place_of(pair)
    f = _filled(sel.take(codes.fatalities), 0.0)
    fatalities = np.bincount(place, weights=f, minlength=n + 1)[present]
    if len(f) and f.min() >= 0:  # only the positive tolls need reducing; a place without one has 0 as largest
        pos = f > 0
        largest = _group_extreme(np.maximum, f[pos], place[pos], n + 1, -np.inf)[present]
        largest[largest < 0] = 0.0
    else:
        largest = _group_extreme(np.maximum, f, place, n + 1, -np.inf)[present]
    if prec is None:
        precision = np.ones(len(present), dtype=int)
    elif small:  # the smallest code each place has
        seen = np.bincount(prec, minlength=(n + 1) * 8).reshape(n + 1, 8)[present] > 0
        precision = seen.argmax(axis=1).astype(int)
    else:
        precision = _group_extreme(np.minimum, _filled(prec, 1.0), place, n + 1, np.inf)[present].astype(int)
    rep = codes.first[present]
    odd = ~codes.uniform[present]
    if odd.any():  # places whose rows differ: the selection's first row of each stands for it, as in groupby
        rows = sel.take(None)
        wanted = np.zeros(n + 1, dtype=bool)
        wanted[present[odd]] = True
        at = np.flatnonzero(wanted[place])
        got, first = np.unique(place[at], return_index=True)
        firsts = np.empty(n + 1, dtype=np.int64)
        firsts[got] = rows[at[first]]
        rep[odd] = firsts[present[odd]]
    frame = sel.source.events
    keys = codes.key_array().take(present)
    if odd.any():  # keys from the rows that stand for them
        keys = np.asarray(keys, dtype=object)
        keys[odd] = key_strings(*key_parts(frame.iloc[rep[odd]]))
    data = {"place_key": keys} | {c: frame[c].array.take(rep) for c in ("location", "admin1", "country_code")}
    data |= {
        "latitude": frame["latitude"].to_numpy()[rep],
        "longitude": frame["longitude"].to_numpy()[rep],
        "events": events[present],
        "fatalities": fatalities.astype(int),
        "max_fatalities": largest,
        "main_type": codes.type_array().take(by_type[present].argmax(axis=1)),
        "all_claims": claimed_by_type[present].sum(axis=1) == events[present],
        "precision": precision,
    }
    return pd.DataFrame(data)


def _filled(values: np.ndarray, fill: float) -> np.ndarray:
    # as fillna(fill) on a float64 copy
    out = values.astype(np.float64, copy=True)
    out[np.isnan(out)] = fill
    return out


def _group_extreme(ufunc, values: np.ndarray, group: np.ndarray, n: int, start: float) -> np.ndarray:
    # the largest (np.maximum) or smallest (np.minimum) value per group 0..n-1, without a pandas groupby
    out = np.full(n, start, dtype=np.float64)
    ufunc.at(out, group, values)
    return out


def _precision(m: pd.DataFrame, group: np.ndarray) -> np.ndarray:
    # the most precise code among a place's events (1 town .. 4 country); 1 when the column is absent
    n = int(group.max()) + 1
    if "geo_precision" not in m.columns:
        return np.ones(n, dtype=int)
    p = pd.to_numeric(m["geo_precision"], errors="coerce").fillna(1).to_numpy(np.float64)
    return _group_extreme(np.minimum, p, group, n, np.inf).astype(int)


def is_area(precision) -> bool:
    """True for a place standing for a province (3) or a whole country (4): drawn as a hollow square."""
    return precision is not None and not pd.isna(precision) and int(precision) >= 3


def label_rows(summary: pd.DataFrame, selected_key: str | None = None) -> list[list]:
    """Per summary row (same order): [name, rank, area]. Rank 0 is labelled first: the selected place, then
    the busiest (events, then the largest toll), as staticmap ranks its labels."""
    if summary.empty:
        return []
    order = summary.assign(_sel=summary["place_key"] != selected_key).sort_values(
        ["_sel", "events", "max_fatalities", "location"], ascending=[True, False, False, True], kind="stable"
    )
    rank = {idx: i for i, idx in enumerate(order.index)}
    precision = summary["precision"] if "precision" in summary.columns else pd.Series(1, index=summary.index)
    return [
        [str(loc or ""), rank[idx], is_area(p)]
        for idx, loc, p in zip(summary.index, summary["location"], precision, strict=True)
    ]


def grid_cells(summary: pd.DataFrame, zoom: int, max_features: int = MAX_FEATURES) -> pd.DataFrame:
    """Places merged into square cells (about 64 px at `zoom`, doubled until at most max_features remain).
    One row per cell, the cell of the busiest place first: events, places, fatalities, max_fatalities, main_type
    and busiest (of its busiest place), all_claims, and the events-weighted mean latitude and longitude."""
    order = np.argsort(-summary["events"].to_numpy(), kind="stable")  # "first" below = the busiest place of a cell

    def col(name: str, dtype=None) -> np.ndarray:  # one column in that order (not the whole frame: its strings)
        return summary[name].to_numpy(dtype)[order]

    lat, lon = col("latitude", np.float64), col("longitude", np.float64)
    cell = 90.0 / 2 ** max(int(zoom), 0)
    while True:
        # row and column of the cell; 2**32 columns apart, so no two cells share a code
        code = np.floor(lat / cell).astype(np.int64) * (1 << 32) + np.floor(lon / cell).astype(np.int64)
        group, uniques = pd.factorize(code)  # numbered in order of first appearance: busiest cell first
        if len(uniques) <= max_features:
            break
        cell *= 2
    n = len(uniques)
    # the first row of each cell in that order (numbered in order of first appearance: first[k] of cell k)
    seen = np.maximum.accumulate(group)
    first = np.flatnonzero(np.concatenate([[True], group[1:] > seen[:-1]])) if len(group) else group
    events = col("events", np.float64)
    events_sum = np.bincount(group, weights=events, minlength=n)
    unclaimed = (~col("all_claims", bool)).astype(np.float64)
    firsts = order[first]
    return pd.DataFrame(
        {
            "events": events_sum.round().astype(np.int64),
            "places": np.bincount(group, minlength=n),
            "fatalities": np.bincount(group, weights=col("fatalities", np.float64), minlength=n)
            .round()
            .astype(np.int64),
            "max_fatalities": _group_extreme(np.maximum, col("max_fatalities", np.float64), group, n, -np.inf),
            "main_type": summary["main_type"].iloc[firsts].to_numpy(),
            "busiest": summary["location"].iloc[firsts].to_numpy(),
            "all_claims": np.bincount(group, weights=unclaimed, minlength=n) == 0,
            "latitude": np.bincount(group, weights=lat * events, minlength=n) / events_sum,
            "longitude": np.bincount(group, weights=lon * events, minlength=n) / events_sum,
        }
    )
