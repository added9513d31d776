/**
 * Notion's fields on `ConnectedAccount`: `notionUsers`, the people and bots of the account's workspace
 * (`GET /v1/users`; guests are not listed), and `notionPages`, the pages shared with the integration,
 * last edited first (`POST /v1/search`; docs/providers.md#notion).
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

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
          // Empty text is `null`, as everywhere in the graph.
          name: user.name?.trim() || null,
          avatarUrl: user.avatar_url || null,
          email: user.person?.email || null,
        }
      : null,
  );

type NotionParentType = 'workspace' | 'page_id' | 'database_id' | 'block_id';

interface NotionPage {
  readonly id: string;
  readonly title: string | null;
  readonly url: string;
  readonly publicUrl: string | null;
  readonly createdAt: string;
  readonly lastEditedAt: string;
  readonly iconEmoji: string | null;
  readonly iconUrl: string | null;
  readonly parentType: NotionParentType | null;
  readonly parentId: string | null;
}

const PARENT_TYPES: readonly string[] = ['workspace', 'page_id', 'database_id', 'block_id'];

/** A rich-text run: only its text matters here (`plain_text`, the same for text, mentions, equations). */
const richTextSchema = z.object({ plain_text: z.string() });

/**
 * A search result with `Notion-Version: 2022-06-28` (docs/providers.md#notion, "Data endpoints").
 * Anything but a full page (a database, a partial `{object, id}` page) is left out.
 */
const pageSchema = z
  .object({
    object: z.string(),
    id: z.string(),
    // ISO 8601 (`2026-03-01T09:00:00.000Z`): anything else is a malformed answer, not a time to guess.
    created_time: z.iso.datetime({ offset: true }).optional(),
    last_edited_time: z.iso.datetime({ offset: true }).optional(),
    url: z.string().optional(),
    public_url: z.string().nullish(),
    // The title is the one property of type `title`, whatever the database named it ("Name", "Task").
    properties: z
      .record(z.string(), z.object({ type: z.string(), title: z.array(richTextSchema).optional() }))
      .optional(),
    icon: z
      .object({
        type: z.string(),
        emoji: z.string().optional(),
        external: z.object({ url: z.string() }).optional(),
        file: z.object({ url: z.string() }).optional(),
        custom_emoji: z.object({ url: z.string() }).optional(),
      })
      .nullish(),
    parent: z
      .object({
        type: z.string(),
        page_id: z.string().optional(),
        database_id: z.string().optional(),
        block_id: z.string().optional(),
      })
      .optional(),
  })
  .transform((page): NotionPage | null => {
    if (
      page.object !== 'page' ||
      page.url === undefined ||
      page.created_time === undefined ||
      page.last_edited_time === undefined
    ) {
      return null;
    }
    const titleRuns = Object.values(page.properties ?? {}).find(
      (property) => property.type === 'title',
    )?.title;
    const title = (titleRuns ?? []).map((run) => run.plain_text).join('');
    const icon = page.icon ?? null;
    const parentType =
      page.parent && PARENT_TYPES.includes(page.parent.type) ? (page.parent.type as NotionParentType) : null;
    return {
      id: page.id,
      // An untitled page ("Untitled" in Notion's UI) has no runs, or empty ones.
      title: title === '' ? null : title,
      url: page.url,
      publicUrl: page.public_url || null,
      createdAt: new Date(page.created_time).toISOString(),
      lastEditedAt: new Date(page.last_edited_time).toISOString(),
      iconEmoji: icon?.type === 'emoji' ? (icon.emoji ?? null) : null,
      iconUrl: icon?.external?.url ?? icon?.file?.url ?? icon?.custom_emoji?.url ?? null,
      parentType,
      parentId: page.parent?.page_id ?? page.parent?.database_id ?? page.parent?.block_id ?? null,
    };
  });

/** Notion's search query is free text; a bound keeps requests (and cursors, which carry it) small. */
const MAX_QUERY_LENGTH = 200;

export function notionSchema(kit: ProviderSchemaKit): void {
  addNotionUsers(kit);
  addNotionPages(kit);
}

function addNotionUsers({
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

/** `POST /v1/search` for pages, last edited first (docs/providers.md#notion, "Data endpoints"). */
function addNotionPages({
  builder,
  ConnectedAccount,
  provider,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const NotionPageParentType = builder.enumType('NotionPageParentType', {
    description: 'What a Notion page sits in.',
    values: {
      WORKSPACE: { value: 'workspace', description: 'A top-level page of the workspace.' },
      PAGE: { value: 'page_id', description: 'A sub-page of another page.' },
      DATABASE: { value: 'database_id', description: 'A row (entry) of a database.' },
      BLOCK: { value: 'block_id', description: 'A page nested in a block of another page.' },
    } as const,
  });

  const NotionPageRef = builder.objectRef<Owned<NotionPage>>('NotionPage').implement({
    description:
      'A Notion page shared with the integration (`POST /v1/search`): a top-level page, a sub-page or a database row.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Notion's page id (a UUID), usable with Notion's API." }),
      title: t.exposeString('title', {
        nullable: true,
        description:
          "The page's title (its title property's text, whatever the database named it); `null` for an untitled page.",
      }),
      url: t.exposeString('url', { description: 'The page on notion.so.' }),
      publicUrl: t.exposeString('publicUrl', {
        nullable: true,
        description: 'Its public address when it is published to the web; else `null`.',
      }),
      lastEditedAt: t.field({
        type: 'DateTime',
        description: 'When it was last edited (Notion keeps whole minutes).',
        resolve: (page) => page.lastEditedAt,
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was created.',
        resolve: (page) => page.createdAt,
      }),
      iconEmoji: t.exposeString('iconEmoji', {
        nullable: true,
        description: 'Its icon when the icon is an emoji (`🚀`); else `null`.',
      }),
      iconUrl: t.exposeString('iconUrl', {
        nullable: true,
        description:
          'Its icon when the icon is an image: an external URL, a custom emoji, or a file Notion hosts (that URL expires after an hour). Else `null`.',
      }),
      parentType: t.field({
        type: NotionPageParentType,
        nullable: true,
        description: 'What it sits in; `null` for a kind of parent Notion adds later.',
        resolve: (page) => page.parentType,
      }),
      parentId: t.exposeID('parentId', {
        nullable: true,
        description: 'The id of the page, database or block it sits in; `null` for a top-level page.',
      }),
    }),
  });

  const NotionPageConnection = builder.connectionObject(
    { type: NotionPageRef, name: 'NotionPageConnection', description: 'A page of Notion pages.' },
    { name: 'NotionPageEdge', description: 'A Notion page and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'notionPages', (t) =>
    t.field({
      ...listField(),
      type: NotionPageConnection,
      description:
        'The Notion pages shared with the integration, last edited first. Pages the user did not share when connecting are not listed. `null` on accounts of other providers.',
      args: {
        ...connectionArgs('pages'),
        query: t.arg.string({
          description: `Only pages whose title contains this text (Notion's search); at most ${MAX_QUERY_LENGTH} characters. Omitted or blank: every page.`,
        }),
      },
      resolve: (account, args, context) => {
        if (account.providerId !== provider.id) return null;
        const query = args.query?.trim() ?? '';
        if (query.length > MAX_QUERY_LENGTH) {
          throw new GatewayError(
            'BAD_USER_INPUT',
            `\`query\` must be at most ${MAX_QUERY_LENGTH} characters.`,
          );
        }
        return resolveList(context, account, args, {
          field: 'notionPages',
          filters: JSON.stringify({ query }),
          request: {
            method: 'POST',
            path: '/v1/search',
            // `page_size` and `start_cursor` join this body (the provider's cursor pagination).
            body: {
              ...(query === '' ? {} : { query }),
              filter: { property: 'object', value: 'page' },
              sort: { direction: 'descending', timestamp: 'last_edited_time' },
            },
            itemsAt: 'results',
            item: pageSchema,
          },
        });
      },
    }),
  );
}
