/**
 * The editor's 3D view: a panel in the stage's place holding <monogram-viewer>, whose chunk
 * (three.js) is fetched the first time the shopper asks for 3D. The toolbar, the area tabs and the
 * side panel stay usable, and every redraw of the design hands the viewer fresh drawings.
 */

import type { Api } from "../api";
import type { Translate } from "../i18n";
import type { Product, ProductModel } from "../model/types";
import { VIEWER_TAG, type AreaDrawing, type ViewerElement } from "../viewer/contract";
import { esc } from "./stage";

declare const __MONOGRAM_VIEWER__: string;

const VIEWER_TIMEOUT_MS = 30000;
// The chunk sits beside the editor bundle, which is the script running now.
const EDITOR_SRC =
  typeof document !== "undefined" && document.currentScript instanceof HTMLScriptElement
    ? document.currentScript.src
    : "";

export const VIEW3D_STYLES = `
.viewer3d{display:flex;flex-direction:column;flex:1 1 auto;min-height:200px;background:#fff}
.viewer3d[hidden]{display:none}
.viewer3d-bar{display:flex;align-items:center;gap:8px;padding:6px 12px;border-bottom:1px solid #eef0f3;flex:none}
.viewer3d-bar h3{flex:1 1 auto;margin:0}
.viewer3d-body{display:block;position:relative;flex:1 1 auto;min-height:0}
.viewer3d-body monogram-viewer{position:absolute;inset:0}
.viewer3d-body p{margin:16px;text-align:center}
`;

export function view3dMarkup(t: Translate): string {
  return (
    `<section class="viewer3d" aria-labelledby="viewer3d-title" hidden>` +
    `<div class="viewer3d-bar"><h3 id="viewer3d-title">${esc(t("view3dTitle"))}</h3>` +
    `<button type="button" data-action="view3d-close">${esc(t("view3dClose"))}</button></div>` +
    `<div class="viewer3d-body" part="viewer3d"></div></section>`
  );
}

export interface View3DHost {
  api: Api;
  t: Translate;
  product: Product;
  /** The API's origin, which the model's path is under. */
  apiBase: string;
  drawings(): AreaDrawing[];
  /** The saved design when the editor shows it unchanged, else null. */
  savedUnchanged(): { id: string; token: string } | null;
}

let loading: Promise<void> | null = null;

/** Fetches the viewer chunk once; a failed fetch is tried again at the next click. */
function loadViewer(): Promise<void> {
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      if (customElements.get(VIEWER_TAG)) return resolve();
      const file = typeof __MONOGRAM_VIEWER__ === "string" ? __MONOGRAM_VIEWER__ : "viewer.js";
      const tag = document.createElement("script");
      tag.src = new URL(file, EDITOR_SRC || location.href).href;
      tag.async = true;
      tag.onerror = () => reject(new Error(`[monogram] could not load ${tag.src}`));
      document.head.appendChild(tag);
      const timer = setTimeout(() => reject(new Error("[monogram] the 3D viewer load timed out")), VIEWER_TIMEOUT_MS);
      customElements.whenDefined(VIEWER_TAG).then(() => {
        clearTimeout(timer);
        resolve();
      });
    }).catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

export class View3D {
  private viewer: ViewerElement | null = null;
  private model: Promise<ArrayBuffer> | null = null;
  private area = "";

  constructor(
    private readonly panel: HTMLElement,
    /** What the panel takes the place of while open. */
    private readonly stage: HTMLElement,
    private readonly host: View3DHost,
  ) {}

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  /** Opens the panel facing `area`; the chunk and the model load meanwhile. */
  async open(area: string): Promise<void> {
    const { t, product } = this.host;
    const model = product.model as ProductModel;
    const body = this.panel.querySelector(".viewer3d-body") as HTMLElement;
    this.area = area;
    this.panel.hidden = false;
    this.stage.hidden = true;
    (this.panel.querySelector("[data-action=view3d-close]") as HTMLElement).focus();
    if (this.viewer) return;
    body.innerHTML = `<p role="status">${esc(t("view3dLoading"))}</p>`;
    try {
      await loadViewer();
    } catch (error) {
      body.innerHTML = `<p role="status">${esc(t("view3dFailed", { message: error instanceof Error ? error.message : String(error) }))}</p>`;
      return;
    }
    if (!this.isOpen || this.viewer) return;
    const api = this.host.api;
    const viewer = document.createElement(VIEWER_TAG) as ViewerElement;
    // A saved design, unchanged: its GLB with the proof's textures, exactly what will print.
    const saved = this.host.savedUnchanged();
    const plain = () =>
      (this.model ??= api.productModel(model.url).catch((error) => {
        this.model = null;
        throw error;
      }));
    viewer.source = {
      model: () =>
        saved
          ? api.designModel(saved.id, saved.token).catch((error) => {
              console.warn("[monogram] no baked 3D model, the editor's drawing is shown", error);
              viewer.keepBaked = false;
              return plain();
            })
          : plain(),
      fontFile: (id) => api.fontWoff2(id),
    };
    viewer.keepBaked = Boolean(saved);
    viewer.materials = model.areas;
    viewer.labels = {
      canvas: t("view3dCanvas", { name: product.name }),
      hint: t("view3dHint"),
      ar: t("viewInRoom"),
      arFailed: t("viewInRoomFailed"),
      loading: t("view3dLoading"),
      failed: t("view3dModelFailed"),
      noWebgl: t("view3dNoWebgl"),
    };
    // AR viewers fetch the file themselves, without our headers: a signed link, asked for at the
    // press, to the design as saved if the editor still shows it, else to the product's model.
    viewer.ar = {
      links: async () => {
        const shown = this.host.savedUnchanged();
        return shown ? api.designModelLink(shown.id, shown.token) : api.productModelLink(product.id);
      },
      title: product.name,
      fallback: location.href,
    };
    viewer.focusArea = this.area;
    viewer.drawings = this.host.drawings();
    this.viewer = viewer;
    body.replaceChildren(viewer);
  }

  close(): void {
    this.panel.hidden = true;
    this.stage.hidden = false;
    // The WebGL context goes with the element: phones allow only a few at once.
    this.viewer?.remove();
    this.viewer = null;
  }

  /** The design changed (or a font or picture arrived): the viewer repaints what differs. */
  update(): void {
    if (this.viewer) this.viewer.drawings = this.host.drawings();
  }

  /** The shopper picked another area's tab: turn the model to show it. */
  face(area: string): void {
    this.area = area;
    if (this.viewer) this.viewer.focusArea = area;
  }
}
