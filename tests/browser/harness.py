"""Shared by browser tests and browser benchmarks: start the dashboard, launch Chromium, block the network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dashboard(
    events_path: Path, env_extra: dict | None = None, timeout: float = 60.0, launch: list[str] | None = None
):
    """Start `python -m conflictmap serve` on a free port; return (process, base URL) once healthy.
    launch: other arguments for the Python interpreter instead (a benchmark's baseline page), run from ROOT."""
    port = free_port()
    env = {**os.environ, "CONFLICTMAP_EVENTS_PATH": str(events_path), **(env_extra or {})}
    # the way `make run` starts it; CONFLICTMAP_LAUNCH=streamlit measures a plain `streamlit run` instead
    plain = os.environ.get("CONFLICTMAP_LAUNCH") == "streamlit"
    if launch is None:
        launch = ["-m", "streamlit", "run", str(ROOT / "dashboard.py")] if plain else ["-m", "conflictmap", "serve"]
    cmd = [
        sys.executable, *launch,
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
    ]  # fmt: skip
    # a file, not a pipe: a chatty server must never block on a full pipe buffer
    log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = log.name
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = Path(log.name).read_text(errors="replace")
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{out}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s")


def wait_warm(proc: subprocess.Popen, timeout: float = 120.0) -> bool:
    """Wait until `python -m conflictmap serve` says it has loaded the events file for the first visitor (a
    server is healthy before that: a page opened earlier waits for the load). False on timeout or exit."""
    from ui.serve import WARM_MESSAGE

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if WARM_MESSAGE in Path(proc.log_path).read_text(errors="replace"):
            return True
        time.sleep(0.05)
    return False


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def synthetic_dashboard(tmp_path_factory, name: str, n: int, seed: int):
    """A module fixture's body: the dashboard on `n` synthetic events (yields its url, stops it afterwards)."""
    from conflictmap.store.synthetic import synthetic_events, write_csv

    path = tmp_path_factory.mktemp(name) / "events.csv"
    write_csv(synthetic_events(n, seed=seed), path)
    proc, url = start_dashboard(path)
    yield url
    stop(proc)


def process_rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (127.0.0.1, data:, blob:, about:)."""
    return url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in ("127.0.0.1", "localhost")


class OfflinePage:
    """A Playwright page whose requests outside 127.0.0.1 are aborted and recorded in `.blocked`."""

    def __init__(self, context):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = context
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def _route(self, route):
        if is_local(route.request.url):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


TOOLTIPS = ".leaflet-tooltip-pane .leaflet-tooltip"


def hover_tooltip(frame, marker, timeout: float = 30.0) -> str:
    """The text of a marker's tooltip: hover it (a dispatched mouseover) until its tooltip shows, read it, and close
    it again (mouseout), so one tooltip at most is open. A hover that lands while the map redraws its markers shows
    nothing: it is tried again until `timeout` seconds have passed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tips = frame.locator(TOOLTIPS)
    deadline = time.monotonic() + timeout
    while True:
        try:
            marker.dispatch_event("mouseover", timeout=5_000)
            tips.last.wait_for(state="visible", timeout=3_000)
            text = tips.last.inner_text(timeout=3_000)
            marker.dispatch_event("mouseout", timeout=5_000)
            return text
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
