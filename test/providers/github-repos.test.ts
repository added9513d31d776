import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../src/emulator/index.js';
import type { GitHubAccountRepoPageQuery } from '../gql/graphql.js';
import { graphql } from '../gql/index.js';
import { allGitHubRepoNames } from '../support/provider-walk.js';
import { errorCodes, type GraphQLResponse, providerCalls, type Stack, startStack } from '../support/stack.js';

const RepoPage = graphql(`
  query GitHubRepoPage($first: Int, $after: String, $visibility: GitHubRepositoryVisibility, $sort: GitHubRepositorySort) {
    me {
      connectedAccounts(provider: GITHUB) {
        id
        githubRepos(first: $first, after: $after, visibility: $visibility, sort: $sort) {
          edges {
            cursor
            node {
              id
              databaseId
              name
              fullName
              description
              url
              isPrivate
              isFork
              isArchived
              language
              stargazerCount
              forkCount
              openIssuesCount
              defaultBranch
              topics
              owner {
                login
                avatarUrl
              }
              createdAt
              updatedAt
              pushedAt
            }
          }
          pageInfo {
            hasNextPage
            hasPreviousPage
            startCursor
            endCursor
          }
        }
      }
    }
  }
`);

const AccountRepoPage = graphql(`
  query GitHubAccountRepoPage(
    $account: ID!
    $first: Int
    $after: String
    $visibility: GitHubRepositoryVisibility
    $sort: GitHubRepositorySort
  ) {
    me {
      connectedAccount(id: $account) {
        githubRepos(first: $first, after: $after, visibility: $visibility, sort: $sort) {
          edges {
            node {
              fullName
            }
          }
          pageInfo {
            hasNextPage
            hasPreviousPage
            endCursor
          }
        }
      }
    }
  }
`);

const AllAccounts = graphql(`
  query GitHubReposOnEveryAccount {
    me {
      connectedAccounts {
        provider
        githubRepos(first: 1) {
          edges {
            node {
              name
            }
          }
        }
      }
    }
  }
`);

describe('githubRepos', () => {
  let stack: Stack;
  let token: string;
  let main: EmulatedAccount;
  let work: EmulatedAccount;

  beforeAll(async () => {
    stack = await startStack();
    const { clerk, github, notion } = stack.emulator;
    const user = clerk.createUser({ username: 'linus' });
    main = clerk.connectAccount(user.id, {
      provider: 'github',
      username: 'linus',
      scopes: ['read:user', 'user:email', 'repo'],
      tokenLifetimeSeconds: null,
    });
    github.setRepos(main.id, { count: 137, privateEvery: 5 });
    work = clerk.connectAccount(user.id, { provider: 'github', username: 'linus-at-work', label: 'Work' });
    github.setRepos(work.id, { count: 12 });
    notion.setWorkspace(clerk.connectAccount(user.id, { provider: 'notion' }).id, { people: 2, bots: 1 });
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  async function walk(
    accountId: string,
    first: number,
    variables: { visibility?: 'PRIVATE'; sort?: 'CREATED' } = {},
  ) {
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse<GitHubAccountRepoPageQuery> = await stack.query(
        AccountRepoPage,
        { account: accountId, first, after, ...variables },
        { token },
      );
      expect(response.body.errors).toBeUndefined();
      const connection = response.body.data?.me?.connectedAccount?.githubRepos;
      if (!connection) throw new Error('no connection');
      names.push(...connection.edges.map((edge) => edge.node.fullName));
      pages++;
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!connection.pageInfo.hasNextPage) return { names, pages };
      after = connection.pageInfo.endCursor;
    }
  }

  it('walks every repository exactly once, in GitHub order, with a first that does not divide 100', async () => {
    const expected = await allGitHubRepoNames(stack.emulator, main.id);
    expect(expected).toHaveLength(137);
    const { names, pages } = await walk(main.id, 7);
    expect(names).toEqual(expected);
    expect(pages).toBe(Math.ceil(137 / 7));
  });

  it('walks across GitHub page boundaries with the largest page size', async () => {
    const { names } = await walk(main.id, 100);
    expect(names).toEqual(await allGitHubRepoNames(stack.emulator, main.id));
  });

  it('asks GitHub for 100 repositories a page, whatever first is', async () => {
    await walk(main.id, 30);
    const listCalls = stack.emulator.calls.all().filter((call) => call.route === 'github.listRepos');
    expect(new Set(listCalls.map((call) => call.query.per_page))).toEqual(new Set(['100']));
  });

  it('passes the filters to GitHub', async () => {
    const { names } = await walk(main.id, 50, { visibility: 'PRIVATE', sort: 'CREATED' });
    expect(names).toEqual(
      await allGitHubRepoNames(stack.emulator, main.id, '&visibility=private&sort=created'),
    );
    expect(names.length).toBeGreaterThan(0);
  });

  it('maps every repository field', async () => {
    const response = await stack.query(RepoPage, { first: 1 }, { token });
    const node = response.body.data?.me?.connectedAccounts.find((account) => account.id === main.id)
      ?.githubRepos?.edges[0]?.node;
    const raw = stack.emulator.github.repos(main.id).find((repo) => repo.full_name === node?.fullName);
    expect(raw).toBeDefined();
    expect(node).toEqual({
      id: raw?.node_id,
      databaseId: raw?.id,
      name: raw?.name,
      fullName: raw?.full_name,
      description: raw?.description,
      url: raw?.html_url,
      isPrivate: raw?.private,
      isFork: raw?.fork,
      isArchived: raw?.archived,
      language: raw?.language,
      stargazerCount: raw?.stargazers_count,
      forkCount: raw?.forks_count,
      openIssuesCount: raw?.open_issues_count,
      defaultBranch: raw?.default_branch,
      topics: raw?.topics,
      owner: { login: raw?.owner.login, avatarUrl: raw?.owner.avatar_url },
      createdAt: raw?.created_at,
      updatedAt: raw?.updated_at,
      pushedAt: raw?.pushed_at,
    });
  });

  it("gives each of a user's GitHub accounts its own repositories, although Clerk lists the tokens in another order", async () => {
    expect(stack.emulator.clerk.tokenOrder).toBe('reversed');
    const response = await stack.query(RepoPage, { first: 100 }, { token });
    const accounts = response.body.data?.me?.connectedAccounts ?? [];
    expect(accounts.map((account) => account.id)).toEqual([main.id, work.id]);
    for (const account of accounts) {
      const names = account.githubRepos?.edges.map((edge) => edge.node.fullName);
      expect(names).toEqual((await allGitHubRepoNames(stack.emulator, account.id)).slice(0, 100));
    }
    expect(accounts[0]?.githubRepos?.edges).toHaveLength(100);
    // The work account has the default scopes: its private repositories stay hidden.
    expect(accounts[1]?.githubRepos?.edges.length).toBeLessThan(12);
  });

  it('is null without an error on accounts of other providers', async () => {
    const response = await stack.query(AllAccounts, {}, { token });
    expect(response.body.errors).toBeUndefined();
    const byProvider = response.body.data?.me?.connectedAccounts.map((account) => [
      account.provider,
      account.githubRepos === null,
    ]);
    expect(byProvider).toEqual([
      ['GITHUB', false],
      ['GITHUB', false],
      ['NOTION', true],
    ]);
  });

  describe('refuses bad arguments before calling GitHub', () => {
    for (const first of [0, -1, 101, 1_000_000]) {
      it(`refuses first: ${first}`, async () => {
        const response = await stack.query(RepoPage, { first }, { token });
        expect(errorCodes(response)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
        expect(providerCalls(stack.emulator)).toBe(0);
      });
    }

    it('refuses a cursor it did not issue', async () => {
      const forged = `${Buffer.from(JSON.stringify({ p: 2, o: 0 })).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAAAA`;
      const response = await stack.query(RepoPage, { first: 5, after: forged }, { token });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
      expect(providerCalls(stack.emulator)).toBe(0);
    });

    it("refuses one account's cursor on another account", async () => {
      const first = await stack.query(RepoPage, { first: 5 }, { token });
      const mainCursor = first.body.data?.me?.connectedAccounts[0]?.githubRepos?.pageInfo.endCursor ?? '';
      stack.emulator.calls.reset();
      const response = await stack.query(RepoPage, { first: 5, after: mainCursor }, { token });
      const [mainAccount, workAccount] = response.body.data?.me?.connectedAccounts ?? [];
      expect(mainAccount?.githubRepos?.edges).toHaveLength(5);
      expect(workAccount?.githubRepos).toBeNull();
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.body.errors?.[0]?.path).toEqual(['me', 'connectedAccounts', 1, 'githubRepos']);
    });

    it('refuses a cursor when the filters changed', async () => {
      const first = await stack.query(RepoPage, { first: 5 }, { token });
      const cursor = first.body.data?.me?.connectedAccounts[0]?.githubRepos?.pageInfo.endCursor ?? '';
      stack.emulator.calls.reset();
      const response = await stack.query(RepoPage, { first: 5, after: cursor, sort: 'CREATED' }, { token });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
      expect(providerCalls(stack.emulator)).toBe(0);
    });
  });
});

describe('githubRepos scopes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('answers MISSING_SCOPES, without calling GitHub, for private repositories without the repo scope', async () => {
    const { clerk } = stack.emulator;
    const user = clerk.createUser();
    const account = clerk.connectAccount(user.id, { provider: 'github' });
    const response = await stack.query(
      AccountRepoPage,
      { account: account.id, first: 5, visibility: 'PRIVATE' },
      { token: clerk.signSessionToken(user.id) },
    );
    expect(response.body.errors?.map((error) => error.extensions)).toEqual([
      {
        code: 'MISSING_SCOPES',
        provider: 'github',
        accountId: account.id,
        requiredScopes: ['repo'],
        acceptedScopes: [['repo']],
        grantedScopes: ['user:email', 'read:user'],
      },
    ]);
    expect(providerCalls(stack.emulator)).toBe(0);
  });
});
