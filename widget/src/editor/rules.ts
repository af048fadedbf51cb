/**
 * Template mode's controls: the selected object's role (free, text field, image slot, locked
 * artwork), field name, max chars, min dpi and lock flags; with nothing selected, the fonts and
 * colours the template offers shoppers.
 */

import type { MessageKey, Translate } from "../i18n";
import { cssColor } from "../model/color";
import { hasColour, roleOf, rolesFor, type Role } from "../model/template";
import type { DesignObject, Lock, PaletteColor } from "../model/types";
import { esc } from "./stage";

export interface RulesHost {
  t: Translate;
  /** Every font the author may offer (the product's and the template's), with its label. */
  fonts: { id: string; label: string }[];
  palette: PaletteColor[];
  templateFonts: string[];
  templatePalette: PaletteColor[];
  setRole(obj: DesignObject, role: Role): void;
  setRule(obj: DesignObject, patch: Partial<DesignObject>): void;
  setTemplateFonts(fonts: string[]): void;
  setTemplatePalette(palette: PaletteColor[]): void;
}

const ROLES: Record<Role, MessageKey> = {
  free: "roleFree",
  field: "roleField",
  slot: "roleSlot",
  locked: "roleLocked",
};
const LOCKS: [keyof Lock, MessageKey][] = [
  ["move", "lockMove"],
  ["resize", "lockResize"],
  ["rotate", "lockRotate"],
  ["delete", "lockDelete"],
  ["edit", "lockEdit"],
];

export function rulesMarkup(host: RulesHost, obj: DesignObject | null): string {
  const t = host.t;
  let out = `<section class="rules" aria-labelledby="rules-title"><h3 id="rules-title">${esc(t("templateRules"))}</h3>`;
  if (!obj) return out + templateWide(host) + `</section>`;
  const role = roleOf(obj);
  out += `<label for="rule-role">${esc(t("role"))}</label><select id="rule-role">`;
  for (const option of rolesFor(obj)) {
    out += `<option value="${option}"${option === role ? " selected" : ""}>${esc(t(ROLES[option]))}</option>`;
  }
  out += `</select>`;
  if (role === "field" || role === "slot") {
    out += `<label for="rule-field">${esc(t("fieldName"))}</label><input id="rule-field" type="text" autocomplete="off" spellcheck="false">`;
  }
  if (role === "field") {
    out += `<label for="rule-max">${esc(t("maxChars"))}</label><input id="rule-max" type="number" min="1" step="1" inputmode="numeric">`;
  }
  if (role === "slot") {
    out += `<label for="rule-dpi">${esc(t("minDpi"))}</label><input id="rule-dpi" type="number" min="1" step="1" inputmode="numeric">`;
  }
  for (const [key, label] of LOCKS) {
    out += `<label class="check"><input type="checkbox" data-lock="${key}"> ${esc(t(label))}</label>`;
  }
  return out + `</section>`;
}

function templateWide(host: RulesHost): string {
  const t = host.t;
  let out = `<fieldset><legend>${esc(t("templateFonts"))}</legend>`;
  for (const font of host.fonts) {
    out += `<label class="check"><input type="checkbox" data-template-font="${esc(font.id)}"> ${esc(font.label)}</label>`;
  }
  out += `</fieldset><fieldset><legend>${esc(t("templatePalette"))}</legend>`;
  host.palette.forEach((entry, index) => {
    out +=
      `<label class="check"><input type="checkbox" data-template-colour="${index}"> ` +
      `<span class="chip" style="background:${cssColor(entry.color)}"></span> ${esc(entry.name)}</label>`;
  });
  return out + `</fieldset><p class="hint">${esc(t("templateRulesHint"))}</p>`;
}

/** Handles a change in the rules controls (the panel owns the one change listener). */
export function changeRules(host: RulesHost, side: HTMLElement, obj: DesignObject | null, target: HTMLInputElement): void {
  if (target.dataset.templateFont !== undefined) {
    const ticked = Array.from(side.querySelectorAll<HTMLInputElement>("[data-template-font]:checked"));
    host.setTemplateFonts(ticked.map((box) => box.dataset.templateFont as string));
  } else if (target.dataset.templateColour !== undefined) {
    const ticked = Array.from(side.querySelectorAll<HTMLInputElement>("[data-template-colour]:checked"));
    host.setTemplatePalette(ticked.map((box) => host.palette[Number(box.dataset.templateColour)]));
  } else if (!obj) {
    return;
  } else if (target.id === "rule-role") {
    host.setRole(obj, target.value as Role);
  } else if (target.dataset.lock) {
    host.setRule(obj, { lock: { ...(obj.lock ?? {}), [target.dataset.lock]: target.checked } });
  } else if (target.id === "rule-field" && target.value.trim()) {
    host.setRule(obj, { field: target.value.trim() });
  } else if (target.id === "rule-max" || target.id === "rule-dpi") {
    const value = Math.trunc(Number(target.value));
    const key = target.id === "rule-max" ? "max_chars" : "min_dpi";
    host.setRule(obj, { [key]: value > 0 ? value : null });
  }
}

export function syncRules(host: RulesHost, side: HTMLElement, obj: DesignObject | null): void {
  const active = (side.getRootNode() as ShadowRoot).activeElement;
  const put = (selector: string, value: string) => {
    const input = side.querySelector<HTMLInputElement>(selector);
    if (input && input !== active) input.value = value;
  };
  if (!obj) {
    for (const box of side.querySelectorAll<HTMLInputElement>("[data-template-font]")) {
      box.checked = host.templateFonts.includes(box.dataset.templateFont as string);
    }
    for (const box of side.querySelectorAll<HTMLInputElement>("[data-template-colour]")) {
      box.checked = hasColour(host.templatePalette, host.palette[Number(box.dataset.templateColour)].color);
    }
    return;
  }
  put("#rule-role", roleOf(obj));
  put("#rule-field", obj.field ?? "");
  put("#rule-max", obj.max_chars ? String(obj.max_chars) : "");
  put("#rule-dpi", obj.min_dpi ? String(obj.min_dpi) : "");
  for (const box of side.querySelectorAll<HTMLInputElement>("[data-lock]")) {
    box.checked = Boolean(obj.lock?.[box.dataset.lock as keyof Lock]);
  }
}
