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
