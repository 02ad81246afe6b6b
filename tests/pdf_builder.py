"""A minimal PDF writer for tests: pages of text lines in Helvetica (WinAnsi), or pages with no text layer.

Made by hand so the tests need no PDF-writing package and commit no binary files.
"""

from __future__ import annotations

import textwrap


def _literal(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _page_stream(paragraphs: list[str], width: int = 90) -> bytes:
    """Text operators that draw the paragraphs as wrapped lines, a blank line between paragraphs."""
    ops = [b"BT /F1 10 Tf 12 TL 50 780 Td"]
    for p in paragraphs:
        for line in textwrap.wrap(p, width) or [""]:
            ops.append(_literal(line) + b" Tj T*")
        ops.append(b"T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def make_pdf(pages: list[list[str]] | None, title: str = "", created: str = "", scanned_pages: int = 0) -> bytes:
    """PDF bytes: one page per list of paragraphs; scanned_pages > 0 instead makes pages with only a grey box."""
    streams = [_page_stream(p) for p in pages or []] or [b"0.8 g 50 50 500 700 re f"] * scanned_pages
    objs: list[bytes] = []
    n_pages = len(streams)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    font_id = 3 + 2 * n_pages
    for i, stream in enumerate(streams):
        content_id = 4 + 2 * i
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents {content_id} 0 R "
                    f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode())  # fmt: skip
        objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info = []
    if title:
        info.append(b"/Title " + _literal(title))
    if created:
        info.append(f"/CreationDate (D:{created.replace('-', '')}090000Z)".encode())
    objs.append(b"<< " + b" ".join(info) + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info {len(objs)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def encrypt_pdf(data: bytes, password: str = "secret") -> bytes:
    """The same PDF protected by a user password (RC4, which pypdf writes without extra packages)."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
