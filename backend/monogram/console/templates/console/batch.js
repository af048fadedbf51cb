// The batch page's progress bar: refreshed every second while the batch validates or renders;
// when it finishes, the page reloads to show its report and files. Without script, a reload does.
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-url]");
  if (!section) return;
  var url = section.getAttribute("data-progress-url");
  var bar = section.querySelector("progress");
  var status = document.querySelector("[data-progress-status]");
  function show(selector, text) {
    var node = section.querySelector(selector);
    if (node) node.textContent = text;
  }
  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("[monogram] progress: HTTP " + response.status);
        return response.json();
      })
      .then(function (facts) {
        bar.max = facts.total || 1;
        bar.value = facts.done;
        bar.textContent = facts.percent + " %";
        show("[data-progress-count]", facts.count);
        show("[data-progress-rate]", facts.rate_text);
        show("[data-progress-left]", facts.left_text);
        if (status) {
          status.textContent = facts.status_label;
          status.className = "status " + facts.status;
        }
        if (facts.running) window.setTimeout(refresh, 1000);
        else window.location.reload();
      })
      .catch(function (error) {
        console.warn(String(error));
        window.setTimeout(refresh, 5000);
      });
  }
  window.setTimeout(refresh, 1000);
})();
