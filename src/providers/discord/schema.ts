/**
 * Discord's fields on `ConnectedAccount`: `discordGuilds`, the servers the account's user is in
 * (`GET /users/@me/guilds`, docs/providers.md#discord, "Data endpoints").
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

interface DiscordGuild {
  readonly id: string;
  readonly name: string;
  readonly iconUrl: string | null;
  readonly bannerUrl: string | null;
  readonly isOwner: boolean;
  readonly permissions: string;
  readonly features: readonly string[];
  readonly memberCount: number | null;
  readonly onlineCount: number | null;
}

/**
 * A guild image on Discord's CDN (`icons/{id}/{hash}.png`, `banners/…`): an `a_` hash is animated,
 * served as a GIF, as the gateway does for avatars (docs/providers.md#discord, "Profile").
 */
function cdnImageOf(
  kind: 'icons' | 'banners',
  guildId: string,
  hash: string | null | undefined,
): string | null {
  if (!hash) return null;
  return `https://cdn.discordapp.com/${kind}/${guildId}/${hash}.${hash.startsWith('a_') ? 'gif' : 'png'}`;
}

/** A partial guild object; the counts come with `with_counts=true`. */
const guildSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    icon: z.string().nullish(),
    banner: z.string().nullish(),
    owner: z.boolean().optional(),
    permissions: z.string().optional(),
    features: z.array(z.string()).optional(),
    approximate_member_count: z.number().int().nullish(),
    approximate_presence_count: z.number().int().nullish(),
  })
  .transform(
    (guild): DiscordGuild => ({
      id: guild.id,
      name: guild.name,
      iconUrl: cdnImageOf('icons', guild.id, guild.icon),
      bannerUrl: cdnImageOf('banners', guild.id, guild.banner),
      isOwner: guild.owner ?? false,
      permissions: guild.permissions ?? '0',
      features: guild.features ?? [],
      memberCount: guild.approximate_member_count ?? null,
      onlineCount: guild.approximate_presence_count ?? null,
    }),
  );

export function discordSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const DiscordGuildRef = builder.objectRef<Owned<DiscordGuild>>('DiscordGuild').implement({
    description: 'A Discord server (guild) the user is in (`GET /users/@me/guilds`).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Discord's guild id (a snowflake)." }),
      name: t.exposeString('name', { description: 'The name.' }),
      iconUrl: t.exposeString('iconUrl', {
        nullable: true,
        description: "Its icon on Discord's CDN (a GIF when animated); `null` when it has none.",
      }),
      bannerUrl: t.exposeString('bannerUrl', {
        nullable: true,
        description: "Its banner on Discord's CDN; `null` when it has none.",
      }),
      isOwner: t.exposeBoolean('isOwner', { description: 'Whether the user owns it.' }),
      permissions: t.exposeString('permissions', {
        description:
          "The user's permissions in it: Discord's permission bit set as a decimal string (`ADMINISTRATOR` is bit 3).",
      }),
      features: t.exposeStringList('features', {
        description: 'Its enabled features, as Discord names them (`COMMUNITY`, `VERIFIED`, `PARTNERED`…).',
      }),
      memberCount: t.exposeInt('memberCount', {
        nullable: true,
        description: "Its member count, Discord's approximation; `null` when Discord does not say.",
      }),
      onlineCount: t.exposeInt('onlineCount', {
        nullable: true,
        description:
          "How many members are online, Discord's approximation; `null` when Discord does not say.",
      }),
    }),
  });

  const DiscordGuildConnection = builder.connectionObject(
    { type: DiscordGuildRef, name: 'DiscordGuildConnection', description: 'A page of Discord servers.' },
    { name: 'DiscordGuildEdge', description: 'A Discord server and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'discordGuilds', (t) =>
    t.field({
      ...listField(),
      type: DiscordGuildConnection,
      description:
        'The Discord servers (guilds) the user is in, oldest id first. `null` on accounts of other providers. Needs the `guilds` scope, which Clerk does not ask for by default.',
      args: connectionArgs('guilds'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'discordGuilds',
          // Pages follow the last guild's id (`after`, the provider's `last-id` style), 200 at a time.
          request: { path: '/users/@me/guilds', query: { with_counts: 'true' }, item: guildSchema },
        }),
    }),
  );
}
