/*
 * Programme maps (Leaflet). Every element with [data-programme-map] becomes a map.
 *
 * Markers come from a GeoJSON URL (data-geojson-url: the programme's places) or
 * from a JSON list of points written in the page with json_script
 * (data-points-id: [{lat, lon, label, url}]).
 *
 * Base layers: the tile server (data-tile-url), when configured, and the
 * outlines of Milan's Municipi served by the platform (data-municipi-url),
 * which always work, also offline. If tiles fail to load, the map switches to
 * the Municipi and says so in the notice element (data-notice-id).
 *
 * Everything the map shows is also in the page as text, so the map is an aid,
 * never the only way to reach the content. No inline styles or scripts: the
 * page's Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  var MILAN = [45.4642, 9.19];
  var COLOURS = { site: "#0066cc", hub: "#a32d29" };

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

  function link(href, text) {
    var a = element("a", text);
    a.href = href;
    return a;
  }

  // Popup content is built as DOM nodes from text, never as HTML strings.
  function placePopup(properties) {
    var box = element("div");
    var heading = element("p", null, "fw-semibold mb-1");
    if (properties.organisation && properties.organisation_url) {
      heading.appendChild(link(properties.organisation_url, properties.organisation));
    } else {
      heading.textContent = properties.organisation || properties.name;
    }
    box.appendChild(heading);
    box.appendChild(element("p", properties.category_label, "small mb-1"));
    var where = [properties.name, properties.address, properties.comune].filter(Boolean);
    box.appendChild(element("p", where.join(", "), "small mb-1"));
    var list = element("ul", null, "mb-0 ps-3");
    (properties.activities || []).forEach(function (activity) {
      var item = element("li");
      item.appendChild(link(activity.url, activity.title));
      item.appendChild(document.createTextNode(" (" + activity.kind + ")"));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function pointPopup(point) {
    if (point.url) {
      var box = element("div");
      box.appendChild(link(point.url, point.label));
      return box;
    }
    return element("span", point.label);
  }

  function marker(latlng, isHub) {
    return L.circleMarker(latlng, {
      radius: 8,
      color: "#ffffff",
      weight: 2,
      fillColor: isHub ? COLOURS.hub : COLOURS.site,
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
      style: {
        color: "#5c6f82",
        weight: 1.5,
        fillColor: "#e6e9f2",
        fillOpacity: 0.4,
      },
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

    var markers;
    if (container.dataset.geojsonUrl) {
      markers = L.geoJSON(null, {
        pointToLayer: function (feature, latlng) {
          return marker(latlng, feature.properties.at_hub);
        },
        onEachFeature: function (feature, layer) {
          layer.bindPopup(placePopup(feature.properties));
          layer.bindTooltip(feature.properties.organisation || feature.properties.name);
        },
      }).addTo(map);
      fetchJSON(container.dataset.geojsonUrl)
        .then(function (data) {
          markers.addData(data);
          fit(map, markers);
        })
        .catch(function () {
          /* The list of places below the map still has everything. */
        });
    } else if (container.dataset.pointsId) {
      var source = document.getElementById(container.dataset.pointsId);
      var points = source ? JSON.parse(source.textContent) : [];
      markers = L.featureGroup(
        points.map(function (point) {
          return marker([point.lat, point.lon], false)
            .bindPopup(pointPopup(point))
            .bindTooltip(point.label);
        })
      ).addTo(map);
      if (points.length === 1) {
        map.setView([points[0].lat, points[0].lon], 15);
      } else {
        fit(map, markers);
      }
    }
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    document.querySelectorAll("[data-programme-map]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
