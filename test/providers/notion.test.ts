import { describeProvider } from '../support/provider-harness.js';

describeProvider({
  provider: 'notion',
  account: { firstName: 'Avocado', lastName: 'Lovelace', email: 'avo@example.org' },
  // The person behind the integration's bot (`bot.owner.user`).
  expected: (account) => ({
    id: account.providerUserId,
    name: 'Avocado Lovelace',
    email: 'avo@example.org',
    avatarUrl: account.imageUrl,
  }),
});
