"""The PDF report reader (pypdf): text in reading order, page by page, each page's start offset kept in
`extra["page_starts"]` so evidence can name its page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from conflictmap.ingest.reader_common import dated, finish, text_field
from conflictmap.model import Article


def _reflow(page: str) -> str:
    """A PDF page's lines as paragraphs: a full line that does not end a sentence runs on into the next."""
    lines = [ln.rstrip() for ln in page.splitlines()]
    width = max((len(ln) for ln in lines), default=0)
    out = ""
    for ln in lines:
        if not ln.strip():
            out = out.rstrip(" ") + "\n\n" if out and not out.endswith("\n\n") else out
            continue
        out += ln.strip()
        full = len(ln) >= 0.6 * width and not re.search(r"[.!?:\"”’)]$", ln)
        out += " " if full else "\n\n"
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def _page_text(page) -> str:
    """A PDF page's text in content-stream (reading) order, lines joined into paragraphs: a paragraph ends where
    the gap to the next line is wider than the page's usual line spacing, or where the text jumps up (a column)."""
    lines: list[list] = []  # [text, y, size]

    def visit(text, cm, tm, font, size) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = abs(size or 10)
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if lines and (i > 0 or abs(lines[-1][1] - y) > 0.5 * size or lines[-1][0].endswith("\n")):
                lines.append(["", y, size])
            elif not lines:
                lines.append(["", y, size])
            lines[-1][0] += part
        if text.endswith("\n"):
            lines[-1][0] += "\n"

    plain = page.extract_text(visitor_text=visit) or ""
    rows = [(t.strip(), y, size) for t, y, size in lines if t.strip()]
    if not rows:
        return _reflow(plain)
    gaps = [round(a[1] - b[1], 1) for a, b in zip(rows, rows[1:], strict=False)]
    down = sorted(g for g in gaps if g > 0.5 * rows[0][2])
    # the usual line spacing: the median gap on a page with enough lines, else what a font of that size needs
    usual = down[len(down) // 2] if len(down) >= 4 else 1.2 * rows[0][2]
    out = rows[0][0]
    for gap, (text, _, size) in zip(gaps, rows[1:], strict=True):
        if abs(gap) <= 0.5 * size:  # the same line, drawn in two pieces
            out += " " + text
        elif gap < 0 or (usual and gap > 1.3 * usual):
            out += "\n\n" + text
        elif out.endswith("-") and text[:1].islower():
            out += text  # a word broken at the line's end: "counter-" + "offensive"
        else:
            out += " " + text
    return out


def read_pdf(path: Path, data: bytes, meta: dict) -> Article:
    """A PDF report: text in reading order, pages separated by blank lines, each page's start offset kept."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files would bypass our messages
    try:
        pdf = PdfReader(io.BytesIO(data))
        if pdf.is_encrypted and not pdf.decrypt(""):
            raise ValueError("the PDF is encrypted (password protected); save an unprotected copy and add that")
        pages = [_page_text(p) for p in pdf.pages]
        info = pdf.metadata or {}
        created = info.get("/CreationDate")
        title = str(info.get("/Title") or "")
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - a corrupt file can fail anywhere inside the parser
        if "crypt" in str(exc).lower() or "AES" in str(exc):
            raise ValueError(f"the PDF is encrypted and cannot be read here ({exc})") from exc
        raise ValueError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise ValueError("the PDF has no pages")
    if not any(p.strip() for p in pages):
        raise ValueError(f"no text layer in {len(pages)} page(s): a scanned PDF? run OCR on it and add the text")
    text, starts = "", []
    for p in pages:
        text += "\n\n" if text else ""
        starts.append(len(text))
        text += p
    found = ("", "")
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(created or ""))
    if m:
        try:
            found = (date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), "PDF metadata (CreationDate)")
        except ValueError:
            found = ("", "")
    pub, src = dated(text, meta)  # a dateline in the report's text is closer to publication than the file's stamp
    if not pub:
        pub, src = found
    title = text_field(meta, "title") or title or text.split("\n", 1)[0][:200]
    art = Article(text_field(meta, "id") or path.stem, text, title, text_field(meta, "publisher"), pub, src, "en",
                  text_field(meta, "url"), str(path), reader="PDF (pypdf)", extra={"page_starts": starts})  # fmt: skip
    return finish(art, text_field(meta, "language"))


def page_at(starts: list[int], offset: int) -> int | None:
    """The 1-based page whose start offset is the last one at or before offset (None without page starts)."""
    page = None
    for i, s in enumerate(starts, start=1):
        if offset >= s:
            page = i
    return page
