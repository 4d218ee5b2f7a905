/* Draws the page's world map from the JSON in #map-data with d3-geo and world-atlas's shapes.
 * Countries with visits are shaded by their count (five classes on a log scale) and are links:
 * clicking one, or pressing Enter on it, opens the list filtered to it. Places are points.
 * Names go into the SVG as text nodes (never markup). Without the libraries or JavaScript the
 * table beside the map shows the same figures. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var dataElement = document.getElementById("map-data");
  var container = document.getElementById("world-map");
  if (!dataElement || !container || !window.d3 || !window.d3.geoPath || !window.topojson || !window.fetch) {
    return;
  }
  var data = JSON.parse(dataElement.textContent);
  var WIDTH = 960;
  var HEIGHT = 480;

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    return element;
  }

  function titled(element, text) {
    var title = svgElement("title");
    title.textContent = text;
    element.appendChild(title);
    return element;
  }

  function link(url, label) {
    var anchor = svgElement("a", { href: url });
    anchor.setAttribute("aria-label", label);
    return anchor;
  }

  function visitsText(count) {
    return count === 1 ? "1 visit" : count.toLocaleString("en") + " visits";
  }

  // Five shades on a log scale, so one country with thousands of visits does not leave every
  // other one in the palest class.
  var most = data.countries.reduce(function (max, country) { return Math.max(max, country.visits); }, 1);
  function shade(count) {
    if (most <= 1) {
      return 5;
    }
    return 1 + Math.min(4, Math.floor((Math.log(count) / Math.log(most)) * 5));
  }

  function draw(world) {
    var features = window.topojson.feature(world, world.objects.countries).features;
    var byId = {};
    data.countries.forEach(function (country) { byId[country.id] = country; });

    var projection = window.d3.geoEqualEarth();
    var focus = features.filter(function (feature) { return feature.id === data.focus; })[0];
    var extent = [[40, 40], [WIDTH - 40, HEIGHT - 40]];
    // Framed on the points, else on the focused country, else the whole world; turned to the
    // frame's longitude first, so a country across 180° (Russia, the United States) is whole.
    var frame = data.points.length
      ? { type: "MultiPoint", coordinates: data.points.map(function (point) { return [point.lon, point.lat]; }) }
      : focus;
    if (frame) {
      var centre = window.d3.geoCentroid(frame);
      projection.rotate([-centre[0], 0]).fitExtent(extent, frame);
      // Points close together would fill the map, and a single point has no size to fit (its
      // scale is infinite, its translation NaN): no closer than a region, centred on the frame.
      if (!(projection.scale() <= 1200)) {
        projection.scale(1200).translate([WIDTH / 2, HEIGHT / 2]);
        var at = projection(centre);
        projection.translate([WIDTH - at[0], HEIGHT - at[1]]);
      }
    } else {
      projection.fitSize([WIDTH, HEIGHT], { type: "Sphere" });
    }
    var path = window.d3.geoPath(projection);

    var svg = svgElement("svg", {
      viewBox: "0 0 " + WIDTH + " " + HEIGHT,
      class: "map-svg",
      role: "group",
      "aria-label": container.dataset.label || "Map",
    });
    svg.appendChild(svgElement("path", { d: path({ type: "Sphere" }), class: "map-sphere" }));
    var land = svgElement("g", { class: "map-countries" });
    features.forEach(function (feature) {
      var shape = svgElement("path", { d: path(feature) || "", class: "map-country" });
      var country = byId[feature.id];
      if (feature.id && feature.id === data.focus) {
        shape.classList.add("map-focus");
      }
      if (!country) {
        land.appendChild(shape);
        return;
      }
      var label = country.name + ": " + visitsText(country.visits);
      shape.classList.add("map-shade-" + shade(country.visits));
      var anchor = link(country.url, label);
      anchor.appendChild(titled(shape, label));
      land.appendChild(anchor);
    });
    svg.appendChild(land);

    var dots = svgElement("g", { class: "map-points" });
    data.points.forEach(function (point) {
      var xy = projection([point.lon, point.lat]);
      if (!xy) {
        return;
      }
      var label = point.name + " (" + point.kind + ")";
      var anchor = link(point.url, label);
      anchor.appendChild(titled(svgElement("circle", { cx: xy[0], cy: xy[1], r: 6, class: "map-point" }), label));
      dots.appendChild(anchor);
    });
    svg.appendChild(dots);

    container.appendChild(svg);
    if (data.countries.length) {
      container.appendChild(legend());
    }
    container.hidden = false;
  }

  function legend() {
    var list = document.createElement("p");
    list.className = "map-legend";
    list.appendChild(document.createTextNode("Visits: "));
    var seen = {};
    data.countries.forEach(function (country) {
      var step = shade(country.visits);
      seen[step] = seen[step] ? [Math.min(seen[step][0], country.visits), Math.max(seen[step][1], country.visits)] : [country.visits, country.visits];
    });
    Object.keys(seen).sort().forEach(function (step) {
      var key = document.createElement("span");
      key.className = "map-key map-shade-" + step;
      key.setAttribute("aria-hidden", "true");
      list.appendChild(key);
      var range = seen[step];
      list.appendChild(document.createTextNode((range[0] === range[1] ? range[0] : range[0] + "–" + range[1]) + "  "));
    });
    return list;
  }

  window.fetch(container.dataset.atlas, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("world-atlas: HTTP " + response.status);
      }
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      // The table still shows every figure; say why the map is missing in the console only.
      window.console.warn("The map could not be drawn:", error);
    });
})();
