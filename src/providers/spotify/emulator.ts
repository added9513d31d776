/**
 * Spotify's `GET /me` and `GET /me/playlists` (docs/providers.md#spotify): the offset paging object
 * (`limit` 1–50, `offset` up to 100,000), private and collaborative playlists left out without their
 * scopes, and Spotify's error envelope `{"error": {status, message}}` for a bad argument (400), a refused
 * token (401) and a rate limit (429 + `Retry-After`).
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generatePlaylists, type SpotifyPlaylistJson } from './fixtures.js';

export type { SpotifyPlaylistJson } from './fixtures.js';

export interface SpotifyEmulator extends ProviderEmulatorApi {
  /**
   * The playlists `GET /me/playlists` lists for this account, in order (owned and followed). A count
   * generates deterministic ones (some private, some collaborative, some followed). Without it, every
   * account has {@link DEFAULT_PLAYLIST_COUNT}.
   */
  setPlaylists(accountId: string, playlists: SpotifyPlaylistJson[] | { count: number }): void;
  /** The account's playlists as configured, before the scopes leave any out. */
  playlists(accountId: string): SpotifyPlaylistJson[];
}

/** More than one page at the largest page size (50), as a keen listener's library is. */
export const DEFAULT_PLAYLIST_COUNT = 64;
/** `limit` of `GET /me/playlists`: 1–50, default 20; `offset`: at most 100,000 (docs/providers.md#spotify). */
const MAX_LIMIT = 50;
const DEFAULT_LIMIT = 20;
const MAX_OFFSET = 100_000;

function spotifyError(status: number, message: string, headers?: Record<string, string>) {
  return jsonReply(status, { error: { status, message } }, headers);
}

export function createSpotifyEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<SpotifyEmulator> {
  const playlistsByAccount = new Map<string, SpotifyPlaylistJson[]>();

  function requireSpotifyAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'spotify') throw new Error(`Emulator: no Spotify account ${accountId}`);
    return account;
  }

  function playlistsOf(account: StoredAccount): SpotifyPlaylistJson[] {
    let playlists = playlistsByAccount.get(account.id);
    if (!playlists) {
      playlists = generateFor(account, DEFAULT_PLAYLIST_COUNT);
      playlistsByAccount.set(account.id, playlists);
    }
    return playlists;
  }

  /**
   * `GET /me/playlists`. It answers any token: private playlists need `playlist-read-private` and
   * collaborative ones `playlist-read-collaborative`, and without them Spotify leaves them out rather than
   * refusing (docs/providers.md#spotify, "Data endpoints"). A `limit` out of 1–50 is a 400 "Invalid
   * limit", Spotify's answer reported by client libraries; "Invalid offset" is the emulator's wording of
   * the same for an offset out of 0–100,000 (unverified).
   */
  function listPlaylists(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    const limit = integerParam(request.query.limit, DEFAULT_LIMIT);
    if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return spotifyError(400, 'Invalid limit');
    const offset = integerParam(request.query.offset, 0);
    if (offset === undefined || offset < 0 || offset > MAX_OFFSET) return spotifyError(400, 'Invalid offset');
    const visible = playlistsOf(account).filter((playlist) => isVisible(playlist, account.scopes));
    const pageUrl = (at: number) => `${deps.baseUrl()}/me/playlists?offset=${at}&limit=${limit}`;
    return jsonReply(200, {
      href: pageUrl(offset),
      items: visible.slice(offset, offset + limit),
      limit,
      next: offset + limit < visible.length ? pageUrl(offset + limit) : null,
      offset,
      previous: offset > 0 ? pageUrl(Math.max(0, offset - limit)) : null,
      total: visible.length,
    });
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'spotify',
      unauthorized: (request) => spotifyError(401, tokenErrorOf(request, deps.identities)),
      rateLimited: (_request, retryAfterSeconds) =>
        spotifyError(429, 'API rate limit exceeded', { 'retry-after': String(retryAfterSeconds) }),
      notFound: () => spotifyError(404, 'Service not found'),
      routes: (router) => {
        router.get('/me/playlists', 'spotify.listPlaylists', listPlaylists);
        router.get('/me', 'spotify.getCurrentUser', (_request, account) => jsonReply(200, meJson(account)));
      },
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setPlaylists(accountId, playlists) {
        const account = requireSpotifyAccount(accountId);
        playlistsByAccount.set(
          accountId,
          Array.isArray(playlists) ? [...playlists] : generateFor(account, playlists.count),
        );
      },
      playlists(accountId) {
        return [...playlistsOf(requireSpotifyAccount(accountId))];
      },
    },
  };
}

function generateFor(account: StoredAccount, count: number): SpotifyPlaylistJson[] {
  return generatePlaylists({
    count,
    ownerId: account.providerUserId,
    ownerName: displayNameOf(account),
    seed: account.id,
  });
}

function isVisible(playlist: SpotifyPlaylistJson, scopes: readonly string[]): boolean {
  if (playlist.collaborative) return scopes.includes('playlist-read-collaborative');
  return playlist.public !== false || scopes.includes('playlist-read-private');
}

/** A whole number, or the default when absent; `undefined` when malformed. */
function integerParam(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * "The access token expired" and "Invalid access token" are Spotify's documented messages
 * (docs/providers.md#spotify, "Errors"); "No token provided", Spotify's answer to a request without a
 * token, is not in the sources: unverified.
 */
function tokenErrorOf(request: EmulatorRequest, identities: IdentityStore): string {
  const token = bearerTokenOf(request);
  if (token === undefined) return 'No token provided';
  const account = identities.accountOfToken(token);
  const expiresAt = account?.provider === 'spotify' ? account.accessTokenExpiresAt : null;
  const expired = token === account?.accessToken && expiresAt !== null && expiresAt <= Date.now();
  return expired ? 'The access token expired' : 'Invalid access token';
}

/**
 * The example of docs/providers.md#spotify ("Profile"), from the account: `email` with `user-read-email`;
 * `country`, `product` and `explicit_content` with `user-read-private`.
 */
function meJson(account: StoredAccount): Record<string, unknown> {
  const id = account.providerUserId;
  const name = displayNameOf(account);
  const withPrivateFields = account.scopes.includes('user-read-private');
  const withEmail = account.scopes.includes('user-read-email') && account.email !== null;
  return {
    ...(withPrivateFields ? { country: 'SE' } : {}),
    display_name: name,
    ...(withEmail ? { email: account.email } : {}),
    ...(withPrivateFields ? { explicit_content: { filter_enabled: false, filter_locked: false } } : {}),
    external_urls: { spotify: `https://open.spotify.com/user/${id}` },
    followers: { href: null, total: 0 },
    href: `https://api.spotify.com/v1/users/${id}`,
    id,
    images: [{ height: 300, url: account.imageUrl, width: 300 }],
    ...(withPrivateFields ? { product: 'premium' } : {}),
    type: 'user',
    uri: `spotify:user:${id}`,
    account_id: createHash('sha256').update(`spotify-account:${account.id}`).digest('hex').slice(0, 12),
  };
}

function displayNameOf(account: StoredAccount): string | null {
  return [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createSpotifyEmulator;
