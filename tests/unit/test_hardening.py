"""Issue #18, hardening second round: each test names the item it covers and failed before the fix."""

from __future__ import annotations

import csv
import threading
import time

import pytest

from conflictmap.events import corrections as corr
from conflictmap.mapview.viewstate import parse_query, parse_view
from conflictmap.model import EVENT_COLUMNS
from conflictmap.store.csvfile import cli as validate_cli
from conflictmap.store.csvfile import csv_text, read_events
from tests.conftest import FIXTURES

# --- item 1: the index cache lives in the project's own .cache, never beside the events file ----------------------


def test_index_cache_is_written_inside_the_project_not_beside_the_file(tmp_path):
    from conflictmap.model import PROJECT_ROOT
    from conflictmap.store.index import cache_path_for, load_index

    target = tmp_path / "elsewhere" / "events.csv"
    target.parent.mkdir()
    target.write_bytes((FIXTURES / "events_small.csv").read_bytes())
    cache = cache_path_for(target)
    assert PROJECT_ROOT / ".cache" in cache.parents
    assert cache_path_for(tmp_path / "other" / "events.csv") != cache  # keyed by the file, not its name only
    load_index(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["events.csv"]  # nothing created beside it


# --- item 3: one sentence longer than Python's CSV field limit ---------------------------------------------------


def _events_with_long_excerpt(tmp_path):
    rows = list(csv.DictReader((FIXTURES / "events_small.csv").open(encoding="utf-8")))
    rows[0]["excerpt"] = "militants shelled the town and " * 6000  # ~186,000 characters, no full stop
    path = tmp_path / "events.csv"
    path.write_text(csv_text(rows, list(rows[0])), encoding="utf-8")
    return path


def test_excerpt_over_the_csv_field_limit_loads(tmp_path):
    path = _events_with_long_excerpt(tmp_path)
    result = read_events(path)
    assert result.rejected.empty and len(result.valid) == 6
    assert validate_cli([str(path)]) == 0


def test_export_of_an_excerpt_over_the_csv_field_limit_succeeds(tmp_path):
    """The export command exited 1 with a _csv.Error on such a file."""
    from conflictmap.export.cli import cli as export_cli

    path, out = _events_with_long_excerpt(tmp_path), tmp_path / "out.csv"
    assert export_cli(["--format", "csv", "--events", str(path), "-o", str(out)]) == 0
    assert "militants shelled the town and " * 6000 in out.read_text(encoding="utf-8")


def test_corrections_with_a_huge_field_load(tmp_path):
    path = tmp_path / "corrections.csv"
    row = dict(event_id="ev_1", field="claimed_by", value="x", who="amal", when="2024-01-01", why="y" * 200_000)
    path.write_text(csv_text([row], corr.CORRECTION_COLUMNS), encoding="utf-8")
    assert corr.load_corrections(path)[0].why == "y" * 200_000


def test_excerpts_are_capped_and_the_cut_is_reported():
    from conflictmap.ingest.pipeline import MAX_EXCERPT_CHARS, article_events, worker_parser
    from conflictmap.model import Article

    clause = "Militants killed 5 civilians in Mosul and " + "shelled the villages around the town and " * 400
    text = "MOSUL, Iraq -- " + clause + "left.\n"
    art = Article(id="long", path="long.txt", text=text, published="2014-06-15", language="en")
    events, report = article_events(art, worker_parser())
    assert events, "the event is still read"
    for ev in events:
        assert len(ev.excerpt) <= MAX_EXCERPT_CHARS
        assert text[ev.start : ev.end] == ev.excerpt
    assert any("cut to" in s for s in report.skipped), report.skipped


# --- item 7: a correction saved while an ingest runs is never lost ------------------------------------------------


def test_correction_saved_during_ingest_is_kept(tmp_path, monkeypatch):
    from conflictmap.model import Event

    events_path = tmp_path / "events.csv"
    events_path.write_bytes((FIXTURES / "events_small.csv").read_bytes())
    cpath = corr.corrections_path_for(events_path)
    rows = read_events(events_path).valid.to_dict("records")
    eid = rows[0]["event_id"]
    fresh = [Event(**{c: ("" if str(r[c]) in ("NaT", "<NA>", "nan") else r[c]) for c in EVENT_COLUMNS}) for r in rows]

    real_load = corr.load_corrections
    loaded = threading.Event()

    def slow_load(path):
        out = real_load(path)
        loaded.set()
        time.sleep(0.5)  # an ingest that read the log, then takes a while before writing
        return out

    monkeypatch.setattr(corr, "load_corrections", slow_load)
    ingest_thread = threading.Thread(target=corr.write_corrected_events, args=(fresh, events_path, cpath))
    ingest_thread.start()
    loaded.wait(5)
    monkeypatch.setattr(corr, "load_corrections", real_load)
    corr.record_correction(cpath, eid, "claimed_by", "Saved during ingest", "amal", "test")
    corr.apply_to_file(events_path, corr.load_corrections(cpath))  # what the curation form does after recording
    ingest_thread.join(10)
    after = read_events(events_path).valid.set_index("event_id")
    assert after.loc[eid, "claimed_by"] == "Saved during ingest"


# --- item 8: the small ones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["0,0,inf", "0,0,-inf", "0,0,nan", "nan,0,3", "0,0,1e400"])
def test_non_finite_view_is_ignored_not_an_error(view):
    assert parse_view(view) is None
    assert parse_query({"view": view}).ignored


def test_corrections_log_neutralises_formulas(tmp_path):
    path = tmp_path / "corrections.csv"
    corr.record_correction(path, "ev_1", "claimed_by", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "@SUM(1)")
    raw = path.read_text(encoding="utf-8")
    for cell in next(csv.DictReader(raw.splitlines()[0:1] + raw.splitlines()[1:])).values():
        assert not cell.startswith(("=", "@", "+", "-")), cell


def test_reupload_with_other_metadata_is_reported(tmp_path):
    from conflictmap.ingest.intake import save_article

    first = save_article(tmp_path, "story", "Militants killed 5 civilians in Mosul.", {"published": "2014-06-15"})
    again = save_article(tmp_path, "story", "Militants killed 5 civilians in Mosul.", {"published": "2014-07-01"})
    assert again.existed and not first.changed
    assert any("published" in c and "2014-06-15" in c and "2014-07-01" in c for c in again.changed), again.changed


@pytest.mark.parametrize("value", ["0", "-3"])
def test_max_upload_mb_below_one_is_refused(monkeypatch, tmp_path, value):
    from conflictmap.settings import load_settings

    monkeypatch.setenv("CONFLICTMAP_SETTINGS", str(tmp_path / "none.json"))
    monkeypatch.setenv("CONFLICTMAP_MAX_UPLOAD_MB", value)
    with pytest.raises(ValueError, match="max_upload_mb"):
        load_settings()


# --- item 6: the same text twice is one source; corroboration counts publishers -------------------------------------

STORY = (
    "MOSUL, Iraq -- Militants killed 12 civilians in Tal Afar on Saturday, officials said. The attack came as "
    "government forces fought to hold the road to the west of the town, and residents said many families had left "
    "their homes in the morning before the fighting began in the old quarter near the citadel."
)


def _article(folder, name, text, publisher):
    import json

    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = {"title": name, "publisher": publisher, "published": "2014-06-15", "language": "en"}
    (folder / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")


def test_near_duplicate_articles_are_one_source(tmp_path):
    from conflictmap.ingest.pipeline import ExtractionCache, ingest

    _article(tmp_path, "a", STORY, "Agency A")
    _article(tmp_path, "b", STORY.replace("Saturday, officials", "Saturday , officials"), "Agency B")  # re-upload
    _article(tmp_path, "c", STORY + " A curfew was declared.", "Agency C")  # nearly the same text
    events, reports, problems = ingest([tmp_path], progress=False, cache=ExtractionCache(None))
    tal_afar = [e for e in events if e.fatalities == 12]
    assert len(tal_afar) == 1 and tal_afar[0].n_sources == 1, [(e.n_sources, e.source_ids) for e in tal_afar]
    said = " ".join(problems + [s for r in reports for s in r.skipped])
    assert "duplicate" in said and "a" in said


def test_corroboration_counts_distinct_publishers(tmp_path):
    from conflictmap.ingest.pipeline import ExtractionCache, ingest

    other = (
        "Gunmen killed 12 civilians in Tal Afar on Saturday, according to a local official who spoke to reporters "
        "by telephone from the city, where shops stayed closed and the streets were empty for most of the day."
    )
    _article(tmp_path, "a", STORY, "Agency A")
    _article(tmp_path, "b", other, "agency a ")  # the same publisher, spelled differently
    events, _, _ = ingest([tmp_path], progress=False, cache=ExtractionCache(None))
    tal_afar = [e for e in events if e.fatalities == 12]
    assert len(tal_afar) == 1 and set(tal_afar[0].source_ids.split(";")) == {"a", "b"}
    assert tal_afar[0].n_sources == 1


def test_uncaught_errors_show_no_traceback_in_the_browser():
    import tomllib

    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


# --- item 4: bounded work per article -----------------------------------------------------------------------------


def test_long_text_is_geoparsed_in_bounded_windows():
    from conflictmap.ingest.bounded import READ_WINDOW_CHARS, bounded_toponyms
    from conflictmap.ingest.pipeline import ArticleReport, worker_parser

    real = worker_parser()
    sizes: list[int] = []

    class Spy:
        def parse(self, text, start=0, end=None):
            sizes.append((len(text) if end is None else end) - start)
            return real.parse(text, start, end)

    clause = "militants killed {} civilians in Mosul, Tikrit and Baghdad"
    text = " and ".join(clause.format(i % 9 + 2) for i in range(1500)) + ".\n"  # ~93,000 characters, no full stop
    report = ArticleReport("long", "long.txt")
    found = bounded_toponyms(Spy(), text, len(text), report)
    assert len(sizes) > 1 and max(sizes) <= READ_WINDOW_CHARS  # the quadratic steps only ever see one window
    assert all(text[t.start : t.end] == t.name for t in found)  # offsets index the whole text
    assert sum(t.name == "Mosul" for t in found) == text.count("Mosul")  # no name lost at a window's edge
    assert any("windows" in s for s in report.skipped)
    short = "Militants killed 5 civilians in Mosul on Sunday."
    assert bounded_toponyms(Spy(), short, len(short)) == real.parse(short, 0, len(short))
