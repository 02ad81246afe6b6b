"""Scale: `query` beside its floor at 1,000,000 events, the index at 10,000,000, the Dask query path, Dask ingest.

    .venv/bin/python -m benchmarks.scale [--query-events 1000000] [--events 10000000] [--runs 15]
                                         [--articles 2000] [--quick] [--skip-index] [--skip-query] [--skip-dask]
                                         [--skip-dask-ingest] [--skip-pages]

query (one run, side by side, each a whole process, median of --runs): `python -m conflictmap query --from --to
--type --format count` on an up-to-date index; DuckDB counting the same rows over the same Parquet partitions; plain
pandas read_csv of the three columns used plus a mask.

index (each phase in a fresh process; memory is the whole process tree's PSS, sampled every 0.2 s): first build of a
synthetic CSV (validated in chunks by worker processes, spilled by month); the serving process as the map page holds it
(only MAP_COLUMNS): first load after the build, with the per-row codes map updates count on (computed and saved beside
the partitions by the build: read here), RSS, 200 random window+filter queries (EventIndex.select: the matching rows as
positions, what the map page asks for; beside them the same queries as frames, EventIndex.query), 30 map updates
(selection, place summary, marker layer, sources count: what the map page does on a slider move), 30 clicked towns
(their events' excerpts, summaries and sources read from the partitions); a restart (the index and the saved codes
loaded again: what a restart waits for); the Events, Sources and Data quality pages, each run in a fresh process
(benchmarks.scale_pages: page ready, rerun, one interaction, RSS); then 1,000 events appended to the CSV and the index
brought up to date.

dask: the same counts and selections through Dask DataFrame over the partitions on a LocalCluster with 1 and 2
workers, checked equal to the local answers. dask ingest: the map phase of ingest on 1 and 2 workers, as before.

Wall times are medians or percentiles of repeated runs on a shared 2-core machine: noisy. Prints a table and
writes benchmarks/results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.scale_pages import bench_pages

ROOT = Path(__file__).resolve().parents[1]

TARGETS = {"first_build_peak_rss_mb": 3072.0, "serve_rss_mb": 1536.0, "query_p95_ms": 50.0, "map_update_p95_s": 0.5,
           "town_excerpts_p95_s": 0.3, "restart_load_s": 5.0, "append_1000_s": 10.0,
           "query_vs_duckdb": 2.0, "pandas_vs_query": 3.0, "dask_identical": True}  # fmt: skip
QUERY_BBOXES = [None, (22.0, 44.0, 41.0, 53.0), (35.0, 32.0, 43.0, 38.0), (42.0, 12.0, 54.0, 19.0), (170.0, -50.0, -170.0, 10.0)]  # fmt: skip
CLI_QUERY = {"from": "2021-01-01", "to": "2021-06-30", "type": "Battles"}


def _timed(fn):
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t, time.process_time() - c


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def _tree_rss_mb(pid: int) -> float:
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p, *p.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for q in procs:  # PSS: pages a forked worker shares with its parent are not counted twice
        try:
            total += q.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 2**20


def _run(args: list[str], sample: bool = False) -> tuple[str, float, float]:
    """Run a command; its stdout, wall seconds and (when sampled) the peak RSS of its process tree in MB."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def watch():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True) if sample else None
    if watcher:
        watcher.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if watcher:
        watcher.join()
    if proc.returncode:
        raise RuntimeError(f"{args} failed ({proc.returncode}): {err[-2000:]}")
    return out, wall, round(peak[0], 1)


def _phase(*args: str, sample: bool = False) -> dict:
    out, wall, peak = _run([sys.executable, "-m", "benchmarks.scale", *args], sample=sample)
    res = json.loads(out.strip().splitlines()[-1])
    return {**res, "process_wall_s": round(wall, 2), **({"tree_peak_rss_mb": peak} if sample else {})}


def write_synthetic(n: int, path: Path, piece: int = 1_000_000, first_seed: int = 1) -> None:
    """n synthetic events as one CSV, generated a million at a time (distinct seeds give distinct ids)."""
    from conflictmap.store.synthetic import synthetic_events

    with path.open("w", encoding="utf-8", newline="") as f:
        for k, start in enumerate(range(0, n, piece)):
            df = synthetic_events(min(piece, n - start), first_seed + k)
            df.to_csv(f, index=False, header=k == 0, date_format="%Y-%m-%d", lineterminator="\n")


# --- phases run in their own process ------------------------------------------------------------------------------


def phase_build(path: str) -> dict:
    """Build (or bring up to date) the index of a CSV."""
    from conflictmap.store.index import load_index

    index, wall, cpu = _timed(lambda: load_index(path, columns=("date_from",)))
    return {"rows": len(index), "rebuilt": index.rebuilt, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}


def random_query(rng: random.Random) -> dict:
    """A window of 1 day to 1 year in 2019-2024, half the time some types, often a bbox, sometimes claims."""
    from conflictmap.model import CLAIM_STATUSES, EVENT_TYPES

    span = rng.choice([1, 7, 30, 90, 365])
    start = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365 - span))
    q = {"start": start, "end": start + timedelta(days=span), "bbox": rng.choice(QUERY_BBOXES)}
    if rng.random() < 0.5:
        q["types"] = rng.sample(EVENT_TYPES, rng.randint(1, 4))
    if rng.random() < 0.2:
        q["claims"] = rng.sample(CLAIM_STATUSES, rng.randint(1, 2))
    return q


def phase_restart(path: str) -> dict:
    """A restart of the serving process: the index and what map updates count on, as saved by the last process;
    then the map page's first run on it (as pages/map.py: date bounds, event types, the whole span selected, its
    place summary, sources count and marker layer; the timeline is deferred to the next run)."""
    from conflictmap.mapview.mapping import event_layer
    from conflictmap.store.index import MAP_COLUMNS, load_index
    from conflictmap.store.places import place_summary
    from conflictmap.store.select import date_bounds

    def load():
        index = load_index(path, columns=MAP_COLUMNS, sources=True)
        index.prepare_map()
        return index

    def first_map():
        lo, hi = date_bounds(index.events)
        sorted(str(t) for t in index.events["event_type"].unique() if t)
        selected = index.select(lo, hi)
        summary = place_summary(selected)
        return event_layer(summary, zoom=3), index.count_sources(selected)

    index, wall, cpu = _timed(load)
    _, map_wall, _ = _timed(first_map)
    return {"rows": len(index), "load_wall_s": round(wall, 2), "load_cpu_s": round(cpu, 2),
            "first_map_wall_s": round(map_wall, 2), "page_ready_s": round(wall + map_wall, 2)}  # fmt: skip


def phase_serve(path: str, n_queries: int, n_maps: int) -> dict:
    """The serving process as the map page holds the index: load, queries, map updates, clicked towns."""
    import psutil

    from conflictmap.mapview.mapping import event_layer
    from conflictmap.store.index import MAP_COLUMNS, load_index
    from conflictmap.store.places import place_summary

    def load():  # as ui.common's cached load: the index, then the place codes and source numbers updates count on
        index = load_index(path, columns=MAP_COLUMNS, sources=True)
        codes_wall = _timed(index.prepare_map)[1]
        return index, codes_wall

    (index, codes_wall), load_wall, load_cpu = _timed(load)
    rss_loaded = psutil.Process().memory_info().rss / 2**20
    rng = random.Random(42)
    query_ms, frame_ms, sizes = [], [], []
    for _ in range(n_queries):
        q = random_query(rng)
        sel, wall, _ = _timed(lambda q=q: index.select(**q))
        query_ms.append(wall * 1000)
        sizes.append(len(sel))
        frame_ms.append(_timed(lambda q=q: index.query(**q))[1] * 1000)

    def map_update(start: date, zoom: int):
        selected = index.select(start, start + timedelta(days=365))
        summary = place_summary(selected)
        return event_layer(summary, zoom=zoom), summary, selected, index.count_sources(selected)

    map_s, town_s, features, town_rows = [], [], [], []
    for _ in range(n_maps):
        start = date(2019, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        zoom = rng.randint(3, 9)
        (layer, summary, selected, _), wall, _ = _timed(lambda s=start, z=zoom: map_update(s, z))
        map_s.append(wall)
        features.append(sum(len(json.loads(c.rows_json)) for c in layer._children.values() if hasattr(c, "rows_json")))
        key = summary.sort_values("events").iloc[len(summary) * 9 // 10]["place_key"]  # a busy town, not the busiest

        def town(key=key, selected=selected):
            pos = selected.at_place(key)
            return index.rows(pos[-50:], ["event_id", "excerpt", "summary", "source_ids", "claimed_by"])

        rows, wall, _ = _timed(town)
        town_s.append(wall)
        town_rows.append(len(rows))
    return {
        "load_wall_s": round(load_wall, 2), "load_cpu_s": round(load_cpu, 2), "rows": len(index),
        "prepare_map_wall_s": round(codes_wall, 2),
        "rss_after_load_mb": round(rss_loaded, 1), "rss_end_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
        "query_p50_ms": round(_percentile(query_ms, 0.5), 1), "query_p95_ms": round(_percentile(query_ms, 0.95), 1),
        "query_frame_p50_ms": round(_percentile(frame_ms, 0.5), 1),
        "query_frame_p95_ms": round(_percentile(frame_ms, 0.95), 1),
        "query_rows_mean": round(sum(sizes) / len(sizes)),
        "map_update_p50_s": round(_percentile(map_s, 0.5), 3), "map_update_p95_s": round(_percentile(map_s, 0.95), 3),
        "map_features_max": max(features), "town_excerpts_p50_s": round(_percentile(town_s, 0.5), 3),
        "town_excerpts_p95_s": round(_percentile(town_s, 0.95), 3), "town_rows_mean": round(statistics.mean(town_rows)),
    }  # fmt: skip


# --- benchmarks ---------------------------------------------------------------------------------------------------


def bench_query(n_events: int, folder: Path, runs: int) -> dict:
    """`query --format count` beside DuckDB over the same Parquet and pandas read_csv + mask, whole processes."""
    from conflictmap.store.partitions import cache_path_for

    csv_path = folder / "events-query.csv"
    _, gen_wall, _ = _timed(lambda: write_synthetic(n_events, csv_path))
    build = _phase("--phase", "build", str(csv_path), sample=True)
    parts = cache_path_for(csv_path)
    q = CLI_QUERY
    ours = [sys.executable, "-m", "conflictmap", "query", "--events", str(csv_path), "--from", q["from"], "--to", q["to"],
            "--type", q["type"], "--format", "count"]  # fmt: skip
    sql = "select count(*) from read_parquet(?) where date_from <= ?::DATE and date_to >= ?::DATE and event_type = ?"
    params = [f"{parts}/part-*.parquet", q["to"], q["from"], q["type"]]
    duck = [
        sys.executable,
        "-c",
        f"import duckdb; print(duckdb.connect().execute({sql!r}, {params!r}).fetchall()[0][0])",
    ]
    pandas_code = (
        "import pandas as pd\n"
        f"df = pd.read_csv({str(csv_path)!r}, usecols=['date_from', 'date_to', 'event_type'], "
        "parse_dates=['date_from', 'date_to'])\n"
        f"m = (df.date_from <= {q['to']!r}) & (df.date_to >= {q['from']!r}) & (df.event_type == {q['type']!r})\n"
        "print(int(m.sum()))"
    )
    plain = [sys.executable, "-c", pandas_code]
    times: dict[str, list[float]] = {"ours": [], "duckdb": [], "pandas_read_csv": []}
    answers: dict[str, set[str]] = {k: set() for k in times}
    for _ in range(runs):  # interleaved, so load on the shared machine falls on all three alike
        for name, cmd in (("ours", ours), ("duckdb", duck), ("pandas_read_csv", plain)):
            out, wall, _ = _run(cmd)
            times[name].append(wall)
            answers[name].add(out.strip())
    med = {k: round(statistics.median(v), 3) for k, v in times.items()}
    return {"events": n_events, "csv_mb": round(csv_path.stat().st_size / 1e6, 1), "generate_wall_s": round(gen_wall, 1),
            "first_build": build, "runs": runs, "median_s": med,
            "p90_s": {k: round(_percentile(v, 0.9), 3) for k, v in times.items()},
            "same_answer": len({a for v in answers.values() for a in v}) == 1, "answer": sorted(answers["ours"]),
            "query_vs_duckdb": round(med["ours"] / med["duckdb"], 2),
            "pandas_vs_query": round(med["pandas_read_csv"] / med["ours"], 2)}  # fmt: skip


def bench_index(n_events: int, folder: Path, n_queries: int = 200, n_maps: int = 30, pages: bool = True) -> dict:
    """Generate, build, serve and extend the index, each step in its own process."""
    from conflictmap.store.synthetic import synthetic_events

    csv_path = folder / "events.csv"
    _, gen_wall, _ = _timed(lambda: write_synthetic(n_events, csv_path))
    build = _phase("--phase", "build", str(csv_path), sample=True)
    serve = _phase("--phase", "serve", str(csv_path), "--queries", str(n_queries), "--maps", str(n_maps))
    restart = _phase("--phase", "restart", str(csv_path))
    page_runs = bench_pages(csv_path) if pages else {}
    extra = synthetic_events(1000, seed=999)  # seed 999: ids no earlier piece has
    extra["date_from"] = extra["date_to"] = extra["event_date"] = pd_week(extra)
    with csv_path.open("a", encoding="utf-8", newline="") as f:
        extra.to_csv(f, index=False, header=False, date_format="%Y-%m-%d", lineterminator="\n")
    append = _phase("--phase", "build", str(csv_path), sample=True)
    return {"events": n_events, "csv_mb": round(csv_path.stat().st_size / 1e6, 1), "generate_wall_s": round(gen_wall, 1),
            "first_build": build, "serve": serve, "restart": restart, "pages": page_runs, "append_1000": append}  # fmt: skip


def pd_week(df):
    """Dates spread over the last week of 2024 (an ingest adding a week of events)."""
    import numpy as np
    import pandas as pd

    days = np.random.default_rng(7).integers(0, 7, len(df))
    return pd.to_datetime("2024-12-24") + pd.to_timedelta(days, unit="D")


def bench_dask_query(folder: Path, n_events: int) -> dict:
    """The same counts and selections on Dask (1 and 2 local workers) as locally, and the time each took."""
    from conflictmap.store.distributed import dask_count, dask_positions, dask_session
    from conflictmap.store.index import load_index

    csv_path = folder / "events-query.csv"
    if not csv_path.exists():
        write_synthetic(n_events, csv_path)
    index = load_index(csv_path, columns=())
    rng = random.Random(7)
    queries = [random_query(rng) for _ in range(10)]
    local, local_wall, _ = _timed(lambda: [index.count(**q) for q in queries])
    out = {"queries": len(queries), "local_wall_s": round(local_wall, 3)}
    for workers in (1, 2):
        with dask_session(None, workers) as client:
            dask_count(client, csv_path, **queries[0])  # warm: workers import and open files once
            counts, wall, _ = _timed(lambda c=client: [dask_count(c, csv_path, **q) for q in queries])
            pos = dask_positions(client, csv_path, **queries[1])
        same = counts == local and pos == index.rows(_positions(index, queries[1]), ["_row"])["_row"].tolist()
        out[f"workers_{workers}"] = {"wall_s": round(wall, 2), "identical_to_local": bool(same)}
    out["identical"] = out["workers_1"]["identical_to_local"] and out["workers_2"]["identical_to_local"]
    out["speedup_2_workers"] = round(out["workers_1"]["wall_s"] / out["workers_2"]["wall_s"], 2)
    return out


def _positions(index, q):
    import numpy as np

    pos = index.positions(**q)
    return np.arange(len(index))[pos] if isinstance(pos, slice) else pos


def bench_dask_ingest(n_articles: int, folder: Path, repeats: int = 3) -> dict:
    """Map-phase throughput with 1 and 2 workers, single-process end to end, and identical rows."""
    from conflictmap.ingest.cluster import dask_client, extract_on_cluster, finish, warm_up
    from conflictmap.ingest.pipeline import ingest, publishers_of, read_articles
    from conflictmap.store.synthetic import synthetic_articles

    synthetic_articles(n_articles, folder / "articles", seed=3)
    paths = [folder / "articles"]
    single, single_wall, single_cpu = _timed(lambda: ingest(paths, progress=False))
    articles, problems = read_articles(paths)
    publishers = publishers_of(articles, problems)  # as ingest and ingest_dask: corroboration counts publishers
    runs, extracted = {}, {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        with dask_client(workers=workers) as client:
            warm_up(client)
            startup = time.perf_counter() - t0
            walls = []
            for _ in range(repeats):  # best of N: on a shared machine single runs are noisy
                (ex, reports), wall, _ = _timed(lambda c=client: extract_on_cluster(c, articles, progress=False))
                walls.append(wall)
        extracted[workers] = (ex, reports)
        best = min(walls)
        runs[workers] = {"startup_s": round(startup, 1), "map_wall_s_best": round(best, 2),
                         "articles_per_s": round(len(articles) / best, 1)}  # fmt: skip
    events = finish(extracted[2][0], publishers)
    same = [e.row() for e in events] == [e.row() for e in single[0]]
    same &= extracted[1][0] == extracted[2][0]
    return {"articles": len(articles), "events": len(single[0]), "single_process_wall_s": round(single_wall, 1),
            "workers_1": runs[1], "workers_2": runs[2],
            "dask_map_speedup": round(runs[2]["articles_per_s"] / runs[1]["articles_per_s"], 2),
            "identical_to_single_process": bool(same)}  # fmt: skip


def verdicts(result: dict) -> dict:
    """Each target and whether it was met."""
    got = {}
    if "index" in result:
        ix = result["index"]
        got |= {"first_build_peak_rss_mb": ix["first_build"]["tree_peak_rss_mb"],
                "serve_rss_mb": ix["serve"]["rss_end_mb"], "query_p95_ms": ix["serve"]["query_p95_ms"],
                "map_update_p95_s": ix["serve"]["map_update_p95_s"],
                "town_excerpts_p95_s": ix["serve"]["town_excerpts_p95_s"], "restart_load_s": ix["restart"]["load_wall_s"],
                "append_1000_s": ix["append_1000"]["process_wall_s"]}  # fmt: skip
    if "query" in result:
        got |= {k: result["query"][k] for k in ("query_vs_duckdb", "pandas_vs_query")}
    if "dask_query" in result:
        got["dask_identical"] = result["dask_query"]["identical"]
    out = {}
    for k, v in got.items():
        target = TARGETS[k]
        ok = v is target if isinstance(target, bool) else (v >= target if k == "pandas_vs_query" else v <= target)
        out[k] = {"value": v, "target": target, "met": ok}
    return out


def _print(result: dict, prefix: str = "") -> None:
    for k, v in result.items():
        if isinstance(v, dict):
            _print(v, f"{prefix}{k}.")
        else:
            print(f"{prefix + k:<52} {v}")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=10_000_000, help="events for the index phases")
    ap.add_argument("--query-events", type=int, default=1_000_000, help="events for the query comparison")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="200,000 / 100,000 events, 5 runs, 200 articles")
    ap.add_argument("--skip-index", action="store_true")
    ap.add_argument("--skip-query", action="store_true")
    ap.add_argument("--skip-dask", action="store_true", help="neither Dask query nor Dask ingest")
    ap.add_argument("--skip-dask-ingest", action="store_true")
    ap.add_argument("--skip-pages", action="store_true", help="no page runs (benchmarks.scale_pages)")
    ap.add_argument("--tmp", help="folder for the generated files (default: a temporary folder)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "scale.json"))
    ap.add_argument("--phase", choices=("build", "serve", "restart"), help=argparse.SUPPRESS)
    ap.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    ap.add_argument("--queries", type=int, default=200, help=argparse.SUPPRESS)
    ap.add_argument("--maps", type=int, default=30, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        phases = {"build": lambda: phase_build(args.path), "restart": lambda: phase_restart(args.path),
                  "serve": lambda: phase_serve(args.path, args.queries, args.maps)}  # fmt: skip
        res = phases[args.phase]()
        print(json.dumps(res))
        return res
    if args.quick:
        args.events, args.query_events, args.runs, args.articles = 200_000, 100_000, 5, 200
    result: dict = {"quick": args.quick}
    with tempfile.TemporaryDirectory(prefix="cm-scale-", dir=args.tmp) as tmp:
        if not args.skip_query:
            result["query"] = bench_query(args.query_events, Path(tmp), args.runs)
        if not args.skip_dask:
            result["dask_query"] = bench_dask_query(Path(tmp), args.query_events)
        if not args.skip_index:
            result["index"] = bench_index(args.events, Path(tmp), pages=not args.skip_pages)
        if not args.skip_dask and not args.skip_dask_ingest:
            result["dask_ingest"] = bench_dask_ingest(args.articles, Path(tmp))
    result["targets"] = verdicts(result)
    _print(result)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
