"""`python -m conflictmap query`: select events by window, type, claim and bbox from the index.

Kept light: a count whose index is up to date (judged by stat, no hashing) imports only numpy and pyarrow and reads
only the columns its filters use, of the month partitions the window can touch; pandas and the loader are imported
only when the index must be built or rows printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conflictmap.model import CLAIM_STATUSES, EVENT_TYPES, EVENTS_CSV
from conflictmap.store.partitions import bbox_arg, date_arg


class _BadArguments(Exception):
    """Command-line arguments that cannot be used (exit 1)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit 2; 2 is kept for unreadable files
        raise _BadArguments(message)


def _csv(df) -> str:
    from conflictmap.store.eventfiles import event_columns, events_csv

    return events_csv(df, event_columns(df))  # the csv export's writer: same guard, same columns, same cells


def _geojson(df) -> str:
    from conflictmap.store.eventfiles import event_columns, events_geojson

    return events_geojson(df, event_columns(df))  # the geojson export's writer, without the export's metadata


def _note_rejected(n: int) -> None:
    if n:
        print(f"note: {n} rejected row(s) left out; see `python -m conflictmap validate`", file=sys.stderr)


def cli(argv: list[str]) -> int:
    """`python -m conflictmap query`: 0 ok, 1 bad arguments, 2 unreadable events file."""
    ap = _Parser(prog="python -m conflictmap query", description="Select events by window, type, claim and bbox.")
    ap.add_argument("--events", type=Path, default=EVENTS_CSV, help="events CSV (default: the project's events.csv)")
    ap.add_argument("--from", dest="start", type=date_arg, help="window start, YYYY-MM-DD (events overlapping count)")
    ap.add_argument("--to", dest="end", type=date_arg, help="window end, YYYY-MM-DD, inclusive")
    ap.add_argument("--type", dest="types", action="append", metavar="T", help=f"event type, repeatable: {EVENT_TYPES}")
    ap.add_argument("--claim", dest="claims", action="append", metavar="C", help=f"claim status: {CLAIM_STATUSES}")
    ap.add_argument("--bbox", type=bbox_arg, help="W,S,E,N in degrees; W > E crosses the antimeridian")
    ap.add_argument("--format", choices=("count", "csv", "geojson"), default="count")
    ap.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="dask: run on a Dask cluster over the index's Parquet partitions")  # fmt: skip
    ap.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (tcp://HOST:8786)")
    ap.add_argument("--workers", type=int, default=2, help="with --engine dask and no --scheduler: local workers")
    try:
        args = ap.parse_args(argv)
        _check_choices(args)
    except _BadArguments as exc:
        print(f"{ap.format_usage()}error: {exc}", file=sys.stderr)
        return 1
    query = (args.start, args.end, args.types, args.claims, args.bbox)
    if args.format == "count" and args.engine == "local" and args.events.is_file():
        from conflictmap.store import partitions

        meta = partitions.fresh_meta(args.events)
        if meta is not None:  # the index is up to date: count from the columns the filters use
            _note_rejected(meta["rejected_count"])
            print(partitions.count(partitions.cache_path_for(args.events), meta, *query))
            return 0
    from conflictmap.store.csvfile import StoreError
    from conflictmap.store.index import load_index

    try:
        index = load_index(args.events, columns=())  # the query columns only
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _note_rejected(len(index.rejected))
    if args.engine == "dask":
        from conflictmap.store.distributed import dask_count, dask_query, dask_session

        with dask_session(args.scheduler, args.workers) as client:
            if args.format == "count":
                print(dask_count(client, args.events, *query))
            else:
                df = dask_query(client, args.events, *query)
                sys.stdout.write(_csv(df) if args.format == "csv" else _geojson(df))
        return 0
    if args.format == "count":
        print(index.count(*query))
    else:
        df = index.rows(_positions(index.positions(*query), len(index)))
        sys.stdout.write(_csv(df) if args.format == "csv" else _geojson(df))
    return 0


def _positions(pos, n: int):
    import numpy as np

    return np.arange(n)[pos] if isinstance(pos, slice) else pos


def _check_choices(args: argparse.Namespace) -> None:
    if args.start and args.end and args.start > args.end:
        raise _BadArguments(f"--from {args.start} is after --to {args.end}")
    for given, allowed, flag in ((args.types, EVENT_TYPES, "--type"), (args.claims, CLAIM_STATUSES, "--claim")):
        bad = [v for v in given or [] if v not in allowed]
        if bad:
            raise _BadArguments(f"{flag} {bad[0]!r} is not one of: {', '.join(allowed)}")
