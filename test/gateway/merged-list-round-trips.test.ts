/**
 * A page of a list across accounts costs one provider round trip: one call per source that still has
 * items, all sent at once, and no Clerk call when warm. Checked from the emulator's call log, with a
 * latency long enough that a call made after another's answer would stand out.
 */
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../src/emulator/index.js';
import { everyFieldScopeOf } from '../../src/emulator/sandbox-seed.js';
import type { GitLabEmulator } from '../../src/providers/gitlab/emulator.js';
import { type Stack, startStack } from '../support/stack.js';

const LATENCY_MS = 300;
const PROVIDERS = ['github', 'gitlab', 'bitbucket'] as const;

const PAGE = parse(`
  query Page($after: String) {
    me {
      repositories(first: 25, after: $after) {
        edges { node { id accountId } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

interface OwnPage {
  readonly edges: unknown[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

interface PageAnswer {
  readonly me: {
    readonly repositories: {
      readonly edges: { readonly node: { readonly id: string; readonly accountId: string } }[];
      readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
    };
  };
}

describe('a page of a list across ten accounts', () => {
  let stack: Stack;
  let token: string;
  const accounts: EmulatedAccount[] = [];
  /** The repositories the walk has listed, and how many the accounts have (as their providers list them). */
  const listed = new Set<string>();
  let total = 0;

  beforeAll(async () => {
    stack = await startStack();
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'ten' });
    const connect = (provider: string, label: string) =>
      clerk.connectAccount(user.id, { provider, label, scopes: everyFieldScopeOf(provider) });
    // Five GitHub and five GitLab accounts, of 12 to 160 repositories each (a second provider page
    // for some); Bitbucket, whose first page needs its workspaces first, is checked on its own below.
    for (let index = 0; index < 5; index++) {
      const github = connect('github', `GitHub ${index}`);
      stack.emulator.github.setRepos(github.id, { count: 12 + index * 37 });
      accounts.push(github);
      const gitlab = connect('gitlab', `GitLab ${index}`);
      (stack.emulator.providers.gitlab as GitLabEmulator).setProjects(gitlab.id, { count: 15 + index * 30 });
      accounts.push(gitlab);
    }
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    // Warm: the user and every account's token are cached.
    await stack.query(PAGE, {}, { token });
    for (const account of accounts) total += await countOwn(account);
  });
  afterAll(() => stack.close());

  /** How many repositories the account's own provider field lists. */
  async function countOwn(account: EmulatedAccount): Promise<number> {
    const field = account.provider === 'github' ? 'githubRepos' : 'gitlabProjects';
    const document = parse(`
      query Own($id: ID!, $after: String) {
        me { connectedAccount(id: $id) { ${field}(first: 100, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } } } }
      }
    `);
    let count = 0;
    let after: string | null = null;
    for (;;) {
      const response = await stack.query(document, { id: account.id, after }, { token });
      const list = (response.body.data as { me: { connectedAccount: Record<string, OwnPage> } }).me
        .connectedAccount[field] as OwnPage;
      count += list.edges.length;
      if (!list.pageInfo.hasNextPage) return count;
      after = list.pageInfo.endCursor;
    }
  }

  /** One page, with every provider slow: its calls, and when each reached the emulator. */
  async function page(after: string | null, as = token) {
    for (const id of PROVIDERS) stack.emulator.setLatency(id, LATENCY_MS);
    stack.emulator.calls.reset();
    try {
      const response = await stack.query(PAGE, { after }, { token: as });
      expect(response.body.errors).toBeUndefined();
      return { answer: response.body.data as PageAnswer, calls: stack.emulator.calls.all() };
    } finally {
      for (const id of PROVIDERS) stack.emulator.setLatency(id, 0);
    }
  }

  it('asks each account once, all at once, with no Clerk call, page after page', async () => {
    let after: string | null = null;
    let pages = 0;
    /** The accounts asked on the previous page: one done is never asked again. */
    let asked = new Set(accounts.map((account) => account.id));
    for (; pages < 40; pages++) {
      const { answer, calls } = await page(after);
      expect(calls.filter((call) => call.service === 'clerk')).toEqual([]);
      const now = calls.map((call) => call.accountId ?? '');
      expect(new Set(now).size, 'an account asked twice').toBe(now.length);
      if (pages === 0) expect(now.sort()).toEqual([...asked].sort());
      else expect(now.filter((id) => !asked.has(id))).toEqual([]);
      asked = new Set(now);
      const first = Math.min(...calls.map((call) => call.at));
      expect(calls.filter((call) => call.at - first >= LATENCY_MS)).toEqual([]);
      const { edges, pageInfo } = answer.me.repositories;
      expect(edges.length).toBeGreaterThan(0);
      for (const edge of edges) listed.add(`${edge.node.accountId}/${edge.node.id}`);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(pages).toBeGreaterThan(5);
    expect(listed.size).toBe(total);
  });

  it('asks a Bitbucket account for its workspaces on the first page only', async () => {
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'workspaces' });
    clerk.connectAccount(user.id, { provider: 'bitbucket', scopes: everyFieldScopeOf('bitbucket') });
    const own = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    await stack.query(PAGE, {}, { token: own });

    const first = await page(null, own);
    const workspaces = first.calls.filter((call) => call.route === 'bitbucket.listWorkspaces');
    expect(workspaces).toHaveLength(1);
    // Its default workspaces (4), each then asked for a page at once: a second, dependent round.
    const repositories = first.calls.filter((call) => call.route !== 'bitbucket.listWorkspaces');
    expect(repositories).toHaveLength(4);
    const asked = Math.min(...repositories.map((call) => call.at));
    expect(asked - (workspaces[0]?.at ?? 0)).toBeGreaterThanOrEqual(LATENCY_MS);
    expect(repositories.filter((call) => call.at - asked >= LATENCY_MS)).toEqual([]);

    const second = await page(first.answer.me.repositories.pageInfo.endCursor, own);
    expect(second.calls.filter((call) => call.route === 'bitbucket.listWorkspaces')).toEqual([]);
    expect(second.calls.length).toBeGreaterThan(0);
    const start = Math.min(...second.calls.map((call) => call.at));
    expect(second.calls.filter((call) => call.at - start >= LATENCY_MS)).toEqual([]);
  });
});
