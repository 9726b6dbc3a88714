/* partenariat — geographic renderer: the study area's communes (SVG paths from the bundled
   outlines) shaded by coverage for one field, EPCI borders and the area's edge over them,
   organisations as points, links as arcs. Wheel to zoom, drag to pan. No tile, no request;
   every user string goes through textContent (the panel's helpers). */
window.partenariatRenderer = function (container, data, tools) {
  "use strict";
  var el = tools.el;
  var NS = "http://www.w3.org/2000/svg";
  function svgEl(tag, attributes) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }
  var width = data.width;
  var height = data.height;
  var svg = svgEl("svg", {
    id: "geo", viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "xMidYMid meet",
    role: "img"
  });
  svg.setAttribute("aria-label", document.title);
  var communeLayer = svgEl("g", { "class": "communes" });
  var borderLayer = svgEl("g", { "class": "borders" });
  var linkLayer = svgEl("g", { "class": "links" });
  var nodeLayer = svgEl("g", { "class": "points" });
  [communeLayer, borderLayer, linkLayer, nodeLayer].forEach(function (g) { svg.appendChild(g); });
  container.appendChild(svg);

  var field = data.field;
  var communePaths = data.communes.map(function (commune) {
    var path = svgEl("path", { d: commune.path, "class": "commune", "fill-rule": "evenodd" });
    path.setAttribute("data-code", commune.code);
    communeLayer.appendChild(path);
    return path;
  });
  function shadeOf(commune) {
    if (field < 0 || !commune.counts.length) { return "#EEEEEE"; }
    var n = commune.counts[field];
    return data.shades[n === 0 ? 0 : (n === 1 ? 1 : 2)];
  }
  function shade() {
    data.communes.forEach(function (commune, i) {
      communePaths[i].setAttribute("fill", shadeOf(commune));
      var n = field < 0 || !commune.counts.length ? "" : String(commune.counts[field]);
      communePaths[i].setAttribute("data-organisations", n);
    });
    document.body.setAttribute("data-field", field < 0 ? "" : data.fields[field]);
  }
  shade();
  ["epci", "edge"].forEach(function (kind) {
    if (data.borders[kind]) {
      borderLayer.appendChild(svgEl("path", { d: data.borders[kind], "class": "border " + kind }));
    }
  });

  var byId = {};
  var adjacency = {};
  data.nodes.forEach(function (node) { byId[node.id] = node; adjacency[node.id] = []; });
  data.edges.forEach(function (edge) {
    if (adjacency[edge.from] && adjacency[edge.to]) {
      adjacency[edge.from].push(edge);
      adjacency[edge.to].push(edge);
    }
  });
  function arc(edge) {
    var a = byId[edge.from];
    var b = byId[edge.to];
    var mx = (a.x + b.x) / 2;
    var my = (a.y + b.y) / 2;
    var cx = mx - (b.y - a.y) * 0.2;
    var cy = my + (b.x - a.x) * 0.2;
    return "M" + a.x + "," + a.y + "Q" + cx.toFixed(1) + "," + cy.toFixed(1) + " " + b.x + "," + b.y;
  }
  var links = svgEl("path", { "class": "link-all" });
  var lit = svgEl("path", { "class": "link-lit" });
  linkLayer.appendChild(links);
  linkLayer.appendChild(lit);
  var edgeShown = null;
  // Every link is drawn on small networks; on larger ones a link shows when one of its
  // organisations is hovered or selected, and a box shows them all.
  var allLinks = data.edges.length <= data.all_links_up_to;
  function drawLinks() {
    links.setAttribute("d", !allLinks ? "" : data.edges.filter(function (edge) {
      return edgeShown === null || edgeShown[edge.id];
    }).map(arc).join(""));
  }
  drawLinks();

  var zoom = 1;
  var circles = {};
  data.nodes.forEach(function (node) {
    var circle = svgEl("circle", { cx: node.x, cy: node.y, r: node.size, "class": "point" });
    circle.setAttribute("fill", node.color.background);
    circle.setAttribute("data-organisation", node.id);
    circles[node.id] = circle;
    nodeLayer.appendChild(circle);
  });
  function resize() {
    var factor = 1 / Math.sqrt(zoom);
    data.nodes.forEach(function (node) {
      circles[node.id].setAttribute("r", (node.size * factor).toFixed(2));
    });
  }

  function litFor(id) {
    return adjacency[id].filter(function (edge) {
      return edgeShown === null || edgeShown[edge.id];
    }).map(arc).join("");
  }

  // ---- hover --------------------------------------------------------------
  var tip = el("div", "tip");
  tip.id = "hover-card";
  tip.hidden = true;
  container.appendChild(tip);
  function place(event) {
    var box = container.getBoundingClientRect();
    var x = event.clientX - box.left;
    var y = event.clientY - box.top;
    tip.style.left = Math.max(0, Math.min(x + 14, container.clientWidth - tip.offsetWidth - 4)) + "px";
    tip.style.top = Math.max(0, Math.min(y + 14, container.clientHeight - tip.offsetHeight - 4)) + "px";
  }
  function communeCard(commune) {
    var rows = [];
    if (commune.population !== null && commune.population !== undefined) {
      rows.push([data.text.geo_inhabitants, commune.population.toLocaleString(data.lang)]);
    }
    if (field >= 0 && commune.counts.length) {
      rows.push([data.text.geo_organisations + " (" + data.fields[field] + ")",
                 String(commune.counts[field])]);
    }
    if (commune.parts) {
      rows.push([data.text.geo_parts, commune.parts.length + " — " + data.text.geo_least]);
    }
    rows.push(["INSEE", commune.code]);
    return tools.card({ name: commune.name, card: rows });
  }
  communeLayer.addEventListener("mouseover", function (event) {
    var code = event.target.getAttribute && event.target.getAttribute("data-code");
    if (!code) { return; }
    var commune = data.communes[communePaths.indexOf(event.target)];
    tip.textContent = "";
    tip.appendChild(communeCard(commune));
    tip.hidden = false;
    place(event);
    document.body.setAttribute("data-hover", code);
  });
  nodeLayer.addEventListener("mouseover", function (event) {
    var id = event.target.getAttribute && event.target.getAttribute("data-organisation");
    if (!id) { return; }
    tip.textContent = "";
    tip.appendChild(tools.card(byId[id]));
    tip.hidden = false;
    place(event);
    lit.setAttribute("d", litFor(id));
    document.body.setAttribute("data-hover", id);
  });
  svg.addEventListener("mouseout", function (event) {
    if (event.relatedTarget && svg.contains(event.relatedTarget) &&
        event.relatedTarget !== svg) { return; }
    tip.hidden = true;
    lit.setAttribute("d", selection.length ? litFor(selection[0]) : "");
  });
  nodeLayer.addEventListener("mouseout", function () {
    lit.setAttribute("d", selection.length ? litFor(selection[0]) : "");
  });

  // ---- zoom and pan -------------------------------------------------------
  var box = { x: 0, y: 0, w: width, h: height };
  function setBox(next) {
    box = next;
    zoom = width / box.w;
    svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].map(function (v) {
      return v.toFixed(2);
    }).join(" "));
    resize();
  }
  function toPlane(event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = toPlane(event);
    var factor = event.deltaY < 0 ? 0.8 : 1.25;
    var w = Math.min(Math.max(box.w * factor, width / 40), width * 2);
    var h = w * height / width;
    setBox({ x: at.x - (at.x - box.x) * w / box.w, y: at.y - (at.y - box.y) * h / box.h, w: w, h: h });
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    drag = { at: toPlane(event), box: box };
  });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var now = toPlane(event);
    setBox({ x: box.x - (now.x - drag.at.x), y: box.y - (now.y - drag.at.y), w: box.w, h: box.h });
  });

  function frame(ids) {
    var xs = [];
    var ys = [];
    ids.forEach(function (id) {
      if (byId[id] && circles[id].style.display !== "none") {
        xs.push(byId[id].x); ys.push(byId[id].y);
      }
    });
    if (!xs.length) { return; }
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var w = Math.max(maxX - minX, maxY - minY, width / 20) * 1.4;
    var h = w * height / width;
    setBox({ x: (minX + maxX) / 2 - w / 2, y: (minY + maxY) / 2 - h / 2, w: w, h: h });
  }

  var selection = [];
  var view = {
    kind: "geo",
    svg: svg,
    show: function (nodeShown, edges) {
      data.nodes.forEach(function (node) {
        circles[node.id].style.display = nodeShown[node.id] ? "" : "none";
      });
      edgeShown = edges;
      drawLinks();
    },
    neighbours: function (id) {
      return (adjacency[id] || []).map(function (edge) {
        return edge.from === id ? edge.to : edge.from;
      });
    },
    select: function (ids) {
      selection.forEach(function (id) { if (circles[id]) { circles[id].classList.remove("selected", "focus"); } });
      selection = ids.filter(function (id) { return circles[id]; });
      selection.forEach(function (id, i) { circles[id].classList.add(i === 0 ? "focus" : "selected"); });
      lit.setAttribute("d", selection.length ? litFor(selection[0]) : "");
      frame(selection);
    },
    selected: function () { return selection.slice(); },
    fit: function () { setBox({ x: 0, y: 0, w: width, h: height }); },
    setField: function (index) { field = index; shade(); },
    controls: function (panel) {
      var toggle = el("label", "toggle");
      var box = el("input");
      box.type = "checkbox";
      box.id = "geo-all-links";
      box.checked = allLinks;
      box.addEventListener("change", function () { allLinks = box.checked; drawLinks(); });
      toggle.appendChild(box);
      toggle.appendChild(el("span", null, " " + data.text.geo_all_links));
      panel.insertBefore(toggle, panel.firstChild);
      if (!data.fields.length) { return; }
      var wrap = el("label", "filter geo-field");
      wrap.appendChild(el("span", null, data.text.geo_field));
      var select = el("select");
      select.id = "geo-field";
      data.fields.forEach(function (name, i) {
        var option = el("option", null, name);
        option.value = String(i);
        if (i === field) { option.selected = true; }
        select.appendChild(option);
      });
      select.addEventListener("change", function () { view.setField(Number(select.value)); });
      wrap.appendChild(select);
      panel.insertBefore(wrap, panel.firstChild);
    },
    legend: function (legend) {
      legend.appendChild(el("h3", null, data.text.geo_shading));
      var list = el("ul");
      [data.text.geo_gap, data.text.geo_one, data.text.geo_several].forEach(function (label, i) {
        var row = el("li");
        var swatch = el("span", "square");
        swatch.style.background = data.shades[i];
        row.appendChild(swatch);
        row.appendChild(el("span", null, label));
        list.appendChild(row);
      });
      legend.appendChild(list);
      legend.appendChild(el("p", "note", data.text.geo_points));
      if (data.unplaced) {
        legend.appendChild(el("p", "note", data.text.geo_unplaced + data.unplaced));
      }
      if (data.overseas) {
        legend.appendChild(el("p", "note", data.text.geo_overseas + data.overseas));
      }
    }
  };
  window.requestAnimationFrame(function () { tools.ready(); });
  return view;
};
