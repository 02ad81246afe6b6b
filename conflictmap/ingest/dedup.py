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


def _min_equal() -> int:
    """The fewest equal minimums (of NUM_HASHES) that make two signatures duplicates, as similarity() compares."""
    return next(e for e in range(NUM_HASHES + 1) if e / NUM_HASHES >= DUPLICATE_SIMILARITY)


def find_duplicates(articles: list[Article]) -> tuple[dict[str, str], list[str]]:
    """Duplicate article id -> the id of the first article it repeats, and one message per duplicate.

    Exact and linear in practice: a duplicate differs from the article it repeats in at most NUM_HASHES - _min_equal()
    minimums, so it shares at least BANDS minus that many whole bands with it, and is found among the articles of
    all but that many, less one, of its bands: the largest (the bands of common wording, filled by thousands of
    similar wire items) are left out. Bands no other article has are never filed."""
    if not articles:
        return {}, []
    n, rows = len(articles), NUM_HASHES // BANDS
    sigs = np.stack([signature(a.text) for a in articles])
    skip = max(0, BANDS - (NUM_HASHES - _min_equal()) - 1)  # a duplicate shares a band among any BANDS - skip
    # per band, which articles have the same rows there (a group id each); a band value only one article has
    # gives no candidates and is not filed
    groups = np.empty((n, BANDS), dtype=np.int64)
    shared = np.empty((n, BANDS), dtype=bool)
    for band in range(BANDS):
        _, inverse, counts = np.unique(sigs[:, band * rows : (band + 1) * rows], axis=0, return_inverse=True,
                                       return_counts=True)  # fmt: skip
        groups[:, band] = inverse.reshape(-1) * BANDS + band
        shared[:, band] = counts[inverse.reshape(-1)] > 1
    filed: dict[int, list[int]] = {}  # group id -> the kept (not duplicate) articles in it, in order
    same: dict[str, str] = {}
    notes: list[str] = []
    for i, art in enumerate(articles):
        keys = groups[i][shared[i]].tolist()
        lists = sorted((filed[k] for k in keys if k in filed), key=len)
        lists = lists[: max(0, len(lists) - skip)]
        if lists:
            # every candidate at once: the most alike, the first on a tie
            candidates = np.unique(np.concatenate([np.asarray(b, dtype=np.int64) for b in lists]))
            likeness = (sigs[candidates] == sigs[i]).mean(axis=1)
            top = int(np.argmax(likeness))
            best, alike = int(candidates[top]), float(likeness[top])
            if alike >= DUPLICATE_SIMILARITY and articles[best].id != art.id:
                how = "the same text" if articles[best].text == art.text else f"{alike:.0%} alike"
                same[art.id] = articles[best].id
                notes.append(f"{art.id}: duplicate of {articles[best].id} ({how}); counted as one source with it")
                continue
        for k in keys:
            filed.setdefault(k, []).append(i)
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
