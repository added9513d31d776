import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import { allGitHubRepoNames } from '../support/provider-walk.js';

describeProvider(
  {
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
  },
  (t) => {
    // githubRepos' own cases (filters, private repositories, GitHub's limits): github-repos.test.ts.
    describeListField(t, {
      field: 'githubRepos',
      selection: 'id name fullName url isPrivate updatedAt provider accountId',
      seed: async (emulator, account) => {
        emulator.github.setRepos(account.id, { count: 230 });
        const idOf = new Map(emulator.github.repos(account.id).map((repo) => [repo.full_name, repo.node_id]));
        return (await allGitHubRepoNames(emulator, account.id)).map((name) => idOf.get(name) ?? name);
      },
      route: 'github.listRepos',
    });
  },
);
