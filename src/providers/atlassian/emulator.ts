/**
 * api.atlassian.com as the gateway uses it: `GET /me` (User identity API, scope `read:me`), with the
 * gateway's `{code, message}` error bodies (docs/providers.md#atlassian, "Errors").
 */
import { jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import { createBearerApiEmulator, type ProviderEmulatorFactory } from '../../emulator/provider-emulator.js';
import { SCOPE_MISMATCH_MESSAGE } from './provider.js';

export const createAtlassianEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'atlassian',
      unauthorized: () => jsonReply(401, { code: 401, message: 'Unauthorized' }),
      // The body is not documented (docs/providers.md#atlassian, "Rate limits"): the gateway's
      // `{code, message}` envelope with the status is the emulator's own choice.
      rateLimited: (_request, retryAfterSeconds) =>
        jsonReply(
          429,
          { code: 429, message: 'Rate limit exceeded' },
          { 'retry-after': String(retryAfterSeconds) },
        ),
      notFound: () => jsonReply(404, { code: 404, message: 'Not Found' }),
      routes: (router) =>
        router.get('/me', 'atlassian.getMe', (_request, account) =>
          account.scopes.includes('read:me')
            ? jsonReply(200, meJson(account))
            : jsonReply(401, { code: 401, message: SCOPE_MISMATCH_MESSAGE }),
        ),
    },
    deps,
  );

/** The shape of the `/me` example of docs/providers.md#atlassian ("Profile"), from the stored account. */
function meJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    account_type: 'atlassian',
    account_id: account.providerUserId,
    // Left out when the account has none, as a hidden email may be.
    ...(account.email === null ? {} : { email: account.email }),
    name: name || account.username || account.providerUserId,
    picture: account.imageUrl,
    account_status: 'active',
    nickname: account.username ?? name,
    zoneinfo: 'Australia/Sydney',
    locale: 'en-US',
    extended_profile: {},
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createAtlassianEmulator;
