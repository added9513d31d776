/**
 * Discord's API as the gateway uses it: `GET /users/@me` (the email only with the `email` scope) and
 * `GET /users/@me/guilds` (snowflake pages, `limit` 1–200, the `guilds` scope), with Discord's
 * `{message, code}` errors, its form-body validation errors and per-route rate-limit answer
 * (docs/providers.md#discord).
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
import { type DiscordGuildJson, generateGuilds } from './fixtures.js';

export interface DiscordEmulator extends ProviderEmulatorApi {
  /**
   * The guilds the account's user is in (any order: the route answers them by id). A count generates
   * deterministic guilds. Without it, every account is in {@link DEFAULT_GUILD_COUNT}.
   */
  setGuilds(accountId: string, guilds: DiscordGuildJson[] | { count: number }): void;
  /** The account's guilds by id, as `GET /users/@me/guilds` pages through them (with the counts). */
  guilds(accountId: string): DiscordGuildJson[];
}

/**
 * A plausible number for one user: Discord caps a non-bot user at 200 guilds, which is why its docs call
 * paging this list "not needed" (docs/providers.md#discord, "Data endpoints"). Tests set more.
 */
export const DEFAULT_GUILD_COUNT = 42;
const MAX_LIMIT = 200;
const CDN_AVATAR = /^https:\/\/cdn\.discordapp\.com\/avatars\/[^/]+\/([^/.]+)\.(?:png|gif|webp|jpg)$/;
const SNOWFLAKE = /^\d{1,20}$/;

const UNAUTHORIZED = { message: '401: Unauthorized', code: 0 };

/**
 * Discord's "Invalid Form Body" (JSON code 50035) for one query parameter (docs/providers.md#discord,
 * "Errors"); the inner `code` and `message` are the emulator's wording of Discord's (unverified).
 */
function invalidFormBody(field: string, code: string, message: string): EmulatorReply {
  return jsonReply(400, {
    message: 'Invalid Form Body',
    code: 50035,
    errors: { [field]: { _errors: [{ code, message }] } },
  });
}

export function createDiscordEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<DiscordEmulator> {
  const guildsByAccount = new Map<string, DiscordGuildJson[]>();

  function requireDiscordAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'discord') throw new Error(`Emulator: no Discord account ${accountId}`);
    return account;
  }

  function guildsOf(account: StoredAccount): DiscordGuildJson[] {
    let guilds = guildsByAccount.get(account.id);
    if (!guilds) {
      guilds = byId(generateGuilds({ count: DEFAULT_GUILD_COUNT, seed: account.id }));
      guildsByAccount.set(account.id, guilds);
    }
    return guilds;
  }

  /**
   * `GET /users/@me/guilds`. Without the `guilds` scope Discord answers the same 401 as for a bad token
   * (reported, not documented: docs/providers.md#discord, "Data endpoints").
   */
  function listGuilds(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!account.scopes.includes('guilds')) return jsonReply(401, UNAUTHORIZED);
    const { limit: rawLimit, after, before, with_counts: withCounts } = request.query;
    let limit = MAX_LIMIT;
    if (rawLimit !== undefined) {
      if (!/^-?\d+$/.test(rawLimit)) {
        return invalidFormBody('limit', 'NUMBER_TYPE_COERCE', `Value "${rawLimit}" is not int.`);
      }
      limit = Number(rawLimit);
      if (limit > MAX_LIMIT) {
        return invalidFormBody(
          'limit',
          'NUMBER_TYPE_MAX',
          `int value should be less than or equal to ${MAX_LIMIT}.`,
        );
      }
      if (limit < 1)
        return invalidFormBody('limit', 'NUMBER_TYPE_MIN', 'int value should be greater than or equal to 1.');
    }
    for (const [field, value] of [
      ['after', after],
      ['before', before],
    ] as const) {
      if (value !== undefined && !SNOWFLAKE.test(value)) {
        return invalidFormBody(field, 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
      }
    }
    let guilds = guildsOf(account);
    if (after !== undefined) guilds = guilds.filter((guild) => BigInt(guild.id) > BigInt(after));
    if (before !== undefined) guilds = guilds.filter((guild) => BigInt(guild.id) < BigInt(before));
    // `before` alone pages backwards: the guilds just before it, still in id order.
    const page = before !== undefined && after === undefined ? guilds.slice(-limit) : guilds.slice(0, limit);
    const counts = withCounts === 'true' || withCounts === '1';
    return jsonReply(
      200,
      page.map((guild) => (counts ? guild : withoutCounts(guild))),
    );
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'discord',
      jsonContentType: 'application/json',
      unauthorized: () => jsonReply(401, UNAUTHORIZED),
      // A per-route (`user` scope) limit: every signal of Discord's 429
      // (docs/providers.md#discord, "Rate limits"), all saying the same wait, in the route's bucket.
      rateLimited: (request, retryAfterSeconds) =>
        jsonReply(
          429,
          { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
          {
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': (Date.now() / 1000 + retryAfterSeconds).toFixed(3),
            'x-ratelimit-reset-after': retryAfterSeconds.toFixed(3),
            'x-ratelimit-bucket': createHash('md5').update(`${request.method} ${request.path}`).digest('hex'),
            'x-ratelimit-scope': 'user',
            'retry-after': String(Math.ceil(retryAfterSeconds)),
          },
        ),
      notFound: () => jsonReply(404, { message: '404: Not Found', code: 0 }),
      routes: (router) => {
        router.get('/users/@me/guilds', 'discord.getCurrentUserGuilds', listGuilds);
        router.get('/users/@me', 'discord.getCurrentUser', (_request, account) =>
          jsonReply(200, userJson(account)),
        );
      },
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setGuilds(accountId, guilds) {
        const account = requireDiscordAccount(accountId);
        guildsByAccount.set(
          accountId,
          byId(Array.isArray(guilds) ? guilds : generateGuilds({ count: guilds.count, seed: account.id })),
        );
      },
      guilds(accountId) {
        return [...guildsOf(requireDiscordAccount(accountId))];
      },
    },
  };
}

/** Snowflakes sort by creation time; the API pages by them. */
function byId(guilds: readonly DiscordGuildJson[]): DiscordGuildJson[] {
  return [...guilds].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
}

/** A guild as listed without `with_counts=true`. */
function withoutCounts(
  guild: DiscordGuildJson,
): Omit<DiscordGuildJson, 'approximate_member_count' | 'approximate_presence_count'> {
  const { approximate_member_count: _members, approximate_presence_count: _presence, ...rest } = guild;
  return rest;
}

/**
 * The avatar hash: the one in the account's image URL when it is a Discord CDN avatar, else one derived
 * from the URL (Discord hashes are 32 hex digits).
 */
function avatarHashOf(account: StoredAccount): string {
  return CDN_AVATAR.exec(account.imageUrl)?.[1] ?? createHash('md5').update(account.imageUrl).digest('hex');
}

/** The `/users/@me` example of docs/providers.md#discord ("Profile"), from the stored account. */
function userJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    id: account.providerUserId,
    username: account.username ?? `user${account.providerUserId}`,
    discriminator: '0',
    global_name: name || null,
    avatar: avatarHashOf(account),
    ...(account.scopes.includes('email') ? { verified: true, email: account.email } : {}),
    flags: 0,
    banner: null,
    accent_color: null,
    premium_type: 0,
    public_flags: 0,
    avatar_decoration_data: null,
    mfa_enabled: false,
    locale: 'en-US',
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createDiscordEmulator;
