// The price Monogram signed for a design (the cart line's _monogram_price attribute):
//   mp1.<design>.<min quantity>.<max quantity>.<unit price, minor units>.<currency>.<signature>
// signature = hex HMAC-SHA256(price key, everything before ".<signature>"). The shopper can read
// the attribute but not forge it: the key lives in an app-owned metafield only Monogram writes.

import { hmacSha256Hex, sameText } from "./hmac.js";

const FORMAT = /^mp1\.([A-Za-z0-9_-]{1,64})\.(\d{1,7})\.(\d{1,7})\.(\d{1,10})\.([A-Z]{3})\.([0-9a-f]{64})$/;
// ISO 4217 currencies without minor units, as Monogram prices them.
const NO_DECIMALS = new Set(["JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "HUF"]);

/**
 * The signed price, or null when the attribute is missing, malformed or not signed with `key`.
 * @returns {{design: string, minQuantity: number, maxQuantity: number, unitPrice: number, currency: string} | null}
 */
export function verifiedPrice(attribute, key) {
  if (!attribute || !key) return null;
  const match = FORMAT.exec(attribute);
  if (!match) return null;
  const signed = attribute.slice(0, attribute.length - 65);
  if (!sameText(hmacSha256Hex(key, signed), match[6])) return null;
  return {
    design: match[1],
    minQuantity: Number(match[2]),
    maxQuantity: Number(match[3]),
    unitPrice: Number(match[4]),
    currency: match[5],
  };
}

const exponent = (currency) => (NO_DECIMALS.has(currency) ? 0 : 2);

/**
 * A unit price in minor units of `currency` as the decimal amount Shopify takes ("12.53") in
 * `presentment`, converted by `rate` when they differ.
 */
export function decimalAmount(minor, currency, presentment = currency, rate = 1) {
  const amount = minor / 10 ** exponent(currency);
  const shown = presentment === currency ? amount : amount * rate;
  return shown.toFixed(exponent(presentment || currency));
}
