/**
 * What the resilience tests share: a user with two GitHub accounts and a Notion workspace, the query
 * over all of them, a stopwatch, and the check that no secret reached a response or a log line.
 */
import { expect } from 'vitest';
import type { EmulatedAccount, EmulatedUser } from '../../src/emulator/index.js';
import { graphql } from '../gql/index.js';
import type { GraphQLResponse, Stack } from '../support/stack.js';

export const AllAccounts = graphql(`
  query ResilienceAllAccounts {
    me {
      id
      connectedAccounts {
        id
        githubRepos(first: 2) {
          edges {
            node {
              fullName
            }
          }
        }
        notionUsers(first: 2) {
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

export interface Fixture {
  readonly user: EmulatedUser;
  readonly github: EmulatedAccount;
  readonly githubWork: EmulatedAccount;
  readonly notion: EmulatedAccount;
  /** The session token. */
  readonly token: string;
  /** Every provider access token handed out so far; call `noteTokens` after anything that rotates them. */
  readonly accessTokens: Set<string>;
}

/** A user of its own (so nothing is cached) with two GitHub accounts and a Notion account. */
export function newUser(stack: Stack): Fixture {
  const { clerk, github, notion } = stack.emulator;
  const user = clerk.createUser();
  const fixture: Fixture = {
    user,
    github: clerk.connectAccount(user.id, { provider: 'github' }),
    githubWork: clerk.connectAccount(user.id, { provider: 'github', label: 'Work' }),
    notion: clerk.connectAccount(user.id, { provider: 'notion' }),
    token: clerk.signSessionToken(user.id, { expiresInSeconds: 3600 }),
    accessTokens: new Set(),
  };
  github.setRepos(fixture.github.id, { count: 3 });
  github.setRepos(fixture.githubWork.id, { count: 3 });
  notion.setWorkspace(fixture.notion.id, { people: 3, bots: 0 });
  noteTokens(stack, fixture);
  return fixture;
}

export function noteTokens(stack: Stack, fixture: Fixture): void {
  for (const account of [fixture.github, fixture.githubWork, fixture.notion]) {
    fixture.accessTokens.add(stack.emulator.clerk.currentAccessToken(account.id));
  }
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, elapsedMs: performance.now() - started };
}

/** No session token, Clerk secret key or provider token in the response or in a log line since `fromLine`. */
export function expectNoSecrets(
  stack: Stack,
  fixture: Fixture,
  response: GraphQLResponse<unknown>,
  fromLine = 0,
): void {
  noteTokens(stack, fixture);
  const secrets = [fixture.token, stack.config.clerk.secretKey, ...fixture.accessTokens];
  const logs = stack.logs.slice(fromLine);
  const seen = `${JSON.stringify(response.body)}\n${JSON.stringify([...response.headers])}\n${logs.join('\n')}`;
  for (const secret of secrets) expect(seen).not.toContain(secret);
}

interface AccountData {
  readonly id: string;
  readonly githubRepos?: { readonly edges: readonly unknown[] } | null;
  readonly notionUsers?: { readonly edges: readonly unknown[] } | null;
}

/** The ids of the accounts whose provider data came back (at least one item). */
export function accountsWithData(response: GraphQLResponse<unknown>): string[] {
  const data = response.body.data as { me?: { connectedAccounts?: readonly AccountData[] } | null } | null;
  return (data?.me?.connectedAccounts ?? [])
    .filter(
      (account) =>
        (account.githubRepos?.edges.length ?? 0) > 0 || (account.notionUsers?.edges.length ?? 0) > 0,
    )
    .map((account) => account.id);
}
