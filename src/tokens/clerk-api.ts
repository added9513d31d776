/**
 * The gateway's only door to Clerk's Backend API, through the real `@clerk/backend` client. It turns
 * SDK resources into plain, cacheable records and every failure into a `GatewayError` with one of the
 * codes of README, "Errors".
 *
 * Clerk gets the treatment provider calls get (`http/`):
 * - A timeout on every call (the SDK sets none: docs/clerk-backend-api.md#no-timeout-or-abortsignal),
 *   shortened to what is left of the operation's deadline. The SDK takes no AbortSignal and calls the
 *   global `fetch` it bound at import, so the timeout answers the caller but cannot abort the request
 *   itself: `server.ts` bounds every global `fetch` of the process by the same timeout
 *   (`limitGlobalFetch`), which frees the socket; embedded elsewhere, the dangling request lasts until
 *   Node's own fetch timeouts (300 s) at worst, and the circuit breaker keeps a hanging Clerk from
 *   collecting more than a handful of them.
 * - Retries (`retry-policy.ts`): every call we make is a read; a 429 is retried when its
 *   `err.retryAfter` fits the retry budget, else answered `RATE_LIMITED` at once; 502/503/504 and a
 *   failed connection (`fetch failed`) are retried with backoff.
 * - A circuit breaker: after repeated failures (5xx, timeouts, no connection) calls fail at once with
 *   `CLERK_UNAVAILABLE` for a cool-down, and the user directory serves what it last knew.
 */
import { createClerkClient, type ExternalAccount, type User } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { GatewayError } from '../errors.js';
import type { CircuitBreaker } from '../http/circuit-breaker.js';
import { callResiliently } from '../http/resilient-call.js';
import { createRetryPolicy, type RetryPolicy, type RetryReason } from '../http/retry-policy.js';

/**
 * A social account connected to a Clerk user: the one account type of the gateway, from Clerk's record
 * to the token broker, the provider calls and the `ConnectedAccount` GraphQL type.
 */
export interface ExternalAccountRecord {
  /** Clerk's external account id (`eac_…`): the id OAuth tokens refer to. */
  readonly id: string;
  /** The Clerk user the account belongs to. */
  readonly userId: string;
  /** Clerk's provider key, e.g. `oauth_github`, `oauth_custom_acme`. */
  readonly providerKey: string;
  /** The key without `oauth_`: `github`, `custom_acme`. */
  readonly providerId: string;
  readonly providerUserId: string | null;
  readonly username: string | null;
  readonly emailAddress: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly imageUrl: string | null;
  readonly label: string | null;
  readonly approvedScopes: readonly string[];
  readonly verified: boolean;
}

export interface UserRecord {
  readonly id: string;
  readonly username: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly primaryEmailAddress: string | null;
  readonly imageUrl: string | null;
  readonly externalAccounts: readonly ExternalAccountRecord[];
}

export interface OAuthTokenRecord {
  readonly externalAccountId: string;
  readonly token: string;
  /** Unix milliseconds, or `null` when Clerk does not know. */
  readonly expiresAt: number | null;
}

/** `deadline`: epoch milliseconds by which the call, retries included, must be over. */
export interface ClerkApi {
  getUser(userId: string, deadline?: number): Promise<UserRecord>;
  /** Every token the user holds for one provider: one entry per connected account. */
  getOauthTokens(userId: string, providerId: string, deadline?: number): Promise<readonly OAuthTokenRecord[]>;
  /** The instance's session-signing keys. */
  getJwks(): Promise<readonly JsonWebKey[]>;
}

export interface ClerkApiOptions {
  readonly secretKey: string;
  readonly apiUrl: string;
  readonly timeoutMs: number;
  /** Default: no retries. */
  readonly retry?: RetryPolicy;
  /** Default: none, calls are never cut off. */
  readonly breaker?: CircuitBreaker;
  readonly now?: () => number;
  /** Told of every attempt (metrics, traces). */
  readonly onCall?: (event: ClerkCallEvent) => void;
}

/** One attempt of a Backend API call: no user id, token or key in it. */
export interface ClerkCallEvent {
  /** The SDK method's name in Clerk's terms: `getUser`, `getUserOauthAccessToken`, `getJwks`. */
  readonly operation: string;
  /** 1 for the first try. */
  readonly attempt: number;
  /** The HTTP status Clerk answered; `null` when it did not (timeout, no connection). */
  readonly status: number | null;
  readonly durationMs: number;
  /** The README "Errors" code of a failed attempt; `null` on success. */
  readonly code: string | null;
}

/** Clerk answers these when it has no usable token for an account (docs/clerk-backend-api.md#error-codes). */
const REAUTH_CODES = new Set([
  'oauth_token_retrieval_error',
  'oauth_missing_refresh_token',
  'oauth_missing_access_token',
  'oauth_token_provider_not_enabled',
]);

/** Clerk's window is 10 s; when a 429 carries no usable `Retry-After`, waiting one window is safe. */
const DEFAULT_CLERK_RETRY_AFTER_SECONDS = 10;

export function createClerkApi(options: ClerkApiOptions): ClerkApi {
  const client = createClerkClient({
    secretKey: options.secretKey,
    apiUrl: options.apiUrl,
    telemetry: { disabled: true },
  });
  const now = options.now ?? Date.now;
  const retry = options.retry ?? createRetryPolicy({ budgetMs: 0, maxAttempts: 1, now });

  /** One try: the SDK call raced against the timeout, or against the deadline when that comes first. */
  async function attempt<T>(operation: string, work: () => Promise<T>, deadline: number): Promise<T> {
    const timeoutMs = Math.min(options.timeoutMs, deadline - now());
    if (timeoutMs <= 0) throw new ClerkTimeout(operation, false);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ClerkTimeout(operation, timeoutMs >= options.timeoutMs)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  function call<T>(operation: string, work: () => Promise<T>, deadline?: number): Promise<T> {
    return callResiliently(
      { retry, breaker: options.breaker },
      {
        attempt: async (attemptNumber) => {
          const started = now();
          const told = (status: number | null, code: string | null) =>
            options.onCall?.({
              operation,
              attempt: attemptNumber,
              status,
              durationMs: now() - started,
              code,
            });
          try {
            const result = await attempt(operation, work, deadline ?? Number.POSITIVE_INFINITY);
            told(200, null);
            return result;
          } catch (error) {
            told(isClerkAPIResponseError(error) ? error.status : null, toGatewayError(operation, error).code);
            throw error;
          }
        },
        retryReasonOf,
        isUpstreamFailure: isClerkFailure,
        cutOff: () =>
          new GatewayError(
            'CLERK_UNAVAILABLE',
            `Clerk's Backend API is failing: calls to it are paused for a few seconds (${operation}).`,
          ),
        deadline,
      },
    ).catch((error: unknown) => {
      throw toGatewayError(operation, error);
    });
  }

  return {
    getUser: (userId, deadline) =>
      call('getUser', async () => toUserRecord(await client.users.getUser(userId)), deadline),

    getOauthTokens: (userId, providerId, deadline) =>
      call(
        'getUserOauthAccessToken',
        async () => {
          const response = await client.users.getUserOauthAccessToken(userId, providerId as 'github');
          // Without `paginated=true` honoured, the SDK hands back a bare array
          // (docs/clerk-backend-api.md#token-response).
          const tokens = Array.isArray(response) ? response : response.data;
          return tokens.map((token) => ({
            externalAccountId: token.externalAccountId,
            token: token.token,
            expiresAt: toMilliseconds(token.expiresAt),
          }));
        },
        deadline,
      ),

    getJwks: () => call('getJwks', async () => (await client.jwks.getJwks()).keys ?? []),
  };
}

/** `expires_at` arrives in seconds or milliseconds (undocumented: docs/clerk-backend-api.md#expiry-unit). */
export function toMilliseconds(expiresAt: number | null | undefined): number | null {
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= 0) return null;
  return expiresAt > 1e12 ? expiresAt : expiresAt * 1000;
}

/** Our timeout; `full` when it was the whole upstream timeout rather than the rest of a deadline. */
class ClerkTimeout extends Error {
  constructor(
    readonly operation: string,
    readonly full: boolean,
  ) {
    super(`Clerk did not answer ${operation} in time.`);
  }
}

const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/** What another try may cure (all our Clerk calls are reads). */
function retryReasonOf(error: unknown): RetryReason | undefined {
  if (!isClerkAPIResponseError(error)) return undefined;
  if (error.status === 429) {
    return { kind: 'rate-limited', waitMs: (error.retryAfter ?? DEFAULT_CLERK_RETRY_AFTER_SECONDS) * 1000 };
  }
  if (error.status !== undefined && UNAVAILABLE_STATUSES.has(error.status)) {
    return {
      kind: 'unavailable',
      ...(error.retryAfter === undefined ? {} : { waitMs: error.retryAfter * 1000 }),
    };
  }
  // The SDK turns a rejected `fetch` (reset, refused) into a status-less error
  // (docs/clerk-backend-api.md#status-less-errors).
  if (error.status === undefined && error.errors[0]?.message === 'fetch failed')
    return { kind: 'connection' };
  return undefined;
}

/** Whether a failure tells against Clerk's health: no answer, or a 5xx. */
function isClerkFailure(error: unknown): boolean {
  if (error instanceof ClerkTimeout) return error.full;
  if (isClerkAPIResponseError(error)) return error.status === undefined || error.status >= 500;
  return !(error instanceof GatewayError);
}

function toGatewayError(operation: string, error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof ClerkTimeout) {
    return new GatewayError('CLERK_UNAVAILABLE', `Clerk did not answer ${operation} in time.`);
  }
  if (isClerkAPIResponseError(error)) {
    const code = error.errors[0]?.code;
    if (error.status === 429) {
      return new GatewayError(
        'RATE_LIMITED',
        'Clerk is rate limiting this application; retry later.',
        { retryAfter: error.retryAfter ?? DEFAULT_CLERK_RETRY_AFTER_SECONDS },
        { cause: error },
      );
    }
    if (code && REAUTH_CODES.has(code)) {
      return new GatewayError(
        'REAUTH_REQUIRED',
        'Clerk has no usable access token for this account: the user must connect it again.',
        {},
        { cause: error },
      );
    }
    if (operation === 'getUser' && error.status === 404) {
      return new GatewayError(
        'UNAUTHENTICATED',
        'The signed-in user no longer exists.',
        {},
        { cause: error },
      );
    }
  }
  return new GatewayError(
    'CLERK_UNAVAILABLE',
    `Clerk's Backend API failed (${operation}).`,
    {},
    { cause: error },
  );
}

function toUserRecord(user: User): UserRecord {
  return {
    id: user.id,
    username: user.username ?? null,
    firstName: user.firstName ?? null,
    lastName: user.lastName ?? null,
    primaryEmailAddress: user.primaryEmailAddress?.emailAddress ?? null,
    imageUrl: user.imageUrl || null,
    externalAccounts: user.externalAccounts.map((account) => toExternalAccountRecord(account, user.id)),
  };
}

function toExternalAccountRecord(account: ExternalAccount, userId: string): ExternalAccountRecord {
  // Google and Facebook accounts carry their `idn_` id in `id` and the `eac_` id tokens refer to in
  // `externalAccountId` (docs/clerk-backend-api.md#external-accounts).
  const provider = account.provider || 'unknown';
  const providerKey = provider.startsWith('oauth_') ? provider : `oauth_${provider}`;
  return {
    id: account.externalAccountId || account.id,
    userId,
    providerKey,
    providerId: providerIdFromClerkKey(providerKey),
    providerUserId: account.providerUserId || null,
    username: account.username || null,
    emailAddress: account.emailAddress || null,
    firstName: account.firstName || null,
    lastName: account.lastName || null,
    imageUrl: account.imageUrl || null,
    label: account.label || null,
    // Space-separated (docs/clerk-backend-api.md#external-accounts); TikTok and Linear join scopes with
    // commas (docs/providers.md#listing-connected-accounts), so accept both.
    approvedScopes: (account.approvedScopes ?? '').split(/[\s,]+/).filter(Boolean),
    verified: account.verification?.status === 'verified',
  };
}

/**
 * Clerk sends `oauth_github`, sometimes bare `github` (docs/providers.md#clerk-provider-keys): strip the
 * optional prefix.
 */
export function providerIdFromClerkKey(clerkKey: string): string {
  return clerkKey.startsWith('oauth_') ? clerkKey.slice('oauth_'.length) : clerkKey;
}
