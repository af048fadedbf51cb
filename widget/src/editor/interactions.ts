/**
 * Pointer and keyboard handling on the stage: select, move, resize and rotate with mouse, touch
 * or pen; pinch and Ctrl+wheel to zoom; arrow keys to nudge. Each gesture is one undo step.
 */

import { isLocked } from "../model/document";
import {
  distance,
  HANDLES,
  hitTest,
  normalizeRotation,
  resizeBox,
  rotationTowards,
  snap,
  toMm,
  type BoxGeometry,
  type Guide,
  type Point,
  type Viewport,
} from "../model/geometry";
import type { DesignObject, PrintArea } from "../model/types";

/** How close, in screen pixels, an edge or centre must come to a guide line to snap to it. */
const SNAP_PX = 6;
/** Extra reach around objects for fingers, in screen pixels. */
const TOUCH_SLOP_PX = 10;
/** Rotation settles on a right angle when it comes this close, in degrees. */
const ROTATION_SNAP = 3;
export const NUDGE_MM = 1;
export const NUDGE_FAST = 10;

export interface StageHost {
  svg: SVGSVGElement;
  viewport(): Viewport;
  objects(): DesignObject[];
  area(): PrintArea;
  selected(): string | null;
  select(id: string | null): void;
  /** Applies a geometry change; calls with the same key make one undo step. */
  update(id: string, patch: Partial<BoxGeometry>, key: string): void;
  endGesture(): void;
  remove(id: string): void;
  editText(id: string): void;
  setGuides(guides: Guide[]): void;
  zoomBy(factor: number): void;
}

type Gesture =
  | { kind: "move"; id: string; start: BoxGeometry; from: Point; key: string }
  | { kind: "resize"; id: string; start: BoxGeometry; handle: string; key: string; type: string }
  | { kind: "rotate"; id: string; start: BoxGeometry; key: string };

let gestures = 0;

function box(obj: DesignObject): BoxGeometry {
  return { x: obj.x, y: obj.y, width: obj.width, height: obj.height, rotation: obj.rotation ?? 0 };
}

export function attachStage(host: StageHost): void {
  const svg = host.svg;
  const pointers = new Map<number, Point>();
  let gesture: Gesture | null = null;
  let pinch: { distance: number } | null = null;

  const pagePoint = (event: PointerEvent | MouseEvent): Point =>
    toMm(host.viewport(), { x: event.clientX, y: event.clientY });

  const find = (id: string) => host.objects().find((o) => o.id === id);

  svg.addEventListener("pointerdown", (event) => {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2) {
      // A second finger turns the gesture into a pinch: the drag so far stays, and ends here.
      if (gesture) host.endGesture();
      gesture = null;
      host.setGuides([]);
      const [a, b] = [...pointers.values()];
      pinch = { distance: distance(a, b) };
      return;
    }
    if (pointers.size > 2 || event.button > 0) return;
    svg.focus({ preventScroll: true });
    const point = pagePoint(event);
    const key = `gesture:${(gestures += 1)}`;
    const handle = (event.target as Element).closest?.("[data-handle]")?.getAttribute("data-handle");
    const current = host.selected();
    const selectedObject = current ? find(current) : undefined;
    if (handle && selectedObject) {
      const start = box(selectedObject);
      gesture =
        handle === "rotate"
          ? { kind: "rotate", id: selectedObject.id, start, key }
          : { kind: "resize", id: selectedObject.id, start, handle, key, type: selectedObject.type };
    } else {
      const scale = host.viewport().scale;
      const margin = event.pointerType === "mouse" ? 0 : TOUCH_SLOP_PX / scale;
      const hit = hitTest(host.objects(), point, margin);
      host.select(hit ? hit.id : null);
      if (hit && !isLocked(hit, "move")) {
        gesture = { kind: "move", id: hit.id, start: box(hit), from: point, key };
      }
    }
    if (gesture) {
      event.preventDefault();
      svg.setPointerCapture(event.pointerId);
    }
  });

  svg.addEventListener("pointermove", (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const now = distance(a, b);
      if (pinch.distance > 0 && now > 0) host.zoomBy(now / pinch.distance);
      pinch.distance = now;
      return;
    }
    if (!gesture) return;
    const point = pagePoint(event);
    const scale = host.viewport().scale;
    if (gesture.kind === "move") {
      const moved = {
        ...gesture.start,
        x: gesture.start.x + point.x - gesture.from.x,
        y: gesture.start.y + point.y - gesture.from.y,
      };
      const snapped = event.altKey ? { dx: 0, dy: 0, guides: [] } : snap(moved, host.area(), SNAP_PX / scale);
      host.setGuides(snapped.guides);
      host.update(gesture.id, { x: moved.x + snapped.dx, y: moved.y + snapped.dy }, gesture.key);
    } else if (gesture.kind === "resize") {
      const sides = HANDLES[gesture.handle];
      const corner = sides[0] !== 0 && sides[1] !== 0;
      // Pictures keep their proportions by default; Shift frees them (and constrains the rest).
      const picture = gesture.type === "image" || gesture.type === "vector" || gesture.type === "code";
      const keepRatio = corner && (picture ? !event.shiftKey : event.shiftKey);
      const next = resizeBox(gesture.start, sides, point, keepRatio, 2 / scale);
      host.update(gesture.id, next, gesture.key);
    } else {
      let rotation = rotationTowards(gesture.start, point, event.shiftKey ? 15 : 0);
      const right = Math.round(rotation / 90) * 90;
      if (Math.abs(rotation - right) <= ROTATION_SNAP) rotation = normalizeRotation(right);
      host.update(gesture.id, { rotation }, gesture.key);
    }
  });

  const release = (event: PointerEvent) => {
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
    if (gesture) host.endGesture();
    gesture = null;
    host.setGuides([]);
  };
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);

  svg.addEventListener("dblclick", (event) => {
    const hit = hitTest(host.objects(), pagePoint(event));
    if (hit && hit.type === "text") host.editText(hit.id);
  });

  svg.addEventListener(
    "wheel",
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      host.zoomBy(Math.exp(-event.deltaY / 300));
    },
    { passive: false },
  );

  svg.addEventListener("keydown", (event) => {
    const id = host.selected();
    if (event.key === "Escape" && id) {
      host.select(null);
      event.stopPropagation();
      return;
    }
    if (!id) return;
    const obj = find(id);
    if (!obj) return;
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      host.remove(id);
      return;
    }
    if (event.key === "Enter" && obj.type === "text") {
      event.preventDefault();
      host.editText(id);
      return;
    }
    const steps: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const step = steps[event.key];
    if (!step || isLocked(obj, "move")) return;
    event.preventDefault();
    const amount = event.shiftKey ? NUDGE_FAST : NUDGE_MM;
    host.update(id, { x: obj.x + step[0] * amount, y: obj.y + step[1] * amount }, `nudge:${id}`);
  });
}
