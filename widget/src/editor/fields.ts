/**
 * The shopper's form for a template: one labelled box per text field (with its character count)
 * and a "Replace picture" button per image slot. The layout itself belongs to the template.
 */

import type { Translate } from "../i18n";
import { fieldLabel, type Field } from "../model/template";
import { charCount } from "../model/units";
import { esc } from "./stage";

export function fieldsMarkup(t: Translate, fields: Field[], areaNames: Map<string, string>): string {
  if (!fields.length) return "";
  const manyAreas = new Set(fields.map((f) => f.area)).size > 1;
  let out = `<section class="fields" aria-labelledby="fields-title"><h3 id="fields-title">${esc(t("yourDetails"))}</h3>`;
  out += `<p class="hint">${esc(t("fieldsHint"))}</p>`;
  for (const field of fields) {
    const label = fieldLabel(field.name) + (manyAreas ? ` (${areaNames.get(field.area) ?? field.area})` : "");
    const id = `field-${field.id}`;
    if (field.object.type === "text") {
      const obj = field.object;
      const counter = obj.max_chars ? `${id}-count` : "";
      const lines = Math.min(4, Math.max(1, obj.text.split("\n").length));
      out +=
        `<label for="${esc(id)}">${esc(label)} <span class="required">*</span></label>` +
        `<textarea id="${esc(id)}" data-field="${esc(field.id)}" rows="${lines}" aria-required="true"` +
        (counter ? ` aria-describedby="${esc(counter)}"` : "") +
        `></textarea>` +
        (counter ? `<p class="counter" id="${esc(counter)}" aria-live="polite"></p>` : "");
    } else {
      out +=
        `<div class="slot" role="group" aria-labelledby="${esc(id)}-label">` +
        `<p class="label" id="${esc(id)}-label">${esc(t("pictureSlot", { name: label }))}</p>` +
        `<button type="button" data-replace="${esc(field.id)}" aria-describedby="${esc(id)}-label">${esc(t("replacePicture"))}</button>` +
        `</div>`;
    }
  }
  return `${out}</section>`;
}

/** Brings the boxes up to date without touching the one being typed in. */
export function syncFields(t: Translate, side: HTMLElement, fields: Field[]): void {
  for (const field of fields) {
    if (field.object.type !== "text") continue;
    const obj = field.object;
    const box = side.querySelector<HTMLTextAreaElement>(`#${CSS.escape(`field-${field.id}`)}`);
    // Only differs while typing when max_chars cut the text: the box then shows what is kept.
    if (box && box.value !== obj.text) box.value = obj.text;
    if (box) box.setAttribute("aria-invalid", String(!obj.text.trim()));
    const counter = side.querySelector<HTMLElement>(`#${CSS.escape(`field-${field.id}-count`)}`);
    if (counter && obj.max_chars) {
      const count = charCount(obj.text);
      counter.textContent = t("chars", { n: count, max: obj.max_chars });
      counter.dataset.full = String(count >= obj.max_chars);
    }
  }
}
