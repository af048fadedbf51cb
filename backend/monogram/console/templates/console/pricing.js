// The price calculator: the result follows the merchant's typing, fetched from the console's
// JSON twin of the form. Without script the form is a plain GET and the page answers the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-calculator]");
  var result = document.querySelector("[data-price-result]");
  if (!form || !result || !window.fetch) return;
  var checkUrl = form.getAttribute("data-check-url");
  var timer = null;
  var asked = 0;

  function query() {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function calculate() {
    var sent = ++asked;
    var params = query();
    fetch(checkUrl + "?" + params, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (response.status !== 200 && response.status !== 422) {
          throw new Error("[monogram] price check: HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        if (sent !== asked) return; // a later keystroke's answer is on its way
        // Server-rendered and escaped by the console's own template.
        result.innerHTML = answer.html;
        window.history.replaceState(null, "", form.action + "?" + params);
      })
      .catch(function (error) {
        console.warn(String(error));
      });
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(calculate, 250);
  }

  form.addEventListener("input", function (event) {
    // Another product has other print areas: the page is asked again to show their rows.
    if (event.target.hasAttribute("data-reload")) return;
    soon();
  });
  form.addEventListener("change", function (event) {
    if (event.target.hasAttribute("data-reload")) form.submit();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    calculate();
  });
})();
