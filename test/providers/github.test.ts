import { describeProvider } from '../support/provider-harness.js';

describeProvider({
  provider: 'github',
  account: { username: 'octocat', firstName: 'Mona', lastName: 'Lisa', email: 'mona@example.com' },
  expected: (account) => ({
    id: account.providerUserId,
    username: 'octocat',
    name: 'Mona Lisa',
    email: 'mona@example.com',
    avatarUrl: account.imageUrl,
    url: 'https://github.com/octocat',
  }),
});
