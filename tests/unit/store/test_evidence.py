"""Evidence rows looked up by source or event id: the same rows as reading the whole file and filtering it, read from
Parquet segments that are extended when rows are appended and rebuilt when the file is rewritten."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conflictmap.model import EVIDENCE_COLUMNS
from conflictmap.store import evidence as ev
from conflictmap.store.csvfile import read_evidence
from conflictmap.store.partitions import cache_path_for


def _rows(n: int, first: int = 0) -> pd.DataFrame:
    """n evidence rows: 7 sources citing events, some rows without offsets, excerpts with commas and quotes."""
    k = np.arange(first, first + n)
    return pd.DataFrame({
        "event_id": [f"ev-{i // 2}" for i in k],
        "source_id": [f"src-{i % 7}" for i in k],
        "start": [("" if i % 5 == 0 else str(i * 10)) for i in k],
        "end": [("" if i % 5 == 0 else str(i * 10 + 9)) for i in k],
        "excerpt": [f'Row {i}, "quoted"\nsecond line' for i in k],
    })  # fmt: skip


@pytest.fixture
def evidence_csv(tmp_path):
    path = tmp_path / "evidence.csv"
    _rows(300).to_csv(path, index=False, lineterminator="\n")
    return path


def _expected(path, sources=None, events=None) -> pd.DataFrame:
    df = read_evidence(path)
    keep = pd.Series(True, index=df.index)
    if sources is not None:
        keep &= df["source_id"].isin(sources)
    if events is not None:
        keep &= df["event_id"].isin(events)
    return df[keep].reset_index(drop=True)


@pytest.mark.parametrize(
    "sources, events",
    [
        (["src-3"], None),
        (None, ["ev-4", "ev-120", "nope"]),
        (["src-1", "src-2"], ["ev-8", "ev-9"]),
        (["nope"], None),
        ([], None),
        (None, None),
    ],  # fmt: skip
)
def test_the_same_rows_as_the_whole_file_filtered(evidence_csv, sources, events):
    got = ev.evidence_rows(evidence_csv, sources, events)
    pd.testing.assert_frame_equal(got, _expected(evidence_csv, sources, events))
    assert list(got.columns) == list(EVIDENCE_COLUMNS)


def test_a_missing_file_has_no_rows(tmp_path):
    got = ev.evidence_rows(tmp_path / "evidence.csv", ["src-1"])
    assert got.empty and list(got.columns) == list(EVIDENCE_COLUMNS)


def test_a_lookup_reads_only_the_matching_rows(evidence_csv, monkeypatch):
    ev.evidence_rows(evidence_csv, ["src-0"])  # builds the segments
    parsed, read = [], []
    real_read_rows = ev.read_rows
    monkeypatch.setattr(ev, "read_evidence", lambda p: parsed.append(p) or read_evidence(p))
    monkeypatch.setattr(
        ev, "read_rows", lambda pf, local, cols: read.append(list(local)) or real_read_rows(pf, local, cols)
    )
    got = ev.evidence_rows(evidence_csv, ["src-3"])
    assert parsed == []  # the file is not parsed again
    assert read == [[i for i in range(300) if i % 7 == 3]]  # the text of this source's rows only
    pd.testing.assert_frame_equal(got, _expected(evidence_csv, ["src-3"]))


def test_appended_rows_are_parsed_alone(evidence_csv, monkeypatch):
    ev.evidence_rows(evidence_csv, ["src-0"])
    parsed = []
    monkeypatch.setattr(ev, "read_evidence", lambda p: parsed.append(len(read_evidence(p))) or read_evidence(p))
    with evidence_csv.open("a", encoding="utf-8", newline="") as f:
        _rows(40, first=300).to_csv(f, index=False, header=False, lineterminator="\n")
    got = ev.evidence_rows(evidence_csv, ["src-2"], None)
    assert parsed == [40]  # the new rows, not the 340
    monkeypatch.undo()
    pd.testing.assert_frame_equal(got, _expected(evidence_csv, ["src-2"]))
    got = ev.evidence_rows(evidence_csv, None, ["ev-150", "ev-151", "ev-3"])
    pd.testing.assert_frame_equal(got, _expected(evidence_csv, None, ["ev-150", "ev-151", "ev-3"]))


def test_a_rewritten_file_is_read_again(evidence_csv):
    ev.evidence_rows(evidence_csv, ["src-1"])
    df = _rows(300).iloc[::-1]
    df.loc[df.index[0], "excerpt"] = "changed"
    df.to_csv(evidence_csv, index=False, lineterminator="\n")
    for sources in (["src-1"], ["src-4"]):
        pd.testing.assert_frame_equal(ev.evidence_rows(evidence_csv, sources), _expected(evidence_csv, sources))
    assert len(list(cache_path_for(evidence_csv).glob("evidence-*.parquet"))) == 1  # the old segment removed


def test_an_unwritable_cache_reads_the_whole_file(evidence_csv, monkeypatch):
    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ev, "_up_to_date", refuse)
    pd.testing.assert_frame_equal(ev.evidence_rows(evidence_csv, ["src-5"]), _expected(evidence_csv, ["src-5"]))


def test_a_utf16_file_grown_at_the_end_is_read_again_whole(tmp_path):
    path = tmp_path / "evidence.csv"

    def write(n: int) -> None:  # big-endian, with its mark: the file still ends with a newline byte
        path.write_bytes(b"\xfe\xff" + _rows(n).to_csv(index=False, lineterminator="\n").encode("utf-16-be"))

    write(30)
    ev.evidence_rows(path, ["src-1"])
    write(45)  # the same rows, and more
    for sources in (["src-1"], None):
        pd.testing.assert_frame_equal(ev.evidence_rows(path, sources), _expected(path, sources))


def test_a_segment_removed_by_another_process_reads_the_whole_file(evidence_csv, monkeypatch):
    ev.evidence_rows(evidence_csv, ["src-1"])
    # the meta this process read names a segment that a rebuild in another process has removed since
    monkeypatch.setattr(ev, "_up_to_date", lambda path, folder: {"segments": [{"file": "evidence-gone.parquet"}]})
    pd.testing.assert_frame_equal(ev.evidence_rows(evidence_csv, ["src-1"]), _expected(evidence_csv, ["src-1"]))
