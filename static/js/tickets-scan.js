/*
 * Check-in at the door: read a ticket's QR code with the phone's camera.
 *
 * Uses the BarcodeDetector browser API with the camera (getUserMedia) where the
 * browser has both; the "scan" button stays hidden elsewhere and the host
 * types the code, which also works without JavaScript. A code read from the
 * camera goes into the form's field and the form is submitted (htmx posts it
 * and puts the result in the page, so the camera keeps running for the next
 * visitor). After a valid ticket the field is cleared and focused again.
 */
(function () {
  "use strict";

  var SCAN_EVERY_MS = 250;

  function setUp(form) {
    var input = form.querySelector("input[name=code]");
    var startButton = form.querySelector("[data-scan-start]");
    var scanner = document.querySelector("[data-scanner]");
    if (!input || !scanner) {
      return;
    }
    var video = scanner.querySelector("[data-scan-video]");
    var stopButton = scanner.querySelector("[data-scan-stop]");
    var message = scanner.querySelector("[data-scan-message]");
    var stream = null;
    var timer = null;
    // The code last sent: seen again, it is the same visitor still in frame
    // (sending it again would only say "already used"). Reset when the camera
    // starts, so a host can deliberately read a ticket again.
    var lastCode = "";

    // A valid ticket clears the field for the next visitor; a refused one
    // keeps what was typed, selected, so a typo is quick to fix.
    function afterResult() {
      var result = document.querySelector("#checkin-result [data-result]");
      var valid = result && result.dataset.result === "valid";
      if (valid) {
        input.value = "";
      }
      if (!stream) {
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

    var canScan =
      "BarcodeDetector" in window &&
      navigator.mediaDevices &&
      typeof navigator.mediaDevices.getUserMedia === "function";
    if (!canScan || !startButton) {
      return;
    }

    function stop() {
      if (timer) {
        window.clearInterval(timer);
        timer = null;
      }
      if (stream) {
        stream.getTracks().forEach(function (track) {
          track.stop();
        });
        stream = null;
      }
      video.srcObject = null;
      scanner.hidden = true;
      startButton.hidden = false;
      input.focus();
    }

    function submit(code) {
      if (code === lastCode) {
        return;
      }
      lastCode = code;
      input.value = code;
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }

    function start() {
      var detector;
      lastCode = "";
      window.BarcodeDetector.getSupportedFormats()
        .then(function (formats) {
          if (formats.indexOf("qr_code") === -1) {
            throw new Error("QR codes not supported");
          }
          detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return navigator.mediaDevices.getUserMedia({
            video: { facingMode: "environment" },
            audio: false,
          });
        })
        .then(function (mediaStream) {
          stream = mediaStream;
          video.srcObject = stream;
          scanner.hidden = false;
          startButton.hidden = true;
          message.textContent = "";
          return video.play();
        })
        .then(function () {
          var busy = false;
          timer = window.setInterval(function () {
            if (busy || video.readyState < 2) {
              return;
            }
            busy = true;
            detector
              .detect(video)
              .then(function (codes) {
                if (codes.length && codes[0].rawValue) {
                  submit(codes[0].rawValue);
                }
              })
              .catch(function () {
                /* A frame that can't be read: try the next one. */
              })
              .then(function () {
                busy = false;
              });
          }, SCAN_EVERY_MS);
        })
        .catch(function () {
          stop();
          scanner.hidden = false;
          video.hidden = true;
          stopButton.hidden = true;
          message.textContent = message.dataset.unavailable;
          startButton.hidden = true;
        });
    }

    startButton.hidden = false;
    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
    window.addEventListener("pagehide", stop);
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
