/**
 * Verifies Clerk session tokens with `@clerk/backend`'s JWT verifier: networkless with a PEM key
 * (`CLERK_JWT_KEY`), otherwise against the instance's JWKS.
 *
 * Everything that can be decided without a key is decided first (shape, algorithm, expiry, subject), so
 * a malformed, `alg: none` or expired token is refused without any call to Clerk. With JWKS, keys are
 * kept for five minutes (as the SDK does); an unknown `kid` refetches them at most once per
 * `minRefetchIntervalMs`, so a flood of forged key ids cannot turn into a flood of Clerk calls.
 *
 * A frontend sends the same session token for its whole life (about a minute), so a token that verified
 * is remembered until it expires: the signature check is the costliest step of a warm request. The
 * memory is keyed by the whole token, so any change to it is a different, unverified token.
 */
import { decodeJwt, verifyJwt } from '@clerk/backend/jwt';
import type { Clock } from '../cache/cache-store.js';
import { systemClock } from '../cache/cache-store.js';
import { createMemoryStore } from '../cache/memory-store.js';
import { createSingleFlight } from '../cache/single-flight.js';
import { GatewayError } from '../errors.js';

export interface VerifiedSession {
  readonly userId: string;
  readonly sessionId: string | null;
}

export interface SessionVerifier {
  /** Resolves the session, or throws `UNAUTHENTICATED` (or `CLERK_UNAVAILABLE` when keys cannot be loaded). */
  verify(token: string): Promise<VerifiedSession>;
  /** Loads the JWKS ahead of the first request (no-op with a PEM key). */
  warmUp(): Promise<void>;
  /** Whether it can verify a session now: a PEM key, or the JWKS loaded. */
  hasKeys(): boolean;
}

export interface SessionVerifierOptions {
  /** PEM public key; when set, verification never touches the network. */
  readonly jwtKey: string | null;
  readonly loadJwks: () => Promise<readonly JsonWebKey[]>;
  readonly authorizedParties: readonly string[] | null;
  readonly clock?: Clock;
  readonly jwksTtlMs?: number;
  readonly minRefetchIntervalMs?: number;
  /** How many verified tokens to remember (least recently used go first). */
  readonly maxRememberedTokens?: number;
}

/** Clerk signs session tokens with RSA (docs/clerk-backend-api.md#session-tokens). */
const ACCEPTED_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
const CLOCK_SKEW_MS = 5_000;

type KeyedJwk = JsonWebKey & { kid?: string };

export function createSessionVerifier(options: SessionVerifierOptions): SessionVerifier {
  const clock = options.clock ?? systemClock;
  const jwksTtlMs = options.jwksTtlMs ?? 5 * 60_000;
  const minRefetchIntervalMs = options.minRefetchIntervalMs ?? 10_000;
  const singleFlight = createSingleFlight();
  let jwks: { keys: readonly KeyedJwk[]; fetchedAt: number } | null = null;
  const remembered = createMemoryStore({ maxEntries: options.maxRememberedTokens ?? 10_000, clock });

  async function fetchJwks(): Promise<readonly KeyedJwk[]> {
    return singleFlight('jwks', async () => {
      const keys = await options.loadJwks();
      jwks = { keys, fetchedAt: clock.now() };
      return keys;
    });
  }

  async function keyFor(kid: string | undefined): Promise<JsonWebKey | string> {
    if (options.jwtKey) return options.jwtKey;
    const cachedKeys = jwks && clock.now() - jwks.fetchedAt < jwksTtlMs ? jwks.keys : null;
    let key = (cachedKeys ?? (await fetchJwks())).find((candidate) => candidate.kid === kid);
    if (!key && jwks && clock.now() - jwks.fetchedAt >= minRefetchIntervalMs) {
      key = (await fetchJwks()).find((candidate) => candidate.kid === kid);
    }
    if (!key) throw unauthenticated('The session token was not signed by this Clerk instance.');
    return key;
  }

  async function verifyUnknown(token: string): Promise<{ session: VerifiedSession; expiresAt: number }> {
    let decoded: ReturnType<typeof decodeJwt>;
    try {
      decoded = decodeJwt(token);
    } catch {
      throw unauthenticated('The session token is malformed.');
    }
    const { header, payload } = decoded;
    // `decodeJwt` accepts any JSON, `null` included.
    if (!isObject(header) || !isObject(payload)) throw unauthenticated('The session token is malformed.');
    if (!ACCEPTED_ALGORITHMS.has(header.alg))
      throw unauthenticated('The session token is not signed by Clerk.');
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= clock.now() - CLOCK_SKEW_MS) {
      throw unauthenticated('The session token has expired: get a fresh one from Clerk.');
    }
    if (typeof payload.sub !== 'string' || !payload.sub.startsWith('user_')) {
      throw unauthenticated('The token is not a Clerk user session token.');
    }

    const key = await keyFor(header.kid);
    try {
      const verified = await verifyJwt(token, {
        key,
        clockSkewInMs: CLOCK_SKEW_MS,
        ...(options.authorizedParties ? { authorizedParties: [...options.authorizedParties] } : {}),
      });
      // Clerk treats sessions with pending tasks as signed out by default
      // (docs/clerk-backend-api.md#pending-sessions).
      if (verified.sts === 'pending') throw new Error('pending session');
      return {
        session: {
          userId: verified.sub,
          sessionId: typeof verified.sid === 'string' ? verified.sid : null,
        },
        expiresAt: verified.exp * 1000,
      };
    } catch {
      throw unauthenticated('The session token is not valid.');
    }
  }

  return {
    async warmUp() {
      if (!options.jwtKey) await fetchJwks();
    },
    hasKeys: () => options.jwtKey !== null || jwks !== null,

    async verify(token) {
      const known = await remembered.get<VerifiedSession>(token);
      if (known) return known;
      const { session, expiresAt } = await verifyUnknown(token);
      await remembered.set(token, session, expiresAt - clock.now());
      return session;
    },
  };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function unauthenticated(message: string): GatewayError {
  return new GatewayError('UNAUTHENTICATED', message);
}
