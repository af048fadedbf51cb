import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldsMarkup } from "../src/editor/fields";
import { galleryMarkup } from "../src/editor/gallery";
import { translator } from "../src/i18n";
import type { Field, Template } from "../src/model/template";

const template: Template = {
  id: "tpl_hotel",
  product: "prd_1",
  name: 'Hôtel "Les Pins" <deluxe>',
  description: "Carte de visite",
  document: { format: "monogram.design/1", product: "prd_1", surfaces: [] },
  fonts: [],
  palette: [],
  thumbnail_url: "/v1/templates/tpl_hotel/thumbnail",
  revision: 1,
};

test("the gallery offers each template, escaped, with its thumbnail slot and a blank start", () => {
  const html = galleryMarkup(translator("en"), [template, { ...template, id: "tpl_2", thumbnail_url: null }], false);
  assert.match(html, /data-use="tpl_hotel"[^>]*>Use this template</);
  assert.match(html, /Hôtel &quot;Les Pins&quot; &lt;deluxe&gt;/);
  assert.match(html, /data-thumbnail="\/v1\/templates\/tpl_hotel\/thumbnail"/);
  assert.equal(html.match(/data-thumbnail=/g)?.length, 1);
  assert.match(html, /data-action="gallery-blank">Start from blank</);
  assert.doesNotMatch(html, /replaces the current design/);
  assert.match(galleryMarkup(translator("en"), [template], true), /A template replaces the current design/);
});

test("the gallery speaks French", () => {
  const html = galleryMarkup(translator("fr"), [template], false);
  assert.match(html, />Utiliser ce modèle</);
  assert.match(html, />Partir d’une page blanche</);
});

const fields: Field[] = [
  {
    id: "o1",
    area: "front",
    name: "full_name",
    kind: "field",
    object: {
      id: "o1", type: "text", x: 0, y: 0, width: 50, height: 10, text: "Jeanne", font: "fnt_a", size: 12,
      color: { cmyk: [0, 0, 0, 100] }, field: "full_name", max_chars: 30,
    },
  },
  {
    id: "o2",
    area: "back",
    name: "photo",
    kind: "slot",
    object: { id: "o2", type: "image", x: 0, y: 0, width: 20, height: 20, asset: "ast_1", field: "photo" },
  },
];

test("the fields form labels every field and slot, naming the area when there are several", () => {
  const areas = new Map([["front", "Recto"], ["back", "Verso"]]);
  const html = fieldsMarkup(translator("en"), fields, areas);
  assert.match(html, /<label for="field-o1">Full name \(Recto\) <span class="required">\*<\/span><\/label>/);
  assert.match(html, /<textarea id="field-o1" data-field="o1" rows="1" aria-required="true" aria-describedby="field-o1-count">/);
  assert.match(html, />Picture: Photo \(Verso\)</);
  assert.match(html, /data-replace="o2"[^>]*>Replace picture</);
  const one = fieldsMarkup(translator("fr"), fields.slice(0, 1), areas);
  assert.match(one, />Full name <span/);
  assert.match(one, />Vos informations</);
  assert.equal(fieldsMarkup(translator("en"), [], areas), "");
});
