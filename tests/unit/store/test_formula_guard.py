"""One spreadsheet-formula guard (store.csvfile.neutralise_formula) for every CSV written for spreadsheets."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from conflictmap.export import formats as export
from conflictmap.export.snapshot import make_snapshot
from conflictmap.store.csvfile import csv_text, neutralise_formula, read_events
from conflictmap.store.eventfiles import events_csv, geojson_text
from conflictmap.store.query import cli
from tests.conftest import FIXTURES

CASES = [
    ("=1+1", True),
    ("+1", True),
    ("-2+3", True),
    ("@SUM(A1)", True),
    (" =1", True),
    ("   @x", True),
    ("\n=1", True),
    ("\r\n+1", True),
    ("\xa0=1", True),  # non-breaking space
    ("\u3000-1", True),  # ideographic space
    ("\u200b=1", True),  # zero-width space
    ("\ufeff@x", True),  # byte-order mark
    ("\uff1dHYPERLINK(1)", True),  # fullwidth = + - @
    ("\uff0b1", True),
    ("\uff0d1", True),
    ("\uff20x", True),
    ("\tcmd", True),
    ("\rcmd", True),
    ("'quoted", True),  # so that stripping one apostrophe always gives the original back
    ("", False),
    ("Mosul", False),
    (" Mosul", False),
    ("1-2", False),
    ("a=b", False),
    ("12", False),
    ("   ", False),
]


@pytest.mark.parametrize(("text", "guarded"), CASES)
def test_guard(text, guarded):
    assert neutralise_formula(text) == ("'" + text if guarded else text)


@pytest.mark.parametrize("dtype", ["string", object])
def test_the_writer_uses_the_guard_on_text_columns_only(dtype):
    texts = [t for t, _ in CASES]
    df = pd.DataFrame({"text": pd.Series(texts, dtype=dtype), "number": pd.Series(texts, dtype=dtype)})
    rows = list(csv.reader(io.StringIO(events_csv(df, ["text", "number"], numeric=["number"]))))
    assert [r[0] for r in rows[1:]] == [neutralise_formula(t).replace("\r\n", "\n").replace("\r", "\n") for t in texts]
    assert [r[1] for r in rows[1:]] == [t.replace("\r\n", "\n").replace("\r", "\n") for t in texts]


DISGUISED = {"location": " =HYPERLINK(1)", "summary": "\xa0+cmd", "actor1": "\uff20SUM(A1)", "claimed_by": "\n-1"}


@pytest.fixture
def disguised(tmp_path):
    df = read_events(FIXTURES / "events_small.csv").valid
    for col, text in DISGUISED.items():
        df[col] = text
    path = tmp_path / "events.csv"
    path.write_text(csv_text(df.to_dict("records"), [c for c in df.columns if c != "_row"]), encoding="utf-8")
    return path


def _guarded(text: str) -> bool:
    return text.startswith("'") and text[1:] in DISGUISED.values()


@pytest.mark.parametrize("fmt", ["csv", "acled-csv"])
def test_exports_use_the_guard(disguised, fmt):
    out = export.render(fmt, make_snapshot(read_events(disguised).valid))
    rows = pd.read_csv(io.StringIO(out.decode() if isinstance(out, bytes) else out), dtype=str, keep_default_na=False)
    cols = ["location", "summary", "actor1", "claimed_by"] if fmt == "csv" else ["location", "actor1"]
    assert all(_guarded(v) for c in cols for v in rows[c]), rows[cols]


def test_the_query_command_uses_the_guard(disguised, capsys):
    assert cli(["--events", str(disguised), "--format", "csv"]) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert all(_guarded(v) for c in DISGUISED for v in rows[c]), rows[list(DISGUISED)]


HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "@x", "-2+3", "a\rb", "\r\n=1", "ok"]


def test_query_and_export_write_hostile_cells_alike(tmp_path, capsys):
    """One writer: the query command's CSV is the csv export's, byte for byte (same guard, same columns, line
    breaks in cells as \\n: a lone carriage return written raw would split the row for a reader)."""
    df = read_events(FIXTURES / "events_small.csv").valid
    for i, col in enumerate(["location", "summary", "actor1", "claimed_by", "excerpt"]):
        df[col] = [HOSTILE[(i + k) % len(HOSTILE)] for k in range(len(df))]
    path = tmp_path / "events.csv"
    df.drop(columns="_row").to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\r\n")  # "\r" quoted
    assert "a\rb" in set(read_events(path).valid["location"])
    exported = export.render("csv", make_snapshot(read_events(path).valid)).decode("utf-8")
    assert cli(["--events", str(path), "--format", "csv"]) == 0
    queried = capsys.readouterr().out
    assert queried == exported
    rows = list(csv.reader(io.StringIO(queried)))
    assert len(rows) == 1 + len(df) and {r[rows[0].index("location")] for r in rows[1:]} >= {"'+1", "'@x", "'-2+3"}


def test_query_and_export_write_the_same_features(tmp_path, capsys):
    """One GeoJSON writer: the query command's features are the geojson export's (events without coordinates left
    out, id = event_id, properties in events.csv's columns), only the export's metadata member is not there."""
    df = read_events(FIXTURES / "events_small.csv").valid
    df["location"] = [HOSTILE[k % len(HOSTILE)] for k in range(len(df))]
    df.loc[df.index[0], ["latitude", "longitude"]] = [None, None]
    path = tmp_path / "events.csv"
    df.drop(columns="_row").to_csv(path, index=False, date_format="%Y-%m-%d", lineterminator="\r\n")
    exported = json.loads(export.render("geojson", make_snapshot(read_events(path).valid)))
    assert cli(["--events", str(path), "--format", "geojson"]) == 0
    queried = capsys.readouterr().out
    assert queried == geojson_text({"type": "FeatureCollection", "features": exported["features"]})
    assert len(exported["features"]) == len(df) - 1
