"""The `python -m conflictmap serve` launcher against real HTTP and WebSocket requests (issue #18, item 2):
a Host or Origin naming another site is refused (DNS rebinding), and no other site may frame the app."""

from __future__ import annotations

import http.client
from urllib.parse import urlparse

import pytest

from .conftest import ROOT
from .harness import start_dashboard, stop, wait_warm

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def started():
    proc, url = start_dashboard(ROOT / "events.csv")
    yield proc, urlparse(url).port
    stop(proc)


@pytest.fixture(scope="module")
def server(started):
    return started[1]


def get(port: int, path: str, headers: dict) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp


def websocket_status(port: int, host: str, origin: str) -> int:
    """The status of a WebSocket handshake to Streamlit's stream endpoint (101: accepted)."""
    headers = {"Host": host, "Origin": origin, "Upgrade": "websocket", "Connection": "Upgrade",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Protocol": "streamlit"}  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/_stcore/stream", headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/events"])
def test_foreign_host_is_refused_over_http(server, path):
    assert get(server, path, {"Host": "evil.example"}).status == 403
    assert (
        get(server, path, {"Host": f"evil.example:{server}", "Origin": f"http://evil.example:{server}"}).status == 403
    )
    assert get(server, path, {"Host": f"127.0.0.1:{server}", "Origin": "http://evil.example"}).status == 403
    assert get(server, path, {"Host": f"127.0.0.1:{server}"}).status == 200
    assert get(server, path, {"Host": f"localhost:{server}"}).status == 200


def test_foreign_host_is_refused_on_the_websocket(server):
    assert websocket_status(server, f"evil.example:{server}", f"http://evil.example:{server}") != 101
    assert websocket_status(server, f"127.0.0.1:{server}", "http://evil.example") != 101
    assert websocket_status(server, f"127.0.0.1:{server}", f"http://127.0.0.1:{server}") == 101


def test_pages_cannot_be_framed_and_load_only_from_the_app(server):
    resp = get(server, "/", {"Host": f"127.0.0.1:{server}"})
    csp = resp.getheader("Content-Security-Policy") or ""
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert resp.getheader("X-Frame-Options") == "DENY"
    sources = [word for part in csp.split(";") for word in part.split()[1:]]
    assert not [s for s in sources if s in ("*", "http:", "https:", "ws:", "wss:") or s.startswith("*")], csp


def test_the_launcher_says_when_the_first_visitor_is_warm(started):
    proc, _ = started
    assert wait_warm(proc, timeout=60), "no word that the events file is loaded"


def test_the_live_maps_basemap_is_kept_by_the_browser(server):
    """The live map's basemap, asked for by its versioned URL, comes with a year's caching (a changed file gets a
    new URL); the same file without its version keeps Streamlit's default."""
    from conflictmap.mapview.basemap import live_basemap_url

    host = {"Host": f"127.0.0.1:{server}"}
    resp = get(server, live_basemap_url(), host)
    assert resp.status == 200
    assert resp.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    plain = get(server, live_basemap_url().split("?")[0], host)
    assert plain.status == 200 and "immutable" not in (plain.getheader("Cache-Control") or "")
