import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { Api, ApiError, type RequestedQuote } from "../src/api";
import {
  checkValues,
  errorsByField,
  money,
  quoteDialogMarkup,
  quoteRequestOf,
  sentText,
  totalText,
  validityDate,
  type QuoteValues,
} from "../src/editor/quote";
import { translator } from "../src/i18n";
import type { DesignDocument } from "../src/model/types";

// What fr-FR puts between thousands, and between the amount and the sign.
const NNBSP = "\u202f";
const NBSP = "\u00a0";

const filled: QuoteValues = {
  name: "  Jeanne Dupont ",
  email: " jeanne@example.fr ",
  company: "Atelier Dupont",
  phone: "",
  quantity: " 120 ",
  message: "Livraison avant le 15, si possible.\n",
};

const sent: RequestedQuote = {
  id: "quo_1",
  number: "D-2026-0001",
  status: "sent",
  quantity: 120,
  currency: "EUR",
  unit_price: 1000,
  total: 123456,
  tax: 20576,
  tax_included: false,
  contact: { name: "Jeanne Dupont", email: "jeanne@example.fr" },
  valid_until: "2026-12-23",
};

interface Call {
  url: string;
  init: RequestInit;
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** fetch answering `status` with `body`, recording each call. */
function stubFetch(status: number, body: unknown): Call[] {
  const calls: Call[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
  return calls;
}

test("every field is labelled and tied to its error; required ones say so", () => {
  const html = quoteDialogMarkup(translator("en"), { quantity: "120" });
  assert.match(html, /role="dialog" aria-modal="true" aria-labelledby="quote-title" hidden/);
  assert.match(html, /<h2 id="quote-title">Request a quote<\/h2>/);
  for (const [name, label, type] of [
    ["name", "Name", "text"],
    ["email", "E-mail", "email"],
    ["company", "Company \\(optional\\)", "text"],
    ["phone", "Phone \\(optional\\)", "tel"],
  ]) {
    const id = `quote-${name}`;
    assert.match(html, new RegExp(`<label for="${id}">${label}</label><input id="${id}" name="${name}"`));
    assert.match(html, new RegExp(`id="${id}"[^>]*aria-describedby="${id}-error"[^>]*type="${type}"`));
    assert.match(html, new RegExp(`<p class="field-error" id="quote-${name}-error"></p>`));
  }
  assert.match(
    html,
    /<input id="quote-quantity" name="quantity" [^>]* required aria-required="true" type="number" min="1"[^>]*value="120">/,
  );
  assert.match(html, /<label for="quote-message">Message \(optional\)<\/label><textarea id="quote-message"/);
  assert.match(
    html,
    /id="quote-email" name="email" autocomplete="email" aria-describedby="quote-email-error" required/,
  );
  assert.doesNotMatch(html, /id="quote-company"[^>]*required/);
  assert.match(html, /<p class="quote-summary" role="alert"><\/p>/);
  assert.match(html, /<button type="submit" class="primary">Send my request<\/button>/);
  assert.match(html, /<button type="button" data-action="quote-close">Back to editor<\/button>/);
});

test("in French, with what the buyer typed escaped", () => {
  const html = quoteDialogMarkup(translator("fr"), { name: 'Jeanne "J" <Dupont>', message: "</textarea><b>" });
  assert.match(html, /<h2 id="quote-title">Demander un devis<\/h2>/);
  assert.match(html, /<label for="quote-company">Société \(facultatif\)<\/label>/);
  assert.match(html, />Envoyer ma demande<\/button>/);
  assert.match(html, /value="Jeanne &quot;J&quot; &lt;Dupont&gt;"/);
  assert.match(html, /<textarea [^>]*>&lt;\/textarea&gt;&lt;b&gt;<\/textarea>/);
});

test("a missing name, an e-mail without a domain and a quantity below one are caught first", () => {
  const en = translator("en");
  assert.deepEqual(checkValues(en, filled), {});
  assert.deepEqual(checkValues(en, { ...filled, name: "  ", email: "jeanne@", quantity: "0" }), {
    name: "Enter your name.",
    email: "Enter an e-mail address such as name@example.com.",
    quantity: "Enter a whole number, 1 or more.",
  });
  for (const quantity of ["", "2.5", "-3", "douze"]) {
    assert.equal(checkValues(en, { ...filled, quantity }).quantity, "Enter a whole number, 1 or more.", quantity);
  }
  for (const email of ["", "jeanne", "jeanne@example", "jeanne dupont@example.fr", "@example.fr"]) {
    assert.ok(checkValues(en, { ...filled, email }).email, email);
  }
  assert.deepEqual(checkValues(translator("fr"), { ...filled, email: "jeanne.example.fr" }), {
    email: "Indiquez une adresse e-mail, par exemple nom@exemple.fr.",
  });
});

test("the request carries the design, the quantity as a number and only the fields filled in", () => {
  assert.deepEqual(quoteRequestOf(filled, "dsn_1", "fr"), {
    design: "dsn_1",
    quantity: 120,
    locale: "fr",
    contact: { name: "Jeanne Dupont", email: "jeanne@example.fr", company: "Atelier Dupont" },
    message: "Livraison avant le 15, si possible.",
  });
  const bare = quoteRequestOf({ ...filled, company: " ", message: "", phone: "+33 6 12 34 56 78" }, "dsn_1", "en");
  assert.deepEqual(bare.contact, { name: "Jeanne Dupont", email: "jeanne@example.fr", phone: "+33 6 12 34 56 78" });
  assert.equal("message" in bare, false);
});

test("the envelope's errors land on their fields; the others are said above the form", () => {
  const { fields, other } = errorsByField([
    { path: "/contact/email", message: "Not a valid email address." },
    { path: "/quantity", message: "Must be greater than or equal to 1." },
    { path: "/quantity", message: "Not a valid integer." },
    { path: "contact.name", message: "Missing data for required field." },
    { path: "/design", message: "This product has no price yet." },
    { message: "Something else." },
  ]);
  assert.deepEqual(fields, {
    email: "Not a valid email address.",
    quantity: "Must be greater than or equal to 1. Not a valid integer.",
    name: "Missing data for required field.",
  });
  assert.deepEqual(other, ["This product has no price yet.", "Something else."]);
});

test("amounts in minor units read as money, in the buyer's language, never through a float", () => {
  assert.equal(money(123456, "EUR", "en"), "€1,234.56");
  assert.equal(money(123456, "EUR", "fr"), `1${NNBSP}234,56${NBSP}€`);
  assert.equal(money(5, "EUR", "en"), "€0.05");
  assert.equal(money(-1500, "EUR", "en"), "-€15.00");
  assert.equal(money(0, "GBP", "en"), "£0.00");
  assert.equal(money(1200, "JPY", "en"), "JP¥1,200"); // no minor unit
  // Divided by 100 as a float, the largest exact integer loses its last cent (…409.90).
  assert.equal(money(Number.MAX_SAFE_INTEGER, "EUR", "en"), "€90,071,992,547,409.91");
});

test("the validity date is the day the quote says, whatever the buyer's time zone", () => {
  const zone = process.env.TZ;
  try {
    for (const tz of ["America/Los_Angeles", "Pacific/Kiritimati", "UTC"]) {
      process.env.TZ = tz;
      assert.equal(validityDate("2026-12-23", "en"), "23 December 2026", tz);
      assert.equal(validityDate("2026-12-23", "fr"), "23 décembre 2026", tz);
    }
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
  assert.equal(validityDate("soon", "en"), "soon");
});

test("the confirmation names the number, the address and the validity", () => {
  assert.equal(
    sentText(translator("en"), sent, "en"),
    "Quote D-2026-0001 sent to jeanne@example.fr, valid until 23 December 2026.",
  );
  assert.equal(
    sentText(translator("fr"), sent, "fr"),
    "Devis D-2026-0001 envoyé à jeanne@example.fr, valable jusqu’au 23 décembre 2026.",
  );
  assert.equal(totalText(translator("en"), sent, "en"), "Total: €1,234.56 excl. tax");
  assert.equal(
    totalText(translator("fr"), { ...sent, tax_included: true }, "fr"),
    `Total : 1${NNBSP}234,56${NBSP}€ TTC`,
  );
});

test("requestQuote posts with the publishable key, the design token and the customer reference", async () => {
  const calls = stubFetch(201, sent);
  const api = new Api("https://api.example.test/", "pk_test_1");
  api.customer = "mcr1.7.1999999999.abc";
  const body = quoteRequestOf(filled, "dsn_1", "fr");
  const quote = await api.requestQuote(body, "dtk_secret");
  assert.deepEqual(quote, sent);
  assert.equal(calls.length, 1);
  const [{ url, init }] = calls;
  assert.equal(url, "https://api.example.test/v1/quotes");
  assert.equal(init.method, "POST");
  assert.equal(init.credentials, "omit");
  assert.deepEqual(init.headers, {
    Authorization: "Bearer pk_test_1",
    "Monogram-Design-Token": "dtk_secret",
    "Monogram-Customer": "mcr1.7.1999999999.abc",
    "Content-Type": "application/json",
  });
  assert.deepEqual(JSON.parse(init.body as string), body);
});

test("a guest's request has no customer reference", async () => {
  const calls = stubFetch(201, sent);
  await new Api("https://api.example.test", "pk_test_1").requestQuote(quoteRequestOf(filled, "dsn_1", "en"), "dtk");
  assert.equal("Monogram-Customer" in (calls[0].init.headers as Record<string, string>), false);
});

test("a refused request throws the envelope, field errors included", async () => {
  const envelope = {
    code: 422,
    status: "Unprocessable Entity",
    message: "The request is not valid; see errors for each field.",
    errors: [{ path: "/contact/email", message: "Not a valid email address." }],
  };
  stubFetch(422, envelope);
  const api = new Api("https://api.example.test", "pk_test_1");
  const error = await api.requestQuote(quoteRequestOf(filled, "dsn_1", "en"), "dtk").then(
    () => assert.fail("a 422 must throw"),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 422);
  assert.deepEqual(errorsByField(error.errors), { fields: { email: "Not a valid email address." }, other: [] });
});

test("a conflict is an error too, not a quote", async () => {
  stubFetch(409, { code: 409, message: "The design changed.", errors: [] });
  const api = new Api("https://api.example.test", "pk_test_1");
  await assert.rejects(api.requestQuote(quoteRequestOf(filled, "dsn_1", "en"), "dtk"), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 409);
    assert.equal(error.message, "The design changed.");
    return true;
  });
});

test("the live price sends the document, the quantity and the language of its lines", async () => {
  const calls = stubFetch(200, { currency: "EUR", quantity: 3, unit_price: 1000, total: 3000, breakdown: [] });
  const doc = { format: "monogram.design/1", product: "prd_1", surfaces: [] } as unknown as DesignDocument;
  await new Api("https://api.example.test", "pk_test_1").quote(doc, 3, "fr");
  // No "product" beside the document: the endpoint's strict schema refuses unknown fields.
  assert.deepEqual(JSON.parse(calls[0].init.body as string), { document: doc, quantity: 3, locale: "fr" });
});
