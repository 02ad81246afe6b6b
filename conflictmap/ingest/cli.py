"""`python -m conflictmap ingest PATH... -o events.csv`: articles -> events.csv + evidence.csv, on one machine or Dask.

The command line of conflictmap.ingest.pipeline (local processes) and conflictmap.ingest.cluster (Dask); it sits
beside both so that neither imports the other's caller. Corrections logged beside the output are re-applied.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from conflictmap.ingest.cache import ExtractionCache
from conflictmap.ingest.pipeline import ingest, report_line
from conflictmap.ingest.quarantine import Quarantine, quarantine_path_for


def cli(argv: list[str]) -> int:
    """python -m conflictmap ingest PATH... -o events.csv"""
    from conflictmap.store.csvfile import atomic_write_text

    ap = argparse.ArgumentParser(prog="python -m conflictmap ingest", description="Articles -> events.csv")
    ap.add_argument("paths", nargs="+", type=Path,
                    help=".txt (+ .json sidecar), .html web pages, .rss/.atom/.xml feeds, .pdf, .jsonl files or folders")  # fmt: skip
    ap.add_argument("-o", "--output", type=Path, required=True, help="events.csv (evidence.csv is written beside it)")
    ap.add_argument("--report", type=Path, help="write the per-article report as JSON here")
    ap.add_argument("--workers", type=int, default=1, help="extraction processes (each loads the gazetteer once)")
    ap.add_argument("--engine", choices=("local", "dask"), default="local", help="dask: extract on a Dask cluster")
    ap.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster of --workers processes)")
    ap.add_argument("--no-cache", action="store_true", help="re-extract every article (ignore .cache/ingest)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per article: reader, date source, left out")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    # pathological articles (too many places, too slow) are recorded in the data folder and skipped from then on
    quarantine = Quarantine(quarantine_path_for(args.output))
    if args.engine == "dask":
        from conflictmap.ingest.cluster import ingest_dask

        events, reports, problems = ingest_dask(args.paths, scheduler=args.scheduler, workers=max(1, args.workers),
                                                quarantine=quarantine)  # fmt: skip
    else:
        cache = ExtractionCache(None) if args.no_cache else ExtractionCache()
        events, reports, problems = ingest(args.paths, workers=args.workers, cache=cache, quarantine=quarantine)
    if not reports and problems:
        for p in problems:
            print(p, file=sys.stderr)
        return 2
    from conflictmap.events.corrections import write_corrected_events

    # an analyst's edits (corrections.csv beside the events file) are re-applied on every ingest, read under the
    # events file's lock so that one saved meanwhile is not lost
    events, stale = write_corrected_events(events, args.output)
    problems += stale
    for p in problems:
        print(p, file=sys.stderr)
    for r in reports:
        if args.verbose:
            print(report_line(r), file=sys.stderr)
        for s in r.skipped:
            print(f"{r.id}: {s}", file=sys.stderr)
    if args.report:
        atomic_write_text(args.report, json.dumps([r.__dict__ for r in reports], indent=1))
    dt = time.perf_counter() - t0
    cached = sum(r.cached for r in reports)
    held = sum(bool(r.quarantined) for r in reports)
    print(f"{len(reports)} articles ({cached} unchanged, from cache" + (f"; {held} quarantined, not read: "
          f"{quarantine.path}" if held else "") + f") -> {len(events)} events in {dt:.1f}s -> {args.output}",
          file=sys.stderr)  # fmt: skip
    return 0
