import json
from html.parser import HTMLParser

import pandas as pd
import pytest

from conflictmap.mapview.mapping import EventPoints, event_markers, marker_size, popup_html, type_colour
from conflictmap.store.csvfile import read_events

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


def marker_rows(fg) -> list[list]:
    """The rows EventPoints draws: lat, lon, size, colour, count, all claims, selected, tooltip, popup."""
    points = next(c for c in fg._children.values() if isinstance(c, EventPoints))
    return json.loads(points.rows_json)


def test_one_marker_per_place_with_its_events_in_the_popup(df):
    rows = marker_rows(event_markers(df))
    assert len(rows) == df["geonameid"].nunique() == 6
    tikrit = next(r for r in rows if r[7].startswith("Tikrit"))
    assert tikrit[8].count("<hr") == (df["location"] == "Tikrit").sum()  # one section per event there
    assert all(r[8] == "" for r in marker_rows(event_markers(df, popups=False)))


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
    tooltips = [r[7] for r in marker_rows(event_markers(df))]
    assert any("&lt;script&gt;" in t for t in tooltips) and not any("<script" in t for t in tooltips)


def test_unknown_type_gets_neutral_colour():
    assert type_colour("Battles") != type_colour("Something else") == "#555555"


def test_template_syntax_in_source_text_is_never_evaluated(df):
    """folium compiles popups/tooltips as Jinja and tooltips sit in JS template literals: both must stay inert."""
    from conflictmap.mapview.basemap import base_map

    df = df.copy()
    df.loc[df.index[0], "excerpt"] = "{{ 7*7 }} {% if true %}yes{% endif %}"
    df.loc[df.index[0], "location"] = "Mosul `${7*6}`"
    m = base_map()
    event_markers(df).add_to(m)
    rendered = m.get_root().render()
    # the text reaches the page as JSON (<, > and & as \u escapes), with its template syntax as references
    assert "\\u0026#123;\\u0026#123; 7*7 \\u0026#125;\\u0026#125;" in rendered
    assert "\\u0026#123;% if true %\\u0026#125;yes" in rendered  # shown as written, not run by Jinja
    assert "${7*6}" not in rendered and "\\u0026#36;\\u0026#123;7*6\\u0026#125;" in rendered
