/**
 * The emulated Clerk instance's signing key. RSA-2048 with e = 65537 and RS256 only: the SDK's
 * networkless `jwtKey` path strips a fixed 2048-bit SPKI prefix and builds an RS256 JWK
 * (docs/clerk-backend-api.md#networkless-jwtkey).
 */
import { generateKeyPair, type KeyObject, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { clerkId } from '../identity-store.js';

export interface ClerkJwk {
  use: 'sig';
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  n: string;
  e: string;
}

export interface InstanceKeys {
  /** `ins_…`, the JWT header `kid` and the JWK's `kid`. */
  readonly kid: string;
  /** SPKI PEM of the public key (the value of `CLERK_JWT_KEY`). */
  readonly publicKeyPem: string;
  /** The entry `GET /v1/jwks` serves. */
  readonly jwk: ClerkJwk;
  /** A compact RS256 JWS of `payload`; `header` entries override the default `{alg, kid, typ}`. */
  signJwt(payload: Record<string, unknown>, header?: Record<string, unknown>): string;
}

const generateRsaKeyPair = promisify(generateKeyPair);

export async function createInstanceKeys(): Promise<InstanceKeys> {
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicExponent: 0x10001,
  });
  const kid = clerkId('ins');
  const publicJwk = publicKey.export({ format: 'jwk' });
  if (typeof publicJwk.n !== 'string' || publicJwk.e !== 'AQAB') throw new Error('Unexpected RSA public key');
  return {
    kid,
    publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
    jwk: { use: 'sig', kty: 'RSA', kid, alg: 'RS256', n: publicJwk.n, e: publicJwk.e },
    signJwt: (payload, header) =>
      signRs256({ alg: 'RS256', kid, typ: 'JWT', ...header }, payload, privateKey),
  };
}

function signRs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateKey: KeyObject,
): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
