"""benchmarks/news.py scores a news article's events against its coded new events and background (an article written
for the test)."""

from benchmarks.news import DATA, SETS, read_set, score
from conflictmap.geo.gazetteer import default_gazetteer

ARTICLE = {
    "id": "n1", "published": "2021-03-05", "text": "...",
    "events": [
        {"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2021-03-04", "location": "Tamale",
         "country_code": "GH", "fatalities": 2},
        {"event_type": "Protests", "sub_event_type": "Peaceful protest", "date": "2021-03-04", "location": "Yendi",
         "country_code": "GH", "fatalities": 0},
    ],
    "background": [{"what": "an old clash", "date": "2019-06", "location": "Tamale", "country_code": "GH"}],
}  # fmt: skip


def event(etype, sub, point, day_from, day_to=None, fat=""):
    return {"source_ids": "n1", "event_type": etype, "sub_event_type": sub, "latitude": str(point[0]),
            "longitude": str(point[1]), "fatalities": fat, "country_code": "GH", "date_from": day_from,
            "date_to": day_to or day_from, "location": "x"}  # fmt: skip


def test_matches_background_and_false_events_are_told_apart():
    gaz = default_gazetteer()
    tamale = gaz.ranked("Tamale", {"GH"})[0][0]
    at_tamale = (gaz.lat[tamale], gaz.lon[tamale])
    events = [
        event("Battles", "Armed clash", at_tamale, "2021-03-04", fat="2"),  # the clash: matched, count right
        event("Battles", "Armed clash", at_tamale, "2019-06-01", "2019-06-30"),  # background, dated by its month
        event("Battles", "Armed clash", at_tamale, "2021-03-05"),  # the background item stamped with today: false
        event("Riots", "Mob violence", (0.0, 0.0), "2021-03-04"),  # nowhere near anything: false
    ]
    got = score([ARTICLE], events, gaz)
    assert got["recall"] == 0.5 and got["precision"] == round(1 / 3, 3)
    assert got["background_kept_apart"] == 1 and got["stamped"] == 1
    assert got["type"] == got["sub_type"] == got["fatalities"] == 1.0


def test_a_gold_event_whose_place_is_unknown_does_not_take_the_match_another_needs():
    gaz = default_gazetteer()
    tamale = gaz.ranked("Tamale", {"GH"})[0][0]
    at_tamale = (gaz.lat[tamale], gaz.lon[tamale])
    article = ARTICLE | {"events": [
        {"event_type": "Protests", "sub_event_type": "Peaceful protest", "date": "2021-03-04",
         "location": "Nowhere Known Village", "country_code": "GH", "fatalities": 0},  # any place in Ghana will do
        {"event_type": "Protests", "sub_event_type": "Peaceful protest", "date": "2021-03-04", "location": "Tamale",
         "country_code": "GH", "fatalities": 0},
    ]}  # fmt: skip
    events = [
        event("Protests", "Peaceful protest", at_tamale, "2021-03-04"),
        event("Battles", "Armed clash", (5.6, -0.2), "2021-03-04"),  # elsewhere in Ghana: only the village may have it
    ]
    # greedy by type would give the unknown village the Tamale protest and leave Tamale unmatched
    assert score([article], events, gaz)["recall"] == 1.0


def test_the_shipped_sets_are_complete():
    for name in SETS:
        articles = read_set(DATA / f"{name}.jsonl")
        least = {
            "news_romance_dev": 16,
            "news_romance": 16,
            "news_dev2": 22,
            "news_heldout2": 22,
            "news_heldout3": 22,
            "news_dev3": 24,
            "news_heldout4": 24,
            "news_dev4": 24,
            "news_heldout5": 24,
            "news_heldout6": 24,
            "news_dev5": 24,
        }.get(name, 45)
        assert len(articles) >= least
        assert len({a["id"] for a in articles}) == len(articles)
        assert all(a["events"] and {"event_type", "date", "location", "country_code"} <= set(e)
                   for a in articles for e in a["events"])  # fmt: skip
