import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedAccount, EmulatedUser } from '../../src/emulator/index.js';
import { graphql } from '../gql/index.js';
import { type Stack, startStack } from '../support/stack.js';

const Accounts = graphql(`
  query ConnectedAccounts($provider: Provider) {
    me {
      id
      username
      firstName
      lastName
      primaryEmailAddress
      imageUrl
      connectedAccounts(provider: $provider) {
        id
        provider
        providerKey
        providerUserId
        username
        emailAddress
        imageUrl
        label
        approvedScopes
        verified
      }
    }
  }
`);

describe('me and connectedAccounts', () => {
  let stack: Stack;
  let user: EmulatedUser;
  let accounts: EmulatedAccount[];

  beforeAll(async () => {
    stack = await startStack();
    const { clerk } = stack.emulator;
    user = clerk.createUser({
      username: 'mona',
      firstName: 'Mona',
      lastName: 'Lisa',
      email: 'mona@example.com',
    });
    accounts = [
      clerk.connectAccount(user.id, {
        provider: 'github',
        username: 'octocat',
        email: 'mona@example.com',
        scopes: ['read:user', 'user:email', 'repo'],
      }),
      clerk.connectAccount(user.id, { provider: 'github', username: 'octocat-work', label: 'Work' }),
      clerk.connectAccount(user.id, { provider: 'google', email: 'mona@gmail.example' }),
      clerk.connectAccount(user.id, { provider: 'linkedin_oidc' }),
      clerk.connectAccount(user.id, { provider: 'custom_acme' }),
    ];
  });
  afterAll(() => stack.close());

  it('returns the Clerk user', async () => {
    const response = await stack.query(
      Accounts,
      {},
      { token: stack.emulator.clerk.signSessionToken(user.id) },
    );
    expect(response.body.errors).toBeUndefined();
    const { connectedAccounts, ...me } = response.body.data?.me ?? { connectedAccounts: [] };
    expect(me).toEqual({
      id: user.id,
      username: 'mona',
      firstName: 'Mona',
      lastName: 'Lisa',
      primaryEmailAddress: 'mona@example.com',
      imageUrl: user.imageUrl,
    });
  });

  it('returns every account with its fields, several of one provider included', async () => {
    const response = await stack.query(
      Accounts,
      {},
      { token: stack.emulator.clerk.signSessionToken(user.id) },
    );
    const result = response.body.data?.me?.connectedAccounts ?? [];
    expect(result.map((account) => [account.provider, account.providerKey])).toEqual([
      ['GITHUB', 'oauth_github'],
      ['GITHUB', 'oauth_github'],
      ['GOOGLE', 'oauth_google'],
      ['LINKEDIN_OIDC', 'oauth_linkedin_oidc'],
      ['CUSTOM', 'oauth_custom_acme'],
    ]);
    // Google's external account carries its idn_ id in `id`: the graph shows the eac_ id tokens refer to.
    expect(result.map((account) => account.id)).toEqual(accounts.map((account) => account.id));
    expect(result.every((account) => account.id.startsWith('eac_'))).toBe(true);
    expect(result[0]).toEqual({
      id: accounts[0]?.id,
      provider: 'GITHUB',
      providerKey: 'oauth_github',
      providerUserId: accounts[0]?.providerUserId,
      username: 'octocat',
      emailAddress: 'mona@example.com',
      imageUrl: accounts[0]?.imageUrl,
      label: null,
      approvedScopes: ['read:user', 'user:email', 'repo'],
      verified: true,
    });
    expect(result[1]?.label).toBe('Work');
  });

  it('filters by provider', async () => {
    const response = await stack.query(
      Accounts,
      { provider: 'GITHUB' },
      { token: stack.emulator.clerk.signSessionToken(user.id) },
    );
    expect(response.body.data?.me?.connectedAccounts.map((account) => account.username)).toEqual([
      'octocat',
      'octocat-work',
    ]);
  });

  it('returns an empty list for a user without connected accounts', async () => {
    const loner = stack.emulator.clerk.createUser({ username: 'loner' });
    const response = await stack.query(
      Accounts,
      {},
      { token: stack.emulator.clerk.signSessionToken(loner.id) },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.me?.connectedAccounts).toEqual([]);
  });

  it('answers CLERK_UNAVAILABLE when Clerk cannot return the user', async () => {
    const other = stack.emulator.clerk.createUser();
    stack.emulator.clerk.failNext({
      route: 'clerk.getUser',
      status: 500,
      code: 'internal_clerk_error',
      userId: other.id,
    });
    const response = await stack.query(
      Accounts,
      {},
      { token: stack.emulator.clerk.signSessionToken(other.id) },
    );
    expect(response.body.data?.me).toBeNull();
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['CLERK_UNAVAILABLE']);
  });
});
