// The template editor page: loads the widget's editor in template mode on the template named
// by #template-editor's data attributes, and goes back to the template when it is closed.
(function () {
  "use strict";
  var EDITOR_TAG = "monogram-editor";
  var TIMEOUT_MS = 20000;

  function loadEditor(src) {
    return new Promise(function (resolve, reject) {
      if (customElements.get(EDITOR_TAG)) return resolve();
      var tag = document.createElement("script");
      tag.src = src;
      tag.async = true;
      tag.onerror = function () { reject(new Error("[monogram] could not load " + src)); };
      document.head.appendChild(tag);
      var timer = setTimeout(function () { reject(new Error("[monogram] editor load timed out")); }, TIMEOUT_MS);
      customElements.whenDefined(EDITOR_TAG).then(function () { clearTimeout(timer); resolve(); });
    });
  }

  function boot() {
    var host = document.getElementById("template-editor");
    if (!host) return;
    var data = host.dataset;
    var status = host.querySelector("[data-loading]");
    loadEditor(data.editor).then(function () {
      var editor = document.createElement(EDITOR_TAG);
      editor.config = {
        // The API is this server: the page's policy lets it connect nowhere else.
        key: data.key, product: data.product, api: window.location.origin, locale: data.locale, form: null,
        design: null, token: null, fieldDesign: "", fieldToken: "", analytics: null,
        customer: null, customerUrl: null, mode: "template", template: data.template,
        templateToken: data.token, host: host,
      };
      // Closing the editor ends the session: back to the template, whose thumbnail then shows
      // the saved revision.
      editor.addEventListener("monogram-close", function () { window.location.assign(data.back); });
      document.body.appendChild(editor);
      if (status) status.hidden = true;
    }).catch(function (error) {
      console.error(error);
      if (status) {
        status.setAttribute("role", "alert");
        status.textContent = host.getAttribute("data-failed") || String(error.message || error);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
