// The diagnosis map (the SVG drawn by tisser.report.netmap): zoom, move, colour, filter by
// circle or cluster, and a click on a person opens their page. #4's report script, served
// as a file because the Content-Security-Policy forbids inline script.
(function () {
  "use strict";
  var svg = document.getElementById("netmap");
  if (!svg) return;
  var size = svg.viewBox.baseVal.width;
  var view = { x: 0, y: 0, w: size };
  // Every name is written once zoomed in past 2.5x (before that, only the strongest ties,
  // the bridges' and the people found by the search).
  function apply() {
    svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.w);
    svg.classList.toggle("zoomed", view.w < size / 2.5);
    declutter();
  }
  function zoom(f, px, py) {
    var w = Math.min(Math.max(view.w * f, size / 20), size * 2);
    view.x = px - (px - view.x) * w / view.w;
    view.y = py - (py - view.y) * w / view.w;
    view.w = w;
    apply();
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var rect = svg.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 0.8 : 1.25,
      view.x + (e.clientX - rect.left) / rect.width * view.w,
      view.y + (e.clientY - rect.top) / rect.height * view.w);
  }, { passive: false });
  function centre(f) { zoom(f, view.x + view.w / 2, view.y + view.w / 2); }
  document.getElementById("zoom-in").addEventListener("click", function () { centre(0.8); });
  document.getElementById("zoom-out").addEventListener("click", function () { centre(1.25); });
  document.getElementById("zoom-reset").addEventListener("click", function () {
    view = { x: 0, y: 0, w: size }; apply();
  });
  var drag = null;
  var moved = false;
  svg.addEventListener("pointerdown", function (e) { drag = { x: e.clientX, y: e.clientY }; moved = false; });
  window.addEventListener("pointerup", function () { drag = null; });
  window.addEventListener("pointermove", function (e) {
    if (!drag) return;
    if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) moved = true;
    var rect = svg.getBoundingClientRect();
    view.x -= (e.clientX - drag.x) / rect.width * view.w;
    view.y -= (e.clientY - drag.y) / rect.height * view.w;
    drag = { x: e.clientX, y: e.clientY };
    apply();
  });
  // Names never cover one another. In order — the user, the people found by the search,
  // the strongest ties and the bridges, then (zoomed in) everyone else by strength — a name
  // goes above its dot, else below, right or left of it, wherever no name is yet; else it
  // waits for a closer zoom. Never a name for a person filtered out. Names keep their size
  // on screen as the map zooms (their font shrinks with the view), so zooming in makes room.
  var labels = Array.prototype.slice.call(svg.querySelectorAll("#labels text"));
  var meLabel = svg.querySelector("#me text");
  var nodeOf = {};
  svg.querySelectorAll("#nodes circle").forEach(function (n) { nodeOf[n.getAttribute("data-id")] = n; });
  function rank(t) {
    return t.classList.contains("found") ? 0 : t.classList.contains("key") ? 1 : 2;
  }
  function dot(t) {
    var n = nodeOf[t.getAttribute("data-for")];
    return { x: +n.getAttribute("cx"), y: +n.getAttribute("cy"), r: +n.getAttribute("r") };
  }
  // Where the name may go: its box (x, y, w, h) and how to write it there.
  function spots(d, w, h, ascent, gap) {
    return [
      { x: d.x - w / 2, y: d.y - d.r - gap - ascent, tx: d.x, anchor: "middle" },
      { x: d.x - w / 2, y: d.y + d.r + gap, tx: d.x, anchor: "middle" },
      { x: d.x + d.r + gap, y: d.y - h / 2, tx: d.x + d.r + gap, anchor: "start" },
      { x: d.x - d.r - gap - w, y: d.y - h / 2, tx: d.x - d.r - gap, anchor: "end" }
    ];
  }
  function apart(b, w, h, placed, pad) {
    return placed.every(function (p) {
      return b.x + w + pad <= p.x || p.x + p.width + pad <= b.x ||
        b.y + h + pad <= p.y || p.y + p.height + pad <= b.y;
    });
  }
  function declutter() {
    // user units per pixel on screen: names 11 px high on a wide screen as on a phone
    var scale = view.w / (svg.getBoundingClientRect().width || size);
    var zoomedIn = svg.classList.contains("zoomed");
    var wanted = [];
    labels.forEach(function (t) {
      var node = nodeOf[t.getAttribute("data-for")];
      var on = (zoomedIn || rank(t) < 2) && node && node.style.display !== "none";
      var d = node ? dot(t) : null;
      t.style.fontSize = (11 * scale) + "px";
      t.style.strokeWidth = (3 * scale) + "px";
      t.style.display = on ? "inline" : "none";
      if (d) {  // back above the dot, where the map drew it
        t.setAttribute("x", d.x);
        t.setAttribute("y", d.y - d.r - 2 * scale);
        t.setAttribute("text-anchor", "middle");
      }
      if (on) wanted.push(t);
    });
    var placed = [];
    if (meLabel) {
      meLabel.style.fontSize = (14 * scale) + "px";
      meLabel.setAttribute("y", size / 2 + 11 + 15 * scale);  // under the user's dot (r 11)
      meLabel.style.strokeWidth = (3 * scale) + "px";
      placed.push(meLabel.getBBox());
    }
    var pad = 2 * scale;
    var boxes = wanted.map(function (t) { return t.getBBox(); });  // one layout for all
    var order = wanted.map(function (t, i) { return i; });
    order.sort(function (a, b) { return rank(wanted[a]) - rank(wanted[b]) || a - b; });
    order.forEach(function (i) {
      var t = wanted[i], b = boxes[i], d = dot(t);
      var ascent = +t.getAttribute("y") - b.y;
      var spot = spots(d, b.width, b.height, ascent, 2 * scale).filter(function (s) {
        return apart(s, b.width, b.height, placed, pad);
      })[0];
      if (!spot) { t.style.display = "none"; return; }
      t.setAttribute("x", spot.tx);
      t.setAttribute("y", spot.y + ascent);
      t.setAttribute("text-anchor", spot.anchor);
      placed.push({ x: spot.x, y: spot.y, width: b.width, height: b.height });
    });
  }
  var nodes = svg.querySelectorAll("#nodes circle");
  var edges = svg.querySelectorAll("#edges line");
  nodes.forEach(function (n) {
    n.classList.add("node");
    n.addEventListener("click", function () {
      if (!moved) window.location.href = "/contacts/" + n.getAttribute("data-id");
    });
  });
  // The legend shown is the colouring's: circles' colours, or clusters' (one blue never
  // means two things).
  document.querySelectorAll("input[name=colour]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      var byCluster = radio.value === "cluster";
      var key = byCluster ? "data-by-cluster" : "data-by-circle";
      nodes.forEach(function (n) { n.setAttribute("fill", n.getAttribute(key)); });
      var circles = document.getElementById("legend-circle");
      var clusters = document.getElementById("legend-cluster");
      if (circles) circles.hidden = byCluster;
      if (clusters) clusters.hidden = !byCluster;
    });
  });
  // The search box: the people whose name holds the words (accents and case aside) stand
  // out, named; the others fade.
  var search = document.getElementById("map-search");
  var found = document.getElementById("map-found");
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function highlight() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var hits = 0;
    nodes.forEach(function (n) {
      var name = n.getAttribute("data-name") || "";
      var hit = words.length > 0 && words.every(function (w) { return name.indexOf(w) >= 0; });
      n.classList.toggle("found", hit);
      var label = svg.querySelector('text[data-for="' + n.getAttribute("data-id") + '"]');
      if (label) label.classList.toggle("found", hit);
      if (hit) hits += 1;
    });
    svg.classList.toggle("searching", words.length > 0);
    declutter();
    // French says "0 personne", English "0 people": the singular's range is the language's
    var one = document.documentElement.lang === "fr" ? hits < 2 : hits === 1;
    if (found) found.textContent = words.length ? found.getAttribute(one ? "data-one" : "data-many").replace("{n}", hits) : "";
  }
  if (search) search.addEventListener("input", highlight);
  var cluster = document.getElementById("cluster-filter");
  function filter() {
    var hidden = {};
    document.querySelectorAll(".circle-filter").forEach(function (box) {
      if (!box.checked) hidden[box.value] = true;
    });
    var only = cluster ? cluster.value : "";
    var gone = {};
    nodes.forEach(function (n) {
      var off = hidden[n.getAttribute("data-circle")] === true ||
        (only !== "" && n.getAttribute("data-cluster") !== only);
      n.style.display = off ? "none" : "";
      if (off) gone[n.getAttribute("data-id")] = true;
    });
    edges.forEach(function (l) {
      var off = gone[l.getAttribute("data-a")] || gone[l.getAttribute("data-b")];
      l.style.display = off ? "none" : "";
    });
    declutter();
  }
  document.querySelectorAll(".circle-filter").forEach(function (box) {
    box.addEventListener("change", filter);
  });
  if (cluster) cluster.addEventListener("change", filter);
  window.addEventListener("resize", declutter);
  declutter();
})();
