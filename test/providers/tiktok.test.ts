import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

const OPEN_ID = '723f24d7-e717-40f8-a2b6-cb8464cd23b4';

// With Clerk's default `user.info.basic`: no username and no profile link (they need `user.info.profile`).
describeProfileContract({
  provider: 'tiktok',
  account: { providerUserId: OPEN_ID, username: 'tiktoker', firstName: 'Tik', lastName: 'Toker' },
  expected: (account) => ({ id: OPEN_ID, name: 'Tik Toker', avatarUrl: account.imageUrl }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';
const BASIC_FIELDS = 'open_id,union_id,avatar_url,display_name';

interface TikTokAnswer {
  data: { user: Record<string, unknown> };
  error: { code: string; message: string; log_id: string };
}

interface ProfileAnswer {
  profile: Record<string, unknown> | null;
  errors: Record<string, unknown>[];
}

/** TikTok's envelope with an error code. */
function envelope(code: string, message = '') {
  return { data: {}, error: { code, message, log_id: '20220829194722CBE87ED59D524E727021' } };
}

describe('TikTok, its own answers', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'tiktok', ...input });
    return { account, session: stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 }) };
  }

  async function profileOf(session: string): Promise<ProfileAnswer> {
    const { body } = await stack.post({ query: PROFILE }, { token: session });
    const data = body.data as { me: { connectedAccounts: { profile: ProfileAnswer['profile'] }[] } } | null;
    return {
      profile: data?.me.connectedAccounts[0]?.profile ?? null,
      errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
    };
  }

  function answer(accountId: string, status: number, body: unknown, headers?: Record<string, string>) {
    stack.emulator.faults.inject({
      service: 'tiktok',
      route: 'tiktok.getUserInfo',
      accountId,
      status,
      body,
      ...(headers ? { headers } : {}),
    });
  }

  function fieldsAsked(accountId: string): string | undefined {
    return stack.emulator.calls.all().find((call) => call.accountId === accountId)?.query.fields;
  }

  it('asks only for the basic fields with the basic scope', async () => {
    const { account, session } = connect();
    const { errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(fieldsAsked(account.id)).toBe(BASIC_FIELDS);
  });

  it('reads the username and profile link when the account granted `user.info.profile`', async () => {
    const { account, session } = connect({
      providerUserId: OPEN_ID,
      username: 'tiktoker',
      scopes: ['user.info.basic', 'user.info.profile'],
    });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(fieldsAsked(account.id)).toBe(`${BASIC_FIELDS},username,profile_deep_link`);
    expect(profile).toMatchObject({ id: OPEN_ID, username: 'tiktoker' });
    expect(profile?.url).toMatch(/^https:\/\/vm\.tiktok\.com\/ZM[0-9A-F]+\/$/);
  });

  it('reads scopes TikTok-style joined with commas', async () => {
    const { account, session } = connect({
      username: 'tiktoker',
      scopes: ['user.info.basic', 'user.info.profile,user.info.stats'],
    });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(fieldsAsked(account.id)).toBe(`${BASIC_FIELDS},username,profile_deep_link`);
    expect(profile?.username).toBe('tiktoker');
  });

  it('reads the 401 `scope_not_authorized` as MISSING_SCOPES, not as a refused token', async () => {
    const { account, session } = connect();
    answer(account.id, 401, envelope('scope_not_authorized', 'The user did not authorize the scope.'));
    const { errors } = await profileOf(session);
    expect(errors).toEqual([
      {
        code: 'MISSING_SCOPES',
        provider: 'tiktok',
        accountId: account.id,
        requiredScopes: ['user.info.basic'],
        grantedScopes: ['user.info.basic'],
      },
    ]);
  });

  it('reads `access_token_invalid` on an HTTP 200 as a refused token: REAUTH_REQUIRED', async () => {
    const { account, session } = connect();
    answer(account.id, 200, envelope('access_token_invalid'));
    const { profile, errors } = await profileOf(session);
    expect(profile).toBeNull();
    expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'tiktok', accountId: account.id }]);
  });

  it('reads `rate_limit_exceeded` on an HTTP 200 as RATE_LIMITED', async () => {
    const { account, session } = connect();
    const reset = String(Math.ceil(Date.now() / 1000) + 20);
    answer(account.id, 200, envelope('rate_limit_exceeded'), { 'x-ratelimit-reset': reset });
    const { errors } = await profileOf(session);
    expect(errors).toMatchObject([{ code: 'RATE_LIMITED', provider: 'tiktok', accountId: account.id }]);
    expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(19);
    expect(errors[0]?.retryAfter).toBeLessThanOrEqual(21);
  });

  // The unit of `x-ratelimit-reset` is unverified (providers.md, TikTok "Rate limiting").
  it('reads a 429 `x-ratelimit-reset` as epoch seconds', async () => {
    const { account, session } = connect();
    const reset = String(Math.ceil(Date.now() / 1000) + 45);
    answer(account.id, 429, envelope('rate_limit_exceeded'), { 'x-ratelimit-reset': reset });
    const { errors } = await profileOf(session);
    expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(44);
    expect(errors[0]?.retryAfter).toBeLessThanOrEqual(46);
  });

  it('reads a 429 `x-ratelimit-reset` too small for epoch seconds as seconds from now', async () => {
    const { account, session } = connect();
    answer(account.id, 429, envelope('rate_limit_exceeded'), { 'x-ratelimit-reset': '15' });
    const { errors } = await profileOf(session);
    expect(errors).toEqual([
      { code: 'RATE_LIMITED', provider: 'tiktok', accountId: account.id, retryAfter: 15 },
    ]);
  });

  it('waits a minute on a 429 without `x-ratelimit-reset`', async () => {
    const { account, session } = connect();
    answer(account.id, 429, envelope('rate_limit_exceeded'));
    const { errors } = await profileOf(session);
    expect(errors).toEqual([
      { code: 'RATE_LIMITED', provider: 'tiktok', accountId: account.id, retryAfter: 60 },
    ]);
  });

  it('answers another error code on an HTTP 200 with PROVIDER_ERROR', async () => {
    const { account, session } = connect();
    answer(account.id, 200, envelope('invalid_params', 'Invalid fields.'));
    const { profile, errors } = await profileOf(session);
    expect(profile).toBeNull();
    expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'tiktok', accountId: account.id }]);
  });

  describe('the emulator', () => {
    async function userInfo(token: string | undefined, fields?: string) {
      const url = new URL(`${stack.emulator.baseUrl('tiktok')}/v2/user/info/`);
      if (fields !== undefined) url.searchParams.set('fields', fields);
      const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as TikTokAnswer,
      };
    }

    it('answers the requested fields in the envelope of the reference example', async () => {
      const { account } = connect({ providerUserId: OPEN_ID });
      const { status, body } = await userInfo(
        stack.emulator.clerk.currentAccessToken(account.id),
        BASIC_FIELDS,
      );
      expect(status).toBe(200);
      expect(Object.keys(body.data.user)).toEqual(['open_id', 'union_id', 'avatar_url', 'display_name']);
      expect(body.data.user.open_id).toBe(OPEN_ID);
      expect(body.error).toEqual({
        code: 'ok',
        message: '',
        log_id: expect.stringMatching(/^\d{14}[0-9A-F]{20}$/),
      });
    });

    it('refuses a field whose scope the token lacks with 401 `scope_not_authorized`', async () => {
      const { account } = connect();
      const { status, body } = await userInfo(
        stack.emulator.clerk.currentAccessToken(account.id),
        'open_id,follower_count',
      );
      expect(status).toBe(401);
      expect(body.error.code).toBe('scope_not_authorized');
    });

    it('requires `fields`', async () => {
      const { account } = connect();
      const { status, body } = await userInfo(stack.emulator.clerk.currentAccessToken(account.id));
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_params');
    });

    it('answers a refused token with 401 `access_token_invalid`', async () => {
      const { status, body } = await userInfo('act.unknown', BASIC_FIELDS);
      expect(status).toBe(401);
      expect(body).toEqual({
        data: {},
        error: {
          code: 'access_token_invalid',
          message: 'The access token is invalid or not found in the request.',
          log_id: expect.any(String),
        },
      });
    });

    it('answers a rate limit with 429 `rate_limit_exceeded` and the reset in epoch seconds', async () => {
      const { account } = connect();
      stack.emulator.providers.tiktok?.rateLimit(account.id, { retryAfterSeconds: 30 });
      const { status, headers, body } = await userInfo(
        stack.emulator.clerk.currentAccessToken(account.id),
        BASIC_FIELDS,
      );
      expect(status).toBe(429);
      expect(body.error.code).toBe('rate_limit_exceeded');
      const reset = Number(headers.get('x-ratelimit-reset'));
      expect(reset - Date.now() / 1000).toBeGreaterThan(28);
      expect(reset - Date.now() / 1000).toBeLessThanOrEqual(31);
    });
  });
});
