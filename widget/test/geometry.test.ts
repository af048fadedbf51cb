import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bounds,
  corners,
  HANDLES,
  hitBox,
  hitTest,
  normalizeRotation,
  resizeBox,
  rotatePoint,
  rotationTowards,
  snap,
  toMm,
  toScreen,
} from "../src/model/geometry";
import type { PrintArea, TextObject } from "../src/model/types";

const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

const area: PrintArea = {
  id: "front",
  name: "Front",
  width: 85,
  height: 55,
  bleed: 3,
  safe: 3,
  technique: "digital_print",
  color_mode: "cmyk",
  max_colors: null,
  min_dpi: 250,
  cut_contour: "trim",
  mockup: null,
};

function obj(id: string, x: number, y: number, width: number, height: number, rotation = 0): TextObject {
  return { id, type: "text", x, y, width, height, rotation, text: "", font: "f", size: 10, color: { rgb: "#000000" } };
}

test("mm and screen pixels convert both ways", () => {
  const view = { scale: 4, originX: 100, originY: 50 };
  assert.deepEqual(toScreen(view, { x: 10, y: 5 }), { x: 140, y: 70 });
  assert.deepEqual(toMm(view, { x: 140, y: 70 }), { x: 10, y: 5 });
});

test("rotation is clockwise on a y-down page", () => {
  const p = rotatePoint({ x: 1, y: 0 }, { x: 0, y: 0 }, 90);
  near(p.x, 0);
  near(p.y, 1); // right turns to down: clockwise as seen on screen
});

test("corners and bounds of a turned box", () => {
  const box = obj("a", 0, 0, 20, 10, 90);
  const [left, top, right, bottom] = bounds(box);
  near(left, 5);
  near(right, 15);
  near(top, -5);
  near(bottom, 15);
  const c = corners(box);
  near(c[0].x, 15); // the top-left corner swings to the top-right
  near(c[0].y, -5);
});

test("hit testing follows the rotation and the paint order", () => {
  const flat = obj("flat", 0, 0, 20, 10);
  const turned = obj("turned", 0, 0, 20, 10, 90);
  assert.equal(hitBox(flat, { x: 1, y: 1 }), true);
  assert.equal(hitBox(turned, { x: 1, y: 1 }), false);
  assert.equal(hitBox(turned, { x: 10, y: -4 }), true);
  assert.equal(hitBox(flat, { x: 21, y: 5 }), false);
  assert.equal(hitBox(flat, { x: 21, y: 5 }, 2), true);
  assert.equal(hitTest([flat, turned], { x: 10, y: 5 })?.id, "turned");
  assert.equal(hitTest([flat, turned], { x: 50, y: 50 }), null);
});

test("moving boxes snap to the centre lines and the safe zone", () => {
  // Centre at 42.7: snaps to the vertical centre line 42.5.
  const centred = snap(obj("a", 32.7, 20, 20, 10), area, 1);
  near(centred.dx, -0.2);
  assert.deepEqual(centred.guides[0], { axis: "x", at: 42.5 });
  // Left edge at 3.6: snaps to the safe line at 3; top edge at 2.5: to the safe line at 3.
  const edged = snap(obj("b", 3.6, 2.5, 10, 5), area, 1);
  near(edged.dx, -0.6);
  near(edged.dy, 0.5);
  // Far from every line: stays.
  assert.deepEqual(snap(obj("c", 15, 15, 10, 5), area, 1), { dx: 0, dy: 0, guides: [] });
});

test("resizing holds the opposite corner, also when turned", () => {
  const start = obj("a", 10, 10, 20, 10);
  const grown = resizeBox(start, HANDLES.se, { x: 40, y: 30 }, false);
  assert.deepEqual([grown.x, grown.y, grown.width, grown.height], [10, 10, 30, 20]);
  const ratio = resizeBox(start, HANDLES.se, { x: 50, y: 22 }, true);
  near(ratio.width / ratio.height, 2);
  near(ratio.x, 10);
  near(ratio.y, 10);
  const side = resizeBox(start, HANDLES.w, { x: 0, y: 999 }, false);
  assert.deepEqual([side.x, side.width, side.height], [0, 30, 10]);
  // Turned 90°: the nw corner's opposite (se) stays where it was on the page.
  const turned = obj("t", 10, 10, 20, 10, 90);
  const anchor = corners(turned)[2];
  const after = resizeBox(turned, HANDLES.nw, corners(turned)[0], false);
  near(after.width, 20);
  const moved = resizeBox(turned, HANDLES.nw, { x: corners(turned)[0].x + 3, y: corners(turned)[0].y - 2 }, false);
  const kept = corners(moved)[2];
  near(kept.x, anchor.x);
  near(kept.y, anchor.y);
});

test("rotation follows the pointer from the centre, in steps when asked", () => {
  const box = obj("a", 0, 0, 20, 20);
  near(rotationTowards(box, { x: 10, y: -10 }), 0);
  near(rotationTowards(box, { x: 30, y: 10 }), 90);
  near(rotationTowards(box, { x: 10, y: 30 }), 180);
  near(rotationTowards(box, { x: -10, y: 10 }), -90);
  near(rotationTowards(box, { x: 21, y: -1 }, 15), 45);
  assert.equal(normalizeRotation(270), -90);
  assert.equal(normalizeRotation(-190), 170);
});
