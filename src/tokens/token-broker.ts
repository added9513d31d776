/**
 * The token broker: every provider call gets its account's OAuth access token here.
 *
 * Policy (README, "Tokens and caching"):
 * - One `getUserOauthAccessToken(user, provider)` call answers for all of the user's accounts of that
 *   provider; each token is matched to its account by `externalAccountId`, never by position.
 * - Tokens are cached until `expires_at` minus a safety margin; a token whose expiry is unknown is kept
 *   for a capped time. A token already inside the margin is used once but not cached.
 * - Concurrent requests for the same (user, provider) share one in-flight Clerk call; across instances
 *   sharing Redis, a short lock (`shared-fetch.ts`) lets one of them call Clerk while the others wait for
 *   its tokens in the shared cache.
 * - A provider 401 drops that token, fetches a fresh one once and retries once; a second refusal is
 *   `REAUTH_REQUIRED`. Dropping is compare-and-delete, so one stale refusal cannot evict a token another
 *   request has just refreshed.
 * - A token refused even after that is remembered as refused for a short while: the account answers
 *   `REAUTH_REQUIRED` at once instead of costing a provider call and a Clerk call on every request.
 */
import type { CacheStore, Clock, SharedLocks } from '../cache/cache-store.js';
import { systemClock, tokenCacheKey } from '../cache/cache-store.js';
import { fetchOnce } from '../cache/shared-fetch.js';
import { createSingleFlight } from '../cache/single-flight.js';
import { GatewayError, TokenRejectedError } from '../errors.js';
import type { ClerkApi, OAuthTokenRecord } from './clerk-api.js';

/** What the broker needs to know of an account. */
export interface AccountRef {
  readonly id: string;
  readonly providerId: string;
}

/** The user's tokens of one provider by account id, fetched ahead; `undefined`: another instance did. */
export type TokensAhead = Promise<ReadonlyMap<string, string> | undefined>;

export interface TokenBroker {
  /**
   * `deadline` (epoch ms) bounds the Clerk call a cold token needs. `ahead`: the fetch `prefetch`
   * started for the account's provider, used on a cache miss (its failure is this call's).
   */
  getToken(userId: string, account: AccountRef, deadline?: number, ahead?: TokensAhead): Promise<string>;
  /**
   * Starts fetching the user's tokens of `providerId` before their accounts are known (a cold user's
   * query, alongside the user lookup); hand the promise to `getToken`/`withToken`. A user without such
   * an account costs the one call. The promise never rejects unhandled.
   */
  prefetch(userId: string, providerId: string, deadline?: number): TokensAhead;
  /** Run `call` with the account's token, refreshing the token once if the provider rejects it. */
  withToken<T>(
    userId: string,
    account: AccountRef,
    call: (token: string) => Promise<T>,
    deadline?: number,
    ahead?: TokensAhead,
  ): Promise<T>;
}

export interface TokenBrokerOptions {
  readonly clerk: ClerkApi;
  readonly cache: CacheStore;
  readonly expiryMarginMs: number;
  readonly unknownExpiryTtlMs: number;
  readonly clock?: Clock;
  /** Told whether each token lookup found the token in the cache (metrics). */
  readonly onLookup?: (found: boolean) => void;
  /** Locks shared by the instances of a deployment; omitted: this process is alone. */
  readonly locks?: SharedLocks;
}

interface CachedToken {
  readonly token: string;
  /** The provider refused this token, and Clerk had no other. */
  readonly rejected?: true;
}

/** Marks a (user, provider) whose tokens are cached; every key starts with its user id. */
const fetchedKey = (userId: string, providerId: string) => `${userId}:tokens-of:${providerId}`;

/** Short, so that an account the user reconnects works again soon (the user record is cached 30 s too). */
export const REJECTED_TOKEN_TTL_MS = 15_000;

export function createTokenBroker(options: TokenBrokerOptions): TokenBroker {
  const clock = options.clock ?? systemClock;
  const singleFlight = createSingleFlight();
  const tokenKey = tokenCacheKey;

  function lifetimeOf(token: OAuthTokenRecord): number {
    if (token.expiresAt === null) return options.unknownExpiryTtlMs;
    return token.expiresAt - options.expiryMarginMs - clock.now();
  }

  /**
   * One Clerk call for the provider; caches every account's token and returns them by account id.
   * Callers joining a call in flight share the deadline of the one that started it, which began
   * earlier and so ends no later than theirs.
   */
  function fetchTokens(userId: string, providerId: string, flight: 'cold' | 'fresh', deadline?: number) {
    return singleFlight(`${flight}:${userId}:${providerId}`, async () => {
      const tokens = await options.clerk.getOauthTokens(userId, providerId, deadline);
      const byAccount = new Map<string, string>();
      for (const token of tokens) {
        byAccount.set(token.externalAccountId, token.token);
        await options.cache.set<CachedToken>(
          tokenKey(userId, token.externalAccountId),
          { token: token.token },
          lifetimeOf(token),
        );
      }
      // Says the provider's tokens were fetched, for another instance that waited on a prefetch (which
      // knows no account to look for): as long as the shortest-lived of them. Alone, nobody waits.
      if (options.locks) {
        const lifetimes = tokens.map(lifetimeOf);
        await options.cache.set(
          fetchedKey(userId, providerId),
          true,
          lifetimes.length > 0 ? Math.min(...lifetimes) : options.unknownExpiryTtlMs,
        );
      }
      return byAccount;
    });
  }

  /**
   * The provider's tokens, from one Clerk call shared by every caller in this process and, with Redis,
   * by every instance: `undefined` when another instance fetched them (read them from the cache).
   */
  function fetchShared(
    userId: string,
    providerId: string,
    fetchedElsewhere: () => Promise<boolean>,
    deadline?: number,
  ): Promise<Map<string, string> | undefined> {
    return singleFlight(`shared:${userId}:${providerId}`, () =>
      fetchOnce({
        locks: options.locks,
        name: `tokens:${userId}:${providerId}`,
        deadline,
        fetchedElsewhere,
        fetch: () => fetchTokens(userId, providerId, 'cold', deadline),
      }),
    );
  }

  function pick(tokens: ReadonlyMap<string, string>, account: AccountRef): string {
    const token = tokens.get(account.id);
    if (token) return token;
    throw new GatewayError(
      'REAUTH_REQUIRED',
      'Clerk holds no access token for this account: the user must connect it again.',
    );
  }

  async function getToken(
    userId: string,
    account: AccountRef,
    deadline?: number,
    ahead?: TokensAhead,
  ): Promise<string> {
    const cached = await options.cache.get<CachedToken>(tokenKey(userId, account.id));
    options.onLookup?.(cached !== undefined);
    if (cached?.rejected) {
      throw new GatewayError(
        'REAUTH_REQUIRED',
        "The provider rejected the account's access token: the user must connect the account again.",
      );
    }
    if (cached) return cached.token;
    // Fetched alongside the user lookup: used even when not cacheable (about to expire).
    const early = ahead && (await ahead);
    if (early) return pick(early, account);
    const fetched = await fetchShared(
      userId,
      account.providerId,
      // The tokens another instance fetched meanwhile are in the shared cache.
      async () => (await options.cache.get<CachedToken>(tokenKey(userId, account.id))) !== undefined,
      deadline,
    );
    if (fetched) return pick(fetched, account);
    const shared = await options.cache.get<CachedToken>(tokenKey(userId, account.id));
    if (shared && !shared.rejected) return shared.token;
    return pick(await fetchTokens(userId, account.providerId, 'cold', deadline), account);
  }

  async function refreshToken(
    userId: string,
    account: AccountRef,
    rejected: string,
    deadline: number | undefined,
  ): Promise<string> {
    const key = tokenKey(userId, account.id);
    const cached = await options.cache.get<CachedToken>(key);
    if (cached && cached.token !== rejected) return cached.token;
    await options.cache.delete(key);
    return pick(await fetchTokens(userId, account.providerId, 'fresh', deadline), account);
  }

  return {
    getToken,
    prefetch(userId, providerId, deadline) {
      const fetched = fetchShared(
        userId,
        providerId,
        async () => (await options.cache.get(fetchedKey(userId, providerId))) !== undefined,
        deadline,
      );
      // Met by `getToken` when an account needs it; an operation that turns out not to is not failed.
      fetched.catch(() => {});
      return fetched;
    },
    async withToken(userId, account, call, deadline, ahead) {
      const token = await getToken(userId, account, deadline, ahead);
      try {
        return await call(token);
      } catch (error) {
        if (!(error instanceof TokenRejectedError)) throw error;
        const fresh = await refreshToken(userId, account, token, deadline);
        try {
          // Clerk handing back the same token means a retry would be refused again.
          if (fresh === token) throw error;
          return await call(fresh);
        } catch (refusal) {
          if (refusal instanceof TokenRejectedError) {
            await options.cache.set<CachedToken>(
              tokenKey(userId, account.id),
              { token: fresh, rejected: true },
              REJECTED_TOKEN_TTL_MS,
            );
          }
          throw refusal;
        }
      }
    },
  };
}
