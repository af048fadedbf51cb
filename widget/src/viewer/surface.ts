/** Where a print area sits on the model: which materials are areas, and the spot a UV lands on. */

export type Vec3 = [number, number, number];

/** Material name → print area id, from the product's area → material map. */
export function areasByMaterial(materials: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(materials).map(([area, material]) => [material, area]));
}

/**
 * The point of a triangle mesh whose texture coordinate is (u, v), and the outward normal of its
 * triangle (glTF front faces wind counter-clockwise), or null when no triangle covers (u, v).
 * With glTF's convention v grows downwards in the image, as y does in the design.
 */
export function pointAtUv(
  positions: ArrayLike<number>,
  uvs: ArrayLike<number>,
  index: ArrayLike<number> | null,
  u: number,
  v: number,
): { point: Vec3; normal: Vec3 } | null {
  const count = index ? index.length : positions.length / 3;
  const vertex = (i: number) => (index ? index[i] : i);
  for (let t = 0; t + 2 < count; t += 3) {
    const [a, b, c] = [vertex(t), vertex(t + 1), vertex(t + 2)];
    const weights = barycentric(u, v, uvs[2 * a], uvs[2 * a + 1], uvs[2 * b], uvs[2 * b + 1], uvs[2 * c], uvs[2 * c + 1]);
    if (!weights) continue;
    const p = (i: number): Vec3 => [positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]];
    const [pa, pb, pc] = [p(a), p(b), p(c)];
    const point = [0, 1, 2].map((k) => weights[0] * pa[k] + weights[1] * pb[k] + weights[2] * pc[k]) as Vec3;
    const normal = normalise(cross(sub(pb, pa), sub(pc, pa)));
    if (normal) return { point, normal };
  }
  return null;
}

function barycentric(
  u: number, v: number,
  ax: number, ay: number, bx: number, by: number, cx: number, cy: number,
): [number, number, number] | null {
  const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
  if (Math.abs(det) < 1e-12) return null; // a degenerate triangle in UV space covers nothing
  const wa = ((by - cy) * (u - cx) + (cx - bx) * (v - cy)) / det;
  const wb = ((cy - ay) * (u - cx) + (ax - cx) * (v - cy)) / det;
  const wc = 1 - wa - wb;
  const epsilon = -1e-9;
  return wa >= epsilon && wb >= epsilon && wc >= epsilon ? [wa, wb, wc] : null;
}

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalise(a: Vec3): Vec3 | null {
  const length = Math.hypot(a[0], a[1], a[2]);
  return length > 1e-12 ? [a[0] / length, a[1] / length, a[2] / length] : null;
}
