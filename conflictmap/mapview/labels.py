"""Place names on the map: the offline reference names and a greedy, collision-aware label placer.

The live map and the HTML export place labels in the browser (LABEL_ENGINE_JS, run by basemap.LabelEngine); the
matplotlib snapshots place them here (place_labels). Both follow the same rules, so every view names the same
places: labels are tried busiest first (event places by events, then fatalities; then capitals, country names
and cities by population), each at the first free one of eight spots around its point (right, left, above,
below, then the diagonals; a country name only centred on its point), and a label that would overlap a marker, a city dot or an
already placed label is left out. Zooming in spreads the points apart, so more names fit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from conflictmap.model import GEODATA_DIR

REFERENCE_DIR = GEODATA_DIR / "reference"
REFERENCE_PLACES = REFERENCE_DIR / "places.tsv"
REFERENCE_WATER = REFERENCE_DIR / "water.geojson"
GAP_PX = 3  # between a marker's edge and its label
DOT_PX = {"capital": 7, "city": 5}  # the dot drawn with a reference city's name


@dataclass(frozen=True)
class Label:
    """A name to place: at lon/lat, rank (lower goes first), radius of the marker or dot it names, kind."""

    text: str
    lat: float
    lon: float
    rank: float
    radius: float = 0.0
    kind: str = "event"  # event, capital, city or country


@dataclass(frozen=True)
class Placed:
    """A label that fits: its box in pixels (left, top, right, bottom) and where it sits ('right', 'centre'...)."""

    label: Label
    box: tuple[float, float, float, float]
    spot: str


def min_zoom(kind: str, population: float) -> int:
    """The zoom from which a reference name is a candidate (as the JS engine's minZoom)."""
    if kind in ("capital", "country"):
        return 3
    return 5 if population >= 1_000_000 else 6


@lru_cache(maxsize=1)
def reference_places() -> tuple[tuple[str, str, float, float, float], ...]:
    """(kind, name, lat, lon, population or area) of geodata/reference/places.tsv; empty when it is missing."""
    if not REFERENCE_PLACES.exists():
        return ()
    rows = []
    with REFERENCE_PLACES.open(encoding="utf-8") as f:
        next(f)
        for line in f:
            kind, name, lat, lon, pop, _cc = line.rstrip("\n").split("\t")
            rows.append((kind, name, float(lat), float(lon), float(pop)))
    return tuple(rows)


REFERENCE_RANK = {"capital": 1_000_000, "country": 2_000_000, "city": 3_000_000}


def reference_labels(zoom: float) -> list[Label]:
    """The reference names that are candidates at this zoom, ranked after every event place."""
    out = []
    for i, (kind, name, lat, lon, pop) in enumerate(reference_places()):
        if zoom >= min_zoom(kind, pop):
            out.append(Label(name, lat, lon, REFERENCE_RANK[kind] + i, DOT_PX.get(kind, 0) / 2, kind))
    return out


def candidate_boxes(x: float, y: float, w: float, h: float, r: float, kind: str):
    """The spots a label may take around its point, in order of preference: (spot, box)."""
    if kind == "country":
        yield "centre", (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        return
    d = r + GAP_PX
    yield "right", (x + d, y - h / 2, x + d + w, y + h / 2)
    yield "left", (x - d - w, y - h / 2, x - d, y + h / 2)
    yield "above", (x - w / 2, y - d - h, x + w / 2, y - d)
    yield "below", (x - w / 2, y + d, x + w / 2, y + d + h)
    e = d  # the diagonals: the corner of the box nearest the point just clear of the marker's own box
    yield "above right", (x + e, y - e - h, x + e + w, y - e)
    yield "below right", (x + e, y + e, x + e + w, y + e + h)
    yield "above left", (x - e - w, y - e - h, x - e, y - e)
    yield "below left", (x - e - w, y + e, x - e, y + e + h)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Boxes:
    """Occupied boxes in a coarse grid, so each test looks at a few neighbours only."""

    def __init__(self, cell: float = 64.0) -> None:
        self.cell, self.grid = cell, {}

    def _cells(self, box):
        c = self.cell
        for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield i, j

    def free(self, box) -> bool:
        return not any(_overlaps(box, b) for k in self._cells(box) for b in self.grid.get(k, ()))

    def add(self, box) -> None:
        for k in self._cells(box):
            self.grid.setdefault(k, []).append(box)


def place_labels(
    labels: Iterable[Label],
    to_pixel: Callable[[float, float], tuple[float, float]],
    measure: Callable[[Label], tuple[float, float]],
    frame: tuple[float, float, float, float],
    obstacles: Iterable[tuple[float, float, float, float]] = (),
) -> list[Placed]:
    """Greedy placement by rank: each label takes its first spot inside `frame` (pixels: left, top, right,
    bottom) that overlaps no obstacle (markers) and no placed label; labels with no free spot are left out."""
    taken = _Boxes()
    for b in obstacles:
        taken.add(b)
    placed = []
    for lab in sorted(labels, key=lambda lab: (lab.rank, lab.text)):
        x, y = to_pixel(lab.lon, lab.lat)
        if not (frame[0] <= x <= frame[2] and frame[1] <= y <= frame[3]):
            continue
        dot = (x - lab.radius, y - lab.radius, x + lab.radius, y + lab.radius)
        if lab.kind in DOT_PX and not taken.free(dot):
            continue  # a city dot on a marker or another name: neither dot nor name
        w, h = measure(lab)
        for spot, box in candidate_boxes(x, y, w, h, lab.radius, lab.kind):
            inside = frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
            if inside and taken.free(box):
                taken.add(box)
                if lab.kind in DOT_PX:
                    taken.add(dot)
                placed.append(Placed(lab, box, spot))
                break
    return placed


# The same algorithm in the browser. `map.cmLabels.set(owner, kind, items)` registers a set of points (events
# from each EventPoints layer, the reference names from the base map); every move, zoom or resize places them
# again. Items: {lat, lon, text, rank, r, kind, minZoom, marker (event markers: hidden inside a cluster)}.
LABEL_ENGINE_JS = """
(function (map, reference) {
    if (map.cmLabels) { return; }
    var pane = map.createPane('cmLabels');
    pane.style.zIndex = 590;  // above the reference layers and borders, under the markers (600)
    pane.style.pointerEvents = 'none';
    var layer = L.layerGroup().addTo(map), drawn = {};  // drawn: label key -> its marker, kept across places
    var sets = {}, ctx = document.createElement('canvas').getContext('2d');
    var FONT = {event: 'bold 12px sans-serif', capital: 'bold 11px sans-serif', city: '11px sans-serif',
                country: 'italic 600 12px sans-serif'};
    var DOT = {capital: 7, city: 5}, GAP = 3, H = 15, CELL = 64;
    function esc(s) {
        return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
    }
    var widths = {};  // by kind and text: each rerun sends new items for the same names
    function width(item) {
        var key = item.kind + '|' + item.text, w = widths[key];
        if (w === undefined) { ctx.font = FONT[item.kind]; w = widths[key] = Math.ceil(ctx.measureText(item.text).width) + 4; }
        return w;
    }
    function Boxes() { this.grid = {}; }
    Boxes.prototype.keys = function (b) {
        var out = [];
        for (var i = Math.floor(b[0] / CELL); i <= Math.floor(b[2] / CELL); i++) {
            for (var j = Math.floor(b[1] / CELL); j <= Math.floor(b[3] / CELL); j++) { out.push(i + ':' + j); }
        }
        return out;
    };
    Boxes.prototype.free = function (b) {
        var ks = this.keys(b);
        for (var k = 0; k < ks.length; k++) {
            var list = this.grid[ks[k]] || [];
            for (var n = 0; n < list.length; n++) {
                var o = list[n];
                if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { return false; }
            }
        }
        return true;
    };
    Boxes.prototype.add = function (b) {
        var ks = this.keys(b);
        for (var k = 0; k < ks.length; k++) { (this.grid[ks[k]] = this.grid[ks[k]] || []).push(b); }
    };
    function candidates(x, y, w, r, kind) {
        if (kind === 'country') { return [['centre', [x - w / 2, y - H / 2, x + w / 2, y + H / 2]]]; }
        var d = r + GAP;
        var e = d;
        return [['right', [x + d, y - H / 2, x + d + w, y + H / 2]], ['left', [x - d - w, y - H / 2, x - d, y + H / 2]],
                ['above', [x - w / 2, y - d - H, x + w / 2, y - d]], ['below', [x - w / 2, y + d, x + w / 2, y + d + H]],
                ['above right', [x + e, y - e - H, x + e + w, y - e]], ['below right', [x + e, y + e, x + e + w, y + e + H]],
                ['above left', [x - e - w, y - e - H, x - e, y - e]], ['below left', [x - e - w, y + e, x - e, y + e + H]]];
    }
    function shown(item) {
        if (!item.marker) { return true; }
        var g = item.group;
        return item.marker._map ? true : !!(g && g.getVisibleParent && g.getVisibleParent(item.marker) === item.marker);
    }
    function place() {
        var keep = {};
        var size = map.getSize();
        if (!size.x || !size.y) { layer.clearLayers(); drawn = {}; return; }
        var zoom = map.getZoom(), items = [];
        Object.keys(sets).forEach(function (k) { items = items.concat(sets[k].items); });
        var taken = new Boxes(), todo = [], clusters = {};
        coverBoxes().forEach(function (b) { taken.add(b); });
        items.forEach(function (it) {
            if (it.marker && !it.marker._map && it.group && it.group.getVisibleParent) {
                var c = it.group.getVisibleParent(it.marker);  // a cluster icon (40 px) hides the marker
                if (c && c !== it.marker && !clusters[L.stamp(c)]) {
                    clusters[L.stamp(c)] = true;
                    var q = map.latLngToContainerPoint(c.getLatLng());
                    taken.add([q.x - 20, q.y - 20, q.x + 20, q.y + 20]);
                }
            }
            if ((it.minZoom || 0) > zoom || !shown(it)) { return; }
            var p = map.latLngToContainerPoint([it.lat, it.lon]);
            if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) { return; }
            it._p = p;
            if (it.kind === 'event') { taken.add([p.x - it.r, p.y - it.r, p.x + it.r, p.y + it.r]); }
            if (it.text) { todo.push(it); }
        });
        todo.sort(function (a, b) { return a.rank - b.rank || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0); });
        todo.forEach(function (it) {
            var x = it._p.x, y = it._p.y, r = it.r, w = width(it);
            var dot = [x - r, y - r, x + r, y + r];
            if (DOT[it.kind] && !taken.free(dot)) { return; }
            var cs = candidates(x, y, w, r, it.kind);
            for (var c = 0; c < cs.length; c++) {
                var b = cs[c][1];
                if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y || !taken.free(b)) { continue; }
                taken.add(b);
                if (DOT[it.kind]) { taken.add(dot); }
                // a name already drawn at the same spot stays as it is: playback reruns redraw nothing that
                // did not move (creating and painting every label again each frame cost frames)
                var key = it.kind + '|' + it.text + '|' + it.lat + '|' + it.lon + '|' + cs[c][0];
                keep[key] = true;
                if (drawn[key]) { break; }
                var html = (DOT[it.kind] ? '<i class="cm-dot cm-dot-' + it.kind + '"></i>' : '')
                    + '<span class="cm-label-text" style="left:' + (b[0] - x) + 'px;top:' + (b[1] - y) + 'px;width:'
                    + w + 'px">' + esc(it.text) + '</span>';
                drawn[key] = L.marker([it.lat, it.lon], {
                    pane: 'cmLabels', interactive: false, keyboard: false,
                    icon: L.divIcon({className: 'cm-label cm-label-' + it.kind, html: html, iconSize: [0, 0]})
                }).addTo(layer);
                break;
            }
        });
        Object.keys(drawn).forEach(function (key) {
            if (!keep[key]) { layer.removeLayer(drawn[key]); delete drawn[key]; }
        });
    }
    // the zoom buttons, scale, attribution and an export's title box sit over the map: no name under them.
    // Measured once per map size: reading layout right after a rerun's markers went in forces a reflow. Not kept
    // before Leaflet's stylesheet applies (the live map loads it alongside its script): unstyled, the controls
    // lie across the map, and names placed then are placed again once it has.
    var covers = null, unstyledTries = 0;
    function coverBoxes() {
        if (covers) { return covers; }
        var box = map.getContainer().getBoundingClientRect(), els = map.getContainer().querySelectorAll('.leaflet-control');
        var out = [];
        [].slice.call(els).concat([].slice.call(document.querySelectorAll('.cm-export-head'))).forEach(function (el) {
            var r = el.getBoundingClientRect();
            if (r.width && r.height) { out.push([r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top]); }
        });
        var corner = map.getContainer().querySelector('.leaflet-top');
        if (!corner || window.getComputedStyle(corner).position === 'absolute') {
            covers = out;
        } else if (unstyledTries++ < 200) {
            setTimeout(schedule, 50);
        }
        return out;
    }
    map.on('resize', function () { covers = null; });
    var queued = false;
    function schedule() {
        if (queued) { return; }
        queued = window.cmLabelsQueued = true;
        setTimeout(function () {
            queued = window.cmLabelsQueued = false;
            place();
            window.cmLabelsPlaced = (window.cmLabelsPlaced || 0) + 1;  // for screenshots: the names are drawn
        }, 0);
    }
    map.cmLabels = {
        set: function (owner, kind, items) { sets[kind] = {owner: owner, items: items}; schedule(); },
        clear: function (owner, kind) { if (sets[kind] && sets[kind].owner === owner) { delete sets[kind]; schedule(); } },
        place: place,
        // the reference names: given here, or later by the live map's basemap file (basemap.LiveBasemap)
        reference: function (rows) {
            map.cmLabels.set('base', 'reference', rows.map(function (r) {
                return {kind: r[0], text: r[1], lat: r[2], lon: r[3], minZoom: r[4], rank: r[5], r: (DOT[r[0]] || 0) / 2};
            }));
        }
    };
    map.on('zoomend moveend resize', schedule);
    map.cmLabels.reference(reference);
})
"""

LABEL_CSS = (
    ".cm-label{position:absolute;width:0;height:0;}"
    ".cm-label .cm-label-text{position:absolute;height:15px;line-height:15px;white-space:nowrap;text-align:center;"
    "font:11px sans-serif;color:#333;-webkit-text-stroke:3px #fff;paint-order:stroke fill;}"
    ".cm-label-event .cm-label-text{font:bold 12px sans-serif;color:#111;}"
    ".cm-label-capital .cm-label-text{font:bold 11px sans-serif;}"
    ".cm-label-country .cm-label-text{font:italic 600 12px sans-serif;color:#8a7f70;}"
    ".cm-dot{position:absolute;border-radius:50%;background:#555;border:1px solid #fff;box-sizing:border-box;}"
    ".cm-dot-city{left:-2.5px;top:-2.5px;width:5px;height:5px;}"
    ".cm-dot-capital{left:-3.5px;top:-3.5px;width:7px;height:7px;background:#fff;border:2px solid #333;}"
)


def reference_rows() -> list[list]:
    """The reference names for the JS engine: kind, name, lat, lon, min zoom, rank."""
    return [
        [kind, name, round(lat, 3), round(lon, 3), min_zoom(kind, pop), REFERENCE_RANK[kind] + i]
        for i, (kind, name, lat, lon, pop) in enumerate(reference_places())
    ]
