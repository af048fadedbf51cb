// The batch page's Render button: while records have errors it waits for "leave them out" to be
// ticked, and says why. Without script the server refuses with the same explanation.
(function () {
  "use strict";
  var form = document.querySelector("[data-render-form]");
  if (!form) return;
  var skip = form.querySelector("[data-skip-invalid]");
  var button = form.querySelector("button[type=submit]");
  if (!skip || !button) return;
  function follow() {
    button.disabled = !skip.checked;
  }
  skip.addEventListener("change", follow);
  follow();
})();
