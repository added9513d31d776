/**
 * Slack's `openid.connect.userInfo` as a Sign-in-with-Slack token reaches it (docs/providers.md#slack):
 * every answer is JSON with `ok`, token problems included (HTTP 200, `ok: false`); rate limits are 429
 * with `Retry-After`.
 */
import { createHash } from 'node:crypto';
import { type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulatorDeps,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

export const createSlackEmulator: ProviderEmulatorFactory = (deps: ProviderEmulatorDeps) =>
  createBearerApiEmulator(
    {
      id: 'slack',
      // HTTP 200 with the code that says why (docs/providers.md#slack, "Errors").
      unauthorized: (request) => jsonReply(200, { ok: false, error: tokenErrorOf(request, deps.identities) }),
      rateLimited: (_request, retryAfterSeconds) =>
        jsonReply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfterSeconds) }),
      notFound: () => jsonReply(404, { ok: false, error: 'unknown_method' }),
      routes: (router) => {
        router.get('/openid.connect.userInfo', 'slack.openidConnectUserInfo', (_request, account) =>
          account.scopes.includes('openid')
            ? jsonReply(200, userInfoJson(account))
            : // The shape of Slack's scope refusal (docs/providers.md#slack, "Errors").
              jsonReply(200, {
                ok: false,
                error: 'missing_scope',
                needed: 'openid',
                provided: account.scopes.join(','),
              }),
        );
      },
    },
    deps,
  );

/** Which of Slack's token codes a refused request gets. */
function tokenErrorOf(request: EmulatorRequest, identities: IdentityStore): string {
  const token = bearerTokenOf(request);
  if (token === undefined) return 'not_authed';
  const account = identities.accountOfToken(token);
  if (account?.provider !== 'slack') return 'invalid_auth';
  if (account.revokedAtProvider) return 'token_revoked';
  const expired = account.accessTokenExpiresAt !== null && account.accessTokenExpiresAt <= Date.now();
  return token === account.accessToken && expired ? 'token_expired' : 'invalid_auth';
}

/**
 * The claims of the example of docs/providers.md#slack ("Profile"), from the account: `email*` with the
 * `email` scope, the name, picture and workspace details with `profile` (OpenID Connect's standard claims
 * per scope).
 */
function userInfoJson(account: StoredAccount): Record<string, unknown> {
  const team = teamOf(account);
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username;
  const withEmail = account.scopes.includes('email') && account.email !== null;
  return {
    ok: true,
    sub: account.providerUserId,
    'https://slack.com/user_id': account.providerUserId,
    'https://slack.com/team_id': team.id,
    ...(withEmail
      ? {
          email: account.email,
          email_verified: true,
          date_email_verified: Math.floor(account.createdAt / 1000),
        }
      : {}),
    ...(account.scopes.includes('profile')
      ? {
          name,
          picture: account.imageUrl,
          given_name: account.firstName ?? '',
          family_name: account.lastName ?? '',
          locale: 'en-US',
          'https://slack.com/team_name': team.name,
          'https://slack.com/team_domain': team.domain,
          'https://slack.com/user_image_24': sizedImage(account.imageUrl, 24),
          'https://slack.com/user_image_512': sizedImage(account.imageUrl, 512),
          'https://slack.com/team_image_34':
            'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-34.png',
          'https://slack.com/team_image_default': true,
        }
      : {}),
  };
}

/** A workspace of the account's own, with a Slack-like id (`T` + upper-case alphanumerics). */
function teamOf(account: StoredAccount): { id: string; name: string; domain: string } {
  const hash = createHash('sha256').update(account.id).digest('hex').slice(0, 10).toUpperCase();
  return { id: `T${hash}`, name: 'Emulated Workspace', domain: `emulated-${hash.toLowerCase()}` };
}

/** Slack's sized avatars are the same picture with `?s=<pixels>` (docs/providers.md#slack, "Profile"). */
function sizedImage(url: string, size: number): string {
  const sized = new URL(url);
  sized.searchParams.set('s', String(size));
  return sized.href;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createSlackEmulator;
