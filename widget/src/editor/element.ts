/**
 * <monogram-editor>: the shopper's editor in an open shadow root. Its state is one design
 * document with an undo history; the stage and panels are redrawn from it.
 */

import { Api, ApiError, type Asset, type Check, type Library, type SavedDesign } from "../api";
import { emitter, type Emitter } from "../events";
import { pickLocale, translator, type Locale, type MessageKey, type Translate } from "../i18n";
import type { EditorConfig } from "../loader";
import { sameColor } from "../model/color";
import {
  addObject,
  documentToSave,
  duplicateObject,
  emptyDocument,
  findObject,
  isLocked,
  isMissingRequired,
  limitText,
  moveInLayers,
  newObjectId,
  removeObject,
  surfaceOf,
  updateObject,
  withAllAreas,
} from "../model/document";
import type { Guide, Viewport } from "../model/geometry";
import { History } from "../model/history";
import { dpiLevel, effectiveDpi, shownDpi } from "../model/images";
import type {
  Align,
  DesignDocument,
  DesignObject,
  Fit,
  ImageFit,
  ImageObject,
  PrintArea,
  Product,
  TextObject,
} from "../model/types";
import { proofPixels } from "../model/proofcolor";
import { charCount } from "../model/units";
import { FontBook } from "./fonts";
import { attachStage } from "./interactions";
import { libraryMarkup } from "./library";
import { renderPanel, type PanelHost } from "./panel";
import {
  checkValues,
  errorsByField,
  money,
  QUOTE_STYLES,
  QuoteDialog,
  quoteDialogMarkup,
  quoteRequestOf,
  sentText,
  type QuoteValues,
} from "./quote";
import { esc, stageMarkup, viewBox, type Badge, type Picture } from "./stage";
import { STYLES } from "./styles";

/** Photos are shown from a copy at most this many pixels on the long edge; the original is uploaded. */
const DISPLAY_EDGE = 1600;
const QUOTE_DELAY_MS = 400;
const MIN_ZOOM = 0.5;
const MAX_ZOOM = 6;
const DEFAULT_TEXT_SIZE = 14; // pt

interface Saved {
  id: string;
  token: string;
  etag: string;
}

export class MonogramEditor extends HTMLElement {
  config: EditorConfig | null = null;
  private readonly root: ShadowRoot;
  private t: Translate = translator("en");
  private locale: Locale = "en";
  private api!: Api;
  private emit: Emitter = () => undefined;
  private product: Product | null = null;
  private history: History<DesignDocument> | null = null;
  private areaId = "";
  private selectedId: string | null = null;
  private fonts!: FontBook;
  private readonly pictures = new Map<string, Picture>();
  private saved: Saved | null = null;
  private savedDoc: DesignDocument | null = null;
  private checks: Check[] = [];
  private snapGuides: Guide[] = [];
  private zoom = 1;
  private showGuides = true;
  private edited = false;
  private addedToCart = false;
  private abandoned = false;
  private quoteSupported = true;
  private quoteTimer = 0;
  private pending = false;
  private started = false;
  private busy = false;
  private panelKey = "";
  private thumbnails: string[] = [];
  private quoteDialog!: QuoteDialog;
  private readonly el: Record<string, HTMLElement> = {};

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
  }

  /** Whether bleed, trim and safe guides, the selection and badges are drawn (off for screenshots). */
  get guides(): boolean {
    return this.showGuides;
  }

  set guides(value: boolean) {
    this.showGuides = Boolean(value);
    this.draw();
  }

  /** The design document as it stands. */
  get document(): DesignDocument | null {
    return this.history?.present ?? null;
  }

  private resolveReady: () => void = () => undefined;
  /** Settles once the product, its fonts and the design's pictures are loaded and drawn. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.resolveReady = resolve));

  connectedCallback(): void {
    if (this.started || !this.config) return;
    this.started = true;
    const config = this.config;
    this.locale = pickLocale(config.locale, document.documentElement.lang);
    this.t = translator(this.locale);
    this.api = new Api(config.api, config.key);
    this.api.customer = config.customer;
    this.emit = emitter(config.host ?? this, config.analytics);
    this.build();
    this.open();
    window.addEventListener("pagehide", () => this.abandon());
    void this.start();
  }

  open(): void {
    this.hidden = false;
    this.emit("opened", { product: this.config?.product });
    requestAnimationFrame(() => (this.el.close as HTMLButtonElement).focus());
  }

  close(): void {
    this.hidden = true;
    this.abandon();
    this.dispatchEvent(new CustomEvent("monogram-close"));
  }

  /** Leaving with edits that never reached the cart is the step merchants most want to see. */
  private abandon(): void {
    if (this.edited && !this.addedToCart && !this.abandoned) {
      this.abandoned = true;
      this.emit("abandoned", { design: this.saved?.id ?? null });
    }
  }

  // Building ------------------------------------------------------------------------------

  private build(): void {
    const t = this.t;
    // Disabled until the product is loaded, so an early click waits instead of doing nothing.
    const button = (name: string, label: MessageKey, extra = "") =>
      `<button type="button" data-action="${name}" ${extra}${name === "close" ? "" : " disabled"}>${esc(t(label))}</button>`;
    this.root.innerHTML =
      `<style>${STYLES}${QUOTE_STYLES}</style>` +
      `<div class="backdrop"><div class="panel" role="dialog" aria-modal="true" aria-labelledby="title">` +
      `<header><h2 id="title">${esc(t("editor"))}</h2>` +
      `<button type="button" data-action="library" hidden>${esc(t("myDesigns"))}</button>${button("close", "close")}</header>` +
      `<div class="toolbar" role="toolbar" aria-label="${esc(t("editor"))}">` +
      button("add-text", "addText") +
      button("upload", "uploadImage") +
      `<input type="file" accept="image/*,.svg" hidden tabindex="-1" aria-hidden="true">` +
      button("undo", "undo") +
      button("redo", "redo") +
      button("duplicate", "duplicate") +
      button("delete", "delete") +
      button("forward", "forward") +
      button("backward", "backward") +
      `</div>` +
      `<div class="body"><div class="main">` +
      `<div class="tabs-row"><div role="tablist" aria-label="${esc(t("areas"))}"></div>` +
      `<div class="zoom">${button("zoom-out", "zoomOut")}${button("zoom-in", "zoomIn")}</div></div>` +
      `<div class="stage-wrap"><svg part="stage" class="stage" tabindex="0" role="application" aria-roledescription="canvas" xmlns="http://www.w3.org/2000/svg"></svg></div>` +
      `<progress class="progress" max="1" value="0" hidden></progress>` +
      `</div><div class="side"></div></div>` +
      `<footer><p part="status" role="status" aria-live="polite"></p><div class="price" id="price" hidden></div>` +
      // Offered only beside a price: a quote is that price, numbered and held for the buyer.
      `<button type="button" data-action="quote" aria-describedby="price" hidden>${esc(t("requestQuote"))}</button>` +
      button("preview", "preview") +
      button("save", "save") +
      button("cart", "addToCart", 'class="primary"') +
      `</footer>` +
      `<div class="overlay" role="dialog" aria-labelledby="preview-title" hidden>` +
      `<header><h2 id="preview-title">${esc(t("previewTitle"))}</h2><button type="button" data-action="preview-close">${esc(t("backToEditor"))}</button></header>` +
      `<div class="view"></div></div>` +
      `<div class="overlay library" role="dialog" aria-labelledby="library-title" hidden>` +
      `<header><h2 id="library-title">${esc(t("libraryTitle"))}</h2><button type="button" data-action="library-close">${esc(t("backToEditor"))}</button></header>` +
      `<div class="library-body"></div></div>` +
      quoteDialogMarkup(t) +
      `</div></div>`;
    this.fonts = new FontBook(this.root);
    const q = <T extends HTMLElement>(selector: string) => this.root.querySelector(selector) as T;
    this.el.close = q("[data-action=close]");
    this.el.tabs = q("[role=tablist]");
    this.el.wrap = q(".stage-wrap");
    this.el.stage = q("[part=stage]");
    this.el.side = q(".side");
    this.el.status = q("[part=status]");
    this.el.price = q(".price");
    this.el.file = q("input[type=file]");
    this.el.progress = q("progress");
    this.el.overlay = q(".overlay");
    this.el.view = q(".overlay .view");
    this.el.libraryButton = q("[data-action=library]");
    this.el.library = q(".library");
    this.el.libraryBody = q(".library-body");
    this.el.quoteButton = q("[data-action=quote]");
    this.quoteDialog = new QuoteDialog(q(".quote"), t, this.locale, (values) => void this.requestQuote(values));
    this.el.libraryBody.addEventListener("click", (event) => {
      const target = (event.target as Element).closest?.("button");
      const data = target?.dataset ?? {};
      if (data.open) void this.openSaved(data.open, data.name ?? "");
      else if (data.reorder) void this.reorder(data.reorder, data.line ?? null, data.order ?? "", data.name ?? "");
    });

    this.root.addEventListener("click", (event) => {
      const target = (event.target as Element).closest?.("[data-action]");
      if (target) void this.action(target.getAttribute("data-action") as string);
    });
    this.root.addEventListener("keydown", (event) => this.shortcut(event as KeyboardEvent));
    this.el.file.addEventListener("change", () => {
      const input = this.el.file as HTMLInputElement;
      const files = Array.from(input.files ?? []);
      input.value = "";
      for (const file of files) void this.upload(file);
    });
    attachStage(this.stageHost());
    new ResizeObserver(() => this.draw()).observe(this.el.wrap);
  }

  private async start(): Promise<void> {
    const config = this.config as EditorConfig;
    void this.findCustomer();
    try {
      const product = await this.api.product(config.product);
      this.product = product;
      this.areaId = product.areas[0]?.id ?? "";
      let doc = emptyDocument(product);
      if (config.design && config.token) {
        const design = await this.api.design(config.design, config.token);
        doc = withAllAreas(design.document, product);
        this.saved = { id: design.id || config.design, token: config.token, etag: design.etag };
        this.setStatus("reopened");
      }
      this.history = new History(doc);
      if (this.saved) {
        this.savedDoc = doc;
        void this.refreshChecks();
      }
      this.renderTabs();
      this.draw();
      await Promise.all([
        this.loadPictures(doc),
        this.fonts.load(this.api, product.fonts, () => this.redrawAll()),
      ]);
      this.redrawAll();
      this.scheduleQuote();
    } catch (error) {
      this.setStatus("loadError", { message: messageOf(error) });
    }
    // Screenshots and tests wait for this: fonts and pictures are in, the drawing is final.
    requestAnimationFrame(() => {
      this.setAttribute("data-ready", "");
      this.resolveReady();
    });
  }

  private redrawAll(): void {
    this.panelKey = "";
    this.draw();
  }

  // State --------------------------------------------------------------------------------

  private get doc(): DesignDocument {
    return (this.history as History<DesignDocument>).present;
  }

  private area(): PrintArea {
    const product = this.product as Product;
    return product.areas.find((a) => a.id === this.areaId) ?? product.areas[0];
  }

  private objects(): DesignObject[] {
    return surfaceOf(this.doc, this.areaId)?.objects ?? [];
  }

  private selectedObject(): DesignObject | null {
    if (!this.selectedId || !this.history) return null;
    return findObject(this.doc, this.selectedId)?.object ?? null;
  }

  /** Records an edit; edits with the same key (one drag, one typing run) are one undo step. */
  private change(next: DesignDocument, key: string | null = null): void {
    if (!this.history || next === this.doc) return;
    const now = key && !key.startsWith("gesture:") ? performance.now() : 0;
    this.history.commit(next, key, now);
    this.abandoned = false;
    if (!this.edited) {
      this.edited = true;
      this.emit("first-edit", { product: this.product?.id });
    }
    this.scheduleQuote();
    this.draw();
  }

  private update(id: string, patch: Partial<DesignObject>, key: string | null = null): void {
    this.change(updateObject(this.doc, id, patch), key);
  }

  private select(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.history?.seal();
    this.draw();
  }

  private get dirty(): boolean {
    return !this.saved || this.doc !== this.savedDoc;
  }

  // Drawing ------------------------------------------------------------------------------

  /** Repaints once after the current task: several changes in one event draw once. */
  private draw(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.paint();
    });
  }

  private paint(): void {
    if (!this.product || !this.history) return;
    const area = this.area();
    const svg = this.el.stage as unknown as SVGSVGElement;
    const [x, y, w, h] = viewBox(area);
    const wrap = this.el.wrap;
    const fit = Math.max(
      0.5,
      Math.min((wrap.clientWidth - 24) / w, (wrap.clientHeight - 24) / h),
    );
    const scale = fit * this.zoom;
    svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
    svg.setAttribute("width", String(Math.round(w * scale)));
    svg.setAttribute("height", String(Math.round(h * scale)));
    svg.setAttribute("aria-label", area.name);
    if (this.selectedId && !this.objects().some((o) => o.id === this.selectedId)) this.selectedId = null;
    svg.innerHTML = stageMarkup({
      area,
      objects: this.objects(),
      measurer: this.fonts,
      pictures: this.pictures,
      badges: this.badges(area),
      warnings: this.warningsByObject(),
      selected: this.selectedId,
      guides: this.showGuides,
      snapGuides: this.snapGuides,
      proofColours: area.color_mode === "cmyk",
      scale,
      labels: { dpi: "dpi" },
    });
    this.paintToolbar();
    this.paintPanel();
  }

  private badges(area: PrintArea): Map<string, Badge> {
    const badges = new Map<string, Badge>();
    for (const obj of this.objects()) {
      if (obj.type !== "image") continue;
      const picture = this.pictures.get(obj.asset);
      if (!picture) continue;
      const minimum = obj.min_dpi || area.min_dpi;
      const lowest = Math.min(...effectiveDpi(obj, picture.width, picture.height));
      badges.set(obj.id, { level: dpiLevel(lowest, minimum), dpi: shownDpi(lowest, minimum) });
    }
    return badges;
  }

  private warningsByObject(): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const check of this.checks) {
      if (!check.object || check.area !== this.areaId) continue;
      map.set(check.object, [...(map.get(check.object) ?? []), check.message]);
    }
    return map;
  }

  private paintToolbar(): void {
    const obj = this.selectedObject();
    const set = (action: string, enabled: boolean) => {
      const b = this.root.querySelector(`[data-action="${action}"]`) as HTMLButtonElement | null;
      if (b) b.disabled = !enabled;
    };
    for (const always of ["add-text", "upload", "save", "preview", "cart"]) set(always, true);
    const history = this.history as History<DesignDocument>;
    set("undo", history.canUndo);
    set("redo", history.canRedo);
    set("duplicate", Boolean(obj));
    set("delete", Boolean(obj) && !isLocked(obj as DesignObject, "delete"));
    const objects = this.objects();
    const index = obj ? objects.findIndex((o) => o.id === obj.id) : -1;
    set("forward", index >= 0 && index < objects.length - 1);
    set("backward", index > 0);
    set("zoom-in", this.zoom < MAX_ZOOM);
    set("zoom-out", this.zoom > MIN_ZOOM);
  }

  private renderTabs(): void {
    const product = this.product as Product;
    this.el.tabs.innerHTML = product.areas
      .map(
        (area) =>
          `<button type="button" role="tab" data-area="${esc(area.id)}" aria-selected="${area.id === this.areaId}" tabindex="${area.id === this.areaId ? 0 : -1}">${esc(area.name)}</button>`,
      )
      .join("");
    this.el.tabs.onclick = (event) => {
      const tab = (event.target as Element).closest("[data-area]");
      if (tab) this.showArea(tab.getAttribute("data-area") as string);
    };
    this.el.tabs.onkeydown = (event) => {
      const ids = product.areas.map((a) => a.id);
      const at = ids.indexOf(this.areaId);
      const next =
        event.key === "ArrowRight" ? ids[(at + 1) % ids.length]
        : event.key === "ArrowLeft" ? ids[(at - 1 + ids.length) % ids.length]
        : null;
      if (!next) return;
      event.preventDefault();
      this.showArea(next);
      (this.el.tabs.querySelector(`[data-area="${next}"]`) as HTMLElement).focus();
    };
  }

  private showArea(id: string): void {
    if (id === this.areaId) return;
    this.areaId = id;
    this.selectedId = null;
    this.renderTabs();
    this.draw();
  }

  private paintPanel(): void {
    const obj = this.selectedObject();
    const key = [
      this.areaId,
      obj?.id ?? "",
      obj?.type ?? "",
      JSON.stringify(obj?.lock ?? null),
      obj?.type === "text" ? `${obj.curve ? 1 : 0}${obj.fit}` : "",
      this.objects().map((o) => o.id).join(","),
      // Not the print checks: they arrive while the shopper types, and sync() redraws them.
    ].join("|");
    renderPanel(this.panelHost(), this.el.side, obj, key !== this.panelKey);
    this.panelKey = key;
  }

  // Actions -------------------------------------------------------------------------------

  private async action(name: string): Promise<void> {
    if (!this.history && name !== "close" && name !== "preview-close") return;
    switch (name) {
      case "close":
        return this.close();
      case "add-text":
        return this.addText();
      case "upload":
        return (this.el.file as HTMLInputElement).click();
      case "undo":
        return this.undo();
      case "redo":
        return this.redo();
      case "duplicate":
        return this.duplicate();
      case "delete":
        if (this.selectedId) this.deleteObject(this.selectedId);
        return;
      case "forward":
      case "backward":
        if (this.selectedId) {
          this.change(moveInLayers(this.doc, this.selectedId, name === "forward" ? 1 : -1));
        }
        return;
      case "zoom-in":
        return this.zoomBy(1.25);
      case "zoom-out":
        return this.zoomBy(0.8);
      case "save":
        await this.save();
        return;
      case "preview":
        return this.preview();
      case "preview-close":
        this.el.overlay.hidden = true;
        (this.root.querySelector("[data-action=preview]") as HTMLElement).focus();
        return;
      case "cart":
        return this.addToCart();
      case "library":
        return this.showLibrary();
      case "library-close":
        return this.closeLibrary();
      case "quote":
        return this.quoteDialog.open(this.quantity(), this.el.quoteButton);
      case "quote-close":
        return this.quoteDialog.close();
    }
  }

  private shortcut(event: KeyboardEvent): void {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    // In the quote form, Ctrl+Z undoes typing, not the design hidden behind it.
    const typing = this.quoteDialog.isOpen;
    if (mod && key === "z" && !typing) {
      event.preventDefault();
      if (event.shiftKey) this.redo();
      else this.undo();
    } else if (mod && key === "y" && !typing) {
      event.preventDefault();
      this.redo();
    } else if (event.key === "Tab") {
      this.keepFocusInside(event);
    } else if (event.key === "Escape") {
      if (this.quoteDialog.isOpen) this.quoteDialog.close();
      else if (!this.el.library.hidden) this.closeLibrary();
      else if (!this.el.overlay.hidden) void this.action("preview-close");
      else this.close();
    }
  }

  /** The editor is a modal dialog: Tab cycles through its controls instead of the page behind. */
  private keepFocusInside(event: KeyboardEvent): void {
    const overlays = [this.quoteDialog.overlay, this.el.library, this.el.overlay];
    const scope = overlays.find((overlay) => !overlay.hidden) ?? this.root;
    const focusable = Array.from(
      scope.querySelectorAll<HTMLElement>(
        "button:not([disabled]),input:not([disabled]):not([type=file]),select:not([disabled]),textarea:not([disabled]),[tabindex='0']",
      ),
    ).filter(
      (el) => el.getClientRects().length > 0 && (scope !== this.root || !overlays.some((o) => o.contains(el))),
    );
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.root.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  private undo(): void {
    if (!this.history?.canUndo) return;
    this.history.undo();
    this.panelKey = "";
    this.setStatus("undone");
    this.scheduleQuote();
    this.draw();
  }

  private redo(): void {
    if (!this.history?.canRedo) return;
    this.history.redo();
    this.panelKey = "";
    this.setStatus("redone");
    this.scheduleQuote();
    this.draw();
  }

  private addText(): void {
    const product = this.product as Product;
    const area = this.area();
    const id = newObjectId(this.doc);
    const width = Math.max(10, area.width - 2 * Math.max(area.safe, 3));
    const height = Math.max(6, Math.min(area.height / 4, 14));
    const existing = this.objects().filter((o) => o.type === "text").length;
    const y = Math.min(area.height - height, area.height / 2 - height / 2 + existing * (height + 2) - existing * 4);
    const obj: TextObject = {
      id,
      type: "text",
      x: (area.width - width) / 2,
      y: Math.max(0, y),
      width,
      height,
      rotation: 0,
      text: this.t("newText"),
      font: product.fonts[0] ?? "",
      size: DEFAULT_TEXT_SIZE,
      color: product.palette[0]?.color ?? { cmyk: [0, 0, 0, 100] },
      align: "center",
      valign: "middle",
      line_height: 1.2,
      letter_spacing: 0,
      fit: "shrink",
      curve: null,
    };
    this.selectedId = id;
    this.change(addObject(this.doc, this.areaId, obj));
    this.editText(id);
  }

  private duplicate(): void {
    if (!this.selectedId) return;
    const copy = newObjectId(this.doc);
    this.change(duplicateObject(this.doc, this.selectedId, copy));
    this.selectedId = copy;
    this.draw();
  }

  private deleteObject(id: string): void {
    const next = removeObject(this.doc, id);
    if (next === this.doc) {
      this.setStatus("locked");
      return;
    }
    this.selectedId = null;
    this.change(next);
    (this.el.stage as unknown as SVGElement).focus();
  }

  private editText(id: string): void {
    this.select(id);
    this.panelKey = "";
    this.draw();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => (this.el.side.querySelector("textarea") as HTMLElement | null)?.focus()),
    );
  }

  private zoomBy(factor: number): void {
    this.zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    this.draw();
  }

  // Uploads and pictures ------------------------------------------------------------------

  private async upload(file: File): Promise<void> {
    const progress = this.el.progress as HTMLProgressElement;
    progress.hidden = false;
    progress.value = 0;
    this.setStatus("uploading", { name: file.name, percent: 0 });
    const shown = screenCopy(file);
    try {
      const asset = await this.api.upload(file, file.name, (fraction) => {
        progress.value = fraction;
        this.setStatus("uploading", { name: file.name, percent: Math.round(fraction * 100) });
      });
      const local = await shown;
      const width = asset.width_px ?? local.width;
      const height = asset.height_px ?? local.height;
      this.pictures.set(asset.id, { ...local, width, height });
      this.place(asset, width, height);
      this.emit("upload", { asset: asset.id, kind: asset.kind, width_px: width, height_px: height });
      this.setStatus("uploaded");
    } catch (error) {
      this.setStatus("uploadFailed", { message: messageOf(error) });
    } finally {
      progress.hidden = true;
    }
  }

  /** Puts a new picture in the middle of the safe zone, as large as fits, in its own proportions. */
  private place(asset: Asset, width: number, height: number): void {
    const area = this.area();
    const roomW = area.width - 2 * area.safe;
    const roomH = area.height - 2 * area.safe;
    const ratio = width > 0 && height > 0 ? width / height : 1;
    const boxW = Math.min(roomW, roomH * ratio);
    const boxH = boxW / ratio;
    const id = newObjectId(this.doc);
    const base = { id, x: (area.width - boxW) / 2, y: (area.height - boxH) / 2, width: boxW, height: boxH, rotation: 0 };
    const obj: DesignObject =
      asset.kind === "vector"
        ? { ...base, type: "vector", asset: asset.id, recolor: null }
        : { ...base, type: "image", asset: asset.id, fit: "cover", crop: null };
    this.selectedId = id;
    this.change(addObject(this.doc, this.areaId, obj));
  }

  private async loadPictures(doc: DesignDocument): Promise<void> {
    const ids = new Set<string>();
    for (const surface of doc.surfaces) {
      for (const obj of surface.objects) {
        if ((obj.type === "image" || obj.type === "vector") && !this.pictures.has(obj.asset)) ids.add(obj.asset);
      }
    }
    await Promise.all(
      [...ids].map(async (id) => {
        try {
          const asset = await this.api.asset(id);
          const copy = await screenCopy(await this.api.assetImage(asset));
          this.pictures.set(id, {
            ...copy,
            width: asset.width_px ?? copy.width,
            height: asset.height_px ?? copy.height,
          });
          this.draw();
        } catch (error) {
          console.error(`[monogram] image ${id} could not be shown`, error);
        }
      }),
    );
  }

  // Saving, checking, previewing, cart ----------------------------------------------------

  /** Saves the design (creating it the first time); true when the server has this document. */
  async save(): Promise<boolean> {
    if (!this.history || this.busy) return false;
    if (!this.dirty) {
      this.setStatus("saved");
      return true;
    }
    this.busy = true;
    const doc = this.doc;
    this.setStatus("saving");
    try {
      const body = documentToSave(doc);
      if (!this.saved) {
        const created = await this.api.createDesign(body);
        this.saved = { id: created.id, token: created.token as string, etag: created.etag };
        this.el.libraryButton.hidden = !this.api.customer; // gone if the shop's reference was refused
      } else {
        const updated = await this.api.updateDesign(this.saved.id, this.saved.token, this.saved.etag, body);
        this.saved.etag = updated.etag;
      }
      this.savedDoc = doc;
      // Shops whose cart charges Monogram's price (Shopify's cart transform) need it signed;
      // "saved" is said once it is here, in the same turn as the event that carries it.
      const signed = await this.signedPrice(this.saved);
      this.setStatus("saved");
      this.emit("design-saved", {
        design: this.saved.id,
        token: this.saved.token,
        etag: this.saved.etag,
        ...(signed ? { signed_price: signed } : {}),
      });
      void this.refreshChecks();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412 && this.saved) {
        await this.reloadLatest();
      } else {
        this.setStatus("saveFailed", { message: messageOf(error) });
      }
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Someone saved this design elsewhere: show theirs, and say so. */
  private async reloadLatest(): Promise<void> {
    const saved = this.saved as Saved;
    try {
      const latest = await this.api.design(saved.id, saved.token);
      const doc = withAllAreas(latest.document, this.product as Product);
      saved.etag = latest.etag;
      this.history?.reset(doc);
      this.savedDoc = doc;
      this.selectedId = null;
      this.panelKey = "";
      void this.loadPictures(doc);
      void this.refreshChecks();
      this.setStatus("conflict");
      this.draw();
    } catch (error) {
      this.setStatus("saveFailed", { message: messageOf(error) });
    }
  }

  private async refreshChecks(): Promise<void> {
    if (!this.saved) return;
    try {
      this.checks = await this.api.preflight(this.saved.id, this.saved.token);
    } catch {
      this.checks = []; // the check is advice; its absence must not stop the shopper
    }
    const shown = this.checks.filter((c) => c.severity === "warning" || c.severity === "error");
    if (shown.length) {
      this.emit("preflight-warning", {
        design: this.saved.id,
        codes: shown.map((c) => c.code),
        count: shown.length,
      });
    }
    this.panelKey = "";
    this.draw();
  }

  private async preview(): Promise<void> {
    const view = this.el.view;
    const overlay = this.el.overlay;
    overlay.hidden = false;
    view.textContent = this.t("previewLoading");
    (overlay.querySelector("[data-action=preview-close]") as HTMLElement).focus();
    if (!(await this.save())) {
      view.textContent = (this.el.status.textContent as string) || "";
      return;
    }
    try {
      const saved = this.saved as Saved;
      const blob = await this.api.preview(saved.id, saved.token, this.areaId);
      const img = document.createElement("img");
      img.src = URL.createObjectURL(blob);
      img.alt = `${this.t("previewTitle")}: ${this.area().name}`;
      img.setAttribute("part", "preview");
      view.replaceChildren(img);
    } catch (error) {
      view.textContent = this.t("previewFailed", { message: messageOf(error) });
    }
  }

  private async addToCart(): Promise<void> {
    const form = this.config?.form ?? null;
    if (!form) {
      this.setStatus("noForm");
      return;
    }
    if (!(await this.save())) return;
    const saved = this.saved as Saved;
    const config = this.config as EditorConfig;
    writeHidden(form, config.fieldDesign, saved.id);
    writeHidden(form, config.fieldToken, saved.token);
    this.addedToCart = true;
    this.setStatus("addedToCart");
    this.emit("added-to-cart", { design: saved.id, product: this.product?.id });
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  }

  // The customer's library -------------------------------------------------------------------

  /** The customer from the tag, or from the shop's answer at customerUrl (Shopify's proxy). */
  private async findCustomer(): Promise<void> {
    const config = this.config as EditorConfig;
    if (!this.api.customer && config.customerUrl) {
      try {
        // Same origin as the shop: its session cookie says who is signed in.
        const response = await fetch(config.customerUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
        const body = response.ok ? ((await response.json()) as { customer?: string | null }) : null;
        this.api.customer = body?.customer || null;
      } catch (error) {
        console.warn("[monogram] no customer reference from", config.customerUrl, error);
      }
    }
    this.el.libraryButton.hidden = !this.api.customer;
  }

  private async showLibrary(): Promise<void> {
    const body = this.el.libraryBody;
    this.el.library.hidden = false;
    body.innerHTML = `<p class="hint" role="status">${esc(this.t("libraryLoading"))}</p>`;
    (this.el.library.querySelector("[data-action=library-close]") as HTMLElement).focus();
    try {
      await this.ready; // "My designs" may be pressed before the product has loaded
      const library: Library = await this.api.library((this.product as Product).id);
      this.forgetThumbnails();
      body.innerHTML = libraryMarkup(this.t, library, this.locale, this.dirty && this.edited);
      void this.loadThumbnails();
    } catch (error) {
      const expired = error instanceof ApiError && [401, 403].includes(error.status);
      const text = expired ? this.t("librarySignedOut") : this.t("libraryFailed", { message: messageOf(error) });
      body.innerHTML = `<p class="hint" role="status">${esc(text)}</p>`;
    }
  }

  private closeLibrary(refocus = true): void {
    this.el.library.hidden = true;
    if (refocus) this.el.libraryButton.focus();
  }

  /** Thumbnails one after another: each may be rendered on demand, and the list comes first. */
  private async loadThumbnails(): Promise<void> {
    for (const slot of Array.from(this.el.libraryBody.querySelectorAll<HTMLElement>("[data-preview]"))) {
      try {
        const url = URL.createObjectURL(await this.api.libraryPreview(slot.dataset.preview as string));
        this.thumbnails.push(url);
        const img = document.createElement("img");
        img.alt = "";
        img.src = url;
        slot.replaceChildren(img);
      } catch {
        // no thumbnail: the title and date still say which design it is
      }
    }
  }

  private forgetThumbnails(): void {
    for (const url of this.thumbnails) URL.revokeObjectURL(url);
    this.thumbnails = [];
  }

  private async openSaved(id: string, name: string): Promise<void> {
    this.libraryBusy(true);
    try {
      const design = await this.api.openSaved(id);
      await this.loadDesign(design, "designOpened", { name });
    } catch (error) {
      // Saved too long ago to reopen as it is: an editable copy does as well.
      if (error instanceof ApiError && error.status === 409) return this.reorder(id, null, "", name);
      this.libraryBusy(false, error);
    }
  }

  private async reorder(design: string, line: string | null, order: string, name: string): Promise<void> {
    this.libraryBusy(true);
    try {
      const copy = await this.api.reorder(design, line);
      await this.loadDesign(copy, line ? "reordered" : "designOpened", { order, name });
    } catch (error) {
      this.libraryBusy(false, error);
    }
  }

  private libraryBusy(busy: boolean, error?: unknown): void {
    for (const button of this.el.libraryBody.querySelectorAll<HTMLButtonElement>("button")) button.disabled = busy;
    this.el.library.setAttribute("aria-busy", String(busy));
    if (error) this.setStatus("openFailed", { message: messageOf(error) });
    if (busy) this.setStatus("opening");
  }

  /** Puts a saved design (or a fresh copy) in the editor, saved as it stands, ready for the cart. */
  private async loadDesign(design: SavedDesign, status: MessageKey, values: Record<string, string>): Promise<void> {
    const product = this.product as Product;
    const doc = withAllAreas(design.document, product);
    this.saved = { id: design.id, token: design.token as string, etag: design.etag };
    this.history?.reset(doc);
    this.savedDoc = doc;
    this.selectedId = null;
    this.areaId = product.areas[0]?.id ?? this.areaId;
    this.panelKey = "";
    this.libraryBusy(false);
    this.closeLibrary(false);
    this.renderTabs();
    this.draw();
    this.setStatus(status, values);
    // Connectors put the design on the cart line when they hear of a saved design.
    this.emit("design-saved", { design: design.id, token: design.token, etag: design.etag });
    (this.el.stage as unknown as SVGElement).focus();
    void this.refreshChecks();
    this.scheduleQuote();
    await this.loadPictures(doc);
    this.redrawAll();
  }

  // Price ---------------------------------------------------------------------------------

  private scheduleQuote(): void {
    if (!this.quoteSupported || !this.history) return;
    clearTimeout(this.quoteTimer);
    this.quoteTimer = window.setTimeout(() => void this.quote(), QUOTE_DELAY_MS);
  }

  /** The quantity the shop's form holds: the one priced, and the quote's default. */
  private quantity(): number {
    const input = this.config?.form?.querySelector<HTMLInputElement>('[name="quantity"]');
    return Math.max(1, Math.trunc(Number(input?.value)) || 1);
  }

  private async quote(): Promise<void> {
    const doc = this.doc;
    try {
      const quote = await this.api.quote(documentToSave(doc), this.quantity(), this.locale);
      if (!quote) {
        this.quoteSupported = false;
        this.showPrice(false);
        return;
      }
      if (doc !== this.doc) return; // a newer edit has its own quote coming
      // Amounts come in minor units; a quote without a currency is shown as it came.
      const shown = (value: number | string | undefined) =>
        quote.currency && typeof value === "number"
          ? money(value, quote.currency, this.locale)
          : String(value ?? "");
      // Labels come written out with their amounts ("Texte : 1 × 0,50 €"); names do not.
      const lines = (quote.breakdown ?? [])
        .map((line) => esc(line.label ?? `${line.name ?? ""} ${shown(line.amount)}`))
        .join(" · ");
      this.el.price.innerHTML =
        `${esc(this.t("price"))}: ${esc(shown(quote.total ?? quote.unit_price))}` +
        (lines ? `<small>${lines}</small>` : "");
      this.showPrice(true);
      this.emit("price-changed", { ...quote });
    } catch {
      this.showPrice(false); // the price shows again after the next edit that quotes
    }
  }

  /** The saved design's price signed for the cart line, or null where the shop has none. */
  private async signedPrice(saved: Saved): Promise<string | null> {
    if (!this.quoteSupported) return null;
    try {
      const quote = await this.api.quoteSaved(saved.id, saved.token, this.quantity(), this.locale);
      return quote?.signed_price ?? null;
    } catch {
      return null; // the cart keeps the catalogue price, and intake flags the line
    }
  }

  /** The price and the quote button beside it come and go together. */
  private showPrice(shown: boolean): void {
    this.el.price.hidden = !shown;
    this.el.quoteButton.hidden = !shown;
  }

  /** Checks the form, saves the design as add-to-cart does, then asks for the quote. */
  private async requestQuote(values: QuoteValues): Promise<void> {
    const dialog = this.quoteDialog;
    const slips = checkValues(this.t, values);
    if (Object.keys(slips).length) return dialog.showErrors(slips, null);
    dialog.setBusy(true);
    try {
      if (!(await this.save())) {
        dialog.showErrors({}, this.t("quoteFailed", { message: this.el.status.textContent || "" }));
        return;
      }
      const saved = this.saved as Saved;
      const quote = await this.api.requestQuote(quoteRequestOf(values, saved.id, this.locale), saved.token);
      dialog.showSent(quote);
      this.el.status.textContent = sentText(this.t, quote, this.locale);
    } catch (error) {
      const { fields, other } = errorsByField(error instanceof ApiError ? error.errors : []);
      // Errors about the form's fields go under them; anything else is said above the form.
      const general = other.length || !Object.keys(fields).length;
      const message = other.join(" ") || messageOf(error);
      dialog.showErrors(fields, general ? this.t("quoteFailed", { message }) : null);
    } finally {
      dialog.setBusy(false);
    }
  }

  // Helpers -------------------------------------------------------------------------------

  private setStatus(key: MessageKey, values?: Record<string, string | number>): void {
    this.el.status.textContent = this.t(key, values);
  }

  private stageHost() {
    const editor = this;
    const svg = this.el.stage as unknown as SVGSVGElement;
    return {
      svg,
      viewport(): Viewport {
        const rect = svg.getBoundingClientRect();
        const area = editor.area();
        const [x, y, w] = viewBox(area);
        const scale = rect.width / w;
        return { scale, originX: rect.left - x * scale, originY: rect.top - y * scale };
      },
      objects: () => (this.history && this.product ? this.objects() : []),
      area: () => this.area(),
      selected: () => this.selectedId,
      select: (id: string | null) => this.select(id),
      update: (id: string, patch: Partial<DesignObject>, key: string) => this.update(id, patch, key),
      endGesture: () => this.history?.seal(),
      remove: (id: string) => this.deleteObject(id),
      editText: (id: string) => this.editText(id),
      setGuides: (guides: Guide[]) => {
        this.snapGuides = guides;
        this.draw();
      },
      zoomBy: (factor: number) => this.zoomBy(factor),
    };
  }

  private panelHost(): PanelHost {
    return {
      t: this.t,
      product: this.product as Product,
      fonts: this.fonts,
      objects: this.objects(),
      selectedId: this.selectedId,
      checks: this.checks.filter((c) => c.area === this.areaId || !c.area),
      badges: this.badges(this.area()),
      area: this.area(),
      select: (id) => this.select(id),
      setText: (obj, text) => this.update(obj.id, { text: limitText(obj, text) }, `text:${obj.id}`),
      setFont: (obj, font) => this.update(obj.id, { font }),
      setSize: (obj, size) => this.update(obj.id, { size }, `size:${obj.id}`),
      setColor: (obj, color) => {
        if (!sameColor(obj.color, color)) this.update(obj.id, { color });
      },
      setAlign: (obj, align: Align) => this.update(obj.id, { align }),
      setFit: (obj, fit: Fit) => this.update(obj.id, { fit }),
      setCurve: (obj, radius) => this.update(obj.id, { curve: radius === null ? null : { radius } }, `curve:${obj.id}`),
      setImageFit: (obj: ImageObject, fit: ImageFit) => this.update(obj.id, { fit }),
      setRotation: (obj, rotation) => this.update(obj.id, { rotation }, `rotation:${obj.id}`),
      missingRequired: (obj) => isMissingRequired(obj),
      count: (obj) => charCount(obj.text),
    };
  }
}

function writeHidden(form: HTMLFormElement, name: string, value: string): void {
  let input = Array.from(form.querySelectorAll<HTMLInputElement>("input")).find((i) => i.name === name);
  if (!input) {
    input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    form.appendChild(input);
  }
  input.value = value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Screen copies of a picture, at most DISPLAY_EDGE px (big phone photos stay light to draw):
 * as it is, and in the colours the proof of a CMYK area will show. The original is what prints.
 */
async function screenCopy(file: Blob): Promise<Picture> {
  if (file.type === "image/svg+xml" || typeof createImageBitmap !== "function") {
    const url = URL.createObjectURL(file);
    return { url, ...(await naturalSize(url)) };
  }
  try {
    const bitmap = await createImageBitmap(file);
    const { width, height } = bitmap;
    const scale = Math.min(1, DISPLAY_EDGE / Math.max(width, height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext("2d", { willReadFrequently: true }) as CanvasRenderingContext2D;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    // JPEG keeps big photos light; anything else may carry transparency, which PNG keeps.
    const type = file.type === "image/jpeg" ? "image/jpeg" : "image/png";
    const encode = () => new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.92));
    const plain = scale < 1 ? await encode() : file;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    proofPixels(pixels.data);
    context.putImageData(pixels, 0, 0);
    const proofed = await encode();
    return {
      url: URL.createObjectURL(plain ?? file),
      proofUrl: proofed ? URL.createObjectURL(proofed) : undefined,
      width,
      height,
    };
  } catch {
    const url = URL.createObjectURL(file);
    return { url, ...(await naturalSize(url)) };
  }
}

function naturalSize(url: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth || 1, height: img.naturalHeight || 1 });
    img.onerror = () => resolve({ width: 1, height: 1 });
    img.src = url;
  });
}
