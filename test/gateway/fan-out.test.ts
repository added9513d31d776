import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../src/emulator/index.js';
import { graphql } from '../gql/index.js';
import { providerCalls, type Stack, startStack } from '../support/stack.js';

const Duplicates = graphql(`
  query FanOutDuplicates {
    me {
      connectedAccounts {
        a: githubRepos(first: 5) {
          edges {
            node {
              name
            }
          }
        }
        b: githubRepos(first: 50) {
          edges {
            node {
              name
            }
          }
        }
        c: notionUsers(first: 2) {
          edges {
            node {
              id
            }
          }
        }
        d: notionUsers(first: 10) {
          edges {
            node {
              id
            }
          }
        }
      }
    }
  }
`);

describe('fan-out within one operation', () => {
  let stack: Stack;
  let token: string;
  let accounts: EmulatedAccount[];
  const LATENCY_MS = 150;

  beforeAll(async () => {
    stack = await startStack();
    const { clerk, github, notion } = stack.emulator;
    const user = clerk.createUser();
    accounts = [
      clerk.connectAccount(user.id, { provider: 'github' }),
      clerk.connectAccount(user.id, { provider: 'github', label: 'Work' }),
      clerk.connectAccount(user.id, { provider: 'notion' }),
    ];
    github.setRepos(accounts[0]?.id ?? '', { count: 60 });
    github.setRepos(accounts[1]?.id ?? '', { count: 60 });
    notion.setWorkspace(accounts[2]?.id ?? '', { people: 20, bots: 1 });
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    await stack.query(Duplicates, {}, { token });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  it('makes one provider call per distinct account and page, however many fields ask for it', async () => {
    const response = await stack.query(Duplicates, {}, { token });
    expect(response.body.errors).toBeUndefined();
    for (const account of accounts) {
      expect(stack.emulator.calls.count({ accountId: account.id })).toBe(1);
    }
    expect(providerCalls(stack.emulator)).toBe(3);
  });

  it('calls different accounts and providers in parallel', async () => {
    stack.emulator.setLatency('github', LATENCY_MS);
    stack.emulator.setLatency('notion', LATENCY_MS);
    try {
      await stack.query(Duplicates, {}, { token });
    } finally {
      stack.emulator.setLatency('github', 0);
      stack.emulator.setLatency('notion', 0);
    }
    const starts = stack.emulator.calls
      .all()
      .filter((call) => call.service !== 'clerk')
      .map((call) => call.at);
    expect(starts).toHaveLength(3);
    // Every call arrived before the first one could have been answered.
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(LATENCY_MS);
  });
});
