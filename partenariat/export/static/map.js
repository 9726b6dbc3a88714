/* partenariat — the map's panel (search, filters, legend, cards), the same whichever
   renderer draws (vis-network, sigma.js or the geographic SVG): the renderer is created by
   window.partenariatRenderer(container, data, tools) and answers show, neighbours, select,
   selected and fit. Every user string goes through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  if (data.links) {
    // Links sent as columns (large and geographic maps): one object per link, here.
    var columns = data.links;
    data.edges = columns.from.map(function (source, i) {
      var type = data.link_types[columns.type[i]];
      var style = data.edge_styles[type];
      return {
        id: "e" + i, from: data.nodes[source].id, to: data.nodes[columns.to[i]].id,
        type: type, width: columns.width[i], color: { color: style.color },
        arrows: style.arrows
      };
    });
  }
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

  var ready = false;
  var tools = {
    el: el,
    card: card,
    fold: fold,
    ready: function () {
      window.partenariatReadyAt = performance.now();
      ready = true;
      document.body.setAttribute("data-ready", "true");
    }
  };
  var view = window.partenariatRenderer(container, data, tools);

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

  var searchable = data.nodes.concat(view.searchable ? view.searchable() : []);
  var folded = searchable.map(function (node) { return fold(node.name); });
  function matches(query) {
    var wanted = fold(query);
    if (!wanted) { return []; }
    var found = [];
    for (var i = 0; i < searchable.length && found.length < 12; i += 1) {
      if (folded[i].indexOf(wanted) !== -1) { found.push(searchable[i]); }
    }
    return found;
  }

  var nodeShown = {};
  data.nodes.forEach(function (node) { nodeShown[node.id] = true; });

  function focus(id) {
    if (view.reveal) { view.reveal(id); }
    var around = view.neighbours(id).filter(function (other) {
      return nodeShown[other] !== false;
    });
    var selection = [id].concat(around);
    view.select(selection);
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
    var count = 0;
    var edgeShown = {};
    data.nodes.forEach(function (node) {
      var shown = keep(node);
      nodeShown[node.id] = shown;
      if (shown) { count += 1; }
    });
    data.edges.forEach(function (edge) {
      edgeShown[edge.id] = nodeShown[edge.from] && nodeShown[edge.to] &&
        (!chosen.link_type || edge.type === chosen.link_type);
    });
    view.show(nodeShown, edgeShown);
    empty.hidden = count > 0;
    document.body.setAttribute("data-visible", String(count));
    if (count > 0) { view.fit(); }
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
  if (view.legend) { view.legend(legend); }
  if (data.layout_note) { legend.appendChild(el("p", "note", text.layout_note)); }
  panel.appendChild(legend);
  if (view.controls) { view.controls(panel); }

  if (!data.nodes.length && !data.keep_empty) {
    empty.hidden = false;
    tools.ready();
  }

  window.partenariatMap = {
    renderer: view.kind, view: view, network: view.network, nodes: view.nodes,
    edges: view.edges, apply: apply, focus: focus,
    choose: function (key, value) { chosen[key] = value; return apply(); },
    visible: function () {
      return data.nodes.filter(function (node) { return nodeShown[node.id]; })
        .map(function (node) { return node.id; });
    },
    selected: function () { return view.selected(); },
    isReady: function () { return ready; }
  };
}());
