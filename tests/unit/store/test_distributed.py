"""The Dask path over the index's partitions gives the local path's answers (LocalCluster, 2 worker processes)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from conflictmap.store.distributed import dask_count, dask_query, dask_session
from conflictmap.store.index import load_index
from conflictmap.store.query import cli
from conflictmap.store.synthetic import synthetic_events, write_csv

QUERIES = [
    {},
    {"start": date(2021, 3, 1), "end": date(2021, 3, 31)},
    {"start": date(2022, 1, 1), "types": ["Battles", "Protests"]},
    {"end": date(2019, 6, 30), "claims": ["claimed"]},
    {"bbox": (170.0, -60.0, -150.0, 70.0)},  # crosses the antimeridian
    {"types": ["Explosions/Remote violence"], "bbox": (35.0, 12.0, 55.0, 38.0), "start": date(2020, 1, 1)},
    {"start": date(2030, 1, 1)},  # no partition can match
]


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "events.csv"
    write_csv(synthetic_events(2500, seed=21), path)
    return path


@pytest.fixture(scope="module")
def client():
    with dask_session(workers=2) as c:
        yield c


def test_dask_answers_equal_the_local_ones(events, client):
    index = load_index(events)
    assert len(client.scheduler_info()["workers"]) == 2
    for q in QUERIES:
        local = index.query(**q).reset_index(drop=True)
        assert dask_count(client, events, **q) == len(local), q
        got = dask_query(client, events, **q)
        if len(local):
            pd.testing.assert_frame_equal(got, local, check_dtype=False, check_categorical=False)
        else:
            assert got.empty


def test_query_command_on_dask(events, capsys):
    args = ["--events", str(events), "--from", "2021-01-01", "--type", "Battles", "--engine", "dask", "--workers", "2"]
    assert cli(args) == 0
    on_dask = capsys.readouterr().out.strip()
    assert on_dask == str(load_index(events).count(start=date(2021, 1, 1), types=["Battles"])) != "0"
