from datetime import date

import pytest

from conflictmap.mapview.viewstate import (
    ViewState,
    clamp_window,
    first_frame,
    next_window,
    parse_query,
    parse_view,
    to_query,
)

D = date


def test_round_trip():
    st = ViewState(D(2014, 6, 10), D(2014, 6, 15), ["Battles", "Riots"], ["claimed"], "90150", (34.6, 43.68, 9))
    back = parse_query(to_query(st), known_types=["Battles", "Riots"])
    assert (back.start, back.end, back.types, back.claims, back.place, back.view) == (
        st.start, st.end, st.types, st.claims, st.place, st.view,
    )  # fmt: skip
    assert back.ignored == []


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"from": "yesterday"}, "from='yesterday'"),
        ({"from": "2014-06-20", "to": "2014-06-01"}, "is after"),
        ({"type": ["Battles", "<script>"]}, "type='<script>'"),
        ({"claim": "rumour"}, "claim='rumour'"),
        ({"view": "91,0,5"}, "view='91,0,5'"),
        ({"view": "1,2"}, "view='1,2'"),
        ({"layer": ["Heatmap", "Satellite"]}, "layer='Satellite'"),
    ],
)
def test_bad_values_are_ignored_and_reported(params, ignored):
    st = parse_query(params, known_types=["Battles"])
    assert any(ignored in x for x in st.ignored)


@pytest.mark.parametrize(("value", "layers"), [("Satellite", None), ("", None), (["none", "Heatmap"], ["Heatmap"])])
def test_a_bad_layer_value_keeps_the_default_layers(value, layers):
    assert parse_query({"layer": value}).layers == layers


@pytest.mark.parametrize(
    ("layers", "query"),
    [(None, None), (["Markers"], None), (["Heatmap", "Governorates"], ["Heatmap", "Governorates"]), ([], ["none"])],
)
def test_layers_round_trip_and_the_default_stays_out_of_the_url(layers, query):
    q = to_query(ViewState(layers=layers))
    assert q.get("layer") == query
    back = parse_query(q).layers
    assert back == (None if query is None else layers)


def test_parse_view():
    assert parse_view("33.3,44.4,7") == (33.3, 44.4, 7)
    assert parse_view("a,b,c") is None


def test_clamp():
    lo, hi = D(2014, 6, 1), D(2014, 6, 30)
    assert clamp_window(None, None, lo, hi) == (lo, hi)
    assert clamp_window(D(2014, 5, 1), D(2014, 6, 5), lo, hi) == (lo, D(2014, 6, 5))
    assert clamp_window(D(2015, 1, 1), D(2015, 2, 1), lo, hi) == (hi, hi)


def test_playback_window_and_cumulative():
    bounds = (D(2014, 6, 1), D(2014, 6, 5))
    frame = first_frame((D(2014, 6, 3), D(2014, 6, 4)), bounds)
    assert frame == (D(2014, 6, 1), D(2014, 6, 2))
    frames = [frame]
    while (frame := next_window(frame, bounds)) is not None:
        frames.append(frame)
    assert frames[-1] == (D(2014, 6, 4), D(2014, 6, 5)) and len(frames) == 4
    assert all((b - a).days == 1 for a, b in frames)  # the width is kept while sliding
    c = first_frame((D(2014, 6, 3), D(2014, 6, 4)), bounds, cumulative=True)
    assert next_window(c, bounds, step_days=7, cumulative=True) == bounds
