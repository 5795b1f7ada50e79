// Who-met-whom graph: reads /network.json (this page's twin) and draws it into the page's SVG.
// A small force layout, written here so parley serves every asset itself: nodes start on a circle,
// then repel each other while edges pull their ends together. Deterministic (no randomness), so the same
// data always gives the same picture. Text goes in with textContent, never as markup.
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("network");
  var status = document.getElementById("network-status");
  if (!svg) { return; }
  var W = 900, H = 600, ITERATIONS = 300, GRAVITY = 2;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function layout(nodes, edges) {
    // Fruchterman-Reingold in free space, then scaled to fit the drawing: clamping to the border while the
    // forces run squeezes the big component against it.
    var n = nodes.length, index = {};
    nodes.forEach(function (d, i) {
      index[d.id] = i;
      var angle = 2 * Math.PI * i / Math.max(1, n);
      d.x = Math.cos(angle) * 100;
      d.y = Math.sin(angle) * 100;
    });
    var links = edges.filter(function (e) { return e.source in index && e.target in index; })
      .map(function (e) { return { s: nodes[index[e.source]], t: nodes[index[e.target]], e: e }; });
    var k = 100 / Math.sqrt(Math.max(1, n)) * 3.5;
    for (var it = 0; it < ITERATIONS; it++) {
      var temp = 20 * (1 - it / ITERATIONS) + 0.5;
      nodes.forEach(function (d) { d.dx = 0; d.dy = 0; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y;
          var dist = Math.max(0.5, Math.sqrt(dx * dx + dy * dy));
          var push = (k * k) / dist;
          a.dx += dx / dist * push; a.dy += dy / dist * push;
          b.dx -= dx / dist * push; b.dy -= dy / dist * push;
        }
      }
      links.forEach(function (l) {
        var dx = l.s.x - l.t.x, dy = l.s.y - l.t.y;
        var dist = Math.max(0.5, Math.sqrt(dx * dx + dy * dy));
        var pull = (dist * dist) / k * (1 + 0.3 * Math.log(l.e.weight));
        l.s.dx -= dx / dist * pull; l.s.dy -= dy / dist * pull;
        l.t.dx += dx / dist * pull; l.t.dy += dy / dist * pull;
      });
      nodes.forEach(function (d) {
        // Gravity towards the middle, growing with distance, keeps small separate groups near the big one.
        d.dx -= d.x * GRAVITY;
        d.dy -= d.y * GRAVITY;
        var len = Math.max(0.01, Math.sqrt(d.dx * d.dx + d.dy * d.dy));
        d.x += d.dx / len * Math.min(len, temp);
        d.y += d.dy / len * Math.min(len, temp);
      });
    }
    var xs = nodes.map(function (d) { return d.x; }), ys = nodes.map(function (d) { return d.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var MX = 80, MY = 40;
    nodes.forEach(function (d) {
      d.x = x1 > x0 ? MX + (d.x - x0) / (x1 - x0) * (W - 2 * MX) : W / 2;
      d.y = y1 > y0 ? MY + (d.y - y0) / (y1 - y0) * (H - 2 * MY) : H / 2;
    });
    return links;
  }

  function draw(data) {
    var nodes = data.network.nodes, edges = data.network.edges;
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    if (!nodes.length) {
      status.textContent = "No meetings reported yet.";
      return;
    }
    var links = layout(nodes, edges);
    var maxDegree = Math.max.apply(null, nodes.map(function (d) { return d.degree; }));
    var edgeLayer = el("g", { "class": "edges" }, svg);
    var nodeLayer = el("g", { "class": "nodes" }, svg);
    links.forEach(function (l) {
      var ev = l.e.evidence;
      var a = el("a", { href: "/reports/" + Number(ev.report_id) + "#s-" + Number(ev.sent_start) }, edgeLayer);
      var line = el("line", { x1: l.s.x, y1: l.s.y, x2: l.t.x, y2: l.t.y, "class": "edge",
        "stroke-width": Math.min(8, 1 + Math.log(l.e.weight) * 1.5) }, a);
      el("title", {}, line).textContent = l.s.name + " – " + l.t.name + ": " + l.e.weight +
        " event(s), latest " + (l.e.date || "undated");
    });
    nodes.forEach(function (d) {
      var a = el("a", { href: "/actors/" + encodeURIComponent(d.id), "class": "node k-" + d.kind }, nodeLayer);
      el("circle", { cx: d.x, cy: d.y, r: 6 + 10 * Math.sqrt(d.degree / maxDegree), "class": "node-dot" }, a);
      var label = el("text", { x: d.x, y: d.y - 14, "class": "node-label" }, a);
      label.textContent = d.name;
      el("title", {}, a).textContent = d.name + " (" + d.kind + "): " + d.degree + " meeting(s)";
    });
    status.textContent = nodes.length + " actors, " + edges.length + " pairs";
  }

  fetch(svg.getAttribute("data-source"), { headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(draw)
    .catch(function (err) { status.textContent = "Could not draw the network: " + err.message; });
}());
