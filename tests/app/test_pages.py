"""Streamlit AppTest: every page runs without exceptions; the date slider changes the selection."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.app.conftest import run_drawn_page, run_page
from tests.conftest import FIXTURES, ROOT

PAGES = ["pages/map.py", "pages/events.py", "pages/sources.py", "pages/ingest.py", "pages/data_quality.py",
         "pages/settings.py"]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_page_runs(app_env, page):
    at = run_page(page)
    assert not at.exception, at.exception


def test_dashboard_entry_point_runs(app_env):
    at = run_page("dashboard.py")
    assert not at.exception
    assert at.title[0].value == "Conflict Map"  # the map is the landing page
    assert "pages/ingest.py" in (ROOT / "dashboard.py").read_text()  # the Ingest page is listed


def test_slider_changes_selection(app_env):
    at = run_page("pages/map.py")
    assert at.caption[0].value.startswith("6 event(s) at 6 place(s)")
    lo, hi = at.slider[0].value
    at.slider[0].set_value((lo.replace(day=16), hi)).run()
    assert at.caption[0].value.startswith("1 event(s) at 1 place(s)")
    at.slider[0].set_value((lo, lo.replace(day=10))).run()
    assert at.caption[0].value.startswith("2 event(s) at 2 place(s)")


def test_type_filter_applies_to_map(app_env):
    at = run_drawn_page("pages/map.py")
    at.multiselect(key="types").set_value(["Battles"]).run()
    assert at.caption[0].value.startswith("2 event(s) at 2 place(s)")


def test_rejected_rows_are_announced_and_listed(app_env, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(FIXTURES / "events_bad.csv"))
    at = run_page("pages/map.py")
    assert any(r"6 row(s) of events\_bad\.csv were rejected" in w.value for w in at.warning)  # name md-escaped
    dq = run_page("pages/data_quality.py")
    assert dq.subheader[0].value == "Rejected rows (6)"
    assert len(dq.dataframe[0].value) == 6


def test_missing_events_file_is_a_clear_error(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(tmp_path / "nope.csv"))
    at = run_page("pages/map.py")
    assert not at.exception
    assert "file not found" in at.error[0].value


@pytest.mark.parametrize("page", ["pages/events.py", "pages/data_quality.py"])
def test_tables_show_dates_as_dates(app_env, page):
    """Every datetime column is a DateColumn (YYYY-MM-DD): never "2014-06-15 00:00:00"."""
    import json

    at = run_page(page, timeout=120)
    assert not at.exception, at.exception
    tables = [json.loads(d.proto.columns or "{}") for d in at.dataframe]
    dated = [cfg for t in tables for name, cfg in t.items() if name in ("event_date", "date_from", "date_to")]
    assert dated, tables
    assert all(cfg["type_config"] == {"type": "date", "format": "YYYY-MM-DD"} for cfg in dated)


def test_ingest_tables_show_dates_as_dates(work):
    """The Ingest page's new events and article reports: dates are DateColumns, an undated article says so."""
    import json

    at = run_page("pages/ingest.py", timeout=120)
    at.text_area(key="ingest_text").set_value("Militants killed 5 civilians in Mosul on Sunday, police said.")
    at.text_input(key="ingest_published").set_value("2014-06-15").run()
    at.button(key="ingest_go").click().run()
    assert not at.exception, at.exception
    tables = [json.loads(d.proto.columns or "{}") for d in at.dataframe]
    dated = {name for t in tables for name, cfg in t.items() if cfg.get("type_config", {}).get("type") == "date"}
    assert {"event_date", "date_from", "date_to", "published"} <= dated, tables
    assert all(
        cfg["type_config"] == {"type": "date", "format": "YYYY-MM-DD"}
        for t in tables
        for name, cfg in t.items()
        if name in dated
    )
    events = next(d.value for d in at.dataframe if "date_from" in d.value.columns)
    assert len(events) and pd.api.types.is_datetime64_any_dtype(events["date_from"])
    assert events["date_from"].between("2014-06-08", "2014-06-15").all()  # "on Sunday", published 2014-06-15
