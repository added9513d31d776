/**
 * Custom OIDC connections (`custom_<key>`): the provider contract for the connection `custom_acme`
 * (its errors name the connection, its calls go to the `custom` service), then the OIDC specifics:
 * discovery, issuers, scope challenges.
 */
import { describe, expect, it, vi } from 'vitest';
import type { UpstreamResponse } from '../../src/http/upstream-types.js';
import { discoveryDocumentOf, userinfoPathOf } from '../../src/providers/custom/discovery.js';
import type { AccountInput } from '../support/provider-harness.js';
import { describeProvider } from '../support/provider-harness.js';

/** Connection keys with an issuer; `unset` has none. Each scenario has its own, as discovery is cached. */
const KEYS = ['acme', 'once', 'rogue', 'flaky', 'scoped'];

describeProvider(
  {
    provider: 'custom',
    connection: 'custom_acme',
    env: (emulator) =>
      Object.fromEntries(
        KEYS.map((key) => [
          `GATEWAY_OIDC_${key.toUpperCase()}_ISSUER`,
          `${emulator.baseUrl('custom')}/${key}`,
        ]),
      ),
    account: { username: 'j.doe', firstName: 'Jane', lastName: 'Doe', email: 'janedoe@example.com' },
    expected: (account, emulator) => ({
      id: account.providerUserId,
      username: 'j.doe',
      name: 'Jane Doe',
      email: 'janedoe@example.com',
      avatarUrl: account.imageUrl,
      url: `${emulator.baseUrl('custom')}/acme/people/${account.providerUserId}`,
    }),
  },
  (t) => {
    /** An account of the connection `custom_<key>`, for a new user or `userId`. */
    function connect(key: string, input: AccountInput = {}, userId?: string) {
      const { clerk } = t.emulator;
      const id = userId ?? clerk.createUser().id;
      const account = clerk.connectAccount(id, { provider: `custom_${key}`, ...input });
      return { account, userId: id, token: clerk.signSessionToken(id, { expiresInSeconds: 600 }) };
    }

    const issuerBase = () => t.emulator.baseUrl('custom');
    const discoveries = () => t.emulator.calls.count({ service: 'custom', route: 'custom.discovery' });
    const userinfoCalls = (accountId: string) =>
      t.emulator.calls.count({ service: 'custom', route: 'custom.userinfo', accountId });

    it('fetches the discovery document once per issuer, across accounts and queries', async () => {
      const first = connect('once');
      const second = connect('once', {}, first.userId);
      const other = connect('once');
      const before = discoveries();
      // Both accounts of the first user read at once: the second waits for the first one's fetch.
      for (const token of [first.token, first.token, other.token]) {
        expect((await t.profileOf(token)).errors).toEqual([]);
      }
      expect(discoveries() - before).toBe(1);
      expect(userinfoCalls(first.account.id)).toBe(2);
      expect(userinfoCalls(second.account.id)).toBe(2);
      expect(userinfoCalls(other.account.id)).toBe(1);
    });

    it('forgets a failed discovery fetch, so the next read tries again', async () => {
      const { account, token } = connect('flaky');
      t.emulator.faults.inject({
        service: 'custom',
        route: 'custom.discovery',
        accountId: account.id,
        times: 1,
        status: 503,
      });
      const failed = await t.profileOf(token);
      expect(failed.errors).toEqual([
        { code: 'PROVIDER_ERROR', provider: 'custom_flaky', accountId: account.id },
      ]);
      const retried = await t.profileOf(token);
      expect(retried.errors).toEqual([]);
      expect(t.emulator.calls.count({ route: 'custom.discovery', accountId: account.id })).toBe(2);
    });

    it('refuses a userinfo_endpoint off the issuer origin, without calling it', async () => {
      const { account, token } = connect('rogue');
      t.emulator.faults.inject({
        service: 'custom',
        route: 'custom.discovery',
        accountId: account.id,
        status: 200,
        body: { issuer: `${issuerBase()}/rogue`, userinfo_endpoint: 'https://attacker.example/userinfo' },
      });
      const answer = await t.profileOf(token);
      expect(answer.profile).toBeNull();
      expect(answer.errors).toEqual([
        { code: 'PROVIDER_ERROR', provider: 'custom_rogue', accountId: account.id },
      ]);
      expect(answer.response.body.errors?.[0]?.message).toMatch(/off the issuer's origin/);
      expect(userinfoCalls(account.id)).toBe(0);
      expect(t.emulator.calls.count({ service: 'custom', route: 'custom.notFound' })).toBe(0);
    });

    it('names the missing setting of a connection without an issuer, without a call', async () => {
      const { account, token } = connect('unset');
      t.emulator.calls.reset();
      const answer = await t.profileOf(token);
      expect(answer.errors).toEqual([
        { code: 'PROVIDER_ERROR', provider: 'custom_unset', accountId: account.id },
      ]);
      expect(answer.response.body.errors?.[0]?.message).toContain('GATEWAY_OIDC_UNSET_ISSUER');
      expect(t.emulator.calls.all().filter((call) => call.service !== 'clerk')).toEqual([]);
    });

    it('answers an insufficient_scope challenge with MISSING_SCOPES', async () => {
      const { account, token } = connect('scoped');
      t.emulator.faults.inject({
        service: 'custom',
        route: 'custom.userinfo',
        accountId: account.id,
        status: 403,
        headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="openid profile"' },
      });
      const answer = await t.profileOf(token);
      expect(answer.errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'custom_scoped',
          accountId: account.id,
          requiredScopes: ['openid'],
          acceptedScopes: [['openid']],
          grantedScopes: ['openid', 'email', 'profile'],
        },
      ]);
    });

    it('reads only the claims the granted scopes release', async () => {
      const { account, token } = connect('scoped', { scopes: ['openid'] });
      const answer = await t.profileOf(token);
      expect(answer.errors).toEqual([]);
      expect(answer.profile).toEqual({
        id: account.providerUserId,
        username: null,
        name: null,
        email: null,
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
    });
  },
);

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
