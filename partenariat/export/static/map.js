/* partenariat — interactive map. Every user string goes through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var text = data.text;
  var panel = document.getElementById("panel");
  var container = document.getElementById("network");

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = String(content); }
    return node;
  }

  function fold(value) {
    return String(value).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[\s_\-]+/g, " ").trim();
  }

  function card(node) {
    var box = el("div", "card");
    box.appendChild(el("h3", null, node.name));
    var list = el("dl");
    node.card.forEach(function (row) {
      list.appendChild(el("dt", null, row[0]));
      var dd = el("dd");
      if (/^https?:\/\/[^\s]+$/i.test(row[1])) {
        var link = el("a", null, row[1]);
        link.href = row[1];
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        dd.appendChild(link);
      } else {
        dd.textContent = row[1];
      }
      list.appendChild(dd);
    });
    box.appendChild(list);
    return box;
  }

  var byId = {};
  var visNodes = data.nodes.map(function (node) {
    byId[node.id] = node;
    var item = {
      id: node.id, label: node.label, title: card(node), size: node.size,
      color: node.color, borderWidth: node.borderWidth,
      shapeProperties: node.shapeProperties, shape: node.shape || "dot"
    };
    if (node.font) { item.font = node.font; }
    if (node.x !== undefined) { item.x = node.x; item.y = node.y; item.fixed = !!node.fixed; }
    return item;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(data.edges.map(function (edge) {
    var item = {
      id: edge.id, from: edge.from, to: edge.to, color: edge.color,
      dashes: edge.dashes, arrows: edge.arrows, width: edge.width
    };
    if (edge.title) { item.title = el("span", null, edge.title); }
    if (edge.label) { item.label = edge.label; item.font = edge.font; }
    if (edge.smooth !== undefined) { item.smooth = edge.smooth; }
    return item;
  }));
  var edgeType = {};
  data.edges.forEach(function (edge) { edgeType[edge.id] = edge.type; });

  var large = data.large;
  var options = {
    autoResize: true,
    nodes: { shape: "dot", font: { size: 14, face: "system-ui, sans-serif" } },
    edges: { smooth: large ? false : { type: "continuous" }, selectionWidth: 2 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: large,
                   keyboard: { enabled: true, bindToWindow: false } },
    physics: large ? false : {
      solver: "barnesHut", barnesHut: { gravitationalConstant: -6000, springLength: 140 },
      stabilization: { iterations: 400, fit: true }
    },
    layout: { randomSeed: 42, improvedLayout: !large && data.nodes.length <= 300 }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var ready = large;
  if (!large) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      ready = true;
      document.body.setAttribute("data-ready", "true");
    });
  } else {
    document.body.setAttribute("data-ready", "true");
  }

  // ---- search -------------------------------------------------------------
  var searchBox = el("section", "search");
  var label = el("label", null, text.search);
  label.setAttribute("for", "search-input");
  var input = el("input");
  input.id = "search-input";
  input.type = "search";
  input.autocomplete = "off";
  input.placeholder = text.search;
  var results = el("ul", "results");
  results.id = "search-results";
  searchBox.appendChild(label);
  searchBox.appendChild(input);
  searchBox.appendChild(results);
  panel.appendChild(searchBox);

  function matches(query) {
    var wanted = fold(query);
    if (!wanted) { return []; }
    return data.nodes.filter(function (node) {
      return fold(node.name).indexOf(wanted) !== -1;
    }).slice(0, 12);
  }

  function focus(id) {
    var around = network.getConnectedNodes(id).filter(function (other) {
      var shown = nodes.get(other);
      return shown && !shown.hidden;
    });
    var selection = [id].concat(around);
    network.selectNodes(selection);
    network.fit({ nodes: selection, animation: false });
    document.body.setAttribute("data-focus", id);
    return selection;
  }

  input.addEventListener("input", function () {
    results.textContent = "";
    matches(input.value).forEach(function (node) {
      var item = el("li");
      var button = el("button", null, node.name);
      button.type = "button";
      button.addEventListener("click", function () { focus(node.id); });
      item.appendChild(button);
      results.appendChild(item);
    });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = matches(input.value);
      if (found.length) { focus(found[0].id); }
    }
  });

  // ---- filters ------------------------------------------------------------
  var chosen = {};
  var filterBox = el("section", "filters");
  filterBox.appendChild(el("h2", null, text.filters));
  data.filters.forEach(function (filter) {
    if (!filter.options.length) { return; }
    var wrap = el("label", "filter");
    wrap.appendChild(el("span", null, filter.label));
    var select = el("select");
    select.id = "filter-" + filter.key;
    select.setAttribute("data-filter", filter.key);
    var all = el("option", null, text.all);
    all.value = "";
    select.appendChild(all);
    filter.options.forEach(function (option) {
      var item = el("option", null, option.label);
      item.value = option.value;
      select.appendChild(item);
    });
    select.addEventListener("change", function () {
      chosen[filter.key] = select.value;
      apply();
    });
    wrap.appendChild(select);
    filterBox.appendChild(wrap);
  });
  var reset = el("button", "reset", text.reset);
  reset.type = "button";
  reset.addEventListener("click", function () {
    chosen = {};
    Array.prototype.forEach.call(filterBox.querySelectorAll("select"), function (s) {
      s.value = "";
    });
    apply();
  });
  filterBox.appendChild(reset);
  if (data.filters.some(function (f) { return f.options.length; })) {
    panel.appendChild(filterBox);
  }

  var empty = el("div", "empty", text.no_match);
  empty.id = "no-match";
  empty.hidden = true;
  container.appendChild(empty);

  function actsIn(node, territory) {
    var ancestors = data.ancestors[territory] || [];
    return node.filters.territory.some(function (code) {
      return code === territory || ancestors.indexOf(code) !== -1 ||
        (data.ancestors[code] || []).indexOf(territory) !== -1;
    });
  }

  function keep(node) {
    var f = node.filters;
    if (!f) { return true; }
    if (chosen.territory && !actsIn(node, chosen.territory)) { return false; }
    if (chosen.field && f.field.indexOf(chosen.field) === -1) { return false; }
    if (chosen.public && !f.every_public && f["public"].indexOf(chosen.public) === -1) {
      return false;
    }
    if (chosen.type && f.type !== chosen.type) { return false; }
    return true;
  }

  function apply() {
    var visible = {};
    var count = 0;
    nodes.update(data.nodes.map(function (node) {
      var shown = keep(node);
      visible[node.id] = shown;
      if (shown) { count += 1; }
      return { id: node.id, hidden: !shown };
    }));
    edges.update(data.edges.map(function (edge) {
      var shown = visible[edge.from] && visible[edge.to] &&
        (!chosen.link_type || edge.type === chosen.link_type);
      return { id: edge.id, hidden: !shown };
    }));
    empty.hidden = count > 0;
    document.body.setAttribute("data-visible", String(count));
    if (count > 0) { network.fit({ animation: false }); }
    return count;
  }

  // ---- legend -------------------------------------------------------------
  var legend = el("section", "legend");
  legend.appendChild(el("h2", null, text.legend));
  function swatchList(title, items, draw) {
    if (!items.length) { return; }
    legend.appendChild(el("h3", null, title));
    var list = el("ul");
    items.forEach(function (item) {
      var row = el("li");
      row.appendChild(draw(item));
      row.appendChild(el("span", null, item.label));
      list.appendChild(row);
    });
    legend.appendChild(list);
  }
  swatchList(data.legend.colour_title, data.legend.colours, function (item) {
    var dot = el("span", "dot");
    dot.style.background = item.color;
    if (item.border) { dot.style.borderColor = item.border; }
    if (item.dashes) { dot.style.borderStyle = "dashed"; }
    return dot;
  });
  swatchList(data.legend.edge_title, data.legend.edges, function (item) {
    var line = el("span", "line" + (item.arrow ? " arrow" : ""));
    line.style.borderTopColor = item.color;
    line.style.borderTopStyle = item.dashes ? "dashed" : "solid";
    line.style.color = item.color;
    return line;
  });
  swatchList("", data.legend.marks, function (item) {
    var dot = el("span", "dot mark");
    dot.style.borderColor = item.border;
    dot.style.borderStyle = item.dashes ? "dashed" : "solid";
    return dot;
  });
  if (data.legend.size) { legend.appendChild(el("p", "note", data.legend.size)); }
  if (data.layout_note) { legend.appendChild(el("p", "note", text.layout_note)); }
  panel.appendChild(legend);

  if (!data.nodes.length) {
    empty.hidden = false;
    document.body.setAttribute("data-ready", "true");
  }

  window.partenariatMap = {
    network: network, nodes: nodes, edges: edges, apply: apply, focus: focus,
    choose: function (key, value) { chosen[key] = value; return apply(); },
    isReady: function () { return ready; }
  };
}());
