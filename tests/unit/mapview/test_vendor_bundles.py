"""The live map's bundled script and stylesheet are exactly the vendored files they are made of."""

import hashlib
import json

from conflictmap.mapview import assets
from scripts import vendor_assets


def test_bundles_are_fresh_and_in_the_manifest():
    manifest = json.loads((assets.VENDOR_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert set(vendor_assets.BUNDLES) == {assets.LIVE_JS, assets.LIVE_CSS}
    for rel, parts in vendor_assets.BUNDLES.items():
        data = (assets.VENDOR_DIR / rel).read_bytes()
        assert data == vendor_assets.bundle_bytes(assets.VENDOR_DIR, parts), f"{rel} is stale: run --bundles"
        assert manifest["bundles"]["files"][rel] == hashlib.sha256(data).hexdigest()
        text = data.decode("utf-8")
        assert "sourceMappingURL" not in text  # the .map files are not vendored
        for part in parts:  # every part is in, in order
            assert text.index(f"/* {part} */") >= 0
        assert [text.index(f"/* {p} */") for p in parts] == sorted(text.index(f"/* {p} */") for p in parts)
