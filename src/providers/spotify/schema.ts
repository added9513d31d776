/**
 * Spotify's fields on `ConnectedAccount`: `spotifyPlaylists`, the playlists the account owns or follows
 * (`GET /me/playlists`, docs/providers.md#spotify).
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';

interface SpotifyPlaylistOwner {
  readonly id: string;
  readonly displayName: string | null;
  readonly url: string | null;
}

interface SpotifyPlaylist {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly trackCount: number | null;
  readonly isPublic: boolean;
  readonly isCollaborative: boolean;
  readonly url: string | null;
  readonly imageUrl: string | null;
  readonly owner: SpotifyPlaylistOwner;
  readonly snapshotId: string;
  readonly uri: string;
}

// `total` has been seen `null` (a Spotify-made playlist), hence a nullable count.
const reference = z.object({ total: z.number().int().nullish() }).nullish();

/** Only the fields the graph reads (a SimplifiedPlaylistObject). */
const playlistSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    collaborative: z.boolean(),
    // `null`: "not relevant", Spotify says.
    public: z.boolean().nullish(),
    external_urls: z.object({ spotify: z.string().optional() }).nullish(),
    // Largest first; `null` has been seen for playlists without a picture.
    images: z.array(z.object({ url: z.string() })).nullish(),
    owner: z.object({
      id: z.string(),
      display_name: z.string().nullish(),
      external_urls: z.object({ spotify: z.string().optional() }).nullish(),
    }),
    snapshot_id: z.string(),
    uri: z.string(),
    // `items` since Feb 2026; `tracks` is its deprecated name (docs/providers.md#spotify, "Data endpoints").
    items: reference,
    tracks: reference,
  })
  .transform(
    (playlist): SpotifyPlaylist => ({
      id: playlist.id,
      name: playlist.name,
      // Spotify answers `""` for a playlist without a description.
      description: playlist.description || null,
      trackCount: playlist.items?.total ?? playlist.tracks?.total ?? null,
      isPublic: playlist.public === true,
      isCollaborative: playlist.collaborative,
      url: playlist.external_urls?.spotify ?? null,
      imageUrl: playlist.images?.[0]?.url ?? null,
      owner: {
        id: playlist.owner.id,
        displayName: playlist.owner.display_name || null,
        url: playlist.owner.external_urls?.spotify ?? null,
      },
      snapshotId: playlist.snapshot_id,
      uri: playlist.uri,
    }),
  )
  // Since late 2024 the page holds `null` in place of a Spotify-owned playlist the app may no longer
  // read (docs/providers.md#spotify, "Data endpoints"): left out.
  .nullable();

export function spotifySchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const SpotifyPlaylistOwnerRef = builder.objectRef<SpotifyPlaylistOwner>('SpotifyPlaylistOwner').implement({
    description: 'The Spotify user who owns a playlist.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "The owner's Spotify user id." }),
      displayName: t.exposeString('displayName', {
        nullable: true,
        description: "The owner's display name; `null` when Spotify gives none.",
      }),
      url: t.exposeString('url', { nullable: true, description: "The owner's page on open.spotify.com." }),
    }),
  });

  const SpotifyPlaylistRef = builder.objectRef<SpotifyPlaylist>('SpotifyPlaylist').implement({
    description: 'A Spotify playlist the account owns or follows (`GET /me/playlists`).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Spotify's playlist id (base62)." }),
      name: t.exposeString('name', { description: 'Its name.' }),
      description: t.exposeString('description', {
        nullable: true,
        description: 'Its description; `null` when it has none.',
      }),
      trackCount: t.exposeInt('trackCount', {
        nullable: true,
        description: 'How many tracks and episodes it holds; `null` when Spotify does not say.',
      }),
      isPublic: t.exposeBoolean('isPublic', {
        description:
          "Whether it is public on the owner's profile; `false` for private and collaborative ones.",
      }),
      isCollaborative: t.exposeBoolean('isCollaborative', {
        description: 'Whether people other than the owner may edit it.',
      }),
      url: t.exposeString('url', { nullable: true, description: 'Its page on open.spotify.com.' }),
      imageUrl: t.exposeString('imageUrl', {
        nullable: true,
        description:
          "Its largest picture; `null` when it has none. Spotify's picture URLs expire in less than a day.",
      }),
      owner: t.field({
        type: SpotifyPlaylistOwnerRef,
        description: 'Who owns it: the account itself, or another user for a followed playlist.',
        resolve: (playlist) => playlist.owner,
      }),
      snapshotId: t.exposeString('snapshotId', {
        description: 'The version of its contents; it changes whenever they do.',
      }),
      uri: t.exposeString('uri', { description: 'Its Spotify URI (`spotify:playlist:…`), for the apps.' }),
    }),
  });

  const SpotifyPlaylistConnection = builder.connectionObject(
    {
      type: SpotifyPlaylistRef,
      name: 'SpotifyPlaylistConnection',
      description: 'A page of Spotify playlists.',
    },
    { name: 'SpotifyPlaylistEdge', description: 'A Spotify playlist and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'spotifyPlaylists', (t) =>
    t.field({
      ...listField(),
      type: SpotifyPlaylistConnection,
      description:
        "The playlists the account owns or follows, in Spotify's order (as in its library). `null` on accounts of other providers. Needs `playlist-read-private` and `playlist-read-collaborative`: without them Spotify would silently leave private and collaborative playlists out.",
      args: connectionArgs('playlists'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'spotifyPlaylists',
          request: { path: '/me/playlists', itemsAt: 'items', item: playlistSchema },
        }),
    }),
  );
}
