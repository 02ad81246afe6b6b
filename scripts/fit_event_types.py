"""Fit the incident-note type guess (conflictmap/events/typeguess.py) on the project's own written reports.

    python -m scripts.fit_event_types [--check] [--cv]

Reads benchmarks/data/written/dev*.jsonl (reports written for the project, with their ACLED coding; the held-out
written sets are never read here), fits a multinomial logistic regression over typeguess.tokens (features seen in
at least MIN_COUNT reports) and writes conflictmap/events/type_weights.json: the classes, intercepts and the
weights of at least WEIGHT_FLOOR, rounded. A refit with the same data and packages is byte-identical.
--check exits 1 when the committed weights differ from a refit; --cv prints the 5-fold accuracy of the sub-type
and of the type. Needs scikit-learn; the guess itself does not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from conflictmap.events.typeguess import WEIGHTS_PATH, tokens

ROOT = Path(__file__).resolve().parent.parent
WRITTEN = ROOT / "benchmarks" / "data" / "written"
MIN_COUNT = 2
C = 8.0
WEIGHT_FLOOR = 0.05
DIGITS = 3


def training_reports() -> list[dict]:
    """The written development reports (dev.jsonl, dev2.jsonl ...), never the held-out ones."""
    rows = []
    for path in sorted(WRITTEN.glob("dev*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def _matrix(rows: list[dict], vocab: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(rows), len(vocab)), dtype=np.float64)
    for i, r in enumerate(rows):
        for tok in tokens(r["text"]):
            j = vocab.get(tok)
            if j is not None:
                x[i, j] = 1.0
    return x


def fit(rows: list[dict]) -> dict:
    """The weights file's content, fitted on `rows`."""
    from sklearn.linear_model import LogisticRegression

    counts = Counter(tok for r in rows for tok in tokens(r["text"]))
    vocab = {tok: j for j, tok in enumerate(sorted(t for t, n in counts.items() if n >= MIN_COUNT))}
    classes = sorted({(r["event_type"], r["sub_event_type"]) for r in rows})
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[(r["event_type"], r["sub_event_type"])] for r in rows])
    model = LogisticRegression(C=C, max_iter=5000, tol=1e-8)
    model.fit(_matrix(rows, vocab), y)
    coef: dict[str, dict[str, float]] = {}
    names = sorted(vocab, key=vocab.get)
    for j, tok in enumerate(names):
        ws = {str(ci): round(float(model.coef_[k, j]), DIGITS) for k, ci in enumerate(model.classes_)}
        ws = {k: v for k, v in ws.items() if abs(v) >= WEIGHT_FLOOR}
        if ws:
            coef[tok] = ws
    intercept = [0.0] * len(classes)
    for k, ci in enumerate(model.classes_):
        intercept[int(ci)] = round(float(model.intercept_[k]), DIGITS)
    return {"classes": [list(c) for c in classes], "intercept": intercept, "coef": coef,
            "fitted_on": {"reports": len(rows), "features": len(vocab), "C": C}}  # fmt: skip


def _dump(weights: dict) -> str:
    return json.dumps(weights, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def cross_validate(rows: list[dict], folds: int = 5) -> tuple[float, float]:
    """(sub-type accuracy, type accuracy) of the guess over `folds` folds (reports dealt round-robin)."""
    from conflictmap.events import typeguess

    right_sub = right_type = 0
    for k in range(folds):
        train = [r for i, r in enumerate(rows) if i % folds != k]
        test = [r for i, r in enumerate(rows) if i % folds == k]
        weights = fit(train)
        for r in test:
            etype, sub, _ = typeguess.guess(r["text"], weights)
            right_sub += (etype, sub) == (r["event_type"], r["sub_event_type"])
            right_type += etype == r["event_type"]
    return right_sub / len(rows), right_type / len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when the committed weights differ from a refit")
    ap.add_argument("--cv", action="store_true", help="print the 5-fold cross-validated accuracy")
    args = ap.parse_args(argv)
    rows = training_reports()
    if args.cv:
        sub, etype = cross_validate(rows)
        print(f"5-fold over {len(rows)} written reports: sub-type {sub:.3f}, type {etype:.3f}")
        return 0
    text = _dump(fit(rows))
    if args.check:
        same = WEIGHTS_PATH.exists() and WEIGHTS_PATH.read_text(encoding="utf-8") == text
        print(
            "type weights up to date" if same else "type weights differ from a refit: python -m scripts.fit_event_types"
        )
        return 0 if same else 1
    from conflictmap.store.csvfile import atomic_write_text

    atomic_write_text(WEIGHTS_PATH, text)
    print(f"wrote {WEIGHTS_PATH.relative_to(ROOT)} ({len(rows)} reports)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
