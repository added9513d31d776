/**
 * Twitch's Helix `GET /users` and `GET /channels/followed` (docs/providers.md#twitch): the `Client-Id` of
 * the app that minted the token on every call, Twitch's `{error, status, message}` refusals (a 401
 * "Missing scope: user:read:follows" for follows), its base64 JSON cursors, and its `Ratelimit-*` headers.
 */
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generateFollows, type TwitchFollowJson } from './follow-fixtures.js';

export type { TwitchFollowJson } from './follow-fixtures.js';

export interface TwitchEmulator extends ProviderEmulatorApi {
  /**
   * The broadcasters the account follows, most recent first (Twitch's order). A count generates
   * deterministic ones; without it every account follows {@link DEFAULT_FOLLOW_COUNT}.
   */
  setFollows(accountId: string, follows: TwitchFollowJson[] | { count: number }): void;
  /** The account's follows, in list order. */
  follows(accountId: string): TwitchFollowJson[];
}

/** More than one page at the largest page size (100): a long-time viewer's follows. */
export const DEFAULT_FOLLOW_COUNT = 143;
/** `first` of `GET /channels/followed`: 1–100, default 20 (docs/providers.md#twitch, "Data endpoints"). */
const MAX_FIRST = 100;
const DEFAULT_FIRST = 20;
const FOLLOWS_SCOPE = 'user:read:follows';

/** The client id of the emulated Twitch app behind Clerk's connection: every emulated token is its. */
export const EMULATED_TWITCH_CLIENT_ID = 'pg7emulatedtwitchclientid00001';
/**
 * Twitch's bucket: about 800 points a minute per client and user
 * (docs/providers.md#twitch, "Rate limits").
 */
const POINTS_PER_MINUTE = 800;

function twitchError(status: number, error: string, message: string, headers?: Record<string, string>) {
  return jsonReply(status, { error, status, message }, headers);
}

/** `Ratelimit-Reset` is epoch seconds (docs/providers.md#retry-timing-units-differ). */
function rateLimitHeaders(remaining: number, resetInSeconds: number): Record<string, string> {
  return {
    'ratelimit-limit': String(POINTS_PER_MINUTE),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds),
  };
}

/** Another app's client id on a valid token: the route refuses it once the token's account is known. */
function clientMismatch(request: EmulatorRequest): EmulatorReply | undefined {
  return request.header('client-id') === EMULATED_TWITCH_CLIENT_ID
    ? undefined
    : twitchError(401, 'Unauthorized', 'Client ID and OAuth token do not match');
}

/** Twitch's cursor: base64 of `{"b":null,"a":{"Offset":N}}` (the example of docs/providers.md#twitch). */
function cursorOf(offset: number): string {
  return Buffer.from(JSON.stringify({ b: null, a: { Offset: offset } })).toString('base64');
}

function offsetOf(cursor: string): number | undefined {
  try {
    const offset = (
      JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { a?: { Offset?: unknown } }
    ).a?.Offset;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

export function createTwitchEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<TwitchEmulator> {
  const followsByAccount = new Map<string, TwitchFollowJson[]>();

  function requireTwitchAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'twitch') throw new Error(`Emulator: no Twitch account ${accountId}`);
    return account;
  }

  function followsOf(account: StoredAccount): TwitchFollowJson[] {
    let follows = followsByAccount.get(account.id);
    if (!follows) {
      follows = generateFollows({ count: DEFAULT_FOLLOW_COUNT, seed: account.id });
      followsByAccount.set(account.id, follows);
    }
    return follows;
  }

  /**
   * `GET /channels/followed?user_id=…`: the scope first (401 "Missing scope: user:read:follows"), then
   * `user_id` (required, and the token's own user: 401 otherwise), then `first` (400 over 100, the
   * wording of Twitch's answers as client libraries record them). `total` counts every follow;
   * `pagination` is `{}` on the last page. The wording of the 400s for a missing `user_id` and a bad
   * cursor is the emulator's (unverified).
   */
  function listFollowedChannels(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    const mismatch = clientMismatch(request);
    if (mismatch) return mismatch;
    if (!account.scopes.includes(FOLLOWS_SCOPE)) {
      return twitchError(401, 'Unauthorized', `Missing scope: ${FOLLOWS_SCOPE}`);
    }
    const userId = request.query.user_id;
    if (userId === undefined || userId === '') {
      return twitchError(400, 'Bad Request', 'Missing required parameter "user_id"');
    }
    if (userId !== account.providerUserId) {
      return twitchError(
        401,
        'Unauthorized',
        "The ID in user_id must match the user ID found in the request's OAuth token.",
      );
    }
    const first = request.query.first === undefined ? DEFAULT_FIRST : Number(request.query.first);
    if (!Number.isInteger(first) || first < 1) {
      return twitchError(
        400,
        'Bad Request',
        'The parameter "first" was malformed: the value must be greater than or equal to 1',
      );
    }
    if (first > MAX_FIRST) {
      return twitchError(
        400,
        'Bad Request',
        `The parameter "first" was malformed: the value must be less than or equal to ${MAX_FIRST}`,
      );
    }
    const after = request.query.after;
    const offset = after === undefined ? 0 : offsetOf(after);
    if (offset === undefined) return twitchError(400, 'Bad Request', 'Invalid cursor');
    const broadcasterId = request.query.broadcaster_id;
    const follows = followsOf(account).filter(
      (follow) => broadcasterId === undefined || follow.broadcaster_id === broadcasterId,
    );
    const next = offset + first;
    return jsonReply(
      200,
      {
        total: follows.length,
        data: follows.slice(offset, next),
        pagination: next < follows.length ? { cursor: cursorOf(next) } : {},
      },
      rateLimitHeaders(POINTS_PER_MINUTE - 1, 60),
    );
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'twitch',
      // "OAuth token is missing" without a token (docs/providers.md#twitch, "Errors"); "Client ID is
      // missing" without the header is unverified (not in Twitch's docs; as reported in
      // pilcrowonpaper/arctic#35). A token of another app is refused in the route, once the token's account
      // is known.
      precheck: (request) => {
        if (bearerTokenOf(request) === undefined) {
          return twitchError(401, 'Unauthorized', 'OAuth token is missing');
        }
        return request.header('client-id') === undefined
          ? twitchError(401, 'Unauthorized', 'Client ID is missing')
          : undefined;
      },
      unauthorized: () => twitchError(401, 'Unauthorized', 'Invalid OAuth token'),
      rateLimited: (_request, retryAfterSeconds) =>
        twitchError(429, 'Too Many Requests', 'Too Many Requests', rateLimitHeaders(0, retryAfterSeconds)),
      notFound: () => twitchError(404, 'Not Found', ''),
      routes: (router) => {
        router.get('/users', 'twitch.getUsers', (request, account): EmulatorReply => {
          return (
            clientMismatch(request) ??
            jsonReply(200, { data: [userJson(account)] }, rateLimitHeaders(POINTS_PER_MINUTE - 1, 60))
          );
        });
        router.get('/channels/followed', 'twitch.listFollowedChannels', listFollowedChannels);
      },
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setFollows(accountId, follows) {
        requireTwitchAccount(accountId);
        followsByAccount.set(
          accountId,
          Array.isArray(follows) ? [...follows] : generateFollows({ count: follows.count, seed: accountId }),
        );
      },
      follows(accountId) {
        return [...followsOf(requireTwitchAccount(accountId))];
      },
    },
  };
}

/**
 * The example of docs/providers.md#twitch ("Profile"), from the account: `login` is the lower-cased
 * display name.
 */
function userJson(account: StoredAccount): Record<string, unknown> {
  const displayName = account.username ?? `user${account.providerUserId}`;
  return {
    id: account.providerUserId,
    login: displayName.toLowerCase(),
    display_name: displayName,
    type: '',
    broadcaster_type: '',
    description: '',
    profile_image_url: account.imageUrl,
    offline_image_url: '',
    // Deprecated by Twitch: may be 0 (docs/providers.md#twitch, "Profile").
    view_count: 0,
    ...(account.scopes.includes('user:read:email') && account.email !== null ? { email: account.email } : {}),
    created_at: new Date(Math.floor(account.createdAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createTwitchEmulator;
