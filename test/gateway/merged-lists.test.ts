/**
 * `User.repositories`, `User.files` and `User.calendarEvents`: one list across all of a user's
 * accounts, in one order with one cursor, through the real gateway against the emulator. What each
 * walk must return is read independently, from each provider's own field, and sorted here.
 */
import { type DocumentNode, parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../src/emulator/index.js';
import { everyFieldScopeOf } from '../../src/emulator/sandbox-seed.js';
import type { BitbucketEmulator } from '../../src/providers/bitbucket/emulator.js';
import type { BoxEmulator } from '../../src/providers/box/emulator.js';
import type { DropboxEmulator } from '../../src/providers/dropbox/emulator.js';
import { generateRepos } from '../../src/providers/github/fixtures.js';
import type { GitLabEmulator } from '../../src/providers/gitlab/emulator.js';
import { generateProjects } from '../../src/providers/gitlab/fixtures.js';
import type { GoogleEmulator } from '../../src/providers/google/emulator.js';
import type { MicrosoftEmulator } from '../../src/providers/microsoft/emulator.js';
import type { GraphQLErrorJson, Stack } from '../support/stack.js';
import { startStack } from '../support/stack.js';

interface Node {
  readonly id: string;
  readonly provider: string;
  readonly accountId: string;
  readonly key: string | null;
}

interface Page {
  readonly edges: { readonly cursor: string; readonly node: Node }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** The newest time several accounts' items share, so the order's ties are exercised. */
const TIE = '2026-11-30T12:00:00Z';
const WINDOW = { from: '2026-12-01T00:00:00Z', to: '2026-12-15T00:00:00Z' };

const LISTS = {
  repositories: { key: 'updatedAt', args: '', descending: true },
  files: { key: 'modifiedAt', args: '', descending: true },
  calendarEvents: { key: 'startsAt', args: `from: "${WINDOW.from}", to: "${WINDOW.to}"`, descending: false },
} as const;
type ListName = keyof typeof LISTS;

/** Each provider field an account's items are read from to know what the merged list must hold. */
const OWN_FIELDS: Record<ListName, Record<string, { field: string; args?: string }>> = {
  repositories: {
    github: { field: 'githubRepos' },
    gitlab: { field: 'gitlabProjects' },
    bitbucket: { field: 'bitbucketRepos' },
  },
  files: {
    google: { field: 'googleDriveFiles' },
    microsoft: { field: 'microsoftDriveItems' },
    dropbox: { field: 'dropboxFiles' },
    box: { field: 'boxFiles' },
  },
  calendarEvents: {
    google: { field: 'googleCalendarEvents', args: LISTS.calendarEvents.args },
    microsoft: { field: 'microsoftCalendarEvents', args: LISTS.calendarEvents.args },
  },
};

function mergedQuery(list: ListName, first: number, extra = ''): DocumentNode {
  const { key, args } = LISTS[list];
  return parse(`
    query Merged($after: String) {
      me {
        ${list}(first: ${first}, after: $after ${args ? `, ${args}` : ''} ${extra}) {
          edges { cursor node { id provider accountId key: ${key} } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  `);
}

/** The order the gateway documents: the key, then provider, account and id. */
function expectedOrder(list: ListName, nodes: Node[]): Node[] {
  const time = (node: Node) => (node.key === null ? Number.NEGATIVE_INFINITY : Date.parse(node.key));
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sign = LISTS[list].descending ? -1 : 1;
  return [...nodes].sort(
    (a, b) =>
      sign * (time(a) - time(b)) ||
      text(a.provider.toLowerCase(), b.provider.toLowerCase()) ||
      text(a.accountId, b.accountId) ||
      text(a.id, b.id),
  );
}

describe('lists across accounts', () => {
  let stack: Stack;
  let token: string;
  let otherToken: string;
  const accounts: Record<string, EmulatedAccount> = {};
  const idOf = (name: string) => (accounts[name] as EmulatedAccount).id;

  async function ask<T>(document: DocumentNode, variables: Record<string, unknown> = {}, as = token) {
    const response = await stack.query(document, variables, { token: as });
    return response.body as { data?: { me: T } | null; errors?: GraphQLErrorJson[] };
  }

  /** Every item of one account's own provider field, as the merged list shows it. */
  async function ownItems(list: ListName, account: EmulatedAccount): Promise<Node[]> {
    const own = OWN_FIELDS[list][account.provider];
    if (!own) return [];
    const document = parse(`
      query Own($id: ID!, $after: String) {
        me {
          connectedAccount(id: $id) {
            items: ${own.field}(first: 100, after: $after ${own.args ? `, ${own.args}` : ''}) {
              edges { node { id provider accountId key: ${LISTS[list].key} } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
      }
    `);
    const nodes: Node[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const body = await ask<{ connectedAccount: { items: Page } }>(document, { id: account.id, after });
      expect(body.errors).toBeUndefined();
      const items = body.data?.me.connectedAccount.items as Page;
      nodes.push(...items.edges.map((edge) => edge.node));
      if (!items.pageInfo.hasNextPage) return nodes;
      after = items.pageInfo.endCursor;
    }
    throw new Error(`${own.field} did not end`);
  }

  async function everyItem(list: ListName): Promise<Node[]> {
    const all = await Promise.all(Object.values(accounts).map((account) => ownItems(list, account)));
    return expectedOrder(list, all.flat());
  }

  /** Walks the merged list to its end, checking each page's size. */
  async function walk(list: ListName, first: number, extra = '') {
    const document = mergedQuery(list, first, extra);
    const nodes: Node[] = [];
    const errors: GraphQLErrorJson[] = [];
    let after: string | null = null;
    let pages = 0;
    for (; pages < 500; pages++) {
      const body = await ask<Record<string, Page>>(document, { after });
      errors.push(...(body.errors ?? []));
      const page = body.data?.me[list] as Page;
      expect(page.edges.length).toBeLessThanOrEqual(first);
      nodes.push(...page.edges.map((edge) => edge.node));
      if (page.edges.length > 0) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return { nodes, errors, pages: pages + 1 };
  }

  beforeAll(async () => {
    // A walk with `first: 1` sends hundreds of requests: the per-user rate limit is not under test.
    stack = await startStack({ env: { GATEWAY_USER_RATE_LIMIT: '0' } });
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'ada' });
    const connect = (provider: string, label?: string) =>
      clerk.connectAccount(user.id, {
        provider,
        scopes: everyFieldScopeOf(provider),
        ...(label ? { label } : {}),
      });
    accounts.github = connect('github');
    accounts.githubWork = connect('github', 'Work');
    accounts.gitlab = connect('gitlab');
    accounts.bitbucket = connect('bitbucket');
    accounts.google = connect('google');
    accounts.microsoft = connect('microsoft');
    accounts.dropbox = connect('dropbox');
    accounts.box = connect('box');
    accounts.notion = connect('notion');

    const gitlab = stack.emulator.providers.gitlab as GitLabEmulator;
    const google = stack.emulator.providers.google as GoogleEmulator;
    const microsoft = stack.emulator.providers.microsoft as MicrosoftEmulator;
    const dropbox = stack.emulator.providers.dropbox as DropboxEmulator;
    const box = stack.emulator.providers.box as BoxEmulator;
    // Uneven: 7 and 130 repositories (two GitHub pages), 23 projects, Bitbucket's default workspaces
    // (9, about 120, none and 6); three of them updated at the same moment.
    const tied = <T>(items: T[], count: number, set: (item: T) => T) =>
      items.map((item, index) => (index < count ? set(item) : item));
    stack.emulator.github.setRepos(
      accounts.github.id,
      tied(generateRepos({ ownerLogin: 'ada', ownerId: 1, count: 7 }), 2, (repo) => ({
        ...repo,
        updated_at: TIE,
      })),
    );
    stack.emulator.github.setRepos(
      accounts.githubWork.id,
      tied(generateRepos({ ownerLogin: 'ada-work', ownerId: 2, count: 130 }), 1, (repo) => ({
        ...repo,
        updated_at: TIE,
      })),
    );
    gitlab.setProjects(
      accounts.gitlab.id,
      tied(
        generateProjects({
          owner: { id: 3, username: 'ada', name: 'Ada', avatarUrl: 'https://gitlab.example/ada.png' },
          count: 23,
          seed: 'merged',
        }),
        2,
        (project) => ({ ...project, updated_at: '2026-11-30T12:00:00.000Z' }),
      ),
    );
    // Files: a Drive walked over pages of 7, 15 OneDrive items, a Dropbox and a Box root.
    google.setFiles(accounts.google.id, { count: 41 }, { pageLimit: 7 });
    microsoft.setDriveItems(accounts.microsoft.id, { count: 15 });
    dropbox.setRoot(accounts.dropbox.id, { folders: 3, files: 9 });
    box.setRoot(accounts.box.id, { folders: 2, files: 11, webLinks: 1 });
    // Events every 90 minutes on both calendars from the same moment: starts tie across them.
    google.setEvents(accounts.google.id, { count: 60, from: WINDOW.from }, { pageLimit: 9 });
    microsoft.setEvents(accounts.microsoft.id, { count: 37, from: WINDOW.from });

    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    const other = clerk.createUser({ username: 'grace' });
    clerk.connectAccount(other.id, { provider: 'github' });
    otherToken = clerk.signSessionToken(other.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.faults.clear());

  for (const list of Object.keys(LISTS) as ListName[]) {
    describe(list, () => {
      let expected: Node[];
      beforeAll(async () => {
        expected = await everyItem(list);
      });

      it('holds items of every account that has them, with ties between accounts', () => {
        const owners = new Set(expected.map((node) => node.accountId));
        expect(owners.size).toBe(Object.keys(OWN_FIELDS[list]).length + (list === 'repositories' ? 1 : 0));
        const keys = expected.map((node) => node.key);
        expect(new Set(keys).size).toBeLessThan(keys.length);
      });

      for (const first of [1, 7, 20, 100]) {
        it(`walks every item once, in order, with first: ${first}`, async () => {
          const { nodes, errors } = await walk(list, first);
          expect(errors).toEqual([]);
          expect(nodes).toEqual(expected);
        });
      }

      it('narrows to one provider', async () => {
        const provider = Object.keys(OWN_FIELDS[list])[0] as string;
        const { nodes } = await walk(list, 30, `, provider: ${provider.toUpperCase()}`);
        expect(nodes).toEqual(expected.filter((node) => node.provider === provider.toUpperCase()));
      });
    });
  }

  for (const list of Object.keys(LISTS) as ListName[]) {
    it(`answers ConnectedAccount.${list} in the same order, null on an account without them`, async () => {
      const expected = await everyItem(list);
      const { key, args } = LISTS[list];
      const document = parse(`
        query Own($id: ID!, $after: String) {
          me {
            connectedAccount(id: $id) {
              items: ${list}(first: 33, after: $after ${args ? `, ${args}` : ''}) {
                edges { node { id provider accountId key: ${key} } }
                pageInfo { hasNextPage endCursor }
              }
            }
          }
        }
      `);
      for (const account of Object.values(accounts)) {
        const nodes: Node[] = [];
        let after: string | null = null;
        for (let page = 0; page < 100; page++) {
          const body: {
            data?: { me: { connectedAccount: { items: Page | null } } } | null;
            errors?: GraphQLErrorJson[];
          } = await ask<{ connectedAccount: { items: Page | null } }>(document, {
            id: account.id,
            after,
          });
          expect(body.errors).toBeUndefined();
          const items: Page | null = body.data?.me.connectedAccount.items ?? null;
          if (items === null) break;
          expect(items.edges.length).toBeLessThanOrEqual(33);
          nodes.push(...items.edges.map((edge) => edge.node));
          if (!items.pageInfo.hasNextPage) break;
          after = items.pageInfo.endCursor;
        }
        expect(nodes, `${account.provider} ${account.id}`).toEqual(
          expected.filter((node) => node.accountId === account.id),
        );
      }
    });
  }

  it("answers each node as its provider's own type, its own fields at hand", async () => {
    const body = await ask<{ repositories: { edges: { node: Record<string, unknown> }[] } }>(
      parse(`{ me { repositories(first: 100) { edges { node {
        __typename provider
        ... on GitHubRepository { stargazerCount }
        ... on GitLabProject { starCount }
        ... on BitbucketRepository { workspace { slug } }
      } } } } }`),
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data?.me.repositories.edges.map((edge) => edge.node) ?? [];
    const typeOf = { GITHUB: 'GitHubRepository', GITLAB: 'GitLabProject', BITBUCKET: 'BitbucketRepository' };
    expect(new Set(nodes.map((node) => node.provider))).toEqual(new Set(Object.keys(typeOf)));
    for (const node of nodes) {
      expect(node.__typename).toBe(typeOf[node.provider as keyof typeof typeOf]);
      const own = { GITHUB: 'stargazerCount', GITLAB: 'starCount', BITBUCKET: 'workspace' }[
        node.provider as keyof typeof typeOf
      ];
      expect(node[own]).toBeDefined();
    }
  });

  it('fails ConnectedAccount.files on an account without the scope, with no call', async () => {
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'narrow' });
    const drive = clerk.connectAccount(user.id, { provider: 'google' });
    const narrow = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    stack.emulator.calls.reset();
    const body = await ask<{ connectedAccounts: { files: Page | null }[] }>(
      parse('{ me { connectedAccounts { files { edges { cursor } } } } }'),
      {},
      narrow,
    );
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['me', 'connectedAccounts', 0, 'files'],
        extensions: expect.objectContaining({
          code: 'MISSING_SCOPES',
          provider: 'google',
          accountId: drive.id,
        }),
      }),
    ]);
    expect(stack.emulator.calls.all().filter((call) => call.service === 'google')).toEqual([]);
    // In the list across accounts, the same account is an error beside an answered (empty) list.
    const merged = await ask<{ files: Page }>(mergedQuery('files', 5), {}, narrow);
    expect(merged.data?.me.files.edges).toEqual([]);
    expect(merged.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['me', 'files'], 'MISSING_SCOPES'],
    ]);
  });

  it('refuses to merge a Dropbox root over 2,000 entries or a Bitbucket account in over 5 workspaces', async () => {
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'hoarder' });
    const big = clerk.connectAccount(user.id, { provider: 'dropbox', scopes: everyFieldScopeOf('dropbox') });
    const drive = clerk.connectAccount(user.id, { provider: 'google', scopes: everyFieldScopeOf('google') });
    const many = clerk.connectAccount(user.id, {
      provider: 'bitbucket',
      scopes: everyFieldScopeOf('bitbucket'),
    });
    (stack.emulator.providers.dropbox as DropboxEmulator).setRoot(big.id, { folders: 1, files: 2000 });
    (stack.emulator.providers.google as GoogleEmulator).setFiles(drive.id, { count: 3 });
    (stack.emulator.providers.bitbucket as BitbucketEmulator).setWorkspaces(
      many.id,
      ['a', 'b', 'c', 'd', 'e', 'f'].map((slug) => ({ slug, repositories: 1 })),
    );
    const hoarder = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    const files = await ask<{ files: Page }>(mergedQuery('files', 10), {}, hoarder);
    expect(files.data?.me.files.edges.map((edge) => edge.node.accountId)).toEqual([
      drive.id,
      drive.id,
      drive.id,
    ]);
    const repositories = await ask<{ repositories: Page }>(mergedQuery('repositories', 10), {}, hoarder);
    expect(repositories.data?.me.repositories.edges).toEqual([]);
    for (const [body, account] of [
      [files, big],
      [repositories, many],
    ] as const) {
      expect(body.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'BAD_USER_INPUT',
            reason: 'TOO_LARGE_TO_MERGE',
            provider: account.provider,
            accountId: account.id,
          }),
        }),
      ]);
    }
    // The provider's own field pages it.
    const own = await ask<{ connectedAccount: { dropboxFiles: Page } }>(
      parse(`{ me { connectedAccount(id: "${big.id}") { dropboxFiles(first: 100) { edges { cursor } } } } }`),
      {},
      hoarder,
    );
    expect(own.data?.me.connectedAccount.dropboxFiles.edges).toHaveLength(100);
  });

  it('leaves out an account that fails, names it in an error, and picks it up on a later page', async () => {
    const expected = await everyItem('repositories');
    const document = mergedQuery('repositories', 10);
    const first = await ask<{ repositories: Page }>(document);
    expect(first.errors).toBeUndefined();
    // The GitLab account fails on the second page only.
    stack.emulator.faults.inject({
      service: 'gitlab',
      accountId: idOf('gitlab'),
      // A 500 is not retried: the page fails GitLab at once.
      status: 500,
      body: { message: '500 Internal Server Error' },
      times: 1,
    });
    const second = await ask<{ repositories: Page }>(document, {
      after: first.data?.me.repositories.pageInfo.endCursor,
    });
    expect(second.errors).toEqual([
      expect.objectContaining({
        path: ['me', 'repositories'],
        extensions: expect.objectContaining({
          code: 'PROVIDER_ERROR',
          provider: 'gitlab',
          accountId: idOf('gitlab'),
        }),
      }),
    ]);
    const secondPage = second.data?.me.repositories as Page;
    expect(secondPage.edges.length).toBeGreaterThan(0);
    expect(secondPage.edges.some((edge) => edge.node.accountId === idOf('gitlab'))).toBe(false);

    // Walking on, with GitLab back, gives every item exactly once.
    const seen = [...(first.data?.me.repositories.edges ?? []), ...secondPage.edges].map((edge) => edge.node);
    let after = secondPage.pageInfo.endCursor;
    for (let page = 0; after !== null && page < 100; page++) {
      const body = await ask<{ repositories: Page }>(document, { after });
      expect(body.errors).toBeUndefined();
      const next = body.data?.me.repositories as Page;
      seen.push(...next.edges.map((edge) => edge.node));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
    }
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen.map((node) => `${node.accountId}/${node.id}`)).size).toBe(expected.length);
  });

  it('still answers when every account fails, and its endCursor retries them', async () => {
    const document = mergedQuery('calendarEvents', 5);
    stack.emulator.faults.inject({ service: 'google', accountId: idOf('google'), status: 500, times: 1 });
    stack.emulator.faults.inject({
      service: 'microsoft',
      accountId: idOf('microsoft'),
      status: 500,
      times: 1,
    });
    const failed = await ask<{ calendarEvents: Page }>(document);
    expect(failed.errors?.map((error) => error.extensions?.accountId).sort()).toEqual(
      [idOf('google'), idOf('microsoft')].sort(),
    );
    expect(failed.data?.me.calendarEvents.edges).toEqual([]);
    const retry = failed.data?.me.calendarEvents.pageInfo.endCursor;
    expect(retry).toEqual(expect.any(String));
    const again = await ask<{ calendarEvents: Page }>(document, { after: retry });
    expect(again.errors).toBeUndefined();
    const expected = await everyItem('calendarEvents');
    expect(again.data?.me.calendarEvents.edges.map((edge) => edge.node)).toEqual(expected.slice(0, 5));
  });

  it('refuses a forged or foreign cursor with BAD_USER_INPUT, before any provider call', async () => {
    const document = mergedQuery('repositories', 5);
    const page = await ask<{ repositories: Page }>(document);
    const cursor = page.data?.me.repositories.pageInfo.endCursor as string;
    const [payload, signature] = cursor.split('.') as [string, string];
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...state, s: {} })).toString('base64url')}.${signature}`;
    const filesCursor = (await ask<{ files: Page }>(mergedQuery('files', 5))).data?.me.files.pageInfo
      .endCursor;
    stack.emulator.calls.reset();
    const refusals = [
      await ask(document, { after: forged }),
      await ask(document, { after: 'not-a-cursor' }),
      // Another list's cursor, one for another provider filter, and another user's own.
      await ask(document, { after: filesCursor }),
      await ask(mergedQuery('repositories', 5, ', provider: GITHUB'), { after: cursor }),
      await ask(document, { after: cursor }, otherToken),
    ];
    for (const body of refusals) {
      expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    expect(stack.emulator.calls.all().filter((call) => call.service !== 'clerk')).toEqual([]);
  });

  it('refuses a calendar window over 366 days', async () => {
    const body = await ask(
      parse(
        `{ me { calendarEvents(from: "2026-01-01T00:00:00Z", to: "2027-01-03T00:00:00Z") { edges { cursor } } } }`,
      ),
    );
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
