/**
 * The clipart picker: the merchant's clipart for this product, searched by name and tags and
 * filtered by category; the picked piece goes on the design as a vector (or image) object.
 */

import type { Asset, Clipart, ClipartQuery } from "../api";
import type { MessageKey, Translate } from "../i18n";
import { esc } from "./stage";

/** What the picker needs from the API: the list, and a picture it can show (keys stay in headers). */
export interface ClipartSource {
  clipart(query: ClipartQuery): Promise<Clipart[]>;
  assetImage(asset: Asset): Promise<Blob>;
}

const SEARCH_DELAY_MS = 250;

// The starter library's categories; a merchant's own are shown as they named them.
const CATEGORY_NAMES: Record<string, MessageKey> = {
  pictograms: "clipartPictograms",
  labels: "clipartLabels",
  seasonal: "clipartSeasonal",
};

export const CLIPART_STYLES = `
.clipart-body{display:flex;flex-direction:column;gap:10px;flex:1 1 auto;min-height:0;padding:10px 16px 16px;background:#f3f4f6}
.clipart-search{max-width:420px}
.clipart-categories{display:flex;flex-wrap:wrap;gap:6px}
.clipart-status{display:block;margin:0;font:14px/1.4 system-ui,sans-serif;color:#4a5463}
.clipart-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(104px,1fr));gap:8px;list-style:none;margin:0;padding:0;overflow:auto}
.clipart-grid li{display:block}
.clipart-grid button{display:flex;flex-direction:column;width:100%;min-height:0;height:100%;padding:8px;gap:6px;background:#fff}
.clipart-grid img{display:block;width:64px;height:64px;object-fit:contain}
.clipart-grid span{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;white-space:normal;max-width:100%;font:13px/1.3 system-ui,sans-serif;color:#1c2430;overflow:hidden;text-align:center}
@media (max-width:639px){.clipart-body{padding:8px}.clipart-grid{grid-template-columns:repeat(auto-fill,minmax(84px,1fr))}.clipart-grid button{padding:6px 4px}.clipart-grid img{width:52px;height:52px}}
`;

export function clipartDialogMarkup(t: Translate): string {
  return (
    `<div class="overlay clipart" role="dialog" aria-modal="true" aria-labelledby="clipart-title" hidden>` +
    `<header><h2 id="clipart-title">${esc(t("clipartTitle"))}</h2>` +
    `<button type="button" data-clipart-close>${esc(t("backToEditor"))}</button></header>` +
    `<div class="clipart-body">` +
    `<input class="clipart-search" type="search" aria-label="${esc(t("clipartSearch"))}" placeholder="${esc(t("clipartSearch"))}" autocomplete="off">` +
    `<div class="clipart-categories" role="group" aria-label="${esc(t("clipartCategories"))}"></div>` +
    `<p class="clipart-status" role="status" aria-live="polite"></p>` +
    `<ul class="clipart-grid"></ul></div></div>`
  );
}

/** The categories of a list, in the order their collections come. */
export function categoriesOf(items: Clipart[]): string[] {
  return [...new Set(items.map((item) => item.category).filter(Boolean))];
}

export function categoryLabel(t: Translate, category: string): string {
  const key = CATEGORY_NAMES[category];
  return key ? t(key) : category;
}

export function categoriesMarkup(t: Translate, categories: string[], chosen: string): string {
  const chip = (value: string, label: string) =>
    `<button type="button" data-category="${esc(value)}" aria-pressed="${value === chosen}">${esc(label)}</button>`;
  return chip("", t("clipartAll")) + categories.map((c) => chip(c, categoryLabel(t, c))).join("");
}

/** The grid; pictures are filled in afterwards from [data-asset]. */
export function clipartMarkup(items: Clipart[]): string {
  return items
    .map(
      (item) =>
        `<li><button type="button" data-clipart="${esc(item.id)}" title="${esc(item.name)}">` +
        `<img alt="" data-asset="${esc(item.asset.id)}"><span>${esc(item.name)}</span></button></li>`,
    )
    .join("");
}

/** How big a piece is drawn, for its proportions: its print size, else its pixels. */
export function clipartSize(item: Clipart): { width: number; height: number } {
  const { width_mm, height_mm, width_px, height_px } = item.asset;
  if (width_mm && height_mm) return { width: width_mm, height: height_mm };
  if (width_px && height_px) return { width: width_px, height: height_px };
  return { width: 1, height: 1 };
}

export class ClipartPicker {
  private readonly search: HTMLInputElement;
  private readonly categories: HTMLElement;
  private readonly status: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly urls = new Map<string, string>();
  private items: Clipart[] = [];
  private category = "";
  private loaded = false;
  private timer = 0;
  private asked = 0;
  private opener: HTMLElement | null = null;

  constructor(
    readonly overlay: HTMLElement,
    private readonly source: ClipartSource,
    private readonly t: Translate,
    private readonly product: () => string,
    onPick: (item: Clipart) => void,
  ) {
    const q = <T extends HTMLElement>(selector: string) => overlay.querySelector(selector) as T;
    this.search = q(".clipart-search");
    this.categories = q(".clipart-categories");
    this.status = q(".clipart-status");
    this.grid = q(".clipart-grid");
    overlay.addEventListener("click", (event) => {
      const target = (event.target as Element).closest?.("button");
      if (!target) return;
      if (target.hasAttribute("data-clipart-close")) this.close();
      else if (target.dataset.category !== undefined) this.choose(target.dataset.category);
      else if (target.dataset.clipart) {
        const item = this.items.find((i) => i.id === target.dataset.clipart);
        if (item) {
          this.close();
          onPick(item);
        }
      }
    });
    this.search.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.load(), SEARCH_DELAY_MS);
    });
    // The editor's shortcuts (undo, Escape closing the editor) must not act behind the dialog.
    overlay.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Escape") this.close();
      else if (event.key === "Tab") this.keepFocusInside(event);
    });
  }

  get isOpen(): boolean {
    return !this.overlay.hidden;
  }

  open(opener: HTMLElement): void {
    this.opener = opener;
    this.overlay.hidden = false;
    this.search.focus();
    if (!this.loaded) void this.load();
  }

  close(): void {
    this.overlay.hidden = true;
    this.opener?.focus();
  }

  private choose(category: string): void {
    this.category = category;
    for (const chip of Array.from(this.categories.querySelectorAll("button"))) {
      chip.setAttribute("aria-pressed", String(chip.dataset.category === category));
    }
    void this.load();
  }

  /** Asks the server (it searches names and tags); only the latest answer is shown. */
  private async load(): Promise<void> {
    const asked = ++this.asked;
    const q = this.search.value.trim();
    this.status.textContent = this.t("clipartLoading");
    try {
      const items = await this.source.clipart({ product: this.product(), q, category: this.category });
      if (asked !== this.asked) return;
      if (!this.loaded) {
        // Categories come from the whole offer, so a search never hides one.
        this.categories.innerHTML = categoriesMarkup(this.t, categoriesOf(items), this.category);
        this.loaded = true;
      }
      this.items = items;
      this.grid.innerHTML = clipartMarkup(items);
      this.status.textContent = items.length
        ? this.t("clipartFound", { count: items.length })
        : this.t(q || this.category ? "clipartNone" : "clipartEmpty");
      this.showPictures();
    } catch (error) {
      if (asked !== this.asked) return;
      this.status.textContent = this.t("clipartFailed", { message: (error as Error).message });
    }
  }

  private showPictures(): void {
    for (const img of Array.from(this.grid.querySelectorAll<HTMLImageElement>("img[data-asset]"))) {
      const id = img.dataset.asset as string;
      const known = this.urls.get(id);
      if (known) {
        img.src = known;
        continue;
      }
      const item = this.items.find((i) => i.asset.id === id) as Clipart;
      this.source
        .assetImage(item.asset)
        .then((blob) => {
          const url = this.urls.get(id) ?? URL.createObjectURL(blob);
          this.urls.set(id, url);
          img.src = url;
        })
        .catch((error) => console.error(`[monogram] clipart ${id} could not be shown`, error));
    }
  }

  private keepFocusInside(event: KeyboardEvent): void {
    const focusable = Array.from(this.overlay.querySelectorAll<HTMLElement>("button,input"));
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = (this.overlay.getRootNode() as ShadowRoot).activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
