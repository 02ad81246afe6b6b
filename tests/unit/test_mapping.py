from html.parser import HTMLParser

import pandas as pd
import pytest

from conflictmap.mapping import event_markers, marker_size, popup_html, type_colour
from conflictmap.store import read_events

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "&lt;b&gt;entity&lt;/b&gt;",
    "\u202eevil\u202c",
]


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = set(), [], ""

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text += data


@pytest.fixture
def df(small_events):
    return read_events(small_events).valid


def test_one_marker_per_place(df):
    fg = event_markers(df)
    markers = [c for c in fg._children.values() if type(c).__name__ == "Marker"]
    assert len(markers) == df["geonameid"].nunique() == 6


def test_marker_size_grows_with_log_fatalities():
    assert marker_size(None) == marker_size(0) < marker_size(9) < marker_size(1700) < 2 * marker_size(9)
    assert marker_size(float("nan")) == marker_size(0)


@pytest.mark.parametrize("payload", HOSTILE)
def test_popup_escapes_source_text(payload):
    row = {"event_type": payload, "excerpt": payload, "claim_status": "claimed", "claimed_by": payload,
           "source_ids": payload, "date_from": pd.Timestamp("2014-06-15"), "date_to": pd.Timestamp("2014-06-15")}  # fmt: skip
    out = popup_html(payload, [row])
    parsed = _TagCollector()
    parsed.feed(out)
    # the payload is shown as text: no element of its own, no event handler, no javascript: link
    assert parsed.tags <= {"div", "b", "hr", "small", "br", "span", "a", "i"}
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    assert not any((value or "").strip().lower().startswith("javascript:") for _, value in parsed.attrs)
    assert payload in parsed.text


def test_hostile_place_names_are_escaped_in_tooltips(df):
    df = df.copy()
    df.loc[df.index[0], "location"] = "<script>alert(1)</script>"
    fg = event_markers(df)
    tooltips = [ch.text for m in fg._children.values() for ch in m._children.values() if type(ch).__name__ == "Tooltip"]
    assert any("&lt;script&gt;" in t for t in tooltips) and not any("<script" in t for t in tooltips)


def test_unknown_type_gets_neutral_colour():
    assert type_colour("Battles") != type_colour("Something else") == "#555555"


def test_template_syntax_in_source_text_is_never_evaluated(df):
    """folium compiles popups/tooltips as Jinja and tooltips sit in JS template literals: both must stay inert."""
    from conflictmap.mapping import base_map

    df = df.copy()
    df.loc[df.index[0], "excerpt"] = "{{ 7*7 }} {% if true %}yes{% endif %}"
    df.loc[df.index[0], "location"] = "Mosul `${7*6}`"
    m = base_map()
    event_markers(df).add_to(m)
    rendered = m.get_root().render()
    assert "&#123;&#123; 7*7 &#125;&#125;" in rendered and "49" not in rendered.split("&#123;&#123; 7*7")[0][-20:]
    assert "${7*6}" not in rendered and "&#36;&#123;7*6&#125;" in rendered
