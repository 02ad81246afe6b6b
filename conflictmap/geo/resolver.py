"""Learned toponym resolution: context features for each candidate place, scored by stored linear weights.

The features are computed here for every (mention, candidate) pair of a document; the weights that combine them
are fitted by scripts/fit_resolver.py (logistic regression, cross-validated by document) and stored in
resolver_weights.json beside this file. Scoring is one matrix product, so the geoparser needs no scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from conflictmap.geo.context import Mention
from conflictmap.geo.names import fold, name_key
from conflictmap.geo.wordlists import CUE

if TYPE_CHECKING:  # pragma: no cover
    from conflictmap.geo.gazetteer import Gazetteer
    from conflictmap.model import Toponym

WEIGHTS_PATH = Path(__file__).with_name("resolver_weights.json")
MAX_CANDIDATES = 25
FEATURES = (
    "prior",  # the gazetteer's context-free plausibility (feature kind, population, name bonuses)
    "prior_gap",  # prior minus the best candidate's prior
    "prior_top",  # 1 for the candidate the prior ranks first
    "log_pop",  # log10(population + 1) / 7
    "pop_share",  # population / the largest candidate population
    "is_country", "is_admin1", "is_admin2", "is_city", "is_site", "is_area",  # feature kind (area: region, water, continent)
    "name_bonus",  # main name, curated alias, exact spelling tag
    "exact_name",  # the place's main name folds to the mention
    "country_share",  # the other names' vote for the candidate's country (leave-one-out)
    "region_share",  # the other names' vote for the candidate's admin1
    "anchor_250",  # exp(-d / 250 km) to the nearest unambiguous town named elsewhere in the document
    "anchor_50",  # exp(-d / 50 km), the same, close range
    "soft_prox",  # mean over the other names of p(their best reading) * exp(-d / 200 km)
    "admin_context",  # an admin1 named right after the mention contains the candidate ("X in Y province")
    "country_context",  # a country named right after the mention ("X, Syria") is the candidate's country
    "country_near",  # a country named within the sentence window is the candidate's country
    "doc_country",  # the candidate's country is the document's leading country (leave-one-out)
    "suffix_admin",  # the mention carries an admin suffix ("Diyala province") and the candidate is an admin area
    "cue_ok",  # a distance cue ("20 km north of Y") around the mention agrees with the candidate (within 50 %)
    "cue_bad",  # the cue disagrees
    "loose",  # the candidate matches only by its loose key (a transliteration variant)
)  # fmt: skip
_KIND = {"country": 5, "admin1": 6, "admin2": 7, "city": 8, "town": 8, "site": 9, "region": 10, "water": 10}
_KIND["continent"] = 10
CUE_AFTER = re.compile(
    r"^,?\s*(?:some\s+|about\s+|around\s+|nearly\s+)?(\d[\d,.]*)\s*(?:-\s*)?(km|kilometres|kilometers|kms|miles|mi)\s+"
    r"(?:\(\d+\s*miles?\)\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
    r"\s+of\s+$",
    re.IGNORECASE,
)
_CONTEXT_GAP = re.compile(
    r"\s*(?:,|in|in the|of|,\s*in|near|outside|on the outskirts of|in the (?:\w+ern\s+)?(?:countryside|outskirts|"
    r"suburbs|province|district|region|governorate|countryside of)(?:\s+of)?)\s*(?:the\s+)?(?:\w+ern\s+)?",
    re.IGNORECASE,
)


def _haversine(lat1, lon1, lat2, lon2):
    """Great-circle km, numpy-vectorised over any of its arguments."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.subtract(lon2, lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _softmax(xs: list[float]) -> list[float]:
    if not xs:
        return []
    top = max(xs)
    ex = [math.exp(x - top) for x in xs]
    z = sum(ex)
    return [e / z for e in ex]


@dataclass
class DocumentFeatures:
    """The candidate feature matrix of one document: row r is candidate `pids[r]` of mention `owner[r]`."""

    X: np.ndarray
    owner: np.ndarray
    pids: np.ndarray


def context_after(text: str, mentions: list[Mention], gaz: Gazetteer) -> dict[int, tuple[set[str], set[str]]]:
    """For each mention, the admin1 names and countries named right after it: 'Ishaqi in Salaheddin province',
    'Tikrit, Salaheddin', 'a village in the northern countryside of Aleppo', 'Homs, Syria'."""
    out: dict[int, tuple[set[str], set[str]]] = {}
    for i, a in enumerate(mentions):
        admins: set[str] = set()
        countries: set[str] = set()
        for b in mentions[i + 1 : i + 3]:
            gap = text[a.end : b.start]
            if len(gap) > 45 or not _CONTEXT_GAP.fullmatch(gap):
                break
            for pid, _ in b.candidates[:10]:
                feature = gaz.feature[pid]
                if feature == "admin1":
                    admins.add(name_key(gaz.name[pid]))
                elif feature == "country":
                    countries.add(gaz.country[pid])
            a = b  # "X, Y province, Syria": the chain continues
        if admins or countries:
            out[mentions[i].start] = (admins, countries)
    return out


def leading_country(shares: dict[str, float]) -> str:
    """The country holding more than 0.3 of the other names' vote, the first by code among equals ("" if none).
    Shares are rounded before they are compared: two countries of equal share, or a share of exactly 0.3, must
    not be told apart by the last bit of a sum, which may differ between processors."""
    if not shares:
        return ""
    lead, share = max(shares.items(), key=lambda kv: (round(kv[1], 9), kv[0]))
    return lead if round(share, 9) > 0.3 else ""


def document_features(gaz: Gazetteer, text: str, mentions: list[Mention]) -> DocumentFeatures:
    """The feature rows of every candidate of every mention (at most MAX_CANDIDATES per mention)."""
    n_feat = len(FEATURES)
    # each distinct name votes once with its reading distribution; its own vote is left out when it is scored
    votes: dict[str, tuple[dict[str, float], dict[tuple[str, str], float]]] = {}
    best_prob: dict[str, tuple[int, float]] = {}
    for m in mentions:
        if m.key in votes or not m.candidates:
            continue
        by_country: dict[str, float] = defaultdict(float)
        by_region: dict[tuple[str, str], float] = defaultdict(float)
        probs = _softmax([p for _, p in m.candidates[:10]])
        for (pid, _), pr in zip(m.candidates[:10], probs, strict=False):
            if gaz.country[pid]:
                by_country[gaz.country[pid]] += pr
                a1 = gaz.name[pid] if gaz.feature[pid] == "admin1" else gaz.admin1[pid]
                if a1:
                    by_region[(gaz.country[pid], a1)] += pr
        votes[m.key] = (by_country, by_region)
        best_prob[m.key] = (m.candidates[0][0], probs[0])
    share_all: dict[str, float] = defaultdict(float)
    region_all: dict[tuple[str, str], float] = defaultdict(float)
    for by_country, by_region in votes.values():
        for k, v in by_country.items():
            share_all[k] += v
        for k, v in by_region.items():
            region_all[k] += v

    # towns the prior is sure of, and every name's best reading: proximity evidence for the others
    anchor_keys, anchor_lat, anchor_lon = [], [], []
    soft_keys, soft_lat, soft_lon, soft_w = [], [], [], []
    for key, (pid, p) in best_prob.items():
        if gaz.feature[pid] in ("city", "town", "site"):
            if p > 0.8:
                anchor_keys.append(key)
                anchor_lat.append(gaz.lat[pid])
                anchor_lon.append(gaz.lon[pid])
            soft_keys.append(key)
            soft_lat.append(gaz.lat[pid])
            soft_lon.append(gaz.lon[pid])
            soft_w.append(p)
    anchor_keys_a = np.array(anchor_keys, dtype=object)
    anchor_lat_a, anchor_lon_a = np.array(anchor_lat), np.array(anchor_lon)
    soft_keys_a = np.array(soft_keys, dtype=object)
    soft_lat_a, soft_lon_a, soft_w_a = np.array(soft_lat), np.array(soft_lon), np.array(soft_w)

    # countries the prior is sure of, with their positions: "country named nearby"
    country_pos = [
        (m.start, gaz.country[m.candidates[0][0]])
        for m in mentions
        if m.candidates and gaz.feature[m.candidates[0][0]] == "country"
    ]
    after = context_after(text, mentions, gaz)
    cues = _distance_cues(text, mentions, gaz)

    rows, owner, pids = [], [], []
    memo: dict[str, tuple[dict[str, float], dict[tuple[str, str], float], str]] = {}
    for mi, m in enumerate(mentions):
        cands = m.candidates[:MAX_CANDIDATES]
        if not cands:
            continue
        if m.key not in memo:
            own_c, own_r = votes[m.key]
            if len(votes) == 1:
                memo[m.key] = ({}, {}, "")
            else:
                c = {k: v - own_c.get(k, 0.0) for k, v in share_all.items()}
                r = {k: v - own_r.get(k, 0.0) for k, v in region_all.items()}
                # at least one name's worth: where the other names are countries, a stray reading of one of them
                # must not become the whole region vote ("Moscow" in Ohio)
                tc, tr = sum(c.values()) or 1.0, max(sum(r.values()), 1.0)
                c = {k: v / tc for k, v in c.items()}
                memo[m.key] = (c, {k: v / tr for k, v in r.items()}, leading_country(c))
        share, region, lead = memo[m.key]
        admin_ctx, country_ctx = after.get(m.start, (set(), set()))
        near_countries = {cc for pos, cc in country_pos if abs(pos - m.start) <= 200 and pos != m.start}
        ids = np.fromiter((pid for pid, _ in cands), dtype=np.int64, count=len(cands))
        lat, lon = gaz.lat[ids], gaz.lon[ids]
        block = np.zeros((len(cands), n_feat))
        priors = np.array([p for _, p in cands])
        block[:, 0] = priors
        block[:, 1] = priors - priors.max()
        block[int(np.argmax(priors)), 2] = 1.0
        pops = gaz.population[ids].astype(np.float64)
        block[:, 3] = np.log10(pops + 1.0) / 7.0
        block[:, 4] = pops / max(pops.max(), 1.0)
        block[:, 11] = priors - gaz._prior[ids]
        mask = anchor_keys_a != m.key if len(anchor_keys) else None
        if mask is not None and mask.any():
            d = _haversine(lat[:, None], lon[:, None], anchor_lat_a[mask][None, :], anchor_lon_a[mask][None, :])
            dmin = d.min(axis=1)
            block[:, 15] = np.exp(-dmin / 250.0)
            block[:, 16] = np.exp(-dmin / 50.0)
        smask = soft_keys_a != m.key if len(soft_keys) else None
        if smask is not None and smask.any():
            d = _haversine(lat[:, None], lon[:, None], soft_lat_a[smask][None, :], soft_lon_a[smask][None, :])
            block[:, 17] = (np.exp(-d / 200.0) * soft_w_a[smask][None, :]).mean(axis=1)
        folded = fold(m.text)
        cue = cues.get(mi)
        for r, (pid, _) in enumerate(cands):
            feature = gaz.feature[pid]
            block[r, _KIND.get(feature, 8)] = 1.0
            cc = gaz.country[pid]
            if fold(gaz.name[pid]) == folded:
                block[r, 12] = 1.0
            block[r, 13] = share.get(cc, 0.0)
            if feature not in ("admin1", "country"):
                block[r, 14] = region.get((cc, gaz.admin1[pid]), 0.0)
            if admin_ctx and gaz.admin1[pid] and feature != "admin1" and name_key(gaz.admin1[pid]) in admin_ctx:
                block[r, 18] = 1.0
            if cc and cc in country_ctx and feature != "country":
                block[r, 19] = 1.0
            if cc and cc in near_countries and feature != "country":
                block[r, 20] = 1.0
            if lead and cc == lead:
                block[r, 21] = 1.0
            if m.admin_suffix and feature in ("admin1", "admin2", "region"):
                block[r, 22] = 1.0
            if pid in m.loose:
                block[r, 25] = 1.0
            if cue is not None:
                stated, ref_lat, ref_lon = cue
                got = float(_haversine(gaz.lat[pid], gaz.lon[pid], ref_lat, ref_lon))
                block[r, 23 if abs(got - stated) <= max(25.0, 0.5 * stated) else 24] = 1.0
        rows.append(block)
        owner.append(np.full(len(cands), mi))
        pids.append(ids)
    if not rows:
        return DocumentFeatures(np.zeros((0, n_feat)), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    return DocumentFeatures(np.vstack(rows), np.concatenate(owner), np.concatenate(pids))


def _distance_cues(text: str, mentions: list[Mention], gaz: Gazetteer) -> dict[int, tuple[float, float, float]]:
    """'Samarra, 125 km north of Baghdad': mention index -> (stated km, lat, lon of the reference's best reading)."""
    out = {}
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap = text[a.end : b.start]
        if len(gap) > 60 or not b.candidates:
            continue
        m = CUE_AFTER.match(gap)
        if not m:
            continue
        try:
            stated = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        if m.group(2).lower() in ("miles", "mi"):
            stated *= 1.609
        ref = b.candidates[0][0]
        out[i] = (stated, float(gaz.lat[ref]), float(gaz.lon[ref]))
    return out


class LinearModel:
    """Scores feature rows with stored standardised logistic-regression weights: a dot product, no sklearn."""

    expected: tuple[str, ...] = ()

    def __init__(self, weights: dict) -> None:
        names = tuple(weights["features"])
        if names != self.expected:
            raise ValueError(
                f"weights were fitted for features {names}, the code computes {self.expected}: "
                "refit them with scripts/fit_resolver.py"
            )
        mean, scale = np.array(weights["mean"]), np.array(weights["scale"])
        coef = np.array(weights["coef"])
        # fold the standardisation into the weights: ((x - mean) / scale) . coef = x . (coef / scale) + const
        self.w = coef / scale
        self.b = float(weights["intercept"]) - float((mean * coef / scale).sum())
        self.meta = {k: v for k, v in weights.items() if k not in ("mean", "scale", "coef")}

    def scores(self, X: np.ndarray) -> np.ndarray:
        """Decision values (log-odds) of candidate rows."""
        return X @ self.w + self.b

    @classmethod
    def from_file(cls, path: Path):
        """The model of a weights file written by scripts/fit_resolver.py."""
        return cls(json.loads(path.read_text(encoding="utf-8")))


class LinearResolver(LinearModel):
    """Scores (mention, candidate) rows; the best-scored candidate of a mention is its reading."""

    expected = FEATURES


@lru_cache(maxsize=1)
def default_resolver() -> LinearResolver:
    """The shipped resolver (conflictmap/geo/resolver_weights.json)."""
    return LinearResolver.from_file(WEIGHTS_PATH)


def check_distance_cues(text: str, toponyms: list[Toponym]) -> list[Toponym]:
    """'Samarra, 125 km north of Baghdad': a stated distance far from the resolved one lowers confidence."""
    from dataclasses import replace

    from geopy.distance import geodesic

    out = list(toponyms)
    for i in range(1, len(out)):
        ref, prev = out[i], None
        m = CUE.search(text[max(0, ref.start - 60) : ref.start])
        if not m or ref.place is None:
            continue
        # the place the cue describes: the nearest toponym before the cue phrase
        for k in range(i - 1, -1, -1):
            if out[k].end <= ref.start - len(m.group(0)) and out[k].place is not None:
                prev = k
                break
        if prev is None:
            continue
        stated = float(m.group(1).replace(",", "")) * (1.609 if "mi" in m.group(0).lower().split()[1:2] else 1.0)
        got = geodesic((out[prev].place.lat, out[prev].place.lon), (ref.place.lat, ref.place.lon)).km
        if abs(got - stated) > max(50.0, 0.5 * stated):
            note = f"text says {stated:.0f} km from {ref.name}, resolved places are {got:.0f} km apart"
            out[prev] = replace(out[prev], confidence=out[prev].confidence * 0.5, note=note)
    return out
