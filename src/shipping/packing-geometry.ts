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

/** Cells per axis of a box's lookup grid. */
const GRID = 10;
const NONE: readonly number[] = [];
/** Widening of grid lookups, far above EPS, so an item on a cell border is found from both sides. */
const SLACK = 1e-6;
/** Items in a box before the grid pays for itself. */
const GRID_FROM = 48;

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
  /**
   * Once a box holds many items, a coarse grid over it: each cell lists the placements (by index) that
   * touch it, so overlap and reach checks look at neighbours only (hundreds of small units per box).
   * Few items are faster to scan one by one.
   */
  private cells: (number[] | undefined)[] | undefined;
  private readonly cell: Vec3;
  private readonly seen: number[] = [];
  private stamp = 0;

  /** `size`: the inner x, y, z extents of the box. */
  constructor(readonly size: Vec3) {
    this.cell = [size[0] / GRID, size[1] / GRID, size[2] / GRID];
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
    if (!this.cells) {
      // Newest first: a corner is usually blocked by the item that made it.
      for (let i = placed.length - 1; i >= 0; i--)
        if (overlapsAt(x, y, z, dx, dy, dz, placed[i]!)) return true;
      return false;
    }
    const x1 = this.cellOf(0, x + dx + SLACK);
    const y1 = this.cellOf(1, y + dy + SLACK);
    const z1 = this.cellOf(2, z + dz + SLACK);
    const stamp = ++this.stamp;
    for (let i = this.cellOf(0, x - SLACK); i <= x1; i++)
      for (let j = this.cellOf(1, y - SLACK); j <= y1; j++)
        for (let k = this.cellOf(2, z - SLACK); k <= z1; k++) {
          const list = this.cells[(i * GRID + j) * GRID + k];
          if (!list) continue;
          for (const index of list) {
            if (this.seen[index] === stamp) continue;
            this.seen[index] = stamp;
            if (overlapsAt(x, y, z, dx, dy, dz, placed[index]!)) return true;
          }
        }
    return false;
  }

  private cellOf(axis: 0 | 1 | 2, v: number): number {
    const i = Math.floor(v / this.cell[axis]);
    return i < 0 ? 0 : i >= GRID ? GRID - 1 : i;
  }

  /** The placements that may hold a point: those of its cell, or all of them before the grid exists. */
  private near(x: number, y: number, z: number): readonly number[] | undefined {
    if (!this.cells) return undefined;
    return this.cells[(this.cellOf(0, x) * GRID + this.cellOf(1, y)) * GRID + this.cellOf(2, z)] ?? NONE;
  }

  private register(index: number): void {
    const cells = this.cells!;
    const b = this.placements[index]!;
    const x1 = this.cellOf(0, b.x + b.dx + SLACK);
    const y1 = this.cellOf(1, b.y + b.dy + SLACK);
    const z1 = this.cellOf(2, b.z + b.dz + SLACK);
    for (let i = this.cellOf(0, b.x - SLACK); i <= x1; i++)
      for (let j = this.cellOf(1, b.y - SLACK); j <= y1; j++)
        for (let k = this.cellOf(2, b.z - SLACK); k <= z1; k++)
          (cells[(i * GRID + j) * GRID + k] ??= []).push(index);
  }

  private commit(c: Placement, used: number): void {
    const index = this.placements.push(c) - 1;
    this.seen.push(0);
    if (this.cells) this.register(index);
    else if (this.placements.length >= GRID_FROM) {
      this.cells = new Array<number[] | undefined>(GRID * GRID * GRID);
      for (let i = 0; i <= index; i++) this.register(i);
    }
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
    const placed = this.placements;
    if (!this.cells) {
      for (const b of placed) this.shorten(k, b);
    } else {
      // Only items in the cells along the three rays from the corner can cut its reaches.
      const cells = this.cells;
      const [i0, j0, k0] = [this.cellOf(0, x), this.cellOf(1, y), this.cellOf(2, z)];
      const visit = (i: number, j: number, n: number) => {
        for (const b of cells[(i * GRID + j) * GRID + n] ?? NONE) this.shorten(k, placed[b]!);
      };
      for (let i = i0; i < GRID && i * this.cell[0] <= x + k.rx + SLACK; i++) visit(i, j0, k0);
      for (let j = j0; j < GRID && j * this.cell[1] <= y + k.ry + SLACK; j++) visit(i0, j, k0);
      for (let n = k0; n < GRID && n * this.cell[2] <= z + k.rz + SLACK; n++) visit(i0, j0, n);
    }
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
    const placed = this.placements;
    const near = this.near(x, y, z);
    if (near) {
      for (const b of near) if (inside(x, y, z, placed[b]!)) return;
    } else {
      for (const b of placed) if (inside(x, y, z, b)) return;
    }
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

function overlapsAt(
  x: number,
  y: number,
  z: number,
  dx: number,
  dy: number,
  dz: number,
  b: Placement,
): boolean {
  return (
    x < b.x + b.dx - EPS &&
    b.x < x + dx - EPS &&
    y < b.y + b.dy - EPS &&
    b.y < y + dy - EPS &&
    z < b.z + b.dz - EPS &&
    b.z < z + dz - EPS
  );
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
