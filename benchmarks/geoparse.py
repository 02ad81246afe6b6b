"""Geoparser benchmark: the geoparse CLI over the seed gold and the external dev corpora, scored by the shared scorer.

    python benchmarks/geoparse.py [--corpus seeds|gwn|lgl|trnews ...] [--workers N]

Needs ../shared/eval (skips with a message when it is absent). Prints one table row per corpus (precision, recall,
F1, Acc@161, Acc@tolerance, AUC, docs/s) and writes benchmarks/results/geoparse.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = ROOT / "benchmarks" / "results"
CORPORA = {"seeds": EVAL / "seed_toponyms.jsonl", **{c: EVAL / "dev" / f"{c}.jsonl" for c in ("gwn", "lgl", "trnews")}}
TARGETS = {"seeds": (0.95, None), "gwn": (0.80, 0.90), "lgl": (0.80, 0.85), "trnews": (0.80, 0.90)}


def input_lines(gold_path: Path) -> list[str]:
    """The CLI's input for a gold file: {"id", "text"} per document (seed texts come from ../shared/seeds)."""
    out = []
    for line in gold_path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        doc = json.loads(line)
        text = doc.get("text")
        if text is None:
            text = (SEEDS / doc["file"]).read_text(encoding="utf-8")
        out.append(json.dumps({"id": doc["id"], "text": text}))
    return out


def run(corpus: str, workers: int, adjectival: bool) -> dict:
    """Geoparse one corpus with the CLI and score it; returns the scorer's figures plus timing."""
    gold = CORPORA[corpus]
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        lines = input_lines(gold)
        inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "conflictmap", "geoparse", str(inp), "-o", str(out), "--workers", str(workers)]
            + (["--adjectival"] if adjectival else []),
            cwd=ROOT, check=True, stderr=subprocess.PIPE,
        )  # fmt: skip
        wall = time.perf_counter() - t0
        # parse time without start-up: time a second in-process pass
        from conflictmap.geo.geoparse import Geoparser

        parser = Geoparser(adjectival=adjectival)
        texts = [json.loads(x)["text"] for x in lines]
        t1 = time.perf_counter()
        for t in texts:
            parser.parse(t)
        parse_s = time.perf_counter() - t1
        score = subprocess.run(
            [sys.executable, str(EVAL / "score_toponyms.py"), str(gold), str(out), "--json"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        figures = json.loads(score.stdout.splitlines()[0])
    words = sum(len(t.split()) for t in texts)
    figures.update(
        corpus=corpus, adjectival=adjectival, wall_s=round(wall, 2), parse_s=round(parse_s, 3),
        docs_per_s=round(len(texts) / parse_s, 1), words_per_doc=round(words / len(texts)),
        docs_per_s_600w=round(len(texts) / parse_s * (words / len(texts)) / 600, 1),
    )  # fmt: skip
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", choices=list(CORPORA))
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-adjectival", action="store_true", help="flip each corpus' annotation scheme (for comparison)")
    args = ap.parse_args(argv)
    if not EVAL.exists():
        print(f"skipped: {EVAL.name}/ not found beside the project (../shared/eval)")
        return 0
    # The external corpora annotate adjectival forms ("Iraqi", "European") as toponyms; our seed gold does not.
    rows = [
        run(c, args.workers, adjectival=(c != "seeds") != args.no_adjectival) for c in (args.corpus or list(CORPORA))
    ]
    print(
        f"{'corpus':8} {'adj':>3} {'P':>6} {'R':>6} {'F1':>6} {'Acc161':>7} {'AccTol':>7} {'AUC':>6} {'docs/s':>7} {'@600w':>7}"
    )
    for r in rows:
        print(f"{r['corpus']:8} {'yes' if r['adjectival'] else 'no':>3} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['acc161']:7.3f} "
              f"{r['acc_tol']:7.3f} {r['auc']:6.3f} {r['docs_per_s']:7.1f} {r['docs_per_s_600w']:7.1f}")  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "geoparse.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
