"""Streamlit AppTest of the map page: URL state restored, layers, the town panel's marked and escaped excerpt."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conflictmap.store.index import MAP_COLUMNS, load_index
from conflictmap.store.selection import Selection
from tests.app.conftest import run_drawn_page, run_page
from tests.conftest import FIXTURES


def map_page(**query: str | list[str]) -> AppTest:
    """The dashboard (the map is its landing page, and the Sources page exists for links), opened at a URL: its
    first run only (the map, its slider and caption)."""
    return run_page("dashboard.py", **query)


def panel_html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_url_restores_window_filters_place_and_view(app_env):
    at = run_drawn_page(
        "dashboard.py",
        **{"from": "2014-06-10", "to": "2014-06-15", "type": ["Violence against civilians", "Battles"]},
        place="Tikrit",
        view="34.6,43.7,8",
    )
    assert not at.exception, at.exception
    assert [d.isoformat() for d in at.slider(key="window").value] == ["2014-06-10", "2014-06-15"]
    assert at.multiselect(key="types").value == ["Violence against civilians", "Battles"]
    assert at.subheader[0].value.startswith("Tikrit")
    assert at.query_params["view"] == "34.6000,43.7000,8"
    assert at.query_params["place"] == "90150"
    assert at.query_params["type"] == ["Violence against civilians", "Battles"]


def test_bad_url_values_are_reported_not_fatal(app_env):
    at = map_page(**{"from": "yesterday", "type": "Aliens"}, view="1000,2,3")
    assert not at.exception
    warning = at.warning[0].value
    # the link's values are shown md-escaped: they are text from the URL
    assert r"from\='yesterday'" in warning and r"type\='Aliens'" in warning and r"view\=" in warning


def test_panel_marks_place_and_figures_and_links_every_excerpt(app_env, monkeypatch, tmp_path):
    (tmp_path / "events.csv").write_bytes((FIXTURES / "events_small.csv").read_bytes())
    (tmp_path / "evidence.csv").write_text(
        "event_id,source_id,start,end,excerpt\n"
        'ev-b,doc-1,10,60,"The group said it had killed 1,700 recruits near the town."\n'
        'ev-b,doc-2,412,470,"Officials in Tikrit could not confirm the 1,700 figure."\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(tmp_path / "events.csv"))
    at = map_page(place="Tikrit")
    assert not at.exception, at.exception
    body = panel_html(at)
    assert body.count("<mark>1,700</mark>") == 2 and "<mark>Tikrit</mark>" in body  # the second excerpt too
    assert r"date precision\: week" in " ".join(m.value for m in at.markdown)  # markdown-escaped
    assert "claimed by ISIL" in " ".join(m.value for m in at.markdown)
    links = [(p.proto.page, p.proto.query_string) for p in at.get("page_link")]
    assert links == [("sources", "source=doc-1&at=10"), ("sources", "source=doc-2&at=412")]


@pytest.mark.parametrize("layers", [["Heatmap"], ["Governorates"], ["Markers", "Heatmap", "Governorates"], []])
def test_every_layer_combination_runs_and_lives_in_the_url(app_env, layers):
    at = map_page(layer=layers or ["none"])
    assert not at.exception, at.exception
    assert at.caption[0].value.startswith("6 event(s) at 6 place(s)")
    assert at.session_state["layers"] == layers
    value = at.query_params["layer"]  # AppTest gives a single value as a string
    assert (value if isinstance(value, list) else [value]) == (layers or ["none"])


def test_hostile_excerpt_is_escaped_in_the_panel(app_env, monkeypatch, tmp_path):
    payloads = [json.loads(line) for line in (FIXTURES / "hostile" / "payloads.jsonl").read_text().splitlines()]
    df = pd.read_csv(FIXTURES / "events_small.csv", dtype=str, keep_default_na=False)
    tikrit = df.index[df["location"] == "Tikrit"][0]
    df.loc[tikrit, "excerpt"] = " Tikrit 1,700 ".join(payloads[:8])
    path = tmp_path / "events.csv"
    df.to_csv(path, index=False)
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(path))
    at = map_page(place="Tikrit")
    body = panel_html(at)
    assert "<mark>Tikrit</mark>" in body and "<mark>1,700</mark>" in body
    for bad in ("<script", "<img", "<svg", "<iframe", "<a href", "<body"):
        assert bad not in body.lower()


def test_timeline_waits_for_the_first_rerun_then_is_drawn(app_env):
    at = map_page()
    assert not at.exception, at.exception
    assert not at.get("vega_lite_chart"), "the first run leaves the chart out so the map loads first"
    assert any("timeline, the filters and the export appear" in c.value for c in at.caption)
    at.run()  # in the browser, the map reporting its view triggers this rerun
    assert len(at.get("vega_lite_chart")) == 1


def test_the_first_run_sends_the_map_without_the_sidebar_and_the_export(app_env):
    """Each kind of widget makes the browser load its scripts: the first run sends the map, its slider and caption,
    and leaves the sidebar's widgets and the export panel to the run after the map has drawn."""
    at = map_page(type="Battles")
    assert not at.exception, at.exception
    assert [s.key for s in at.slider] == ["window"]  # no sidebar select sliders yet
    assert not at.multiselect and not at.selectbox and not at.button and not at.radio
    assert at.caption[0].value.startswith("2 event(s)")  # the filter from the link applies all the same
    at.run()  # in the browser, the map reporting its view triggers this rerun
    assert at.multiselect(key="types").value == ["Battles"]
    assert {s.key for s in at.select_slider} == {"step", "fps"} and at.radio(key="play_mode").value == "window"
    assert at.selectbox(key="export_format") and at.button(key="export_go")


def test_serve_warm_up_fills_the_cache_the_page_reads(app_env, monkeypatch):
    import ui.common as common
    from conflictmap.mapview import basemap

    loads = []
    real = common.load_index
    monkeypatch.setattr(common, "load_index", lambda path, **kw: loads.append(path) or real(path, **kw))
    common._load_map_index.clear()
    basemap.live_basemap_url.cache_clear()
    common.warm_up_code()
    assert basemap.live_basemap_url.cache_info().currsize == 1  # the live basemap file found and versioned once
    common.warm_up_events()
    assert len(loads) == 1  # the warm-up read the events file...
    at = map_page()
    assert not at.exception, at.exception
    assert len(loads) == 1  # ...and the page found it in the cache instead of reading it again


def test_a_window_change_resends_no_chart_only_the_shade_over_it(app_env):
    """The chart's message is byte-identical from one window to the next (Streamlit then sends the browser a
    reference to the copy it holds instead of the chart); the window is a small style shading the plot area."""
    import re

    def chart_and_shade(at):
        chart = at.get("vega_lite_chart")[0].proto.SerializeToString(deterministic=True)
        styles = [h.proto.body for h in at.get("html") if ".st-key-timeline::after" in h.proto.body]
        assert len(styles) == 1, styles
        left, width = re.search(r"left:calc\(48px \+ ([\d.]+) \*.*width:calc\(([\d.]+) \*", styles[0]).groups()
        return chart, (float(left), float(width))  # fractions of the plot area's width

    at = map_page(**{"from": "2014-06-10", "to": "2014-06-15"})
    at.run()
    chart_before, (left_before, width_before) = chart_and_shade(at)
    # the events span 2014-06-09 to 2014-06-17: nine days from the first day's midnight to the last day's end
    assert (round(left_before * 9, 4), round(width_before * 9, 4)) == (1, 6)  # 06-10 to the end of 06-15
    at.slider(key="window").set_value((date(2014, 6, 12), date(2014, 6, 13))).run()
    chart_after, (left_after, width_after) = chart_and_shade(at)
    assert chart_after == chart_before  # bars, deaths line, brush and their data untouched
    assert (round(left_after * 9, 4), round(width_after * 9, 4)) == (3, 2)
    at.multiselect(key="types").set_value(["Battles"]).run()
    assert chart_and_shade(at)[0] != chart_before  # another filter: the counts, so the chart, are rebuilt


def test_the_timeline_is_built_once_for_every_session(app_env, monkeypatch):
    """A new visitor's second run draws the timeline from the chart another session built (about a second of CPU
    at 10,000 events otherwise, spent while the visitor's map is still drawing); other filters build another."""
    import ui.timeline as timeline

    builds = []
    real = timeline.timeline_spec
    monkeypatch.setattr(timeline, "timeline_spec", lambda counts, span: builds.append(span) or real(counts, span))
    timeline._shared_spec.clear()
    first = map_page()
    first.run()
    second = map_page()
    second.run()
    assert not first.exception and not second.exception
    assert len(builds) == 1
    chart = [at.get("vega_lite_chart")[0].proto.SerializeToString(deterministic=True) for at in (first, second)]
    assert chart[0] == chart[1]
    second.multiselect(key="types").set_value(["Battles"]).run()
    assert len(builds) == 2


def test_the_map_page_loads_only_the_map_columns_and_reads_a_towns_excerpts_on_demand(app_env, monkeypatch):
    import ui.common as common
    from conflictmap.store.index import MAP_COLUMNS

    loads = []
    real = common.load_index
    monkeypatch.setattr(common, "load_index", lambda path, **kw: loads.append(kw) or real(path, **kw))
    common._load_map_index.clear()
    at = map_page(place="Tikrit")
    assert not at.exception, at.exception
    assert loads == [{"columns": MAP_COLUMNS, "sources": True}]  # no load of every column
    index = common._load_map_index(*at.session_state["_data_key"])
    assert "excerpt" not in index.events.columns and "source_ids" not in index.events.columns
    body = panel_html(at)
    assert "<blockquote class='cm-excerpt'>" in body and "<mark>" in body  # the excerpt, read for the town's rows
    assert "source(s)" in " ".join(c.value for c in at.caption)


def test_the_timeline_is_counted_on_the_index_without_a_frame(app_env, monkeypatch):
    """At ten million events, building the whole table's frame to count it per day took seconds."""
    import ui.timeline as timeline
    from conflictmap.store.index import EventIndex
    from conflictmap.store.select import daily_counts

    def no_frame(*_args, **_kw):
        raise AssertionError("the timeline built a frame of the index")

    expected = daily_counts(load_index(FIXTURES / "events_small.csv", columns=MAP_COLUMNS).query())
    counted = []
    monkeypatch.setattr(timeline, "daily_counts", lambda events: counted.append(daily_counts(events)) or counted[-1])
    monkeypatch.setattr(EventIndex, "query", no_frame)
    monkeypatch.setattr(Selection, "frame", no_frame)
    timeline._shared_spec.clear()
    at = map_page()
    at.run()
    assert not at.exception, at.exception
    assert len(at.get("vega_lite_chart")) == 1
    pd.testing.assert_frame_equal(counted[0], expected)


def test_the_timeline_rows_are_not_validated_one_by_one(monkeypatch):
    """Altair checks a chart's inline rows against the schema each time charts are layered or converted: six years
    of days and types took ~3 s. The rows are added to the spec once it is built."""
    import altair.utils.schemapi as schemapi

    from ui.timeline import timeline_spec

    checked = []
    real = schemapi.validate_jsonschema
    monkeypatch.setattr(
        schemapi, "validate_jsonschema", lambda spec, *a, **k: checked.append(json.dumps(spec)) or real(spec, *a, **k)
    )
    days = pd.date_range("2019-01-01", "2019-03-31").astype("datetime64[s]")
    counts = pd.DataFrame({"day": days, "event_type": "Battles", "events": range(1, len(days) + 1), "fatalities": 2})
    spec = timeline_spec(counts, (date(2019, 1, 1), date(2019, 3, 31)))
    data = [layer["data"].get("values") or spec["datasets"][layer["data"]["name"]] for layer in spec["layer"]]
    bars = [v for rows in data for v in rows if "events" in v]
    assert [b["events"] for b in bars] == counts["events"].tolist() and bars[-1]["day"] == "2019-03-31"
    assert checked and not any("2019-03-31" in c for c in checked)  # the chart was checked, not its rows
