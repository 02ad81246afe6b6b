"""Article bytes -> text, safely: encodings, BOMs, binary and oversized files, and safe names for uploads.

Offsets everywhere refer to the text returned here: nothing is normalised (CRLF stays CRLF), only decoded.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
# Share of control characters (other than tab, line breaks, form feed) above which a file is not text.
MAX_CONTROL_SHARE = 0.01
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def max_article_bytes() -> int:
    """The size limit for one article file: the max_upload_mb setting, or 20 MB when settings cannot be read."""
    from conflictmap.settings import load_settings

    try:
        mb = int(load_settings()["max_upload_mb"])
    except (ValueError, TypeError, KeyError, OSError):
        return DEFAULT_MAX_BYTES
    return mb * MB if mb > 0 else DEFAULT_MAX_BYTES


def _control_share(text: str) -> float:
    sample = text[: 64 * 1024]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    return bad / len(sample)


def _check_text(text: str, name: str, encoding: str) -> str:
    if "\x00" in text:
        raise ValueError(f"{name}: looks binary (NUL characters after decoding as {encoding}); not an article")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise ValueError(f"{name}: looks binary (mostly control characters), not text; save the article as UTF-8 text")
    if not text.strip():
        raise ValueError(f"{name}: no text (only white space)")
    return text


def decode_article(raw: bytes, name: str, max_bytes: int | None = None) -> tuple[str, str]:
    """Text of an article file and a note on how it was read ('' for clean UTF-8); ValueError if it is not text."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if len(raw) > limit:
        raise ValueError(
            f"{name}: too large ({len(raw) / MB:.1f} MB, limit {limit / MB:.0f} MB); split it into smaller files"
        )
    if not raw:
        raise ValueError(f"{name}: empty file")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                where = f"{exc.reason} at byte {exc.start + len(bom)}"
                raise ValueError(
                    f"{name}: starts with a {encoding} byte-order mark but is not {encoding} ({where})"
                ) from exc
            note = "" if encoding == "utf-8" else f"read as {encoding.upper()} (byte-order mark)"
            return _check_text(text, name, encoding), note
    if b"\x00" in raw:
        raise ValueError(f"{name}: looks binary (NUL bytes; UTF-16 without a byte-order mark?); save it as UTF-8 text")
    try:
        return _check_text(raw.decode("utf-8"), name, "utf-8"), ""
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(raw) - 3:
            # a file cut off mid-character: keep everything before the cut, mark the cut with U+FFFD
            text = raw[: exc.start].decode("utf-8") + "\ufffd"
            return _check_text(text, name, "utf-8"), f"truncated: ends inside a UTF-8 character at byte {exc.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _check_text(text, name, encoding), f"not UTF-8; read as {encoding}, check accented letters"
    raise ValueError(f"{name}: cannot be decoded as text")  # latin-1 decodes any bytes; kept for clarity


def decode_article_bytes(raw: bytes, name: str, max_bytes: int | None = None) -> str:
    """Text of an article file (UTF-8 with or without BOM, UTF-16/32 with BOM, else cp1252/latin-1), or ValueError."""
    return decode_article(raw, name, max_bytes)[0]


_TAG = re.compile(r"<[^>]*>")
_HIDDEN_BLOCKS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def strip_tags(html: str) -> str:
    """Words of an HTML page without a parser (for markup too deep to parse): scripts/styles dropped, tags removed."""
    from html import unescape

    text = _TAG.sub(" ", _HIDDEN_BLOCKS.sub(" ", html))
    return "\n".join(" ".join(line.split()) for line in unescape(text).splitlines() if line.strip())
