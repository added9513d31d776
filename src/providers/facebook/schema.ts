/**
 * Facebook's field on `ConnectedAccount`: `facebookPages`, the Pages the account has a role on
 * (`GET /me/accounts`; docs/providers.md#facebook, "Data endpoints").
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

interface FacebookPage {
  readonly id: string;
  readonly name: string;
  readonly category: string | null;
  readonly categories: readonly string[];
  readonly url: string;
  readonly username: string | null;
  readonly tasks: readonly string[];
}

/**
 * The Page fields asked for. Never `access_token`: the edge hands out a Page token by default, a
 * secret the gateway has no use for, so the list is always asked with explicit `fields`.
 */
const PAGE_FIELDS = 'id,name,category,category_list,link,username,tasks';

const pageSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.string().nullish(),
    category_list: z.array(z.object({ name: z.string() })).nullish(),
    link: z.string().nullish(),
    username: z.string().nullish(),
    tasks: z.array(z.string()).nullish(),
  })
  .transform(
    (page): FacebookPage => ({
      id: page.id,
      name: page.name,
      category: page.category || null,
      categories: (page.category_list ?? []).map((category) => category.name).filter(Boolean),
      // Every Page is reachable by its id, should `link` not come back.
      url: page.link || `https://www.facebook.com/${page.id}`,
      username: page.username || null,
      tasks: page.tasks ?? [],
    }),
  );

export function facebookSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const FacebookPageRef = builder.objectRef<Owned<FacebookPage>>('FacebookPage').implement({
    description: 'A Facebook Page the account has a role on (`GET /me/accounts`).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Facebook's id of the Page." }),
      name: t.exposeString('name', { description: 'The Page name.' }),
      category: t.exposeString('category', {
        nullable: true,
        description: 'Its main category (`Science, Technology & Engineering`).',
      }),
      categories: t.exposeStringList('categories', {
        description: 'Every category of the Page, the main one first.',
      }),
      url: t.exposeString('url', { description: 'The Page on facebook.com.' }),
      username: t.exposeString('username', {
        nullable: true,
        description: "The Page's vanity name (`facebook.com/<username>`); `null` when it has none.",
      }),
      tasks: t.exposeStringList('tasks', {
        description:
          'What the account may do on the Page, as Facebook names its tasks: `MANAGE`, `CREATE_CONTENT`, `MODERATE`, `MESSAGING`, `ADVERTISE`, `ANALYZE`.',
      }),
    }),
  });

  const FacebookPageConnection = builder.connectionObject(
    { type: FacebookPageRef, name: 'FacebookPageConnection', description: 'A page of Facebook Pages.' },
    { name: 'FacebookPageEdge', description: 'A Facebook Page and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'facebookPages', (t) =>
    t.field({
      ...listField(),
      type: FacebookPageConnection,
      description:
        "The Facebook Pages the account has a role on, in Facebook's order (Pages reached only through a business are not listed). `null` on accounts of other providers. Needs `pages_show_list`.",
      args: connectionArgs('Pages'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'facebookPages',
          request: {
            path: '/me/accounts',
            query: { fields: PAGE_FIELDS },
            itemsAt: 'data',
            item: pageSchema,
          },
        }),
    }),
  );
}
