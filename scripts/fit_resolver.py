"""Fit the geoparser's recognition and resolution weights on the external dev corpora, reproducibly.

    python -m scripts.fit_resolver [--eval ../shared/eval] [--check]

Reads the gold-annotated dev halves (GeoWebNews, LGL, TR-News) from ../shared/eval/dev (adjectival forms on, as
those corpora annotate them). Fits the recogniser (logistic regression: is a gazetteer match a toponym?) on every
match, then the resolver (conditional logit over each mention's candidates: which is within 161 km of the gold
point?) on the mentions that recogniser keeps, and writes conflictmap/geo/recognition_weights.json and
resolver_weights.json: standardisation, coefficients and row counts only, no text from the corpora.
--check exits 1 when the committed weights differ from a refit. The fitting functions here are also what
benchmarks/geoparse.py uses for its cross-validated figures. Needs scikit-learn and scipy; the geoparser does not.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from conflictmap.geo import recognition
from conflictmap.geo.geoparse import Geoparser
from conflictmap.geo.recognition import WEIGHTS_PATH as REC_PATH
from conflictmap.geo.recognition import Recogniser, mention_features
from conflictmap.geo.resolver import FEATURES, WEIGHTS_PATH, LinearResolver, _haversine, document_features

ROOT = Path(__file__).resolve().parent.parent
HIT_KM = 161.0  # a candidate within this distance of the gold point counts as right (the field's Acc@161)
FOLDS = 5
C = 0.1  # inverse regularisation strength of the logistic regression
METHOD = "listwise"


@dataclass
class TrainingSet:
    """Candidate rows of many documents: features, labels (within HIT_KM of gold) and the document of each row."""

    X: np.ndarray
    y: np.ndarray
    doc: np.ndarray  # document index per row
    mention: np.ndarray  # mention index per row (rows of one mention are contiguous)
    doc_ids: list[str]


def load_gold(path: Path) -> list[dict]:
    """Gold documents of a JSONL file ({"id", "text", "toponyms": [{"start", "end", "lat", "lon"}]})."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def fold_of(doc_id: str, k: int = FOLDS) -> int:
    """A document's cross-validation fold: a stable hash of its id, so every run splits the same way."""
    return zlib.crc32(str(doc_id).encode("utf-8")) % k


def training_set(parser: Geoparser, docs: list[dict]) -> TrainingSet:
    """Feature rows of every candidate of every recognised mention that overlaps a gold toponym with a
    right candidate; mentions without one teach nothing about ranking and are left out."""
    xs, ys, owners, groups = [], [], [], []
    for d, doc in enumerate(docs):
        text = doc["text"]
        mentions = parser.mentions(text, 0, len(text))
        if not mentions:
            continue
        feats = document_features(parser.gaz, text, mentions)
        gold = doc["toponyms"]
        for mi, m in enumerate(mentions):
            g = next((g for g in gold if g["start"] < m.end and m.start < g["end"]), None)
            if g is None:
                continue
            rows = np.flatnonzero(feats.owner == mi)
            pids = feats.pids[rows]
            km = _haversine(parser.gaz.lat[pids], parser.gaz.lon[pids], g["lat"], g["lon"])
            label = (km <= HIT_KM).astype(np.int8)
            if label.any() and not label.all():
                xs.append(feats.X[rows])
                ys.append(label)
                owners.append(np.full(len(rows), d))
                groups.append(np.full(len(rows), len(groups)))
    n = len(FEATURES)
    return TrainingSet(
        np.vstack(xs) if xs else np.zeros((0, n)), np.concatenate(ys) if ys else np.zeros(0, dtype=np.int8),
        np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64),
        np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64), [str(doc["id"]) for doc in docs],
    )  # fmt: skip


@dataclass
class RecognitionSet:
    """One row per gazetteer match before filtering: features, label (overlaps a gold toponym), document index."""

    X: np.ndarray
    y: np.ndarray
    doc: np.ndarray
    doc_ids: list[str]


def recognition_set(parser: Geoparser, docs: list[dict]) -> RecognitionSet:
    """Rows of every raw mention of every document (the recogniser's training data)."""
    xs, ys, owners = [], [], []
    for d, doc in enumerate(docs):
        text = doc["text"]
        raw = parser.recognise(text, 0, len(text))
        if not raw:
            continue
        reasons = parser.verdicts(text, raw)
        xs.append(mention_features(parser, text, raw, reasons))
        gold = doc["toponyms"]
        ys.append(np.array([any(g["start"] < m.end and m.start < g["end"] for g in gold) for m in raw], dtype=np.int8))
        owners.append(np.full(len(raw), d))
    return RecognitionSet(np.vstack(xs), np.concatenate(ys), np.concatenate(owners), [str(x["id"]) for x in docs])


def fit_recognition(X: np.ndarray, y: np.ndarray, c: float = 1.0) -> dict:
    """Standardised L2 logistic regression: is a raw mention a toponym?"""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((X - mean) / scale, y)
    return {
        "features": list(recognition.FEATURES),
        "method": "pointwise",
        "mean": [round(float(v), 8) for v in mean],
        "scale": [round(float(v), 8) for v in scale],
        "coef": [round(float(v), 8) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 8),
        "rows": len(y),
        "positives": int(y.sum()),
        "C": c,
    }


def fold_models(docs: list[dict], k: int = FOLDS) -> dict[int, tuple[Recogniser, LinearResolver]]:
    """For each fold, a recogniser and a resolver fitted without that fold's documents (the resolver on the
    mentions that fold's recogniser keeps)."""
    parser = Geoparser(adjectival=True, recogniser=False)
    rec = recognition_set(parser, docs)
    rec_folds = np.array([fold_of(rec.doc_ids[d], k) for d in rec.doc])
    out = {}
    for f in range(k):
        recogniser = Recogniser(fit_recognition(rec.X[rec_folds != f], rec.y[rec_folds != f]))
        train = [doc for doc in docs if fold_of(str(doc["id"]), k) != f]
        parser.recogniser = recogniser
        data = training_set(parser, train)
        out[f] = (recogniser, LinearResolver(fit_weights(data.X, data.y, data.mention)))
    return out


def fit_weights(X: np.ndarray, y: np.ndarray, mention: np.ndarray, c: float = C, method: str = METHOD) -> dict:
    """Standardised, L2-regularised weights; returns them JSON-ready.

    method "pointwise": scikit-learn's logistic regression on candidate rows (right / wrong).
    method "listwise": conditional logit, a logistic regression over each mention's candidates (softmax per
    mention, maximising the probability of its right candidates), fitted with scipy's L-BFGS: it learns to rank
    the candidates of one mention, which is the decision the resolver makes."""
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    if method == "pointwise":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, max_iter=5000)
        model.fit(Z, y)
        coef, intercept = model.coef_[0], float(model.intercept_[0])
    else:
        coef, intercept = _conditional_logit(Z, y, mention, c), 0.0
    return {
        "features": list(FEATURES),
        "method": method,
        "mean": [round(float(v), 8) for v in mean],
        "scale": [round(float(v), 8) for v in scale],
        "coef": [round(float(v), 8) for v in coef],
        "intercept": round(intercept, 8),
        "rows": len(y),
        "positives": int(y.sum()),
        "mentions": int(len(np.unique(mention))),
        "C": c,
    }


def _conditional_logit(Z: np.ndarray, y: np.ndarray, mention: np.ndarray, c: float) -> np.ndarray:
    """Weights maximising sum over mentions of log P(right candidates) - |w|^2 / (2c), P a softmax per mention."""
    from scipy.optimize import minimize

    starts = np.flatnonzero(np.r_[True, mention[1:] != mention[:-1]])
    pos = y.astype(bool)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = Z @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - np.repeat(top, np.diff(np.r_[starts, len(s)])))
        z_all = np.add.reduceat(e, starts)
        z_pos = np.add.reduceat(np.where(pos, e, 0.0), starts)
        sizes = np.diff(np.r_[starts, len(s)])
        p_all = e / np.repeat(z_all, sizes)
        p_pos = np.where(pos, e, 0.0) / np.repeat(z_pos, sizes)
        value = -np.sum(np.log(z_pos) - np.log(z_all)) + (w @ w) / (2 * c)
        grad = Z.T @ (p_all - p_pos) + w / c
        return float(value), grad

    res = minimize(loss, np.zeros(Z.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return res.x


CORPORA = ("gwn", "lgl", "trnews")
# a refit on another processor may differ in the last printed digits (its floating-point sums round differently);
# any change of the features or of the fitting mentions moves some number by far more than this
CHECK_TOLERANCE = 1e-6


def weights_gap(path: Path, fresh: dict) -> float:
    """The largest absolute difference between the weights committed at path and a fresh fit (inf when anything
    but the numbers differs: features, row counts, method)."""
    if not path.exists():
        return float("inf")
    committed = json.loads(path.read_text(encoding="utf-8"))
    fresh = json.loads(json.dumps(fresh))  # the rounding of the written file
    if committed.keys() != fresh.keys():
        return float("inf")
    gap = 0.0
    for key, value in committed.items():
        other = fresh[key]
        if isinstance(value, list) and value and all(isinstance(v, (int, float)) for v in value + other):
            if len(value) != len(other):
                return float("inf")
            gap = max(gap, max(abs(a - b) for a, b in zip(value, other, strict=True)))
        elif isinstance(value, float) and isinstance(other, float):
            gap = max(gap, abs(value - other))
        elif value != other:
            return float("inf")
    return gap


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
    weights["fitted_on"] = rec_weights["fitted_on"]
    text = json.dumps(weights, indent=1) + "\n"
    rec_text = json.dumps(rec_weights, indent=1) + "\n"
    print(f"recogniser: {rec_weights['rows']} mentions, {rec_weights['positives']} toponyms")
    print(f"{len(docs)} documents, {weights['rows']} candidate rows, {weights['positives']} right")
    for name, coef in sorted(zip(weights["features"], weights["coef"], strict=True), key=lambda x: -abs(x[1])):
        print(f"  {name:16} {coef:+.3f}")
    if args.check:
        gaps = [weights_gap(path, fresh) for path, fresh in ((args.out, weights), (REC_PATH, rec_weights))]
        same = all(g <= CHECK_TOLERANCE for g in gaps)
        print(f"largest difference from the committed weights: {max(gaps):.2e} (tolerance {CHECK_TOLERANCE:.0e})")
        print("committed weights are up to date" if same else "committed weights differ from a refit")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    REC_PATH.write_text(rec_text, encoding="utf-8")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
