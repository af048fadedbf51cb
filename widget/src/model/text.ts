/**
 * Text layout ported from backend/monogram/rendering/text.py, so the editor breaks, shrinks and
 * places lines exactly where the print file does. Measuring is injected: the browser measures
 * with the real font, tests with a fake one.
 *
 * Units follow the backend: points, box origin at the bottom-left, y up.
 */

import type { Align, TextObject } from "./types";
import { normalizeText, pt } from "./units";

/** The smallest size shrink goes down to: below it, text is unreadable in print. */
export const MIN_SHRINK_SIZE = 4.0;
/** Shrink searches sizes in tenths of a point, the finest step a designer's size field offers. */
export const SIZE_STEPS_PER_PT = 10;
/** Widths are sums of floats; a line that fits exactly must not be reported as overflowing. */
export const TOLERANCE = 0.01;
/** An arc line closer to its centre than this would turn inside out; it is held at this radius. */
export const MIN_ARC_RADIUS = 1.0;

/** Font metrics in thousandths of an em, the unit of PDF glyph widths. */
export interface Measurer {
  /** Each character's kerned advance in a line of the font (one entry per code point). */
  advances(font: string, text: string): number[];
  /** Ascender above the baseline (OS/2 typo ascender), positive. */
  ascent(font: string): number;
  /** Descender below the baseline (OS/2 typo descender), positive. */
  descent(font: string): number;
}

export interface Row {
  text: string;
  /** Baseline origin in the box. */
  x: number;
  y: number;
  /** Extra space after each space character, for justified lines. */
  wordSpace: number;
  /** Set width (kerned advances plus letter spacing between characters). */
  width: number;
  /** Pen position of each character from the row's x, word and letter spacing included. */
  offsets: number[];
}

export interface Glyph {
  char: string;
  x: number;
  y: number;
  /** Turn in degrees, anticlockwise as in PDF (y up). */
  angle: number;
  width: number;
}

export interface TextLayout {
  size: number;
  lines: string[];
  overflows: boolean;
  widthPt: number;
  heightPt: number;
  /** Height of one line box. */
  leading: number;
  /** Distance from a line box's top down to its baseline. */
  above: number;
  rows: Row[];
  glyphs: Glyph[];
  /** For curved text, the glyphs of each line (indices into glyphs). */
  lineGlyphs: number[][];
}

interface Style {
  font: string;
  text: string;
  align: Align;
  valign: "top" | "middle" | "bottom";
  lineHeight: number;
  letterSpacing: number;
  fit: string;
  radius: number | null;
  measurer: Measurer;
}

interface Box {
  width: number;
  height: number;
}

function styleOf(obj: TextObject, measurer: Measurer): Style {
  return {
    font: obj.font,
    text: normalizeText(obj.text),
    align: obj.align ?? "left",
    valign: obj.valign ?? "top",
    lineHeight: obj.line_height ?? 1.2,
    letterSpacing: obj.letter_spacing ?? 0,
    fit: obj.fit ?? "none",
    radius: obj.curve ? pt(obj.curve.radius) : null,
    measurer,
  };
}

/** How a text object sets in its own box: the size used, its lines and rows, overflow. */
export function layoutText(obj: TextObject, measurer: Measurer): TextLayout {
  const style = styleOf(obj, measurer);
  const box = { width: pt(obj.width), height: pt(obj.height) };
  return style.fit === "shrink" ? shrink(style, obj.size, box) : set(style, obj.size, box);
}

function chars(text: string): string[] {
  return Array.from(text);
}

function positions(style: Style, text: string, size: number): number[] {
  if (!text) return [];
  const scale = size / 1000;
  return style.measurer.advances(style.font, text).map((advance) => advance * scale);
}

export function stringWidth(
  measurer: Measurer,
  font: string,
  text: string,
  size: number,
  letterSpacing = 0,
): number {
  if (!text) return 0;
  const advances = measurer.advances(font, text).reduce((sum, advance) => sum + advance, 0);
  return (advances * size) / 1000 + letterSpacing * Math.max(chars(text).length - 1, 0);
}

function width(style: Style, text: string, size: number): number {
  return stringWidth(style.measurer, style.font, text, size, style.letterSpacing);
}

/** The largest size, in tenths of a point up to the document's, at which the text fits. */
function shrink(style: Style, size: number, box: Box): TextLayout {
  const whole = set(style, size, box);
  if (!whole.overflows || size <= MIN_SHRINK_SIZE) return whole;
  let low = Math.round(MIN_SHRINK_SIZE * SIZE_STEPS_PER_PT);
  const smallest = set(style, low / SIZE_STEPS_PER_PT, box);
  if (smallest.overflows) return smallest;
  // Bisection: the block only grows with the size, so sizes that fit form one run from low.
  let best = smallest;
  let high = Math.ceil(size * SIZE_STEPS_PER_PT) - 1;
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2);
    const candidate = set(style, middle / SIZE_STEPS_PER_PT, box);
    if (candidate.overflows) {
      high = middle - 1;
    } else {
      low = middle;
      best = candidate;
    }
  }
  return best;
}

function set(style: Style, size: number, box: Box): TextLayout {
  const [lines, wrapped] = breakLines(style, size, box.width);
  if (style.radius === null) return setStraight(style, size, box, lines, wrapped);
  return setCurved(style, size, box, lines);
}

/** The text's lines and, for each, whether it ends at a wrap (where justify stretches it). */
function breakLines(style: Style, size: number, boxWidth: number): [string[], boolean[]] {
  const lines: string[] = [];
  const wrapped: boolean[] = [];
  for (const paragraph of style.text.split("\n")) {
    const broken = style.fit === "wrap" ? wrap(style, size, boxWidth, paragraph) : [paragraph];
    lines.push(...broken);
    broken.forEach((_, index) => wrapped.push(index < broken.length - 1));
  }
  return [lines, wrapped];
}

/** Break a paragraph at spaces to the width; a word longer than the width breaks anywhere. */
function wrap(style: Style, size: number, boxWidth: number, paragraph: string): string[] {
  const fits = (line: string) => width(style, line, size) <= boxWidth + TOLERANCE;
  const lines: string[] = [];
  let line: string | null = null;
  for (const word of paragraph.split(" ")) {
    if (line !== null && fits(`${line} ${word}`)) {
      line = `${line} ${word}`;
      continue;
    }
    if (line !== null) lines.push(line);
    const pieces = fits(word) ? [word] : breakWord(style, size, boxWidth, word, fits);
    lines.push(...pieces.slice(0, -1));
    line = pieces[pieces.length - 1];
  }
  lines.push(line ?? "");
  return lines;
}

/** Pieces of a word too long for the width, each as long as fits, at least a character. */
function breakWord(
  style: Style,
  size: number,
  boxWidth: number,
  word: string,
  fits: (line: string) => boolean,
): string[] {
  const letters = chars(word);
  const places = positions(style, word, size);
  const pieces: string[] = [];
  let start = 0;
  let run = 0;
  places.forEach((advance, index) => {
    if (index > start && run + advance > boxWidth + TOLERANCE) {
      let cut = index;
      // Kerning across the cut is lost once the piece stands alone: check the piece itself.
      while (cut - start > 1 && !fits(letters.slice(start, cut).join(""))) cut -= 1;
      pieces.push(letters.slice(start, cut).join(""));
      start = cut;
      run = places.slice(cut, index).reduce((sum, kept) => sum + kept + style.letterSpacing, 0);
    }
    run += advance + style.letterSpacing;
  });
  pieces.push(letters.slice(start).join(""));
  return pieces;
}

/** Leading and the baseline's place in its line: half the spare leading above the ascent. */
function lineBox(style: Style, size: number): [leading: number, above: number, below: number] {
  const leading = style.lineHeight * size;
  const rise = (style.measurer.ascent(style.font) * size) / 1000;
  const fall = (style.measurer.descent(style.font) * size) / 1000;
  const halfSpare = (leading - rise - fall) / 2;
  return [leading, halfSpare + rise, halfSpare + fall];
}

/** Rows as browsers set them: each line one leading high, its glyphs centred in it. */
function setStraight(
  style: Style,
  size: number,
  box: Box,
  lines: string[],
  wrapped: boolean[],
): TextLayout {
  const [leading, above] = lineBox(style, size);
  const widths = lines.map((line) => width(style, line, size));
  const blockWidth = Math.max(...widths);
  const height = leading * lines.length;
  const top = { top: box.height, middle: (box.height + height) / 2, bottom: height }[style.valign];
  const rows = lines.map((line, index): Row => {
    const lineWidth = widths[index];
    const wordSpace = justifySpace(style.align, box.width, line, lineWidth, wrapped[index]);
    const letters = chars(line);
    const advances = positions(style, line, size);
    const offsets: number[] = [];
    let pen = 0;
    letters.forEach((letter, at) => {
      offsets.push(pen);
      pen += advances[at] + style.letterSpacing + (letter === " " ? wordSpace : 0);
    });
    return {
      text: line,
      x: lineX(style.align, box.width, lineWidth),
      y: top - index * leading - above,
      wordSpace,
      width: lineWidth + wordSpace * (line.split(" ").length - 1),
      offsets,
    };
  });
  const overflows = blockWidth > box.width + TOLERANCE || height > box.height + TOLERANCE;
  return {
    size,
    lines,
    overflows,
    widthPt: blockWidth,
    heightPt: height,
    leading,
    above,
    rows,
    glyphs: [],
    lineGlyphs: [],
  };
}

function lineX(align: Align, boxWidth: number, lineWidth: number): number {
  if (align === "center") return (boxWidth - lineWidth) / 2;
  if (align === "right") return boxWidth - lineWidth;
  return 0; // left, and justify, whose lines run from the left edge
}

function justifySpace(
  align: Align,
  boxWidth: number,
  line: string,
  lineWidth: number,
  endsAtWrap: boolean,
): number {
  // Only lines that end at a wrap are stretched; a paragraph's last line stays ragged.
  const spaces = line.split(" ").length - 1;
  if (align !== "justify" || !endsAtWrap || !spaces || lineWidth > boxWidth) return 0;
  return (boxWidth - lineWidth) / spaces;
}

/**
 * Glyphs laid one by one on arcs around one centre, the first line's baseline on the radius;
 * further lines on concentric arcs one leading lower; the block placed in the box by valign,
 * its arc centre on the box's vertical midline.
 */
function setCurved(style: Style, size: number, box: Box, lines: string[]): TextLayout {
  const [leading, above, below] = lineBox(style, size);
  const glyphs: Glyph[] = [];
  const lineGlyphs: number[][] = [];
  const corners: [number, number][] = [];
  lines.forEach((line, index) => {
    const indices: number[] = [];
    for (const glyph of arcLine(style, size, line, index * leading)) {
      indices.push(glyphs.length);
      glyphs.push(glyph);
      corners.push(...glyphCorners(glyph, above, below));
    }
    lineGlyphs.push(indices);
  });
  const xs = corners.length ? corners.map(([x]) => x) : [0];
  const ys = corners.length ? corners.map(([, y]) => y) : [0];
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const height = maxY - minY;
  const centreX = box.width / 2;
  const centreY = {
    top: box.height - maxY,
    middle: (box.height - maxY - minY) / 2,
    bottom: -minY,
  }[style.valign];
  const placed = glyphs.map((glyph) => ({ ...glyph, x: glyph.x + centreX, y: glyph.y + centreY }));
  const overflows =
    centreX + minX < -TOLERANCE ||
    centreX + maxX > box.width + TOLERANCE ||
    height > box.height + TOLERANCE;
  return {
    size,
    lines,
    overflows,
    widthPt: maxX - minX,
    heightPt: height,
    leading,
    above,
    rows: [],
    glyphs: placed,
    lineGlyphs,
  };
}

/** The glyphs of a line around an arc centre at (0, 0), centred on the top (or bottom) of it. */
function arcLine(style: Style, size: number, line: string, drop: number): Glyph[] {
  const radiusPt = style.radius as number;
  let pen = -width(style, line, size) / 2;
  const bowsUp = radiusPt > 0;
  const radius = Math.max(Math.abs(radiusPt) + (bowsUp ? -drop : drop), MIN_ARC_RADIUS);
  const advances = positions(style, line, size);
  return chars(line).map((char, index) => {
    // A glyph's own width is its advance set alone, without the kerning of its neighbours.
    const glyphWidth = positions(style, char, size)[0];
    const theta = (pen + glyphWidth / 2) / radius;
    // Going right, the tangent turns clockwise over the top and anticlockwise under the bottom.
    const turn = bowsUp ? -theta : theta;
    const midX = radius * Math.sin(theta);
    const midY = radius * Math.cos(theta) * (bowsUp ? 1 : -1);
    // The glyph's origin is half its width back along the tangent from its middle.
    const x = midX - (glyphWidth / 2) * Math.cos(turn);
    const y = midY - (glyphWidth / 2) * Math.sin(turn);
    pen += advances[index] + style.letterSpacing;
    return { char, x, y, angle: (turn * 180) / Math.PI, width: glyphWidth };
  });
}

function glyphCorners(glyph: Glyph, above: number, below: number): [number, number][] {
  const turn = (glyph.angle * Math.PI) / 180;
  const cos = Math.cos(turn);
  const sin = Math.sin(turn);
  const corners: [number, number][] = [];
  for (const u of [0, glyph.width]) {
    for (const v of [-below, above]) {
      corners.push([glyph.x + u * cos - v * sin, glyph.y + u * sin + v * cos]);
    }
  }
  return corners;
}
