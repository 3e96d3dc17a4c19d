/*
 * The directory map (Leaflet + leaflet.markercluster), fast with tens of thousands
 * of sites.
 *
 * The points come in one compact request (data-points-url):
 *   {"kinds": ["F", "I", "C", "B", "A"], "scale": 100000,
 *    "points": [[site id, lat × scale, lon × scale, kind index], ...]}
 * and are drawn as canvas circle markers inside a cluster group loaded in chunks, so
 * the page stays responsive. A popup's text is fetched only when it is opened
 * (data-popup-url, with 0 standing for the site id).
 *
 * Everything on the map is also in the list view, which the page links to. No inline
 * scripts or styles: the Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  var MILAN = [45.4642, 9.19];
  var COLOURS = { F: "#c02a41", I: "#7b3fa0", C: "#0b7a4b", B: "#995c00", A: "#5c6f82" };

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function popupContent(data, openLabel) {
    var box = element("div", null, "directory-popup");
    var title = element("p", null, "fw-semibold mb-1");
    var link = element("a", data.name);
    link.href = data.url;
    title.appendChild(link);
    box.appendChild(title);
    box.appendChild(element("p", data.category, "small mb-1"));
    if (data.qualified) box.appendChild(element("p", data.qualified, "small mb-1 text-success"));
    box.appendChild(element("p", data.address, "small mb-1"));
    var place = [data.nil, data.municipio].filter(Boolean).join(" · ");
    if (place) box.appendChild(element("p", place, "small mb-1"));
    var more = element("a", openLabel, "small");
    more.href = data.url;
    box.appendChild(more);
    return box;
  }

  function setUp(container) {
    var status = document.getElementById(container.dataset.statusId);
    function say(text) {
      if (status) status.textContent = text;
    }
    say(container.dataset.loading);

    var renderer = L.canvas({ padding: 0.5 });
    var map = L.map(container, { preferCanvas: true, scrollWheelZoom: false }).setView(MILAN, 11);

    var outlines = L.geoJSON(null, {
      interactive: false,
      attribution: container.dataset.municipiAttribution,
      style: { color: "#5c6f82", weight: 1.2, fillOpacity: 0 },
    }).addTo(map);
    getJSON(container.dataset.municipiUrl)
      .then(function (data) { outlines.addData(data); })
      .catch(function () { /* the markers work without the outlines */ });

    if (container.dataset.tileUrl) {
      var tiles = L.tileLayer(container.dataset.tileUrl, {
        attribution: container.dataset.tileAttribution,
        maxZoom: 19,
      });
      var failed = false;
      tiles.on("tileerror", function () {
        // The tile server is down or unreachable: the Municipi outlines stay,
        // and the page says why the map looks bare.
        if (failed) return;
        failed = true;
        map.removeLayer(tiles);
        var notice = document.getElementById(container.dataset.noticeId);
        if (notice && !notice.textContent) {
          notice.className = "map-notice alert alert-warning mt-2";
          notice.textContent = notice.dataset.message;
        }
      });
      tiles.addTo(map);
    }

    var clusters = L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 100,
      showCoverageOnHover: false,
      maxClusterRadius: 60,
    });
    map.addLayer(clusters);

    var popupBase = container.dataset.popupUrl;
    function openPopup(event) {
      var marker = event.target;
      marker.bindPopup("…").openPopup();
      getJSON(popupBase.replace(/\/0\.json$/, "/" + marker.options.siteId + ".json"))
        .then(function (data) {
          marker.setPopupContent(popupContent(data, container.dataset.openLabel));
        })
        .catch(function () { marker.closePopup(); });
    }

    getJSON(container.dataset.pointsUrl)
      .then(function (data) {
        var kinds = data.kinds;
        var scale = data.scale || 1;
        var markers = new Array(data.points.length);
        var south = 90, west = 180, north = -90, east = -180;
        for (var i = 0; i < data.points.length; i++) {
          var point = data.points[i];
          var kind = kinds[point[3]];
          var lat = point[1] / scale;
          var lon = point[2] / scale;
          if (lat < south) south = lat;
          if (lat > north) north = lat;
          if (lon < west) west = lon;
          if (lon > east) east = lon;
          var marker = L.circleMarker([lat, lon], {
            renderer: renderer,
            radius: kind === "A" ? 5 : 7,
            color: "#ffffff",
            weight: 1,
            fillColor: COLOURS[kind] || COLOURS.A,
            fillOpacity: 0.95,
            siteId: point[0],
          });
          marker.on("click", openPopup);
          markers[i] = marker;
        }
        clusters.addLayers(markers);
        if (markers.length) {
          map.fitBounds([[south, west], [north, east]], { padding: [24, 24], maxZoom: 15 });
        }
        say(container.dataset.loaded.replace("%(n)s", markers.length.toLocaleString()));
      })
      .catch(function () { say(container.dataset.failed); });
  }

  function start() {
    if (typeof L === "undefined" || typeof L.markerClusterGroup === "undefined") return;
    document.querySelectorAll("[data-directory-map]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
