/*
 * "My day" maps (Leaflet). Every element with [data-plans-map] becomes a map of
 * the points written in the page with json_script (data-points-id):
 * [{number, lat, lon, label, place, time, url, timed}]. Markers carry the
 * entry's number; the timed entries are joined by a line in time order.
 *
 * Base layers as on the programme map: the tile server (data-tile-url), when
 * configured, and the outlines of Milan's Municipi served by the platform
 * (data-municipi-url), which always work, also offline. If tiles fail to
 * load, the map switches to the Municipi and says so (data-notice-id).
 *
 * The page lists everything the map shows as text. No inline styles or
 * scripts: the Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  var MILAN = [45.4642, 9.19];

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

  function popup(point) {
    var box = element("div");
    var heading = element("p", null, "fw-semibold mb-1");
    var link = element("a", point.number + ". " + point.label);
    link.href = point.url;
    heading.appendChild(link);
    box.appendChild(heading);
    if (point.time) {
      box.appendChild(element("p", point.time, "small mb-1"));
    }
    box.appendChild(element("p", point.place, "small mb-0"));
    return box;
  }

  function numberedMarker(point) {
    var icon = L.divIcon({
      className: "plans-marker" + (point.timed ? "" : " plans-marker--untimed"),
      html: element("span", String(point.number)),
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -14],
    });
    return L.marker([point.lat, point.lon], {
      icon: icon,
      title: point.number + ". " + point.label,
      alt: point.number + ". " + point.label,
      keyboard: true,
    }).bindPopup(popup(point));
  }

  function showNotice(container) {
    var notice = document.getElementById(container.dataset.noticeId);
    if (notice && !notice.textContent) {
      notice.className = "map-notice alert alert-warning mt-2";
      notice.textContent = notice.dataset.message;
    }
  }

  function baseLayers(map, container) {
    var municipi = L.geoJSON(null, {
      interactive: false,
      attribution: container.dataset.municipiAttribution,
      style: { color: "#5c6f82", weight: 1.5, fillColor: "#e6e9f2", fillOpacity: 0.4 },
    });
    fetch(container.dataset.municipiUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        municipi.addData(data);
      })
      .catch(function () {
        /* The markers still work on a blank base. */
      });

    var tileUrl = container.dataset.tileUrl;
    if (!tileUrl) {
      municipi.addTo(map);
      return;
    }
    var tiles = L.tileLayer(tileUrl, { attribution: container.dataset.tileAttribution, maxZoom: 19 });
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
    var layers = {};
    layers[container.dataset.tileLabel] = tiles;
    layers[container.dataset.municipiLabel] = municipi;
    L.control.layers(layers, null, { collapsed: false }).addTo(map);
  }

  function setUp(container) {
    var map = L.map(container, { scrollWheelZoom: false }).setView(MILAN, 11);
    baseLayers(map, container);

    var source = document.getElementById(container.dataset.pointsId);
    var points = source ? JSON.parse(source.textContent) : [];
    var route = points
      .filter(function (point) {
        return point.timed;
      })
      .map(function (point) {
        return [point.lat, point.lon];
      });
    if (route.length > 1) {
      L.polyline(route, {
        className: "plans-route",
        color: "#0066cc",
        weight: 3,
        dashArray: "6 6",
        interactive: false,
      }).addTo(map);
    }
    var markers = L.featureGroup(points.map(numberedMarker)).addTo(map);
    if (points.length === 1) {
      map.setView([points[0].lat, points[0].lon], 15);
    } else if (points.length > 1) {
      // Wide padding: the layers control sits over the top right corner.
      map.fitBounds(markers.getBounds(), { padding: [56, 56], maxZoom: 15 });
    }
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll("[data-plans-map]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
