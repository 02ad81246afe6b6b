"""One way to write an event's dates and figures (store/describe.py), table by table."""

from datetime import date

import pandas as pd
import pytest

from conflictmap.store.describe import count_figure, date_span, day_text, fatalities_text, figures_text

NA = float("nan")


@pytest.mark.parametrize(
    ("exact", "low", "high", "text"),
    [
        (12, 12, 12, "12"), (12, 10, 15, "12 (10-15)"), (None, 10, 15, "10-15"), (1700, None, None, "1,700"),
        (NA, NA, NA, ""), (None, None, None, ""), (pd.NA, 5, 5, ""), (0, 0, 0, "0"),
    ],
)  # fmt: skip
def test_count_figure(exact, low, high, text):
    assert count_figure(exact, low, high) == text


@pytest.mark.parametrize(
    ("row", "text"),
    [
        ({"fatalities": 12, "fatalities_low": 10, "fatalities_high": 15}, "12 killed (10-15)"),
        ({"fatalities": None, "fatalities_low": 10, "fatalities_high": 15}, "10-15 killed"),
        ({"fatalities": 3}, "3 killed"),
        ({}, ""),
    ],
)
def test_fatalities_text(row, text):
    assert fatalities_text(row) == text


def test_figures_text_adds_the_displaced():
    assert figures_text({"fatalities": 2, "displaced": 3000}) == "2 killed, 3,000 displaced"
    assert figures_text({"displaced": 500}) == "500 displaced"


@pytest.mark.parametrize(
    ("a", "b", "text"),
    [
        (pd.Timestamp("2014-06-10"), pd.Timestamp("2014-06-10"), "2014-06-10"),
        (pd.Timestamp("2014-06-10 13:00"), pd.Timestamp("2014-06-12"), "2014-06-10 to 2014-06-12"),
        (date(2014, 6, 10), None, "2014-06-10"), ("2014-06-10", "2014-06-11", "2014-06-10 to 2014-06-11"),
        (pd.NaT, pd.NaT, ""),
    ],
)  # fmt: skip
def test_date_span(a, b, text):
    assert date_span(a, b) == text
    assert day_text(None) == ""
