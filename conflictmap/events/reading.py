"""What a clause reports: the trigger that wins (lexicon.TRIGGERS by rank, outside subordinate frames) and the
type it gives in this clause (who was hit, who did it, how a protest went)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictmap.events import lexicon as lx
from conflictmap.events.counts import _counts, displacement_counted
from conflictmap.events.prefilter import may_match, text_prefixes


@dataclass
class Reading:
    """The event a clause reports, before place and date: the trigger chosen and what it says of the type."""

    trigger: lx.Trigger
    start: int  # offset of the trigger in the clause
    event_type: str
    sub_event_type: str
    words: str = ""  # the trigger's words as the clause has them


_ARMED_SUBJECT = re.compile(r"\b(?:militia\w*|soldiers|troops|forces|rebels|militants|fighters|army|gunmen)\b", re.I)
_HARM = re.compile(
    r"\b(?:kill\w*|shot|shoot\w*|wound\w*|injur\w*|dead|died|beat\w*|rap(?:ed|ing)|abduct\w*|kidnap\w*|"
    r"tortur\w*|stabb\w*|burn\w*|loot\w*)\b",
    re.I,
)
_UNOPPOSED = re.compile(
    r"\bwithout (?:a |any )?(?:fight|fighting|resistance|a shot being fired|a shot|firing a shot|bloodshed|clashes)\b|"
    r"\bunopposed\b|\bpeacefully\b",
    re.I,
)
_ARSON = re.compile(r"torched|set\b|burn|vandali[sz]|threw (?:\w+ ){0,2}molotov", re.I)
# one person, no crowd: "a man threw two petrol bombs at the office" is no riot
_LONE_DOER = re.compile(r"^\W*(?:\w+\s+){0,6}?(?:a|an|one)\s+(?:[\w-]+\s+)?(?:man|woman|person|individual|youth|suspect|"
                        r"assailant|arsonist)\s+(?:\w+\s+)?$", re.I)  # fmt: skip
_GROUP_DOER = re.compile(
    r"\b(?:cadres?|gang|members|militants|rebels|fighters|insurgents|bandits|militia\w*|"
    r"guerrill\w+|dissidents|individuals|persons)\b",
    re.I,
)
_ARSONISTS = re.compile(
    r"\b(?:arsonists?|attackers|assailants|unknown|unidentified|suspected|presumed|alleged|hooded|masked)\b", re.I
)
_REMOTE_MEANS = re.compile(r"\b(?:with|by|in)\s+(?:an?\s+)?(?:\w+\s+){0,2}?(?:artillery|shell(?:s|ing|fire)|rockets?|"
                           r"missiles?|mortars?|air ?strikes?|drone strikes?|drones?)\b", re.I)  # fmt: skip
# "a former commander", "an off-duty policeman": armed men no longer (or not then) under arms are civilians to ACLED
_NO_LONGER_ARMED = re.compile(r"\b(?:former|ex-|retired|off-duty|demobili[sz]ed)\s*(?:[\w-]+\s+){0,2}$", re.I)
# the arsonists told after the fire: "three houses were set on fire by unknown individuals"
_ARSON_AGENT = re.compile(r"\s+(?:\w+\s+){0,3}?by\s+(?:an?\s+|the\s+)?(?:group\s+of\s+)?(?:\w+\s+)?(?:arsonists?|attackers|"
                          r"assailants|unknown|unidentified|gunm[ae]n|militants|bandits|suspected)\b", re.I)  # fmt: skip
# ", a day after ...", ", two days after ...": what the rest of the clause tells happened on another day
_DAY_BEFORE = re.compile(
    r",\s+(?:a|one|two|three|four|five|several|the|just)\s+(?:days?|weeks?|hours?)\s+(?:after|before)\b[^;]*$", re.I
)
# "after weeks of fighting", "the deal that ended six weeks of fighting": the spell before what the clause tells
SPELL_BEFORE = re.compile(
    r"\b(?:after|following|ending|ended|end to)\s+(?:\w+\s+){0,3}?(?:hours|days|weeks|months|years)\s+of\s+"
    r"(?:[\w-]+\s+)?$",
    re.I,
)
# "there were no clashes", "the rebels did not attack", "without incident": what did not happen
_NEGATED_BEFORE = re.compile(
    r"\b(?:no(?! (?:fewer|less|more|longer|sooner)\b)|not(?! (?:far|only|just|least)\b)|never|nor|without)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
# "the withdrawal has not yet begun", "the march was called off": what has not happened, or will not
_NOT_DONE_AFTER = re.compile(
    r"[^,;.]{0,40}?\b(?:(?:has|have|had|did|does|do|was|were|is|are)\s+not\s+(?:yet\s+)?(?:begun|begin|started|"
    r"start|happened|happen|taken place|take place|occurred|occur|materiali[sz]ed)|(?:was|were|has been|have been|had "
    r"been)\s+(?:called off|cancell?ed|postponed|averted))\b",
    re.I,
)
# "a sharp increase in reported cases of sexual violence", "raiding and abductions remain the main drivers of
# displacement": a trend or a standing cause told in general, no one event
_TREND_BEFORE = re.compile(
    r"\b(?:increase|rise|surge|spike|upsurge|uptick|decline|drop|fall|decrease|reduction)\s+in\s+(?:the\s+)?"
    r"(?:number\s+of\s+)?(?:reported\s+)?(?:cases|incidents|instances|reports|levels?)\s+of\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
_STANDING_AFTER = re.compile(
    r"[\w\s,-]{0,80}?\b(?:remains?|are|is|have become|has become)\s+(?:the\s+|a\s+)?(?:main|major|leading|primary|"
    r"principal|chief|key|common|constant|persistent|recurring)\s+(?:drivers?|causes?|threats?|concerns?|problems?|"
    r"sources?|reasons?|risks?|features?)\b",
    re.I,
)
# "Monday marks two years since Ukrainian forces liberated the city": an anniversary, the event is long past
_ANNIVERSARY_BEFORE = re.compile(
    r"\b(?:marks?|marked|marking)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:years?|months?|anniversary)\s+(?:since|of|after)\s+",
    re.I,
)
# "JNIM claimed the assault", "claimed responsibility for Sunday's attack": an event told before, now claimed (the
# reader of an article skips it when an event was told before it)
CLAIMED_AGAIN = re.compile(
    r"\bclaim(?:s|ed|ing)?\s+(?:responsibility\s+for\s+|credit\s+for\s+)?(?:the|that|this|[A-Z]\w+day['’]s)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attack|assault|bombing|ambush|raid|strike|killing|massacre|blast|explosion|operation|"
    r"kidnapping|abduction)s?\b"
)
# "a key partner of Western nations fighting jihadists in the Sahel": who the nations are, no one event
_ROLE_BEFORE = re.compile(r"\b(?:nations|countries|partners|allies|powers|governments|states|donors)\s+$", re.I)
_SPEECH = re.compile(r"\b(?:said|say|says|told|reported|added|stated)\b(?:\s+that)?", re.I)


def _after_speech(before: str) -> str:
    """What a clause tells after its reporting frame: "Residents said forces exchanged fire" -> "forces exchanged
    fire" (the residents who told it did not fight)."""
    parts = _SPEECH.split(before)
    return parts[-1] if len(parts) > 1 and parts[-1].strip() else before


# "The bombing came after the rebels took control of X": the event told before; what it came after is read
_CAME_AFTER = re.compile(r"\s+(?:came|comes|followed|follows)\s+(?:\w+\s+)?(?:after|amid|on the heels of)\b", re.I)
# "Tuesday's strikes were not the first": the event likened to earlier ones, told before
_NOT_THE_FIRST_AFTER = re.compile(r"\s+(?:was|were|is|are)\s+not\s+the\s+first\b", re.I)
_IN_A_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+\s+Mines?$")  # a capitalised word before, not opening the clause
# "due to continued attacks and clashes", "after they kidnapped a herder": the cause, or what came before what the
# clause tells, read only when it tells nothing else
_BACKDROP_BEFORE = re.compile(
    r"\b(?:due to|because of|owing to|in the wake of|amid)\b"
    r"[^,;()]*$|\b(?:after|before) (?:they|he|she|it|the \w+|\w+s) (?:\w+ly )?(?:had )?$",
    re.I,
)
# "recovered eight kilogrammes of explosives, two suicide vests": weapons taken, not used
_SEIZED_BEFORE = re.compile(
    r"\b(?:seiz(?:ed|ing)|recover(?:ed|ing)|confiscat(?:ed|ing)|impound(?:ed|ing)|defus(?:ed|ing)|possession of)\s+"
    r"(?:[\w,.-]+\s+){0,8}?(?:and\s+)?(?:\w+\s+){0,2}$",
    re.I,
)
# "troops were attacking from three directions, supported by heavy artillery": the fire that backs a ground assault
# is part of it (ACLED codes the assault, a battle), no shelling of its own
_SUPPORT_BEFORE = re.compile(
    r"\b(?:supported|backed|covered|preceded) by (?:\w+ ){0,2}$|\b(?:with|under) (?:the )?(?:support|cover) of (?:\w+ ){0,2}$",
    re.I,
)
# who takes people but arrests no one: gunmen, bandits, an attack's men ("The attackers rounded up the farmers")
_IRREGULARS_BEFORE = re.compile(
    r"\b(?:gunm[ae]n|attackers|assailants|bandits|kidnappers|raiders|armed men|(?:unknown|unidentified) men|"
    r"insurgents|jihadists|militants)\b(?![^.;]*\b(?:police|troops|soldiers|forces|army|authorities)\b)",
    re.I,
)
_MOVED = re.compile(r"deploy|reinforcement|arrived|mobili[sz]", re.I)
_PURPOSE = re.compile(r"\b(?:to|ahead of|after|following|amid|against)\b", re.I)
SECOND_EVENT_AFTER = ("overtake", "regain", "handover", "activity", "arrest", "looting", "agreement", "base", "protest")


# what is left of an event, or shots fired at nobody: "fragments of the shell", "gunmen firing into the air"
_REMNANTS_BEFORE = re.compile(r"\b(?:fragments?|pieces?|remnants?|debris|shards?|remains) of (?:the |a |an )?$", re.I)
_INTO_THE_AIR = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}(?:fir\w*|shoot\w*|shot)\s+(?:\w+\s+){0,2}in(?:to)?\s+the\s+air\b", re.I
)
_GUNFIRE = re.compile(
    r"\b(?:open(?:ed|ing) fire|gunfire|gun ?fights?|firefights?|exchange of fire|small[- ]arms)\b", re.I
)
_RETURNED_BEFORE = re.compile(r"\b(?:return|releas|free|rescu|reunit|hand(?:ed|ing)? over)\w*\s+(?:\w+\s+)?$", re.I)
# "to stop", "to prevent": what is stopped did not happen ("to stop the fighting"), unless it is people already there
_STOPPED = re.compile(r"\s*(?:to|and) (?:stop|halt|prevent)\b", re.I)
_CROWD = re.compile(r"(?:protesters|demonstrators|marchers|protestors)", re.I)


def read_clause(clause: str, context: str = "") -> list[Reading]:
    """The clause's events: the lowest-ranked trigger not in a subordinate frame, typed by victims and context.

    A second event is read when a change of territory, a protest or a strategic development is followed by a
    counted killing ("seized Mosul and Tikrit, and claim to have massacred 1,700 soldiers").
    """
    hits, doers, earlier = [], [], []
    words = text_prefixes(clause)
    asides = backdated_asides(clause)
    for trig in lx.TRIGGERS:
        if not may_match(trig.prefixes, words):
            continue
        for m in trig.pattern.finditer(clause):
            frame = lx.SUBORDINATE_BEFORE.search(clause[max(0, m.start() - 60) : m.start()])
            if frame and not (_STOPPED.match(frame.group(0)) and _CROWD.fullmatch(m.group(0))):
                continue  # "used water cannon to stop demonstrators": the crowd stopped was there
            if _NEGATED_BEFORE.search(clause, max(0, m.start() - 40), m.start()) or _NOT_DONE_AFTER.match(
                clause, m.end()
            ):
                continue  # "no clashes were reported", "the handover has not yet begun": nothing happened
            if trig.name == "activity" and (
                rel := re.search(r"(\w+),\s+who\s+(?:[\w-]+\s+){0,2}$", clause[max(0, m.start() - 60) : m.start()])
            ):
                if not (_ARMED_SUBJECT.fullmatch(rel.group(1)) or re.fullmatch(r"police|units?", rel.group(1), re.I)):
                    continue  # "the minister, who visited the town on Wednesday, said ...": who speaks, not an event
            if (
                _TREND_BEFORE.search(clause, max(0, m.start() - 80), m.start())
                or _STANDING_AFTER.match(clause, m.end())
                or _NOT_THE_FIRST_AFTER.match(clause, m.end())
                or _CAME_AFTER.match(clause, m.end())
            ):
                # "an increase in cases of rape", "killings remain the main drivers of flight", "Tuesday's strikes were
                # not the first", "the bombing came after ...": no one event, or one told before
                continue
            if re.match(r"\w+ing\b", m.group(0)) and _ROLE_BEFORE.search(clause, max(0, m.start() - 30), m.start()):
                continue  # "Western nations fighting jihadists": what the nations do in general
            if _ANNIVERSARY_BEFORE.search(clause, 0, m.start()):
                continue  # "Monday marks two years since forces liberated the city": an anniversary, no event
            if trig.name in ("shelling", "air") and _SUPPORT_BEFORE.search(clause, max(0, m.start() - 40), m.start()):
                continue
            if trig.event_type == "Explosions/Remote violence" and _SEIZED_BEFORE.search(
                clause, max(0, m.start() - 80), m.start()
            ):
                continue  # "recovered eight kilogrammes of explosives, two suicide vests": weapons taken, no blast
            if trig.name == "disrupted" and re.match(r"\w+ing\b", m.group(0)) and _counts(clause):
                continue  # "neutralising four bandits and recovering two rifles": the weapons taken in the fight
            if trig.name == "ied" and _IN_A_NAME.search(clause, max(0, m.start() - 30), m.end()):
                continue  # "water supply to Latif Mines": a name (a mining town, a company), not a landmine
            if any(a <= m.start() < b for a, b in asides):
                continue  # "X, a town recaptured by the army earlier this month, ...": background
            if (
                trig.name == "protest"
                and m.group(0).lower() in ("marched", "marching", "rallied")  # a verb, not "fired on a march"
                and _ARMED_SUBJECT.search(clause[: m.start()])
            ):
                continue  # "militias marched to the village": a movement of armed men, not a protest
            if trig.needs_count and not displacement_counted(clause):
                break  # "as soldiers fled across the frontier": no counted flight, so not what the clause reports
            if trig.name == "abduction" and _RETURNED_BEFORE.search(clause, max(0, m.start() - 30), m.start()):
                continue  # "to return abducted women and children": those taken earlier, now freed or to be
            if _REMNANTS_BEFORE.search(clause, max(0, m.start() - 30), m.start()):
                continue  # "collecting fragments of the bomb": what is left of an event told before
            if trig.name == "attack" and m.group(0).lower() in ("gunmen", "gunman"):
                if _INTO_THE_AIR.match(clause, m.end()):
                    continue  # "gunmen firing into the air" at a funeral: a show of arms, no attack
                # "gunmen set fire to three buses": who did it, not what they did, unless nothing else is read
                doers = doers or [(trig.rank, m.start(), trig, m)]
                continue
            if (
                _DAY_BEFORE.search(clause, max(0, m.start() - 150), m.start())
                or SPELL_BEFORE.search(clause, max(0, m.start() - 50), m.start())
                or _BACKDROP_BEFORE.search(clause, max(0, m.start() - 100), m.start())
            ):
                # "police arrested a leader on Wednesday, a day after riot police dispersed people protesting": what
                # happened another day is read only when the clause reports nothing else
                earlier = earlier or [(trig.rank, m.start(), trig, m)]
                continue
            hits.append((trig.rank, m.start(), trig, m))
            break
    hits = hits or doers or earlier
    if not hits:
        return []
    _, pos, trig, m = min(hits, key=lambda h: (h[0], h[1]))
    clash = next((h for h in hits if h[2].name == "clash"), None)
    if (
        trig.name == "shelling"
        and clash is not None
        and clash[1] < pos
        and re.match(r"clash|fought|fighting|exchang", clash[3].group(0), re.I)
    ):
        # "clashed in X, using tanks and mortars", "exchanged fire with heavy machine guns": a battle fought with heavy
        # weapons, not a shelling
        _, pos, trig, m = clash
    if (
        trig.name in ("attack", "assault")
        and re.match(r"threat|intimidat|gunm", m.group(0), re.I)
        and not _HARM.search(clause)
        and displacement_counted(clause)
    ):
        # "gunmen threatened residents, forcing several hundred villagers to abandon their homes": no one was hurt,
        # the people who fled are the event
        fled = next((h for h in hits if h[2].name == "displacement"), None)
        if fled is not None:
            _, pos, trig, m = fled
    if (
        trig.name in ("attack", "assault")
        and re.match(r"threat|intimidat|attack", m.group(0), re.I)
        and not _counts(clause)
    ) or trig.event_type == "Strategic developments":
        # "gangs threatened and drove out the residents of X", "attacked and told residents to leave within two days",
        # "leaflets ordering residents to move south": nobody counted dead, the people forced out are the event
        expelled = next((h for h in hits if h[2].name == "expulsion"), None)
        if expelled is not None:
            _, pos, trig, m = expelled
    if trig.name == "grenade" and re.match(r"[ -]launchers?\b", clause[m.end() :]):
        # "opened fire with small arms and grenade launchers on army positions": a weapon of the fight, no grenade
        fight = next((h for h in hits if h[2].name in ("clash", "attack")), None)
        if fight is not None:
            _, pos, trig, m = fight
    if trig.name == "disrupted":
        # "arrested three suspects and recovered explosives", "soldiers killed four fighters in a raid, ... adding that
        # it had seized three rifles": the arrest or the counted killing is the event, the weapons taken a part of it
        arrest = next((h for h in hits if h[2].name == "arrest" and h[1] < pos), None)
        killing = next((h for h in hits if h[2].victim_typed and h[1] < pos), None)
        if arrest is not None:
            _, pos, trig, m = arrest
        elif killing is not None and _counted_near(clause, killing[1]):
            _, pos, trig, m = killing
    ambush = next((h for h in hits if h[2].name == "ambush"), None)
    if trig.name == "ied" and ambush is not None and _GUNFIRE.search(clause):
        # "ambushed a convoy, detonating mines before opening fire": an ambush fought with guns after its bombs is an
        # armed clash (with a bomb alone it stays an explosion)
        _, pos, trig, m = ambush
    moved = next((h for h in hits if h[2].name == "activity" and h[1] < pos and _MOVED.match(h[3].group(0))), None)
    if moved is not None and trig.name != "activity" and _PURPOSE.search(clause, moved[3].end(), pos):
        # "500 soldiers were deployed to X to reinforce operations against groups fighting there", "reinforcements
        # arrived ahead of an expected offensive": the deployment is the event, the fighting its purpose or cause
        _, pos, trig, m = moved
    readings = [_typed(clause, trig, m, context)]
    if trig.name in SECOND_EVENT_AFTER:
        killing = next((h for h in hits if h[2].victim_typed and h[1] > pos), None)
        if (
            killing
            and any(c[0] > killing[1] - 40 for c in _counts(clause))
            and not (
                trig.name == "protest"
                and readings[0].event_type != "Protests"
                or readings[0].sub_event_type.startswith("Excessive")
            )
        ):
            readings.append(_typed(clause, killing[2], killing[3], context))
    elif trig.name == "abduction":
        # "gunmen killed 12 people in a raid on a village and abducted 30 residents": a killing and the abduction after
        # it; the killing is read last, so the clause's count is its
        killing = next((h for h in hits if h[2].victim_typed and h[2].name != "abduction" and h[1] < pos), None)
        if killing and _counted_near(clause, killing[1]):
            readings.append(_typed(clause, killing[2], killing[3], context))
    return readings


def _counted_near(clause: str, at: int) -> bool:
    """Whether the clause gives a count within 40 characters of `at` (a killing's trigger)."""
    return any(abs(c[0] - at) < 40 for c in _counts(clause))


def backdated_asides(clause: str) -> list[tuple[int, int]]:
    """The spans of the clause's asides dated back (lexicon.BACKDATED_ASIDE)."""
    if "," not in clause and "(" not in clause:
        return []
    return [m.span() for m in lx.BACKDATED_ASIDE.finditer(clause)]


def without_asides(clause: str) -> str:
    """The clause with its backdated asides blanked (offsets kept), for reading its own date."""
    for a, b in backdated_asides(clause):
        clause = clause[:a] + " " * (b - a) + clause[b:]
    return clause


def _typed(clause: str, trig: lx.Trigger, m: re.Match, context: str = "") -> Reading:
    """The type a trigger reports in this clause: protests turned violent, mobs, armed victims, property only.

    `context` is the text around the clause (the rest of the report), read for how a protest went.
    """
    etype, sub = trig.event_type, trig.sub_event_type
    around = clause + " " + context
    armed_words = lx.ARMED_VICTIMS.search(lx.PARTY_MEMBERS.sub(" ", clause))  # a party's members bear no arms
    if trig.name == "protest":
        # how this protest went, not how an earlier one did ("following a riot at the mine last month")
        around = lx.EARLIER_PHRASE.sub(" ", clause) + " " + ("" if lx.PAST_TIME.search(context) else context)
        if lx.EXCESSIVE_FORCE.search(around) and _PROTESTERS_VIOLENT.search(around):
            # "They clashed with police, who used live ammunition, killing two. The demonstrators also destroyed the
            # police station": force against a demonstration that was violent itself is a violent demonstration
            etype, sub = "Riots", "Violent demonstration"
        elif lx.EXCESSIVE_FORCE.search(around) and re.search(
            r"\b(?:police|security|soldiers|troops|forces)\b", around, re.I
        ):
            etype, sub = "Protests", "Excessive force against protesters"
        elif lx.RIOT_VIOLENCE.search(around):
            etype, sub = "Riots", "Mob violence" if lx.MOB.search(around) else "Violent demonstration"
        elif lx.INTERVENTION.search(around):
            sub = "Protest with intervention"
    elif trig.name == "ied" and re.search(r"\b(?:killing|killed) (?:him|her|them)sel(?:f|ves)\b", clause, re.I):
        sub = "Suicide bomb"  # "a man carrying a bomb attacked a police station, killing himself and an officer"
    elif trig.name == "overtake" and _UNOPPOSED.search(clause):
        etype, sub = "Strategic developments", "Non-violent transfer of territory"  # "took the city without a fight"
    elif trig.name == "arrest" and _IRREGULARS_BEFORE.search(clause, 0, m.start()):
        # "the attackers ... rounded up the farmers": men with guns and no authority take people away
        etype, sub = "Violence against civilians", "Abduction/forced disappearance"
    elif trig.name == "overtake" and _state_doer(_subject(clause[: m.start()])):
        sub = "Government regains territory"  # "Malian soldiers have taken control of K": the state's forces took it
    elif trig.name == "riot" and lx.MOB.search(clause) and not lx.PROTEST_CONTEXT.search(around):
        sub = "Mob violence"
    elif (
        trig.name == "riot"
        and not lx.PROTEST_CONTEXT.search(around)
        and _crowd_doer(_subject(clause[: m.start()]))
        and re.search(r"\bsuspected\b|\b(?:alive|to death)\b", clause[m.start() :], re.I)
    ):
        # "residents set ablaze two suspected thieves": a crowd's violence against people, no demonstration
        sub = "Mob violence"
    elif (
        trig.name == "riot"
        and (_ARSON.match(m.group(0)) or m.group(0).lower().startswith("looted"))
        and not lx.PROTEST_CONTEXT.search(around)
        and ((burned := _burned_by_no_one(clause, m.start())) or not _crowd_doer(_subject(clause[: m.start()])))
        and (
            _armed_doer(clause[: m.start()])
            or _ARSONISTS.search(clause[: m.start()])
            or _GROUP_DOER.search(_subject(clause[: m.start()]))
            or _LONE_DOER.match(clause[: m.start()])
            or _ARSON_AGENT.match(clause, m.end())
            or burned
        )
    ):
        # "gunmen torched the office", "unidentified arsonists set trucks ablaze": no crowd, property destroyed
        etype, sub = "Strategic developments", "Looting/property destruction"
    elif (
        trig.name == "disrupted"
        and m.group(0).lower().startswith("destroy")
        and (remote := _REMOTE_MEANS.search(clause))
    ):
        # "destroyed an ammunition depot with artillery fire": shelled (or struck from the air), as ACLED codes it
        etype = lx.EXPLOSIONS
        sub = (
            "Air/drone strike"
            if re.search(r"air|drone", remote.group(0), re.I)
            else "Shelling/artillery/missile attack"
        )
    elif (
        trig.name == "clash"
        and re.match(r"(?:a |the )?fight between|brawl|scuffle", m.group(0), re.I)
        and not lx.FIREARMS.search(clause)
    ):
        # "police intervened in a fight between several tens of people": who fought is said after the word, and the
        # police who stepped in are no side; demonstrators fighting make it a violent demonstration, armed men a battle
        parties = clause[m.end() : m.end() + 80]
        if _ARMED_SIDE.search(parties) or re.search(r"\b(?:soldiers|troops|army|military)\b", parties, re.I):
            sub = "Armed clash"
        else:
            etype, sub = "Riots", "Violent demonstration" if _DEMONSTRATORS.search(parties) else "Mob violence"
    elif trig.name == "clash" and lx.MELEE.search(around) and not lx.FIREARMS.search(around):
        # fought with axes and sticks: no armed group's battle; a crowd against the police is a violent demonstration
        etype, sub = (
            "Riots",
            "Violent demonstration" if _crowd_doer(clause[: m.start()]) and armed_words else "Mob violence",
        )
    elif (
        trig.name == "clash"
        and _DEMONSTRATORS.search(clause[max(0, m.start() - 60) : m.end() + 60])
        and not _ARMED_SIDE.search(clause)
    ):
        # "police clashed with protesters", "running battles between police and demonstrators": a demonstration
        # turned violent, not a battle between armed groups
        etype, sub = "Riots", "Violent demonstration"
    elif trig.name == "clash" and _crowd_doer(_after_speech(clause[: m.start()])):
        # residents clashing with residents: communal violence; with the police: a violent demonstration
        etype, sub = "Riots", "Violent demonstration" if armed_words else "Mob violence"
    elif (
        trig.name == "looting"
        and _crowd_doer(clause[: m.start()])
        and not _ARSONISTS.search(_subject(clause[: m.start()]))  # "masked men torched two lorries"
    ):
        etype, sub = "Riots", "Mob violence" if lx.MOB.search(around) else "Violent demonstration"
    elif trig.victim_typed:
        before, after = clause[: m.start()], clause[m.end() :]
        agent = re.search(r"\bby\s+(.{0,60})", after)
        passive = re.search(r"\b(?:was|were|been|being)\s+(?:[\w,]+\s+){0,3}$", before)  # "were tied up, beaten"
        # "70 people were killed when gang members stormed the town": in the passive the subject was hit; who did it
        # is the agent, or the actor of the "when" clause after, or unknown
        when = re.search(r"\b(?:when|as|after)\s+(.{0,60})", after)
        doer = (agent.group(1) if agent else when.group(1) if when else "") if passive else before
        if _crowd_doer(_subject(doer)):
            etype, sub = "Riots", "Mob violence"
        elif (
            lx.MELEE.search(clause) and not lx.FIREARMS.search(clause) and not _armed_doer(doer)
            and _armed_victims(clause, m.start(), m.end())
        ):  # fmt: skip
            # "three men with knives and axes threatened police officers": people, not an armed group, fighting police
            etype, sub = "Riots", "Mob violence"
        elif (
            trig.name == "assault"
            and not _counts(clause)
            and lx.PROPERTY_TARGETS.search(clause)
            and not lx.CIVILIAN_VICTIMS.search(after.split(" by ")[0])
            and not armed_words
        ):
            etype, sub = "Strategic developments", "Looting/property destruction"
        elif _armed_victims(clause, m.start(), m.end()):
            etype, sub = "Battles", "Armed clash"
    return Reading(trig, m.start(), etype, sub, m.group(0))


# the first verb of a clause in the past: what comes before it is the subject ("residents intercepted three gang members")
_FIRST_VERB = re.compile(
    r"\b(?!(?:armed|hooded|masked|suspected|alleged|unidentified|unarmed|enraged|infuriated|angered|incensed|"
    r"reported|named|hundred|kindred|sacred|naked|wicked|ragged|aged|red-shirted|shirted|uniformed|disguised)\b)"
    r"[a-z]{2,}ed\b|\b(?:beat|shot|threw|burnt|set|hit|took|fought|stole|broke|drove|caught|"
    r"seized|stormed|hacked|killed)\b"
)


_THAT = re.compile(r"\s+that\b")


_STATE_WORD = re.compile(
    r"\b(?:soldiers|troops|army|armed forces|military|government forces|security forces|national guard|police|"
    r"gendarmes?|gendarmerie|marines|commandos|special forces)\b",
    re.I,
)
_NON_STATE_WORD = re.compile(
    r"\b(?:rebels?|militants?|insurgents?|jihadists?|fighters|militia\w*|gunmen|bandits|gangs?|separatists?|"
    r"guerrill\w+|mutineers|factions?|mercenar\w+)\b|"
    # an army named for a cause is a rebel army: "the Popular Liberation Army", "Democratic Alliance Army"
    r"(?-i:\b(?:[A-Z][\w'’-]+\s+){0,3}(?:Liberation|Independence|Resistance|Democratic|Alliance|Revolutionary|Salvation|"
    r"Free|Freedom|Patriotic|People's|People’s|Peoples)\s+(?:[A-Z][\w'’-]+\s+){0,3}Army)\b",
    re.I,
)


def _state_doer(subject: str) -> bool:
    """Whether the state's forces are who acts: a state word comes first in the subject ("Somali army forces backed by
    clan fighters"), not after a non-state one ("rebels who defected from the army")."""
    state = _STATE_WORD.search(subject)
    other = _NON_STATE_WORD.search(subject)
    return state is not None and (other is None or state.start() < other.start())


def _subject(text: str) -> str:
    """The words before the clause's first past-tense verb (all of `text` when none is found)."""
    plain = re.sub(r"\([^()]*\)|\bas reported\b", lambda g: " " * len(g.group(0)), text)  # "(as reported)"
    start = 0
    while m := _FIRST_VERB.search(plain, start):
        that = _THAT.match(plain, m.end())
        if not that:
            return text[start : m.start()]
        start = that.end()  # "villagers said that soldiers ...": the subject is the reported clause's
    return text[start:]


_DEMONSTRATORS = re.compile(
    r"\b(?:protesters|demonstrators|rioters|marchers|stone-throwing (?:youths|crowds?))\b", re.I
)
# an armed party in the clause makes the clash a battle ("rebels clashed with troops near the protest camp")
_ARMED_SIDE = re.compile(r"\b(?:militants?|rebels?|insurgents?|fighters?|gunm[ae]n|militia\w*|jihadists?|bandits?)\b",
                         re.I)  # fmt: skip


def _armed_doer(text: str) -> bool:
    return bool(lx.ARMED_VICTIMS.search(text) or re.search(r"\b(?:gunm[ae]n|armed|militants?|soldiers|police\w*|unknown|"
                                                              r"unidentified)\b", text, re.I))  # fmt: skip


# the demonstrators' own violence, told with them as its doers
_PROTESTERS_VIOLENT = re.compile(
    r"\b(?:protesters|demonstrators|rioters|they|crowds?|youths)\s+(?:\w+\s+){0,2}?(?:clashed|burn(?:ed|t)|"
    r"destroyed|vandali[sz]ed|threw|hurled|pelted|set fire|torched|looted|damaged|stormed|ransacked)\b",
    re.I,
)


def _burned_by_no_one(clause: str, at: int) -> bool:
    """'houses were looted before being set on fire': property burned in the passive, by no crowd the clause names."""
    return bool(re.search(r"\b(?:was|were|been|being)\s+$", clause[:at], re.I)) and not re.match(
        r"[^.;]{0,40}\bby\s+(?:the\s+)?(?:\w+\s+)?(?:protesters|demonstrators|rioters|crowds?|mobs?|residents|youths?)\b",
        clause[at:],
        re.I,
    )


def _crowd_doer(text: str) -> bool:
    """Whether the doers are a crowd of unarmed people (locals, residents, riders, a party's members), not an armed or
    unknown party."""
    party = lx.PARTY_MEMBERS.search(text)
    if party:
        text = text[: party.start()] + " " + text[party.end() :]
    return bool(party or lx.CIVILIAN_CROWD.search(text)) and not _armed_doer(text)


def _armed_victims(clause: str, a: int, b: int) -> bool:
    """Whether the people hit around a trigger are armed (soldiers, police, fighters) rather than civilians."""
    after = clause[b : b + 70]
    before = clause[max(0, a - 70) : a]
    # "was attacked and wounded by gunmen": the passive holds over a verb joined to it
    passive = re.search(r"\b(?:was|were|been|being)\s+(?:\w+\s+)?(?:(?:and|or)\s+(?:\w+\s+)?)?$", before)
    # "killing 2 of them", "shot him": the people hit were named before the trigger
    pronoun = re.match(r"\s*(?:[\w-]+\s+of\s+)?(?:them|him|her)\b", after)
    people_only = bool(pronoun and not passive and pronoun.group(0).endswith("them"))
    if people_only:  # "militants hiding in a farmhouse at an unknown location ..., killing 2 of them"
        before = clause[:a]
    passive_verb = passive
    passive = passive or pronoun
    candidates = []
    if passive or re.match(r"\s*(?:dead|died)\b", clause[a:]):
        for rx, armed in ((lx.ARMED_VICTIMS, True), (lx.CIVILIAN_VICTIMS, False)):
            for m in rx.finditer(before):
                # "them": people, not a "police station" or "positions"
                place = armed and (lx.ARMED_PLACES.search(m.group(0)) or lx.ARMED_PLACES.match(before, m.end()))
                # "Officers beat him": the noun right before the verb is who did it, not who "him" is
                doer = pronoun and not passive_verb and re.fullmatch(r"\s*(?:\w+ly\s+)?", before[m.end() :])
                if not (people_only and place) and not doer:
                    candidates.append(
                        (len(before) - m.end(), armed and not _NO_LONGER_ARMED.search(before, 0, m.start()))
                    )
    else:
        for rx, armed in ((lx.ARMED_VICTIMS, True), (lx.CIVILIAN_VICTIMS, False)):
            m = rx.search(after)
            if m:
                candidates.append((m.start(), armed and not _NO_LONGER_ARMED.search(after, 0, m.start())))
    if not candidates:
        return False
    return min(candidates)[1]
