"""Hostile and broken input files: every bad file gets a message naming it, and good files beside it still load."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.__main__ import main as cli_main
from conflictmap.ingest.decode import decode_article, decode_article_bytes
from conflictmap.ingest.pipeline import read_articles
from conflictmap.store.csvfile import read_events
from tests.conftest import FIXTURES, ROOT

BAD = FIXTURES / "bad_files"
STORY = "Five people were killed in shelling of Mosul on Sunday, officials said."
NESTING = 100_000


def article(folder: Path, name: str, data: bytes, published: str = "2014-06-15") -> Path:
    """Write an article and its metadata sidecar."""
    p = folder / name
    p.write_bytes(data)
    p.with_suffix(".json").write_text(json.dumps({"published": published}), encoding="utf-8")
    return p


def binary_bytes(n: int, with_nul: bool) -> bytes:
    rng = random.Random(9)
    lowest = 0 if with_nul else 1
    return bytes(rng.randrange(lowest, 256) for _ in range(n))


def nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + f"<p>{STORY}</p>" + "</div>" * depth + "</body></html>").encode()


# name, bytes, substring of the message about the file (None: loads with no message), loads?
CASES = [
    ("empty.txt", b"", "empty file", False),
    ("blank.txt", b"  \r\n\t\n", "no text", False),
    ("binary.txt", binary_bytes(4000, with_nul=True), "looks binary", False),
    ("noise.txt", binary_bytes(4000, with_nul=False), "looks binary", False),
    ("utf16-no-bom.txt", f"Mosul\n\n{STORY}\n".encode("utf-16-le"), "looks binary", False),
    ("truncated.txt", f"Mosul\n\n{STORY} Café".encode()[:-1], "truncated", True),
    ("latin1.txt", f"Mosul café\n\n{STORY}\n".encode("latin-1"), "read as cp1252", True),
    ("utf16.txt", f"Mosul\n\n{STORY}\n".encode("utf-16"), "UTF-16", True),
    ("utf8-bom.txt", f"Mosul\n\n{STORY}\n".encode("utf-8-sig"), None, True),
    ("crlf.txt", f"Mosul\r\n\r\n{STORY}\r\n".encode(), None, True),
    ("nested.html", nested_html(NESTING), None, True),
]


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    """A folder with one valid article beside every kind of bad file (the 50 MB one made here, not committed)."""
    folder = tmp_path_factory.mktemp("bad_articles")
    article(folder, "good.txt", f"Mosul shelling\n\n{STORY}\n".encode())
    for name, data, _, _ in CASES:
        article(folder, name, data)
    with open(folder / "huge.txt", "wb") as f:  # 50 MB of text, written in chunks
        chunk = (STORY + "\n").encode() * 10_000
        while f.tell() < 50 * 2**20:
            f.write(chunk)
    article(folder, "bad-sidecar.txt", f"Mosul\n\n{STORY}\n".encode())
    (folder / "bad-sidecar.json").write_text("[1, 2]", encoding="utf-8")
    article(folder, "bad-meta-date.txt", f"Mosul\n\n{STORY}\n".encode(), published="last Sunday")
    (folder / "bad-dateline.txt").write_text(f"Mosul\n\n31 February 2014\n\n{STORY}\n", encoding="utf-8")
    (folder / "articles.jsonl").write_bytes((BAD / "articles.jsonl").read_bytes())
    return folder


@pytest.fixture(scope="module")
def loaded(bad_folder):
    return read_articles([bad_folder])


def messages_for(problems: list[str], name: str) -> list[str]:
    return [p for p in problems if p.startswith((f"{name}:", f"{name} line"))]


@pytest.mark.parametrize(("name", "data", "message", "loads"), CASES, ids=[c[0] for c in CASES])
def test_each_bad_article_is_named_in_a_message(loaded, name, data, message, loads):
    articles, problems = loaded
    ids = {a.id for a in articles}
    stem = Path(name).stem
    assert (stem in ids) == loads, problems
    found = messages_for(problems, name)
    if message is None:
        assert found == []
    else:
        assert len(found) == 1 and message in found[0], problems
        assert ("skipped" in found[0]) != loads


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("huge.txt", "MB, limit 20 MB); split the file"),
        ("bad-sidecar.txt", "bad-sidecar.json: metadata is not a JSON object"),
        ("bad-meta-date.txt", "published 'last Sunday' is not an ISO date"),
        ("bad-dateline.txt", "dateline '31 February 2014' is not a real date"),
    ],
)
def test_files_that_cannot_be_used_are_skipped_with_a_reason(loaded, name, message):
    articles, problems = loaded
    found = messages_for(problems, name)
    assert len(found) == 1 and "skipped" in found[0] and message in found[0], problems
    assert Path(name).stem not in {a.id for a in articles}


def test_jsonl_messages_name_the_line_and_good_lines_load(loaded):
    articles, problems = loaded
    assert "jl-good" in {a.id for a in articles}
    lines = {int(p.split(" line ")[1].split(":")[0]) for p in messages_for(problems, "articles.jsonl")}
    assert lines == {2, 3, 4, 5}
    assert not {"jl-number", "jl-baddate"} & {a.id for a in articles}


def test_decoded_text_keeps_crlf_and_the_words(loaded):
    by_id = {a.id: a for a in loaded[0]}
    assert by_id["crlf"].text == f"Mosul\r\n\r\n{STORY}\r\n"
    assert by_id["latin1"].text.startswith("Mosul café")
    assert by_id["utf16"].text == by_id["utf8-bom"].text == f"Mosul\n\n{STORY}\n"
    assert by_id["truncated"].text.endswith("Caf\ufffd")
    assert STORY in by_id["nested"].text


def test_ingest_cli_reports_every_bad_file_and_still_writes_events(bad_folder, loaded, tmp_path):
    out = tmp_path / "events.csv"
    run = subprocess.run([sys.executable, "-m", "conflictmap", "ingest", str(bad_folder), "-o", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    for name in ("empty.txt", "binary.txt", "noise.txt", "huge.txt", "truncated.txt", "latin1.txt", "utf16.txt"):
        assert f"{name}:" in run.stderr
    assert "articles.jsonl line 2:" in run.stderr
    events = read_events(out)
    assert events.ok
    sources = {s for ids in events.valid["source_ids"] for s in ids.split(";")}
    # every readable article about the same shelling is merged into one Mosul event citing all of them
    assert {"good", "latin1", "utf16", "crlf", "nested", "jl-good"} <= sources
    assert not {"empty", "binary", "huge", "bad-sidecar"} & sources
    by_id = {a.id: a.text for a in loaded[0]}
    with open(tmp_path / "evidence.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            cited = by_id[r["source_id"]][int(r["start"]) : int(r["end"])]
            # offsets point into the decoded text (CRLF kept); csv_text stores line breaks in cells as "\n"
            assert cited.strip().replace("\r\n", "\n") == r["excerpt"].strip(), r


def test_crlf_blank_line_splits_sentences_like_lf():
    from conflictmap.ingest.text import sentences

    lf, crlf = f"Mosul\n\n{STORY}\n", f"Mosul\r\n\r\n{STORY}\r\n"
    assert len(sentences(lf)) == 2
    assert len(sentences(crlf)) == 2


def test_decode_limits_and_bom_handling():
    assert decode_article_bytes(b"\xef\xbb\xbfabc", "a.txt") == "abc"
    assert decode_article_bytes(b"\xfe\xff" + "abc".encode("utf-16-be"), "a.txt") == "abc"
    assert decode_article_bytes(b"\xff\xfe\x00\x00" + "abc".encode("utf-32-le"), "a.txt") == "abc"
    assert decode_article(b"plain", "a.txt") == ("plain", "")
    with pytest.raises(ValueError, match=r"big\.txt: too large"):
        decode_article_bytes(b"x" * 11, "big.txt", max_bytes=10)
    with pytest.raises(ValueError, match=r"odd\.txt: starts with a utf-16-le byte-order mark"):
        decode_article_bytes(b"\xff\xfe\x00\xd8", "odd.txt")


# ---- events.csv variants through the `validate` command (read_events itself is covered in test_store.py)


def validate(capsys, path: Path, *extra: str) -> tuple[int, str, str]:
    code = cli_main(["validate", str(path), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_validate_names_file_row_and_problem_and_writes_rejects(capsys, tmp_path):
    path = BAD / "events_mixed.csv"
    rejects = tmp_path / "rejects.csv"
    code, out, _ = validate(capsys, path, "--rejects", str(rejects))
    assert code == 1
    expected = {
        3: "event_date '2014-13-45' is not an ISO date",
        4: "latitude 95.5 is out of range",
        5: "longitude -181.0 is out of range",
        6: "fatalities 'dozens' is not a whole number",
        7: "duplicate event_id 'good-1'",
    }
    for row, reason in expected.items():
        assert any(line.startswith(f"{path}: row {row}: ") and reason in line for line in out.splitlines()), out
    assert "extra column(s) note" in out and f"{path}: 2 valid row(s), 5 rejected" in out
    with open(rejects, encoding="utf-8", newline="") as f:
        kept = list(csv.DictReader(f))
    assert [int(r["row"]) for r in kept] == sorted(expected)
    assert kept[-1]["note"] == "same id again"  # the rejected row is kept whole, extra column included
    assert sorted(read_events(path).valid["event_id"]) == ["good-1", "good-2"]


def test_validate_json_for_missing_required_column(capsys):
    code, out, _ = validate(capsys, BAD / "events_no_longitude.csv", "--json")
    report = json.loads(out)
    assert code == 1 and report["valid"] == 0 and len(report["rejected"]) == 2
    assert any("events_no_longitude.csv: missing required column(s) longitude" in p for p in report["problems"])
    assert all("missing column(s) longitude" in r["reason"] for r in report["rejected"])


def test_validate_missing_optional_columns_still_load(capsys, tmp_path, small_events):
    rows = list(csv.DictReader(small_events.open(encoding="utf-8")))
    keep = ["event_id", "event_date", "latitude", "longitude", "location"]
    p = tmp_path / "thin.csv"
    with open(p, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keep, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    code, out, _ = validate(capsys, p)
    assert (
        code == 0 and "thin.csv: missing optional column(s)" in out and f"{len(rows)} valid row(s), 0 rejected" in out
    )


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03PK", b""], ids=["binary", "empty"])
def test_validate_unreadable_file_exits_2_naming_it(capsys, tmp_path, data):
    p = tmp_path / "broken.csv"
    p.write_bytes(data)
    code, out, err = validate(capsys, p)
    assert code == 2 and "broken.csv" in err and out == ""


def test_validate_exit_codes_from_a_real_process(small_events):
    ok = subprocess.run([sys.executable, "-m", "conflictmap", "validate", str(small_events)], cwd=ROOT,
                        capture_output=True, text=True, timeout=60)  # fmt: skip
    bad = subprocess.run([sys.executable, "-m", "conflictmap", "validate", str(BAD / "events_mixed.csv")], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (ok.returncode, bad.returncode) == (0, 1), (ok.stderr, bad.stderr)
