/**
 * Template rules on the design document (DESIGN.md §4): which objects are a shopper's fields,
 * image slots or locked artwork, the document a template starts, and the author's role changes.
 */

import type {
  Color,
  DesignDocument,
  DesignObject,
  ImageObject,
  Lock,
  PaletteColor,
  Product,
  TextObject,
} from "./types";
import { withAllAreas } from "./document";

/** A template as the Templates API sends it (the fields the editor uses). */
export interface Template {
  id: string;
  product: string;
  name: string;
  description?: string;
  status?: string;
  categories?: Record<string, string[]>;
  tags?: string[];
  document: DesignDocument;
  fonts: string[];
  palette: PaletteColor[];
  thumbnail_url?: string | null;
  revision: number;
}

/** What an object is to the shopper: their own, a text field, an image slot, or fixed artwork. */
export type Role = "free" | "field" | "slot" | "locked";

/** A field or slot keeps its place and size; only its text or picture is the shopper's. */
export const FIELD_LOCK: Required<Lock> = { move: true, resize: true, rotate: true, delete: true, edit: false };
export const ARTWORK_LOCK: Required<Lock> = { move: true, resize: true, rotate: true, delete: true, edit: true };

export function roleOf(obj: DesignObject): Role {
  if (obj.field && obj.type === "text") return "field";
  if (obj.field && obj.type === "image") return "slot";
  if (obj.lock?.edit) return "locked";
  return "free";
}

/** Locked artwork is not the shopper's to touch: it cannot even be selected. */
export function isArtwork(obj: DesignObject): boolean {
  return roleOf(obj) === "locked";
}

/** Whether the object came from the template (the shopper may not remove or restack it). */
export function isTemplateObject(obj: DesignObject): boolean {
  return roleOf(obj) !== "free" || Boolean(obj.lock && Object.values(obj.lock).some(Boolean));
}

export interface Field {
  id: string;
  area: string;
  name: string;
  kind: "field" | "slot";
  object: TextObject | ImageObject;
}

/** The document's text fields and image slots, area by area, in paint order. */
export function fieldsOf(doc: DesignDocument): Field[] {
  const fields: Field[] = [];
  for (const surface of doc.surfaces) {
    for (const obj of surface.objects) {
      const role = roleOf(obj);
      if (role === "field" || role === "slot") {
        fields.push({
          id: obj.id,
          area: surface.area,
          name: obj.field as string,
          kind: role,
          object: obj as TextObject | ImageObject,
        });
      }
    }
  }
  return fields;
}

/** "first_name" → "First name": the label a shopper reads for a field named by the designer. */
export function fieldLabel(name: string): string {
  const words = name.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

/** The shopper's starting document: the template's own, for this product, naming the template. */
export function documentFromTemplate(template: Template, product: Product): DesignDocument {
  const doc = JSON.parse(JSON.stringify(template.document)) as DesignDocument;
  return withAllAreas({ ...doc, product: product.id, template: template.id }, product);
}

/** The fonts a shopper may pick: the template's when it names some, else the product's. */
export function allowedFonts(product: Product, template: Template | null): string[] {
  return template?.fonts.length ? template.fonts : product.fonts;
}

export function allowedPalette(product: Product, template: Template | null): PaletteColor[] {
  return template?.palette.length ? template.palette : product.palette;
}

/** A new picture in an image slot: only the asset and its crop change (the crop is reset). */
export function slotPicture(asset: string): Partial<ImageObject> {
  return { asset, crop: null };
}

/**
 * The patch that gives an object a role, as the author sets it in template mode. A field or slot
 * needs a name: `name` is used, or the one it had, or one made from the object id.
 */
export function rolePatch(obj: DesignObject, role: Role, name?: string): Partial<DesignObject> {
  const fieldName = (name ?? obj.field ?? "").trim() || obj.id;
  switch (role) {
    case "field":
    case "slot":
      return { field: fieldName, lock: { ...FIELD_LOCK } };
    case "locked":
      return { field: null, max_chars: null, lock: { ...ARTWORK_LOCK } };
    default:
      return { field: null, max_chars: null, lock: null };
  }
}

/** The roles an author may give an object of this type. */
export function rolesFor(obj: DesignObject): Role[] {
  if (obj.type === "text") return ["free", "field", "locked"];
  if (obj.type === "image") return ["free", "slot", "locked"];
  return ["free", "locked"];
}

/** The object with its template-only keys gone when they are empty, as the schema expects. */
export function tidyRules<T extends DesignObject>(obj: T): T {
  const out = { ...obj };
  for (const key of ["field", "max_chars", "min_dpi", "lock"] as const) {
    if (out[key] === null || out[key] === undefined) delete out[key];
  }
  if (out.lock && !Object.values(out.lock).some(Boolean)) delete out.lock;
  return out;
}

export function tidyDocument(doc: DesignDocument): DesignDocument {
  return { ...doc, surfaces: doc.surfaces.map((s) => ({ ...s, objects: s.objects.map(tidyRules) })) };
}

/** Whether a palette holds this colour already (template palettes are picked from the product's). */
export function hasColour(palette: PaletteColor[], color: Color): boolean {
  const key = JSON.stringify(color);
  return palette.some((entry) => JSON.stringify(entry.color) === key);
}
