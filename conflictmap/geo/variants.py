"""Loose spelling lookup: place names transliterated from Arabic script, matched across agencies' spellings.

The gazetteer's exact keys already merge the spellings GeoNames lists for a place. A village with one listed
spelling is still reported as Masyaf, Misyaf or Masyad; names.loose_key merges those. The loose index covers the
places of countries whose names reach the news transliterated from Arabic script (Arabic, Kurdish, Persian,
Pashto, Somali), where such variation is the rule; elsewhere a loose match would mostly find false friends.
"""

from __future__ import annotations

import threading

import numpy as np

from conflictmap.geo.gazetteer import Gazetteer
from conflictmap.geo.names import loose_key, name_key

# Arab League members, plus Afghanistan, Pakistan, Iran and Turkey (Kurdish, Persian and Pashto names).
TRANSLITERATED_COUNTRIES = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH AF PK IR TR".split()
)
LOOSE_PENALTY = 0.5  # a loose match is weaker evidence than an exact spelling
MIN_LOOSE = 3  # shorter consonant skeletons match too many names


class VariantIndex:
    """Loose key -> place ids over the main names of places in TRANSLITERATED_COUNTRIES, built on first use."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self._index: dict[str, list[int]] | None = None
        self._lock = threading.Lock()

    def _build(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        ids = np.flatnonzero(np.isin(self.gaz.country, list(TRANSLITERATED_COUNTRIES)))
        for pid in ids:
            key = loose_key(name_key(self.gaz.name[pid]))
            if len(key) >= MIN_LOOSE:
                index.setdefault(key, []).append(int(pid))
        return index

    def ids(self, name: str) -> list[int]:
        """Place ids whose main name has the same loose key as name."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self._build()
        key = loose_key(name_key(name))
        return self._index.get(key, []) if len(key) >= MIN_LOOSE else []

    def candidates(self, name: str) -> list[tuple[int, float]]:
        """(place id, prior) of loose matches, best first, with the loose-match penalty."""
        out = [(pid, self.gaz.prior(pid) - LOOSE_PENALTY) for pid in self.ids(name)]
        return sorted(out, key=lambda c: (-c[1], c[0]))
