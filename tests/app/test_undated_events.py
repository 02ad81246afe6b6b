"""An events file with an undated event (an article with no date anywhere): every page runs; Data quality lists it."""

from __future__ import annotations

import pytest

from tests.app.conftest import run_page
from tests.conftest import FIXTURES, ROOT

PAGES = ["pages/map.py", "pages/events.py", "pages/sources.py", "pages/data_quality.py", "dashboard.py"]


@pytest.fixture
def undated_env(monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(FIXTURES / "events_undated.csv"))
    monkeypatch.setenv("CONFLICTMAP_SETTINGS", str(ROOT / "tests" / "fixtures" / "no-settings.json"))
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("page", PAGES)
def test_pages_tolerate_an_undated_event(undated_env, page):
    at = run_page(page)
    assert not at.exception, at.exception


def test_data_quality_lists_the_undated_event(undated_env):
    at = run_page("pages/data_quality.py")
    assert any(h.value == "Events without a date (1)" for h in at.subheader)
    assert any("ev-undated" in set(df.value["event_id"]) for df in at.dataframe)
    assert any(h.value == "Rejected rows (0)" for h in at.subheader)


def test_map_shows_the_dated_events_only(undated_env):
    at = run_page("pages/map.py")
    assert at.caption[0].value.startswith("6 event(s) at 6 place(s)")


def test_an_undated_event_can_be_dated_through_the_corrections_log(undated_env, monkeypatch, tmp_path):
    """The Events page offers the Dates change for it (AppTest cannot type into an empty date field, so the
    save goes through the same calls the form makes)."""
    import shutil
    from datetime import date

    from conflictmap.events.corrections import apply_to_file, load_corrections, record_correction
    from conflictmap.store.csvfile import read_events

    events = tmp_path / "events.csv"
    shutil.copy(FIXTURES / "events_undated.csv", events)
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(events))
    at = run_page("pages/events.py", timeout=120)
    at.selectbox(key="cur_event").set_value("ev-undated").run()
    at.radio(key="cur_change").set_value("Dates").run()
    assert not at.exception, at.exception
    assert at.button(key="cur_save").disabled and "Set both dates." in [c.value for c in at.caption]
    log = tmp_path / "corrections.csv"
    record_correction(log, "ev-undated", "date_from", "2014-06-14", "ana", "dated from the wire report")
    record_correction(log, "ev-undated", "date_to", "2014-06-15", "ana", "dated from the wire report")
    apply_to_file(events, load_corrections(log))
    row = read_events(events).valid.set_index("event_id").loc["ev-undated"]
    assert (row["date_from"].date(), row["date_to"].date(), row["date_precision"]) == (
        date(2014, 6, 14), date(2014, 6, 15), "week"
    )  # fmt: skip
