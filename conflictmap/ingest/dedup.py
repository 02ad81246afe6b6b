"""Near-duplicate articles and publishers: the same story stored twice is one source, not corroboration.

An article's text is reduced to its word 5-grams (shingles); a MinHash signature of NUM_HASHES minimums
estimates how alike two shingle sets are (Jaccard). Signatures are cut into bands, and only articles sharing
a band are compared (locality-sensitive hashing), so the work grows linearly with the number of articles and
their length. Articles whose estimated likeness is at least DUPLICATE_SIMILARITY are duplicates of the first
one read: they are still read (their excerpts stay evidence), but count as that one source.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict

import numpy as np

from conflictmap.model import Article

SHINGLE_WORDS = 5
NUM_HASHES = 64
BANDS = 16  # 16 bands of 4 rows: pairs at Jaccard 0.8 share a band with probability > 0.999
DUPLICATE_SIMILARITY = 0.8
SIGNATURE_CHUNK = 16_384  # shingles per step of signature()
_PRIME = (1 << 61) - 1
_RNG = np.random.default_rng(20140610)  # fixed: signatures (and so the result) never depend on the run
_A = _RNG.integers(1, _PRIME, NUM_HASHES, dtype=np.uint64)
_B = _RNG.integers(0, _PRIME, NUM_HASHES, dtype=np.uint64)
WORD = re.compile(r"\w+")


def shingles(text: str) -> np.ndarray:
    """The distinct 64-bit hashes of the text's word 5-grams (lower case, punctuation ignored)."""
    words = WORD.findall(text.lower()) or [""]
    ids = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    n = max(1, len(ids) - SHINGLE_WORDS + 1)
    grams = np.zeros(n, dtype=np.uint64)
    for j in range(min(SHINGLE_WORDS, len(ids))):  # a polynomial hash of each 5-gram, in uint64 (wrapping) arithmetic
        grams = grams * np.uint64(1_000_003) + ids[j : j + n]
    return np.unique(grams) % np.uint64(_PRIME)


def signature(text: str) -> np.ndarray:
    """The text's MinHash signature: per hash function, the smallest permuted shingle."""
    s = shingles(text)
    # (a * x + b) mod p in 64-bit arithmetic; the wrap-around of the product keeps it a fixed, well-mixed permutation.
    # Shingles are taken SIGNATURE_CHUNK at a time, so a 10 MB article needs megabytes, not a gigabyte.
    lowest = None
    for k in range(0, len(s), SIGNATURE_CHUNK):
        part = ((np.outer(_A, s[k : k + SIGNATURE_CHUNK]) + _B[:, None]) % np.uint64(_PRIME)).min(axis=1)
        lowest = part if lowest is None else np.minimum(lowest, part)
    return lowest


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard likeness of two texts from their signatures (share of equal minimums)."""
    return float(np.mean(a == b))


def find_duplicates(articles: list[Article]) -> tuple[dict[str, str], list[str]]:
    """Duplicate article id -> the id of the first article it repeats, and one message per duplicate."""
    rows = NUM_HASHES // BANDS
    buckets: dict[tuple, list[int]] = defaultdict(list)
    kept: list[Article] = []
    sigs = np.empty((max(1, len(articles)), NUM_HASHES), dtype=np.uint64)  # kept articles' signatures, in order
    same: dict[str, str] = {}
    notes: list[str] = []
    for art in articles:
        sig = signature(art.text)
        keys = [(band, sig[band * rows : (band + 1) * rows].tobytes()) for band in range(BANDS)]
        shared = [buckets[k] for k in keys if k in buckets]
        best, alike = None, 0.0
        if shared:
            # every candidate at once (many similar wire items share bands): the most alike, the first on a tie
            candidates = np.unique(np.concatenate([np.asarray(b, dtype=np.int64) for b in shared]))
            likeness = (sigs[candidates] == sig).mean(axis=1)
            top = int(np.argmax(likeness))
            best, alike = int(candidates[top]), float(likeness[top])
        if best is not None and alike >= DUPLICATE_SIMILARITY and kept[best].id != art.id:
            how = "the same text" if kept[best].text == art.text else f"{alike:.0%} alike"
            same[art.id] = kept[best].id
            notes.append(f"{art.id}: duplicate of {kept[best].id} ({how}); counted as one source with it")
            continue
        for k in keys:
            buckets[k].append(len(kept))
        sigs[len(kept)] = sig
        kept.append(art)
    return same, notes


def source_keys(articles: list[Article]) -> tuple[dict[str, str], list[str]]:
    """Article id -> who stands behind it for counting corroboration (the publisher, spelled loosely, of the
    article or of the article it duplicates), and one message per duplicate."""
    same, notes = find_duplicates(articles)
    by_id = {a.id: a for a in articles}
    return {a.id: publisher_key(by_id[same.get(a.id, a.id)]) for a in articles}, notes


def publisher_key(article: Article) -> str:
    """Who published an article, for counting corroboration: the publisher spelled loosely, else the article."""
    name = " ".join(WORD.findall(article.publisher.lower()))
    return f"publisher:{name}" if name else f"article:{article.id}"
