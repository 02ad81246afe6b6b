"""The in-browser timeline's engine (mapview.scrub): a date range control inside the live map, and the window's
places counted and drawn in the browser. Python's counterparts, which it must agree with: store.places
place_summary (events, largest toll, main type with ties to the first type, all claims), places.label_rows
(ranks), places.grid_cells (cells beyond MAX_FEATURES places) and mapping.event_layer / marker_size /
_place_label / _cell_label (rows and tooltips)."""

from __future__ import annotations

# engine(map, draw, clusterOptions) sets map.cmScrub = {load(data, id, window, selected, group)}. data: scrub_rows
# (null: the copy kept under that id; a map without it asks the server for it, see scrub.ScrubLayer);
# window: [[from, to, first day, last day]] (ISO); selected: the selected place's number or -1; group: the layer
# the window's markers go into. Every text drawn is escaped (esc) or handed to the label engine, which escapes it.
SCRUB_ENGINE_JS = """function (map, draw, clusterOptions) {
    var DAY = 86400000, REPORT_MS = 400;
    function day(iso) { return Math.round(Date.parse(iso + 'T00:00:00Z') / DAY); }
    function iso(d) { return new Date(d * DAY).toISOString().slice(0, 10); }
    function esc(s) {
        return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
    }
    function size(f) { return Math.round(16 + 7 * Math.log10(1 + Math.max(f, 0))); }
    var kept = {};  // the events by id: reruns that do not change the filters send only the id
    var st = {data: null, days: null, s: 0, e: 0, lo: 0, hi: 0, selected: -1, group: null, inner: null,
              timer: null, awaiting: null, lastServer: null, queued: false};
    var box = L.DomUtil.create('div', 'cm-scrub leaflet-bar');
    box.style.cssText = 'background:rgba(255,255,255,0.92);padding:4px 8px;font:12px sans-serif;width:320px;'
        + 'max-width:60vw;display:none';
    var text = L.DomUtil.create('div', 'cm-scrub-text', box);
    function range(cls, label) {
        var el = L.DomUtil.create('input', cls, box);
        el.type = 'range'; el.step = 1; el.setAttribute('aria-label', label);
        el.style.cssText = 'display:block;width:100%;margin:2px 0';
        return el;
    }
    var from = range('cm-scrub-from', 'Window start (in the map)'), to = range('cm-scrub-to', 'Window end (in the map)');
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    L.DomEvent.on(box, 'keydown', L.DomEvent.stopPropagation);  // arrow keys move the window, not the map
    var control = L.control({position: 'bottomleft'});
    control.onAdd = function () { return box; };
    control.addTo(map);

    function send(tags) {  // to the server, as the map component's selected_tags; false when it cannot be sent
        var g = window.__GLOBAL_DATA__;
        if (!g || !window.Streamlit) { return false; }
        g.selected_tags = tags;
        var value = Object.assign({}, g.previous_data || {}, {selected_tags: tags});
        g.previous_data = value;
        window.Streamlit.setComponentValue(value);
        return true;
    }
    function report() {  // the settled window; the nonce makes a window scrubbed back to again a new report
        st.timer = null;
        if (send(['cm-window', iso(st.s), iso(st.e), String(Date.now())])) { st.awaiting = [st.s, st.e]; }
    }
    function moved(which) {
        var a = +from.value, b = +to.value;
        if (a > b) { if (which === from) { to.value = b = a; } else { from.value = a = b; } }
        st.s = a; st.e = b;
        schedule();
        if (st.timer) { clearTimeout(st.timer); }
        st.timer = setTimeout(report, REPORT_MS);
    }
    from.addEventListener('input', function () { moved(from); });
    to.addEventListener('input', function () { moved(to); });

    function schedule() {  // one drawing per animation frame, however fast the control moves
        if (st.queued) { return; }
        st.queued = true;
        requestAnimationFrame(function () {
            st.queued = false; drawWindow();
            // drawn by the browser alone: how many layers had come from the server by then, and the window of the
            // last one (tests)
            window.cmScrubLocalDraws = (window.cmScrubLocalDraws || 0) + 1;
            window.cmScrubLoadsAtLocalDraw = window.cmScrubLoads || 0;
            window.cmScrubLoadWindowAtLocalDraw = window.cmScrubLoadWindow || null;
        });
    }
    function drawWindow() {
        var d = st.data;
        if (!d || !st.group) { return; }
        var head = d[0], T = head[2].length, places = d[5], P = places.length, spans = d[2], codes = d[3], tolls = d[4];
        var byType = new Int32Array(P * T), claimed = new Int32Array(P), events = new Int32Array(P);
        var largest = new Float64Array(P), days = st.days, total = 0;
        for (var i = 0; i < days.length && days[i] <= st.e; i++) {
            if (days[i] + spans[i] < st.s) { continue; }
            var c = codes[i], claim = c % 2, pt = (c - claim) / 2, p = Math.floor(pt / T);
            byType[pt]++; claimed[p] += claim; events[p]++; total++;
            if (tolls[i] > largest[p]) { largest[p] = tolls[i]; }
        }
        var present = [];
        for (var q = 0; q < P; q++) {
            if (!events[q]) { continue; }
            var main = 0;
            for (var t = 1; t < T; t++) { if (byType[q * T + t] > byType[q * T + main]) { main = t; } }
            present.push({p: q, n: events[q], f: largest[q], main: main, claims: claimed[q] === events[q]});
        }
        var rows = [], labels = [], cells = present.length > head[4], layer;
        if (cells) {
            var order = present.slice().sort(function (a, b) { return b.n - a.n; });  // stable: key order kept
            var cell = 90 / Math.pow(2, Math.max(Math.floor(map.getZoom()), 0)), groups;
            for (;;) {
                groups = new Map();
                order.forEach(function (x) {
                    var pl = places[x.p], k = Math.floor(pl[0] / cell) + ':' + Math.floor(pl[1] / cell), g = groups.get(k);
                    if (!g) { groups.set(k, g = {first: x, n: 0, places: 0, f: -Infinity, claims: true, lat: 0, lon: 0}); }
                    g.n += x.n; g.places++; g.f = Math.max(g.f, x.f); g.claims = g.claims && x.claims;
                    g.lat += pl[0] * x.n; g.lon += pl[1] * x.n;
                });
                if (groups.size <= head[4]) { break; }
                cell *= 2;
            }
            groups.forEach(function (g) {
                var busiest = places[g.first.p][2];
                rows.push([Math.round(g.lat / g.n * 1e5) / 1e5, Math.round(g.lon / g.n * 1e5) / 1e5, size(g.f) + 6,
                           head[3][g.first.main], g.n, g.claims, false,
                           esc(g.n.toLocaleString('en-US') + ' events at ' + g.places.toLocaleString('en-US')
                               + ' places around ' + busiest + ': zoom in to see them')]);
                labels.push(['', labels.length, false]);
            });
            layer = draw(rows, labels, 'cm-cell', true, null);
        } else {
            var ranked = present.slice().sort(function (a, b) {
                var sa = a.p === st.selected ? 0 : 1, sb = b.p === st.selected ? 0 : 1, na = places[a.p][2], nb = places[b.p][2];
                return sa - sb || b.n - a.n || b.f - a.f || (na < nb ? -1 : na > nb ? 1 : 0);
            });
            var rank = {};
            ranked.forEach(function (x, r) { rank[x.p] = r; });
            present.forEach(function (x) {
                var pl = places[x.p], prec = pl[3];
                var where = prec === 3 ? head[6][0] : prec === 4 ? head[6][1] : '';
                rows.push([pl[0], pl[1], size(x.f), head[3][x.main], x.n, x.claims, x.p === st.selected,
                           esc(pl[2] + ' (' + x.n + ' event' + (x.n !== 1 ? 's' : '') + (where ? ', ' + where : '') + ')')]);
                labels.push([pl[2], rank[x.p], prec >= 3]);
            });
            layer = draw(rows, labels, 'cm-marker', false, rows.length >= head[5] ? clusterOptions : null);
        }
        if (st.inner) { st.group.removeLayer(st.inner); }
        st.inner = layer;
        st.group.addLayer(layer);
        from.value = Math.max(st.s, st.lo); to.value = Math.min(st.e, st.hi);
        text.textContent = iso(st.s) + ' to ' + iso(st.e) + ': ' + total.toLocaleString('en-US') + ' event(s) at '
            + present.length.toLocaleString('en-US') + ' place(s) on the map';
        window.cmScrubWindow = [iso(st.s), iso(st.e)];
        window.cmScrubDraws = (window.cmScrubDraws || 0) + 1;
    }
    function same(a, b) { return !!a && !!b && a[0] === b[0] && a[1] === b[1]; }

    map.cmScrub = {
        load: function (data, id, win, selected, group) {
            var w = win[0], server = [day(w[0]), day(w[1])];
            window.cmScrubLoadWindow = [iso(server[0]), iso(server[1])];  // the window of the last layer (tests)
            group.on('remove', function () { if (st.group === group) { box.style.display = 'none'; } });
            if (data) {
                kept = {}; kept[id] = data;
                window.cmScrubReceived = (window.cmScrubReceived || 0) + 1;  // events received (tests, benchmarks)
            } else {
                data = kept[id];
            }
            if (!data) {  // this map was told it holds these events, but does not (a frame built anew): ask
                st.group = group; st.data = null;
                send(['cm-need', id, String(Date.now())]);
                return;
            }
            st.data = data; st.selected = selected; st.group = group; st.inner = null;
            st.lo = day(w[2]); st.hi = day(w[3]);
            var days = new Int32Array(data[1].length), at = day(data[0][0]);
            for (var i = 0; i < days.length; i++) { at += data[1][i]; days[i] = at; }
            st.days = days;
            from.min = to.min = st.lo; from.max = to.max = st.hi;
            // the analyst's window stays while it is not yet reported, or reported and the server has not caught up
            // (a rerun for another reason); a window the server moved itself (its slider, playback) is taken
            var keep = st.timer || (st.awaiting && !same(server, st.awaiting) && same(server, st.lastServer));
            if (!keep) { st.s = server[0]; st.e = server[1]; st.awaiting = null; }
            st.lastServer = server;
            if (box.style.display === 'none') {  // the label engine measures the controls again: no name under it
                box.style.display = '';
                map.fire('resize');
            }
            window.cmScrubLoads = (window.cmScrubLoads || 0) + 1;
            drawWindow();  // now: the layer goes on the map with its markers
        }
    };
}"""
