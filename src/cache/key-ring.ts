/**
 * Encryption at rest for what the gateway keeps in Redis (tokens, user records): AES-256-GCM, a random
 * 96-bit IV per value, the value's Redis key as additional authenticated data (a ciphertext copied under
 * another user's key does not open). A ring of keys: the first encrypts, any opens, so a key is rotated
 * by listing `new,old` until the old values have expired. A value that does not open (tampered, another
 * key, garbage) is `undefined`: a cache miss, never an error.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface KeyRing {
  encrypt(plaintext: string, context: string): string;
  /** `undefined` when the value does not open with any key of the ring. */
  decrypt(sealed: string, context: string): string | undefined;
}

interface RingKey {
  /** A short public fingerprint of the key, stored with each value to find its key at once. */
  readonly id: string;
  readonly key: Buffer;
}

export function createKeyRing(keys: readonly Buffer[]): KeyRing {
  if (keys.length === 0) throw new Error('a key ring needs at least one key');
  const ring: RingKey[] = keys.map((key) => {
    if (key.length !== KEY_BYTES) throw new Error(`a cache encryption key must be ${KEY_BYTES} bytes`);
    return { id: createHash('sha256').update(key).digest('base64url').slice(0, 8), key };
  });
  const [current] = ring as [RingKey];

  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, current.id, iv.toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed, context) {
      const [version, id, iv, body, extra] = sealed.split('.');
      if (version !== VERSION || !id || !iv || !body || extra !== undefined) return undefined;
      const entry = ring.find((candidate) => candidate.id === id);
      if (!entry) return undefined;
      try {
        const bytes = Buffer.from(body, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The ring's keys: `GATEWAY_CACHE_ENCRYPTION_KEY` (32 bytes each, base64, `new,old`), or one derived
 * from the Clerk secret key with HKDF-SHA256, so every instance of a deployment agrees without setup.
 */
export function cacheKeysOf(configured: readonly string[] | null, clerkSecretKey: string): Buffer[] {
  if (configured && configured.length > 0) return configured.map((key) => Buffer.from(key, 'base64'));
  return [
    Buffer.from(hkdfSync('sha256', clerkSecretKey, 'provider-graph', 'cache encryption v1', KEY_BYTES)),
  ];
}
