"""An article's stored text read once: where the story ends, its dateline, the spans that are not story and its
sentences. The geoparser and event extraction read this one Document in turn instead of each splitting the raw text
again; every offset is one into the stored text (ingest/text.py holds the rules that find them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from conflictmap.ingest import text as tx


@dataclass(frozen=True)
class Document:
    """The text with its story structure, computed once (Document.read)."""

    text: str
    body_end: int  # where the story ends: reader comments, subscription blurbs and footers come after
    dateline: tuple[int, int, str, str] | None  # (start, end, reporting place, date words), or None
    sentences: tuple[tuple[int, int], ...]  # sentence spans of the body (the dateline is one of its own)
    skipped: tuple[tuple[int, int], ...]  # spans inside the body that are not story: furniture lines and the dateline
    long_sentences: tuple[int, ...] = field(default=())  # lengths of the sentences over text.MAX_SENTENCE_CHARS
    start: int = 0  # where the part read starts: 0, or the start of one piece of a long article (ingest/bounded.py)

    @classmethod
    def read(cls, text: str) -> Document:
        return cls.read_body(text, tx.body_end(text))

    @classmethod
    def read_body(cls, text: str, end: int, start: int = 0) -> Document:
        """The document of a text whose story is text[:end] (a caller that already knows where the body ends), or
        of one piece of it, text[start:end]: offsets stay those of the whole text, and the dateline, which opens the
        story, belongs to the piece that holds it."""
        spans = tuple(tx.sentences(text, start, end))
        return cls(
            text=text,
            body_end=end,
            dateline=tx.dateline(text) if start == 0 else None,  # it opens the story: read with the first piece
            sentences=spans,
            skipped=tuple(tx.skipped_spans(text, end, start=start)),
            long_sentences=tuple(b - a for a, b in spans if b - a > tx.MAX_SENTENCE_CHARS),
            start=start,
        )

    def story_skips(self) -> list[tuple[int, int]]:
        """The skipped spans without the dateline: what the geoparser leaves out (it reads the reporting place)."""
        spans = list(self.skipped)
        if self.dateline and self.dateline[0] < self.body_end:
            spans.remove((self.dateline[0], self.dateline[1]))
        return spans

    def covers(self, text: str, start: int, end: int) -> bool:
        """Whether a stage's (text, start, end) is this document's body, so its sentences and spans apply."""
        return text is self.text and start == self.start and end == self.body_end
