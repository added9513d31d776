/**
 * A provider's pagination links are never followed: the gateway reads only the page number from
 * GitHub's `Link: <…>; rel="next"` and calls its own configured base URL for it. A `Link` pointing at
 * another origin (a compromised or misconfigured upstream, a proxy that rewrites nothing) never
 * receives a request, nor the account's token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { type Stack, startStack } from '../support/stack.js';

const RepositoryPage = graphql(`
  query ResiliencePaginationLinks($account: ID!, $after: String) {
    me {
      connectedAccount(id: $account) {
        githubRepos(first: 100, after: $after) {
          edges {
            node {
              fullName
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

describe('pagination links', () => {
  let stack: Stack;
  let elsewhere: Server;
  let elsewhereUrl: string;
  const elsewhereRequests: { url: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    stack = await startStack();
    elsewhere = createServer((request, response) => {
      elsewhereRequests.push({ url: request.url ?? '', authorization: request.headers.authorization });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[]');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await stack.close();
    elsewhere.closeAllConnections();
    await new Promise((resolve) => elsewhere.close(resolve));
  });

  it('calls only the configured base URL when the Link header points at another origin', async () => {
    const { clerk, github, faults, calls } = stack.emulator;
    const user = clerk.createUser();
    const account = clerk.connectAccount(user.id, { provider: 'github' });
    github.setRepos(account.id, { count: 150, privateEvery: 0 });
    const token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    faults.inject({
      service: 'github',
      route: 'github.listRepos',
      accountId: account.id,
      times: 1,
      headers: {
        link: `<${elsewhereUrl}/user/repos?per_page=100&page=2>; rel="next", <${elsewhereUrl}/user/repos?per_page=100&page=2>; rel="last"`,
      },
    });

    const first = await stack.query(RepositoryPage, { account: account.id }, { token });
    const firstPage = first.body.data?.me?.connectedAccount?.githubRepos;
    expect(firstPage?.edges).toHaveLength(100);
    expect(firstPage?.pageInfo.hasNextPage).toBe(true);

    const second = await stack.query(
      RepositoryPage,
      { account: account.id, after: firstPage?.pageInfo.endCursor ?? null },
      { token },
    );

    expect(second.body.errors).toBeUndefined();
    expect(second.body.data?.me?.connectedAccount?.githubRepos?.edges).toHaveLength(50);
    expect(elsewhereRequests).toEqual([]);
    expect(
      calls
        .all()
        .filter((call) => call.route === 'github.listRepos' && call.accountId === account.id)
        .map((call) => call.query.page),
    ).toEqual(['1', '2']);
  });
});
