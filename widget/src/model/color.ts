/**
 * Document colours on screen.
 *
 * CMYK (and a spot colour's CMYK fallback) is shown as the proof shows it: the proof is the
 * print PDF rasterised by pdfium, which turns DeviceCMYK into sRGB with Adobe's conversion
 * table. That table is sampled here at five levels per ink (0, 25, 50, 75, 100 %) and read by
 * interpolating between the sixteen nearest samples: within a few levels of the proof, at the
 * cost of 2 KB, where the naive 255 × (1 − c)(1 − k) would show 100 % black as pure black
 * instead of the proof's dark grey. RGB colours are shown as they are.
 */

import type { Color } from "./types";

const LEVELS = 5;
// (c, m, y, k) samples in that nesting order, 3 bytes (r, g, b) each.
const TABLE_B64 =
  "////x8jKk5WYY2NmIx8g//vMycajlpN6Y2JQIR0R//eay8N6lpFbZGA5HhsB//Rhy8BOlo84ZF8dGxsA//EBy74Blo0AY10AGRoA+czfw6CykneGYk1YIwwV/Mm0xZ+QknVrYkxFIQwD/caJxpxuknRQYUsvHwsA/sRZxppGknIwYUoVHAoA/sIQxpkIknEAYkkAGwoA9JnCwHmbj1lzYTZLIwAH9pidwXh+j1hcYTY6IgAB9pd6wnZgkFZFXzUnIAAA95VRwXU+j1YqYDQNHQAA95MdwnQUkFUAYDQAGwAA8WanvU+FjTZiYBo/HwAB8WaHvk9sjTdOYBsuHQAA8WZqvU5SjTc6XhsdHAAA8mZIvk84jTciXhwHGwAA82Qhvk4WjTcAXh0AGwAA7QKMugFwjQBSXwAxFQAA7QNyuwFaiwBAXwAjFQAA7hBZugdFiwEvXQAUFQAA7RpAugwwigEbXQAAFQAA7h0juxAYiwICXQAAFwAAueX6krbHbIiVRlpkCxoiwOLKl7OiboV5R1lQCBkUxN+bmrB8cYNbSFc6BRgBx9xom69UcYE7SFUhARgAytsqna0gcoAQSVUAARcAu7falZOwb22ESUZZEAUXwLazmZGQcWxrSUZFDgYHw7SLmY9ucWpRSUQxCgcAxLJgmo1LcWk1SUQaAwcAx7EtnIwgcmgQSUMAAQgAvYy/lnCacFJzSjFLDQALwIudmG99cVFcSjA6CgABwop7mW5hcVBGSjAoBwAAw4pXmW1DcE8uSTASBQAAxIkvmmwgcU8OSTAAAwAAvWCmlkqEcTNjShY/AgABwGCJmEpscDRPShcwAQAAwWBrmEtUcTQ8ShggAQAAwWBOmEs7cTQnSRkLAQAAwmAumUofcDQLSRoAAQAAvBuNlgNwcQBSSwAzAQAAvx91lwxccQBDSwAlAQAAvyNdlxVIcAExSgAXAQAAvyZFlxgzcAIfSQADAQAAwCYtmBoebwcJSQAAAQAAa8/2VqXEPHuTIFJkABUieszIX6OhRHp4JFFPABUVgMqcZqF9R3hcJ087ABUEhchvaJ5XSXZAKU4lABQAi8Y+bJ4vS3UgKk4GABMAfKfYY4auSWSDK0BYAAEZhKaxaoWPTGNrLT9FAAEKiqSMbINvT2JSLj4yAAEAjKNlboJPT2A4Lz4eAAEAkKI8cIEuT18bLz0BAAEAh4G9a2eYT0pyMStLAAANjIGcb2d9UUpdMiw7AAABjoB8cWZiUkpHMiwqAAAAkH9bcmVHUkkwMiwWAAAAk386c2QqU0kXMiwAAAAAjVumcEeEUi9jNRJAAQABkFuJckdtVDBRNRMxAQAAkltuckdWUzE+NRYiAQAAk1xSc0c+VDEqNBcQAAAAlFs2dUcnVDETNBcAAAAAkCaPdBJyVgBUNgA1AAAAkyh3dRdeVgBENgAnAAAAkytgdRxLVgU0NgAZAAAAlC1KdR83VQoiNQAHAAAAli4zdiAjVQ0ONAAAAAAAAb3yAZfCAHGTAEpjABAjA7rGAZWeAW93AEpQAA4XA7idA5N9AW5cAEk8AA0GK7VyH5FbAW1DAEgnAAsAOrVKJpA5CGwoAEgPAAsAHZnWGHurAVuCADpXAAEaOJmxK3qOF1tqATlGAAEKRJeMMnlwHVpSATk0AAEAS5ZpN3hTIlk7ATkgAAEAUZVFPHc1JFgjAzgKAAEASni9OWCXJkVyDCdLAAAPUnicQF99KkVdESc7AAABVnd9Ql9jLUVIEygrAAAAWXdfRl5JLkQzFCgZAAAAXXZBSF0wL0QdFCgCAAAAWlelSEOEMixjGQ9AAAACX1eKS0NtNS1RGhEyAAAAYVhwTERYNS4/GhMjAAAAZFdVTURBNS4sGxUTAAAAZVc8T0QsNS8ZGhYAAAAAZS2RUBp0OwBWHwA3AAABaC55Uh5gOgZGIAApAAAAaDBjUiBNOgs2IAAbAAAAaTJMUyI5Og8lIAALAAAAajM2UyMmOhATHgAAAAAAAK7vAIvAAGmRAERiAAQkAKvFAIqeAGd2AERPAAUXAKmdAIh+AGZdAEQ8AAQGAKd2AIdeAGVFAEMpAAQAAKVPAIVAAGUuAEQVAAQAAI/VAHOrAFSAADRWAAAaAI2wAHKNAFRpADVFAAAKAIyMAHBwAFNTADQ0AAAAAItqAG9VAFM+ADQjAAAAAItMAG86AFIoADQPAAAAAHK8AFmWAEBxACJLAAAPAHGbAFl9AEBcACM8AAABAXB+AFlkAEBJACMsAAAAAW9gAVhMAEA1ACQbAAAAAW9FAVg0AD8iACQHAAAAAVSmAUCGAClkAAxAAAAEAVSKAkBuACtRAA8zAAAAEVRxB0FZACxBABEkAAAAGlRXEUFDASwuABMVAAAAIFQ/FUEvASwcABIBAAAALjCSJCB2EQZYAAA3AAABMDJ7JSFhFQtHAAAqAAAANDRkJiNPEw84AAAcAAAANDVOJyU8FhEnAAAMAAAANjU5KSUpFhMXAQAAAAAA";

let table: Uint8Array | null = null;

function samples(): Uint8Array {
  if (!table) {
    const raw = atob(TABLE_B64);
    table = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) table[i] = raw.charCodeAt(i);
  }
  return table;
}

/** sRGB [r, g, b] (0–255) of CMYK inks given in percent. */
export function cmykToRgb(cmyk: number[]): [number, number, number] {
  const data = samples();
  const steps = LEVELS - 1;
  const lows: number[] = [];
  const fractions: number[] = [];
  for (const ink of cmyk) {
    const at = (Math.min(100, Math.max(0, ink)) / 100) * steps;
    const low = Math.min(Math.floor(at), steps - 1);
    lows.push(low);
    fractions.push(at - low);
  }
  const out = [0, 0, 0];
  for (let corner = 0; corner < 16; corner += 1) {
    let weight = 1;
    let index = 0;
    for (let ink = 0; ink < 4; ink += 1) {
      const high = (corner >> (3 - ink)) & 1;
      weight *= high ? fractions[ink] : 1 - fractions[ink];
      index = index * LEVELS + lows[ink] + high;
    }
    if (weight === 0) continue;
    for (let channel = 0; channel < 3; channel += 1) out[channel] += weight * data[index * 3 + channel];
  }
  return [Math.round(out[0]), Math.round(out[1]), Math.round(out[2])];
}

/** A CSS colour for a document colour. */
export function cssColor(color: Color | null | undefined): string {
  if (!color) return "none";
  if ("rgb" in color) return color.rgb;
  const [r, g, b] = cmykToRgb(color.cmyk);
  return `rgb(${r},${g},${b})`;
}

export function sameColor(a: Color | null | undefined, b: Color | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
