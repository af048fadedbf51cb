/**
 * The "Request a quote" dialog: the buyer's contact and quantity, the obvious slips caught here
 * in their language, the server's per-field errors shown against each field, then the quote's
 * number and validity once it is e-mailed.
 */

import type { QuoteRequest, RequestedQuote } from "../api";
import type { Locale, MessageKey, Translate } from "../i18n";
import { esc } from "./stage";

export const QUOTE_FIELDS = ["name", "email", "company", "phone", "quantity", "message"] as const;
export type QuoteField = (typeof QUOTE_FIELDS)[number];
export type QuoteValues = Record<QuoteField, string>;
export type FieldErrors = Partial<Record<QuoteField, string>>;

interface FieldSpec {
  label: MessageKey;
  type: "text" | "email" | "tel" | "number" | "textarea";
  autocomplete: string;
  required: boolean;
  /** Where the request body carries it, as the error envelope's paths name it. */
  path: string;
}

const SPECS: Record<QuoteField, FieldSpec> = {
  name: { label: "quoteName", type: "text", autocomplete: "name", required: true, path: "/contact/name" },
  email: { label: "quoteEmail", type: "email", autocomplete: "email", required: true, path: "/contact/email" },
  company: {
    label: "quoteCompany",
    type: "text",
    autocomplete: "organization",
    required: false,
    path: "/contact/company",
  },
  phone: { label: "quotePhone", type: "tel", autocomplete: "tel", required: false, path: "/contact/phone" },
  quantity: { label: "quoteQuantity", type: "number", autocomplete: "off", required: true, path: "/quantity" },
  message: { label: "quoteMessage", type: "textarea", autocomplete: "off", required: false, path: "/message" },
};

// Deliberately loose: the server has the last word; this only catches a forgotten @ or domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const QUOTE_STYLES = `
.quote-body{display:block;flex:1 1 auto;overflow:auto;padding:8px 16px 16px;background:#f3f4f6}
.quote-form,.quote-sent{display:block;max-width:560px;margin:8px auto 0;padding:4px 16px 16px;background:#fff;
border:1px solid #dde1e6;border-radius:8px}
.quote-sent:focus{outline:none}
.quote-sent p,.quote-form .hint{margin:10px 0 0;font:14px/1.4 system-ui,sans-serif;color:#1c2430}
.quote-summary{display:block;margin:10px 0 0;padding:8px 10px;border-radius:6px;background:#fdecec;
border:1px solid #e0a3a6;color:#7a1c21;font:14px/1.4 system-ui,sans-serif}
.field-error{display:block;margin:4px 0 0;font:600 13px/1.4 system-ui,sans-serif;color:#a4262c}
.field-error:empty,.quote-summary:empty,.quote-progress:empty{display:none}
.quote-form [aria-invalid=true]{border:2px solid #a4262c}
.quote-actions{display:flex;justify-content:flex-end;align-items:center;gap:8px;flex-wrap:wrap;margin-top:14px}
.quote-progress{display:block;flex:1 1 auto;margin:0;font:14px/1.4 system-ui,sans-serif;color:#2c3e50}
`;

function fieldMarkup(t: Translate, name: QuoteField, value: string): string {
  const spec = SPECS[name];
  const id = `quote-${name}`;
  const common =
    `id="${id}" name="${name}" autocomplete="${spec.autocomplete}" aria-describedby="${id}-error"` +
    (spec.required ? ` required aria-required="true"` : "");
  const control =
    spec.type === "textarea"
      ? `<textarea ${common} rows="3">${esc(value)}</textarea>`
      : spec.type === "number"
        ? `<input ${common} type="number" min="1" step="1" inputmode="numeric" value="${esc(value)}">`
        : `<input ${common} type="${spec.type}" value="${esc(value)}">`;
  return `<label for="${id}">${esc(t(spec.label))}</label>${control}<p class="field-error" id="${id}-error"></p>`;
}

/** The dialog as markup: the form first; the confirmation takes its place once sent. */
export function quoteDialogMarkup(t: Translate, values: Partial<QuoteValues> = {}): string {
  const fields = QUOTE_FIELDS.map((name) => fieldMarkup(t, name, values[name] ?? "")).join("");
  return (
    `<div class="overlay quote" role="dialog" aria-modal="true" aria-labelledby="quote-title" hidden>` +
    `<header><h2 id="quote-title">${esc(t("quoteTitle"))}</h2>` +
    `<button type="button" data-action="quote-close">${esc(t("backToEditor"))}</button></header>` +
    `<div class="quote-body">` +
    `<form class="quote-form" novalidate aria-describedby="quote-intro">` +
    `<p class="hint" id="quote-intro">${esc(t("quoteIntro"))}</p>` +
    `<p class="quote-summary" role="alert"></p>` +
    fields +
    `<div class="quote-actions"><p class="quote-progress" role="status"></p>` +
    `<button type="submit" class="primary">${esc(t("quoteSend"))}</button></div>` +
    `</form>` +
    `<div class="quote-sent" role="status" tabindex="-1" hidden></div>` +
    `</div></div>`
  );
}

/** The slips worth catching before a round trip: no name, no usable e-mail, no quantity. */
export function checkValues(t: Translate, values: QuoteValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.name.trim()) errors.name = t("quoteNameMissing");
  if (!EMAIL.test(values.email.trim())) errors.email = t("quoteEmailInvalid");
  const quantity = values.quantity.trim();
  if (!/^\d+$/.test(quantity) || Number(quantity) < 1) errors.quantity = t("quoteQuantityInvalid");
  return errors;
}

/** The POST /v1/quotes body; optional fields left empty are left out rather than sent blank. */
export function quoteRequestOf(values: QuoteValues, design: string, locale: Locale): QuoteRequest {
  const contact: QuoteRequest["contact"] = { name: values.name.trim(), email: values.email.trim() };
  const company = values.company.trim();
  const phone = values.phone.trim();
  if (company) contact.company = company;
  if (phone) contact.phone = phone;
  const request: QuoteRequest = { design, quantity: Number(values.quantity.trim()), locale, contact };
  const message = values.message.trim();
  if (message) request.message = message;
  return request;
}

function fieldAt(path: string | undefined): QuoteField | null {
  if (!path) return null;
  // "/contact/email", and "contact.email" from a validator that spells paths with dots.
  const pointer = "/" + path.replace(/^\//, "").replace(/\./g, "/");
  return QUOTE_FIELDS.find((name) => SPECS[name].path === pointer) ?? null;
}

/** The envelope's errors sorted out: those about a field of the form, and the rest. */
export function errorsByField(errors: { path?: string; message: string }[]): {
  fields: FieldErrors;
  other: string[];
} {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const error of errors) {
    const name = fieldAt(error.path);
    if (name) fields[name] = fields[name] ? `${fields[name]} ${error.message}` : error.message;
    else other.push(error.message);
  }
  return { fields, other };
}

/**
 * An amount in minor units as the buyer reads money: "1 234,00 €", "€1,234.00".
 * Formatted from a decimal string, so no float ever holds the amount.
 */
export function money(amount: number, currency: string, locale: Locale): string {
  const format = new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const units = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, "0");
  const whole = digits ? units.slice(0, -digits) : units;
  const decimal = `${amount < 0 ? "-" : ""}${whole}${digits ? "." + units.slice(-digits) : ""}`;
  // Intl formats decimal strings exactly (ES2023); older engines read it as a number, which is
  // still exact for any price a quote holds.
  return format.format(decimal as unknown as number);
}

/** A quote's validity date ("2026-12-23") as the buyer says it; a date has no time zone. */
export function validityDate(date: string, locale: Locale): string {
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(parsed);
}

/** "Quote D-2026-0001 sent to …, valid until 23 December 2026." */
export function sentText(t: Translate, quote: RequestedQuote, locale: Locale): string {
  return t("quoteSent", {
    number: quote.number,
    email: quote.contact.email,
    date: validityDate(quote.valid_until, locale),
  });
}

export function totalText(t: Translate, quote: RequestedQuote, locale: Locale): string {
  const amount = money(quote.total, quote.currency, locale);
  return t(quote.tax_included ? "quoteTotalIncl" : "quoteTotalExcl", { amount });
}

/** The dialog in the editor's shadow root: opened beside the price, closed back to its button. */
export class QuoteDialog {
  private readonly form: HTMLFormElement;
  private readonly sent: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly submitButton: HTMLButtonElement;
  private opener: HTMLElement | null = null;

  constructor(
    readonly overlay: HTMLElement,
    private readonly t: Translate,
    private readonly locale: Locale,
    onSubmit: (values: QuoteValues) => void,
  ) {
    const q = <T extends HTMLElement>(selector: string) => overlay.querySelector(selector) as T;
    this.form = q("form");
    this.sent = q(".quote-sent");
    this.summary = q(".quote-summary");
    this.progress = q(".quote-progress");
    this.submitButton = q("button[type=submit]");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault(); // the page's own forms must never see this one
      if (!this.busy) onSubmit(this.values());
    });
    // A corrected field stops saying it is wrong as soon as it is changed.
    this.form.addEventListener("input", (event) => {
      const control = event.target as HTMLElement;
      const name = control.getAttribute("name") as QuoteField;
      if (control.getAttribute("aria-invalid") === "true") this.markField(name, "");
    });
  }

  get isOpen(): boolean {
    return !this.overlay.hidden;
  }

  get busy(): boolean {
    return this.form.getAttribute("aria-busy") === "true";
  }

  /** Opens on the form, the quantity the editor prices, the contact kept from a previous request. */
  open(quantity: number, opener: HTMLElement): void {
    this.opener = opener;
    this.control("quantity").value = String(quantity);
    this.showErrors({}, null);
    this.progress.textContent = "";
    this.form.hidden = false;
    this.sent.hidden = true;
    this.overlay.hidden = false;
    this.control("name").focus();
  }

  close(): void {
    this.overlay.hidden = true;
    this.opener?.focus();
  }

  setBusy(busy: boolean): void {
    this.form.setAttribute("aria-busy", String(busy));
    this.submitButton.disabled = busy;
    this.progress.textContent = busy ? this.t("quoteSending") : "";
  }

  /** Each field's error under it and on it (aria-invalid), a summary above; focus to the first. */
  showErrors(fields: FieldErrors, general: string | null): void {
    for (const name of QUOTE_FIELDS) this.markField(name, fields[name] ?? "");
    const first = QUOTE_FIELDS.find((name) => fields[name]);
    this.summary.textContent = general ?? (first ? this.t("quoteCheck") : "");
    if (first) this.control(first).focus();
  }

  showSent(quote: RequestedQuote): void {
    this.sent.innerHTML =
      `<p><strong>${esc(sentText(this.t, quote, this.locale))}</strong></p>` +
      `<p>${esc(totalText(this.t, quote, this.locale))}</p>` +
      `<p>${esc(this.t("quoteNext"))}</p>` +
      `<div class="quote-actions"><button type="button" class="primary" data-action="quote-close">` +
      `${esc(this.t("backToEditor"))}</button></div>`;
    this.form.hidden = true;
    this.sent.hidden = false;
    // Focus on the confirmation itself, so a screen reader reads it; Tab goes on to its button.
    this.sent.focus();
  }

  private values(): QuoteValues {
    const values = {} as QuoteValues;
    for (const name of QUOTE_FIELDS) values[name] = this.control(name).value;
    return values;
  }

  private control(name: QuoteField): HTMLInputElement | HTMLTextAreaElement {
    return this.form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement;
  }

  private markField(name: QuoteField, message: string): void {
    const control = this.control(name);
    if (message) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    (this.form.querySelector(`#quote-${name}-error`) as HTMLElement).textContent = message;
  }
}
