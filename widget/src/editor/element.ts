/**
 * <monogram-editor>: the shopper's editor in an open shadow root. Its state is one design
 * document with an undo history; the stage and panels are redrawn from it. A shopper may start
 * from a template (then only its fields are theirs); in template mode a merchant authors one.
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
import {
  allowedFonts,
  allowedPalette,
  documentFromTemplate,
  fieldsOf,
  isArtwork,
  isTemplateObject,
  rolePatch,
  hasColour,
  slotPicture,
  tidyDocument,
  fieldLabel,
  type Role,
  type Template,
} from "../model/template";
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
import { CLIPART_STYLES, ClipartPicker, clipartDialogMarkup, clipartSize } from "./clipart";
import { FontBook } from "./fonts";
import { galleryMarkup, GALLERY_STYLES } from "./gallery";
import { attachStage } from "./interactions";
import { libraryMarkup } from "./library";
import { renderPanel, type PanelHost } from "./panel";
import type { RulesHost } from "./rules";
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
import { drawingMarkup, esc, stageMarkup, viewBox, type Badge, type Picture } from "./stage";
import { DRAWING_STYLES, STYLES } from "./styles";
import { View3D, VIEW3D_STYLES, view3dMarkup } from "./view3d";
import type { AreaDrawing } from "../viewer/contract";

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
  private clipart!: ClipartPicker;
  private readonly el: Record<string, HTMLElement> = {};
  /** "template": a merchant authors `template`; "shopper": the template (if any) sets the rules. */
  private mode: "shopper" | "template" = "shopper";
  private template: Template | null = null;
  private gallery: Template[] = [];
  private galleryThumbnails: string[] = [];
  /** The image slot a picked file goes into, instead of a new picture. */
  private replacing: string | null = null;
  private rulesChanged = false;
  /** The 3D view, for a product with a model. */
  private view3d: View3D | null = null;

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
    this.mode = config.mode === "template" ? "template" : "shopper";
    const emit = emitter(config.host ?? this, config.analytics);
    // A merchant authoring a template is not a shopper: no funnel steps for the shop's analytics.
    this.emit = this.mode === "template" ? (step, detail) => step === "template-saved" && emit(step, detail) : emit;
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
      `<style>${STYLES}${QUOTE_STYLES}${GALLERY_STYLES}${CLIPART_STYLES}${VIEW3D_STYLES}</style>` +
      `<div class="backdrop"><div class="panel" role="dialog" aria-modal="true" aria-labelledby="title">` +
      `<header><h2 id="title">${esc(t(this.mode === "template" ? "templateEditor" : "editor"))}</h2>` +
      `<button type="button" data-action="templates" hidden>${esc(t("templates"))}</button>` +
      `<button type="button" data-action="library" hidden>${esc(t("myDesigns"))}</button>${button("close", "close")}</header>` +
      `<div class="toolbar" role="toolbar" aria-label="${esc(t("editor"))}">` +
      button("add-text", "addText") +
      button("upload", "uploadImage") +
      `<input type="file" accept="image/*,.svg" hidden tabindex="-1" aria-hidden="true">` +
      button("clipart", "clipart") +
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
      view3dMarkup(t) +
      `</div><div class="side"></div></div>` +
      `<footer><p part="status" role="status" aria-live="polite"></p><div class="price" id="price" hidden></div>` +
      // Offered only beside a price: a quote is that price, numbered and held for the buyer.
      `<button type="button" data-action="quote" aria-describedby="price" hidden>${esc(t("requestQuote"))}</button>` +
      `<button type="button" data-action="view3d" aria-pressed="false" hidden>${esc(t("view3d"))}</button>` +
      button("preview", "preview") +
      button("save", this.mode === "template" ? "saveTemplate" : "save") +
      button("cart", "addToCart", 'class="primary"') +
      `</footer>` +
      `<div class="overlay" role="dialog" aria-labelledby="preview-title" hidden>` +
      `<header><h2 id="preview-title">${esc(t("previewTitle"))}</h2><button type="button" data-action="preview-close">${esc(t("backToEditor"))}</button></header>` +
      `<div class="view"></div></div>` +
      `<div class="overlay library" role="dialog" aria-labelledby="library-title" hidden>` +
      `<header><h2 id="library-title">${esc(t("libraryTitle"))}</h2><button type="button" data-action="library-close">${esc(t("backToEditor"))}</button></header>` +
      `<div class="library-body"></div></div>` +
      `<div class="overlay gallery" role="dialog" aria-labelledby="gallery-title" hidden>` +
      `<header><h2 id="gallery-title">${esc(t("galleryTitle"))}</h2><button type="button" data-action="gallery-close">${esc(t("backToEditor"))}</button></header>` +
      `<div class="gallery-body"></div></div>` +
      quoteDialogMarkup(t) +
      clipartDialogMarkup(t) +
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
    this.el.templatesButton = q("[data-action=templates]");
    this.el.gallery = q(".gallery");
    this.el.galleryBody = q(".gallery-body");
    this.el.galleryBody.addEventListener("click", (event) => {
      const use = (event.target as Element).closest?.("[data-use]");
      if (use) void this.useTemplate(use.getAttribute("data-use") as string);
    });
    this.quoteDialog = new QuoteDialog(q(".quote"), t, this.locale, (values) => void this.requestQuote(values));
    this.clipart = new ClipartPicker(q(".clipart"), this.api, t, () => this.product?.id ?? "", (item) => {
      const { width, height } = clipartSize(item);
      this.place(item.asset, width, height);
      void this.loadPictures(this.doc); // the picture itself, as for a reopened design
    });
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
      const slot = this.replacing;
      this.replacing = null;
      if (slot && files[0]) void this.replaceSlot(slot, files[0]);
      else for (const file of files) void this.upload(file);
    });
    attachStage(this.stageHost());
    new ResizeObserver(() => this.draw()).observe(this.el.wrap);
  }

  private async start(): Promise<void> {
    const config = this.config as EditorConfig;
    if (this.mode === "template") return this.startAuthoring();
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
      this.offer3d(product);
      if (this.saved) {
        this.savedDoc = doc;
        void this.refreshChecks();
      }
      this.renderTabs();
      this.draw();
      // A design made from a template keeps that template's fonts and palette; a named one
      // (data-template) is the start instead of the gallery.
      const named = doc.template ?? (this.saved ? null : config.template);
      const [template, gallery] = await Promise.all([
        named ? this.api.template(named).catch(() => null) : null,
        this.api.gallery(product.id).catch((error) => {
          console.warn("[monogram] no template gallery:", error);
          return [] as Template[];
        }),
      ]);
      this.template = template;
      this.gallery = gallery;
      if (template && !doc.template) {
        doc = documentFromTemplate(template, product);
        this.history.reset(doc);
        this.redrawAll();
      }
      this.el.templatesButton.hidden = !gallery.length;
      // The gallery is where a fresh design starts, when the shop has templates for it.
      if (gallery.length && !this.saved && !template && !this.edited) void this.showGallery();
      await Promise.all([
        this.loadPictures(doc),
        this.fonts.load(this.api, this.fontsToLoad(doc), () => this.redrawAll()),
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

  /** A merchant's template in template mode: its document, rules, fonts and palette. */
  private async startAuthoring(): Promise<void> {
    const config = this.config as EditorConfig;
    this.quoteSupported = false; // an author prices nothing
    for (const name of ["cart", "preview"]) (this.root.querySelector(`[data-action=${name}]`) as HTMLElement).hidden = true;
    try {
      if (!config.template || !config.templateToken) throw new Error(this.t("templateNeedsToken"));
      const template = await this.api.template(config.template, config.templateToken);
      const product = await this.api.product(template.product || config.product);
      this.template = template;
      this.product = product;
      this.areaId = product.areas[0]?.id ?? "";
      const doc = withAllAreas(template.document, product);
      this.history = new History(doc);
      this.savedDoc = doc;
      this.setStatus("templateLoaded", { name: template.name });
      this.renderTabs();
      this.draw();
      await Promise.all([
        this.loadPictures(doc),
        this.fonts.load(this.api, this.fontsToLoad(doc), () => this.redrawAll()),
      ]);
      this.redrawAll();
    } catch (error) {
      this.setStatus("loadError", { message: messageOf(error) });
    }
    requestAnimationFrame(() => {
      this.setAttribute("data-ready", "");
      this.resolveReady();
    });
  }

  /** The product's fonts, the template's and those the document uses, each once. */
  private fontsToLoad(doc: DesignDocument): string[] {
    const used = doc.surfaces.flatMap((s) => s.objects.flatMap((o) => (o.type === "text" ? [o.font] : [])));
    const wanted = new Set([...(this.product?.fonts ?? []), ...(this.template?.fonts ?? []), ...used]);
    return [...wanted].filter((id) => id && !this.fonts.info.has(id));
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

  /** A shopper's design from a template: only its fields are theirs to change. */
  private get fieldsOnly(): boolean {
    return this.mode === "shopper" && Boolean(this.history && this.doc.template);
  }

  /**
   * The objects the pointer and the layer list reach. A shopper never reaches locked artwork;
   * an author reaches everything, locks shown but not applied, to lay the template out.
   */
  private reachable(): DesignObject[] {
    const objects = this.objects();
    if (this.mode === "template") return objects.map((o) => (o.lock ? { ...o, lock: null } : o));
    return this.fieldsOnly ? objects.filter((o) => !isArtwork(o)) : objects;
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
    if (this.selectedId && !this.reachable().some((o) => o.id === this.selectedId)) this.selectedId = null;
    svg.innerHTML = stageMarkup({
      area,
      objects: this.mode === "template" ? this.reachable() : this.objects(),
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
    this.view3d?.update();
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
    for (const always of ["add-text", "upload", "clipart", "save", "preview", "cart"]) set(always, true);
    const history = this.history as History<DesignDocument>;
    set("undo", history.canUndo);
    set("redo", history.canRedo);
    // A template's own objects stay one of a kind and in their place in the stack.
    const own = Boolean(obj) && !(this.fieldsOnly && isTemplateObject(obj as DesignObject));
    set("duplicate", own);
    set("delete", own && (this.mode === "template" || !isLocked(obj as DesignObject, "delete")));
    const objects = this.objects();
    const index = obj ? objects.findIndex((o) => o.id === obj.id) : -1;
    set("forward", own && index >= 0 && index < objects.length - 1);
    set("backward", own && index > 0);
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
    this.view3d?.face(id);
  }

  // 3D ------------------------------------------------------------------------------------

  /** The "3D" button, for a product whose merchant gave a model. */
  private offer3d(product: Product): void {
    if (!product.model || this.mode !== "shopper") return;
    const config = this.config as EditorConfig;
    const panel = this.root.querySelector(".viewer3d") as HTMLElement;
    this.view3d = new View3D(panel, this.el.wrap, {
      api: this.api,
      t: this.t,
      product,
      apiBase: config.api,
      drawings: () => this.areaDrawings(),
      savedUnchanged: () => (this.saved && !this.dirty ? { id: this.saved.id, token: this.saved.token } : null),
    });
    (this.root.querySelector("[data-action=view3d]") as HTMLElement).hidden = false;
  }

  private toggle3d(open: boolean): void {
    const view = this.view3d;
    if (!view) return;
    const button = this.root.querySelector("[data-action=view3d]") as HTMLElement;
    button.setAttribute("aria-pressed", String(open));
    // The zoom buttons are the flat stage's, which the 3D view takes the place of.
    (this.root.querySelector(".zoom") as HTMLElement).hidden = open;
    if (open) return void view.open(this.areaId);
    view.close();
    button.focus();
  }

  /** Each modelled area's trim box as drawn now: the textures of the 3D view. */
  private areaDrawings(): AreaDrawing[] {
    const product = this.product as Product;
    const modelled = product.model?.areas ?? {};
    return product.areas
      .filter((area) => modelled[area.id])
      .map((area) => ({
        area: area.id,
        width: area.width,
        height: area.height,
        svg: drawingMarkup(area, surfaceOf(this.doc, area.id)?.objects ?? [], this.fonts, this.pictures, DRAWING_STYLES),
      }));
  }

  private paintPanel(): void {
    const obj = this.selectedObject();
    const key = [
      this.areaId,
      obj?.id ?? "",
      obj?.type ?? "",
      JSON.stringify(obj?.lock ?? null),
      obj?.field ? "field" : "",
      this.fieldsOnly ? fieldsOf(this.doc).map((f) => f.id).join(",") : "",
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
        this.replacing = null;
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
      case "view3d":
        return this.toggle3d(!this.view3d?.isOpen);
      case "view3d-close":
        return this.toggle3d(false);
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
      case "templates":
        return this.showGallery();
      case "gallery-close":
        return this.closeGallery();
      case "gallery-blank":
        return this.startBlank();
      case "clipart":
        return this.clipart.open(this.root.querySelector("[data-action=clipart]") as HTMLElement);
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
      else if (!this.el.gallery.hidden) this.closeGallery();
      else if (!this.el.overlay.hidden) void this.action("preview-close");
      else if (this.view3d?.isOpen) this.toggle3d(false);
      else this.close();
    }
  }

  /** The editor is a modal dialog: Tab cycles through its controls instead of the page behind. */
  private keepFocusInside(event: KeyboardEvent): void {
    const overlays = [this.quoteDialog.overlay, this.el.library, this.el.gallery, this.el.overlay];
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
      font: allowedFonts(product, this.template)[0] ?? "",
      size: DEFAULT_TEXT_SIZE,
      color: allowedPalette(product, this.template)[0]?.color ?? { cmyk: [0, 0, 0, 100] },
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
    const found = findObject(this.doc, id);
    // A shopper cannot remove what the template put there; its author can.
    const allowed = this.mode === "template" || !(this.fieldsOnly && found && isTemplateObject(found.object));
    const next = allowed ? removeObject(this.doc, id, this.mode === "template") : this.doc;
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
      requestAnimationFrame(() => {
        // A template's field is typed in its box of the form; any other text in the text box.
        const box = this.el.side.querySelector(`#${CSS.escape(`field-${id}`)}`) ?? this.el.side.querySelector("textarea");
        (box as HTMLElement | null)?.focus();
      }),
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
    if (this.mode === "template") return this.saveTemplate();
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
    // A template's text fields are what the shopper is buying: an empty one is never ordered.
    const missing = this.doc.surfaces.flatMap((s) => s.objects).filter(isMissingRequired);
    if (missing.length) {
      const names = missing.map((obj) => fieldLabel(obj.field as string)).join(", ");
      this.setStatus("fillRequired", { fields: names });
      const box = this.root.querySelector<HTMLElement>(`[data-field="${CSS.escape(missing[0].id)}"]`);
      box?.focus();
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

  // Templates -----------------------------------------------------------------------------

  private async showGallery(): Promise<void> {
    const body = this.el.galleryBody;
    this.el.gallery.hidden = false;
    (this.el.gallery.querySelector("[data-action=gallery-close]") as HTMLElement).focus();
    const replaces = Boolean(this.history && this.doc.surfaces.some((s) => s.objects.length));
    body.innerHTML = galleryMarkup(this.t, this.gallery, replaces);
    this.forgetGalleryThumbnails();
    for (const slot of Array.from(body.querySelectorAll<HTMLElement>("[data-thumbnail]"))) {
      try {
        const url = URL.createObjectURL(await this.api.templateThumbnail(slot.dataset.thumbnail as string));
        this.galleryThumbnails.push(url);
        const img = document.createElement("img");
        img.alt = "";
        img.src = url;
        slot.replaceChildren(img);
      } catch {
        // no thumbnail yet (it is rendered after the template is saved): the name says which
      }
    }
  }

  private closeGallery(): void {
    this.el.gallery.hidden = true;
    this.forgetGalleryThumbnails();
    (this.el.stage as unknown as SVGElement).focus();
  }

  private forgetGalleryThumbnails(): void {
    for (const url of this.galleryThumbnails) URL.revokeObjectURL(url);
    this.galleryThumbnails = [];
  }

  /** A blank page instead of a template's design; the shopper's own design is left as it is. */
  private startBlank(): void {
    if (this.doc.template) {
      this.template = null;
      this.history?.reset(emptyDocument(this.product as Product));
      this.saved = null;
      this.savedDoc = null;
      this.selectedId = null;
      this.panelKey = "";
      this.scheduleQuote();
      this.draw();
    }
    this.closeGallery();
  }

  /** Starts a new design from a template: its document, and its fonts and palette as the choice. */
  private async useTemplate(id: string): Promise<void> {
    const product = this.product as Product;
    try {
      const listed = this.gallery.find((t) => t.id === id);
      const template = listed?.document ? listed : await this.api.template(id);
      const doc = documentFromTemplate(template, product);
      this.template = template;
      this.history?.reset(doc);
      this.saved = null; // a new design: the one before it (if saved) stays as it was
      this.savedDoc = null;
      this.selectedId = null;
      this.areaId = product.areas[0]?.id ?? this.areaId;
      this.panelKey = "";
      this.el.gallery.hidden = true;
      this.forgetGalleryThumbnails();
      this.renderTabs();
      this.draw();
      this.setStatus("templateApplied", { name: template.name });
      this.emit("template-applied", { template: template.id, product: product.id });
      this.scheduleQuote();
      await Promise.all([
        this.loadPictures(doc),
        this.fonts.load(this.api, this.fontsToLoad(doc), () => this.redrawAll()),
      ]);
      this.redrawAll();
      requestAnimationFrame(() => (this.el.side.querySelector("[data-field]") as HTMLElement | null)?.focus());
    } catch (error) {
      this.setStatus("loadError", { message: messageOf(error) });
    }
  }

  /** A new picture in an image slot: only its asset and crop change, its frame is the template's. */
  private async replaceSlot(id: string, file: File): Promise<void> {
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
      if (asset.kind !== "raster") throw new Error(this.t("slotNeedsPhoto"));
      const local = await shown;
      this.pictures.set(asset.id, { ...local, width: asset.width_px ?? local.width, height: asset.height_px ?? local.height });
      this.select(id);
      this.update(id, slotPicture(asset.id));
      this.emit("upload", { asset: asset.id, kind: asset.kind, width_px: asset.width_px, height_px: asset.height_px });
      this.setStatus("uploaded");
    } catch (error) {
      this.setStatus("uploadFailed", { message: messageOf(error) });
    } finally {
      progress.hidden = true;
    }
  }

  /** Template mode: the document with PUT (If-Match: its revision), the fonts and palette beside it. */
  private async saveTemplate(): Promise<boolean> {
    const config = this.config as EditorConfig;
    const template = this.template;
    if (!this.history || !template || !config.templateToken || this.busy) return false;
    this.busy = true;
    this.setStatus("saving");
    const doc = this.doc;
    try {
      let revision = template.revision;
      if (doc !== this.savedDoc) {
        const body = tidyDocument({ ...documentToSave(doc), template: template.id });
        revision = (await this.api.saveTemplateDocument(template.id, config.templateToken, revision, body)).revision;
        this.savedDoc = doc;
      }
      if (this.rulesChanged) {
        const rules = { fonts: template.fonts, palette: template.palette };
        revision = (await this.api.saveTemplateRules(template.id, config.templateToken, rules)).revision ?? revision;
        this.rulesChanged = false;
      }
      this.template = { ...(this.template as Template), revision };
      this.setStatus("templateSaved", { revision });
      this.emit("template-saved", { template: template.id, revision });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) this.setStatus("templateConflict");
      else this.setStatus("saveFailed", { message: messageOf(error) });
      return false;
    } finally {
      this.busy = false;
    }
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
    // A design from a template keeps offering that template's fonts and palette.
    if (doc.template !== this.template?.id) {
      this.template = doc.template ? await this.api.template(doc.template).catch(() => null) : null;
    }
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
      objects: () => (this.history && this.product ? this.reachable() : []),
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
    const product = this.product as Product;
    return {
      t: this.t,
      product: this.product as Product,
      fonts: this.fonts,
      fontChoices: this.mode === "template" ? product.fonts : allowedFonts(product, this.template),
      palette: this.mode === "template" ? product.palette : allowedPalette(product, this.template),
      objects: this.reachable(),
      fields: this.fieldsOnly ? fieldsOf(this.doc) : null,
      rules: this.mode === "template" ? this.rulesHost() : null,
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
      setFieldText: (id, text) => {
        const found = findObject(this.doc, id);
        if (found?.object.type === "text") this.update(id, { text: limitText(found.object, text) }, `text:${id}`);
      },
      replacePicture: (id) => {
        this.replacing = id;
        (this.el.file as HTMLInputElement).click();
      },
    };
  }

  private rulesHost(): RulesHost {
    const product = this.product as Product;
    const template = this.template as Template;
    const fonts = [...new Set([...product.fonts, ...template.fonts])];
    return {
      t: this.t,
      fonts: fonts.map((id) => ({ id, label: this.fonts.label(id) })),
      palette: [...product.palette, ...template.palette.filter((p) => !hasColour(product.palette, p.color))],
      templateFonts: template.fonts,
      templatePalette: template.palette,
      setRole: (obj: DesignObject, role: Role) => this.update(obj.id, rolePatch(obj, role)),
      setRule: (obj: DesignObject, patch: Partial<DesignObject>) => this.update(obj.id, patch),
      setTemplateFonts: (ids: string[]) => this.setTemplateRules({ fonts: ids }),
      setTemplatePalette: (palette) => this.setTemplateRules({ palette }),
    };
  }

  /** Template-wide rules are not in the document: they are saved beside it. */
  private setTemplateRules(rules: Partial<Pick<Template, "fonts" | "palette">>): void {
    this.template = { ...(this.template as Template), ...rules };
    this.rulesChanged = true;
    this.draw();
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
