/** The product's fonts in the browser: loaded as WOFF2, measured the way print sets them. */

import type { Api, FontInfo } from "../api";
import { verticalMetrics, type VerticalMetrics } from "../model/fontfile";
import type { Measurer } from "../model/text";

// Measured large, so rounding of layout positions (1/64 px) stays far below a thousandth of an em.
const MEASURE_PX = 1000;
const FALLBACK: VerticalMetrics = { ascent: 800, descent: 200 };
const FAMILY_PREFIX = "mg-";
// Enough to fill a connection's pipeline without queueing the editor's own requests behind fonts.
const PARALLEL_LOADS = 4;
export const FALLBACK_STACK = "sans-serif";

export function family(font: string): string {
  return `"${FAMILY_PREFIX}${font}", ${FALLBACK_STACK}`;
}

/**
 * Measures in the real font with the browser's own shaper (kerning on, ligatures off, as the
 * print file sets text), reading each character's place in a hidden line.
 */
export class FontBook implements Measurer {
  readonly info = new Map<string, FontInfo>();
  private readonly metrics = new Map<string, VerticalMetrics>();
  private readonly cache = new Map<string, number[]>();
  private readonly span: HTMLSpanElement;

  constructor(root: ShadowRoot) {
    this.span = document.createElement("span");
    this.span.setAttribute("aria-hidden", "true");
    this.span.className = "measure";
    this.span.style.fontSize = `${MEASURE_PX}px`;
    root.appendChild(this.span);
  }

  /**
   * Loads the fonts as WOFF2, a few at a time and the first (the default) first; one that fails
   * is drawn in the fallback and logged. Metrics come from the server, which reads the file
   * print embeds: a script cannot read a WOFF2's tables.
   */
  async load(api: Api, ids: string[], onEach: () => void): Promise<void> {
    await this.describe(api, ids);
    const queue = [...ids];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const face = new FontFace(`${FAMILY_PREFIX}${id}`, await api.fontWoff2(id));
          await face.load();
          document.fonts.add(face);
          if (!this.metrics.has(id)) this.metrics.set(id, verticalMetrics(await api.fontFile(id)) ?? FALLBACK);
          this.forget(id);
          onEach();
        } catch (error) {
          console.error(`[monogram] font ${id} could not be loaded`, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LOADS, ids.length) }, worker));
  }

  /** Names and metrics of the fonts, in one request for all the store's fonts. */
  private async describe(api: Api, ids: string[]): Promise<void> {
    let listed: FontInfo[] = [];
    try {
      listed = await api.fonts();
    } catch (error) {
      console.error("[monogram] the font list could not be loaded", error);
    }
    const byId = new Map(listed.map((info) => [info.id, info]));
    await Promise.all(
      ids.map(async (id) => {
        // A font no longer listed (an older design's) is still described, when the key may read it.
        const info = byId.get(id) ?? (await api.font(id).catch(() => undefined));
        if (!info) return;
        this.info.set(id, info);
        if (typeof info.ascent === "number" && typeof info.descent === "number") {
          this.metrics.set(id, { ascent: info.ascent, descent: info.descent });
        }
      }),
    );
  }

  label(id: string): string {
    const info = this.info.get(id);
    if (!info) return id;
    return info.style && !/^regular$/i.test(info.style) ? `${info.family} ${info.style}` : info.family;
  }

  ascent(font: string): number {
    return (this.metrics.get(font) ?? FALLBACK).ascent;
  }

  descent(font: string): number {
    return (this.metrics.get(font) ?? FALLBACK).descent;
  }

  advances(font: string, text: string): number[] {
    const key = `${font}\u0000${text}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.measure(font, text);
      this.cache.set(key, found);
    }
    return found;
  }

  private forget(font: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${font}\u0000`)) this.cache.delete(key);
  }

  private measure(font: string, text: string): number[] {
    const span = this.span;
    span.style.fontFamily = family(font);
    span.textContent = text;
    const node = span.firstChild;
    if (!node) return [];
    const range = document.createRange();
    const starts: number[] = [];
    let offset = 0;
    for (const char of text) {
      range.setStart(node, offset);
      range.setEnd(node, offset + char.length);
      starts.push(range.getBoundingClientRect().left);
      offset += char.length;
    }
    const end = span.getBoundingClientRect().right;
    const left = span.getBoundingClientRect().left;
    // Positions from the line's start, so per-character rounding does not add up.
    return starts.map((start, index) => {
      const next = index + 1 < starts.length ? starts[index + 1] : end;
      return ((next - Math.max(start, left)) * 1000) / MEASURE_PX;
    });
  }
}
