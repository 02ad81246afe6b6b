"""The prefilter that skips a trigger's scan: it must never skip a pattern that matches."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import dates
from conflictmap.events import lexicon as lx
from conflictmap.events.prefilter import may_match, text_prefixes, word_prefixes

ROOT = Path(__file__).resolve().parents[3]


def test_first_letters_of_every_alternative():
    pattern = re.compile(r"\b(?:kill\w*|sh(?:ot|elled)|(?:heavy )?mortars?|IS\b)", re.I)
    assert word_prefixes(pattern) == {"kill", "shot", "shel", "heav", "mort", "is"}


@pytest.mark.parametrize(
    "pattern",
    [
        r"kill",  # not at a word boundary: a match may start inside a word
        r"\b(?:kill|\w+ed)",  # one alternative starts with any letter
        r"\b(?:kill|[a-z]+)",  # a range
        r"\b(?:kill|-armed)",  # a non-word first character
    ],
)
def test_a_start_it_cannot_read_is_always_scanned(pattern):
    assert word_prefixes(re.compile(pattern, re.I)) is None
    assert may_match(None, text_prefixes("nothing here"))


def test_an_optional_start_gives_both_words():
    pattern = re.compile(r"\b(?:(?:explosive )?remnants? of war)", re.I)
    assert word_prefixes(pattern) == {"expl", "remn"}
    assert may_match(word_prefixes(pattern), text_prefixes("Remnants of war were found"))
    assert not may_match(word_prefixes(pattern), text_prefixes("Experts found nothing"))


def test_odd_case_letters_switch_the_test_off():
    # re.IGNORECASE matches the long s to "s" and the dotless i to "i"; str.lower() does not
    pattern = re.compile(r"\b(?:shot)", re.I)
    assert pattern.search("\u017fhot dead") and text_prefixes("\u017fhot dead") is None
    assert re.compile(r"\b(?:killed)", re.I).search("k\u0131lled") and text_prefixes("k\u0131lled") is None


def test_every_trigger_and_date_rule_is_prefiltered():
    # the speed of read_clause rests on this: a trigger that cannot be prefiltered is scanned on every clause
    assert all(t.prefixes is not None for t in lx.TRIGGERS)
    assert sum(p is not None for p in dates._RULE_PREFIXES) >= len(dates._RULES) - 1


def _sample_sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "articles").glob("*.txt")))
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def test_never_skips_a_match_on_the_sample_articles():
    patterns = [(t.pattern, t.prefixes) for t in lx.TRIGGERS]
    patterns += list(zip((p for p, _ in dates._RULES), dates._RULE_PREFIXES, strict=True))
    skipped = 0
    for sentence in _sample_sentences():
        words = text_prefixes(sentence)
        for pattern, prefixes in patterns:
            if not may_match(prefixes, words):
                skipped += 1
                assert pattern.search(sentence) is None, (pattern.pattern[:60], sentence)
    assert skipped > 0  # the test reached the skipping branch


_WORDS = sorted({w for t in lx.TRIGGERS for w in re.findall(r"[a-z]{3,}", t.pattern.pattern)})


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_WORDS),
            st.sampled_from(_WORDS).map(str.upper),
            st.sampled_from(_WORDS).map(str.title),
            st.text(alphabet="abcdeIKSſıİ-' ,.0123", min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=12,
    ).map(" ".join)
)
def test_never_skips_a_match_on_made_up_text(text):
    words = text_prefixes(text)
    for trigger in lx.TRIGGERS:
        if not may_match(trigger.prefixes, words):
            assert trigger.pattern.search(text) is None, (trigger.name, text)
