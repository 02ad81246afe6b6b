"""Write static/basemap/live-basemap.json, the dashboard map's basemap, from geodata/.

    python -m scripts.build_live_basemap

The live map fetches this one file (country borders simplified away from Iraq, rivers and lakes, Iraq's
governorate borders, the reference place names) instead of receiving it inside every rerun's message; see
conflictmap.mapview.basemap.LiveBasemap. Rerun after `make geodata`; tests/unit/mapview/test_live_basemap.py
fails while the file is out of date. Reruns are byte-identical.
"""

from __future__ import annotations

import sys

from conflictmap.mapview.basemap import LIVE_BASEMAP, live_basemap_json
from conflictmap.store.csvfile import atomic_write_bytes


def main() -> int:
    """Build the file and say how big it is."""
    data = live_basemap_json().encode("utf-8")
    LIVE_BASEMAP.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(LIVE_BASEMAP, data)
    print(f"wrote {LIVE_BASEMAP.relative_to(LIVE_BASEMAP.parents[2])} ({len(data) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
