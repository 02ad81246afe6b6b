"""One long article without a full stop: time to read its places and events, by length (issue #18).

    python -m benchmarks.long_text [--quick]

The article is one endless sentence dense with place names ("militants killed 3 civilians in Mosul, Tikrit and
Baghdad and ..."), the worst case for the steps that compare mentions with each other. Prints a table (characters,
seconds, windows read) and writes benchmarks/results/long_text.json. Before geoparsing in windows, 248,000
characters took 243 s on the 2-core machine; growth should now be about linear in the length.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from conflictmap.ingest.pipeline import article_events, worker_parser
from conflictmap.model import Article

ROOT = Path(__file__).resolve().parent.parent


def long_text(clauses: int) -> str:
    """An article of `clauses` clauses joined by 'and', with no sentence end until the last."""
    body = " and ".join(f"militants killed {i % 9 + 2} civilians in Mosul, Tikrit and Baghdad" for i in range(clauses))
    return "MOSUL, Iraq -- " + body + ".\n"


def main(argv: list[str] | None = None) -> int:
    """Time article_events on ever longer texts; print and save the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the two shortest texts")
    args = ap.parse_args(argv)
    parser = worker_parser()
    article_events(Article(id="warm", text=long_text(10), published="2014-06-15"), parser)  # gazetteer loaded
    rows = []
    for clauses in (500, 1000) if args.quick else (500, 1000, 2000, 4000):
        text = long_text(clauses)
        t0 = time.perf_counter()
        events, report = article_events(Article(id="long", text=text, published="2014-06-15"), parser)
        seconds = time.perf_counter() - t0
        windows = next((s for s in report.skipped if "windows" in s), "one window")
        rows.append({"characters": len(text), "seconds": round(seconds, 2), "events": len(events), "read": windows})
        print(f"{len(text):>9,} chars  {seconds:7.2f} s  {len(events)} event(s)  {windows}")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "long_text.json").write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
