import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { scopeDetails } from '../../src/providers/scope-requirements.js';
import type { SpotifyEmulator, SpotifyPlaylistJson } from '../../src/providers/spotify/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const PLAYLIST_SCOPES = ['playlist-read-private', 'playlist-read-collaborative'];
const ALL_SCOPES = ['user-read-email', 'user-read-private', ...PLAYLIST_SCOPES];

const Playlists = parse(`
  query SpotifyPlaylists($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        spotifyPlaylists(first: $first, after: $after) {
          edges {
            node {
              id
              name
              description
              trackCount
              isPublic
              isCollaborative
              url
              imageUrl
              owner { id displayName url }
              snapshotId
              uri
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

/** A playlist in Spotify's shape, with `overrides` on top. */
function playlistJson(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    collaborative: false,
    description: 'Songs for the road',
    external_urls: { spotify: `https://open.spotify.com/playlist/${id}` },
    href: `https://api.spotify.com/v1/playlists/${id}`,
    id,
    images: [{ height: null, url: `https://mosaic.scdn.co/640/${id}`, width: null }],
    name: 'Road trip',
    owner: {
      display_name: 'JM Wizzler',
      external_urls: { spotify: 'https://open.spotify.com/user/wizzler' },
      href: 'https://api.spotify.com/v1/users/wizzler',
      id: 'wizzler',
      type: 'user',
      uri: 'spotify:user:wizzler',
    },
    public: true,
    snapshot_id: 'MTAsZDNkNTg2YTA2ODAwNmE3MDM2MzcxN2FjNmRhMjRhMjk1ZmEzMDkw',
    items: { href: `https://api.spotify.com/v1/playlists/${id}/items`, total: 5 },
    tracks: { href: `https://api.spotify.com/v1/playlists/${id}/tracks`, total: 5 },
    type: 'playlist',
    uri: `spotify:playlist:${id}`,
    ...overrides,
  };
}

function pageJson(items: unknown[]): Record<string, unknown> {
  return {
    href: 'https://api.spotify.com/v1/me/playlists?offset=0&limit=50',
    items,
    limit: 50,
    next: null,
    offset: 0,
    previous: null,
    total: items.length,
  };
}

describeProvider(
  {
    provider: 'spotify',
    account: { providerUserId: 'wizzler', firstName: 'JM', lastName: 'Wizzler', email: 'email@example.com' },
    // Spotify has no handle besides the user id.
    expected: (account) => ({
      id: 'wizzler',
      name: 'JM Wizzler',
      email: 'email@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://open.spotify.com/user/wizzler',
    }),
  },
  (t) => {
    const GET_CURRENT_USER = 'spotify.getCurrentUser';
    const LIST_PLAYLISTS = 'spotify.listPlaylists';
    const spotify = () => t.emulator.providers.spotify as SpotifyEmulator;

    async function playlistsOf(token: string, accountId: string, first?: number, after?: string) {
      const response = await t.stack.query(Playlists, { account: accountId, first, after }, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { spotifyPlaylists: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.spotifyPlaylists as
          | {
              edges: { node: Record<string, unknown> }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    describeListField(t, {
      field: 'spotifyPlaylists',
      selection: 'id name trackCount isPublic url imageUrl',
      // 123 playlists: two full pages of 50, then 23.
      seed: (emulator, account) => {
        const api = emulator.providers.spotify as SpotifyEmulator;
        api.setPlaylists(account.id, { count: 123 });
        return api.playlists(account.id).map((playlist) => playlist.id);
      },
      route: LIST_PLAYLISTS,
    });

    describe('spotifyPlaylists', () => {
      it('gives every account playlists by default, more than one page of 50', async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await playlistsOf(token, account.id, 100);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(
          spotify()
            .playlists(account.id)
            .map((playlist) => playlist.id),
        );
        expect(value?.edges.length).toBeGreaterThan(50);
        expect(t.emulator.calls.all().filter((call) => call.route === LIST_PLAYLISTS)).toMatchObject([
          { method: 'GET', path: '/me/playlists', query: { limit: '50', offset: '0' } },
          { method: 'GET', path: '/me/playlists', query: { limit: '50', offset: '50' } },
        ]);
      });

      it('maps a playlist: empty text is null, the largest picture, the track count under either name, nulls left out', async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        const { tracks: _tracks, ...withoutTracks } = playlistJson('3cEYpjA9oz9GiPac4AsH4n');
        t.answerOnce(account.id, {
          route: LIST_PLAYLISTS,
          status: 200,
          body: pageJson([
            withoutTracks,
            playlistJson('1zvWxzMGBcuBIRtTrZ0Ja8', {
              description: '',
              public: null,
              collaborative: true,
              images: null,
              items: undefined,
              tracks: {
                href: 'https://api.spotify.com/v1/playlists/1zvWxzMGBcuBIRtTrZ0Ja8/tracks',
                total: 0,
              },
              owner: { id: 'ludwig.b', display_name: null, type: 'user', uri: 'spotify:user:ludwig.b' },
            }),
            // Spotify answers `null` in place of a Spotify-owned playlist the app may no longer read.
            null,
            playlistJson('37i9dQZF1EuyeQlxxtnSue', {
              items: null,
              tracks: {
                href: 'https://api.spotify.com/v1/playlists/37i9dQZF1EuyeQlxxtnSue/tracks',
                total: null,
              },
            }),
          ]) as never,
        });
        const { value, errors } = await playlistsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            id: '3cEYpjA9oz9GiPac4AsH4n',
            name: 'Road trip',
            description: 'Songs for the road',
            trackCount: 5,
            isPublic: true,
            isCollaborative: false,
            url: 'https://open.spotify.com/playlist/3cEYpjA9oz9GiPac4AsH4n',
            imageUrl: 'https://mosaic.scdn.co/640/3cEYpjA9oz9GiPac4AsH4n',
            owner: { id: 'wizzler', displayName: 'JM Wizzler', url: 'https://open.spotify.com/user/wizzler' },
            snapshotId: 'MTAsZDNkNTg2YTA2ODAwNmE3MDM2MzcxN2FjNmRhMjRhMjk1ZmEzMDkw',
            uri: 'spotify:playlist:3cEYpjA9oz9GiPac4AsH4n',
          },
          {
            id: '1zvWxzMGBcuBIRtTrZ0Ja8',
            name: 'Road trip',
            description: null,
            trackCount: 0,
            isPublic: false,
            isCollaborative: true,
            url: 'https://open.spotify.com/playlist/1zvWxzMGBcuBIRtTrZ0Ja8',
            imageUrl: null,
            owner: { id: 'ludwig.b', displayName: null, url: null },
            snapshotId: 'MTAsZDNkNTg2YTA2ODAwNmE3MDM2MzcxN2FjNmRhMjRhMjk1ZmEzMDkw',
            uri: 'spotify:playlist:1zvWxzMGBcuBIRtTrZ0Ja8',
          },
          expect.objectContaining({ id: '37i9dQZF1EuyeQlxxtnSue', trackCount: null }),
        ]);
      });

      it('refuses an account with only one of the two playlist scopes, before any call', async () => {
        const granted = ['user-read-email', 'user-read-private', 'playlist-read-private'];
        const { account, token } = t.connect({ scopes: granted });
        t.emulator.calls.reset();
        const { value, errors } = await playlistsOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'spotify',
            accountId: account.id,
            ...scopeDetails(PLAYLIST_SCOPES, granted),
          },
        ]);
        expect(t.emulator.calls.count({ service: 'spotify' })).toBe(0);
      });

      it('answers Spotify\'s 403 "Insufficient client scope" with MISSING_SCOPES, without a fresh token', async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_PLAYLISTS,
          status: 403,
          body: { error: { status: 403, message: 'Insufficient client scope' } },
        });
        const { value, errors } = await playlistsOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'spotify',
            accountId: account.id,
            ...scopeDetails(PLAYLIST_SCOPES, ALL_SCOPES),
          },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          1,
        );
      });

      it("answers the Development-Mode allowlist's 403 with PROVIDER_ERROR, not MISSING_SCOPES", async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_PLAYLISTS,
          status: 403,
          body: { error: { status: 403, message: 'User not registered in the Developer Dashboard' } },
        });
        const { errors } = await playlistsOf(token, account.id);
        expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'spotify', accountId: account.id }]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await playlistsOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'spotify' })).toBe(0);
      });
    });

    it("reads a Development-Mode app's `/me`, which has no email, country or product", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_CURRENT_USER,
        status: 200,
        body: {
          display_name: 'JM Wizzler',
          external_urls: { spotify: 'https://open.spotify.com/user/wizzler' },
          href: 'https://api.spotify.com/v1/users/wizzler',
          id: 'wizzler',
          images: [],
          type: 'user',
          uri: 'spotify:user:wizzler',
        },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: 'wizzler',
        username: null,
        name: 'JM Wizzler',
        email: null,
        avatarUrl: null,
        url: 'https://open.spotify.com/user/wizzler',
        source: 'PROVIDER',
      });
    });

    it('takes the widest of several pictures, whatever their order', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_CURRENT_USER,
        status: 200,
        body: {
          id: 'wizzler',
          display_name: null,
          images: [
            { height: 64, url: 'https://i.scdn.co/image/small', width: 64 },
            { height: 300, url: 'https://i.scdn.co/image/large', width: 300 },
          ],
        },
      });
      const { profile } = await t.profileOf(token);
      expect(profile?.avatarUrl).toBe('https://i.scdn.co/image/large');
    });

    it("answers the 403 for a user missing from a Development-Mode app's allowlist with PROVIDER_ERROR", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_CURRENT_USER,
        status: 403,
        body: { error: { status: 403, message: 'User not registered in the Developer Dashboard' } },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'spotify', accountId: account.id }]);
    });

    it('has no email when the token lacks `user-read-email`', async () => {
      const { token } = t.connect({ scopes: ['user-read-private'], email: 'email@example.com' });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile?.email).toBeNull();
    });

    describe('the emulator', () => {
      async function me(token?: string) {
        const response = await t.callApi('/me', token === undefined ? {} : { token });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as unknown,
        };
      }

      it('answers the fields of the reference example', async () => {
        const { account } = t.connect({ providerUserId: 'wizzler' });
        const { status, body } = await me(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(200);
        expect(Object.keys(body as object)).toEqual([
          'country',
          'display_name',
          'email',
          'explicit_content',
          'external_urls',
          'followers',
          'href',
          'id',
          'images',
          'product',
          'type',
          'uri',
          'account_id',
        ]);
        expect(body).toMatchObject({ id: 'wizzler', uri: 'spotify:user:wizzler', type: 'user' });
      });

      it("answers refused tokens with 401 and Spotify's error envelope", async () => {
        const { account } = t.connect();
        const token = t.emulator.clerk.currentAccessToken(account.id);
        const refusal = (message: string) => ({ status: 401, body: { error: { status: 401, message } } });
        expect(await me()).toMatchObject(refusal('No token provided'));
        expect(await me('BQunknown')).toMatchObject(refusal('Invalid access token'));
        t.emulator.clerk.expireAccessToken(account.id);
        expect(await me(token)).toMatchObject(refusal('The access token expired'));
      });

      async function listPlaylists(token: string, query: string) {
        const response = await t.callApi(`/me/playlists${query}`, { token });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }

      it('answers the paging object of `GET /me/playlists`, with `next` until the last page', async () => {
        const { account } = t.connect({ scopes: ALL_SCOPES });
        spotify().setPlaylists(account.id, { count: 7 });
        const token = t.emulator.clerk.currentAccessToken(account.id);
        const first = await listPlaylists(token, '?limit=5');
        expect(first.status).toBe(200);
        expect(Object.keys(first.body).sort()).toEqual(
          ['href', 'items', 'limit', 'next', 'offset', 'previous', 'total'].sort(),
        );
        expect(first.body).toMatchObject({ limit: 5, offset: 0, previous: null, total: 7 });
        expect(first.body.next).toMatch(/\/me\/playlists\?offset=5&limit=5$/);
        const last = await listPlaylists(token, '?limit=5&offset=5');
        expect(last.body).toMatchObject({ offset: 5, next: null, total: 7 });
        expect((last.body.items as unknown[]).length).toBe(2);
        expect((first.body.items as SpotifyPlaylistJson[])[0]).toMatchObject({
          type: 'playlist',
          items: { total: expect.any(Number) },
          tracks: { total: expect.any(Number) },
        });
      });

      it.each(['51', '0', 'ten'])('refuses `limit=%s` with 400 "Invalid limit"', async (limit) => {
        const { account } = t.connect({ scopes: ALL_SCOPES });
        const answer = await listPlaylists(
          t.emulator.clerk.currentAccessToken(account.id),
          `?limit=${limit}`,
        );
        expect(answer).toEqual({ status: 400, body: { error: { status: 400, message: 'Invalid limit' } } });
      });

      it('leaves private and collaborative playlists out without their scopes', async () => {
        const { account } = t.connect({ scopes: ['user-read-email'] });
        spotify().setPlaylists(account.id, { count: 40 });
        const all = spotify().playlists(account.id);
        const { body } = await listPlaylists(t.emulator.clerk.currentAccessToken(account.id), '?limit=50');
        const listed = (body.items as SpotifyPlaylistJson[]).map((playlist) => playlist.id);
        expect(listed).toEqual(
          all.filter((playlist) => playlist.public === true).map((playlist) => playlist.id),
        );
        expect(listed.length).toBeLessThan(all.length);
        expect(body.total).toBe(listed.length);
      });

      it('answers a rate limit with 429 and Retry-After', async () => {
        const { account } = t.connect();
        t.emulator.providers.spotify?.rateLimit(account.id, { retryAfterSeconds: 9 });
        const { status, headers, body } = await me(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(429);
        expect(headers.get('retry-after')).toBe('9');
        expect(body).toEqual({ error: { status: 429, message: 'API rate limit exceeded' } });
      });
    });
  },
);
