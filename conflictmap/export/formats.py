"""Exports of one Snapshot (a selection and its metadata): png, svg, pdf, standalone html, geojson, csv, acled-csv, kml.

Every format is one row of EXPORT_FORMATS (name, label, MIME type, extension, renderer); the command line, the
dashboard's export panel and `render` all read that table, so adding a format is one row and one renderer
`(Snapshot, RenderOptions) -> bytes`. Every export carries the same metadata (filter window, filters, data
version, generation time, sources) in the place each format has for it. Outputs are written atomically.
`python -m conflictmap export --help` (conflictmap.export.cli).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conflictmap.export.datafiles import acled_columns, csv_columns, to_acled_csv, to_csv, to_geojson, to_kml
from conflictmap.export.snapshot import DEFAULT_SIZE, RenderOptions, Snapshot, metadata
from conflictmap.store.csvfile import atomic_write_bytes, atomic_write_text


# The map renderers are imported when one renders: matplotlib (staticmap, and screenshot's fallback) costs about a
# third of a second, which the command line's --help, the export panel's menu and the data formats need not pay.
def to_png(snap: Snapshot, opts: RenderOptions) -> bytes:
    """conflictmap.export.screenshot.to_png, imported on first use."""
    from conflictmap.export import screenshot

    return screenshot.to_png(snap, opts)


def to_svg(snap: Snapshot, opts: RenderOptions) -> bytes:
    """conflictmap.export.staticmap.to_svg, imported on first use."""
    from conflictmap.export import staticmap

    return staticmap.to_svg(snap, opts)


def to_pdf(snap: Snapshot, opts: RenderOptions) -> bytes:
    """conflictmap.export.staticmap.to_pdf, imported on first use."""
    from conflictmap.export import staticmap

    return staticmap.to_pdf(snap, opts)


def to_html(snap: Snapshot, opts: RenderOptions) -> bytes:
    """conflictmap.export.webmap.to_html, imported on first use."""
    from conflictmap.export import webmap

    return webmap.to_html(snap, opts)


@dataclass(frozen=True)
class ExportFormat:
    """One export format: what the user picks, what the file is, and the renderer that makes its bytes."""

    name: str  # as `--format` takes it
    label: str  # as the dashboard's format menu shows it
    mime_type: str
    extension: str  # of the file written or downloaded
    render: Callable[[Snapshot, RenderOptions], bytes]
    sized: bool = False  # drawn at a width and height in px (the panel asks for them)
    columns: Callable[[Snapshot], list[str]] | None = None  # tables: their columns, in a `.meta.json` sidecar

    def file_name(self, stem: str) -> str:
        """stem plus this format's extension."""
        return f"{stem}.{self.extension}"


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("png", "PNG image", "image/png", "png", to_png, sized=True),
        ExportFormat("svg", "SVG image", "image/svg+xml", "svg", to_svg, sized=True),
        ExportFormat("pdf", "PDF brief (map + table)", "application/pdf", "pdf", to_pdf),
        ExportFormat("html", "Standalone HTML map (works offline)", "text/html", "html", to_html),
        ExportFormat("geojson", "GeoJSON", "application/geo+json", "geojson", to_geojson),
        ExportFormat("csv", "CSV (events.csv columns)", "text/csv", "csv", to_csv, columns=csv_columns),
        ExportFormat("acled-csv", "CSV (ACLED columns)", "text/csv", "csv", to_acled_csv, columns=acled_columns),
        ExportFormat("kml", "KML (Google Earth, time slider)", "application/vnd.google-earth.kml+xml", "kml", to_kml),
    )
}


def export_format(name: str) -> ExportFormat:
    """The registered format of this name; ValueError naming the formats there are."""
    if name not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[name]


def render(
    fmt: str,
    snap: Snapshot,
    width: int = DEFAULT_SIZE[0],
    height: int = DEFAULT_SIZE[1],
    renderer: str = "auto",
    browser=None,
) -> bytes:
    """The export's bytes in one of EXPORT_FORMATS (browser: an open ChromiumSession browser to reuse for png)."""
    return export_format(fmt).render(snap, RenderOptions(width, height, renderer, browser))


def sidecar_metadata(fmt: str, snap: Snapshot) -> dict | None:
    """What a table format's `.meta.json` sidecar holds: the export's metadata and its columns (None: no sidecar)."""
    columns = export_format(fmt).columns
    return None if columns is None else metadata(snap, fmt) | {"columns": columns(snap)}


def sidecar_path(out: Path | str) -> Path:
    """Where a table export's metadata goes: `<out>.meta.json`."""
    return Path(str(out) + ".meta.json")


def write_export(
    fmt: str, snap: Snapshot, out: Path | str, width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1], **kw
) -> list[Path]:
    """Render and write atomically; table formats also get a `.meta.json` sidecar. Returns the files written."""
    data = render(fmt, snap, width, height, **kw)
    written = [Path(out)]
    if (meta := sidecar_metadata(fmt, snap)) is not None:
        atomic_write_text(sidecar_path(out), json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
        written.append(sidecar_path(out))
    atomic_write_bytes(out, data)
    return written
