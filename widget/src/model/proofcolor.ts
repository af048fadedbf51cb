/**
 * Photos as the proof shows them on a CMYK print area.
 *
 * The print file turns an RGB photo into press CMYK (FOGRA39 profile, relative colorimetric
 * with black point compensation) and the proof shows that CMYK through pdfium's conversion
 * back to screen RGB; saturated blues, greens and reds come back visibly duller. The round
 * trip is sampled here on a 9 × 9 × 9 grid of RGB colours and read by trilinear
 * interpolation: about 1.4 / 255 from the proof on average, where showing the photo as it is
 * would be about 16 / 255 off.
 */

const LEVELS = 9;
// (r, g, b) samples in that nesting order, 3 bytes (r, g, b) each.
const LUT_B64 =
  "AAACAAEbBglJFiBpJDSKJT+YGUadEU+iClanABcAABEUABlDByVnGzaHHkGZFEqgC1KkE1mpAUQOAEEbAD8+BT9jDkaEDlGhFVenGluqG2GuA2UkA2IpAGFBAWFfBF1/AGOgFWm0G2u1Gm+4G4g3EoU4D4NEA4FkAYB9B36cFn+6KH/DMYHDMqtGK6lHIKdQGaVoC6OFBaGeEJ+7GJzTM5nURLdKQbZNN7VTN7ZrMrmILbyeLb25Jr/YLrnoWLpLVrpOWLtYX710ZsGNasWga8e0asjHX8reZ71La75TcsJrfMaHhcuajs+slNK9mNXLldbXCwADEAAZFgJIIhtqKjGLLDyXIUGaGE2hEVamEhIAEA4NCxdDFR1mJzSJJD2YHUifE1GjGFmoE0EKCD0VDzs7Ej1iFUWGHE+hHVamG1uqH2GuFGMgC2InDGBAEmBfDlx/EGGfHmm0Imu1JG+4JoY0G4Q2EoJEAIBjFn9+GH2bIX65Mn/CN4DDOKpFMKlGJadRH6VnDqKEEaCdHJ67IJvTPJjTSbdJRbdMPrZTPrdsOLqIM7yfNL66Lr7YNrjoXLtLWbpOXLtYYr51aMKNbcahbse1bMnIYMrfar1Lbb9Tc8Jrf8aHh8ubj8+tl9O9m9bLltbYPQAAOwAcPQJIPxRpQyyLOzSUMT6ZJEmfIVWlPBIAOg8SOxBBORpmQS6MNzqXMkScJU+iJVioOTsENTcRNTY5NjpgN0GEOUugNFSkL1qpLWGuN2EXNF8fMF4+M1pbOFp9MWCeOWeyO2u0K262PoMvNYIzL39BNn5gNH18N3uaO323Rn7BRYDCSKlBQadCO6VONqNlKqCCN6CdOZy6O5rRTJfRVblIUrlLSrhUSLlsSruISLyfRL67Q73YSLfnZLxLYrxNZL1XacB1bsOOc8eidMm2ccrKZ8zib79KcsBSeMRrg8iIjM2ck9Cum9S+n9fNm9fZZwEHZAAgYQJHXw5pYSmKVDKTSjyYQ0mfPlWkYxgCYg0WYA5AWxRkXCuHUzaVTEObRU+hP1inXzsAXzkUXTc5WDlfWkCFWEqdUFOjSluoQWGtWVwNVFgXVVc5VVZYVFd7WWGgWWavVGqyT2+2V38jVX4rUnxAT3pbUHh4VXiZWnu3Xn6/W4DBYKU6XKM8WKFIVZ9kV5+AU5uaU5q6XJjPZJbPaLxFZbxJYrtTYbxsYL2HXL6fW766V7zYXLbmcL9Jb79Mbr9Wc8N1ecaOfMmjfsu4e83Ncc7leMFKesJSgcZsisqKks6em9OwotfApNnPotrchgkNgwcmgAJDegVnfCaKbzGUYz+ZW02gVVelghgFgRMefxI+ehRjeimJcTiWZUacXlKiWFqngD8IfjwWfTk6fDldeD6Ddkqca1SjZFyoXWOte1kEeVcXeVY5elVWd1h7eGGgdGatbWuxZ3C1dHoWc3ggdXc7dXVYc3R1cnSXdny5dX29cIC/eKAwdp40c5xEcJphb5l7cpaWcJW3d5fOeZXMfL9Aer5DeL9Rdb9rdb6HdLyec7u5cLrXebPhgMNFf8NJfMNSgsd1hsqPic2kis+6h9HRgNDoiMZLiMZRjspql86JndGfptazrNrDr93SrN3gpRUaowoqoApGnwxoliOHiDOTfEGZc1CgbFunoSAUnxMfnBQ/nBhilSiGijmVfUicdVWjb16pnkIQnD4emzs9nDldlj2DkEudglejel+pc2atnFwLmlsbmlo8mVpZmVt7kmCcimetgW2xenK1l3kTl3cemHc7l3VXl3NzlXaXj3u0in+8hIK+lJoek5kqk5hBkpVdkpR2kZKTkJO2kJbKj5bKl786lL48k71Mkbxnj7qBj7mZkLa2j7TUlbLcl8pBlclGlMpSl81xmc+OnNGkndO8mtXVk9Xum8xKnMxOn85lpNKFqtafstq0ud/GvOHWuuLlxhkdxBUswQxHwQZmuhuKozOTk0WZiVSigmCpxCQawiEowBhFvhRiux+IpjqVlUudi1mlg2OqwUQav0AkvTxCvTpeuz6BrEubm1mkj2KqhmmuvGQbvGEiu18/u15cu118tmKhpGqslnGxjna1unsWunokunk+uXhauXd3uXqXsH62ooK7mYa+uJcVt5cjt5U/tpVctpR2tpKRtpS1rJfHpJnKtL0stLw0tLtGs7lhtrl8tbaVsbKzsLXWrbTatNI4s9I+s9NPtNRstNaJtNehtNm7ttbWtNPrttREt9RHuNZYu9h5vt2Zw+C0yeXJzujby+nr5isn4yQv4h5M4RRp2xqHxC+Trkaan1mjlWOq5TUm4y4r4SlJ3yNl3h+ExzeVr0ydol2ml2is404j4Ucq4ENE4kRk4kOEzkuatlqjpmaqm2+v4Goj4GYs4GRE32Nh3mJ/12Scwmuqr3Sxo3u23YAd3oAo3X9C3H1g3H17232Yz4C1uoW6roq/2poi25oq2plC2Zdg2pZ425aU1pe0yJrGuZ3K2bob2Lkr2bhD2bdf2LV42bWU17Ox1LXPx7bY1twx1twx1ttL19tn2dqC2Nmd2di31dTV0dTq1+At1+A61uBI2OJr2uWM3Oio3ezF4vDg5PLy7iok7iMs7RpD7RRe7RB+5CqSzEaZuVujrGir7zUj7i4s7SVB7iBd7Rt85jKS0E2cu1+mrmys8Ewi70gr7kFB7kJf8EZ86UqV2FuiwWipsnOw82gi8mUo8mZE8GVh8GuB8Gaa42yqyXawuX+384Qp84Ix84FH84Fj84F984GY6YOw1om6xI/A9Jwn9pwz9ptK+Jxm9pt/9pqZ8pq05J3FzqLK+rwl+7ww+7tI+7pj+Lh+9LeZ8re17LjM3rvY9N0n9d0z9t1I9ttm9tqC9dib8te489fW7Nnn9+4Z9+4i9+879u5f9fCC9PGe9PS/+Pjc////";

// Distances in the table between neighbouring samples along r, g and b.
const STEP_R = LEVELS * LEVELS * 3;
const STEP_G = LEVELS * 3;
const STEP_B = 3;

let lut: Uint8Array | null = null;

function samples(): Uint8Array {
  if (!lut) {
    const raw = atob(LUT_B64);
    lut = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) lut[i] = raw.charCodeAt(i);
  }
  return lut;
}

/** Turns RGBA pixels (as ImageData holds them) into their proof colours, in place; alpha stays. */
export function proofPixels(pixels: Uint8ClampedArray): void {
  const data = samples();
  const steps = LEVELS - 1;
  const plane = LEVELS * LEVELS;
  for (let p = 0; p < pixels.length; p += 4) {
    const fr = (pixels[p] * steps) / 255;
    const fg = (pixels[p + 1] * steps) / 255;
    const fb = (pixels[p + 2] * steps) / 255;
    const r0 = Math.min(fr | 0, steps - 1);
    const g0 = Math.min(fg | 0, steps - 1);
    const b0 = Math.min(fb | 0, steps - 1);
    const dr = fr - r0;
    const dg = fg - g0;
    const db = fb - b0;
    const base = (r0 * plane + g0 * LEVELS + b0) * 3;
    for (let channel = 0; channel < 3; channel += 1) {
      const i = base + channel;
      const c00 = data[i] * (1 - db) + data[i + STEP_B] * db;
      const c01 = data[i + STEP_G] * (1 - db) + data[i + STEP_G + STEP_B] * db;
      const c10 = data[i + STEP_R] * (1 - db) + data[i + STEP_R + STEP_B] * db;
      const c11 = data[i + STEP_R + STEP_G] * (1 - db) + data[i + STEP_R + STEP_G + STEP_B] * db;
      const c0 = c00 * (1 - dg) + c01 * dg;
      const c1 = c10 * (1 - dg) + c11 * dg;
      pixels[p + channel] = c0 * (1 - dr) + c1 * dr;
    }
  }
}
