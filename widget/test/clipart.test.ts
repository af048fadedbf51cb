import assert from "node:assert/strict";
import { test } from "node:test";
import type { Clipart } from "../src/api";
import { categoriesMarkup, categoriesOf, clipartMarkup, clipartSize } from "../src/editor/clipart";
import { translator } from "../src/i18n";

function piece(id: string, category: string, asset: Partial<Clipart["asset"]> = {}): Clipart {
  return {
    id,
    name: `Piece "${id}" <b>`,
    tags: [],
    category,
    collection: "col_1",
    collection_name: "Starter",
    asset: {
      id: `ast_${id}`,
      kind: "vector",
      media_type: "image/svg+xml",
      width_px: null,
      height_px: null,
      width_mm: 30,
      height_mm: 20,
      ...asset,
    },
  };
}

test("categories come once each, in the order of their collections", () => {
  const items = [piece("a", "seasonal"), piece("b", "pictograms"), piece("c", "seasonal"), piece("d", "")];
  assert.deepEqual(categoriesOf(items), ["seasonal", "pictograms"]);
});

test("starter categories are named in the shopper's language, the merchant's as they wrote them", () => {
  const fr = categoriesMarkup(translator("fr"), ["pictograms", "Mariage & co"], "pictograms");
  assert.match(fr, /data-category="" aria-pressed="false">Tous</);
  assert.match(fr, /data-category="pictograms" aria-pressed="true">Pictogrammes</);
  assert.match(fr, /data-category="Mariage &amp; co" aria-pressed="false">Mariage &amp; co</);
  const en = categoriesMarkup(translator("en"), ["seasonal"], "");
  assert.match(en, /aria-pressed="true">All<.*>Seasons and holidays</);
});

test("the grid escapes names and asks for each picture by asset", () => {
  const markup = clipartMarkup([piece("x", "labels")]);
  assert.match(markup, /data-clipart="x" title="Piece &quot;x&quot; &lt;b&gt;"/);
  assert.match(markup, /<img alt="" data-asset="ast_x">/);
  assert.ok(!markup.includes("<b>"));
});

test("a piece keeps its proportions: print size for SVG, pixels for images", () => {
  assert.deepEqual(clipartSize(piece("s", "")), { width: 30, height: 20 });
  const png = piece("p", "", { kind: "raster", width_mm: null, height_mm: null, width_px: 60, height_px: 120 });
  assert.deepEqual(clipartSize(png), { width: 60, height: 120 });
});
