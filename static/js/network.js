/* Draws who met whom with vis-network from the JSON in #network-data: people as dots sized by
 * the stops they shared, pairs as lines as thick as theirs; clicking a person (or Enter on the
 * focused network with a person selected) opens their page. Labels are plain text (vis-network
 * draws them on a canvas) and tooltips are elements holding text, never HTML. Without
 * vis-network or JavaScript the table beside it lists the same pairs. */
(function () {
  "use strict";

  var dataElement = document.getElementById("network-data");
  var container = document.getElementById("network");
  if (!dataElement || !container || !window.vis || !window.vis.Network) {
    return;
  }
  var data = JSON.parse(dataElement.textContent);

  function tooltip(text) {
    var element = document.createElement("div");
    element.className = "timeline-tooltip";
    element.textContent = text;
    return element;
  }

  var urls = {};
  var nodes = data.nodes.map(function (node) {
    urls[node.id] = node.url;
    var drawn = {
      id: node.id,
      label: node.label,
      value: node.meetings,
      title: tooltip(node.label + ": " + node.meetings + " stop(s) shared with those shown"),
    };
    if (node.centre) {
      drawn.color = { background: "#ffc94d", border: "#b07d00" };
    }
    return drawn;
  });
  var edges = data.edges.map(function (edge) {
    return { id: edge.id, from: edge.from, to: edge.to, value: edge.value, title: tooltip(edge.title) };
  });

  container.hidden = false;
  var network = new window.vis.Network(
    container,
    { nodes: nodes, edges: edges },
    {
      nodes: {
        shape: "dot",
        scaling: { min: 6, max: 30, label: { enabled: true, min: 12, max: 20 } },
        color: { background: "#a9cbe4", border: "#1f5f8b", highlight: { background: "#ffc94d", border: "#b07d00" } },
        font: { color: "#1d2330", face: "system-ui, sans-serif" },
      },
      edges: {
        scaling: { min: 1, max: 10 },
        color: { color: "#8a94a6", highlight: "#b07d00" },
        smooth: false,
      },
      physics: { stabilization: { iterations: 200 }, barnesHut: { gravitationalConstant: -6000, springLength: 140 } },
      interaction: { hover: true, keyboard: { enabled: true, bindToWindow: false }, navigationButtons: false, tooltipDelay: 150 },
    }
  );
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    network.fit();
  });
  network.on("click", function (properties) {
    if (properties.nodes.length && urls[properties.nodes[0]]) {
      window.location.assign(urls[properties.nodes[0]]);
    }
  });
  container.addEventListener("keydown", function (event) {
    var selected = network.getSelectedNodes();
    if (event.key === "Enter" && selected.length && urls[selected[0]]) {
      window.location.assign(urls[selected[0]]);
    }
  });
  var help = container.parentNode.querySelector(".network-help");
  if (help) {
    help.hidden = false;
  }
})();
