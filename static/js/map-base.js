/*
 * What every map of the platform shares (Leaflet), as window.MapBase: the base
 * layers, fetching JSON, building popups from text, framing.
 *
 * Base layers: the tile server (data-tile-url on the map's element), when
 * configured, and the outlines of Milan's Municipi served by the platform
 * (data-municipi-url), which always work, also offline. If tiles fail to load,
 * the map switches to the Municipi, takes the road map out of the layer chooser
 * (it cannot be chosen while it fails) and says so in the notice element
 * (data-notice-id). The page scripts (programme-map.js, spaces-map.js,
 * plans-map.js) only add their markers.
 *
 * No inline styles or scripts: the page's Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  var MILAN = [45.4642, 9.19];

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

  function circle(latlng, colour) {
    return L.circleMarker(latlng, {
      radius: 8,
      color: "#ffffff",
      weight: 2,
      fillColor: colour,
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

  function fit(map, bounds, padding) {
    if (bounds && bounds.isValid()) {
      // No animation: the first view is drawn at once, and is where it stays.
      map.fitBounds(bounds, {
        padding: [padding || 24, padding || 24],
        maxZoom: 15,
        animate: false,
      });
      return true;
    }
    return false;
  }

  /*
   * A map on `container` centred on Milan, with its base layers. Returns
   * {map, municipi, municipiLoaded}: municipiLoaded is a promise of the outlines'
   * layer (resolved with null when they could not be loaded).
   */
  function create(container) {
    var map = L.map(container, { scrollWheelZoom: false }).setView(MILAN, 11);
    var municipi = L.geoJSON(null, {
      interactive: false,
      attribution: container.dataset.municipiAttribution,
      style: { color: "#5c6f82", weight: 1.5, fillColor: "#e6e9f2", fillOpacity: 0.4 },
    });
    var municipiLoaded = fetchJSON(container.dataset.municipiUrl)
      .then(function (data) {
        municipi.addData(data);
        return municipi;
      })
      .catch(function () {
        return null; /* The markers still work on a blank base. */
      });

    var tileUrl = container.dataset.tileUrl;
    if (!tileUrl) {
      municipi.addTo(map);
      return { map: map, municipi: municipi, municipiLoaded: municipiLoaded };
    }
    var tiles = L.tileLayer(tileUrl, { attribution: container.dataset.tileAttribution, maxZoom: 19 });
    var layers = {};
    layers[container.dataset.tileLabel] = tiles;
    layers[container.dataset.municipiLabel] = municipi;
    var chooser = L.control.layers(layers, null, { collapsed: false });
    var failed = false;
    tiles.on("tileerror", function () {
      if (failed) {
        return;
      }
      failed = true;
      map.removeLayer(tiles);
      // With one base layer left there is nothing to choose.
      chooser.remove();
      municipi.addTo(map);
      container.dataset.tilesFailed = "true";
      showNotice(container);
    });
    tiles.addTo(map);
    chooser.addTo(map);
    return { map: map, municipi: municipi, municipiLoaded: municipiLoaded };
  }

  function start(selector, setUp) {
    function run() {
      if (typeof L === "undefined") {
        return;
      }
      document.querySelectorAll(selector).forEach(setUp);
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  window.MapBase = {
    MILAN: MILAN,
    circle: circle,
    create: create,
    element: element,
    fetchJSON: fetchJSON,
    fit: fit,
    link: link,
    start: start,
  };
})();
