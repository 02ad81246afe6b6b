"""Readers for articles as they are published: web pages, feeds, PDF reports, undated and non-English text.

The web pages and the feed under tests/fixtures/pages are built from the bundled sample articles
(tests/fixtures/pages/build_pages.py), in the shapes real news sites use.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.ingest.pipeline import ExtractionCache, ingest, read_articles
from conflictmap.ingest.reader_pdf import page_at
from conflictmap.store.csvfile import read_events, write_events
from tests.conftest import FIXTURES, ROOT
from tests.fixtures.pages.build_pages import split
from tests.pdf_builder import encrypt_pdf, make_pdf

PAGES = FIXTURES / "pages"
IDS = ("000_2489c82c48a97504", "004_c8996f3f43ce9f72")
DATED_SHAPES = {
    "meta": "page metadata (article:published_time)",
    "jsonld": "page metadata (JSON-LD datePublished)",
    "time": "page <time datetime>",
    "url": "page URL",
}
# words only found in what surrounds the story: comments, cookie banner, related list, subscription box, nav
BOILERPLATE = ("infidel", "cookies", "Related stories", "Subscribe", "Leave a Reply", "Kirkuk", "Opinion")
STORY = "Five people were killed in shelling of Tal Afar on Sunday, officials said."


def no_cache() -> ExtractionCache:
    return ExtractionCache(None)


def event_keys(events, dates: bool = True) -> set[tuple]:
    """What an event says, whatever the packaging (ids and offsets differ with the stored text)."""
    return {
        (e.event_type, e.sub_event_type, e.location, e.fatalities, e.fatalities_low, e.fatalities_high,
         *((e.date_from, e.date_to) if dates else ()), e.claim_status, e.source_ids)
        for e in events
    }  # fmt: skip


def windows_meet(a, b) -> bool:
    """Date windows that overlap: a date line carried in one packaging ('17 June 2014') can narrow a window."""
    return a.date_from <= b.date_to and b.date_from <= a.date_to


@pytest.fixture(scope="module")
def sample_events():
    events, _, problems = ingest([ROOT / "articles"], progress=False, cache=no_cache())
    assert not problems
    return events


@pytest.mark.parametrize("shape", sorted(DATED_SHAPES))
def test_web_page_date_metadata_and_boilerplate(shape):
    articles, problems = read_articles([PAGES / shape])
    assert problems == [] and sorted(a.id for a in articles) == list(IDS)
    by_id = {a.id: a for a in articles}
    assert by_id[IDS[0]].published == "2014-06-15" and by_id[IDS[1]].published == "2014-06-17"
    for a in articles:
        assert a.published_source == DATED_SHAPES[shape]
        assert a.reader == "web page (trafilatura)" and a.language == "en"
        assert a.title.startswith(("U.S. Condemns", "Islamist militants")) and a.author.endswith("staff")
        assert not [w for w in BOILERPLATE if w in a.text], a.text
        assert "navigation" in a.left_out and "cookie or consent notice" in a.left_out
    assert "reader comments" in by_id[IDS[0]].left_out
    assert "hundreds of Iraqi soldiers" in by_id[IDS[0]].text


def test_comment_dates_do_not_date_an_undated_page():
    """The undated page's only dates are its readers' comments (16 June 2014): no date is better than theirs."""
    articles, _ = read_articles([PAGES / "undated"])
    assert [a.published for a in articles] == ["", ""]


def test_undated_article_keeps_its_events_and_they_load(tmp_path, sample_events):
    events, reports, _ = ingest([PAGES / "undated"], progress=False, cache=no_cache())
    assert len(events) == len(sample_events)
    assert {e.date_precision for e in events} == {"unknown"} and {e.date_from for e in events} == {""}
    assert all(r.undated == r.events > 0 and "undated" in r.skipped[-1] for r in reports)
    write_events(events, tmp_path / "events.csv")
    loaded = read_events(tmp_path / "events.csv")
    assert loaded.rejected.empty and len(loaded.valid) == len(events)
    assert loaded.valid["date_from"].isna().all()


def test_explicit_dates_still_date_events_of_an_undated_article(tmp_path):
    (tmp_path / "a.txt").write_text("Report\n\nOn 15 June 2014 ten people were killed in Tal Afar.\n")
    (tmp_path / "b.txt").write_text(f"Report\n\n{STORY}\n")
    events, _, _ = ingest([tmp_path], progress=False, cache=no_cache())
    assert {(e.source_ids, e.date_from, e.date_precision) for e in events} == {
        ("a", "2014-06-15", "day"), ("b", "", "unknown")
    }  # fmt: skip


def test_dating_an_undated_event_by_correction_sets_its_precision():
    from conflictmap.events.corrections import corrected_row

    row = {"event_date": "", "date_from": "", "date_to": "", "date_precision": "unknown", "summary": ""}
    row = corrected_row(row, "date_from", "2014-06-14")
    assert row["date_precision"] == "unknown"
    row = corrected_row(row, "date_to", "2014-06-15")
    assert (row["date_from"], row["date_to"], row["event_date"], row["date_precision"]) == (
        "2014-06-14", "2014-06-15", "2014-06-15", "week"
    )  # fmt: skip


def _packagings(tmp: Path) -> dict[str, Path]:
    """The two sample articles packaged six ways: .txt + sidecar, web page, JSONL (text), JSONL (html), feed, PDF."""
    out = {"txt": ROOT / "articles", "web page": PAGES / "meta", "feed": PAGES / "feed" / "wire.rss"}
    rows_text, rows_html = [], []
    for art in IDS:
        meta = json.loads((ROOT / "articles" / f"{art}.json").read_text(encoding="utf-8"))
        text = (ROOT / "articles" / f"{art}.txt").read_text(encoding="utf-8")
        rows_text.append({**meta, "text": text})
        html = (PAGES / "time" / f"{art}.html").read_text(encoding="utf-8")
        rows_html.append({"id": art, "html": html})
    pdfs = tmp / "pdf"
    pdfs.mkdir()
    for art in IDS:  # a PDF report of two pages, its lines wrapped as a PDF writer wraps them
        meta, head, story, _ = split(art)
        half = len(story) // 2
        (pdfs / f"{art}.pdf").write_bytes(make_pdf([[head, *story[:half]], story[half:]], created=meta["published"]))
    out["pdf"] = pdfs
    for name, rows in (("jsonl-text", rows_text), ("jsonl-html", rows_html)):
        path = tmp / f"{name}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        out[name] = path
    return out


def test_same_events_whatever_the_packaging(tmp_path, sample_events):
    want = event_keys(sample_events)
    for name, path in _packagings(tmp_path).items():
        events, reports, problems = ingest([path], progress=False, cache=no_cache())
        assert problems == [] and len(reports) == 2, (name, problems)
        assert event_keys(events, dates=False) == event_keys(sample_events, dates=False), name
        exact = event_keys(events) & want
        for e in events:  # the .txt of 004 keeps its "17 June 2014" date line, which dates its undated sentences
            if event_keys([e]) - exact:
                same = [s for s in sample_events if event_keys([s], False) == event_keys([e], False)]
                assert len(same) == 1 and windows_meet(e, same[0]), (name, e)


def test_evidence_offsets_index_the_stored_web_page_text():
    articles, _ = read_articles([PAGES / "jsonld"])
    text = {a.id: a.text for a in articles}
    events, _, _ = ingest([PAGES / "jsonld"], progress=False, cache=no_cache())
    for e in events:
        for ev in e.evidence:
            assert text[ev.source_id][ev.start : ev.end].strip() == ev.excerpt


# --------------------------------------------------------------------------------------------- feeds

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2014-06-16T00:00:00Z</updated>
<entry><title>Tal Afar</title><id>urn:item:1</id><link href="https://www.example.org/a/1"/>
<updated>2014-06-16T08:00:00Z</updated><summary type="html">&lt;p&gt;{STORY}&lt;/p&gt;</summary></entry>
<entry><title>Mosul</title><id>urn:item:2</id><link href="https://www.example.org/a/2"/>
<published>2014-06-15T08:00:00Z</published><content type="html">&lt;p&gt;Ten people were killed in Mosul on Sunday.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;More&lt;/b&gt; later.&lt;/p&gt;</content></entry></feed>
"""


def test_atom_items_summary_or_content_and_dates(tmp_path):
    (tmp_path / "wire.atom").write_text(ATOM, encoding="utf-8")
    articles, problems = read_articles([tmp_path / "wire.atom"])
    assert problems == []
    one, two = articles
    assert (
        one.text == f"Tal Afar\n\n{STORY}"
        and one.reader == "feed item (summary only)"
        and one.published == "2014-06-16"
    )
    assert one.url == "https://www.example.org/a/1" and one.published_source == "feed item date (updated)"
    assert two.reader == "feed item (full content)" and two.published == "2014-06-15"
    assert two.text == "Mosul\n\nTen people were killed in Mosul on Sunday.\n\nMore later." and "<" not in two.text


def test_same_feed_item_seen_again_is_not_ingested_twice(tmp_path):
    shutil.copy(PAGES / "feed" / "wire.rss", tmp_path / "monday.rss")
    shutil.copy(PAGES / "feed" / "wire.rss", tmp_path / "tuesday.xml")
    articles, problems = read_articles([tmp_path])
    assert sorted(a.id for a in articles) == list(IDS)
    assert len(problems) == 2 and all(p.startswith("tuesday.xml: feed item") and "already read" in p for p in problems)


# --------------------------------------------------------------------------------------------- PDF


def test_pdf_report_text_pages_and_date(tmp_path):
    pages = [["Situation report", f"BAGHDAD -- {STORY}"], ["Annex", "Ten people were killed in Mosul on Monday."]]
    (tmp_path / "report.pdf").write_bytes(make_pdf(pages, title="Situation report", created="2014-06-16"))
    (art,), problems = read_articles([tmp_path])
    assert problems == [] and art.reader == "PDF (pypdf)" and art.title == "Situation report"
    assert (art.published, art.published_source) == ("2014-06-16", "PDF metadata (CreationDate)")
    starts = art.extra["page_starts"]
    assert starts[0] == 0 and art.text[starts[1] :].startswith("Annex")
    assert page_at(starts, art.text.index("Mosul")) == 2 and page_at(starts, art.text.index("Tal Afar")) == 1
    events, _, _ = ingest([tmp_path], progress=False, cache=no_cache())
    assert {(e.location, e.fatalities, e.date_from) for e in events} == {
        ("Tal Afar", 5, "2014-06-15"), ("Mosul", 10, "2014-06-16")
    }  # fmt: skip


def test_bad_inputs_each_named_and_the_rest_still_load(tmp_path):
    pdf = make_pdf([[STORY]], created="2014-06-16")
    (tmp_path / "good.pdf").write_bytes(pdf)
    (tmp_path / "locked.pdf").write_bytes(encrypt_pdf(pdf))
    (tmp_path / "cut.pdf").write_bytes(pdf[: len(pdf) // 3])
    (tmp_path / "scan.pdf").write_bytes(make_pdf(None, scanned_pages=2))
    (tmp_path / "broken.rss").write_text("<rss><channel><title>x</title><item><title>", encoding="utf-8")
    (tmp_path / "empty-page.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav><div class='cookie-banner'><p>We use cookies.</p></div>"
        "<footer></footer></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "notes.xml").write_text("<notes><note>hello</note></notes>", encoding="utf-8")
    shutil.copy(PAGES / "meta" / f"{IDS[1]}.html", tmp_path)
    articles, problems = read_articles([tmp_path])
    assert sorted(a.id for a in articles) == sorted(["good", IDS[1]])
    said = {p.split(":")[0]: p for p in problems}
    assert set(said) == {"locked.pdf", "cut.pdf", "scan.pdf", "broken.rss", "empty-page.html", "notes.xml"}, problems
    assert "encrypted" in said["locked.pdf"] and "not a readable PDF" in said["cut.pdf"]
    assert "no text layer" in said["scan.pdf"] and "feed" in said["broken.rss"]
    assert "no article text" in said["empty-page.html"] and all("skipped" in p for p in problems)


# --------------------------------------------------------------------------------------------- datelines, language


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("BAGHDAD --", "Baghdad"),
        ("MOSUL, Iraq (Reuters) -", "Mosul, Iraq"),
        ("Samarra, Iraq (AP) \u2014", "Samarra, Iraq"),
        ("TIKRIT, June 15, 2014:", "Tikrit"),
        ("QUERÉTARO, Mexico, June 15, 2014 (AFP) -", "Querétaro, Mexico"),
        ("KIRKUK (June 15, 2014) \u2014", "Kirkuk"),
        ("SAMARRA, Iraq, June 15, 2014 (AFP) -", "Samarra, Iraq"),
        # two filing places, an accented region, a press release's title-case place with its full date
        ("BAGHDAD/ERBIL, June 15 (Reuters) -", "Baghdad/Erbil"),
        ("AMMAN/BAGHDAD \u2014", "Amman/Baghdad"),
        ("ERBIL, Kurdistán \u2014", "Erbil, Kurdistán"),
        ("Amman, 15 June 2014 \u2014", "Amman"),
        ("Amman, June 15, 2014 -", "Amman"),
        # the South Asian press's colon after the filing place
        ("PESHAWAR:", "Peshawar"),
    ],
)
def test_dateline_is_metadata_not_an_event_place(tmp_path, opening, place):
    text = f"Militants advance\n\n{opening} Five people were killed in a bombing on Sunday, officials said.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "2014-06-15"}), encoding="utf-8")
    events, (report,), _ = ingest([tmp_path], progress=False, cache=no_cache())
    assert report.dateline_place == place
    # the only place named is where the reporter filed from: the event is kept, but unplaced
    assert [(e.fatalities, e.location, e.latitude) for e in events] == [(5, "", None)]

    from conflictmap.geo.geoparse import Geoparser
    from conflictmap.ingest.text import dateline

    # the geoparser does read the reporting place (a toponym of the text), only inside the dateline
    start, end, *_ = dateline(text)
    toponyms = Geoparser().parse(text)
    assert toponyms and all(start <= t.start < end for t in toponyms)


def test_a_title_case_place_opening_a_sentence_is_no_dateline():
    from conflictmap.ingest.text import dateline

    assert dateline("Title\n\nMosul, Iraq - the city fell.") is None
    assert dateline("Title\n\nMosul, the city that fell in June - was quiet.") is None


def test_capitals_before_a_colon_are_a_dateline_only_where_a_story_opens():
    from conflictmap.ingest.text import dateline

    assert dateline("Title\n\nKIRKUK: Five people were killed.")[2] == "Kirkuk"
    # a label, a title, headings over the incidents of a place
    assert dateline("Title\n\nUPDATE: Five people were killed.") is None
    assert dateline("IRAQ: Flash update\n\nFive people were killed in Kirkuk.") is None
    assert dateline("Title\n\nKIRKUK: Five people were killed.\n\nNINEWA: Two people died.") is None


def test_dateline_does_not_hide_the_story_after_it(tmp_path):
    (tmp_path / "a.txt").write_text(f"Title\n\nBAGHDAD, June 15, 2014 (AFP) - {STORY}\n", encoding="utf-8")
    events, (report,), _ = ingest([tmp_path], progress=False, cache=no_cache())
    assert (report.published, report.published_source) == ("2014-06-15", "dateline")
    assert [(e.location, e.fatalities) for e in events] == [("Tal Afar", 5)]


def test_an_article_in_a_language_without_a_reader_is_reported_not_read(tmp_path):
    german = (
        "Fünf Menschen wurden am Sonntag bei einem Beschuss der Stadt Tal Afar im Norden des Irak getötet, sagten "
        "örtliche Beamte, die nicht genannt werden wollten. Die Kämpfe um die Stadt dauern an, tausende Einwohner "
        "sind in die nahen Berge geflohen, und die Lage bleibt nach Angaben der Behörden sehr angespannt."
    )
    (tmp_path / "de.txt").write_text(german, encoding="utf-8")
    (tmp_path / "de.json").write_text(json.dumps({"published": "2014-06-15"}), encoding="utf-8")
    events, (report,), _ = ingest([tmp_path], progress=False, cache=no_cache())
    assert events == [] and report.language == "de" and "no reader for it yet, not read" in report.skipped[0]


def test_a_french_article_is_read_by_the_french_reader(tmp_path):
    french = (
        "Cinq personnes ont été tuées dimanche dans un bombardement de la ville de Tal Afar, dans le nord de l'Irak, "
        "selon des responsables locaux qui ont demandé à ne pas être nommés. Des milliers d'habitants ont fui vers "
        "les montagnes voisines, selon les mêmes sources."
    )
    (tmp_path / "fr.txt").write_text(french, encoding="utf-8")
    (tmp_path / "fr.json").write_text(json.dumps({"published": "2014-06-16"}), encoding="utf-8")
    events, (report,), _ = ingest([tmp_path], progress=False, cache=no_cache())
    assert report.language == "fr" and not report.skipped
    assert [(e.location, e.event_date, e.sub_event_type, e.fatalities) for e in events] == [
        ("Tal Afar", "2014-06-15", "Shelling/artillery/missile attack", 5)
    ]


# --------------------------------------------------------------------------------------------- intake, CLI


def test_upload_of_page_feed_and_pdf_stores_reader_text_and_metadata(tmp_path):
    from conflictmap.ingest.intake import save_upload

    page = (PAGES / "jsonld" / f"{IDS[0]}.html").read_bytes()
    (saved,) = save_upload(tmp_path, "story.html", page, {"title": "", "publisher": "", "published": ""})
    side = json.loads((tmp_path / f"{saved.id}.json").read_text())
    assert side["published"] == "2014-06-15" and side["reader"] == "web page (trafilatura)"
    assert "reader comments" in side["left_out"] and side["published_source"].endswith("JSON-LD datePublished)")
    assert "infidel" not in (tmp_path / f"{saved.id}.txt").read_text()
    feed = (PAGES / "feed" / "wire.rss").read_bytes()
    first = save_upload(tmp_path, "wire.rss", feed, {})
    again = save_upload(tmp_path, "wire.rss", feed, {})
    assert len(first) == 2 and [s.existed for s in again] == [True, True]
    updated = feed.replace(b"Iraq said it had", b"Baghdad said it had")  # the same items, edited since
    assert [s.existed for s in save_upload(tmp_path, "later.rss", updated, {})] == [True, True]
    assert len(list(tmp_path.glob("*.txt"))) == 3
    (pdf,) = save_upload(tmp_path, "report.pdf", make_pdf([["Title"], [STORY]]), {"published": "2014-06-16"})
    side = json.loads((tmp_path / f"{pdf.id}.json").read_text())
    assert side["page_starts"] == [0, 7] and side["published"] == "2014-06-16"
    with pytest.raises(ValueError, match="report2.pdf: .*encrypted"):
        save_upload(tmp_path, "report2.pdf", encrypt_pdf(make_pdf([[STORY]])), {})
    articles, problems = read_articles([tmp_path])  # what the pipeline reads back from the folder
    assert problems == [] and {a.reader for a in articles} >= {"web page (trafilatura)", "PDF (pypdf)"}
    assert next(a for a in articles if a.id == pdf.id).extra["page_starts"] == [0, 7]


def test_cli_takes_files_folders_and_feeds_alike(tmp_path):
    (tmp_path / "report.pdf").write_bytes(make_pdf([[STORY]], created="2014-06-16"))
    (tmp_path / "wire.atom").write_text(ATOM, encoding="utf-8")
    out = tmp_path / "out" / "events.csv"
    run = subprocess.run(
        [sys.executable, "-m", "conflictmap", "ingest", str(PAGES / "time"), str(tmp_path / "wire.atom"),
         str(tmp_path / "report.pdf"), "-o", str(out), "--no-cache", "-v", "--report", str(tmp_path / "r.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert [r["reader"] for r in report] == ["web page (trafilatura)"] * 2 + [
        "feed item (summary only)", "feed item (full content)", "PDF (pypdf)"
    ]  # fmt: skip
    assert "page <time datetime>" in run.stderr and "left out: reader comments" in run.stderr
    assert "feed item date (updated)" in run.stderr and "PDF metadata (CreationDate)" in run.stderr
    assert read_events(out).rejected.empty
