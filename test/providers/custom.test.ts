/**
 * Custom OIDC connections (`custom_<key>`). The provider contract takes one id for the registry, the
 * emulated service and the errors' `provider`, which here are three (`custom_acme`, the `custom`
 * service, `custom`): its cases are written out by hand, then the OIDC specifics.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import type { UpstreamResponse } from '../../src/http/upstream-http.js';
import { discoveryDocumentOf, userinfoPathOf } from '../../src/providers/custom/discovery.js';
import { providerModuleOf } from '../../src/providers/registry.js';
import { type Stack, startStack } from '../support/stack.js';

const PROFILE_QUERY =
  '{ me { connectedAccounts { id providerKey profile { id username name email avatarUrl url source } } } }';

interface ProfileAnswer {
  data?: { me: { connectedAccounts: { id: string; providerKey: string; profile: unknown }[] } };
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** The emulator's port is chosen ahead, so that the gateway's issuer settings can name it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Connection keys with an issuer; `unset` has none. Each scenario has its own, as discovery is cached. */
const KEYS = ['acme', 'once', 'rogue', 'flaky', 'scoped'];

describe('custom OIDC profile', () => {
  let stack: Stack;
  let issuerBase: string;

  beforeAll(async () => {
    const port = await freePort();
    issuerBase = `http://127.0.0.1:${port}/custom`;
    stack = await startStack({
      emulator: { port },
      env: {
        GATEWAY_RETRY_BUDGET_MS: '0',
        ...Object.fromEntries(
          KEYS.map((key) => [`GATEWAY_OIDC_${key.toUpperCase()}_ISSUER`, `${issuerBase}/${key}`]),
        ),
      },
    });
    expect(stack.emulator.baseUrl('custom')).toBe(issuerBase);
  });
  afterAll(() => stack.close());

  function connect(key: string, input: Omit<ConnectAccountInput, 'provider'> = {}, userId?: string) {
    const id = userId ?? stack.emulator.clerk.createUser().id;
    const account = stack.emulator.clerk.connectAccount(id, { provider: `custom_${key}`, ...input });
    return {
      account,
      userId: id,
      token: stack.emulator.clerk.signSessionToken(id, { expiresInSeconds: 600 }),
    };
  }

  async function query(token: string): Promise<ProfileAnswer> {
    return (await stack.post({ query: PROFILE_QUERY }, { token })).body as ProfileAnswer;
  }

  const discoveries = () => stack.emulator.calls.count({ service: 'custom', route: 'custom.discovery' });
  const userinfoCalls = (accountId: string) =>
    stack.emulator.calls.count({ service: 'custom', route: 'custom.userinfo', accountId });

  describe('the provider contract, for custom_acme', () => {
    it('is registered with a profile reader', () => {
      expect(providerModuleOf('custom_acme')?.readProfile).toBeTypeOf('function');
    });

    it("reads the profile from the issuer's userinfo endpoint", async () => {
      const { account, token } = connect('acme', {
        username: 'j.doe',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'janedoe@example.com',
      });
      const body = await query(token);
      expect(body.errors).toBeUndefined();
      expect(body.data?.me.connectedAccounts).toEqual([
        {
          id: account.id,
          providerKey: 'oauth_custom_acme',
          profile: {
            id: account.providerUserId,
            username: 'j.doe',
            name: 'Jane Doe',
            email: 'janedoe@example.com',
            avatarUrl: account.imageUrl,
            url: `${issuerBase}/acme/people/${account.providerUserId}`,
            source: 'PROVIDER',
          },
        },
      ]);
      expect(userinfoCalls(account.id)).toBe(1);
    });

    it('answers an invalid_token challenge with REAUTH_REQUIRED after one fresh token', async () => {
      const { account, token } = connect('acme');
      stack.emulator.clerk.revokeAtProvider(account.id);
      const body = await query(token);
      expect(body.data?.me.connectedAccounts[0]?.profile).toBeNull();
      expect(body.errors?.map((error) => error.extensions)).toEqual([
        { code: 'REAUTH_REQUIRED', provider: 'custom_acme', accountId: account.id },
      ]);
    });

    it('answers a 429 with RATE_LIMITED and retryAfter', async () => {
      const { account, token } = connect('acme');
      stack.emulator.providers.custom?.rateLimit(account.id, { retryAfterSeconds: 30 });
      const body = await query(token);
      const extensions = body.errors?.[0]?.extensions;
      expect(extensions).toMatchObject({
        code: 'RATE_LIMITED',
        provider: 'custom_acme',
        accountId: account.id,
      });
      expect(extensions?.retryAfter).toBeGreaterThanOrEqual(1);
      expect(extensions?.retryAfter).toBeLessThanOrEqual(31);
    });

    it('refuses an account without the openid scope with MISSING_SCOPES, without a call', async () => {
      const { account, token } = connect('acme', { scopes: [] });
      stack.emulator.calls.reset();
      const body = await query(token);
      expect(body.errors?.map((error) => error.extensions)).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'custom_acme',
          accountId: account.id,
          requiredScopes: ['openid'],
          grantedScopes: [],
        },
      ]);
      expect(stack.emulator.calls.count({ service: 'custom' })).toBe(0);
    });
  });

  it('fetches the discovery document once per issuer, across accounts and queries', async () => {
    const first = connect('once');
    const second = connect('once', {}, first.userId);
    const other = connect('once');
    const before = discoveries();
    // Both accounts of the first user read at once: the second waits for the first one's fetch.
    for (const token of [first.token, first.token, other.token]) {
      expect((await query(token)).errors).toBeUndefined();
    }
    expect(discoveries() - before).toBe(1);
    expect(userinfoCalls(first.account.id)).toBe(2);
    expect(userinfoCalls(second.account.id)).toBe(2);
    expect(userinfoCalls(other.account.id)).toBe(1);
  });

  it('forgets a failed discovery fetch, so the next read tries again', async () => {
    const { account, token } = connect('flaky');
    stack.emulator.faults.inject({
      service: 'custom',
      route: 'custom.discovery',
      accountId: account.id,
      times: 1,
      status: 503,
    });
    const failed = await query(token);
    expect(failed.errors?.map((error) => error.extensions)).toEqual([
      { code: 'PROVIDER_ERROR', provider: 'custom_flaky', accountId: account.id },
    ]);
    const retried = await query(token);
    expect(retried.errors).toBeUndefined();
    expect(stack.emulator.calls.count({ route: 'custom.discovery', accountId: account.id })).toBe(2);
  });

  it('refuses a userinfo_endpoint off the issuer origin, without calling it', async () => {
    const { account, token } = connect('rogue');
    stack.emulator.faults.inject({
      service: 'custom',
      route: 'custom.discovery',
      accountId: account.id,
      status: 200,
      body: { issuer: `${issuerBase}/rogue`, userinfo_endpoint: 'https://attacker.example/userinfo' },
    });
    const body = await query(token);
    expect(body.data?.me.connectedAccounts[0]?.profile).toBeNull();
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'PROVIDER_ERROR', provider: 'custom_rogue', accountId: account.id },
    ]);
    expect(body.errors?.[0]?.message).toMatch(/off the issuer's origin/);
    expect(userinfoCalls(account.id)).toBe(0);
    expect(stack.emulator.calls.count({ service: 'custom', route: 'custom.notFound' })).toBe(0);
  });

  it('names the missing setting of a connection without an issuer, without a call', async () => {
    const { account, token } = connect('unset');
    stack.emulator.calls.reset();
    const body = await query(token);
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'PROVIDER_ERROR', provider: 'custom_unset', accountId: account.id },
    ]);
    expect(body.errors?.[0]?.message).toContain('GATEWAY_OIDC_UNSET_ISSUER');
    expect(stack.emulator.calls.all().filter((call) => call.service !== 'clerk')).toEqual([]);
  });

  it('answers an insufficient_scope challenge with MISSING_SCOPES', async () => {
    const { account, token } = connect('scoped');
    stack.emulator.faults.inject({
      service: 'custom',
      route: 'custom.userinfo',
      accountId: account.id,
      status: 403,
      headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="openid profile"' },
    });
    const body = await query(token);
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      {
        code: 'MISSING_SCOPES',
        provider: 'custom_scoped',
        accountId: account.id,
        requiredScopes: ['openid'],
        grantedScopes: ['openid', 'email', 'profile'],
      },
    ]);
  });

  it('reads only the claims the granted scopes release', async () => {
    const { account, token } = connect('scoped', { scopes: ['openid'] });
    const body = await query(token);
    expect(body.errors).toBeUndefined();
    expect(body.data?.me.connectedAccounts[0]?.profile).toEqual({
      id: account.providerUserId,
      username: null,
      name: null,
      email: null,
      avatarUrl: null,
      url: null,
      source: 'PROVIDER',
    });
  });
});

describe('the userinfo path of a discovery document', () => {
  const pathOf = (issuer: string, userinfo: string) =>
    userinfoPathOf({ issuer, userinfo_endpoint: userinfo });

  it('is relative to the issuer, whatever its trailing slash', () => {
    expect(
      pathOf(
        'https://idp.example/realms/acme',
        'https://idp.example/realms/acme/protocol/openid-connect/userinfo',
      ),
    ).toBe('/protocol/openid-connect/userinfo');
    expect(pathOf('https://tenant.auth0.example/', 'https://tenant.auth0.example/userinfo')).toBe(
      '/userinfo',
    );
  });

  it('climbs out of the issuer path for an endpoint elsewhere on its origin', () => {
    const path = pathOf(
      'https://b2c.example/tid/v2.0/',
      'https://b2c.example/tenant/policy/openid/v2.0/userinfo',
    );
    expect(path).toBe('/../../tenant/policy/openid/v2.0/userinfo');
    expect(new URL(`https://b2c.example/tid/v2.0${path}`).href).toBe(
      'https://b2c.example/tenant/policy/openid/v2.0/userinfo',
    );
  });

  it('is refused off the origin (another host, scheme or port) and with a {token} placeholder', () => {
    expect(pathOf('https://idp.example', 'https://openidconnect.other.example/v1/userinfo')).toBeUndefined();
    expect(pathOf('https://idp.example', 'http://idp.example/userinfo')).toBeUndefined();
    expect(pathOf('https://idp.example', 'https://idp.example:8443/userinfo')).toBeUndefined();
    expect(pathOf('https://idp.example', 'https://idp.example/userinfo/{token}')).toBeUndefined();
    expect(pathOf('https://idp.example', 'not a url')).toBeUndefined();
  });
});

describe('the discovery cache', () => {
  const document = (userinfo: string): UpstreamResponse => ({
    status: 200,
    headers: { get: () => null },
    body: { issuer: 'https://idp.example', userinfo_endpoint: userinfo },
  });

  it('makes one fetch for concurrent readers and keeps the document for a bounded time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      let fetches = 0;
      const fetchDocument = async () => document(`https://idp.example/userinfo/${++fetches}`);
      const [a, b] = await Promise.all([
        discoveryDocumentOf('custom_ttl', fetchDocument),
        discoveryDocumentOf('custom_ttl', fetchDocument),
      ]);
      expect(fetches).toBe(1);
      expect(a).toEqual(b);
      vi.advanceTimersByTime(59 * 60 * 1000);
      await discoveryDocumentOf('custom_ttl', fetchDocument);
      expect(fetches).toBe(1);
      vi.advanceTimersByTime(2 * 60 * 1000);
      expect((await discoveryDocumentOf('custom_ttl', fetchDocument)).userinfo_endpoint).toBe(
        'https://idp.example/userinfo/2',
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
