import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROVIDERS } from '../../../src/providers/index.js';
import {
  DEFAULT_RATE_LIMIT,
  defineProvider,
  type ProviderDeclaration,
  validateProviders,
} from '../../../src/providers/provider-declaration.js';
import { mapProfile, profileOf } from '../../../src/providers/provider-profile.js';
import type { ExternalAccountRecord } from '../../../src/tokens/clerk-api.js';
import { answer, fakeCalls } from '../../support/fake-calls.js';

/** The least a declaration states; each test adds or breaks what it is about. */
const ACME: ProviderDeclaration = {
  id: 'acme',
  displayName: 'Acme',
  clerkDocsSlug: 'acme',
  apiBaseUrl: 'https://api.acme.example',
  defaultScopes: ['read'],
  fieldScopes: { profile: ['read'] },
};

const ACCOUNT: ExternalAccountRecord = {
  id: 'eac_1',
  userId: 'user_1',
  providerKey: 'oauth_acme',
  providerId: 'acme',
  providerUserId: '42',
  username: 'jane',
  emailAddress: 'jane@example.com',
  firstName: 'Jane',
  lastName: 'Doe',
  imageUrl: null,
  label: null,
  approvedScopes: ['read'],
  verified: true,
};

/** The message `validateProviders` throws for `declarations`, or a failure when it passes them. */
function problemsOf(...declarations: ProviderDeclaration[]): string {
  try {
    validateProviders(declarations.map(defineProvider));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the declarations to be refused');
}

describe('defineProvider', () => {
  it('calls with a bearer token, no extra headers and the default rate-limit signals unless told', () => {
    const provider = defineProvider(ACME);

    expect(provider).toMatchObject({ auth: 'bearer', headers: {}, rateLimit: DEFAULT_RATE_LIMIT });
    expect(DEFAULT_RATE_LIMIT).toEqual({ signalledStatuses: [], retryAfterHeaders: ['retry-after'] });
  });

  it('lays declared rate-limit signals over the defaults', () => {
    const provider = defineProvider({
      ...ACME,
      rateLimit: {
        retryAfterHeaders: [],
        resetHeaders: [{ header: 'ratelimit-reset', unit: 'epoch-seconds' }],
      },
    });

    expect(provider.rateLimit).toEqual({
      signalledStatuses: [],
      retryAfterHeaders: [],
      resetHeaders: [{ header: 'ratelimit-reset', unit: 'epoch-seconds' }],
    });
  });

  it("derives Clerk's key, the enum value, the API URL variable and the guide's URL from the id", () => {
    const provider = defineProvider({ ...ACME, id: 'linkedin_oidc', clerkDocsSlug: 'linkedin-oidc' });

    expect(provider).toMatchObject({
      clerkKey: 'oauth_linkedin_oidc',
      enumValue: 'LINKEDIN_OIDC',
      apiUrlVariable: 'LINKEDIN_OIDC_API_URL',
      clerkDocsUrl:
        'https://clerk.com/docs/guides/configure/auth-strategies/social-connections/linkedin-oidc',
    });
  });

  it('has no API URL variable for a provider without an API of its own', () => {
    expect(defineProvider({ ...ACME, apiBaseUrl: null }).apiUrlVariable).toBeNull();
  });

  it("gives custom OIDC the pattern of Clerk's keys for every custom connection", () => {
    expect(defineProvider({ ...ACME, id: 'custom', apiBaseUrl: null }).clerkKey).toBe('oauth_custom_<key>');
  });

  it('reads the profile from the userinfo endpoint it names, in one call', async () => {
    const provider = defineProvider({ ...ACME, userinfoPath: '/oauth/userinfo' });
    const { calls, recorded } = fakeCalls(
      answer({
        sub: 'u1',
        preferred_username: 'jane',
        email: 'jane@example.com',
      }),
    );

    const profile = await provider.profile?.read(calls, ACCOUNT);

    expect(provider.profile?.calls).toBe(1);
    expect(recorded).toEqual([{ method: 'GET', path: '/oauth/userinfo', query: undefined }]);
    expect(profile).toMatchObject({ id: 'u1', username: 'jane', email: 'jane@example.com' });
  });

  it("leaves the profile to Clerk's record when it declares no reader and no userinfo endpoint", () => {
    expect(defineProvider(ACME)).not.toHaveProperty('profile');
  });
});

describe('validateProviders', () => {
  it('passes the default providers', () => {
    expect(() => validateProviders(PROVIDERS)).not.toThrow();
  });

  it.each<[string, ProviderDeclaration, RegExp]>([
    ['an id that is not lower-case', { ...ACME, id: 'Acme' }, /- Acme: id /],
    [
      'a base URL that is not http(s)',
      { ...ACME, apiBaseUrl: 'ftp://api.acme.example' },
      /- acme: apiBaseUrl /,
    ],
    [
      'a base URL ending in /',
      { ...ACME, apiBaseUrl: 'https://api.acme.example/' },
      /- acme: apiBaseUrl must not end with \//,
    ],
    [
      'a blank default scope',
      { ...ACME, defaultScopes: [' '] },
      /- acme: defaultScopes\.0 must not be blank/,
    ],
    [
      'a blank field scope',
      { ...ACME, fieldScopes: { profile: [''] } },
      /- acme: fieldScopes\.profile\.0 must not be blank/,
    ],
    [
      'alternatives of one scope',
      { ...ACME, fieldScopes: { profile: [['read']] } },
      /- acme: fieldScopes\.profile\.0 alternatives must name two scopes or more/,
    ],
    [
      'a blank alternative',
      { ...ACME, fieldScopes: { profile: [['read', ' ']] } },
      /- acme: fieldScopes\.profile\.0\.1 must not be blank/,
    ],
    [
      'a configured header whose variable is not a GATEWAY_ setting',
      { ...ACME, configuredHeaders: { 'Client-Id': 'ACME_CLIENT_ID' } },
      /- acme: configuredHeaders\.Client-Id /,
    ],
    [
      'a profile reader without the scopes of `profile`',
      { ...ACME, userinfoPath: '/userinfo', fieldScopes: {} },
      /- acme: declaration the scopes of `profile` must be declared/,
    ],
    [
      'a provider that is never called but has an API',
      { ...ACME, auth: 'none' },
      /- acme: declaration a provider that is never called has no API and no profile reader/,
    ],
    [
      'a list page size below 1',
      { ...ACME, pagination: { kind: 'offset', param: 'offset', maxPageSize: 0 } },
      /- acme: pagination\.maxPageSize /,
    ],
    [
      'a pagination style it does not know',
      { ...ACME, pagination: { kind: 'telepathy', param: 'p', maxPageSize: 10 } as never },
      /- acme: pagination/,
    ],
    [
      'a refusal rule on a status that is not one',
      { ...ACME, refusals: [{ status: 4030, means: 'MISSING_SCOPES' }] },
      /- acme: refusals\.0\.status /,
    ],
    [
      'a provider that is never called but has a profile reader',
      { ...ACME, auth: 'none', apiBaseUrl: null, userinfoPath: '/userinfo' },
      /- acme: declaration a provider that is never called has no API and no profile reader/,
    ],
  ])('refuses %s, naming the provider', (_what, declaration, problem) => {
    expect(problemsOf(declaration)).toMatch(problem);
  });

  it('refuses an id declared twice', () => {
    expect(problemsOf(ACME, { ...ACME, displayName: 'Acme again' })).toMatch(/- acme: declared twice/);
  });

  it('names every problem of every declaration in one error', () => {
    const message = problemsOf(
      { ...ACME, id: 'Bad-Id' },
      { ...ACME, id: 'other', apiBaseUrl: 'https://other.example/', defaultScopes: [' '] },
    );

    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toEqual([
      expect.stringMatching(/^ {2}- Bad-Id: id /),
      expect.stringMatching(/^ {2}- other: apiBaseUrl /),
      expect.stringMatching(/^ {2}- other: defaultScopes\.0 /),
    ]);
  });
});

describe('mapProfile', () => {
  const userSchema = z.object({ id: z.number(), login: z.string(), name: z.string().nullish() });
  const map = (user: z.infer<typeof userSchema>) => ({ id: user.id, username: user.login, name: user.name });

  it('reads a profile with one GET and its static query', async () => {
    const source = mapProfile({ path: '/me', query: { fields: 'id,login' }, schema: userSchema, map });
    const { calls, recorded } = fakeCalls(answer({ id: 7, login: 'jane', name: 'Jane Doe' }));

    const profile = await source.read(calls, ACCOUNT);

    expect(source.calls).toBe(1);
    expect(recorded).toEqual([{ method: 'GET', path: '/me', query: { fields: 'id,login' } }]);
    expect(profile).toEqual({
      id: '7',
      username: 'jane',
      name: 'Jane Doe',
      email: null,
      avatarUrl: null,
      url: null,
    });
  });

  // Scopes decide what may be asked: a field the token may not read must not be in the query.
  it("asks the query the account's scopes allow", async () => {
    const source = mapProfile({
      path: '/me',
      query: (account) => ({
        fields: account.approvedScopes.includes('email') ? 'id,login,email' : 'id,login',
      }),
      schema: userSchema,
      map,
    });
    const { calls, recorded } = fakeCalls(answer({ id: 7, login: 'jane' }));

    await source.read(calls, ACCOUNT);

    expect(recorded).toEqual([{ method: 'GET', path: '/me', query: { fields: 'id,login' } }]);
  });

  // A read sent as POST (a GraphQL query, a Dropbox RPC) is safe to retry.
  it('sends a POST read with its body, marked idempotent', async () => {
    const source = mapProfile({
      method: 'POST',
      path: '/graphql',
      body: { query: '{ viewer { id login } }' },
      schema: userSchema,
      map,
    });
    const { calls, recorded } = fakeCalls(answer({ id: 7, login: 'jane' }));

    await source.read(calls, ACCOUNT);

    expect(recorded).toEqual([
      {
        method: 'POST',
        path: '/graphql',
        body: { query: '{ viewer { id login } }' },
        options: { idempotent: true },
      },
    ]);
  });

  it('fails with PROVIDER_ERROR when the answer is not in the expected shape', async () => {
    const source = mapProfile({ path: '/me', schema: userSchema, map });
    const { calls } = fakeCalls(answer({ login: 'jane' }));

    await expect(source.read(calls, ACCOUNT)).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
  });
});

describe('profileOf', () => {
  it('maps empty strings and missing fields to null, and the id to a string', () => {
    expect(profileOf({ id: 42, username: '', name: 'Jane', email: null, avatarUrl: '' })).toEqual({
      id: '42',
      username: null,
      name: 'Jane',
      email: null,
      avatarUrl: null,
      url: null,
    });
  });
});
