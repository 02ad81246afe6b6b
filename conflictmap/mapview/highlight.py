"""The place names and figures of an event marked in its source excerpt (the side panel and the Sources page)."""

from __future__ import annotations

import re

import pandas as pd

from conflictmap.mapview.mapping import escape_text

NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+(?![\d,])")


def figure_values(row: dict) -> set[int]:
    """The event's figures (fatalities, their range, displaced) as integers."""
    out = set()
    for col in ("fatalities", "fatalities_low", "fatalities_high", "displaced"):
        v = row.get(col)
        if v is not None and not pd.isna(v):
            out.add(int(v))
    return out


def highlight_spans(text: str, names: list[str], figures: set[int]) -> list[tuple[int, int]]:
    """Character spans of the place names (case-insensitive) and of numbers equal to one of the figures."""
    spans = []
    for name in {n.strip() for n in names if n and n.strip()}:
        spans += [m.span() for m in re.finditer(re.escape(name), text, flags=re.IGNORECASE)]
    spans += [m.span() for m in NUMBER.finditer(text) if int(m.group().replace(",", "")) in figures]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def highlight_excerpt(text: str, names: list[str], figures: set[int]) -> str:
    """The excerpt as HTML: every character escaped, the toponym and the event's figures wrapped in <mark>."""
    out, pos = [], 0
    for a, b in highlight_spans(text, names, figures):
        out += [escape_text(text[pos:a]), "<mark>", escape_text(text[a:b]), "</mark>"]
        pos = b
    out.append(escape_text(text[pos:]))
    return "".join(out)
