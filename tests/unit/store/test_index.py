"""The Parquet index: same rows as read_events + select_events, cache rebuilt only when the CSV changes, the CLI."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date

import pandas as pd
import pytest

from conflictmap.store import build
from conflictmap.store import index as ix
from conflictmap.store.csvfile import read_events
from conflictmap.store.index import cache_path_for, load_index
from conflictmap.store.query import cli
from conflictmap.store.select import select_events
from conflictmap.store.synthetic import synthetic_events, write_csv
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory):
    """3,000 synthetic events (several countries, multi-day events) as events.csv."""
    path = tmp_path_factory.mktemp("syn") / "events.csv"
    write_csv(synthetic_events(3000, seed=11), path)
    return path


@pytest.fixture
def small_copy(tmp_path):
    path = tmp_path / "events.csv"
    shutil.copy(FIXTURES / "events_small.csv", path)
    return path


def _ids(df: pd.DataFrame) -> list[str]:
    return sorted(df["event_id"])


QUERIES = [
    {},
    {"start": date(2021, 3, 1), "end": date(2021, 3, 31)},
    {"start": date(2022, 1, 1)},
    {"end": date(2019, 6, 30)},
    {"start": date(2020, 5, 1), "end": date(2020, 5, 1)},
    {"types": ["Battles", "Protests"]},
    {"claims": ["claimed", "disputed"], "start": date(2023, 1, 1), "end": date(2023, 12, 31)},
    {"bbox": (22.0, 44.0, 41.0, 53.0)},
    {"bbox": (170.0, -60.0, -150.0, 70.0)},  # crosses the antimeridian
    {"types": ["Explosions/Remote violence"], "bbox": (35.0, 12.0, 55.0, 38.0), "start": date(2020, 1, 1)},
    {"types": ["No such type"]},
]


@pytest.mark.parametrize("q", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_query_matches_select_events(synthetic_csv, q):
    index = load_index(synthetic_csv)
    full = read_events(synthetic_csv).valid
    expected = select_events(full, q.get("start"), q.get("end"), q.get("types"), q.get("claims"), q.get("bbox"))
    got = index.query(**q)
    assert _ids(got) == _ids(expected)
    assert index.count(**q) == len(expected)
    assert got["date_from"].is_monotonic_increasing


def test_window_overlap_includes_long_events_that_start_before_the_window(small_copy):
    index = load_index(small_copy)
    # ev-b runs 2014-06-09..2014-06-15: it overlaps a window starting on the 14th.
    assert "ev-b" in set(index.query(start=date(2014, 6, 14), end=date(2014, 6, 14))["event_id"])
    assert "ev-b" not in set(index.query(start=date(2014, 6, 16))["event_id"])


def test_index_frame_is_the_loaders_frame(small_copy):
    index = load_index(small_copy)
    valid = read_events(small_copy).valid.sort_values(["date_from", "_row"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(index.events, valid)
    cached = load_index(small_copy)
    assert not cached.rebuilt
    pd.testing.assert_frame_equal(cached.events, valid)


def test_cache_is_reused_and_rebuilt_only_when_the_content_changes(small_copy):
    first = load_index(small_copy)
    assert first.rebuilt and (cache_path_for(small_copy) / "meta.json").is_file()
    assert not load_index(small_copy).rebuilt
    os.utime(small_copy, ns=(1, 1))  # mtime changes, content does not: the sha256 says the cache still holds
    assert not load_index(small_copy).rebuilt
    text = small_copy.read_text(encoding="utf-8")
    small_copy.write_text(text.replace("Mosul", "Mosol"), encoding="utf-8")  # same size, new content
    changed = load_index(small_copy)
    assert changed.rebuilt
    assert "Mosol" in set(changed.events["location"])


def test_rejected_rows_and_notes_survive_the_cache(tmp_path):
    path = tmp_path / "events.csv"
    shutil.copy(FIXTURES / "events_bad.csv", path)
    res = read_events(path)
    for index in (load_index(path), load_index(path)):
        assert index.rejected["row"].tolist() == res.rejected["row"].tolist()  # numbers, not text
        shown = index.rejected.drop(columns="row").astype(object).where(index.rejected.notna(), None)
        read = res.rejected.drop(columns="row").astype(object).where(res.rejected.notna(), None)
        assert shown.to_dict("records") == read.to_dict("records")  # missing cells stay missing
        assert list(index.rejected["reason"]) == list(res.rejected["reason"])
        assert index.problems == res.problems
        assert _ids(index.events) == _ids(res.valid)
    assert not index.rebuilt


def test_a_corrupt_cache_is_rebuilt(small_copy):
    load_index(small_copy)
    for part in cache_path_for(small_copy).glob("part-*.parquet"):
        part.write_bytes(b"not parquet")
    index = load_index(small_copy)
    assert index.rebuilt and len(index) == 6


def test_an_unwritable_cache_still_serves_and_says_so(small_copy, monkeypatch):
    def refuse(*_args, **_kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ix, "_refresh", refuse)
    index = load_index(small_copy)
    assert len(index) == 6
    assert any("index cache not written" in p for p in index.problems)


@pytest.mark.parametrize("workers", [1, 2])
def test_chunked_validation_equals_one_read_events(tmp_path, monkeypatch, workers):
    lines = (FIXTURES / "events_small.csv").read_text(encoding="utf-8").rstrip("\n").split("\n")
    header, rows = lines[0], lines[1:]
    body = []
    for i in range(30):
        for r in rows:
            body.append(r.replace("ev-", f"ev{i}-", 1))
    body.insert(3, body[0])  # duplicate in the same chunk
    body.insert(25, body[1])  # duplicate in a later chunk
    body.insert(40, "only,two")
    body.insert(41, body[41].replace("2014-06-", "2014-16-", 1))
    body[50] = body[50].replace(",Mosul,", ',"Mo\nsul\r\n=1+1",', 1)  # line breaks inside a quoted cell
    path = tmp_path / "events.csv"
    path.write_text(header + "\n" + "\n".join(body) + "\n", encoding="utf-8")
    monkeypatch.setattr(build, "CHUNKED_ABOVE_BYTES", 0)
    monkeypatch.setattr(build, "CHUNK_BYTES", 700)  # a few rows per chunk, cut on record boundaries
    whole = read_events(path)
    chunked = ix._validate(path, workers)
    assert len(whole.rejected) == 4
    pd.testing.assert_frame_equal(chunked.valid, whole.valid)
    assert list(chunked.rejected["row"].astype(int)) == list(whole.rejected["row"].astype(int))
    assert list(chunked.rejected["reason"]) == list(whole.rejected["reason"])
    assert list(chunked.rejected["event_id"]) == list(whole.rejected["event_id"])
    assert chunked.problems == whole.problems


# --- CLI -------------------------------------------------------------------------------------------------------


def test_cli_count_matches_query(small_copy, capsys):
    assert cli(["--events", str(small_copy), "--from", "2014-06-15", "--to", "2014-06-15", "--format", "count"]) == 0
    assert capsys.readouterr().out.strip() == str(load_index(small_copy).count(date(2014, 6, 15), date(2014, 6, 15)))


def test_cli_csv_neutralises_formulas_but_not_numbers(tmp_path, capsys):
    path = tmp_path / "events.csv"
    text = (FIXTURES / "events_small.csv").read_text(encoding="utf-8")
    text = text.replace(",Mosul,", ',"=HYPERLINK(""http://x"",""y"")",', 1).replace("ISIL takes the city", "+cmd|calc")
    text = text.replace(",43.11889,", ",-43.11889,", 1).replace(",Tikrit,", ",@SUM(A1),", 1)
    path.write_text(text, encoding="utf-8")
    assert cli(["--events", str(path), "--format", "csv"]) == 0
    out = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert len(out) == 6
    assert '\'=HYPERLINK("http://x","y")' in set(out["location"])
    assert "'@SUM(A1)" in set(out["location"])
    assert "'+cmd|calc" in set(out["summary"])
    assert "-43.11889" in set(out["longitude"])
    assert not any(v.startswith(("=", "+", "@")) for c in out.columns for v in out[c])


def test_cli_geojson(small_copy, capsys):
    assert cli(["--events", str(small_copy), "--type", "Battles", "--format", "geojson"]) == 0
    gj = json.loads(capsys.readouterr().out)
    assert gj["type"] == "FeatureCollection"
    assert sorted(f["properties"]["event_id"] for f in gj["features"]) == ["ev-d", "ev-f"]
    f = next(f for f in gj["features"] if f["properties"]["event_id"] == "ev-d")
    assert f["geometry"]["coordinates"] == [42.44806, 36.37913]
    assert f["properties"]["date_from"] == "2014-06-15"


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2014-13-01"],
        ["--bbox", "1,2,3"],
        ["--bbox", "10,50,20,40"],
        ["--type", "Battle"],
        ["--claim", "rumoured"],
        ["--from", "2014-06-20", "--to", "2014-06-01"],
        ["--format", "xlsx"],
        ["--no-such-option"],
    ],
)
def test_cli_bad_arguments_exit_1(small_copy, args, capsys):
    assert cli(["--events", str(small_copy), *args]) == 1
    assert "error:" in capsys.readouterr().err


def test_cli_unreadable_file_exits_2(tmp_path, capsys):
    assert cli(["--events", str(tmp_path / "missing.csv")]) == 2
    assert "not found" in capsys.readouterr().err
    binary = tmp_path / "events.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert cli(["--events", str(binary)]) == 2
    assert "binary" in capsys.readouterr().err


def test_dispatcher_runs_query(small_copy, capsys):
    from conflictmap.__main__ import main

    assert main(["query", "--events", str(small_copy)]) == 0
    assert capsys.readouterr().out.strip() == "6"


# --- partitions, projected reads, appends -------------------------------------------------------------------------


@pytest.mark.parametrize("q", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_count_from_the_partitions_matches_the_index(synthetic_csv, q):
    from conflictmap.store import partitions

    index = load_index(synthetic_csv)
    meta = partitions.fresh_meta(synthetic_csv)
    assert meta is not None and len(meta["partitions"]) > 12  # one per month
    got = partitions.count(
        cache_path_for(synthetic_csv), meta, *(q.get(k) for k in ("start", "end", "types", "claims", "bbox"))
    )
    assert got == index.count(**q)


def test_a_projected_load_reads_the_other_columns_on_demand(synthetic_csv):
    full = load_index(synthetic_csv)
    lean = load_index(synthetic_csv, columns=ix.MAP_COLUMNS)
    assert set(lean.events.columns) == set(ix.MAP_COLUMNS)
    assert lean.count(start=date(2021, 1, 1), types=["Battles"]) == full.count(
        start=date(2021, 1, 1), types=["Battles"]
    )
    picked = lean.query(start=date(2020, 2, 1), end=date(2020, 9, 20), types=["Battles"]).index[::-3]
    assert len(picked) > 3
    rows = lean.rows(picked)  # the order given, every column, from the row groups that hold them
    pd.testing.assert_frame_equal(rows, full.events.loc[picked])
    assert list(lean.rows(picked[:2], ["excerpt"]).columns) == ["excerpt"]


def test_an_append_rewrites_only_the_months_it_touches(tmp_path, monkeypatch):
    df = synthetic_events(2000, seed=5)
    path = tmp_path / "events.csv"
    write_csv(df.iloc[:1900], path)
    before = load_index(path)
    meta = json.loads((cache_path_for(path) / "meta.json").read_text())
    files = {p["name"]: p["file"] for p in meta["partitions"]}
    extra = df.iloc[1900:].copy()
    extra.iloc[0, 0] = df.iloc[5, 0]  # an event_id an old row already has: rejected, as one read would say
    extra_text = extra.to_csv(index=False, header=False, date_format="%Y-%m-%d", lineterminator="\n")
    with path.open("a", encoding="utf-8") as f:
        f.write(extra_text)
    monkeypatch.setattr(ix, "_build", lambda *a: pytest.fail("rebuilt instead of extended"))
    after = load_index(path)
    assert after.rebuilt and len(after) == len(before) + 99
    meta2 = json.loads((cache_path_for(path) / "meta.json").read_text())
    touched = set(pd.to_datetime(extra["date_from"]).dt.strftime("%Y-%m"))
    kept = {p["name"] for p in meta2["partitions"] if files.get(p["name"]) == p["file"]}
    assert kept and kept == set(files) - touched  # untouched months keep their files
    whole = read_events(path)
    expected = whole.valid.sort_values(["date_from", "_row"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(after.events, expected)
    assert after.rejected["row"].tolist() == whole.rejected["row"].tolist()
    assert list(after.rejected["reason"]) == list(whole.rejected["reason"])


def test_a_chunked_build_spills_by_month_and_equals_one_read(tmp_path, monkeypatch):
    df = synthetic_events(1500, seed=8)
    df.iloc[1400, 0] = df.iloc[3, 0]  # a duplicate id in a later chunk
    path = tmp_path / "events.csv"
    write_csv(df, path)
    monkeypatch.setattr(build, "CHUNKED_ABOVE_BYTES", 0)
    monkeypatch.setattr(build, "CHUNK_BYTES", 50_000)
    index = load_index(path, workers=2)
    whole = read_events(path)
    expected = whole.valid.sort_values(["date_from", "_row"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(index.events, expected)
    assert index.rejected["row"].tolist() == whole.rejected["row"].tolist() == [1402]
    assert list(index.rejected["reason"]) == list(whole.rejected["reason"])


def test_sources_are_counted_from_hashes_as_from_the_text(tmp_path):
    def count_sources(events):
        return len({s for ids in events["source_ids"] for s in ids.split(";") if s})

    df = synthetic_events(800, seed=4)
    df.loc[::7, "source_ids"] = df.loc[::7, "source_ids"] + ";shared-1;shared-2"
    df.loc[::11, "source_ids"] = ""
    path = tmp_path / "events.csv"
    write_csv(df, path)
    full = load_index(path)
    lean = load_index(path, columns=ix.MAP_COLUMNS, sources=True)
    for q in ({}, {"start": date(2020, 1, 1), "end": date(2021, 1, 1)}, {"types": ["Battles"]}):
        sel = full.query(**q)
        assert lean.count_sources(lean.positions(**q)) == count_sources(sel) == full.count_sources(sel.index)
        assert lean.count_sources(sel.index) == count_sources(sel)


def test_an_unchanged_file_is_not_hashed_again(small_copy, monkeypatch):
    load_index(small_copy)
    monkeypatch.setattr(ix, "hash_file", lambda *a, **k: pytest.fail("hashed although size, mtime and inode agree"))
    assert not load_index(small_copy).rebuilt


def test_count_on_an_up_to_date_index_imports_neither_pandas_nor_the_loader(synthetic_csv):
    import subprocess
    import sys

    load_index(synthetic_csv)
    code = (
        "import sys\nfrom conflictmap.__main__ import main\n"
        f"main(['query', '--events', {str(synthetic_csv)!r}, '--from', '2021-01-01', '--type', 'Battles'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas' or m == 'conflictmap.store.csvfile'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == str(load_index(synthetic_csv).count(start=date(2021, 1, 1), types=["Battles"]))
    assert out[1] == "[]"


def test_type_and_claim_filters_skip_missing_codes():
    """The filters gather a lookup table by category code: a missing value (code -1) never matches."""
    from conflictmap.store.index import _in_codes

    cat = pd.Categorical(["Riots", None, "Battles", "Riots", None])
    assert _in_codes(cat, ["Riots", "Protests"], 0, 5).tolist() == [True, False, False, True, False]
    assert _in_codes(cat, ["Battles"], 1, 4).tolist() == [False, True, False]
    assert not _in_codes(cat, ["Protests"], 0, 5).any()


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_day_numbers_of_a_date_column_as_numpy_gives_them(unit):
    from conflictmap.store.partitions import day_array

    s = pd.Series(pd.to_datetime(["1969-12-31 23:00", "2020-01-01 00:00", "1900-03-04 12:00", None]))
    s = s.astype(f"datetime64[{unit}]")
    expected = s.to_numpy("datetime64[D]").astype("int64")  # before 1970: floored, as numpy's cast
    assert day_array(s, fill=-7).tolist() == [*expected[:3].tolist(), -7]


def test_the_prefix_hash_is_what_the_whole_file_gave_at_that_length(tmp_path, monkeypatch):
    # an append is recognised by the hash of the old length's bytes; the file is hashed in chunks (two threads)
    from conflictmap.store import partitions

    monkeypatch.setattr(partitions, "HASH_CHUNK", 10)
    content = bytes(range(65, 65 + 35))
    whole = tmp_path / "whole.csv"
    whole.write_bytes(content)
    for n in (0, 5, 10, 19, 20, 23, 35):
        shorter = tmp_path / f"first{n}.csv"
        shorter.write_bytes(content[:n])
        assert partitions.hash_file(whole, prefix=n)[1] == partitions.hash_file(shorter)[0]
    assert partitions.hash_file(whole, prefix=36)[1] is None
    changed = tmp_path / "changed.csv"
    changed.write_bytes(content[:12] + b"!" + content[13:])
    assert partitions.hash_file(changed)[0] != partitions.hash_file(whole)[0]
    assert partitions.hash_file(changed, prefix=10)[1] == partitions.hash_file(whole, prefix=10)[1]
    assert partitions.hash_file(changed, prefix=20)[1] != partitions.hash_file(whole, prefix=20)[1]
