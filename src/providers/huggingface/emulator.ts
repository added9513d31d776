/**
 * Hugging Face's OAuth userinfo endpoint (docs/providers.md#hugging-face): claims by granted scope, its
 * 401 answer, and its 429 with the IETF draft `RateLimit` headers.
 */
import { jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';

const HUB_URL = 'https://huggingface.co';
/**
 * An API window of 500 calls per 5 minutes, the `RateLimit-Policy` example of docs/providers.md#hugging-face
 * ("Rate limits"). Which account tier it belongs to is unverified.
 */
const RATE_LIMIT_POLICY = '"fixed window";"api";q=500;w=300';

export function createHuggingFaceEmulator(deps: ProviderEmulatorDeps): ProviderEmulator {
  return createBearerApiEmulator(
    {
      id: 'huggingface',
      unauthorized: () => jsonReply(401, { error: 'Invalid credentials in Authorization header' }),
      // The body's wording is ours: Hugging Face documents the status and headers only
      // (docs/providers.md#hugging-face, "Rate limits").
      rateLimited: (_request, retryAfterSeconds) =>
        jsonReply(
          429,
          { error: 'Too Many Requests: you have reached your API rate limit.' },
          { ratelimit: `"api";r=0;t=${retryAfterSeconds}`, 'ratelimit-policy': RATE_LIMIT_POLICY },
        ),
      notFound: () => jsonReply(404, { error: 'Not Found' }),
      routes: (router) =>
        router.get('/oauth/userinfo', 'huggingface.userInfo', (_request, account) =>
          jsonReply(200, userInfoOf(account)),
        ),
    },
    deps,
  );
}

/**
 * The example of docs/providers.md#hugging-face ("Profile"); `profile` claims need the `profile` scope,
 * `email` the `email` scope.
 */
function userInfoOf(account: StoredAccount): Record<string, unknown> {
  const username = account.username ?? `user${account.providerUserId}`;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || username;
  return {
    sub: account.providerUserId,
    ...(account.scopes.includes('profile')
      ? {
          name,
          preferred_username: username,
          profile: `${HUB_URL}/${username}`,
          picture: account.imageUrl,
          isPro: false,
          orgs: [],
        }
      : {}),
    ...(account.scopes.includes('email') && account.email !== null
      ? { email: account.email, email_verified: true }
      : {}),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createHuggingFaceEmulator;
