"""The French and Spanish reader (romance.py) and its tables (lexicon_romance.py); sentences written for these tests."""

from datetime import date

import pytest

from conflictmap.events import lexicon_romance as lx
from conflictmap.events.extract import extract_events
from conflictmap.events.romance import _date, _deaths, opening_dateline, romance_places
from conflictmap.geo.geoparse import Geoparser


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


# --------------------------------------------------------------------------------------------- the tables


@pytest.mark.parametrize(
    "lang, sentence, sub",
    [
        ("fr", "Un kamikaze s'est fait exploser devant la mairie.", "Suicide bomb"),
        ("fr", "Des frappes aériennes ont visé le marché.", "Air/drone strike"),
        ("fr", "Un engin explosif a visé un convoi.", "Remote explosive/landmine/IED"),
        ("fr", "Des tirs d'artillerie ont touché le quartier.", "Shelling/artillery/missile attack"),
        ("fr", "Des affrontements ont opposé l'armée aux rebelles.", "Armed clash"),
        ("fr", "Des hommes armés ont enlevé trois enseignants.", "Abduction/forced disappearance"),
        ("fr", "Des hommes armés ont attaqué un bus.", "Attack"),
        ("fr", "Les assaillants ont pillé les boutiques.", "Looting/property destruction"),
        ("fr", "Les gendarmes ont interpellé dix personnes.", "Arrests"),
        ("fr", "L'armée a saisi des armes et des munitions.", "Disrupted weapons use"),
        ("fr", "Des centaines de manifestants ont défilé.", "Peaceful protest"),
        ("es", "Un atacante suicida detonó su chaleco.", "Suicide bomb"),
        ("es", "Un bombardeo aéreo destruyó el puente.", "Air/drone strike"),
        ("es", "Desconocidos detonaron un artefacto explosivo.", "Remote explosive/landmine/IED"),
        ("es", "Cayeron morteros sobre el cuartel.", "Shelling/artillery/missile attack"),
        ("es", "Un enfrentamiento entre el ejército y la guerrilla.", "Armed clash"),
        ("es", "Hombres armados secuestraron a un comerciante.", "Abduction/forced disappearance"),
        ("es", "Sicarios dispararon contra un bar.", "Attack"),
        ("es", "Hombres armados saquearon un supermercado.", "Looting/property destruction"),
        ("es", "Los manifestantes incendiaron la alcaldía.", "Violent demonstration"),
        ("fr", "Des émeutiers ont saccagé la mairie.", "Violent demonstration"),
        ("fr", "Un voleur présumé a été lynché par la foule.", "Mob violence"),
        ("es", "Un presunto ladrón fue linchado por pobladores.", "Mob violence"),
        ("fr", "L'armée a repris le contrôle de la ville.", "Government regains territory"),
        ("es", "Un dron lanzó explosivos sobre el caserío.", "Air/drone strike"),
        ("fr", "Une grenade a été lancée sur un bar.", "Grenade"),
        ("es", "La policía detuvo a tres personas; fueron detenidos en su casa.", "Arrests"),
        ("es", "Los militares decomisaron diez fusiles.", "Disrupted weapons use"),
        ("es", "Los maestros bloquearon la carretera.", "Peaceful protest"),
        ("fr", "Des hélicoptères de l'armée ont bombardé le camp.", "Air/drone strike"),
        ("es", "Helicópteros militares bombardearon el campamento.", "Air/drone strike"),
        ("es", "Un dron cargado con explosivos cayó sobre la casa.", "Air/drone strike"),
        ("fr", "Les soldats ont repoussé une attaque des rebelles.", "Armed clash"),
        ("es", "Los soldados repelieron un ataque de la guerrilla.", "Armed clash"),
        ("fr", "Les assaillants ont retenu des otages pendant deux heures.", "Abduction/forced disappearance"),
        ("es", "Los guerrilleros tomaron rehenes en la escuela.", "Abduction/forced disappearance"),
        ("es", "Los pobladores derribaron la puerta de la alcaldía.", "Violent demonstration"),
        ("es", "Los transportistas iniciaron un paro indefinido.", "Peaceful protest"),
    ],
)
def test_each_trigger_reads_its_sub_event_type(lang, sentence, sub):
    found = min((rank, s) for pattern, _, s, rank in lx.TRIGGERS[lang] if pattern.search(sentence))
    assert found[1] == sub


@pytest.mark.parametrize(
    "lang, sentence, deaths",
    [
        ("fr", "Les combats ont fait douze morts.", 12),
        ("fr", "Au moins 7 personnes ont été tuées.", 7),
        ("fr", "L'explosion n'a pas fait de victimes, sans faire de victimes.", 0),
        ("fr", "Des affrontements ont eu lieu.", None),
        ("es", "El ataque dejó cinco muertos.", 5),
        ("es", "Cuatro personas murieron.", 4),
        ("es", "La explosión no dejó heridos.", 0),
        ("es", "Hubo un enfrentamiento.", None),
        ("fr", "Des hommes armés ont attaqué le village, tuant au moins huit civils.", 8),
        ("es", "Sicarios atacaron el bar y mataron a tres personas.", 3),
        ("es", "El ataque dejó un saldo de 6 muertos.", 6),
    ],
)
def test_the_toll_is_the_count_before_a_word_of_death_and_zero_when_nobody_died(lang, sentence, deaths):
    assert _deaths(sentence, lang) == deaths


@pytest.mark.parametrize(
    "lang, sentence, day",
    [
        ("fr", "Les affrontements ont eu lieu lundi.", date(2023, 5, 15)),
        ("fr", "Le 3 mai 2023, des hommes armés ont attaqué.", date(2023, 5, 3)),
        ("fr", "Hier, des hommes armés ont attaqué.", date(2023, 5, 17)),
        ("fr", "Des hommes ont attaqué, a déclaré mardi le ministre.", None),
        ("es", "El martes, vecinos bloquearon la vía.", date(2023, 5, 16)),
        ("es", "El 2 de mayo, sicarios dispararon.", date(2023, 5, 2)),
        ("es", "Ayer, sicarios dispararon.", date(2023, 5, 17)),
        ("es", "Sicarios dispararon, informó el martes la policía.", None),
        ("es", "El 20 de diciembre hubo disparos.", date(2022, 12, 20)),
    ],
)
def test_a_sentence_is_dated_by_its_own_words_not_by_the_day_of_a_statement(lang, sentence, day):
    assert _date(sentence, lang, date(2023, 5, 18)) == day  # a Thursday


@pytest.mark.parametrize(
    "table, lang, sentence",
    [
        (lx.INTERVENTION, "fr", "La police les a dispersés à coups de gaz lacrymogène."),
        (lx.INTERVENTION, "es", "La policía los dispersó con gases lacrimógenos."),
        (lx.NOT_DONE, "fr", "Les syndicats menacent de bloquer les routes."),
        (lx.NOT_DONE, "es", "Los transportistas amenazaron con bloquear la vía."),
        (lx.BACKGROUND, "fr", "C'est la troisième attaque depuis le début de l'année."),
        (lx.BACKGROUND, "es", "Es el tercer ataque en lo que va del año."),
        (lx.YESTERDAY, "fr", "hier soir"),
        (lx.INTERVENTION, "es", "La policía desbloqueó la vía."),
        (lx.NOT_DONE, "fr", "La prochaine marche est prévue samedi."),
        (lx.NOT_DONE, "es", "Los gremios anunciaron una huelga para el próximo lunes."),
        (lx.TOLD_BEFORE, "fr", "Il s'agit de la troisième attaque."),
        (lx.TOLD_BEFORE, "es", "Se trata del tercer ataque."),
        (lx.FIRED_ON_CROWD, "fr", "Les gendarmes ont tiré sur des centaines de manifestants."),
        (lx.FIRED_ON_CROWD, "es", "Los policías abrieron fuego contra un grupo de manifestantes."),
        (lx.YESTERDAY, "es", "ayer por la tarde"),
    ],
)
def test_each_table_reads_its_words(table, lang, sentence):
    assert table[lang].search(sentence)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_number_weekday_and_month_tables_are_complete(lang):
    assert len(lx.WEEKDAYS[lang]) == 7 and len(lx.MONTHS[lang]) == 12
    three, twelve = {"fr": ("trois", "douze"), "es": ("tres", "doce")}[lang]
    assert (lx.NUMBER_WORDS[lang][three], lx.NUMBER_WORDS[lang][twelve]) == (3, 12)


@pytest.mark.parametrize(
    "lang, sentence",
    [("es", "No hubo detenidos, informó la policía."), ("fr", "Aucune arrestation n'a eu lieu, selon la police.")],
)
def test_a_trigger_said_not_to_have_happened_is_no_event(lang, sentence):
    assert extract_events("x", sentence, [], date(2023, 5, 18), len(sentence), language=lang) == []


# --------------------------------------------------------------------------------------------- the reader


def test_the_reporting_place_opening_a_report_is_cut_off():
    assert opening_dateline("TARIJA, 18 mai 2023 – Des hommes armés", "fr") == len("TARIJA, 18 mai 2023 – ")
    assert opening_dateline("Riobamba, Chimborazo. Cuatro personas", "es") == len("Riobamba, Chimborazo. ")
    assert opening_dateline("Cuatro personas murieron el lunes en Riobamba.", "es") == 0


def test_one_word_names_that_are_common_words_of_the_language_are_no_places(parser):
    text = "Les manifestants du Sud ont marché vers Paris."
    names = [t.name for t in romance_places(parser.parse(text), "fr")]
    assert "Les" not in names and "Sud" not in names and "Paris" in names


SPANISH = (
    "Riobamba, Chimborazo. Tres personas murieron el sábado en un ataque armado contra una tienda en Riobamba, "
    "informaron las autoridades el lunes. Los atacantes huyeron en motocicleta.\n\n"
    "Por otra parte, el domingo, comerciantes bloquearon la vía a Latacunga durante tres horas. La policía los dispersó "
    "con gases lacrimógenos.\n\n"
    "Es el tercer ataque en lo que va del año en la provincia. En enero de 2021, un ataque similar dejó dos muertos."
)


def test_a_spanish_report_gives_its_events_dated_placed_and_counted(parser):
    events = extract_events("x", SPANISH, parser.parse(SPANISH), date(2023, 5, 9), len(SPANISH), language="es")
    got = [(e.sub_event_type, e.date_from.isoformat(), e.place and e.place.name, e.fatalities) for e in events]
    assert got == [
        ("Attack", "2023-05-06", "Riobamba", 3),
        ("Protest with intervention", "2023-05-07", "Latacunga", None),
    ]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("fr", "Des hommes ont attaqué, a déclaré mardi le ministre."),
        ("fr", "Des hommes ont attaqué, a déclaré le ministre mardi."),
        ("es", "Sicarios dispararon contra un bar, informaron las autoridades el martes."),
    ],
)
def test_the_day_of_a_statement_up_to_three_words_after_its_verb_is_not_the_events(lang, sentence):
    assert _date(sentence, lang, date(2023, 5, 18)) is None


@pytest.mark.parametrize(
    "lang, sentence, sub",
    [
        ("fr", "Des hommes armés ont attaqué un poste de l'armée, tuant trois soldats.", "Armed clash"),
        ("fr", "Des soldats ont abattu deux civils au marché.", "Attack"),
        (
            "fr",
            "Les policiers ont tiré sur les manifestants, tuant deux personnes.",
            "Excessive force against protesters",
        ),
        ("es", "Sicarios atacaron un cuartel policial y mataron a dos agentes.", "Armed clash"),
        ("es", "Los militares dispararon contra los manifestantes en la plaza.", "Excessive force against protesters"),
    ],
)
def test_who_was_hit_decides_between_an_attack_a_battle_and_force_against_protesters(lang, sentence, sub):
    (event,) = extract_events("x", sentence, [], date(2023, 5, 18), len(sentence), language=lang)
    assert event.sub_event_type == sub


def test_an_event_without_a_place_of_its_own_is_at_the_last_events_place_not_a_place_named_in_between(parser):
    text = (
        "Lundi, des hommes armés ont attaqué un marché à Kita, tuant deux civils. Des renforts sont arrivés depuis "
        "Bafoulabé dans la soirée. Mardi, les gendarmes ont interpellé cinq suspects."
    )
    events = extract_events("x", text, parser.parse(text), date(2023, 5, 18), len(text), language="fr")
    assert [(e.sub_event_type, e.place.name, e.date_from.isoformat()) for e in events] == [
        ("Attack", "Kita", "2023-05-15"),
        ("Arrests", "Kita", "2023-05-16"),
    ]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("fr", "En janvier, des hommes armés ont attaqué un marché à Kita."),
        ("fr", "Des hommes armés avaient attaqué un marché à Kita."),
        ("fr", "Il y a deux mois, des hommes armés ont attaqué un marché à Kita."),
        ("es", "En marzo pasado, sicarios atacaron un bar en Latacunga."),
        ("es", "Sicarios habían atacado un bar en Latacunga."),
        ("es", "Hace tres años, sicarios atacaron un bar en Latacunga."),
    ],
)
def test_what_happened_months_ago_or_before_the_news_is_no_event(lang, sentence):
    assert extract_events("x", sentence, [], date(2023, 5, 18), len(sentence), language=lang) == []


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("fr", "En mai, des hommes armés ont attaqué un marché à Kita."),
        ("es", "Sicarios atacaron un bar el 14 de mayo."),
    ],
)
def test_what_happened_this_month_is_an_event(lang, sentence):
    assert len(extract_events("x", sentence, [], date(2023, 5, 18), len(sentence), language=lang)) == 1


@pytest.mark.parametrize(
    "lang, sentence, deaths",
    [
        ("fr", "Le bilan fait état de six soldats tués et de quatorze assaillants neutralisés.", 20),
        ("fr", "Cinq personnes ont été tuées, dont deux enfants tués par balle.", 5),
        ("es", "Murieron cuatro personas, entre ellos dos menores muertos en el acto.", 4),
    ],
)
def test_counts_of_dead_add_up_unless_one_is_part_of_the_other(lang, sentence, deaths):
    assert _deaths(sentence, lang) == deaths


@pytest.mark.parametrize(
    "table, lang, text, at",
    [
        (lx.DEFINITE_BEFORE, "fr", "Après l'", None),
        (lx.DEFINITE_BEFORE, "es", "Tras el ", None),
        (lx.ACCUSED_OF, "fr", "cinq jeunes accusés d'avoir participé aux émeutes", None),
        (lx.ACCUSED_OF, "es", "cuatro personas acusadas de participar en los disturbios", None),
        (lx.NOT_HERE_BEFORE, "fr", "la route menant à ", None),
        (lx.NOT_HERE_BEFORE, "es", "la carretera que conduce a ", None),
        (lx.PART_OF, "fr", ", dont deux enfants", None),
        (lx.PART_OF, "es", ", entre ellos dos menores", None),
        (lx.TOLD_BEFORE, "fr", "Les faits se sont produits vers minuit.", None),
        (lx.TOLD_BEFORE, "es", "Los hechos ocurrieron hacia la medianoche.", None),
    ],
)
def test_each_table_of_reference_and_scope_reads_its_words(table, lang, text, at):
    assert table[lang].search(text)


def test_what_the_arrested_are_accused_of_is_not_the_event():
    text = "El lunes la policía detuvo a cuatro personas, acusadas de participar en los disturbios."
    (event,) = extract_events("x", text, [], date(2023, 5, 18), len(text), language="es")
    assert event.sub_event_type == "Arrests"


def test_an_event_named_again_completes_the_one_before_instead_of_being_another(parser):
    text = (
        "Lundi, des combats ont opposé l'armée à des jihadistes près de Kita. Les combats ont fait douze morts, selon "
        "une source militaire. Au moins trois civils ont également été tués, selon un élu."
    )
    events = extract_events("x", text, parser.parse(text), date(2023, 5, 18), len(text), language="fr")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Armed clash", 12)]


def test_a_toll_in_the_sentence_after_an_event_is_that_events(parser):
    text = "Samedi, des hommes armés ont attaqué un marché à Kita. Au moins cinq civils ont été tués, selon un élu."
    (event,) = extract_events("x", text, parser.parse(text), date(2023, 5, 18), len(text), language="fr")
    assert event.fatalities == 5


def test_a_destination_is_not_the_place_of_the_event(parser):
    text = "Samedi, la police a dispersé des manifestants à Kita qui bloquaient la route menant à Bafoulabé."
    (event,) = extract_events("x", text, parser.parse(text), date(2023, 5, 18), len(text), language="fr")
    assert event.place.name == "Kita"


def test_an_event_without_a_day_or_place_takes_those_its_paragraph_stated_before_it(parser):
    text = (
        "Lundi, des hommes armés ont attaqué un marché à Kita.\n\n"
        "La veille, dimanche, des hommes armés sont entrés à moto dans Bafoulabé. Sept civils, dont un chef de "
        "quartier, ont été abattus, selon un élu."
    )
    events = extract_events("x", text, parser.parse(text), date(2023, 5, 18), len(text), language="fr")
    assert [(e.place.name, e.date_from.isoformat(), e.fatalities) for e in events] == [
        ("Kita", "2023-05-15", None),
        ("Bafoulabé", "2023-05-14", 7),
    ]


@pytest.mark.parametrize(
    "second, deaths",
    [("Deux bandits ont été tués, selon la police.", 2), ("Personne n'a été tué, selon la police.", 0)],
)
def test_a_sentence_saying_only_who_was_killed_completes_the_event_before(parser, second, deaths):
    text = f"Samedi, des policiers et des bandits se sont affrontés à Kita. {second}"
    (event,) = extract_events("x", text, parser.parse(text), date(2023, 5, 18), len(text), language="fr")
    assert (event.sub_event_type, event.fatalities) == ("Armed clash", deaths)


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("fr", "« Nous allons attaquer la ville », a menacé le chef."),
        ("es", "«Vamos a secuestrar a sus hijos», decía el mensaje."),
    ],
)
def test_a_trigger_inside_quoted_words_is_what_someone_said_not_an_event(lang, sentence):
    assert extract_events("x", sentence, [], date(2023, 5, 18), len(sentence), language=lang) == []


def test_arrests_at_a_protest_are_how_it_was_met_not_another_event():
    text = "Des centaines de manifestants ont défilé lundi. Trois personnes ont été interpellées."
    (event,) = extract_events("x", text, [], date(2023, 5, 18), len(text), language="fr")
    assert (event.event_type, event.sub_event_type) == ("Protests", "Protest with intervention")


def test_people_killed_and_others_taken_away_is_an_attack():
    text = "Des hommes armés ont attaqué le village, tuant cinq personnes, et ont enlevé trois femmes."
    (event,) = extract_events("x", text, [], date(2023, 5, 18), len(text), language="fr")
    assert (event.sub_event_type, event.fatalities) == ("Attack", 5)


def test_a_sentence_ending_in_a_closing_quote_or_before_an_accented_capital_is_split():
    from conflictmap.events.romance import _split_more

    text = "Il a dit « assez ». À Kita, des hommes ont attaqué."
    assert len(_split_more(text, [(0, len(text))])) == 2
