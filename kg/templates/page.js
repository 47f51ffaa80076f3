/* The graph page: draws the nodes where kg/layout.py placed them, with the year axis
   behind them, and answers search, the legend's filters, focus and the details panel.
   Every piece of data reaches the DOM through textContent or a property, never innerHTML. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const layout = data.layout;
  const container = document.getElementById("graph");
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.kgGraph = {
    nodes: nodes,
    edges: edges,
    network: network,
    layout: layout,
    nodeBoxes: nodeBoxes,
    // The edge names now drawn, each with its box in graph coordinates.
    edgeLabels: function () {
      return edgeLabels.map(function (label) {
        return {id: label.id, text: label.lines.join(" "), box: label.box};
      });
    },
  };

  const status = document.getElementById("status");
  const panel = document.getElementById("panel");
  const search = document.getElementById("search");
  const typeOn = new Map(data.types.map(function (t) { return [t.key, true]; }));
  const checkboxes = [];
  const FIT_MARGIN = 12; // screen pixels left clear around the whole graph
  let focusSet = null;
  let hoveredEdge = null;

  function el(tag, text) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function name(node) {
    return node.names[0];
  }

  // The year axis and band names, drawn in graph coordinates behind the nodes.
  function drawBackground(ctx) {
    const scale = network.getScale();
    const bounds = layout.bounds;
    ctx.save();
    ctx.lineWidth = 1 / scale;
    // Year names keep their size on screen however far the graph is zoomed out.
    const yearFont = Math.max(layout.axisFont, layout.axisFont / scale);
    ctx.font = yearFont + "px " + layout.fontFace;
    ctx.textBaseline = "bottom";
    ctx.textAlign = "center";
    let busy = 0;
    layout.years.forEach(function (year) {
      if (year.events && busy++ % 2 === 0) {
        ctx.fillStyle = "#f4f6f8";
        ctx.fillRect(year.left, layout.axisY, year.right - year.left,
          layout.timelineBottom - layout.axisY);
      }
      ctx.strokeStyle = "#8a939c";
      ctx.setLineDash(year.events ? [] : [4 / scale, 4 / scale]);
      ctx.beginPath();
      ctx.moveTo(year.left, layout.axisY);
      ctx.lineTo(year.right, layout.axisY);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(year.left, layout.axisY - 6 / scale);
      ctx.lineTo(year.left, layout.timelineBottom);
      ctx.strokeStyle = "#d5dade";
      ctx.stroke();
      if (ctx.measureText(year.label).width + 6 / scale <= year.right - year.left) {
        ctx.fillStyle = year.events ? "#333" : "#888";
        ctx.fillText(year.label, (year.left + year.right) / 2, layout.axisY - 4 / scale);
      }
    });
    ctx.textAlign = "left";
    ctx.fillStyle = "#555";
    layout.bands.forEach(function (band) {
      ctx.strokeStyle = "#c4cacf";
      ctx.setLineDash([6 / scale, 4 / scale]);
      ctx.beginPath();
      ctx.moveTo(bounds.left, band.y);
      ctx.lineTo(bounds.right, band.y);
      ctx.stroke();
      ctx.fillText(band.label, bounds.left, band.y - 3);
    });
    ctx.restore();
  }

  // Each node's box in graph coordinates, [left, top, right, bottom]: its shape and the
  // label as drawn (vis-network's own bounding box stops short of the label's last line).
  function nodeBoxes(ids) {
    const boxes = {};
    (ids || nodes.getIds()).forEach(function (id) {
      const shape = network.getBoundingBox(id);
      const label = network.body.nodes[id].labelModule.size;
      const box = [shape.left, shape.top, shape.right, shape.bottom];
      if (label.width > 0) {
        box[0] = Math.min(box[0], label.left);
        box[1] = Math.min(box[1], label.top);
        box[2] = Math.max(box[2], label.left + label.width);
        box[3] = Math.max(box[3], label.top + label.height);
      }
      boxes[id] = box;
    });
    return boxes;
  }

  // Fit a box of graph coordinates in view, as large as fits (but no larger than 1.5x),
  // with `above` screen pixels more left clear at the top.
  function fitBox(left, top, right, bottom, above) {
    const extra = above || 0;
    const scale = Math.max(0.01, Math.min(
      (container.clientWidth - 2 * FIT_MARGIN) / Math.max(right - left, 1),
      (container.clientHeight - 2 * FIT_MARGIN - extra) / Math.max(bottom - top, 1),
      1.5));
    network.moveTo({
      position: {x: (left + right) / 2, y: (top + bottom) / 2 - extra / 2 / scale},
      scale: scale,
      animation: false,
    });
  }

  // The whole layout, known before the first drawing, with room for the year names
  // (drawn at least axisFont pixels high on screen).
  function fitAll() {
    const b = layout.bounds;
    fitBox(b.left, b.top, b.right, b.bottom, layout.years.length ? layout.axisFont + 4 : 0);
  }

  // These nodes with their labels.
  function fitNodes(ids) {
    if (!ids.length) return;
    const boxes = nodeBoxes(ids);
    const all = ids.map(function (id) { return boxes[id]; });
    fitBox(Math.min.apply(null, all.map(function (b) { return b[0]; })),
      Math.min.apply(null, all.map(function (b) { return b[1]; })),
      Math.max.apply(null, all.map(function (b) { return b[2]; })),
      Math.max.apply(null, all.map(function (b) { return b[3]; })));
  }

  // Edge names are drawn on top of the graph, at a fixed size on screen, only for the
  // edge pointed at and the selected edges. Each goes at the first point along its edge
  // where it covers no node and no other edge name, or failing that no other edge name;
  // one that fits nowhere is left out (the panel lists every connection).
  const EDGE_LABEL_PX = 12;
  const ALONG = [0.5, 0.38, 0.62, 0.26, 0.74];
  let edgeLabels = [];

  function overlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function placeEdgeLabels(ctx) {
    const wanted = hoveredEdge === null ? [] : [hoveredEdge];
    network.getSelectedEdges().forEach(function (id) {
      if (id !== hoveredEdge) wanted.push(id);
    });
    edgeLabels = [];
    if (!wanted.length) return;
    const size = EDGE_LABEL_PX / network.getScale();
    ctx.font = size + "px " + layout.fontFace;
    const shown = nodes.getIds({filter: function (n) { return !n.hidden; }});
    const around = nodeBoxes(shown);
    const obstacles = shown.map(function (id) {
      const b = around[id];
      return {left: b[0], top: b[1], right: b[2], bottom: b[3]};
    });
    const taken = [];
    wanted.forEach(function (id) {
      const edge = edges.get(id);
      if (!edge || edge.hidden) return;
      const lines = (edge.short || edge.relation).split("\n");
      const width = Math.max.apply(null, lines.map(function (line) {
        return ctx.measureText(line).width;
      })) + size * 0.6;
      const height = (lines.length + 0.4) * size;
      const a = network.getPosition(edge.from);
      const b = network.getPosition(edge.to);
      const boxes = ALONG.map(function (t) {
        const x = a.x + t * (b.x - a.x);
        const y = a.y + t * (b.y - a.y);
        return {left: x - width / 2, right: x + width / 2, top: y - height / 2,
          bottom: y + height / 2};
      });
      const free = function (box) {
        return !taken.some(function (other) { return overlap(box, other); });
      };
      const box = boxes.find(function (box) {
        return free(box) && !obstacles.some(function (other) { return overlap(box, other); });
      }) || boxes.find(free);
      if (!box) return;
      taken.push(box);
      edgeLabels.push({id: id, lines: lines, box: box, size: size});
    });
  }

  function drawEdgeLabels(ctx) {
    ctx.save();
    placeEdgeLabels(ctx);
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    edgeLabels.forEach(function (label) {
      const box = label.box;
      ctx.fillStyle = "#ffffff";
      ctx.strokeStyle = "#555555";
      ctx.lineWidth = 1 / network.getScale();
      ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
      ctx.strokeRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
      ctx.fillStyle = "#111111";
      const middle = (box.top + box.bottom) / 2;
      label.lines.forEach(function (line, i) {
        const y = middle + (i - (label.lines.length - 1) / 2) * label.size;
        ctx.fillText(line, (box.left + box.right) / 2, y);
      });
    });
    ctx.restore();
  }

  function refreshEdgeLabels() {
    network.redraw();
  }

  function applyVisibility() {
    const shown = new Set();
    const nodeUpdates = [];
    nodes.forEach(function (n) {
      const visible = typeOn.get(n.group) && (focusSet === null || focusSet.has(n.id));
      if (visible) shown.add(n.id);
      if (Boolean(n.hidden) === visible) nodeUpdates.push({id: n.id, hidden: !visible});
    });
    nodes.update(nodeUpdates);
    const edgeUpdates = [];
    edges.forEach(function (e) {
      const visible = shown.has(e.from) && shown.has(e.to);
      if (Boolean(e.hidden) === visible) edgeUpdates.push({id: e.id, hidden: !visible});
    });
    edges.update(edgeUpdates);
    status.textContent = shown.size + " of " + nodes.length + " nodes shown";
    return shown;
  }

  function focusOn(id) {
    focusSet = new Set([id]);
    edges.forEach(function (e) {
      if (e.from === id) focusSet.add(e.to);
      if (e.to === id) focusSet.add(e.from);
    });
    fitNodes(Array.from(applyVisibility()));
    network.selectNodes([id]);
    refreshEdgeLabels();
  }

  function showAll() {
    focusSet = null;
    viewMoved = false;
    checkboxes.forEach(function (box) { box.checked = true; typeOn.set(box.value, true); });
    search.value = "";
    network.unselectAll();
    applyVisibility();
    refreshEdgeLabels();
    fitAll();
  }

  function section(heading, values, render) {
    panel.appendChild(el("h3", heading));
    const list = el("ul");
    values.forEach(function (value) {
      const item = el("li");
      // A number stands for an evidence line, which the data holds once.
      const text = typeof value === "number" ? data.evidence[value] : value;
      item.appendChild(render ? render(value) : document.createTextNode(text));
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function linkButton(text, action) {
    const button = el("button", text);
    button.type = "button";
    button.className = "link";
    button.addEventListener("click", action);
    return button;
  }

  function showNode(id) {
    const node = nodes.get(id);
    panel.replaceChildren(el("h2", name(node)));
    panel.appendChild(linkButton("Focus neighbourhood", function () { focusOn(id); }));
    (data.nodeDetails[id] || []).forEach(function (s) { section(s[0], s[1]); });
    const links = edges.get({filter: function (e) { return e.from === id || e.to === id; }});
    if (links.length) {
      section("Connections", links, function (e) {
        const text = e.from === id
          ? "→ " + e.relation + " → " + name(nodes.get(e.to))
          : "← " + e.relation + " ← " + name(nodes.get(e.from));
        return linkButton(text, function () { showEdge(e.id); });
      });
    }
  }

  function showEdge(id) {
    const edge = edges.get(id);
    panel.replaceChildren(el("h2", edge.relation));
    section("From", [edge.from], function (n) {
      return linkButton(name(nodes.get(n)), function () { showNode(n); });
    });
    section("To", [edge.to], function (n) {
      return linkButton(name(nodes.get(n)), function () { showNode(n); });
    });
    (data.edgeDetails[id] || []).forEach(function (s) { section(s[0], s[1]); });
  }

  function runSearch() {
    const query = search.value.trim().toLowerCase();
    if (!query) {
      network.unselectAll();
      applyVisibility();
      refreshEdgeLabels();
      return;
    }
    const exact = [];
    const partial = [];
    nodes.forEach(function (n) {
      if (n.hidden) return;
      const names = n.names.map(function (text) { return text.toLowerCase(); });
      if (names.indexOf(query) >= 0) exact.push(n.id);
      else if (names.some(function (text) { return text.indexOf(query) >= 0; })) {
        partial.push(n.id);
      }
    });
    const found = exact.concat(partial);
    network.selectNodes(found, false);
    refreshEdgeLabels();
    status.textContent = found.length + " match" + (found.length === 1 ? "" : "es");
    if (found.length) {
      network.focus(found[0], {scale: Math.max(network.getScale(), 0.8), animation: false});
      showNode(found[0]);
    }
  }

  const legend = document.getElementById("legend");
  data.types.forEach(function (t) {
    const label = el("label");
    label.dataset.type = t.key;
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.key;
    box.addEventListener("change", function () {
      typeOn.set(t.key, box.checked);
      applyVisibility();
    });
    checkboxes.push(box);
    const symbol = el("span", t.symbol);
    symbol.className = "symbol";
    symbol.style.color = t.color;
    label.append(box, symbol, el("span", t.label + " (" + t.count + ")"));
    legend.appendChild(label);
  });
  if (data.estimated) {
    const note = el("p");
    note.className = "note";
    const mark = el("span");
    mark.className = "estimate";
    note.append(mark, el("span", "≈, dashed: an estimated date (" + data.estimated + ")"));
    legend.appendChild(note);
  }

  const names = document.getElementById("names");
  const seen = new Set();
  data.nodes.forEach(function (n) {
    n.names.forEach(function (text) {
      if (seen.has(text)) return;
      seen.add(text);
      const option = el("option");
      option.value = text;
      names.appendChild(option);
    });
  });

  search.addEventListener("input", runSearch);
  document.getElementById("show-all").addEventListener("click", showAll);
  network.on("beforeDrawing", drawBackground);
  network.on("afterDrawing", drawEdgeLabels);
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    refreshEdgeLabels();
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) focusOn(params.nodes[0]);
  });
  network.on("hoverEdge", function (params) {
    hoveredEdge = params.edge;
    refreshEdgeLabels();
  });
  network.on("blurEdge", function () {
    hoveredEdge = null;
    refreshEdgeLabels();
  });

  // Until the reader pans or zooms, the whole graph stays fitted as the window changes.
  let viewMoved = false;
  network.on("zoom", function () { viewMoved = true; });
  network.on("dragEnd", function (params) { if (!params.nodes.length) viewMoved = true; });
  network.on("resize", function () {
    // After vis-network has finished its own adjustment to the new size.
    if (!viewMoved && focusSet === null) requestAnimationFrame(fitAll);
  });

  function ready() {
    applyVisibility();
    window.kgReady = true;
  }
  fitAll();
  // vis-network draws nothing for an empty graph.
  if (nodes.length) network.once("afterDrawing", ready);
  else ready();
})();
