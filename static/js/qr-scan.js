/*
 * Reading a ticket's QR code with the camera, for both doors: the online
 * check-in page (tickets-scan.js) and the offline door app (door.js).
 *
 * The BarcodeDetector API where the browser has it and it reads QR codes;
 * elsewhere (Safari on iPhone, Firefox, most desktops) jsQR, a JavaScript
 * decoder from npm served by us (vendor/jsqr), loaded on first use and fed
 * frames drawn on a canvas. Without a camera the "scan" button stays hidden;
 * typing the code always works as well.
 *
 * The markup (tickets/_scanner.html): a [data-scan-start] button and a
 * [data-scanner] block (with data-jsqr-url) holding [data-scan-video],
 * [data-scan-stop] and [data-scan-message] (with data-unavailable, said when
 * the camera can't be used).
 */
(function () {
  "use strict";

  const SCAN_EVERY_MS = 250;
  let jsqrLoading = null;

  function loadJsqr(url) {
    if (window.jsQR) {
      return Promise.resolve(window.jsQR);
    }
    if (!jsqrLoading) {
      jsqrLoading = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = url;
        script.onload = function () {
          resolve(window.jsQR);
        };
        script.onerror = function (error) {
          jsqrLoading = null;
          reject(error);
        };
        document.head.appendChild(script);
      });
    }
    return jsqrLoading;
  }

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) {
      return Promise.resolve(null);
    }
    return window.BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        return formats.indexOf("qr_code") >= 0
          ? new window.BarcodeDetector({ formats: ["qr_code"] })
          : null;
      })
      .catch(function () {
        return null;
      });
  }

  // A decoder: a function from an image source (video, image, canvas) to the
  // text of the QR code in it, or null.
  function makeDecoder(jsqrUrl, options) {
    const forceFallback = options && options.fallback;
    return (forceFallback ? Promise.resolve(null) : nativeDetector()).then(function (detector) {
      if (detector) {
        return function (source) {
          return detector.detect(source).then(function (codes) {
            return codes.length ? codes[0].rawValue : null;
          });
        };
      }
      return loadJsqr(jsqrUrl).then(function (jsQR) {
        const canvas = document.createElement("canvas");
        const context = canvas.getContext("2d", { willReadFrequently: true });
        return function (source) {
          const width = source.videoWidth || source.naturalWidth || source.width;
          const height = source.videoHeight || source.naturalHeight || source.height;
          if (!width || !height) {
            return Promise.resolve(null);
          }
          canvas.width = width;
          canvas.height = height;
          context.drawImage(source, 0, 0, width, height);
          const pixels = context.getImageData(0, 0, width, height);
          const code = jsQR(pixels.data, width, height, { inversionAttempts: "dontInvert" });
          return Promise.resolve(code ? code.data : null);
        };
      });
    });
  }

  // Show the scan button inside `root` and, once pressed, hand each new code
  // read to onCode(text). onStop() runs when the camera is closed.
  function setUp(root, onCode, onStop) {
    const startButton = root.querySelector("[data-scan-start]");
    const scanner = root.querySelector("[data-scanner]");
    if (!startButton || !scanner) {
      return;
    }
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== "function") {
      return;
    }
    const video = scanner.querySelector("[data-scan-video]");
    const stopButton = scanner.querySelector("[data-scan-stop]");
    const message = scanner.querySelector("[data-scan-message]");
    let stream = null;
    let timer = null;
    // The code last read: seen again, it is the same visitor still in frame
    // (sending it again would only say "already used"). Reset when the camera
    // starts, so a host can deliberately read a ticket again.
    let lastCode = "";

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
      if (onStop) {
        onStop();
      }
    }

    function start() {
      let decode;
      lastCode = "";
      makeDecoder(scanner.dataset.jsqrUrl)
        .then(function (decoder) {
          decode = decoder;
          return navigator.mediaDevices.getUserMedia({
            video: { facingMode: "environment" },
            audio: false,
          });
        })
        .then(function (mediaStream) {
          stream = mediaStream;
          video.srcObject = stream;
          video.hidden = false;
          stopButton.hidden = false;
          scanner.hidden = false;
          startButton.hidden = true;
          message.textContent = "";
          return video.play();
        })
        .then(function () {
          let busy = false;
          timer = window.setInterval(function () {
            if (busy || video.readyState < 2) {
              return;
            }
            busy = true;
            decode(video)
              .then(function (text) {
                if (text && text !== lastCode) {
                  lastCode = text;
                  onCode(text);
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
          startButton.hidden = true;
          message.textContent = message.dataset.unavailable;
        });
    }

    startButton.hidden = false;
    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
    window.addEventListener("pagehide", stop);
  }

  window.QrScan = { setUp: setUp, makeDecoder: makeDecoder };
})();
