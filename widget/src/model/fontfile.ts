/** The vertical metrics reportlab reads from a font file, so line boxes match the print file's. */

export interface VerticalMetrics {
  /** Thousandths of an em, both positive. */
  ascent: number;
  descent: number;
}

/**
 * Ascent and descent as reportlab's TTFontFace takes them: the OS/2 typographic ascender and
 * descender, or head's yMax and yMin in a font without OS/2; null for files it cannot read
 * (WOFF and other wrappers).
 */
export function verticalMetrics(buffer: ArrayBuffer): VerticalMetrics | null {
  const view = new DataView(buffer);
  if (view.byteLength < 12) return null;
  const version = view.getUint32(0);
  // TrueType 1.0, 'OTTO' (CFF) and Apple's 'true'.
  if (version !== 0x00010000 && version !== 0x4f54544f && version !== 0x74727565) return null;
  const tables = new Map<string, number>();
  const count = view.getUint16(4);
  for (let index = 0; index < count; index += 1) {
    const record = 12 + index * 16;
    if (record + 16 > view.byteLength) return null;
    const tag = String.fromCharCode(
      view.getUint8(record),
      view.getUint8(record + 1),
      view.getUint8(record + 2),
      view.getUint8(record + 3),
    );
    tables.set(tag, view.getUint32(record + 8));
  }
  const head = tables.get("head");
  if (head === undefined) return null;
  const unitsPerEm = view.getUint16(head + 18);
  const scale = 1000 / unitsPerEm;
  const os2 = tables.get("OS/2");
  if (os2 !== undefined) {
    return { ascent: view.getInt16(os2 + 68) * scale, descent: -view.getInt16(os2 + 70) * scale };
  }
  return { ascent: view.getInt16(head + 42) * scale, descent: -view.getInt16(head + 38) * scale };
}
