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

/**
 * A candidate corner and how far one can go from it along x, y and z before a wall or a placed item:
 * an item put there must be no longer than these reaches on each axis (a cheap test that spares most
 * full overlap checks), and its sides sorted must fit the reaches sorted.
 */
interface Corner {
  x: number;
  y: number;
  z: number;
  rx: number;
  ry: number;
  rz: number;
  /** The reaches sorted longest first. */
  r0: number;
  r1: number;
  r2: number;
}

/** One box being filled. */
export class BoxLayout {
  readonly placements: Placement[] = [];
  /** Candidate corners, kept sorted by z, then y, then x. */
  private corners: Corner[];

  /** `size`: the inner x, y, z extents of the box. */
  constructor(readonly size: Vec3) {
    this.corners = [this.corner(0, 0, 0)];
  }

  /**
   * Places an item (sides sorted longest first) and returns where, or undefined when it cannot fit.
   * `rots` may be passed when the caller keeps the item's rotations.
   */
  place(sides: Vec3, rots: readonly Vec3[] = rotations(sides)): Placement | undefined {
    const H = this.size[2];
    const [s0, s1, s2] = sides;
    const corners = this.corners;
    for (let p = 0; p < corners.length; p++) {
      const c = corners[p]!;
      // Corners are sorted by z: once the shortest side sticks out of the top, no later corner can do.
      if (c.z + s2 > H + EPS) break;
      if (s0 > c.r0 + EPS || s1 > c.r1 + EPS || s2 > c.r2 + EPS) continue;
      for (let r = 0; r < rots.length; r++) {
        const [dx, dy, dz] = rots[r]!;
        if (dx > c.rx + EPS || dy > c.ry + EPS || dz > c.rz + EPS) continue;
        if (this.collides(c.x, c.y, c.z, dx, dy, dz)) continue;
        const placement: Placement = { x: c.x, y: c.y, z: c.z, dx, dy, dz };
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
    // The used corner, and any corner inside the new item, can no longer take anything; the others
    // may now reach less far.
    const corners = this.corners;
    let kept = 0;
    for (let i = 0; i < corners.length; i++) {
      const k = corners[i]!;
      if (i === used || inside(k.x, k.y, k.z, c)) continue;
      this.shorten(k, c);
      corners[kept++] = k;
    }
    corners.length = kept;
    this.addCorner(c.x + c.dx, c.y, c.z);
    this.addCorner(c.x, c.y + c.dy, c.z);
    this.addCorner(c.x, c.y, c.z + c.dz);
  }

  private corner(x: number, y: number, z: number): Corner {
    const [L, W, H] = this.size;
    const k: Corner = { x, y, z, rx: L - x, ry: W - y, rz: H - z, r0: 0, r1: 0, r2: 0 };
    for (const b of this.placements) this.shorten(k, b);
    sortReaches(k);
    return k;
  }

  /** Cuts a corner's reaches at an item that lies across them. */
  private shorten(k: Corner, b: Placement): void {
    const onX = b.x <= k.x + EPS && k.x < b.x + b.dx - EPS;
    const onY = b.y <= k.y + EPS && k.y < b.y + b.dy - EPS;
    const onZ = b.z <= k.z + EPS && k.z < b.z + b.dz - EPS;
    let changed = false;
    if (onY && onZ && b.x >= k.x - EPS && b.x - k.x < k.rx) {
      k.rx = Math.max(0, b.x - k.x);
      changed = true;
    }
    if (onX && onZ && b.y >= k.y - EPS && b.y - k.y < k.ry) {
      k.ry = Math.max(0, b.y - k.y);
      changed = true;
    }
    if (onX && onY && b.z >= k.z - EPS && b.z - k.z < k.rz) {
      k.rz = Math.max(0, b.z - k.z);
      changed = true;
    }
    if (changed) sortReaches(k);
  }

  private addCorner(x: number, y: number, z: number): void {
    const [L, W, H] = this.size;
    if (x >= L - EPS || y >= W - EPS || z >= H - EPS) return;
    for (const placed of this.placements) if (inside(x, y, z, placed)) return;
    const corners = this.corners;
    let i = 0;
    while (i < corners.length) {
      const k = corners[i]!;
      if (Math.abs(k.x - x) < EPS && Math.abs(k.y - y) < EPS && Math.abs(k.z - z) < EPS) return;
      if (
        k.z > z + EPS ||
        (Math.abs(k.z - z) < EPS && (k.y > y + EPS || (Math.abs(k.y - y) < EPS && k.x > x)))
      )
        break;
      i++;
    }
    corners.splice(i, 0, this.corner(x, y, z));
  }
}

function sortReaches(k: Corner): void {
  const [a, b, c] = sortedSides([k.rx, k.ry, k.rz]);
  k.r0 = a;
  k.r1 = b;
  k.r2 = c;
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
