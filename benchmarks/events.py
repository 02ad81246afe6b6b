"""Event extraction benchmark: the sample articles against the seed gold, and ingest throughput.

    python benchmarks/events.py [--articles N]

1. `python -m conflictmap ingest articles/` (no cache) scored by ../shared/eval/score_events.py (skipped with a
   message when ../shared is absent); also checks that no evidence offset lies in reader comments/blurbs.
2. The ACLED-notes set (../shared/eval/acled/, 1,200 coded events): ingested, scored by score_acled.py on the
   whole set and on its two parts, split once by country (SPLIT_SALT below; never changed): `tune` is the part
   the extraction lexicon was developed against, `check` the part it was not. The check figures are the ones
   that say what a user will get. Actor roles (benchmarks/actor_roles.py: attacker and victim by kind, against
   ACLED's actors) are reported beside them as role_actor1, role_actor2 and role_swapped.
3. Throughput on N synthetic ~600-word news articles (templated sentences over gazetteer towns): articles/s
   in-process on one core after start-up, and wall time of the CLI with --workers 1 and 2.
Writes benchmarks/results/events.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.actor_roles import actor_roles

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"

TEMPLATES = [
    "{n} people were killed in shelling of {town} on {day}, officials said.",
    "Militants took control of {town} in {province} province last week.",
    "A car bomb exploded in a market in {town}, killing {n} civilians.",
    "Security forces repelled an assault on {town} and {n} fighters died in the ensuing clashes.",
    "Residents of {town} said the situation was calm but tense as talks continued in the capital.",
    "The governor of {province} province told reporters that reinforcements were on the way.",
    "Aid agencies said about {k},000 people had fled their homes around {town} in the past week.",
]
FILLER = (
    "Analysts said the developments reflected a wider shift in the balance of power, and diplomats urged restraint "
    "while negotiations over the budget, the constitution and the sharing of oil revenues remained stalled. "
)


def synthetic_articles(folder: Path, n: int, seed: int = 7) -> None:
    """n articles of about 600 words with events at real Iraqi and Syrian towns, each with a .json sidecar."""
    from conflictmap.geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    rng = random.Random(seed)
    towns = [i for i in range(len(gaz)) if gaz.country[i] in ("IQ", "SY") and gaz.feature[i] == "city"
             and gaz.population[i] > 20_000 and gaz.name[i].isascii()]  # fmt: skip
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for k in range(n):
        parts = []
        while sum(len(p.split()) for p in parts) < 600:
            t = towns[rng.randrange(len(towns))]
            sentence = rng.choice(TEMPLATES).format(
                n=rng.randint(2, 40), k=rng.randint(2, 90), town=gaz.name[t], day=rng.choice(days),
                province=gaz.admin1[t] or "Baghdad",
            )  # fmt: skip
            parts.append(sentence + " " + FILLER)
        text = f"Violence flares in {gaz.name[towns[k % len(towns)]]}\n\n" + "\n\n".join(parts)
        aid = f"syn_{k:05d}"
        (folder / f"{aid}.txt").write_text(text, encoding="utf-8")
        published = (date(2015, 1, 1) + timedelta(days=rng.randint(0, 700))).isoformat()
        meta = {"id": aid, "title": text.split("\n")[0], "publisher": "Synthetic", "published": published}
        (folder / f"{aid}.json").write_text(json.dumps(meta), encoding="utf-8")


def score_seeds(tmp: Path) -> dict:
    """Ingest the sample articles and score them against the seed gold."""
    out = tmp / "events.csv"
    subprocess.run([sys.executable, "-m", "conflictmap", "ingest", "articles/", "-o", str(out), "--no-cache"],
                   cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    from conflictmap.ingest.text import body_end

    leaks = 0
    with (tmp / "evidence.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            text = (ROOT / "articles" / f"{row['source_id']}.txt").read_text(encoding="utf-8")
            leaks += int(row["end"]) > body_end(text)
    result = {"evidence_in_boilerplate": leaks}
    if EVAL.exists():
        s = subprocess.run([sys.executable, str(EVAL / "score_events.py"), str(EVAL / "seed_events.json"), str(out),
                            "--json"], capture_output=True, text=True, check=True)  # fmt: skip
        result.update(json.loads(s.stdout.splitlines()[0]))
    else:
        result["skipped"] = "../shared/eval not found: seed scores not computed"
    return result


SPLIT_SALT = "conflictmap-split-1"  # fixed once: changing it would let tuning leak into the check part
ACLED_FIGURES = ("coverage", "loc25", "loc50", "country", "type", "sub_type", "date", "fat_exact", "fat_range", "extra",
                 "cross_merge")  # fmt: skip


def acled_part(country_code: str) -> str:
    """'tune' or 'check': the one-time split of the ACLED set by country."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{country_code}".encode()).hexdigest()
    return "tune" if int(digest, 16) % 2 == 0 else "check"


def score_acled(tmp: Path) -> dict:
    """Ingest the ACLED notes and score the events against the gold: all, tune part, check part."""
    acled = EVAL / "acled"
    if not (acled / "articles.jsonl").exists():
        return {"skipped": "../shared/eval/acled not found: ACLED scores not computed"}
    out = tmp / "acled.csv"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "conflictmap", "ingest", str(acled / "articles.jsonl"), "-o", str(out),
                    "--no-cache"], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    wall = time.perf_counter() - t0
    gold = [json.loads(line) for line in (acled / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    result: dict = {"ingest_wall_s": round(wall, 2)}
    for part in ("all", "tune", "check"):
        rows = [g for g in gold if part == "all" or acled_part(g["country_code"]) == part]
        gold_file = tmp / f"gold_{part}.jsonl"
        gold_file.write_text("".join(json.dumps(g) + "\n" for g in rows), encoding="utf-8")
        s = subprocess.run([sys.executable, str(EVAL / "score_acled.py"), str(gold_file), str(out), "--json"],
                           capture_output=True, text=True, check=True)  # fmt: skip
        summary = json.loads(s.stdout.strip().splitlines()[-1])["overall"]
        summary["cross_merge"] = round(summary.get("cross_merge_events", 0) / max(1, len(rows)), 3)
        roles = actor_roles(rows, out)
        result[part] = {"n": len(rows), **{k: summary.get(k) for k in ACLED_FIGURES},
                        **{f"role_{k}": roles[k] for k in ("actor1", "actor2", "swapped")}}  # fmt: skip
    return result


def throughput(tmp: Path, n: int) -> dict:
    """Articles per second in-process (one core, after start-up) and CLI wall time with 1 and 2 workers."""
    from conflictmap.ingest.pipeline import ExtractionCache, ingest

    folder = tmp / "synthetic"
    folder.mkdir()
    synthetic_articles(folder, n)
    ingest([folder], progress=False, cache=ExtractionCache(None))  # warm: gazetteer loaded, code paths hot
    t0 = time.perf_counter()
    events, _, _ = ingest([folder], progress=False, cache=ExtractionCache(None))
    in_process = time.perf_counter() - t0
    walls, outputs = {}, {}
    for workers in (1, 2):
        out = tmp / f"w{workers}.csv"
        t1 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "conflictmap", "ingest", str(folder), "-o", str(out), "--no-cache",
                        "--workers", str(workers)], cwd=ROOT, check=True, capture_output=True)  # fmt: skip
        walls[workers] = time.perf_counter() - t1
        outputs[workers] = out.read_bytes()
    return {
        "articles": n, "events": len(events), "articles_per_s_one_core": round(n / in_process, 1),
        "cli_wall_s_1_worker": round(walls[1], 2), "cli_wall_s_2_workers": round(walls[2], 2),
        "speedup_2_workers": round(walls[1] / walls[2], 2), "same_output_1_vs_2_workers": outputs[1] == outputs[2],
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = score_seeds(Path(tmp))
        acled = score_acled(Path(tmp))
        speed = throughput(Path(tmp), args.articles)
    print("seed events:", {k: seeds.get(k) for k in ("recall", "precision", "corroboration", "claim_status_accuracy",
                                                      "false_positives", "evidence_in_boilerplate", "skipped")})  # fmt: skip
    if "skipped" in acled:
        print("ACLED:", acled["skipped"])
    else:
        print(f"ACLED notes (ingest {acled['ingest_wall_s']} s):")
        for part in ("all", "tune", "check"):
            row = " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in acled[part].items())
            print(f"  {part:<5} {row}")
    print(f"throughput: {speed['articles_per_s_one_core']} articles/s on one core (target >= 20); CLI "
          f"{speed['cli_wall_s_1_worker']} s with 1 worker, {speed['cli_wall_s_2_workers']} s with 2 "
          f"(x{speed['speedup_2_workers']}); identical output: {speed['same_output_1_vs_2_workers']}")  # fmt: skip
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "events.json").write_text(json.dumps({"seeds": seeds, "acled": acled, "throughput": speed}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
