/* Draws the page's timeline with vis-timeline from the JSON in #timeline-data: the visits (or
 * stops, posts) as items, or, for a set too large to draw one by one, the number of visits per
 * month or year as bars (vis-timeline's Graph2d); clicking a bar lists that period's visits.
 * Zoom in, zoom out and fit buttons; from the keyboard, on the focused timeline, the arrow keys
 * move, + and - zoom and 0 fits.
 * Labels and tooltips are built as DOM text (never HTML), so names and titles from the database
 * cannot inject markup: vis-timeline puts a string `title` into the tooltip as HTML, an Element
 * as it is.
 * Without vis-timeline or JavaScript the page's list (and table of counts) shows the same. */
(function () {
  "use strict";

  var dataElement = document.getElementById("timeline-data");
  var container = document.getElementById("timeline");
  if (!dataElement || !container || !window.vis || !window.vis.Timeline) {
    return;
  }
  var data = JSON.parse(dataElement.textContent);
  var dayView = container.dataset.kind === "day";
  var HOUR = 60 * 60 * 1000;
  var DAY = 24 * HOUR;

  function label(text, url) {
    var element = document.createElement(url ? "a" : "span");
    element.textContent = text;
    if (url) {
      element.href = url;
    }
    return element;
  }

  // A tooltip: the record's text in an element of its own, shown as text.
  function tooltip(text) {
    var element = document.createElement("div");
    element.className = "timeline-tooltip";
    element.textContent = text;
    return element;
  }

  // The span the data covers, with some room around it: an hour for a day's stops, a fortnight
  // for visits, so a single one-day visit does not fill the whole width.
  function window_(records) {
    var first = Infinity;
    var last = -Infinity;
    records.forEach(function (record) {
      first = Math.min(first, Date.parse(record.start));
      last = Math.max(last, Date.parse(record.end || record.start));
    });
    var pad = Math.max((last - first) * 0.03, dayView ? HOUR : 15 * DAY);
    return { start: new Date(first - pad), end: new Date(last + pad) };
  }

  function drawItems() {
    var position = {};
    data.items.forEach(function (item, index) { position[item.id] = index; });
    var labels = {}; // item id -> its label element
    var items = data.items.map(function (item) {
      labels[item.id] = label(item.content);
      return Object.assign({}, item, {
        content: labels[item.id],
        title: tooltip(item.title || item.content),
      });
    });
    var groups = data.groups.map(function (group) {
      return Object.assign({}, group, { content: label(group.content, group.url) });
    });
    var span = window_(data.items);
    var options = {
      stack: true,
      orientation: "top",
      zoomKey: "ctrlKey",
      margin: { item: 6, axis: 8 },
      tooltip: { followMouse: true },
      // A label longer than its item runs on past it, and one whose item starts left of the
      // window stays in view (the item's label is not clipped at the window's edge).
      align: "auto",
      // Keep the order the server gave (stops by sequence, visits newest first).
      order: function (a, b) {
        return position[a.id] - position[b.id];
      },
      zoomMin: dayView ? HOUR : DAY,
      // Hundreds of visits stack tall: scroll inside the timeline rather than push the page down.
      maxHeight: 520,
      verticalScroll: true,
      start: span.start,
      end: span.end,
    };
    var timeline = groups.length
      ? new window.vis.Timeline(container, items, groups, options)
      : new window.vis.Timeline(container, items, options);
    // A label that runs past the window's right edge would be cut: move the window's end until
    // every label fits (a label keeps its width in pixels while the scale changes, so the end
    // is solved for: start + (labelStart - start) * width / (width - labelWidth)).
    var widened = 0;
    timeline.on("changed", function () {
      var panel = container.querySelector(".vis-panel.vis-center");
      if (!panel) {
        return;
      }
      var box = panel.getBoundingClientRect();
      var width = panel.clientWidth;
      // A label too long to fit that way (wider than 80% of the window: a long stop on a phone)
      // wraps within the room left before the edge; its item is updated so vis measures its new
      // height. Once per label and width, so the redraw this causes does not loop.
      var wrapped = [];
      data.items.forEach(function (item) {
        var element = labels[item.id];
        var content = element.parentElement;
        if (!content) {
          return;
        }
        var rect = content.getBoundingClientRect();
        var room = Math.floor(box.right - Math.max(rect.left, box.left) - 12);
        if (rect.right > box.right + 1 && rect.width + 12 >= width * 0.8 && room >= 80) {
          element.classList.add("label-wrapped");
          element.style.width = room + "px";
          wrapped.push({ id: item.id }); // an update, even of nothing, has vis measure it again
        }
      });
      if (wrapped.length) {
        timeline.itemsData.update(wrapped);
        return;
      }
      if (widened >= 3) {
        return;
      }
      var range = timeline.getWindow();
      var start = range.start.valueOf();
      var perPixel = (range.end.valueOf() - start) / width;
      var needed = range.end.valueOf();
      container.querySelectorAll(".vis-item .vis-item-content").forEach(function (content) {
        var label = content.getBoundingClientRect();
        var labelWidth = label.width + 12;
        if (label.right > box.right && labelWidth < width * 0.8) {
          var labelStart = start + (label.left - box.left) * perPixel;
          needed = Math.max(needed, start + ((labelStart - start) * width) / (width - labelWidth));
        }
      });
      if (needed > range.end.valueOf()) {
        widened += 1;
        span.end = new Date(needed);
        timeline.setWindow(range.start, span.end, { animation: false });
      }
    });
    var urls = {};
    data.items.forEach(function (item) { urls[item.id] = item.url; });
    timeline.on("click", function (properties) {
      var url = properties.item !== null ? urls[properties.item] : null;
      if (url) {
        window.location.assign(url);
      }
    });
    return { view: timeline, span: span };
  }

  function drawCounts() {
    if (!window.vis.Graph2d) {
      return null;
    }
    var span = window_(data.counts);
    // Each bar stands at the middle of its period, as wide as the period allows.
    var points = data.counts.map(function (period) {
      var start = Date.parse(period.start);
      var end = Date.parse(period.end);
      return { x: new Date((start + end) / 2), y: period.visits };
    });
    var graph = new window.vis.Graph2d(container, points, {
      style: "bar",
      barChart: { width: 40, align: "center" },
      drawPoints: false,
      orientation: "top",
      zoomKey: "ctrlKey",
      height: "260px",
      dataAxis: { left: { title: { text: "Visits per " + data.unit } } },
      zoomMin: 31 * DAY,
      start: span.start,
      end: span.end,
    });
    graph.on("click", function (properties) {
      var time = properties.time ? properties.time.valueOf() : NaN;
      var period = data.counts.filter(function (candidate) {
        return Date.parse(candidate.start) <= time && time < Date.parse(candidate.end);
      })[0];
      if (period) {
        window.location.assign(period.url);
      }
    });
    return { view: graph, span: span };
  }

  container.hidden = false;
  var drawn = data.counts ? drawCounts() : drawItems();
  if (!drawn) {
    container.hidden = true;
    return;
  }
  var view = drawn.view;
  // vis shows a view given a start and an end only at its first redraw after the first range
  // change has settled, which nothing may cause for a second or more, or ever when the page is
  // resized meanwhile (visjs/vis-timeline#1340): redraw as soon as that change has settled.
  var settled = false;
  view.on("rangechanged", function () {
    if (!settled) {
      settled = true;
      view.redraw();
    }
  });

  function fit() {
    view.setWindow(drawn.span.start, drawn.span.end, { animation: false });
  }

  function move(fraction) {
    var range = view.getWindow();
    var shift = (range.end - range.start) * fraction;
    view.setWindow(new Date(range.start.valueOf() + shift), new Date(range.end.valueOf() + shift), {
      animation: false,
    });
  }

  var actions = {
    in: function () { view.zoomIn(0.5); },
    out: function () { view.zoomOut(0.5); },
    fit: fit,
  };
  var controls = container.parentNode.querySelector(".timeline-controls");
  if (controls) {
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (button) {
        actions[button.dataset.zoom]();
      }
    });
  }
  container.addEventListener("keydown", function (event) {
    var handlers = {
      ArrowLeft: function () { move(-0.2); },
      ArrowRight: function () { move(0.2); },
      "+": actions.in,
      "=": actions.in,
      "-": actions.out,
      "0": fit,
    };
    if (event.target === container && handlers[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      handlers[event.key]();
    }
  });
  var help = container.parentNode.querySelector(".timeline-help");
  if (help) {
    help.hidden = false;
  }
})();
