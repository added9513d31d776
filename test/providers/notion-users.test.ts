import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../src/emulator/index.js';
import type { NotionUserPageQuery } from '../gql/graphql.js';
import { graphql } from '../gql/index.js';
import { allNotionUserIds } from '../support/provider-walk.js';
import { errorCodes, type GraphQLResponse, providerCalls, type Stack, startStack } from '../support/stack.js';

const UserPage = graphql(`
  query NotionUserPage($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        notionUsers(first: $first, after: $after) {
          edges {
            cursor
            node {
              id
              type
              name
              avatarUrl
              email
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

describe('notionUsers', () => {
  let stack: Stack;
  let token: string;
  let notion: EmulatedAccount;
  let github: EmulatedAccount;

  beforeAll(async () => {
    stack = await startStack();
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'avo' });
    notion = clerk.connectAccount(user.id, { provider: 'notion' });
    // Uneven pages: Notion may return fewer than page_size users while has_more is true.
    stack.emulator.notion.setWorkspace(notion.id, { people: 230, bots: 14 }, { unevenPages: true });
    github = clerk.connectAccount(user.id, { provider: 'github' });
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  async function walk(first: number) {
    return (await walkNodes(first)).map((node) => node.id);
  }

  async function walkNodes(first: number) {
    const nodes: {
      id: string;
      type: string;
      name?: string | null;
      avatarUrl?: string | null;
      email?: string | null;
    }[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GraphQLResponse<NotionUserPageQuery> = await stack.query(
        UserPage,
        { account: notion.id, first, after },
        { token },
      );
      expect(response.body.errors).toBeUndefined();
      const connection = response.body.data?.me?.connectedAccount?.notionUsers;
      if (!connection) throw new Error('no connection');
      nodes.push(...connection.edges.map((edge) => edge.node));
      if (!connection.pageInfo.hasNextPage) return nodes;
      after = connection.pageInfo.endCursor;
    }
  }

  it('walks every user exactly once, in Notion order, across uneven Notion pages', async () => {
    const expected = await allNotionUserIds(stack.emulator, notion.id);
    expect(expected).toHaveLength(244);
    expect(await walk(9)).toEqual(expected);
  });

  it('walks with the largest page size too', async () => {
    expect(await walk(100)).toEqual(await allNotionUserIds(stack.emulator, notion.id));
  });

  it('maps people and bots', async () => {
    const nodes = await walkNodes(100);
    const raw = new Map(stack.emulator.notion.workspaceUsers(notion.id).map((user) => [user.id, user]));
    for (const node of nodes) {
      const user = raw.get(node.id);
      expect(node.type).toBe(user?.type === 'bot' ? 'BOT' : 'PERSON');
      expect(node.name).toBe(user?.name ?? null);
      expect(node.avatarUrl).toBe(user?.avatar_url ?? null);
      expect(node.email).toBe(user?.type === 'person' ? (user.person?.email ?? null) : null);
    }
    expect(nodes.some((node) => node.type === 'BOT')).toBe(true);
  });

  it('is null without an error on a GitHub account', async () => {
    const response = await stack.query(UserPage, { account: github.id, first: 5 }, { token });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.me?.connectedAccount?.notionUsers).toBeNull();
    expect(providerCalls(stack.emulator)).toBe(0);
  });

  it('refuses a GitHub cursor before calling Notion', async () => {
    const response = await stack.query(
      UserPage,
      { account: notion.id, first: 5, after: 'eyJwIjoxLCJvIjo1fQ.abc' },
      { token },
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(providerCalls(stack.emulator)).toBe(0);
  });
});
