/*
 * "My day" maps (Leaflet). Every element with [data-plans-map] becomes a map of
 * the points written in the page with json_script (data-points-id):
 * [{number, lat, lon, label, place, time, url, timed}]. Markers carry the
 * entry's number; the timed entries are joined by a line in time order.
 *
 * Base layers from window.MapBase (map-base.js), as on every map.
 *
 * The page lists everything the map shows as text. No inline styles or
 * scripts: the Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  var base = window.MapBase;
  var element = base.element;

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

  function setUp(container) {
    var map = base.create(container).map;

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

  base.start("[data-plans-map]", setUp);
})();
