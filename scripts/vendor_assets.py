"""Vendor the map's JavaScript and CSS into static/vendor/ from pinned npm packages, with their licences.

Run `python -m scripts.vendor_assets` (needs npm and the npm registry); `--bundles` only rebuilds the live
map's bundles (BUNDLES) from the files already vendored. The result is committed, so the
dashboard never needs a network: Streamlit serves static/ at /app/static/ and folium is pointed there
(conflictmap/assets.py). Reruns are byte-identical; static/vendor/manifest.json records a sha256 per file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from conflictmap.store.csvfile import atomic_write_bytes

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"

# name: (npm package, version, licence, files to copy: package-relative source -> vendor-relative target)
PACKAGES: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "leaflet": (
        "leaflet",
        "1.9.3",
        "BSD-2-Clause",
        {
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            "dist/images/layers.png": "images/layers.png",
            "dist/images/layers-2x.png": "images/layers-2x.png",
            "dist/images/marker-icon.png": "images/marker-icon.png",
            "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
            "dist/images/marker-shadow.png": "images/marker-shadow.png",
            "LICENSE": "LICENSE",
        },
    ),
    "jquery": ("jquery", "3.7.1", "MIT", {"dist/jquery.min.js": "jquery.min.js", "LICENSE.txt": "LICENSE.txt"}),
    "bootstrap": (
        "bootstrap",
        "5.2.2",
        "MIT",
        {
            "dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
            "dist/css/bootstrap.min.css": "bootstrap.min.css",
            "LICENSE": "LICENSE",
        },
    ),
    "fontawesome": (
        "@fortawesome/fontawesome-free",
        "6.2.0",
        "CC-BY-4.0 (icons), OFL-1.1 (fonts), MIT (code)",
        {
            "css/all.min.css": "css/all.min.css",
            "webfonts/fa-brands-400.woff2": "webfonts/fa-brands-400.woff2",
            "webfonts/fa-regular-400.woff2": "webfonts/fa-regular-400.woff2",
            "webfonts/fa-solid-900.woff2": "webfonts/fa-solid-900.woff2",
            "webfonts/fa-v4compatibility.woff2": "webfonts/fa-v4compatibility.woff2",
            "webfonts/fa-brands-400.ttf": "webfonts/fa-brands-400.ttf",
            "webfonts/fa-regular-400.ttf": "webfonts/fa-regular-400.ttf",
            "webfonts/fa-solid-900.ttf": "webfonts/fa-solid-900.ttf",
            "webfonts/fa-v4compatibility.ttf": "webfonts/fa-v4compatibility.ttf",
            "LICENSE.txt": "LICENSE.txt",
        },
    ),
    "awesome-markers": (
        "leaflet.awesome-markers",
        "2.0.5",
        "MIT",
        {
            "dist/leaflet.awesome-markers.js": "leaflet.awesome-markers.js",
            "dist/leaflet.awesome-markers.css": "leaflet.awesome-markers.css",
            "dist/images/markers-soft.png": "images/markers-soft.png",
            "dist/images/markers-soft@2x.png": "images/markers-soft@2x.png",
            "dist/images/markers-shadow.png": "images/markers-shadow.png",
            "dist/images/markers-shadow@2x.png": "images/markers-shadow@2x.png",
            "dist/images/markers-matte.png": "images/markers-matte.png",
            "dist/images/markers-matte@2x.png": "images/markers-matte@2x.png",
            "dist/images/markers-plain.png": "images/markers-plain.png",
            "LICENSE": "LICENSE",
        },
    ),
    "heatmap": (
        "leaflet.heat",
        "0.2.0",
        "BSD-2-Clause",
        {"dist/leaflet-heat.js": "leaflet-heat.js", "LICENSE": "LICENSE"},
    ),
    "markercluster": (
        "leaflet.markercluster",
        "1.5.3",
        "MIT",
        {
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/MarkerCluster.css": "MarkerCluster.css",
            "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
            "MIT-LICENCE.txt": "MIT-LICENCE.txt",
        },
    ),
}


# The dashboard's live map loads these as one script and one stylesheet: the map component loads scripts one
# after another, so three files cost three round trips before the first marker. Parts are vendored files above,
# joined in order with their source-map comments dropped (the .map files are not vendored). The stylesheet
# sits in leaflet/ so leaflet.css's relative url(images/...) references still resolve.
BUNDLES: dict[str, tuple[str, ...]] = {
    "leaflet/live-map.js": (
        "leaflet/leaflet.js",
        "markercluster/leaflet.markercluster.js",
        "heatmap/leaflet-heat.js",
    ),
    "leaflet/live-map.css": (
        "leaflet/leaflet.css",
        "markercluster/MarkerCluster.css",
        "markercluster/MarkerCluster.Default.css",
    ),
}


def bundle_bytes(dest: Path, parts: tuple[str, ...]) -> bytes:
    """The bundle of vendored files `parts` (relative to dest): each without source-map comments, joined."""
    out = []
    for rel in parts:
        text = (dest / rel).read_text(encoding="utf-8")
        lines = [
            ln for ln in text.splitlines() if not ln.startswith(("//# sourceMappingURL=", "/*# sourceMappingURL="))
        ]
        out.append(f"/* {rel} */\n" + "\n".join(lines).rstrip() + ("\n;\n" if rel.endswith(".js") else "\n"))
    return "".join(out).encode("utf-8")


def write_bundles(dest: Path = VENDOR) -> dict[str, str]:
    """Write every bundle from the vendored files; returns bundle path -> sha256."""
    hashes = {}
    for rel, parts in BUNDLES.items():
        data = bundle_bytes(dest, parts)
        atomic_write_bytes(dest / rel, data)
        hashes[rel] = hashlib.sha256(data).hexdigest()
    return hashes


def _npm_pack(package: str, version: str, workdir: Path) -> Path:
    """Download one pinned package tarball with npm and unpack it; returns the package directory."""
    out = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent"], cwd=workdir, check=True, capture_output=True, text=True
    )
    tarball = workdir / out.stdout.strip().splitlines()[-1]
    target = workdir / tarball.stem
    with tarfile.open(tarball) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def vendor_all(dest: Path = VENDOR) -> dict:
    """Copy every pinned asset into dest and return the manifest (name -> package, version, licence, files)."""
    manifest: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (package, version, licence, files) in PACKAGES.items():
            src = _npm_pack(package, version, Path(tmp))
            target = dest / name
            if target.exists():
                shutil.rmtree(target)
            hashes = {}
            for rel_src, rel_dst in files.items():
                data = (src / rel_src).read_bytes()
                atomic_write_bytes(target / rel_dst, data)
                hashes[rel_dst] = hashlib.sha256(data).hexdigest()
            manifest[name] = {"package": package, "version": version, "licence": licence, "files": hashes}
    manifest["bundles"] = {"parts": {k: list(v) for k, v in BUNDLES.items()}, "files": write_bundles(dest)}
    atomic_write_bytes(dest / "manifest.json", (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    return manifest


def main() -> int:
    """Vendor the assets and print what was written."""
    if sys.argv[1:] == ["--bundles"]:  # rebuild only the bundles from the files already vendored (no npm)
        manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
        manifest["bundles"] = {"parts": {k: list(v) for k, v in BUNDLES.items()}, "files": write_bundles()}
        atomic_write_bytes(VENDOR / "manifest.json", (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
        print("\n".join(manifest["bundles"]["files"]))
        return 0
    manifest = vendor_all()
    for name, entry in manifest.items():
        if name == "bundles":
            continue
        print(f"{name:16} {entry['package']}@{entry['version']:8} {len(entry['files'])} files  {entry['licence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
