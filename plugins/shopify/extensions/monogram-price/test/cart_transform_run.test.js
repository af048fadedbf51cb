// The cart transform as Shopify runs it: input shaped like src/cart_transform_run.graphql,
// signatures made with Node's own crypto (not the function's HMAC code).
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";

import { cartTransformRun } from "../src/index.js";
import { hmacSha256Hex } from "../src/hmac.js";

const KEY = "5f0c4b1e9d2a7c3e8b6f1a0d4c9e2b7a5f0c4b1e9d2a7c3e8b6f1a0d4c9e2b7a";
const DESIGN = "dsn_0a1b2c3d4e5f6g7h8i9j0k1l2";

function sign(design, min, max, minor, currency, key = KEY) {
  const signed = `mp1.${design}.${min}.${max}.${minor}.${currency}`;
  return `${signed}.${createHmac("sha256", key).update(signed).digest("hex")}`;
}

function line({ id = "gid://shopify/CartLine/1", quantity = 100, design = DESIGN, price, currency = "EUR" } = {}) {
  return {
    id,
    quantity,
    design: design ? { value: design } : null,
    token: { value: "dt_token" },
    price: price ? { value: price } : null,
    cost: { amountPerQuantity: { currencyCode: currency } },
    merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/808950810" },
  };
}

function run(lines, { key = KEY, rate = "1.0" } = {}) {
  return cartTransformRun({
    presentmentCurrencyRate: rate,
    shop: { priceKey: key ? { value: key } : null },
    cart: { lines },
  });
}

test("a signed line is expanded into itself at Monogram's unit price, design kept", () => {
  const result = run([line({ price: sign(DESIGN, 50, 249, 1253, "EUR") })]);
  assert.deepEqual(result, {
    operations: [
      {
        lineExpand: {
          cartLineId: "gid://shopify/CartLine/1",
          expandedCartItems: [
            {
              merchandiseId: "gid://shopify/ProductVariant/808950810",
              quantity: 1,
              price: { adjustment: { fixedPricePerUnit: { amount: "12.53" } } },
              attributes: [
                { key: "_monogram_design", value: DESIGN },
                { key: "_monogram_token", value: "dt_token" },
              ],
            },
          ],
        },
      },
    ],
  });
});

test("a price the shopper edited, or signed with another key, changes nothing", () => {
  const genuine = sign(DESIGN, 1, 999, 1253, "EUR");
  const cheaper = genuine.replace(".1253.", ".0100.");
  const otherKey = sign(DESIGN, 1, 999, 100, "EUR", "not-the-shop-key");
  assert.deepEqual(run([line({ price: cheaper }), line({ price: otherKey })]), { operations: [] });
});

test("a price signed for another design or another tier of quantities changes nothing", () => {
  const otherDesign = sign("dsn_other", 1, 999, 1253, "EUR");
  const otherTier = sign(DESIGN, 1, 49, 1500, "EUR");
  assert.deepEqual(run([line({ price: otherDesign }), line({ price: otherTier, quantity: 50 })]), {
    operations: [],
  });
});

test("lines without a design, a price or a key are left at the catalogue price", () => {
  const price = sign(DESIGN, 1, 999, 1253, "EUR");
  assert.deepEqual(run([line({ design: null, price }), line()]), { operations: [] });
  assert.deepEqual(run([line({ price })], { key: null }), { operations: [] });
  assert.deepEqual(run([line({ price: "mp1.garbage" })]), { operations: [] });
});

test("another presentment currency is converted with Shopify's rate, to its own digits", () => {
  const price = sign(DESIGN, 1, 999, 1253, "EUR");
  const chf = run([line({ price, currency: "CHF" })], { rate: "0.95" });
  assert.equal(chf.operations[0].lineExpand.expandedCartItems[0].price.adjustment.fixedPricePerUnit.amount, "11.90");
  const yen = run([line({ price, currency: "JPY" })], { rate: "161.2" });
  assert.equal(yen.operations[0].lineExpand.expandedCartItems[0].price.adjustment.fixedPricePerUnit.amount, "2020");
});

test("each signed line of the cart gets its own price", () => {
  const result = run([
    line({ id: "gid://shopify/CartLine/1", price: sign(DESIGN, 1, 49, 1500, "EUR"), quantity: 10 }),
    line({ id: "gid://shopify/CartLine/2", design: "dsn_b", price: sign("dsn_b", 250, 9999999, 800, "EUR"), quantity: 300 }),
  ]);
  const amounts = result.operations.map((op) => [op.lineExpand.cartLineId, op.lineExpand.expandedCartItems[0].price.adjustment.fixedPricePerUnit.amount]);
  assert.deepEqual(amounts, [
    ["gid://shopify/CartLine/1", "15.00"],
    ["gid://shopify/CartLine/2", "8.00"],
  ]);
});

test("the function's HMAC-SHA256 matches Node's on keys and messages of every length", () => {
  for (const key of ["", "k", KEY, "x".repeat(64), "y".repeat(65), "clé-été"]) {
    for (const message of ["", "abc", "mp1.dsn_a.1.2.3.EUR", "z".repeat(55), "z".repeat(56), "z".repeat(64), "é".repeat(200)]) {
      assert.equal(hmacSha256Hex(key, message), createHmac("sha256", key).update(message).digest("hex"));
    }
  }
});
