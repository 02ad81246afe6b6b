"""The map's JavaScript and CSS, served by the app itself: folium is pointed at static/vendor/ instead of CDNs.

static/vendor/ is written by scripts/vendor_assets.py from pinned npm packages (licences beside each file).
Streamlit serves static/ at /app/static/ when server.enableStaticServing is on (.streamlit/config.toml).
For a standalone HTML export, `inline_assets` embeds the same files so the page opens with no server at all.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import folium

from conflictmap.model import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
STATIC_URL = "/app/static"

# folium's asset names -> vendored file (relative to static/vendor). Names follow folium's own lists.
VENDORED_JS: dict[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "jquery": "jquery/jquery.min.js",
    "bootstrap": "bootstrap/bootstrap.bundle.min.js",
    "awesome_markers": "awesome-markers/leaflet.awesome-markers.js",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
    "leaflet-heat.js": "heatmap/leaflet-heat.js",
}
VENDORED_CSS: dict[str, str] = {
    "leaflet_css": "leaflet/leaflet.css",
    "bootstrap_css": "bootstrap/bootstrap.min.css",
    "awesome_markers_font_css": "fontawesome/css/all.min.css",
    "awesome_markers_css": "awesome-markers/leaflet.awesome-markers.css",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
}
# Assets folium lists that we deliberately leave out: Bootstrap 3 glyphicons and the awesome-marker rotation CSS
# are only used by folium.Icon glyphs, which this app does not draw.
DROPPED = {"glyphicons_css", "awesome_rotate_css"}
# The dashboard's live map: Leaflet + clustering + heatmap in one script and one stylesheet
# (scripts/vendor_assets.py BUNDLES); one request each instead of three sequential ones.
LIVE_JS = "leaflet/live-map.js"
LIVE_CSS = "leaflet/live-map.css"


class RemoteAssetError(RuntimeError):
    """A map element asked for JavaScript/CSS that is not vendored: offline, the map would break."""


def asset_url(rel: str) -> str:
    """The URL under which Streamlit serves a vendored file."""
    return f"{STATIC_URL}/vendor/{rel}"


def versioned_url(path: Path) -> str | None:
    """The URL of a file under static/ with its content's digest as ?v=: a changed file gets a new URL, so the
    server lets browsers keep it for good (ui/serve.py); None when the file is missing."""
    import hashlib

    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return None
    return f"{STATIC_URL}/{path.relative_to(STATIC_DIR).as_posix()}?v={digest}"


def _localise(pairs: list[tuple[str, str]], table: dict[str, str], kind: str, owner: str) -> list[tuple[str, str]]:
    out = []
    for name, url in pairs:
        if name in DROPPED:
            continue
        if name in table:
            out.append((name, asset_url(table[name])))
        elif url.startswith(STATIC_URL):
            out.append((name, url))
        else:
            raise RemoteAssetError(f"{owner} needs {kind} {name!r} from {url}; vendor it in scripts/vendor_assets.py")
    return out


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def use_offline_assets(m: folium.Map) -> folium.Map:
    """Point every element of the map at vendored assets; raise RemoteAssetError for anything not vendored."""
    for element in _walk(m):
        js = getattr(element, "default_js", None)
        css = getattr(element, "default_css", None)
        owner = type(element).__name__
        if js:
            element.default_js = _localise(list(js), VENDORED_JS, "script", owner)
        if css:
            element.default_css = _localise(list(css), VENDORED_CSS, "stylesheet", owner)
    return m


def vendored_path(url: str) -> Path | None:
    """The file behind a vendored asset URL, or None if the URL is not one of ours."""
    prefix = f"{STATIC_URL}/vendor/"
    if not url.startswith(prefix):
        return None
    path = (VENDOR_DIR / url[len(prefix) :]).resolve()
    return path if path.is_file() and VENDOR_DIR.resolve() in path.parents else None


_FONT_MIME = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".png": "image/png"}


def _css_with_data_urls(css_path: Path) -> str:
    """A stylesheet whose relative url(...) references (fonts, images) are embedded as data: URLs."""
    css = css_path.read_text(encoding="utf-8")

    def embed(match: re.Match) -> str:
        ref = match.group(2).split("?")[0].split("#")[0]
        if ref.startswith(("data:", "http:", "https:", "//")):
            return match.group(0)
        target = (css_path.parent / ref).resolve()
        mime = _FONT_MIME.get(target.suffix)
        if mime is None or not target.is_file():
            return match.group(0)
        return f"url(data:{mime};base64,{base64.b64encode(target.read_bytes()).decode()})"

    return re.sub(r"url\((['\"]?)([^'\")]+)\1\)", embed, css)


def inline_assets(html: str) -> str:
    """Replace <script src>/<link href> tags for vendored assets with the files' contents (standalone HTML)."""

    def script(match: re.Match) -> str:
        path = vendored_path(match.group(1))
        if path is None:
            return match.group(0)
        body = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{body}</script>"

    def link(match: re.Match) -> str:
        path = vendored_path(match.group(1))
        if path is None:
            return match.group(0)
        return f"<style>{_css_with_data_urls(path)}</style>"

    html = re.sub(r'<script src="([^"]+)"></script>', script, html)
    return re.sub(r'<link rel="stylesheet" href="([^"]+)"\s*/?>', link, html)
