/**
 * The core's ports on Medusa's own modules, so that what matters across server instances is shared: quotes
 * in Medusa's cache module (in memory, or Redis with REDIS_URL), labels and manifests in its File Module
 * (file-local by default, S3 or any file provider unchanged). Each takes the module late (a container hands
 * it over when it can), and says what to configure when it is missing.
 */
import { createHash } from "node:crypto";
import { FileLabelStore, type LabelStore, type StoredDocument } from "../shipping/label-store";
import type { CacheStore } from "../shipping/ports";

/** What the plugin uses of Medusa's cache module (ICacheService). */
export interface MedusaCache {
  get<T>(key: string): Promise<T | null>;
  set(key: string, data: unknown, ttl?: number): Promise<void>;
}

/** What the plugin uses of Medusa's File Module (IFileModuleService). */
export interface MedusaFiles {
  createFiles(data: {
    filename: string;
    mimeType: string;
    content: string;
    access?: "public" | "private";
  }): Promise<{
    id: string;
  }>;
  getAsBuffer(id: string): Promise<Buffer>;
}

/** Quotes in Medusa's cache module; keys are the client's request text, so they are hashed short. */
export class MedusaCacheStore<V> implements CacheStore<V> {
  constructor(
    private readonly cache: () => MedusaCache | undefined,
    private readonly fallback: CacheStore<V>,
  ) {}

  async get(key: string): Promise<V | undefined> {
    const cache = this.cache();
    if (!cache) return this.fallback.get(key);
    return (await cache.get<V>(cacheKey(key))) ?? undefined;
  }

  async set(key: string, value: V, ttlMs: number): Promise<void> {
    const cache = this.cache();
    if (!cache) return this.fallback.set(key, value, ttlMs);
    await cache.set(cacheKey(key), value, Math.max(1, Math.ceil(ttlMs / 1000)));
  }
}

function cacheKey(key: string): string {
  return `canada-post:quote:${createHash("sha256").update(key).digest("base64url")}`;
}

/** The extension a label is kept under, and the media type it is read back as. */
const EXTENSIONS: Record<string, string> = { "application/pdf": "pdf", "application/zpl": "zpl" };
const MEDIA_TYPES: Record<string, string> = { pdf: "application/pdf", zpl: "application/zpl" };

/**
 * Labels and manifests in Medusa's File Module, private. Locations the plugin gave before it kept them there
 * (files in its labels directory) are still read from that directory.
 */
export class MedusaFileLabelStore implements LabelStore {
  private readonly legacy: FileLabelStore;

  constructor(
    private readonly files: () => MedusaFiles,
    legacyDir: string,
  ) {
    this.legacy = new FileLabelStore(legacyDir);
  }

  async put(key: string, data: Buffer, mediaType: string): Promise<string> {
    const type = mediaType.split(";")[0]!.trim().toLowerCase();
    const ext = EXTENSIONS[type] ?? "bin";
    const file = await this.files().createFiles({
      // Flat: file-local tells private files by the "private-" start of their key, which a folder would hide.
      filename: `canada-post-${key.replace(/[^A-Za-z0-9._-]+/g, "_")}.${ext}`,
      mimeType: type,
      content: data.toString("base64"),
      access: "private",
    });
    return `file:${file.id}`;
  }

  async get(location: string): Promise<StoredDocument | undefined> {
    if (!location.startsWith("file:")) return this.legacy.get(location);
    const id = location.slice("file:".length);
    let data: Buffer;
    try {
      data = await this.files().getAsBuffer(id);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
    const ext = /\.([a-z]{3})$/.exec(id)?.[1] ?? "";
    return { data, mediaType: MEDIA_TYPES[ext] ?? "application/octet-stream" };
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { type?: string; code?: string };
  return err?.type === "not_found" || err?.code === "ENOENT";
}
