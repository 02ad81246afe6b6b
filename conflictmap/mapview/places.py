"""Places as the map draws them: labels ranked per place, area markers, and grid cells when there are too many places
to draw one by one. The place key and the per-place summary are conflictmap.store.places."""

from __future__ import annotations

import numpy as np
import pandas as pd

from conflictmap.store.places import group_extreme

MAX_FEATURES = 1500  # never send more points than this to the browser: beyond it places are merged into grid cells


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
            "max_fatalities": group_extreme(np.maximum, col("max_fatalities", np.float64), group, n, -np.inf),
            "main_type": summary["main_type"].iloc[firsts].to_numpy(),
            "busiest": summary["location"].iloc[firsts].to_numpy(),
            "all_claims": np.bincount(group, weights=unclaimed, minlength=n) == 0,
            "latitude": np.bincount(group, weights=lat * events, minlength=n) / events_sum,
            "longitude": np.bincount(group, weights=lon * events, minlength=n) / events_sum,
        }
    )
