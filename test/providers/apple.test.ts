/**
 * Apple has no API (docs/providers.md#apple), so its provider contract is that an Apple account's
 * profile is Clerk's record of it, answered without any provider call.
 */
import { expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

describeProvider(
  {
    provider: 'apple',
    account: {
      providerUserId: '001234.5f1e2d3c4b5a69788796a5b4c3d2e1f0.1234',
      username: null,
      firstName: 'Jane',
      lastName: 'Appleseed',
      email: 'x7k2p9q4r8@privaterelay.appleid.com',
    },
    expected: (account) => ({
      id: '001234.5f1e2d3c4b5a69788796a5b4c3d2e1f0.1234',
      username: null,
      name: 'Jane Appleseed',
      // A private-relay address is what Apple gives out (docs/providers.md#apple).
      email: 'x7k2p9q4r8@privaterelay.appleid.com',
      avatarUrl: account.imageUrl,
      url: null,
    }),
  },
  (t) => {
    it('is declared without an API or a profile reader, and has no emulator', () => {
      expect(t.provider.apiBaseUrl).toBeNull();
      expect(t.provider.profile).toBeUndefined();
      expect(t.emulator.providers.apple).toBeUndefined();
    });

    // The contract checks the profile (source CLERK) and that no provider is called.
    it('answers the account as an Apple one, asking Clerk for the user only', async () => {
      const { account, token } = t.connect();
      t.emulator.calls.reset();
      const { response, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      const connected = (response.body.data as { me: { connectedAccounts: unknown[] } }).me.connectedAccounts;
      expect(connected).toEqual([expect.objectContaining({ id: account.id, provider: 'APPLE' })]);
      // No token is fetched for an account that is never called.
      expect(t.emulator.calls.all().map((call) => call.route)).toEqual(['clerk.getUser']);
    });

    it('leaves out what Apple did not share: the name after the first sign-in, the email of a phone-only Apple ID', async () => {
      const { account, token } = t.connect({ firstName: null, lastName: null, email: null });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: account.providerUserId,
        username: null,
        name: null,
        email: null,
        avatarUrl: account.imageUrl,
        url: null,
        source: 'CLERK',
      });
    });
  },
);
