/**
 * Deterministic Spotify playlists in the shape of `GET /me/playlists` (a SimplifiedPlaylistObject,
 * docs/providers.md#spotify, "Data endpoints"). The same seed always yields the same playlists, so tests
 * and the sandbox can rely on ids, order and pages.
 */
import { createHash } from 'node:crypto';

const API = 'https://api.spotify.com/v1';
const OPEN = 'https://open.spotify.com';

export interface SpotifyImageJson {
  url: string;
  height: number | null;
  width: number | null;
}

export interface SpotifyPlaylistOwnerJson {
  display_name: string | null;
  external_urls: { spotify: string };
  href: string;
  id: string;
  type: 'user';
  uri: string;
}

export interface SpotifyPlaylistJson {
  collaborative: boolean;
  /** `""` when the owner set none. */
  description: string | null;
  external_urls: { spotify: string };
  href: string;
  id: string;
  /** Largest first; empty for a playlist without tracks or uploaded picture. */
  images: SpotifyImageJson[] | null;
  name: string;
  owner: SpotifyPlaylistOwnerJson;
  primary_color: string | null;
  /** `null`: "not relevant" (Spotify's words). */
  public: boolean | null;
  snapshot_id: string;
  /** The reference to the playlist's items (Feb 2026 name). */
  items: { href: string; total: number };
  /** The same reference under its deprecated name, still answered. */
  tracks: { href: string; total: number };
  type: 'playlist';
  uri: string;
}

export interface GeneratePlaylistsOptions {
  count: number;
  /** The account's Spotify user id: the owner of most playlists. */
  ownerId: string;
  ownerName: string | null;
  /** Default: `ownerId`. */
  seed?: string;
}

const MOODS = words(
  'Late Night,Sunday Morning,Rainy Day,Golden Hour,Deep Focus,Road Trip,Workout,Dinner Party',
);
const GENRES = words('Jazz,Indie,Lo-Fi,Synthwave,Classical,Soul,Bossa Nova,Techno,Folk,Hip-Hop');
const SPECIALS = words('Liked on Radio,Wedding Songs,Running 170 BPM,Songs from the Car,Throwbacks');
const DESCRIPTIONS = [
  'The soundtrack of my week.',
  'Put it on and let it play.',
  'No skips allowed.',
  'For the long drive home.',
  'Collected over the years, still growing.',
];
const FRIENDS = [
  { id: 'jmwizzler', name: 'JM Wizzler' },
  { id: 'ludwig.b', name: 'Ludwig' },
  { id: '31mzxq7wz3nchc5e6rmkq', name: 'Clara S.' },
];
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `count` playlists of the account: most its own, every ninth one followed from a friend, one in four
 * private, every eleventh collaborative (always non-public), a third without a description, and an
 * empty one (no tracks, no picture) now and then.
 */
export function generatePlaylists(options: GeneratePlaylistsOptions): SpotifyPlaylistJson[] {
  const seed = options.seed ?? options.ownerId;
  const me = { id: options.ownerId, name: options.ownerName };
  const names = playlistNames();
  return Array.from({ length: options.count }, (_, index) => {
    const followed = index % 9 === 4;
    const owner = followed ? (FRIENDS[index % FRIENDS.length] ?? me) : me;
    const collaborative = !followed && index % 11 === 6;
    const isPrivate = collaborative || (!followed && index % 4 === 2);
    const baseName = names[index % names.length] ?? 'Playlist';
    const round = Math.floor(index / names.length);
    const total = index % 13 === 12 ? 0 : 8 + (hashOf(`${seed}:tracks:${index}`) % 240);
    return playlistJson({
      id: spotifyId(`${seed}:playlist:${index}`),
      name: round === 0 ? baseName : `${baseName} ${round + 1}`,
      description: index % 3 === 0 ? '' : (DESCRIPTIONS[index % DESCRIPTIONS.length] ?? ''),
      owner: ownerJson(owner.id, owner.name),
      collaborative,
      isPublic: !isPrivate,
      total,
      snapshotSeed: `${seed}:snapshot:${index}`,
    });
  });
}

export function ownerJson(id: string, name: string | null): SpotifyPlaylistOwnerJson {
  return {
    display_name: name,
    external_urls: { spotify: `${OPEN}/user/${encodeURIComponent(id)}` },
    href: `${API}/users/${encodeURIComponent(id)}`,
    id,
    type: 'user',
    uri: `spotify:user:${id}`,
  };
}

interface PlaylistFacts {
  id: string;
  name: string;
  description: string;
  owner: SpotifyPlaylistOwnerJson;
  collaborative: boolean;
  isPublic: boolean;
  total: number;
  snapshotSeed: string;
}

function playlistJson(facts: PlaylistFacts): SpotifyPlaylistJson {
  const reference = { href: `${API}/playlists/${facts.id}/items`, total: facts.total };
  return {
    collaborative: facts.collaborative,
    description: facts.description,
    external_urls: { spotify: `${OPEN}/playlist/${facts.id}` },
    href: `${API}/playlists/${facts.id}`,
    id: facts.id,
    // A playlist with tracks gets a mosaic of its covers in three sizes; an empty one has no picture.
    images: facts.total === 0 ? [] : mosaicOf(facts.id),
    name: facts.name,
    owner: facts.owner,
    primary_color: null,
    public: facts.isPublic,
    snapshot_id: Buffer.from(`${hashOf(facts.snapshotSeed)},${facts.snapshotSeed}`)
      .toString('base64')
      .slice(0, 56),
    items: reference,
    tracks: { href: `${API}/playlists/${facts.id}/tracks`, total: facts.total },
    type: 'playlist',
    uri: `spotify:playlist:${facts.id}`,
  };
}

function mosaicOf(id: string): SpotifyImageJson[] {
  const key = createHash('sha256').update(`mosaic:${id}`).digest('hex').slice(0, 40);
  return [640, 300, 60].map((size) => ({
    url: `https://mosaic.scdn.co/${size}/ab67616d0000b273${key}`,
    height: size,
    width: size,
  }));
}

function playlistNames(): string[] {
  const combined = MOODS.flatMap((mood, index) => [
    `${mood} ${GENRES[index % GENRES.length]}`,
    `${mood} ${GENRES[(index + 3) % GENRES.length]}`,
  ]);
  return [...SPECIALS, ...combined];
}

/** Spotify ids: 22 base62 characters. */
export function spotifyId(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = '';
  for (let index = 0; index < 22; index += 1) id += BASE62[(digest[index] ?? 0) % BASE62.length];
  return id;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

function words(list: string): string[] {
  return list.split(',');
}
