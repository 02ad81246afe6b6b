"""`python -m conflictmap geoparse`: toponyms of a JSONL of documents, in the evaluation's prediction format."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from conflictmap.geo.geoparse import Geoparser
from conflictmap.model import Toponym


def toponym_json(t: Toponym) -> dict:
    """The CLI's record of one toponym (format of ../shared/eval/README.md) plus `embedded` and `note`."""
    d = t.to_json()
    if t.note:
        d["note"] = t.note
    d["embedded"] = "organisation" in t.note
    d["place_name"] = t.place.name if t.place else None
    return d


def parse_documents(lines: list[str], parser: Geoparser) -> tuple[list[dict], list[str]]:
    """Parse JSONL documents; returns the output records and one error message per bad line."""
    out, errors = [], []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            if not isinstance(doc, dict) or not isinstance(doc.get("text"), str) or "id" not in doc:
                raise ValueError('each line needs {"id": ..., "text": "..."}')
        except (json.JSONDecodeError, ValueError) as exc:
            errors.append(f"line {n}: {exc}")
            continue
        text = doc["text"]
        out.append({"id": doc["id"], "toponyms": [toponym_json(t) for t in parser.parse(text)]})
    return out, errors


def _worker_init(adjectival: bool = False) -> None:
    global _WORKER
    _WORKER = Geoparser(adjectival=adjectival)


def _worker_parse(chunk: list[str]) -> tuple[list[dict], list[str]]:
    return parse_documents(chunk, _WORKER)


_WORKER: Geoparser | None = None


def cli(argv: list[str]) -> int:
    """python -m conflictmap geoparse IN.jsonl -o OUT.jsonl [--workers N]"""
    ap = argparse.ArgumentParser(prog="python -m conflictmap geoparse", description="Find and place toponyms.")
    ap.add_argument("input", type=Path, help='JSONL, one {"id", "text"} per line')
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=1, help="processes (each loads the gazetteer once)")
    ap.add_argument("--adjectival", action="store_true",
                    help="also tag adjectival forms ('Iraqi', 'European') as toponyms, as GeoWebNews/LGL/TR-News do")  # fmt: skip
    args = ap.parse_args(argv)
    try:
        lines = args.input.read_text(encoding="utf-8").split(
            "\n"
        )  # not splitlines: U+2028 may sit inside a JSON string
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.input}: {exc}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    if args.workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        size = max(1, len(lines) // (args.workers * 4))
        chunks = [lines[i : i + size] for i in range(0, len(lines), size)]
        records, errors = [], []
        with ProcessPoolExecutor(args.workers, initializer=_worker_init, initargs=(args.adjectival,)) as pool:
            for recs, errs in pool.map(_worker_parse, chunks):
                records += recs
                errors += errs
    else:
        records, errors = parse_documents(lines, Geoparser(adjectival=args.adjectival))
    from conflictmap.store.csvfile import atomic_write_text

    atomic_write_text(args.output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    for e in errors:
        print(f"{args.input}: {e} (skipped)", file=sys.stderr)
    dt = time.perf_counter() - t0
    print(
        f"{len(records)} documents, {sum(len(r['toponyms']) for r in records)} toponyms in {dt:.1f}s", file=sys.stderr
    )
    return 1 if errors and not records else 0


__all__ = ["cli", "parse_documents", "toponym_json"]
