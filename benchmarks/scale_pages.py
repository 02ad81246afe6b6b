"""Scale of the dashboard's pages (the map, Events, Sources, Data quality): page-ready time and serving memory on a
big events file.

    .venv/bin/python -m benchmarks.scale_pages EVENTS.csv [--pages map events sources data_quality]

Each page runs in a fresh process (Streamlit's AppTest, the page script as the server runs it; the map through
dashboard.py, as a visitor lands on it), so its first run includes loading the index as after a restart (the index
itself is built or brought up to date beforehand, in the parent). Per page: the first run (`ready_s`), a rerun
with nothing changed (`rerun_s`), one interaction (Events: an actor filter, then a text search; Sources: another
excerpt marked; the map and Data quality: none) and the process RSS at the end. The Sources page reads a small
article written for the run, cited by 20 events, with an evidence file beside the events file
(EVENTS.evidence.csv, replaced) that also holds a row for every event of the file. Prints one JSON line per page,
then writes benchmarks/results/scale_pages.json (or --out).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("map", "events", "sources", "data_quality")
SOURCE = "src1_00000042"  # a synthetic source id (conflictmap.store.synthetic): what the Sources page opens
CITED = 20


def prepare(csv_path: Path, articles: Path) -> None:
    """The article the Sources page shows and evidence citing CITED of the file's events from it."""
    import pandas as pd

    from conflictmap.model import EVIDENCE_COLUMNS
    from conflictmap.store.csvfile import evidence_path_for

    articles.mkdir(parents=True, exist_ok=True)
    line = "Fighters attacked the town on Monday, witnesses said. "
    (articles / f"{SOURCE}.txt").write_text(line * 40, encoding="utf-8")
    ids = pd.read_csv(csv_path, usecols=["event_id"], nrows=CITED * 500)["event_id"].iloc[::500]
    ev = pd.DataFrame({"event_id": ids, "source_id": SOURCE, "start": [len(line) * i for i in range(len(ids))]})
    ev["end"] = ev["start"] + len(line) - 1
    ev["excerpt"] = line.strip()
    path = evidence_path_for(csv_path)
    ev[list(EVIDENCE_COLUMNS)].to_csv(path, index=False)
    # and, as ingest writes it, a row per event of the file (its first source, its excerpt): the file grows with the
    # events, and a page that reads it whole pays for every excerpt
    cols = ["event_id", "source_ids", "excerpt"]
    with path.open("a", encoding="utf-8", newline="") as f:
        for chunk in pd.read_csv(csv_path, usecols=cols, dtype=str, keep_default_na=False, chunksize=500_000):
            rows = pd.DataFrame({"event_id": chunk["event_id"], "source_id": chunk["source_ids"].str.split(";").str[0],
                                 "start": "", "end": "", "excerpt": chunk["excerpt"]})  # fmt: skip
            rows.to_csv(f, index=False, header=False)


def phase_page(csv_path: str, page: str, articles: str) -> dict:
    """One page, run as the server runs it, in this (fresh) process."""
    import psutil
    from streamlit.testing.v1 import AppTest

    os.environ["CONFLICTMAP_EVENTS_PATH"] = csv_path
    os.environ["CONFLICTMAP_ARTICLES_DIR"] = articles
    os.environ["CONFLICTMAP_SETTINGS"] = str(ROOT / "tests" / "fixtures" / "no-settings.json")
    os.chdir(ROOT)
    # the map is the dashboard's landing page: run through dashboard.py, as a visitor opens it
    at = AppTest.from_file(str(ROOT / ("dashboard.py" if page == "map" else f"pages/{page}.py")), default_timeout=900)
    if page == "sources":
        at.query_params["source"] = SOURCE

    def timed(step) -> float:
        t = time.perf_counter()
        step()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception}")
        return round(time.perf_counter() - t, 2)

    out = {"page": page, "ready_s": timed(at.run), "rerun_s": timed(at.run)}
    if page == "events":
        actor = at.multiselect(key="events_actors").options[0]
        out["actor_filter_s"] = timed(lambda: at.multiselect(key="events_actors").set_value([actor]).run())
        at.multiselect(key="events_actors").set_value([]).run()
        out["text_search_s"] = timed(lambda: at.text_input(key="events_text").set_value("killed").run())
        out["rows_sent"] = [len(d.value) for d in at.dataframe]
    elif page == "map":
        out["caption"] = next((c.value for c in at.caption if " event(s) at " in c.value), "")
    elif page == "sources":
        box = at.selectbox(key=f"at_{SOURCE}")
        out["mark_excerpt_s"] = timed(lambda: box.set_value(box.options[-1]).run())
        out["rows_sent"] = [len(d.value) for d in at.dataframe]
    else:
        out["rows_sent"] = [len(d.value) for d in at.dataframe]
    out["rss_mb"] = round(psutil.Process().memory_info().rss / 2**20, 1)
    return out


def bench_pages(csv_path: Path, pages=PAGES) -> dict:
    """Every page in its own process, after the index is up to date."""
    from conflictmap.store.index import load_index

    load_index(csv_path, columns=("date_from",))
    articles = csv_path.parent / "articles-pages"
    prepare(csv_path, articles)
    out = {}
    for page in pages:
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.scale_pages",
            str(csv_path),
            "--phase",
            page,
            "--articles",
            str(articles),
        ]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError(f"{page} failed: {proc.stderr[-3000:]}")
        out[page] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(json.dumps(out[page]), flush=True)
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", help="an events CSV (e.g. from benchmarks.scale's write_synthetic)")
    ap.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "scale_pages.json"))
    ap.add_argument("--phase", choices=PAGES, help=argparse.SUPPRESS)
    ap.add_argument("--articles", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        res = phase_page(args.path, args.phase, args.articles)
        print(json.dumps(res))
        return res
    res = bench_pages(Path(args.path).resolve(), args.pages)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2), encoding="utf-8")
    return res


if __name__ == "__main__":
    main()
