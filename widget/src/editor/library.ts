/**
 * The "My designs" panel as markup: the customer's saved designs ("Open") and the personalised
 * lines of their past orders ("Reorder"). Thumbnails are fetched afterwards into [data-preview].
 */

import type { Library } from "../api";
import type { Locale, Translate } from "../i18n";
import { esc } from "./stage";

/** "3 May 2026" / "3 mai 2026": the day is what a customer remembers an order by. */
export function shortDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(date);
}

function item(id: string, preview: string | null, title: string, detail: string, button: string): string {
  const thumb = preview
    ? `<span class="thumb" data-preview="${esc(preview)}"></span>`
    : `<span class="thumb"></span>`;
  return (
    `<li class="library-item">${thumb}` +
    `<span class="library-text" id="${id}"><strong>${esc(title)}</strong> <span>${esc(detail)}</span></span>` +
    `${button}</li>`
  );
}

/** The panel's content; `dirty` warns that opening replaces unsaved work in the editor. */
export function libraryMarkup(t: Translate, library: Library, locale: Locale, dirty: boolean): string {
  if (!library.designs.length && !library.orders.length) {
    return `<p class="hint">${esc(t("libraryEmpty"))}</p>`;
  }
  let out = dirty ? `<p class="hint">${esc(t("libraryReplaces"))}</p>` : "";
  if (library.designs.length) {
    out += `<section aria-labelledby="library-saved"><h3 id="library-saved">${esc(t("savedDesigns"))}</h3><ul class="library-list">`;
    library.designs.forEach((design, index) => {
      const id = `library-design-${index}`;
      const name = design.title || design.product_name;
      const button =
        `<button type="button" data-open="${esc(design.id)}" data-name="${esc(name)}" ` +
        `aria-describedby="${id}">${esc(t("openDesign"))}</button>`;
      const detail = t("savedOn", { date: shortDate(design.updated_at, locale) });
      out += item(id, design.preview_url, name, detail, button);
    });
    out += `</ul></section>`;
  }
  if (library.orders.length) {
    out += `<section aria-labelledby="library-orders"><h3 id="library-orders">${esc(t("pastOrders"))}</h3><ul class="library-list">`;
    library.orders.forEach((line, index) => {
      const id = `library-line-${index}`;
      const name = line.title || line.product_name;
      const button =
        `<button type="button" class="primary" data-reorder="${esc(line.design)}" data-line="${esc(line.line)}" ` +
        `data-order="${esc(line.order_name)}" data-name="${esc(name)}" aria-describedby="${id}">${esc(t("reorder"))}</button>`;
      const detail = t("orderedOn", {
        order: line.order_name,
        date: shortDate(line.ordered_at, locale),
        quantity: line.quantity,
      });
      out += item(id, line.preview_url, name, detail, button);
    });
    out += `</ul></section>`;
  }
  return out;
}
