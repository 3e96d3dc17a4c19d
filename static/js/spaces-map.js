/*
 * Spaces maps (Leaflet), on window.MapBase (map-base.js: base layers, the road
 * map's fallback to the Municipi). Every element with [data-spaces-map] becomes
 * a map.
 *
 * Markers come from a GeoJSON URL (data-geojson-url: the census's spaces) or
 * from one point written in the page with json_script (data-points-id:
 * {lat, lon, label, status}). Markers are coloured by status; the status is
 * also written in each popup and in the list under the map, never by colour only.
 */
(function () {
  "use strict";

  var base = window.MapBase;
  // Bootstrap Italia's palette: primary, success, warning, dark grey.
  var COLOURS = {
    surveyed: "#5c6f82",
    available: "#008055",
    under_call: "#0066cc",
    assigned: "#a32d29",
  };

  // Popup content is built as DOM nodes from text, never as HTML strings.
  function spacePopup(properties, surfaceLabel) {
    var box = base.element("div");
    var heading = base.element("p", null, "fw-semibold mb-1");
    heading.appendChild(base.link(properties.url, properties.name));
    box.appendChild(heading);
    box.appendChild(base.element("p", properties.status_label, "small mb-1"));
    box.appendChild(
      base.element(
        "p",
        [properties.address, properties.comune].filter(Boolean).join(", "),
        "small mb-1"
      )
    );
    box.appendChild(base.element("p", properties.surface_m2 + " " + surfaceLabel, "small mb-0"));
    return box;
  }

  function marker(latlng, status) {
    return base.circle(latlng, COLOURS[status] || COLOURS.surveyed);
  }

  base.start("[data-spaces-map]", function (container) {
    var map = base.create(container).map;
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
      base
        .fetchJSON(container.dataset.geojsonUrl)
        .then(function (data) {
          markers.addData(data);
          base.fit(map, markers.getBounds());
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
  });
})();
