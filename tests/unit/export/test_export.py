"""Exports: every format from the small fixture and from a file of hostile text (XSS payloads, formulas)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from shapely.geometry import shape

from conflictmap.export import datafiles, screenshot
from conflictmap.export import formats as export
from conflictmap.export.cli import cli
from conflictmap.export.snapshot import DEFAULT_SIZE, Snapshot, data_version, generation_time, make_snapshot
from conflictmap.export.staticmap import map_layout, place_markers
from conflictmap.mapview.mapping import type_colour
from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import FORMULA, csv_text, read_events
from conflictmap.store.places import place_summary
from conflictmap.store.select import mappable
from tests.conftest import FIXTURES

KML = "{http://www.opengis.net/kml/2.2}"
FORMULAS = ['=HYPERLINK("http://127.0.0.1:1/x","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "'quoted"]
# the same behind leading blanks, a line break, a non-breaking space, a zero-width space, or in fullwidth forms
FORMULAS += [" =1+1", "\n-2+3", "\xa0@SUM(A1)", "\u200b=cmd", "\uff1dHYPERLINK(1)", "\uff0b1", "\uff0d1", "\uff201"]


def payloads() -> list[str]:
    """The 60 XSS payloads of the hostile fixture, plus KML/mathtext-specific ones."""
    lines = (FIXTURES / "hostile" / "payloads.jsonl").read_text(encoding="utf-8").splitlines()
    extra = [
        "<![CDATA[<script>alert('cdata')</script>]]>",
        "$x^{2}$ \\frac{1}{0}",
        "]]><script>alert('kml')</script>",
        "{{ 7 * 7 }} {% raw %}",  # Jinja: folium renders its page through templates
        "nul\x00 bell\x07 esc\x1b",
        "${alert('template literal')} `tick` \\u{zz} \\`",  # JavaScript template literals in folium's output
    ]
    return [json.loads(x) for x in lines if x.strip()] + extra


def write_hostile_events(path: Path) -> Path:
    """An events file whose every text field is an attack; one place per event; negative longitudes included."""
    base = read_events(FIXTURES / "events_small.csv").valid.to_dict("records")[0]
    rows = []
    texts = payloads() + FORMULAS
    for i, text in enumerate(texts):
        rows.append(
            {
                **base,
                "event_id": f"hx-{i}",
                "event_type": "Battles" if i % 2 else "Protests",
                "location": text,
                "admin1": text,
                "actor1": text,
                "summary": text,
                "excerpt": text,
                "claimed_by": text,
                "claim_status": "claimed" if i % 3 == 0 else "reported",
                "source_ids": f"doc-{i};{text.replace(';', ',')}",
                "geonameid": None,
                "latitude": 20.0 + (i % 10),
                "longitude": -70.0 - (i // 10) * 1.5,
                "fatalities": i,
                "fatalities_low": i,
                "fatalities_high": i + 5,
            }
        )
    path.write_text(csv_text(rows, EVENT_COLUMNS), encoding="utf-8")
    return path


@pytest.fixture
def hostile_path(tmp_path):
    return write_hostile_events(tmp_path / "hostile.csv")


@pytest.fixture
def hostile_snap(hostile_path):
    loaded = read_events(hostile_path)
    assert loaded.ok, loaded.rejected
    return make_snapshot(loaded.valid, version=data_version(hostile_path))


def _close(pixel, hex_colour: str, tol: int = 40) -> bool:
    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tol for a, b in zip(pixel[:3], rgb, strict=True))


# --- images -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(800, 600), (1000, 420)])
def test_static_png_has_the_size_and_markers_where_events_project(small_snap, size):
    png = export.render("png", small_snap, *size, renderer="matplotlib")
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == size
    layout = map_layout(small_snap, *size)
    markers = place_markers(small_snap.mapped)
    assert len(markers) == len(place_summary(small_snap.mapped)) == 6
    for m in markers.itertuples():
        x, y = layout.to_pixel(m.longitude, m.latitude)
        assert layout.box[0] < x < layout.box[2] and layout.box[1] < y < layout.box[3]
        centre = img.getpixel((round(x), round(y)))
        if m.all_claims:  # hollow: white inside, the type colour on the ring
            assert _close(centre, "#ffffff", 30), (m.location, centre)
        else:
            assert _close(centre, type_colour(m.event_type)), (m.location, centre, m.event_type)
    # and the marker colours are not everywhere: a corner of the map box is water or land
    corner = img.getpixel((layout.box[0] + 3, layout.box[3] - 3))
    assert not any(_close(corner, type_colour(t), 20) for t in markers["event_type"])


def test_static_png_is_deterministic_and_carries_metadata(small_snap):
    a = export.render("png", small_snap, 640, 480, renderer="matplotlib")
    b = export.render("png", small_snap, 640, 480, renderer="matplotlib")
    assert a == b
    later = Snapshot(**{**small_snap.__dict__, "generated_at": "2031-01-01T00:00:00Z"})
    c = export.render("png", later, 640, 480, renderer="matplotlib")
    assert Image.open(io.BytesIO(c)).tobytes() == Image.open(io.BytesIO(a)).tobytes()
    meta = json.loads(Image.open(io.BytesIO(c)).text["Comment"])
    assert meta["generated_at"] == "2031-01-01T00:00:00Z"
    assert meta["data_version"] == small_snap.data_version
    assert meta["events"] == 6


@pytest.mark.slow
def test_svg_and_pdf(small_snap):
    svg = export.render("svg", small_snap, 800, 500)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("width").startswith("576")  # 800 px at 72 pt per 100 px
    assert small_snap.data_version in svg.decode()
    assert svg == export.render("svg", small_snap, 800, 500)
    pdf = export.render("pdf", small_snap)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type /Page\b", pdf)) == 2
    assert pdf == export.render("pdf", small_snap)


@pytest.mark.slow
def test_static_renderers_survive_hostile_text(hostile_snap):
    png = export.render("png", hostile_snap, 700, 500, renderer="matplotlib")
    assert Image.open(io.BytesIO(png)).size == (700, 500)
    pdf = export.render("pdf", hostile_snap)
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 1 + -(-len(hostile_snap.events) // 26)


# --- data formats -------------------------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_in_lon_lat_order(small_snap):
    doc = json.loads(export.render("geojson", small_snap))
    assert doc["type"] == "FeatureCollection"
    feats = doc["features"]
    assert len(feats) == len(mappable(small_snap.events)) == 6
    by_id = small_snap.events.set_index("event_id")
    for f in feats:
        geom = shape(f["geometry"])
        assert geom.is_valid and geom.geom_type == "Point"
        row = by_id.loc[f["properties"]["event_id"]]
        assert (geom.x, geom.y) == (row["longitude"], row["latitude"])
        assert set(EVENT_COLUMNS) <= set(f["properties"])
    assert (
        doc["metadata"]["data_version"] == hashlib.sha256((FIXTURES / "events_small.csv").read_bytes()).hexdigest()[:12]
    )


def test_kml_parses_with_timespans_and_escaped_descriptions(hostile_snap):
    text = export.render("kml", hostile_snap).decode()
    root = ET.fromstring(text)
    marks = root.findall(f".//{KML}Placemark")
    assert len(marks) == len(hostile_snap.mapped)
    for m in marks:
        span = m.find(f"{KML}TimeSpan")
        assert date.fromisoformat(span.find(f"{KML}begin").text) <= date.fromisoformat(span.find(f"{KML}end").text)
        # Google Earth renders the (XML-unescaped) description as HTML: it must hold no live tag from the data
        desc = m.find(f"{KML}description").text
        assert "<script" not in desc.lower() and "<img" not in desc.lower() and "<![cdata[" not in desc.lower()
    names = {m.find(f"{KML}name").text for m in marks}
    assert "<script>alert('xss1')</script>" in names  # the text itself survives, as text


def _read_back(path: Path) -> pd.DataFrame:
    loaded = read_events(path)
    assert loaded.ok and not loaded.problems, (loaded.rejected, loaded.problems)
    return loaded.valid[list(EVENT_COLUMNS)].reset_index(drop=True)


def test_csv_round_trips_through_read_events(small_snap, small_events, tmp_path):
    out = tmp_path / "out.csv"
    export.write_export("csv", small_snap, out)
    original = read_events(small_events).valid.sort_values(["date_from", "event_id"])[list(EVENT_COLUMNS)]
    pd.testing.assert_frame_equal(_read_back(out), original.reset_index(drop=True))
    assert not out.read_text().startswith("#")
    meta = json.loads(export.sidecar_path(out).read_text())
    assert meta["data_version"] == small_snap.data_version and meta["events"] == 6
    assert meta["window"] == {"from": None, "to": None} and "generated_at" in meta


def test_csv_neutralises_formulas_but_keeps_numbers(hostile_snap, tmp_path):
    out = tmp_path / "out.csv"
    export.write_export("csv", hostile_snap, out)
    back = _read_back(out)
    original = hostile_snap.events.reset_index(drop=True)
    for col in ("location", "summary", "excerpt", "actor1", "claimed_by"):
        for got, want in zip(back[col], original[col], strict=True):
            guarded = FORMULA.match(want) is not None
            assert got == ("'" + want if guarded else want)
            assert got[1:] == want if guarded else True  # nothing lost: strip one apostrophe to get it back
    assert (back["longitude"] < 0).all()
    pd.testing.assert_series_equal(back["longitude"], original["longitude"])
    raw = list(csv.reader(io.StringIO(out.read_text())))
    lon = raw[0].index("longitude")
    assert all(re.fullmatch(r"-\d+(\.\d+)?", r[lon]) for r in raw[1:])


def test_acled_csv_has_acled_columns_and_guarded_cells(hostile_snap, tmp_path):
    out = tmp_path / "acled.csv"
    written = export.write_export("acled-csv", hostile_snap, out)
    assert written == [out, export.sidecar_path(out)]
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert list(rows[0]) == list(datafiles.ACLED_COLUMNS)
    assert len(rows) == len(hostile_snap.events)
    for r in rows:
        assert float(r["longitude"]) < 0 and r["year"] == "2014" and r["time_precision"] in "123"
        for col in ("actor1", "location", "notes", "admin1", "source"):
            assert r[col].startswith("'") or not FORMULA.match(r[col]), (col, r[col])
    assert rows[0]["country"] == "Iraq"


# --- html ---------------------------------------------------------------------------------------------------------


def test_html_is_standalone_and_escapes_hostile_text(hostile_snap):
    page = export.render("html", hostile_snap).decode()
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert "fa-solid-900" not in page  # the unused icon font is left out
    for p in payloads():
        if "<" in p:
            assert p not in page, p
    # shown as text (braces as character references), never evaluated as a template
    shown = re.sub(r"<script type='application/json'.*?</script>", "", page, flags=re.S)
    # (popups travel as JSON strings, where & is written \u0026)
    as_text = "&#123;&#123; 7 * 7 &#125;&#125; &#123;% raw %&#125;".replace("&", "\\u0026")
    assert as_text in shown and "{{ 7 * 7 }}" not in shown
    assert "{{ 7 * 7 }} {% raw %}" in page  # the metadata keeps the source ids exactly (JSON, never rendered)
    meta = json.loads(re.search(r"id='cm-export-metadata'>(.*?)</script>", page, re.S).group(1))
    assert meta["events"] == len(hostile_snap.events) and meta["data_version"] == hostile_snap.data_version
    assert "<title>Conflict events, 2014-06-10 to 2014-06-10</title>" in page


def test_html_keeps_popups_excerpts_and_caption(small_snap):
    page = export.render("html", small_snap).decode()
    assert "A car bomb killed nine people in the capital." in page
    assert "6 events at 6 places, 2 sources" in page
    assert "Natural Earth" in page and "fitBounds" in page


# --- the command line ---------------------------------------------------------------------------------------------


def test_cli_writes_filtered_export(small_events, tmp_path):
    out = tmp_path / "x.geojson"
    args = ["--format", "geojson", "--events", str(small_events), "--from", "2014-06-15", "--to", "2014-06-15"]
    assert cli([*args, "--type", "Battles", "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert sorted(f["id"] for f in doc["features"]) == ["ev-d", "ev-f"]
    assert doc["metadata"]["window"] == {"from": "2014-06-15", "to": "2014-06-15"}
    assert doc["metadata"]["filters"]["types"] == ["Battles"]
    assert oct(out.stat().st_mode & 0o777) == "0o644"


def test_cli_bbox_and_bad_input(small_events, tmp_path, capsys):
    out = tmp_path / "x.csv"
    assert cli(["--format", "csv", "--events", str(small_events), "--bbox", "42,36,44,37", "-o", str(out)]) == 0
    assert sorted(_read_back(out)["event_id"]) == ["ev-a", "ev-d"]
    with pytest.raises(SystemExit):
        cli(["--format", "csv", "--bbox", "1,2,3", "-o", str(out)])
    code = cli(
        ["--format", "csv", "--events", str(small_events), "--from", "2014-06-20", "--to", "2014-06-01", "-o", str(out)]
    )
    assert code == 2 and "before" in capsys.readouterr().err
    assert cli(["--format", "csv", "--events", str(tmp_path / "none.csv"), "-o", str(out)]) == 2


def test_source_date_epoch_fixes_generation_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert generation_time() == "2023-11-14T22:13:20Z"


def test_auto_png_uses_matplotlib_for_big_selections(small_snap, monkeypatch):
    monkeypatch.setattr(screenshot, "chromium_path", lambda: "no-such-chromium")  # would fail if launched
    monkeypatch.setattr(screenshot, "MAX_BROWSER_EVENTS", 3)
    png = Image.open(io.BytesIO(export.render("png", small_snap, 400, 300)))
    assert png.size == (400, 300) and "matplotlib" in png.text.get("Software", "").lower()


# --- place names in every snapshot, and the PNG renderer where chromium cannot run ---------------------------------

SAMPLE_TOWNS = ("Mosul", "Tikrit", "Tal Afar", "Samarra", "Baghdad")


def test_svg_snapshot_names_the_event_places_as_text(small_snap):
    svg = export.render("svg", small_snap, 1200, 800).decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for town in set(small_snap.mapped["location"]) & set(SAMPLE_TOWNS):
        assert town in texts, town
    assert "Damascus" in texts or "Erbil" in texts  # reference names beneath the events


def test_project_svg_names_the_five_sample_towns():
    path = Path(__file__).resolve().parents[3] / "events.csv"
    snap = make_snapshot(read_events(path).valid, version=data_version(path))
    svg = export.render("svg", snap, 1200, 800).decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert set(SAMPLE_TOWNS) <= set(texts)


def test_snapshot_labels_never_overlap(small_snap):
    from conflictmap.export.staticmap import map_labels

    layout = map_layout(small_snap, 900, 600)
    placed = map_labels(place_markers(small_snap.mapped), layout)
    assert placed and placed[0].label.kind == "event"
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not (a.box[0] < b.box[2] and b.box[0] < a.box[2] and a.box[1] < b.box[3] and b.box[1] < a.box[3])


def _no_playwright(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import raises ImportError


@pytest.mark.parametrize("missing", ["chromium", "playwright", "both"])
def test_png_falls_back_to_matplotlib_and_says_so(small_snap, monkeypatch, missing):
    if missing in ("chromium", "both"):
        monkeypatch.setattr(screenshot, "chromium_path", lambda: None)
    else:
        monkeypatch.setattr(screenshot, "chromium_path", lambda: "/usr/bin/chromium")
    if missing in ("playwright", "both"):
        _no_playwright(monkeypatch)
    monkeypatch.setattr(screenshot, "screenshot_html", lambda *a, **k: pytest.fail("chromium must not be tried"))
    png, used = screenshot.render_png(small_snap, 400, 300)
    assert used.startswith("matplotlib (") and ("chromium is not installed" in used or "playwright" in used)
    img = Image.open(io.BytesIO(png))
    assert img.size == (400, 300) and json.loads(img.text["Comment"])["renderer"] == used
    assert export.render("png", small_snap, 400, 300)[:8] == b"\x89PNG\r\n\x1a\n"  # the plain entry point too
    with pytest.raises(screenshot.RendererUnavailable):
        screenshot.render_png(small_snap, 400, 300, renderer="chromium")


def test_png_falls_back_when_chromium_fails_to_start(small_snap, monkeypatch):
    monkeypatch.setattr(screenshot, "chromium_path", lambda: "/usr/bin/chromium")

    def broken(*a, **k):
        raise RuntimeError("Browser closed unexpectedly\nlong log")

    monkeypatch.setattr(screenshot, "screenshot_html", broken)
    png, used = screenshot.render_png(small_snap, 400, 300)
    assert used == "matplotlib (chromium failed: RuntimeError: Browser closed unexpectedly)"
    assert Image.open(io.BytesIO(png)).size == (400, 300)


def test_cli_png_says_which_renderer_drew_it(small_events, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(screenshot, "chromium_path", lambda: None)
    out = tmp_path / "map.png"
    assert cli(["--format", "png", "--events", str(small_events), "-o", str(out)]) == 0
    assert "rendered with matplotlib (chromium is not installed)" in capsys.readouterr().out
    assert Image.open(out).size == DEFAULT_SIZE
    _no_playwright(monkeypatch)
    monkeypatch.setattr(screenshot, "chromium_path", lambda: "/usr/bin/chromium")
    assert cli(["--format", "png", "--renderer", "chromium", "--events", str(small_events), "-o", str(out)]) == 2
    assert "playwright is not installed" in capsys.readouterr().err
