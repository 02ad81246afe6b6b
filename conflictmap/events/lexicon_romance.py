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


def _t(words: str, etype: str, sub: str, rank: int) -> tuple[re.Pattern, str, str, int]:
    return re.compile(r"\b(?:" + words + r")", I), etype, sub, rank


# fmt: off
TRIGGERS: dict[str, tuple[tuple[re.Pattern, str, str, int], ...]] = {
    "fr": (
        _t(r"kamikaze|attentat[- ]suicide", EXPLOSIONS, "Suicide bomb", 1),
        _t(r"frappes? (?:aériennes?|de drones?)|bombardements? aériens?|raids? aériens?|drones? (?:a|ont) (?:frappé|"
           r"bombardé|visé|largué)|(?:avions?|hélicoptères?|aviation)(?: [\w'’-]+){0,5}? (?:a|ont|avait|avaient) "
           r"(?:bombardé|frappé|pilonné|mitraillé)|hélicoptères? de combat", EXPLOSIONS, "Air/drone strike", 1),
        _t(r"engins? explosifs?|EEI\b|mines? (?:antipersonnel|artisanales?|anti-?chars?)|sauté sur une mine|"
           r"bombes? artisanales?|explosion", EXPLOSIONS, "Remote explosive/landmine/IED", 2),
        _t(r"grenades?", EXPLOSIONS, "Grenade", 2),
        _t(r"obus|tirs? d['’]artillerie|pilonnages?|bombardements?|roquettes?|mortiers?", EXPLOSIONS,
           "Shelling/artillery/missile attack", 2),
        _t(r"(?:ont|a) repris (?:le contrôle|la ville|la localité|le village)|reprise de (?:la ville|la localité)",
           "Battles", "Government regains territory", 3),
        _t(r"(?:ont|a) pris le contrôle|se sont emparés? d|(?:sont|est) tombée? aux mains", "Battles",
           "Non-state actor overtakes territory", 3),
        _t(r"affrontements?|combats?\b|accrochages?|échanges? de tirs|se sont affrontés|(?:ont|a) affronté",
           "Battles", "Armed clash", 3),
        _t(r"lynch|vindicte populaire|justice populaire|justice expéditive", "Riots", "Mob violence", 3),
        _t(r"enlev(?:é|ée|és|ées|er|ement)|kidnapp|pris en otages?|otages", VAC, "Abduction/forced disappearance", 3),
        _t(r"repouss(?:é|ée|ant|er) (?:[\w'’-]+ ){0,6}?(?:une|l['’]|les|plusieurs)\s*(?:\w+ )?attaques?", "Battles",
           "Armed clash", 3),
        _t(r"viol(?:é|ée|ées|s)?\b|violences? sexuelles?", VAC, "Sexual violence", 3),
        _t(r"attaqu|ont tué|a tué|abattu|assassin|massacr|ouvert le feu|tiré sur", VAC, "Attack", 4),
        _t(r"émeutes?|émeutiers|(?:manifestants|jeunes|protestataires) (?:en colère )?ont (?:incendié|saccagé|"
           r"caillassé|brûlé|attaqué)|jets? de pierres|barricades? enflammées|pneus (?:enflammés|brûlés)", "Riots",
           "Violent demonstration", 4),
        _t(r"pill(?:é|ée|és|age|er)|incendi(?:é|ée|és|ées)|saccag", SD, "Looting/property destruction", 5),
        _t(r"interpell|arrêt(?:é|ée|és|ées)|arrestations?|placés? en garde à vue", SD, "Arrests", 5),
        _t(r"saisi (?:des|d['’]|\d+)\s*(?:" + _W + r"){0,2}?(?:armes|fusils|munitions|explosifs)", SD,
           "Disrupted weapons use", 1),  # the weapons seized are no attack with them
        # people said to have been killed, with no other word of what happened: an attack on them
        _t(r"(?:ont|a) été (?:tué|abattu|exécuté|massacré|égorgé)", VAC, "Attack", 7),
        _t(r"manifestations?\b|manifestants|ont manifesté|manifestaient|rassembl|ont marché|(?<!en )marche\b|sit-in|grève|"
           r"barricad", "Protests", "Peaceful protest", 6),
    ),
    "es": (
        _t(r"suicida", EXPLOSIONS, "Suicide bomb", 1),
        _t(r"bombardeos? aéreos?|ataques? aéreos?|ataques? con dron(?:es)?|dron(?:es)? (?:lanzó|lanzaron|arrojó|arrojaron|"
           r"atacó|atacaron)|(?:lanzó|lanzaron|arrojó|arrojaron) (?:\w+ )*?desde (?:un|varios) dron(?:es)?|"
           r"dron(?:es)? (?:cargad[oa]s? |armad[oa]s? )?con explosivos|(?:aviones?|helicópteros?)(?: \w+){0,4}? "
           r"(?:bombardearon|bombardeó|atacaron|atacó|dispararon)",
           EXPLOSIONS, "Air/drone strike", 1),
        _t(r"artefactos? explosivos?|cargad[oa] con explosivos|coche bomba|minas? antipersona|explosión|detonaron|"
           r"detonó", EXPLOSIONS, "Remote explosive/landmine/IED", 2),
        _t(r"granadas?", EXPLOSIONS, "Grenade", 2),
        _t(r"morteros?|obuses|artillería|cohetes?", EXPLOSIONS, "Shelling/artillery/missile attack", 2),
        _t(r"recuperaron el control|retomaron (?:el control|la ciudad|el poblado)", "Battles",
           "Government regains territory", 3),
        _t(r"tomaron el control|se apoderaron de", "Battles", "Non-state actor overtakes territory", 3),
        _t(r"enfrentamientos?|combates?\b|intercambio de disparos|se enfrentaron|enfrentaron a|balacera|tiroteo",
           "Battles", "Armed clash", 3),
        _t(r"linch|ajusticiad[oa]s? por (?:pobladores|vecinos|la turba)", "Riots", "Mob violence", 3),
        _t(r"secuestr|privad[oa]s? de (?:la )?libertad|desaparici|rehenes", VAC, "Abduction/forced disappearance", 3),
        _t(r"repeli(?:eron|ó) (?:un|el|los) (?:\w+ )?ataques?", "Battles", "Armed clash", 3),
        _t(r"violad[oa]s?\b|violaci[oó]n|abuso sexual|violencia sexual", VAC, "Sexual violence", 3),
        _t(r"ataque|atacaron|dispararon contra|asesin|emboscad|masacre|abrieron fuego|balearon|acribill", VAC,
           "Attack", 4),
        _t(r"disturbios|(?:manifestantes|pobladores|encapuchados|vecinos) (?:\w+ ){0,2}?(?:incendi(?:aron|ó)|"
           r"quem(?:aron|ó)|saque(?:aron|ó)|apedre(?:aron|ó)|destroz(?:aron|ó)|vandaliz(?:aron|ó)|derrib(?:aron|ó)|"
           r"prendi(?:eron|ó) fuego|atacaron con piedras)|quema de (?:llantas|neumáticos)|vandaliz", "Riots",
           "Violent demonstration", 4),
        _t(r"saque(?:aron|o)|incendiaron|quemaron", SD, "Looting/property destruction", 5),
        _t(r"detenid|detuvieron|detuvo|arrestaron|arrestó|capturaron|capturó|aprehendi", SD, "Arrests", 5),
        _t(r"(?:decomisaron|incautaron|aseguraron)\b\s*(?:" + _W + r"){0,3}?(?:armas|fusiles|municiones|explosivos|"
           r"cartuchos)", SD, "Disrupted weapons use", 1),  # the weapons seized are no attack with them
        _t(r"(?:fue|fueron) (?:asesinad|ultimad|ejecutad|acribillad)|(?:murió|murieron) (?:\w+ ){0,3}?(?:baleado|"
           r"tiroteado|a balazos|por disparos)", VAC, "Attack", 7),
        _t(r"protest(?:a|as|aron|antes)\b|manifestaron|manifestantes|manifestación|marcharon|(?<!en )marcha\b|bloquearon|"
           r"bloqueo|plantón|huelga|paros?\b|desbloque(?:ó|aron)", "Protests", "Peaceful protest", 6),
    ),
}
# fmt: on
# a protest broken up by the police: "dispersed with tear gas"
INTERVENTION = {
    "fr": re.compile(r"\b(?:(?:ont|a|avoir) dispersé|dispersés|dispersion)|gaz lacrymogènes?|matraqu", I),
    "es": re.compile(
        r"\b(?:dispersaron|dispersó|(?:para|al) dispersar|dispersad[oa]s)|gases? lacrimógenos?|"
        r"bombas lacrimógenas|desalojaron|replegaron|desbloque|despej(?:ar|aron|ó)",
        I,
    ),
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
    "fr": r"morts?\b|tués?\b|tuées?\b|ont péri|ont perdu la vie|ont trouvé la mort|décès|abattu(?:e|s|es)?\b|"
    r"exécuté(?:e|s|es)?\b|massacré(?:e|s|es)?\b|égorgé(?:e|s|es)?\b|décapité(?:e|s|es)?\b|tombés\b|neutralisés\b",
    "es": r"muert[oa]s|fallecid[oa]s|murieron|murió|fallecieron|falleció|asesinad[oa]s?|perdieron la vida|"
    r"ultimad[oa]s?|acribillad[oa]s?|ejecutad[oa]s?|abatid[oa]s?|sin vida|neutralizad[oa]s|dados de baja",
}
# the words of killing before a count: "tuant deux civils", "mataron a tres policías", "con un saldo de cuatro"
KILLED_BEFORE = {
    "fr": r"tuant|ont tué|a tué|ont abattu|a abattu|abattant|massacrant|coûté la vie à|fauché la vie de",
    "es": r"matando a|mataron a|mató a|asesinaron a|asesinó a|asesinando a|ultimaron a|ultimando a|"
    r"con (?:un )?saldo de|dejando (?:un saldo de )?|cobró la vida de|costó la vida a",
}
# no one died: "sans faire de victimes", "no dejó heridos ni muertos"
NO_DEATHS = {
    "fr": re.compile(
        r"\bsans faire de (?:victimes?|morts?|blessés)|aucune victime|pas fait de victimes?|"
        r"personne n['’]a été tué|aucun (?:mort|décès)|pas de (?:morts|victimes)",
        I,
    ),
    "es": re.compile(
        r"\bno dej[óo] (?:heridos|muertos|víctimas)|sin (?:dejar )?(?:heridos|víctimas|muertos)|"
        r"no hubo (?:heridos|víctimas|muertos|fallecidos)|nadie murió|no se reportaron (?:fallecidos|"
        r"muertos|víctimas)",
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
    "fr": re.compile(
        r"\b(?:pourrai(?:t|ent)|devrai(?:t|ent)|menac(?:e|é|ent) de|prévu|prochaine?\b|annoncé (?:un|une)\b|appel(?:é|le|lent)\s+(?:[\w'’]+\s+)?à|"
        r"risque de|convoqu|redout|craign|crainte|de peur que|"
        r"n['’](?:a|ont|avait|avaient) (?:pas|toujours pas|pas encore) (?:réagi|répondu|commenté|confirmé|revendiqué))",
        I,
    ),
    "es": re.compile(
        r"\b(?:podría[n]?|deberá[n]?|amenaz(?:ó|aron) con|prevé|próxim[oa]\b|anunci(?:ó|aron) (?:un|una)\b|convoc(?:a|ado|aron|an|ó)\s+(?:\w+\s+)?a|llama(?:n|ron)? a|"
        r"anunciaron que|teme[n]?|temor|no (?:ha|han|había|habían) (?:reaccionado|respondido|comentado|confirmado|"
        r"reivindicado))\b",
        I,
    ),
}
# background told beside the news: "the third attack this year", "depuis le début de l'année"
BACKGROUND = {
    "fr": re.compile(
        r"\b(?:c['’]est (?:le|la) (?:deuxième|troisième|quatrième|\w+ième)|depuis le début de l['’]année|"
        r"depuis (?:le (?:mois de |début )?)?(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
        r"novembre|décembre)|"
        r"l['’]an dernier|l['’]année dernière|(?:ce )?n['’]est pas la première fois)",
        I,
    ),
    "es": re.compile(
        r"\b(?:es el (?:segundo|tercer|cuarto|quinto|\w+o) (?:ataque|hecho|caso)|en lo que va del año|"
        r"el año pasado|desde hace|no es la primera vez)",
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
    "fr": re.compile(
        r"\b(?:aucune?|pas d['’]|sans|ni|jamais|personne n['’](?:a|ont)|n['’](?:a|ont) pas)\s*"
        r"(?:[\w'’-]+\s+)?$",
        I,
    ),
    "es": re.compile(r"\b(?:no|ni|sin|ning[uú]n[oa]?|nunca)\s+(?:[\w'’-]+\s+)?$", I),
}
# armed men as the ones hit: an attack on them is a battle ("ont attaqué un poste de l'armée, tuant cinq soldats")
ARMED_VICTIMS = {
    "fr": re.compile(
        r"\b(?:soldats?|militaires?|gendarmes?|policiers?|(?:poste|position|camp|base|patrouille|"
        r"convoi|barrage)s? (?:de l['’]armée|militaires?|de la gendarmerie|de police))\b",
        I,
    ),
    "es": re.compile(
        r"\b(?:soldados?|militares|polic[ií]as|agentes|uniformados|efectivos|(?:puesto|cuartel|base|"
        r"patrulla|convoy|retén)(?:es|s)? (?:militar|militares|policial|policiales|del ejército|de la policía))\b",
        I,
    ),
}
# the police or army firing on a crowd: "ont tiré sur les manifestants", "dispararon contra los manifestantes"
FIRED_ON_CROWD = {
    "fr": re.compile(
        r"\b(?:tiré|ouvert le feu|tirs?) (?:à balles réelles )?(?:sur|contre) (?:[\w'’-]+ ){1,4}?"
        r"(?:manifestants|protestataires|grévistes|foules?)",
        I,
    ),
    "es": re.compile(
        r"\b(?:dispararon|dispararan|abrieron fuego|abrieran fuego|disparos) (?:contra|sobre|a) (?:\w+ ){0,4}?"
        r"(?:manifestantes|protestantes|huelguistas|pobladores que (?:protestaban|mantenían|bloqueaban))",
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
# a determiner before a trigger noun: the event told before, named again ("l'attaque", "los manifestantes")
DEFINITE_BEFORE = {
    "fr": re.compile(r"(?:\b(?:l['’]|le|la|les|cette|cet|ce|ces|du|au|aux|leur|leurs)\s*)$", I),
    "es": re.compile(r"(?:\b(?:el|la|los|las|este|esta|estos|estas|dicho|dicha|del|al|su|sus)\s+)$", I),
}
# what the ones arrested or blamed are said to have done: "accusés d'avoir participé aux émeutes"
ACCUSED_OF = {
    "fr": re.compile(
        r"\b(?:accusés?|soupçonnés?|suspectés?|inculpés?|poursuivis) (?:de|d['’])|pour (?:leur )?"
        r"(?:participation|implication)",
        I,
    ),
    "es": re.compile(
        r"\b(?:acusad[oa]s?|sospechos[oa]s?|señalad[oa]s?|investigad[oa]s?) (?:de|por)|por su "
        r"(?:participación|presunta participación)",
        I,
    ),
}
# where the event is not: a destination or an origin ("la route menant à X", "procedentes de Y")
NOT_HERE_BEFORE = {
    "fr": re.compile(
        r"\b(?:menant à|mène à|vers|en direction de|jusqu['’]à|depuis|venus? de|originaires? de|"
        r"en provenance de|transférés? à|partir pour|se rendre à|fui vers)\s*$",
        I,
    ),
    "es": re.compile(
        r"\b(?:hacia|rumbo a|que conduce a|que lleva a|desde|procedentes? de|provenientes? de|"
        r"originari[oa]s? de|trasladad[oa]s? a)\s*$",
        I,
    ),
}
# a part of the count before, not more dead: "cinq morts, dont deux enfants", "entre ellos dos menores"
PART_OF = {
    "fr": re.compile(r"\b(?:dont|parmi (?:eux|elles|lesquels|lesquelles)|d['’]entre eux)\b", I),
    "es": re.compile(r"\b(?:entre (?:ellos|ellas|los que)|de (?:ellos|ellas)|incluid[oa]s)\b", I),
}
# the event told before, named as such: "los hechos ocurrieron ...", "l'incident s'est produit ..."
TOLD_BEFORE = {
    "fr": re.compile(
        r"\b(?:les faits|l['’]incident|ce drame|cette attaque|l['’]attaque s['’]est produite|"
        r"il s['’]agit d)",
        I,
    ),
    "es": re.compile(
        r"\b(?:los hechos|el hecho|el incidente|el suceso|este ataque|el ataque ocurrió|se trata del?)\b", I
    ),
}
