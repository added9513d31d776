import { builder } from '../../schema/builder.js';
import { ConnectedAccount } from '../../schema/connected-account.js';
import { connectionArgs, resolveProviderConnection } from '../../schema/provider-connection.js';
import { notionManifest } from './manifest.js';
import { fetchUserPage, type NotionUser } from './users.js';

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
    type: NotionUserConnection,
    nullable: true,
    description:
      "The people and bots of the account's Notion workspace, in Notion's order. `null` on accounts of other providers.",
    args: {
      ...connectionArgs('users'),
    },
    resolve: (account, args, context) => {
      if (account.providerId !== notionManifest.id) return null;
      return resolveProviderConnection(context, args, {
        scope: { field: 'notionUsers', accountId: account.id, filters: '' },
        firstPage: null as string | null,
        fetchPage: (cursor: string | null) =>
          fetchUserPage(context.accountApi.calls(notionManifest, account, 'notionUsers'), account, cursor),
      });
    },
  }),
);
