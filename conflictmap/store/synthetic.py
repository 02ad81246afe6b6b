"""Synthetic events and articles for scale tests and benchmarks: real gazetteer places, deterministic per seed.

`python -m scripts.make_synthetic` is the command line. synthetic_events(n, seed) gives realistic-looking events
over populated places of the offline gazetteer, weighted by population (sub-linearly, so towns appear and not only
capitals), 85% in a few conflict countries; types, fatalities (mostly 0, a long tail), date precision and claim
status follow rough ACLED proportions, and every row passes conflictmap.store.csvfile.read_events.
synthetic_articles(n, folder, seed) writes news-like articles (.txt + .json sidecar with the publication date,
~600 words each): templated event sentences about real towns amid filler text, for ingest benchmarks.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from conflictmap.geo.gazetteer import default_gazetteer
from conflictmap.model import EVENT_COLUMNS, EVENT_TYPES
from conflictmap.store.csvfile import atomic_path

FOCUS_COUNTRIES = {"UA": 0.30, "SY": 0.18, "YE": 0.14, "SD": 0.12, "IQ": 0.11}
ELSEWHERE_SHARE = 1.0 - sum(FOCUS_COUNTRIES.values())
TYPE_SHARE = (0.28, 0.34, 0.14, 0.07, 0.10, 0.04, 0.03)  # aligned with EVENT_TYPES
SUB_TYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance"),
    "Strategic developments": ("Arrests", "Looting/property destruction", "Agreement"),
    "Protests": ("Peaceful protest", "Protest with intervention"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Displacement": ("Forced displacement",),
}  # fmt: skip
ACTORS = ("Military Forces", "Rebel Group", "Islamic State", "Unidentified Armed Group", "Police Forces", "Civilians",
          "Rapid Support Forces", "Houthi Movement", "Protesters", "Militia")  # fmt: skip
VERBS = {"Battles": "clashed with", "Explosions/Remote violence": "shelled positions of",
         "Violence against civilians": "attacked", "Strategic developments": "detained members of",
         "Protests": "marched against", "Riots": "fought", "Displacement": "forced out"}  # fmt: skip
START = np.datetime64("2019-01-01")
DAYS = 6 * 365


def place_pool(rng: np.random.Generator, n: int) -> np.ndarray:
    """n gazetteer row numbers: populated places, weighted by population**0.6, mostly in the focus countries."""
    g = default_gazetteer()
    populated = np.flatnonzero(np.isin(g.feature, ("city", "town")) & (g.population > 0) & ~np.isnan(g.geonameid))
    weight = g.population[populated].astype(np.float64) ** 0.6
    groups = [(populated[g.country[populated] == cc], share) for cc, share in FOCUS_COUNTRIES.items()]
    groups.append((populated[~np.isin(g.country[populated], list(FOCUS_COUNTRIES))], ELSEWHERE_SHARE))
    counts = rng.multinomial(n, [share for _, share in groups])
    picked = []
    for (rows, _), k in zip(groups, counts, strict=True):
        w = weight[np.searchsorted(populated, rows)]
        picked.append(rng.choice(rows, size=k, p=w / w.sum()))
    out = np.concatenate(picked)
    rng.shuffle(out)
    return out


def fatalities(rng: np.random.Generator, n: int) -> np.ndarray:
    """Skewed counts: ~60% zero, the rest a Pareto-like tail capped at 2,000."""
    tail = np.minimum(np.floor(rng.pareto(1.3, n) * 2 + 1), 2000)
    return np.where(rng.random(n) < 0.6, 0, tail).astype(np.int64)


def dates(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(date_from, date_to, precision label): 85% day, 10% week, 5% month; more events in later years."""
    day = START + np.floor(np.sqrt(rng.random(n)) * DAYS).astype("timedelta64[D]")
    precision = rng.choice(np.array(["day", "week", "month"]), size=n, p=(0.85, 0.10, 0.05))
    span = np.select([precision == "week", precision == "month"], [6, 29], 0).astype("timedelta64[D]")
    return day - span, day, precision


def optional_int(values: np.ndarray, present: np.ndarray) -> pd.Series:
    """An Int64 column, empty where not present."""
    return pd.Series(pd.array(np.where(present, values, 0), dtype="Int64")).mask(~present)


def synthetic_events(n: int, seed: int = 0) -> pd.DataFrame:
    """n synthetic events as a frame with exactly EVENT_COLUMNS."""
    rng = np.random.default_rng(seed)
    g = default_gazetteer()
    rows = place_pool(rng, n)
    types = np.array(EVENT_TYPES, dtype=object)[rng.choice(len(EVENT_TYPES), size=n, p=TYPE_SHARE)]
    subs = np.array([SUB_TYPES[t][i % len(SUB_TYPES[t])] for t, i in zip(types, rng.integers(0, 6, n), strict=True)])
    actors = np.array(ACTORS, dtype=object)
    a1, a2 = actors[rng.integers(0, len(ACTORS), n)], actors[rng.integers(0, len(ACTORS), n)]
    a2 = np.where(rng.random(n) < 0.3, "", a2)
    d_from, d_to, precision = dates(rng, n)
    fat = fatalities(rng, n)
    known = ~np.isin(types, ("Protests", "Strategic developments")) | (fat > 0)
    ranged = known & (rng.random(n) < 0.15) & (fat > 0)
    claim = rng.choice(np.array(["reported", "claimed", "disputed"]), size=n, p=(0.85, 0.10, 0.05))
    loc = g.name[rows]
    date_to_text = pd.Series(d_to).dt.strftime("%Y-%m-%d").to_numpy()
    killed = np.where(fat > 0, pd.Series(fat).astype(str).radd(": ").add(" killed").to_numpy(), "")
    summary = pd.Series(subs).add(" in ").add(pd.Series(loc)).add(pd.Series(killed)).to_numpy()
    excerpt = pd.Series(a1).add(" " + pd.Series(types).map(VERBS)).add(" " + pd.Series(a2).replace("", "civilians"))
    excerpt = excerpt.add(" in ").add(pd.Series(loc)).add(" on ").add(pd.Series(date_to_text)).add(".").to_numpy()
    ids = pd.Series(np.arange(n)).map(lambda i: f"syn{seed}_{i:08d}").to_numpy()
    n_sources = 1 + rng.binomial(3, 0.2, n)
    displaced_present = types == "Displacement"
    return pd.DataFrame(
        {
            "event_id": ids, "event_date": d_to, "date_from": d_from, "date_to": d_to, "date_precision": precision,
            "event_type": types, "sub_event_type": subs, "actor1": a1, "actor2": a2, "location": loc,
            "admin1": g.admin1[rows], "country_code": g.country[rows], "latitude": g.lat[rows].round(5),
            "longitude": g.lon[rows].round(5), "geo_precision": rng.choice([1, 2, 3], size=n, p=(0.8, 0.15, 0.05)),
            "geonameid": g.geonameid[rows].astype(np.int64), "fatalities": optional_int(fat, known),
            "fatalities_low": optional_int(np.floor(fat * 0.7).astype(np.int64), ranged),
            "fatalities_high": optional_int(np.ceil(fat * 1.5).astype(np.int64), ranged), "claim_status": claim,
            "claimed_by": np.where(claim == "claimed", a1, ""), "summary": summary, "excerpt": excerpt,
            "source_ids": pd.Series(ids).str.replace("syn", "src", regex=False).to_numpy(), "n_sources": n_sources,
            "displaced": optional_int(rng.integers(50, 50_000, n), displaced_present),
            "geo_confidence": rng.uniform(0.5, 1.0, n).round(3),
        },
        columns=list(EVENT_COLUMNS),
    )  # fmt: skip


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write the frame as events.csv atomically (store.csvfile.atomic_path; no fsync: it can be regenerated)."""
    with atomic_path(path, durable=False) as tmp:
        df.to_csv(tmp, index=False, date_format="%Y-%m-%d", lineterminator="\n")


EVENT_SENTENCES = (
    "{n} people were killed in shelling of {town} on {weekday}.",
    "Fighting broke out near {town} on {weekday}, killing {n} soldiers, local officials said.",
    "An air strike hit a market in {town} on {weekday}, and {n} civilians were killed.",
    "Gunmen attacked a checkpoint in {town} on {weekday}; {n} police officers died.",
    "Hundreds of protesters marched through {town} on {weekday} demanding the release of detainees.",
    "About {k},000 people have fled {town} since the offensive began, aid groups said.",
)  # fmt: skip
FILLER = (
    "The ministry did not respond to a request for comment.",
    "Residents described long queues for bread and fuel in the days that followed.",
    "Analysts said the fighting could complicate talks planned for later in the month.",
    "The United Nations called on all parties to protect civilians and allow aid convoys through.",
    "Prices of basic goods have risen sharply, according to traders in the central market.",
    "Local journalists said telephone lines had been cut for most of the week.",
    "A spokesman for the governor said schools would remain closed until further notice.",
    "Diplomats from several countries met in the capital to discuss the humanitarian situation.",
    "Hospitals in the region reported shortages of medicine and electricity.",
    "The statement could not be independently verified.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("Two", "Three", "Five", "Seven", "Ten", "Twelve", "Twenty")


def synthetic_articles(n: int, folder: Path, seed: int = 0, words: int = 600) -> list[Path]:
    """Write n articles (.txt + .json sidecar) into folder: 2-4 event sentences about real towns among filler."""
    rng = np.random.default_rng(seed)
    g = default_gazetteer()
    towns = place_pool(rng, 4 * n)
    days = START + rng.integers(0, DAYS, n).astype("timedelta64[D]")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        published = pd.Timestamp(days[i]).date()
        weekday = WEEKDAYS[(published.weekday() - 1) % 7]  # "on <weekday>": the day before publication
        paras = [f"{g.name[towns[4 * i]]}: a report from {g.country[towns[4 * i]]}"]
        n_events = int(rng.integers(2, 5))
        for k in range(n_events):
            town = g.name[towns[4 * i + k]]
            number = NUMBER_WORDS[int(rng.integers(0, len(NUMBER_WORDS)))]
            sentence = EVENT_SENTENCES[int(rng.integers(0, len(EVENT_SENTENCES)))]
            sentence = sentence.format(n=number, k=int(rng.integers(2, 40)), town=town, weekday=weekday)
            filler = " ".join(FILLER[j] for j in rng.integers(0, len(FILLER), words // (n_events * 12)))
            paras.append(f"{sentence[0].upper()}{sentence[1:]} {filler}")
        stem = folder / f"syn_{seed}_{i:05d}"
        Path(f"{stem}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        meta = {"id": stem.name, "title": paras[0], "publisher": "Synthetic Wire", "published": published.isoformat()}
        Path(f"{stem}.json").write_text(json.dumps(meta), encoding="utf-8")
        paths.append(Path(f"{stem}.txt"))
    return paths
