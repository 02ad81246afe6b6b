"""The Events, Sources and Data quality pages work on the map's index: no page loads every column of every row, and
the text columns (excerpts, summaries) are read only for the rows a page shows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ui.common as common
from conflictmap.store.index import MAP_COLUMNS, EventIndex, load_index
from conflictmap.store.table import filter_table
from tests.app.conftest import run_page
from tests.conftest import ROOT

TEXT = {"excerpt", "summary"}


@pytest.fixture
def spied(monkeypatch):
    """Index loads (their arguments) and row reads (positions, columns) the pages make; two rows a table page."""
    got = {"loads": [], "rows": []}
    real_load, real_rows = common.load_index, EventIndex.rows

    def rows(self, positions, columns=None):
        got["rows"].append((sorted(np.asarray(positions).reshape(-1).tolist()), columns))
        return real_rows(self, positions, columns)

    monkeypatch.setattr(common, "load_index", lambda path, **kw: got["loads"].append(kw) or real_load(path, **kw))
    monkeypatch.setattr(EventIndex, "rows", rows)
    monkeypatch.setattr("ui.tables.PAGE_ROWS", 2, raising=False)
    common._load_map_index.clear()
    yield got
    common._load_map_index.clear()


def text_reads(got) -> list[list[int]]:
    """The positions of every read that took a text column (or every column)."""
    return [pos for pos, cols in got["rows"] if cols is None or TEXT & set(cols)]


def test_the_events_table_reads_the_rows_of_the_page_shown(app_env, small_events, spied):
    old = load_index(small_events).events  # every column, as the page loaded it before
    at = run_page("pages/events.py", timeout=120)
    assert not at.exception, at.exception
    assert spied["loads"] == [{"columns": MAP_COLUMNS, "sources": True}]  # the map's index, no load of every column
    assert at.dataframe[0].value["event_id"].tolist() == old["event_id"].tolist()[:2]
    assert text_reads(spied) and all(pos == [0, 1] for pos in text_reads(spied))
    assert "6 of 6 event(s)" in " ".join(c.value for c in at.caption)

    spied["rows"].clear()
    at.number_input(key="events_page").set_value(2).run()
    assert at.dataframe[0].value["event_id"].tolist() == old["event_id"].tolist()[2:4]
    assert all(pos == [2, 3] for pos in text_reads(spied))

    at.text_input(key="events_text").set_value("killed").run()  # searches excerpts: read to filter, not kept
    expected = filter_table(old, text="killed")["event_id"].tolist()
    assert 0 < len(expected) and f"{len(expected)} of 6 event(s)" in " ".join(c.value for c in at.caption)
    assert at.dataframe[0].value["event_id"].tolist() == expected[:2]


def test_data_quality_reads_the_rows_it_lists(app_env, spied):
    at = run_page("pages/data_quality.py", timeout=120)
    assert not at.exception, at.exception
    assert spied["loads"] == [{"columns": MAP_COLUMNS, "sources": True}]
    heads = {s.value.rsplit(" (", 1)[0]: int(s.value.rsplit("(", 1)[1].rstrip(")")) for s in at.subheader}
    listed = sum(min(n, 2) for h, n in heads.items() if h not in ("Rejected rows", "Corrections that no longer apply"))
    assert sum(len(p) for p in text_reads(spied)) == listed  # the rows of the sections' pages, nothing else


def test_the_sources_page_reads_only_the_cited_events(app_env, monkeypatch, spied):
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(ROOT / "events.csv"))
    at = run_page("pages/sources.py", timeout=120, source="000_2489c82c48a97504")
    assert not at.exception, at.exception
    assert spied["loads"] == [{"columns": MAP_COLUMNS, "sources": True}]
    cited = len(at.dataframe[0].value)
    assert cited > 0 and text_reads(spied) == []  # the excerpts shown are the evidence file's
    assert (
        sum(len(p) for p, cols in spied["rows"] if cols != ["event_id"]) == at.dataframe[0].value["event_id"].nunique()
    )


def test_too_many_sources_to_list_are_typed(work, monkeypatch):
    monkeypatch.setattr("ui.tables.MAX_LISTED", 1, raising=False)  # the fixture cites two sources
    at = run_page("pages/events.py", timeout=120)
    assert not at.exception, at.exception
    assert not [m for m in at.multiselect if m.key == "events_sources"]
    at.text_input(key="events_sources_typed").set_value(" doc-2 ; nothing").run()
    old = filter_table(load_index(work / "events.csv").events, source_ids=["doc-2", "nothing"])["event_id"].tolist()
    assert 0 < len(old) < 6 and at.dataframe[0].value["event_id"].tolist() == old
    assert at.session_state["filter_sources"] == ["doc-2", "nothing"]  # the list the map reads


def test_data_quality_finds_events_without_a_place_on_the_index(work):
    events = work / "events.csv"
    df = pd.read_csv(events, dtype=str, keep_default_na=False)
    df.loc[df["event_id"] == "ev-c", "location"] = "   "  # a blank name: not placed, though it has coordinates
    df.loc[df["event_id"] == "ev-d", ["latitude", "longitude"]] = ""
    df.to_csv(events, index=False)
    old = load_index(events).events  # every column, as the page loaded it before
    unplaced = old[old["latitude"].isna() | old["longitude"].isna() | (old["location"].str.strip() == "")]
    at = run_page("pages/data_quality.py", timeout=120)
    assert not at.exception, at.exception
    assert sorted(unplaced["event_id"]) == ["ev-c", "ev-d"]
    assert "Events without a place (2)" in [s.value for s in at.subheader]
    assert sorted(at.dataframe[0].value["event_id"]) == ["ev-c", "ev-d"]


def test_the_sources_page_reads_the_evidence_of_its_article_only(app_env, monkeypatch):
    from conflictmap.store import evidence as ev
    from conflictmap.store.csvfile import read_evidence

    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(ROOT / "events.csv"))
    sid = "000_2489c82c48a97504"
    whole = read_evidence(ROOT / "evidence.csv")
    ev.evidence_rows(ROOT / "evidence.csv", [sid])  # the segments built beforehand
    common.clear_caches()  # no rows cached by an earlier test
    read, real_read_rows = [], ev.read_rows
    monkeypatch.setattr(
        ev, "read_rows", lambda pf, local, cols: read.append(list(local)) or real_read_rows(pf, local, cols)
    )
    monkeypatch.setattr(ev, "read_evidence", lambda p: pytest.fail("the whole evidence file parsed"))
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: pytest.fail("a CSV parsed"))
    at = run_page("pages/sources.py", timeout=120, source=sid)
    assert not at.exception, at.exception
    mine = whole.index[whole["source_id"] == sid].tolist()
    assert 0 < len(mine) < len(whole) and read == [mine]
    assert at.dataframe[0].value["start"].tolist() == whole.loc[mine].dropna(subset=["start"])["start"].tolist()


def test_the_events_page_loads_the_gazetteer_only_for_a_place_correction(app_env, monkeypatch):
    import ui.curation as curation
    from conflictmap.geo import gazetteer

    loaded = []
    real = gazetteer.OfflineGeocoder.__init__
    monkeypatch.setattr(
        gazetteer.OfflineGeocoder, "__init__", lambda self, *a, **k: loaded.append(1) or real(self, *a, **k)
    )
    curation._geocoder.clear()
    at = run_page("pages/events.py", timeout=120)
    assert not at.exception, at.exception
    assert loaded == [] and at.radio(key="cur_change").value is None  # ~200 MB not held for a visit to the table
    at.radio(key="cur_change").set_value("Place").run()
    assert not at.exception, at.exception
    assert loaded == [1] and at.selectbox(key=f"cur_{at.selectbox(key='cur_event').value}_cand").options
    curation._geocoder.clear()
