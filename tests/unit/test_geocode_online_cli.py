"""`geocode --online`: the settings' online geocoder behind the gazetteer (geopy mocked: tests never use the network)."""

from __future__ import annotations

import json

import geopy.geocoders
import pytest
from geopy.location import Location
from geopy.point import Point

import conflictmap.geo.gazetteer as gazetteer
from conflictmap import geocode_cli


@pytest.fixture
def service(monkeypatch, tmp_path):
    asked = []

    def fake_geocode(self, query, **kw):
        asked.append((query, self.headers.get("User-Agent"), self.timeout))
        return Location("Qayyarah Airfield West, Nineveh, Iraq", Point(35.77, 43.12), {"source": "mock"})

    monkeypatch.setattr(geopy.geocoders.Nominatim, "geocode", fake_geocode)
    monkeypatch.setattr(gazetteer, "PROJECT_ROOT", tmp_path)  # the answer cache: tmp/.cache/geocode-nominatim.json
    monkeypatch.setenv("CONFLICTMAP_SETTINGS", str(tmp_path / "no-settings.json"))
    monkeypatch.setenv("CONFLICTMAP_GEOCODER_MIN_DELAY", "0")
    monkeypatch.setenv("CONFLICTMAP_GEOCODER_TIMEOUT", "3")
    return asked


def test_online_lookup_uses_the_setting_the_rate_limit_and_the_cache(service, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CONFLICTMAP_ONLINE_GEOCODER", "nominatim")
    assert geocode_cli.cli(["Qayyarah Airfield West", "--online"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["lat"], out["lon"], out["source"]) == (35.77, 43.12, "nominatim")
    assert service == [("Qayyarah Airfield West", "conflictmap (open-source conflict mapping)", 3.0)]
    assert geocode_cli.cli(["Qayyarah Airfield West", "--online"]) == 0  # answered from the cache
    assert len(service) == 1 and "Qayyarah" in (tmp_path / ".cache" / "geocode-nominatim.json").read_text()
    assert geocode_cli.cli(["Tikrit", "--online"]) == 0  # the gazetteer first: no request
    assert json.loads(capsys.readouterr().out.split("\n}\n")[-2] + "\n}")["source"] == "gazetteer"
    assert len(service) == 1


def test_online_needs_the_setting(service, monkeypatch, capsys):
    monkeypatch.delenv("CONFLICTMAP_ONLINE_GEOCODER", raising=False)
    assert geocode_cli.cli(["Qayyarah Airfield West", "--online"]) == 2
    assert "online_geocoder" in capsys.readouterr().err and service == []


def test_offline_lookups_and_help_still_go_to_the_gazetteer(capsys):
    assert geocode_cli.cli(["Tall Afar"]) == 0 and json.loads(capsys.readouterr().out)["geonameid"] == 90393
    assert geocode_cli.cli(["--help"]) == 0 and "--online" in capsys.readouterr().out
