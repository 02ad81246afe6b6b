"""Fitting the resolver's weights on gold-annotated documents, and k-fold cross-validation by document.

Used by scripts/fit_resolver.py (the shipped weights) and benchmarks/geoparse.py (held-out-fold figures). Needs
scikit-learn, which the geoparser itself does not: it only reads the fitted weights (resolver.LinearResolver).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from conflictmap.geo.geoparse import Geoparser
from conflictmap.geo.resolver import FEATURES, LinearResolver, _haversine, document_features

HIT_KM = 161.0  # a candidate within this distance of the gold point counts as right (the field's Acc@161)
FOLDS = 5
C = 1.0  # inverse regularisation strength of the logistic regression


@dataclass
class TrainingSet:
    """Candidate rows of many documents: features, labels (within HIT_KM of gold) and the document of each row."""

    X: np.ndarray
    y: np.ndarray
    doc: np.ndarray  # document index per row
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
    xs, ys, owners = [], [], []
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
    n = len(FEATURES)
    return TrainingSet(
        np.vstack(xs) if xs else np.zeros((0, n)), np.concatenate(ys) if ys else np.zeros(0, dtype=np.int8),
        np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64), [str(doc["id"]) for doc in docs],
    )  # fmt: skip


def fit_weights(X: np.ndarray, y: np.ndarray, c: float = C) -> dict:
    """Standardised L2 logistic regression over candidate rows; returns the JSON-ready weights."""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((X - mean) / scale, y)
    return {
        "features": list(FEATURES),
        "mean": [round(float(v), 8) for v in mean],
        "scale": [round(float(v), 8) for v in scale],
        "coef": [round(float(v), 8) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 8),
        "rows": len(y),
        "positives": int(y.sum()),
        "C": c,
    }


def fold_resolvers(data: TrainingSet, k: int = FOLDS) -> dict[int, LinearResolver]:
    """One resolver per fold, each fitted without that fold's documents."""
    folds = np.array([fold_of(data.doc_ids[d], k) for d in data.doc])
    return {f: LinearResolver(fit_weights(data.X[folds != f], data.y[folds != f])) for f in range(k)}
