"""The extraction cache: an article's events and report, kept under a key of its text and of the extraction code
and gazetteer that read it, so an unchanged article is not read again."""

from __future__ import annotations

import hashlib
import json
import pickle
from functools import lru_cache
from pathlib import Path

from conflictmap.model import GEODATA_DIR, PROJECT_ROOT, Article

# every file of the stages an article goes through: a new module or weight file can never be missed
CODE_PACKAGES = ("ingest", "geo", "events")
CACHE_DIR = PROJECT_ROOT / ".cache" / "ingest"


@lru_cache(maxsize=1)
def extraction_version() -> str:
    """A hash of the extraction code and the gazetteer index: a cached result is reused only while both hold."""
    h = hashlib.sha256()
    root = Path(__file__).parent.parent
    for path in sorted(p for pkg in CODE_PACKAGES for p in (root / pkg).iterdir() if p.suffix in (".py", ".json")):
        h.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    for name in ("names.tsv.gz", "places.tsv.gz", "common_words.tsv", "person_names.tsv"):
        path = GEODATA_DIR / name
        if path.exists():
            st = path.stat()
            h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def _cache_key(article: Article) -> str:
    raw = json.dumps([article.id, article.text, article.published, article.published_source, article.language,
                      article.reader, list(article.left_out), extraction_version()])  # fmt: skip
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ExtractionCache:
    """Per-article results keyed by content hash, so a re-ingest skips unchanged articles (local, never shared)."""

    def __init__(self, folder: Path | None = CACHE_DIR) -> None:
        self.folder = folder

    def get(self, article: Article):
        if self.folder is None:
            return None
        path = self.folder / f"{_cache_key(article)}.pickle"
        try:
            return pickle.loads(path.read_bytes())  # noqa: S301 - our own local cache, keyed by content hash
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def put(self, article: Article, result) -> None:
        if self.folder is None:
            return
        from conflictmap.store.csvfile import atomic_write_bytes

        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.folder / f"{_cache_key(article)}.pickle", pickle.dumps(result))
