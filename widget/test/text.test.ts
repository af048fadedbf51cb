// Text layout against the backend: text-golden.json holds what backend/monogram/rendering/text.py
// sets for the same objects with the same fake metrics (FakeMeasurer below), so any drift in
// the port (wrap, word breaks, shrink steps, justify, line boxes, arcs) fails here.

import assert from "node:assert/strict";
import { test } from "node:test";
import { limitText } from "../src/model/document";
import { layoutText, MIN_SHRINK_SIZE, stringWidth, type Measurer } from "../src/model/text";
import type { TextObject } from "../src/model/types";
import { charCount } from "../src/model/units";
import golden from "./text-golden.json";

const WIDTHS: Record<string, number> = { W: 900, " ": 250, i: 250, A: 650, V: 650 };

/** Every glyph 500/1000 em except a few; "AV" kerns by -80. */
class FakeMeasurer implements Measurer {
  calls = 0;
  advances(_font: string, text: string): number[] {
    this.calls += 1;
    const chars = Array.from(text);
    return chars.map((c, i) => (WIDTHS[c] ?? 500) - (c === "A" && chars[i + 1] === "V" ? 80 : 0));
  }
  ascent(): number {
    return 800;
  }
  descent(): number {
    return 200;
  }
}

function textObject(fields: Partial<TextObject>): TextObject {
  return {
    id: "t",
    type: "text",
    x: 0,
    y: 0,
    width: 50,
    height: 20,
    text: "",
    font: "f",
    size: 12,
    color: { cmyk: [0, 0, 0, 100] },
    ...fields,
  };
}

type Case = {
  obj: Partial<TextObject>;
  size: number;
  lines: string[];
  overflows: boolean;
  width: number;
  height: number;
  rows: [string, number, number, number][];
  glyphs: [string, number, number, number][];
};

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);

for (const [name, expected] of Object.entries(golden as unknown as Record<string, Case>)) {
  test(`layout matches the backend: ${name}`, () => {
    const layout = layoutText(textObject(expected.obj), new FakeMeasurer());
    assert.equal(layout.size, expected.size);
    assert.deepEqual(layout.lines, expected.lines);
    assert.equal(layout.overflows, expected.overflows);
    close(layout.widthPt, expected.width, "width");
    close(layout.heightPt, expected.height, "height");
    assert.equal(layout.rows.length, expected.rows.length);
    layout.rows.forEach((row, i) => {
      const [text, x, y, wordSpace] = expected.rows[i];
      assert.equal(row.text, text);
      close(row.x, x, `row ${i} x`);
      close(row.y, y, `row ${i} y`);
      close(row.wordSpace, wordSpace, `row ${i} word space`);
    });
    assert.equal(layout.glyphs.length, expected.glyphs.length);
    layout.glyphs.forEach((glyph, i) => {
      const [char, x, y, angle] = expected.glyphs[i];
      assert.equal(glyph.char, char);
      close(glyph.x, x, `glyph ${i} x`);
      close(glyph.y, y, `glyph ${i} y`);
      close(glyph.angle, angle, `glyph ${i} angle`);
    });
  });
}

test("wrap breaks at spaces to the box width", () => {
  const layout = layoutText(textObject({ text: "aaaa bbbb cccc", width: 40, fit: "wrap", size: 10 }), new FakeMeasurer());
  // 10 pt, 500/1000 em a glyph: a 4-letter word is 20 pt, "aaaa bbbb" 42.5 pt; the box is 113 pt.
  assert.deepEqual(layout.lines, ["aaaa bbbb cccc"]);
  const narrow = layoutText(textObject({ text: "aaaa bbbb cccc", width: 16, fit: "wrap", size: 10 }), new FakeMeasurer());
  assert.deepEqual(narrow.lines, ["aaaa bbbb", "cccc"]);
});

test("shrink settles on tenths of a point, never above the document size", () => {
  const obj = textObject({ text: "WWWWWWWWWW", width: 30, height: 30, size: 24, fit: "shrink" });
  const layout = layoutText(obj, new FakeMeasurer());
  assert.ok(layout.size < 24);
  assert.equal(Math.round(layout.size * 10), layout.size * 10);
  assert.equal(layout.overflows, false);
  // A tenth of a point more would not fit.
  const bigger = layoutText({ ...obj, size: layout.size + 0.1, fit: "none" }, new FakeMeasurer());
  assert.equal(bigger.overflows, true);
  // Text that fits keeps its size; text that cannot fit stops at the floor.
  assert.equal(layoutText({ ...obj, text: "W" }, new FakeMeasurer()).size, 24);
  assert.equal(layoutText({ ...obj, width: 1, height: 1 }, new FakeMeasurer()).size, MIN_SHRINK_SIZE);
});

test("justify stretches wrapped lines only, not a paragraph's last line", () => {
  const obj = textObject({ text: "aa bb cc dd ee ff", width: 20, fit: "wrap", align: "justify", size: 10 });
  const layout = layoutText(obj, new FakeMeasurer());
  assert.ok(layout.rows.length > 1);
  const boxPt = (20 * 72) / 25.4;
  for (const row of layout.rows.slice(0, -1)) close(row.width, boxPt, "stretched line");
  assert.equal(layout.rows[layout.rows.length - 1].wordSpace, 0);
});

test("line boxes are line_height × size tall, baselines centred in them", () => {
  const layout = layoutText(textObject({ text: "a\nb", size: 10, line_height: 1.5, height: 30 }), new FakeMeasurer());
  assert.equal(layout.leading, 15);
  // (15 - 8 - 2) / 2 spare above the 8 pt ascent.
  assert.equal(layout.above, 10.5);
  close(layout.rows[0].y - layout.rows[1].y, 15, "leading between baselines");
});

test("letter spacing goes between characters only", () => {
  const measurer = new FakeMeasurer();
  assert.equal(stringWidth(measurer, "f", "aaa", 10, 2), 15 + 4);
  assert.equal(stringWidth(measurer, "f", "a", 10, 2), 5);
});

test("max_chars stops input at the limit, counting like preflight", () => {
  assert.equal(limitText({ max_chars: 5 }, "Jeanne Dupont"), "Jeann");
  // Line breaks are layout, not characters.
  assert.equal(limitText({ max_chars: 4 }, "ab\ncdef"), "ab\ncd");
  // A decomposed accent is one character once composed.
  assert.equal(limitText({ max_chars: 2 }, "e\u0301te"), "ét");
  assert.equal(charCount("e\u0301t\u00e9\nx"), 4);
  assert.equal(limitText({ max_chars: null }, "free"), "free");
});
