/**
 * The gateway's only door to Clerk's Backend API, through the real `@clerk/backend` client. It turns
 * SDK resources into plain, cacheable records and every failure into a `GatewayError` with a §5 code.
 */
import { createClerkClient, type ExternalAccount, type User } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { GatewayError } from '../errors.js';
import { providerIdFromClerkKey } from '../providers/catalogue.js';

export interface ExternalAccountRecord {
  /** Clerk's external account id (`eac_…`): the id OAuth tokens refer to. */
  readonly id: string;
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

export interface ClerkApi {
  getUser(userId: string): Promise<UserRecord>;
  /** Every token the user holds for one provider: one entry per connected account. */
  getOauthTokens(userId: string, providerId: string): Promise<readonly OAuthTokenRecord[]>;
  /** The instance's session-signing keys. */
  getJwks(): Promise<readonly JsonWebKey[]>;
}

export interface ClerkApiOptions {
  readonly secretKey: string;
  readonly apiUrl: string;
  readonly timeoutMs: number;
}

/** Clerk answers these when it has no usable token for an account (clerk-bapi.md §4). */
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

  /** The SDK sets no timeout (clerk-bapi.md §1), so every call races a timer. */
  async function call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new GatewayError('CLERK_UNAVAILABLE', `Clerk did not answer ${operation} in time.`)),
        options.timeoutMs,
      );
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      throw toGatewayError(operation, error);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    getUser: (userId) => call('getUser', async () => toUserRecord(await client.users.getUser(userId))),

    getOauthTokens: (userId, providerId) =>
      call('getUserOauthAccessToken', async () => {
        const response = await client.users.getUserOauthAccessToken(userId, providerId as 'github');
        // Without `paginated=true` honoured, the SDK hands back a bare array (clerk-bapi.md §3).
        const tokens = Array.isArray(response) ? response : response.data;
        return tokens.map((token) => ({
          externalAccountId: token.externalAccountId,
          token: token.token,
          expiresAt: toMilliseconds(token.expiresAt),
        }));
      }),

    getJwks: () => call('getJwks', async () => (await client.jwks.getJwks()).keys ?? []),
  };
}

/** `expires_at` arrives in seconds or milliseconds (unit undocumented, clerk-bapi.md §3). */
export function toMilliseconds(expiresAt: number | null | undefined): number | null {
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= 0) return null;
  return expiresAt > 1e12 ? expiresAt : expiresAt * 1000;
}

function toGatewayError(operation: string, error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
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
    externalAccounts: user.externalAccounts.map(toExternalAccountRecord),
  };
}

function toExternalAccountRecord(account: ExternalAccount): ExternalAccountRecord {
  // Google and Facebook accounts carry their `idn_` id in `id` and the `eac_` id tokens refer to in
  // `externalAccountId` (clerk-bapi.md §2).
  const provider = account.provider || 'unknown';
  const providerKey = provider.startsWith('oauth_') ? provider : `oauth_${provider}`;
  return {
    id: account.externalAccountId || account.id,
    providerKey,
    providerId: providerIdFromClerkKey(providerKey),
    providerUserId: account.providerUserId || null,
    username: account.username || null,
    emailAddress: account.emailAddress || null,
    firstName: account.firstName || null,
    lastName: account.lastName || null,
    imageUrl: account.imageUrl || null,
    label: account.label || null,
    approvedScopes: (account.approvedScopes ?? '').split(/\s+/).filter(Boolean),
    verified: account.verification?.status === 'verified',
  };
}
