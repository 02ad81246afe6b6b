"""A quick test that a word-initial pattern cannot match a text, so its scan can be skipped.

A trigger pattern is `\\b(?:alternatives)` matched case-insensitively, and Python's regex engine tries every
alternative at every word boundary: on a 40-word clause the thirty triggers cost most of the reading time.
Every match of such a pattern starts at a word whose first letters are one of a few known strings ("kil",
"sho", "abd"...). `word_prefixes` reads those strings from the compiled pattern; `text_prefixes` lists the
first letters of a text's words; when the two sets do not meet, the pattern has no match in the text.

The test is sound, never approximate: a pattern whose start it cannot read (a character class, a wildcard, a
non-word first character) gets None and is always scanned, and a text with one of the few characters whose
case-insensitive match differs from str.lower() is always scanned too.
"""

from __future__ import annotations

import re
from re import _constants as C
from re import _parser as P

LENGTH = 4  # letters read from the start of a word
_WORD = re.compile(r"\w+")
# characters that re.IGNORECASE matches to an ASCII letter though str.lower() does not give that letter
_ODD_CASE = re.compile("[\u017f\u0130\u0131]")  # long s, dotted and dotless i


def word_prefixes(pattern: re.Pattern) -> frozenset[str] | None:
    """The lower-cased first letters (at most LENGTH) of every match, or None when they cannot be read.

    Only a pattern that starts at a word boundary qualifies: then every match begins a word of the text.
    """
    tree = P.parse(pattern.pattern, pattern.flags)
    if not tree.data or tree.data[0] != (C.AT, C.AT_BOUNDARY):
        return None
    out = set()
    for prefix, _ in _sequence(tree.data[1:], LENGTH):
        prefix = re.match(r"\w*", prefix).group(0)  # "air strike" -> "air": a word of the text starts so
        if not prefix or not prefix.isascii():
            return None
        out.add(prefix)
    return frozenset(out)


def text_prefixes(text: str) -> frozenset[str] | None:
    """The lower-cased first 1..LENGTH letters of every word of the text, or None when the test cannot hold."""
    if _ODD_CASE.search(text):
        return None
    out = set()
    for word in _WORD.findall(text.lower()):
        for n in range(1, min(LENGTH, len(word)) + 1):
            out.add(word[:n])
    return frozenset(out)


def may_match(prefixes: frozenset[str] | None, words: frozenset[str] | None) -> bool:
    """False only when no match of the pattern can start at any word of the text."""
    return prefixes is None or words is None or not prefixes.isdisjoint(words)


def _sequence(items, room: int) -> set[tuple[str, bool]]:
    """(prefix, open) pairs for a sequence of parsed items; open means letters may still follow."""
    current = {("", True)}
    for op, av in items:
        following = set()
        for prefix, open_ in current:
            if not open_ or len(prefix) >= room:
                following.add((prefix, False))
                continue
            for more, more_open in _item(op, av, room - len(prefix)):
                following.add((prefix + more, more_open and len(prefix + more) < room))
        current = following
    return current


def _item(op, av, room: int) -> set[tuple[str, bool]]:
    """(prefix, open) pairs one parsed item can start with; ("", False) when it cannot be read."""
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero width
        return {("", True)}
    if op is C.LITERAL:
        return {(chr(av).lower(), True)}
    if op is C.SUBPATTERN:
        return _sequence(av[-1].data, room)
    if op is C.BRANCH:
        return set().union(*(_sequence(branch.data, room) for branch in av[1]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        least, _, sub = av
        once = {(prefix, False) for prefix, _ in _sequence(sub.data, room)}  # what follows one repeat is not read
        return once | ({("", True)} if least == 0 else set())
    if op is C.IN and all(o is C.LITERAL for o, _ in av):
        return {(chr(a).lower(), True) for _, a in av}
    return {("", False)}
