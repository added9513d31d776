/**
 * Vercel's OpenID userinfo endpoint (docs/providers.md#vercel): claims by scope, a refused token as 403
 * with `error.invalidToken: true`, and a rate limit as 429 with `X-RateLimit-*` headers and the limit in
 * the body.
 */
import { jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulatorDeps,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

/** Requests a window allows (the `limit.total` of the example in docs/providers.md#vercel, "Rate limits"). */
const REQUESTS_PER_WINDOW = 100;

export const createVercelEmulator: ProviderEmulatorFactory = (deps: ProviderEmulatorDeps) =>
  createBearerApiEmulator(
    {
      id: 'vercel',
      unauthorized: () =>
        jsonReply(403, { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } }),
      rateLimited: (_request, retryAfterSeconds) => {
        const resetMs = Date.now() + retryAfterSeconds * 1000;
        const reset = Math.ceil(resetMs / 1000);
        return jsonReply(
          429,
          {
            error: {
              code: 'rate_limited',
              message: 'Rate limit exceeded',
              limit: { remaining: 0, reset, resetMs, total: REQUESTS_PER_WINDOW },
            },
          },
          {
            'x-ratelimit-limit': String(REQUESTS_PER_WINDOW),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(reset),
          },
        );
      },
      notFound: () =>
        jsonReply(404, { error: { code: 'not_found', message: 'The page could not be found' } }),
      routes: (router) => {
        router.get('/login/oauth/userinfo', 'vercel.userinfo', (_request, account) =>
          jsonReply(200, userInfoJson(account)),
        );
      },
    },
    deps,
  );

/**
 * The claims of the example of docs/providers.md#vercel ("Profile"): `email*` with the `email` scope,
 * names and picture with `profile`.
 */
function userInfoJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  const withEmail = account.scopes.includes('email') && account.email !== null;
  const withProfile = account.scopes.includes('profile');
  return {
    sub: account.providerUserId,
    ...(withEmail ? { email: account.email, email_verified: true } : {}),
    ...(withProfile
      ? {
          name: name || null,
          preferred_username: account.username,
          picture: account.imageUrl,
        }
      : {}),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createVercelEmulator;
