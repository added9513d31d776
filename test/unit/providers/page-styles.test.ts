import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GatewayError } from '../../../src/errors.js';
import { PROVIDERS } from '../../../src/providers/index.js';
import {
  fetchListPage,
  firstPageOf,
  type ListRequest,
  type PageStyle,
} from '../../../src/providers/page-styles.js';
import { answer, fakeCalls } from '../../support/fake-calls.js';

const itemSchema = z.object({ id: z.number() });

/** A GET list of `{id}` items at `/items`, paging in `style`. */
function list(
  style: PageStyle,
  more: Partial<ListRequest<{ id: number }>> = {},
): ListRequest<{ id: number }> {
  return { path: '/items', item: itemSchema, pagination: style, ...more };
}

/** `count` items numbered from `from`. */
function items(count: number, from = 1): { id: number }[] {
  return Array.from({ length: count }, (_, index) => ({ id: from + index }));
}

/** Each style as a provider declares it: these tests read the real declarations. */
function styleOf(id: string): PageStyle {
  const style = PROVIDERS.find((provider) => provider.id === id)?.pagination;
  if (!style) throw new Error(`${id} declares no pagination`);
  return style;
}

const GITHUB = styleOf('github');
const HUGGING_FACE = styleOf('huggingface');
const GITLAB = styleOf('gitlab');
const SLACK = styleOf('slack');
const NOTION = styleOf('notion');
const FACEBOOK = styleOf('facebook');
const VERCEL = styleOf('vercel');
const LINEAR = styleOf('linear');
const DROPBOX = styleOf('dropbox');
const TIKTOK = styleOf('tiktok');
/** A key with a dot in it, `@odata.nextLink`, which a dotted path would split. */
const MICROSOFT = styleOf('microsoft');
const BITBUCKET = styleOf('bitbucket');
const SPOTIFY = styleOf('spotify');
const BOX = styleOf('box');
const DISCORD = styleOf('discord');
/** Xero's style, in pages of 3 so that a test fills one. */
const XERO: PageStyle = { ...styleOf('xero'), maxPageSize: 3 } as PageStyle;

describe('firstPageOf', () => {
  it('starts a numbered list at its declared first page', () => {
    expect([GITHUB, GITLAB, XERO].map(firstPageOf)).toEqual([1, 1, 1]);
  });

  it('starts an offset list at offset 0', () => {
    expect(firstPageOf(SPOTIFY)).toBe(0);
  });

  it('starts every other list without a ref', () => {
    expect([HUGGING_FACE, SLACK, BITBUCKET, DISCORD].map(firstPageOf)).toEqual([null, null, null, null]);
  });
});

describe('fetchListPage: link-header', () => {
  const link = (url: string) => ({
    link: `<${url}>; rel="next", <https://api.github.com/x?page=9>; rel="last"`,
  });

  it("asks GitHub's first page by number, at the largest size, with the list's own query", async () => {
    const { calls, recorded } = fakeCalls(answer(items(2)));

    await fetchListPage(calls, list(GITHUB, { query: { sort: 'updated' } }), firstPageOf(GITHUB));

    expect(recorded).toEqual([
      { method: 'GET', path: '/items', query: { sort: 'updated', per_page: 100, page: 1 } },
    ]);
  });

  it('reads the next page number from the Link header', async () => {
    const { calls } = fakeCalls(answer(items(2), link('https://api.github.com/items?per_page=100&page=2')));

    const page = await fetchListPage(calls, list(GITHUB), 1);

    expect(page).toEqual({ items: items(2), next: 2 });
  });

  it('ends where the Link header announces no next page', async () => {
    const { calls } = fakeCalls(
      answer(items(1), { link: '<https://api.github.com/items?page=1>; rel="first"' }),
    );

    expect((await fetchListPage(calls, list(GITHUB), 2)).next).toBeNull();
  });

  it("asks Hugging Face's first page without a cursor and keeps the announced cursor as a string", async () => {
    const { calls, recorded } = fakeCalls(
      answer(items(1), {
        link: '<https://huggingface.co/api/models?limit=1000&cursor=eyJfaWQiOjF9>; rel="next"',
      }),
    );

    const page = await fetchListPage(calls, list(HUGGING_FACE), firstPageOf(HUGGING_FACE));

    expect(recorded).toEqual([{ method: 'GET', path: '/items', query: { limit: 1000 } }]);
    expect(page.next).toBe('eyJfaWQiOjF9');
  });

  it('keeps an opaque cursor of digits a string, as announced', async () => {
    const { calls } = fakeCalls(
      answer(items(1), { link: '<https://huggingface.co/api/models?cursor=0012345>; rel="next"' }),
      answer(items(1), { link: '<https://huggingface.co/api/models?cursor=0>; rel="next"' }),
    );

    expect((await fetchListPage(calls, list(HUGGING_FACE), null)).next).toBe('0012345');
    expect((await fetchListPage(calls, list(HUGGING_FACE), '0012345')).next).toBe('0');
  });

  it('fails with PROVIDER_ERROR, not an endless walk, when a next link lacks the parameter', async () => {
    const { calls } = fakeCalls(answer(items(1), link('https://api.github.com/items?per_page=100')));

    await expect(fetchListPage(calls, list(GITHUB), 1)).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
  });

  // A provider must not steer the request, and the token it carries, to another host (page-styles.ts).
  it('keeps only the parameter of a next link on another origin and never calls that URL', async () => {
    const { calls, recorded } = fakeCalls(
      answer(items(1), link('https://attacker.example/steal?page=2')),
      answer(items(1)),
    );

    const first = await fetchListPage(calls, list(GITHUB), 1);
    await fetchListPage(calls, list(GITHUB), first.next);

    expect(first.next).toBe(2);
    expect(recorded).toEqual([
      { method: 'GET', path: '/items', query: { per_page: 100, page: 1 } },
      { method: 'GET', path: '/items', query: { per_page: 100, page: 2 } },
    ]);
  });
});

describe('fetchListPage: next-header', () => {
  it("asks GitLab's first page by number and reads the next one from x-next-page", async () => {
    const { calls, recorded } = fakeCalls(answer(items(2), { 'x-next-page': '2' }));

    const page = await fetchListPage(calls, list(GITLAB), firstPageOf(GITLAB));

    expect(recorded).toEqual([{ method: 'GET', path: '/items', query: { per_page: 100, page: 1 } }]);
    expect(page.next).toBe(2);
  });

  it('asks a later page by the number it was given', async () => {
    const { calls, recorded } = fakeCalls(answer(items(1), { 'x-next-page': '' }));

    await fetchListPage(calls, list(GITLAB), 3);

    expect(recorded).toEqual([{ method: 'GET', path: '/items', query: { per_page: 100, page: 3 } }]);
  });

  it('ends where x-next-page is empty, as on GitLab’s last page', async () => {
    const { calls } = fakeCalls(answer(items(1), { 'x-next-page': '' }));

    expect((await fetchListPage(calls, list(GITLAB), 3)).next).toBeNull();
  });
});

describe('fetchListPage: cursor', () => {
  const slackAnswer = (cursor: string) =>
    answer({ members: items(1), response_metadata: { next_cursor: cursor } });

  it("asks Slack's first page at the largest size without a cursor, and reads the next at its dotted path", async () => {
    const { calls, recorded } = fakeCalls(slackAnswer('dXNlcjpVMEc5V0ZYTlo='));

    const page = await fetchListPage(calls, list(SLACK, { itemsAt: 'members' }), firstPageOf(SLACK));

    expect(recorded).toEqual([{ method: 'GET', path: '/items', query: { limit: 200 } }]);
    expect(page.next).toBe('dXNlcjpVMEc5V0ZYTlo=');
  });

  it('sends the cursor back as a query parameter for a later page', async () => {
    const { calls, recorded } = fakeCalls(slackAnswer(''));

    await fetchListPage(calls, list(SLACK, { itemsAt: 'members' }), 'dXNlcjpVMEc5V0ZYTlo=');

    expect(recorded).toEqual([
      { method: 'GET', path: '/items', query: { limit: 200, cursor: 'dXNlcjpVMEc5V0ZYTlo=' } },
    ]);
  });

  it("ends on Slack's empty next_cursor", async () => {
    const { calls } = fakeCalls(slackAnswer(''));

    expect((await fetchListPage(calls, list(SLACK, { itemsAt: 'members' }), 'c1')).next).toBeNull();
  });

  it('follows the cursor while has_more is true', async () => {
    const { calls } = fakeCalls(answer({ results: items(1), has_more: true, next_cursor: 'n2' }));

    expect((await fetchListPage(calls, list(NOTION, { itemsAt: 'results' }), null)).next).toBe('n2');
  });

  it('ends when has_more is false, whatever cursor the body still holds', async () => {
    const { calls } = fakeCalls(answer({ results: items(1), has_more: false, next_cursor: 'stale' }));

    expect((await fetchListPage(calls, list(NOTION, { itemsAt: 'results' }), 'n2')).next).toBeNull();
  });

  it('takes a next URL as the "more" that lets the cursor be followed', async () => {
    const { calls } = fakeCalls(
      answer({
        data: items(1),
        paging: {
          cursors: { after: 'QVFIU' },
          next: 'https://graph.facebook.com/v19.0/me/likes?after=QVFIU',
        },
      }),
    );

    expect((await fetchListPage(calls, list(FACEBOOK, { itemsAt: 'data' }), null)).next).toBe('QVFIU');
  });

  it('ends when the next URL is absent, though the cursors are still there', async () => {
    const { calls } = fakeCalls(answer({ data: items(1), paging: { cursors: { after: 'QVFIU' } } }));

    expect((await fetchListPage(calls, list(FACEBOOK, { itemsAt: 'data' }), 'x')).next).toBeNull();
  });

  it('fails with PROVIDER_ERROR when the body says more but gives no cursor to ask for it', async () => {
    const { calls } = fakeCalls(answer({ results: items(1), has_more: true, next_cursor: null }));

    await expect(fetchListPage(calls, list(NOTION, { itemsAt: 'results' }), null)).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
    });
  });

  it("keeps Vercel's numeric cursor a number and sends it back as is", async () => {
    const { calls, recorded } = fakeCalls(
      answer({ projects: items(1), pagination: { next: 1_700_000_000_000 } }),
      answer({ projects: items(1), pagination: { next: null } }),
    );
    const projects = list(VERCEL, { itemsAt: 'projects' });

    const first = await fetchListPage(calls, projects, null);
    const last = await fetchListPage(calls, projects, first.next);

    expect(first.next).toBe(1_700_000_000_000);
    expect(recorded[1]).toEqual({
      method: 'GET',
      path: '/items',
      query: { limit: 100, until: 1_700_000_000_000 },
    });
    expect(last.next).toBeNull();
  });

  describe('in the body (Linear)', () => {
    const issues = (hasNextPage: boolean, endCursor: string | null) =>
      answer({
        data: { viewer: { assignedIssues: { nodes: items(1), pageInfo: { hasNextPage, endCursor } } } },
      });
    const linear = list(LINEAR, {
      method: 'POST',
      path: '/graphql',
      body: { query: 'query Issues($first: Int, $after: String) { … }', variables: { team: 'ENG' } },
      itemsAt: 'data.viewer.assignedIssues.nodes',
    });

    it('posts the first page with the size merged into the GraphQL variables and no cursor', async () => {
      const { calls, recorded } = fakeCalls(issues(true, 'c1'));

      await fetchListPage(calls, linear, null);

      expect(recorded).toEqual([
        {
          method: 'POST',
          path: '/graphql',
          body: {
            query: 'query Issues($first: Int, $after: String) { … }',
            variables: { team: 'ENG', first: 250 },
          },
          options: { idempotent: true },
        },
      ]);
    });

    it('posts a later page with the cursor at the dotted parameter, beside the other variables', async () => {
      const { calls, recorded } = fakeCalls(issues(true, 'c2'));

      const page = await fetchListPage(calls, linear, 'c1');

      expect(recorded[0]).toMatchObject({ body: { variables: { team: 'ENG', first: 250, after: 'c1' } } });
      expect(page.next).toBe('c2');
    });

    it('does not change the declared body it merges into', async () => {
      const { calls } = fakeCalls(issues(false, null));

      await fetchListPage(calls, linear, 'c1');

      expect(linear.body).toEqual({
        query: 'query Issues($first: Int, $after: String) { … }',
        variables: { team: 'ENG' },
      });
    });
  });

  describe('in the body of a POST list with a query of its own (TikTok)', () => {
    const videos = list(TIKTOK, {
      method: 'POST',
      path: '/v2/video/list/',
      query: { fields: 'id,title' },
      itemsAt: 'data.videos',
    });

    it('sends the cursor and size in the body and the list query as the query', async () => {
      const { calls, recorded } = fakeCalls(
        answer({ data: { videos: items(1), cursor: 1_648_767_960_000, has_more: true } }),
      );

      const page = await fetchListPage(calls, videos, 1_648_767_970_000);

      expect(recorded).toEqual([
        {
          method: 'POST',
          path: '/v2/video/list/',
          body: { max_count: 20, cursor: 1_648_767_970_000 },
          options: { idempotent: true, query: { fields: 'id,title' } },
        },
      ]);
      expect(page.next).toBe(1_648_767_960_000);
    });
  });

  describe('with a continuation path (Dropbox)', () => {
    const folder = list(DROPBOX, {
      method: 'POST',
      path: '/files/list_folder',
      body: { path: '', recursive: false },
      itemsAt: 'entries',
    });

    it('posts the first page to the list path with its body and the size', async () => {
      const { calls, recorded } = fakeCalls(answer({ entries: items(1), cursor: 'AAE1', has_more: true }));

      const page = await fetchListPage(calls, folder, null);

      expect(recorded).toEqual([
        {
          method: 'POST',
          path: '/files/list_folder',
          body: { path: '', recursive: false, limit: 2000 },
          options: { idempotent: true },
        },
      ]);
      expect(page.next).toBe('AAE1');
    });

    // `list_folder/continue` takes the cursor alone (https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder-continue).
    it('posts a later page to the continuation path with the cursor alone', async () => {
      const { calls, recorded } = fakeCalls(answer({ entries: items(1), cursor: 'AAE2', has_more: false }));

      await fetchListPage(calls, folder, 'AAE1');

      expect(recorded).toEqual([
        {
          method: 'POST',
          path: '/files/list_folder/continue',
          body: { cursor: 'AAE1' },
          options: { idempotent: true },
        },
      ]);
    });

    it('ends when has_more is false', async () => {
      const { calls } = fakeCalls(answer({ entries: items(1), cursor: 'AAE2', has_more: false }));

      expect((await fetchListPage(calls, folder, 'AAE1')).next).toBeNull();
    });
  });
});

describe('fetchListPage: next-url', () => {
  it("keeps the $skiptoken of Microsoft's @odata.nextLink", async () => {
    const { calls } = fakeCalls(
      answer({
        value: items(1),
        '@odata.nextLink':
          'https://graph.microsoft.com/v1.0/me/drive/root/children?$top=100&$skiptoken=X%27A1%27',
      }),
    );

    expect((await fetchListPage(calls, list(MICROSOFT, { itemsAt: 'value' }), null)).next).toBe("X'A1'");
  });

  it("asks Bitbucket's first page at the largest size without a page", async () => {
    const { calls, recorded } = fakeCalls(answer({ values: items(1) }));

    await fetchListPage(calls, list(BITBUCKET, { itemsAt: 'values' }), null);

    expect(recorded).toEqual([{ method: 'GET', path: '/items', query: { pagelen: 100 } }]);
  });

  it("keeps the page parameter of Bitbucket's next URL and sends it back on the list's path", async () => {
    const { calls, recorded } = fakeCalls(
      answer({ values: items(1), next: 'https://api.bitbucket.org/2.0/repositories?pagelen=100&page=2' }),
      answer({ values: items(1) }),
    );
    const repositories = list(BITBUCKET, { itemsAt: 'values' });

    const first = await fetchListPage(calls, repositories, null);
    await fetchListPage(calls, repositories, first.next);

    expect(first.next).toBe('2');
    expect(recorded[1]).toEqual({ method: 'GET', path: '/items', query: { pagelen: 100, page: '2' } });
  });

  it('ends when the body has no next URL', async () => {
    const { calls } = fakeCalls(answer({ values: items(1) }));

    expect((await fetchListPage(calls, list(BITBUCKET, { itemsAt: 'values' }), '2')).next).toBeNull();
  });

  it('fails with PROVIDER_ERROR when the next URL lacks the parameter', async () => {
    const { calls } = fakeCalls(
      answer({ values: items(1), next: 'https://api.bitbucket.org/2.0/repositories?pagelen=100' }),
    );

    await expect(fetchListPage(calls, list(BITBUCKET, { itemsAt: 'values' }), null)).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
    });
  });
});

describe('fetchListPage: offset', () => {
  it("asks Spotify's first page from offset 0 at the largest size", async () => {
    const { calls, recorded } = fakeCalls(answer({ items: items(2), next: null }));

    await fetchListPage(calls, list(SPOTIFY, { itemsAt: 'items' }), firstPageOf(SPOTIFY));

    expect(recorded).toEqual([{ method: 'GET', path: '/items', query: { limit: 50, offset: 0 } }]);
  });

  it('moves the offset past the items served while the body names a next page', async () => {
    const { calls, recorded } = fakeCalls(
      answer({ items: items(50, 51), next: 'https://api.spotify.com/v1/me/playlists?offset=100&limit=50' }),
    );

    const page = await fetchListPage(calls, list(SPOTIFY, { itemsAt: 'items' }), 50);

    expect(recorded[0]).toEqual({ method: 'GET', path: '/items', query: { limit: 50, offset: 50 } });
    expect(page.next).toBe(100);
  });

  it('ends when the body says no next page', async () => {
    const { calls } = fakeCalls(answer({ items: items(50), next: null }));

    expect((await fetchListPage(calls, list(SPOTIFY, { itemsAt: 'items' }), 0)).next).toBeNull();
  });

  it("follows Box's offset while it is below the total count", async () => {
    const { calls } = fakeCalls(answer({ entries: items(3), total_count: 5 }));

    expect((await fetchListPage(calls, list(BOX, { itemsAt: 'entries' }), 0)).next).toBe(3);
  });

  it("ends Box's list once the offset reaches the total count", async () => {
    const { calls } = fakeCalls(answer({ entries: items(2, 4), total_count: 5 }));

    expect((await fetchListPage(calls, list(BOX, { itemsAt: 'entries' }), 3)).next).toBeNull();
  });

  it('takes a full page for "more", and a short one for the end, when the body says neither', async () => {
    const style: PageStyle = { kind: 'offset', param: 'offset', sizeParam: 'limit', maxPageSize: 2 };
    const { calls } = fakeCalls(answer(items(2)), answer(items(1, 3)));

    const full = await fetchListPage(calls, list(style), 0);
    const short = await fetchListPage(calls, list(style), full.next);

    expect(full.next).toBe(2);
    expect(short.next).toBeNull();
  });
});

describe('fetchListPage: last-id', () => {
  const discordStyle: PageStyle = { ...DISCORD, maxPageSize: 2 };

  it("asks Discord's first page at the largest size and without an id", async () => {
    const { calls, recorded } = fakeCalls(answer(items(1)));

    await fetchListPage(calls, list(DISCORD), firstPageOf(DISCORD));

    expect(recorded).toEqual([{ method: 'GET', path: '/items', query: { limit: 200 } }]);
  });

  it('starts the next page after the last id of a full page', async () => {
    const { calls, recorded } = fakeCalls(answer(items(2, 10)), answer(items(1, 12)));

    const full = await fetchListPage(calls, list(discordStyle), null);
    const short = await fetchListPage(calls, list(discordStyle), full.next);

    expect(full.next).toBe(11);
    expect(recorded[1]).toEqual({ method: 'GET', path: '/items', query: { limit: 2, after: 11 } });
    expect(short.next).toBeNull();
  });
});

describe('fetchListPage: page-number', () => {
  it('asks the first page by number at the largest size', async () => {
    const { calls, recorded } = fakeCalls(answer({ Invoices: items(1) }));

    await fetchListPage(calls, list(XERO, { itemsAt: 'Invoices' }), firstPageOf(XERO));

    expect(recorded).toEqual([{ method: 'GET', path: '/items', query: { pageSize: 3, page: 1 } }]);
  });

  it('numbers the next page while pages come back full, and ends on a short one', async () => {
    const { calls, recorded } = fakeCalls(answer({ Invoices: items(3) }), answer({ Invoices: items(2, 4) }));
    const invoices = list(XERO, { itemsAt: 'Invoices' });

    const full = await fetchListPage(calls, invoices, 1);
    const short = await fetchListPage(calls, invoices, full.next);

    expect(full.next).toBe(2);
    expect(recorded[1]).toEqual({ method: 'GET', path: '/items', query: { pageSize: 3, page: 2 } });
    expect(short.next).toBeNull();
  });
});

describe('fetchListPage: items', () => {
  it('reads the items at a dotted path of the body', async () => {
    const { calls } = fakeCalls(answer({ data: { viewer: { repos: items(2) } } }));

    const page = await fetchListPage(calls, list(SLACK, { itemsAt: 'data.viewer.repos' }), null);

    expect(page.items).toEqual(items(2));
  });

  it('reads the body itself as the list when no path is given', async () => {
    const { calls } = fakeCalls(answer(items(3)));

    expect((await fetchListPage(calls, list(SLACK), null)).items).toEqual(items(3));
  });

  it('leaves out an item its schema reads as null, while the offset still counts it', async () => {
    // A kind the graph does not know (a Dropbox folder in a list of files) is dropped, not an error.
    const fileOnly = z
      .object({ kind: z.string(), id: z.number() })
      .transform((entry) => (entry.kind === 'file' ? { id: entry.id } : null));
    const { calls } = fakeCalls(
      answer([
        { kind: 'file', id: 1 },
        { kind: 'folder', id: 2 },
      ]),
    );
    const style: PageStyle = { kind: 'offset', param: 'offset', sizeParam: 'limit', maxPageSize: 2 };

    const page = await fetchListPage(calls, { path: '/items', item: fileOnly, pagination: style }, 0);

    expect(page).toEqual({ items: [{ id: 1 }], next: 2 });
  });

  it('fails with PROVIDER_ERROR when the items are not an array', async () => {
    const { calls } = fakeCalls(answer({ results: { id: 1 } }));

    const page = fetchListPage(calls, list(NOTION, { itemsAt: 'results' }), null);

    await expect(page).rejects.toBeInstanceOf(GatewayError);
    await expect(page).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
  });
});
