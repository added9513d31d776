import { describe, expect, it } from 'vitest';
import { cacheKeysOf, createKeyRing } from '../../../src/cache/key-ring.js';

const OLD = Buffer.alloc(32, 7);
const NEW = Buffer.alloc(32, 9);
const KEY = 'pg:c:user_1:token:eac_1';

describe('the cache key ring', () => {
  it('opens what it sealed, and the sealed form shows nothing of the value', () => {
    const ring = createKeyRing([NEW]);
    const sealed = ring.encrypt('gho_secret_token', KEY);
    expect(sealed).not.toContain('gho_secret_token');
    expect(Buffer.from(sealed.split('.')[3] ?? '', 'base64url').toString('latin1')).not.toContain('secret');
    expect(ring.decrypt(sealed, KEY)).toBe('gho_secret_token');
  });

  it('uses a fresh IV for every value', () => {
    const ring = createKeyRing([NEW]);
    expect(ring.encrypt('same', KEY)).not.toBe(ring.encrypt('same', KEY));
  });

  it('rotates: new,old opens values of either and seals with the new one', () => {
    const sealedByOld = createKeyRing([OLD]).encrypt('before', KEY);
    const rotated = createKeyRing([NEW, OLD]);
    expect(rotated.decrypt(sealedByOld, KEY)).toBe('before');
    const sealedNow = rotated.encrypt('after', KEY);
    expect(createKeyRing([NEW]).decrypt(sealedNow, KEY)).toBe('after');
    expect(createKeyRing([OLD]).decrypt(sealedNow, KEY)).toBeUndefined();
  });

  it('treats a tampered, truncated, foreign or misplaced value as a miss, never an error', () => {
    const ring = createKeyRing([NEW]);
    const sealed = ring.encrypt('value', KEY);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 3), body.toString('base64url')].join('.');
    expect(ring.decrypt(tampered, KEY)).toBeUndefined();
    expect(ring.decrypt(sealed.slice(0, -4), KEY)).toBeUndefined();
    expect(ring.decrypt('garbage', KEY)).toBeUndefined();
    expect(createKeyRing([OLD]).decrypt(sealed, KEY)).toBeUndefined();
    // Copied under another user's key, it does not open: the key is authenticated with the value.
    expect(ring.decrypt(sealed, 'pg:c:user_2:token:eac_1')).toBeUndefined();
  });

  it('derives one key from the Clerk secret key when none is configured, the same on every instance', () => {
    const [derived] = cacheKeysOf(null, 'sk_test_one');
    expect(derived).toHaveLength(32);
    expect(cacheKeysOf(null, 'sk_test_one')).toEqual([derived]);
    expect(cacheKeysOf(null, 'sk_test_two')).not.toEqual([derived]);
    expect(cacheKeysOf([NEW.toString('base64'), OLD.toString('base64')], 'sk_test_one')).toEqual([NEW, OLD]);
  });
});
