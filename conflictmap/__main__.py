"""The command line: `python -m conflictmap COMMAND [ARGS...]`.

Each command lives beside the code it drives and exposes `cli(argv) -> int`; this table only dispatches,
so `python -m conflictmap geocode ...` does not import the event pipeline.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": (
        "conflictmap.ingest.cli",
        "build events.csv + evidence.csv from articles (txt, html, jsonl, folders)",
    ),
    "serve": ("ui.serve", "start the dashboard (streamlit run dashboard.py, warmed up for the first visitor)"),
    "geoparse": ("conflictmap.geo.geoparse_cli", "find and resolve place names in a JSONL of documents"),
    "geocode": ("conflictmap.geocode_cli", "look a place name up in the offline gazetteer (--online: and online)"),
    "validate": ("conflictmap.store.csvfile", "check an events file: valid and rejected rows with reasons"),
    "export": ("conflictmap.export.cli", "write a map snapshot or data export"),
    "query": ("conflictmap.store.query", "select events by window, type and bbox (indexed, scales to millions)"),
}


def usage() -> str:
    """The top-level help text."""
    lines = ["usage: python -m conflictmap COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<10} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines.append("\n`python -m conflictmap COMMAND --help` for a command's options.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the command's own `cli(argv)`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    cli = getattr(module, "cli", None)
    if cli is None:
        print(f"command {name!r} is not available yet", file=sys.stderr)
        return 2
    return int(cli(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
