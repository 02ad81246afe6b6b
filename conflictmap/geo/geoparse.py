"""Geoparser: find the places a text names (gazetteer-driven recognition) and resolve each to one place.

Recognition: capitalised token sequences whose name key is in the gazetteer, longest first and whole or not at
all ("Busra Esh-Sham", "Hamza Division" give no fragment); admin suffixes ("Diyala province") extend a match;
near a place word, transliteration variants match by their loose key (names.loose_key, geo/variants.py). The
filter rules (people, organisation names, acronyms, frequent English words) give every match a verdict that the
learned recogniser (geo/recognition.py) weighs with the mention's context.
Resolution: a conditional logit over each mention's candidates (geo/resolver.py) combines the gazetteer prior,
the document's countries and regions, admin context ("Ishaqi in Salaheddin province"), proximity to the
document's other places and distance cues; a country named in the sentence holds its places, and "Nuqtah in Idleb
countryside" puts an unknown village at the province. Stated distances are checked again with geopy.
Both models' weights are fitted by scripts/fit_resolver.py. Word tables: geo/wordlists.py; filter rules: geo/rules.py;
the command line: geo/geoparse_cli.py.
"""

from __future__ import annotations

import re

import numpy as np

from conflictmap.geo.areas import CAPITAL_NOTE
from conflictmap.geo.context import (
    QUALIFIERS,
    Mention,
    _abbreviated,
    _capitalised_run,
    _place_context,
)
from conflictmap.geo.features import KINDS, extend_mention, run_match
from conflictmap.geo.gazetteer import Gazetteer, default_gazetteer
from conflictmap.geo.names import fold, name_key
from conflictmap.geo.recognition import Recogniser, bracketed_areas, default_recogniser, described, mention_features
from conflictmap.geo.resolver import (
    LinearResolver,
    _softmax,
    check_distance_cues,
    default_resolver,
    document_features,
)
from conflictmap.geo.rules import (
    RuleVerdicts,
    _in_org_name,
    _sentence_initial,
    _the_centre,
    continued_name,
    directions_only,
    listed_area,
    office_seat,
    saint_building,
)
from conflictmap.geo.variants import VariantIndex
from conflictmap.geo.wordlists import (
    ADMIN_SUFFIXES,
    AREA_AFTER,
    AREA_BEFORE,
    AREA_NOTE,
    ARTICLE_PREFIX,
    ARTICLE_WORDS,
    CALENDAR,
    CONNECTORS,
    CONTEXT_LAST_WORDS,
    FEATURE_NOUNS,
    GROUP_HEADS,
    INNER_ARTICLES,
    LOCATED_SUFFIXES,
    LOOSE,
    LOOSE_PENALTY,
    MINOR_PLACE,
    NOT_PLACES,
    PLURAL_ACRONYM,
    SPEECH_VERBS,
    STANCE_PREFIXES,
    TITLES,
    TOKEN,
    TRANSLITERATED,
    VILLAGE_BEFORE,
    adjectival_forms,
    common_words,
    person_names,
)
from conflictmap.ingest.document import Document
from conflictmap.ingest.text import body_end, sentences, skipped_spans
from conflictmap.model import Toponym

_ROAD_BETWEEN = re.compile(r"-[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,2}\s+(?:road|highway|route|railway|axis)\b")


# capitalised words that open a sentence and never a name's run of words (not "At", "As", "Al": Arabic articles)
_OPENING_WORDS = frozenset(
    "In On From Near Outside Inside Across During After Before Since Into Through Around Between Under Over "
    "Throughout Within Along Beyond Via Amid Among Meanwhile Then But And When While For To Of".split()
)
# an Arabic article joined to the next word of a name: "al-Naha", "ash-Sham", "ez-Zor"
# a short lower-case word inside a name of three words or more the gazetteer holds whole: "Poienile de sub Munte"
_SHORT_INNER_WORD = re.compile(r"[a-zà-ÿ]{1,4}")
# a name of direction words only, as divisions are named ("Nord", "Sud-Ouest", "Extreme-Nord", "East")
_DIRECTION_NAME = re.compile(
    r"(?:(?:extreme|far|centre|center)[\s-])?(?:nord|sud|est|ouest|north|south|east|west|centre|center|norte|sur|este|oeste)"
    r"(?:[\s-](?:ouest|est|west|east|nord|sud))?"
)
_JOINED_ARTICLE = re.compile(r"(?:al|el|ad|ag|an|ar|as|ash|at|ath|az|ed|en|er|es|esh|et|ez|ul|ud|um)-[A-Z]")


# the rules' verdicts the learned model cannot overturn: patterns the fitting corpora hardly hold
_RULED_OUT = ("half of a doubled name", "date", "inside a division's name", "inside a longer name", "a town's quarter")
RARE_WORD = 3.4  # a common-word verdict on a word rarer than this (zipf) yields to a place context


# "the Libyan capital", "the Afghan capital's markets": the capital of the country the adjective names; not "the
# Somali capital of Mogadishu", where the city is named
_ADJECTIVE_CAPITAL = re.compile(r"\bthe ([A-Z][a-z]+) (capital)\b(?! (?:of|city of)\b)")


class Geoparser(RuleVerdicts):
    """Recognise and resolve toponyms in one text; reuse one instance (the gazetteer loads once)."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        adjectival: bool = False,
        resolver: LinearResolver | None = None,
        recogniser: Recogniser | None | bool = None,
    ) -> None:
        self.gaz = gazetteer or default_gazetteer()
        self.resolver = resolver  # None: the shipped weights, loaded on first use
        self.recogniser = recogniser  # None: the shipped weights if any; False: the rules alone
        self.variants = VariantIndex(self.gaz)  # loose spellings, built on first use
        self._admin1_ids: dict[tuple[str, str], int] | None = None
        self.common = common_words()
        self.first_names, self.surnames, self.given_names = person_names()
        # "Iraqi", "European": annotated as toponyms by GeoWebNews, LGL and TR-News, not by our seed gold or the
        # event map (an "Iraqi soldier" does not locate an event), so off by default
        self.adjectives = adjectival_forms() if adjectival else {}

    # --- recognition -------------------------------------------------------------------------------------------
    def _tokens(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        out = []
        for m in TOKEN.finditer(text, start, end):
            s, e = m.start(), m.end()
            tok = m.group(0)
            if tok.endswith(".") and "." not in tok[:-1]:
                tok, e = tok[:-1], e - 1
            parts = tok.split("-")
            if len(parts) == 2 and parts[0][:1].isupper() and parts[1].lower() in LOCATED_SUFFIXES:
                out.append((s, s + len(parts[0]), parts[0]))  # "London-based": the place, without its suffix
                continue
            if len(parts) == 2 and self.adjectives and parts[0].lower() in STANCE_PREFIXES and parts[1][:1].isupper():
                out.append((s + len(parts[0]) + 1, e, parts[1]))  # "anti-Russian": the adjective, without its prefix
                continue
            if len(parts) > 1 and all(p[:1].isupper() for p in parts) and "." not in tok:
                # "Asia-Pacific", "Al-Adhim": parts are tokens joined by "-" (a multi-token match spans them again)
                for part in parts:
                    out.append((s, s + len(part), part))
                    s += len(part) + 1
                continue
            out.append((s, e, tok))
        return out

    @staticmethod
    def _is_cap(tok: str) -> bool:
        return tok[0].isupper() or bool(ARTICLE_PREFIX.match(tok))

    def _lookup(self, text: str) -> tuple[str, list[tuple[int, float]]]:
        key = name_key(text)
        if len(key) < 2 or not self.gaz.has_key(key):
            return key, []
        return key, self.gaz.ranked(text)

    def recognise(
        self, text: str, start: int = 0, end: int | None = None, doc: Document | None = None
    ) -> list[Mention]:
        """Every place-name mention between start and end, before filtering and resolution (with the article's
        Document, its sentences and skipped spans are read, not computed again)."""
        end = len(text) if end is None else end
        mentions: list[Mention] = []
        if doc is not None and doc.covers(text, start, end):
            skips, spans = doc.story_skips(), doc.sentences
        else:  # the dateline names the reporting place: a toponym, not skipped
            skips, spans = skipped_spans(text, end, with_dateline=False), sentences(text, start, end)
        for s_start, s_end in spans:
            if any(a <= s_start < b for a, b in skips):
                continue
            toks = self._tokens(text, s_start, s_end)
            i = 0
            first_word = next((k for k, t in enumerate(toks) if t[2][0].isalpha()), 0)
            while i < len(toks):
                if not self._is_cap(toks[i][2]):
                    i += 1
                    continue
                match = None
                run = _capitalised_run(text, toks, i, self._is_cap)
                for j in range(min(len(toks), i + 6), i, -1):
                    span = toks[i:j]
                    if not self._is_cap(span[-1][2]) or (j > i + 1 and span[-1][2].lower() in ARTICLE_WORDS):
                        continue  # "Dar'a Al" is never a name
                    if any(
                        not (self._is_cap(t[2]) or t[2].lower() in CONNECTORS or t[2] in INNER_ARTICLES
                             or (len(span) > 2 and _SHORT_INNER_WORD.fullmatch(t[2])))
                        for t in span
                    ):  # fmt: skip
                        continue
                    if any(text[a[1] : b[0]] not in (" ", "-") and not _abbreviated(text, a, b)
                           for a, b in zip(span, span[1:], strict=False)):  # fmt: skip
                        continue
                    m = self._match(text, span)
                    if m:
                        match = (j, m)
                        break
                note = ""
                adjective = False
                exact = match is not None
                if match is None and self.adjectives:
                    match = self._adjective(text, toks, i)
                    adjective = match is not None
                if (
                    match is None
                    and i
                    and toks[i - 1][2].lower() in CONTEXT_LAST_WORDS
                    and _place_context(text, toks[i][0])
                ):
                    match = self._loose_match(text, toks, i, run)
                    note = LOOSE if match else ""
                    exact = False
                joined = match is not None and match[0] < len(toks) and _JOINED_ARTICLE.match(toks[match[0]][2])
                if ((exact and match[0] < run) or joined) and self._fragment(text, toks, match[0], match[1][3]):
                    # "Busra" out of "Busra Esh-Sham", "Hamza" out of "Hamza Division": the whole run is no place
                    # the gazetteer knows, so no part of it is read as one; but a preposition opening a sentence is
                    # no part of a name ("In Tel Aviv, ...": not "In Tel" and nothing)
                    i = i + 1 if toks[i][2] in _OPENING_WORDS and i + 1 < run else run
                    continue
                if match is None:
                    match = run_match(self.gaz, text, toks, i, run)  # "Shayrat airbase": named with its class word
                if match is None:
                    i += 1
                    continue
                j, (m_start, m_end, key, cands) = match
                if (
                    exact
                    and i > first_word
                    and _DIRECTION_NAME.fullmatch(text[m_start:m_end].lower())
                    and self._is_cap(toks[i - 1][2])
                    and text[toks[i - 1][1] : toks[i][0]] == " "
                    # "Cameroon's Far North", "Cameroonian Nord": a country's own division
                    and not toks[i - 1][2].endswith(("'s", "’s", "'", "’"))
                    and name_key(toks[i - 1][2]) not in adjectival_forms()
                ):
                    i = j  # "Bahema Nord": the direction word closing a longer name, not the division "Nord" abroad
                    continue
                demonym = self.adjectives.get(key) if self.adjectives and not adjective else None
                if demonym is not None and text[m_start].isupper():
                    # "Canadian", "English": with adjectival forms on, the demonym reading joins the town readings
                    cands = sorted([c for c in cands if c[0] != demonym] + [(demonym, self.gaz.prior(demonym, 1.5))],
                                   key=lambda c: (-c[1], c[0]))  # fmt: skip
                    adjective = True
                loose: frozenset[int] = frozenset(c[0] for c in cands) if note else frozenset()
                if not note and TRANSLITERATED.search(text[m_start:m_end]) and _place_context(text, m_start):
                    # "near Ras al-Ain": the loose spellings of the name are candidates too (the resolver weighs them)
                    known = {c[0] for c in cands}
                    # an exact spelling outranks a loose one: the fitting corpora hold too few loose readings for
                    # the resolver to learn that, so their prior says it
                    extra = [(c[0], c[1] - LOOSE_PENALTY) for c in self.variants.candidates(text[m_start:m_end])
                             if c[0] not in known]  # fmt: skip
                    if extra:
                        cands = sorted(cands + extra, key=lambda c: (-c[1], c[0]))
                        loose = frozenset(c[0] for c in extra)
                mention = Mention(m_start, m_end, text[m_start:m_end], key, cands, sentence_start=(i == first_word),
                                  sentence=s_start, note=note, loose=loose, adjective=adjective)  # fmt: skip
                mention, j = extend_mention(self.gaz, text, mention, toks, j)  # "Qayyarah airbase", "Mosul dam"
                # "Diyala province", "Kurdistan region": the suffix belongs to the name
                if j < len(toks) and toks[j][2].lower() in ADMIN_SUFFIXES and text[m_end : toks[j][0]] == " ":
                    ext_key, ext = self._lookup(text[m_start : toks[j][1]])
                    admin = [c for c in (ext or cands) if self.gaz.feature[c[0]] in ("admin1", "admin2", "region")]
                    if admin:
                        mention = Mention(m_start, toks[j][1], text[m_start : toks[j][1]], ext_key if ext else key,
                                          admin, admin_suffix=True, sentence_start=mention.sentence_start,
                                          sentence=s_start)  # fmt: skip
                        j += 1
                mentions.append(mention)
                i = j
        return self._area_context(text, mentions)

    def _fragment(self, text: str, toks: list[tuple[int, int, str]], j: int, cands: list[tuple[int, float]]) -> bool:
        """Whether a match ending at token j is a fragment of a longer capitalised name the gazetteer does not
        hold: the next word is an article ('Busra Esh-Sham'), an armed-group or party head ('Hamza Division',
        'Boko Haram') or a capitalised word that is no place by itself, and the match is a minor place (a country,
        a province, a city of BIG_CITY people or a curated name stays a place: 'Dublin City Council' names Dublin).
        Admin suffixes, feature nouns ('Mosul Dam'), weekdays and months never make a fragment."""
        nxt = toks[j][2]
        low = nxt.lower().rstrip(".")
        top = cands[0][0]
        if toks[j - 1][2].endswith(("'s", "’s")):
            return False  # "Tripoli's Al-Nour Square": a possessive ends the name, what follows is the town's
        if _ROAD_BETWEEN.match(text, toks[j - 1][1]):
            return False  # "the Alder-Upper Wick road": both ends are places
        if (low in ARTICLE_WORDS and j + 1 < len(toks) and self._is_cap(toks[j + 1][2])) or (
            _JOINED_ARTICLE.match(nxt) and text[toks[j - 1][1] : toks[j][0]] == " "
        ):
            # "Dar'a Al Balad", "Kafr al-Naha": an article opens the rest of one Arabic name (a country stays itself)
            return self.gaz.feature[top] not in ("country", "continent")
        mention = Mention(0, 0, "", "", cands)
        if self._strong(mention) or self.gaz.population[top] >= MINOR_PLACE:
            return False
        if text[toks[j - 1][1] : toks[j][0]] == "-" and self._is_cap(nxt) and not self.gaz.has_key(name_key(nxt)):
            return True  # "Thi-Qar": one hyphenated name the gazetteer lacks, not the place "Thi"
        if any(self.gaz.feature[c[0]] not in ("city", "town", "site") for c in cands[:5]):
            return False  # "Laurel County Sheriff": counties and provinces head many names
        if low in ADMIN_SUFFIXES or low in FEATURE_NOUNS or low in CALENDAR or low in SPEECH_VERBS:
            return False
        if nxt.isupper() and len(nxt) > 1 and not toks[j - 1][2].isupper():
            return False  # "Mosul AFP", an acronym after a name is a separate word
        if low in GROUP_HEADS:
            return True
        if low in CONNECTORS or low in QUALIFIERS or low in TITLES:
            return False
        return not self.gaz.has_key(name_key(nxt))

    def _loose_match(self, text: str, toks: list[tuple[int, int, str]], i: int, run: int):
        """A run of capitalised words after a place word ('in', 'near', 'village of') that no exact key matches:
        the longest prefix whose loose key names a place in a country whose names are transliterated from Arabic
        script (see geo/variants.py)."""
        for j in range(min(run, i + 5), i, -1):
            span = toks[i:j]
            if span[-1][2].lower() in ARTICLE_WORDS:
                continue
            surface = text[span[0][0] : span[-1][1]]
            folded = fold(surface)
            if (
                len(surface) < 4
                or name_key(surface) in adjectival_forms()
                or (j == i + 1 and (self.common.get(folded, 0) >= 2.0 or folded in self.first_names))
            ):
                continue  # "the Syrian border": a demonym is no loose spelling of a village
            cands = self.variants.candidates(surface)
            if cands:
                return j, (span[0][0], span[-1][1], name_key(surface), cands)
        return None

    def _area_context(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'the northern countryside of Aleppo', 'Idleb countryside': the area is the admin division. 'Nuqtah in
        Idleb countryside', 'the outskirts of Ruzwa in al-Hasakeh': a village the gazetteer lacks, named right
        before its area, is placed at that area (the admin1, precision 3)."""
        out: list[Mention] = []
        for m in mentions:
            before = text[max(0, m.start - 60) : m.start]
            after = text[m.end : m.end + 20]
            area_cue = bool(AREA_BEFORE.search(before) or AREA_AFTER.match(after))
            admin = [c for c in m.candidates if self.gaz.feature[c[0]] in ("admin1", "admin2")]
            # "the outskirts of Mota", "the suburbs of X": by the town itself, not somewhere in its division
            town_edge = re.search(r"\b(?:outskirts|suburbs) of\s+(?:the\s+)?$", before, re.I)
            if area_cue and not admin and LOOSE not in m.note and not town_edge:
                admin = self._containing_admin1(m)
            if area_cue and admin:
                m.candidates = admin
            village = VILLAGE_BEFORE.search(before)
            if village:
                v_start = m.start - len(before) + village.start(1)
                v_text = village.group(1)
                folded = fold(v_text)
                # every division the area may be, the first-level ones first: the document's context chooses ("the
                # Beni-Mbau sector" in a report on Congo is no province of Bolivia); a name read by a near spelling is
                # too weak a reading to place another unknown name at the province it is in
                area = sorted(admin, key=lambda c: self.gaz.feature[c[0]] != "admin1") or (
                    self._containing_admin1(m) if LOOSE not in m.note else []
                )
                if (
                    area
                    and (area_cue or _place_context(text, v_start))
                    and not (out and out[-1].end > v_start)
                    and not _sentence_initial(text, v_start - 1)
                    and self.common.get(folded, 0) < 2.0
                    and folded not in self.first_names
                    and folded not in NOT_PLACES
                    and v_text.lower() not in GROUP_HEADS
                ):
                    out.append(Mention(v_start, v_start + len(v_text), v_text, name_key(v_text), area,
                                       sentence=m.sentence, note=f"{AREA_NOTE}: placed at {m.text}"))  # fmt: skip
            out.append(m)
        return out

    def _rare_word_in_place_context(self, text: str, m: Mention) -> bool:
        return (
            len(m.text.split()) == 1
            and not m.sentence_start
            and self.common.get(fold(m.text), 9.0) < RARE_WORD
            and re.search(r"\b(?:in|near|at|outside)\s+$", text[max(0, m.start - 10) : m.start]) is not None
            and not re.match(r"[\s-]+[A-Z]", text[m.end : m.end + 3])  # "in Ascension Square": a longer name
        )

    def _listed_direction(self, text: str, m: Mention, mentions: list[Mention]) -> bool:
        """'X (Y, North-West)': a division named by direction words in the parenthesis after a place is that
        division, in a country the text supports (a reading of another name, or a nationality it uses: 'Cameroonian
        soldiers'); its readings are narrowed to those. Without such support it stays no place (many countries have
        a North-West)."""
        if not listed_area(text, m):
            return False
        adjectives = adjectival_forms()
        countries = {self.gaz.country[c[0]] for o in mentions if o is not m for c in o.candidates[:10]}
        countries |= {self.gaz.country[pid] for w in set(re.findall(r"\b[A-Z][a-z]+\b", text))
                      if (pid := adjectives.get(name_key(w))) is not None}  # fmt: skip
        inside = [c for c in m.candidates if self.gaz.feature[c[0]] == "admin1" and self.gaz.country[c[0]] in countries]
        if inside:
            m.candidates = inside
        return bool(inside)

    def _containing_admin1(self, m: Mention) -> list[tuple[int, float]]:
        """The admin1 division containing the mention's best reading, as a candidate list (or empty)."""
        if self._admin1_ids is None:
            self._admin1_ids = {
                (self.gaz.country[pid], self.gaz.name[pid]): int(pid)
                for pid in np.flatnonzero(self.gaz.feature == "admin1")
            }
        top = m.candidates[0][0]
        pid = self._admin1_ids.get((self.gaz.country[top], self.gaz.admin1[top]))
        return [(pid, self.gaz.prior(pid))] if pid is not None else []

    def _adjective(self, text: str, toks: list[tuple[int, int, str]], i: int):
        for j in (i + 2, i + 1):
            if j > len(toks) or text[toks[i][1] : toks[j - 1][0]].strip() not in ("",):
                continue
            surface = text[toks[i][0] : toks[j - 1][1]]
            pid = self.adjectives.get(name_key(surface))
            if pid is not None and surface[0].isupper():
                return j, (toks[i][0], toks[j - 1][1], name_key(surface), [(pid, self.gaz.prior(pid, 1.5))])
        return None

    def _match(self, text: str, span: list[tuple[int, int, str]]) -> tuple[int, int, str, list] | None:
        s, e = span[0][0], span[-1][1]
        surface = text[s:e]
        for suffix in ("'s", "’s"):  # possessive: "Iraq's"
            if surface.endswith(suffix):
                e -= 2
                surface = surface[:-2]
        if len(span) == 1:
            tok = surface
            letters = re.sub(r"[^A-Za-z]", "", tok)
            capitals = sum(ch.isupper() for ch in letters)
            if (len(letters) <= 4 and (tok.upper() == tok or capitals >= 2)) or PLURAL_ACRONYM.fullmatch(tok):
                # acronyms: only curated ones spelled exactly so (US, U.S., UK; not "BBC" for "BC") are places
                key, cands = self._lookup(tok)
                # or, after a place word ("in the UAE"), a country's own abbreviation in the gazetteer, spelled so
                country_ok = len(letters) >= 3 and (
                    _place_context(text, s) or text[max(0, s - 4) : s].lower() == "the "
                )
                cands = [
                    c for c in cands
                    if c[1] >= self.gaz.prior(c[0]) + 1.8
                    or (country_ok and self.gaz.feature[c[0]] == "country" and c[1] >= self.gaz.prior(c[0]) + 0.4)
                ]  # fmt: skip
                return (s, e, key, cands) if cands else None
            if len(letters) <= 3 and not tok[0].isupper():
                return None
            if text[e : e + 1] == "." and tok.isalpha():
                # abbreviations ("Tenn.", "Ind.") are indexed with their full stop, so "Ten people" is no state
                abbr = name_key(tok) + "."
                if self.gaz.has_key(abbr):
                    return s, e + 1, abbr, self.gaz.ranked_key(abbr, tok + ".")
        key, cands = self._lookup(surface)
        return (s, e, key, cands) if cands else None

    # --- filtering ----------------------------------------------------------------------------------------------

    # --- resolution ---------------------------------------------------------------------------------------------
    def resolve(self, text: str, mentions: list[Mention]) -> list[Toponym]:
        """Choose one place per mention using the whole document as context (learned weights, see resolver.py)."""
        gaz = self.gaz
        feats = document_features(gaz, text, mentions)
        scores = (self.resolver or default_resolver()).scores(feats.X)
        out = []
        bounds = np.flatnonzero(np.diff(feats.owner)) + 1
        for rows in np.split(np.arange(len(feats.owner)), bounds):
            if not len(rows):
                continue
            m = mentions[int(feats.owner[rows[0]])]
            s = scores[rows]
            # ties go to the smaller id so results never depend on candidate order
            order = sorted(range(len(rows)), key=lambda r: (-s[r], feats.pids[rows[r]]))
            probs = _softmax([float(s[r]) for r in order])
            best = int(feats.pids[rows[order[0]]])
            conf = probs[0] * (0.6 if m.embedded else 1.0)
            out.append(Toponym(m.start, m.end, m.text, gaz.place(best, score=round(probs[0], 3)), conf,
                               "embedded in an organisation name" if m.embedded else m.note))  # fmt: skip
        return check_distance_cues(text, out)

    def mentions(self, text: str, start: int = 0, end: int | None = None, doc: Document | None = None) -> list[Mention]:
        """The recognised and filtered mentions of a text's body, with their candidates (before resolution)."""
        end = (doc.body_end if doc is not None and doc.text is text else body_end(text)) if end is None else end
        raw = self.recognise(text, start, end, doc)
        reasons = self.verdicts(text, raw)
        recogniser = default_recogniser() if self.recogniser is None else self.recogniser
        if recogniser and raw:
            # the learned model weighs the rules' verdicts with the mention's context (geo/recognition.py)
            rules_keep = np.array([not r for r in reasons])
            keep = recogniser.keep(mention_features(self, text, raw, reasons), rules_keep, described(text, raw))
            # a village placed at its named area, a feature named with its class word ('Qayyarah airbase'), the seat
            # of an office ('Split Mayor's Office'): patterns the fitting corpora hardly contain, so the rules alone
            # decide them
            keep |= np.array([(m.note.startswith(AREA_NOTE) or self.gaz.feature[m.candidates[0][0]] in KINDS
                               or office_seat(text, m)) and not r
                              for m, r in zip(raw, reasons, strict=True)])  # fmt: skip
            # an area in a parenthesis after a name ("X (Upper Province)"), spelt as the text spells it: the rules
            # decide, as the fitting corpora hardly hold such notes
            keep |= bracketed_areas(text, raw) & rules_keep
            # so do names that only a district carries (outside the US the fitting corpora have none): "Saddam
            # Hussein" is no district of Yemen; an acronym that only spells a place's other name ("NAFTA"); and
            # half of a name said twice ("Kasa Kasa")
            keep &= np.array([not (r and (self._districts_only(m) or _the_centre(text, m)
                                          or r in _RULED_OUT
                                          or (r == "upper case" and not self._own_name(m))))
                              for m, r in zip(raw, reasons, strict=True)])  # fmt: skip
            # a word that is only a rare English word ("Bor"), capitalised inside a sentence right after "in", "near",
            # "at": the place, whatever the model says of common words
            keep |= np.array([r == "common word" and self._rare_word_in_place_context(text, m)
                              for m, r in zip(raw, reasons, strict=True)])  # fmt: skip
            # 'Galway-Sava' is judged as the rules read it, before the model drops one of its halves
            ruled = [m for m, r in zip(raw, reasons, strict=True) if not r]
            paired = {id(m) for m in ruled} - {id(m) for m in self._hyphen_pairs(text, ruled)}
            kept = [m for m, k in zip(raw, keep, strict=True) if k and id(m) not in paired]
            for m, reason in zip(raw, reasons, strict=True):
                if reason:
                    m.embedded = _in_org_name(text, m)
        else:
            kept = [m for m, reason in zip(raw, reasons, strict=True) if not reason]
        # fragments of longer names, and direction words alone ("Middle East" is a region; "South Central", "North
        # East" alone are only where within something): the rules alone decide them
        kept = [m for m in kept if not (continued_name(text, m) or self._glued_initial(m) or saint_building(text, m)
                                        or (directions_only(text, m) and not self._a_region(m)
                                            and not self._listed_direction(text, m, raw)))]  # fmt: skip
        kept = sorted(kept + self._adjective_capitals(text, start, end, kept), key=lambda m: m.start)
        return self._country_constraint(self._hyphen_pairs(text, kept), text)

    def _adjective_capitals(self, text: str, start: int, end: int, kept: list[Mention]) -> list[Mention]:
        """'the Libyan capital', 'the Afghan capital': the capital city of the country the adjective names (rules
        alone: the adjectival form is no toponym of its own here, the city it stands for is)."""
        out = []
        for m in _ADJECTIVE_CAPITAL.finditer(text, start, end):
            pid = adjectival_forms().get(name_key(m.group(1)))
            if (
                pid is None
                or self.gaz.feature[pid] != "country"
                or any(k.start < m.end(2) and m.start(1) < k.end for k in kept)
            ):
                continue
            country = self.gaz.country[pid]
            city = self.gaz.capital_city(country)
            if city is not None:
                out.append(Mention(m.start(1), m.end(2), m.group(0)[4:], name_key(self.gaz.capital(country)[0]),
                                   [(city, self.gaz.prior(city, 1.5))], note=CAPITAL_NOTE))  # fmt: skip
        return out

    def parse(self, text: str, start: int = 0, end: int | None = None, doc: Document | None = None) -> list[Toponym]:
        """Toponyms of a text's body (comments and subscription blurbs excluded), in text order."""
        mentions = self.mentions(text, start, end, doc)
        return self.resolve(text, mentions) if mentions else []
