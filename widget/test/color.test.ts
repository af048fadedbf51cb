import assert from "node:assert/strict";
import { test } from "node:test";
import { cmykToRgb, cssColor } from "../src/model/color";
import { verticalMetrics } from "../src/model/fontfile";
import { proofPixels } from "../src/model/proofcolor";

test("CMYK shows as the proof renderer shows it", () => {
  // Sampled from pdfium: 100 % black is a dark grey, the process inks their Adobe sRGB values.
  assert.deepEqual(cmykToRgb([0, 0, 0, 100]), [35, 31, 32]);
  assert.deepEqual(cmykToRgb([100, 0, 0, 0]), [0, 174, 239]);
  assert.deepEqual(cmykToRgb([0, 0, 0, 0]), [255, 255, 255]);
  // Between samples (pdfium gives 225, 226, 228 for 12.5 % black): within a few levels.
  const tint = cmykToRgb([0, 0, 0, 12.5]);
  [225, 226, 228].forEach((v, i) => assert.ok(Math.abs(tint[i] - v) <= 4, `${tint} vs 225,226,228`));
  assert.equal(cssColor({ rgb: "#123456" }), "#123456");
  assert.equal(cssColor({ spot: "PANTONE 289 C", cmyk: [0, 0, 0, 100] }), "rgb(35,31,32)");
  assert.equal(cssColor(null), "none");
});

test("photos on CMYK areas take the proof's duller colours; white stays white, alpha stays", () => {
  const pixels = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 255, 128]);
  proofPixels(pixels);
  assert.deepEqual(Array.from(pixels.slice(0, 4)), [255, 255, 255, 255]);
  assert.equal(pixels[7], 128);
  // Pure RGB blue is out of the press gamut: the proof (FOGRA39, then pdfium) shows 10, 86, 167.
  assert.deepEqual(Array.from(pixels.slice(4, 8)), [10, 86, 167, 128]);
  const red = new Uint8ClampedArray([255, 0, 0, 255]);
  proofPixels(red);
  assert.deepEqual(Array.from(red), [238, 42, 36, 255]);
});

test("vertical metrics come from OS/2, as reportlab reads them", () => {
  // A font file with only the table directory, head (2048 units) and OS/2 (1556 / -492).
  const buffer = new ArrayBuffer(12 + 2 * 16 + 54 + 78);
  const view = new DataView(buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, 2);
  const head = 12 + 32;
  const os2 = head + 54;
  const record = (at: number, tag: string, offset: number) => {
    for (let i = 0; i < 4; i += 1) view.setUint8(at + i, tag.charCodeAt(i));
    view.setUint32(at + 8, offset);
  };
  record(12, "head", head);
  record(28, "OS/2", os2);
  view.setUint16(head + 18, 2048);
  view.setInt16(os2 + 68, 1556);
  view.setInt16(os2 + 70, -492);
  const metrics = verticalMetrics(buffer);
  assert.ok(metrics);
  assert.ok(Math.abs(metrics.ascent - 759.765625) < 1e-9);
  assert.ok(Math.abs(metrics.descent - 240.234375) < 1e-9);
  assert.equal(verticalMetrics(new ArrayBuffer(8)), null);
});
