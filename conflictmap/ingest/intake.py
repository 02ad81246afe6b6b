"""New articles into the articles folder: safe file names, text + .json sidecar; web pages, feeds, PDF reports and
JSON Lines are read by their reader (conflictmap.ingest.readers) and stored as the text that reader returned."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from conflictmap.store.csvfile import atomic_write_text

UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
META_KEYS = ("title", "publisher", "published", "url", "language")
# what a reader found besides the text, kept in the sidecar when present (offsets index the stored text)
READER_KEYS = ("author", "reader", "left_out", "page_starts", "guid", "dateline_place")


@dataclass(frozen=True)
class Saved:
    """One stored article: its id (the file stem) and whether the same text was already there."""

    id: str
    existed: bool
    changed: tuple[str, ...] = ()  # metadata that differs from the stored copy's ("published 2014-06-15 -> ...")


def safe_article_id(name: str, text: str) -> str:
    """A file stem that cannot leave the folder: a hash of the text, then the name reduced to [A-Za-z0-9_-]."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    name = str(name)
    if Path(name).suffix.lower() in (".txt", ".html", ".htm", ".jsonl", ".json", ".rss", ".atom", ".xml", ".pdf"):
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
    out.update({k: meta[k] for k in READER_KEYS if meta.get(k)})
    if out["published"] and meta.get("published_source"):
        out["published_source"] = str(meta["published_source"])
    return out


def save_article(folder: Path, name: str, text: str, meta: dict) -> Saved:
    """Store one article as <id>.txt + <id>.json (atomic); the same text under the same name (the same feed item,
    by guid/link) is stored once."""
    if not text.strip():
        raise ValueError(f"{name or 'the article'}: no text")
    sidecar = _meta(meta)
    # a feed item is one article whatever its text: seen again (by guid/link), it replaces the stored copy
    art_id = safe_article_id(
        name or sidecar["title"] or "article", f"feed item {sidecar['guid']}" if sidecar.get("guid") else text
    )
    path = folder / f"{art_id}.txt"
    existed = path.exists()
    changed = _changed_meta(folder / f"{art_id}.json", sidecar) if existed else ()
    atomic_write_text(path, text)
    atomic_write_text(folder / f"{art_id}.json", json.dumps({"id": art_id, **sidecar}, ensure_ascii=False, indent=1))
    return Saved(art_id, existed, changed)


def _changed_meta(sidecar_path: Path, new: dict) -> tuple[str, ...]:
    """What a re-stored article's new metadata changes (a new published date re-dates its events): said, not silent."""
    try:
        old = json.loads(sidecar_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    out = []
    for k in META_KEYS:
        before, after = str(old.get(k) or ""), str(new.get(k) or "")
        if before != after:
            effect = ": its events are re-dated" if k == "published" else ""
            out.append(f"{k} {before or '(none)'!r} -> {after or '(none)'!r}{effect}")
    return tuple(out)


def article_meta(article) -> dict:
    """The sidecar fields of an Article a reader returned."""
    from conflictmap.ingest.readers import reader_meta

    return reader_meta(article)


def save_upload(folder: Path, filename: str, data: bytes, meta: dict) -> list[Saved]:
    """Store an uploaded article file of any supported kind (text, web page, feed, PDF, JSON Lines); every
    article in it is read before anything is stored, and ValueError says what is wrong with which file."""
    from conflictmap.ingest.decode import DEFAULT_MAX_BYTES, decode_article
    from conflictmap.ingest.readers import PDF_SUFFIXES, SUPPORTED, read_file

    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED:
        raise ValueError(f"{filename}: not a supported kind of file ({', '.join(SUPPORTED)})")
    if suffix not in PDF_SUFFIXES:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                decode_article(data, filename, DEFAULT_MAX_BYTES)  # UTF-16 with a BOM is fine too
            except ValueError as e:
                raise ValueError(f"{filename}: not UTF-8 text; save it as UTF-8 and upload again") from e
    given = {k: v for k, v in meta.items() if v}
    try:
        articles, notes = read_file(Path(filename), data, max(len(data), DEFAULT_MAX_BYTES), given)
    except (ValueError, RecursionError) as e:
        msg = str(e)
        raise ValueError(msg if msg.startswith(filename) else f"{filename}: {msg}") from e
    if suffix in (".jsonl",) and notes:  # every line is checked before anything is stored
        raise ValueError(notes[0])
    if not articles:
        raise ValueError(notes[0] if notes else f"{filename}: no article in the file")
    for a in articles:  # dates and empty texts too
        _meta(article_meta(a))
        if not a.text.strip():
            raise ValueError(f"{filename}: a record has no text")
    return [save_article(folder, a.id, a.text, article_meta(a)) for a in articles]
