import { parse } from 'graphql';
import { expect, it } from 'vitest';
import { botJson, personJson } from '../../src/providers/notion/fixtures.js';
import type { NotionDatabaseJson, NotionPageJson } from '../../src/providers/notion/page-fixtures.js';
import { notionUrl, richText } from '../../src/providers/notion/page-fixtures.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import type { GraphQLResponse } from '../support/stack.js';

const Pages = parse(`
  query NotionPages($account: ID!, $first: Int, $after: String, $query: String) {
    me {
      connectedAccount(id: $account) {
        notionPages(first: $first, after: $after, query: $query) {
          edges {
            cursor
            node {
              id
              title
              url
              publicUrl
              lastEditedAt
              createdAt
              iconEmoji
              iconUrl
              parentType
              parentId
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

interface PageNode {
  id: string;
  title: string | null;
  url: string;
  publicUrl: string | null;
  lastEditedAt: string;
  createdAt: string;
  iconEmoji: string | null;
  iconUrl: string | null;
  parentType: string | null;
  parentId: string | null;
}

type PagesAnswer = GraphQLResponse<{
  me: {
    connectedAccount: {
      notionPages: {
        edges: { cursor: string; node: PageNode }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      } | null;
    } | null;
  } | null;
}>;

const SEARCH_BODY = {
  filter: { property: 'object', value: 'page' },
  sort: { direction: 'descending', timestamp: 'last_edited_time' },
  page_size: 100,
};

/** A full page object as `POST /v1/search` answers it with 2022-06-28. */
function page(id: string, overrides: Partial<NotionPageJson> = {}): NotionPageJson {
  return {
    object: 'page',
    id,
    created_time: '2026-03-01T09:00:00.000Z',
    last_edited_time: '2026-03-02T10:15:00.000Z',
    created_by: { object: 'user', id: 'u-1' },
    last_edited_by: { object: 'user', id: 'u-1' },
    cover: null,
    icon: null,
    parent: { type: 'workspace', workspace: true },
    archived: false,
    in_trash: false,
    properties: { title: { id: 'title', type: 'title', title: [richText('A page')] } },
    url: notionUrl(id, 'A page'),
    public_url: null,
    ...overrides,
  };
}

describeProvider(
  {
    provider: 'notion',
    account: { firstName: 'Avocado', lastName: 'Lovelace', email: 'avo@example.org' },
    // The person behind the integration's bot (`bot.owner.user`).
    expected: (account) => ({
      id: account.providerUserId,
      name: 'Avocado Lovelace',
      email: 'avo@example.org',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    describeListField(t, {
      field: 'notionPages',
      selection: 'id title url lastEditedAt createdAt iconEmoji iconUrl parentType parentId publicUrl',
      // Uneven pages: Notion's search may answer fewer than `page_size` results while `has_more`.
      seed: (emulator, account) => {
        emulator.notion.setPages(account.id, { pages: 260, databases: 3 }, { unevenPages: true });
        return emulator.notion.searchablePages(account.id).map((json) => json.id);
      },
      route: 'notion.search',
    });

    async function pagesOf(
      token: string,
      accountId: string,
      variables: { first?: number; after?: string | null | undefined; query?: string | null } = {},
    ) {
      const response = (await t.stack.query(
        Pages,
        { account: accountId, first: 100, ...variables } as never,
        { token },
      )) as PagesAnswer;
      return {
        connection: response.body.data?.me?.connectedAccount?.notionPages ?? null,
        errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    async function allPages(token: string, accountId: string, query?: string): Promise<PageNode[]> {
      const nodes: PageNode[] = [];
      let after: string | null = null;
      for (;;) {
        const { connection, errors } = await pagesOf(token, accountId, { after, query: query ?? null });
        expect(errors).toEqual([]);
        if (!connection) throw new Error('no connection');
        nodes.push(...connection.edges.map((edge) => edge.node));
        if (!connection.pageInfo.hasNextPage) return nodes;
        after = connection.pageInfo.endCursor;
      }
    }

    function search(token: string, body: unknown, version = '2022-06-28') {
      return t.callApi('/v1/search', {
        method: 'POST',
        token,
        headers: { 'notion-version': version, 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    }

    it('notionPages: gives every account a workspace of more than one search page by default', async () => {
      const { account, token } = t.connect();
      const expected = t.emulator.notion.searchablePages(account.id);
      expect(expected.length).toBeGreaterThan(100);
      const nodes = await allPages(token, account.id);
      expect(nodes.map((node) => node.id)).toEqual(expected.map((json) => json.id));
      // Last edited first, as asked of Notion.
      const times = nodes.map((node) => Date.parse(node.lastEditedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(new Set(nodes.map((node) => node.parentType))).toEqual(
        new Set(['WORKSPACE', 'PAGE', 'DATABASE']),
      );
    });

    it('notionPages: searches pages last edited first, 100 at a time, the cursor in the body', async () => {
      const { account, token } = t.connect();
      t.emulator.notion.setPages(account.id, { pages: 230, databases: 2 });
      const nodes = await allPages(token, account.id);
      expect(nodes.length).toBe(t.emulator.notion.searchablePages(account.id).length);
      const requests = t.emulator.notion.searchRequests(account.id);
      expect(requests.length).toBeGreaterThanOrEqual(3);
      expect(requests.every((request) => request.version === '2022-06-28')).toBe(true);
      expect(requests[0]?.body).toEqual(SEARCH_BODY);
      for (const request of requests.slice(1)) {
        expect(request.body).toEqual({ ...SEARCH_BODY, start_cursor: expect.any(String) });
      }
      expect(t.emulator.calls.all().filter((call) => call.accountId === account.id)).toEqual(
        requests.map(() => expect.objectContaining({ method: 'POST', path: '/v1/search', status: 200 })),
      );
    });

    it('notionPages: maps titles, icons, parents and times, with null for what Notion leaves empty', async () => {
      const { account, token } = t.connect();
      const database: NotionDatabaseJson = {
        object: 'database',
        id: '0d9b3c1e-0000-4000-8000-00000000d0d0',
        created_time: '2026-01-01T00:00:00.000Z',
        last_edited_time: '2026-03-09T00:00:00.000Z',
        created_by: { object: 'user', id: 'u-1' },
        last_edited_by: { object: 'user', id: 'u-1' },
        title: [richText('Tasks')],
        description: [],
        icon: null,
        cover: null,
        properties: {},
        parent: { type: 'workspace', workspace: true },
        url: 'https://www.notion.so/0d9b3c1e000040008000000000d0d0',
        public_url: null,
        archived: false,
        in_trash: false,
        is_inline: false,
      };
      const fileIcon = 'https://prod-files-secure.s3.us-west-2.amazonaws.com/x/icon.png?X-Amz-Expires=3600';
      t.emulator.notion.setPages(account.id, [
        page('p-row', {
          last_edited_time: '2026-03-08T07:30:00.000Z',
          parent: { type: 'database_id', database_id: database.id },
          icon: { type: 'emoji', emoji: '🚀' },
          properties: {
            Status: { id: 's', type: 'select', select: { id: 'd', name: 'Done', color: 'green' } },
            'Task name': {
              id: 'title',
              type: 'title',
              title: [richText('Ship '), richText('v2', { bold: true }), richText(' today')],
            },
          },
        }),
        database,
        page('p-untitled', {
          last_edited_time: '2026-03-07T07:30:00.000Z',
          parent: { type: 'page_id', page_id: 'p-row' },
          icon: { type: 'external', external: { url: 'https://www.notion.so/icons/book_gray.svg' } },
          properties: { title: { id: 'title', type: 'title', title: [] } },
          url: notionUrl('p-untitled', ''),
        }),
        page('p-empty-run', {
          last_edited_time: '2026-03-06T07:30:00.000Z',
          parent: { type: 'block_id', block_id: 'b-1' },
          icon: { type: 'file', file: { url: fileIcon, expiry_time: '2026-03-06T08:30:00.000Z' } },
          properties: { title: { id: 'title', type: 'title', title: [richText('')] } },
          public_url: 'https://avo.notion.site/p-empty-run',
        }),
      ]);
      const nodes = await allPages(token, account.id);
      expect(nodes).toEqual([
        {
          id: 'p-row',
          title: 'Ship v2 today',
          url: notionUrl('p-row', 'A page'),
          publicUrl: null,
          lastEditedAt: '2026-03-08T07:30:00.000Z',
          createdAt: '2026-03-01T09:00:00.000Z',
          iconEmoji: '🚀',
          iconUrl: null,
          parentType: 'DATABASE',
          parentId: database.id,
        },
        {
          id: 'p-untitled',
          title: null,
          url: notionUrl('p-untitled', ''),
          publicUrl: null,
          lastEditedAt: '2026-03-07T07:30:00.000Z',
          createdAt: '2026-03-01T09:00:00.000Z',
          iconEmoji: null,
          iconUrl: 'https://www.notion.so/icons/book_gray.svg',
          parentType: 'PAGE',
          parentId: 'p-row',
        },
        {
          id: 'p-empty-run',
          title: null,
          url: notionUrl('p-empty-run', 'A page'),
          publicUrl: 'https://avo.notion.site/p-empty-run',
          lastEditedAt: '2026-03-06T07:30:00.000Z',
          createdAt: '2026-03-01T09:00:00.000Z',
          iconEmoji: null,
          iconUrl: fileIcon,
          parentType: 'BLOCK',
          parentId: 'b-1',
        },
      ]);
    });

    it('notionPages: leaves out results that are not full pages, and reads a newer parent kind as null', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'notion.search',
        status: 200,
        times: 1,
        body: {
          object: 'list',
          results: [
            { object: 'page', id: 'partial-page' },
            { object: 'data_source', id: 'ds-1', title: [] },
            page('full', { parent: { type: 'agent_id', agent_id: 'a-1' } as never }),
          ],
          next_cursor: null,
          has_more: false,
          type: 'page_or_database',
          page_or_database: {},
        } as never,
      });
      const { connection, errors } = await pagesOf(token, account.id);
      expect(errors).toEqual([]);
      expect(connection?.edges.map((edge) => [edge.node.id, edge.node.parentType])).toEqual([['full', null]]);
    });

    it('notionPages: searches titles with `query`, and binds cursors to it', async () => {
      const { account, token } = t.connect();
      t.emulator.notion.setPages(account.id, { pages: 200, databases: 3 });
      const expected = t.emulator.notion.searchablePages(account.id).filter((json) =>
        Object.values(json.properties).some(
          (property) =>
            property.type === 'title' &&
            property.title
              .map((run) => run.plain_text)
              .join('')
              .toLowerCase()
              .includes('sync'),
        ),
      );
      expect(expected.length).toBeGreaterThan(3);
      const first = await pagesOf(token, account.id, { first: 2, query: '  sync ' });
      expect(first.errors).toEqual([]);
      expect(t.emulator.notion.searchRequests(account.id).at(-1)?.body).toEqual({
        ...SEARCH_BODY,
        query: 'sync',
      });
      const rest = await pagesOf(token, account.id, {
        after: first.connection?.pageInfo.endCursor,
        query: 'sync',
      });
      expect(
        [...(first.connection?.edges ?? []), ...(rest.connection?.edges ?? [])].map((edge) => edge.node.id),
      ).toEqual(expected.map((json) => json.id));

      // The cursor of one search does not continue another.
      t.emulator.calls.reset();
      const other = await pagesOf(token, account.id, {
        after: first.connection?.pageInfo.endCursor,
        query: 'roadmap',
      });
      expect(other.errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
      expect(t.emulator.calls.count({ service: 'notion' })).toBe(0);

      // A blank query is no query.
      await pagesOf(token, account.id, { first: 1, query: '   ' });
      expect(t.emulator.notion.searchRequests(account.id).at(-1)?.body).toEqual(SEARCH_BODY);
    });

    it('notionUsers: text Notion leaves empty is null', async () => {
      const { account, token } = t.connect();
      t.emulator.notion.setWorkspace(account.id, [
        personJson('u-empty', '', '', ''),
        botJson('b-empty', ' '),
        personJson('u-full', 'Ada Lovelace', 'ada@example.org', 'https://example.org/ada.png'),
      ]);
      const response = (await t.stack.query(
        parse(`query NotionUsers($account: ID!) {
          me { connectedAccount(id: $account) { notionUsers(first: 10) { edges { node { id name avatarUrl email } } } } }
        }`),
        { account: account.id } as never,
        { token },
      )) as GraphQLResponse<{
        me: { connectedAccount: { notionUsers: { edges: { node: Record<string, unknown> }[] } } };
      }>;
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.me.connectedAccount.notionUsers.edges.map((edge) => edge.node)).toEqual([
        { id: 'u-empty', name: null, avatarUrl: null, email: null },
        { id: 'b-empty', name: null, avatarUrl: null, email: null },
        {
          id: 'u-full',
          name: 'Ada Lovelace',
          avatarUrl: 'https://example.org/ada.png',
          email: 'ada@example.org',
        },
      ]);
    });

    it('notionPages: a page time that is not ISO-8601 is a PROVIDER_ERROR', async () => {
      const { account, token } = t.connect();
      t.emulator.notion.setPages(account.id, [page('p-1'), page('p-2', { created_time: 'yesterday' })]);
      const { connection, errors } = await pagesOf(token, account.id);
      expect(connection).toBeNull();
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'notion', accountId: account.id }]);
    });

    it('notionPages: refuses bad arguments with BAD_USER_INPUT, before any call', async () => {
      const { account, token } = t.connect();
      t.emulator.calls.reset();
      for (const variables of [
        { first: 0 },
        { first: 101 },
        { after: 'not-a-cursor' },
        { query: 'x'.repeat(201) },
      ]) {
        const { connection, errors } = await pagesOf(token, account.id, variables);
        expect(connection).toBeNull();
        expect(errors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT' })]);
      }
      expect(t.emulator.calls.count({ service: 'notion' })).toBe(0);
    });

    it('notionPages: without the "Read content" capability, Notion\'s 403 is a PROVIDER_ERROR', async () => {
      const { account, token } = t.connect();
      t.emulator.notion.setPages(account.id, { pages: 3 }, { readContent: false });
      const response = await search(account.accessToken, SEARCH_BODY);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ object: 'error', code: 'restricted_resource' });
      const { connection, errors } = await pagesOf(token, account.id);
      expect(connection).toBeNull();
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'notion', accountId: account.id }]);
    });

    it('emulator: search answers the list envelope, leaves out unshared pages, and pages unevenly', async () => {
      const { account } = t.connect();
      t.emulator.notion.setPages(account.id, { pages: 60, databases: 3 }, { unevenPages: true });
      const response = await search(account.accessToken, { ...SEARCH_BODY, page_size: 20 });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-notion-request-id')).toBeTruthy();
      const body = (await response.json()) as {
        results: NotionPageJson[];
        next_cursor: string;
        has_more: boolean;
      };
      expect(body).toMatchObject({
        object: 'list',
        type: 'page_or_database',
        page_or_database: {},
        has_more: true,
      });
      // Fewer than page_size while more follow.
      expect(body.results).toHaveLength(17);
      expect(body.next_cursor).toBe(t.emulator.notion.searchablePages(account.id)[17]?.id);
      // Every ninth generated page was not shared with the integration.
      expect(t.emulator.notion.searchablePages(account.id).length).toBeLessThan(60);
      // Without the filter, databases are found too.
      const all = (await (await search(account.accessToken, { page_size: 100 })).json()) as {
        results: { object: string }[];
      };
      expect(all.results.filter((result) => result.object === 'database')).toHaveLength(3);
    });

    it('emulator: search refuses a page_size over 100, a bad filter and broken JSON with Notion errors', async () => {
      const { account } = t.connect();
      const tooLarge = await search(account.accessToken, { ...SEARCH_BODY, page_size: 101 });
      expect(tooLarge.status).toBe(400);
      expect(await tooLarge.json()).toMatchObject({
        object: 'error',
        status: 400,
        code: 'validation_error',
        message: 'body failed validation: body.page_size should be ≤ `100`, instead was `101`.',
      });
      // 2025-09-03 renamed the database filter value to `data_source`.
      const oldFilter = await search(
        account.accessToken,
        { filter: { property: 'object', value: 'database' } },
        '2025-09-03',
      );
      expect(oldFilter.status).toBe(400);
      expect(await oldFilter.json()).toMatchObject({ code: 'validation_error' });
      const newer = await search(account.accessToken, SEARCH_BODY, '2025-09-03');
      expect(await newer.json()).toMatchObject({ type: 'page_or_data_source', page_or_data_source: {} });
      const broken = await search(account.accessToken, '{"page_size": ');
      expect(broken.status).toBe(400);
      expect(await broken.json()).toMatchObject({ code: 'invalid_json' });
      const badCursor = await search(account.accessToken, { ...SEARCH_BODY, start_cursor: 'nope' });
      expect(badCursor.status).toBe(400);
      expect(await badCursor.json()).toMatchObject({ code: 'validation_error' });
      const noVersion = await t.callApi('/v1/search', {
        method: 'POST',
        token: account.accessToken,
        body: '{}',
      });
      expect(await noVersion.json()).toMatchObject({ status: 400, code: 'missing_version' });
    });
  },
);
