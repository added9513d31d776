/**
 * GitLab's REST API v4 as the gateway uses it: `GET /user`, with GitLab's 401 bodies (a bare
 * `401 Unauthorized`, or OAuth's `invalid_token` for an expired or revoked token), its 403
 * `insufficient_scope` and its plain-text 429 with `RateLimit-*` headers (docs/providers.md#gitlab).
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

const REALM = 'Bearer realm="Protected by OAuth 2.0"';
/** Scopes that can read `GET /user`. */
const USER_SCOPES = ['api', 'read_api', 'read_user'];
/**
 * gitlab.com's limit on authenticated API calls per user and minute
 * (docs/providers.md#gitlab, "Rate limits").
 */
const AUTHENTICATED_API_LIMIT = 2000;

/** An OAuth error with the same reason in the body and the `WWW-Authenticate` challenge. */
function oauthError(status: number, error: string, description: string, scope?: string): EmulatorReply {
  const scopeParam = scope === undefined ? '' : `, scope="${scope}"`;
  return jsonReply(
    status,
    { error, error_description: description, ...(scope === undefined ? {} : { scope }) },
    { 'www-authenticate': `${REALM}, error="${error}", error_description="${description}"${scopeParam}` },
  );
}

export const createGitLabEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'gitlab',
      jsonContentType: 'application/json',
      unauthorized: (request) => unauthorized(request, deps.identities),
      rateLimited: (_request, retryAfterSeconds) => {
        const resetAt = Math.ceil(Date.now() / 1000) + retryAfterSeconds;
        // The body is plain text (docs/providers.md#gitlab, "Rate limits").
        return {
          status: 429,
          text: 'Retry later\n',
          headers: {
            'content-type': 'text/plain',
            'ratelimit-name': 'throttle_authenticated_api',
            'ratelimit-limit': String(AUTHENTICATED_API_LIMIT),
            'ratelimit-observed': String(AUTHENTICATED_API_LIMIT + 1),
            'ratelimit-remaining': '0',
            'ratelimit-reset': String(resetAt),
            'ratelimit-resettime': new Date(resetAt * 1000).toUTCString(),
            'retry-after': String(retryAfterSeconds),
          },
        };
      },
      notFound: () => jsonReply(404, { error: '404 Not Found' }),
      routes: (router) =>
        router.get('/user', 'gitlab.getUser', (_request, account) =>
          USER_SCOPES.some((scope) => account.scopes.includes(scope))
            ? jsonReply(200, userJson(account))
            : oauthError(
                403,
                'insufficient_scope',
                'The request requires higher privileges than provided by the access token.',
                USER_SCOPES.join(' '),
              ),
        ),
    },
    deps,
  );

/** An unknown token gets the bare 401; GitLab says why for its own expired or revoked OAuth tokens. */
function unauthorized(request: EmulatorRequest, identities: IdentityStore): EmulatorReply {
  const token = bearerTokenOf(request);
  const account = token === undefined ? undefined : identities.accountOfToken(token);
  if (account?.provider === 'gitlab' && token === account.accessToken) {
    if (account.revokedAtProvider) {
      return oauthError(401, 'invalid_token', 'Token was revoked. You have to re-authorize from the user.');
    }
    return oauthError(
      401,
      'invalid_token',
      'Token is expired. You can either do re-authorization or token refresh.',
    );
  }
  return jsonReply(401, { message: '401 Unauthorized' });
}

/** The `GET /user` example of docs/providers.md#gitlab ("Profile"), from the stored account. */
function userJson(account: StoredAccount): Record<string, unknown> {
  const id = gitlabUserId(account);
  const username = account.username ?? `user${id}`;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || username;
  const created = isoSeconds(account.createdAt);
  return {
    id,
    username,
    name,
    state: 'active',
    locked: false,
    avatar_url: account.imageUrl,
    web_url: `https://gitlab.com/${username}`,
    created_at: created,
    bio: '',
    location: '',
    public_email: '',
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: false,
    last_sign_in_at: created,
    confirmed_at: created,
    last_activity_on: created.slice(0, 10),
    email: account.email,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: created,
    identities: [],
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: account.email,
  };
}

/** GitLab ids are integers; a non-numeric stored id gets a stable one. */
function gitlabUserId(account: StoredAccount): number {
  const id = Number(account.providerUserId);
  return Number.isSafeInteger(id)
    ? id
    : createHash('sha256').update(account.providerUserId).digest().readUInt32BE(0);
}

function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createGitLabEmulator;
