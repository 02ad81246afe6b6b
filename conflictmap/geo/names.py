"""Place-name keys: one spelling-insensitive key per name, so Tal Afar, Tall 'Afar and Talafar meet in the index.

The same function builds the committed index (scripts/build_geodata.py) and looks names up at run time, so a
change here needs `make geodata`. A test checks that the committed index was built with this very function.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import lru_cache

# Arabic definite article and its sun-letter forms, as wire services transliterate it ("al-", "as-", "ash-").
ARTICLES = frozenset({"al", "el", "ul", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "es", "et"})
APOSTROPHES = "'\u2018\u2019\u02bb\u02bc\u02bd\u02be\u02bf\u0060\u00b4\u2032\u055a\ua78c"
_APOS_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_NON_WORD = re.compile(r"[^\w]+")
_GLUED_DIN = re.compile(r"(?<=[a-z]{3})[eu]din$")
_DOUBLE = re.compile(r"(\w)\1+")
# Vowel spellings that vary between transliteration schemes; applied after doubled letters are collapsed.
_VOWELS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"), ("aa", "a"))
# Arabic script: strip tashkeel and tatweel, unify alef and teh marbuta forms.
_ARABIC = str.maketrans(
    {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0629": "\u0647", "\u0640": None}
)
_TASHKEEL = re.compile("[\u064b-\u065f\u0670]")


@lru_cache(maxsize=1 << 16)  # pure, and news names the same places again and again
def fold(text: str) -> str:
    """Lowercase, strip diacritics and apostrophes, punctuation to single spaces: 'Tall ‘Afar' -> 'tall afar'."""
    if text.isascii():  # no diacritics or Arabic script to fold: the same result, five times faster
        return " ".join(_NON_WORD.sub(" ", _APOS_RE.sub("", text.lower()).replace("_", " ")).split())
    text = _TASHKEEL.sub("", unicodedata.normalize("NFKC", text).translate(_ARABIC))
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    stripped = stripped.replace("ı", "i").replace("ł", "l").replace("ø", "o").replace("ß", "ss").replace("đ", "d")
    stripped = _APOS_RE.sub("", stripped).replace("_", " ")
    return " ".join(_NON_WORD.sub(" ", stripped).split())


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The index key of a name: folded, Arabic articles dropped, spaces, doubled letters and vowel variants merged."""
    tokens = fold(text).split()
    if len(tokens) > 1:
        kept = [t for t in tokens if t not in ARTICLES]
        tokens = kept or tokens
    tokens = [t[2:] if len(t) > 4 and t.startswith("\u0627\u0644") else t for t in tokens]
    key = "".join(tokens)
    key = _DOUBLE.sub(r"\1", key)
    for a, b in _VOWELS:
        key = key.replace(a, b)
    if len(key) > 4 and key.endswith("ah"):
        key = key[:-1]
    # "-ud-din", "-eddin": the article glued to din (Salaheddin, Salahuddin = Salah ad-Din)
    key = _GLUED_DIN.sub("din", key)
    return key


def is_useful_script(name: str) -> bool:
    """Latin or Arabic script names are kept in the index; others never occur in the news we parse."""
    for ch in name:
        if ch.isalpha():
            n = unicodedata.name(ch, "")
            if not (n.startswith("LATIN") or n.startswith("ARABIC")):
                return False
    return True


def spelling_tag(text: str) -> str:
    """A 4-hex-digit tag of a name's exact folded spelling: within one index key, tells 'Samarrah' from 'Samara'."""
    return f"{zlib.crc32(fold(text).replace(' ', '').encode('utf-8')) & 0xFFFF:04x}"


# Loose keys: what stays of a transliterated name when the choices that differ between agencies are dropped.
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"), ("ph", "f"), ("dj", "j"))
_LETTERS = str.maketrans({"q": "k", "c": "k"})
_FINAL_H = re.compile(r"(?<=[aeiou])h$")  # -ah / -eh / -ih endings: Hasakah, Hasakeh, Hassake
_GLIDE_J = re.compile(r"(?<=[aeiou])j(?![aeiou])")  # Slavic-style j for the glide y: Dejr = Deyr
_INNER_VOWELS = re.compile(r"[aeiouyw]+")
_FIRST_VOWEL = str.maketrans({"e": "i", "y": "i", "o": "u"})


def loose_key(key: str) -> str:
    """A coarser key over a name key (name_key's output) that merges transliteration variants of Arabic, Kurdish,
    Pashto and Somali names: Idleb = Idlib, Deir ez-Zor = Dayr az Zawr, Hasakeh = Al Hasakah, Qunduz = Kondoz.

    Digraphs fold (kh->k, gh->g, dh->d, th->t, sh/ch->s), q and c become k, a j after a vowel and before a
    consonant is the glide y, a final h after a vowel goes, vowels
    and the glides w/y after the first letter are dropped (an initial vowel keeps its class: e/i, o/u) and doubled
    letters collapse. Many names share a loose key, so it is a fallback after the exact key, never a replacement."""
    if not key.isascii() or not key:
        return key
    k = key
    for a, b in _DIGRAPHS:
        k = k.replace(a, b)
    k = _FINAL_H.sub("", _GLIDE_J.sub("y", k).translate(_LETTERS))
    k = k[0].translate(_FIRST_VOWEL) + _INNER_VOWELS.sub("", k[1:])
    return _DOUBLE.sub(r"\1", k)
