/**
 * What every provider must do for `ConnectedAccount.profile`, through the real gateway and the
 * provider's emulator: read the profile, turn the provider's own "this token is no good" answer into
 * `REAUTH_REQUIRED` and its own rate-limit answer into `RATE_LIMITED` with `retryAfter`, and refuse
 * without a call an account that lacks the profile's scopes. Each `test/providers/<id>.test.ts` runs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput, EmulatedAccount, Emulator } from '../../src/emulator/index.js';
import { providerModuleOf } from '../../src/providers/registry.js';
import { graphql } from '../gql/index.js';
import { type Stack, startStack } from './stack.js';

const Profiles = graphql(`
  query ProfileContract {
    me {
      connectedAccounts {
        id
        provider
        providerKey
        profile {
          id
          username
          name
          email
          avatarUrl
          url
          source
        }
      }
    }
  }
`);

export interface ExpectedProfile {
  id: string;
  username?: string | null;
  name?: string | null;
  email?: string | null;
  avatarUrl?: string | null;
  url?: string | null;
}

export interface ProfileContract {
  /** Provider id (`github`) as in the registry. */
  readonly provider: string;
  /** How the test account is connected (scopes, names…), on top of defaults. */
  readonly account?: Omit<ConnectAccountInput, 'provider'>;
  /** The profile the gateway must answer for the account, from what the emulator holds. */
  readonly expected: (account: EmulatedAccount, emulator: Emulator) => ExpectedProfile;
  /** Extra gateway settings (e.g. `GATEWAY_TWITCH_CLIENT_ID`). */
  readonly env?: Record<string, string>;
  /**
   * Whether the provider's rate-limit answer says how long to wait (default). A provider whose 429
   * carries no wait (Coinbase) gets the gateway's default of 60 s.
   */
  readonly rateLimitSaysWait?: boolean;
}

export function describeProfileContract(contract: ProfileContract): void {
  const module = providerModuleOf(contract.provider);
  const manifest = module?.manifest;
  const profileScopes = manifest?.fieldScopes.profile ?? [];

  describe(`${contract.provider} profile (the provider contract)`, () => {
    let stack: Stack;

    beforeAll(async () => {
      stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0', ...contract.env } });
    });
    afterAll(() => stack.close());

    function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
      const user = stack.emulator.clerk.createUser();
      const account = stack.emulator.clerk.connectAccount(user.id, {
        provider: contract.provider,
        ...contract.account,
        ...input,
      });
      return { account, token: stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 }) };
    }

    async function profileOf(token: string) {
      const response = await stack.query(Profiles, {}, { token });
      return { response, account: response.body.data?.me?.connectedAccounts[0] };
    }

    it('is registered with a profile reader', () => {
      expect(module?.readProfile).toBeTypeOf('function');
    });

    it("reads the profile from the provider's API", async () => {
      const { account, token } = connect();
      stack.emulator.calls.reset();
      const { response, account: answered } = await profileOf(token);
      expect(response.body.errors).toBeUndefined();
      expect(answered?.profile).toEqual({
        username: null,
        name: null,
        email: null,
        avatarUrl: null,
        url: null,
        ...contract.expected(account, stack.emulator),
        source: 'PROVIDER',
      });
      expect(stack.emulator.calls.count({ service: contract.provider })).toBeGreaterThan(0);
    });

    it("answers the provider's invalid-token signal with REAUTH_REQUIRED after one fresh token", async () => {
      const { account, token } = connect();
      stack.emulator.clerk.revokeAtProvider(account.id);
      const { response, account: answered } = await profileOf(token);
      expect(answered?.profile).toBeNull();
      expect(response.body.errors?.map((error) => error.extensions)).toEqual([
        { code: 'REAUTH_REQUIRED', provider: contract.provider, accountId: account.id },
      ]);
    });

    it("answers the provider's rate-limit signal with RATE_LIMITED and retryAfter", async () => {
      const { account, token } = connect();
      stack.emulator.providers[contract.provider]?.rateLimit(account.id, { retryAfterSeconds: 30 });
      const { response } = await profileOf(token);
      const extensions = response.body.errors?.[0]?.extensions;
      expect(extensions).toMatchObject({
        code: 'RATE_LIMITED',
        provider: contract.provider,
        accountId: account.id,
      });
      if (contract.rateLimitSaysWait === false) {
        expect(extensions?.retryAfter).toBe(60);
      } else {
        expect(extensions?.retryAfter).toBeGreaterThanOrEqual(1);
        expect(extensions?.retryAfter).toBeLessThanOrEqual(31);
      }
    });

    if (profileScopes.length > 0) {
      it('refuses an account without the profile scopes with MISSING_SCOPES, without a call', async () => {
        const { account, token } = connect({ scopes: [] });
        stack.emulator.calls.reset();
        const { response } = await profileOf(token);
        expect(response.body.errors?.map((error) => error.extensions)).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: contract.provider,
            accountId: account.id,
            requiredScopes: [...profileScopes],
            grantedScopes: [],
          },
        ]);
        expect(stack.emulator.calls.count({ service: contract.provider })).toBe(0);
      });
    }
  });
}
