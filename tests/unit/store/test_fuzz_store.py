"""Property tests: the loader never raises anything but StoreError, and never loses a row."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmap.mapview.viewstate import parse_query, to_query
from conflictmap.model import EVENT_COLUMNS, Event
from conflictmap.store.csvfile import StoreError, read_events, write_events

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.lists(st.lists(cell, min_size=0, max_size=len(EVENT_COLUMNS) + 2), max_size=8))
def test_loader_sorts_every_row_into_valid_or_rejected(tmp_path, rows):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(EVENT_COLUMNS)
    for r in rows:
        w.writerow(r)
    p = tmp_path / "fuzz.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    try:
        res = read_events(p)
    except StoreError:
        return
    n_data = sum(1 for r in csv.reader(io.StringIO(buf.getvalue())) if r) - 1
    assert len(res.valid) + len(res.rejected) == n_data
    assert all(str(x).strip() for x in res.rejected["reason"])


@FUZZ
@given(st.binary(max_size=300))
def test_loader_on_arbitrary_bytes_only_raises_store_error(tmp_path, data):
    p = tmp_path / "bytes.csv"
    p.write_bytes(data)
    try:
        read_events(p)
    except StoreError:
        pass


text_field = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@FUZZ
@given(location=text_field, excerpt=st.text(max_size=80).filter(lambda s: "\x00" not in s), fat=st.integers(0, 10**6))
def test_write_then_read_round_trips_text(tmp_path, location, excerpt, fat):
    ev = Event(event_id="e1", event_date="2014-06-15", location=location, excerpt=excerpt,
               latitude=33.3, longitude=44.4, fatalities=fat)  # fmt: skip
    path = tmp_path / "events.csv"
    write_events([ev], path)
    row = read_events(path).valid.iloc[0]
    assert row["location"] == location
    assert row["excerpt"].replace("\r\n", "\n").replace("\r", "\n") == excerpt.replace("\r\n", "\n").replace("\r", "\n")
    assert row["fatalities"] == fat


@FUZZ
@given(st.dictionaries(st.sampled_from(["from", "to", "type", "claim", "place", "view", "x"]), st.text(max_size=20)))
def test_url_parser_never_raises_and_round_trips(params):
    state = parse_query(params, known_types=["Battles"])
    again = parse_query(to_query(state), known_types=["Battles"])
    assert (again.start, again.end, again.types, again.claims, again.view) == (
        state.start, state.end, state.types, state.claims, state.view,
    )  # fmt: skip
