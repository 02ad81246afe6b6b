"""The Events, Sources and Data quality pages' reads of the index: filters, option lists and id lookups give what
the old whole-frame code gave, reading only the columns they need (never the excerpts of rows not shown)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conflictmap.store import scan
from conflictmap.store.index import MAP_COLUMNS, EventIndex, load_index
from conflictmap.store.synthetic import synthetic_events, write_csv
from conflictmap.store.table import (
    SEARCH_COLUMNS,
    actors,
    filter_positions,
    filter_table,
    index_actors,
    index_sources,
    sources,
)


@pytest.fixture(scope="module")
def csv(tmp_path_factory):
    df = synthetic_events(3000, seed=5)
    df.loc[df.index[::7], "source_ids"] = df["source_ids"][::7] + ";shared-src"
    df.loc[df.index[::11], "actor2"] = ""
    df.loc[df.index[::13], "summary"] = "Straße closed; " + df["summary"][::13]
    path = tmp_path_factory.mktemp("scan") / "events.csv"
    write_csv(df, path)
    return path


@pytest.fixture(scope="module")
def full(csv):
    """Every column of every row, as the pages loaded them before (the index's date order)."""
    return load_index(csv).events


@pytest.fixture
def index(csv):
    return load_index(csv, columns=MAP_COLUMNS, sources=True)


@pytest.fixture
def reads(monkeypatch):
    """Every column read from the partitions: by scan.chunks and by EventIndex.rows (with the rows asked for)."""
    got = {"chunks": [], "rows": []}
    real_chunks, real_rows = scan.chunks, EventIndex.rows

    def chunks(index, columns):
        got["chunks"].append(tuple(columns))
        return real_chunks(index, columns)

    def rows(self, positions, columns=None):
        got["rows"].append((np.asarray(positions).tolist(), None if columns is None else tuple(columns)))
        return real_rows(self, positions, columns)

    monkeypatch.setattr(scan, "chunks", chunks)
    monkeypatch.setattr("conflictmap.store.table.chunks", chunks)
    monkeypatch.setattr(EventIndex, "rows", rows)
    return got


def ids_at(index, positions) -> list[str]:
    return index.rows(positions, ["event_id"])["event_id"].tolist() if len(positions) else []


FILTERS = [
    {},
    {"types": ["Battles", "Riots"]},
    {"claims": ["claimed"], "precisions": [2, 3]},
    {"actor_names": ["Islamic State", "Police Forces"]},
    {"source_ids": ["shared-src"]},
    {"text": "KILLED"},
    {"text": "syn5_0000012"},
    {"text": "battles syn"},  # across two columns: as the old row-wise join matched it
    {"types": ["Battles"], "text": "in", "precisions": [1]},
    {"text": "no such words anywhere"},
    {"text": "STRASSE"},  # matched as pandas' string columns match ("Straße" does not), not by Python's upper()
    {"text": " Ḩudaydah "},
]


def old_filter(df: pd.DataFrame, text: str = "", **filters) -> pd.DataFrame:
    """The Events page's filter as it was: the text searched in a row-wise join of the search columns."""
    df = filter_table(df, **filters)
    if text.strip():
        hay = df[list(SEARCH_COLUMNS)].astype(str).agg(" ".join, axis=1)
        df = df[hay.str.contains(text.strip(), case=False, regex=False)]
    return df


@pytest.mark.parametrize("filters", FILTERS)
def test_filter_positions_keep_the_rows_filter_table_keeps(index, full, filters):
    expected = old_filter(full, **filters)["event_id"].tolist()
    assert filter_table(full, **filters)["event_id"].tolist() == expected
    pos = filter_positions(index, **filters)
    assert ids_at(index, pos) == expected
    assert list(pos) == sorted(pos)


def test_filters_read_only_the_columns_they_need(index, reads, monkeypatch):
    import pyarrow.parquet as pq

    read = []
    real = pq.read_table
    monkeypatch.setattr(pq, "read_table", lambda *a, **k: read.append(k) or real(*a, **k))
    filter_positions(index, types=["Battles"], claims=["claimed"], precisions=[1])
    assert reads["chunks"] == [] and read == []  # the loaded columns answer these
    filter_positions(index, actor_names=["Police Forces"], types=["Battles"])
    # the actor columns alone, dictionary-encoded (their codes compared, no string per row)
    assert reads["chunks"] == [] and reads["rows"] == []
    assert read and all(k["columns"] == k["read_dictionary"] == ["actor1", "actor2"] for k in read)


def test_option_lists_are_the_old_ones_from_their_columns_only(index, full, reads, monkeypatch):
    import pyarrow.parquet as pq

    read = []
    real = pq.read_table
    monkeypatch.setattr(pq, "read_table", lambda *a, **k: read.append(k) or real(*a, **k))
    assert index_actors(index) == actors(full)
    # the actor columns only, dictionary-encoded: no string made per row
    assert read and all(k["columns"] == k["read_dictionary"] == ["actor1", "actor2"] for k in read)
    assert index_sources(index) == sources(full)
    assert reads["chunks"] == [("source_ids",)]


def test_ids_are_found_by_hash_and_checked(index, full, reads):
    wanted = [*full["event_id"].iloc[[0, 17, 2999]], "not-an-id", full["event_id"].iloc[17]]
    found = scan.positions_of(index, wanted)
    assert set(found) == set(wanted[:3])
    assert {k: ids_at(index, [v])[0] for k, v in found.items()} == {k: k for k in found}
    assert reads["chunks"] == [("_idh",)]
    assert all(cols == ("event_id",) for _, cols in reads["rows"])  # the ids of the candidates, nothing else
    assert scan.positions_of(index, []) == {} and scan.positions_of(index, ["nope"]) == {}


def test_a_column_not_loaded_is_read_alone(index, full, reads):
    conf = scan.column(index, "geo_confidence")
    assert "geo_confidence" not in index.events.columns
    assert np.allclose(conf.to_numpy(), full["geo_confidence"].to_numpy(), equal_nan=True)
    assert np.array_equal(scan.column(index, "latitude"), full["latitude"], equal_nan=True)
    assert reads["chunks"] == [("geo_confidence",)]  # latitude is loaded: not read again


def test_an_index_served_from_memory_is_scanned_the_same(index, full, csv):
    mem = EventIndex(full[list(dict.fromkeys(["event_id", *MAP_COLUMNS]))], path=str(csv), full=full)
    for filters in FILTERS[3:6]:
        assert filter_table(full, **filters).index.tolist() == filter_positions(mem, **filters).tolist()
    assert scan.positions_of(mem, [full["event_id"].iloc[5], "x"]) == {full["event_id"].iloc[5]: 5}
    assert index_sources(mem) == sources(full)
    pd.testing.assert_series_equal(scan.column(mem, "summary"), full["summary"])
