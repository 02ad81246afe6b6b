"""Pathological articles on the pages (issue #18 item 4): the Ingest page says what was quarantined, and the Sources
page shows a bounded part of a huge article."""

from conflictmap.ingest import bounded
from tests.app.conftest import run_page
from tests.unit.ingest.test_pathological import town_list_article


def test_the_ingest_page_quarantines_an_article_naming_too_many_places(work, monkeypatch):
    monkeypatch.setattr(bounded, "MAX_PLACES_PER_PIECE", 50)
    for attempt in ("quarantined, no events read", "skipped: quarantined"):
        at = run_page("pages/ingest.py", timeout=180)
        at.text_area(key="ingest_text").set_value(town_list_article(400))
        at.text_input(key="ingest_title").set_value("list")
        at.text_input(key="ingest_published").set_value("2014-06-15").run()
        at.button(key="ingest_go").click().run()
        assert not at.exception, at.exception
        warned = " ".join(w.value for w in at.warning)
        assert "quarantined" in warned and "more than 50 places" in warned, warned
        assert (work / "quarantine.json").exists()
        reports = at.dataframe[-1].value  # every article's report
        assert attempt in " ".join(reports["skipped or rejected"])


def test_the_sources_page_shows_a_window_of_a_huge_article(work):
    text = "Militants attacked a checkpoint in Mosul on Monday, police said. " * 16_000  # over 1 MB
    (work / "articles" / "huge.txt").write_text(text, encoding="utf-8")
    at = run_page("pages/sources.py", timeout=300)
    assert not at.exception, at.exception
    shown = " ".join(c.value for c in at.caption)
    assert f"characters 0 to 200,000 of {len(text):,}" in shown, shown
