// The programme's filters are sent folded behind their "Filtri" summary, and on a
// wide screen programme.css shows them beside the results without opening the
// <details> (::details-content), so nothing moves after the first paint. Only a
// browser without ::details-content needs this script: it opens them on a wide
// screen and folds them on a narrow one.
(function () {
  "use strict";
  if (!window.CSS || CSS.supports("selector(::details-content)")) {
    return;
  }
  var wide = window.matchMedia("(min-width: 992px)");

  function fit() {
    document.querySelectorAll("details[data-programme-filters]").forEach(function (details) {
      details.open = wide.matches;
    });
  }

  function start() {
    fit();
    wide.addEventListener("change", fit);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
