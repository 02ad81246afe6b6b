"""AppTest runs of the curation and reading pages: Events (filters + correction form), Sources, Ingest, Data quality."""

from __future__ import annotations

import json
import shutil

from streamlit.testing.v1 import AppTest

from conflictmap.events.corrections import load_corrections, record_correction
from conflictmap.store.csvfile import read_events
from tests.app.conftest import run_page
from tests.conftest import FIXTURES, ROOT

ARTICLE = "000_2489c82c48a97504"


def run(page: str, **params) -> AppTest:
    return run_page(page, timeout=120, **params)


def test_filters_narrow_the_table_and_are_shared_with_the_map(work):
    at = run("pages/events.py")
    at.multiselect(key="events_types").set_value(["Battles"]).run()
    at.multiselect(key="events_actors").set_value(["Tribal fighters"]).run()
    assert len(at.dataframe[0].value) == 1
    assert at.session_state["filter_types"] == ["Battles"] and at.session_state["filter_actors"] == ["Tribal fighters"]
    at.multiselect(key="events_geo_precisions").set_value([4]).run()
    assert len(at.dataframe[0].value) == 0


def change_type(at: AppTest, event_id: str, new_type: str, why: str) -> AppTest:
    at.selectbox(key="cur_event").set_value(event_id).run()
    at.radio(key="cur_change").set_value("Type").run()
    at.selectbox(key=f"cur_{event_id}_type").set_value(new_type).run()
    at.text_input(key="cur_who").set_value("ana").run()
    at.text_area(key="cur_why").set_value(why).run()
    return at.button(key="cur_save").click().run()


def test_type_correction_is_logged_and_written_to_the_events_file(work):
    at = change_type(run("pages/events.py"), "ev-b", "Riots", "<script>alert(1)</script> second source")
    assert not at.exception, at.exception
    assert at.success[0].value == "Saved event_type of ev\\-b."  # markdown-escaped id
    (c,) = load_corrections(work / "corrections.csv")
    assert (c.event_id, c.field, c.value, c.who) == ("ev-b", "event_type", "Riots", "ana")
    rows = read_events(work / "events.csv").valid.set_index("event_id")
    assert rows.loc["ev-b", "event_type"] == "Riots" and rows.loc["ev-a", "event_type"] == "Strategic developments"
    assert "Riots" in set(at.dataframe[0].value["event_type"])  # the table was reloaded, not served from cache


def test_correction_without_why_is_refused(work):
    at = change_type(run("pages/events.py"), "ev-b", "Riots", "")
    assert "why is empty" in at.error[0].value
    assert not (work / "corrections.csv").exists()
    assert read_events(work / "events.csv").valid.set_index("event_id").loc["ev-b", "event_type"] != "Riots"


def test_rejecting_an_event_removes_it_and_keeps_the_log(work):
    at = run("pages/events.py")
    at.selectbox(key="cur_event").set_value("ev-a").run()
    at.radio(key="cur_change").set_value("Reject").run()
    at.text_input(key="cur_who").set_value("ana").run()
    at.text_area(key="cur_why").set_value("duplicate of another report").run()
    at.button(key="cur_save").click().run()
    assert "ev-a" not in set(read_events(work / "events.csv").valid["event_id"])
    assert [c.field for c in load_corrections(work / "corrections.csv")] == ["status"]
    dq = run("pages/data_quality.py")
    assert any(s.value == "Corrections that no longer apply (0)" for s in dq.subheader)


def test_place_correction_uses_a_gazetteer_candidate(work):
    at = run("pages/events.py")
    at.selectbox(key="cur_event").set_value("ev-a").run()
    at.radio(key="cur_change").set_value("Place").run()
    at.text_input(key="cur_ev-a_name").set_value("Tikrit").run()
    cand = at.selectbox(key="cur_ev-a_cand")
    assert cand.value.name.startswith("Tikr")
    at.text_input(key="cur_who").set_value("ana").run()
    at.text_area(key="cur_why").set_value("wrong town").run()
    at.button(key="cur_save").click().run()
    row = read_events(work / "events.csv").valid.set_index("event_id").loc["ev-a"]
    assert (round(row["latitude"], 3), int(row["geonameid"]), row["geo_confidence"]) == (34.616, 90150, 1.0)


def test_data_quality_lists_stale_corrections_and_country_level_events(work):
    record_correction(work / "corrections.csv", "ev-gone", "fatalities", "3", "ana", "old article")
    dq = run("pages/data_quality.py")
    assert not dq.exception, dq.exception
    heads = [s.value for s in dq.subheader]
    assert "Corrections that no longer apply (1)" in heads
    assert any(h.startswith("Placed at country level (geo precision 4)") for h in heads)
    assert any(h.startswith("Low-confidence places") for h in heads)


def test_sources_page_escapes_the_article_and_marks_the_excerpt(work):
    hostile = [json.loads(x) for x in (FIXTURES / "hostile" / "payloads.jsonl").read_text().splitlines()]
    # a NUL byte makes a file binary to ingest, so the reader refuses it the same way (tested below)
    hostile = [h.replace("\x00", "") for h in hostile]
    text = "Militants attacked Mosul on Monday.\n\n" + "\n".join(hostile) + "\n\nComments (3)\n<img src=x onerror=1>"
    (work / "articles" / "evil.txt").write_text(text, encoding="utf-8")
    (work / "articles" / "evil.json").write_text(json.dumps({"title": "<b>hi</b>", "published": "2014-06-10"}))
    at = run("pages/sources.py", source="evil", at="5")
    assert not at.exception, at.exception
    body = at.get("html")[0].proto.body
    assert "<script" not in body.lower() and "<img" not in body.lower() and "onerror=1>" not in body
    assert "id='cm-at'>Militants attacked" in body and "href='./?place=" in body
    assert "class='cm-skip'>Comments (3)" in body
    assert at.subheader[0].value == "\\<b\\>hi\\</b\\>"  # the sidecar's title is shown as text


def test_sources_page_refuses_a_binary_article(work):
    (work / "articles" / "bin.txt").write_bytes(b"abc\x00def")
    at = run("pages/sources.py", source="bin")
    assert not at.exception and "NUL" in at.error[0].value or "binary" in at.error[0].value


def test_sources_page_lists_the_events_of_the_article(app_env, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(ROOT / "events.csv"))
    at = run("pages/sources.py", source=ARTICLE)
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["event_id"]) <= set(read_events(ROOT / "events.csv").valid["event_id"])


def test_ingest_stores_a_pasted_article_and_reapplies_corrections(work):
    shutil.copy(ROOT / "articles" / f"{ARTICLE}.txt", work / "articles")
    shutil.copy(ROOT / "articles" / f"{ARTICLE}.json", work / "articles")
    kept = read_events(ROOT / "events.csv").valid
    eid = kept[kept["source_ids"] == ARTICLE]["event_id"].iloc[0]
    record_correction(work / "corrections.csv", eid, "fatalities", "77", "ana", "count from a later report")
    at = run("pages/ingest.py")
    at.text_area(key="ingest_text").set_value("Gunmen killed 4 people in Kirkuk on Monday, police said.").run()
    at.text_input(key="ingest_title").set_value("../../etc/passwd").run()
    at.text_input(key="ingest_published").set_value("2014-06-20").run()
    at.button(key="ingest_go").click().run()
    assert not at.exception, at.exception
    stored = sorted(p.name for p in (work / "articles").iterdir())
    new = [n for n in stored if not n.startswith(ARTICLE)]
    assert len(new) == 2 and all(n.split(".")[0].endswith("_etc-passwd") for n in new)
    assert json.loads((work / "articles" / new[0].replace(".txt", ".json")).read_text())["published"] == "2014-06-20"
    events = read_events(work / "events.csv").valid.set_index("event_id")
    assert events.loc[eid, "fatalities"] == 77
    assert "Kirkuk" in set(events["location"])
    assert any(h.value.startswith("New events") for h in at.subheader)


def test_ingest_refuses_a_bad_date_and_stores_nothing(work):
    at = run("pages/ingest.py")
    at.text_area(key="ingest_text").set_value("Gunmen killed 4 people in Kirkuk.").run()
    at.text_input(key="ingest_published").set_value("20/06/2014").run()
    at.button(key="ingest_go").click().run()
    assert "is not YYYY\\-MM\\-DD" in at.error[0].value  # markdown-escaped
    assert list((work / "articles").iterdir()) == []


def test_find_a_place_online_uses_the_chain_behind_the_setting(work, monkeypatch):
    """With online_geocoder on, a name the gazetteer lacks can be asked online (geopy mocked: no network); the
    service's User-Agent, timeout and rate limit come from the settings and the answer is cached on disk."""
    import geopy.geocoders
    from geopy.location import Location
    from geopy.point import Point

    import conflictmap.geo.gazetteer as gazetteer

    asked = []

    def fake_geocode(self, query, **kw):
        asked.append((query, self.headers.get("User-Agent"), self.timeout))
        return Location("Qayyarah Airfield West, Nineveh, Iraq", Point(35.77, 43.12), {"source": "mock"})

    monkeypatch.setattr(geopy.geocoders.Nominatim, "geocode", fake_geocode)
    monkeypatch.setattr(gazetteer, "PROJECT_ROOT", work)  # the answer cache goes to .cache/ of the test's folder
    monkeypatch.setenv("CONFLICTMAP_ONLINE_GEOCODER", "nominatim")
    monkeypatch.setenv("CONFLICTMAP_GEOCODER_MIN_DELAY", "0")
    monkeypatch.setenv("CONFLICTMAP_GEOCODER_TIMEOUT", "2.5")
    at = run("pages/events.py")
    at.selectbox(key="cur_event").set_value("ev-a").run()
    at.radio(key="cur_change").set_value("Place").run()
    at.text_input(key="cur_ev-a_name").set_value("Qayyarah Airfield West").run()
    at.button(key="cur_ev-a_online_go").click().run()
    assert not at.exception, at.exception
    assert asked == [("Qayyarah Airfield West", "conflictmap (open-source conflict mapping)", 2.5)]
    cand = at.selectbox(key="cur_ev-a_cand")
    assert isinstance(cand.value, dict) and cand.value["lat"] == 35.77
    assert "Qayyarah" in (work / ".cache" / "geocode-nominatim.json").read_text()
    at.text_input(key="cur_who").set_value("ana").run()
    at.text_area(key="cur_why").set_value("airfield, not the town").run()
    at.button(key="cur_save").click().run()
    row = read_events(work / "events.csv").valid.set_index("event_id").loc["ev-a"]
    assert (row["latitude"], row["longitude"], row["location"]) == (35.77, 43.12, "Qayyarah Airfield West")


def test_find_online_is_absent_while_the_setting_is_off(work):
    at = run("pages/events.py")
    at.selectbox(key="cur_event").set_value("ev-a").run()
    at.radio(key="cur_change").set_value("Place").run()
    at.text_input(key="cur_ev-a_name").set_value("Qayyarah Airfield West").run()
    assert not [b for b in at.button if b.key == "cur_ev-a_online_go"]
