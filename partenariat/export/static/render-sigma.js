/* partenariat — sigma.js (WebGL) renderer for large maps. Positions come from Python (the
   page opens settled); edges are faint until a node is hovered, labels appear for the
   largest nodes and for more as one zooms in, hovering a node lights up its partners.
   A grouped map opens a group into its members on click. Every user string goes through
   textContent (the panel's helpers). */
window.partenariatRenderer = function (container, data, tools) {
  "use strict";
  var el = tools.el;
  var graph = new graphology.MultiGraph();
  var byId = {};
  var FAINT = data.groups ? 0.5 : 0.18;
  var SCALE = data.groups ? 2 : 4;

  // A faint colour is the colour mixed with white (opaque: no blending surprises in WebGL).
  function faint(hex, share) {
    var value = String(hex).replace("#", "");
    if (value.length !== 6) { return hex; }
    var n = parseInt(value, 16);
    var mix = function (c) { return Math.round(c * share + 255 * (1 - share)); };
    return "rgb(" + mix((n >> 16) & 255) + "," + mix((n >> 8) & 255) + "," + mix(n & 255) + ")";
  }

  function addNode(node) {
    byId[node.id] = node;
    graph.addNode(node.id, {
      x: node.x, y: -node.y, label: node.label,
      size: Math.max(node.member ? node.size / 4 : node.size / SCALE, 1.5),
      color: node.color.background
    });
  }
  function addEdge(edge) {
    if (!graph.hasNode(edge.from) || !graph.hasNode(edge.to)) { return; }
    var attributes = {
      size: Math.max(edge.width / 2, 0.5), color: faint(edge.color.color, FAINT),
      strong: edge.color.color, type: edge.arrows ? "arrow" : "line", member: !!edge.member
    };
    if (edge.arrows) {
      graph.addDirectedEdgeWithKey(edge.id, edge.from, edge.to, attributes);
    } else {
      graph.addUndirectedEdgeWithKey(edge.id, edge.from, edge.to, attributes);
    }
  }
  data.nodes.forEach(addNode);

  var hovered = null;
  var partners = {};
  var nodeShown = null;
  var edgeShown = null;
  var selection = {};
  var renderer = new Sigma(graph, container, {
    allowInvalidContainer: true,
    defaultEdgeType: "line",
    hideEdgesOnMove: data.edges.length > 5000,
    hideLabelsOnMove: data.nodes.length > 5000,
    labelRenderedSizeThreshold: 6,
    labelDensity: 0.4,
    labelGridCellSize: 220,
    labelFont: "system-ui, sans-serif",
    zIndex: true,
    minCameraRatio: 0.02,
    maxCameraRatio: 4,
    nodeReducer: function (key, attributes) {
      var shown = nodeShown === null || nodeShown[key] !== false;
      var result = Object.assign({}, attributes);
      if (!shown) { result.hidden = true; return result; }
      if (selection[key] === "focus") { result.highlighted = true; result.zIndex = 2; }
      if (selection[key] === "partner") { result.zIndex = 1; }
      if (hovered !== null && key !== hovered && !partners[key]) {
        result.color = "#E2E2E2"; result.label = ""; result.zIndex = 0; result.forceLabel = false;
      } else if (hovered !== null) {
        result.zIndex = 1; result.forceLabel = true;
      }
      return result;
    },
    edgeReducer: function (key, attributes) {
      var result = Object.assign({}, attributes);
      if (edgeShown !== null && edgeShown[key] === false) { result.hidden = true; return result; }
      if (hovered !== null) {
        var ends = graph.extremities(key);
        if (ends[0] === hovered || ends[1] === hovered) {
          result.color = attributes.strong; result.size = attributes.size + 1; result.zIndex = 1;
        } else {
          result.hidden = true;
        }
      }
      return result;
    }
  });

  // ---- hover card ---------------------------------------------------------
  var tip = el("div", "tip");
  tip.id = "hover-card";
  tip.hidden = true;
  container.appendChild(tip);
  renderer.on("enterNode", function (event) {
    hovered = event.node;
    partners = {};
    graph.forEachNeighbor(hovered, function (other) { partners[other] = true; });
    tip.textContent = "";
    tip.appendChild(tools.card(cardOf(hovered)));
    tip.hidden = false;
    var x = event.event.x;
    var y = event.event.y;
    tip.style.left = Math.min(x + 14, container.clientWidth - tip.offsetWidth - 4) + "px";
    tip.style.top = Math.min(y + 14, container.clientHeight - tip.offsetHeight - 4) + "px";
    document.body.setAttribute("data-hover", hovered);
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on("leaveNode", function () {
    hovered = null;
    partners = {};
    tip.hidden = true;
    document.body.removeAttribute("data-hover");
    renderer.refresh({ skipIndexation: true });
  });

  // ---- isolated strip label -----------------------------------------------
  var strip = null;
  if (data.strip) {
    strip = el("div", "strip-label", data.strip.label);
    strip.id = "isolated-strip";
    container.appendChild(strip);
  }
  function placeStrip() {
    if (!strip) { return; }
    var at = renderer.graphToViewport({ x: data.strip.x, y: -data.strip.y });
    strip.style.left = Math.round(at.x) + "px";
    strip.style.top = Math.round(at.y - 22) + "px";
  }
  renderer.on("afterRender", placeStrip);

  // ---- groups that open into their members ---------------------------------
  var groups = {};
  var memberIndex = {};
  (data.groups || []).forEach(function (group) {
    groups[group.id] = group;
    group.members.forEach(function (member) { memberIndex[member[0]] = group.id; });
  });
  var opened = {};
  function memberNode(group, member, colour) {
    return {
      id: member[0], label: member[1], name: member[1], size: member[5],
      x: member[3], y: member[4], color: { background: colour }, marks: [], member: true,
      card: [[data.text.type, member[2]], [data.text.group, group.name],
             [data.text.card_partners, String(member[6])]]
    };
  }
  function openGroup(id) {
    var group = groups[id];
    if (!group || opened[id]) { return; }
    opened[id] = true;
    var colour = graph.getNodeAttribute(id, "color");
    graph.setNodeAttribute(id, "hidden", true);
    // While a group is open, the links between groups step aside.
    graph.forEachEdge(function (edge, attributes) {
      if (!attributes.member) { graph.setEdgeAttribute(edge, "hidden", true); }
    });
    group.members.forEach(function (member) { addNode(memberNode(group, member, colour)); });
    for (var k = 0; k < group.links.length; k += 2) {
      addEdge({
        id: id + "-" + k, from: group.members[group.links[k]][0],
        to: group.members[group.links[k + 1]][0], width: 1, arrows: "",
        color: { color: "#6E6E6E" }, member: true
      });
    }
    document.body.setAttribute("data-opened", Object.keys(opened).join(" "));
  }
  function closeGroups() {
    Object.keys(opened).forEach(function (id) {
      groups[id].members.forEach(function (member) {
        if (graph.hasNode(member[0])) { graph.dropNode(member[0]); }
        delete byId[member[0]];
      });
      graph.setNodeAttribute(id, "hidden", false);
    });
    graph.forEachEdge(function (edge) { graph.setEdgeAttribute(edge, "hidden", false); });
    opened = {};
    document.body.removeAttribute("data-opened");
  }
  renderer.on("clickNode", function (event) {
    if (groups[event.node]) { openGroup(event.node); }
    view.select([event.node].concat(graph.neighbors(event.node)));
  });

  function cardOf(id) {
    return byId[id];
  }

  // Links are added in one go (sigma would process every link again at each slice).
  function addLinks() {
    data.edges.forEach(addEdge);
    window.partenariatLinksAt = performance.now();
    document.body.setAttribute("data-links", "drawn");
  }

  // ---- camera -------------------------------------------------------------
  function frame(ids) {
    var xs = [];
    var ys = [];
    ids.forEach(function (id) {
      var shown = graph.hasNode(id) && renderer.getNodeDisplayData(id);
      if (shown && !shown.hidden) { xs.push(shown.x); ys.push(shown.y); }
    });
    if (!xs.length) { return; }
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var ratio = Math.max(maxX - minX, maxY - minY, 0.02) * 1.3;
    renderer.getCamera().setState({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio: ratio });
  }

  var view = {
    kind: "sigma",
    sigma: renderer,
    graph: graph,
    show: function (nodes, edges) {
      nodeShown = nodes;
      edgeShown = edges;
      renderer.refresh({ skipIndexation: true });
    },
    neighbours: function (id) { return graph.hasNode(id) ? graph.neighbors(id) : []; },
    reveal: function (id) { if (memberIndex[id]) { openGroup(memberIndex[id]); } },
    select: function (ids) {
      selection = {};
      ids.forEach(function (id, i) { selection[id] = i === 0 ? "focus" : "partner"; });
      renderer.refresh({ skipIndexation: true });
      frame(ids);
    },
    selected: function () { return Object.keys(selection); },
    fit: function () { renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }); },
    searchable: function () {
      var found = [];
      (data.groups || []).forEach(function (group) {
        group.members.forEach(function (member) {
          found.push({ id: member[0], name: member[1] });
        });
      });
      return found;
    },
    controls: function (panel) {
      if (!data.groups) { return; }
      var box = el("section", "groups");
      box.appendChild(el("p", "note", data.text.open_groups));
      var close = el("button", "reset", data.text.close_groups);
      close.type = "button";
      close.id = "close-groups";
      close.addEventListener("click", function () {
        closeGroups();
        selection = {};
        renderer.refresh();
      });
      box.appendChild(close);
      panel.appendChild(box);
    }
  };
  // The organisations are drawn first (the page is usable at once: search, filters, cards),
  // the links right after, in the next task: with software WebGL, uploading tens of
  // thousands of links takes as long as everything else. A page inside an iframe may start
  // with an empty container: draw once it has a size.
  var drawn = false;
  renderer.on("afterRender", function () {
    if (!drawn && container.clientWidth > 0 && container.clientHeight > 0) {
      drawn = true;
      tools.ready();
      window.requestAnimationFrame(function () { window.setTimeout(addLinks, 0); });
    }
  });
  if (window.ResizeObserver) {
    new ResizeObserver(function () { renderer.resize(); renderer.refresh(); }).observe(container);
  }
  renderer.refresh();
  return view;
};
