"""benchmarks/written.py scores events against the reports written for the project (rows written for the test)."""

from benchmarks.written import DATA, FIGURES, read_gold, score
from conflictmap.geo.gazetteer import default_gazetteer

GOLD = [
    {"id": "w1", "event_type": "Battles", "sub_event_type": "Armed clash", "fatalities": 2, "date": "2021-03-04",
     "location": "Tamale", "country_code": "GH"},
    {"id": "w2", "event_type": "Protests", "sub_event_type": "Peaceful protest", "fatalities": 0,
     "date": "2021-03-04", "location": "Yendi", "country_code": "GH"},
    {"id": "w3", "event_type": "Riots", "sub_event_type": "Mob violence", "fatalities": 0, "date": "2021-03-04",
     "location": "Nowhere-at-all", "country_code": "GH"},
]  # fmt: skip


def event(source, etype, sub, lat, lon, fat="", cc="GH", day="2021-03-04"):
    return {"source_ids": source, "event_type": etype, "sub_event_type": sub, "latitude": str(lat),
            "longitude": str(lon), "fatalities": fat, "country_code": cc, "date_from": day, "date_to": day}  # fmt: skip


def test_each_figure_counts_what_it_says():
    gaz = default_gazetteer()
    tamale = gaz.ranked("Tamale", {"GH"})[0][0]
    events = [
        event("w1", "Battles", "Armed clash", gaz.lat[tamale], gaz.lon[tamale], fat="2"),
        event("w2", "Riots", "Mob violence", 0.0, 0.0, day="2021-03-05"),  # wrong type, place and date
    ]
    got = score(GOLD, events, gaz)
    assert got["coverage"] == round(2 / 3, 3) and got["type"] == got["sub_type"] == round(1 / 3, 3)
    assert got["country"] == round(2 / 3, 3) and got["date"] == round(1 / 3, 3)
    assert got["fatalities"] == round(2 / 3, 3)  # w2: gold 0, no count read, counts as 0
    assert got["gold_places_known"] == 2 and got["loc50"] == 0.5


def test_the_shipped_sets_are_complete():
    for name in ("dev", "heldout", "heldout2"):
        gold = read_gold(DATA / f"{name}.jsonl")
        assert len(gold) >= 300 and len({g["id"] for g in gold}) == len(gold)
        assert all(g["location"] in g["text"] and set(g) >= {"event_type", "sub_event_type", "date"} for g in gold)
    assert set(FIGURES) >= {"coverage", "type", "country", "loc50"}
