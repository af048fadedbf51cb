/**
 * The drawing of one print area as SVG markup, in millimetres: a function of the document.
 * Objects are drawn with the renderer's rules (text layout, image fit and crop, strokes inside
 * the box) so that what the shopper sees is what the proof shows.
 */

import { cssColor } from "../model/color";
import { corners, type Guide } from "../model/geometry";
import { cropWindow, placement, type DpiLevel } from "../model/images";
import { layoutText, type Measurer } from "../model/text";
import type {
  CodeObject,
  DesignObject,
  ImageObject,
  PrintArea,
  ShapeObject,
  TextObject,
  VectorObject,
} from "../model/types";
import { mm } from "../model/units";
import { family } from "./fonts";

export interface Picture {
  url: string;
  /** The picture in the colours a CMYK proof shows, when it could be made. */
  proofUrl?: string;
  width: number; // pixels of the original, which the print uses
  height: number;
}

export interface Badge {
  level: DpiLevel;
  dpi: number;
}

export interface StageState {
  area: PrintArea;
  objects: DesignObject[];
  measurer: Measurer;
  pictures: Map<string, Picture>;
  badges: Map<string, Badge>;
  warnings: Map<string, string[]>;
  selected: string | null;
  guides: boolean;
  snapGuides: Guide[];
  /** The area prints in CMYK: photos are shown in the proof's colours. */
  proofColours: boolean;
  /** Screen pixels per mm, to keep handles a finger's size at any zoom. */
  scale: number;
  labels: { dpi: string };
}

const HANDLE_PX = 14;
const ROTATE_OFFSET_PX = 28;

export function esc(value: string | number): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function n(value: number): string {
  return String(Math.round(value * 10000) / 10000);
}

export function viewBox(area: PrintArea): [number, number, number, number] {
  return [-area.bleed, -area.bleed, area.width + 2 * area.bleed, area.height + 2 * area.bleed];
}

export function stageMarkup(state: StageState): string {
  const { area } = state;
  const [bx, by, bw, bh] = viewBox(area);
  const objects = state.objects.map((obj) => objectMarkup(obj, state)).join("");
  const s = area.safe;
  const guides = state.guides
    ? `<g class="guides" aria-hidden="true">` +
      `<rect class="bleed-line" x="${n(bx)}" y="${n(by)}" width="${n(bw)}" height="${n(bh)}"/>` +
      `<rect class="trim-line" x="0" y="0" width="${n(area.width)}" height="${n(area.height)}"/>` +
      (s > 0
        ? `<rect class="safe-line" x="${n(s)}" y="${n(s)}" width="${n(area.width - 2 * s)}" height="${n(area.height - 2 * s)}"/>`
        : "") +
      `</g>`
    : "";
  return (
    `<defs><clipPath id="bleed-clip"><rect x="${n(bx)}" y="${n(by)}" width="${n(bw)}" height="${n(bh)}"/></clipPath></defs>` +
    `<rect class="paper" x="${n(bx)}" y="${n(by)}" width="${n(bw)}" height="${n(bh)}"/>` +
    `<g clip-path="url(#bleed-clip)">${objects}</g>` +
    `<rect part="trim" x="0" y="0" width="${n(area.width)}" height="${n(area.height)}" fill="none"/>` +
    guides +
    (state.guides ? overlayMarkup(state) : "")
  );
}

function transform(obj: DesignObject): string {
  const cx = obj.x + obj.width / 2;
  const cy = obj.y + obj.height / 2;
  const r = obj.rotation ?? 0;
  return `translate(${n(cx)} ${n(cy)}) rotate(${n(r)}) translate(${n(-obj.width / 2)} ${n(-obj.height / 2)})`;
}

function objectMarkup(obj: DesignObject, state: StageState): string {
  const opacity = obj.opacity ?? 1;
  let body = "";
  if (obj.type === "text") body = textMarkup(obj, state.measurer);
  else if (obj.type === "image") body = imageMarkup(obj, state.pictures.get(obj.asset), state.proofColours);
  else if (obj.type === "vector") body = vectorMarkup(obj, state.pictures.get(obj.asset));
  else if (obj.type === "shape") body = shapeMarkup(obj);
  else body = codeMarkup(obj);
  return (
    `<g part="object" data-id="${esc(obj.id)}" transform="${transform(obj)}"${opacity < 1 ? ` opacity="${n(opacity)}"` : ""}>` +
    body +
    `<rect class="hit" width="${n(obj.width)}" height="${n(Math.max(obj.height, 0.01))}"/>` +
    `</g>`
  );
}

function textMarkup(obj: TextObject, measurer: Measurer): string {
  const layout = layoutText(obj, measurer);
  const heightPt = obj.height * (72 / 25.4);
  const fontSize = mm(layout.size);
  const font = esc(family(obj.font));
  const fill = cssColor(obj.color);
  const id = esc(obj.id);
  const style = `font-family:${font};font-size:${n(fontSize)}px;fill:${fill}`;
  if (layout.glyphs.length) {
    return layout.lineGlyphs
      .map(
        (indices) =>
          `<g part="text-line" data-id="${id}">` +
          indices
            .map((index) => {
              const glyph = layout.glyphs[index];
              return `<text class="glyph" style="${style}" transform="translate(${n(mm(glyph.x))} ${n(mm(heightPt - glyph.y))}) rotate(${n(-glyph.angle)})">${esc(glyph.char)}</text>`;
            })
            .join("") +
          `</g>`,
      )
      .join("");
  }
  return layout.rows
    .map((row) => {
      const top = mm(heightPt - row.y - layout.above);
      const box = `<rect part="text-line" data-id="${id}" x="${n(mm(row.x))}" y="${n(top)}" width="${n(mm(row.width))}" height="${n(mm(layout.leading))}" fill="none"/>`;
      if (!row.text) return box;
      // Every character at the pen position the print file gives it: kerning, letter and
      // word spacing included, whatever the browser's own rounding of advances.
      const xs = row.offsets.map((offset) => n(mm(row.x + offset))).join(" ");
      return `${box}<text class="line" style="${style}" x="${xs}" y="${n(mm(heightPt - row.y))}">${esc(row.text)}</text>`;
    })
    .join("");
}

function imageMarkup(obj: ImageObject, picture: Picture | undefined, proofColours: boolean): string {
  if (!picture) return `<rect class="pending" width="${n(obj.width)}" height="${n(obj.height)}"/>`;
  const window = cropWindow(obj.crop, picture.width, picture.height);
  const [px, py, pw, ph] = placement(obj.fit ?? "cover", window, obj.width, obj.height);
  const scaleX = pw / (window[2] - window[0]);
  const scaleY = ph / (window[3] - window[1]);
  const x = px - window[0] * scaleX;
  const y = py - window[1] * scaleY;
  // A nested viewport clips to the box, and to the placed window for contain or a crop.
  const clipX = Math.max(0, px);
  const clipY = Math.max(0, py);
  const clipW = Math.min(obj.width, px + pw) - clipX;
  const clipH = Math.min(obj.height, py + ph) - clipY;
  return (
    `<svg x="${n(clipX)}" y="${n(clipY)}" width="${n(clipW)}" height="${n(clipH)}" viewBox="${n(clipX)} ${n(clipY)} ${n(clipW)} ${n(clipH)}" overflow="hidden">` +
    `<image href="${esc((proofColours && picture.proofUrl) || picture.url)}" x="${n(x)}" y="${n(y)}" width="${n(picture.width * scaleX)}" height="${n(picture.height * scaleY)}" preserveAspectRatio="none"/>` +
    `</svg>`
  );
}

function vectorMarkup(obj: VectorObject, picture: Picture | undefined): string {
  if (!picture) return `<rect class="pending" width="${n(obj.width)}" height="${n(obj.height)}"/>`;
  const filter = obj.recolor ? ` filter="url(#recolor-${esc(obj.id)})"` : "";
  const defs = obj.recolor
    ? `<filter id="recolor-${esc(obj.id)}"><feFlood flood-color="${cssColor(obj.recolor)}"/><feComposite in2="SourceAlpha" operator="in"/></filter>`
    : "";
  return `${defs}<image href="${esc(picture.url)}" width="${n(obj.width)}" height="${n(obj.height)}" preserveAspectRatio="xMidYMid meet"${filter}/>`;
}

function shapeMarkup(obj: ShapeObject): string {
  const weight = obj.stroke_width ?? 0;
  const stroke = weight > 0 ? obj.stroke ?? null : null;
  const fill = obj.shape === "line" ? null : obj.fill ?? null;
  if (!fill && !stroke) return "";
  const paint = `fill="${fill ? cssColor(fill) : "none"}" stroke="${stroke ? cssColor(stroke) : "none"}" stroke-width="${n(weight)}"`;
  if (obj.shape === "line") {
    return `<line x1="0" y1="${n(obj.height / 2)}" x2="${n(obj.width)}" y2="${n(obj.height / 2)}" ${paint} stroke-linecap="butt"/>`;
  }
  // The outline is drawn inside the box: half its weight in from the edge, never past the centre.
  const inset = Math.min(stroke ? weight / 2 : 0, obj.width / 2, obj.height / 2);
  const width = obj.width - 2 * inset;
  const height = obj.height - 2 * inset;
  if (obj.shape === "ellipse") {
    return `<ellipse cx="${n(obj.width / 2)}" cy="${n(obj.height / 2)}" rx="${n(width / 2)}" ry="${n(height / 2)}" ${paint}/>`;
  }
  const radius = Math.min(Math.max((obj.corner_radius ?? 0) - inset, 0), width / 2, height / 2);
  return `<rect x="${n(inset)}" y="${n(inset)}" width="${n(width)}" height="${n(height)}" rx="${n(radius)}" ${paint} stroke-linejoin="miter"/>`;
}

function codeMarkup(obj: CodeObject): string {
  // Codes are drawn by the print renderer; the editor shows where and how big they will be.
  const color = cssColor(obj.color);
  const side = obj.symbology === "qr" ? Math.min(obj.width, obj.height) : 0;
  const x = side ? (obj.width - side) / 2 : 0;
  const y = side ? (obj.height - side) / 2 : 0;
  const w = side || obj.width;
  const h = side || obj.height;
  return (
    `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${color}" fill-opacity="0.12" stroke="${color}" stroke-width="${n(Math.min(w, h) / 40)}"/>` +
    `<text x="${n(obj.width / 2)}" y="${n(obj.height / 2)}" class="code-label" style="font-size:${n(Math.min(w, h) / 5)}px;fill:${color}">${esc(obj.symbology.toUpperCase())}</text>`
  );
}

function overlayMarkup(state: StageState): string {
  const px = 1 / state.scale; // one screen pixel in mm
  let out = "";
  for (const obj of state.objects) {
    const badge = state.badges.get(obj.id);
    const [topLeft] = corners(obj);
    if (badge) {
      const text = `${badge.dpi} ${state.labels.dpi}`;
      const height = 18 * px;
      const width = (text.length * 7 + 12) * px;
      out +=
        `<g part="dpi-badge" data-id="${esc(obj.id)}" data-level="${badge.level}" transform="translate(${n(topLeft.x + 3 * px)} ${n(topLeft.y + 3 * px)})">` +
        `<rect class="badge ${badge.level}" width="${n(width)}" height="${n(height)}" rx="${n(4 * px)}"/>` +
        `<text class="badge-text" x="${n(width / 2)}" y="${n(height / 2)}" style="font-size:${n(11 * px)}px">${esc(text)}</text></g>`;
    }
    const warnings = state.warnings.get(obj.id);
    if (warnings && warnings.length) {
      const [, topRight] = corners(obj);
      out +=
        `<g part="warning" data-id="${esc(obj.id)}" transform="translate(${n(topRight.x)} ${n(topRight.y)})"><title>${esc(warnings.join("\n"))}</title>` +
        `<circle class="warn" r="${n(9 * px)}"/><text class="warn-text" style="font-size:${n(13 * px)}px">!</text></g>`;
    }
  }
  for (const guide of state.snapGuides) {
    const { area } = state;
    out +=
      guide.axis === "x"
        ? `<line class="snap" x1="${n(guide.at)}" y1="${n(-area.bleed)}" x2="${n(guide.at)}" y2="${n(area.height + area.bleed)}" stroke-width="${n(px)}"/>`
        : `<line class="snap" x1="${n(-area.bleed)}" y1="${n(guide.at)}" x2="${n(area.width + area.bleed)}" y2="${n(guide.at)}" stroke-width="${n(px)}"/>`;
  }
  const selected = state.objects.find((obj) => obj.id === state.selected);
  if (selected) out += selectionMarkup(selected, px);
  return out;
}

function selectionMarkup(obj: DesignObject, px: number): string {
  const locked = obj.lock ?? {};
  const size = HANDLE_PX * px;
  let out = `<g class="selection" transform="${transform(obj)}">`;
  out += `<rect class="frame" width="${n(obj.width)}" height="${n(obj.height)}" stroke-width="${n(1.5 * px)}"/>`;
  if (!locked.resize) {
    const spots: [string, number, number][] = [
      ["nw", 0, 0],
      ["n", 0.5, 0],
      ["ne", 1, 0],
      ["e", 1, 0.5],
      ["se", 1, 1],
      ["s", 0.5, 1],
      ["sw", 0, 1],
      ["w", 0, 0.5],
    ];
    for (const [name, fx, fy] of spots) {
      out += `<rect class="handle" data-handle="${name}" x="${n(fx * obj.width - size / 2)}" y="${n(fy * obj.height - size / 2)}" width="${n(size)}" height="${n(size)}" rx="${n(3 * px)}" stroke-width="${n(1.5 * px)}"/>`;
    }
  }
  if (!locked.rotate) {
    const y = -ROTATE_OFFSET_PX * px;
    out += `<line class="rotate-arm" x1="${n(obj.width / 2)}" y1="0" x2="${n(obj.width / 2)}" y2="${n(y)}" stroke-width="${n(1.5 * px)}"/>`;
    out += `<circle class="handle rotate" data-handle="rotate" cx="${n(obj.width / 2)}" cy="${n(y)}" r="${n(size / 2 + 1 * px)}" stroke-width="${n(1.5 * px)}"/>`;
  }
  return `${out}</g>`;
}

/**
 * One area's trim box as a standalone SVG document, without guides or handles: the texture the
 * 3D view puts on the area's material. `css` is the drawing's own style (DRAWING_STYLES).
 */
export function drawingMarkup(
  area: PrintArea,
  objects: DesignObject[],
  measurer: Measurer,
  pictures: Map<string, Picture>,
  css: string,
): string {
  const body = stageMarkup({
    area,
    objects,
    measurer,
    pictures,
    badges: new Map(),
    warnings: new Map(),
    selected: null,
    guides: false,
    snapGuides: [],
    proofColours: area.color_mode === "cmyk",
    scale: 1,
    labels: { dpi: "dpi" },
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(area.width)} ${n(area.height)}" preserveAspectRatio="none">` +
    `<style>${css}</style>${body}</svg>`
  );
}
