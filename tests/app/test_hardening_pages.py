"""Issue #18 on the pages: paths are not user input, Markdown is escaped, user-caused errors are plain messages."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.common
from tests.app.conftest import run_drawn_page, run_page
from tests.conftest import FIXTURES, ROOT

IMAGE = "![x](http://evil.example/x.png)"


def _all_text(at: AppTest) -> str:
    elements = [*at.markdown, *at.caption, *at.subheader, *at.warning, *at.error, *at.info, *at.success]
    parts = [e.value for e in elements if isinstance(getattr(e, "value", None), str)]
    parts += [p.proto.label for p in at.get("page_link")]
    return "\n".join(parts)


# --- item 1: settings naming files are chosen, not typed ----------------------------------------------------------


def test_settings_page_offers_only_events_files_of_the_data_folder(work):
    (work / "other.csv").write_bytes((FIXTURES / "events_small.csv").read_bytes())
    at = run_page("pages/settings.py")
    assert not at.exception, at.exception
    assert "set_events_path" not in [t.key for t in at.text_input if not t.proto.disabled]
    assert "set_articles_dir" not in [t.key for t in at.text_input if not t.proto.disabled]
    options = at.selectbox(key="set_events_path").options
    assert "other.csv" in options and "events.csv" in options
    assert not any(o.startswith("/") or ".." in o for o in options)


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../etc/passwd", "tests/fixtures/events_bad.csv"])
def test_a_session_cannot_point_the_pages_at_another_file(work, target):
    at = AppTest.from_file(str(ROOT / "pages/data_quality.py"), default_timeout=60)
    at.session_state["settings"] = {**ui.common.load_settings(), "events_path": target}
    at.run()
    assert not at.exception, at.exception
    assert at.subheader[0].value == "Rejected rows (0)"  # the operator's file was read, not the target
    assert "root:" not in _all_text(at)


def test_articles_dir_is_the_operators(work):
    at = AppTest.from_file(str(ROOT / "pages/sources.py"), default_timeout=60)
    at.session_state["settings"] = {**ui.common.load_settings(), "articles_dir": str(ROOT / "articles")}
    at.run()
    assert not at.exception, at.exception
    assert any("No articles yet" in i.value for i in at.info)  # the (empty) operator's folder, not the one asked for


# --- item 3: one sentence longer than Python's CSV field limit bricks no page --------------------------------------


@pytest.mark.parametrize("page", ["pages/map.py", "pages/events.py", "pages/data_quality.py"])
def test_an_excerpt_over_the_csv_field_limit_bricks_no_page(work, page):
    """Each of these pages showed a _csv.Error traceback to every user once one excerpt passed 131,072 characters."""
    from tests.unit.test_hardening import _events_with_long_excerpt

    _events_with_long_excerpt(work)  # over the work folder's events.csv
    at = run_page(page)
    assert not at.exception, at.exception
    assert not at.error and "field limit" not in _all_text(at)


# --- item 5: every text that reaches Markdown is escaped ----------------------------------------------------------


def test_place_heading_source_labels_and_link_warnings_are_escaped(work, monkeypatch):
    df = pd.read_csv(work / "events.csv", dtype=str, keep_default_na=False)
    tikrit = df.index[df["location"] == "Tikrit"][0]
    df.loc[tikrit, ["location", "admin1", "source_ids"]] = [f"Tikrit {IMAGE}", IMAGE, "doc-1"]
    df.to_csv(work / "events.csv", index=False)
    (work / "articles" / "doc-1.json").write_text(json.dumps({"title": IMAGE, "publisher": IMAGE}))
    at = run_page("dashboard.py", place="90150", type=IMAGE)
    assert not at.exception, at.exception
    text = _all_text(at)
    assert "Tikrit" in text and r"evil\.example" in text  # shown...
    assert not re.search(r"(?<!\\)!\[", text), text  # ...as text, never as an image


def test_export_caption_is_escaped(work):
    df = pd.read_csv(work / "events.csv", dtype=str, keep_default_na=False)
    df["event_type"] = IMAGE
    df.to_csv(work / "events.csv", index=False)
    at = run_drawn_page("dashboard.py", type=IMAGE)
    at.selectbox(key="export_format").set_value("geojson").run()
    at.button(key="export_go").click().run()
    assert not at.exception, at.exception
    captions = "\n".join(c.value for c in at.caption)
    assert r"evil\.example" in captions and not re.search(r"(?<!\\)!\[", captions), captions


# --- item 8: user-caused errors are plain messages ----------------------------------------------------------------


def test_infinite_zoom_in_the_link_is_ignored(work):
    at = run_page("dashboard.py", view="0,0,inf")
    assert not at.exception, at.exception
    assert any("0,0,inf" in w.value for w in at.warning)


def test_zero_upload_limit_is_a_plain_message(work, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_MAX_UPLOAD_MB", "0")
    at = run_page("pages/ingest.py")
    assert not at.exception, at.exception
    assert any("max\\_upload\\_mb" in e.value for e in at.error)


def test_session_upload_limit_of_zero_does_not_crash_ingest(work):
    at = AppTest.from_file(str(ROOT / "pages/ingest.py"), default_timeout=60)
    at.session_state["settings"] = {**ui.common.load_settings(), "max_upload_mb": 0}
    at.run()
    assert not at.exception, at.exception


def test_missing_events_file_message_has_no_server_path(work, monkeypatch, tmp_path):
    monkeypatch.setenv("CONFLICTMAP_EVENTS_PATH", str(tmp_path / "gone.csv"))
    at = run_page("pages/map.py")
    assert not at.exception
    assert "file not found" in at.error[0].value and str(tmp_path) not in at.error[0].value


def test_restoring_an_article_with_another_date_is_reported(work):
    at = run_page("pages/ingest.py", timeout=120)
    at.tabs  # noqa: B018 - both tabs are rendered; the paste box is filled directly
    at.text_area(key="ingest_text").set_value("Militants killed 5 civilians in Mosul on Sunday.")
    at.text_input(key="ingest_title").set_value("story")
    at.text_input(key="ingest_published").set_value("2014-06-15").run()
    at.button(key="ingest_go").click().run()
    assert not at.exception, at.exception
    at.text_input(key="ingest_published").set_value("2014-07-01").run()
    at.button(key="ingest_go").click().run()
    assert not at.exception, at.exception
    warned = " ".join(w.value for w in at.warning)
    assert "re\\-dated" in warned and "2014\\-06\\-15" in warned, warned
