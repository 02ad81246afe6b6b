"""Actor roles on the ACLED notes: who acted and who was hit, by kind of actor, against ACLED's coding.

ACLED names actors in full ("Military Forces of Nigeria (2015-)", "Protesters (Chile)", "Civilians (Syria)"); the
project names a kind ("Military forces of Nigeria", "Protesters", "Civilians"). Both sides are reduced to one of
seven roles (state forces, armed group, unidentified armed group, protesters, rioters, civilians, none) and
compared on the event score_acled.py picks for each report (its `judge`, imported from ../shared/eval):

  actor1        the best event's actor1 role = the gold actor1 role, over covered gold events
  actor2        the same for actor2 (an empty gold actor2 wants an empty one)
  swapped       actor1 and actor2 roles exchanged (attacker read as victim), over covered gold events whose two
                gold roles differ

usage: python -m benchmarks.actor_roles GOLD.jsonl EVENTS.csv   (benchmarks/events.py calls `actor_roles`)
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"

_ROLES = (
    (re.compile(r"^(?:military|police) forces\b|^(?:security|armed|government) forces\b|\bpolice\b|\barmy\b", re.I),
     "state forces"),
    (re.compile(r"^protesters\b", re.I), "protesters"),
    (re.compile(r"^rioters\b", re.I), "rioters"),
    (re.compile(r"^civilians\b", re.I), "civilians"),
    (re.compile(r"^unidentified\b", re.I), "unidentified armed group"),
)  # fmt: skip


def role(actor: str) -> str:
    """The kind of an actor name, ACLED's or the project's."""
    actor = (actor or "").strip()
    if not actor:
        return "none"
    for rx, name in _ROLES:
        if rx.search(actor):
            return name
    return "armed group"


def _judge():
    spec = importlib.util.spec_from_file_location("score_acled", EVAL / "score_acled.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.judge


def actor_roles(gold: list[dict], events_csv: Path) -> dict:
    """Role agreement of the best event per gold report (see the module docstring)."""
    judge = _judge()
    ids = {g["id"] for g in gold}
    by_source: dict[str, list[dict]] = defaultdict(list)
    with open(events_csv, encoding="utf-8-sig", newline="") as fh:
        for ev in csv.DictReader(fh):
            for s in (ev.get("source_ids") or "").split(";"):
                if s.strip() in ids:
                    by_source[s.strip()].append(ev)
    n = a1 = a2 = differ = swapped = 0
    for g in gold:
        best = judge(g, by_source.get(g["id"], []))["best"]
        if best is None:
            continue
        n += 1
        g1, g2, p1, p2 = role(g["actor1"]), role(g["actor2"]), role(best.get("actor1")), role(best.get("actor2"))
        a1 += p1 == g1
        a2 += p2 == g2
        if g1 != g2:
            differ += 1
            swapped += p1 == g2 and p2 == g1
    return {"actor1": round(a1 / max(1, n), 3), "actor2": round(a2 / max(1, n), 3),
            "swapped": round(swapped / max(1, differ), 3), "covered": n}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    gold = [json.loads(line) for line in Path(args[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    print(json.dumps(actor_roles(gold, Path(args[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
