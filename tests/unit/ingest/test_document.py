"""One Document per article: the geoparser and extraction read the same sentences and spans, split once."""

from conflictmap.ingest import text as tx
from conflictmap.ingest.document import Document
from conflictmap.ingest.pipeline import article_events, worker_parser
from conflictmap.model import Article

STORY = (
    "BAGHDAD (Reuters) - Militants seized the town of Tikrit on Sunday, officials said.\n\n"
    "By John Smith\n\n"
    "Two soldiers were killed near Samarra. Clashes continued in Mosul.\n\n"
    "Comments (3)\nGreat report from Baghdad!\n"
)


def test_the_document_holds_the_story_structure_the_stages_used_to_compute():
    doc = Document.read(STORY)
    end = tx.body_end(STORY)
    assert doc.body_end == end < len(STORY)
    assert list(doc.sentences) == tx.sentences(STORY, 0, end)
    assert list(doc.skipped) == tx.skipped_spans(STORY, end)
    assert doc.story_skips() == tx.skipped_spans(STORY, end, with_dateline=False)
    assert doc.dateline == tx.dateline(STORY) and doc.dateline[2] == "Baghdad"


def test_an_article_is_split_into_sentences_once(monkeypatch):
    calls = []
    real = tx.sentences
    monkeypatch.setattr(tx, "sentences", lambda *a, **k: calls.append(a[1:]) or real(*a, **k))
    # the geoparser and extraction import the function by name: count theirs too
    import conflictmap.events.extract as ex
    import conflictmap.geo.geoparse as gp

    for module in (gp, ex):
        if hasattr(module, "sentences"):
            monkeypatch.setattr(module, "sentences", tx.sentences)
    events, report = article_events(Article(id="a", text=STORY, published="2014-06-15"), worker_parser())
    assert events and len(calls) == 1
    # the same events as a geoparse and an extraction that split the text themselves
    from conflictmap.events.extract import extract_events

    parser = worker_parser()
    end = tx.body_end(STORY)
    from datetime import date

    alone = extract_events("a", STORY, parser.parse(STORY, 0, end), date(2014, 6, 15), end)
    assert [(e.event_type, e.place.name if e.place else None, e.fatalities) for e in alone] == [
        (e.event_type, e.place.name if e.place else None, e.fatalities) for e in events
    ]


def test_an_abbreviated_month_before_its_day_ends_no_sentence_and_a_number_is_no_initial():
    text = "A state of emergency was declared on Aug. 4. It was lifted. A truce on Nov. 10 held. J. Doe said so."
    assert [text[a:b].strip() for a, b in tx.sentences(text)] == [
        "A state of emergency was declared on Aug. 4.", "It was lifted.", "A truce on Nov. 10 held.", "J. Doe said so."
    ]  # fmt: skip


def test_a_headline_and_a_summary_block_are_left_out_of_event_reading_when_the_story_tells_them():
    body = "On 15 February, armed men attacked the village, killing seven civilians. " * 8
    text = (
        "Seven killed in village attack\n\nHIGHLIGHTS\n• Seven civilians killed in an attack\n• Shops burned\n\n" + body
    )
    spans = tx.summary_spans(text)
    assert [text[a:b].split("\n")[0] for a, b in spans] == ["Seven killed in village attack", "HIGHLIGHTS"]
    assert tx.summary_spans("Seven killed in village attack\nArmed men attacked the village.") == []  # all summary


def test_an_update_title_with_its_number_and_date_line_is_a_headline():
    body = "On 15 February, armed men attacked the village, killing seven civilians. " * 8
    text = "KENYA: Flash Update No. 3: Attacks in Marsabit County\n(as of 16 February 2021)\n\n" + body
    (span,) = tx.summary_spans(text)
    assert text[span[0] : span[1]].rstrip().endswith("(as of 16 February 2021)")


def test_what_comes_before_a_dateline_is_split_into_sentences_too():
    from conflictmap.ingest.text import sentences

    text = ("PRESS RELEASE Headquarters, 2nd Division, Camp Aguinaldo 28 March 2022\n\n2 rebels killed in clash; arms "
            "cache found\n\nMOSUL, Iraq - Two gunmen were killed on Saturday. Troops found a cache.")  # fmt: skip
    spans = [text[a:b].strip() for a, b in sentences(text)]
    assert spans[:3] == ["PRESS RELEASE Headquarters, 2nd Division, Camp Aguinaldo 28 March 2022",
                         "2 rebels killed in clash; arms cache found", "MOSUL, Iraq -"]  # fmt: skip
