/**
 * Geometric placement of boxes in a box, by extreme points (Crainic, Perboli & Tadei, 2008): every
 * item is put at the lowest, then deepest, then leftmost corner left by the items before it where one
 * of its six rotations lies inside the box and overlaps nothing. Items never overlap and never pass
 * the box's inner walls.
 */

/** x, y, z extents (or coordinates) in centimetres. */
export type Vec3 = readonly [number, number, number];

export interface Placement {
  x: number;
  y: number;
  z: number;
  /** The item's extents along x, y, z in the rotation it was placed in. */
  dx: number;
  dy: number;
  dz: number;
}

/** Measurements carry float noise (inches × 2.54); touching faces must not count as overlapping. */
const EPS = 1e-9;

/** Sides sorted longest first. */
export function sortedSides(d: Vec3): Vec3 {
  const [a, b, c] = d;
  if (a >= b) {
    if (b >= c) return [a, b, c];
    return a >= c ? [a, c, b] : [c, a, b];
  }
  if (a >= c) return [b, a, c];
  return b >= c ? [b, c, a] : [c, b, a];
}

/**
 * The distinct rotations of an item, flattest first (a low item leaves a level top for the next).
 * `sides` must be sorted longest first.
 */
export function rotations(sides: Vec3): Vec3[] {
  const [a, b, c] = sides;
  const all: Vec3[] = [
    [a, b, c],
    [b, a, c],
    [a, c, b],
    [c, a, b],
    [b, c, a],
    [c, b, a],
  ];
  const seen = new Set<string>();
  return all.filter((r) => {
    const key = r.join("x");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether an item fits a box of `size` in some rotation; both sorted longest first. */
export function fitsInside(sides: Vec3, size: Vec3): boolean {
  return sides[0] <= size[0] + EPS && sides[1] <= size[1] + EPS && sides[2] <= size[2] + EPS;
}

export function overlaps(a: Placement, b: Placement): boolean {
  return (
    a.x < b.x + b.dx - EPS &&
    b.x < a.x + a.dx - EPS &&
    a.y < b.y + b.dy - EPS &&
    b.y < a.y + a.dy - EPS &&
    a.z < b.z + b.dz - EPS &&
    b.z < a.z + a.dz - EPS
  );
}

/** One box being filled. */
export class BoxLayout {
  readonly placements: Placement[] = [];
  /** Candidate corners, kept sorted by z, then y, then x. */
  private points: [number, number, number][] = [[0, 0, 0]];

  /** `size`: the inner x, y, z extents of the box. */
  constructor(readonly size: Vec3) {}

  /**
   * Places an item (sides sorted longest first) and returns where, or undefined when it cannot fit.
   * `rots` may be passed when the caller keeps the item's rotations.
   */
  place(sides: Vec3, rots: readonly Vec3[] = rotations(sides)): Placement | undefined {
    const [L, W, H] = this.size;
    const shortest = sides[2];
    const points = this.points;
    for (let p = 0; p < points.length; p++) {
      const [x, y, z] = points[p]!;
      // Points are sorted by z: once the shortest side sticks out of the top, no later point can do.
      if (z + shortest > H + EPS) break;
      if (x + shortest > L + EPS || y + shortest > W + EPS) continue;
      for (let r = 0; r < rots.length; r++) {
        const [dx, dy, dz] = rots[r]!;
        if (x + dx > L + EPS || y + dy > W + EPS || z + dz > H + EPS) continue;
        if (this.collides(x, y, z, dx, dy, dz)) continue;
        const placement: Placement = { x, y, z, dx, dy, dz };
        this.commit(placement, p);
        return placement;
      }
    }
    return undefined;
  }

  private collides(x: number, y: number, z: number, dx: number, dy: number, dz: number): boolean {
    const placed = this.placements;
    // Newest first: a corner is usually blocked by the item that made it.
    for (let i = placed.length - 1; i >= 0; i--) {
      const b = placed[i]!;
      if (
        x < b.x + b.dx - EPS &&
        b.x < x + dx - EPS &&
        y < b.y + b.dy - EPS &&
        b.y < y + dy - EPS &&
        z < b.z + b.dz - EPS &&
        b.z < z + dz - EPS
      )
        return true;
    }
    return false;
  }

  private commit(c: Placement, used: number): void {
    this.placements.push(c);
    // The used corner, and any corner inside the new item, can no longer take anything.
    const pts = this.points;
    let kept = 0;
    for (let i = 0; i < pts.length; i++) {
      const pt = pts[i]!;
      if (i === used || inside(pt[0], pt[1], pt[2], c)) continue;
      pts[kept++] = pt;
    }
    pts.length = kept;
    const [L, W, H] = this.size;
    this.addPoint(c.x + c.dx, c.y, c.z, L, W, H);
    this.addPoint(c.x, c.y + c.dy, c.z, L, W, H);
    this.addPoint(c.x, c.y, c.z + c.dz, L, W, H);
  }

  private addPoint(x: number, y: number, z: number, L: number, W: number, H: number): void {
    if (x >= L - EPS || y >= W - EPS || z >= H - EPS) return;
    for (const placed of this.placements) if (inside(x, y, z, placed)) return;
    const pts = this.points;
    let i = 0;
    while (i < pts.length) {
      const [px, py, pz] = pts[i]!;
      if (Math.abs(px - x) < EPS && Math.abs(py - y) < EPS && Math.abs(pz - z) < EPS) return;
      if (pz > z + EPS || (Math.abs(pz - z) < EPS && (py > y + EPS || (Math.abs(py - y) < EPS && px > x))))
        break;
      i++;
    }
    pts.splice(i, 0, [x, y, z]);
  }
}

/** Whether a corner lies in an item's space (its far faces excluded: a corner there is free). */
function inside(x: number, y: number, z: number, c: Placement): boolean {
  return (
    x >= c.x - EPS &&
    x < c.x + c.dx - EPS &&
    y >= c.y - EPS &&
    y < c.y + c.dy - EPS &&
    z >= c.z - EPS &&
    z < c.z + c.dz - EPS
  );
}

/** Whether all items (sides sorted longest first, in the order given) can be placed in one box. */
export function packsInto(size: Vec3, items: readonly { sides: Vec3; rots?: readonly Vec3[] }[]): boolean {
  const layout = new BoxLayout(size);
  for (const item of items) if (!layout.place(item.sides, item.rots)) return false;
  return true;
}
