/**
 * X API v2 as the gateway uses it: `GET /2/users/me` with `user.fields`, X's problem-details errors and
 * its per-user 15-minute window reported in `x-rate-limit-*` headers (docs/providers.md#x).
 */
import type { EmulatorReply, EmulatorRequest } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import { createBearerApiEmulator, type ProviderEmulatorFactory } from '../../emulator/provider-emulator.js';
import { X_EMAIL_SCOPE } from './provider.js';

/** `GET /2/users/me`: 75 calls per 15 minutes per user (X's rate-limit table). */
const USERS_ME_LIMIT = 75;
const WINDOW_SECONDS = 15 * 60;

/** The values X accepts in `user.fields` (X's user-lookup docs); anything else is an invalid request. */
const USER_FIELDS = [
  'affiliation',
  'confirmed_email',
  'connection_status',
  'created_at',
  'description',
  'entities',
  'id',
  'is_identity_verified',
  'location',
  'most_recent_tweet_id',
  'name',
  'parody',
  'pinned_tweet_id',
  'profile_banner_url',
  'profile_image_url',
  'protected',
  'public_metrics',
  'receives_your_dm',
  'subscription',
  'subscription_type',
  'url',
  'username',
  'verified',
  'verified_followers_count',
  'verified_type',
  'withheld',
];

/**
 * X's errors are problem-details bodies (docs/providers.md#x, "Errors"). Sending them as RFC 7807's
 * `application/problem+json` is the emulator's own choice: the sources give the bodies, not the type.
 */
function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return { status, json: body, headers: { 'content-type': 'application/problem+json', ...headers } };
}

interface Window {
  used: number;
  /** Epoch seconds. */
  resetAt: number;
}

export const createXEmulator: ProviderEmulatorFactory = (deps) => {
  const windows = new Map<string, Window>();

  function windowOf(accountId: string): Window {
    const now = Math.floor(Date.now() / 1000);
    let window = windows.get(accountId);
    if (!window || window.resetAt <= now) {
      window = { used: 0, resetAt: now + WINDOW_SECONDS };
      windows.set(accountId, window);
    }
    return window;
  }

  function rateLimitHeaders(remaining: number, resetAt: number): Record<string, string> {
    return {
      'x-rate-limit-limit': String(USERS_ME_LIMIT),
      'x-rate-limit-remaining': String(remaining),
      'x-rate-limit-reset': String(resetAt),
    };
  }

  function tooManyRequests(resetAt: number): EmulatorReply {
    return problem(
      429,
      { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      rateLimitHeaders(0, resetAt),
    );
  }

  function getMe(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    const fields = (request.query['user.fields'] ?? '').split(',').filter(Boolean);
    const unknown = fields.filter((field) => !USER_FIELDS.includes(field));
    if (unknown.length > 0) {
      return problem(400, {
        errors: [
          {
            parameters: { 'user.fields': unknown },
            message: `The \`user.fields\` query parameter value [${unknown.join(',')}] is not one of [${USER_FIELDS.join(',')}]`,
          },
        ],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      });
    }
    const window = windowOf(account.id);
    if (window.used >= USERS_ME_LIMIT) return tooManyRequests(window.resetAt);
    window.used += 1;
    return {
      status: 200,
      json: { data: userJson(account, fields) },
      headers: rateLimitHeaders(USERS_ME_LIMIT - window.used, window.resetAt),
    };
  }

  return createBearerApiEmulator(
    {
      id: 'x',
      unauthorized: () =>
        problem(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
      rateLimited: (_request, retryAfterSeconds) =>
        tooManyRequests(Math.floor(Date.now() / 1000) + retryAfterSeconds),
      notFound: () =>
        problem(404, { title: 'Not Found Error', type: 'about:blank', status: 404, detail: 'Not Found' }),
      routes: (router) => router.get('/users/me', 'x.getMe', getMe),
    },
    deps,
  );
};

/**
 * `id`, `name` and `username`, plus the requested fields X has for the account (it leaves out what a user
 * never set, such as `location`), in the shape of the example of docs/providers.md#x ("Profile").
 */
function userJson(account: StoredAccount, fields: readonly string[]): Record<string, unknown> {
  const username = account.username ?? `user${account.providerUserId}`;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  const optional: Record<string, unknown> = {
    created_at: new Date(account.createdAt).toISOString(),
    description: '',
    profile_image_url: account.imageUrl,
    public_metrics: { followers_count: 0, following_count: 0, tweet_count: 0, listed_count: 0 },
    protected: false,
    url: '',
    verified: false,
    verified_type: 'none',
    // Only for a token granted `users.email` (docs/providers.md#x, "Profile").
    ...(account.scopes.includes(X_EMAIL_SCOPE) && account.email !== null
      ? { confirmed_email: account.email }
      : {}),
  };
  const user: Record<string, unknown> = { id: account.providerUserId, name: name || username, username };
  for (const field of fields) {
    if (field in optional) user[field] = optional[field];
  }
  return user;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createXEmulator;
