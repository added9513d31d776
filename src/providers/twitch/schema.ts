/**
 * Twitch's fields on `ConnectedAccount`: `twitchFollowedChannels`, the broadcasters the account follows
 * (`GET /channels/followed?user_id=<its Twitch user id>`, docs/providers.md#twitch).
 */
import { z } from 'zod';
import { pageBoundOf } from '../../schema/provider-connection.js';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';
import { fetchListPage, firstPageOf, type ListRequest } from '../page-styles.js';

interface TwitchFollowedChannel {
  readonly id: string;
  readonly login: string;
  readonly name: string;
  readonly followedAt: string;
  readonly url: string;
}

const followSchema = z
  .object({
    broadcaster_id: z.string(),
    broadcaster_login: z.string(),
    broadcaster_name: z.string(),
    // A time with an offset only: one without a zone would be read as the gateway's local time.
    followed_at: z.iso.datetime({ offset: true }),
  })
  .transform(
    (follow): TwitchFollowedChannel => ({
      id: follow.broadcaster_id,
      login: follow.broadcaster_login,
      // The display name may be empty for some accounts; the login always names the channel.
      name: follow.broadcaster_name || follow.broadcaster_login,
      // Twitch gives whole seconds (`2022-05-24T22:22:08Z`).
      followedAt: new Date(follow.followed_at).toISOString(),
      url: `https://www.twitch.tv/${follow.broadcaster_login}`,
    }),
  );

/** `GET /users` without parameters: the token's own user, when Clerk's record lacks its id. */
const meSchema = z.object({ data: z.tuple([z.object({ id: z.string() })], z.unknown()) });

export function twitchSchema({
  builder,
  ConnectedAccount,
  provider,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const TwitchFollowedChannelRef = builder
    .objectRef<Owned<TwitchFollowedChannel>>('TwitchFollowedChannel')
    .implement({
      description: 'A Twitch channel the account follows (`GET /channels/followed`).',
      fields: (t) => ({
        id: t.exposeID('id', { description: "The broadcaster's Twitch user id." }),
        login: t.exposeString('login', { description: "The broadcaster's login name (lower case)." }),
        name: t.exposeString('name', {
          description: "The broadcaster's display name (may differ from the login in case or script).",
        }),
        followedAt: t.field({
          type: 'DateTime',
          description: 'When the account followed the channel.',
          resolve: (channel) => channel.followedAt,
        }),
        url: t.exposeString('url', {
          description: 'The channel on twitch.tv (`https://www.twitch.tv/<login>`).',
        }),
      }),
    });

  const TwitchFollowedChannelConnection = builder.connectionObject(
    {
      type: TwitchFollowedChannelRef,
      name: 'TwitchFollowedChannelConnection',
      description: 'A page of followed Twitch channels.',
    },
    { name: 'TwitchFollowedChannelEdge', description: 'A followed Twitch channel and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'twitchFollowedChannels', (t) =>
    t.field({
      // A first `GET /users` only when Clerk's record lacks the account's Twitch user id.
      ...listField({ extraCalls: 1 }),
      type: TwitchFollowedChannelConnection,
      description:
        'The channels the account follows, most recently followed first. `null` on accounts of other providers. Needs `user:read:follows`.',
      args: connectionArgs('channels'),
      resolve: (account, args, context) => {
        if (account.providerId !== provider.id) return null;
        const pagination = provider.pagination;
        if (!pagination) throw new Error('twitch: twitchFollowedChannels needs the provider pagination');
        const request = (userId: string): ListRequest<TwitchFollowedChannel> => ({
          path: '/channels/followed',
          query: { user_id: userId },
          itemsAt: 'data',
          item: followSchema,
          pagination,
        });
        // Looked up once per field, and only after the kit has checked the field's scopes.
        let userId = account.providerUserId;
        return resolveList(context, account, args, {
          field: 'twitchFollowedChannels',
          source: {
            firstPage: firstPageOf(pagination),
            fetchPage: async (calls, ref) => {
              userId ??= (await calls.getJson('/users', meSchema)).data[0].id;
              return fetchListPage(calls, request(userId), ref);
            },
            maxPages: pageBoundOf(pagination.maxPageSize),
          },
        });
      },
    }),
  );
}
