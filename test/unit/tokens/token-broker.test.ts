import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/cache/memory-store.js';
import { GatewayError, TokenRejectedError } from '../../../src/errors.js';
import type { ClerkApi, OAuthTokenRecord } from '../../../src/tokens/clerk-api.js';
import {
  type AccountRef,
  createTokenBroker,
  REJECTED_TOKEN_TTL_MS,
} from '../../../src/tokens/token-broker.js';

const MARGIN_MS = 60_000;
const UNKNOWN_EXPIRY_TTL_MS = 300_000;
const START = Date.parse('2026-08-21T12:00:00.000Z');

const USER = 'user_1';
const ACCOUNT_A: AccountRef = { id: 'eac_a', providerId: 'github' };
const ACCOUNT_B: AccountRef = { id: 'eac_b', providerId: 'github' };
const NOTION: AccountRef = { id: 'eac_n', providerId: 'notion' };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run (no timers involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface HeldCall {
  readonly userId: string;
  readonly providerId: string;
  /** Answers with the tokens the fake holds at release time. */
  release(): void;
  fail(error: unknown): void;
}

/**
 * A hand-written Clerk: the test sets the tokens each (user, provider) holds, counts the calls, and can
 * hold calls until it releases them, to line up concurrent requests.
 */
function createFakeClerk() {
  const tokens = new Map<string, readonly OAuthTokenRecord[]>();
  const calls: string[] = [];
  const held: HeldCall[] = [];
  let holding = false;

  const current = (userId: string, providerId: string) => tokens.get(`${userId}/${providerId}`) ?? [];

  const api: ClerkApi = {
    getUser: () => Promise.reject(new Error('getUser is not part of these tests')),
    getJwks: () => Promise.reject(new Error('getJwks is not part of these tests')),
    getOauthTokens(userId, providerId) {
      calls.push(`${userId}/${providerId}`);
      if (!holding) return Promise.resolve(current(userId, providerId));
      const call = deferred<readonly OAuthTokenRecord[]>();
      held.push({
        userId,
        providerId,
        release: () => call.resolve(current(userId, providerId)),
        fail: call.reject,
      });
      return call.promise;
    },
  };

  return {
    api,
    calls,
    held,
    setTokens(userId: string, providerId: string, records: readonly OAuthTokenRecord[]) {
      tokens.set(`${userId}/${providerId}`, records);
    },
    hold() {
      holding = true;
    },
  };
}

function setup() {
  let t = START;
  const clock = {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
  const clerk = createFakeClerk();
  const cache = createMemoryStore({ maxEntries: 1_000, clock });
  const broker = createTokenBroker({
    clerk: clerk.api,
    cache,
    expiryMarginMs: MARGIN_MS,
    unknownExpiryTtlMs: UNKNOWN_EXPIRY_TTL_MS,
    clock,
  });
  return { clock, clerk, cache, broker };
}

const inAnHour = START + 3_600_000;

function token(
  externalAccountId: string,
  value: string,
  expiresAt: number | null = inAnHour,
): OAuthTokenRecord {
  return { externalAccountId, token: value, expiresAt };
}

/** A provider call the test answers by hand: each invocation is recorded with the token it got. */
function createProviderCall() {
  const invocations: { token: string; answer: ReturnType<typeof deferred<string>> }[] = [];
  return {
    invocations,
    tokens: () => invocations.map(({ token }) => token),
    call(token: string): Promise<string> {
      const answer = deferred<string>();
      invocations.push({ token, answer });
      return answer.promise;
    },
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createTokenBroker', () => {
  describe('getToken', () => {
    it.each([
      ['A first', [token('eac_a', 'tok-a'), token('eac_b', 'tok-b')]],
      ['B first', [token('eac_b', 'tok-b'), token('eac_a', 'tok-a')]],
    ])('matches tokens to accounts by externalAccountId when Clerk lists %s', async (_name, records) => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', records);

      expect(await broker.getToken(USER, ACCOUNT_B)).toBe('tok-b');
      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-a');
    });

    it('serves every account of the provider from one Clerk call', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-a'), token('eac_b', 'tok-b')]);

      await broker.getToken(USER, ACCOUNT_A);
      await broker.getToken(USER, ACCOUNT_B);
      await broker.getToken(USER, ACCOUNT_A);

      expect(clerk.calls).toEqual([`${USER}/github`]);
    });

    it('asks Clerk separately for each provider', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-a')]);
      clerk.setTokens(USER, 'notion', [token('eac_n', 'tok-n')]);

      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-a');
      expect(await broker.getToken(USER, NOTION)).toBe('tok-n');
      expect(clerk.calls).toEqual([`${USER}/github`, `${USER}/notion`]);
    });

    it('keeps a token until its expiry minus the margin', async () => {
      const { clock, clerk, broker } = setup();
      const expiresAt = START + 600_000;
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1', expiresAt)]);
      await broker.getToken(USER, ACCOUNT_A);
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-2', expiresAt + 600_000)]);

      clock.advance(expiresAt - MARGIN_MS - START - 1);
      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-1');
      expect(clerk.calls).toHaveLength(1);

      clock.advance(1);
      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-2');
      expect(clerk.calls).toHaveLength(2);
    });

    it('uses a token already inside the margin without caching it', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-short', START + MARGIN_MS - 1)]);

      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-short');
      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-short');
      expect(clerk.calls).toHaveLength(2);
    });

    it('keeps a token of unknown expiry for the capped lifetime only', async () => {
      const { clock, clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1', null)]);
      await broker.getToken(USER, ACCOUNT_A);

      clock.advance(UNKNOWN_EXPIRY_TTL_MS - 1);
      await broker.getToken(USER, ACCOUNT_A);
      expect(clerk.calls).toHaveLength(1);

      clock.advance(1);
      await broker.getToken(USER, ACCOUNT_A);
      expect(clerk.calls).toHaveLength(2);
    });

    it('lets concurrent cold requests share one Clerk call', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-a'), token('eac_b', 'tok-b')]);
      clerk.hold();

      const requests = [
        broker.getToken(USER, ACCOUNT_A),
        broker.getToken(USER, ACCOUNT_B),
        broker.getToken(USER, ACCOUNT_A),
      ];
      await settle();
      expect(clerk.held).toHaveLength(1);
      clerk.held[0]?.release();

      expect(await Promise.all(requests)).toEqual(['tok-a', 'tok-b', 'tok-a']);
      expect(clerk.calls).toHaveLength(1);
    });

    it('does not remember a failed Clerk call', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-a')]);
      clerk.hold();
      const failed = broker.getToken(USER, ACCOUNT_A);
      await settle();
      clerk.held[0]?.fail(new GatewayError('CLERK_UNAVAILABLE', 'Clerk failed.'));
      expect(await rejectionOf(failed)).toMatchObject({ code: 'CLERK_UNAVAILABLE' });

      const retried = broker.getToken(USER, ACCOUNT_A);
      await settle();
      clerk.held[1]?.release();

      expect(await retried).toBe('tok-a');
    });

    it.each([
      ['Clerk has tokens for other accounts only', [token('eac_b', 'tok-b')]],
      ['Clerk has no tokens at all', []],
    ])('answers REAUTH_REQUIRED when %s', async (_name, records) => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', records);

      const error = await rejectionOf(broker.getToken(USER, ACCOUNT_A));

      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ code: 'REAUTH_REQUIRED' });
    });

    it("never serves one user's token to another", async () => {
      const { clerk, broker } = setup();
      // Even with the same account id, the cache is keyed by user.
      clerk.setTokens('user_1', 'github', [token('eac_a', 'tok-user-1')]);
      clerk.setTokens('user_2', 'github', [token('eac_a', 'tok-user-2')]);

      expect(await broker.getToken('user_1', ACCOUNT_A)).toBe('tok-user-1');
      expect(await broker.getToken('user_2', ACCOUNT_A)).toBe('tok-user-2');
      expect(await broker.getToken('user_1', ACCOUNT_A)).toBe('tok-user-1');
      expect(clerk.calls).toEqual(['user_1/github', 'user_2/github']);
    });

    it('does not let concurrent cold requests of two users share a Clerk call', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens('user_1', 'github', [token('eac_a', 'tok-user-1')]);
      clerk.setTokens('user_2', 'github', [token('eac_a', 'tok-user-2')]);
      clerk.hold();

      const requests = [broker.getToken('user_1', ACCOUNT_A), broker.getToken('user_2', ACCOUNT_A)];
      await settle();
      for (const call of clerk.held) call.release();

      expect(await Promise.all(requests)).toEqual(['tok-user-1', 'tok-user-2']);
      expect(clerk.calls).toEqual(['user_1/github', 'user_2/github']);
    });
  });

  describe('withToken', () => {
    it('calls the provider once with the cached token', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      const calls: string[] = [];

      const result = await broker.withToken(USER, ACCOUNT_A, async (value) => {
        calls.push(value);
        return 'repos';
      });

      expect(result).toBe('repos');
      expect(calls).toEqual(['tok-1']);
    });

    it('drops a rejected token, fetches a fresh one once and retries once with it', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      await broker.getToken(USER, ACCOUNT_A);
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-2')]);
      const calls: string[] = [];

      const result = await broker.withToken(USER, ACCOUNT_A, async (value) => {
        calls.push(value);
        if (value === 'tok-1') throw new TokenRejectedError('github');
        return 'repos';
      });

      expect(result).toBe('repos');
      expect(calls).toEqual(['tok-1', 'tok-2']);
      expect(clerk.calls).toHaveLength(2);
    });

    it('keeps the fresh token for the next request', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      await broker.getToken(USER, ACCOUNT_A);
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-2')]);
      await broker.withToken(USER, ACCOUNT_A, async (value) => {
        if (value === 'tok-1') throw new TokenRejectedError('github');
        return 'repos';
      });

      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-2');
      expect(clerk.calls).toHaveLength(2);
    });

    it('answers REAUTH_REQUIRED when the fresh token is rejected too', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      await broker.getToken(USER, ACCOUNT_A);
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-2')]);
      const calls: string[] = [];

      const error = await rejectionOf(
        broker.withToken(USER, ACCOUNT_A, async (value) => {
          calls.push(value);
          throw new TokenRejectedError('github');
        }),
      );

      expect(error).toMatchObject({ code: 'REAUTH_REQUIRED' });
      expect(calls).toEqual(['tok-1', 'tok-2']);
      expect(clerk.calls).toHaveLength(2);
    });

    it('does not retry when Clerk hands back the rejected token', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      const calls: string[] = [];

      const error = await rejectionOf(
        broker.withToken(USER, ACCOUNT_A, async (value) => {
          calls.push(value);
          throw new TokenRejectedError('github');
        }),
      );

      expect(error).toMatchObject({ code: 'REAUTH_REQUIRED' });
      expect(calls).toEqual(['tok-1']);
      expect(clerk.calls).toHaveLength(2);
    });

    it('remembers a refused account briefly: the next request fails fast, calling neither Clerk nor the provider', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      const refuse = async (): Promise<string> => {
        throw new TokenRejectedError('github');
      };
      await rejectionOf(broker.withToken(USER, ACCOUNT_A, refuse));
      const clerkCallsBefore = clerk.calls.length;
      const calls: string[] = [];

      const error = await rejectionOf(
        broker.withToken(USER, ACCOUNT_A, async (value) => {
          calls.push(value);
          return value;
        }),
      );

      expect(error).toMatchObject({ code: 'REAUTH_REQUIRED' });
      expect(calls).toEqual([]);
      expect(clerk.calls).toHaveLength(clerkCallsBefore);
    });

    it('asks Clerk again once the memory of a refusal has expired', async () => {
      const { clerk, broker, clock } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      await rejectionOf(
        broker.withToken(USER, ACCOUNT_A, async (): Promise<string> => {
          throw new TokenRejectedError('github');
        }),
      );
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-reconnected')]);
      clock.advance(REJECTED_TOKEN_TTL_MS);

      await expect(broker.withToken(USER, ACCOUNT_A, async (value) => value)).resolves.toBe(
        'tok-reconnected',
      );
    });

    it('answers REAUTH_REQUIRED when Clerk no longer has a token after a rejection', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      await broker.getToken(USER, ACCOUNT_A);
      clerk.setTokens(USER, 'github', []);
      const calls: string[] = [];

      const error = await rejectionOf(
        broker.withToken(USER, ACCOUNT_A, async (value) => {
          calls.push(value);
          throw new TokenRejectedError('github');
        }),
      );

      expect(error).toMatchObject({ code: 'REAUTH_REQUIRED' });
      expect(calls).toEqual(['tok-1']);
    });

    it.each([
      ['a provider failure', new GatewayError('PROVIDER_ERROR', 'GitHub failed.')],
      ['a rate limit', new GatewayError('RATE_LIMITED', 'Slow down.', { retryAfter: 30 })],
      ['an unexpected error', new TypeError('boom')],
    ])('passes %s through without asking Clerk again', async (_name, thrown) => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      let invocations = 0;

      const error = await rejectionOf(
        broker.withToken(USER, ACCOUNT_A, async () => {
          invocations++;
          throw thrown;
        }),
      );

      expect(error).toBe(thrown);
      expect(invocations).toBe(1);
      expect(clerk.calls).toHaveLength(1);
      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-1');
    });

    it('lets concurrent rejections of one token share one fresh Clerk call', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      await broker.getToken(USER, ACCOUNT_A);
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-2')]);
      const provider = createProviderCall();

      const requests = [
        broker.withToken(USER, ACCOUNT_A, provider.call),
        broker.withToken(USER, ACCOUNT_A, provider.call),
      ];
      await settle();
      for (const { answer } of provider.invocations) answer.reject(new TokenRejectedError('github'));
      await settle();
      for (const { answer } of provider.invocations.slice(2)) answer.resolve('repos');

      expect(await Promise.all(requests)).toEqual(['repos', 'repos']);
      expect(provider.tokens()).toEqual(['tok-1', 'tok-1', 'tok-2', 'tok-2']);
      expect(clerk.calls).toHaveLength(2);
    });

    it('does not let a stale rejection evict a token another request already refreshed', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-1')]);
      await broker.getToken(USER, ACCOUNT_A);
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-2')]);
      const provider = createProviderCall();

      // Both requests start with tok-1; the first is refused and refreshes to tok-2 before the second,
      // slower answer refuses tok-1 as well.
      const first = broker.withToken(USER, ACCOUNT_A, provider.call);
      const second = broker.withToken(USER, ACCOUNT_A, provider.call);
      await settle();
      provider.invocations[0]?.answer.reject(new TokenRejectedError('github'));
      await settle();
      provider.invocations[2]?.answer.resolve('first');
      expect(await first).toBe('first');
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-3')]);

      provider.invocations[1]?.answer.reject(new TokenRejectedError('github'));
      await settle();
      provider.invocations[3]?.answer.resolve('second');

      expect(await second).toBe('second');
      expect(provider.tokens()).toEqual(['tok-1', 'tok-1', 'tok-2', 'tok-2']);
      expect(clerk.calls).toHaveLength(2);
      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-2');
    });

    it('refreshes only the rejected account', async () => {
      const { clerk, broker } = setup();
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-a1'), token('eac_b', 'tok-b1')]);
      await broker.getToken(USER, ACCOUNT_A);
      clerk.setTokens(USER, 'github', [token('eac_a', 'tok-a2'), token('eac_b', 'tok-b2')]);

      await broker.withToken(USER, ACCOUNT_A, async (value) => {
        if (value === 'tok-a1') throw new TokenRejectedError('github');
        return 'repos';
      });

      // The fresh call re-caches every account's token, so B now holds what Clerk last said.
      expect(await broker.getToken(USER, ACCOUNT_A)).toBe('tok-a2');
      expect(await broker.getToken(USER, ACCOUNT_B)).toBe('tok-b2');
      expect(clerk.calls).toHaveLength(2);
    });
  });
});
