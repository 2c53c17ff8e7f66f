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
  }
  document.querySelectorAll(".circle-filter").forEach(function (box) {
    box.addEventListener("change", filter);
  });
  if (cluster) cluster.addEventListener("change", filter);
})();
