"""The word tables the geoparser reads: name shapes, titles, organisation and group words, feature nouns, cue
patterns, and the generated lists in geodata/ (common English words, person names, adjectival forms)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from conflictmap.geo.names import ARTICLES
from conflictmap.model import GEODATA_DIR

TOKEN = re.compile(r"[^\W\d_](?:[\w'’ʿ]|[.\-](?=[^\W\d_]))*\.?")
ARTICLE_PREFIX = re.compile(
    r"^(?:al|el|ad|adh|an|ar|as|ash|at|az|ath|ez|es|esh|ed|edh|et|eth|en|er|ud|ul|um|us|uz)-[^\W\d_]", re.IGNORECASE
)
# The Arabic article as agencies write it, alone or hyphenated ("Dar'a Al Balad", "Busra Esh-Sham", "Deir ez-Zor").
ARTICLE_WORDS = ARTICLES | {"esh", "ez", "edh", "eth", "en", "er", "ud", "us", "uz", "um"}
# Lower case and on their own, only the forms that are no English words ("the Gulf as U.S. officials").
INNER_ARTICLES = ARTICLE_WORDS - {"as", "an", "at", "us", "um", "en", "er", "ed", "et", "es", "ul"}
CONNECTORS = {
    "of", "the", "and", "de", "del", "della", "di", "do", "des", "la", "le", "du", "da", "dos", "das", "upon", "on", "sur",
    "bin", "ibn", "y", "wa",  # "wa": Arabic "and" ("X wa Y")
}  # fmt: skip
ADMIN_SUFFIXES = {"province", "governorate", "region", "district", "county", "state", "prefecture", "oblast"}
# Words for a kind of division or settlement that only one country uses: a text that uses them is about it
COUNTRY_ADMIN_WORDS = re.compile(
    r"\b(?:(?P<PH>[Bb]arangays?|Brgy\.?)|(?P<ET>[Ww]oredas?|[Kk]ebeles?)|(?P<BD>[Uu]pazilas?)|(?P<MG>[Ff]okontany)|"
    r"(?P<ID>[Kk]abupaten|[Kk]ecamatan)|(?P<NG>LGAs?\b|[Ll]ocal [Gg]overnment [Aa]reas?)|(?P<PL>[Vv]oivodeships?)|"
    r"(?P<TH>[Tt]ambons?))\b"
)
TITLES = {
    "president", "minister", "prime", "secretary", "senator", "sen", "sen.", "rep", "rep.", "gov", "gov.",
    "governor", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "gen", "gen.", "general", "king", "queen",
    "prince", "pope", "judge", "sheikh", "ayatollah", "spokesman", "spokeswoman", "cleric", "imam", "lt", "col",
    "colonel", "captain", "capt", "commander", "ambassador", "envoy", "chancellor", "mayor", "sir", "lord",
    "archbishop", "bishop", "cardinal", "rabbi", "reverend", "rev", "rev.", "pastor", "patriarch", "emir", "sultan",
    "sergeant", "sgt", "sgt.", "lieutenant", "premier", "chairman", "chairwoman", "inspector", "detective",
    "leader", "spokesperson", "deputy", "adviser", "advisor", "commissioner", "lawmaker", "activist",
}  # fmt: skip
SPEECH_VERBS = {"said", "says", "told", "added", "stated", "warned", "wrote", "claimed", "argued", "insisted"}
ORG_WORDS = {
    "state", "army", "party", "front", "university", "college", "school", "journal", "times", "post", "news",
    "council", "ministry", "company", "corporation", "corp", "inc", "bank", "association", "group", "brigade",
    "brigades", "forces", "corps", "agency", "league", "organisation", "organization", "institute", "foundation",
    "department", "committee", "commission", "movement", "club", "fc", "airlines", "airways", "herald",
    "tribune", "press", "telegraph", "guardian", "observer", "review", "radio", "television", "tv", "network",
    "hospital", "church", "mosque", "museum", "police", "court", "assembly", "parliament", "congress", "union",
    "office", "service", "services", "authority", "board", "center", "centre", "society", "federation", "fund",
    "treaty", "convention", "conventions", "accord", "accords", "protocol",
}  # fmt: skip
# Group and faith names that GeoNames also lists as villages ("Sunni" -> Suni, Italy).
NOT_PLACES = {
    "sunni", "sunnis", "shia", "shias", "shiite", "shiites", "kurd", "kurds", "arab", "arabs", "muslim", "muslims",
    "christian", "christians", "jewish", "jew", "jews", "yazidi", "yazidis", "turkmen", "alawite", "alawites",
    "druze", "islam", "islamist", "islamists", "jihadist", "jihadists", "sharia", "allah", "god", "isis", "isil",
    "western", "eastern", "northern", "southern", "central", "northwest", "northeast", "southwest", "southeast",
    "hamas", "hezbollah", "taliban", "nato", "al-qaeda", "qaeda", "peshmerga", "houthi", "houthis", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "christmas", "easter", "ramadan", "eid", "thanksgiving", "halloween",
}  # fmt: skip
LOOSE_PENALTY = 1.0  # prior taken off a loose-spelling reading when the exact spelling names a place too
BIG_CITY = 500_000  # a city this large keeps its name even when the name is also a word ("Boston", a card game)
# words after a place name that make it the seat of an office: "Split Mayor's Office", "Bath City Council"
OFFICE_WORDS = {"governor", "governorate", "mayor", "municipality", "council", "prefecture"}
PERSON_NOUNS = {"administration", "campaign", "family", "era", "presidency", "aides", "cabinet"}
STRONG_FEATURES = {"country", "admin1", "continent", "water", "region"}
# Heads of armed-group and party names: a minor place word right before one is part of a name ("Hamza Division").
GROUP_HEADS = {
    "division", "divisions", "brigade", "brigades", "battalion", "battalions", "regiment", "front", "army", "movement",
    "party", "forces", "corps", "militia", "militias", "legion", "faction", "coalition", "alliance", "haram", "guard",
    "guards", "squadron", "mujahideen", "jihad", "group", "martyrs", "revolutionaries", "shabaab", "ansar",
}  # fmt: skip
MINOR_PLACE = 100_000  # a place word below this population may be part of a longer name
AREA_NOTE = "not in the gazetteer"  # the note of a village placed at the area named after it
LOOSE = "spelling matched loosely"  # the note of a name read by a near spelling after "outskirts of", "village of"
# Words after a place name that make it a feature there ("Mosul Dam"), not a different name.
FEATURE_NOUNS = {
    "river", "dam", "airport", "airbase", "base", "bridge", "crossing", "road", "highway", "street", "square",
    "mountain", "mountains", "mount", "valley", "lake", "sea", "gulf", "bay", "desert", "plain", "refinery",
    "camp", "district", "city", "town", "village", "area", "border", "port", "station", "countryside",
    "suburbs", "outskirts", "hills", "island", "islands", "coast", "strip", "canal", "oasis", "field", "fields",
}  # fmt: skip
CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# The last word of a PLACE_CONTEXT phrase: a cheap test before the pattern.
CONTEXT_LAST_WORDS = {
    "in", "near", "at", "outside", "into", "toward", "towards", "around", "from", "reached", "entered", "captured",
    "shelled", "stormed", "of", "the",
}  # fmt: skip
# Marks of a name transliterated from Arabic script: an article, a generic word (deir, tall, ras, wadi, jabal, kafr,
# khan, ain, abu, bani), an apostrophe for 'ayn or hamza, a hyphen.
TRANSLITERATED = re.compile(
    r"\b(?:al|el|ad|an|ar|as|ash|at|az|ez|es|esh|ed|ud|um|umm|abu|bin|ibn|beni|bani|deir|dayr|dair|tal|tall|tel|ras|"
    r"ain|ayn|jabal|jebel|wadi|khan|kafr|kfar|qasr|bir|tell)\b|['’ʿ`-]",
    re.IGNORECASE,
)
PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")  # "IEDs", "MPs"
_DIR = r"(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
AREA_BEFORE = re.compile(r"\b(?:countryside|outskirts|suburbs|province|governorate) of\s+(?:the\s+)?$", re.I)
AREA_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:countryside|province|governorate)\b", re.IGNORECASE)
# An unknown capitalised word right before the area: "Nuqtah in Idleb countryside", "a village, Nuqtah, in the
# northern countryside of Idleb".
VILLAGE_BEFORE = re.compile(
    rf"\b([A-Z][\w'’-]{{2,}}),?\s+in\s+(?:the\s+)?{_DIR}(?:(?:countryside|outskirts|suburbs|province|governorate)"
    rf"\s+of\s+(?:the\s+)?)?$"
)
CUE = re.compile(
    r"(\d[\d,.]*)\s*(?:km|kilometres|kilometers|kms|miles|mi)\s+(?:\(\d+\s*miles?\)\s+)?"
    r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of\s+$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def common_words(path: Path = GEODATA_DIR / "common_words.tsv") -> dict[str, float]:
    """Ordinary English words (a dictionary lists them in lower case) that are also place names, with their Zipf
    frequency (built by build_geodata). Proper nouns like 'richmond' are not in it."""
    if not path.exists():
        return {}
    rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines()[1:] if r]
    return {r[0]: float(r[1]) for r in rows if len(r) > 2 and r[2] == "1"}


@lru_cache(maxsize=2)
def romance_common_words(lang: str, path: Path = GEODATA_DIR / "common_words_fr_es.tsv") -> dict[str, float]:
    """Frequent French ('fr') or Spanish ('es') words that are also place names, with their Zipf frequency (built by
    build_geodata): 'les', 'tres', 'sud'."""
    if not path.exists():
        return {}
    rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines()[1:] if r]
    return {r[0]: float(r[2]) for r in rows if len(r) > 2 and r[1] == lang}


@lru_cache(maxsize=1)
def person_names(
    path: Path = GEODATA_DIR / "person_names.tsv",
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Lower-case first names and surnames frequent in the US Census, and given names common in many countries
    (built by build_geodata)."""
    if not path.exists():
        return frozenset(), frozenset(), frozenset()
    rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines()[1:] if r]
    return tuple(frozenset(r[0] for r in rows if len(r) > col and r[col] == "1") for col in (1, 2, 3))  # type: ignore[return-value]


@lru_cache(maxsize=1)
def adjectival_forms(path: Path = GEODATA_DIR / "adjectival.tsv") -> dict[str, int]:
    """Adjectival and plural forms of places ('Iraqi', 'Iraqis', 'European') -> place id (built by build_geodata)."""
    if not path.exists():
        return {}
    rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines()[1:] if r]
    return {r[0]: int(r[2]) for r in rows}


# "London-based", "Beijing-born": a place with a suffix saying who or what is there
LOCATED_SUFFIXES = {"based", "born", "bred", "raised", "headquartered", "registered", "bound"}
# "anti-Russian", "pro-Western": a stance before an adjectival form (read only with adjectival forms on)
STANCE_PREFIXES = {"anti", "pro", "non", "ex", "pan", "trans"}
