/**
 * LINE Login's `GET /v2/profile` (docs/providers.md#line): `{message}` error bodies (the v2 endpoints'
 * shape) and an `x-line-request-id` on every answer.
 */
import { jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';

export function createLineEmulator(deps: ProviderEmulatorDeps): ProviderEmulator {
  const { identities } = deps;
  return createBearerApiEmulator(
    {
      id: 'line',
      // LINE's request id: 32 hex digits.
      responseHeaders: (request) => ({ 'x-line-request-id': request.id.replaceAll('-', '') }),
      // "The access token expired" is LINE's documented example; the exact wording of the other 401s is
      // unverified (docs/providers.md#line, "Errors"), so they use the Messaging API's message on the same
      // host.
      unauthorized(request) {
        const token = bearerTokenOf(request);
        const account = token === undefined ? undefined : identities.accountOfToken(token);
        const expired =
          account !== undefined &&
          account.accessTokenExpiresAt !== null &&
          account.accessTokenExpiresAt <= Date.now();
        return jsonReply(401, {
          message: expired
            ? 'The access token expired'
            : 'Authentication failed. Confirm that the access token in the authorization header is valid.',
        });
      },
      // LINE documents no wait header: a bare 429 (the gateway then says to wait its default minute).
      rateLimited: () =>
        jsonReply(429, { message: 'The API rate limit has been exceeded. Try again later.' }),
      notFound: () => jsonReply(404, { message: 'Not found' }),
      routes: (router) =>
        router.get('/v2/profile', 'line.getProfile', (_request, account) =>
          account.scopes.includes('profile')
            ? jsonReply(200, profileOf(account))
            : jsonReply(403, { message: 'Not authorized to use the API.' }),
        ),
    },
    deps,
  );
}

/** `statusMessage` is omitted: the account has none, and LINE leaves unset fields out. */
function profileOf(account: StoredAccount): Record<string, unknown> {
  const displayName =
    [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username || 'LINE User';
  return { userId: account.providerUserId, displayName, pictureUrl: account.imageUrl };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createLineEmulator;
