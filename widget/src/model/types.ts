/** The design document (monogram.design/1) and the product it is made for, as the API sends them. */

export const FORMAT = "monogram.design/1";

export type Color =
  | { cmyk: number[] }
  | { rgb: string }
  | { spot: string; cmyk: number[] };

export interface Lock {
  move?: boolean;
  resize?: boolean;
  rotate?: boolean;
  edit?: boolean;
  delete?: boolean;
}

interface Placed {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
  opacity?: number;
  lock?: Lock | null;
  field?: string | null;
  max_chars?: number | null;
  min_dpi?: number | null;
}

export type Align = "left" | "center" | "right" | "justify";
export type Fit = "none" | "wrap" | "shrink";

export interface TextObject extends Placed {
  type: "text";
  text: string;
  font: string;
  size: number;
  color: Color;
  align?: Align;
  valign?: "top" | "middle" | "bottom";
  line_height?: number;
  letter_spacing?: number;
  fit?: Fit;
  curve?: { radius: number } | null;
}

export type ImageFit = "cover" | "contain" | "stretch";

export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ImageObject extends Placed {
  type: "image";
  asset: string;
  fit?: ImageFit;
  crop?: Crop | null;
}

export interface VectorObject extends Placed {
  type: "vector";
  asset: string;
  recolor?: Color | null;
}

export interface ShapeObject extends Placed {
  type: "shape";
  shape: "rect" | "ellipse" | "line";
  fill?: Color | null;
  stroke?: Color | null;
  stroke_width?: number;
  corner_radius?: number;
}

export interface CodeObject extends Placed {
  type: "code";
  symbology: "qr" | "code128" | "ean13";
  data: string;
  color: Color;
}

export type DesignObject = TextObject | ImageObject | VectorObject | ShapeObject | CodeObject;

export interface Surface {
  area: string;
  objects: DesignObject[];
}

export interface DesignDocument {
  format: typeof FORMAT;
  product: string;
  template?: string | null;
  surfaces: Surface[];
}

export interface PrintArea {
  id: string;
  name: string;
  width: number;
  height: number;
  bleed: number;
  safe: number;
  technique: string;
  color_mode: string;
  max_colors: number | null;
  min_dpi: number;
  cut_contour: string;
  mockup: unknown;
}

export interface PaletteColor {
  name: string;
  color: Color;
}

export interface Product {
  id: string;
  name: string;
  areas: PrintArea[];
  fonts: string[];
  palette: PaletteColor[];
  /** A brand store's charter: objects (its logo, locked) that are on every design. */
  brand_objects?: { area: string; object: DesignObject }[];
  /** The product's 3D model, when the merchant gave one. */
  model?: ProductModel | null;
}

/** A product's 3D model: a GLB in metres whose materials are named after print areas. */
export interface ProductModel {
  /** The GLB, a path under the API (GET with the publishable key). */
  url: string;
  /** Print area id → the name of the GLB material its texture goes on. */
  areas: Record<string, string>;
}
