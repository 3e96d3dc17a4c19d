// The programme's filters fold behind their "Filtri" summary on a narrow screen,
// so the results come first; on a wide screen they stay open beside the results
// (the summary is hidden by programme.css). Without JavaScript they stay open.
(function () {
  "use strict";
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
