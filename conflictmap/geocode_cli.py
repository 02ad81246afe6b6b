"""The geocode command: the offline gazetteer's own CLI, plus `--online` through the settings' online geocoder.

    python -m conflictmap geocode "Tal Afar" [--country IQ] [--all] | --batch FILE      (offline, geo.gazetteer)
    python -m conflictmap geocode "Qayyarah Airfield West" --online [--country IQ]

--online asks the gazetteer first and, for a name it lacks, the service the online_geocoder setting names
(nominatim or geonames), through geo.gazetteer.GeocoderChain: the settings' timeout and rate limit, the project's
User-Agent, answers cached in .cache/geocode-<service>.json. With the setting off, --online says how to switch it on.
"""

from __future__ import annotations

import argparse
import json
import sys

ONLINE_HELP = (
    "\n--online: for a name the gazetteer lacks, ask the online geocoder named by the online_geocoder setting "
    "(settings.json or CONFLICTMAP_ONLINE_GEOCODER=nominatim|geonames); rate-limited and cached."
)


def cli(argv: list[str]) -> int:
    """Offline lookups go to geo.gazetteer.cli; with --online, GeocoderChain answers (0 found, 1 not, 2 bad use)."""
    from conflictmap.geo import gazetteer

    if "--online" not in argv:
        if "-h" in argv or "--help" in argv:
            try:
                gazetteer.cli(argv)
            except SystemExit:
                pass
            print(ONLINE_HELP)
            return 0
        return gazetteer.cli(argv)
    ap = argparse.ArgumentParser(prog="python -m conflictmap geocode --online", description=ONLINE_HELP.strip())
    ap.add_argument("name", help="a place name")
    ap.add_argument("--country", action="append", help="ISO country code to restrict to (repeatable)")
    args = ap.parse_args([a for a in argv if a != "--online"])
    from conflictmap.settings import load_settings

    settings = load_settings()
    service = settings.get("online_geocoder") or "off"
    if service == "off":
        print(
            "error: --online needs an online geocoder: set online_geocoder to nominatim or geonames "
            "(settings.json, the Settings page, or CONFLICTMAP_ONLINE_GEOCODER=nominatim)",
            file=sys.stderr,
        )
        return 2
    chain = gazetteer.GeocoderChain(settings)
    offline = chain.offline.geocode(args.name, country_codes=args.country)
    loc = offline or chain.geocode(args.name, country_codes=args.country)
    if loc is None:
        print(f"no place matches {args.name!r} in the gazetteer or {service}", file=sys.stderr)
        return 1
    found = {"name": args.name, "address": loc.address, "lat": loc.latitude, "lon": loc.longitude}
    print(json.dumps(found | {"source": "gazetteer" if offline else service}, ensure_ascii=False, indent=1))
    return 0
