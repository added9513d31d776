/**
 * One harness for every provider test: `describeProvider` starts the real gateway on the emulator once
 * per file, runs the provider contract against it, and hands the file's own cases the same stack and
 * helpers (`connect`, `profileOf`, `answerOnce`, `callApi`).
 *
 * The contract: the profile is read from the provider's API (in at most the calls its declaration
 * says, which the query cost counts), the provider's own "this token is no good" answer becomes
 * `REAUTH_REQUIRED` after one fresh token, its own rate-limit answer `RATE_LIMITED` with `retryAfter`,
 * and an account without the profile's scopes is refused with `MISSING_SCOPES` before any call. A
 * provider without an API (Apple) answers Clerk's record of the account, without a call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConnectAccountInput,
  EmulatedAccount,
  EmulatedUser,
  Emulator,
  FaultSpec,
} from '../../src/emulator/index.js';
import { PROVIDERS } from '../../src/providers/index.js';
import type { Provider } from '../../src/providers/provider-declaration.js';
import { scopeDetails } from '../../src/providers/scope-requirements.js';
import { graphql } from '../gql/index.js';
import { type GraphQLResponse, type Stack, type StackEnv, type StackOptions, startStack } from './stack.js';

const Profiles = graphql(`
  query ProviderProfile {
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

export interface ProfileJson {
  id: string;
  username: string | null;
  name: string | null;
  email: string | null;
  avatarUrl: string | null;
  url: string | null;
  source: string;
}

export interface ExpectedProfile {
  id: string;
  username?: string | null;
  name?: string | null;
  email?: string | null;
  avatarUrl?: string | null;
  url?: string | null;
}

export type AccountInput = Omit<ConnectAccountInput, 'provider'>;

export interface ProviderTestSpec {
  /** The provider id (`github`), as declared: the emulated service too. */
  readonly provider: string;
  /**
   * The Clerk provider of the test accounts, and the `provider` of their errors, when it is not the
   * provider id: a custom OIDC connection (`custom_acme`).
   */
  readonly connection?: string;
  /** How the test account is connected (scopes, names…), on top of the emulator's defaults. */
  readonly account?: AccountInput;
  /** The profile the gateway must answer for the account, from what the emulator holds. */
  readonly expected: (account: EmulatedAccount, emulator: Emulator) => ExpectedProfile;
  /** Extra gateway settings (e.g. `GATEWAY_TWITCH_CLIENT_ID`); retries are off unless set here. */
  readonly env?: StackEnv;
  /** Emulator options (a fixed port). */
  readonly emulator?: StackOptions['emulator'];
  /**
   * Whether the provider's rate-limit answer says how long to wait (default). A provider whose 429
   * carries no wait (Coinbase) gets the gateway's default of 60 s.
   */
  readonly rateLimitSaysWait?: boolean;
}

/** A canned answer to an account's calls (to `route` only, when given). */
export interface CannedAnswer {
  readonly status: number;
  readonly body?: FaultSpec['body'];
  readonly headers?: Record<string, string>;
  readonly route?: string;
  /** How many calls get it; default every one of the account's. */
  readonly times?: number;
}

export interface ProfileAnswer {
  readonly response: GraphQLResponse<unknown>;
  /** The profile of the user's first account, `null` when the field failed. */
  readonly profile: ProfileJson | null;
  /** The `extensions` of every error, in order; empty when none. */
  readonly errors: Record<string, unknown>[];
}

export interface ProviderTest {
  readonly provider: Provider;
  /** The running gateway and emulator (inside a test or hook only). */
  readonly stack: Stack;
  readonly emulator: Emulator;
  /** A new user with one account of the provider, and a session token for them. */
  connect(input?: AccountInput): { account: EmulatedAccount; user: EmulatedUser; token: string };
  /** `ConnectedAccount.profile` of the user's first account, through the gateway (or `via` another). */
  profileOf(token: string, via?: Stack): Promise<ProfileAnswer>;
  /**
   * Another gateway on the same emulator, with these settings changed (`undefined` removes one): for
   * cases about the operator's configuration. Close it when done.
   */
  gatewayWith(env: Record<string, string | undefined>): Promise<Stack>;
  /** From now on the provider answers the account's calls with this (the next `times` only, when given). */
  answerOnce(accountId: string, answer: CannedAnswer): void;
  /** A request straight to the provider's emulated API, at `path` under its base URL. */
  callApi(
    path: string,
    init?: { method?: string; token?: string; headers?: Record<string, string>; body?: string },
  ): Promise<Response>;
}

export function describeProvider(spec: ProviderTestSpec, cases?: (t: ProviderTest) => void): void {
  const provider = PROVIDERS.find((candidate) => candidate.id === spec.provider);
  if (!provider) throw new Error(`${spec.provider} is not a declared provider`);
  let running: Stack | undefined;
  const stackOf = () => {
    if (!running) throw new Error('the stack runs inside tests and hooks only');
    return running;
  };

  const t: ProviderTest = {
    provider,
    get stack() {
      return stackOf();
    },
    get emulator() {
      return stackOf().emulator;
    },
    connect(input = {}) {
      const { clerk } = stackOf().emulator;
      const user = clerk.createUser();
      const account = clerk.connectAccount(user.id, {
        provider: spec.connection ?? spec.provider,
        ...spec.account,
        ...input,
      });
      return { account, user, token: clerk.signSessionToken(user.id, { expiresInSeconds: 600 }) };
    },
    async profileOf(token, via) {
      const response = await (via ?? stackOf()).query(Profiles, {}, { token });
      return {
        response,
        profile: (response.body.data?.me?.connectedAccounts[0]?.profile as ProfileJson | null) ?? null,
        errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    },
    answerOnce(accountId, answer) {
      stackOf().emulator.faults.inject({
        service: spec.provider,
        accountId,
        status: answer.status,
        ...(answer.body === undefined ? {} : { body: answer.body }),
        ...(answer.headers === undefined ? {} : { headers: answer.headers }),
        ...(answer.route === undefined ? {} : { route: answer.route }),
        ...(answer.times === undefined ? {} : { times: answer.times }),
      });
    },
    gatewayWith(env) {
      return startStack({
        on: stackOf().emulator,
        env: (emulator) => ({
          GATEWAY_RETRY_BUDGET_MS: '0',
          ...(typeof spec.env === 'function' ? spec.env(emulator) : spec.env),
          ...env,
        }),
      });
    },
    callApi(path, init = {}) {
      return fetch(`${stackOf().emulator.baseUrl(spec.provider)}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
    },
  };

  describe(spec.provider, () => {
    beforeAll(async () => {
      running = await startStack({
        env: (emulator) => ({
          GATEWAY_RETRY_BUDGET_MS: '0',
          ...(typeof spec.env === 'function' ? spec.env(emulator) : spec.env),
        }),
        ...(spec.emulator ? { emulator: spec.emulator } : {}),
      });
    });
    afterAll(() => running?.close());

    describe('the provider contract', () => describeContract(t, spec));
    cases?.(t);
  });
}

function describeContract(t: ProviderTest, spec: ProviderTestSpec): void {
  const { provider } = t;
  const errorProvider = spec.connection ?? spec.provider;
  const profile = provider.profile;
  const profileScopes = provider.fieldScopes.profile ?? [];
  const emptyProfile = { username: null, name: null, email: null, avatarUrl: null, url: null };

  if (!profile) {
    it("answers Clerk's record of the account, without a call", async () => {
      const { account, token } = t.connect();
      t.emulator.calls.reset();
      const { profile: answered, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(answered).toEqual({ ...emptyProfile, ...spec.expected(account, t.emulator), source: 'CLERK' });
      expect(t.emulator.calls.all().filter((call) => call.service !== 'clerk')).toEqual([]);
    });
    return;
  }

  it(`reads the profile from the provider's API, in at most ${profile.calls} call(s)`, async () => {
    const { account, token } = t.connect();
    t.emulator.calls.reset();
    const { profile: answered, errors } = await t.profileOf(token);
    expect(errors).toEqual([]);
    expect(answered).toEqual({ ...emptyProfile, ...spec.expected(account, t.emulator), source: 'PROVIDER' });
    const calls = t.emulator.calls.count({ service: spec.provider });
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(profile.calls);
  });

  it("answers the provider's invalid-token signal with REAUTH_REQUIRED after one fresh token", async () => {
    const { account, token } = t.connect();
    t.emulator.clerk.revokeAtProvider(account.id);
    const { profile: answered, errors } = await t.profileOf(token);
    expect(answered).toBeNull();
    expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: errorProvider, accountId: account.id }]);
  });

  it("answers the provider's rate-limit signal with RATE_LIMITED and retryAfter", async () => {
    const { account, token } = t.connect();
    t.emulator.providers[spec.provider]?.rateLimit(account.id, { retryAfterSeconds: 30 });
    const { errors } = await t.profileOf(token);
    expect(errors[0]).toMatchObject({ code: 'RATE_LIMITED', provider: errorProvider, accountId: account.id });
    if (spec.rateLimitSaysWait === false) {
      expect(errors[0]?.retryAfter).toBe(60);
    } else {
      expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(1);
      expect(errors[0]?.retryAfter).toBeLessThanOrEqual(31);
    }
  });

  if (profileScopes.length > 0) {
    it('refuses an account without the profile scopes with MISSING_SCOPES, without a call', async () => {
      const { account, token } = t.connect({ scopes: [] });
      t.emulator.calls.reset();
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: errorProvider,
          accountId: account.id,
          ...scopeDetails(profileScopes, []),
        },
      ]);
      expect(t.emulator.calls.count({ service: spec.provider })).toBe(0);
    });
  }
}
