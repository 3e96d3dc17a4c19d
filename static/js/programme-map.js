/*
 * Programme maps (Leaflet), on window.MapBase (map-base.js: base layers, the
 * road map's fallback to the Municipi). Every element with [data-programme-map]
 * becomes a map.
 *
 * Markers come from a GeoJSON URL (data-geojson-url: the programme's places),
 * clustered when many are close and framed on Milan, or from a JSON list of
 * points written in the page with json_script (data-points-id: [{lat, lon,
 * label, url}]). An activity's small map may also draw the outlines of its
 * Municipio and NIL (data-outlines-id: a FeatureCollection written with
 * json_script) and frames the neighbourhood.
 *
 * Everything the map shows is also in the page as text, so the map is an aid,
 * never the only way to reach the content.
 */
(function () {
  "use strict";

  var base = window.MapBase;
  var COLOURS = { site: "#0066cc", hub: "#a32d29" };
  var OUTLINE_STYLES = {
    municipio: { color: "#5c6f82", weight: 2, dashArray: "6 4", fill: false },
    nil: { color: "#0066cc", weight: 2, fillColor: "#0066cc", fillOpacity: 0.08 },
  };

  // Popup content is built as DOM nodes from text, never as HTML strings.
  function placePopup(properties) {
    var box = base.element("div");
    var heading = base.element("p", null, "fw-semibold mb-1");
    if (properties.organisation && properties.organisation_url) {
      heading.appendChild(base.link(properties.organisation_url, properties.organisation));
    } else {
      heading.textContent = properties.organisation || properties.name;
    }
    box.appendChild(heading);
    box.appendChild(base.element("p", properties.category_label, "small mb-1"));
    var where = [properties.name, properties.address, properties.comune].filter(Boolean);
    box.appendChild(base.element("p", where.join(", "), "small mb-1"));
    var list = base.element("ul", null, "mb-0 ps-3");
    (properties.activities || []).forEach(function (activity) {
      var item = base.element("li");
      item.appendChild(base.link(activity.url, activity.title));
      item.appendChild(document.createTextNode(" (" + activity.kind + ")"));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function pointPopup(point) {
    if (point.url) {
      var box = base.element("div");
      box.appendChild(base.link(point.url, point.label));
      return box;
    }
    return base.element("span", point.label);
  }

  function marker(latlng, isHub) {
    return base.circle(latlng, isHub ? COLOURS.hub : COLOURS.site);
  }

  function readJSON(id) {
    var source = id ? document.getElementById(id) : null;
    return source ? JSON.parse(source.textContent) : null;
  }

  // The programme's places: clustered where they crowd, framed on Milan (the
  // Municipi's outline) once it is known, else on the places themselves.
  function programmePlaces(container, made) {
    var map = made.map;
    var group =
      typeof L.markerClusterGroup === "function"
        ? L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false })
        : L.featureGroup();
    var places = L.geoJSON(null, {
      pointToLayer: function (feature, latlng) {
        return marker(latlng, feature.properties.at_hub);
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(placePopup(feature.properties));
        layer.bindTooltip(feature.properties.organisation || feature.properties.name);
      },
    });
    group.addTo(map);
    var loaded = base
      .fetchJSON(container.dataset.geojsonUrl)
      .then(function (data) {
        places.addData(data);
        group.addLayer(places);
        container.dataset.places = String(places.getLayers().length);
        return places;
      })
      .catch(function () {
        return null; /* The list of places below the map still has everything. */
      });
    Promise.all([made.municipiLoaded, loaded]).then(function (layers) {
      var milan = layers[0];
      if (!(milan && base.fit(map, milan.getBounds(), 8)) && layers[1]) {
        base.fit(map, layers[1].getBounds());
      }
      container.dataset.ready = "true";
    });
  }

  function points(container, made) {
    var map = made.map;
    var list = readJSON(container.dataset.pointsId) || [];
    var markers = L.featureGroup(
      list.map(function (point) {
        return marker([point.lat, point.lon], false)
          .bindPopup(pointPopup(point))
          .bindTooltip(point.label);
      })
    ).addTo(map);
    var outlines = readJSON(container.dataset.outlinesId);
    var framed = false;
    if (outlines && outlines.features && outlines.features.length) {
      var drawn = L.geoJSON(outlines, {
        interactive: false,
        style: function (feature) {
          return OUTLINE_STYLES[feature.properties.kind] || OUTLINE_STYLES.municipio;
        },
      }).addTo(map);
      markers.bringToFront();
      // Frame the neighbourhood (the NIL) when there is one, else the Municipio.
      var nil = drawn.getLayers().filter(function (layer) {
        return layer.feature.properties.kind === "nil";
      });
      framed = base.fit(map, (nil.length ? L.featureGroup(nil) : drawn).getBounds(), 12);
    }
    if (!framed) {
      if (list.length === 1) {
        map.setView([list[0].lat, list[0].lon], 15);
      } else {
        base.fit(map, markers.getBounds());
      }
    }
    container.dataset.ready = "true";
  }

  base.start("[data-programme-map]", function (container) {
    var made = base.create(container);
    if (container.dataset.geojsonUrl) {
      programmePlaces(container, made);
    } else if (container.dataset.pointsId) {
      points(container, made);
    }
  });
})();
