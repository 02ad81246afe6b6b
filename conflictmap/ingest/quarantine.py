"""Quarantine: articles too pathological to read (too many places, too large, too slow), recorded with the reason so
that later ingests skip them and say so instead of paying for them again.

The record is a small JSON file in the data folder, beside the events file (events.csv -> quarantine.json,
events-foo.csv -> events-foo.quarantine.json), written atomically under a lock. An entry is keyed by the article's id
and a hash of its text: an edited article is read again. Deleting an entry (or the file) releases the article.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from conflictmap.model import Article


def quarantine_path_for(events_path: Path | str) -> Path:
    """quarantine.json beside events.csv (events-foo.csv -> events-foo.quarantine.json, as for corrections)."""
    p = Path(events_path)
    return p.with_name("quarantine.json") if p.name == "events.csv" else p.with_suffix(".quarantine.json")


def article_key(article: Article) -> str:
    """An article's quarantine key: its id and a hash of its text (an edited article is a new one)."""
    return f"{article.id}:{hashlib.sha256(article.text.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


class Quarantine:
    """The quarantine record of one data folder (path None: nothing is recorded, nothing is skipped)."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = Path(path) if path is not None else None
        self._entries: dict[str, dict] | None = None

    def entries(self) -> dict[str, dict]:
        """Key -> {id, reason, when}; an unreadable record counts as empty (it is rewritten on the next entry)."""
        if self._entries is None:
            self._entries = _read(self.path) if self.path is not None else {}
        return self._entries

    def reason(self, article: Article) -> str | None:
        """Why this article (this text) is quarantined, with the day it was; None when it is not."""
        entry = self.entries().get(article_key(article))
        return f"{entry['reason']} (quarantined {entry['when'][:10]})" if entry else None

    def add(self, article: Article, reason: str) -> None:
        """Record the article with its reason: re-read under the lock, add, and replace the file atomically."""
        if self.path is None:
            return
        from conflictmap.store.csvfile import atomic_write_text, locked

        entry = {"id": article.id, "reason": reason, "when": datetime.now(UTC).isoformat(timespec="seconds")}
        with locked(self.path):
            entries = _read(self.path)  # another ingest may have added one meanwhile
            entries[article_key(article)] = entry
            atomic_write_text(self.path, json.dumps(entries, ensure_ascii=False, indent=1) + "\n")
        self._entries = entries


def _read(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict) and {"reason", "when"} <= v.keys()}
