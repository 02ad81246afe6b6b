"""The committed gazetteer is exactly what scripts/build_geodata.py builds from the pinned packages."""

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
GENERATED = (
    "places.tsv.gz",
    "names.tsv.gz",
    "common_words.tsv",
    "common_words_fr_es.tsv",
    "person_names.tsv",
    "adjectival.tsv",
    "admin1_seats.tsv",
)
INPUTS = (
    "supplement.csv",
    "country_points.csv",
    "admin1_points.tsv",
    "admin_capitals.tsv",
    "us_counties.tsv",
    "boundaries",
)


def test_gazetteer_rebuild_matches_the_committed_files(tmp_path):
    for name in INPUTS:
        src = ROOT / "geodata" / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, tmp_path / name)
    code = f"from scripts import build_geodata as b; from pathlib import Path; print(b.build(Path({str(tmp_path)!r})))"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, timeout=600)
    stale = [n for n in GENERATED if (tmp_path / n).read_bytes() != (ROOT / "geodata" / n).read_bytes()]
    assert not stale, f"geodata/{', '.join(stale)} differ from a rebuild: run `make geodata` and commit"
