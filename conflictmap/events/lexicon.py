"""The words event extraction reads, as data: triggers per ACLED sub-event type, victim and actor classes, numbers.

extract.py applies these tables; nothing here names a place, a group or an event of any evaluation set. Each
table has a table-driven test in tests/unit/events/test_lexicon.py. Patterns are matched case-insensitively
unless a table says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictmap.events.prefilter import word_prefixes

I = re.IGNORECASE  # noqa: E741


@dataclass(frozen=True)
class Trigger:
    """Words that report one kind of event. `rank`: when a clause holds several, the lowest rank is the event."""

    name: str
    pattern: re.Pattern
    event_type: str
    sub_event_type: str
    rank: int
    # the type depends on who was hit: civilians -> Violence against civilians, armed men -> Battles
    victim_typed: bool = False
    # needs a count of people to be an event at all (displacement: "fled" alone is background)
    needs_count: bool = False
    # the first letters every match starts with (prefilter.word_prefixes): a clause without them is not scanned
    prefixes: frozenset[str] | None = None


def _t(name, words, etype, sub, rank, **kw) -> Trigger:
    pattern = re.compile(r"\b(?:" + words + r")", I)
    return Trigger(name, pattern, etype, sub, rank, prefixes=word_prefixes(pattern), **kw)


EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
SD = "Strategic developments"

TRIGGERS: tuple[Trigger, ...] = (
    _t("chemical", r"chemical (?:weapons?|attack|agents?|irritants?|munitions?)|chlorine gas|sarin|nerve agent|chloropicrin|mustard gas|"
       r"(?:toxic|poison(?:ous)?|asphyxiating) (?:gas|chemicals?|substances?)|(?<!tear )(?<!tear-)(?<!tear)gas (?:munitions?|shells?|"
       r"attacks?)|toxic munitions?|(?:grenades?|munitions?|shells?|bombs?) (?:filled with|containing|loaded with) "
       r"(?:tear |CS |[\w-]+ )?gas\b", EXPLOSIONS,
       "Chemical weapon", 1),
    _t("suicide", r"suicide (?:bomb\w*|attack\w*|vest|car|blast)|blew (?:him|her|them)sel(?:f|ves) up", EXPLOSIONS,
       "Suicide bomb", 1),
    # a mine or shell left from an old war that goes off: ACLED codes it a strategic development, not an attack
    _t("remnant", r"(?:explosive )?remnants? of (?:the )?(?:\w+ )?war|unexploded (?:ordnance|shells?|munitions?|devices?|"
       r"bombs?|mortars?|rockets?|remnants?)|UXOs?\b|left (?:over )?from (?:the|a|an) (?:[\w-]+ ){0,3}(?:war|conflict)|"
       r"(?:laid|planted) during (?:the|a|an) (?:[\w-]+ ){0,3}(?:war|conflict)", SD, "Other", 1),
    _t("air", r"(?:attack(?:ed|ing|s)?|struck|hit|targeted|bombed|pounded)\b(?=[^.;]{0,80}?\bwith (?:[\w-]+ ){0,2}"
       r"drones\b)|(?<!hunger )(?<!general )strikes (?:on|against) (?=(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?-i:[A-Z])|"
       r"the (?:\w+ )?(?:town|city|village|suburbs?|area|district|camp|positions?|bases?|outskirts))|air ?strikes?|air[- ]raids?|airstrikes?|drone (?:strikes?|attacks?)|(?:glide|aerial|guided|barrel) bombs?|(?:war|fighter )?(?:planes?|jets?) "
       r"(?:(?:had|have|has|also|reportedly) )?(?:struck|bombed|hit|targeted|carried out)|warplanes?|helicopter gunships?|helicopters? (?:\w+ )?(?:fired|struck|"
       r"bombed|strafed|attacked|shelled)|drones?\b(?= (?:\w+ ){0,3}"
       r"(?:struck|hit|targeted|attacked|bombed|fired|shelled|strike))|air forces? (?:\w+ ){0,4}?(?:targeted|struck|bombed|hit|shelled|attacked|raided)|bombed from the air|aerial (?:bombardment|"
       r"attack|strike)s?|(?:carried out|conducted|launched) (?:an? )?(?:\w+ )?(?:air|drone) (?:strike|attack)s?|"
       r"aircraft (?:struck|bombed|hit|targeted|attacked|fired)|loitering munitions?|kamikaze drones?|"
       r"air interdiction|aerial (?:bombing|bombardment)|aerial bombs?|barrel bombs?|"
       r"(?:jets?|aircraft|(?:war)?planes?|helicopters?|drones?|quadcopters?) (?:\w+ ){0,2}dropped\b(?! (?:\w+ ){0,3}"
       r"(?:leaflets|pamphlets|flyers|aid|food|supplies|parcels|water|medicine|troops|paratroopers))|"
       r"dropped (?:\w+ ){0,3}(?:bombs?|munitions?|explosives?|grenades?) from (?:an? |the )?(?:\w+ )?(?:aircraft|"
       r"helicopters?|drones?|planes?|jets?)",
       EXPLOSIONS, "Air/drone strike", 2),
    # a bare "mine" is an explosive unless the words around it make it a pit: "the gold mine", "mine workers"
    _t("ied", r"IEDs?\b|VBIEDs?|improvised explosive|roadside bombs?|car bombs?|(?<!the )(?<!gold )(?<!coal )"
       r"(?<!copper )(?<!diamond )(?<!nickel )(?<!iron )(?<!lithium )(?<!cobalt )(?<!tin )(?<!uranium )(?<!salt )(?<!sand )"
       r"(?<!zinc )(?<!silver )(?<!bauxite )(?<!open-pit )(?<!opencast )(?<!artisanal )(?<!coltan )(?:land ?)?mines?\b(?![- ]risk)(?! (?:action|clearance|awareness|education|survey|workers?|owners?|sites?|company|shafts?|pits?|operators?|"
       r"employees|last|produce|producing))|landmines?|unexploded (?:ordnance|shells?|munitions?|devices?|remnants?)|UXOs?\b|explosive "
       r"(?:device|charge)s?|(?:bomb|device|explosives?|charge|mine|shell|ordnance) (?:\w+ )?(?:exploded|went off|"
       r"detonated)|(?:exploded|detonated) (?:an? )?(?:\w+ )?(?:bomb|device|explosives?|mine)|booby[- ]trap\w*|"
       r"sticky bombs?|(?:remote )?explosive attacks?|remote explosives?|blew up|blown up|used explosives|explosives? (?:were |was )?(?:used|detonated|planted)|"
       r"explosions?|blasts?|(?<!petrol )(?<!fire )(?<!mock )(?<!dummy )(?<!gas )(?<!gas-)(?<!smoke )bomb(?:ing|ings|ed|s)?\b", EXPLOSIONS, "Remote explosive/landmine/IED", 3),
    _t("grenade", r"(?<!stun )(?<!stun-)(?<!smoke )(?<!smoke-)(?<!gas )(?<!gas-)(?<!flash )(?<!flash-)grenades?(?! fire\b)", EXPLOSIONS, "Grenade", 2),
    _t("shelling", r"(?<!gas )(?<!gas-)shell(?:ed|ing|s)\b|mortars?|artillery|rockets?(?!-propelled)|missiles?(?! (?:batter(?:y|ies)|systems?|defen[cs]es?|shields?|tests?))|(?:fired|launched) (?:\w+ ){0,3}projectiles?|"
       r"projectiles? (?:fired|launched|hit|struck|landed)|katyusha|howitzers?|"
       r"bombard(?:ed|ment|ing)|launchers?|fired (?:\w+ ){0,2}(?:(?<!gas )(?<!gas-)shells?|(?<!live )(?<!rubber )(?<!warning )(?<!blank )rounds)|tank (?:fire|shells?)|fired "
       r"(?:[\w.,]+ ){0,6}?(?:machine ?guns?|heavy (?:weapons|machine)|anti-aircraft)|heavy machine ?guns?",
       EXPLOSIONS, "Shelling/artillery/missile attack", 3),
    _t("sexual", r"rap(?:ed|ing|e)\b|sexual(?:ly)? (?:assault\w*|abuse\w*|violence|harass\w*)|gang[- ]rap\w*",
       VAC, "Sexual violence", 4),
    _t("abduction", r"abduct(?!ors?\b)\w*|kidnap(?!pers?\b)\w*|hostages?|(?:seized|snatched|grabbed) (?:an? |the |two |three |"
       r"several |\d+ )?(?:\w+ ){0,2}(?:councillors?|chiefs?|officials?|teachers?|m[ae]n|wom[ae]n|civilians?|villagers?|"
       r"traders?|farmers?|passengers?|people|persons?|children|girls?|boys?|students?|workers?|herders?|priests?|"
       r"journalists?|residents?)\b|taken captive|forcibly disappeared|forced disappearance|"
       r"went missing|ordered (?:him|her|them) to (?:come|go) with them|(?:forced|bundled|dragged) (?:\w+ ){0,3}into "
       r"(?:a |an |the |their |his |her )?(?:\w+ )?(?:car|vehicle|truck|van|boat|pick-?up)s?\b", VAC,
       "Abduction/forced disappearance", 4),
    _t("regain", r"re-?captur\w+|re-?took|re-?taken|regain(?:ed|s)? (?:full )?control|(?:took|taken) back (?:full )?control|liberat(?:ed|ion of)|reclaim(?:ed)? control|recovered (?:\w+ )?(?:territory|control|positions?)",
       "Battles", "Government regains territory", 5),
    _t("overtake", r"(?:seiz(?:ed|es|ing)|captur(?:ed|es|ing)|took|take|taken|gain(?:ed)?|wrest(?:ed)?) (?:full )?"
       r"control (?:(?:on|late on|early on) (?-i:[A-Z])\w+day )?of|taking (?:full )?control of (?:the (?:town|city|village|district|area|region|locality)|(?-i:[A-Z]))|"
       r"overr(?:a|u)n|fell to|(?:took|take[ns]?|taking) over (?=the (?:[\w-]+ )?(?:town|city|village|district|"
       r"provincial capital|capital)(?: of\b|[,.;(]| (?:on|in|after|without|from|and)\b)|(?-i:[A-Z])(?![\w'-]*(?: "
       r"[A-Z][\w'-]*)* (?-i:Square|Hall|Street|Avenue|Road|Building|Palace|House|Office|Ministry|Parliament|Plaza|"
       r"Park|Church|Mosque|University|School|Hospital|Bridge|Stadium|Company|Group)))|"
       r"(?:seiz(?:ed|es|ing)|captur(?:ed|es|ing)) (?=the (?:town|city|village|"
       r"district|area|region|base|airport|position|outpost|checkpoint|hill|locality|settlement|camp)|the (?:\w+ )?(?:town|city|village|"
       r"district|area|region|base|airport)|(?-i:[A-Z]))", "Battles",
       "Non-state actor overtakes territory", 5),
    _t("handover", r"handed (?:\w+ )?over (?:control|(?:the|its|their) (?:\w+ )?(?:town|city|village|area|base|"
       r"position|checkpoint|district|camp|barracks|airport|headquarters)|(?-i:[A-Z]))|hand(?:ed|ing)? over (?:control|positions?)|handover of|withdr(?:ew|awn|awal) (?:\w+ ){0,3}(?:from|"
       r"of) (?:the )?(?:town|city|village|area|base|positions?|checkpoints?|district|(?-i:[A-Z]))|took over (?:the )?"
       r"(?:positions?|base|checkpoint)s? (?:\w+ )?(?:after|vacated|left)", SD, "Non-violent transfer of territory",
       6),
    _t("clash", r"clash(?:es|ed|ing)?\b|returned fire|(?<!without )(?<!no )fighting\b|fought\b|exchanged? (?:of )?(?:gun)?fire|exchanged (?:[\w-]+ ){1,5}?fire\b|gun ?fights?\b|fire ?fights?\b|"
       r"shoot-?outs?|gunfights?|battles?\b|battled|skirmish\w*|engaged (?:in )?(?:combat|fighting)|"
       r"engaged (?:\w+ ){0,3}(?:militants|rebels|fighters|insurgents|forces|troops|soldiers|gunmen|bandits|"
       r"jihadists|militia\w*|assailants)|(?:were|was) engaged by|encounter (?:broke out|took place|ensued|started)|encountered (?:\w+ ){0,4}(?:militants|rebels|fighters|insurgents|gunmen|bandits|jihadists|militia\w*|guerrill\w+|troops|soldiers)|(?:in|during) an? (?:armed |gun ?)?encounter|assault(?:ed|s)? (?:on )?"
       r"(?:the )?(?:\w+ )?(?:positions?|base|checkpoint|post|barracks|camp|outpost)|offensive\b|repell?ed|repuls\w+|"
       r"counter-?attack\w*|infiltrat\w+ attempt|attempted to infiltrate|(?:thwarted|foiled) (?:an? |the )?(?:\w+ ){0,2}?(?:attack|incursion|assault|"
       r"infiltration|advance)|fights? broke out|fist ?fights?|(?:a |the )fight between|brawls?\b|scuffles?\b|(?:revenge |reprisal |tit-for-tat )?killings between|violat\w+ (?:the |a )?(?:ceasefire|cease-fire|truce)|"
       r"(?:ceasefire|cease-fire|truce) violations?", "Battles", "Armed clash", 7),
    # an ambush on soldiers is a battle, on a bus of passengers an attack on civilians
    _t("ambush", r"ambush\w*", VAC, "Attack", 7, victim_typed=True),
    _t("riot", r"(?<!anti-)riot(?:s|ed|ers|ing)?\b(?! (?:police|gear|squad|control|unit|officers))|(?<!car )mobs?\b|lynch\w*|vigilantes?(?!-style)|angry (?:crowd|residents|villagers)|"
       r"set (?:\w+ ){0,3}(?:on fire|ablaze|alight)|burn(?:ed|t|ing) (?:\w+ ){0,2}(?:tyres?|tires?)|threw "
       r"(?:\w+ ){0,2}(?:stones|rocks|molotov|projectiles|bottles)|stone[- ]?pelt\w*|pelt(?:ed|ing) (?:\w+ ){0,3}"
       r"(?:with )?(?:stones|rocks|bricks|bottles)|torched|vandali[sz]\w*|"
       r"looted and|clashed with (?:the )?police|(?:turned|became|grew) violent", "Riots", "Violent demonstration", 8),
    _t("protest", r"protest(?:s|ed|ing|ers?)?\b|demonstrat(?:ed|ion|ions|ors?|ing)\b|rall(?:y|ies|ied)\b|(?-i:march)(?:ed|"
       r"es|ing|ers)?\b(?! \d)|(?-i:March)(?:ed|es|ing|ers)\b|sit-ins?|vigils?\b|(?<!the )(?<!this )(?<!that )(?<!air )(?<!drone )(?<!missile )(?-i:[Ss])trik(?:e|es|ing)\b(?! (?:on|at|in|against|by|killed|hit|pounded|struck|targeted|destroyed|wounded|rocked|flattened|killing))|boycott\w*|"
       r"demonstrate\b|picket\w*|gathered (?:\w+ ){0,3}(?:to (?:demand|denounce|condemn|call|protest)|in front of|outside)|gathered (?:[\w'’,.-]+ ){0,8}?"
       r"(?:urging|demanding|denouncing|condemning|calling for|chanting|in support of|in solidarity with)|(?:held|holding|carried|carrying|waved|waving) "
       r"(?:\w+ )?(?:placards|banners)|gathered (?:[\w,.-]+ ){4,24}?to (?:demand|denounce|condemn|call for|protest)|"
       r"(?:blocked|blockaded) (?:\w+ ){0,2}(?:road|roads|highway|street|streets|avenue|bridge|(?-i:[A-Z]{2}-\d+))|hunger strike|(?:went|go|goes|going|are|were|remained|stayed) on strikes?\b|general strikes?\b|petition\w*|"
       r"pot-banging|cacerolazo|took to the streets|human chains?|chant(?:ed|ing) (?:[\w-]+ ){0,3}slogans|(?:car|vehicle|motor) (?:caravans?|rall(?:y|ies)|parades?)|"
       r"motorcades?", "Protests", "Peaceful protest", 9),
    _t("attack", r"shot (?:dead|and killed|at|by)?|shoot(?:s|ing)?\b|"
       r"gun(?:ned)? down|gunm[ae]n|stabb(?:ed|ing)|beat(?:en|ing)?\b(?! (?:the|a) (?:record|deadline))|"
       r"tortur\w+|murder\w*|assassinat\w+|killed|killing|kills?\b|massacr\w*|execut(?:ed|ing|ions?)|beheaded|"
       r"slain|bod(?:y|ies) (?:of|was|were)|found dead|burn(?:ed|t) (?:\w+ ){0,2}?(?:alive|to death)|hacked|lynched|(?<!\bthe )(?:wounded|injured)\b(?! (?:were|was|are|have|had)\b)|"
       r"opened fire|fir(?:ed|ing) (?:at|on|upon)|hit by (?:a )?(?:stray )?bullets?|(?:mutilated|decapitated|strangled)|"
       r"extrajudicial|beat up|beaten up|whipped|flogged|"
       # an army's word for killing armed men: "neutralised about twenty terrorists" (not a bomb made safe)
       r"neutrali[sz](?:ed|ing) (?:at least |about |around |some |over |more than )?(?:\d+|\w+ty|two|three|four|five|"
       r"six|seven|eight|nine|ten|eleven|twelve|dozens|several|many|scores)\b|(?:(?<=were )|(?<=was )|(?<=been ))neutrali[sz]ed\b",
       VAC, "Attack", 10, victim_typed=True),
    # attacked, raided, targeted: an attack on people, or on property only (then a destruction of property)
    _t("assault", r"attack(?:ed|s|ing)?\b|assault(?:ed|ing)?\b|targeted|raided|raids?\b|stormed|invaded|harass\w*|"
       r"(?:petrol|fire) ?bombs?|molotov cocktails?|"
       r"threaten(?:ed|ing)|intimidat\w+", VAC, "Attack", 12, victim_typed=True),
    _t("arrest", r"arrest(?:ed|s|ing)?\b|detain(?:ed|s|ing)?|detention|apprehend\w*|taken into custody|rounded up|"
       r"(?:took|taken|take) (?:\w+ ){0,3}into custody|(?:took|taken|take) (?:\w+ ){0,2}away for questioning|picked up (?:\d+ |an? |two |three |several )?(?:\w+ ){0,2}"
       r"(?:people|men|women|supporters|activists|members|suspects|persons|youths|students|journalists|protesters|"
       r"individuals|leaders)", SD, "Arrests", 11),
    _t("looting", r"loot(?:ed|ing|s)?\b|tak(?:ing|en|e) away|stole|stolen|robbed|plunder\w*|ransack\w*|pillag\w*|burn(?:ed|t) (?:down )?(?:\w+ ){0,4}(?:cottages?|huts?|sheds?|granar(?:y|ies)|stalls?|kiosks?|houses?|"
       r"homes?|shops?|property|properties|vehicles?|cars?|crops|fields|buildings?|trucks?|lorr(?:y|ies)|buses|bus|"
       r"tractors?|excavators?|backhoes?|bulldozers?|machinery|machines?|equipment|motorcycles?|schools?|church(?:es)?|"
       r"mosques?|tents?)\b|demolish\w*|destroy(?:ed|ing) "
       r"(?:\w+ ){0,3}(?:houses?|homes?|property|properties|crops|shops?|buildings?|school|clinic|masts?|towers?|"
       r"antennas?|pylons?|bridges?|ballot boxes|trucks?|vehicles?|equipment|machinery|offices?)|uprooted|"
       r"cut down (?:\w+ ){0,3}trees|razed|set fire "
       r"to|arson|bulldoz\w+|raided (?:\w+ ){0,2}(?:cattle|livestock|cows|goats|sheep)|damag(?:ed|ing) (?:\w+ ){0,3}"
       r"(?:houses?|homes?|property|properties|vehicles?|shops?|buildings?|offices?)|confiscat\w+|(?:seized|seizure of|confiscated) (?:[\w,.-]+ ){0,4}(?:property|land|cattle|livestock|goods|vehicles?|"
       r"cargo|drugs|narcotics|marijuana|cannabis|cocaine|heroin|contraband|cigarettes|smuggled \\w+)",
       SD, "Looting/property destruction", 12),
    _t("disrupted", r"defus(?:ed|ing)|dismantl(?:ed|ing) (?:\w+ ){0,3}(?:bomb|device|explosive|IED|mine)s?|"
       r"(?:bomb|explosive|IED|mine|device|grenade)s? (?:[\w-]+ ){0,3}(?:was |were |had been |have been )?(?:defused|"
       r"neutrali[sz]ed|dismantled|cleared|found|discovered|located|recovered|seized|uncovered)|controlled "
       r"(?:explosion|detonation)|"
       r"weapons? caches?|arms caches?|(?:seiz(?:ed|ing)|f(?:ound|inding)|discover(?:ed|ing)|confiscat(?:ed|ing)|"
       r"recover(?:ed|ing)|locat(?:ed|ing)|uncover(?:ed|ing)|caches? of|stockpiles? of|depots? of) "
       r"(?:[\w,.-]+ ){0,4}(?:weapons?|arms|firearms|pistols?|ammunition|munitions|explosives?|rifles?|guns?|ordnance|(?:hand[- ])?"
       r"grenades?|IEDs?|improvised explosive|bombs?|landmines?|mines?)\b|intercepted (?:\w+ ){0,6}(?:missiles?|rockets?|drones?|"
       r"projectiles?|shipments? of (?:arms|weapons))|shot down|(?:foiled|thwarted) (?:an? |the )?(?:\w+ )?(?:plot|bomb\w*|attempt to (?:smuggle|plant))|detonated (?:\w+ )?"
       r"(?:in )?a controlled|(?:police|army|forces|soldiers|troops|experts|engineers|squad|military)\s+(?:\w+\s+){0,2}?"
       r"detonated|destroy(?:ed|ing) (?:\w+ ){0,4}(?:arms|weapons|depots?|caches?|mines?|explosives|bombs|IEDs?)",
       SD, "Disrupted weapons use", 2),
    _t("signed", r"signed (?:an? |the )?(?:[\w-]+ ){0,3}(?:agreements?|deal|accord|pact|truce|ceasefire|cease-fire|act|"
       r"declaration|memorandum)\b|agreed (?:to|on) (?:an? |the )?(?:\w+ )?(?:ceasefire|cease-fire|truce)", SD,
       "Agreement", 5),
    _t("agreement", r"agreements?|ceasefire|cease-fire|truce|cease hostilities|cessation of hostilities|signed (?:an? |the )?"
       r"(?:\w+ ){0,3}(?:act|declaration|memorandum|accord|pact)\b|peace (?:deal|talks|accord)|signed (?:an? )?(?:\w+ )?"
       r"(?:deal|accord|pact)|reconciliation|prisoner (?:swap|exchange)|exchanged (?:\w+ )?(?:prisoners|detainees|captives|bodies)|released (?:\w+ ){0,3}(?:prisoners|"
       r"detainees|hostages)|negotiat\w+|mediat\w+", SD, "Agreement", 13),
    _t("base", r"turned (?:[\w'’-]+ ){1,8}into (?:a |their |its )?(?:\w+ )?(?:base|headquarters|stronghold)|inaugurat\w+ "
       r"(?:[\w'’-]+ ){0,5}(?:headquarters|base|office)|(?:established|set up|opened|built|installed) (?:an? |their |its )?(?:new )?(?:temporary )?(?:[\w-]+ )?(?:base|"
       r"headquarters|outpost|camp|post|detachment|garrison)s?", SD, "Headquarters or base established", 12),
    _t("activity", r"patrol(?:s|led|ling)?\b|deploy(?:ed|ment|s|ing)|reinforcements?|convoys?|(?:troop|military) "
       r"movements?|moved (?:\w+ ){0,3}(?:to|into|towards)|arrived in|entered (?:the )?(?:town|city|village|area|(?-i:[A-Z]))|"
       r"withdr(?:ew|awal|awn)|redeploy\w*|recruit(?:ed|ment|ing)|training (?:camp|course|session)|graduat\w+|"
       r"closed (?:\w+ ){0,3}(?:entrances?|roads?|crossings?|border|borders|markets?|schools?)|checkpoints?\b|"
       r"security measures?|cordon\w*|sent (?:\w+ ){0,3}(?:troops|reinforcements|soldiers|forces|units|personnel)|"
       r"(?:troops|reinforcements|soldiers|forces|units|personnel) (?:\w+ )?(?:were|was|have been|had been) sent|"
       r"(?:handed|turned|gave) (?:themselves|himself|herself) (?:in|over|up)|laid down (?:their |his )?(?:arms|weapons)|search (?:operation|campaign)s?|raids? and "
       r"searches|(?:military|security) (?:operation|campaign)s?|announced|declared|appointed|defected|"
       r"surrender(?:ed)?|(?:new|formed an?) (?:armed )?(?:group|militia|brigade|faction)|joined|visited|"
       r"inspected|distributed|meeting|met with|held (?:a )?meeting|elections?|exercise|occupied|occupation of|"
       r"(?:carrying|carried|conducting|conducted) out (?:\w+ )?operations?|conscription|conscripted|established fortifications|fortif\w+|"
       r"(?:instituted|imposed|introduced|extended) (?:a |the )?(?:\w+ )?(?:ban|restrictions?)|banned|"
       r"humanitarian corridor|returned to|repatriat\w+|spotted|issued a decree|(?:removed|dismissed|replaced|sacked) "
       r"(?:\w+ ){0,4}(?:as )?(?:commander|governor|minister|chief|head)", SD,
       "Change to group/activity", 14),
    # restrictions decreed over an area, and upheavals of the state: ACLED's catch-all of strategic developments
    _t("decree", r"(?<!the )(?<!a )curfews?\b(?! (?:violation|breach))|(?:imposed|declared|announced|extended|introduced) (?:a |an |the )?(?:[\w-]+ ){0,2}"
       r"(?:curfew|lockdown)|state of (?:emergency|exception|siege)|(?:cut|shut down|suspended|blocked|restricted) (?:\w+ ){0,2}"
       r"(?:internet|mobile data|telecommunications?|phone networks?)|internet (?:shutdown|blackout|cut)s?|"
       r"dissol(?:ved|ution of) (?:the )?(?:[\w-]+ ){0,3}(?:parliament|congress|national assembly|government|council|"
       r"coalition|party|movement|organi[sz]ation)|"
       r"annull?(?:ed|ing)? (?:the )?(?:\w+ ){0,3}(?:results?|elections?|vote)|coup d'[ée]tat|(?:staged|launched|carried out|mounted|led|announced) an? (?:military )?coup\b|seized power in a coup|"
       r"(?:under|imposed an?|placed under) (?:a )?blockade|leaflets|pamphlets|night letters|graffiti|ordered (?:[\w,]+ ){1,8}?"
       r"to (?:close|shut)\b|general mobili[sz]ation|ransom (?:was |had been )?paid",
       SD, "Other", 11),
    _t("other", r"(?:escaped|broke out) (?:from |of )?(?:the |a )?(?:\w+ )?(?:prison|jail|custodial (?:centre|center)|"
       r"correctional (?:centre|center|facility)|detention (?:centre|center|facility)|penitentiary)|jail ?break|"
       r"prison ?break", SD, "Other", 14),
    # a grave found is news of old killings: ACLED codes the discovery, with no fatalities of its own
    _t("grave", r"mass (?:graves?|burial sites?)|(?:clandestine|unmarked|common) graves?", SD, "Other", 1),
    _t("displacement", r"fled|flee(?:ing)?\b|displaced|displacement|refugees?|evacuat(?:ed|ion)|exodus|abandon(?:ed)? "
       r"(?:their )?(?:homes|villages)|(?:people|families|residents|villagers|inhabitants)(?:, [^,.]{1,60},)? left\b|"
       r"forced (?:\w+ )?(?:to leave|out of their)|(?:ordered|ultimatum) (?:\w+ ){0,2}to leave\b", "Displacement",
       "Forced displacement", 13, needs_count=True),
    # people ordered or forced out by an armed party: a forced displacement though nobody counted them
    _t("expulsion", r"(?:ordered|ordering|told|telling|warned|warning|gave|given|issued) (?:the )?(?!(?:[\w'’-]+ ){0,2}"
       r"(?:troops|forces|soldiers|fighters|militants|police|staff|diplomats|personnel|units|reporters|journalists|"
       r"protesters|demonstrators|crowds?)\b)(?:[\w'’-]+,? ){0,10}?"
       r"(?:an ultimatum )?to (?:leave|vacate|evacuate|move) (?:(?:the |their )?(?:town|village|villages|area|homes?|"
       r"district|camp|city|locality|neighbou?rhoods?)\b|(?:\w+ ){0,6}?(?:with)?in (?:\d+|[a-z]+) (?:hours|days)\b)|"
       r"(?:drove|driven|forced|chased) out (?:the |all )?(?:\w+ ){0,2}(?:residents|villagers|families|inhabitants|"
       r"people|population|community|communities)\b|forced (?:the )?(?:\w+ )?"
       r"(?:to leave|out of) (?:the |their )?(?:town|village|villages|area|homes?|camp|city|locality)\b",
       "Displacement", "Forced displacement", 13),
)  # fmt: skip

# A trigger in one of these frames is what the event is about, not the event: "protested over the killing of a
# driver" is a protest; "arrested for the bombing" an arrest; "in retaliation for the attack" a background event.
SUBORDINATE_BEFORE = re.compile(
    r"\b(?:(?<!ran )(?<!drove )(?<!driven )(?<!stepped )(?<!rolled )over|against|about|for|condemn\w*|denounc\w*|follow(?:s|ed|ing)?|after|since|(?:in )?(?:response|"
    r"retaliation|reaction|revenge) (?:to|for)|protest\w* (?:over|against)|demand\w*|because of|due to|(?<!is )(?<!are )(?<!were )(?<!been )(?<!stand )accus\w+ of|"
    r"suspect\w* (?:of|in)|responsib\w+ for|involved in|linked to|connected (?:to|with)|in connection with|"
    r"investigat\w* (?:into )?|ban(?:ned|ning)? (?:on )?(?:all )?(?:forms of )?(?:[\w-]+(?: [\w-]+)?, (?:and |or )?){0,5}|participat\w+ in|causing|"
    r"mourn\w*|commemorat\w*|anniversary of|funeral of|killing of|call(?:s|ed|ing)? for(?: (?:a|an|the))?(?: \w+)?|urg(?:e|es|ed|ing)|"
    r"(?:to|and) (?:end|stop|halt|prevent|avoid)(?: \w+)?|defy(?:ing)?(?: (?:the|a|an|their|his|her|its))?(?: \w+)?)"
    r"(?:\s+(?:the|a|an|his|her|their|its|recent|alleged|last|of|\w+'s))*\s*$",
    I,
)
# an aside dated back, between commas or in brackets: "Outside X, a town recaptured by the army earlier this month, a
# farmer was killed on Saturday": what it tells is background, and its date is not the clause's
BACKDATED_ASIDE = re.compile(
    r"(?<=[,(])\s*(?:a|an|the|which|who|where|that)\b[^,;()]{0,130}?\b(?:earlier this (?:month|week|year)|last "
    r"(?:week|month|year)|(?:days|weeks|months|years) (?:ago|earlier)|in (?:19|20)\d\d)\b\s*(?=[,;)]|\.\s*$)",
    I,
)
# "march" in lower case: "On 4 March" is a date, not a march
PROTEST_CONTEXT = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|(?-i:march)\w*|(?-i:March)(?:ed|es|ers|ing)|sit-in|vigil)\b", I
)
EXCESSIVE_FORCE = re.compile(
    r"\b(?:killed|killing|shot|live (?:ammunition|bullets|rounds|fire)|opened fire|fired (?:at|on)|gunfire)\b", I
)
INTERVENTION = re.compile(
    # dispersed by someone: "police dispersed the crowd", "they were dispersed" (not "the gathering dispersed")
    r"\b(?:(?:were|was|been|being|to)\s+dispers\w+|dispers(?:e|es|ed|ing)\s+(?:the|them|a|an|protesters|"
    r"demonstrators|crowds?|hundreds|dozens|thousands|protests?|gatherings?|rall(?:y|ies)|marchers|students|people|"
    r"participants|mourners|youths?)\b|dispersal|tear ?gas|water cannons?|rubber bullets|arrest\w+|detain\w+|broke up|baton\w*|beat\w*|"
    r"pepper spray|stun grenades?|fired (?:\w+ ){0,2}in the air|intervened|removed|evicted|forcibly cleared)\b",
    I,
)
RIOT_VIOLENCE = re.compile(
    r"\b(?:(?<!anti-)riot\w*(?! (?:police|gear|squad|control|unit|officers))|threw|throwing|(?:hurl\w*|pelt\w*) (?:\w+ ){0,2}(?:stones|rocks|bricks)|brickbats?|stone[- ]?pelt\w*|molotov|burn(?:ed|t|ing)|torch\w*|set (?:\w+ ){0,3}(?:on fire|ablaze)|"
    r"vandali[sz]\w*|loot\w*|smash\w*|clash(?:ed|es)? with (?:the )?(?:police|security|soldiers|army)|attack(?:ed)? "
    r"(?:the |an? )?(?:police|security|soldiers|officers)|(?:police\w*|officers|soldiers|agents|guards) (?:were|was) "
    r"(?:\w+ )?attacked|injur\w+ (?:\w+ ){0,3}(?:police|officers?)|damag\w+|(?<!car )mob|violent\w*|"
    r"fire|brawl\w*|scuffl\w+|confrontations?|retaliat\w+|destroy\w*|beat\w*|assault\w*|blocked (?:\w+ ){0,3}with burning)\b",
    I,
)
# ACLED's Battles are fights of armed groups; a fight with blades, sticks and stones, or with bare hands, is mob
# violence (a Riot) unless firearms are named as well.
MELEE = re.compile(
    r"\b(?:axes?|sticks|stones|rocks|bricks|brickbats?|clubs|batons|iron (?:rods|bars)|rods|knives|knife|machetes?|daggers?|"
    r"spears|bows and arrows|sharp (?:objects|weapons)|bare hands|fists?|fist ?fights?|physical (?:fight|altercation)|"
    r"brawl\w*|scuffl\w*|punch\w*|kick\w*)\b",
    I,
)
FIREARMS = re.compile(
    r"\b(?:guns?\w*|gunfire|gunm[ae]n|shot|shoot\w*|fired|firing|fire ?fights?|rifles?|firearms?|pistols?|AK-?47s?|"
    r"bullets?|rounds|grenades?|explosi\w+)\b",
    I,
)
MOB = re.compile(
    r"\b(?:(?<!car )mobs?|lynch\w*|vigilantes?(?!-style)|angry (?:crowd|residents|villagers)|beaten to death by)\b", I
)

# Who was hit decides between Battles and Violence against civilians (ACLED: an armed actor's dead are Battles).
# the installations of armed men: hit, they say who was hit ("a police station"); a pronoun never means them
_POSTS = "post|base|checkpoint|position|vehicle|patrol|convoy|station|camp"
ARMED_VICTIMS = re.compile(
    r"\b(?:soldiers?|troops?|servicem[ae]n|army|military|police(?:m[ae]n|wom[ae]n)?|officers?|policem[ae]n|gendarmes?|"
    r"guards?|militants?|insurgents?|rebels?|fighters?|jihadists?|militia(?:s|men)?|combatants?|terrorists?|"
    r"gunm[ae]n|members? of (?:the )?(?-i:[A-Z])\w*|commanders?|paramilitar\w+|recruits?|conscripts?|armed (?:men|group)|"
    r"separatists?|rangers?|personnel|bandits?|gang(?:sters?| members?)|pirates?|vigilantes?|security agents?|"
    r"guerrill\w+|dissidents?|operatives?|cadres?|attackers?|assailants?|raiders?|kidnappers?|abductors?|"
    r"mercenar(?:y|ies)|snipers?|militiam[ae]n|troopers?|marines?|sailors?|pilots?|bodyguards?|warlords?|"
    r"extremists?|(?:cattle )?rustlers?|armed robbers?|"
    rf"(?:military|army|police) (?:{_POSTS})s?|"
    r"positions?|checkpoints?|barracks|outposts?|patrols?|convoys?|(?<!data )bases?|garrisons?)\b",
    I,
)
# the places among ARMED_VICTIMS: what a pronoun for people ("killing 2 of them") cannot refer to
ARMED_PLACES = re.compile(rf"(?:\b|\s)(?:{_POSTS}|barracks|outpost)s?\b", I)
CIVILIAN_VICTIMS = re.compile(
    r"\b(?:civilians?|people|persons?|residents?|villagers?|m[ae]n\b|wom[ae]n|child(?:ren)?|boys?|girls?|"
    r"teen(?:ager)?s?|babies|baby|infants?|famil(?:y|ies)|farmers?|herders?|shepherds?|fishermen|students?|pupils?|"
    r"teachers?|doctors?|nurses?|health workers?|aid workers?|journalists?|reporters?|traders?|merchants?|"
    r"shopkeepers?|drivers?|passengers?|workers?|labou?rers?|miners?|priests?|imams?|pastors?|worshippers?|"
    r"pilgrims?|activists?|lawyers?|judges?|politicians?|candidates?|councillors?|mayors?|chiefs?|leaders?|"
    r"businessm[ae]n|refugees?|migrants?|IDPs?|displaced|prisoners?|detainees?|inmates?|elderly|nationals?|"
    r"local(?:s)?|individuals?|victims?|youths?|brothers?|sons?|daughters?|wi(?:fe|ves)|husbands?|mothers?|"
    r"fathers?|relatives?|protesters?|demonstrators?|body|bodies|corpses?|unarmed|community|communities|suspects?|"
    r"thie(?:f|ves)|robbers?|criminals?|smugglers?|traffickers?|pastoralists?|herdsm[ae]n|chairm[ae]n|"
    r"chairpersons?|officials?|headm[ae]n|administrators?|clerics?|classmates?|vendors?|employees?|bystanders?|"
    r"passers-?by|owners?|occupants?|customers?|patients?|visitors?|tourists?|guests?|hostages?|abductees?|"
    r"worshipers?|monks?|nuns?|hunters?|loggers?|settlers?|peasants?|civil servants?|staff(?:ers?)?|contractors?|"
    r"engineers?|photographers?|deputies|deputy|veterans?)\b",
    I,
)

# Normalised actor classes, in the order they are tried at one position; an adjective of nationality before a
# state force names its country ("Turkish forces" -> "Military forces of Turkey").
ACTOR_CLASSES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\b(?:ISIL|ISIS|Isis|Islamic State(?: of| in) Iraq and (?:the )?(?:Levant|Syria)|Islamic State|"
                r"Daesh)\b"), "ISIL"),
    (re.compile(r"\b(?:tribal fighters|tribesmen)\b", I), "Tribal fighters"),
    (re.compile(r"\bvolunteers\b", I), "Volunteers"),
    (re.compile(r"\banti-government fighters\b", I), "Anti-government fighters"),
    (re.compile(r"\b(?:police(?:m[ae]n|wom[ae]n)?|gendarm\w+|riot police|police officers?|(?:prison|jail) (?:guards?|"
                r"wardens?)|intelligence (?:officers?|agents?|services?))\b", I), "Police forces"),
    (re.compile(r"\b(?:security forces|troops|soldiers?|army|armed forces|military(?! police)|military police|"
                r"forces|servicem[ae]n|navy|air force|marines|border guards?|coast guard)\b", I), "Military forces"),
    (re.compile(r"\b(?:unidentified|unknown) (?:armed )?(?:gunm[ae]n|men|assailants|attackers|persons?|group|"
                r"individuals?|part(?:y|ies)|people|perpetrators)\b|\bgunm[ae]n\b|\bassailants\b|\battackers\b", I), "Unidentified armed group"),
    (re.compile(r"\b(?:militants?|insurgents?|extremists?|jihadists?|rebels?|fighters|militia(?:s|men)?|separatists?|"
                r"guerrillas?|"
                r"terrorists?|armed (?:men|group))\b", I), "Militants"),
    (re.compile(r"\b(?:protesters?|demonstrators?)\b", I), "Protesters"),
    (re.compile(r"\brioters?\b", I), "Rioters"),
    (re.compile(r"\b(?:civilians|people|residents|villagers|recruits)\b", I), "Civilians"),
)  # fmt: skip
STATE_FORCES = ("Military forces", "Police forces")

# Numbers. Words up to the hundreds; a year (1900-2099) next to a month or after "in" is never a count.
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a dozen": 12, "a couple of": 2,
    "a pair of": 2, "both": 2, "a": 1, "an": 1, "another": 1, "single": 1, "lone": 1,
}  # fmt: skip
VAGUE: dict[str, tuple[int, int]] = {
    "dozens": (24, 99), "dozens of": (24, 99), "scores": (40, 99), "scores of": (40, 99), "hundreds": (200, 999),
    "hundreds of": (200, 999), "thousands": (2000, 9999), "thousands of": (2000, 9999), "several hundred": (200, 900),
    "several thousand": (2000, 9000), "tens of thousands": (20000, 99999), "several": (3, 9),
    "a few": (2, 5), "few": (2, 5), "some": (2, 9), "many": (10, 99), "a number of": (2, 9),
}  # fmt: skip
# "Neither injuries nor fatalities were reported", "no one was killed": a stated zero is 0, not unknown.
ZERO_FATALITIES = re.compile(
    r"\b(?:no (?:one|body|people|person|civilians?|soldiers?|lives?|deaths?|fatalit\w+|casualt\w+|victims?|"
    r"injur\w+ or (?:deaths?|fatalit\w+|casualt\w+)|injur\w+ (?:and|nor) (?:deaths?|fatalit\w+|casualt\w+))\b"
    r"(?: (?:was|were|has been|have been|had been))?(?: (?:reported|recorded|killed|hurt|harmed|lost|injured))?|"
    r"neither (?:\w+ ){0,2}(?:injur\w+|casualt\w+|deaths?|fatalit\w+) nor (?:\w+ ){0,2}(?:injur\w+|casualt\w+|deaths?|"
    r"fatalit\w+)|without (?:causing )?(?:any )?(?:casualt\w+|fatalit\w+|deaths?|injur\w+)|nobody was (?:killed|hurt|"
    r"harmed|injured)|(?:there were|with) no (?:reported )?(?:casualt\w+|fatalit\w+|deaths?)|"
    r"(?:casualt\w+|fatalit\w+|deaths?) (?:were|was) not reported|no (?:\w+ ){0,2}(?:casualt\w+|fatalit\w+|deaths?)"
    r"(?: were| was)? (?:reported|recorded)|\b0 (?:fatalit\w+|deaths?|dead|killed))",
    I,
)

# Who acts decides between a mob and an armed group: locals beating a thief is mob violence, not an attack.
# the members of a political party are a crowd, not an armed group: "members of the X League", "Y Party activists"
PARTY_MEMBERS = re.compile(
    r"\b(?:members|supporters|activists|workers|cadres|followers) of (?:the )?(?:[A-Z][\w'’-]*\s+){0,4}(?:Party|"
    r"League|Congress|Union|Alliance)\b|\b(?:[A-Z][\w'’-]*\s+){1,4}(?:Party|League|Congress) (?:members|supporters|"
    r"activists|workers|cadres)\b"
)
CIVILIAN_CROWD = re.compile(
    r"\b(?:locals|local (?:people|residents|community|youths?)|residents|villagers|youths?|crowds?|mobs?|riders|"
    r"drivers|traders|vendors|sellers|farmers|herders|motorcyclists|"
    r"(?:a )?group of (?:\w+ ){0,2}?\w+|community members|members of the (?:public|community)|passers-?by|neighbou?rs|relatives|"
    r"family members|students|workers|protesters|demonstrators|supporters|fans|inhabitants|people|citizens|activists|"
    r"rioters|communities|"
    r"party members)\b(?<!unknown people)",
    I,
)
PROPERTY_TARGETS = re.compile(
    r"\b(?:pipelines?|oil (?:field|well|installation)s?|buildings?|houses?|homes?|propert(?:y|ies)|vehicles?|cars?|"
    r"trucks?|buses|shops?|stores?|offices?|churches|church|mosques?|schools?|towers?|railway|tracks?|bridges?|"
    r"infrastructure|facilit(?:y|ies)|warehouses?|crops|fields|equipment|machinery|excavators?)\b",
    I,
)

# A time before the event's own: "clashes in the market the previous week", "a riot at the mine last month". A
# protest is not typed by what such a sentence or phrase tells.
PAST_TIME = re.compile(
    r"\b(?:(?:last|previous|past|prior) (?:week|month|year)s?|(?:days|weeks|months|years) (?:ago|earlier|before)|"
    r"earlier (?:this|that|in the) (?:week|month|year))\b",
    I,
)
EARLIER_PHRASE = re.compile(r"\b(?:following|after|since)\b[^,.;]{0,120}?" + PAST_TIME.pattern, I)

# Past told without a day, week or month: "last year", "in 2013", "years ago". An event dated only this way is
# background, left out rather than stamped with the publication day.
PAST_VAGUE = re.compile(
    r"\b(?:(?:last|previous|past) (?:year|decade)|in (?:early |late |mid-)?(?:19|20)\d\d\b|(?:years|decades) ago|"
    r"earlier this year|since (?:19|20)\d\d|in recent (?:years|months)|in the (?:early |late |mid-?)?(?:19|20)?\d0s\b|over the (?:past|last) (?:few |several )?"
    r"(?:years|months))",
    I,
)
# aid and the people it reaches: "partners distributed shelter kits", "a convoy delivered food", "the displaced arrived
# in X" are no change in an armed group's activity
AID = re.compile(
    r"\b(?:humanitarian|aid|relief|partners|(?:inter-?)?agenc(?:y|ies)|NGOs?|rations?|(?:shelter|hygiene|dignity|food) "
    r"kits?|supplies|food|medicines?|households|(?:the |newly |internally )?displaced|IDPs|refugees|returnees|host "
    r"families|vaccinat\w+|cholera|education sessions?|cash transfers?)\b",
    I,
)
# a running total, not one event: "the conflict has killed more than 40,000 people", "killed since the accord was
# signed", "killed in the West Bank this year"
TALLY = re.compile(
    r"\b(?:(?:the|this|that) (?:conflict|war|insurgency|violence|rebellion|crisis)s? (?:has|have|had) (?:\w+ )?"
    r"(?:killed|claimed|left)|(?:killed|died|dead) (?:in|during) (?:the|this|that) (?:conflict|war|insurgency|"
    r"rebellion|crisis)\b|since (?:the|its) (?:agreement|accord|deal|ceasefire|truce|war|conflict|insurgency|start|"
    r"beginning|outbreak|coup|uprising|revolution|invasion)\b|since (?:early |late |mid-?)?(?-i:January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b|(?:so far )?this year\b|in the incidents (?:below|above|"
    r"listed)|(?:partners|monitors) (?:have )?(?:recorded|documented|verified)|"
    # "have been killed ... since then", "were killed between January and March": a total over a time
    r"since then\b|since (?:the )?(?:[\w-]+ ){0,2}(?:hostilities|fighting|clashes|violence|war|conflict|offensive|"
    r"escalation) (?:began|started|erupted|broke out)\b|(?:between|from) (?:early |late |mid-?)?(?-i:January|February|March|April|May|June|July|August|"
    r"September|October|November|December) (?:and|to|until|through) (?:early |late |mid-?)?(?-i:January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b|"
    # what happens again and again: "are shelled almost daily", "is hit on a daily basis"
    r"(?:almost|nearly) (?:daily|every (?:day|night))|on a (?:daily|nightly|weekly) basis|"
    # a record told in general: "has suffered some of the deadliest massacres of the war"
    r"(?:has|have) (?:suffered|seen|witnessed|endured|experienced) (?:some of |one of )?(?:the )?(?:\w+ )?"
    r"(?:deadliest|worst|bloodiest|most)\b|"
    # "Tuesday's strikes were not the first": an event likened to earlier ones; "It was the deadliest attack in the
    # city in three years": the event told before, measured against others
    r"(?:was|were|is|are) not the first\b|(?:was|were|is|are) (?:the|one of the) (?:\w+ ){0,2}(?:deadliest|worst|"
    r"bloodiest|largest|biggest|heaviest)\b|"
    # "Tensions have soared since an Israeli raid in January killed 10": what came before, told after "since"
    r"\bsince (?:an?|last) (?!\d)|"
    # "the insurgents have since spread into new districts, attacking villages": what went on over a time
    r"\b(?:has|have) since (?:\w+ )?(?:spread|expanded|moved|carried out|launched|stepped up|intensified|continued)\b)",
    I,
)
