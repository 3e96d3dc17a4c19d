// Access needs kept on this device (GDPR art. 9: they may say something about
// health). They live in localStorage and are never sent: the needs page saves
// them here, and the programme flags its cards against them, reading each
// card's data-access (the features the visit offers). The only request that
// carries needs is the programme's own access filter, and only when the person
// follows the link or submits the filter form themselves.
(function () {
  "use strict";
  var KEY = "manifatture.accessNeeds";

  function read() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(saved) ? saved.filter(function (v) { return typeof v === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function write(needs) {
    try {
      if (needs.length) {
        window.localStorage.setItem(KEY, JSON.stringify(needs));
      } else {
        window.localStorage.removeItem(KEY);
      }
      return true;
    } catch (error) {
      return false;
    }
  }

  function jsonOf(id) {
    var node = document.getElementById(id);
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  // The needs page ------------------------------------------------------------------

  function needsPage(form) {
    var boxes = form.querySelectorAll('input[name="access"]');
    var save = form.querySelector("[data-access-needs-save]");
    var clear = form.querySelector("[data-access-needs-clear]");
    var status = form.querySelector("[data-access-needs-status]");
    var strings = jsonOf("access-needs-strings") || {};
    var saved = read();
    if (!saved.length) {
      // Kept in the profile (with consent) and not yet on this device.
      saved = jsonOf("access-needs-profile") || [];
    }
    if (saved.length) {
      boxes.forEach(function (box) {
        box.checked = saved.indexOf(box.value) !== -1;
      });
    }
    save.hidden = false;
    clear.hidden = !read().length;
    save.addEventListener("click", function () {
      var needs = [];
      boxes.forEach(function (box) {
        if (box.checked) {
          needs.push(box.value);
        }
      });
      if (write(needs)) {
        status.textContent = needs.length ? strings.saved : strings.cleared;
        clear.hidden = !needs.length;
      } else {
        status.textContent = strings.unavailable;
      }
    });
    clear.addEventListener("click", function () {
      write([]);
      boxes.forEach(function (box) {
        box.checked = false;
      });
      clear.hidden = true;
      status.textContent = strings.cleared;
    });
  }

  // The programme -----------------------------------------------------------------------

  function flagCards(root, needs, strings, labels) {
    root.querySelectorAll("[data-access]").forEach(function (card) {
      var old = card.querySelector(".access-flag");
      if (old) {
        old.remove();
      }
      var offered = (card.dataset.access || "").split(" ").filter(Boolean);
      var missing = needs.filter(function (need) {
        return offered.indexOf(need) === -1;
      });
      var flag = document.createElement("p");
      flag.className = "access-flag small mb-1 " + (missing.length ? "access-flag--missing" : "access-flag--fit");
      flag.textContent = missing.length
        ? strings.missing.replace("{features}", missing.map(function (m) { return labels[m] || m; }).join(", "))
        : strings.fit;
      var body = card.querySelector(".card-body");
      (body || card).appendChild(flag);
    });
  }

  function programme(results) {
    var needs = read();
    if (!needs.length) {
      needs = jsonOf("access-needs-profile") || [];
    }
    var banner = document.querySelector("[data-access-needs-banner]");
    var strings = jsonOf("access-needs-strings") || {};
    var labels = jsonOf("access-needs-labels") || {};
    if (!needs.length || !banner) {
      return;
    }
    var text = banner.querySelector("[data-access-needs-list]");
    text.textContent = needs.map(function (n) { return labels[n] || n; }).join(", ");
    var link = banner.querySelector("[data-access-needs-filter]");
    var url = new URL(link.getAttribute("href"), window.location.href);
    needs.forEach(function (need) {
      url.searchParams.append("access", need);
    });
    link.setAttribute("href", url.pathname + url.search);
    banner.hidden = false;
    flagCards(results, needs, strings, labels);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.target && event.target.id === "programme-results") {
        flagCards(event.target, needs, strings, labels);
      }
    });
  }

  function start() {
    var form = document.querySelector("[data-access-needs-form]");
    if (form) {
      needsPage(form);
    }
    var results = document.getElementById("programme-results");
    if (results) {
      programme(results);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
