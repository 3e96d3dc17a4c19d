/*
 * Site form: a small map to place the site by clicking or dragging the marker,
 * on window.MapBase (map-base.js: the road map, its fallback to the Municipi
 * outlines and the notice when the tile server is unreachable).
 * Progressive enhancement: the latitude and longitude fields work without it.
 */
(function () {
  "use strict";

  var base = window.MapBase;

  function parse(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  base.start("#site-map", function (el) {
    var latInput = document.getElementById(el.dataset.latitudeInput);
    var lonInput = document.getElementById(el.dataset.longitudeInput);
    if (!latInput || !lonInput) return;

    el.hidden = false;
    var map = base.create(el).map;
    var lat = parse(latInput);
    var lon = parse(lonInput);
    if (lat !== null && lon !== null) map.setView([lat, lon], 16, { animate: false });

    var marker = null;
    function place(latlng, fromMap) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), true); });
      } else {
        marker.setLatLng(latlng);
      }
      if (fromMap) {
        latInput.value = latlng.lat.toFixed(6);
        lonInput.value = latlng.lng.toFixed(6);
      }
    }
    if (lat !== null && lon !== null) place([lat, lon], false);

    map.on("click", function (event) { place(event.latlng, true); });

    function fromInputs() {
      var a = parse(latInput);
      var b = parse(lonInput);
      if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place([a, b], false);
        map.panTo([a, b]);
      }
    }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);
  });
})();
