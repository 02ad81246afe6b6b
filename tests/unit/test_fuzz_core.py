"""Property tests for the core parsers on hostile text: they return a sane value or a clear ValueError, never crash.

The CSV loader is fuzzed in test_fuzz_store.py.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conflictmap.events.counts import fatalities_in, parse_number
from conflictmap.events.dates import resolve_dates
from conflictmap.geo.names import fold, name_key
from conflictmap.ingest.decode import decode_article, decode_article_bytes

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Words the parsers look for, so generated text reaches past the first regex more often than random text would.
WORDS = [
    "killed", "dead", "at least", "dozens", "hundreds", "1,700", "0", "99999999999999999999", "-5", "Sunday", "last",
    "week", "on", "June", "31", "February", "2014", "0000", "9999", "ago", "days", "3", "yesterday", "said", "in",
    "Mosul", "Tal Afar", "al-", "ٱلموصل", "ﷺ", "İ", "ß", "ǅ", "\u0301", "\u200f", "\x00", "\r\n", ".", ",", "–",
]  # fmt: skip
phrase = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
any_text = st.one_of(st.text(max_size=200), phrase)
any_date = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@cache
def geocoder():
    from conflictmap.geo.gazetteer import OfflineGeocoder

    return OfflineGeocoder()


@FUZZ
@given(any_text, any_date)
def test_resolve_dates_gives_none_or_an_ordered_range(text, published):
    found = resolve_dates(text, published)
    if found is not None:
        date_from, date_to, words = found
        assert isinstance(date_from, date) and isinstance(date_to, date) and date_from <= date_to
        assert isinstance(words, str)


def check_count(exact: int | None, low: int | None, high: int | None) -> None:
    if exact is not None:  # a range keeps its best figure inside it ("10-15": best 10, low 10, high 15)
        assert exact >= 0 and (low is None or low <= exact) and (high is None or exact <= high)
    if low is not None and high is not None:
        assert 0 <= low <= high


@FUZZ
@given(any_text)
@example("KILLED 0-1")
@example("10-15 killed")
def test_fatalities_in_never_raises(text):
    check_count(*fatalities_in(text))


@FUZZ
@given(any_text)
@example("²")
def test_parse_number_never_raises(text):
    check_count(*parse_number(text))


@FUZZ
@given(any_text)
@example("0:_0")
@example("Ø")
def test_fold_is_idempotent(text):
    folded = fold(text)
    assert fold(folded) == folded


@FUZZ
@given(any_text)
def test_name_key_never_raises(text):
    key = name_key(text)
    assert isinstance(key, str) and key == key.strip()


@settings(max_examples=80, deadline=None)
@given(any_text)
def test_offline_geocoder_gives_none_or_a_real_location(query):
    loc = geocoder().geocode(query)
    if loc is not None:
        assert -90 <= loc.latitude <= 90 and -180 <= loc.longitude <= 180


@FUZZ
@given(st.binary(max_size=2000))
def test_decode_gives_text_or_a_value_error_naming_the_file(raw):
    try:
        text, note = decode_article(raw, "fuzz.txt", max_bytes=1500)
    except ValueError as exc:
        assert str(exc).startswith("fuzz.txt: ")
        return
    assert isinstance(text, str) and text.strip() and "\x00" not in text
    assert text == decode_article_bytes(raw, "fuzz.txt", max_bytes=1500)


@FUZZ
@given(st.text(max_size=200))
def test_decode_round_trips_utf8_text_exactly(text):
    try:
        assert decode_article_bytes(text.encode("utf-8"), "t.txt") == text
    except ValueError as exc:
        assert str(exc).startswith("t.txt: ")
