import assert from "node:assert/strict";
import { test } from "node:test";
import type { Library } from "../src/api";
import { libraryMarkup, shortDate } from "../src/editor/library";
import { translator } from "../src/i18n";

const library: Library = {
  customer: "sto_1:7",
  designs: [
    {
      id: "dsn_saved",
      title: null,
      product: "prd_1",
      product_name: "Business card",
      version: 3,
      updated_at: "2026-05-03T09:30:00+00:00",
      preview_url: "/v1/customer/designs/dsn_saved/preview?area=front",
    },
  ],
  orders: [
    {
      order: "ord_1",
      order_name: "#1042",
      ordered_at: "2026-02-14T16:00:00+00:00",
      line: "oln_1",
      title: 'Cartes "Salon" <2026>',
      quantity: 250,
      design: "dsn_ordered",
      version: 1,
      product: "prd_1",
      product_name: "Business card",
      preview_url: null,
    },
  ],
};

test("dates read as a day a customer remembers, in their language", () => {
  assert.equal(shortDate("2026-05-03T09:30:00+00:00", "en"), "3 May 2026");
  assert.equal(shortDate("2026-05-03T09:30:00+00:00", "fr"), "3 mai 2026");
  assert.equal(shortDate("not a date", "en"), "");
});

test("saved designs open, past order lines reorder, each named for the keyboard", () => {
  const html = libraryMarkup(translator("en"), library, "en", false);
  assert.match(html, /<h3 id="library-saved">Saved designs<\/h3>/);
  assert.match(html, /<h3 id="library-orders">Past orders<\/h3>/);
  assert.match(
    html,
    /<button type="button" data-open="dsn_saved" data-name="Business card" aria-describedby="library-design-0">Open<\/button>/,
  );
  assert.match(html, /id="library-design-0"><strong>Business card<\/strong> <span>Saved on 3 May 2026<\/span>/);
  assert.match(html, /data-reorder="dsn_ordered" data-line="oln_1" data-order="#1042"/);
  assert.match(html, />Reorder<\/button>/);
  assert.match(html, /Order #1042 of 14 February 2026 · quantity 250/);
  assert.match(html, /data-preview="\/v1\/customer\/designs\/dsn_saved\/preview\?area=front"/);
  assert.doesNotMatch(html, /Opening a design replaces/);
});

test("what the shop and the customer typed is escaped", () => {
  const html = libraryMarkup(translator("en"), library, "en", false);
  assert.match(html, /<strong>Cartes &quot;Salon&quot; &lt;2026&gt;<\/strong>/);
  assert.doesNotMatch(html, /<2026>/);
});

test("in French, with a warning when opening would replace unsaved work", () => {
  const html = libraryMarkup(translator("fr"), library, "fr", true);
  assert.match(html, /Ouvrir une création remplace celle de l’éditeur/);
  assert.match(html, />Ouvrir<\/button>/);
  assert.match(html, />Commander à nouveau<\/button>/);
  assert.match(html, /Commande #1042 du 14 février 2026 · quantité 250/);
  assert.match(html, /Enregistrée le 3 mai 2026/);
});

test("an empty library says so", () => {
  const empty = { customer: "sto_1:7", designs: [], orders: [] };
  assert.equal(
    libraryMarkup(translator("en"), empty, "en", true),
    '<p class="hint">You have no saved design and no past order for this product yet.</p>',
  );
});
