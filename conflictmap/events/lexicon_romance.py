"""The words the French and Spanish reader (romance.py) reads, as data: triggers per ACLED sub-event type, words of
death, number words, weekdays and months, and the marks of plans and background.

Nothing here names a place, a group or an event of any evaluation set. Each table has a table-driven test in
tests/unit/events/test_romance.py. Patterns are matched case-insensitively.
"""

from __future__ import annotations

import re

from conflictmap.events.lexicon import EXPLOSIONS, SD, VAC

I = re.IGNORECASE  # noqa: E741

# (pattern, event type, sub-event type, rank): of several in a sentence the lowest rank is the event
_W = r"[\w'’-]+\s+"
TRIGGERS: dict[str, tuple[tuple[re.Pattern, str, str, int], ...]] = {
    "fr": (
        (re.compile(r"\bkamikaze|attentat[- ]suicide", I), EXPLOSIONS, "Suicide bomb", 1),
        (
            re.compile(r"\bfrappes? (?:aériennes?|de drones?)|bombardements? aériens?|raids? aériens?", I),
            EXPLOSIONS,
            "Air/drone strike",
            1,
        ),
        (
            re.compile(
                r"\bengins? explosifs?|\bEEI\b|\bmines? (?:antipersonnel|artisanales?|anti-?chars?)|"
                r"sauté sur une mine|bombes? artisanales?|explosion",
                I,
            ),
            EXPLOSIONS,
            "Remote explosive/landmine/IED",
            2,
        ),
        (
            re.compile(r"\bobus|tirs? d['’]artillerie|pilonnages?|bombardements?|roquettes?|mortiers?", I),
            EXPLOSIONS,
            "Shelling/artillery/missile attack",
            2,
        ),
        (
            re.compile(r"\baffrontements?|\bcombats?\b|accrochages?|échanges? de tirs|se sont affrontés", I),
            "Battles",
            "Armed clash",
            3,
        ),
        (
            re.compile(r"\benlev(?:é|ée|és|ées|er|ement)|kidnapp|pris en otage", I),
            VAC,
            "Abduction/forced disappearance",
            3,
        ),
        (re.compile(r"\battaqu|ont tué|a tué|abattu|assassin|massacr|ouvert le feu|tiré sur", I), VAC, "Attack", 4),
        (re.compile(r"\bpill(?:é|ée|és|age|er)|incendi(?:é|ée|és|ées)", I), SD, "Looting/property destruction", 5),
        (re.compile(r"\binterpell|arrêt(?:é|ée|és|ées)|arrestations?|placés? en garde à vue", I), SD, "Arrests", 5),
        (
            re.compile(r"\bsaisi (?:des|d['’]|\d+)\s*(?:" + _W + r"){0,2}?(?:armes|fusils|munitions|explosifs)", I),
            SD,
            "Disrupted weapons use",
            5,
        ),
        (
            re.compile(
                r"\bmanifestations?\b|manifestants|ont manifesté|manifestaient|rassembl|ont marché|\bmarche\b|"
                r"sit-in|grève|barricad",
                I,
            ),
            "Protests",
            "Peaceful protest",
            6,
        ),
    ),
    "es": (
        (re.compile(r"\bsuicida", I), EXPLOSIONS, "Suicide bomb", 1),
        (
            re.compile(r"\bbombardeos? aéreos?|ataques? aéreos?|ataques? con drones?", I),
            EXPLOSIONS,
            "Air/drone strike",
            1,
        ),
        (
            re.compile(r"\bartefactos? explosivos?|\bexplosivos?\b|coche bomba|\bminas?\b antipersona|explosión", I),
            EXPLOSIONS,
            "Remote explosive/landmine/IED",
            2,
        ),
        (
            re.compile(r"\bmorteros?|\bobuses|artillería|cohetes?", I),
            EXPLOSIONS,
            "Shelling/artillery/missile attack",
            2,
        ),
        (
            re.compile(r"\benfrentamientos?|\bcombates?\b|intercambio de disparos|se enfrentaron|balacera", I),
            "Battles",
            "Armed clash",
            3,
        ),
        (
            re.compile(r"\bsecuestr|privad[oa]s? de (?:la )?libertad|desaparici", I),
            VAC,
            "Abduction/forced disappearance",
            3,
        ),
        (
            re.compile(r"\bataque|atacaron|dispararon contra|asesin|emboscad|masacre|abrieron fuego|balearon", I),
            VAC,
            "Attack",
            4,
        ),
        (re.compile(r"\bsaque(?:aron|o)|incendiaron|quemaron", I), SD, "Looting/property destruction", 5),
        (re.compile(r"\bdetenid|detuvieron|arrestaron|capturaron|aprehendi", I), SD, "Arrests", 5),
        (
            re.compile(
                r"\b(?:decomisaron|incautaron|aseguraron)\b\s*(?:" + _W + r"){0,3}?(?:armas|fusiles|municiones|"
                r"explosivos|cartuchos)",
                I,
            ),
            SD,
            "Disrupted weapons use",
            5,
        ),
        (
            re.compile(
                r"\bprotest(?:a|as|aron|antes)\b|manifestaron|manifestantes|manifestación|marcharon|marcha\b|"
                r"bloquearon|bloqueo|plantón|huelga",
                I,
            ),
            "Protests",
            "Peaceful protest",
            6,
        ),
    ),
}
# a protest broken up by the police: "dispersed with tear gas"
INTERVENTION = {
    "fr": re.compile(r"\bdispers|gaz lacrymogènes?|matraqu", I),
    "es": re.compile(r"\bdispers|gases? lacrimógenos?|desalojaron|replegaron", I),
}

NUMBER_WORDS = {
    "fr": {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
           "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
           "vingt": 20, "trente": 30},
    "es": {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
           "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
           "veinte": 20, "treinta": 30},
}  # fmt: skip
# the words of death after a count: "douze morts", "12 personnes ont été tuées", "cinco muertos", "cinco personas
# murieron" (romance.py allows three words between the count and these)
DEATH_WORDS = {
    "fr": r"morts?\b|tués?\b|tuées?\b|ont été tués|ont péri|ont perdu la vie|sont morts|ont trouvé la mort|décès",
    "es": r"muert[oa]s|fallecid[oa]s|murieron|asesinad[oa]s|perdieron la vida|fueron ultimad[oa]s|sin vida",
}
# the words of killing before a count: "tuant deux civils", "mataron a tres policías", "con un saldo de cuatro"
KILLED_BEFORE = {
    "fr": r"tuant|ont tué|a tué|ont abattu|a abattu|abattant|massacrant|coûté la vie à|fauché la vie de",
    "es": r"matando a|mataron a|mató a|asesinaron a|asesinó a|asesinando a|ultimaron a|ultimando a|"
    r"con (?:un )?saldo de|dejando (?:un saldo de )?|cobró la vida de|costó la vida a",
}
# no one died: "sans faire de victimes", "no dejó heridos ni muertos"
NO_DEATHS = {
    "fr": re.compile(r"\bsans faire de (?:victimes?|morts?|blessés)|aucune victime|pas fait de victimes?", I),
    "es": re.compile(
        r"\bno dej[óo] (?:heridos|muertos|víctimas)|sin (?:dejar )?(?:heridos|víctimas|muertos)|"
        r"no hubo (?:heridos|víctimas|muertos)",
        I,
    ),
}
WEEKDAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}  # fmt: skip
YESTERDAY = {"fr": re.compile(r"\bhier\b", I), "es": re.compile(r"\bayer\b", I)}
# what is told as said, planned or feared, not as done: "pourrait", "se prevé", "amenazaron con"
NOT_DONE = {
    "fr": re.compile(r"\b(?:pourrai(?:t|ent)|devrai(?:t|ent)|menac(?:e|é|ent) de|prévu|appelé à|risque de)\b", I),
    "es": re.compile(r"\b(?:podría[n]?|deberá[n]?|amenaz(?:ó|aron) con|prevé|convoca(?:do|ron) a|anunciaron que)\b", I),
}
# background told beside the news: "the third attack this year", "depuis le début de l'année"
BACKGROUND = {
    "fr": re.compile(
        r"\b(?:c['’]est (?:le|la) (?:deuxième|troisième|quatrième|\w+ième)|depuis le début de l['’]année|"
        r"depuis (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)|"
        r"l['’]an dernier|l['’]année dernière)",
        I,
    ),
    "es": re.compile(
        r"\b(?:es el (?:segundo|tercer|cuarto|quinto|\w+o) (?:ataque|hecho|caso)|en lo que va del año|"
        r"el año pasado|desde hace)",
        I,
    ),
}
# who said it: a weekday up to three words after these is the day of the statement, not of the event ("a déclaré mardi")
SPEECH = {
    "fr": re.compile(
        r"\b(?:déclaré|annoncé|indiqué|affirmé|précisé|dit|rapporté|confirmé|expliqué|ajouté)\s+"
        r"(?:[\w'’-]+\s+){0,3}?$",
        I,
    ),
    "es": re.compile(
        r"\b(?:dijo|informó|informaron|declaró|señaló|indicó|afirmó|confirmó|reportó|explicó|agregó)\s+"
        r"(?:[\w'’-]+\s+){0,3}?$",
        I,
    ),
}
# a trigger said not to have happened: "no hubo detenidos", "aucune arrestation", "sans faire de victimes"
NEGATION_BEFORE = {
    "fr": re.compile(r"\b(?:aucune?|pas d['’]|sans|ni|jamais)\s*(?:[\w'’-]+\s+)?$", I),
    "es": re.compile(r"\b(?:no|ni|sin|ning[uú]n[oa]?|nunca)\s+(?:[\w'’-]+\s+)?$", I),
}
# armed men as the ones hit: an attack on them is a battle ("ont attaqué un poste de l'armée, tuant cinq soldats")
ARMED_VICTIMS = {
    "fr": re.compile(
        r"\b(?:soldats?|militaires?|gendarmes?|policiers?|(?:poste|position|camp|base|patrouille|"
        r"convoi)s? (?:de l['’]armée|militaires?|de la gendarmerie|de police))\b",
        I,
    ),
    "es": re.compile(
        r"\b(?:soldados?|militares|polic[ií]as|agentes|uniformados|efectivos|(?:puesto|cuartel|base|"
        r"patrulla|convoy)s? (?:militar|militares|policial|policiales|del ejército|de la policía))\b",
        I,
    ),
}
# the police or army firing on a crowd: "ont tiré sur les manifestants", "dispararon contra los manifestantes"
FIRED_ON_CROWD = {
    "fr": re.compile(
        r"\b(?:tiré|ouvert le feu|tirs?) (?:à balles réelles )?(?:sur|contre) (?:les|des) "
        r"(?:manifestants|protestataires|grévistes|foules?)",
        I,
    ),
    "es": re.compile(
        r"\b(?:dispararon|abrieron fuego|disparos) (?:contra|sobre|a) (?:los|las|unos|unas) "
        r"(?:manifestantes|protestantes|huelguistas|pobladores que protestaban)",
        I,
    ),
}
# the pluperfect tells what had happened before the news: "avaient attaqué", "había atacado"
PLUPERFECT = {
    "fr": re.compile(r"\b(?:avai(?:t|ent)|étai(?:t|ent)) (?:déjà |été )?(?:\w+é(?:e|s|es)?|pris|mis|fait)\b", I),
    "es": re.compile(r"\bhab[ií]a(?:n)? (?:sido )?\w+(?:ado|ido|ada|ida|ados|idos|adas|idas|to|cho)\b", I),
}
# a time long enough ago to be background: "il y a deux mois", "hace tres años"
AGO = {
    "fr": re.compile(r"\bil y a (?:\w+ )?(?:mois|ans?|années?|semaines)\b", I),
    "es": re.compile(r"\bhace (?:\w+ )?(?:mes(?:es)?|años?|semanas)\b", I),
}
