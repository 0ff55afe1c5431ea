// The year slider of helpers.viz.maps: recolours one TopoJSON layer from a per-year
// table, with a tooltip, a legend, a year slider and a fit that keeps Mexico clear of
// the controls. choropleth.py embeds this file (comments and indentation stripped) and
// calls kpChoropleth(map, topology, table). The table's keys:
//   y: years; yn: a note per year; i: index of the year shown first;
//   v: {code: [value per year]}; n: {code: [count per year]} (optional);
//   b: class upper bounds; c: class colours; lb: legend labels; na: no-data colour;
//   l, nl: value and count labels; d: decimals; lt: legend title; cr: attribution;
//   rk: text after the rank ("" or " in <state>");
//   t: the words "Year", "no data", "Rank", "of" in the book's language (optional).
// Every label, name and note is inserted as text (esc), never as markup.
function kpChoropleth(m, T, D) {
  var cur = D.i, R = [], W = D.t || ["Year", "no data", "Rank", "of"];
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  // Rank of every unit in every year (1 = highest), for the tooltip.
  D.y.forEach(function (_, i) {
    var k = Object.keys(D.v).filter(function (c) { return D.v[c][i] !== null; });
    k.sort(function (a, b) { return D.v[b][i] - D.v[a][i]; });
    var r = {};
    k.forEach(function (c, j) { r[c] = j + 1; });
    R.push([r, k.length]);
  });
  function val(f) { var s = D.v[f.properties.c]; return s ? s[cur] : null; }
  function col(x) {
    if (x === null) return D.na;
    for (var j = 0; j < D.b.length; j++) { if (x <= D.b[j]) return D.c[j]; }
    return D.c[D.c.length - 1];
  }
  function sty(f) { return {fillColor: col(val(f)), fillOpacity: .85, color: "#444", weight: .6}; }
  function fmt(x, d) {
    return x === null ? esc(W[1])
      : x.toLocaleString("en", {minimumFractionDigits: d, maximumFractionDigits: d});
  }
  var g = L.geoJson(topojson.feature(T, T.objects.f), {style: sty}).addTo(m);
  g.bindTooltip(function (l) {
    var p = l.feature.properties, v = val(l.feature), n = D.n[p.c];
    var h = "<b>" + esc(p.n) + "</b>, " + D.y[cur] + (D.yn[cur] ? " (" + esc(D.yn[cur]) + ")" : "")
      + "<br>" + esc(D.l) + ": " + fmt(v, D.d);
    if (n) h += "<br>" + esc(D.nl) + ": " + fmt(n[cur], 0);
    if (v !== null) {
      h += "<br>" + esc(W[2]) + ": " + R[cur][0][p.c] + " " + esc(W[3]) + " " + R[cur][1] + esc(D.rk);
    }
    return h;
  }, {sticky: true});
  m.attributionControl.setPrefix(false);
  m.attributionControl.addAttribution(esc(D.cr));
  var lg = L.control({position: "bottomright"});
  lg.onAdd = function () {
    var d = L.DomUtil.create("div", "kp-box kp-legend"), h = "<b>" + esc(D.lt) + "</b>";
    D.c.forEach(function (c, j) {
      h += '<br><i style="background:' + esc(c) + '"></i>' + esc(D.lb[j]);
    });
    d.innerHTML = h + '<br><i style="background:' + esc(D.na) + '"></i>' + esc(W[1]);
    return d;
  };
  lg.addTo(m);
  var sl = null;
  if (D.y.length > 1) {
    sl = L.control({position: "topright"});
    sl.onAdd = function () {
      var d = L.DomUtil.create("div", "kp-box kp-slider");
      d.innerHTML = '<label>' + esc(W[0]) + ' <b>' + D.y[cur] + '</b> <span>' + esc(D.yn[cur]) + '</span><br>'
        + '<input type="range" min="0" max="' + (D.y.length - 1) + '" step="1" value="' + cur
        + '" aria-label="' + esc(W[0]) + '"></label>';
      L.DomEvent.disableClickPropagation(d);
      var s = d.querySelector("input"), o = d.querySelector("b"), q = d.querySelector("span");
      s.addEventListener("input", function () {
        cur = +s.value;
        o.textContent = D.y[cur];
        q.textContent = D.yn[cur];
        g.setStyle(sty);
      });
      return d;
    };
    sl.addTo(m);
  }
  // Fit Mexico in the frame, clear of the zoom control, the slider and the legend.
  // A map drawn while its box has no size (a Jupyter cell run off-screen, or hidden)
  // would fit a 0x0 box: zoom Infinity, every polygon 0x0. So fit only a box with a
  // size, and watch the box until it gets one.
  var box = m.getContainer();
  function fit() {
    if (!box.clientWidth || !box.clientHeight) return false;
    m.invalidateSize(false);
    var t = m.zoomControl ? m.zoomControl.getContainer().offsetHeight : 0;
    if (sl) t = Math.max(t, sl.getContainer().offsetHeight);
    // The legend sits bottom right: keep Mexico left of it (a wide frame) or above it
    // (a phone's tall frame), whichever draws Mexico larger; zoom in fractions to fill.
    // Measured from the frame's edges: the attribution (two lines on a phone) lifts the legend.
    var b = g.getBounds(), r = box.getBoundingClientRect(), q = lg.getContainer()
      .getBoundingClientRect(), top = [4, t + 14];
    var beside = [r.right - q.left + 8, 4], above = [4, r.bottom - q.top + 8];
    function zoom(p) { return m.getBoundsZoom(b, false, L.point(top).add(L.point(p))); }
    m.options.zoomSnap = 0.1;
    m.fitBounds(b, {paddingTopLeft: top,
      paddingBottomRight: zoom(above) > zoom(beside) ? above : beside});
    return true;
  }
  if (!fit() && window.ResizeObserver) {
    var ro = new ResizeObserver(function () { if (fit()) ro.disconnect(); });
    ro.observe(box);
  }
  m.on("resize", fit);
}
