import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addObject,
  documentToSave,
  duplicateObject,
  emptyDocument,
  findObject,
  isMissingRequired,
  moveInLayers,
  newObjectId,
  removeObject,
  updateObject,
  withAllAreas,
} from "../src/model/document";
import type { DesignDocument, DesignObject, Product, TextObject } from "../src/model/types";

const product: Product = {
  id: "prd_1",
  name: "Card",
  fonts: ["fnt_a"],
  palette: [],
  areas: ["front", "back"].map((id) => ({
    id,
    name: id,
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
  })),
};

function text(id: string, fields: Partial<TextObject> = {}): TextObject {
  return {
    id,
    type: "text",
    x: 10,
    y: 10,
    width: 40,
    height: 10,
    text: id,
    font: "fnt_a",
    size: 12,
    color: { cmyk: [0, 0, 0, 100] },
    ...fields,
  };
}

function ids(doc: DesignDocument, area = 0): string[] {
  return doc.surfaces[area].objects.map((o) => o.id);
}

test("an empty document has one surface per area", () => {
  const doc = emptyDocument(product);
  assert.equal(doc.format, "monogram.design/1");
  assert.equal(doc.product, "prd_1");
  assert.deepEqual(doc.surfaces.map((s) => s.area), ["front", "back"]);
});

test("operations return new documents and leave the old one intact", () => {
  const empty = emptyDocument(product);
  const one = addObject(empty, "front", text("o1"));
  assert.deepEqual(ids(empty), []);
  assert.deepEqual(ids(one), ["o1"]);
  const moved = updateObject(one, "o1", { x: 20 });
  assert.equal(findObject(one, "o1")?.object.x, 10);
  assert.equal(findObject(moved, "o1")?.object.x, 20);
  // The untouched surface is shared, not copied.
  assert.equal(moved.surfaces[1], one.surfaces[1]);
});

test("new ids are unique", () => {
  let doc = emptyDocument(product);
  for (let i = 0; i < 5; i += 1) doc = addObject(doc, i % 2 ? "back" : "front", text(newObjectId(doc)));
  const all = doc.surfaces.flatMap((s) => s.objects.map((o) => o.id));
  assert.equal(new Set(all).size, 5);
  // After a deletion the next id is still free, never one in use.
  doc = removeObject(doc, "o2");
  assert.equal(findObject(doc, newObjectId(doc)), null);
});

test("delete honours the delete lock", () => {
  let doc = addObject(emptyDocument(product), "front", text("a"));
  doc = addObject(doc, "front", text("b", { lock: { delete: true } }));
  assert.deepEqual(ids(removeObject(doc, "a")), ["b"]);
  assert.equal(removeObject(doc, "b"), doc);
});

test("duplicate puts an offset copy right above, without template rules", () => {
  let doc = addObject(emptyDocument(product), "front", text("a", { field: "name", lock: { move: true } }));
  doc = addObject(doc, "front", text("b"));
  doc = duplicateObject(doc, "a", "c", 3);
  assert.deepEqual(ids(doc), ["a", "c", "b"]);
  const copy = findObject(doc, "c")?.object as DesignObject;
  assert.equal(copy.x, 13);
  assert.equal(copy.y, 13);
  assert.equal(copy.field, undefined);
  assert.equal(copy.lock, undefined);
  assert.equal((findObject(doc, "a")?.object as DesignObject).field, "name");
});

test("layer order moves one step and stops at the ends", () => {
  let doc = emptyDocument(product);
  for (const id of ["a", "b", "c"]) doc = addObject(doc, "front", text(id));
  assert.deepEqual(ids(moveInLayers(doc, "a", 1)), ["b", "a", "c"]);
  assert.deepEqual(ids(moveInLayers(doc, "c", -1)), ["a", "c", "b"]);
  assert.equal(moveInLayers(doc, "c", 1), doc);
  assert.equal(moveInLayers(doc, "a", -1), doc);
});

test("saving leaves out empty surfaces; reopening brings back every area", () => {
  const doc = addObject(emptyDocument(product), "back", text("a"));
  const saved = documentToSave(doc);
  assert.deepEqual(saved.surfaces.map((s) => s.area), ["back"]);
  assert.deepEqual(withAllAreas(saved, product).surfaces.map((s) => s.area), ["front", "back"]);
});

test("a required field is missing until it has text", () => {
  assert.equal(isMissingRequired(text("a", { field: "name", text: "  " })), true);
  assert.equal(isMissingRequired(text("a", { field: "name", text: "Jo" })), false);
  assert.equal(isMissingRequired(text("a", { text: "" })), false);
});

test("a brand store's logo is on every design, on top, and back in place if moved", () => {
  const logo = {
    id: "brand-logo",
    type: "vector",
    asset: "ast_logo",
    x: 65,
    y: 5,
    width: 15,
    height: 15,
    rotation: 0,
    lock: { move: true, resize: true, rotate: true, edit: true, delete: true },
  } as DesignObject;
  const branded: Product = { ...product, brand_objects: [{ area: "front", object: logo }] };
  const fresh = emptyDocument(branded);
  assert.deepEqual(fresh.surfaces.map((s) => s.objects.map((o) => o.id)), [["brand-logo"], []]);
  const moved = addObject(updateObject(fresh, "brand-logo", { x: 2 }), "front", text("o1"));
  const reopened = withAllAreas(moved, branded);
  assert.deepEqual(reopened.surfaces[0].objects.map((o) => o.id), ["o1", "brand-logo"]);
  assert.equal(reopened.surfaces[0].objects[1].x, 65);
  assert.deepEqual(emptyDocument(product).surfaces.map((s) => s.objects), [[], []]);
});
