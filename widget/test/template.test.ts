import assert from "node:assert/strict";
import { test } from "node:test";
import { removeObject } from "../src/model/document";
import {
  allowedFonts,
  allowedPalette,
  ARTWORK_LOCK,
  documentFromTemplate,
  FIELD_LOCK,
  fieldLabel,
  fieldsOf,
  isArtwork,
  isTemplateObject,
  roleOf,
  rolePatch,
  rolesFor,
  slotPicture,
  tidyDocument,
  type Template,
} from "../src/model/template";
import type { DesignDocument, ImageObject, Product, ShapeObject, TextObject } from "../src/model/types";

const product: Product = {
  id: "prd_1",
  name: "Card",
  fonts: ["fnt_a", "fnt_b"],
  palette: [{ name: "Black", color: { cmyk: [0, 0, 0, 100] } }],
  areas: ["front", "back"].map((id) => ({
    id,
    name: id === "front" ? "Recto" : "Verso",
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

const name: TextObject = {
  id: "o1",
  type: "text",
  x: 10,
  y: 10,
  width: 60,
  height: 10,
  text: "Jeanne Dupont",
  font: "fnt_a",
  size: 14,
  color: { cmyk: [0, 0, 0, 100] },
  field: "full_name",
  max_chars: 30,
  lock: { ...FIELD_LOCK },
};
const photo: ImageObject = {
  id: "o2",
  type: "image",
  x: 60,
  y: 5,
  width: 20,
  height: 20,
  asset: "ast_placeholder",
  fit: "cover",
  crop: { x: 0, y: 0, width: 0.5, height: 0.5 },
  field: "photo",
  min_dpi: 200,
  lock: { ...FIELD_LOCK },
};
const band: ShapeObject = {
  id: "o3",
  type: "shape",
  shape: "rect",
  x: 0,
  y: 45,
  width: 85,
  height: 10,
  fill: { cmyk: [100, 66, 0, 2] },
  lock: { ...ARTWORK_LOCK },
};

const template: Template = {
  id: "tpl_1",
  product: "prd_1",
  name: "Hotel",
  document: { format: "monogram.design/1", product: "prd_1", surfaces: [{ area: "front", objects: [band, name, photo] }] },
  fonts: ["fnt_b"],
  palette: [],
  revision: 3,
};

test("objects have the role their rules give them", () => {
  assert.equal(roleOf(name), "field");
  assert.equal(roleOf(photo), "slot");
  assert.equal(roleOf(band), "locked");
  assert.equal(roleOf({ ...band, lock: null }), "free");
  assert.ok(isArtwork(band));
  assert.ok(!isArtwork(name), "a field is the shopper's to fill, so it can be selected");
  assert.ok(isTemplateObject(name) && isTemplateObject(band));
  assert.ok(!isTemplateObject({ ...band, lock: null }));
});

test("a template starts a document for the product that names the template, its own left intact", () => {
  const doc = documentFromTemplate(template, product);
  assert.equal(doc.template, "tpl_1");
  assert.deepEqual(doc.surfaces.map((s) => s.area), ["front", "back"]);
  assert.deepEqual(doc.surfaces[0].objects, [band, name, photo]);
  (doc.surfaces[0].objects[1] as TextObject).text = "Paul";
  assert.equal((template.document.surfaces[0].objects[1] as TextObject).text, "Jeanne Dupont");
});

test("the form lists text fields and image slots in paint order", () => {
  const doc = documentFromTemplate(template, product);
  const fields = fieldsOf(doc);
  assert.deepEqual(
    fields.map((f) => [f.id, f.area, f.name, f.kind]),
    [
      ["o1", "front", "full_name", "field"],
      ["o2", "front", "photo", "slot"],
    ],
  );
});

test("field names read as labels", () => {
  assert.equal(fieldLabel("full_name"), "Full name");
  assert.equal(fieldLabel("jobTitle"), "Job title");
  assert.equal(fieldLabel("e-mail"), "E mail");
  assert.equal(fieldLabel("Adresse"), "Adresse");
});

test("a template's fonts and palette restrict the choice only when it names some", () => {
  assert.deepEqual(allowedFonts(product, template), ["fnt_b"]);
  assert.deepEqual(allowedPalette(product, template), product.palette);
  assert.deepEqual(allowedFonts(product, null), ["fnt_a", "fnt_b"]);
  const gold = { name: "Gold", color: { spot: "PANTONE 871 C", cmyk: [20, 30, 70, 15] } };
  assert.deepEqual(allowedPalette(product, { ...template, palette: [gold] }), [gold]);
});

test("a new picture in a slot changes only its asset and resets the crop", () => {
  assert.deepEqual(slotPicture("ast_mine"), { asset: "ast_mine", crop: null });
});

test("locked template objects cannot be removed, except by the template's author", () => {
  const doc = documentFromTemplate(template, product);
  assert.equal(removeObject(doc, "o3"), doc);
  assert.equal(removeObject(doc, "o1"), doc);
  const authored = removeObject(doc, "o3", true);
  assert.deepEqual(authored.surfaces[0].objects.map((o) => o.id), ["o1", "o2"]);
});

test("an author's role change sets the field and the lock of the contract", () => {
  const free: TextObject = { ...name, field: undefined, max_chars: undefined, lock: undefined };
  assert.deepEqual(rolePatch(free, "field", " company "), { field: "company", lock: FIELD_LOCK });
  assert.deepEqual(rolePatch(free, "field"), { field: "o1", lock: FIELD_LOCK });
  assert.deepEqual(rolePatch(name, "locked"), { field: null, max_chars: null, lock: ARTWORK_LOCK });
  assert.deepEqual(rolePatch(name, "free"), { field: null, max_chars: null, lock: null });
  assert.deepEqual(rolesFor(name), ["free", "field", "locked"]);
  assert.deepEqual(rolesFor(photo), ["free", "slot", "locked"]);
  assert.deepEqual(rolesFor(band), ["free", "locked"]);
});

test("rules cleared by the author leave no empty keys in the saved document", () => {
  const cleared = { ...name, field: null, max_chars: null, lock: { move: false, edit: false } };
  const doc: DesignDocument = { ...template.document, surfaces: [{ area: "front", objects: [cleared, band] }] };
  const [text, shape] = tidyDocument(doc).surfaces[0].objects;
  assert.ok(!("field" in text) && !("max_chars" in text) && !("lock" in text));
  assert.deepEqual(shape.lock, ARTWORK_LOCK);
});
