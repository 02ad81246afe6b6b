"""Synthetic events.csv (or articles) for scale tests: the command line of conflictmap.store.synthetic.

    .venv/bin/python -m scripts.make_synthetic 1000000 -o events-1m.csv [--seed 7]
    .venv/bin/python -m scripts.make_synthetic 2000 --articles -o synthetic-articles [--seed 7]

--articles writes N news-like articles instead (.txt + .json sidecar with the publication date, ~600 words each):
templated event sentences about real towns amid filler text, for ingest benchmarks. Every event row passes
conflictmap.store.csvfile.read_events; the output is the same for the same N and --seed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conflictmap.store.synthetic import synthetic_articles, synthetic_events, write_csv


def main(argv: list[str] | None = None) -> int:
    """Generate N events and write them."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of events")
    ap.add_argument("-o", "--output", type=Path, default=Path("events-synthetic.csv"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--articles", action="store_true", help="write N articles into the folder -o instead")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("N must be >= 0")
    if args.articles:
        synthetic_articles(args.n, args.output, args.seed)
        print(f"{args.n} synthetic articles -> {args.output}", file=sys.stderr)
        return 0
    write_csv(synthetic_events(args.n, args.seed), args.output)
    print(f"{args.n} synthetic events -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
