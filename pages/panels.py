"""Pieces of the map page: the town panel and the timeline chart."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from conflictmap.mapping import TYPE_COLOURS
from conflictmap.select import events_at_place
from pages.common import md_escape, source_meta


def _dates(r: dict) -> str:
    text = r["date_from"].date().isoformat()
    if r["date_to"] != r["date_from"]:
        text += f" to {r['date_to'].date().isoformat()}"
    return f"{text} ({r['date_precision']})"


def _figures(r: dict) -> str:
    lo, hi, f = r.get("fatalities_low"), r.get("fatalities_high"), r.get("fatalities")
    if pd.notna(lo) and pd.notna(hi) and lo != hi:
        return f"{int(lo):,}-{int(hi):,} killed"
    parts = [f"{int(f):,} killed"] if pd.notna(f) else []
    if pd.notna(r.get("displaced")):
        parts.append(f"{int(r['displaced']):,} displaced")
    return ", ".join(parts)


def render_place_panel(selected: pd.DataFrame, place_key: str | None) -> None:
    """List every event at the clicked place in the window, with excerpt, claim status and all its sources."""
    here = events_at_place(selected, place_key) if place_key else selected.iloc[0:0]
    if here.empty:
        st.subheader("Events")
        st.write("Click a town on the map to read its events and their sources.")
        return
    first = here.iloc[0]
    st.subheader(", ".join(x for x in (first["location"], first["admin1"], first["country_code"]) if x))
    st.caption(f"{len(here)} event(s) in the window")
    for r in here.to_dict("records"):
        with st.container(border=True):
            status = r["claim_status"] + (f" by {r['claimed_by']}" if r["claimed_by"] else "")
            head = [f"**{md_escape(r['event_type'] or 'Event')}**", md_escape(_dates(r)), md_escape(status)]
            if _figures(r):
                head.append(md_escape(_figures(r)))
            st.markdown(" · ".join(head))
            if r["claim_status"] != "reported":
                st.caption("Unverified claim: the figure is the claimant's, not a confirmed toll.")
            st.text(r["excerpt"])
            for sid in [x for x in r["source_ids"].split(";") if x]:
                meta = source_meta(sid)
                label = " · ".join(
                    x for x in (meta.get("title") or sid, meta.get("publisher"), meta.get("published")) if x
                )
                st.page_link("pages/sources.py", label=label, query_params={"source": sid, "event": r["event_id"]})


def daily_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Events and known fatalities per day (by date_from) and event type."""
    if events.empty:
        return pd.DataFrame(columns=["day", "event_type", "events", "fatalities"])
    g = events.assign(day=events["date_from"].dt.normalize()).groupby(["day", "event_type"], as_index=False)
    return g.agg(events=("event_id", "count"), fatalities=("fatalities", lambda s: int(s.fillna(0).sum())))


def render_timeline(events: pd.DataFrame, window: tuple[date, date], key: str = "timeline") -> tuple[date, date] | None:
    """Events per day under the map, the window shaded; a brushed interval is returned as the new window."""
    counts = daily_counts(events)
    if counts.empty:
        return None
    types = sorted(counts["event_type"].unique())
    colour = alt.Color(
        "event_type:N",
        scale=alt.Scale(domain=types, range=[TYPE_COLOURS.get(t, "#555555") for t in types]),
        legend=None,
    )
    brush = alt.selection_interval(encodings=["x"], name="brush")
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("day:T", title=None),
            y=alt.Y("sum(events):Q", title="events/day"),
            color=colour,
            tooltip=["day:T", "event_type:N", "events:Q", "fatalities:Q"],
        )
        .add_params(brush)
    )
    shade = (
        alt.Chart(pd.DataFrame({"a": [pd.Timestamp(window[0])], "b": [pd.Timestamp(window[1]) + pd.Timedelta(days=1)]}))
        .mark_rect(opacity=0.12, color="#000000")
        .encode(x="a:T", x2="b:T")
    )
    event = st.altair_chart((shade + bars).properties(height=120), on_select="rerun", key=key, width="stretch")
    sel = (event.get("selection") or {}).get("brush") or {} if event else {}
    days = sel.get("day") if isinstance(sel, dict) else None
    if not days or len(days) != 2:
        return None
    a, b = (
        pd.to_datetime(v, unit="ms").date() if isinstance(v, int | float) else pd.to_datetime(v).date() for v in days
    )
    return (a, b) if a <= b else (b, a)
