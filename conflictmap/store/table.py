"""Pure filters of the Events table: type, actor, claim status, geo precision, source and free text."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

SEARCH_COLUMNS = ("location", "actor1", "actor2", "event_type", "sub_event_type", "excerpt", "summary", "event_id")


def actors(df: pd.DataFrame) -> list[str]:
    """Every actor named as actor1 or actor2, sorted."""
    return sorted({a for col in ("actor1", "actor2") for a in df[col] if a})


def sources(df: pd.DataFrame) -> list[str]:
    """Every source id cited by the events, sorted."""
    return sorted({s for ids in df["source_ids"] for s in str(ids).split(";") if s})


def _any_of(series: pd.Series, wanted: Iterable) -> pd.Series:
    return series.isin(list(wanted))


def filter_table(
    df: pd.DataFrame,
    types: Iterable[str] = (),
    actor_names: Iterable[str] = (),
    claims: Iterable[str] = (),
    precisions: Iterable[int] = (),
    source_ids: Iterable[str] = (),
    text: str = "",
) -> pd.DataFrame:
    """Rows matching every non-empty filter (any of the values within one filter); text is a substring search."""
    mask = pd.Series(True, index=df.index)
    types, actor_names, claims = list(types), list(actor_names), list(claims)
    precisions, source_ids = [int(p) for p in precisions], set(source_ids)
    if types:
        mask &= _any_of(df["event_type"], types)
    if actor_names:
        mask &= _any_of(df["actor1"], actor_names) | _any_of(df["actor2"], actor_names)
    if claims:
        mask &= _any_of(df["claim_status"], claims)
    if precisions:
        mask &= df["geo_precision"].isin(precisions).fillna(False).astype(bool)
    if source_ids:
        mask &= df["source_ids"].map(lambda ids: bool(source_ids & set(str(ids).split(";"))))
    if text.strip():
        hay = df[list(SEARCH_COLUMNS)].astype(str).agg(" ".join, axis=1)
        mask &= hay.str.contains(text.strip(), case=False, regex=False)
    return df[mask]
