import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * The merchant's Canada Post API key at rest: AES-256-GCM under a 32-byte key from the environment
 * (CANADA_POST_ENCRYPTION_KEY, 64 hex digits or base64). Outside production a fixed development key stands in
 * when none is set: it keeps a demo working with no setup and protects nothing (anyone can read it here), so
 * production refuses to store or read a connection without a real key.
 */

export interface EncryptionKey {
  key: Buffer;
  /** The development stand-in, not a secret. */
  development: boolean;
}

export class EncryptionKeyError extends Error {
  override readonly name = "EncryptionKeyError";
}

const DEVELOPMENT_KEY = createHash("sha256")
  .update("canada-post-commerce development key: not a secret")
  .digest();

/**
 * The key named by CANADA_POST_ENCRYPTION_KEY; the development stand-in when unset outside production;
 * undefined when unset in production (storing or reading a connection is then refused).
 */
export function encryptionKeyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  nodeEnv: string | undefined = env.NODE_ENV,
): EncryptionKey | undefined {
  const raw = env.CANADA_POST_ENCRYPTION_KEY?.trim();
  if (!raw)
    return nodeEnv?.trim().toLowerCase() === "production"
      ? undefined
      : { key: DEVELOPMENT_KEY, development: true };
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32)
    throw new EncryptionKeyError(
      "CANADA_POST_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64 (e.g. the output of `openssl rand -hex 32`)",
    );
  return { key, development: false };
}

export const MISSING_KEY =
  "CANADA_POST_ENCRYPTION_KEY is not set and NODE_ENV is production: the merchant's Canada Post API key is kept encrypted with it. Set it to 32 random bytes (openssl rand -hex 32).";

const VERSION = "v1";

/** "v1.iv.tag.ciphertext", each part base64url: the credentials sealed and authenticated. */
export function seal(
  key: EncryptionKey | undefined,
  credentials: { username: string; password: string },
): string {
  if (!key) throw new EncryptionKeyError(MISSING_KEY);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** The credentials sealed by `seal`; an EncryptionKeyError when the key is missing or not the one that sealed. */
export function unseal(
  key: EncryptionKey | undefined,
  sealed: string,
): { username: string; password: string } {
  if (!key) throw new EncryptionKeyError(MISSING_KEY);
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !data)
    throw new EncryptionKeyError("the stored Canada Post connection is not readable");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const text = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
      "utf8",
    );
    return JSON.parse(text) as { username: string; password: string };
  } catch {
    throw new EncryptionKeyError(
      "the stored Canada Post connection cannot be decrypted with CANADA_POST_ENCRYPTION_KEY (was the key changed?): connect again",
    );
  }
}
