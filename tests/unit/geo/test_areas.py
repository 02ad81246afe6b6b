"""Places inside the areas the text names (sentences written for these tests)."""

import pytest

from conflictmap.geo.areas import constrain_to_named_areas
from conflictmap.geo.geoparse import Geoparser


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def placed(parser, text):
    return {t.name: t.place for t in constrain_to_named_areas(text, parser.parse(text))}


def test_a_town_followed_by_its_province_is_resolved_inside_it(parser):
    # "San Juan" exists in many countries; the province named after it decides
    places = placed(parser, "On 3 March 2021, in San Juan (Misiones), farmers blocked a road.")
    assert places["San Juan"].country_code == "AR"


def test_a_place_missing_from_the_named_province_falls_back_to_the_province(parser):
    # no "Paris" in Idlib: the event is in Idlib province, at the province's precision, never in France
    places = placed(parser, "On 3 March 2021, shelling hit Paris (Idlib) and nearby farms.")
    assert places["Paris"].country_code == "SY" and places["Paris"].precision == 3


def test_a_reference_town_is_not_a_containing_area(parser):
    # "north of Baghdad" is a reference point, not the area Tikrit lies in
    places = placed(parser, "Fighting was reported in Tikrit, north of Baghdad.")
    assert places["Tikrit"].admin1 != places["Baghdad"].admin1


def test_a_place_named_with_its_town_is_not_a_far_namesake(parser):
    # a neighbourhood the gazetteer lacks, whose name matches a town far away, stands in at its town (precision 2)
    places = placed(parser, "On 3 March 2021, gunmen attacked a house in Bethlehem, Mosul.")
    assert places["Bethlehem"].country_code == "IQ" and places["Bethlehem"].precision == 2
