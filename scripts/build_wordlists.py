"""The word lists of geodata/ that are not places: frequent person names (person_names.tsv) and English words that
are also place names (common_words.tsv). scripts/build_geodata.py checks the packages' pinned versions and writes
the files; this module only reads the packages' data."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from conflictmap.geo.names import name_key

FIRST_NAME_SHARE = 0.01  # percent of the US population (1990 Census) carrying the first name
SURNAME_SHARE = 0.005
# A given name in many countries: listed by at least this many of nomquamgender's national sources, this often.
GIVEN_SOURCES, GIVEN_COUNT = 15, 2000
COMMON_ZIPF = 2.5  # English words at least this frequent (per wordfreq) that are also place names
ROMANCE_ZIPF = 4.0  # French and Spanish words at least this frequent that are also place names


def person_name_rows(names_dir: Path, name_data: Path) -> list[list[str]]:
    """Rows of person_names.tsv (name, first, last, given): frequent US Census first names and surnames (the `names`
    package's lists), to tell 'James' from James Island, and given names common in many countries (nomquamgender's
    name_data.json, read as plain JSON), to tell 'Amal Haddad' from a town called Amal."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for file, kind, share in (("dist.male.first", "first", FIRST_NAME_SHARE), ("dist.female.first", "first",
                              FIRST_NAME_SHARE), ("dist.all.last", "last", SURNAME_SHARE)):  # fmt: skip
        for line in (names_dir / file).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) >= 2 and float(parts[1]) >= share:
                kinds[parts[0].lower()].add(kind)
    # {name: [number of sources, count, share female, ...]}; nothing is imported
    data = json.loads(name_data.read_text(encoding="utf-8"))
    for name, row in data.items():
        if row[0] >= GIVEN_SOURCES and row[1] >= GIVEN_COUNT and name.isascii() and name.isalpha():
            kinds[name.lower()].add("given")
    return [
        [n, *("1" if k in found else "0" for k in ("first", "last", "given"))] for n, found in sorted(kinds.items())
    ]


def common_word_rows(keys: set[str]) -> list[list[str]]:
    """Rows of common_words.tsv (word, zipf, dictionary), sorted: frequent English words (wordfreq) whose name key
    is a place's, with whether a dictionary (english-words' web2) lists them in lower case (an ordinary word:
    'reading') or only capitalised ('Richmond')."""
    from english_words import get_english_words_set
    from wordfreq import top_n_list, zipf_frequency

    lowercase_words = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    rows = []
    for word in top_n_list("en", 60000):
        if not word.isalpha() or len(word) < 2:
            continue
        z = zipf_frequency(word, "en")
        if z >= COMMON_ZIPF and name_key(word) in keys:
            rows.append([word, f"{z:.2f}", "1" if word in lowercase_words else "0"])
    return sorted(rows)


def romance_word_rows(keys: set[str]) -> list[list[str]]:
    """Rows of common_words_fr_es.tsv (word, language, zipf), sorted: frequent French and Spanish words (wordfreq,
    Zipf >= ROMANCE_ZIPF) whose name key is a place's ('les', 'tres', 'maison'), which a report in that language uses
    as words, capitalised at a sentence's start, far more often than as the places."""
    from wordfreq import top_n_list, zipf_frequency

    rows = []
    for lang in ("fr", "es"):
        for word in top_n_list(lang, 20000):
            if not word.isalpha() or len(word) < 2:
                continue
            z = zipf_frequency(word, lang)
            if z >= ROMANCE_ZIPF and name_key(word) in keys:
                rows.append([word, lang, f"{z:.2f}"])
    return sorted(rows)
