"""Article reader HTML (escaping, boilerplate, excerpt mark), safe article storage, and the Events table filters."""

from __future__ import annotations

import json
import re

import pytest

from conflictmap.ingest.intake import safe_article_id, save_article, save_upload
from conflictmap.mapview.article_view import article_html, excerpt_span
from conflictmap.model import Place, Toponym
from conflictmap.store.csvfile import read_events
from conflictmap.store.table import filter_table
from tests.conftest import FIXTURES

PAYLOADS = [json.loads(x) for x in (FIXTURES / "hostile" / "payloads.jsonl").read_text().splitlines() if x.strip()]
MOSUL = Place("Mosul", 36.335, 43.11889, 99072, "IQ", "Nineveh")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_article_text_never_becomes_markup(payload):
    text = f"Fighting in Mosul. {payload}\n\nComments (2)\n{payload}"
    html = article_html(text, [Toponym(12, 17, "Mosul", MOSUL, 0.9)], excerpt_span(text, 20))
    ours = re.compile(r"</?(style|div|span|mark|a)\b")
    tags = re.findall(r"<[^>]*>?", html)
    assert all(ours.match(t) or t.startswith("<style") for t in tags), [t for t in tags if not ours.match(t)][:3]


def test_reader_links_places_greys_boilerplate_and_marks_the_excerpt():
    text = "By John Smith\nFighting in Mosul killed 3.\n\nComments (2)\nnice"
    html = article_html(text, [Toponym(26, 31, "Mosul", MOSUL, 0.9)], excerpt_span(text, 20, [(14, 41)]))
    assert "<span class='cm-skip'>By John Smith</span>" in html
    assert "<a class='cm-top' href='./?place=99072' title='Mosul, Nineveh, IQ; confidence 0.90'>Mosul</a>" in html
    assert html.count("id='cm-at'") == 1 and "<span class='cm-skip'>Comments (2)\nnice</span>" in html


def test_excerpt_falls_back_to_the_sentence_and_ignores_bad_offsets():
    text = "One thing. Another thing happened here. Third."
    assert excerpt_span(text, 15) == (11, 40)
    assert excerpt_span(text, 999) is None and excerpt_span(text, -1) is None


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\win.ini", "a b/c?d.txt", "", "....", "<script>.html"])
def test_article_ids_stay_inside_the_folder(tmp_path, name):
    aid = safe_article_id(name, "text")
    assert re.fullmatch(r"[0-9a-f]{12}(_[A-Za-z0-9_-]+)?", aid)
    saved = save_article(tmp_path, name, "Some text.", {"title": name})
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{saved.id}.json", f"{saved.id}.txt"]


def test_upload_of_jsonl_is_checked_whole_before_anything_is_stored(tmp_path):
    good = json.dumps({"id": "a1", "text": "Clashes in Mosul.", "published": "2014-06-10"})
    with pytest.raises(ValueError, match="line 2"):
        save_upload(tmp_path, "batch.jsonl", f"{good}\nnot json\n".encode(), {})
    assert list(tmp_path.iterdir()) == []
    (saved,) = save_upload(tmp_path, "batch.jsonl", good.encode(), {})
    meta = json.loads((tmp_path / f"{saved.id}.json").read_text())
    assert (meta["published"], meta["published_source"]) == ("2014-06-10", "metadata")


def test_same_text_is_stored_once(tmp_path):
    assert not save_article(tmp_path, "x", "Same text.", {}).existed
    assert save_article(tmp_path, "x", "Same text.", {}).existed


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 6),
        ({"types": ["Battles"]}, 2),
        ({"actor_names": ["Military recruits"]}, 1),
        ({"claims": ["claimed"]}, 2),
        ({"precisions": [4]}, 1),
        ({"source_ids": ["doc-2"]}, 2),
        ({"types": ["Battles"], "actor_names": ["Tribal fighters"]}, 1),
        ({"text": "TIKRIT"}, 1),
    ],
)
def test_table_filters(filters, expected):
    df = read_events(FIXTURES / "events_small.csv").valid
    assert len(filter_table(df, **filters)) == expected
