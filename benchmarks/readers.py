"""Reader throughput: a folder of saved news web pages, read and ingested on one core.

    python -m benchmarks.readers [--pages 1000] [--quick]

Builds N web pages (the synthetic ~600-word articles of benchmarks/events.py wrapped in the page shapes of
tests/fixtures/pages: date in article meta, JSON-LD, <time> or the URL; reader comments, a cookie banner,
navigation, related links and a footer around the story), then measures in this process, after a warm-up:
  - read:   read_articles (trafilatura + htmldate + language detection), pages/s
  - ingest: the whole pipeline (read, geoparse, extract, merge), pages/s on one core (--workers 1)
and checks every page got its date from the page. Target: ingest >= 20 pages/s per core.
Writes benchmarks/results/readers.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.events import synthetic_articles
from tests.fixtures.pages.build_pages import render_page

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ("meta", "jsonld", "time", "url")
COMMENTS = [
    "Comments 3",
    "Reading these stories every day in Baghdad and Mosul is heartbreaking.",
    "Nothing will change until the politicians in Erbil and Basra talk to each other.",
    "Thumb up for the reporter, who went to Tikrit when nobody else would.",
]


def build_pages(folder: Path, n: int) -> None:
    """n saved web pages in the shapes of tests/fixtures/pages, from the synthetic articles."""
    src = folder / "src"
    src.mkdir()
    synthetic_articles(src, n)
    out = folder / "pages"
    out.mkdir()
    for k, txt in enumerate(sorted(src.glob("*.txt"))):
        meta = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        head, *story = [p for p in txt.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        rest = COMMENTS if k % 2 == 0 else ["A Synthetic Subscription..."]
        html = render_page(head, story, rest, "Synthetic", meta["published"], SHAPES[k % len(SHAPES)], txt.stem)
        (out / f"{txt.stem}.html").write_text(html, encoding="utf-8")


def measure(folder: Path) -> dict:
    """Pages/s of reading alone and of the whole ingest, one core, after a warm-up on a few pages."""
    from conflictmap.ingest.pipeline import ExtractionCache, ingest, read_articles

    pages = folder / "pages"
    n = len(list(pages.glob("*.html")))
    warm = sorted(pages.glob("*.html"))[:8]
    ingest(warm, progress=False, cache=ExtractionCache(None))  # gazetteer, language model, code paths loaded
    t0 = time.perf_counter()
    articles, problems = read_articles([pages])
    read_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    events, reports, _ = ingest([pages], progress=False, cache=ExtractionCache(None), workers=1)
    ingest_s = time.perf_counter() - t1
    sources = sorted({a.published_source for a in articles})
    return {
        "pages": n, "problems": len(problems), "events": len(events),
        "dated_from_page": sum(a.published_source.startswith("page") for a in articles), "date_sources": sources,
        "comment_words_leaked": sum("heartbreaking" in a.text for a in articles),
        "read_pages_per_s": round(n / read_s, 1), "ingest_pages_per_s_one_core": round(n / ingest_s, 1),
        "read_s": round(read_s, 2), "ingest_s": round(ingest_s, 2),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="200 pages")
    args = ap.parse_args(argv)
    n = 200 if args.quick else args.pages
    with tempfile.TemporaryDirectory() as tmp:
        build_pages(Path(tmp), n)
        result = measure(Path(tmp))
    print(
        f"{result['pages']} web pages: read {result['read_pages_per_s']} pages/s, full ingest "
        f"{result['ingest_pages_per_s_one_core']} pages/s on one core (target >= 20); dated from the page "
        f"{result['dated_from_page']}/{result['pages']} ({', '.join(result['date_sources'])}); "
        f"{result['events']} events; {result['problems']} problems; comment text leaked into {result['comment_words_leaked']}"
    )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "readers.json").write_text(json.dumps(result, indent=1) + "\n")
    return 0 if result["ingest_pages_per_s_one_core"] >= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
