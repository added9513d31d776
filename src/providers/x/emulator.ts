/**
 * X API v2 as the gateway uses it: `GET /2/users/me` with `user.fields`, and the account's timeline
 * `GET /2/users/:id/tweets` with `tweet.fields`, `exclude`, `max_results` (5–100) and opaque
 * `pagination_token`s; X's problem-details errors, its 403 for a token without the endpoint's scopes,
 * and its per-user 15-minute windows reported in `x-rate-limit-*` headers (docs/providers.md#x).
 */
import { createHash } from 'node:crypto';
import type { EmulatorReply, EmulatorRequest } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generatePosts, type XPostJson } from './fixtures.js';
import { X_EMAIL_SCOPE } from './provider.js';

export type { XPostJson } from './fixtures.js';

export interface XEmulator extends ProviderEmulatorApi {
  /**
   * The posts of the account's timeline (`GET /2/users/:id/tweets`), newest first. A count generates
   * deterministic ones (originals, replies, quotes, reposts, a long post). Without it, every account has
   * {@link DEFAULT_POST_COUNT}. `withheld`: ids of posts that count towards a page but are left out of it
   * (deleted or withheld since), so that page comes back short, as X warns it may.
   */
  setPosts(
    accountId: string,
    posts: XPostJson[] | { count: number },
    options?: { withheld?: readonly string[] },
  ): void;
  /** The account's timeline as configured, withheld posts included. */
  posts(accountId: string): XPostJson[];
}

/** More than one page at the largest page size (100): a regular poster's last few weeks. */
export const DEFAULT_POST_COUNT = 137;

const WINDOW_SECONDS = 15 * 60;
/**
 * Per-user limits per 15 minutes (X's rate-limit table): `GET /2/users/me` 75, the user timeline 900.
 * The quota of the access tier an app is on may be lower (docs/providers.md#x, "Rate limits").
 */
const LIMITS = { me: 75, timeline: 900 } as const;
type Endpoint = keyof typeof LIMITS;

/** `max_results` of the timeline: 5–100, default 10 (docs/providers.md#x, "Data endpoints"). */
const MIN_RESULTS = 5;
const MAX_RESULTS = 100;
const DEFAULT_RESULTS = 10;
/** What the timeline needs of a user-context token (X's docs for the endpoint). */
const TIMELINE_SCOPES = ['tweet.read', 'users.read'];
const EXCLUDABLE = ['retweets', 'replies'];

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

/** The values X accepts in `tweet.fields` (X's Tweet object); those the emulator has are answered. */
const TWEET_FIELDS = [
  'article',
  'attachments',
  'author_id',
  'card_uri',
  'community_id',
  'context_annotations',
  'conversation_id',
  'created_at',
  'display_text_range',
  'edit_controls',
  'edit_history_tweet_ids',
  'entities',
  'geo',
  'id',
  'in_reply_to_user_id',
  'lang',
  'media_metadata',
  'non_public_metrics',
  'note_tweet',
  'organic_metrics',
  'possibly_sensitive',
  'promoted_metrics',
  'public_metrics',
  'referenced_tweets',
  'reply_settings',
  'scopes',
  'source',
  'text',
  'withheld',
];

/** What every post of the timeline carries whatever `tweet.fields` says. */
const DEFAULT_TWEET_FIELDS = ['id', 'text', 'edit_history_tweet_ids'];

/**
 * X's errors are problem-details bodies (docs/providers.md#x, "Errors"). Sending them as RFC 7807's
 * `application/problem+json` is the emulator's own choice: the sources give the bodies, not the type.
 */
function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return { status, json: body, headers: { 'content-type': 'application/problem+json', ...headers } };
}

/** X's 400 for a bad parameter: which one, the value refused and why. */
function invalidRequest(parameter: string, value: string, message: string): EmulatorReply {
  return problem(400, {
    errors: [{ parameters: { [parameter]: [value] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  });
}

interface Window {
  used: number;
  /** Epoch seconds. */
  resetAt: number;
}

interface Timeline {
  posts: XPostJson[];
  withheld: ReadonlySet<string>;
}

export function createXEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<XEmulator> {
  const windows = new Map<string, Window>();
  const timelines = new Map<string, Timeline>();

  function requireXAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'x') throw new Error(`Emulator: no X account ${accountId}`);
    return account;
  }

  function timelineOf(account: StoredAccount): Timeline {
    let timeline = timelines.get(account.id);
    if (!timeline) {
      timeline = { posts: generateFor(account, DEFAULT_POST_COUNT), withheld: new Set() };
      timelines.set(account.id, timeline);
    }
    return timeline;
  }

  function windowOf(accountId: string, endpoint: Endpoint): Window {
    const now = Math.floor(Date.now() / 1000);
    const key = `${accountId}:${endpoint}`;
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { used: 0, resetAt: now + WINDOW_SECONDS };
      windows.set(key, window);
    }
    return window;
  }

  function rateLimitHeaders(limit: number, remaining: number, resetAt: number): Record<string, string> {
    return {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(remaining),
      'x-rate-limit-reset': String(resetAt),
    };
  }

  function tooManyRequests(limit: number, resetAt: number): EmulatorReply {
    return problem(
      429,
      { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      rateLimitHeaders(limit, 0, resetAt),
    );
  }

  /** One call of the account's window of `endpoint`: the headers to answer with, or the 429. */
  function spend(accountId: string, endpoint: Endpoint): { headers: Record<string, string> } | EmulatorReply {
    const limit = LIMITS[endpoint];
    const window = windowOf(accountId, endpoint);
    if (window.used >= limit) return tooManyRequests(limit, window.resetAt);
    window.used += 1;
    return { headers: rateLimitHeaders(limit, limit - window.used, window.resetAt) };
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
    const spent = spend(account.id, 'me');
    if ('status' in spent) return spent;
    return { status: 200, json: { data: userJson(account, fields) }, headers: spent.headers };
  }

  /**
   * `GET /2/users/:id/tweets`: the user's posts, newest first, `max_results` at a time (fewer when some
   * were withheld), with `meta.next_token` while older ones remain (docs/providers.md#x, "Data
   * endpoints"). A timeline without posts answers `meta` alone, without `data`.
   */
  function listPosts(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    const userId = request.params.id ?? '';
    if (!/^[0-9]{1,19}$/.test(userId)) {
      return invalidRequest(
        'id',
        userId,
        `The \`id\` query parameter value [${userId}] does not match ^[0-9]{1,19}$`,
      );
    }
    const rawMax = request.query.max_results ?? String(DEFAULT_RESULTS);
    const maxResults = /^\d+$/.test(rawMax) ? Number(rawMax) : Number.NaN;
    if (!(maxResults >= MIN_RESULTS && maxResults <= MAX_RESULTS)) {
      return invalidRequest(
        'max_results',
        rawMax,
        `The \`max_results\` query parameter value [${rawMax}] is not between ${MIN_RESULTS} and ${MAX_RESULTS}`,
      );
    }
    const fields = (request.query['tweet.fields'] ?? '').split(',').filter(Boolean);
    const unknownField = fields.find((field) => !TWEET_FIELDS.includes(field));
    if (unknownField !== undefined) {
      return invalidRequest(
        'tweet.fields',
        unknownField,
        `The \`tweet.fields\` query parameter value [${unknownField}] is not one of [${TWEET_FIELDS.join(',')}]`,
      );
    }
    const exclude = (request.query.exclude ?? '').split(',').filter(Boolean);
    const unknownExclusion = exclude.find((value) => !EXCLUDABLE.includes(value));
    if (unknownExclusion !== undefined) {
      return invalidRequest(
        'exclude',
        unknownExclusion,
        `The \`exclude\` query parameter value [${unknownExclusion}] is not one of [${EXCLUDABLE.join(',')}]`,
      );
    }
    // A user-context token without the endpoint's scopes: X's bare 403 (docs/providers.md#x, "Errors").
    if (!TIMELINE_SCOPES.every((scope) => account.scopes.includes(scope))) {
      return problem(403, { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' });
    }
    const spent = spend(account.id, 'timeline');
    if ('status' in spent) return spent;
    if (userId !== account.providerUserId) {
      // Only the account's own timeline is emulated; another id reads as a user X does not know.
      return {
        status: 200,
        json: {
          errors: [
            {
              value: userId,
              detail: `Could not find user with id: [${userId}].`,
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'id',
              resource_id: userId,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            },
          ],
        },
        headers: spent.headers,
      };
    }
    const timeline = timelineOf(account);
    const posts = timeline.posts.filter((post) => !isExcluded(post, exclude));
    const token = request.query.pagination_token;
    let start = 0;
    let end = Math.min(maxResults, posts.length);
    if (token !== undefined) {
      const position = readToken(account.id, token);
      if (!position) {
        return invalidRequest(
          'pagination_token',
          token,
          `The \`pagination_token\` query parameter value [${token}] is not valid`,
        );
      }
      const at = BigInt(position.id);
      if (position.direction === 'next') {
        start = posts.findIndex((post) => BigInt(post.id) < at);
        if (start < 0) start = posts.length;
        end = Math.min(start + maxResults, posts.length);
      } else {
        end = posts.findIndex((post) => BigInt(post.id) <= at);
        if (end < 0) end = posts.length;
        start = Math.max(0, end - maxResults);
      }
    }
    const scanned = posts.slice(start, end);
    const shown = scanned.filter((post) => !timeline.withheld.has(post.id));
    const first = scanned[0];
    const last = scanned.at(-1);
    const meta: Record<string, unknown> = { result_count: shown.length };
    if (shown.length > 0) {
      meta.newest_id = shown[0]?.id;
      meta.oldest_id = shown.at(-1)?.id;
    }
    if (last && end < posts.length) meta.next_token = tokenFor(account.id, 'next', last.id);
    if (first && start > 0) meta.previous_token = tokenFor(account.id, 'previous', first.id);
    return {
      status: 200,
      json: shown.length > 0 ? { data: shown.map((post) => postFields(post, fields)), meta } : { meta },
      headers: spent.headers,
    };
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'x',
      unauthorized: () =>
        problem(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
      rateLimited: (request, retryAfterSeconds) =>
        tooManyRequests(
          request.path === '/users/me' ? LIMITS.me : LIMITS.timeline,
          Math.floor(Date.now() / 1000) + retryAfterSeconds,
        ),
      notFound: () =>
        problem(404, { title: 'Not Found Error', type: 'about:blank', status: 404, detail: 'Not Found' }),
      routes: (router) => {
        router.get('/users/me', 'x.getMe', getMe);
        router.get('/users/:id/tweets', 'x.listUserPosts', listPosts);
      },
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setPosts(accountId, posts, options = {}) {
        const account = requireXAccount(accountId);
        timelines.set(accountId, {
          posts: Array.isArray(posts) ? [...posts] : generateFor(account, posts.count),
          withheld: new Set(options.withheld ?? []),
        });
      },
      posts(accountId) {
        return [...timelineOf(requireXAccount(accountId)).posts];
      },
    },
  };
}

function generateFor(account: StoredAccount, count: number): XPostJson[] {
  return generatePosts({
    count,
    userId: account.providerUserId,
    seed: account.id,
    anchorMs: account.createdAt,
  });
}

/** `exclude=retweets` leaves reposts out, `exclude=replies` replies. */
function isExcluded(post: XPostJson, exclude: readonly string[]): boolean {
  const types = (post.referenced_tweets ?? []).map((reference) => reference.type);
  return (
    (exclude.includes('retweets') && types.includes('retweeted')) ||
    (exclude.includes('replies') && post.in_reply_to_user_id !== undefined)
  );
}

/** The post as the timeline sends it: the default fields plus the requested ones it has. */
function postFields(post: XPostJson, fields: readonly string[]): Record<string, unknown> {
  const values = post as unknown as Record<string, unknown>;
  const answered: Record<string, unknown> = {};
  for (const field of [...DEFAULT_TWEET_FIELDS, ...fields]) {
    if (values[field] !== undefined) answered[field] = values[field];
  }
  return answered;
}

type Direction = 'next' | 'previous';

/**
 * X's tokens are opaque lower-case strings; the emulator's say where a page ends (the post id, base 36)
 * behind a check of 13 characters bound to the account and the direction, so a token of another
 * account or a garbled one is refused.
 */
function tokenFor(accountId: string, direction: Direction, postId: string): string {
  return `${tokenCheck(accountId, direction, postId)}${BigInt(postId).toString(36)}`;
}

function readToken(accountId: string, token: string): { direction: Direction; id: string } | undefined {
  const body = token.slice(13);
  if (!/^[0-9a-z]{1,16}$/.test(body)) return undefined;
  let id = 0n;
  for (const digit of body) id = id * 36n + BigInt(Number.parseInt(digit, 36));
  const postId = id.toString();
  for (const direction of ['next', 'previous'] as const) {
    if (token.startsWith(tokenCheck(accountId, direction, postId))) return { direction, id: postId };
  }
  return undefined;
}

function tokenCheck(accountId: string, direction: Direction, postId: string): string {
  const digest = createHash('sha256').update(`${accountId}:${direction}:${postId}`).digest();
  return BigInt(`0x${digest.subarray(0, 10).toString('hex')}`)
    .toString(36)
    .padStart(16, '0')
    .slice(0, 13);
}

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
