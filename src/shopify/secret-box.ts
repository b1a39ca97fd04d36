/**
 * Secrets at rest: AES-256-GCM with a random 12-byte nonce per value, written as
 * "v1:<nonce>:<tag>:<ciphertext>" (base64url). A value that was tampered with, or sealed with another key,
 * fails to open instead of decrypting to garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** A 32-byte key written as base64 (44 characters) or hex (64). */
export function decodeKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32)
    throw new Error(`must be 32 bytes written as base64 or hex (it decodes to ${key.length} bytes)`);
  return key;
}

/** True for a value seal() wrote (a Shopify token, for one, never starts so). */
export const isSealed = (value: string) => value.startsWith("v1:");

export function seal(plain: string, key: Buffer): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const b = (x: Buffer) => x.toString("base64url");
  return `v1:${b(nonce)}:${b(cipher.getAuthTag())}:${b(data)}`;
}

export class SecretBoxError extends Error {
  override readonly name = "SecretBoxError";
}

/** `what` names the secret in the error when the key is not the one it was sealed with. */
export function open(sealed: string, key: Buffer, what = "the stored Canada Post credentials"): string {
  const [version, nonce, tag, data] = sealed.split(":");
  if (version !== "v1" || !nonce || !tag || data === undefined)
    throw new SecretBoxError("not a value this app sealed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretBoxError(
      `${what} cannot be decrypted: SHOPIFY_APP_ENCRYPTION_KEY differs from the key in use when saved`,
    );
  }
}
