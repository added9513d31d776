/**
 * Notion's fields on `ConnectedAccount`: `notionUsers`, the people and bots of the account's workspace
 * (`GET /v1/users`; guests are not listed; docs/providers.md#notion).
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';

interface NotionUser {
  readonly id: string;
  readonly type: 'person' | 'bot';
  readonly name: string | null;
  readonly avatarUrl: string | null;
  readonly email: string | null;
}

const userSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    name: z.string().nullable().optional(),
    avatar_url: z.string().nullable().optional(),
    person: z.object({ email: z.string().optional() }).optional(),
  })
  // Notion documents only `person` and `bot`; a future kind is left out rather than mislabelled.
  .transform((user): NotionUser | null =>
    user.type === 'person' || user.type === 'bot'
      ? {
          id: user.id,
          type: user.type,
          name: user.name ?? null,
          avatarUrl: user.avatar_url ?? null,
          email: user.person?.email ?? null,
        }
      : null,
  );

export function notionSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const NotionUserType = builder.enumType('NotionUserType', {
    description: 'Whether a Notion user is a person or a bot (an integration).',
    values: {
      PERSON: { value: 'person', description: 'A member of the workspace.' },
      BOT: { value: 'bot', description: 'An integration.' },
    } as const,
  });

  const NotionUserRef = builder.objectRef<NotionUser>('NotionUser').implement({
    description: 'A person or bot of a Notion workspace (`GET /v1/users`; guests are not listed).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Notion's user id (a UUID)." }),
      type: t.field({ type: NotionUserType, description: 'Person or bot.', resolve: (user) => user.type }),
      name: t.exposeString('name', { nullable: true, description: 'The display name.' }),
      avatarUrl: t.exposeString('avatarUrl', { nullable: true, description: 'The avatar.' }),
      email: t.exposeString('email', {
        nullable: true,
        description:
          'A person\'s email; `null` for bots and when the integration lacks Notion\'s "user information including email addresses" capability.',
      }),
    }),
  });

  const NotionUserConnection = builder.connectionObject(
    { type: NotionUserRef, name: 'NotionUserConnection', description: 'A page of Notion users.' },
    { name: 'NotionUserEdge', description: 'A Notion user and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'notionUsers', (t) =>
    t.field({
      ...listField(),
      type: NotionUserConnection,
      description:
        "The people and bots of the account's Notion workspace, in Notion's order. `null` on accounts of other providers.",
      args: connectionArgs('users'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'notionUsers',
          request: { path: '/v1/users', itemsAt: 'results', item: userSchema },
        }),
    }),
  );
}
