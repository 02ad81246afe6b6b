import re

import pytest

from conflictmap.settings import SETTINGS, load_settings
from tests.conftest import ROOT


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = {m.group(1) for m in re.finditer(r"^\| (\w+) \|", readme, re.M)}
    missing = [s.name for s in SETTINGS if s.name not in table]
    assert not missing, f"settings missing from README's Settings table: {missing}"


def test_online_features_are_off_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("CONFLICTMAP_SETTINGS", str(tmp_path / "none.json"))
    values = load_settings()
    assert values["online_tiles"] is False and values["online_geocoder"] == "off"


def test_file_then_environment_then_overrides(monkeypatch, tmp_path):
    f = tmp_path / "s.json"
    f.write_text('{"online_tiles": true, "max_upload_mb": 5}')
    monkeypatch.setenv("CONFLICTMAP_SETTINGS", str(f))
    monkeypatch.setenv("CONFLICTMAP_MAX_UPLOAD_MB", "7")
    v = load_settings({"analyst": "amal"})
    assert v["online_tiles"] is True and v["max_upload_mb"] == 7 and v["analyst"] == "amal"


@pytest.mark.parametrize("content", ['{"nope": 1}', "not json"])
def test_bad_settings_file_is_a_clear_error(monkeypatch, tmp_path, content):
    f = tmp_path / "s.json"
    f.write_text(content)
    monkeypatch.setenv("CONFLICTMAP_SETTINGS", str(f))
    with pytest.raises(ValueError, match=str(f.name)):
        load_settings()
