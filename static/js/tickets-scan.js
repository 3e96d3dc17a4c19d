/*
 * Check-in at the door, online: the code typed or read from the camera
 * (qr-scan.js, loaded before this file) goes into the form's field and the
 * form is submitted (htmx posts it and puts the result in the page, so the
 * camera keeps running for the next visitor). After a valid ticket the field
 * is cleared and focused again. Typing the code also works without JavaScript.
 */
(function () {
  "use strict";

  function setUp(form) {
    const input = form.querySelector("input[name=code]");
    const scanner = document.querySelector("[data-scanner]");
    if (!input || !scanner) {
      return;
    }
    const video = scanner.querySelector("[data-scan-video]");

    // A valid ticket clears the field for the next visitor; a refused one
    // keeps what was typed, selected, so a typo is quick to fix.
    function afterResult() {
      const result = document.querySelector("#checkin-result [data-result]");
      const valid = result && result.dataset.result === "valid";
      if (valid) {
        input.value = "";
      }
      if (!video.srcObject) {
        input.focus();
        if (!valid) {
          input.select();
        }
      }
      if (navigator.vibrate) {
        navigator.vibrate(valid ? 80 : [80, 60, 80]);
      }
    }
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target && event.detail.target.id === "checkin-result") {
        afterResult();
      }
    });

    if (window.QrScan) {
      window.QrScan.setUp(
        document,
        function (code) {
          input.value = code;
          if (typeof form.requestSubmit === "function") {
            form.requestSubmit();
          } else {
            form.submit();
          }
        },
        function () {
          input.focus();
        },
      );
    }
  }

  function init() {
    document.querySelectorAll("form[data-ticket-scan]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
