import assert from "node:assert/strict";
import { test } from "node:test";
import type { Api, FontInfo } from "../src/api";
import { FontBook } from "../src/editor/fonts";

// Just enough of a browser for FontBook: a shadow root to hang its measuring span on, FontFace
// and document.fonts. Each face records its family; loading resolves at once.
const added: string[] = [];
class FakeFontFace {
  constructor(readonly family: string, readonly source: ArrayBuffer) {}
  async load(): Promise<this> {
    return this;
  }
}
Object.assign(globalThis, {
  FontFace: FakeFontFace,
  document: {
    createElement: () => ({ setAttribute() {}, style: {} }),
    fonts: { add: (face: FakeFontFace) => added.push(face.family) },
  },
});
const root = { appendChild() {} } as unknown as ShadowRoot;

function info(id: string, metrics: Partial<FontInfo> = {}): FontInfo {
  return { id, family: id, style: "Regular", weight: 400, italic: false, ascent: 900, descent: 250, ...metrics };
}

function fakeApi(listed: FontInfo[], calls: string[], inFlight = { now: 0, most: 0 }): Api {
  return {
    fonts: async () => (calls.push("list"), listed),
    font: async (id: string) => {
      calls.push(`describe ${id}`);
      throw new Error("404");
    },
    fontWoff2: async (id: string) => {
      calls.push(`woff2 ${id}`);
      inFlight.now += 1;
      inFlight.most = Math.max(inFlight.most, inFlight.now);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight.now -= 1;
      return new ArrayBuffer(8);
    },
    fontFile: async (id: string) => {
      calls.push(`file ${id}`);
      return new ArrayBuffer(8);
    },
  } as unknown as Api;
}

test("metrics come from the font list and the fonts from their WOFF2, never the TTF", async () => {
  const calls: string[] = [];
  const book = new FontBook(root);
  let redraws = 0;
  await book.load(fakeApi([info("fnt_a", { ascent: 760, descent: 240 }), info("fnt_b")], calls), ["fnt_a"], () => {
    redraws += 1;
  });
  assert.deepEqual(calls, ["list", "woff2 fnt_a"]);
  assert.deepEqual([book.ascent("fnt_a"), book.descent("fnt_a")], [760, 240]);
  assert.equal(book.label("fnt_a"), "fnt_a");
  assert.equal(redraws, 1);
  assert.ok(added.includes("mg-fnt_a"));
});

test("a store's many fonts load a few at a time, the default first", async () => {
  const calls: string[] = [];
  const inFlight = { now: 0, most: 0 };
  const ids = Array.from({ length: 10 }, (_, index) => `fnt_${index}`);
  await new FontBook(root).load(fakeApi(ids.map((id) => info(id)), calls, inFlight), ids, () => {});
  assert.equal(calls.filter((call) => call.startsWith("woff2")).length, 10);
  assert.equal(calls[1], "woff2 fnt_0");
  assert.equal(inFlight.most, 4);
});

test("a font the list does not give is asked for alone; without metrics its file is read", async () => {
  const calls: string[] = [];
  const book = new FontBook(root);
  await book.load(fakeApi([info("fnt_old", { ascent: null, descent: null })], calls), ["fnt_old", "fnt_gone"], () => {});
  assert.ok(calls.includes("describe fnt_gone"));
  assert.ok(calls.includes("file fnt_old"));
  // An unreadable file (8 zero bytes) falls back to the default metrics.
  assert.deepEqual([book.ascent("fnt_old"), book.descent("fnt_old")], [800, 200]);
});
