/*
 * The directory map (Leaflet + leaflet.markercluster), fast with hundreds of
 * thousands of sites across Italy.
 *
 * The map asks for the sites of what it shows, by bounding box and zoom, each time
 * it stops moving (data-points-url plus bbox=west,south,east,north&zoom=z):
 *   {"kinds": ["F", "I", "C", "B", "A"], "scale": 100000, "total": n,
 *    "points": [[site id, lat × scale, lon × scale, kind index], ...],
 *    "clusters": [[lat × scale, lon × scale, count], ...]}
 * With few sites in view the server sends every one and no clusters: they are drawn
 * as canvas circle markers in a cluster group (the browser groups them as it zooms).
 * With many, the server groups them in a grid and the map draws its clusters, each a
 * button that zooms in on it, and the single sites among them. Only the last answer
 * is drawn: a request made obsolete by a newer move is aborted. The base map's tiles
 * are optional: without them the markers work the same.
 *
 * With filters set, the first request also asks for the bounds of every matching
 * site (fit=1), and the map moves there. A popup's text is fetched only when it is
 * opened (data-popup-url, with 0 standing for the site id).
 *
 * The map is built in steps, each a task of its own, so that the page answers
 * clicks and keys while it is built (a phone runs Leaflet several times slower than
 * a laptop): once the map's box is near the screen and the page has been painted,
 * the map and its controls; then its view and the request for its points; then the
 * tiles and the marker layers; the Municipi outlines (asked for at once) are drawn
 * when the browser is idle after the first points.
 *
 * The road map, its failure notice and the Municipi outlines come from
 * window.MapBase (map-base.js), as on every map of the platform.
 *
 * Everything on the map is also in the list view, which the page links to. No inline
 * scripts or styles: the Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  var COLOURS = { F: "#c02a41", I: "#7b3fa0", C: "#0b7a4b", B: "#995c00", A: "#5c6f82" };

  function popupContent(data, openLabel) {
    var base = window.MapBase;
    var element = base.element;
    var box = element("div", null, "directory-popup");
    var title = element("p", null, "fw-semibold mb-1");
    title.appendChild(base.link(data.url, data.name));
    box.appendChild(title);
    box.appendChild(element("p", data.category, "small mb-1"));
    if (data.qualified) box.appendChild(element("p", data.qualified, "small mb-1 text-success"));
    box.appendChild(element("p", data.address, "small mb-1"));
    var place = [data.nil, data.municipio].filter(Boolean).join(" · ");
    if (place) box.appendChild(element("p", place, "small mb-1"));
    var more = base.link(data.url, openLabel);
    more.className = "small";
    box.appendChild(more);
    return box;
  }

  // The next step of building the map, in a task of its own.
  function later(step) {
    setTimeout(step, 0);
  }

  var afterPaint = window.MapBase ? window.MapBase.afterPaint : later;

  // A step that can wait until the browser has nothing else to do.
  function whenIdle(step) {
    if (window.requestIdleCallback) window.requestIdleCallback(step, { timeout: 2000 });
    else setTimeout(step, 200);
  }

  // The map and its controls; its view and layers in the next task.
  function setUp(container) {
    var map = L.map(container, {
      preferCanvas: true,
      scrollWheelZoom: false,
      minZoom: 4,
      maxZoom: 18,
    });
    later(function () { show(container, map); });
  }

  function show(container, map) {
    var base = window.MapBase;
    var status = document.getElementById(container.dataset.statusId);
    function say(text) {
      if (status) status.textContent = text;
    }

    map.setView(base.MILAN, 11);
    var renderer = L.canvas({ padding: 0.5 });
    // The outlines' canvas, below the markers' (added to the map first): it takes
    // no clicks away from them, though the outlines come later.
    var outlineRenderer = L.canvas().addTo(map);

    // Asked for at once, drawn once the first points are (the markers work without).
    var municipi = base.municipiData(container);
    var outlinesAdded = false;
    function addOutlines() {
      if (outlinesAdded) return;
      outlinesAdded = true;
      municipi.then(function (data) {
        if (!data) return;
        whenIdle(function () {
          base.municipiLayer(container, true, outlineRenderer).addData(data).addTo(map);
        });
      });
    }

    function addTiles() {
      // Without the tile server the Municipi outlines stay, and the page says why
      // the map looks bare.
      var tiles = base.roadMap(map, container);
      if (tiles) tiles.addTo(map);
    }

    var clusters = L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 100,
      showCoverageOnHover: false,
      maxClusterRadius: 60,
    });
    // The server's clusters and the single sites drawn beside them.
    var grid = L.layerGroup();
    function addMarkerLayers() {
      if (map.hasLayer(clusters)) return;
      map.addLayer(clusters);
      map.addLayer(grid);
    }

    var popupBase = container.dataset.popupUrl;
    function openPopup(event) {
      var marker = event.target;
      marker.bindPopup("…").openPopup();
      base.fetchJSON(popupBase.replace(/\/0\.json$/, "/" + marker.options.siteId + ".json"))
        .then(function (data) {
          marker.setPopupContent(popupContent(data, container.dataset.openLabel));
        })
        .catch(function () { marker.closePopup(); });
    }

    function siteMarker(point, kinds, scale) {
      var kind = kinds[point[3]];
      var marker = L.circleMarker([point[1] / scale, point[2] / scale], {
        renderer: renderer,
        radius: kind === "A" ? 5 : 7,
        color: "#ffffff",
        weight: 1,
        fillColor: COLOURS[kind] || COLOURS.A,
        fillOpacity: 0.95,
        siteId: point[0],
      });
      marker.on("click", openPopup);
      return marker;
    }

    var numbers = new Intl.NumberFormat(document.documentElement.lang || "it");
    function clusterMarker(cluster, scale) {
      var count = cluster[2];
      var text = numbers.format(count);
      var size = count < 100 ? "small" : count < 1000 ? "medium" : "large";
      var width = Math.max(40, 16 + 8 * text.length);
      var label = container.dataset.clusterLabel.replace("%(n)s", text);
      var marker = L.marker([cluster[0] / scale, cluster[1] / scale], {
        icon: L.divIcon({
          html: "<div><span>" + text + "</span></div>",
          className: "marker-cluster marker-cluster-" + size + " directory-cluster",
          iconSize: L.point(width, 40),
        }),
        title: label,
        alt: label,
        keyboard: true,
        riseOnHover: true,
      });
      function zoomIn() {
        map.setView(marker.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
      }
      marker.on("click", zoomIn);
      // Leaflet makes the marker a focusable button; Enter acts like a click.
      marker.on("keypress", function (event) {
        if (event.originalEvent.key === "Enter") zoomIn();
      });
      return marker;
    }

    var baseUrl = container.dataset.pointsUrl;
    var filtered = baseUrl.indexOf("?") !== -1;
    var pending = null;
    var timer = null;
    var first = true;

    function draw(data) {
      var kinds = data.kinds;
      var scale = data.scale || 1;
      var markers = new Array(data.points.length);
      for (var i = 0; i < data.points.length; i++) {
        markers[i] = siteMarker(data.points[i], kinds, scale);
      }
      addMarkerLayers();
      grid.clearLayers();
      clusters.clearLayers();
      if (data.clusters.length) {
        for (var j = 0; j < data.clusters.length; j++) {
          grid.addLayer(clusterMarker(data.clusters[j], scale));
        }
        for (var k = 0; k < markers.length; k++) grid.addLayer(markers[k]);
      } else {
        clusters.addLayers(markers);
      }
      container.dataset.shownTotal = data.total;
      container.dataset.shownClusters = data.clusters.length;
      say(container.dataset.loaded.replace("%(n)s", numbers.format(data.total)));
      whenIdle(addOutlines);
    }

    function load() {
      if (pending) pending.abort();
      var controller = typeof AbortController === "undefined" ? null : new AbortController();
      pending = controller;
      var fit = first && filtered;
      first = false;
      var url = baseUrl + (filtered ? "&" : "?") +
        "bbox=" + map.getBounds().pad(0.25).toBBoxString() +
        "&zoom=" + map.getZoom() + (fit ? "&fit=1" : "");
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (pending !== controller) return;
          pending = null;
          if (fit && data.bounds) {
            var bounds = L.latLngBounds([data.bounds[0], data.bounds[1]], [data.bounds[2], data.bounds[3]]);
            if (!map.getBounds().contains(bounds)) {
              // Moving fires "moveend", which asks again for the new view.
              map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
              return;
            }
          }
          draw(data);
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          say(container.dataset.failed);
          whenIdle(addOutlines);
        });
    }

    map.on("moveend", function () {
      // Wait for the map to settle (a run of zoom clicks, a drag) before asking.
      clearTimeout(timer);
      timer = setTimeout(load, 120);
    });
    load();
    later(addTiles);
    later(addMarkerLayers);
  }

  function start() {
    if (typeof L === "undefined" || typeof L.markerClusterGroup === "undefined" || !window.MapBase) return;
    document.querySelectorAll("[data-directory-map]").forEach(function (container) {
      var status = document.getElementById(container.dataset.statusId);
      if (status) status.textContent = container.dataset.loading;
      window.MapBase.whenNear(container, setUp);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
