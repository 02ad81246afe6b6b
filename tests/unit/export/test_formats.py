"""The table of export formats: every registered format renders the sample events, and the command line and the
dashboard's panel offer exactly the registered formats (a new row is picked up everywhere, nothing else to edit)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from conflictmap.export import formats as export
from conflictmap.export.cli import cli, parser
from conflictmap.export.formats import EXPORT_FORMATS, ExportFormat
from conflictmap.export.snapshot import RenderOptions, Snapshot
from tests.conftest import ROOT


def _xml_root(data: bytes) -> str:
    return ET.fromstring(data).tag.rpartition("}")[2]


# What a file of each MIME type must look like; a new format with a new MIME type needs a line here.
LOOKS_RIGHT = {
    "image/png": lambda data, snap: Image.open(io.BytesIO(data)).size == (640, 480),
    "image/svg+xml": lambda data, snap: _xml_root(data) == "svg",
    "application/pdf": lambda data, snap: data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"),
    "text/html": lambda data, snap: data.lstrip().lower().startswith(b"<!doctype html>"),
    "application/geo+json": lambda data, snap: len(json.loads(data)["features"]) == len(snap.mapped),
    "text/csv": lambda data, snap: len(list(csv.reader(io.StringIO(data.decode())))) == 1 + len(snap.events),
    "application/vnd.google-earth.kml+xml": lambda data, snap: _xml_root(data) == "kml",
}


@pytest.mark.parametrize("name", list(EXPORT_FORMATS))
def test_every_registered_format_renders_the_sample_events(small_snap, name):
    spec = EXPORT_FORMATS[name]
    assert spec.name == name and spec.label and spec.extension and not spec.extension.startswith(".")
    assert spec.mime_type in LOOKS_RIGHT, f"{name}: no check for {spec.mime_type}; add one to LOOKS_RIGHT"
    data = export.render(name, small_snap, 640, 480, renderer="matplotlib")
    assert isinstance(data, bytes) and LOOKS_RIGHT[spec.mime_type](data, small_snap), name
    if spec.columns is None:  # the metadata travels inside the file...
        assert small_snap.data_version.encode() in data, name
    else:  # ...or, for a table, in its sidecar, with the columns the file has
        header = next(csv.reader(io.StringIO(data.decode())))
        assert export.sidecar_metadata(name, small_snap)["columns"] == header


def test_names_labels_and_the_unknown_format():
    labels = [f.label for f in EXPORT_FORMATS.values()]
    assert len(set(labels)) == len(labels) and all(k == f.name for k, f in EXPORT_FORMATS.items())
    with pytest.raises(ValueError, match="unknown format 'docx'; use one of png, svg"):
        export.render("docx", Snapshot(events=None))


def test_the_command_line_offers_exactly_the_registered_formats():
    action = next(a for a in parser()._actions if a.dest == "format")
    assert list(action.choices) == list(EXPORT_FORMATS)


def _plain_list(snap: Snapshot, opts: RenderOptions) -> bytes:
    """A toy format: one event id a line."""
    return "".join(f"{e}\n" for e in snap.events["event_id"]).encode()


def test_a_new_format_is_one_row_and_one_renderer(small_events, tmp_path, monkeypatch):
    monkeypatch.setitem(EXPORT_FORMATS, "ids", ExportFormat("ids", "Event ids", "text/plain", "txt", _plain_list))
    out = tmp_path / "ids.txt"
    assert cli(["--format", "ids", "--events", str(small_events), "-o", str(out)]) == 0
    assert sorted(out.read_text().split()) == ["ev-a", "ev-b", "ev-c", "ev-d", "ev-e", "ev-f"]
    assert not export.sidecar_path(out).exists()


def test_the_table_imports_the_map_renderers_only_when_one_renders():
    """Reading the table (the command line's --help, the export panel's menu) does not pay for matplotlib."""
    code = (
        "import sys\n"
        "from conflictmap.export.formats import EXPORT_FORMATS\n"
        "assert callable(EXPORT_FORMATS['svg'].render)\n"
        "print(sorted(m for m in ('matplotlib', 'conflictmap.export.staticmap') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
