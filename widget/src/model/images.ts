/** Image placement and effective resolution, with the same arithmetic as rendering/images.py. */

import type { Crop, ImageFit, ImageObject } from "./types";
import { pt, roundHalfEven, roundTo } from "./units";

/** Below min_dpi preflight refuses the photo; below this multiple of it, it warns. */
export const SOFT_DPI_MARGIN = 1.2;

export type Window = [left: number, top: number, right: number, bottom: number];
export type Rect = [x: number, y: number, width: number, height: number];
export type DpiLevel = "green" | "amber" | "red";

/** The pixels of the image a crop keeps, at least one pixel. */
export function cropWindow(crop: Crop | null | undefined, width: number, height: number): Window {
  if (!crop) return [0, 0, width, height];
  const left = Math.min(roundHalfEven(crop.x * width), width - 1);
  const top = Math.min(roundHalfEven(crop.y * height), height - 1);
  const right = Math.max(left + 1, Math.min(width, roundHalfEven((crop.x + crop.width) * width)));
  const bottom = Math.max(top + 1, Math.min(height, roundHalfEven((crop.y + crop.height) * height)));
  return [left, top, right, bottom];
}

/**
 * Where the window lands in a box of the given size, centred: (x, y, width, height) in the box's
 * own units. Symmetric in y, so it serves y-up points and y-down millimetres alike.
 */
export function placement(fit: ImageFit, window: Window, boxWidth: number, boxHeight: number): Rect {
  const usedWidth = window[2] - window[0];
  const usedHeight = window[3] - window[1];
  if (fit === "stretch") return [0, 0, boxWidth, boxHeight];
  const pick = fit === "cover" ? Math.max : Math.min;
  const scale = pick(boxWidth / usedWidth, boxHeight / usedHeight);
  const width = usedWidth * scale;
  const height = usedHeight * scale;
  return [(boxWidth - width) / 2, (boxHeight - height) / 2, width, height];
}

/** (x dpi, y dpi): pixels of the used crop per inch as placed; cover counts the overflow. */
export function effectiveDpi(
  obj: Pick<ImageObject, "width" | "height" | "fit" | "crop">,
  pixelWidth: number,
  pixelHeight: number,
): [number, number] {
  const window = cropWindow(obj.crop, pixelWidth, pixelHeight);
  const placed = placement(obj.fit ?? "cover", window, pt(obj.width), pt(obj.height));
  return [(window[2] - window[0]) / (placed[2] / 72), (window[3] - window[1]) / (placed[3] / 72)];
}

/** The badge colour preflight would give: red below the minimum, amber within 20 % above it. */
export function dpiLevel(dpi: number, minimum: number): DpiLevel {
  // Rounded like preflight, so a photo placed at exactly the minimum is not red for float noise.
  const lowest = roundTo(dpi, 6);
  if (lowest < minimum) return "red";
  if (lowest < minimum * SOFT_DPI_MARGIN) return "amber";
  return "green";
}

/** The figure shown to the shopper: never rounded up to the minimum it falls short of. */
export function shownDpi(dpi: number, minimum: number): number {
  const lowest = roundTo(dpi, 6);
  return lowest < minimum ? Math.min(roundHalfEven(lowest), minimum - 1) : roundHalfEven(lowest);
}
