"""The feed reader (issue #18 item 4): big feeds in bounded memory, plain-text item descriptions read, hostile feeds.

A big feed is read a chunk of items at a time: feedparser is never handed more than a chunk, which the tests count
(items per call), not time or measure. The same feed read whole (as before) and in chunks gives the same articles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest

from conflictmap.ingest import feed_stream, reader_feed
from conflictmap.ingest.pipeline import read_articles
from conflictmap.ingest.reader_feed import read_feed
from tests.conftest import FIXTURES

RSS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire &amp; Co — Irak</title>'
    "<link>https://wire.example/</link><description>News</description>\n"
)
PLAIN = "Two people were killed in Mosul on Monday."


def rss_item(k: int) -> str:
    """Items of every shape a feed holds: content:encoded over a summary, CDATA or escaped HTML, plain text, no text,
    a guid or only a link, RFC 822 / dc:date / no dates, entities, an item with its own language."""
    shape = k % 9
    town = ["Mosul", "Tikrit", "Samarra", "Baiji"][k % 4]
    s = f"Militants killed {k % 30 + 2} civilians in {town} on Monday, officials said."
    guid = f"<guid isPermaLink='false'>wire-{k}</guid>" if k % 3 else ""
    date = [f"<pubDate>Mon, 0{1 + k % 9} Jun 2014 10:00:00 GMT</pubDate>", f"<dc:date>2014-06-1{k % 9}T08:00:00Z</dc:date>",
            ""][k % 3]  # fmt: skip
    body = [
        f"<description>&lt;p&gt;{s}&lt;/p&gt;</description>",
        f"<description>short</description><content:encoded><![CDATA[<p>{s}</p><p>More <b>later</b>.</p>]]></content:encoded>",
        f"<description>{s}</description>",  # plain text
        f"<description>{s}\n\nPolice said the toll could rise.\nMore later.</description>",  # plain text, paragraphs
        f"<description>{s}&lt;br/&gt;Police said the toll could rise.</description>",  # lines broken by <br>
        "<description></description>",  # nothing to read: skipped, said
        f"<description>&lt;p&gt;{s} &amp;amp; &#8220;more&#8221;&lt;/p&gt;</description><dc:language>en-GB</dc:language>",
        f"<description><![CDATA[{s} <i>Reuters</i>]]></description>",  # inline markup, no paragraph
        f"<description>BAGHDAD, June 17, 2014 -- {s}</description>",  # dated by its dateline only
    ][shape]
    return (
        f"<item><title>Report {k} from {town}</title><link>https://wire.example/{k}</link>{guid}{date}{body}</item>\n"
    )


def rss(items: int, tail: str = "") -> str:
    return RSS_HEAD + "".join(rss_item(k) for k in range(items)) + tail + "</channel></rss>\n"


ATOM = (
    '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
    "<title>Atom wire</title><id>urn:wire</id><updated>2014-06-16T00:00:00Z</updated>\n"
    + "".join(
        f"<entry><title>Item {k}</title><id>urn:item:{k}</id><link href='https://a.example/{k}'/>"
        f"<updated>2014-06-1{k % 9}T08:00:00Z</updated>"
        + (f"<summary type='html'>&lt;p&gt;Militants killed {k + 2} people in Mosul.&lt;/p&gt;</summary>" if k % 2 else
           f"<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>Shelling killed {k + 2} in Tikrit.</p></div></content>"
           f"<summary type='text'>Shelling killed {k + 2} in Tikrit.\nMore later.</summary>")
        + "</entry>\n"
        for k in range(12)
    )
    + "</feed>\n"
)  # fmt: skip

RDF = (
    '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    '<channel rdf:about="https://r.example/"><title>RDF wire</title><link>https://r.example/</link>'
    "<description>d</description><dc:language>en</dc:language></channel>\n"
    + "".join(
        f'<item rdf:about="https://r.example/{k}"><title>Item {k}</title><link>https://r.example/{k}</link>'
        f"<description>Three people were killed in Baiji on Sunday ({k}).</description>"
        f"<dc:date>2014-06-15</dc:date></item>\n"
        for k in range(7)
    )
    + "</rdf:RDF>\n"
)


def whole(raw: str, name: str = "wire.rss"):
    """The feed read whole by feedparser, as before."""
    return reader_feed.read_whole(Path(name), raw)


def counting_parse(monkeypatch) -> list[int]:
    """Entries feedparser returns per call (how much of the feed it held at once)."""
    calls: list[int] = []
    real = feedparser.parse

    def parse(*args, **kwargs):
        out = real(*args, **kwargs)
        calls.append(len(out.entries))
        return out

    monkeypatch.setattr(feedparser, "parse", parse)
    return calls


# ------------------------------------------------------------------------------------- plain-text descriptions


def test_a_plain_text_description_is_the_items_text(tmp_path):
    """feedparser calls every RSS description HTML; the reader kept only text inside <p>-like blocks, so a plain
    sentence ('Two people were killed in Mosul on Monday.') was skipped as an empty item."""
    raw = RSS_HEAD + (
        f"<item><title>Mosul</title><link>https://wire.example/1</link><description>{PLAIN}</description></item>"
        f"<item><title>Tikrit</title><link>https://wire.example/2</link><description>{PLAIN}\n\nPolice said the toll"
        " could rise.\nMore later.</description></item>"
        "<item><title>Baiji</title><link>https://wire.example/3</link><description>One killed &amp;amp; two hurt"
        " &lt;br/&gt;in Baiji &lt;b&gt;today&lt;/b&gt;.</description></item>"
        "</channel></rss>"
    )  # fmt: skip
    (tmp_path / "wire.rss").write_text(raw, encoding="utf-8")
    articles, problems = read_articles([tmp_path / "wire.rss"])
    assert problems == []
    assert [a.text for a in articles] == [
        f"Mosul\n\n{PLAIN}",
        f"Tikrit\n\n{PLAIN}\n\nPolice said the toll could rise.\n\nMore later.",
        "Baiji\n\nOne killed & two hurt\n\nin Baiji today.",
    ]
    assert all(a.reader == "feed item (summary only)" for a in articles)


def test_html_descriptions_read_as_before():
    """Paragraph markup is still read by its blocks (the fallback is only for text the blocks miss)."""
    arts, notes = read_feed(Path("wire.rss"), rss(9))
    by_title = {a.title: a.text for a in arts}
    assert (
        by_title["Report 0 from Mosul"]
        == "Report 0 from Mosul\n\nMilitants killed 2 civilians in Mosul on Monday, officials said."
    )
    assert by_title["Report 1 from Tikrit"].endswith("officials said.\n\nMore later.")  # content:encoded over summary
    assert by_title["Report 7 from Baiji"].endswith("officials said. Reuters")
    assert notes == ["wire.rss item 6: skipped, no content or summary"]  # fmt: skip


# ------------------------------------------------------------------------------------- bounded memory


def test_a_big_feed_is_handed_to_feedparser_a_chunk_at_a_time(monkeypatch):
    """Before, feedparser held the whole parsed feed (100,000 items: most of the ingest's peak memory)."""
    calls = counting_parse(monkeypatch)
    monkeypatch.setattr(reader_feed, "CHUNK_ITEMS", 40)
    arts, notes = read_feed(Path("wire.rss"), rss(500))
    assert sum(calls) == 500 and max(calls) <= 40 and len(calls) == 13
    assert len(arts) + len(notes) == 500


@pytest.mark.parametrize("chunk", [1, 2, 7, 1000])
@pytest.mark.parametrize(
    "raw",
    [
        rss(60),
        rss(30, tail="<language>en-US</language><image><url>https://wire.example/i.png</url></image>"),
        ATOM,
        RDF,
    ],
    ids=["rss", "rss-channel-after-items", "atom", "rdf"],
)
def test_the_same_feed_read_whole_or_in_chunks_gives_the_same_articles(monkeypatch, raw, chunk):
    calls = counting_parse(monkeypatch)
    monkeypatch.setattr(reader_feed, "CHUNK_ITEMS", chunk)
    monkeypatch.setattr(feed_stream, "PIECE_CHARS", 97)  # the XML parser fed in pieces cut inside tags
    streamed = read_feed(Path("wire.rss"), raw)
    assert max(calls) <= chunk  # it was read in chunks, not whole
    calls.clear()
    before = whole(raw)
    assert len(calls) == 1  # the reference is one whole read
    assert streamed == before
    assert len(streamed[0]) >= 6


def test_the_sample_wire_feed_reads_the_same_in_chunks(monkeypatch):
    raw = (FIXTURES / "pages" / "feed" / "wire.rss").read_text(encoding="utf-8")
    monkeypatch.setattr(reader_feed, "CHUNK_ITEMS", 1)
    assert read_feed(Path("wire.rss"), raw) == whole(raw)


# ------------------------------------------------------------------------------------- odd and hostile feeds


@pytest.mark.parametrize(
    "raw",
    [
        rss(5).replace("</channel></rss>", ""),  # cut off: feedparser reads what it can, and says so
        rss(5).replace("<title>Report 3 from Baiji</title>", "<title>Report 3 &nbsp; from Baiji</title>"),
        rss(5).replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'),
        rss(5).replace("</item>", "<source><item>nested</item></source></item>", 1),
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY w "Wire">]>'
        + rss(5).split("?>", 1)[1].replace("Wire &amp;", "&w;"),
        rss(5, tail="<category>news</category>" * (feed_stream.MAX_HEAD_ELEMENTS + 1)),
        rss(5).replace("</item>", "<item><title>inner</title></item></item>", 1),
    ],
    ids=["truncated", "html-entity", "latin-1", "nested-item", "doctype", "big-head", "item-in-item"],
)
def test_odd_feeds_are_read_whole_as_before(monkeypatch, raw):
    """What the safe streaming parser refuses (not well-formed, a DTD, another encoding, a head repeated around
    every chunk too big, items inside items) goes to feedparser whole: the same articles and notes as before."""
    monkeypatch.setattr(reader_feed, "CHUNK_ITEMS", 2)
    assert feed_stream.chunks(raw, 2) is None
    try:
        expected = whole(raw)
    except ValueError as exc:
        with pytest.raises(ValueError, match=str(exc)[:30]):
            read_feed(Path("wire.rss"), raw)
        return
    assert read_feed(Path("wire.rss"), raw) == expected
    assert expected[0]


def test_external_entities_and_entity_bombs_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.conf"
    secret.write_text("password=hunter2", encoding="utf-8")
    item = "<item><title>x</title><link>https://w.example/1</link><description>{}</description></item>"
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
           f"<rss version='2.0'><channel><title>W</title>{item.format('Leak: &s; in Mosul.')}</channel></rss>")  # fmt: skip
    lol = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{lol}]><rss version="2.0"><channel><title>W</title>'
            f"{item.format('&l9; in Mosul')}</channel></rss>")  # fmt: skip
    for name, raw in (("xxe.rss", xxe), ("bomb.rss", bomb)):
        (tmp_path / name).write_text(raw, encoding="utf-8")
        articles, problems = read_articles([tmp_path / name])
        assert all("hunter2" not in a.text and len(a.text) < 10_000 for a in articles), name
        assert articles or problems


def test_a_feed_file_holding_a_path_or_an_address_is_not_followed(tmp_path):
    """feedparser.parse(text) opens text that names a file (or fetches a URL) instead of parsing it: a .rss file
    holding the path of another feed was read as that feed."""
    other = tmp_path / "private" / "other.rss"
    other.parent.mkdir()
    other.write_text(rss(3), encoding="utf-8")
    (tmp_path / "a.rss").write_text(str(other), encoding="utf-8")
    (tmp_path / "b.rss").write_text("http://127.0.0.1:9/feed.rss", encoding="utf-8")
    articles, problems = read_articles([tmp_path / "a.rss", tmp_path / "b.rss"])
    assert articles == []
    assert [p.split(":")[0] for p in problems] == ["a.rss", "b.rss"] and all("not a readable" in p for p in problems)


def test_items_seen_in_an_earlier_chunk_or_file_are_read_once(tmp_path, monkeypatch):
    monkeypatch.setattr(reader_feed, "CHUNK_ITEMS", 3)
    raw = rss(12)
    (tmp_path / "a.rss").write_text(raw, encoding="utf-8")
    shutil.copy(tmp_path / "a.rss", tmp_path / "b.rss")
    articles, problems = read_articles([tmp_path])
    assert len({a.extra["guid"] for a in articles}) == len(articles) > 8
    assert sum("already read from a.rss" in p for p in problems) == len(articles)


# ------------------------------------------------------------------------------------- feeds read whole: bounded


def test_a_big_feed_that_cannot_be_streamed_is_not_read_whole_and_says_why(tmp_path, monkeypatch):
    """A badly formed feed went to feedparser whole, however big (about 25 times its size in memory): over the cap
    it is not read, the report says why, and the file is left as it was."""
    calls = counting_parse(monkeypatch)
    raw = rss(40)[:-40]  # cut off: not well-formed, so it cannot be read a chunk at a time
    assert feed_stream.chunks(raw, 10) is None
    monkeypatch.setattr(reader_feed, "MAX_WHOLE_FEED_CHARS", len(raw) - 1)
    (tmp_path / "cut.rss").write_text(raw, encoding="utf-8")
    articles, problems = read_articles([tmp_path / "cut.rss"])
    assert articles == [] and calls == []  # main: read whole by feedparser, 30-odd items
    assert len(problems) == 1 and problems[0].startswith("cut.rss: skipped (a feed that cannot be read a chunk")
    assert "repair the XML or split the feed" in problems[0]
    assert (tmp_path / "cut.rss").read_text(encoding="utf-8") == raw


def test_feeds_under_the_cap_or_well_formed_are_read_as_before(monkeypatch):
    raw = rss(40)
    monkeypatch.setattr(reader_feed, "MAX_WHOLE_FEED_CHARS", len(raw) // 2)
    assert read_feed(Path("wire.rss"), raw) == whole(raw)  # well-formed: streamed, whatever its size
    cut = raw[:-40]
    monkeypatch.setattr(reader_feed, "MAX_WHOLE_FEED_CHARS", len(cut))
    assert read_feed(Path("wire.rss"), cut) == whole(cut) and whole(cut)[0]  # badly formed, at the cap: whole


# ------------------------------------------------------------------------------------- loose text beside blocks


def test_text_beside_paragraph_markup_is_kept_in_its_place(tmp_path):
    """A description with paragraphs and loose text: only the paragraphs were read, the loose text was dropped."""
    body = ("&lt;p&gt;Two people were killed in Mosul on Monday.&lt;/p&gt;Gunmen attacked a checkpoint in Tikrit "
            "&lt;b&gt;later&lt;/b&gt;.&lt;br/&gt;Police said the toll could rise.&lt;p&gt;More later.&lt;/p&gt;")  # fmt: skip
    lead = "Officials said so. &lt;p&gt;Three were killed in Baiji.&lt;/p&gt;"
    raw = RSS_HEAD + "".join(
        f"<item><title>T{k}</title><link>https://wire.example/{k}</link><description>{d}</description></item>"
        for k, d in enumerate([body, lead])
    ) + "</channel></rss>"  # fmt: skip
    (tmp_path / "wire.rss").write_text(raw, encoding="utf-8")
    articles, problems = read_articles([tmp_path / "wire.rss"])
    assert problems == []
    assert [a.text for a in articles] == [
        "T0\n\nTwo people were killed in Mosul on Monday.\n\nGunmen attacked a checkpoint in Tikrit later.\n\n"
        "Police said the toll could rise.\n\nMore later.",
        "T1\n\nOfficials said so.\n\nThree were killed in Baiji.",
    ]
