"""`python -m conflictmap serve [STREAMLIT OPTIONS]`: start the dashboard, warmed up for its first visitor.

A plain `streamlit run dashboard.py` imports pandas, folium and altair, simplifies the basemap and reads the
events file only when the first browser connects, so the first visitor waits about a second longer than
everyone after. This launcher does the imports and the basemap before the server starts listening, and loads
the events file into the pages' cache in a background thread as soon as the server's runtime exists. Options
are passed to `streamlit run` unchanged; .streamlit/config.toml already sets headless mode and 127.0.0.1.

It also guards the server (see `guard_app`): only requests whose Host (and Origin, when sent) name this machine or
a host listed in the allowed_hosts setting are answered, over HTTP and on the WebSocket, so a page on another site
cannot reach the app through DNS rebinding; and every response says that no other site may frame the app
(`frame-ancestors 'none'`, X-Frame-Options DENY) and that pages load code and data from the app's origin only.
Files whose URL changes with their content (the live map's basemap, a component's hashed build
files) are sent with a year's caching, so a returning browser loads the map without asking (`cache_control`).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from urllib.parse import urlsplit

from conflictmap.model import PROJECT_ROOT

log = logging.getLogger(__name__)
WARM_MESSAGE = "Conflict Map: the events file is loaded for the first visitor"


def _warm_events_when_ready(timeout_s: float = 60.0) -> None:
    from streamlit.runtime import Runtime

    from ui.common import warm_up_events, warm_up_map_component

    deadline = time.monotonic() + timeout_s
    while not Runtime.exists():  # st.cache_data must store into the running server's cache, not a throwaway one
        if time.monotonic() > deadline:
            return
        time.sleep(0.01)
    started = time.monotonic()
    try:
        warm_up_map_component()
    except Exception:  # only a slower first page: the page imports it itself
        log.exception("registering the map component ahead of the first visitor failed")
    try:
        warm_up_events()
    except Exception:  # only a slower first page: the page itself reports real problems with the file
        log.exception("loading the events file ahead of the first visitor failed")
        return
    # said on stderr (Streamlit's own lines go there too), so an operator and the benchmarks can tell when the
    # server is warm: before this line, a first visitor's page waits for the load
    print(f"{WARM_MESSAGE} ({time.monotonic() - started:.2f} s)", file=sys.stderr, flush=True)


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# the component iframes (the map) are framed by the app itself; nothing else may be framed at all
SELF_FRAMED = ("/component/", "/_stcore/bidi-components/")


def _hostname(host: str) -> str | None:
    """'127.0.0.1:8501' -> '127.0.0.1', '[::1]:8501' -> '::1'; None when it is not a plain host[:port]."""
    try:
        parts = urlsplit(f"//{host}")
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if not parts.hostname or parts.username or parts.password or parts.path or parts.query or parts.fragment:
        return None
    return parts.hostname.lower().rstrip(".")


# how long a browser may keep a file whose URL changes with its content: a year, Streamlit's own bundles' figure
KEEP = "public, max-age=31536000, immutable"
# a component's build output named by its content (streamlit-folium's static/js/main.521860b0.js)
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}(\.chunk)?\.(js|css)$")


def cache_control(path: str, query: str) -> str | None:
    """The Cache-Control of a response whose default we change, else None (Streamlit's own choice stands).

    Our static files (/app/static/) that the map asks for with their content's digest as ?v=
    (assets.versioned_url), and a component's hashed build files (sent as plain "public", which has the browser
    fetch them again on each visit), are kept for good: a changed file has a new URL."""
    if path.startswith("/app/static/") and any(p.startswith("v=") and len(p) > 2 for p in query.split("&")):
        return KEEP
    if path.startswith("/component/") and HASHED_NAME.search(path):
        return KEEP
    return None


def content_security_policy(path: str, extra_img: tuple[str, ...] = ()) -> str:
    """The CSP of a response: code, styles, data and frames from the app's own origin only; not framed by others."""
    ancestors = "'self'" if path.startswith(SELF_FRAMED) else "'none'"
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Streamlit's and the map's inline scripts, Vega
        "style-src 'self' 'unsafe-inline'",
        "img-src " + " ".join(("'self'", "data:", "blob:", *extra_img)),
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self' blob: data:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ))  # fmt: skip


class GuardedApp:
    """ASGI middleware around Streamlit's app: a Host/Origin allow-list on HTTP and WebSocket, security headers."""

    def __init__(self, app, allowed_hosts: tuple[str, ...] = LOCAL_HOSTS, extra_img: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed = {h.strip().lower().rstrip(".").strip("[]") for h in allowed_hosts if h.strip()}
        self.extra_img = extra_img

    def allows(self, host: str | None, origin: str | None) -> bool:
        """True when the Host names an allowed host and the Origin, if any, is that same host and port."""
        name = _hostname(host or "")
        if name is None or name not in self.allowed:
            return False
        if origin is None:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == (host or "").lower()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if not self.allows(headers.get("host"), headers.get("origin")):
            log.warning("refused a %s request for host %r from origin %r", scope["type"], headers.get("host"),
                        headers.get("origin"))  # fmt: skip
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})  # before accept: the handshake gets 403
            else:
                await self._send_forbidden(scope, send)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        extra = self._security_headers(scope.get("path", ""))
        caching = cache_control(scope.get("path", ""), scope.get("query_string", b"").decode("latin-1"))

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if caching is not None and message.get("status") in (200, 304):
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", caching.encode("latin-1")))
                names = {k.lower() for k, _ in headers}
                message = {**message, "headers": [*headers, *((k, v) for k, v in extra if k not in names)]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _security_headers(self, path: str) -> list[tuple[bytes, bytes]]:
        framed = path.startswith(SELF_FRAMED)
        return [
            (b"content-security-policy", content_security_policy(path, self.extra_img).encode("latin-1")),
            (b"x-frame-options", b"SAMEORIGIN" if framed else b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
        ]

    async def _send_forbidden(self, scope, send) -> None:
        body = b"Forbidden: this server answers only requests for its own host names.\n"
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                   *self._security_headers(scope.get("path", ""))]  # fmt: skip
        await send({"type": "http.response.start", "status": 403, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _tile_origin(url: str) -> tuple[str, ...]:
    """The origin of the operator's tile URL template, for img-src (tiles are off by default)."""
    parts = urlsplit(url.replace("{s}", "*"))
    return (f"{parts.scheme}://{parts.netloc}",) if parts.scheme in ("http", "https") and parts.netloc else ()


def guard_app() -> None:
    """Wrap the ASGI app Streamlit's server creates in GuardedApp (hosts from allowed_hosts and server.address)."""
    from streamlit import config
    from streamlit.web.server.starlette import starlette_server

    from conflictmap.settings import load_settings

    values = load_settings()
    address = str(config.get_option("server.address") or "")
    hosts = (
        *LOCAL_HOSTS,
        *values["allowed_hosts"].split(","),
        *([address] if address not in ("", "0.0.0.0", "::") else []),
    )
    # the operator's tile server may serve images, so a session can switch online tiles on; another tile URL typed
    # on the Settings page is blocked by the browser until the operator sets it
    img = _tile_origin(values["tile_url"])
    create = starlette_server.create_starlette_app
    if getattr(create, "guarded", False):
        return

    def create_guarded(runtime):
        return GuardedApp(create(runtime), hosts, img)

    create_guarded.guarded = True
    starlette_server.create_starlette_app = create_guarded


def cli(argv: list[str]) -> int:
    """Run `streamlit run dashboard.py ARGV...` in this process, warmed up first."""
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    from streamlit.web import cli as st_cli

    from ui.common import warm_up_code

    try:
        warm_up_code()
    except Exception:  # the page will do (and report) the same work itself
        log.exception("warm-up failed; the first page will do this work itself")
    # dashboard.py declares its pages with st.navigation. Until some session has run it, Streamlit treats the
    # pages/ folder as old-style pages: a first visitor arriving by a deep link (/events, /sources?...) would run
    # that page file alone and see every module of pages/ listed as a page. Say up front that it is not so.
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    guard_app()
    threading.Thread(target=_warm_events_when_ready, name="conflictmap-warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "dashboard.py"), *argv]
    return int(st_cli.main(standalone_mode=False) or 0)
