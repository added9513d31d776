import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { type ProviderProfile, profileOf } from '../providers/provider-profile.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import type { ConnectedAccountRef, GatewayBuilder } from './builder.js';
import { requireFieldScopes } from './field-scopes.js';
import { providerCallsExtension } from './provider-calls.js';

interface ProfileShape extends ProviderProfile {
  readonly source: 'provider' | 'clerk';
}

/** `ConnectedAccount.profile`: read as each provider's declaration says, or Clerk's data. */
export function addProfileField(
  builder: GatewayBuilder,
  refs: { readonly ConnectedAccount: ConnectedAccountRef; readonly registry: ProviderRegistry },
): void {
  const { ConnectedAccount, registry } = refs;
  const ProfileSource = builder.enumType('ProfileSource', {
    description: 'Where a profile was read.',
    values: {
      PROVIDER: { value: 'provider', description: "The provider's own API, with the account's token." },
      CLERK: {
        value: 'clerk',
        description:
          "Clerk's record of the account: for providers without an API (Apple), or not read by this gateway yet.",
      },
    } as const,
  });

  const ProviderProfileRef = builder.objectRef<ProfileShape>('ProviderProfile').implement({
    description:
      'A connected account as its provider describes it, normalized to one shape across providers.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "The account's id at the provider." }),
      username: t.exposeString('username', {
        nullable: true,
        description: 'The username or handle, where the provider has one.',
      }),
      name: t.exposeString('name', { nullable: true, description: 'The display name.' }),
      email: t.exposeString('email', {
        nullable: true,
        description:
          'The email address the provider gives out for the account (often only with an email scope).',
      }),
      avatarUrl: t.exposeString('avatarUrl', { nullable: true, description: 'The picture.' }),
      url: t.exposeString('url', { nullable: true, description: "The account's page at the provider." }),
      source: t.field({
        type: ProfileSource,
        description: 'Where this profile was read.',
        resolve: (profile) => profile.source,
      }),
    }),
  });

  builder.objectField(ConnectedAccount, 'profile', (t) =>
    t.field({
      type: ProviderProfileRef,
      nullable: true,
      description:
        "The account's own profile, read from the provider's API with the account's token (one call per account, all accounts in parallel). Apple has no API: its profile is Clerk's data for the account (`source: CLERK`). `null` with an error when the provider fails or the account lacks the scopes the profile needs.",
      extensions: providerCallsExtension(
        Object.fromEntries(registry.providers.map((provider) => [provider.id, provider.profile?.calls ?? 0])),
      ),
      resolve: (account, _args, context) => readProfile(context, registry, account),
    }),
  );
}

async function readProfile(
  context: GatewayContext,
  registry: ProviderRegistry,
  account: ExternalAccountRecord,
): Promise<ProfileShape> {
  const provider = registry.byId(account.providerId);
  if (!provider?.profile) return clerkProfileOf(account);
  requireFieldScopes(provider, 'profile', account);
  const calls = context.accountApi.calls(provider, account, 'profile');
  try {
    return { ...(await provider.profile.read(calls, account)), source: 'provider' };
  } catch (error) {
    // Failures of the reading itself (an answer in an unexpected shape) name the account too.
    if (error instanceof GatewayError) {
      throw error.withDetails({ provider: account.providerId, accountId: account.id });
    }
    throw error;
  }
}

/** What Clerk knows of the account, in the profile's shape. */
function clerkProfileOf(account: ExternalAccountRecord): ProfileShape {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    ...profileOf({
      id: account.providerUserId ?? account.id,
      username: account.username,
      name,
      email: account.emailAddress,
      avatarUrl: account.imageUrl,
    }),
    source: 'clerk',
  };
}
