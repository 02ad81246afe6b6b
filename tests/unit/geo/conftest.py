"""Shared by the geo tests: one geoparser per module, and the places a text's toponyms resolve to inside their areas."""

import pytest

from conflictmap.geo.areas import constrain_to_named_areas
from conflictmap.geo.geoparse import Geoparser


@pytest.fixture(scope="module")
def parser():
    return Geoparser()


def placed(parser, text):
    """name -> place of every toponym of text, resolved inside the areas named after it."""
    return {t.name: t.place for t in constrain_to_named_areas(text, parser.parse(text))}
