// Portal editor: the "Inserisci" buttons next to uploaded pictures put their
// Markdown code where the cursor was in the last text area used. Without this
// script the buttons stay hidden and staff copy the code by hand.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var areas = document.querySelectorAll("textarea[data-markdown-editor]");
    var buttons = document.querySelectorAll("[data-insert-markdown]");
    if (!areas.length || !buttons.length) return;
    var target = areas[0];
    areas.forEach(function (area) {
      area.addEventListener("focus", function () { target = area; });
    });
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var code = button.getAttribute("data-insert-markdown");
        var start = target.selectionStart || 0;
        var end = target.selectionEnd || start;
        var before = target.value.slice(0, start);
        var after = target.value.slice(end);
        var text = (before && !before.endsWith("\n") ? "\n\n" : "") + code + "\n\n";
        target.value = before + text + after;
        target.focus();
        target.selectionStart = target.selectionEnd = before.length + text.length;
      });
    });
  });
})();
