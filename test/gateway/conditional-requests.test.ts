/**
 * A repeated read is conditional: GitHub answers 304 for data that has not changed, the gateway serves
 * what it kept, and the user's rate limit is not spent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../src/emulator/index.js';
import { graphql } from '../gql/index.js';
import { type Stack, startStack } from '../support/stack.js';

const Repos = graphql(`
  query ConditionalRepos {
    me {
      connectedAccounts {
        githubRepos(first: 5) {
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

describe('conditional provider reads', () => {
  let stack: Stack;
  let token: string;
  let account: EmulatedAccount;

  beforeAll(async () => {
    stack = await startStack();
    const { clerk } = stack.emulator;
    const user = clerk.createUser();
    account = clerk.connectAccount(user.id, { provider: 'github' });
    stack.emulator.github.setRepos(account.id, { count: 7 });
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());

  const names = (answer: Awaited<ReturnType<Stack['query']>>) =>
    (
      answer.body.data as {
        me: { connectedAccounts: { githubRepos: { edges: { node: { fullName: string } }[] } }[] };
      }
    ).me.connectedAccounts[0]?.githubRepos.edges.map((edge) => edge.node.fullName);

  it('serves an unchanged list from a 304 that costs no rate limit, and a changed one afresh', async () => {
    const first = await stack.query(Repos, {}, { token });
    expect(first.body.errors).toBeUndefined();
    const remaining = stack.emulator.github.rateLimitRemaining(account.id);

    stack.emulator.calls.reset();
    const again = await stack.query(Repos, {}, { token });
    expect(again.body.errors).toBeUndefined();
    expect(names(again)).toEqual(names(first));
    const calls = stack.emulator.calls.all().filter((call) => call.service === 'github');
    expect(calls.map((call) => call.status)).toEqual([304]);
    expect(stack.emulator.github.rateLimitRemaining(account.id)).toBe(remaining);

    stack.emulator.github.setRepos(account.id, { count: 3 });
    stack.emulator.calls.reset();
    const changed = await stack.query(Repos, {}, { token });
    expect(changed.body.errors).toBeUndefined();
    expect(names(changed)).toHaveLength(3);
    expect(
      stack.emulator.calls
        .all()
        .filter((call) => call.service === 'github')
        .map((call) => call.status),
    ).toEqual([200]);
  });

  it('reports the calls, the 304s and the quota left in extensions.upstream, when asked', async () => {
    const query = '{ me { connectedAccounts { githubRepos(first: 2) { edges { cursor } } } } }';
    const plain = await stack.post({ query }, { token });
    expect((plain.body as { extensions?: unknown }).extensions).toBeUndefined();

    const asked = await stack.post({ query, extensions: { upstream: true } }, { token });
    const report = (asked.body as { extensions?: { upstream?: Record<string, unknown> } }).extensions
      ?.upstream;
    expect(report).toEqual({
      github: { calls: 1, notModified: 1, remaining: stack.emulator.github.rateLimitRemaining(account.id) },
    });
  });
});
