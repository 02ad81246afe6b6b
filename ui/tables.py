"""Tables as the pages show them: dates as dates (2014-06-15, never 2014-06-15 00:00:00), still sortable; a big
table a page at a time, its rows read from the index for the page shown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

PAGE_ROWS = 1000  # rows of a table sent at once: the rest are read from the index when their page is picked
MAX_LISTED = 5000  # options of a filter listed at most (the Events page's sources: more are typed instead)


def date_column_config(df: pd.DataFrame) -> dict:
    """A DateColumn (YYYY-MM-DD) for every datetime column of df: shown as a day, sorted as a date."""
    return {
        c: st.column_config.DateColumn(c, format="YYYY-MM-DD")
        for c in df.columns
        if pd.api.types.is_datetime64_any_dtype(df[c])
    }


def show_table(df: pd.DataFrame, **kwargs):
    """st.dataframe (cells shown as text, so source text cannot inject markup) with dates shown as dates."""
    config = date_column_config(df) | kwargs.pop("column_config", {})
    return st.dataframe(df, hide_index=True, width="stretch", column_config=config, **kwargs)


def page_of(n: int, key: str, of=None) -> slice:
    """Which rows of n to show: all when they fit one page, else the page picked in a number input (kept in the
    session under `key`; back to the first when `of`, what the rows are, e.g. the filters, changed)."""
    ss = st.session_state
    if ss.get(f"{key}_of", of) != of:
        ss.pop(key, None)
    ss[f"{key}_of"] = of
    if n <= PAGE_ROWS:
        return slice(0, n)
    pages = -(-n // PAGE_ROWS)
    if not isinstance(ss.get(key), int) or not 1 <= ss[key] <= pages:
        ss[key] = min(max(ss.get(key) if isinstance(ss.get(key), int) else 1, 1), pages)
    page = st.number_input("Page", 1, pages, step=1, key=key)
    lo = (int(page) - 1) * PAGE_ROWS
    st.caption(f"Page {page:,} of {pages:,}: rows {lo + 1:,} to {min(lo + PAGE_ROWS, n):,} of {n:,} (sorting a column "
               "sorts this page).")  # fmt: skip
    return slice(lo, min(lo + PAGE_ROWS, n))


def index_page(index, positions: np.ndarray, columns, key: str, of=None) -> pd.DataFrame:
    """The given columns of the page of these rows that is shown (page_of), read from the index for those rows only."""
    picked = np.asarray(positions)[page_of(len(positions), key, of)].astype(np.int64)
    return index.rows(picked, list(columns))[list(columns)] if len(picked) else index.rows_frame_empty(list(columns))
