"""`python -m conflictmap export --format FMT [filters] -o PATH`: one export of the events a filter selects."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conflictmap.export.formats import EXPORT_FORMATS, write_export
from conflictmap.export.screenshot import RendererUnavailable, chromium_problem, render_png
from conflictmap.export.snapshot import DEFAULT_SIZE, data_version, make_snapshot
from conflictmap.model import EVENTS_CSV
from conflictmap.store.csvfile import StoreError, atomic_write_bytes, read_events
from conflictmap.store.index import bbox_arg, date_arg


def _bbox_arg(s: str) -> tuple[float, float, float, float]:
    """The query CLI's bbox, with a height: an export frames the map on it."""
    w, so, e, n = bbox_arg(s)
    if so >= n:
        raise argparse.ArgumentTypeError(f"{s!r}: need S<N")
    return w, so, e, n


def _size_arg(s: str) -> int:
    v = int(s)
    if not 200 <= v <= 8000:
        raise argparse.ArgumentTypeError(f"{s} px: use 200..8000")
    return v


def parser() -> argparse.ArgumentParser:
    """The export command's options."""
    ap = argparse.ArgumentParser(
        prog="python -m conflictmap export", description="Write a map snapshot or data export."
    )
    ap.add_argument("--format", required=True, choices=list(EXPORT_FORMATS), help="output format")
    ap.add_argument("--events", default=str(EVENTS_CSV), help="events CSV (default: the project's events.csv)")
    ap.add_argument("--from", dest="start", type=date_arg, help="first day of the window (YYYY-MM-DD)")
    ap.add_argument("--to", dest="end", type=date_arg, help="last day of the window (YYYY-MM-DD)")
    ap.add_argument("--type", dest="types", action="append", default=[], help="event type to keep (repeatable)")
    ap.add_argument("--claim", dest="claims", action="append", default=[], help="claim status to keep (repeatable)")
    ap.add_argument("--bbox", type=_bbox_arg, help="W,S,E,N in degrees: keep events inside, frame the map on it")
    sized = ", ".join(f.name for f in EXPORT_FORMATS.values() if f.sized)
    ap.add_argument("--width", type=_size_arg, default=DEFAULT_SIZE[0], help=f"image width in px ({sized})")
    ap.add_argument("--height", type=_size_arg, default=DEFAULT_SIZE[1], help=f"image height in px ({sized})")
    ap.add_argument("--renderer", choices=("auto", "chromium", "matplotlib"), default="auto", help="png renderer")
    ap.add_argument("-o", "--output", required=True, help="output file")
    return ap


def cli(argv: list[str]) -> int:
    """`python -m conflictmap export --format FMT [filters] -o PATH`: 0 written, 1 nothing selected, 2 bad input."""
    args = parser().parse_args(argv)
    if args.start and args.end and args.end < args.start:
        print(f"error: --to {args.end} is before --from {args.start}", file=sys.stderr)
        return 2
    try:
        loaded = read_events(args.events)
        version = data_version(args.events)
    except StoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not loaded.rejected.empty:
        print(f"note: {len(loaded.rejected)} rejected row(s) left out; `python -m conflictmap validate {args.events}`")
    name = Path(args.events).name
    snap = make_snapshot(loaded.valid, args.start, args.end, args.types, args.claims, args.bbox, version, name)
    if args.format == "png" and args.renderer == "chromium" and (problem := chromium_problem()):
        print(f"error: {problem} (apt-get install chromium); or use --renderer matplotlib", file=sys.stderr)
        return 2
    used = ""
    if args.format == "png":
        try:
            data, used = render_png(snap, args.width, args.height, args.renderer)
        except RendererUnavailable as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        atomic_write_bytes(args.output, data)
        written = [Path(args.output)]
    else:
        written = write_export(args.format, snap, args.output, args.width, args.height, renderer=args.renderer)
    print(f"{', '.join(map(str, written))}: {snap.caption()}" + (f" · rendered with {used}" if used else ""))
    return 0 if len(snap.events) else 1
