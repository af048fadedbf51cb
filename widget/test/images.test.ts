// Effective resolution with the backend's numbers (rendering/images.py effective_dpi, and the
// preflight's red / amber / green rule).

import assert from "node:assert/strict";
import { test } from "node:test";
import { cropWindow, dpiLevel, effectiveDpi, placement, shownDpi } from "../src/model/images";

const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

test("502 × 325 px stretched on 85 × 55 mm is 150 dpi", () => {
  const [x, y] = effectiveDpi({ width: 85, height: 55, fit: "stretch" }, 502, 325);
  near(x, 150.00941176470587);
  near(y, 150.0909090909091);
  assert.equal(shownDpi(Math.min(x, y), 150), 150);
  assert.equal(dpiLevel(Math.min(x, y), 150), "amber");
});

test("cover counts the overflow, contain the margins", () => {
  const cover = effectiveDpi({ width: 85, height: 55, fit: "cover" }, 1000, 1000);
  near(cover[0], 298.8235294117647);
  near(cover[1], 298.8235294117647);
  const contain = effectiveDpi({ width: 85, height: 55, fit: "contain" }, 1000, 1000);
  near(contain[0], 461.8181818181818);
});

test("a crop uses only its pixels, rounded like the backend", () => {
  const crop = { x: 0.25, y: 0.1, width: 0.5, height: 0.5 };
  // round(250.25) = 250, round(0.75 × 1001 = 750.75) = 751; round(77.7) = 78, round(466.2) = 466.
  assert.deepEqual(cropWindow(crop, 1001, 777), [250, 78, 751, 466]);
  const [x, y] = effectiveDpi({ width: 40, height: 30, fit: "cover", crop }, 1001, 777);
  near(x, 318.135);
  near(y, 318.135);
  // Halves round to even, as Python's round() does: 0.5 × 5 = 2.5 → 2.
  assert.deepEqual(cropWindow({ x: 0.5, y: 0, width: 0.5, height: 1 }, 5, 4), [2, 0, 5, 4]);
  // Never less than one pixel.
  assert.deepEqual(cropWindow({ x: 1, y: 1, width: 0.0001, height: 0.0001 }, 10, 10), [9, 9, 10, 10]);
});

test("placement centres the used window", () => {
  assert.deepEqual(placement("contain", [0, 0, 100, 50], 40, 40), [0, 10, 40, 20]);
  assert.deepEqual(placement("cover", [0, 0, 100, 50], 40, 40), [-20, 0, 80, 40]);
  assert.deepEqual(placement("stretch", [0, 0, 100, 50], 40, 40), [0, 0, 40, 40]);
});

test("levels: red below the minimum, amber within 20 % above, green beyond", () => {
  assert.equal(dpiLevel(249.9, 250), "red");
  assert.equal(dpiLevel(250, 250), "amber");
  assert.equal(dpiLevel(299.9, 250), "amber");
  assert.equal(dpiLevel(300, 250), "green");
  // Float noise at exactly the minimum is not red.
  assert.equal(dpiLevel(249.9999999, 250), "amber");
  // The figure shown never rounds up to the minimum it misses.
  assert.equal(shownDpi(249.6, 250), 249);
});
