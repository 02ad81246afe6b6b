"""Numbers in event text: deaths (exact, ranges, summed groups, one victim, a stated zero) and displaced people.

Dates are masked before counting, so the year of "On 1 May 2020, 2 children were killed" is never a toll.
"""

from __future__ import annotations

import re

from conflictmap.events import lexicon as lx

_NUM_WORDS = "|".join(sorted((w for w in list(lx.NUMBER_WORDS) + list(lx.VAGUE)), key=len, reverse=True))
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+|" + _NUM_WORDS.replace(" ", r"\s+") + r")"
_RANGE = r"(?:(\d+)\s*(?:-|–|to|or)\s*)?"
_QUAL = (
    r"(?:(?:at least|some|about|around|approximately|nearly|almost|up to|over|more than|as many as|an estimated)\s+)?"
)
# the words between a count and its verb: up to six, or seven when none is another figure ("an hours-long shootout
# with traffickers, leaving two suspects dead" counts two, not one)
_CARDINALS = "|".join(w for w in sorted(list(lx.NUMBER_WORDS) + list(lx.VAGUE), key=len, reverse=True)
                      if w.split()[0] not in ("a", "an", "another", "lone", "single", "some"))  # fmt: skip
_WORD = r"[\w\"'“”-]+,?\s+"
_VICTIM = (r"((?:" + _WORD + r"){0,6}?|(?:(?!(?:\d|(?:" + _CARDINALS.replace(" ", r"\s+") + r")\b))" + _WORD
           + r"){7})")  # fmt: skip
_DEATH = (
    r"(?:killed|dead|died|executed|massacred|slain|murdered|assassinated|perished|lost their lives|shot dead|beheaded|lynched|"
    r"stoned to death|beaten to death|hacked to death|burn(?:ed|t) alive|neutrali[sz]ed|succumbed|martyred|"
    r"embraced (?:martyrdom|shahadat)|sent to hell|"
    r"fatally (?:shot|stabbed|wounded|injured|assaulted|attacked|beaten))"
)
FATALITY_PATTERNS = [
    re.compile(r"\b" + _RANGE + _QUAL + _NUM + r"\s+" + _VICTIM + r"(?:were|was|have been|had been|are|is|being)?\s*"
               r"(?:\w+\s+)?" + _DEATH + r"\b", re.I),
    re.compile(r"\b(?:killings? of|murders? of|killing|killed|kill|kills|massacred|massacre of|executed|executing|assassinat(?:ed|ing)|bodies of|deaths of|death of|"
               r"lynching|lynched|behead(?:ed|ing)|murder(?:ed|ing)|slaughter(?:ed|ing)|neutrali[sz](?:ing|ed)|(?:beat|beating|stoned|stoning|hacked|hacking|burned|"
               r"burnt|clubbed) to death|"
               r"lives of|leaving|left|shot dead|shooting dead|claimed the lives of|resulting in the deaths? of)\s+"
               r"(?:(?:him|her)self\s+and\s+|themselves\s+and\s+)?" + _QUAL + _RANGE + _NUM + r"\b" + _VICTIM, re.I),
    re.compile(r"\b(?:death toll|toll)\s+(?:\w+\s+){0,3}?(?:to|of|at)\s+" + _QUAL + _RANGE + _NUM, re.I),
    # "the death toll from Thursday's attack on the city has risen to six"
    re.compile(r"\b(?:death toll|toll|number of (?:the )?(?:dead|deaths|fatalities|victims|(?:people|those) killed))\b"
               r"[^.;:]{0,120}?\b(?:risen|rose|climbed|increased|reached|jumped|stands|stood)\s+"
               r"(?:to\s+|at\s+)?" + _QUAL + _RANGE + _NUM + r"\b", re.I),
    re.compile(r"\b" + _RANGE + _QUAL + _NUM + r"\s+(?:\w+\s+)?(?:fatalit(?:y|ies)|deaths?(?!\s+(?:threats?|sentences?|penalt\w+|row|squads?|warrants?|tolls?))|dead bodies|bodies|"
               r"corpses)\b", re.I),
    # an armed side's own dead: "the army said it lost two soldiers" (not "lost 3 villages", "lost 12 members to ...")
    re.compile(r"\b(?:lost|losing)\s+" + _QUAL + _RANGE + _NUM + r"\s+(?:[\w-]+\s+)?(?:soldiers|troops|fighters|officers|policemen|"
               r"personnel|combatants|militants|servicemen|gendarmes|men)\b(?!\s+to\b)", re.I),
    # a note's tag: "Fatalities: 6", "[deaths=2]"
    re.compile(r"\b(?:fatalities|deaths|death toll|killed|dead)\s*[:=]\s*" + _QUAL + _RANGE + _NUM + r"\b", re.I),
]  # fmt: skip
# people counted who are neither side's by name: "three suspected X members", "two of its supporters"
_MEMBERS = r"|\b(?:members?|supporters|followers|associates|affiliates|loyalists|recruits)\b"
_PERSON = re.compile(lx.CIVILIAN_VICTIMS.pattern + "|" + lx.ARMED_VICTIMS.pattern + _MEMBERS, re.I)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_YEAR = re.compile(
    r"\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
    + r",?\s+(?:19|20)\d\d\b|\b" + _MONTH + r",?\s+(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
    + r"\b|\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b|\b(?:in|since|of|until|from|year|early|late|mid-?)\s+"
    r"(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.I,
)  # fmt: skip
# "300 families (from three villages of X, Y) were displaced": where they came from may stand between, or who they
# are ("800 people, mostly women and children, left the village")
_UPROOTED = r"(?:people|residents|civilians|families|households|persons|villagers|individuals|inhabitants|IDPs)"
DISPLACED = re.compile(
    _QUAL + _NUM + r"\s+(?:of\s+)?" + _UPROOTED +
    r"(?:\s+(?:from|of|in)\s[^.;:]{0,160}?|,\s[^,.;:]{1,60},)?,?\s+(?:have\s+|had\s+|were\s+)?(?:fled|displaced|were displaced|"
    r"evacuated|were forced|left (?:their|the|for)|abandoned (?:their )?(?:homes|villages)|were driven out|took refuge|"
    r"sought refuge)", re.I
)  # fmt: skip
# "forcing several hundred villagers to abandon their homes", "an exodus of several thousand people"
DISPLACED_AFTER = re.compile(
    r"\b(?:forc(?:ed|ing)|driving|drove|exodus of|displacing|displacement of|uprooting)\s+(?:an exodus of\s+)?"
    + _QUAL + _NUM + r"\s+(?:of\s+)?" + _UPROOTED, re.I
)  # fmt: skip


def parse_number(word: str) -> tuple[int | None, int | None, int | None]:
    """(exact, low, high): '1,700' -> (1700, 1700, 1700); 'dozens' -> (None, 24, 99)."""
    w = " ".join(word.lower().replace(",", "").split())
    if w.isascii() and w.isdigit():
        n = int(w)
        return n, n, n
    if w in lx.NUMBER_WORDS:
        n = lx.NUMBER_WORDS[w]
        return n, n, n
    if w in lx.VAGUE:
        lo, hi = lx.VAGUE[w]
        return None, lo, hi
    return None, None, None


def _mask_dates(clause: str) -> str:
    """The clause with years of dates and clock times blanked out, so '1 May 2020, 2 children' counts 2, not 2020."""
    return _YEAR.sub(lambda m: " " * len(m.group(0)), clause)


_KILLER_BEFORE_VERB = re.compile(r"\b(?:shot|stabbed|attacked|opened|fired|beat|drove|driving|riding|who|which|that|and|"
                                 r"armed|gunm[ae]n|assailants|attackers)\W*$", re.I)  # fmt: skip
# "Forty soldiers and eight fighters were killed", "resulting in 25 fighters and 6 military fatalities"
_SUMMED = re.compile(
    r"\b" + _NUM + r"\s+(?:[\w-]+\s+){0,4}?(?:and|,)\s+" + _QUAL + _NUM + r"\s+(?:[\w-]+\s+){0,8}?(?:(?:were|was|have been|"
    r"had been)\s+(?:\w+\s+)?)?(?:killed|dead|died|fatalit(?:y|ies)|deaths|lost their lives)\b",
    re.I,
)  # fmt: skip
# one person, no number: "a man was shot and died", "beat a young man to death", "the body of a woman was found"
_ONE_DEAD = re.compile(
    r"\b(?:(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?P<who>" + _PERSON.pattern + r")\s+(?:[\w,-]+\s+){0,8}?(?:was|got|were)\s+"
    r"(?:\w+\s+){0,3}?(?:killed|shot dead|shot to death|stabbed to death|beaten to death|found dead|murdered|lynched|"
    r"executed|beheaded|slain|shot (?:\w+\s+){0,4}?and (?:later )?died|died)|(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:" + _PERSON.pattern
    + r")\s+(?:later\s+)?(?:died|succumbed)|the\s+(?:[\w-]+\s+)?(?:" + _PERSON.pattern + r")\s+later\s+"
    r"(?:died|succumbed)|(?:killed|killing|murdered|murdering|assassinat(?:ed|ing)|shot dead|fatally "
    r"(?:shot|stabbed|wounded)|shot and killed|beat|beaten|stabbed|lynched|executed|beheaded|strangled)\s+(?:a|an|one|"
    r"the|its|his|her)\s+(?:[\w-]+\s+){0,3}?(?P<whom>" + _PERSON.pattern + r")(?:\s+(?:\w+\s+){0,6}?to death)?|bod(?:y) of (?:a|an)\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<body>" + _PERSON.pattern + r")|(?:resulting in|causing|led to) (?:his|her) death|"
    r"(?:result(?:ed|ing) in|caus(?:ed|ing)|led to) the death of (?:a|an|one|the)\s+(?:[\w-]+\s+){0,2}?(?:"
    + _PERSON.pattern + r")|"
    r"(?:killing|kill(?:ed)?) (?:him|her)\b|(?:was|got) (?:\w+\s+){0,2}?(?:shot|stabbed|beaten) (?:(?:\w+\s+){0,4}?and "
    r"(?:later )?died|to "
    r"death|dead)|(?:beat|beating|stoned|stoning|hacked|hacking|clubbed|burned|burnt|lynched|shot|stabbed) (?:him|her) "
    r"(?:to death|dead)\b|(?:beat|beating|stoned|stoning|hacked|hacking|clubbed|burned|burnt) to death (?:a|an|one|the)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:" + _PERSON.pattern + r")|\b(?:he|she) (?:later\s+died|died\s+(?:later|in hospital|on the way|as a result|of (?:his|her) (?:injuries|wounds)|from (?:his|her) (?:injuries|wounds))|"
    r"(?:later\s+)?succumbed))",
    re.I,
)  # fmt: skip


# one more person killed with the one just named: "shot dead a chairman and his son", "a presenter and her driver"
_AND_KIN = re.compile(
    r"(?:\s+[\w-]+){0,4}?\s+and\s+(?:his|her|their|a|an|the)\s+(?:(?P<n>two|three|four|five|\d+)\s+)?(?:[\w-]+\s+)?(?:sons?|"
    r"daughters?|wife|husband|brothers?|sisters?|father|mother|child(?:ren)?|nephews?|nieces?|cousins?|companions?|"
    r"friends?|colleagues?|assistants?|drivers?|bodyguards?|guards?|escorts?)\b(?!\s+(?:escaped|survived|fled|was|were|"
    r"is|are|managed))",
    re.I,
)
_DEATH_WORD = re.compile(r"kill|assassin|dead|lost|losing|died|death|fatal|bod(?:y|ies)|slain|execut|massacr|perish|lives|toll|corpse|behead|"
                         r"murder|shot|lynch|neutrali|succumb|alive|martyr|shahadat|hell", re.I)  # fmt: skip
# "killing a militant commander and four civilians": one and a number
_ONE_AND = re.compile(
    r"\b(?:killing|killed|kills)\s+(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:"
    + _PERSON.pattern
    + r")\s+and\s+"
    + _QUAL
    + _NUM
    + r"\s+(?:[\w-]+\s+){0,2}?(?="
    + _PERSON.pattern
    + r")",
    re.I,
)


_ARTICLES = ("a", "an", "another", "single", "lone")
_ASIDE = re.compile(r"\s*\([^()\d]{0,80}\)")
_QUOTED_FIGURE = re.compile(
    r'["“]((?:(?:about|around|some|at least|more than|nearly|almost|over)\s+)?([\w-]+))["”]', re.I
)
_BETWEEN = re.compile(r"\bbetween\s+(\d+)\s+and\s+(\d+)\b", re.I)
# "between five and seven passengers", "five to seven", "one or two": a range in words, written as digits
_SPELT = r"(\d+|" + "|".join(sorted((w for w in lx.NUMBER_WORDS if " " not in w and w not in ("a", "an", "another",
                                     "single", "lone", "both")), key=len, reverse=True)) + ")"  # fmt: skip
_WORD_RANGE = re.compile(r"\b(?:between\s+" + _SPELT + r"\s+and|" + _SPELT + r"\s+(?:to|or))\s+" + _SPELT + r"\b", re.I)


def _spelt_range(m: re.Match) -> str:
    first, last = m.group(1) or m.group(2), m.group(3)
    if first.isdigit() and last.isdigit():
        return m.group(0)  # "5 to 7" is read by the patterns' own range
    low, high = parse_number(first)[0], parse_number(last)[0]
    digits = f"{low}-{high}"
    return digits.ljust(len(m.group(0))) if len(digits) <= len(m.group(0)) and low < high else m.group(0)


# a count, its people and a long description of them before a passive death verb (tried when nothing shorter is):
# the description holds no figure and no finite verb of its own ("5 people were arrested after a man was killed"
# is no count of five dead)
_LONG_PASSIVE = re.compile(
    r"\b"
    + _QUAL
    + _NUM
    + r"\s+(?:[\w-]+\s+){0,2}?(?:"
    + _PERSON.pattern
    + r")\b([^.;:!?\d]{10,200}?)\s(?:were|was|have been|had "
    r"been)\s+(?:\w+\s+)?" + _DEATH + r"\b",
    re.I,
)
_FINITE = re.compile(r"\b(?:were|was|are|is|have|has|had|will|would|said|says|told|claimed|reported)\b", re.I)
_CARDINAL_IN = re.compile(r"\b(?:\d+|" + _CARDINALS.replace(" ", r"\s+") + r")\b", re.I)


def _matches(pattern: re.Pattern, masked: str, counted_first: bool):
    """The pattern's matches; with the count before its victims, an article whose words run on to a figure ("an
    intense exchange of fire, three terrorists were killed") gives way to the figure, searched again from it."""
    if not counted_first:
        yield from pattern.finditer(masked)
        return
    pos = 0
    while (m := pattern.search(masked, pos)) is not None:
        figure = _CARDINAL_IN.search(m.group(3) or "") if m.group(2).lower() in ("a", "an") else None
        if figure is not None:
            pos = m.start(3) + figure.start()
            continue
        yield m
        pos = max(m.end(), m.start() + 1)


def _counts(clause: str) -> list[tuple[int, int, int | None, int, int]]:
    """Every death count in a clause: (start, end, exact, low, high), several victims groups summed."""
    if not _DEATH_WORD.search(clause):
        return []  # every pattern below needs one of these words: skip the clause cheaply
    masked = re.sub(r"\b([Nn])o one\b", r"\1obody", _mask_dates(clause))  # "no one was killed" counts none
    # an aside in brackets with no figure ("(Mayo district, North province)") stands between the dead and their verb
    masked = _ASIDE.sub(lambda m: " " * len(m.group(0)), masked)
    # 'killed "around fifteen" assailants': a figure quoted from a statement counts (a quoted "several" stays vague)
    masked = _QUOTED_FIGURE.sub(lambda m: f" {m.group(1)} " if parse_number(m.group(2))[0] is not None else m.group(0),
                                masked)  # fmt: skip
    # "between 40 and 70 civilians" is a range, as "40-70 civilians" is, not two groups of dead added up
    masked = _BETWEEN.sub(lambda m: f"{m.group(1)}-{m.group(2)}".ljust(len(m.group(0))), masked)
    masked = _WORD_RANGE.sub(_spelt_range, masked)
    found: list[tuple[int, int, int | None, int, int]] = []
    for m in _SUMMED.finditer(masked):
        (e1, l1, h1), (e2, l2, h2) = parse_number(m.group(1)), parse_number(m.group(2))
        # "a gunfight erupted and a gang member ... died": an article counts one only before a person
        first_people = masked[m.end(1) : m.start(2)]
        if m.group(1).lower() in _ARTICLES and not _PERSON.search(first_people.split(" and ")[0]):
            continue
        if l1 is not None and l2 is not None and not re.search(r"\b(?:injur|wound|arrest)", m.group(0), re.I):
            exact = e1 + e2 if e1 is not None and e2 is not None else None
            found.append((m.start(), m.end(), exact, l1 + l2, h1 + h2))
    for m in _ONE_AND.finditer(masked):
        e2, l2, h2 = parse_number(m.group(1))
        if l2 is not None:
            found.append((m.start(), m.end(), e2 + 1 if e2 is not None else None, l2 + 1, h2 + 1))
    for i, pattern in enumerate(FATALITY_PATTERNS):
        for m in _matches(pattern, masked, i == 0):
            if any(a < m.end() and m.start() < b for a, b, *_ in found):
                continue
            range_low, word = m.group(1), m.group(2)
            # the people counted: the words between number and verb ("2 soldiers were killed"), or after the
            # number when the verb comes first ("killed 2 soldiers")
            victims = m.group(3) if i == 0 else masked[m.end(2) : m.end(2) + 50] if i == 1 else ""
            exact, low, high = parse_number(word)
            if low is None:
                continue
            small_word = word.lower() in ("a", "an", "another", "single", "lone", "both", "some", "many", "few")
            passive = re.search(
                r"\b(?:were|was|been|reported|confirmed|found)\s+(?:\w+\s+)?" + _DEATH + r"\b", m.group(0), re.I
            )
            if i == 0 and _KILLER_BEFORE_VERB.search(victims or "") and not passive:
                continue  # "two armed men shot and killed a man": the number counts the killers
            of_them = i == 1 and re.match(r"\s*of (?:them|those|whom)\b", victims or "", re.I)  # "killing 2 of them"
            left = i == 1 and m.group(0).lower().startswith(("left", "leaving"))
            if left and not re.match(r"\s*(?:[\w-]+\s+){0,3}?(?:dead|killed|lifeless)\b", victims or "", re.I):
                continue  # "leaving about 20 people homeless", "left three injured": not dead
            # "killing six and wounding a dozen": a bare number before the next clause counts people
            bare = (
                i == 1
                and not left  # "left 20 in hospital": not dead
                and re.match(r"\s*(?:[,;.]|(?:and|while)\b)", victims or "", re.I)
            ) or (i == 1 and re.match(r"\s*dead\b", victims or "", re.I))  # "left two dead"
            # "One Tamarind Guard was killed": the dead named by the name of their group
            named = i == 0 and passive and re.fullmatch(r"(?:[A-Z][\w'’-]*\s+){1,3}", victims or "")
            # "lynched two sadhus", "beheaded 3 vendors": these verbs only take people, whatever the noun
            only_people = i == 1 and re.match(r"(?:lynch|behead|murder|assassinat)", m.group(0), re.I)
            if (i in (0, 1) and victims and victims.strip() and not _PERSON.search(victims) and not of_them and not bare
                    and not named and not only_people):  # fmt: skip
                continue  # "a car bomb killed", "killed 2 IEDs": a count must be of people
            if small_word and not (victims and _PERSON.search(victims[:40])):
                continue
            if range_low:
                if high is None or int(range_low) > high:
                    continue  # "1-0": a score, not a range of dead
                low, high, exact = int(range_low), high, int(range_low)  # ACLED codes the lower figure of a range
            if i == 0 and victims:
                nobody = small_word and not _PERSON.search(re.split(r"\s(?:and|,)\s", victims)[0])
                if nobody:  # "a car bomb exploded and 3 people were killed": the article counts no one
                    exact, low, high = 0, 0, 0
                # "2 soldiers and 3 civilians were killed": every group counts
                for extra in re.finditer(r"\b(?:and|,)\s+" + _NUM + r"\s+(?:\w+\s+)?(?=" + _PERSON.pattern + ")", victims,
                                         re.I):  # fmt: skip
                    e2, l2, h2 = parse_number(extra.group(1))
                    if l2 is not None:
                        exact = exact + e2 if exact is not None and e2 is not None else None
                        low, high = low + l2, high + h2
                if nobody and (low, high) == (0, 0):
                    continue  # the article's group held no one and no other group is counted
            found.append((m.start(), m.end(), exact, low, high))
    # "two men suspected of house break-ins and robberies in the X area were fatally assaulted"; and "four members of
    # the CJTF, a vigilante group that fights alongside the military, were killed": four, not the "a" inside
    for m in _LONG_PASSIVE.finditer(masked):
        exact, low, high = parse_number(m.group(1))
        inside = all(m.start() < a and b <= m.end() and e == 1 for a, b, e, *_ in found)
        if low is not None and inside and not _CARDINAL_IN.search(m.group(2)) and not _FINITE.search(m.group(2)):
            found = [(m.start(), m.end(), exact, low, high)]
            break
    if not found:
        m = _ONE_DEAD.search(masked)
        if m and not re.search(r"\b(?<!his )(?<!her )(?:injur|wound)", m.group(0), re.I):  # not "died of his injuries"
            found.append((m.start(), m.end(), 1, 1, 1))
    # "shot dead a kebele chairman and his son": one named, and one more of theirs
    for k, (a, b, e, lo, hi) in enumerate(found):
        kin = _AND_KIN.match(masked, b) if (e, lo, hi) == (1, 1, 1) else None
        if kin:
            n = 1 + ((parse_number(kin.group("n"))[0] or 1) if kin.group("n") else 1)
            found[k] = (a, b, n, n, n)
    return found


def fatalities_in(clause: str) -> tuple[int | None, int | None, int | None]:
    """The death count a clause reports, exact or as a low/high range; (0, 0, 0) when it says nobody died."""
    found = _counts(clause)
    if found:
        _, _, exact, low, high = min(found)
        return exact, low, high
    if lx.ZERO_FATALITIES.search(clause) and not _ONE_SIDE.search(clause):
        return 0, 0, 0
    return None, None, None


# "No casualties were recorded on the government side": none of one side, not none at all
_ONE_SIDE = re.compile(
    r"\bon (?:the |our |their )?(?:government|army|military|police|security forces'?|troops'?|soldiers'?|own) side\b|"
    r"\bamong (?:the |our )?(?:troops|soldiers|security forces|government forces|police(?:men| officers)?|personnel)\b",
    re.I,
)


_BOMBERS_DIED = re.compile(
    r"\bblew (?:(?:him|her)self|themselves) up\b|\b(?:and|besides|killing|including) (?:(?:him|her)self|themselves)\b|\bthe (?:suicide )?(?:bomber|attacker)s? (?:also |himself |herself )?"
    r"(?:died|was killed|were killed|perished)\b",
    re.I,
)
_BOMBERS_INCLUDED = re.compile(
    r"\bincluding (?:the )?(?:suicide )?(?:bombers?|attackers?|(?:him|her)self|themselves)\b", re.I
)
_TWO_BOMBERS = re.compile(r"\b(?:two|2) (?:\w+ )?(?:suicide )?(?:bombers|attackers)\b", re.I)


def bombers_counted(text: str, exact: int | None, low: int | None, high: int | None):
    """A suicide bombing's death toll with its bombers, as ACLED counts them: "killing four civilians and herself"
    is 5, "two bombers blew themselves up, wounding 19" is 2; a toll "including the bomber" already holds them."""
    if not _BOMBERS_DIED.search(text) or _BOMBERS_INCLUDED.search(text):
        return exact, low, high
    n = 2 if _TWO_BOMBERS.search(text) else 1
    if low is None:
        return n, n, n
    return (exact + n if exact is not None else None), low + n, (high + n if high is not None else None)


def displaced_in(clause: str) -> int | None:
    """The number of people a clause says fled or were displaced (None when it says "thousands")."""
    m = _displaced(clause)
    return parse_number(m.group(1))[0] if m else None


def displacement_counted(clause: str) -> bool:
    """Whether the clause counts the people who fled, exactly or not ("thousands of families fled")."""
    return _displaced(clause) is not None


def _displaced(clause: str) -> re.Match | None:
    masked = _mask_dates(clause)
    return DISPLACED.search(masked) or DISPLACED_AFTER.search(masked)
