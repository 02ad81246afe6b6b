"""Every setting in one table, each with its default, type and help text.

Values come from, in order: the defaults below, `settings.json` in the project root (or the file named by
CONFLICTMAP_SETTINGS), then environment variables CONFLICTMAP_<NAME>. The dashboard's Settings page changes
them for the current session only. Online features are off by default: the app never touches the network
unless the user switches one on.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictmap.model import PROJECT_ROOT


@dataclass(frozen=True)
class Setting:
    """One setting: name, type, default and what it does."""

    name: str
    type: type
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("events_path", str, "events.csv", "Events file the dashboard shows (relative to the project root)."),
    Setting(
        "articles_dir",
        str,
        "articles",
        "Folder of the stored articles (.txt + .json sidecars) the Sources page reads and the Ingest page writes.",
    ),
    Setting(
        "online_tiles",
        bool,
        False,
        "Draw OpenStreetMap tiles under the map. Needs network; off by default (the bundled vector basemap is used).",
    ),
    Setting(
        "tile_url",
        str,
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "Tile URL template used when online_tiles is on.",
    ),
    Setting(
        "tile_attribution",
        str,
        "&copy; OpenStreetMap contributors",
        "Attribution shown for the online tiles.",
    ),
    Setting(
        "online_geocoder",
        str,
        "off",
        "Online geocoder tried after the offline gazetteer: off, nominatim or geonames. Rate-limited and cached.",
    ),
    Setting("geonames_username", str, "", "GeoNames account name, needed when online_geocoder is geonames."),
    Setting("geocoder_timeout", float, 5.0, "Seconds before an online geocoder request is given up."),
    Setting("geocoder_min_delay", float, 1.0, "Minimum seconds between online geocoder requests (usage policies)."),
    Setting("max_upload_mb", int, 20, "Largest file the Ingest page accepts, in MB."),
    Setting("analyst", str, "", "Name recorded with corrections made in the dashboard (who)."),
    Setting(
        "allowed_hosts",
        str,
        "",
        "Host names, comma-separated, that `python -m conflictmap serve` answers besides 127.0.0.1 and localhost "
        "(e.g. the machine's name on a LAN). Read when the server starts.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


MINIMUMS = {"max_upload_mb": 1, "geocoder_timeout": 0.1, "geocoder_min_delay": 0.0}


def _coerce(setting: Setting, value: Any) -> Any:
    if setting.type is bool and isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    try:
        out = setting.type(value)
    except (TypeError, ValueError) as e:
        raise ValueError(f"setting {setting.name}: {value!r} is not a {setting.type.__name__}") from e
    low = MINIMUMS.get(setting.name)
    if low is not None and not out >= low:  # `not >=`: NaN is refused too
        raise ValueError(f"setting {setting.name}: {value!r} is below its minimum {low}")
    return out


def settings_file() -> Path:
    """Where persistent settings are read from."""
    return Path(os.environ.get("CONFLICTMAP_SETTINGS", PROJECT_ROOT / "settings.json"))


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then settings.json, then CONFLICTMAP_* environment variables, then overrides."""
    values = {s.name: s.default for s in SETTINGS}
    path = settings_file()
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ValueError(f"{path}: not valid JSON ({e}); fix or delete it") from e
        for k, v in data.items():
            if k not in _BY_NAME:
                raise ValueError(f"{path}: unknown setting {k!r}; known: {', '.join(_BY_NAME)}")
            values[k] = _coerce(_BY_NAME[k], v)
    for s in SETTINGS:
        env = os.environ.get(f"CONFLICTMAP_{s.name.upper()}")
        if env is not None:
            values[s.name] = _coerce(s, env)
    for k, v in (overrides or {}).items():
        if k not in _BY_NAME:
            raise KeyError(f"unknown setting {k!r}")
        values[k] = _coerce(_BY_NAME[k], v)
    return values
