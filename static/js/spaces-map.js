/*
 * Spaces maps (Leaflet). Every element with [data-spaces-map] becomes a map.
 *
 * Markers come from a GeoJSON URL (data-geojson-url: the census's spaces) or
 * from one point written in the page with json_script (data-points-id:
 * {lat, lon, label, status}). Markers are coloured by status; the status is
 * also written in each popup and in the list under the map, never by colour only.
 *
 * Base layers: the tile server (data-tile-url), when configured, and the
 * outlines of Milan's Municipi served by the platform (data-municipi-url),
 * which always work, also offline. If tiles fail to load, the map switches to
 * the Municipi and says so in the notice element (data-notice-id).
 * No inline styles or scripts: the Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  var MILAN = [45.4642, 9.19];
  // Bootstrap Italia's palette: primary, success, warning, dark grey.
  var COLOURS = {
    surveyed: "#5c6f82",
    available: "#008055",
    under_call: "#0066cc",
    assigned: "#a32d29",
  };

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      }
    );
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  // Popup content is built as DOM nodes from text, never as HTML strings.
  function spacePopup(properties, surfaceLabel) {
    var box = element("div");
    var heading = element("p", null, "fw-semibold mb-1");
    var a = element("a", properties.name);
    a.href = properties.url;
    heading.appendChild(a);
    box.appendChild(heading);
    box.appendChild(element("p", properties.status_label, "small mb-1"));
    box.appendChild(
      element("p", [properties.address, properties.comune].filter(Boolean).join(", "), "small mb-1")
    );
    box.appendChild(element("p", properties.surface_m2 + " " + surfaceLabel, "small mb-0"));
    return box;
  }

  function marker(latlng, status) {
    return L.circleMarker(latlng, {
      radius: 8,
      color: "#ffffff",
      weight: 2,
      fillColor: COLOURS[status] || COLOURS.surveyed,
      fillOpacity: 1,
    });
  }

  function showNotice(container) {
    var notice = document.getElementById(container.dataset.noticeId);
    if (notice && !notice.textContent) {
      notice.className = "map-notice alert alert-warning mt-2";
      notice.textContent = notice.dataset.message;
    }
  }

  function fit(map, layer) {
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    }
  }

  function setUp(container) {
    var map = L.map(container, { scrollWheelZoom: false }).setView(MILAN, 11);

    var municipi = L.geoJSON(null, {
      interactive: false,
      attribution: container.dataset.municipiAttribution,
      style: { color: "#5c6f82", weight: 1.5, fillColor: "#e6e9f2", fillOpacity: 0.4 },
    });
    fetchJSON(container.dataset.municipiUrl)
      .then(function (data) {
        municipi.addData(data);
      })
      .catch(function () {
        /* The markers still work on a blank base. */
      });

    var tileUrl = container.dataset.tileUrl;
    if (tileUrl) {
      var tiles = L.tileLayer(tileUrl, {
        attribution: container.dataset.tileAttribution,
        maxZoom: 19,
      });
      var failed = false;
      tiles.on("tileerror", function () {
        if (failed) {
          return;
        }
        failed = true;
        map.removeLayer(tiles);
        municipi.addTo(map);
        showNotice(container);
      });
      tiles.addTo(map);
      var baseLayers = {};
      baseLayers[container.dataset.tileLabel] = tiles;
      baseLayers[container.dataset.municipiLabel] = municipi;
      L.control.layers(baseLayers, null, { collapsed: false }).addTo(map);
    } else {
      municipi.addTo(map);
    }

    if (container.dataset.geojsonUrl) {
      var markers = L.geoJSON(null, {
        pointToLayer: function (feature, latlng) {
          return marker(latlng, feature.properties.status);
        },
        onEachFeature: function (feature, layer) {
          layer.bindPopup(spacePopup(feature.properties, container.dataset.surfaceLabel));
          layer.bindTooltip(feature.properties.name);
        },
      }).addTo(map);
      fetchJSON(container.dataset.geojsonUrl)
        .then(function (data) {
          markers.addData(data);
          fit(map, markers);
        })
        .catch(function () {
          /* The list of spaces below the map still has everything. */
        });
    } else if (container.dataset.pointsId) {
      var source = document.getElementById(container.dataset.pointsId);
      var point = source ? JSON.parse(source.textContent) : null;
      if (point) {
        marker([point.lat, point.lon], point.status).bindTooltip(point.label).addTo(map);
        map.setView([point.lat, point.lon], 15);
      }
    }
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll("[data-spaces-map]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
