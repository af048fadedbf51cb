/** Operations on the design document. Each returns a new document; the old one is left intact. */

import type { DesignDocument, DesignObject, Lock, Product, Surface, TextObject } from "./types";
import { FORMAT } from "./types";
import { normalizeText } from "./units";

export function emptyDocument(product: Product): DesignDocument {
  return withAllAreas({ format: FORMAT, product: product.id, surfaces: [] }, product);
}

/**
 * The document with one surface per product area, in area order, keeping what it already has,
 * and the brand store's charter objects in place on top (the server puts them back on save too).
 */
export function withAllAreas(doc: DesignDocument, product: Product): DesignDocument {
  const branded = product.brand_objects ?? [];
  const ids = new Set(branded.map((entry) => entry.object.id));
  const surfaces = product.areas.map((area) => {
    const surface = doc.surfaces.find((s) => s.area === area.id) ?? { area: area.id, objects: [] };
    if (!branded.length) return surface;
    const own = surface.objects.filter((o) => !ids.has(o.id));
    const charter = branded.filter((entry) => entry.area === area.id).map((entry) => entry.object);
    return { ...surface, objects: [...own, ...charter] };
  });
  return { ...doc, surfaces };
}

/** What is saved: surfaces without objects are left out, as the print file has no page for them. */
export function documentToSave(doc: DesignDocument): DesignDocument {
  const surfaces = doc.surfaces.filter((s) => s.objects.length > 0);
  return { ...doc, surfaces: surfaces.length ? surfaces : doc.surfaces.slice(0, 1) };
}

export function surfaceOf(doc: DesignDocument, area: string): Surface | undefined {
  return doc.surfaces.find((s) => s.area === area);
}

export interface Found {
  surface: number;
  index: number;
  object: DesignObject;
}

export function findObject(doc: DesignDocument, id: string): Found | null {
  for (let surface = 0; surface < doc.surfaces.length; surface += 1) {
    const index = doc.surfaces[surface].objects.findIndex((o) => o.id === id);
    if (index >= 0) return { surface, index, object: doc.surfaces[surface].objects[index] };
  }
  return null;
}

function replaceObjects(
  doc: DesignDocument,
  surface: number,
  objects: DesignObject[],
): DesignDocument {
  return {
    ...doc,
    surfaces: doc.surfaces.map((s, i) => (i === surface ? { ...s, objects } : s)),
  };
}

/** An object id not yet used in the document: o1, o2… */
export function newObjectId(doc: DesignDocument): string {
  const used = new Set(doc.surfaces.flatMap((s) => s.objects.map((o) => o.id)));
  let n = used.size + 1;
  while (used.has(`o${n}`)) n += 1;
  return `o${n}`;
}

export function addObject(doc: DesignDocument, area: string, obj: DesignObject): DesignDocument {
  let surface = doc.surfaces.findIndex((s) => s.area === area);
  if (surface < 0) {
    doc = { ...doc, surfaces: [...doc.surfaces, { area, objects: [] }] };
    surface = doc.surfaces.length - 1;
  }
  return replaceObjects(doc, surface, [...doc.surfaces[surface].objects, obj]);
}

export function updateObject(
  doc: DesignDocument,
  id: string,
  patch: Partial<DesignObject>,
): DesignDocument {
  const found = findObject(doc, id);
  if (!found) return doc;
  const objects = doc.surfaces[found.surface].objects.slice();
  objects[found.index] = { ...found.object, ...patch } as DesignObject;
  return replaceObjects(doc, found.surface, objects);
}

/** Removes an object unless its lock forbids it; `force` is the template author's override. */
export function removeObject(doc: DesignDocument, id: string, force = false): DesignDocument {
  const found = findObject(doc, id);
  if (!found || (!force && isLocked(found.object, "delete"))) return doc;
  const objects = doc.surfaces[found.surface].objects.filter((o) => o.id !== id);
  return replaceObjects(doc, found.surface, objects);
}

/** A copy placed just above the original, offset so it does not hide it; template rules dropped. */
export function duplicateObject(
  doc: DesignDocument,
  id: string,
  copyId: string,
  offset = 3,
): DesignDocument {
  const found = findObject(doc, id);
  if (!found) return doc;
  const copy = {
    ...structuredCloneLite(found.object),
    id: copyId,
    x: found.object.x + offset,
    y: found.object.y + offset,
  } as DesignObject;
  // A copy is the shopper's own object: a template field or lock belongs to the original only.
  delete copy.field;
  delete copy.lock;
  const objects = doc.surfaces[found.surface].objects.slice();
  objects.splice(found.index + 1, 0, copy);
  return replaceObjects(doc, found.surface, objects);
}

/** Moves an object up (+1) or down (-1) the paint order of its surface. */
export function moveInLayers(doc: DesignDocument, id: string, step: 1 | -1): DesignDocument {
  const found = findObject(doc, id);
  if (!found) return doc;
  const objects = doc.surfaces[found.surface].objects.slice();
  const target = found.index + step;
  if (target < 0 || target >= objects.length) return doc;
  [objects[found.index], objects[target]] = [objects[target], objects[found.index]];
  return replaceObjects(doc, found.surface, objects);
}

export function isLocked(obj: { lock?: Lock | null }, what: keyof Lock): boolean {
  return Boolean(obj.lock && obj.lock[what]);
}

/** Text cut to the object's max_chars (counted like preflight: code points, no line breaks). */
export function limitText(obj: Pick<TextObject, "max_chars">, text: string): string {
  const limit = obj.max_chars;
  text = normalizeText(text);
  if (!limit) return text;
  let count = 0;
  let out = "";
  for (const char of text) {
    if (char !== "\n") {
      if (count >= limit) continue;
      count += 1;
    }
    out += char;
  }
  return out;
}

/** Whether a template field still waits for the shopper's input. */
export function isMissingRequired(obj: DesignObject): boolean {
  return Boolean(obj.field) && obj.type === "text" && !obj.text.trim();
}

function structuredCloneLite<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
