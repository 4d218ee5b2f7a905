/* Draws the page's timeline with vis-timeline from the JSON in #timeline-data.
 * Labels and tooltips are built as DOM text (never HTML), so names and titles from the database
 * cannot inject markup: vis-timeline puts a string `title` into the tooltip as HTML, an Element
 * as it is.
 * Without vis-timeline or JavaScript the page's list already shows the same visits. */
(function () {
  "use strict";

  var dataElement = document.getElementById("timeline-data");
  var container = document.getElementById("timeline");
  if (!dataElement || !container || !window.vis || !window.vis.Timeline) {
    return;
  }
  var data = JSON.parse(dataElement.textContent);
  var dayView = container.dataset.kind === "day";

  function label(text, url) {
    var element = document.createElement(url ? "a" : "span");
    element.textContent = text;
    if (url) {
      element.href = url;
    }
    return element;
  }

  var position = {};
  data.items.forEach(function (item, index) { position[item.id] = index; });
  // A tooltip: the record's text in an element of its own, shown as text.
  function tooltip(text) {
    var element = document.createElement("div");
    element.className = "timeline-tooltip";
    element.textContent = text;
    return element;
  }

  var items = data.items.map(function (item) {
    return Object.assign({}, item, {
      content: label(item.content),
      title: tooltip(item.title || item.content),
    });
  });
  var groups = data.groups.map(function (group) {
    return Object.assign({}, group, { content: label(group.content, group.url) });
  });

  var options = {
    stack: true,
    orientation: "top",
    zoomKey: "ctrlKey",
    margin: { item: 6, axis: 8 },
    tooltip: { followMouse: true },
    // Keep the order the server gave (stops by sequence, visits newest first).
    order: function (a, b) {
      return position[a.id] - position[b.id];
    },
    zoomMin: dayView ? 60 * 60 * 1000 : 24 * 60 * 60 * 1000,
  };

  // Open on the items (not on today), with some room around them: an hour for a day's stops,
  // a fortnight for visits, so a single one-day visit does not fill the whole width.
  var first = Infinity;
  var last = -Infinity;
  data.items.forEach(function (item) {
    first = Math.min(first, Date.parse(item.start));
    last = Math.max(last, Date.parse(item.end || item.start));
  });
  var pad = Math.max((last - first) * 0.05, (dayView ? 1 : 15 * 24) * 60 * 60 * 1000);
  options.start = new Date(first - pad);
  options.end = new Date(last + pad);

  container.hidden = false;
  var help = document.querySelector(".timeline-help");
  if (help) {
    help.hidden = false;
  }
  var timeline = groups.length
    ? new window.vis.Timeline(container, items, groups, options)
    : new window.vis.Timeline(container, items, options);

  var urls = {};
  data.items.forEach(function (item) { urls[item.id] = item.url; });
  timeline.on("click", function (properties) {
    var url = properties.item !== null ? urls[properties.item] : null;
    if (url) {
      window.location.assign(url);
    }
  });
})();
