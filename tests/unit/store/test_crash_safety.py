"""Crash safety: SIGKILL `ingest` at random moments; events.csv and evidence.csv are always a complete old or new file."""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
KILLS = 50
OUTPUTS = ("events.csv", "evidence.csv")
# What a killed writer may leave behind: store.atomic_write_bytes' temp files (dot-files no loader reads) and
# the lock file (an fcntl lock, released by the kernel when the process dies).
LEFTOVER = re.compile(r"\.(events|evidence)\.csv\.[^/]+\.tmp|events\.csv\.lock")


def article_sets(tmp_path: Path) -> tuple[Path, Path]:
    """The project's articles, and a bigger set: the same plus copies under new ids with other towns and dates."""
    old, new = tmp_path / "articles_old", tmp_path / "articles_new"
    for folder in (old, new):
        folder.mkdir()
        for f in (ROOT / "articles").glob("*.txt"):
            shutil.copy(f, folder)
            shutil.copy(f.with_suffix(".json"), folder)
    for i, f in enumerate(sorted((ROOT / "articles").glob("*.txt")) * 2):
        meta = json.loads(f.with_suffix(".json").read_text(encoding="utf-8"))
        meta["id"] = f"copy{i}_{f.stem}"
        meta["published"] = f"2014-07-{10 + i:02d}"
        text = f.read_text(encoding="utf-8").replace("Mosul", "Kirkuk").replace("Tikrit", "Ramadi")
        (new / f"{meta['id']}.txt").write_text(text, encoding="utf-8")
        (new / f"{meta['id']}.json").write_text(json.dumps(meta), encoding="utf-8")
    return old, new


def ingest_cmd(articles: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "conflictmap", "ingest", str(articles), "-o", str(out / "events.csv"), *extra]


def snapshot(out: Path) -> tuple[bytes, bytes]:
    return tuple((out / name).read_bytes() for name in OUTPUTS)


def reference(articles: Path, out: Path, *extra: str) -> tuple[tuple[bytes, bytes], float]:
    """The outputs of an uninterrupted run, and how long the run took."""
    t0 = time.perf_counter()
    subprocess.run(ingest_cmd(articles, out, *extra), cwd=ROOT, check=True, capture_output=True, timeout=120)
    return snapshot(out), time.perf_counter() - t0


def kill_at(proc: subprocess.Popen, out: Path, delay: float, on_temp_file: bool) -> bool:
    """SIGKILL after `delay` seconds, or as soon as a temp file appears when on_temp_file; True if it was running."""
    deadline = time.perf_counter() + delay
    while time.perf_counter() < deadline and proc.poll() is None:
        if on_temp_file and any(p.name.endswith(".tmp") for p in out.iterdir()):
            break
        time.sleep(0.002)
    running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)  # a no-op when the run already finished
    proc.wait(timeout=30)
    return running


def kill_loop(out: Path, old_new: dict[str, tuple], sets: tuple[Path, Path], kills: int, duration: float, seed: int):
    """Start and kill ingest `kills` times into `out`; after each kill both files must be a complete version."""
    rng = random.Random(seed)
    killed_running, seen, state = 0, {"old": 0, "new": 0}, "old"
    for i in range(kills):
        # each run tries to replace the version on disk with the other one; every other kill waits for the
        # writer's temp file (it lands inside the write itself), the others come at a random moment, some so late
        # that the run completes and the version on disk flips
        articles = sets[0] if state == "old" else sets[1]
        on_temp = i % 2 == 1
        delay = 1.5 * duration if on_temp else rng.uniform(0, 1.3 * duration)
        proc = subprocess.Popen(ingest_cmd(articles, out), cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        killed_running += kill_at(proc, out, delay, on_temp)
        for name, now in zip(OUTPUTS, snapshot(out), strict=True):
            before, after = old_new[name]
            assert now in (before, after), f"kill {i} (seed {seed}): {name} is neither the old nor the new version"
            state = "old" if now == before else "new"
            seen[state] += 1
        stray = [p.name for p in out.iterdir() if p.name not in OUTPUTS and not LEFTOVER.fullmatch(p.name)]
        assert stray == [], f"kill {i} (seed {seed}) left unexpected files"
    return killed_running, seen


def test_sigkill_never_leaves_a_partial_file(tmp_path):
    old_articles, new_articles = article_sets(tmp_path)
    old, _ = reference(old_articles, tmp_path / "ref_old")
    new, first = reference(new_articles, tmp_path / "ref_new")
    assert old[0] != new[0] and old[1] != new[1], "the two article sets must give different outputs"
    # the kill runs find their articles in the extraction cache, as this second run does: time that one, so the
    # random kill moments spread over a run as long as theirs (the first, uncached run is several times longer)
    duration = min(first, reference(new_articles, tmp_path / "ref_new_cached")[1])
    old_new = {name: (old[k], new[k]) for k, name in enumerate(OUTPUTS)}
    seed = int(time.time())
    outs = [tmp_path / f"out{j}" for j in range(2)]
    for out in outs:
        shutil.copytree(tmp_path / "ref_old", out)
    # two kill loops side by side (2 cores) keep 50 kills well inside the time budget
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(kill_loop, out, old_new, (new_articles, old_articles), KILLS // 2, duration, seed + j)
                for j, out in enumerate(outs)]  # fmt: skip
        results = [r.result() for r in runs]
    killed_running = sum(r[0] for r in results)
    assert killed_running >= KILLS // 2, f"only {killed_running} kills hit a running ingest (seed {seed})"
    leftovers = sorted(p.name for out in outs for p in out.iterdir() if p.name.endswith(".tmp"))
    again, _ = reference(new_articles, outs[0])
    assert again == new, "a rerun after the kills must give the uninterrupted result"
    # killed runs may have filled the extraction cache (.cache/ingest): a run without it must agree
    assert reference(new_articles, outs[1], "--no-cache")[0] == new, "the cache filled by killed runs changed output"
    seen = {k: sum(r[1][k] for r in results) for k in ("old", "new")}
    print(f"run {duration:.1f}s, seed {seed}: {killed_running}/{KILLS} kills mid-run, files seen {seen}, "
          f"temp files left by kills {len(leftovers)}")  # fmt: skip
