"""The geocode CLI contract and the online chain (with a fake service: tests never use the network)."""

import json
import subprocess
import sys

from geopy.location import Location
from geopy.point import Point

from conflictmap.geo.gazetteer import GeocodeCache, GeocoderChain
from tests.conftest import ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "conflictmap", "geocode", *args], cwd=ROOT, capture_output=True,
                          text=True)  # fmt: skip


def test_cli_one_all_batch_and_no_match(tmp_path):
    one = run("Tall Afar")
    assert one.returncode == 0 and json.loads(one.stdout)["geonameid"] == 90393
    ranked = json.loads(run("Samara", "--all").stdout)
    assert len(ranked) > 1 and {"name", "lat", "lon", "geonameid", "country_code", "admin1", "feature",
                                "precision", "score"} <= set(ranked[0])  # fmt: skip
    assert json.loads(run("Samara", "--country", "IQ").stdout)["country_code"] == "IQ"
    missing = run("Qwxzyplkv")
    assert missing.returncode == 1 and "no place matches" in missing.stderr
    batch = tmp_path / "q.txt"
    batch.write_text("Tikrit\nQwxzyplkv\nSamara\tRU\n", encoding="utf-8")
    lines = [json.loads(x) for x in run("--batch", str(batch)).stdout.splitlines()]
    assert lines[0]["country_code"] == "IQ" and lines[1] is None and lines[2]["country_code"] == "RU"


class FakeService:
    def __init__(self, fail=False):
        self.calls, self.fail = [], fail

    def __call__(self, query, **kwargs):
        self.calls.append(query)
        if self.fail:
            raise TimeoutError("network down")
        return Location("Somewhere", Point(10.0, 20.0), {})


def chain_with(service, tmp_path):
    chain = GeocoderChain(settings={"online_geocoder": "off"})
    chain.online, chain.cache = service, GeocodeCache(tmp_path / "geocode.json")
    return chain


def test_online_service_only_for_misses_and_never_asked_twice(tmp_path):
    service = FakeService()
    chain = chain_with(service, tmp_path)
    assert chain.geocode("Mosul").raw["country_code"] == "IQ" and service.calls == []
    assert chain.geocode("Qwxzyplkv").latitude == 10.0
    assert chain.geocode("Qwxzyplkv").latitude == 10.0
    assert service.calls == ["Qwxzyplkv"]
    # the cache is on disk: a new chain does not ask again either
    again = chain_with(service, tmp_path)
    again.geocode("Qwxzyplkv")
    assert service.calls == ["Qwxzyplkv"]


def test_network_failure_means_no_answer_not_a_crash(tmp_path):
    chain = chain_with(FakeService(fail=True), tmp_path)
    assert chain.geocode("Qwxzyplkv") is None
    assert chain.geocode("Tikrit").raw["country_code"] == "IQ"


def test_online_is_off_by_default():
    assert GeocoderChain(settings={}).online is None
