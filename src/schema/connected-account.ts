import { providerEnumOf } from '../providers/registry.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import { builder } from './builder.js';
import { ProviderEnum } from './provider-enum.js';
import { User } from './user.js';

/** An external account and the user it belongs to, which every provider call needs. */
export interface ConnectedAccountShape extends ExternalAccountRecord {
  readonly userId: string;
}

export const ConnectedAccount = builder.objectRef<ConnectedAccountShape>('ConnectedAccount').implement({
  description:
    'A social account the user connected through Clerk. A user may have several accounts of one provider; provider data fields (`githubRepos`, `notionUsers`, …) are `null` on accounts of other providers.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "Clerk's external account id (`eac_…`)." }),
    provider: t.field({
      type: ProviderEnum,
      description: 'The provider of the account.',
      resolve: (account) => providerEnumOf(account.providerKey),
    }),
    providerKey: t.exposeString('providerKey', {
      description: "Clerk's provider key, e.g. `oauth_github` or `oauth_custom_acme`.",
    }),
    providerUserId: t.exposeString('providerUserId', {
      nullable: true,
      description: "The account's id at the provider.",
    }),
    username: t.exposeString('username', { nullable: true, description: 'The username at the provider.' }),
    emailAddress: t.exposeString('emailAddress', {
      nullable: true,
      description: 'The email address the provider reported.',
    }),
    imageUrl: t.exposeString('imageUrl', {
      nullable: true,
      description: 'The avatar Clerk keeps for the account.',
    }),
    label: t.exposeString('label', {
      nullable: true,
      description: 'A label telling apart several accounts of the same provider, when one was set.',
    }),
    approvedScopes: t.exposeStringList('approvedScopes', {
      description: 'The OAuth scopes the user granted.',
    }),
    verified: t.exposeBoolean('verified', {
      description: "Whether Clerk verified the account's OAuth sign-in.",
    }),
  }),
});

builder.objectField(User, 'connectedAccounts', (t) =>
  t.field({
    type: [ConnectedAccount],
    description: "The user's connected social accounts, in Clerk's order.",
    args: {
      provider: t.arg({
        type: ProviderEnum,
        required: false,
        description: 'Only accounts of this provider.',
      }),
    },
    resolve: (user, args) =>
      user.externalAccounts
        .filter((account) => !args.provider || providerEnumOf(account.providerKey) === args.provider)
        .map((account) => ({ ...account, userId: user.id })),
  }),
);

builder.objectField(User, 'connectedAccount', (t) =>
  t.field({
    type: ConnectedAccount,
    nullable: true,
    description:
      'One connected account by its id (`eac_…`), e.g. to page through its data with `after`; `null` when the user has no such account.',
    args: { id: t.arg.id({ required: true, description: "Clerk's external account id." }) },
    resolve: (user, args) => {
      const account = user.externalAccounts.find((candidate) => candidate.id === String(args.id));
      return account ? { ...account, userId: user.id } : null;
    },
  }),
);
