/**
 * The loader merchants embed: it reads its script tag's data-* attributes, puts a "Personalise"
 * button in place, and fetches the editor only when the shopper first reaches for it.
 * Its only global is window.Monogram; loading it twice does nothing the second time.
 */

import { pickLocale } from "./i18n";

declare const __MONOGRAM_EDITOR__: string;

const LOADER_FILE = "monogram.js";
const EDITOR_TAG = "monogram-editor";
const HOST_TAG = "monogram-personalise";
const EDITOR_TIMEOUT_MS = 20000;

export interface EditorConfig {
  key: string;
  product: string;
  api: string;
  locale: "en" | "fr";
  form: HTMLFormElement | null;
  design: string | null;
  token: string | null;
  fieldDesign: string;
  fieldToken: string;
  analytics: string | null;
  /** The shop's signed reference to the signed-in customer (data-customer), for their library. */
  customer: string | null;
  /** Where the shop answers {customer} for the signed-in customer (Shopify's app proxy). */
  customerUrl: string | null;
  /** "template": a merchant authors the template named below (the console), else a shopper. */
  mode: "shopper" | "template";
  /** The template to author, or for a shopper the one to start from instead of the gallery. */
  template: string | null;
  /** The editing token from POST /v1/templates/{id}/editing-token, in template mode. */
  templateToken: string | null;
  host: HTMLElement;
}

interface Namespace {
  version: string;
  open(): Promise<void>;
}

type EditorElement = HTMLElement & { config?: EditorConfig; open?: () => void };

const LABELS = {
  en: { open: "Personalise", loading: "Loading…", failed: "The editor could not be loaded." },
  fr: { open: "Personnaliser", loading: "Chargement…", failed: "L’éditeur n’a pas pu être chargé." },
};

const STYLE = `
:host{all:initial!important;display:inline-block!important;contain:content}
button{all:initial;display:inline-flex;align-items:center;gap:.5em;box-sizing:border-box;
min-height:44px;padding:.7em 1.4em;border-radius:6px;background:#1d3a5f;color:#fff;cursor:pointer;
font:600 16px/1.2 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;letter-spacing:.01em}
button:hover{background:#16304f}
button:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
button[aria-busy=true]{opacity:.8;cursor:progress}
p{all:initial;display:block;margin-top:.4em;color:#a4262c;font:14px/1.3 system-ui,sans-serif}
p:empty{display:none}
`;

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // Injected late (tag managers), currentScript is gone: find the tag by its file name.
  const scripts = document.querySelectorAll<HTMLScriptElement>(`script[src*="/${LOADER_FILE}"]`);
  return scripts[scripts.length - 1] ?? null;
}

function formFor(script: HTMLScriptElement, selector: string | undefined): HTMLFormElement | null {
  if (selector) return document.querySelector<HTMLFormElement>(selector);
  // Prefer an add-to-cart form with a submit button: themes such as Dawn put a cart drawer form
  // (action="/cart") earlier in the page.
  return (
    script.closest("form") ??
    document.querySelector<HTMLFormElement>('form[action*="/cart/add"]:has([type="submit"])') ??
    document.querySelector<HTMLFormElement>('form[action*="cart/add"]') ??
    document.querySelector<HTMLFormElement>('form[action*="cart"]')
  );
}

function mount(script: HTMLScriptElement): void {
  const data = script.dataset;
  const locale = pickLocale(data.locale, document.documentElement.lang);
  const labels = LABELS[locale];
  const base = new URL(".", script.src || location.href).href;
  const host = document.createElement(HOST_TAG);
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>${STYLE}</style><button type="button" part="button"></button><p role="status"></p>`;
  const button = root.querySelector("button") as HTMLButtonElement;
  const status = root.querySelector("p") as HTMLParagraphElement;
  button.textContent = labels.open;
  if (!data.key || !data.product) {
    console.error("[monogram] the script tag needs data-key and data-product");
  }

  let editor: EditorElement | null = null;
  let loading: Promise<void> | null = null;

  const loadEditor = (): Promise<void> => {
    if (!loading) {
      loading = new Promise<void>((resolve, reject) => {
        if (customElements.get(EDITOR_TAG)) return resolve();
        const tag = document.createElement("script");
        tag.src = new URL(__MONOGRAM_EDITOR__, base).href;
        tag.async = true;
        tag.onerror = () => reject(new Error(`[monogram] could not load ${tag.src}`));
        document.head.appendChild(tag);
        const timer = setTimeout(() => reject(new Error("[monogram] editor load timed out")), EDITOR_TIMEOUT_MS);
        customElements.whenDefined(EDITOR_TAG).then(() => {
          clearTimeout(timer);
          resolve();
        });
      }).catch((error) => {
        loading = null; // a later click tries again
        throw error;
      });
    }
    return loading;
  };

  const open = async (): Promise<void> => {
    if (editor) {
      editor.open?.();
      return;
    }
    button.setAttribute("aria-busy", "true");
    button.textContent = labels.loading;
    status.textContent = "";
    try {
      await loadEditor();
      editor = document.createElement(EDITOR_TAG) as EditorElement;
      editor.config = {
        key: data.key || "",
        product: data.product || "",
        api: data.api || new URL(script.src || location.href).origin,
        locale,
        form: formFor(script, data.form),
        design: data.design || null,
        token: data.token || null,
        fieldDesign: data.fieldDesign || "properties[_monogram_design]",
        fieldToken: data.fieldToken || "properties[_monogram_token]",
        analytics: data.analytics || null,
        // Read at the click: a connector may set it after the page loaded (Magento's private content).
        customer: data.customer || null,
        customerUrl: data.customerUrl || null,
        mode: data.mode === "template" ? "template" : "shopper",
        template: data.template || null,
        templateToken: data.templateToken || null,
        host,
      };
      editor.addEventListener("monogram-close", () => button.focus());
      document.body.appendChild(editor);
    } catch (error) {
      console.error(error);
      status.textContent = labels.failed;
    } finally {
      button.removeAttribute("aria-busy");
      button.textContent = labels.open;
    }
  };

  // Fetching starts as soon as the shopper reaches for the button; opening waits for the click.
  const warm = () => void loadEditor().catch(() => undefined);
  button.addEventListener("pointerdown", warm, { once: true });
  button.addEventListener("click", () => void open());

  const place = () => {
    if (script.parentElement && script.parentElement !== document.head) script.after(host);
    else (formFor(script, data.form) ?? document.body).appendChild(host);
  };
  if (document.body || script.parentElement !== document.head) place();
  else document.addEventListener("DOMContentLoaded", place, { once: true });

  // Merge: a theme or connector script may have put helpers on the namespace first.
  const w = window as unknown as { Monogram?: Partial<Namespace> };
  w.Monogram = Object.assign(w.Monogram ?? {}, { version: "1", open });
}

((): void => {
  const w = window as unknown as { Monogram?: Partial<Namespace> };
  if (w.Monogram?.version) return; // loaded twice: the first one already mounted
  const script = findScript();
  if (!script) {
    console.error("[monogram] could not find the loader's script tag");
    return;
  }
  mount(script);
})();
