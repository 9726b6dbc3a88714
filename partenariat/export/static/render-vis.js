/* partenariat — vis-network renderer for small maps and eco-maps (drawn by physics, then
   frozen). Every user string goes through textContent (the panel's helpers). */
window.partenariatRenderer = function (container, data, tools) {
  "use strict";
  var large = data.large;
  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    var item = {
      id: node.id, label: node.label, title: tools.card(node), size: node.size,
      color: node.color, borderWidth: node.borderWidth,
      shapeProperties: node.shapeProperties, shape: node.shape || "dot"
    };
    if (node.font) { item.font = node.font; }
    if (node.x !== undefined) { item.x = node.x; item.y = node.y; item.fixed = !!node.fixed; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (edge) {
    var item = {
      id: edge.id, from: edge.from, to: edge.to, color: edge.color,
      dashes: edge.dashes, arrows: edge.arrows, width: edge.width
    };
    if (edge.title) { item.title = tools.el("span", null, edge.title); }
    if (edge.label) { item.label = edge.label; item.font = edge.font; }
    if (edge.smooth !== undefined) { item.smooth = edge.smooth; }
    return item;
  }));
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
  if (!large) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      tools.ready();
    });
  } else {
    tools.ready();
  }
  return {
    kind: "vis",
    network: network,
    nodes: nodes,
    edges: edges,
    show: function (nodeShown, edgeShown) {
      nodes.update(data.nodes.map(function (node) {
        return { id: node.id, hidden: !nodeShown[node.id] };
      }));
      edges.update(data.edges.map(function (edge) {
        return { id: edge.id, hidden: !edgeShown[edge.id] };
      }));
    },
    neighbours: function (id) { return network.getConnectedNodes(id); },
    select: function (ids) {
      network.selectNodes(ids);
      network.fit({ nodes: ids, animation: false });
    },
    selected: function () { return network.getSelectedNodes(); },
    fit: function () { network.fit({ animation: false }); }
  };
};
