"""ui/serve.py's caching headers: files whose URL changes with their content are kept by the browser for a year,
so a returning visitor's map loads its script, stylesheet, basemap and component code without asking."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from conflictmap.mapview import assets
from conflictmap.mapview.basemap import live_basemap_url
from ui.serve import KEEP, GuardedApp, cache_control


def respond(path: str, query: str = "", status: int = 200, cache: bytes | None = b"public") -> dict[str, str]:
    """The headers GuardedApp sends for a GET of path?query answered by an app that sets `cache`."""

    async def app(scope, receive, send):
        headers = [(b"content-type", b"text/plain")] + ([(b"cache-control", cache)] if cache else [])
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"x"})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {"type": "http", "path": path, "query_string": query.encode(), "headers": [(b"host", b"127.0.0.1:8501")]}
    # in a thread of its own: an earlier test in the same process may leave an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, GuardedApp(app)(scope, receive, send)).result()
    start = sent[0]
    names = [k.decode().lower() for k, _ in start["headers"]]
    assert names.count("cache-control") <= 1, "one Cache-Control header"
    return {k.decode().lower(): v.decode() for k, v in start["headers"]}


def test_the_live_maps_versioned_basemap_is_kept_for_a_year():
    path, query = live_basemap_url().split("?")
    assert query.startswith("v=")
    assert respond(path, query, cache=None)["cache-control"] == KEEP
    assert respond(path, query, status=304, cache=None)["cache-control"] == KEEP


def test_a_components_hashed_build_files_are_kept_and_its_page_is_not():
    js = "/component/streamlit_folium.st_folium/static/js/main.521860b0.js"
    assert respond(js)["cache-control"] == KEEP  # Streamlit says only "public": refetched on every visit
    page = "/component/streamlit_folium.st_folium/index.html"
    assert respond(page, cache=b"no-cache")["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("path", "query", "cache"),
    [
        ("/app/static/vendor/leaflet/live-map.js", "", None),  # unversioned: might change under the same URL
        ("/app/static/vendor/leaflet/live-map.js", "v=", None),
        ("/app/static/vendor/leaflet/live-map.js", "x=1", None),
        ("/", "v=abc", b"no-cache"),
        ("/static/js/index.js", "", b"public, immutable, max-age=31536000"),
        ("/component/streamlit_folium.st_folium/static/js/main.js", "", b"public"),
    ],
)
def test_other_responses_keep_streamlits_own_caching(path, query, cache):
    assert cache_control(path, query) is None
    got = respond(path, query, cache=cache).get("cache-control")
    assert got == (cache.decode() if cache else None)


def test_an_error_is_not_made_cacheable():
    url = live_basemap_url()
    path, query = url.split("?")
    assert respond(path, query, status=404, cache=None).get("cache-control") is None


def test_a_versioned_url_changes_with_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path)
    f = tmp_path / "basemap" / "x.json"
    f.parent.mkdir()
    f.write_text("{}", encoding="utf-8")
    first = assets.versioned_url(f)
    assert first.startswith(f"{assets.STATIC_URL}/basemap/x.json?v=")
    f.write_text('{"a": 1}', encoding="utf-8")
    assert assets.versioned_url(f) != first
    assert assets.versioned_url(tmp_path / "missing.json") is None
