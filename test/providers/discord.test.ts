import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { DiscordEmulator } from '../../src/providers/discord/emulator.js';
import type { DiscordGuildJson } from '../../src/providers/discord/fixtures.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import type { GraphQLResponse } from '../support/stack.js';

const NELLY_AVATAR =
  'https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png';

const RATE_LIMITED_BODY = { message: 'You are being rate limited.', global: false };

/** Clerk's defaults plus `guilds`, which an app that lists servers adds. */
const GUILD_SCOPES = ['identify', 'email', 'guilds'];

const GUILDS = parse(`
  query DiscordGuilds($account: ID!, $first: Int) {
    me {
      connectedAccount(id: $account) {
        discordGuilds(first: $first) {
          edges { node { id name iconUrl bannerUrl isOwner permissions features memberCount onlineCount } }
        }
      }
    }
  }
`);

interface GuildsAnswer {
  me: { connectedAccount: { discordGuilds: { edges: { node: Record<string, unknown> }[] } | null } | null };
}

describeProvider(
  {
    provider: 'discord',
    account: {
      providerUserId: '80351110224678912',
      username: 'nelly',
      firstName: 'Nelly',
      lastName: null,
      email: 'nelly@discord.com',
      imageUrl: NELLY_AVATAR,
    },
    // The avatar is a hash in the API, a CDN URL in the profile; Discord's API links no profile page.
    expected: () => ({
      id: '80351110224678912',
      username: 'nelly',
      name: 'Nelly',
      email: 'nelly@discord.com',
      avatarUrl: NELLY_AVATAR,
    }),
  },
  (t) => {
    async function retryAfterOf(token: string): Promise<unknown> {
      const { errors } = await t.profileOf(token);
      expect(errors[0]?.code).toBe('RATE_LIMITED');
      return errors[0]?.retryAfter;
    }

    it("answers a rate limit with every one of Discord's signals", async () => {
      const { account } = t.connect();
      t.emulator.providers.discord?.rateLimit(account.id, { retryAfterSeconds: 3 });
      const response = await t.callApi('/users/@me', { token: account.accessToken });
      expect(response.status).toBe(429);
      expect(await response.json()).toEqual({ ...RATE_LIMITED_BODY, retry_after: 3 });
      expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(response.headers.get('x-ratelimit-reset-after')).toBe('3.000');
      expect(response.headers.get('x-ratelimit-scope')).toBe('user');
      expect(response.headers.get('retry-after')).toBe('3');
    });

    it("reads the wait from the body's retry_after (float seconds) alone: a global limit", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 12.25, global: true },
        headers: { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
      });
      expect(await retryAfterOf(token)).toBe(13);
    });

    it('reads X-RateLimit-Reset-After (float seconds) when the bucket is used up', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { ...RATE_LIMITED_BODY, retry_after: 2 },
        headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': '7.250' },
      });
      expect(await retryAfterOf(token)).toBe(8);
    });

    it('ignores X-RateLimit-Reset-After when the bucket is not used up (a shared-resource limit)', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { ...RATE_LIMITED_BODY, retry_after: 5 },
        headers: {
          'X-RateLimit-Remaining': '3',
          'X-RateLimit-Reset-After': '40',
          'X-RateLimit-Scope': 'shared',
        },
      });
      expect(await retryAfterOf(token)).toBe(5);
    });

    it('reads no email without the email scope', async () => {
      const { token } = t.connect({ scopes: ['identify'], email: 'nelly@discord.com' });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ email: null });
    });

    it('serves an animated avatar as a GIF, and tags a legacy username with its discriminator', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 200,
        body: {
          id: '42',
          username: 'oldtimer',
          discriminator: '1337',
          global_name: null,
          avatar: 'a_1269e74a',
        },
      });
      const { profile } = await t.profileOf(token);
      expect(profile).toEqual({
        id: '42',
        username: 'oldtimer#1337',
        name: null,
        email: null,
        avatarUrl: 'https://cdn.discordapp.com/avatars/42/a_1269e74a.gif',
        url: null,
        source: 'PROVIDER',
      });
    });

    it('gives a null avatar to a user without one', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 200,
        body: { id: '43', username: 'plain', discriminator: '0', global_name: 'Plain', avatar: null },
      });
      const { profile } = await t.profileOf(token);
      expect(profile).toMatchObject({ username: 'plain', name: 'Plain', avatarUrl: null });
    });

    describe('discordGuilds', () => {
      const LIST = 'discord.getCurrentUserGuilds';
      const discord = () => t.emulator.providers.discord as DiscordEmulator;

      describeListField(t, {
        field: 'discordGuilds',
        selection: 'id name iconUrl isOwner',
        // More than a user can join (200), as a test of the pages: two full ones and a partial.
        seed: (emulator, account) => {
          const api = emulator.providers.discord as DiscordEmulator;
          api.setGuilds(account.id, { count: 451 });
          return api.guilds(account.id).map((guild) => guild.id);
        },
        route: LIST,
      });

      async function guildsOf(token: string, accountId: string) {
        const response = (await t.stack.query(GUILDS, { account: accountId, first: 100 } as never, {
          token,
        })) as GraphQLResponse<GuildsAnswer>;
        return {
          nodes:
            response.body.data?.me?.connectedAccount?.discordGuilds?.edges.map((edge) => edge.node) ?? null,
          errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
        };
      }

      const GUILD: DiscordGuildJson = {
        id: '80351110224678912',
        name: '1337 Krew',
        icon: '8342729096ea3675442027381ff50dfe',
        banner: 'bb42bdc37653b7cf58c4c8cc622e76cb',
        owner: true,
        permissions: '36953089',
        features: ['COMMUNITY', 'NEWS', 'ANIMATED_ICON', 'INVITE_SPLASH', 'BANNER', 'ROLE_ICONS'],
        approximate_member_count: 3268,
        approximate_presence_count: 784,
      };

      it("maps Discord's example guild, an animated icon and a guild without images", async () => {
        const { account, token } = t.connect({ scopes: GUILD_SCOPES });
        discord().setGuilds(account.id, [
          GUILD,
          {
            ...GUILD,
            id: '80351110224678913',
            name: 'Animated',
            icon: 'a_1269e74a',
            banner: null,
            owner: false,
          },
          { ...GUILD, id: '80351110224678914', name: 'Plain', icon: null, banner: null, features: [] },
        ]);
        const { nodes, errors } = await guildsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(nodes).toEqual([
          {
            id: '80351110224678912',
            name: '1337 Krew',
            iconUrl:
              'https://cdn.discordapp.com/icons/80351110224678912/8342729096ea3675442027381ff50dfe.png',
            bannerUrl:
              'https://cdn.discordapp.com/banners/80351110224678912/bb42bdc37653b7cf58c4c8cc622e76cb.png',
            isOwner: true,
            permissions: '36953089',
            features: ['COMMUNITY', 'NEWS', 'ANIMATED_ICON', 'INVITE_SPLASH', 'BANNER', 'ROLE_ICONS'],
            memberCount: 3268,
            onlineCount: 784,
          },
          expect.objectContaining({
            name: 'Animated',
            iconUrl: 'https://cdn.discordapp.com/icons/80351110224678913/a_1269e74a.gif',
            bannerUrl: null,
            isOwner: false,
          }),
          expect.objectContaining({ name: 'Plain', iconUrl: null, bannerUrl: null, features: [] }),
        ]);
      });

      it('asks for 200 guilds with their counts, then after the last id while pages come back full', async () => {
        const { account, token } = t.connect({ scopes: GUILD_SCOPES });
        discord().setGuilds(account.id, { count: 400 });
        const ids = discord()
          .guilds(account.id)
          .map((guild) => guild.id);
        t.emulator.calls.reset();
        // Walked 100 at a time: each connection page reads the provider page its cursor is in.
        for (let after: string | undefined, pages = 0; pages < 5; pages++) {
          const response = (await t.stack.query(
            parse(
              `query($account: ID!, $after: String) { me { connectedAccount(id: $account) { discordGuilds(first: 100, after: $after) { pageInfo { hasNextPage endCursor } } } } }`,
            ),
            { account: account.id, after } as never,
            { token },
          )) as GraphQLResponse<{
            me: {
              connectedAccount: { discordGuilds: { pageInfo: { hasNextPage: boolean; endCursor: string } } };
            };
          }>;
          const pageInfo = response.body.data?.me.connectedAccount.discordGuilds.pageInfo;
          if (!pageInfo?.hasNextPage) break;
          after = pageInfo.endCursor;
        }
        const queries = t.emulator.calls
          .all()
          .filter((call) => call.service === 'discord')
          .map((call) => call.query);
        expect(new Set(queries.map((query) => JSON.stringify(query)))).toEqual(
          new Set([
            JSON.stringify({ with_counts: 'true', limit: '200' }),
            JSON.stringify({ with_counts: 'true', limit: '200', after: ids[199] }),
            // 400 is two full pages: an empty third one says the list ended.
            JSON.stringify({ with_counts: 'true', limit: '200', after: ids[399] }),
          ]),
        );
      });

      it("reads Discord's `Missing required OAuth2 scope` (403, code 50026) as MISSING_SCOPES", async () => {
        const { account, token } = t.connect({ scopes: GUILD_SCOPES });
        t.answerOnce(account.id, {
          route: LIST,
          status: 403,
          body: { message: 'Missing required OAuth2 scope', code: 50026 },
        });
        const { nodes, errors } = await guildsOf(token, account.id);
        expect(nodes).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'discord',
            accountId: account.id,
            requiredScopes: ['guilds'],
            acceptedScopes: [['guilds']],
            grantedScopes: GUILD_SCOPES,
          },
        ]);
      });

      it('answers any other 403 (`Missing Access`) with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect({ scopes: GUILD_SCOPES });
        t.answerOnce(account.id, {
          route: LIST,
          status: 403,
          body: { message: 'Missing Access', code: 50001 },
        });
        const { errors } = await guildsOf(token, account.id);
        expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'discord', accountId: account.id }]);
      });
    });

    describe('the emulator: GET /users/@me/guilds', () => {
      async function guilds(token: string, query = '') {
        const response = await t.callApi(`/users/@me/guilds${query}`, { token });
        return { status: response.status, body: (await response.json()) as unknown };
      }

      function tokenOf(scopes = GUILD_SCOPES) {
        const { account } = t.connect({ scopes });
        return { account, token: t.emulator.clerk.currentAccessToken(account.id) };
      }

      it("gives every account a user's worth of guilds in id order, counts only with `with_counts`", async () => {
        const { token } = tokenOf();
        const plain = await guilds(token);
        const list = plain.body as Record<string, unknown>[];
        expect(plain.status).toBe(200);
        expect(list.length).toBeGreaterThan(20);
        expect(list.length).toBeLessThanOrEqual(200);
        const ids = list.map((guild) => BigInt(guild.id as string));
        expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
        expect(Object.keys(list[0] ?? {})).toEqual([
          'id',
          'name',
          'icon',
          'banner',
          'owner',
          'permissions',
          'features',
        ]);
        const counted = (await guilds(token, '?with_counts=true')).body as Record<string, unknown>[];
        expect(counted[0]).toHaveProperty('approximate_member_count');
        expect(counted[0]).toHaveProperty('approximate_presence_count');
        expect(list.some((guild) => guild.icon === null)).toBe(true);
        expect(list.some((guild) => String(guild.icon).startsWith('a_'))).toBe(true);
      });

      it('pages with `after` and `limit`, and `before` from the end', async () => {
        const { account, token } = tokenOf();
        const ids = (t.emulator.providers.discord as DiscordEmulator)
          .guilds(account.id)
          .map((guild) => guild.id);
        const idsOf = (body: unknown) => (body as { id: string }[]).map((guild) => guild.id);
        expect(idsOf((await guilds(token, `?limit=3&after=${ids[1]}`)).body)).toEqual(ids.slice(2, 5));
        expect(idsOf((await guilds(token, `?limit=2&before=${ids[5]}`)).body)).toEqual(ids.slice(3, 5));
      });

      it.each([
        ['201', 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 200.'],
        ['0', 'NUMBER_TYPE_MIN', 'int value should be greater than or equal to 1.'],
      ])('refuses `limit=%s` with 400 Invalid Form Body (50035)', async (limit, code, message) => {
        const { token } = tokenOf();
        expect(await guilds(token, `?limit=${limit}`)).toEqual({
          status: 400,
          body: {
            message: 'Invalid Form Body',
            code: 50035,
            errors: { limit: { _errors: [{ code, message }] } },
          },
        });
      });

      it('answers a token without `guilds` with the plain 401 of a bad token', async () => {
        const { token } = tokenOf(['identify', 'email']);
        expect(await guilds(token)).toEqual({ status: 401, body: { message: '401: Unauthorized', code: 0 } });
      });
    });
  },
);
