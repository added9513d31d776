/**
 * TikTok's `GET /v2/user/info/` (docs/providers.md#tiktok): the `{data, error}` envelope on every answer,
 * with a `log_id`; the required `fields` query, each field checked against the token's scopes; a refused
 * token as 401 `access_token_invalid`; a rate limit as 429 `rate_limit_exceeded` with `x-ratelimit-reset`.
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulatorDeps,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

/** The scope each user field needs (TikTok's 2024 user-info scope migration). */
const FIELD_SCOPES: Readonly<Record<string, string>> = {
  open_id: 'user.info.basic',
  union_id: 'user.info.basic',
  avatar_url: 'user.info.basic',
  avatar_url_100: 'user.info.basic',
  avatar_large_url: 'user.info.basic',
  display_name: 'user.info.basic',
  bio_description: 'user.info.profile',
  profile_deep_link: 'user.info.profile',
  is_verified: 'user.info.profile',
  username: 'user.info.profile',
  follower_count: 'user.info.stats',
  following_count: 'user.info.stats',
  likes_count: 'user.info.stats',
  video_count: 'user.info.stats',
};

/**
 * TikTok's envelope; `log_id` is a timestamp (`yyyyMMddHHmmss`) and 20 hex digits, as in TikTok's examples
 * (docs/providers.md#tiktok, "API and headers").
 */
function tiktokReply(
  request: EmulatorRequest,
  status: number,
  data: unknown,
  code: string,
  message: string,
  headers?: Record<string, string>,
): EmulatorReply {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const logId = `${stamp}${request.id.replaceAll('-', '').slice(0, 20).toUpperCase()}`;
  return jsonReply(status, { data, error: { code, message, log_id: logId } }, headers);
}

export const createTikTokEmulator: ProviderEmulatorFactory = (deps: ProviderEmulatorDeps) =>
  createBearerApiEmulator(
    {
      id: 'tiktok',
      unauthorized: (request) =>
        tiktokReply(
          request,
          401,
          {},
          'access_token_invalid',
          'The access token is invalid or not found in the request.',
        ),
      // The reset as epoch seconds, Nango's reading (unverified: docs/providers.md#tiktok, "Rate limits").
      rateLimited: (request, retryAfterSeconds) =>
        tiktokReply(request, 429, {}, 'rate_limit_exceeded', 'API rate limit exceeded, please retry later.', {
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + retryAfterSeconds),
        }),
      routes: (router) => {
        router.get('/v2/user/info/', 'tiktok.getUserInfo', getUserInfo);
      },
    },
    deps,
  );

function getUserInfo(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
  const fields = (request.query.fields ?? '').split(',').filter(Boolean);
  // The wording of `invalid_params` messages is undocumented; the code is
  // (docs/providers.md#tiktok, "Errors").
  if (fields.length === 0) {
    return tiktokReply(request, 400, {}, 'invalid_params', 'The fields parameter is required.');
  }
  const unknown = fields.find((field) => FIELD_SCOPES[field] === undefined);
  if (unknown !== undefined) {
    return tiktokReply(request, 400, {}, 'invalid_params', `Invalid field: ${unknown}.`);
  }
  // The grant as TikTok knows it, however Clerk's record joined the scopes (TikTok's separator is ',').
  const granted = account.scopes.flatMap((scope) => scope.split(','));
  if (fields.some((field) => !granted.includes(FIELD_SCOPES[field] ?? ''))) {
    return tiktokReply(
      request,
      401,
      {},
      'scope_not_authorized',
      'The user did not authorize the scope required for completing this request.',
    );
  }
  const user = userJson(account);
  const requested = Object.fromEntries(Object.entries(user).filter(([field]) => fields.includes(field)));
  return tiktokReply(request, 200, { user: requested }, 'ok', '');
}

/**
 * Every user field, from the account; ids are UUID-shaped as in the example of docs/providers.md#tiktok
 * ("Profile").
 */
function userJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username;
  const hash = createHash('sha256').update(`tiktok:${account.providerUserId}`).digest('hex');
  return {
    open_id: account.providerUserId,
    union_id: `${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`,
    avatar_url: account.imageUrl,
    avatar_url_100: account.imageUrl,
    avatar_large_url: account.imageUrl,
    display_name: name,
    bio_description: '',
    profile_deep_link: `https://vm.tiktok.com/ZM${hash.slice(32, 40).toUpperCase()}/`,
    is_verified: false,
    username: account.username,
    follower_count: 0,
    following_count: 0,
    likes_count: 0,
    video_count: 0,
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createTikTokEmulator;
