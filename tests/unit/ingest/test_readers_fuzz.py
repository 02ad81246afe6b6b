"""Property tests: any bytes saved as a web page, feed or PDF give articles or a message naming the file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmap.ingest.pipeline import read_articles
from tests.pdf_builder import make_pdf

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
TAGS = ["<html>", "<body>", "<article>", "<p>", "</p>", "<div id='comments'>", "</div>", "<nav>", "<time datetime='2014-13-45'>",
        "<meta property='article:published_time' content='not a date'>", "<rss>", "<channel>", "<item>", "<title>",
        "</item>", "<content:encoded><![CDATA[", "]]>", "<script type='application/ld+json'>{\"datePublished\": 5",
        "BAGHDAD --", "Five people were killed in Mosul on Sunday.", "&", "<", "\x00", "\u202e", "%PDF-1.4", "obj", "stream"]  # fmt: skip
markup = st.lists(st.sampled_from(TAGS), max_size=30).map(" ".join)
pdf_cut = st.integers(min_value=0, max_value=2000)


def _check(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)
    articles, problems = read_articles([folder / name])
    assert articles or [p for p in problems if p.startswith(name)], problems
    assert not [p for p in problems if "could not be read" in p], problems  # every failure is foreseen
    for a in articles:
        assert isinstance(a.text, str) and a.text.strip()


@FUZZ
@given(markup, st.sampled_from(["page.html", "wire.rss", "wire.xml"]))
def test_any_markup_reads_or_is_named(tmp_path_factory, text, name):
    _check(tmp_path_factory.mktemp("fuzz"), name, text.encode("utf-8"))


@FUZZ
@given(pdf_cut, st.binary(max_size=64))
def test_any_damaged_pdf_reads_or_is_named(tmp_path_factory, cut, noise):
    data = make_pdf([["Five people were killed in Mosul on Sunday."], ["Annex"]])
    _check(tmp_path_factory.mktemp("fuzz"), "report.pdf", data[:cut] + noise + data[cut + len(noise) :])
