import { createClerkClient, verifyToken } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';

let emulator: Emulator;
let clerk: ReturnType<typeof createClerkClient>;

beforeAll(async () => {
  emulator = await createEmulator();
  clerk = createClerkClient({
    secretKey: emulator.clerk.secretKey,
    apiUrl: emulator.baseUrl('clerk'),
    telemetry: { disabled: true },
  });
});

afterAll(async () => {
  await emulator.close();
});

/** The error a promise rejects with, or a failure when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

async function clerkErrorOf(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  if (!isClerkAPIResponseError(error)) throw error;
  return error;
}

describe('Clerk BAPI emulator, users', () => {
  it('serves a user that the SDK parses into a User with its external accounts', async () => {
    const created = emulator.clerk.createUser({
      username: 'mona',
      firstName: 'Mona',
      lastName: 'Lisa',
      email: 'mona@example.com',
    });
    const github = emulator.clerk.connectAccount(created.id, { provider: 'github', username: 'octocat' });

    const user = await clerk.users.getUser(created.id);

    expect(user.id).toBe(created.id);
    expect(user.username).toBe('mona');
    expect(user.primaryEmailAddress?.emailAddress).toBe('mona@example.com');
    expect(user.externalAccounts).toHaveLength(1);
    expect(user.externalAccounts[0]).toMatchObject({
      id: github.id,
      provider: 'oauth_github',
      username: 'octocat',
      approvedScopes: 'user:email read:user',
    });
  });

  it('gives Google accounts the idn_ id and the eac_ id in externalAccountId', async () => {
    const created = emulator.clerk.createUser();
    const google = emulator.clerk.connectAccount(created.id, { provider: 'google' });

    const user = await clerk.users.getUser(created.id);
    const account = user.externalAccounts[0];

    expect(account?.id).toBe(google.identificationId);
    expect(account?.id).toMatch(/^idn_[0-9A-Za-z]{27}$/);
    expect(account?.externalAccountId).toBe(google.id);
    expect(account?.externalAccountId).toMatch(/^eac_[0-9A-Za-z]{27}$/);
    expect(user.raw?.external_accounts[0]).toMatchObject({
      object: 'google_account',
      google_id: google.providerUserId,
    });
  });

  it('links the email address to the external accounts that share it', async () => {
    const created = emulator.clerk.createUser({ email: 'linked@example.com' });
    const github = emulator.clerk.connectAccount(created.id, { provider: 'github' });

    const user = await clerk.users.getUser(created.id);

    expect(user.emailAddresses[0]?.linkedTo).toEqual([
      expect.objectContaining({ id: github.identificationId, type: 'oauth_github' }),
    ]);
  });

  it('answers an unknown user with 404 resource_not_found', async () => {
    const error = await clerkErrorOf(clerk.users.getUser('user_missing'));

    expect(error.status).toBe(404);
    expect(error.errors[0]?.code).toBe('resource_not_found');
    expect(error.errors[0]?.longMessage).toBe('No user was found with id user_missing');
  });

  it('lists users with a total count', async () => {
    const created = emulator.clerk.createUser({ username: 'listed-user' });

    const list = await clerk.users.getUserList({ username: ['listed-user'] });

    expect(list.totalCount).toBe(1);
    expect(list.data.map((user) => user.id)).toEqual([created.id]);
  });
});

describe('Clerk BAPI emulator, OAuth access tokens', () => {
  it('returns data and totalCount with one token per account, matched by externalAccountId', async () => {
    const user = emulator.clerk.createUser();
    const first = emulator.clerk.connectAccount(user.id, { provider: 'github' });
    const second = emulator.clerk.connectAccount(user.id, { provider: 'github', label: 'Work' });

    const response = await clerk.users.getUserOauthAccessToken(user.id, 'github');

    expect(response.totalCount).toBe(2);
    // Reversed connection order by default, so a caller that takes data[0] gets the wrong account.
    expect(response.data.map((token) => token.externalAccountId)).toEqual([second.id, first.id]);
    expect(response.data[0]).toMatchObject({
      token: emulator.clerk.currentAccessToken(second.id),
      provider: 'oauth_github',
      label: 'Work',
      scopes: ['user:email', 'read:user'],
    });
  });

  it('lists tokens in connection order when tokenOrder is accounts', async () => {
    const user = emulator.clerk.createUser();
    const first = emulator.clerk.connectAccount(user.id, { provider: 'github' });
    const second = emulator.clerk.connectAccount(user.id, { provider: 'github' });
    emulator.clerk.tokenOrder = 'accounts';

    const response = await clerk.users.getUserOauthAccessToken(user.id, 'github').finally(() => {
      emulator.clerk.tokenOrder = 'reversed';
    });

    expect(response.data.map((token) => token.externalAccountId)).toEqual([first.id, second.id]);
  });

  it('emits expires_at in seconds by default', async () => {
    const user = emulator.clerk.createUser();
    emulator.clerk.connectAccount(user.id, { provider: 'notion', tokenLifetimeSeconds: 3600 });

    const { data } = await clerk.users.getUserOauthAccessToken(user.id, 'notion');
    const expiresAt = data[0]?.expiresAt ?? 0;

    expect(expiresAt).toBeLessThan(1e12);
    expect(expiresAt - Date.now() / 1000).toBeGreaterThan(3590);
  });

  it('emits expires_at in milliseconds for an account configured so', async () => {
    const user = emulator.clerk.createUser();
    emulator.clerk.connectAccount(user.id, { provider: 'google', expiresAtUnit: 'milliseconds' });

    const { data } = await clerk.users.getUserOauthAccessToken(user.id, 'google');
    const expiresAt = data[0]?.expiresAt ?? 0;

    expect(expiresAt).toBeGreaterThan(1e12);
    expect(expiresAt - Date.now()).toBeGreaterThan(3_590_000);
  });

  it('emits expires_at null for a token that never expires', async () => {
    const user = emulator.clerk.createUser();
    emulator.clerk.connectAccount(user.id, { provider: 'github', tokenLifetimeSeconds: null });

    const { data } = await clerk.users.getUserOauthAccessToken(user.id, 'github');

    expect(data[0]?.expiresAt).toBeNull();
  });

  it('refreshes an expired token on the next token call', async () => {
    const user = emulator.clerk.createUser();
    const account = emulator.clerk.connectAccount(user.id, { provider: 'notion' });
    const oldToken = emulator.clerk.currentAccessToken(account.id);

    emulator.clerk.expireAccessToken(account.id);
    const { data } = await clerk.users.getUserOauthAccessToken(user.id, 'notion');

    expect(data[0]?.token).toMatch(/^ntn_/);
    expect(data[0]?.token).not.toBe(oldToken);
    expect(data[0]?.token).toBe(emulator.clerk.currentAccessToken(account.id));
  });

  it('answers 400 oauth_token_retrieval_error when the grant is revoked and the token expired', async () => {
    const user = emulator.clerk.createUser();
    const account = emulator.clerk.connectAccount(user.id, { provider: 'google' });
    emulator.clerk.revokeGrant(account.id);
    emulator.clerk.expireAccessToken(account.id);

    const error = await clerkErrorOf(clerk.users.getUserOauthAccessToken(user.id, 'google'));

    expect(error.status).toBe(400);
    expect(error.errors[0]?.code).toBe('oauth_token_retrieval_error');
  });

  it('answers 422 oauth_missing_refresh_token when an expired token cannot be refreshed', async () => {
    const user = emulator.clerk.createUser();
    const account = emulator.clerk.connectAccount(user.id, { provider: 'google', refreshable: false });
    emulator.clerk.expireAccessToken(account.id);

    const error = await clerkErrorOf(clerk.users.getUserOauthAccessToken(user.id, 'google'));

    expect(error.status).toBe(422);
    expect(error.errors[0]?.code).toBe('oauth_missing_refresh_token');
  });

  it('answers an empty list for a provider the user has not connected', async () => {
    const user = emulator.clerk.createUser();

    const response = await clerk.users.getUserOauthAccessToken(user.id, 'slack');

    expect(response).toEqual({ data: [], totalCount: 0 });
  });

  it('answers 404 oauth_token_provider_not_enabled for a provider it does not know', async () => {
    const user = emulator.clerk.createUser();

    const error = await clerkErrorOf(clerk.users.getUserOauthAccessToken(user.id, 'myspace' as 'github'));

    expect(error.status).toBe(404);
    expect(error.errors[0]?.code).toBe('oauth_token_provider_not_enabled');
  });

  it('answers a bare array without paginated=true and honours limit and offset', async () => {
    const user = emulator.clerk.createUser();
    for (let index = 0; index < 3; index += 1) emulator.clerk.connectAccount(user.id, { provider: 'github' });
    const url = `${emulator.baseUrl('clerk')}/v1/users/${user.id}/oauth_access_tokens/oauth_github?limit=2&offset=1`;

    const response = await fetch(url, { headers: { authorization: `Bearer ${emulator.clerk.secretKey}` } });
    const body = (await response.json()) as unknown[];

    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(2);
  });
});

describe('Clerk BAPI emulator, errors and keys', () => {
  it('surfaces a queued 429 with its Retry-After as retryAfter', async () => {
    const user = emulator.clerk.createUser();
    emulator.clerk.failNext({
      route: 'clerk.getOauthAccessTokens',
      status: 429,
      code: 'too_many_requests',
      retryAfterSeconds: 7,
    });

    const error = await clerkErrorOf(clerk.users.getUserOauthAccessToken(user.id, 'github'));

    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(7);
    expect(error.errors[0]?.code).toBe('too_many_requests');
  });

  it('fails only as many calls as asked', async () => {
    const user = emulator.clerk.createUser();
    emulator.clerk.failNext({
      route: 'clerk.getUser',
      status: 500,
      code: 'internal_clerk_error',
      userId: user.id,
    });

    await clerkErrorOf(clerk.users.getUser(user.id));
    const second = await clerk.users.getUser(user.id);

    expect(second.id).toBe(user.id);
  });

  it('rejects a wrong secret key with 401 clerk_key_invalid', async () => {
    const user = emulator.clerk.createUser();
    const intruder = createClerkClient({
      secretKey: 'sk_test_wrong',
      apiUrl: emulator.baseUrl('clerk'),
      telemetry: { disabled: true },
    });

    const error = await clerkErrorOf(intruder.users.getUser(user.id));

    expect(error.status).toBe(401);
    expect(error.errors[0]?.code).toBe('clerk_key_invalid');
  });

  it('rejects a missing Authorization header with authorization_header_format_invalid', async () => {
    const response = await fetch(`${emulator.baseUrl('clerk')}/v1/users/user_x`);
    const body = (await response.json()) as { errors: { code: string }[]; clerk_trace_id: string };

    expect(response.status).toBe(401);
    expect(body.errors[0]?.code).toBe('authorization_header_format_invalid');
    expect(body.clerk_trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sends exactly application/json on success and error responses', async () => {
    const headers = { authorization: `Bearer ${emulator.clerk.secretKey}` };
    const user = emulator.clerk.createUser();

    const ok = await fetch(`${emulator.baseUrl('clerk')}/v1/users/${user.id}`, { headers });
    const notFound = await fetch(`${emulator.baseUrl('clerk')}/v1/users/user_missing`, { headers });

    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(notFound.headers.get('content-type')).toBe('application/json');
  });

  it('serves a JWKS that verifies a signed session token', async () => {
    const user = emulator.clerk.createUser();
    const token = emulator.clerk.signSessionToken(user.id);

    const claims = await verifyToken(token, {
      secretKey: emulator.clerk.secretKey,
      apiUrl: emulator.baseUrl('clerk'),
    });

    expect(claims.sub).toBe(user.id);
    expect(claims).toMatchObject({
      iss: emulator.clerk.issuer,
      azp: 'http://localhost:3000',
      v: 2,
      sts: 'active',
    });
    expect(emulator.calls.count({ route: 'clerk.jwks' })).toBeGreaterThan(0);
  });

  it('signs session tokens that verify offline with the PEM key', async () => {
    const user = emulator.clerk.createUser();
    const token = emulator.clerk.signSessionToken(user.id, { azp: 'https://app.example.test' });
    const callsBefore = emulator.calls.all().length;

    const claims = await verifyToken(token, {
      jwtKey: emulator.clerk.jwtKeyPem,
      authorizedParties: ['https://app.example.test'],
    });

    expect(claims.sub).toBe(user.id);
    expect(emulator.calls.all().length).toBe(callsBefore);
  });

  it('signs expired tokens that the SDK refuses', async () => {
    const user = emulator.clerk.createUser();
    const token = emulator.clerk.signSessionToken(user.id, { expiresInSeconds: -60 });

    const error = await rejectionOf(verifyToken(token, { jwtKey: emulator.clerk.jwtKeyPem }));

    expect(error).toMatchObject({ reason: 'token-expired' });
  });

  it('publishes a publishable key that encodes a frontend API host', () => {
    const encoded = emulator.clerk.publishableKey.replace(/^pk_test_/, '');

    expect(Buffer.from(encoded, 'base64').toString()).toBe('clerk.emulator.test$');
  });
});
