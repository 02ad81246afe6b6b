"""The Events page's text search: the rows a plain lowercase `in` finds, from search files written with the
partitions (no text column read into the serving process), a cache without them given them on first search."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest

from conflictmap.store import scan, textsearch
from conflictmap.store.index import MAP_COLUMNS, load_index
from conflictmap.store.synthetic import synthetic_events, write_csv
from conflictmap.store.table import filter_positions, filter_table


def _reference(texts: list[str | None], text: str) -> list[int]:
    """The rows whose lowercased text contains the lowercased text: Python's own `in`."""
    want = text.strip().lower()
    return [i for i, t in enumerate(texts) if want in (t or "").lower()]


TEXTS = ["", None, "Ab", "ab", "xaB", "b", "a", "ba", "aab abba", "ḨUDAYDAH port", "ḩudaydah", "Straße", "e" * 7, "ex"]


@pytest.mark.parametrize("text", ["ab", "a", "b", "ba", "abba", "Ḩudaydah", "STRASSE", "straße", "ee", "e", "x", "zz"])
def test_find_rows_is_a_lowercase_in_and_no_match_runs_into_the_next_row(text):
    hay = textsearch.haystack([pa.array(TEXTS, pa.string())])
    got = textsearch.find_rows(hay, textsearch.needle(text)).tolist()
    assert got == _reference(TEXTS, text)
    # "a" then "b" in the next row: joined bytes "...ab..." exist across rows 6 and 7 only for "ab"; not a match
    assert 6 not in textsearch.find_rows(hay, b"ab")


def test_find_rows_matches_python_on_random_rows_sparse_and_dense():
    rng = random.Random(3)
    texts = ["".join(rng.choice("abcE ") for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    hay = textsearch.haystack([pa.array(texts)])
    for text in ["a", "ab", "cab", "e e", "abcab", "eee", " "]:  # dense (more matches than rows) and sparse
        assert textsearch.find_rows(hay, textsearch.needle(text)).tolist() == _reference(texts, text), text


@pytest.fixture(scope="module")
def csv(tmp_path_factory):
    df = synthetic_events(2500, seed=8)
    df.loc[df.index[::9], "excerpt"] = "Clashes near Ḩudaydah; " + df["excerpt"][::9]
    path = tmp_path_factory.mktemp("search") / "events.csv"
    write_csv(df, path)
    return path


def test_the_index_is_searched_in_its_search_files_without_reading_text_columns(csv, monkeypatch):
    full = load_index(csv).events
    index = load_index(csv, columns=MAP_COLUMNS, sources=True)
    written = sorted(p.name for p in index.folder.glob("text-*.arrow"))
    assert written == sorted(textsearch.text_file(p["file"]) for p in index.parts if p["rows"])  # by the build
    read = []
    real = scan.chunks
    monkeypatch.setattr("conflictmap.store.table.chunks", lambda ix, cols: read.append(tuple(cols)) or real(ix, cols))
    for text in ["ḩudaydah", "KILLED", full["event_id"].iloc[77], "battles ", "e"]:
        expected = filter_table(full, text=text).index.tolist()
        assert filter_positions(index, text=text).tolist() == expected
        assert len(expected) > 0
    assert read == []  # no column read: the search files answered
    both = filter_positions(index, types=["Battles"], text="killed")
    assert both.tolist() == filter_table(full, types=["Battles"], text="killed").index.tolist()
    assert read == []  # event_type is loaded


def test_a_cache_without_search_files_gets_them_on_first_search(csv):
    index = load_index(csv, columns=MAP_COLUMNS)
    before = textsearch.text_positions(index, "killed")
    for f in index.folder.glob("text-*.arrow"):
        f.unlink()
    assert np.array_equal(textsearch.text_positions(index, "killed"), before)
    assert len(list(index.folder.glob("text-*.arrow"))) == sum(1 for p in index.parts if p["rows"])


def test_a_cache_that_cannot_be_written_is_searched_from_the_partitions(csv, monkeypatch):
    index = load_index(csv, columns=MAP_COLUMNS)
    before = textsearch.text_positions(index, "Ḩudaydah")
    for f in index.folder.glob("text-*.arrow"):
        f.unlink()

    def refuse(*args):
        raise PermissionError(13, "read-only")

    monkeypatch.setattr(textsearch, "write_text_file", refuse)
    assert np.array_equal(textsearch.text_positions(index, "Ḩudaydah"), before)
    assert list(index.folder.glob("text-*.arrow")) == []


def test_an_append_rewrites_the_search_file_of_the_month_it_touches(tmp_path):
    df = synthetic_events(600, seed=4)
    path = tmp_path / "events.csv"
    write_csv(df.iloc[:500], path)
    index = load_index(path, columns=MAP_COLUMNS)
    old = {p.name for p in index.folder.glob("text-*.arrow")}
    extra = df.iloc[500:].copy()
    extra["excerpt"] = "A zebracrossing was shelled."
    with path.open("a", encoding="utf-8", newline="") as f:
        extra.to_csv(f, index=False, header=False, date_format="%Y-%m-%d", lineterminator="\n")
    index = load_index(path, columns=MAP_COLUMNS)
    assert index.rebuilt
    now = {p.name for p in index.folder.glob("text-*.arrow")}
    assert now == {textsearch.text_file(p["file"]) for p in index.parts if p["rows"]}  # stale ones removed
    assert now != old
    ids = index.rows(filter_positions(index, text="ZEBRACROSSING"), ["event_id"])["event_id"]
    assert sorted(ids) == sorted(extra["event_id"])


def test_a_search_file_removed_while_searching_is_replaced_by_the_partition(csv, monkeypatch):
    index = load_index(csv, columns=MAP_COLUMNS)
    before = textsearch.text_positions(index, "killed")
    real = pa.memory_map

    def gone(path, *args):  # another process's append removed the file after it was found
        raise FileNotFoundError(2, "No such file", path)

    monkeypatch.setattr(pa, "memory_map", gone)
    assert np.array_equal(textsearch.text_positions(index, "killed"), before)
    monkeypatch.setattr(pa, "memory_map", real)
