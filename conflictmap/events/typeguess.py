"""A guess at an incident note's kind when no trigger word of the lexicon is read in it.

An incident note ("On 8 May 2020, in X, ...": an event log's entry, an NGO bulletin's line, an ACLED-style note) is
an event by construction. When the lexicon reads no trigger in it, the note is not dropped (nothing an analyst
gave is lost): extract.py keeps one event for it, typed by this guess and marked as guessed in its summary.

The guess is a bag-of-words logistic regression over ACLED sub-event types (lower-cased words and word pairs), its
weights in type_weights.json fitted by scripts/fit_event_types.py on the reports written for the project
(benchmarks/data/written/dev*.jsonl); no evaluation set's text or gold goes into it. Below MIN_SHARE, or without
weights, the guess is ACLED's catch-all, Strategic developments / Other.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

WEIGHTS_PATH = Path(__file__).with_name("type_weights.json")
FALLBACK = ("Strategic developments", "Other")
MIN_SHARE = 0.4  # the best sub-type's probability must reach this, else the catch-all
_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")
_DIGITS = re.compile(r"\d+")


def tokens(text: str) -> list[str]:
    """The features of a text: its lower-cased words, numbers as '#', and each pair of neighbouring words."""
    words = _WORD.findall(_DIGITS.sub(" # ", text.lower()).replace("#", "num"))
    return sorted(set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)})


@lru_cache(maxsize=1)
def _weights() -> dict | None:
    if not WEIGHTS_PATH.exists():
        return None
    return json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))


def guess(text: str, weights: dict | None = None) -> tuple[str, str, float]:
    """(event_type, sub_event_type, probability) of the likeliest kind; the catch-all below MIN_SHARE. `weights`: a
    weights file's content other than the shipped one (cross-validation folds)."""
    w = weights or _weights()
    if not w:
        return (*FALLBACK, 0.0)
    classes = w["classes"]  # [[event_type, sub_event_type], ...]
    scores = list(w["intercept"])
    coef = w["coef"]  # feature -> {class index: weight}
    for tok in tokens(text):
        for ci, v in coef.get(tok, {}).items():
            scores[int(ci)] += v
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    best = max(range(len(scores)), key=lambda i: scores[i])
    share = exps[best] / sum(exps)
    if share < MIN_SHARE:
        return (*FALLBACK, share)
    return classes[best][0], classes[best][1], share
