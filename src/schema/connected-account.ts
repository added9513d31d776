import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import type { ConnectedAccountRef, GatewayBuilder } from './builder.js';
import type { ProviderEnumRef } from './provider-enum.js';
import type { UserRef } from './user.js';

/** `ConnectedAccount`, and `User.connectedAccounts` and `User.connectedAccount(id)` that answer it. */
export function addConnectedAccountType(
  builder: GatewayBuilder,
  refs: {
    readonly User: UserRef;
    readonly ProviderEnum: ProviderEnumRef;
    readonly registry: ProviderRegistry;
  },
): ConnectedAccountRef {
  const { User, ProviderEnum, registry } = refs;
  const ConnectedAccount = builder.objectRef<ExternalAccountRecord>('ConnectedAccount').implement({
    description:
      'A social account the user connected through Clerk. A user may have several accounts of one provider; provider data fields (`githubRepos`, `notionUsers`, …) are `null` on accounts of other providers.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Clerk's external account id (`eac_…`)." }),
      provider: t.field({
        type: ProviderEnum,
        description: 'The provider of the account.',
        resolve: (account) => registry.enumValueOf(account.providerKey),
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
        args.provider
          ? user.externalAccounts.filter(
              (account) => registry.enumValueOf(account.providerKey) === args.provider,
            )
          : user.externalAccounts,
    }),
  );

  builder.objectField(User, 'connectedAccount', (t) =>
    t.field({
      type: ConnectedAccount,
      nullable: true,
      description:
        'One connected account by its id (`eac_…`), e.g. to page through its data with `after`; `null` when the user has no such account.',
      args: { id: t.arg.id({ required: true, description: "Clerk's external account id." }) },
      resolve: (user, args) =>
        user.externalAccounts.find((account) => account.id === String(args.id)) ?? null,
    }),
  );
  return ConnectedAccount;
}
