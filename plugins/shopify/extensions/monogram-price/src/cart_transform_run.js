// @ts-check
// Each personalised line whose price Monogram signed is expanded into itself at that price
// (lineExpand with fixedPricePerUnit: every plan, unlike lineUpdate, which needs Shopify Plus).
// A line without a valid price keeps the catalogue price; Monogram flags it at intake.

import { decimalAmount, verifiedPrice } from "./signed_price.js";

const NO_CHANGES = { operations: [] };

export function cartTransformRun(input) {
  const key = input.shop?.priceKey?.value || "";
  const rate = Number(input.presentmentCurrencyRate || 1);
  const operations = [];
  for (const line of input.cart?.lines || []) {
    const expand = priced(line, key, rate);
    if (expand) operations.push({ lineExpand: expand });
  }
  return operations.length ? { operations } : NO_CHANGES;
}

function priced(line, key, rate) {
  const design = line.design?.value;
  const merchandise = line.merchandise;
  if (!design || merchandise?.__typename !== "ProductVariant") return null;
  const price = verifiedPrice(line.price?.value, key);
  // Signed for this design and for quantities priced alike (one tier); another quantity needs
  // a new quote, which the cart script asks for when the shopper changes it.
  if (!price || price.design !== design) return null;
  if (line.quantity < price.minQuantity || line.quantity > price.maxQuantity) return null;
  const presentment = line.cost?.amountPerQuantity?.currencyCode;
  // Monogram signs in the store's currency (the shop's); another presentment currency converts.
  const amount = decimalAmount(price.unitPrice, price.currency, presentment || price.currency, rate);
  return {
    cartLineId: line.id,
    expandedCartItems: [
      {
        merchandiseId: merchandise.id,
        quantity: 1,
        price: { adjustment: { fixedPricePerUnit: { amount } } },
        // The order's line keeps the design, as the cart line carried it.
        attributes: [
          { key: "_monogram_design", value: design },
          { key: "_monogram_token", value: line.token?.value || "" },
        ],
      },
    ],
  };
}
