/**
 * Where bought labels and manifests are kept. A port: the Medusa plugin and the Shopify app may keep them
 * in their own file service; the core's default writes files under one directory.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";

export interface StoredDocument {
  data: Buffer;
  mediaType: string;
}

export interface LabelStore {
  /** Keeps the document under `key` (the same key replaces it) and says where it is. */
  put(key: string, data: Buffer, mediaType: string): Promise<string>;
  /** The document at a location `put` returned; undefined when there is none. */
  get(location: string): Promise<StoredDocument | undefined>;
  delete?(location: string): Promise<void>;
}

/** The extension of each media type Canada Post answers with; the media type is read back from it. */
const EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "application/zpl": "zpl",
  "text/plain": "txt",
  "image/png": "png",
  "application/octet-stream": "bin",
};
const MEDIA_TYPES = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));

/** A location is one plain file name: letters, digits, dot, dash, underscore, and a known extension. */
const LOCATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.([a-z]{3})$/;

export class LabelStoreError extends Error {
  override readonly name = "LabelStoreError";
}

/** Labels as files in one directory (created when needed); keys become safe file names. */
export class FileLabelStore implements LabelStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async put(key: string, data: Buffer, mediaType: string): Promise<string> {
    const type = mediaType.split(";")[0]!.trim().toLowerCase();
    const ext = EXTENSIONS[type];
    if (!ext) {
      throw new LabelStoreError(
        `cannot keep a document of media type "${mediaType}": FileLabelStore keeps ${Object.keys(EXTENSIONS).join(", ")}`,
      );
    }
    const location = `${safeName(key)}.${ext}`;
    await mkdir(this.dir, { recursive: true });
    // Written aside then renamed, so a reader never sees half a label.
    const temp = join(this.dir, `.${location}.${randomUUID()}.tmp`);
    await writeFile(temp, data);
    await rename(temp, this.pathOf(location));
    return location;
  }

  async get(location: string): Promise<StoredDocument | undefined> {
    const path = this.pathOf(location);
    try {
      const data = await readFile(path);
      return { data, mediaType: MEDIA_TYPES[LOCATION.exec(location)![1]!] ?? "application/octet-stream" };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  async delete(location: string): Promise<void> {
    await rm(this.pathOf(location), { force: true });
  }

  /** The file of a location, refusing anything that could leave the directory. */
  private pathOf(location: string): string {
    const m = LOCATION.exec(location);
    if (!m || location.includes("..") || !MEDIA_TYPES[m[1]!]) {
      throw new LabelStoreError(
        `"${location}" is not a location this store gave: pass the value put() returned, e.g. "label-abc.pdf"`,
      );
    }
    const path = resolve(this.dir, location);
    if (!path.startsWith(this.dir + sep)) {
      throw new LabelStoreError(`"${location}" is outside the label directory`);
    }
    return path;
  }
}

/** A key as a file name: unsafe characters become "_", and it is kept short. */
function safeName(key: string): string {
  const name = key
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/\.{2,}/g, "_")
    .replace(/^[^A-Za-z0-9]+/, "")
    .slice(0, 140);
  if (!name) throw new LabelStoreError(`"${key}" makes no file name: use letters or digits in the key`);
  return name;
}
