/** What the editor and the lazily loaded 3D viewer chunk say to each other; types only at run time. */

export type { ProductModel } from "../model/types";

/** One print area drawn as a standalone SVG document, its viewBox the trim box in millimetres. */
export interface AreaDrawing {
  area: string;
  width: number; // mm
  height: number; // mm
  svg: string;
}

/** Where the model and the fonts of the drawings come from: the editor's API client. */
export interface ViewerSource {
  /** The GLB (product model, or the design's baked one). */
  model(): Promise<ArrayBuffer>;
  /** A font's WOFF2 by font id, to embed in a drawing (an SVG image cannot see page fonts). */
  fontFile(id: string): Promise<ArrayBuffer>;
}

/** Signed URLs of one model that open without a key until they expire (POST …/model-link). */
export interface ModelLinks {
  /** The GLB, for Scene Viewer. */
  url: string;
  /** The same model as USDZ, for Quick Look. */
  usdz: string;
}

/** What the AR button opens: absolute URLs a phone's AR viewer fetches by itself, without our headers. */
export interface ArTarget {
  /** Asked for at each press, since the links expire. */
  links(): Promise<ModelLinks>;
  title: string;
  /** Where Scene Viewer sends the shopper back when AR is unavailable. */
  fallback: string;
}

export interface ViewerLabels {
  canvas: string; // the canvas's accessible name
  hint: string;
  ar: string;
  /** Shown when the AR button could not get the model's link. */
  arFailed: string;
  loading: string;
  failed: string;
  noWebgl: string;
}

export const VIEWER_TAG = "monogram-viewer";

/** <monogram-viewer>: set `source`, `materials`, `labels` (and `ar`) then connect it. */
export interface ViewerElement extends HTMLElement {
  source: ViewerSource | null;
  /** Area id → GLB material name (ProductModel.areas). */
  materials: Record<string, string>;
  labels: ViewerLabels;
  ar: ArTarget | null;
  /** The area the camera faces when the model opens, and again whenever it is set. */
  focusArea: string;
  /** The design as it stands: each area's drawing becomes the texture of its material. */
  drawings: AreaDrawing[];
  /**
   * The model comes with the design's textures baked from its proof, and the first drawings
   * show that same design: the baked textures stay until the first edit.
   */
  keepBaked: boolean;
}
