"""The map page's timeline: events per day and type, deaths per day, the date window shaded, brushing sets it.

The chart (bars, deaths line, brush) depends on the data and the filters only, so its message is the same on
every slider move and playback frame: Streamlit then sends the browser a reference to the copy it already holds
(a few bytes) instead of the chart again (~115 KB at 10,000 events; Streamlit does this for messages of 10 KB or
more, smaller charts are sent again). The window is drawn by a tiny style element instead, over the chart's plot
area: the chart's layout is fixed (padding, y axis widths, x domain) so that a date's position on it is known
without the browser's help.
"""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from conflictmap.mapview.mapping import TYPE_COLOURS
from conflictmap.store.select import daily_counts

# The chart's fixed layout, in CSS px. Vega lays out the plot area inside the element: the padding, then each y
# axis (ticks and labels clamped to AXIS_EXTENT, then its title: TITLE_PADDING and a rotated line of TITLE_SIZE).
# The x axis' date labels stay within the y axes' width, so they add none. Measured in Chromium (SVG renderer, the
# plot area's background), the same for 9 days and 6 events as for a year and 10,000 events: 48 px from the left
# edge, 47 px from the right, 6-7 px from the top and 31 px from the bottom, at 704 px wide (the shade is placed in
# % of the width between the two offsets). tests/browser checks, on the page, that a brushed interval comes back
# shaded where it was brushed.
PADDING = {"left": 2, "right": 2, "top": 6, "bottom": 4}
AXIS_EXTENT = 30
TITLE_PADDING = 4
TITLE_SIZE = 11
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 48, 47, 7, 31
HEIGHT = 130
SHADE = "rgba(0, 0, 0, 0.12)"
DAY = timedelta(days=1)
DAY_TIP = alt.Tooltip("day:T", title="day", format="%Y-%m-%d")


def _iso_days(values: pd.Series) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in pd.to_datetime(values)]


# Each day is drawn at its noon (UTC), computed in the browser so the data stays short: a day's bar and point sit in
# the middle of the day, so the shade, which runs from a window's first midnight to the midnight after its last
# day, covers its days' bars whole.
AT_NOON = {"day": "toDate(datum.day) + 43200000"}


def _ms(day: date) -> int:
    """Midnight UTC of a day in ms (the brush's values are read the same way: a time in ms, its UTC day)."""
    return int(pd.Timestamp(day).value // 1_000_000)


def _datetime(day: date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def _y_axis(title: str) -> alt.Axis:
    """A y axis of fixed width: ticks and labels within AXIS_EXTENT whatever the counts, then the title."""
    return alt.Axis(
        title=title,
        minExtent=AXIS_EXTENT,
        maxExtent=AXIS_EXTENT,
        labelLimit=AXIS_EXTENT - 8,
        titlePadding=TITLE_PADDING,
        titleFontSize=TITLE_SIZE,
        labelFontSize=10,
        format="~s",  # 1.5k, not 1,500: short labels within the fixed width
    )


BARS, DEATHS = "timeline_bars", "timeline_deaths"  # the layers' data, named until the spec is built


def timeline_spec(counts: pd.DataFrame, span: tuple[date, date]) -> dict:
    """The timeline's Vega-Lite spec: stacked bars of events per day and type and a line of deaths per day over
    `span` (the first to the last day a window can reach), with an x brush. The layout is fixed (see PLOT_LEFT)
    so that window_css can shade a window over it."""
    types = sorted(counts["event_type"].unique())
    colour = alt.Color(
        "event_type:N",
        scale=alt.Scale(domain=types, range=[TYPE_COLOURS.get(t, "#555555") for t in types]),
        legend=None,
    )
    x_scale = alt.Scale(domain=[_datetime(span[0]), _datetime(span[1] + DAY)])
    x_axis = alt.Axis(title=None, labelFlush=True, labelOverlap=True)
    brush = alt.selection_interval(encodings=["x"], name="brush")
    bar_rows = counts.assign(day=_iso_days(counts["day"])).to_dict("records")
    bars = (
        alt.Chart(alt.NamedData(name=BARS))
        .transform_calculate(**AT_NOON)
        .mark_bar(clip=True)
        .encode(
            x=alt.X("day:T", title=None, scale=x_scale, axis=x_axis),
            y=alt.Y("sum(events):Q", axis=_y_axis("events/day")),
            color=colour,
            tooltip=[DAY_TIP, "event_type:N", "events:Q", "fatalities:Q"],
        )
        .add_params(brush)
    )
    per_day = counts.groupby("day")["fatalities"].sum()
    per_day = per_day.reindex(pd.date_range(per_day.index.min(), per_day.index.max()), fill_value=0)
    death_rows = [{"day": d, "fatalities": int(f)} for d, f in zip(_iso_days(per_day.index), per_day, strict=True)]
    deaths = (
        alt.Chart(alt.NamedData(name=DEATHS))
        .transform_calculate(**AT_NOON)
        .mark_line(clip=True, color="#000000", strokeWidth=1, point=alt.OverlayMarkDef(size=8, color="#000000"))
        .encode(
            x=alt.X("day:T", scale=x_scale, axis=x_axis),
            y=alt.Y("fatalities:Q", axis=_y_axis("killed/day")),
            tooltip=[DAY_TIP, "fatalities:Q"],
        )
    )
    chart = alt.layer(bars, deaths).resolve_scale(y="independent").properties(height=HEIGHT, padding=PADDING)
    spec = chart.to_dict()
    # the rows go in after: Altair validates a chart's data against the schema row by row each time a chart is
    # combined or converted (six years of days and types: ~3 s), and these rows are plain numbers and text
    for layer in spec["layer"]:
        layer["data"] = {"values": {BARS: bar_rows, DEATHS: death_rows}[layer["data"]["name"]]}
    return spec


def window_css(window: tuple[date, date], span: tuple[date, date], key: str = "timeline") -> str:
    """A style element shading the window's days (its first day's midnight to the day after its last) over the
    plot area of the chart keyed `key` (Streamlit gives its element the class st-key-<key>)."""
    lo, hi = _ms(span[0]), _ms(span[1] + DAY)
    a = min(max((_ms(window[0]) - lo) / (hi - lo), 0.0), 1.0)
    b = min(max((_ms(window[1] + DAY) - lo) / (hi - lo), 0.0), 1.0)
    plot = f"(100% - {PLOT_LEFT + PLOT_RIGHT}px)"
    return (
        f"<style>.st-key-{key}{{position:relative}}"
        f".st-key-{key}::after{{content:'';position:absolute;pointer-events:none;background:{SHADE};"
        f"top:{PLOT_TOP}px;bottom:{PLOT_BOTTOM}px;"
        f"left:calc({PLOT_LEFT}px + {a:.6f} * {plot});width:calc({b - a:.6f} * {plot})}}</style>"
    )


def _spec(events, span: tuple[date, date]) -> dict | None:
    counts = daily_counts(events() if callable(events) else events)
    return None if counts.empty else timeline_spec(counts, span)


@st.cache_data(show_spinner=False, max_entries=8)
def _shared_spec(cache_key: object, span: tuple[date, date], _events) -> dict | None:
    # one build per data version and filters for every session (about a second of CPU at 10,000 events, which a
    # new visitor's second run would otherwise spend while their map is still drawing)
    return _spec(_events, span)


def render_timeline(
    events, window: tuple[date, date], span: tuple[date, date], key: str = "timeline", cache_key: object = None
) -> tuple[date, date] | None:
    """Events per day under the map, the window shaded; a brushed interval is returned as the new window.

    `events` is the frame to count, or a function returning it; `span` the days the slider reaches. With a
    cache_key (what the counts depend on: data version and filters), the spec is built once per key for all
    sessions: the chart's message is then the same from one window to the next, and only the small shading style
    changes."""
    ss = st.session_state
    cached = ss.get("_timeline_spec")
    if cache_key is None or cached is None or cached[0] != (cache_key, span):
        spec = _spec(events, span) if cache_key is None else _shared_spec(cache_key, span, events)
        cached = ss["_timeline_spec"] = ((cache_key, span), spec)
    spec = cached[1]
    if spec is None:
        return None
    st.html(window_css(window, span, key))
    event = st.vega_lite_chart(spec, on_select="rerun", key=key, width="stretch")
    sel = (event.get("selection") or {}).get("brush") or {} if event else {}
    days = sel.get("day") if isinstance(sel, dict) else None
    if not days or len(days) != 2:
        return None
    a, b = (
        pd.to_datetime(v, unit="ms").date() if isinstance(v, int | float) else pd.to_datetime(v).date() for v in days
    )
    return (a, b) if a <= b else (b, a)
