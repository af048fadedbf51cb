/**
 * An area's drawing as a texture: the editor's SVG made self-contained (fonts and pictures
 * inlined as data URLs, since an SVG drawn as an image fetches nothing) and drawn on a canvas.
 */

import type { AreaDrawing } from "./contract";

/** The font-family names the stage gives fonts: "mg-<font id>". */
const FAMILY = /mg-([A-Za-z0-9_-]+)/g;
const BLOB_HREF = /href="(blob:[^"]+)"/g;

/** Font ids a drawing uses, each once. */
export function fontIdsOf(svg: string): string[] {
  return [...new Set(Array.from(svg.matchAll(FAMILY), (m) => m[1]))];
}

/** Blob URLs of the pictures a drawing shows, each once. */
export function blobUrlsOf(svg: string): string[] {
  return [...new Set(Array.from(svg.matchAll(BLOB_HREF), (m) => m[1]))];
}

/** The drawing with each blob: href swapped for its data URL (left as is when it has none). */
export function inlineHrefs(svg: string, dataUrls: Map<string, string>): string {
  return svg.replace(BLOB_HREF, (whole, url: string) => {
    const data = dataUrls.get(url);
    return data ? `href="${data}"` : whole;
  });
}

/** @font-face rules for the fonts, as the stage names them, to put in the drawing's <style>. */
export function fontFaces(fonts: Map<string, string>): string {
  return Array.from(fonts, ([id, dataUrl]) => `@font-face{font-family:"mg-${id}";src:url(${dataUrl}) format("woff2")}`).join("");
}

/** The drawing with extra CSS at the start of its first <style> (or in a new one). */
export function withStyle(svg: string, css: string): string {
  if (!css) return svg;
  if (svg.includes("<style>")) return svg.replace("<style>", `<style>${css}`);
  return svg.replace(/<svg\b[^>]*>/, (open) => `${open}<style>${css}</style>`);
}

/** The drawing with its intrinsic size in pixels, so the browser rasterises it at that size. */
export function sized(svg: string, width: number, height: number): string {
  return svg.replace(/<svg\b/, `<svg width="${width}" height="${height}"`);
}

/** Texture pixels for an area: about `perMm` pixels a millimetre, the long edge at most `maxEdge`. */
export function texturePixels(widthMm: number, heightMm: number, perMm: number, maxEdge: number): [number, number] {
  const scale = Math.min(perMm, maxEdge / Math.max(widthMm, heightMm, 1e-6));
  return [Math.max(1, Math.round(widthMm * scale)), Math.max(1, Math.round(heightMm * scale))];
}

export function base64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let binary = "";
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Draws drawings onto canvases, keeping the fonts and pictures it inlined for the next edit. */
export class AreaPainter {
  private readonly fonts = new Map<string, Promise<string | null>>();
  private readonly pictures = new Map<string, Promise<string | null>>();

  constructor(private readonly fontFile: (id: string) => Promise<ArrayBuffer>) {}

  async paint(drawing: AreaDrawing, canvas: HTMLCanvasElement): Promise<void> {
    const fontIds = fontIdsOf(drawing.svg);
    const urls = blobUrlsOf(drawing.svg);
    const [fontData, pictureData] = await Promise.all([
      Promise.all(fontIds.map((id) => this.font(id))),
      Promise.all(urls.map((url) => this.picture(url))),
    ]);
    const fonts = new Map<string, string>();
    fontIds.forEach((id, i) => fontData[i] && fonts.set(id, fontData[i] as string));
    const pictures = new Map<string, string>();
    urls.forEach((url, i) => pictureData[i] && pictures.set(url, pictureData[i] as string));
    const svg = sized(withStyle(inlineHrefs(drawing.svg, pictures), fontFaces(fonts)), canvas.width, canvas.height);
    const image = await loadImage(svg);
    const context = canvas.getContext("2d") as CanvasRenderingContext2D;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
  }

  private font(id: string): Promise<string | null> {
    let found = this.fonts.get(id);
    if (!found) {
      found = this.fontFile(id).then(
        (bytes) => `data:font/woff2;base64,${base64(bytes)}`,
        (error) => {
          console.warn(`[monogram] font ${id} is drawn in the fallback on the 3D model`, error);
          return null;
        },
      );
      this.fonts.set(id, found);
    }
    return found;
  }

  private picture(url: string): Promise<string | null> {
    let found = this.pictures.get(url);
    if (!found) {
      found = fetch(url)
        .then((response) => response.blob())
        .then(dataUrlOf)
        .catch(() => null);
      this.pictures.set(url, found);
    }
    return found;
  }
}

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

function loadImage(svg: string): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  return new Promise<HTMLImageElement>((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("[monogram] an area's drawing could not be drawn for the 3D view"));
    image.src = url;
  }).finally(() => URL.revokeObjectURL(url));
}
