"""The geoparser's filter rules: each recognised name gets a verdict (a person, a title, an organisation name, an
acronym, a frequent English word, or '' for a place) that the learned recogniser (geo/recognition.py) weighs."""

from __future__ import annotations

import re
from collections import defaultdict

from conflictmap.geo.context import QUALIFIERS, Mention, _next_word, _prev_word, _title_case_line
from conflictmap.geo.names import fold, name_key
from conflictmap.geo.wordlists import (
    ADMIN_SUFFIXES,
    BIG_CITY,
    CALENDAR,
    COUNTRY_ADMIN_WORDS,
    NOT_PLACES,
    OFFICE_WORDS,
    ORG_WORDS,
    PERSON_NOUNS,
    SPEECH_VERBS,
    STRONG_FEATURES,
    TITLES,
)


class RuleVerdicts:
    """The rules half of the Geoparser (it mixes this in): needs `gaz`, `common`, `first_names`, `surnames`,
    `given_names`."""

    def _districts_only(self, m: Mention) -> bool:
        """Whether every reading of the mention is a second-level division (a district, not a town)."""
        return all(self.gaz.feature[c[0]] == "admin2" for c in m.candidates)

    def _called(self, pid: int, key: str) -> bool:
        """Whether the place's own name folds to the key, not only one of its other spellings."""
        return name_key(self.gaz.name[pid]) == key

    def _main_name(self, m: Mention) -> bool:
        return self._called(m.candidates[0][0], m.key)

    def _curated(self, m: Mention) -> bool:
        """Whether the curated supplement vouches for the best reading (its bonus is 1.5)."""
        pid, score = m.candidates[0]
        return score - self.gaz.prior(pid) >= 1.4

    def _strong(self, m: Mention) -> bool:
        top = m.candidates[0][0]
        return (self.gaz.feature[top] in STRONG_FEATURES and self._main_name(m)) or self._curated(m)

    def filter(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Drop people and frequent words; flag names embedded in organisation names."""
        return [m for m, reason in zip(mentions, self.verdicts(text, mentions), strict=True) if not reason]

    def verdicts(self, text: str, mentions: list[Mention]) -> list[str]:
        """Why each mention is not a place by the rules ('' when the rules keep it; kept ones get `embedded`)."""
        people: set[str] = set()
        out = []
        for m in mentions:
            out.append(self._verdict(text, m, mentions, people))
        # a name read as a person anywhere in the text is a person everywhere ("Obama ... Obama said")
        return [
            "person elsewhere"
            if not r and m.key in people and not self._strong(m) and not self._told_as_place(text, m, mentions)
            else r
            for m, r in zip(mentions, out, strict=True)
        ]

    def _verdict(self, text: str, m: Mention, mentions: list[Mention], people: set[str]) -> str:
        single = " " not in m.text.strip()
        prev = _prev_word(text, m.start)
        nxt = _next_word(text, m.end)
        strong = self._strong(m)
        big = max(self.gaz.population[c[0]] for c in m.candidates[:3]) >= BIG_CITY
        folded = fold(m.text)
        if m.key in people and not strong and not self._told_as_place(text, m, mentions):
            return "person elsewhere"
        if not strong and (prev.lower().rstrip(".") in TITLES or _titled(text, m.start)):
            people.add(m.key)
            return "title"
        if (
            single and prev and prev[0].isupper() and prev.lower() not in QUALIFIERS | INSTITUTIONS and not strong
            and prev[-1].isalpha() and not any(ch.isdigit() for ch in prev)  # not "Event. X", "the A429 X"
            and text[m.start - len(prev) - 1 : m.start] == prev + " "
            and not _sentence_initial(text, m.start - len(prev) - 1)
            and not self.gaz.has_key(name_key(re.sub(r"['’]s$", "", prev)))  # "Syria's Hasakeh"
        ):  # fmt: skip
            people.add(m.key)  # "Barack Obama", "Nouri al-Maliki"
            return "after a name"
        top = m.candidates[0]
        if prev in _QUARTER_BEFORE and text[m.start - len(prev) - 1 : m.start] == prev + " ":
            return "a town's quarter"  # "located in colonia Sinaí": a quarter of the town, not Sinai
        if (
            single
            and self.gaz.feature[top[0]] == "country"
            and _between_capitals(text, m)
            and not _in_org_name(text, m)
        ):
            return "inside a longer name"  # "Datu Saudi Ampatuan" (a town), "the Lake Chad Basin": not the country
        if (
            prev.lower() in _DIRECTION_WORDS
            and prev[0].isupper()
            and text[m.start - len(prev) - 1 : m.start] == prev + " "
            and _DIVISION_KIND_AFTER.match(text, m.end)
            and self.gaz.feature[top[0]] in ("city", "town")
        ):
            return "inside a division's name"  # "the South Gondar zone": not the town of Gondar
        sovereign = self.gaz.feature[top[0]] in ("country", "continent") or top[1] - self.gaz.prior(top[0]) >= 1.4
        if (
            not sovereign
            and single
            and not _kind_after(text, m)
            and self._person_context(text, m, prev, nxt, folded, big)
        ):
            people.add(m.key)  # "James Smith", "Abraham Lincoln", "Mr Nelson"
            return "person name"
        if nxt and nxt.lower() in SPEECH_VERBS and not strong and not big and text[m.end : m.end + 1] == " ":
            # "Obama said"; not "he lives in Riverdale, says he"
            people.add(m.key)
            return "speaker"
        if _dateline(text, m):
            m.embedded = False
            return ""
        if single and _date_word(text, m):
            return "date"  # "30 Nov (Thursday)", "Mon 2 Oct": a digest's dates, not Nov (Tajikistan) or Mon State
        if single and _reduplicated(text, m):
            return "half of a doubled name"  # "Kasa Kasa": a name of its own, not "Kasa"
        if single and m.text.isupper() and len(m.text) > 4 and not strong:
            return "upper case"  # "NAFTA", "OPEC": upper case outside a dateline is an acronym
        if (
            single
            and self.common.get(folded, 0) >= 3.0
            and not strong
            and not big
            and not office_seat(text, m)
            and not _settlement_named(text, m)
            and not self._apposed_at_home(text, m, mentions)
            and not (prev.lower() in INSTITUTIONS and _INSTITUTION_BEFORE.search(text, 0, m.start))
        ):
            return "common word"  # not "Split Mayor's Office", "Bath City Council": a place's office names it
        if _the_centre(text, m):
            return "common word"
        if nxt.lower() in PERSON_NOUNS and text[m.end : m.end + 1] == " " and not strong:
            return "person noun"  # "the Obama administration"
        if single and m.sentence_start and self.common.get(folded, 0) >= 2.5 and not (strong or big):
            if not any(o.key == m.key and not o.sentence_start for o in mentions):
                return "common word opening a sentence"
        if single and folded in NOT_PLACES:
            return "group or faith"
        if single and self.common.get(folded, 0) >= 3.0 and not strong and _title_case_line(text, m.start):
            return "common word in a headline"
        m.embedded = _in_org_name(text, m)
        return ""

    def _hyphen_pairs(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """'Mayo-Sava': two names joined by a hyphen that the gazetteer knows only apart, in different countries,
        neither a country nor a big city, are one name the gazetteer lacks (a district), not two places abroad.
        'Kirkuk-Baghdad road', 'Damascus-Beirut highway', 'Iran-Iraq war' keep both."""
        gaz = self.gaz
        drop: set[int] = set()
        for i, (a, b) in enumerate(zip(mentions, mentions[1:], strict=False)):
            if text[a.end : b.start] != "-":
                continue
            if any(
                gaz.feature[c[0]] in ("country", "continent") or gaz.population[c[0]] >= BIG_CITY
                for m in (a, b)
                for c in m.candidates[:3]
            ):
                continue
            if not {gaz.country[c[0]] for c in a.candidates} & {gaz.country[c[0]] for c in b.candidates}:
                drop |= {i, i + 1}
        return [m for i, m in enumerate(mentions) if i not in drop]

    def _country_constraint(self, mentions: list[Mention], text: str) -> list[Mention]:
        """A place is not put in another country than the one its sentence names: when a sentence names exactly
        one country and a mention there has readings in it, only those readings stay (unless a city of BIG_CITY
        people abroad has the name). A text that names no country but uses a word for a division that only one
        country has ("barangay") holds its places the same way."""
        gaz = self.gaz
        named: dict[int, set[str]] = defaultdict(set)
        for m in mentions:
            top = m.candidates[0][0]
            if gaz.feature[top] == "country" and not m.embedded and gaz.country[top]:
                named[m.sentence].add(gaz.country[top])
        # "Isabela" in a text that speaks of barangays: the Philippine province, not a town of that name abroad
        used_by: set[str] = set()
        if not named:  # read only when no sentence names a country
            used_by = {k for hit in COUNTRY_ADMIN_WORDS.finditer(text) for k, v in hit.groupdict().items() if v}
            used_by = used_by if len(used_by) == 1 else set()
        for m in mentions:
            top = m.candidates[0][0]
            if gaz.feature[top] in ("country", "continent", "water") or m.embedded:
                continue
            countries = named.get(m.sentence, set()) or used_by
            if len(countries) == 1:
                inside = [c for c in m.candidates if gaz.country[c[0]] in countries]
                # "U.S. envoys flew to Moscow": a big city abroad is no namesake of a small town at home
                abroad = max(  # called so, not only spelled so: a city's stray alternate spelling is no namesake
                    (gaz.population[c[0]] for c in m.candidates
                     if gaz.country[c[0]] not in countries and self._called(c[0], m.key)), default=0,
                )  # fmt: skip
                if inside and len(inside) < len(m.candidates) and abroad < BIG_CITY:
                    m.candidates = inside
        return mentions

    def _told_as_place(self, text: str, m: Mention, mentions: list[Mention]) -> bool:
        """Whether the text names the mention with its kind: "X district", "the town of X", or in apposition "X,
        a coastal town" when X has a reading in a country the text names (a person's name told so is no village
        abroad)."""
        return _told_as_place(text, m) or self._apposed_at_home(text, m, mentions)

    def _apposed_at_home(self, text: str, m: Mention, mentions: list[Mention]) -> bool:
        if not _SETTLEMENT_APPOSED.match(text, m.end):
            return False
        gaz = self.gaz
        named = {gaz.country[o.candidates[0][0]] for o in mentions
                 if o.candidates and gaz.feature[o.candidates[0][0]] == "country"}  # fmt: skip
        return any(gaz.country[c[0]] in named for c in m.candidates)

    def _a_region(self, m: Mention) -> bool:
        """Whether the best reading is a region or continent, or a name the curated supplement vouches for."""
        return self.gaz.feature[m.candidates[0][0]] in ("region", "continent") or self._curated(m)

    def _an_admin1(self, m: Mention) -> bool:
        """Whether one of the mention's readings is a first-level division."""
        return any(self.gaz.feature[c[0]] == "admin1" for c in m.candidates)

    def _glued_initial(self, m: Mention) -> bool:
        """'War II' of 'World War II' or 'Cleve R.' of a byline: a last word that is an initial or a roman numeral,
        matched only by gluing it to the word before (Warri, Clever), is no part of a place's name."""
        words = m.text.split()
        last = words[-1].rstrip(".") if len(words) > 1 else ""
        if not re.fullmatch(r"[A-Z]|[IVX]{1,4}", last):
            return False
        return not any(last in self.gaz.name[c[0]].replace(".", " ").split() for c in m.candidates[:5])

    def _own_name(self, m: Mention) -> bool:
        """Whether one of the mention's readings is called so, not only known by it as another spelling."""
        return any(self._called(c[0], m.key) for c in m.candidates)

    def _a_place_s_own_name(self, word: str) -> bool:
        """Whether a place is called this, not only known by it as another spelling ('Bombay' for Mumbai)."""
        key = name_key(word)
        return any(self._called(pid, key) for pid, _ in self.gaz.ids(key))

    def _person_context(self, text: str, m: Mention, prev: str, nxt: str, folded: str, big: bool) -> bool:
        """A first name followed by a capitalised word, or a surname right after a first name. A given name from
        abroad counts only where no big city has the name ("Amal Haddad", not "Adelaide Police")."""
        after_space = text[m.end : m.end + 1 + len(nxt)] == " " + nxt  # not "X (Y District, ...)"
        given = folded in self.first_names or (folded in self.given_names and not big)
        if given and after_space and nxt[:1].isupper() and nxt.lower() not in ADMIN_SUFFIXES:
            return nxt.lower() in self.surnames or not self._a_place_s_own_name(nxt)
        if text[m.start - 1 : m.start] != " ":
            return False
        if prev[:1].isupper():
            return self._a_first_name(prev) and text[m.start - len(prev) - 1 : m.start] == prev + " "
        # "Ursula von der Leyen", "Frans van Houten": particles between a first name and the surname
        particles = re.search(
            r"([A-Z][\w'’-]+)((?: (?:" + SURNAME_PARTICLES + r")){1,2}) $", text[max(0, m.start - 40) : m.start]
        )
        return bool(particles) and self._a_first_name(particles.group(1))

    def _a_first_name(self, word: str) -> bool:
        return word.lower() in self.first_names or word.lower() in self.given_names


SURNAME_PARTICLES = "de|van|von|der|den|da|di|du|dos|das|del|della|ter|ten|le|la"
NAME_PARTICLES = {*SURNAME_PARTICLES.split("|"), "al", "el", "bin", "ibn", "bint", "abu", "ould"}


def office_seat(text: str, m: Mention) -> bool:
    """Whether an office word follows the name: 'Split Mayor's Office', 'Bath City Council' name a place."""
    return text[m.end : m.end + 1] == " " and re.sub(r"['’]s$", "", _next_word(text, m.end).lower()) in OFFICE_WORDS


def _dateline(text: str, m: Mention) -> bool:
    """'MANILA, Philippines -', 'AUSTIN, Texas': an upper-case place opening a line and followed by a comma."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return (
        m.text.isupper()
        and len(m.text) > 3
        and not text[line_start : m.start].strip()
        and text[m.end : m.end + 1] == ","
    )


def _titled(text: str, pos: int) -> bool:
    """Whether one of the (up to three) capitalised words right before pos is a title: 'Prime Minister Nouri al-'."""
    before = re.split(r"[,;:()\[\]\"“”]", text[max(0, pos - 60) : pos])[-1]  # "Sheikh Zuweid (Rafah": not Rafah's
    words = re.findall(r"[\w.'’-]+", before)[-4:]
    # a name particle right before the mention is part of the name ("Nouri al-"); "the governor in X" is no title
    particle = words and (words[-1].endswith("-") or words[-1].lower() in NAME_PARTICLES)
    for w in reversed(words[:-1] if particle else words):
        if w.lower().rstrip(".") in TITLES:
            return True
        if not w[0].isupper():
            return False
    return False


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos + 1].rstrip()
    return not before or before[-1] in ".!?\n\"“‘'(" or pos <= 0


_ORG_CHAIN = re.compile(r"(?:[A-Z][\w'’.-]*|of|the|and|for|al|de)(?:\s+(?:[A-Z][\w'’.-]*|of|the|and|for|al|de))*")


# a medium named after its place, told in lower case: "the Houthi-run Saba news agency", "Kabul radio"
_MEDIUM_AFTER = re.compile(r"\s+(?:news agency|news outlet|newspaper|television|radio|broadcaster|tv)\b")


# a school or hospital named after its town ends with the town: "Government Secondary School Funtua"
INSTITUTIONS = {"school", "college", "academy", "seminary", "hospital"}
_INSTITUTION_BEFORE = re.compile(r"\b(?:School|College|Academy|Seminary|Hospital)\s+$")


_WEEKDAY_SHORT = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+$")
_DAY_AFTER = re.compile(r"\s+\d{1,2}(?:st|nd|rd|th)?\b")


def _date_word(text: str, m: Mention) -> bool:
    """Whether a one-word mention is a month or weekday written short beside a day number: "30 Nov", "Nov 30",
    "Sat 30 Sep"."""
    low = m.text.lower().rstrip(".")
    if low in CALENDAR:
        return bool(_DAY_BEFORE.search(text, max(0, m.start - 6), m.start) or _DAY_AFTER.match(text, m.end))
    return low in _WEEKDAY_SHORT and bool(_DAY_AFTER.match(text, m.end))


def _in_org_name(text: str, m: Mention) -> bool:
    """Whether the mention sits inside a capitalised chain that ends in an organisation word, or names a medium."""
    if _MEDIUM_AFTER.match(text, m.end):
        return True
    left = max(0, m.start - 80)
    for chain in _ORG_CHAIN.finditer(text, left, min(len(text), m.end + 80)):
        if chain.start() <= m.start and chain.end() >= m.end and (chain.start(), chain.end()) != (m.start, m.end):
            if chain.end() == m.end and _INSTITUTION_BEFORE.search(text, chain.start(), m.start):
                return False
            words = [w.lower().strip(".") for w in chain.group(0).split()]
            if (any(w in ORG_WORDS for w in words) or _a_government_s_name(text, chain, m)) and not all(
                w in ADMIN_SUFFIXES for w in words[len(m.text.split()) :]
            ):
                return True
    return False


def _a_government_s_name(text: str, chain: re.Match, m: Mention) -> bool:
    """Whether the capitalised chain around the mention is a government's name ("Government of National Unity"): a
    government is an organisation too, but "Government of Iraq" names the place it governs."""
    around = (text[chain.start() : m.start] + " " + text[m.end : chain.end()]).lower().split()
    return "government" in around and not re.search(r"Government of (?:the )?$", text[chain.start() : m.start])


def _the_centre(text: str, m: Mention) -> bool:
    """'the Centre had failed to frame a scheme': the central government, not a region named Centre (the rules alone
    decide it: the fitting corpora's Centre regions would make the model rescue it)."""
    return (
        fold(m.text) in ("centre", "center")
        and _prev_word(text, m.start).lower() == "the"
        and _next_word(text, m.end).lower() not in ADMIN_SUFFIXES | {"of"}
    )


_CONTINUED = re.compile(r" (?:de|del|de la|de los|de las|da|do|dos|das|du|des) [A-Z][a-z]")


def continued_name(text: str, m: Mention) -> bool:
    """Whether the name goes on with 'de X' beyond what the gazetteer matched: 'San Juan' of 'San Juan de Y' is a
    fragment of a longer name the gazetteer lacks, not San Juan (the rules alone decide it)."""
    return bool(_CONTINUED.match(text, m.end)) and not m.text.isupper()


_DIRECTION_WORDS = {
    "north", "south", "east", "west", "central", "centre", "center", "northern", "southern", "eastern", "western",
    "upper", "lower", "middle", "far", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
    "south-east", "south-west",
}  # fmt: skip


def directions_only(text: str, m: Mention) -> bool:
    """'South Central Ambulance Service', 'the North East of the city': a name of direction words alone says where
    within something, not which place; it is a place only with an admin word after it ('North East Region') or as
    an area in the parenthesis after a place ('X (Y, North-West)', see listed_area)."""
    words = re.split(r"[\s-]+", m.text.lower())
    return (
        len(words) >= 2
        and all(w in _DIRECTION_WORDS for w in words)
        and _next_word(text, m.end).lower() not in ADMIN_SUFFIXES
    )


_LIST_OPEN = re.compile(r"[A-Za-z.]\s+\((?:[^()]{1,60},\s*)?$")
_LIST_CLOSE = re.compile(r"\s*[,)]")


def listed_area(text: str, m: Mention) -> bool:
    """Whether the mention is one of the areas listed in a parenthesis right after a name: 'X (Y, North-West)',
    'X (Far North)'."""
    return bool(_LIST_OPEN.search(text, max(0, m.start - 70), m.start) and _LIST_CLOSE.match(text, m.end))


_SAINT_BUILDING = re.compile(
    r"['’]s? (?:Basilica|Cathedral|Church|Chapel|Abbey|Hospital|School|College|Academy|University|Square)\b"
)


def saint_building(text: str, m: Mention) -> bool:
    """A building named after a saint ("St. Andrew's Church", "St Thomas' Hospital") is not the town of that name."""
    return bool(re.match(r"(?:St\.?|Saint|San|Santa|Sankt) ", m.text) and _SAINT_BUILDING.match(text, m.end))


# the kind of place written right after a name: "X local government area", "X district", "X village"
_KIND_AFTER = re.compile(
    r"\s+(?:local government area|LGA|district|county|province|state|region|department|municipality|sub-?district|"
    r"subdivision|division|village|governorate|prefecture|commune|territory|upazila|tehsil|woreda)\b"
)


def _between_capitals(text: str, m: Mention) -> bool:
    """Whether a one-word name stands between two capitalised words of the same line, one space either side."""
    before = re.search(r"(?<![.!?:;\n])[ ]([A-Z][\w'’-]+) $", text[max(0, m.start - 40) : m.start])
    if before is None or before.group(1).lower() in _DETERMINERS | _DIRECTION_WORDS:
        return False  # "The U.S. Transportation Department", "Northeast Georgia Medical Center"
    return bool(re.match(r" [A-Z][\w'’-]+", text[m.end : m.end + 40]))


# the lower-case words of Latin American cities' quarters, written before the quarter's name
_QUARTER_BEFORE = {"colonia", "barrio", "bairro", "favela", "comuna", "fraccionamiento", "colonias", "barrios"}
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "your", "my"}


# a division's kind after its name: "the South Gondar zone", "East Jakarta district"
_DIVISION_KIND_AFTER = re.compile(
    r"\s+(?:zone|district|county|province|region|state|division|department|governorate|prefecture|municipality|"
    r"woreda|cercle|sub-?county|LGA|local government area|territory|commune|oblast|raion|regency)\b"
)
_SETTLEMENT_AFTER = re.compile(r"\s+(?:town|city|village)\b")
# told in apposition: "X, a coastal town about 15 km east of Y", "X, the village where ..."
_SETTLEMENT_APPOSED = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|hamlet|settlement|port|suburb)\b"
    r"(?!\s+(?:elders?|chiefs?|heads?|leaders?|council\w*|officials?|residents?|mayors?|dwellers?|folk|boy|girl|man|"
    r"woman|doctor|teacher))"
)
_SETTLEMENT_BEFORE = re.compile(r"\b(?:town|city|village) of\s+$")


def _settlement_named(text: str, m: Mention) -> bool:
    """Whether the name is told as a settlement's ("Hope town", "the town of Hope"): a place though also a word."""
    return bool(_SETTLEMENT_AFTER.match(text, m.end) or _SETTLEMENT_BEFORE.search(text, max(0, m.start - 20), m.start))


def _told_as_place(text: str, m: Mention) -> bool:
    """Whether the text names the mention with its kind ("X district", "X town", "the town of X"): a place though a
    person elsewhere carries its name."""
    return _kind_after(text, m) or _settlement_named(text, m)


def _reduplicated(text: str, m: Mention) -> bool:
    """Whether the word is said twice in a row, as one name ("Kasa Kasa")."""
    word, n = m.text, len(m.text)
    after = text[m.end : m.end + n + 2]
    before = text[max(0, m.start - n - 2) : m.start]
    return (after[: n + 1] == " " + word and not after[n + 1 :].isalnum()) or (
        before[-n - 1 :] == word + " " and not before[: -n - 1].isalnum()
    )


def _kind_after(text: str, m: Mention) -> bool:
    """Whether the kind of place follows the name: a place there even if a person of that name is named too ("said
    resident Ali Kajuru" does not make "Kajuru local government area" a person)."""
    return bool(_KIND_AFTER.match(text, m.end))
