"""Tables as the pages show them: dates as dates (2014-06-15, never 2014-06-15 00:00:00), still sortable."""

from __future__ import annotations

import pandas as pd
import streamlit as st


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
