/**
 * TikTok's `GET /v2/user/info/` and `POST /v2/video/list/` (docs/providers.md#tiktok): the `{data, error}`
 * envelope on every answer, with a `log_id`; the required `fields` query, each field checked against the
 * token's scopes; the video list's `max_count` (1–20) and millisecond `cursor` in the JSON body, short
 * pages when TikTok holds videos back; a refused token as 401 `access_token_invalid`; a rate limit as 429
 * `rate_limit_exceeded` with `x-ratelimit-reset`.
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generateVideos, type TikTokVideoJson } from './fixtures.js';

export type { TikTokVideoJson } from './fixtures.js';

export interface TikTokEmulator extends ProviderEmulatorApi {
  /**
   * The public videos `POST /v2/video/list/` lists for this account, newest first. A count generates
   * deterministic ones. Without it, every account has {@link DEFAULT_VIDEO_COUNT}. `heldBack`: ids of
   * videos that count towards a page but are left out of it ("due to our trust and safety policies"), so
   * that page comes back short while `has_more` is still true, as TikTok warns it may.
   */
  setVideos(
    accountId: string,
    videos: TikTokVideoJson[] | { count: number },
    options?: { heldBack?: readonly string[] },
  ): void;
  /** The account's videos as configured, held-back ones included. */
  videos(accountId: string): TikTokVideoJson[];
  /** The `fields` query and JSON body of every video-list call of the account, in order. */
  videoListRequests(accountId: string): { fields: string | undefined; body: unknown }[];
}

/** More than two pages at the largest page size (20): a creator who posts twice a week. */
export const DEFAULT_VIDEO_COUNT = 47;
/** `max_count`: 10 by default, at most 20 (docs/providers.md#tiktok, "Data endpoints"). */
const DEFAULT_MAX_COUNT = 10;
const MAX_MAX_COUNT = 20;
const VIDEO_SCOPE = 'video.list';
/** The Video Object's fields (TikTok's docs); every one needs `video.list`. */
const VIDEO_FIELDS = [
  'id',
  'create_time',
  'cover_image_url',
  'share_url',
  'video_description',
  'duration',
  'height',
  'width',
  'title',
  'embed_html',
  'embed_link',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
];

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

interface VideoList {
  videos: TikTokVideoJson[];
  heldBack: ReadonlySet<string>;
}

export function createTikTokEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<TikTokEmulator> {
  const lists = new Map<string, VideoList>();
  const requests = new Map<string, { fields: string | undefined; body: unknown }[]>();

  function requireTikTokAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'tiktok') throw new Error(`Emulator: no TikTok account ${accountId}`);
    return account;
  }

  function generateFor(account: StoredAccount, count: number): TikTokVideoJson[] {
    return generateVideos({
      count,
      username: account.username ?? `user${account.providerUserId.slice(0, 8)}`,
      seed: account.id,
      anchorMs: account.createdAt,
    });
  }

  function listOf(account: StoredAccount): VideoList {
    let list = lists.get(account.id);
    if (!list) {
      list = { videos: generateFor(account, DEFAULT_VIDEO_COUNT), heldBack: new Set() };
      lists.set(account.id, list);
    }
    return list;
  }

  /**
   * `POST /v2/video/list/?fields=…` with `{max_count, cursor}`: the user's public videos posted before
   * `cursor` (epoch milliseconds), newest first, `max_count` at a time; `data.cursor` is where the next
   * page starts and `data.has_more` says whether one follows. The wording of `invalid_params` messages
   * is the emulator's (docs/providers.md#tiktok, "Errors").
   */
  function listVideos(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    let body: unknown = {};
    try {
      body = request.body.trim() === '' ? {} : JSON.parse(request.body);
    } catch {
      return tiktokReply(request, 400, {}, 'invalid_params', 'The request body is not valid JSON.');
    }
    requests.set(account.id, [...(requests.get(account.id) ?? []), { fields: request.query.fields, body }]);
    const fields = (request.query.fields ?? '').split(',').filter(Boolean);
    if (fields.length === 0) {
      return tiktokReply(request, 400, {}, 'invalid_params', 'The fields parameter is required.');
    }
    const unknown = fields.find((field) => !VIDEO_FIELDS.includes(field));
    if (unknown !== undefined) {
      return tiktokReply(request, 400, {}, 'invalid_params', `Invalid field: ${unknown}.`);
    }
    const granted = account.scopes.flatMap((scope) => scope.split(','));
    if (!granted.includes(VIDEO_SCOPE)) {
      return tiktokReply(
        request,
        401,
        {},
        'scope_not_authorized',
        'The user did not authorize the scope required for completing this request.',
      );
    }
    const { max_count: maxCount = DEFAULT_MAX_COUNT, cursor } =
      typeof body === 'object' && body !== null ? (body as { max_count?: unknown; cursor?: unknown }) : {};
    if (!Number.isInteger(maxCount) || (maxCount as number) < 1 || (maxCount as number) > MAX_MAX_COUNT) {
      return tiktokReply(
        request,
        400,
        {},
        'invalid_params',
        `max_count must be between 1 and ${MAX_MAX_COUNT}.`,
      );
    }
    if (cursor !== undefined && cursor !== null && !Number.isInteger(cursor)) {
      return tiktokReply(request, 400, {}, 'invalid_params', 'cursor must be a timestamp in milliseconds.');
    }
    const { videos, heldBack } = listOf(account);
    const before = typeof cursor === 'number' ? cursor : Number.POSITIVE_INFINITY;
    const eligible = videos.filter((video) => video.create_time * 1000 < before);
    const scanned = eligible.slice(0, maxCount as number);
    const last = scanned.at(-1);
    return tiktokReply(
      request,
      200,
      {
        videos: scanned
          .filter((video) => !heldBack.has(video.id))
          .map((video) =>
            Object.fromEntries(fields.map((field) => [field, video[field as keyof TikTokVideoJson]])),
          ),
        cursor: last === undefined ? (typeof cursor === 'number' ? cursor : 0) : last.create_time * 1000,
        has_more: eligible.length > scanned.length,
      },
      'ok',
      '',
    );
  }

  const emulator = createBearerApiEmulator(
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
        router.post('/v2/video/list/', 'tiktok.listVideos', listVideos);
      },
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setVideos(accountId, videos, options = {}) {
        const account = requireTikTokAccount(accountId);
        lists.set(accountId, {
          videos: Array.isArray(videos) ? [...videos] : generateFor(account, videos.count),
          heldBack: new Set(options.heldBack ?? []),
        });
      },
      videos(accountId) {
        return [...listOf(requireTikTokAccount(accountId)).videos];
      },
      videoListRequests(accountId) {
        requireTikTokAccount(accountId);
        return [...(requests.get(accountId) ?? [])];
      },
    },
  };
}

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
