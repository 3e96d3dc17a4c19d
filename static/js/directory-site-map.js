// Site form: a small map to place the site by clicking or dragging the marker.
// Progressive enhancement: the latitude and longitude fields work without it.
(function () {
  "use strict";

  function init() {
    var el = document.getElementById("site-map");
    if (!el || typeof L === "undefined" || !el.dataset.tileUrl) return;
    var latInput = document.getElementById(el.dataset.latitudeInput);
    var lonInput = document.getElementById(el.dataset.longitudeInput);
    if (!latInput || !lonInput) return;

    function parse(input) {
      var value = parseFloat(String(input.value).replace(",", "."));
      return isFinite(value) ? value : null;
    }

    el.hidden = false;
    var lat = parse(latInput);
    var lon = parse(lonInput);
    var hasPoint = lat !== null && lon !== null;
    var map = L.map(el).setView(hasPoint ? [lat, lon] : [45.4642, 9.19], hasPoint ? 16 : 11);
    L.tileLayer(el.dataset.tileUrl, {
      maxZoom: 19,
      attribution: el.dataset.tileAttribution || ""
    }).addTo(map);

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
    if (hasPoint) place([lat, lon], false);

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
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
