import { parse } from 'graphql';
import { expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import { allGitHubRepoNames } from '../support/provider-walk.js';
import type { GraphQLResponse } from '../support/stack.js';

describeProvider(
  {
    provider: 'github',
    account: { username: 'octocat', firstName: 'Mona', lastName: 'Lisa', email: 'mona@example.com' },
    expected: (account) => ({
      id: account.providerUserId,
      username: 'octocat',
      name: 'Mona Lisa',
      email: 'mona@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://github.com/octocat',
    }),
  },
  (t) => {
    // githubRepos' own cases (filters, private repositories, GitHub's limits): github-repos.test.ts.
    describeListField(t, {
      field: 'githubRepos',
      selection: 'id name fullName url isPrivate updatedAt provider accountId',
      seed: async (emulator, account) => {
        emulator.github.setRepos(account.id, { count: 230 });
        const idOf = new Map(emulator.github.repos(account.id).map((repo) => [repo.full_name, repo.node_id]));
        return (await allGitHubRepoNames(emulator, account.id)).map((name) => idOf.get(name) ?? name);
      },
      route: 'github.listRepos',
    });

    describeListField(t, {
      field: 'githubIssues',
      selection: 'id number title state isPullRequest url labels repository { fullName } updatedAt',
      account: { scopes: ['read:user', 'user:email', 'repo'] },
      seed: (emulator, account) => {
        emulator.github.setRepos(account.id, { count: 40 });
        emulator.github.setIssues(account.id, { count: 700 });
        return assignedOpenIssues(emulator, account.id).map(({ issue }) => issue.node_id);
      },
      route: 'github.listIssues',
    });

    const IssuePage = parse(`
      query GitHubIssues($account: ID!, $filter: GitHubIssueFilter, $state: GitHubIssueStateFilter) {
        me {
          connectedAccount(id: $account) {
            githubIssues(first: 100, filter: $filter, state: $state) {
              edges { node { id number title state isPullRequest url author { login } labels commentCount
                repository { fullName isPrivate } createdAt updatedAt closedAt } }
            }
          }
        }
      }
    `);

    async function issuesOf(token: string, account: string, variables: Record<string, string> = {}) {
      const response = (await t.stack.query(IssuePage, { account, ...variables } as never, {
        token,
      })) as GraphQLResponse<{
        me: { connectedAccount: { githubIssues: { edges: { node: Record<string, unknown> }[] } } };
      }>;
      expect(response.body.errors).toBeUndefined();
      return response.body.data?.me.connectedAccount.githubIssues.edges.map((edge) => edge.node) ?? [];
    }

    it('githubIssues: maps an issue and a pull request, most recently updated first', async () => {
      const { account, token } = t.connect({ scopes: ['read:user', 'repo'] });
      t.emulator.github.setRepos(account.id, { count: 6 });
      t.emulator.github.setIssues(account.id, { count: 12 });
      const nodes = await issuesOf(token, account.id, { filter: 'ALL', state: 'ALL' });
      const stored = t.emulator.github.issues(account.id);
      expect(nodes).toHaveLength(12);
      const updated = nodes.map((node) => Date.parse(String(node.updatedAt)));
      expect(updated).toEqual([...updated].sort((a, b) => b - a));
      const pull = stored.find(({ issue }) => issue.pull_request && issue.state === 'closed')?.issue;
      expect(nodes.find((node) => node.id === pull?.node_id)).toEqual({
        id: pull?.node_id,
        number: pull?.number,
        title: pull?.title,
        state: 'CLOSED',
        isPullRequest: true,
        url: pull?.html_url,
        author: { login: pull?.user.login },
        labels: pull?.labels.map((label) => label.name),
        commentCount: pull?.comments,
        repository: { fullName: pull?.repository.full_name, isPrivate: pull?.repository.private },
        createdAt: pull?.created_at,
        updatedAt: pull?.updated_at,
        closedAt: pull?.closed_at,
      });
    });

    it("githubIssues: lists by the account's relation and by state, as GitHub's `filter` and `state`", async () => {
      const { account, token } = t.connect({ scopes: ['read:user', 'repo'] });
      t.emulator.github.setRepos(account.id, { count: 6 });
      t.emulator.github.setIssues(account.id, { count: 30 });
      const stored = t.emulator.github.issues(account.id);
      const created = await issuesOf(token, account.id, { filter: 'CREATED', state: 'CLOSED' });
      expect(created.map((node) => node.id).sort()).toEqual(
        stored
          .filter(({ issue, relations }) => relations.includes('created') && issue.state === 'closed')
          .map(({ issue }) => issue.node_id)
          .sort(),
      );
      expect(created.length).toBeGreaterThan(0);
    });

    it('githubIssues: a time that is not ISO-8601 UTC is a PROVIDER_ERROR, not passed on', async () => {
      const { account, token } = t.connect({ scopes: ['read:user', 'repo'] });
      t.emulator.github.setRepos(account.id, { count: 2 });
      t.emulator.github.setIssues(account.id, { count: 2 });
      const stored = t.emulator.github.issues(account.id);
      for (const created of ['yesterday', '2026-03-01T10:00:00+02:00']) {
        t.emulator.github.setIssues(
          account.id,
          stored.map((entry, index) =>
            index === 0 ? { ...entry, issue: { ...entry.issue, created_at: created } } : entry,
          ),
        );
        const response = (await t.stack.query(
          IssuePage,
          { account: account.id, filter: 'ALL', state: 'ALL' },
          {
            token,
          },
        )) as GraphQLResponse<unknown>;
        expect((response.body.errors ?? []).map((error) => error.extensions)).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'github', accountId: account.id },
        ]);
      }
    });

    it('githubIssues: leaves out issues of private repositories without `repo`, as GitHub does', async () => {
      const { account, token } = t.connect({ scopes: ['read:user'] });
      t.emulator.github.setRepos(account.id, { count: 8, privateEvery: 2 });
      t.emulator.github.setIssues(account.id, { count: 16 });
      const nodes = await issuesOf(token, account.id, { filter: 'ALL', state: 'ALL' });
      expect(nodes.length).toBeGreaterThan(0);
      expect(nodes.every((node) => (node.repository as { isPrivate: boolean }).isPrivate === false)).toBe(
        true,
      );
    });
  },
);

/** What `GET /issues` answers by default (assigned, open), in its order: most recently updated first. */
function assignedOpenIssues(emulator: Emulator, accountId: string) {
  return emulator.github
    .issues(accountId)
    .filter(({ issue, relations }) => relations.includes('assigned') && issue.state === 'open')
    .sort(
      (a, b) => Date.parse(b.issue.updated_at) - Date.parse(a.issue.updated_at) || b.issue.id - a.issue.id,
    );
}
