"""The Events page's curation form: pick an event, correct one thing, say who and why; saved to the log and file."""

from __future__ import annotations

import json

import folium
import pandas as pd
import streamlit as st
from geopy.distance import geodesic

from conflictmap.events.corrections import apply_to_file, check_correction, load_corrections, record_correction
from conflictmap.geo.gazetteer import GeocoderChain, OfflineGeocoder, admin1_of
from conflictmap.model import CLAIM_STATUSES, EVENT_TYPES, GEO_PRECISIONS
from ui.common import clear_caches, corrections_path, events_path, md_escape, settings

CHANGES = ("Place", "Type", "Figures", "Claim", "Dates", "Reject")


@st.cache_resource(show_spinner="Loading the gazetteer...")
def _geocoder() -> OfflineGeocoder:
    return OfflineGeocoder()


ONLINE_KEYS = ("online_geocoder", "geonames_username", "geocoder_timeout", "geocoder_min_delay")


@st.cache_resource(show_spinner=False, max_entries=4)
def _online_chain(config: tuple) -> GeocoderChain:
    """The gazetteer, then the online service the settings name: rate-limited, cached on disk, with the
    project's User-Agent and the settings' timeout (one per settings combination, so the limiter is shared)."""
    return GeocoderChain(dict(zip(ONLINE_KEYS, config, strict=True)), offline=_geocoder())


def _online_candidate(name: str, k: str) -> dict | None:
    """When Settings switch an online geocoder on and the gazetteer does not know the typed name: a button that
    asks the online service (GeocoderChain: offline first, then online, rate-limited and cached)."""
    s = settings()
    service = s.get("online_geocoder") or "off"
    if service == "off" or not name.strip():
        return None
    ss, key = st.session_state, f"{k}_online"
    if st.button(
        f"Find \u201c{name.strip()}\u201d online ({service})", key=f"{k}_online_go", icon=":material/travel_explore:"
    ):
        with st.spinner(f"Asking {service}..."):
            loc = _online_chain(tuple(s.get(x) for x in ONLINE_KEYS)).geocode(name.strip())
        ss[key] = (name, None if loc is None else {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude})
        if loc is not None:  # the answer becomes the picked candidate (the selectbox is drawn after this)
            ss[f"{k}_cand"] = ss[key][1]
    asked = ss.get(key)
    if not asked or asked[0] != name:
        return None
    if asked[1] is None:
        st.caption(f"{service} found nothing for this name either.")
        return None
    return asked[1]


def _label(r: dict) -> str:
    day = r["date_from"].date().isoformat() if pd.notna(r["date_from"]) else "no date"
    return f"{day} · {r['event_type']} · {r['location']} · {r['event_id']}"


def _place_value(ev: dict, k: str) -> dict | None:
    """The location JSON of a gazetteer candidate, or of coordinates typed in."""
    name = st.text_input("Place name", value=ev["location"], key=f"{k}_name")
    found = _geocoder().candidates(name, limit=10) if name.strip() else []
    online = None if found else _online_candidate(name, k)
    manual, on_map = "Type coordinates...", "Click on the map..."
    options = [*found, *([online] if online else []), on_map, manual]
    pick = st.selectbox(
        "Gazetteer candidates", options, key=f"{k}_cand",
        format_func=lambda p: p if isinstance(p, str) else
        f"online: {p['address']} ({p['lat']:.4f}, {p['lon']:.4f})" if isinstance(p, dict) else
        f"{p.name}, {p.admin1 or '-'}, {p.country_code} ({p.lat:.4f}, {p.lon:.4f}) precision {p.precision}",
    )  # fmt: skip
    if pick == on_map:
        return _place_from_map(ev, name, k)
    if isinstance(pick, dict):  # the online service's point: the town's precision, Iraq's governorate if inside
        return {"name": name.strip(), "lat": round(pick["lat"], 5), "lon": round(pick["lon"], 5), "geonameid": None,
                "country_code": ev["country_code"], "admin1": admin1_of(pick["lat"], pick["lon"]) or ev["admin1"],
                "geo_precision": 1}  # fmt: skip
    if pick != manual:
        return {"name": pick.name, "lat": pick.lat, "lon": pick.lon, "geonameid": pick.geonameid,
                "country_code": pick.country_code, "admin1": pick.admin1, "geo_precision": pick.precision}  # fmt: skip
    c1, c2, c3 = st.columns(3)
    lat = c1.number_input("Latitude", -90.0, 90.0, value=_num(ev["latitude"]), format="%.5f", key=f"{k}_lat")
    lon = c2.number_input("Longitude", -180.0, 180.0, value=_num(ev["longitude"]), format="%.5f", key=f"{k}_lon")
    prec = c3.selectbox("Geo precision", GEO_PRECISIONS, key=f"{k}_prec")
    if lat is None or lon is None:
        return None
    return {"name": name, "lat": lat, "lon": lon, "geonameid": None, "country_code": ev["country_code"],
            "admin1": ev["admin1"], "geo_precision": prec}  # fmt: skip


def _place_from_map(ev: dict, name: str, k: str) -> dict | None:
    """The point the analyst clicks on a small offline map (the event's current place ringed), or the
    gazetteer's nearest populated place to it."""
    from streamlit_folium import st_folium

    from conflictmap.mapview.basemap import base_map

    here = (_num(ev["latitude"]), _num(ev["longitude"]))
    known = None not in here
    m = base_map(view=(*here, 9) if known else (33.5, 43.5, 6), live=True)
    if known:
        folium.CircleMarker(here, radius=9, color="#000000", weight=2, fill=False, tooltip="current place").add_to(m)
    clicked = (st_folium(m, key=f"{k}_map", height=360, use_container_width=True,
                         returned_objects=["last_clicked"]) or {}).get("last_clicked")  # fmt: skip
    if not clicked:
        st.caption("Click the event's true position on the map.")
        return None
    # a map panned across the date line reports longitudes beyond +-180
    lat, lon = round(float(clicked["lat"]), 5), round((float(clicked["lng"]) + 180) % 360 - 180, 5)
    near = _geocoder().reverse((lat, lon))
    point = f"the clicked point ({lat:.5f}, {lon:.5f})"
    options = [point]
    km = None
    if near is not None:
        km = geodesic((lat, lon), (near.latitude, near.longitude)).km
        options.append(f"the nearest gazetteer place: {near.raw['name']} ({km:.1f} km away)")
    use = st.radio("Use", options, key=f"{k}_use", format_func=md_escape)  # radio labels are Markdown
    if use != point:
        r = near.raw
        return {"name": r["name"], "lat": near.latitude, "lon": near.longitude, "geonameid": r["geonameid"],
                "country_code": r["country_code"], "admin1": r["admin1"], "geo_precision": r["precision"]}  # fmt: skip
    prec = st.selectbox("Geo precision", GEO_PRECISIONS, key=f"{k}_map_prec")
    # country and province of the point: those of a gazetteer place within 50 km (the gazetteer's spelling, as
    # the other events have), else Iraq's governorate by polygon; failing both, the event's old ones (said below)
    country, admin1 = ev["country_code"], ev["admin1"]
    governorate = None if near is not None and km is not None and km <= 50 else admin1_of(lat, lon)
    if near is not None and km is not None and km <= 50:
        country, admin1 = near.raw["country_code"], near.raw["admin1"]
    elif governorate:
        country, admin1 = "IQ", governorate
    else:
        st.caption(
            md_escape(f"No gazetteer place within 50 km: country and province stay {country or '-'} / {admin1 or '-'}.")
        )
    return {"name": name, "lat": lat, "lon": lon, "geonameid": None, "country_code": country,
            "admin1": admin1, "geo_precision": prec}  # fmt: skip


def _num(value) -> float | None:
    return None if pd.isna(value) else float(value)


def _current(ev: dict, field: str) -> str:
    """A field's value as a correction would spell it."""
    v = ev.get(field)
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v)


def _count(label: str, value, key: str) -> str:
    n = st.number_input(label, min_value=0, step=1, value=None if pd.isna(value) else int(value), key=key)
    return "" if n is None else str(int(n))


def _changes(ev: dict, change: str, k: str) -> list[tuple[str, str]]:
    """The (field, value) pairs the analyst asks for."""
    if change == "Place":
        loc = _place_value(ev, k)
        return [("location", json.dumps(loc))] if loc else []
    if change == "Type":
        types = list(EVENT_TYPES)
        t = st.selectbox("Event type", types, index=types.index(ev["event_type"]) if ev["event_type"] in types else 0,
                         key=f"{k}_type")  # fmt: skip
        return [
            ("event_type", t),
            ("sub_event_type", st.text_input("Sub-event type", ev["sub_event_type"], key=f"{k}_sub")),
        ]
    if change == "Figures":
        out = []
        for col, f in zip(st.columns(3), ("fatalities", "fatalities_low", "fatalities_high"), strict=True):
            with col:
                out.append((f, _count(f.replace("_", " ").capitalize(), ev[f], f"{k}_{f}")))
        return out
    if change == "Claim":
        i = CLAIM_STATUSES.index(ev["claim_status"])
        c = st.selectbox("Claim status", CLAIM_STATUSES, index=i, key=f"{k}_claim")
        return [("claim_status", c), ("claimed_by", st.text_input("Claimed by", ev["claimed_by"], key=f"{k}_by"))]
    if change == "Dates":
        known = lambda v: None if pd.isna(v) else v  # noqa: E731 - an undated article's event has no dates yet
        d_from = st.date_input("From", known(ev["date_from"]), key=f"{k}_from")
        d_to = st.date_input("To", known(ev["date_to"]), key=f"{k}_to")
        if d_from is None or d_to is None:
            st.caption("Set both dates.")
            return []
        return [("date_from", d_from.isoformat()), ("date_to", d_to.isoformat())]
    st.warning("The event will be removed from the events file; the rejection stays in the corrections log.")
    return [("status", "rejected")]


def _save(event_id: str, changes: list[tuple[str, str]], who: str, why: str) -> None:
    for field, value in changes:  # check all first: a form is saved whole or not at all
        check_correction(field, value)
    for field, value in changes:
        record_correction(corrections_path(), event_id, field, value, who, why)
    mine = [c for c in load_corrections(corrections_path()) if c.event_id == event_id]
    apply_to_file(events_path(), mine)
    clear_caches()


def render_curation_form(df: pd.DataFrame, preselected: str | None) -> None:
    """Correct one event; every change goes to the corrections log and into the events file at once."""
    st.subheader("Correct an event")
    if msg := st.session_state.pop("curation_saved", None):
        st.success(msg)
    ids = list(df["event_id"])
    if not ids:
        return
    labels = {r["event_id"]: _label(r) for r in df.to_dict("records")}
    if preselected in ids and preselected != st.session_state.get("cur_picked"):  # a row ticked in the table
        st.session_state["cur_event"] = st.session_state["cur_picked"] = preselected
    eid = st.selectbox("Event", ids, format_func=labels.get, key="cur_event")
    ev = df[df["event_id"] == eid].iloc[0].to_dict()
    # nothing picked at first: the gazetteer (~200 MB, seconds to load) is loaded when a place is to be corrected,
    # not on every visit to the page
    change = st.radio("Change", CHANGES, horizontal=True, key="cur_change", index=None)
    asked = _changes(ev, change, f"cur_{eid}") if change else []
    changes = [(f, v) for f, v in asked if f in ("location", "status") or _current(ev, f) != v]
    who = st.text_input("Who", value=settings()["analyst"], key="cur_who")
    why = st.text_area("Why (required)", key="cur_why", placeholder="e.g. the second source names the town")
    if asked and not changes:
        st.caption("Nothing changed yet.")
    if st.button("Save correction", type="primary", key="cur_save", disabled=not changes):
        try:
            _save(eid, changes, who, why)
        except ValueError as e:
            st.error(f"Not saved: {md_escape(e)}")
            return
        except OSError as e:  # a busy lock or a read-only folder: said without the server's folders
            st.error(f"Not saved: {md_escape(e.strerror or 'the events file is busy; try again')}")
            return
        st.session_state.pop("cur_why", None)
        st.session_state["curation_saved"] = f"Saved {', '.join(f for f, _ in changes)} of {md_escape(eid)}."
        st.rerun()
