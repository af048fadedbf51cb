// The print area's corners on the mockup photo: drag four handles, and the number fields follow.
// Without this script the same fields are typed by hand; the form is the source of truth.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var HANDLE_PX = 9; // on screen, whatever the photo's size
  var STEP = 1;
  var BIG_STEP = 10;

  function mount(editor) {
    var width = Number(editor.dataset.width);
    var height = Number(editor.dataset.height);
    var image = editor.querySelector("img");
    var fields = [0, 1, 2, 3].map(function (corner) {
      return {
        x: document.getElementById("quad-" + corner + "-x"),
        y: document.getElementById("quad-" + corner + "-y"),
      };
    });
    if (!width || !height || !image || fields.some(function (f) { return !f.x || !f.y; })) {
      return;
    }

    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("class", "quad-overlay");
    var outline = document.createElementNS(SVG, "polygon");
    outline.setAttribute("class", "quad-outline");
    svg.appendChild(outline);
    var handles = fields.map(function (field, corner) {
      var handle = document.createElementNS(SVG, "circle");
      handle.setAttribute("class", "quad-handle");
      handle.setAttribute("tabindex", "0");
      handle.setAttribute("role", "slider");
      handle.setAttribute("aria-label", editor.getAttribute("data-handle-" + corner) || "");
      handle.dataset.corner = String(corner);
      svg.appendChild(handle);
      return handle;
    });
    editor.appendChild(svg);

    function clamp(value, most) {
      return Math.min(Math.max(value, 0), most);
    }

    function point(corner) {
      var x = parseFloat(fields[corner].x.value);
      var y = parseFloat(fields[corner].y.value);
      // A corner not typed yet starts where a centred rectangle would put it.
      var fallback = [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75]][corner];
      return [
        clamp(isFinite(x) ? x : fallback[0] * width, width),
        clamp(isFinite(y) ? y : fallback[1] * height, height),
      ];
    }

    function scale() {
      // Photo pixels per screen pixel, so the handles keep their size on any photo.
      var shown = image.getBoundingClientRect().width;
      return shown > 0 ? width / shown : 1;
    }

    function draw() {
      var points = [0, 1, 2, 3].map(point);
      outline.setAttribute("points", points.map(function (p) { return p.join(","); }).join(" "));
      var radius = HANDLE_PX * scale();
      handles.forEach(function (handle, corner) {
        handle.setAttribute("cx", points[corner][0]);
        handle.setAttribute("cy", points[corner][1]);
        handle.setAttribute("r", radius);
        handle.setAttribute("stroke-width", radius / 3);
        handle.setAttribute("aria-valuetext", Math.round(points[corner][0]) + ", " +
          Math.round(points[corner][1]));
      });
    }

    function place(corner, x, y) {
      fields[corner].x.value = String(Math.round(clamp(x, width)));
      fields[corner].y.value = String(Math.round(clamp(y, height)));
      draw();
    }

    function photoPoint(event) {
      var box = svg.getBoundingClientRect();
      return [
        (event.clientX - box.left) * (width / box.width),
        (event.clientY - box.top) * (height / box.height),
      ];
    }

    var dragging = null;
    svg.addEventListener("pointerdown", function (event) {
      var corner = event.target.dataset && event.target.dataset.corner;
      if (corner === undefined) return;
      dragging = Number(corner);
      svg.setPointerCapture(event.pointerId);
      event.target.focus();
      event.preventDefault();
    });
    svg.addEventListener("pointermove", function (event) {
      if (dragging === null) return;
      var p = photoPoint(event);
      place(dragging, p[0], p[1]);
    });
    function stop(event) {
      if (dragging === null) return;
      dragging = null;
      if (svg.hasPointerCapture(event.pointerId)) svg.releasePointerCapture(event.pointerId);
    }
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);

    var MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    svg.addEventListener("keydown", function (event) {
      var corner = event.target.dataset && event.target.dataset.corner;
      var move = MOVES[event.key];
      if (corner === undefined || !move) return;
      var step = event.shiftKey ? BIG_STEP : STEP;
      var p = point(Number(corner));
      place(Number(corner), p[0] + move[0] * step, p[1] + move[1] * step);
      event.preventDefault();
    });

    fields.forEach(function (field) {
      field.x.addEventListener("input", draw);
      field.y.addEventListener("input", draw);
    });
    window.addEventListener("resize", draw);
    if (image.complete) draw(); else image.addEventListener("load", draw);
    draw();
    editor.classList.add("enhanced");
  }

  // The cut distance matters for one kind of contour only: shown when that one is chosen.
  function followContour() {
    var contour = document.getElementById("cut_contour");
    var offset = document.getElementById("cut_offset");
    if (!contour || !offset) return;
    var field = offset.closest(".field");
    function show() {
      field.hidden = contour.value !== "offset" && !offset.getAttribute("aria-invalid");
    }
    contour.addEventListener("change", show);
    show();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-quad-editor]"), mount);
    followContour();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
