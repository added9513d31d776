/**
 * Clerk's Backend API as the gateway uses it (docs/clerk-backend-api.md#emulator-checklist): users, the
 * OAuth token list with on-demand refresh, JWKS, the secret-key check, and controls to sign session
 * tokens and to make tokens expire or fail.
 */

import {
  createRouter,
  type EmulatedService,
  type EmulatorReply,
  type EmulatorRequest,
  jsonReply,
  type RouteHandler,
} from '../http-router.js';
import {
  type ConnectAccountInput,
  type CreateUserInput,
  clerkId,
  type EmulatedAccount,
  type EmulatedUser,
  type IdentityStore,
  isKnownProvider,
  randomBase62,
  type StoredUser,
} from '../identity-store.js';
import {
  CLERK_ERRORS,
  type ClerkErrorDetail,
  clerkErrorJson,
  defaultErrorMessages,
  oauthAccessTokenJson,
  userJson,
} from './json.js';
import type { InstanceKeys } from './keys.js';

export interface SignSessionTokenOptions {
  /** Lifetime; default 60 s like real Clerk session tokens. */
  expiresInSeconds?: number;
  /** `nbf` offset from now in seconds (may be positive: a token not valid yet); default -1. */
  notBeforeInSeconds?: number;
  /** Default `http://localhost:3000`. */
  azp?: string;
  /** Extra or overriding payload claims. */
  claims?: Record<string, unknown>;
  /** Extra or overriding header entries (e.g. a wrong `kid`, `cat`). */
  header?: Record<string, unknown>;
}

export interface ClerkFailureSpec {
  /** A Clerk route name such as `clerk.getOauthAccessTokens`. */
  route: string;
  status: number;
  code: string;
  message?: string;
  longMessage?: string;
  /** `Retry-After` seconds; 429 answers get 1 when omitted. */
  retryAfterSeconds?: number;
  /** Default 1. */
  times?: number;
  /** Only calls about this user. */
  userId?: string;
}

export interface ClerkEmulator {
  /** `sk_test_` + random. */
  readonly secretKey: string;
  /** `pk_test_` + base64(`clerk.emulator.test$`) without padding. */
  readonly publishableKey: string;
  /** SPKI PEM of the instance's public key. */
  readonly jwtKeyPem: string;
  /** `ins_…`. */
  readonly kid: string;
  readonly issuer: string;
  createUser(input?: CreateUserInput): EmulatedUser;
  connectAccount(userId: string, input: ConnectAccountInput): EmulatedAccount;
  getUser(userId: string): EmulatedUser | undefined;
  getAccount(accountId: string): EmulatedAccount | undefined;
  /** The user disconnects the account in Clerk. */
  disconnectAccount(accountId: string): void;
  /** The user is deleted in Clerk. */
  deleteUser(userId: string): void;
  /** The user as BAPI (and a `user.*` webhook's `data`) shows it. */
  userJson(userId: string): Record<string, unknown>;
  /** A session JWT signed by the instance key (RS256, header `{alg, kid, typ: 'JWT'}`, v2 claims). */
  signSessionToken(userId: string, options?: SignSessionTokenOptions): string;
  currentAccessToken(accountId: string): string;
  /** The current access token expires now: the provider answers 401; the next BAPI token call refreshes it. */
  expireAccessToken(accountId: string): void;
  /** The provider rejects every token of this account; Clerk does not know and keeps handing tokens out. */
  revokeAtProvider(accountId: string): void;
  /** The refresh grant is revoked: once the token has expired, BAPI answers 400 `oauth_token_retrieval_error`. */
  revokeGrant(accountId: string): void;
  /** Order of BAPI's token list; default `reversed`, so callers must match by `external_account_id`. */
  tokenOrder: 'accounts' | 'reversed';
  /** Answers the next `times` calls of a route with a BAPI error (429 gets `Retry-After`). */
  failNext(spec: ClerkFailureSpec): void;
}

const ISSUER = 'https://clerk.emulator.test';
const FRONTEND_API = 'clerk.emulator.test';
const DEFAULT_PAGE_LIMIT = 10;
const MAX_PAGE_LIMIT = 500;

interface PendingFailure {
  readonly spec: ClerkFailureSpec;
  remaining: number;
}

export function createClerkEmulator(deps: { identities: IdentityStore; keys: InstanceKeys }): {
  service: EmulatedService;
  api: ClerkEmulator;
} {
  const { identities, keys } = deps;
  const secretKey = `sk_test_${randomBase62(40)}`;
  let failures: PendingFailure[] = [];

  function errorReply(
    request: EmulatorRequest,
    status: number,
    error: ClerkErrorDetail,
    headers?: Record<string, string>,
  ) {
    return jsonReply(status, clerkErrorJson(error, traceId(request)), headers);
  }

  function takeFailure(route: string, userId: string | undefined): ClerkFailureSpec | undefined {
    const failure = failures.find(
      (candidate) =>
        candidate.remaining > 0 &&
        candidate.spec.route === route &&
        (candidate.spec.userId === undefined || candidate.spec.userId === userId),
    );
    if (!failure) return undefined;
    failure.remaining -= 1;
    failures = failures.filter((candidate) => candidate.remaining > 0);
    return failure.spec;
  }

  /**
   * Every BAPI route checks the secret key first (docs/clerk-backend-api.md#emulator-checklist, "Auth"),
   * then any failure queued with `failNext`.
   */
  function guarded(route: string, handler: RouteHandler): RouteHandler {
    return (request) => {
      const match = /^Bearer (\S+)$/.exec(request.header('authorization') ?? '');
      if (!match) return errorReply(request, 401, CLERK_ERRORS.authorizationHeaderInvalid);
      if (match[1] !== secretKey) return errorReply(request, 401, CLERK_ERRORS.secretKeyInvalid);
      const failure = takeFailure(route, request.params.userId);
      if (failure) return failureReply(request, failure);
      return handler(request);
    };
  }

  function failureReply(request: EmulatorRequest, failure: ClerkFailureSpec): EmulatorReply {
    const defaults = defaultErrorMessages(failure.code);
    const retryAfter = failure.retryAfterSeconds ?? (failure.status === 429 ? 1 : undefined);
    const error = {
      code: failure.code,
      message: failure.message ?? defaults.message,
      longMessage: failure.longMessage ?? defaults.longMessage,
    };
    return errorReply(
      request,
      failure.status,
      error,
      retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) },
    );
  }

  const getUser: RouteHandler = (request) => {
    const userId = request.params.userId ?? '';
    const user = identities.getUser(userId);
    if (!user) return errorReply(request, 404, CLERK_ERRORS.userNotFound(userId));
    return jsonReply(200, userJson(user, identities.accountsOf(user.id)));
  };

  const listUsers: RouteHandler = (request) => {
    const matching = filterUsers(identities.users(), request.searchParams);
    const { limit, offset } = pageOf(request, DEFAULT_PAGE_LIMIT);
    // `/v1/users` answers a bare array, unlike the paginated token list
    // (docs/clerk-backend-api.md#routes).
    return jsonReply(
      200,
      matching.slice(offset, offset + limit).map((user) => userJson(user, identities.accountsOf(user.id))),
    );
  };

  const countUsers: RouteHandler = (request) =>
    jsonReply(200, {
      object: 'total_count',
      total_count: filterUsers(identities.users(), request.searchParams).length,
    });

  const getOauthAccessTokens: RouteHandler = (request) => {
    const userId = request.params.userId ?? '';
    const providerKey = request.params.provider ?? '';
    if (!identities.getUser(userId)) return errorReply(request, 404, CLERK_ERRORS.userNotFound(userId));
    // The path carries Clerk's prefixed key, `oauth_github`
    // (docs/clerk-backend-api.md#oauth-access-tokens).
    const provider = providerKey.startsWith('oauth_') ? providerKey.slice('oauth_'.length) : '';
    if (!isKnownProvider(provider)) return errorReply(request, 404, CLERK_ERRORS.providerNotEnabled);
    const accounts = identities.accountsOf(userId, provider);
    // BAPI refreshes expired tokens on demand (docs/clerk-backend-api.md#refresh-on-demand). One failing
    // account failing the whole call is the emulator's own choice: no source says what BAPI does then.
    for (const account of accounts) {
      const failure = identities.refreshIfExpired(account);
      if (failure === 'grant_revoked') return errorReply(request, 400, CLERK_ERRORS.tokenRetrievalError);
      if (failure === 'missing_refresh_token')
        return errorReply(request, 422, CLERK_ERRORS.missingRefreshToken);
    }
    const ordered = api.tokenOrder === 'reversed' ? [...accounts].reverse() : accounts;
    const { limit, offset } = pageOf(request, DEFAULT_PAGE_LIMIT);
    const tokens = ordered.slice(offset, offset + limit).map(oauthAccessTokenJson);
    // Without `paginated=true` BAPI answers a bare array
    // (docs/clerk-backend-api.md#token-response, "The bare-array pitfall").
    if (request.query.paginated !== 'true') return jsonReply(200, tokens);
    return jsonReply(200, { data: tokens, total_count: accounts.length });
  };

  const router = createRouter()
    .get(
      '/v1/jwks',
      'clerk.jwks',
      guarded('clerk.jwks', () => jsonReply(200, { keys: [keys.jwk] })),
    )
    .get('/v1/users/count', 'clerk.countUsers', guarded('clerk.countUsers', countUsers))
    .get('/v1/users', 'clerk.listUsers', guarded('clerk.listUsers', listUsers))
    .get('/v1/users/:userId', 'clerk.getUser', guarded('clerk.getUser', getUser))
    .get(
      '/v1/users/:userId/oauth_access_tokens/:provider',
      'clerk.getOauthAccessTokens',
      guarded('clerk.getOauthAccessTokens', getOauthAccessTokens),
    );

  const service: EmulatedService = {
    name: 'clerk',
    router,
    // The SDK parses a body only when the content type is exactly `application/json`
    // (docs/clerk-backend-api.md#responses).
    jsonContentType: 'application/json',
    responseHeaders: () => ({}),
    notFound: (request) => errorReply(request, 404, CLERK_ERRORS.resourceNotFound),
    identify: (request) => (request.params.userId === undefined ? {} : { userId: request.params.userId }),
  };

  function requireAccount(accountId: string): EmulatedAccount {
    const account = identities.getAccount(accountId);
    if (!account) throw new Error(`Emulator: no external account ${accountId}`);
    return account;
  }

  const api: ClerkEmulator = {
    secretKey,
    publishableKey: `pk_test_${Buffer.from(`${FRONTEND_API}$`).toString('base64').replace(/=+$/, '')}`,
    jwtKeyPem: keys.publicKeyPem,
    kid: keys.kid,
    issuer: ISSUER,
    tokenOrder: 'reversed',
    createUser: (input) => identities.createUser(input),
    connectAccount: (userId, input) => identities.connectAccount(userId, input),
    getUser: (userId) => identities.getUser(userId),
    getAccount: (accountId) => identities.getAccount(accountId),
    disconnectAccount: (accountId) => identities.disconnectAccount(accountId),
    deleteUser: (userId) => identities.deleteUser(userId),
    userJson(userId) {
      const user = identities.getUser(userId);
      if (!user) throw new Error(`Emulator: no user ${userId}`);
      return userJson(user, identities.accountsOf(userId));
    },
    signSessionToken(userId, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        azp: options.azp ?? 'http://localhost:3000',
        exp: now + (options.expiresInSeconds ?? 60),
        fva: [0, -1],
        iat: now - 1,
        iss: ISSUER,
        nbf: now + (options.notBeforeInSeconds ?? -1),
        sid: clerkId('sess'),
        sts: 'active',
        sub: userId,
        v: 2,
        ...options.claims,
      };
      return keys.signJwt(payload, options.header);
    },
    currentAccessToken: (accountId) => requireAccount(accountId).accessToken,
    expireAccessToken: (accountId) => identities.expireAccessToken(accountId),
    revokeAtProvider: (accountId) => identities.revokeAtProvider(accountId),
    revokeGrant: (accountId) => identities.revokeGrant(accountId),
    failNext(spec) {
      if (!router.routeNames().includes(spec.route)) throw new Error(`Unknown Clerk route "${spec.route}"`);
      failures.push({ spec: { ...spec }, remaining: spec.times ?? 1 });
    },
  };

  return { service, api };
}

/** Clerk trace ids are 32 hex characters. */
function traceId(request: EmulatorRequest): string {
  return request.id.replaceAll('-', '');
}

function pageOf(request: EmulatorRequest, defaultLimit: number): { limit: number; offset: number } {
  const limit = Number.parseInt(request.query.limit ?? '', 10);
  const offset = Number.parseInt(request.query.offset ?? '', 10);
  return {
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_PAGE_LIMIT) : defaultLimit,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** The `getUserList` filters the gateway may use: `user_id`, `email_address`, `username` (repeatable), `query`. */
function filterUsers(users: StoredUser[], searchParams: URLSearchParams): StoredUser[] {
  const ids = searchParams.getAll('user_id');
  const emails = searchParams.getAll('email_address');
  const usernames = searchParams.getAll('username');
  const query = searchParams.get('query')?.toLowerCase();
  const filtered = users.filter(
    (user) =>
      (ids.length === 0 || ids.includes(user.id)) &&
      (emails.length === 0 || (user.email !== null && emails.includes(user.email))) &&
      (usernames.length === 0 || (user.username !== null && usernames.includes(user.username))) &&
      (query === undefined ||
        [user.id, user.username, user.firstName, user.lastName, user.email].some((field) =>
          field?.toLowerCase().includes(query),
        )),
  );
  // BAPI's default order is `-created_at`, newest first.
  const newestFirst = [...filtered].reverse();
  return searchParams.get('order_by') === 'created_at' ? filtered : newestFirst;
}
