/**
 * Slack's fields on `ConnectedAccount`: `slackChannels`, the channels of the account's workspace it can
 * see (`GET /conversations.list`, docs/providers.md#slack, "Data endpoints").
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';
import { scopeDetails, unmetRequirements } from '../scope-requirements.js';

/** The two kinds of channel the field lists (Slack's `types`; DMs and group DMs are not channels). */
type ChannelType = 'public_channel' | 'private_channel';

/** The scope that shows each kind (docs/providers.md#slack, "Scopes"). */
const TYPE_SCOPES: Readonly<Record<ChannelType, string>> = {
  public_channel: 'channels:read',
  private_channel: 'groups:read',
};

const ALL_TYPES: readonly ChannelType[] = ['public_channel', 'private_channel'];

/** Any one of the two lets the field list something: each shows its own kind. */
export const SLACK_CHANNEL_SCOPES = [TYPE_SCOPES.public_channel, TYPE_SCOPES.private_channel] as const;

interface SlackChannel {
  readonly id: string;
  readonly name: string;
  readonly isPrivate: boolean;
  readonly isArchived: boolean;
  readonly isGeneral: boolean;
  readonly isMember: boolean;
  readonly isShared: boolean;
  readonly memberCount: number | null;
  readonly topic: string | null;
  readonly purpose: string | null;
  readonly createdAt: string;
}

/** A topic or purpose: Slack answers `{value: ''}` for none. */
const textSchema = z.object({ value: z.string() }).nullish();

/** Only the fields the graph reads, as the node it becomes. */
const channelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    is_im: z.boolean().optional(),
    is_mpim: z.boolean().optional(),
    is_private: z.boolean(),
    is_archived: z.boolean(),
    is_general: z.boolean().optional(),
    is_member: z.boolean().optional(),
    is_ext_shared: z.boolean().optional(),
    num_members: z.number().int().optional(),
    topic: textSchema,
    purpose: textSchema,
    // Epoch seconds.
    created: z.number(),
  })
  // Only channels were asked for; a direct message slipping in is left out rather than mislabelled.
  .transform((channel): SlackChannel | null =>
    channel.is_im || channel.is_mpim
      ? null
      : {
          id: channel.id,
          name: channel.name,
          isPrivate: channel.is_private,
          isArchived: channel.is_archived,
          isGeneral: channel.is_general ?? false,
          isMember: channel.is_member ?? false,
          isShared: channel.is_ext_shared ?? false,
          memberCount: channel.num_members ?? null,
          topic: channel.topic?.value || null,
          purpose: channel.purpose?.value || null,
          createdAt: new Date(channel.created * 1000).toISOString(),
        },
  );

export function slackSchema({
  builder,
  ConnectedAccount,
  provider,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const SlackChannelRef = builder.objectRef<Owned<SlackChannel>>('SlackChannel').implement({
    description: 'A public or private channel of a Slack workspace (`conversations.list`).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Slack's channel id (`C…`)." }),
      name: t.exposeString('name', { description: 'The name, without `#`.' }),
      isPrivate: t.exposeBoolean('isPrivate', {
        description: 'Whether only invited members can see it (listed only to its members).',
      }),
      isArchived: t.exposeBoolean('isArchived', { description: 'Whether it is archived (read-only).' }),
      isGeneral: t.exposeBoolean('isGeneral', {
        description: "Whether it is the workspace's general channel, which every member is in.",
      }),
      isMember: t.exposeBoolean('isMember', { description: "Whether the account's user is in it." }),
      isShared: t.exposeBoolean('isShared', {
        description: 'Whether it is shared with another organization (Slack Connect).',
      }),
      memberCount: t.exposeInt('memberCount', {
        nullable: true,
        description: 'How many members it has; `null` when Slack does not say.',
      }),
      topic: t.exposeString('topic', { nullable: true, description: 'Its topic; `null` when none is set.' }),
      purpose: t.exposeString('purpose', {
        nullable: true,
        description: 'Its purpose (the description); `null` when none is set.',
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was created.',
        resolve: (channel) => channel.createdAt,
      }),
    }),
  });

  const SlackChannelConnection = builder.connectionObject(
    { type: SlackChannelRef, name: 'SlackChannelConnection', description: 'A page of Slack channels.' },
    { name: 'SlackChannelEdge', description: 'A Slack channel and its cursor.' },
  );

  const SlackChannelType = builder.enumType('SlackChannelType', {
    description: 'A kind of Slack channel.',
    values: {
      PUBLIC_CHANNEL: {
        value: 'public_channel',
        description: 'Public channels. Needs the `channels:read` scope.',
      },
      PRIVATE_CHANNEL: {
        value: 'private_channel',
        description: 'Private channels the user is a member of. Needs the `groups:read` scope.',
      },
    } as const,
  });

  builder.objectField(ConnectedAccount, 'slackChannels', (t) =>
    t.field({
      ...listField(),
      type: SlackChannelConnection,
      description:
        "The channels of the account's Slack workspace, in Slack's order. `null` on accounts of other providers. Needs `channels:read` (public channels) or `groups:read` (private channels, the user's own); Clerk's Sign in with Slack grants neither by default.",
      args: {
        ...connectionArgs('channels'),
        types: t.arg({
          type: [SlackChannelType],
          description:
            'The kinds to list; default every kind the granted scopes show. Naming a kind whose scope is missing fails with `MISSING_SCOPES`.',
        }),
        excludeArchived: t.arg.boolean({
          defaultValue: false,
          description: 'Leave archived channels out.',
        }),
      },
      resolve: (account, args, context) => {
        if (account.providerId !== provider.id) return null;
        const granted = account.approvedScopes;
        const requirements = provider.fieldScopes.slackChannels ?? [];
        // The field's own refusal (neither scope) comes from `resolveList`; this one is about a kind.
        if (args.types != null && unmetRequirements(requirements, granted).length === 0) {
          if (args.types.length === 0) {
            throw new GatewayError('BAD_USER_INPUT', '`types` must name at least one kind of channel.');
          }
          const unmet = [...new Set(args.types)].filter((type) => !granted.includes(TYPE_SCOPES[type]));
          if (unmet.length > 0) {
            const needed = unmet.map((type) => TYPE_SCOPES[type]);
            throw new GatewayError(
              'MISSING_SCOPES',
              `Listing ${unmet.map((type) => type.replace('_', ' ')).join(' and ')}s needs the scope ${needed.join(', ')}.`,
              { provider: provider.id, accountId: account.id, ...scopeDetails(needed, granted) },
            );
          }
        }
        // Without `types`: every kind the token can see, so Slack is never asked for one it would hide.
        // In one order whatever the argument's, so the same kinds make the same cursors.
        const asked = args.types ?? ALL_TYPES;
        const types = ALL_TYPES.filter((type) => asked.includes(type) && granted.includes(TYPE_SCOPES[type]));
        const filters = { types, excludeArchived: args.excludeArchived ?? false };
        return resolveList(context, account, args, {
          field: 'slackChannels',
          filters: JSON.stringify(filters),
          request: {
            path: '/conversations.list',
            query: {
              types: filters.types.join(','),
              exclude_archived: filters.excludeArchived ? 'true' : undefined,
            },
            itemsAt: 'channels',
            item: channelSchema,
          },
        });
      },
    }),
  );
}
