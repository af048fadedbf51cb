/**
 * The side panel: the elements of the area, and the controls of the selected one (text, font,
 * size, colour, alignment, fit, curve, image fit, rotation), with its print-check warnings.
 * A design from a template opens with the form of its fields; template mode adds the rules.
 * Rebuilt when the selection changes; otherwise only its values are brought up to date, so
 * focus and the caret stay where the shopper left them.
 */

import type { Check } from "../api";
import type { MessageKey, Translate } from "../i18n";
import { cssColor, sameColor } from "../model/color";
import { isLocked } from "../model/document";
import { fieldLabel, type Field } from "../model/template";
import type {
  Align,
  Color,
  DesignObject,
  Fit,
  ImageFit,
  ImageObject,
  PaletteColor,
  PrintArea,
  Product,
  TextObject,
} from "../model/types";
import { fieldsMarkup, syncFields } from "./fields";
import type { FontBook } from "./fonts";
import { changeRules, rulesMarkup, syncRules, type RulesHost } from "./rules";
import { esc, type Badge } from "./stage";

export interface PanelHost {
  t: Translate;
  product: Product;
  fonts: FontBook;
  /** The fonts and colours the shopper may pick: the template's when it restricts them. */
  fontChoices: string[];
  palette: PaletteColor[];
  objects: DesignObject[];
  /** A shopper's design from a template: its fields and slots, shown as a form. */
  fields: Field[] | null;
  /** Template mode: the author's rule controls. */
  rules: RulesHost | null;
  selectedId: string | null;
  checks: Check[];
  badges: Map<string, Badge>;
  area: PrintArea;
  select(id: string | null): void;
  setText(obj: TextObject, text: string): void;
  setFont(obj: TextObject, font: string): void;
  setSize(obj: TextObject, size: number): void;
  setColor(obj: TextObject, color: Color): void;
  setAlign(obj: TextObject, align: Align): void;
  setFit(obj: TextObject, fit: Fit): void;
  setCurve(obj: TextObject, radius: number | null): void;
  setImageFit(obj: ImageObject, fit: ImageFit): void;
  setRotation(obj: DesignObject, rotation: number): void;
  missingRequired(obj: DesignObject): boolean;
  count(obj: TextObject): number;
  setFieldText(id: string, text: string): void;
  replacePicture(id: string): void;
}

const KINDS: Record<DesignObject["type"], MessageKey> = {
  text: "kindText",
  image: "kindImage",
  vector: "kindVector",
  shape: "kindShape",
  code: "kindCode",
};
const ALIGNS: [Align, MessageKey][] = [
  ["left", "alignLeft"],
  ["center", "alignCenter"],
  ["right", "alignRight"],
  ["justify", "alignJustify"],
];
const DEFAULT_CURVE_MM = 40;

export function renderPanel(
  host: PanelHost,
  side: HTMLElement,
  obj: DesignObject | null,
  rebuild: boolean,
): void {
  if (!rebuild) {
    sync(host, side, obj);
    return;
  }
  // Keep the keyboard where it was: a rebuild must not drop the focus of the control in use,
  // nor its selection: fonts arriving while the shopper selects a field's text to retype it
  // would otherwise put the caret at the end, and the new text after the old.
  const root = side.getRootNode() as Document | ShadowRoot;
  const active = root.activeElement && side.contains(root.activeElement) ? root.activeElement : null;
  const selection = textSelection(active);
  side.innerHTML = markup(host, obj);
  wire(host, side, obj);
  sync(host, side, obj); // fills in the values, which moves a caret: restore it after
  if (!active?.id) return;
  const again = side.querySelector<HTMLElement>(`#${CSS.escape(active.id)}`);
  again?.focus();
  if (selection && (again instanceof HTMLTextAreaElement || again instanceof HTMLInputElement)) {
    try {
      again.setSelectionRange(selection[0], selection[1]);
    } catch {
      // number, colour and checkbox inputs have no text selection
    }
  }
}

function textSelection(element: Element | null): [number, number] | null {
  if (!(element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement)) return null;
  try {
    const { selectionStart, selectionEnd } = element;
    return selectionStart === null || selectionEnd === null ? null : [selectionStart, selectionEnd];
  } catch {
    return null;
  }
}

function markup(host: PanelHost, obj: DesignObject | null): string {
  const t = host.t;
  // The author's rules come first: in template mode they are what the panel is for.
  let out = host.rules ? rulesMarkup(host.rules, obj) : "";
  if (host.fields) out += fieldsMarkup(t, host.fields, new Map(host.product.areas.map((a) => [a.id, a.name])));
  if (host.fields?.length && obj && host.fields.some((f) => f.id === obj.id)) {
    // A field or slot is changed in the form above: its layout is the template's.
    out += `<div class="object-warnings"></div>`;
  } else if (!obj) {
    out += `<p class="hint">${esc(t("selectHint"))}</p>`;
  } else {
    if (obj.field) {
      out += `<p class="required" id="required-note">${esc(t("required"))}</p>`;
    }
    if ((isLocked(obj, "move") || isLocked(obj, "edit")) && !host.rules) {
      out += `<p class="hint">${esc(t("locked"))}</p>`;
    }
    if (obj.type === "text") out += textControls(host, obj);
    if (obj.type === "image") out += imageControls(host, obj);
    if (!isLocked(obj, "rotate")) {
      out += `<label for="rotation">${esc(t("rotation"))}</label><input id="rotation" type="number" step="1" min="-360" max="360" inputmode="decimal">`;
    }
    out += `<div class="object-warnings"></div>`;
  }
  out += `<div class="general-warnings"></div>`;
  out += `<p class="label" id="layers-label">${esc(t("layers"))}</p><div class="layers" role="group" aria-labelledby="layers-label">`;
  host.objects
    .slice()
    .reverse()
    .forEach((item) => {
      const index = host.objects.indexOf(item) + 1;
      // A template's field goes by its name, as in the form.
      const name = item.field ? fieldLabel(item.field) : `${t(KINDS[item.type])} ${index}`;
      out += `<button type="button" data-select="${esc(item.id)}" aria-pressed="false" data-required="${Boolean(item.field)}">${esc(name)}</button>`;
    });
  return `${out}</div>`;
}

function textControls(host: PanelHost, obj: TextObject): string {
  const t = host.t;
  const locked = isLocked(obj, "edit");
  const disabled = locked ? " disabled" : "";
  const described = [obj.max_chars ? "counter" : "", obj.field ? "required-note" : ""].filter(Boolean).join(" ");
  let out =
    `<label for="text">${esc(t("text"))}</label>` +
    `<textarea id="text" rows="3"${disabled}${obj.field ? ' aria-required="true"' : ""}${described ? ` aria-describedby="${described}"` : ""}></textarea>`;
  if (obj.max_chars) out += `<p class="counter" id="counter" aria-live="polite"></p>`;
  out += `<label for="font">${esc(t("font"))}</label><select id="font"${disabled}>`;
  const fonts = host.fontChoices.includes(obj.font) ? host.fontChoices : [obj.font, ...host.fontChoices];
  for (const font of fonts) out += `<option value="${esc(font)}">${esc(host.fonts.label(font))}</option>`;
  out += `</select>`;
  out += `<label for="size">${esc(t("size"))}</label><input id="size" type="number" min="4" max="400" step="0.5" inputmode="decimal"${disabled}>`;
  out += `<fieldset class="colours"><legend>${esc(t("colour"))}</legend><div class="swatches">`;
  host.palette.forEach((entry, index) => {
    out += `<input type="radio" class="swatch" name="colour" value="${index}" aria-label="${esc(entry.name)}" title="${esc(entry.name)}" style="background:${cssColor(entry.color)}"${disabled}>`;
  });
  out += `</div></fieldset>`;
  out += `<p class="label" id="align-label">${esc(t("align"))}</p><div class="row" role="group" aria-labelledby="align-label">`;
  for (const [align, key] of ALIGNS) {
    out += `<button type="button" data-align="${align}" aria-pressed="false"${disabled}>${esc(t(key))}</button>`;
  }
  out += `</div>`;
  out += `<label for="fit">${esc(t("fit"))}</label><select id="fit"${disabled}>`;
  for (const [fit, key] of [["none", "fitNone"], ["wrap", "fitWrap"], ["shrink", "fitShrink"]] as [Fit, MessageKey][]) {
    out += `<option value="${fit}">${esc(t(key))}</option>`;
  }
  out += `</select>`;
  out += `<label class="check"><input type="checkbox" id="curve"${disabled}> ${esc(t("curve"))}</label>`;
  if (obj.curve) {
    out += `<label for="radius">${esc(t("curveRadius"))}</label><input id="radius" type="number" step="1" inputmode="decimal"${disabled}>`;
  }
  return out;
}

function imageControls(host: PanelHost, obj: ImageObject): string {
  const t = host.t;
  const disabled = isLocked(obj, "edit") ? " disabled" : "";
  let out = `<p class="hint dpi-hint" aria-live="polite"></p>`;
  out += `<label for="image-fit">${esc(t("imageFit"))}</label><select id="image-fit"${disabled}>`;
  for (const fit of ["cover", "contain", "stretch"] as ImageFit[]) {
    out += `<option value="${fit}">${esc(t(fit))}</option>`;
  }
  return `${out}</select>`;
}

function wire(host: PanelHost, side: HTMLElement, obj: DesignObject | null): void {
  const current = () => host.objects.find((o) => o.id === obj?.id) ?? null;
  side.onclick = (event) => {
    const target = event.target as Element;
    const pick = target.closest("[data-select]");
    if (pick) host.select(pick.getAttribute("data-select"));
    const replace = target.closest("[data-replace]");
    if (replace) host.replacePicture(replace.getAttribute("data-replace") as string);
    const align = target.closest("[data-align]");
    const text = current();
    if (align && text?.type === "text") host.setAlign(text, align.getAttribute("data-align") as Align);
  };
  side.oninput = (event) => {
    const target = event.target as HTMLInputElement;
    if (target.dataset.field) return host.setFieldText(target.dataset.field, target.value);
    const o = current();
    if (!o) return;
    const value = Number(target.value);
    if (o.type === "text") {
      if (target.id === "text") {
        host.setText(o, target.value);
      } else if (target.id === "size" && value >= 1) {
        host.setSize(o, value);
      } else if (target.id === "radius" && value !== 0 && Number.isFinite(value)) {
        host.setCurve(o, value);
      }
    }
    if (target.id === "rotation" && Number.isFinite(value)) host.setRotation(o, value);
  };
  side.onchange = (event) => {
    const target = event.target as HTMLInputElement;
    // The object as the document has it: in template mode the layer list holds lock-free copies.
    if (host.rules && target.closest(".rules")) return changeRules(host.rules, side, obj, target);
    const o = current();
    if (!o) return;
    if (o.type === "text") {
      if (target.id === "font") host.setFont(o, target.value);
      if (target.id === "fit") host.setFit(o, target.value as Fit);
      if (target.id === "curve") host.setCurve(o, target.checked ? DEFAULT_CURVE_MM : null);
      if (target.name === "colour") host.setColor(o, host.palette[Number(target.value)].color);
    }
    if (o.type === "image" && target.id === "image-fit") host.setImageFit(o, target.value as ImageFit);
  };
}

function setValue(side: HTMLElement, selector: string, value: string): void {
  const control = side.querySelector(selector) as HTMLInputElement | null;
  if (!control || control.value === value) return;
  // A number being typed ("1.", "") stays as typed while it means the same number.
  if (control === (side.getRootNode() as ShadowRoot).activeElement && control.type === "number") {
    if (Number(control.value) === Number(value)) return;
  }
  control.value = value;
}

function sync(host: PanelHost, side: HTMLElement, obj: DesignObject | null): void {
  const t = host.t;
  for (const button of side.querySelectorAll<HTMLElement>("[data-select]")) {
    const id = button.getAttribute("data-select");
    button.setAttribute("aria-pressed", String(id === host.selectedId));
    const item = host.objects.find((o) => o.id === id);
    if (item) button.dataset.missing = String(host.missingRequired(item));
  }
  const general = side.querySelector(".general-warnings") as HTMLElement;
  general.innerHTML = warningList(t, host.checks.filter((c) => !c.object));
  if (host.fields) syncFields(t, side, host.fields);
  if (host.rules) syncRules(host.rules, side, obj);
  if (!obj) return;
  const warnings = side.querySelector(".object-warnings") as HTMLElement;
  warnings.innerHTML = warningList(t, host.checks.filter((c) => c.object === obj.id));
  if (host.fields?.some((f) => f.id === obj.id)) return; // its form is synced above
  setValue(side, "#rotation", String(obj.rotation ?? 0));
  if (obj.type === "text") {
    setValue(side, "#text", obj.text);
    setValue(side, "#font", obj.font);
    setValue(side, "#size", String(obj.size));
    setValue(side, "#fit", obj.fit ?? "none");
    const curve = side.querySelector("#curve") as HTMLInputElement;
    curve.checked = Boolean(obj.curve);
    if (obj.curve) setValue(side, "#radius", String(obj.curve.radius));
    for (const button of side.querySelectorAll<HTMLElement>("[data-align]")) {
      button.setAttribute("aria-pressed", String(button.dataset.align === (obj.align ?? "left")));
    }
    host.palette.forEach((entry, index) => {
      const radio = side.querySelector(`.swatch[value="${index}"]`) as HTMLInputElement | null;
      if (radio) radio.checked = sameColor(entry.color, obj.color);
    });
    const counter = side.querySelector("#counter") as HTMLElement | null;
    if (counter && obj.max_chars) {
      const count = host.count(obj);
      counter.textContent = t("chars", { n: count, max: obj.max_chars });
      counter.dataset.full = String(count >= obj.max_chars);
    }
    const note = side.querySelector("#required-note") as HTMLElement | null;
    if (note) note.textContent = host.missingRequired(obj) ? t("requiredHint") : t("required");
  }
  if (obj.type === "image") {
    const hint = side.querySelector(".dpi-hint") as HTMLElement;
    const badge = host.badges.get(obj.id);
    if (badge) {
      const minimum = obj.min_dpi || host.area.min_dpi;
      const key: MessageKey = badge.level === "red" ? "dpiLow" : badge.level === "amber" ? "dpiSoft" : "dpiGood";
      hint.textContent = t(key, { dpi: badge.dpi, min: minimum });
      hint.dataset.level = badge.level;
    }
    setValue(side, "#image-fit", obj.fit ?? "cover");
  }
}

function warningList(t: Translate, checks: Check[]): string {
  if (!checks.length) return "";
  return (
    `<div class="warning-list" role="note"><strong>${esc(t("warnings"))}</strong>` +
    checks.map((c) => `<p>${esc(c.message)}</p>`).join("") +
    `</div>`
  );
}
