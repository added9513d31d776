import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { type Stack, startStack } from '../support/stack.js';

const Mine = graphql(`
  query Isolation {
    me {
      id
      connectedAccounts {
        id
        githubRepos(first: 100) {
          edges {
            node {
              fullName
            }
          }
        }
        notionUsers(first: 100) {
          edges {
            node {
              email
            }
          }
        }
      }
    }
  }
`);

describe('isolation between users', () => {
  let stack: Stack;
  const users: { id: string; token: string; accounts: string[]; repos: string[]; emails: string[] }[] = [];

  beforeAll(async () => {
    stack = await startStack({ emulator: { latencyMs: { clerk: 5, github: 5, notion: 5 } } });
    const { clerk, github, notion } = stack.emulator;
    for (let i = 0; i < 24; i++) {
      const user = clerk.createUser({ username: `user${i}` });
      const gh = clerk.connectAccount(user.id, { provider: 'github', username: `dev${i}`, scopes: ['repo'] });
      github.setRepos(gh.id, [
        repoFor(`dev${i}`, `secret-project-${i}`, 1000 + i),
        repoFor(`dev${i}`, `notes-${i}`, 2000 + i),
      ]);
      const no = clerk.connectAccount(user.id, { provider: 'notion' });
      notion.setWorkspace(no.id, [
        {
          object: 'user',
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          type: 'person',
          name: `Person ${i}`,
          avatar_url: null,
          person: { email: `person${i}@example.com` },
        },
      ]);
      users.push({
        id: user.id,
        token: clerk.signSessionToken(user.id, { expiresInSeconds: 3600 }),
        accounts: [gh.id, no.id],
        repos: [`dev${i}/notes-${i}`, `dev${i}/secret-project-${i}`],
        emails: [`person${i}@example.com`],
      });
    }
  });
  afterAll(() => stack.close());

  it('never answers one user with another user’s accounts or data under concurrent load', async () => {
    const requests = Array.from({ length: 240 }, (_, n) => users[(n * 7) % users.length]).filter(
      (user) => user !== undefined,
    );
    const responses = await Promise.all(requests.map((user) => stack.query(Mine, {}, { token: user.token })));
    responses.forEach((response, n) => {
      const user = requests[n];
      if (!user) throw new Error('no such request');
      expect(response.body.errors).toBeUndefined();
      const me = response.body.data?.me;
      expect(me?.id).toBe(user.id);
      expect(me?.connectedAccounts.map((account) => account.id)).toEqual(user.accounts);
      const repos = me?.connectedAccounts.flatMap((account) => account.githubRepos?.edges ?? []);
      expect(repos?.map((edge) => edge.node.fullName)).toEqual(user.repos);
      const emails = me?.connectedAccounts.flatMap((account) => account.notionUsers?.edges ?? []);
      expect(emails?.map((edge) => edge.node.email)).toEqual(user.emails);
    });
  });
});

const Mixed = graphql(`
  query ManyUsersMixed($account: ID!, $stranger: ID!) {
    me {
      id
      username
      github: connectedAccounts(provider: GITHUB) {
        id
        username
        githubRepos(first: 2, sort: FULL_NAME) {
          edges {
            node {
              fullName
            }
          }
          pageInfo {
            hasNextPage
          }
        }
      }
      mine: connectedAccount(id: $account) {
        id
        notionUsers(first: 10) {
          edges {
            node {
              name
              email
            }
          }
        }
        githubRepos(first: 10) {
          edges {
            node {
              fullName
            }
          }
        }
      }
      stranger: connectedAccount(id: $stranger) {
        id
        githubRepos {
          edges {
            node {
              fullName
            }
          }
        }
      }
    }
  }
`);

/**
 * Many users at once, each with its own mix of accounts (one or two GitHub accounts, Notion, Google),
 * each sending several different queries, one of them naming another user's account, all in flight
 * together under upstream latency. Everything user-specific in the fixtures carries the owner's
 * marker `u<n>-`, so a response is checked for any trace of another user, not only for its expected
 * shape.
 */
describe('isolation between many users with mixed accounts', () => {
  const USERS = 100;
  let stack: Stack;
  interface Fixture {
    readonly index: number;
    readonly id: string;
    readonly token: string;
    readonly accounts: string[];
    readonly github: { id: string; repos: string[] }[];
    readonly notion: { id: string; emails: string[] }[];
  }
  const users: Fixture[] = [];

  beforeAll(async () => {
    stack = await startStack({ emulator: { latencyMs: { clerk: 5, github: 5, notion: 5 } } });
    const { clerk, github, notion } = stack.emulator;
    for (let i = 0; i < USERS; i++) {
      const marker = `u${i}-`;
      const user = clerk.createUser({ username: `${marker}user` });
      const fixture: Fixture = {
        index: i,
        id: user.id,
        token: clerk.signSessionToken(user.id, { expiresInSeconds: 3600 }),
        accounts: [],
        github: [],
        notion: [],
      };
      const githubAccounts = i % 4 === 2 ? 0 : i % 4 === 1 ? 2 : 1;
      for (let k = 0; k < githubAccounts; k++) {
        const login = `${marker}gh${k}`;
        const account = clerk.connectAccount(user.id, {
          provider: 'github',
          username: login,
          scopes: ['repo'],
        });
        const names = Array.from({ length: 1 + ((i + k) % 4) }, (_, r) => `${marker}repo${k}-${r}`);
        github.setRepos(
          account.id,
          names.map((name, r) => repoFor(login, name, i * 100 + k * 10 + r)),
        );
        fixture.accounts.push(account.id);
        fixture.github.push({ id: account.id, repos: names.map((name) => `${login}/${name}`).sort() });
      }
      if (i % 4 >= 2) {
        const account = clerk.connectAccount(user.id, { provider: 'notion', username: `${marker}notion` });
        const emails = [`${marker}a@example.com`, `${marker}b@example.com`];
        notion.setWorkspace(
          account.id,
          emails.map((email, n) => ({
            object: 'user' as const,
            id: `00000000-0000-4000-8000-${String(i * 10 + n).padStart(12, '0')}`,
            type: 'person' as const,
            name: `${marker}person${n}`,
            avatar_url: null,
            person: { email },
          })),
        );
        fixture.accounts.push(account.id);
        fixture.notion.push({ id: account.id, emails });
      }
      if (i % 4 === 3) {
        const account = clerk.connectAccount(user.id, { provider: 'google', username: `${marker}google` });
        fixture.accounts.push(account.id);
      }
      users.push(fixture);
    }
  });
  afterAll(() => stack.close());

  it('never answers one user with another user’s data, over 500 concurrent mixed queries', async () => {
    /** Sends one query of `user` and returns the checks of its answer. */
    const full = async (user: Fixture) => {
      const response = await stack.query(Mine, {}, { token: user.token });
      return () => {
        expectOnly(user, response.body);
        const me = response.body.data?.me;
        expect(me?.id).toBe(user.id);
        expect(me?.connectedAccounts.map((account) => account.id)).toEqual(user.accounts);
        for (const account of me?.connectedAccounts ?? []) {
          const github = user.github.find((candidate) => candidate.id === account.id);
          const notion = user.notion.find((candidate) => candidate.id === account.id);
          expect(account.githubRepos?.edges.map((edge) => edge.node.fullName).sort() ?? null).toEqual(
            github?.repos ?? null,
          );
          expect(account.notionUsers?.edges.map((edge) => edge.node.email) ?? null).toEqual(
            notion?.emails ?? null,
          );
        }
      };
    };
    const mixed = async (user: Fixture) => {
      const stranger = users[(user.index + 1) % USERS];
      const variables = { account: user.accounts[0] ?? '', stranger: stranger?.accounts[0] ?? '' };
      const response = await stack.query(Mixed, variables, { token: user.token });
      return () => {
        expectOnly(user, response.body);
        const me = response.body.data?.me;
        expect(me?.id).toBe(user.id);
        expect(me?.github.map((account) => account.id)).toEqual(user.github.map((account) => account.id));
        expect(me?.mine?.id).toBe(user.accounts[0]);
        expect(me?.stranger).toBeNull();
      };
    };
    const requests = users.flatMap((user) =>
      [full, mixed, full, mixed, full].map((send) => () => send(user)),
    );
    // Interleaved, so that every user's requests overlap with everybody else's.
    const order = requests.map((_, n) => (n * 37) % requests.length);
    expect(new Set(order).size).toBe(requests.length);

    const checks = await Promise.all(order.map((n) => requests[n]?.()));

    expect(checks).toHaveLength(USERS * 5);
    for (const check of checks) check?.();
  });

  /** No error, and no other user's marker anywhere in the answer (and the user's own somewhere). */
  function expectOnly(user: Fixture, body: { errors?: unknown }) {
    expect(body.errors).toBeUndefined();
    const markers = new Set(
      [...JSON.stringify(body).matchAll(/\bu(\d+)-/g)].map(([, index]) => Number(index)),
    );
    expect([...markers].filter((index) => index !== user.index)).toEqual([]);
    expect(markers.has(user.index)).toBe(true);
  }
});

function repoFor(owner: string, name: string, id: number) {
  const at = '2024-01-01T00:00:00Z';
  return {
    id,
    node_id: `R_${id}`,
    name,
    full_name: `${owner}/${name}`,
    owner: {
      login: owner,
      id,
      node_id: `U_${id}`,
      avatar_url: '',
      url: '',
      html_url: '',
      type: 'User' as const,
      site_admin: false,
    },
    private: true,
    html_url: `https://github.com/${owner}/${name}`,
    description: null,
    fork: false,
    url: '',
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: 'main',
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    archived: false,
    disabled: false,
    visibility: 'private' as const,
    pushed_at: at,
    created_at: at,
    updated_at: at,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    forks: 0,
    open_issues: 0,
    watchers: 0,
  };
}
