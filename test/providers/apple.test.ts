/**
 * Apple has no API (providers.md, "Apple"), so the provider contract does not apply: an Apple account's
 * profile is Clerk's record of it, answered without any provider call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerModuleOf } from '../../src/providers/registry.js';
import { type Stack, startStack } from '../support/stack.js';

const PROFILE_QUERY =
  '{ me { connectedAccounts { id provider profile { id username name email avatarUrl url source } } } }';

interface ProfileAnswer {
  data?: { me: { connectedAccounts: { id: string; provider: string; profile: unknown }[] } };
  errors?: unknown[];
}

describe('apple profile (from Clerk)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  async function profileOf(account: Parameters<Stack['emulator']['clerk']['connectAccount']>[1]) {
    const user = stack.emulator.clerk.createUser();
    const connected = stack.emulator.clerk.connectAccount(user.id, account);
    const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
    stack.emulator.calls.reset();
    const body = (await stack.post({ query: PROFILE_QUERY }, { token })).body as ProfileAnswer;
    return { connected, body };
  }

  it('is registered without a profile reader or an emulator', () => {
    const apple = providerModuleOf('apple');
    expect(apple?.manifest.apiBaseUrl).toBeNull();
    expect(apple?.readProfile).toBeUndefined();
    expect(apple?.emulator).toBeUndefined();
  });

  it("answers Clerk's data for the account, with source CLERK and no provider call", async () => {
    const { connected, body } = await profileOf({
      provider: 'apple',
      providerUserId: '001234.5f1e2d3c4b5a69788796a5b4c3d2e1f0.1234',
      username: null,
      firstName: 'Jane',
      lastName: 'Appleseed',
      email: 'x7k2p9q4r8@privaterelay.appleid.com',
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.me.connectedAccounts).toEqual([
      {
        id: connected.id,
        provider: 'APPLE',
        profile: {
          id: '001234.5f1e2d3c4b5a69788796a5b4c3d2e1f0.1234',
          username: null,
          name: 'Jane Appleseed',
          // A private-relay address is what Apple gives out (providers.md, Apple notes).
          email: 'x7k2p9q4r8@privaterelay.appleid.com',
          avatarUrl: connected.imageUrl,
          url: null,
          source: 'CLERK',
        },
      },
    ]);
    const upstream = stack.emulator.calls.all().filter((call) => call.service !== 'clerk');
    expect(upstream).toEqual([]);
    // Clerk is asked for the user only: no token is fetched for an account that is never called.
    expect(stack.emulator.calls.all().map((call) => call.route)).toEqual(['clerk.getUser']);
  });

  it('leaves out what Apple did not share: the name after the first sign-in, the email of a phone-only Apple ID', async () => {
    const { connected, body } = await profileOf({
      provider: 'apple',
      username: null,
      firstName: null,
      lastName: null,
      email: null,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.me.connectedAccounts[0]?.profile).toEqual({
      id: connected.providerUserId,
      username: null,
      name: null,
      email: null,
      avatarUrl: connected.imageUrl,
      url: null,
      source: 'CLERK',
    });
  });
});
