"""New articles into the articles folder: safe file names, text + .json sidecar, HTML and JSON Lines unpacked."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from conflictmap.ingest.text import html_to_text
from conflictmap.store.csvfile import atomic_write_text

UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
META_KEYS = ("title", "publisher", "published", "url", "language")


@dataclass(frozen=True)
class Saved:
    """One stored article: its id (the file stem) and whether the same text was already there."""

    id: str
    existed: bool


def safe_article_id(name: str, text: str) -> str:
    """A file stem that cannot leave the folder: a hash of the text, then the name reduced to [A-Za-z0-9_-]."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    name = str(name)
    if Path(name).suffix.lower() in (".txt", ".html", ".htm", ".jsonl", ".json"):
        name = name[: -len(Path(name).suffix)]
    stem = UNSAFE.sub("-", name).strip("-_")[:60]
    return f"{digest}_{stem}" if stem else digest


def _meta(meta: dict) -> dict:
    out = {k: str(meta.get(k) or "").strip() for k in META_KEYS}
    if out["published"]:
        try:
            out["published"] = date.fromisoformat(out["published"][:10]).isoformat()
        except ValueError as e:
            raise ValueError(f"published date {out['published']!r} is not YYYY-MM-DD") from e
        out["published_source"] = str(meta.get("published_source") or "metadata")
    out["language"] = out["language"] or "en"
    return out


def save_article(folder: Path, name: str, text: str, meta: dict) -> Saved:
    """Store one article as <id>.txt + <id>.json (atomic); the same text under the same name is stored once."""
    if not text.strip():
        raise ValueError(f"{name or 'the article'}: no text")
    sidecar = _meta(meta)
    art_id = safe_article_id(name or sidecar["title"] or "article", text)
    path = folder / f"{art_id}.txt"
    existed = path.exists()
    atomic_write_text(path, text)
    atomic_write_text(folder / f"{art_id}.json", json.dumps({"id": art_id, **sidecar}, ensure_ascii=False, indent=1))
    return Saved(art_id, existed)


def save_upload(folder: Path, filename: str, data: bytes, meta: dict) -> list[Saved]:
    """Store an uploaded .txt, .html or .jsonl file (one article per JSON line); ValueError says what is wrong."""
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"{filename}: not UTF-8 text; save it as UTF-8 and upload again") from e
    suffix = Path(filename).suffix.lower()
    if suffix in (".html", ".htm"):
        return [save_article(folder, filename, html_to_text(raw), meta)]
    if suffix != ".jsonl":
        return [save_article(folder, filename, raw, meta)]
    records = []  # every line is checked before anything is stored
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            text = d["text"] if "text" in d else html_to_text(d["html"])
            records.append((str(d.get("id") or f"{filename}-{n}"), str(text), {**meta, **d}))
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{filename} line {n}: not a JSON object with text or html ({e})") from e
    for _, text, m in records:  # dates and empty texts too
        _meta(m)
        if not text.strip():
            raise ValueError(f"{filename}: a record has no text")
    return [save_article(folder, name, text, m) for name, text, m in records]
