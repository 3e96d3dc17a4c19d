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
 * plans-map.js, directory-site-map.js) only add their markers; the directory map
 * (directory-map.js), built in steps, takes the parts one by one: roadMap,
 * municipiData, municipiLayer (its outlines drawn over the road map).
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
   * The Municipi outlines as a layer, empty until its data is added: as the base
   * layer (filled, the default) or, with overlay, as thin lines drawn over the road
   * map (renderer: the canvas to draw them on).
   */
  function municipiLayer(container, overlay, renderer) {
    var options = {
      interactive: false,
      attribution: container.dataset.municipiAttribution,
      style: overlay
        ? { color: "#5c6f82", weight: 1.2, fillOpacity: 0 }
        : { color: "#5c6f82", weight: 1.5, fillColor: "#e6e9f2", fillOpacity: 0.4 },
    };
    if (renderer) {
      options.renderer = renderer;
    }
    return L.geoJSON(null, options);
  }

  // The outlines' GeoJSON (data-municipi-url), or null when it could not be loaded.
  function municipiData(container) {
    return fetchJSON(container.dataset.municipiUrl).catch(function () {
      return null; /* The markers still work on a blank base. */
    });
  }

  /*
   * The road map (data-tile-url), not yet added to `map`, or null without a tile
   * server. At its first failing tile it leaves the map, the container is marked
   * (data-tiles-failed) and the notice says why the map looks bare; onFailure then
   * puts something in its place.
   */
  function roadMap(map, container, onFailure) {
    var tileUrl = container.dataset.tileUrl;
    if (!tileUrl) {
      return null;
    }
    var tiles = L.tileLayer(tileUrl, { attribution: container.dataset.tileAttribution, maxZoom: 19 });
    var failed = false;
    tiles.on("tileerror", function () {
      if (failed) {
        return;
      }
      failed = true;
      map.removeLayer(tiles);
      if (onFailure) {
        onFailure();
      }
      container.dataset.tilesFailed = "true";
      showNotice(container);
    });
    return tiles;
  }

  /*
   * A map on `container` centred on Milan, with its base layers. Returns
   * {map, municipi, municipiLoaded}: municipiLoaded is a promise of the outlines'
   * layer (resolved with null when they could not be loaded).
   */
  function create(container) {
    var map = L.map(container, { scrollWheelZoom: false }).setView(MILAN, 11);
    var municipi = municipiLayer(container);
    var municipiLoaded = municipiData(container).then(function (data) {
      if (!data) {
        return null;
      }
      municipi.addData(data);
      return municipi;
    });

    var chooser = null;
    var tiles = roadMap(map, container, function () {
      // With one base layer left there is nothing to choose.
      chooser.remove();
      municipi.addTo(map);
    });
    if (!tiles) {
      municipi.addTo(map);
      return { map: map, municipi: municipi, municipiLoaded: municipiLoaded };
    }
    var layers = {};
    layers[container.dataset.tileLabel] = tiles;
    layers[container.dataset.municipiLabel] = municipi;
    chooser = L.control.layers(layers, null, { collapsed: false });
    tiles.addTo(map);
    chooser.addTo(map);
    return { map: map, municipi: municipi, municipiLoaded: municipiLoaded };
  }

  // After the page's first frame: the page is laid out and painted once before
  // Leaflet reads the map's size (which would otherwise lay the page out early,
  // inside the map's own task).
  function afterPaint(step) {
    var next = function () { setTimeout(step, 0); };
    if (window.requestAnimationFrame) window.requestAnimationFrame(next);
    else next();
  }

  // Builds a map once its box is near the screen: a map below the first screen
  // (an activity's small map, on a phone) waits until the page is scrolled
  // towards it, and costs nothing to a visitor who only reads the page. A map
  // with no box yet (hidden until built) is built at once.
  function whenNear(container, build) {
    if (!("IntersectionObserver" in window) || !container.getClientRects().length) {
      afterPaint(function () { build(container); });
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      afterPaint(function () { build(container); });
    }, { rootMargin: "0px 0px 200px 0px" });
    observer.observe(container);
  }

  // Maps marked data-build-when-near (a page's secondary map) are built when they
  // come near the screen; the others (a page that is a map) at once.
  function start(selector, setUp) {
    function run() {
      if (typeof L === "undefined") {
        return;
      }
      document.querySelectorAll(selector).forEach(function (container) {
        if (container.hasAttribute("data-build-when-near")) whenNear(container, setUp);
        else setUp(container);
      });
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }


  window.MapBase = {
    MILAN: MILAN,
    afterPaint: afterPaint,
    circle: circle,
    create: create,
    element: element,
    fetchJSON: fetchJSON,
    fit: fit,
    link: link,
    municipiData: municipiData,
    municipiLayer: municipiLayer,
    roadMap: roadMap,
    showNotice: showNotice,
    start: start,
    whenNear: whenNear,
  };
})();
