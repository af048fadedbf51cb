/**
 * Geometry of objects on a print area: millimetres from the trim's top-left, y down, rotation
 * clockwise about the box centre. Pure functions, shared by pointer handling and tests.
 */

import type { DesignObject, PrintArea } from "./types";

export interface Point {
  x: number;
  y: number;
}

export interface BoxGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation?: number;
}

/** How the stage maps millimetres to screen pixels: a scale and where the trim's origin lands. */
export interface Viewport {
  scale: number; // px per mm
  originX: number; // px of x = 0 mm
  originY: number; // px of y = 0 mm
}

export function toScreen(view: Viewport, point: Point): Point {
  return { x: view.originX + point.x * view.scale, y: view.originY + point.y * view.scale };
}

export function toMm(view: Viewport, point: Point): Point {
  return { x: (point.x - view.originX) / view.scale, y: (point.y - view.originY) / view.scale };
}

const RAD = Math.PI / 180;

/** Turns a point clockwise (on a y-down page) about a centre. */
export function rotatePoint(point: Point, centre: Point, degrees: number): Point {
  const cos = Math.cos(degrees * RAD);
  const sin = Math.sin(degrees * RAD);
  const dx = point.x - centre.x;
  const dy = point.y - centre.y;
  return { x: centre.x + dx * cos - dy * sin, y: centre.y + dx * sin + dy * cos };
}

export function centre(box: BoxGeometry): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The four corners as printed, clockwise from the top-left of the unturned box. */
export function corners(box: BoxGeometry): Point[] {
  const c = centre(box);
  const r = box.rotation ?? 0;
  return [
    { x: box.x, y: box.y },
    { x: box.x + box.width, y: box.y },
    { x: box.x + box.width, y: box.y + box.height },
    { x: box.x, y: box.y + box.height },
  ].map((p) => rotatePoint(p, c, r));
}

/** The axis-aligned extent of a turned box: [left, top, right, bottom]. */
export function bounds(box: BoxGeometry): [number, number, number, number] {
  const points = corners(box);
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A page point in the box's own frame: origin at its top-left, axes turned with it. */
export function toLocal(box: BoxGeometry, point: Point): Point {
  const p = rotatePoint(point, centre(box), -(box.rotation ?? 0));
  return { x: p.x - box.x, y: p.y - box.y };
}

/** Whether a page point falls on the box, with a margin in mm for fingers. */
export function hitBox(box: BoxGeometry, point: Point, margin = 0): boolean {
  const local = toLocal(box, point);
  return (
    local.x >= -margin &&
    local.y >= -margin &&
    local.x <= box.width + margin &&
    local.y <= box.height + margin
  );
}

/** The topmost object under a point (paint order is list order), or null. */
export function hitTest(objects: DesignObject[], point: Point, margin = 0): DesignObject | null {
  for (let index = objects.length - 1; index >= 0; index -= 1) {
    if (hitBox(objects[index], point, margin)) return objects[index];
  }
  return null;
}

export interface Guide {
  axis: "x" | "y";
  at: number; // mm
}

export interface Snap {
  dx: number;
  dy: number;
  guides: Guide[];
}

/**
 * Where a moved box should settle: its centre on the area's centre lines, its edges on the safe
 * zone or the trim, whichever is nearest within the threshold (mm), per axis.
 */
export function snap(box: BoxGeometry, area: PrintArea, threshold: number): Snap {
  const [left, top, right, bottom] = bounds(box);
  const pick = (axis: "x" | "y", edges: number[], lines: number[]) => {
    let best: { delta: number; at: number } | null = null;
    for (const line of lines) {
      for (const edge of edges) {
        const delta = line - edge;
        if (Math.abs(delta) <= threshold && (!best || Math.abs(delta) < Math.abs(best.delta))) {
          best = { delta, at: line };
        }
      }
    }
    return best ? { delta: best.delta, guide: { axis, at: best.at } as Guide } : null;
  };
  const safe = area.safe;
  const x = pick(
    "x",
    [left, (left + right) / 2, right],
    [area.width / 2, safe, area.width - safe, 0, area.width],
  );
  const y = pick(
    "y",
    [top, (top + bottom) / 2, bottom],
    [area.height / 2, safe, area.height - safe, 0, area.height],
  );
  return {
    dx: x ? x.delta : 0,
    dy: y ? y.delta : 0,
    guides: [x?.guide, y?.guide].filter((g): g is Guide => Boolean(g)),
  };
}

/** Handles: which side of the box each moves, as -1 (left/top), 0 or 1 (right/bottom). */
export const HANDLES: Record<string, [number, number]> = {
  nw: [-1, -1],
  n: [0, -1],
  ne: [1, -1],
  e: [1, 0],
  se: [1, 1],
  s: [0, 1],
  sw: [-1, 1],
  w: [-1, 0],
};

/**
 * The box after dragging one handle to a page point, the opposite side held in place.
 * Corner handles keep the proportions when keepRatio is set.
 */
export function resizeBox(
  start: BoxGeometry,
  handle: [number, number],
  pointer: Point,
  keepRatio: boolean,
  minimum = 1,
): BoxGeometry {
  const [sx, sy] = handle;
  const rotation = start.rotation ?? 0;
  const c = centre(start);
  // Work in the box's frame with its centre at the origin.
  const p = rotatePoint(pointer, c, -rotation);
  const local = { x: p.x - c.x, y: p.y - c.y };
  const anchor = { x: (-sx * start.width) / 2, y: (-sy * start.height) / 2 };
  let width = sx ? Math.max(minimum, (local.x - anchor.x) * sx) : start.width;
  let height = sy ? Math.max(minimum, (local.y - anchor.y) * sy) : start.height;
  if (keepRatio && sx && sy) {
    const factor = Math.max(width / start.width, height / start.height);
    width = Math.max(minimum, start.width * factor);
    height = Math.max(minimum, start.height * factor);
  }
  const localCentre = {
    x: sx ? anchor.x + (sx * width) / 2 : 0,
    y: sy ? anchor.y + (sy * height) / 2 : 0,
  };
  const turned = rotatePoint({ x: c.x + localCentre.x, y: c.y + localCentre.y }, c, rotation);
  return { x: turned.x - width / 2, y: turned.y - height / 2, width, height, rotation };
}

/** Rotation (degrees, clockwise) that points the box's top handle at a page point. */
export function rotationTowards(box: BoxGeometry, pointer: Point, step = 0): number {
  const c = centre(box);
  let degrees = Math.atan2(pointer.y - c.y, pointer.x - c.x) / RAD + 90;
  if (step > 0) degrees = Math.round(degrees / step) * step;
  return normalizeRotation(degrees);
}

/** Rotation kept within (-180, 180], the document's range being ±360. */
export function normalizeRotation(degrees: number): number {
  let r = degrees % 360;
  if (r > 180) r -= 360;
  if (r <= -180) r += 360;
  // Tidy float noise so a snapped 90° is stored as 90, not 89.99999999999999.
  return Math.round(r * 1e6) / 1e6;
}

/** Distance between two pointers, for pinch zoom. */
export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
