/** Physical units of the design document: millimetres for geometry, points for type. */

export const POINTS_PER_MM = 72 / 25.4;

export function pt(mm: number): number {
  return mm * POINTS_PER_MM;
}

export function mm(points: number): number {
  return points / POINTS_PER_MM;
}

/** Python's round(): halves go to the even neighbour, so pixel windows match the backend's. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Python's round(value, digits) for the figures preflight compares (exact enough for 6 digits). */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return roundHalfEven(value * factor) / factor;
}

/** Text as the renderer reads it: composed accents, one kind of line break. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n/g, "\n").normalize("NFC");
}

/** Characters as the shopper counts them (and preflight's max_chars): code points, no line breaks. */
export function charCount(text: string): number {
  return Array.from(normalizeText(text).replace(/\n/g, "")).length;
}
