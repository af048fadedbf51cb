import assert from "node:assert/strict";
import { test } from "node:test";
import { rulesMarkup, type RulesHost } from "../src/editor/rules";
import { translator } from "../src/i18n";
import type { ImageObject, TextObject } from "../src/model/types";

function host(locale: "en" | "fr" = "en"): RulesHost {
  const none = () => undefined;
  return {
    t: translator(locale),
    fonts: [{ id: "fnt_a", label: "Vera <Sans>" }],
    palette: [{ name: "Navy", color: { cmyk: [100, 66, 0, 2] } }],
    templateFonts: [],
    templatePalette: [],
    setRole: none,
    setRule: none,
    setTemplateFonts: none,
    setTemplatePalette: none,
  };
}

const field: TextObject = {
  id: "o1", type: "text", x: 0, y: 0, width: 40, height: 8, text: "Jeanne", font: "fnt_a", size: 12,
  color: { cmyk: [0, 0, 0, 100] }, field: "name", max_chars: 20,
  lock: { move: true, resize: true, rotate: true, delete: true, edit: false },
};
const slot: ImageObject = {
  id: "o2", type: "image", x: 0, y: 0, width: 20, height: 20, asset: "ast_1", field: "photo",
  lock: { move: true, resize: true, rotate: true, delete: true, edit: false },
};

test("a text field's rules: its role, name, max chars and the five lock flags", () => {
  const html = rulesMarkup(host(), field);
  assert.match(html, /<option value="field" selected>Text field<\/option>/);
  assert.doesNotMatch(html, /value="slot"/);
  assert.match(html, /<label for="rule-field">Field name<\/label>/);
  assert.match(html, /<label for="rule-max">Maximum characters<\/label>/);
  assert.doesNotMatch(html, /rule-dpi/);
  assert.equal(html.match(/data-lock=/g)?.length, 5);
});

test("an image slot's rules ask for the minimum resolution instead of max chars", () => {
  const html = rulesMarkup(host("fr"), slot);
  assert.match(html, /<option value="slot" selected>Emplacement d’image<\/option>/);
  assert.match(html, />Résolution minimale \(dpi\)</);
  assert.doesNotMatch(html, /rule-max/);
});

test("with nothing selected, the fonts and colours a template may offer, escaped", () => {
  const html = rulesMarkup(host(), null);
  assert.match(html, /data-template-font="fnt_a"> Vera &lt;Sans&gt;/);
  assert.match(html, /data-template-colour="0">[^]*Navy/);
  assert.match(html, /None ticked: the product’s own are offered\./);
});
