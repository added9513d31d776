/**
 * The Coinbase App API v2 as the gateway uses it (docs/providers.md#coinbase): `GET /v2/user` with its
 * scope-dependent fields, `GET /v2/accounts` with Coinbase's cursor pagination (`limit` 1–100,
 * `starting_after` / `ending_before` object ids, `next_uri`), a `missing_version` warning, and Coinbase's
 * `{errors: [{id, message}]}` answers, `invalid_scope` for a token without `wallet:accounts:read`.
 */
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { type CoinbaseAccountJson, generateAccounts } from './fixtures.js';

export type { CoinbaseAccountJson, CoinbaseCurrencyJson } from './fixtures.js';

export interface CoinbaseEmulator extends ProviderEmulatorApi {
  /**
   * The accounts `GET /v2/accounts` lists for this user, newest first (`order=desc`). A count generates
   * deterministic ones. Without it, every user has {@link DEFAULT_ACCOUNT_COUNT}. `hidden`: ids of
   * accounts that count towards a page but are left out of it, so that page comes back short, as
   * Coinbase warns it may ("due to permissions and access level control").
   */
  setAccounts(
    accountId: string,
    accounts: CoinbaseAccountJson[] | { count: number },
    options?: { hidden?: readonly string[] },
  ): void;
  /** The user's accounts as configured, hidden ones included, newest first. */
  accounts(accountId: string): CoinbaseAccountJson[];
}

/** A wallet for each of 60 assets and three fiat accounts. */
export const DEFAULT_ACCOUNT_COUNT = 63;
/** `limit`: 25 by default, up to 100 (docs/providers.md#coinbase, "Pagination"). */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
const ACCOUNTS_SCOPE = 'wallet:accounts:read';

/**
 * What the emulator adds to every answer of a request without `CB-VERSION`. Unverified: Coinbase's docs
 * call the header optional but recommended and do not give this warning's text.
 */
export const MISSING_VERSION_WARNING = {
  id: 'missing_version',
  message: 'Please supply API version (YYYY-MM-DD) as CB-VERSION header',
  url: 'https://developers.coinbase.com/api#versioning',
};

function coinbaseErrors(status: number, id: string, message: string, headers?: Record<string, string>) {
  return jsonReply(status, { errors: [{ id, message }] }, headers);
}

interface AccountList {
  accounts: CoinbaseAccountJson[];
  hidden: ReadonlySet<string>;
}

export function createCoinbaseEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<CoinbaseEmulator> {
  const lists = new Map<string, AccountList>();

  function requireCoinbaseAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'coinbase') throw new Error(`Emulator: no Coinbase account ${accountId}`);
    return account;
  }

  function generateFor(account: StoredAccount, count: number): CoinbaseAccountJson[] {
    return generateAccounts({ count, seed: account.id, anchorMs: account.createdAt });
  }

  function listOf(account: StoredAccount): AccountList {
    let list = lists.get(account.id);
    if (!list) {
      list = { accounts: generateFor(account, DEFAULT_ACCOUNT_COUNT), hidden: new Set() };
      lists.set(account.id, list);
    }
    return list;
  }

  /**
   * `GET /v2/accounts`: `limit` accounts after `starting_after` (or before `ending_before`), in `order`
   * (`desc`, newest first, by default), with `next_uri` while more follow (docs/providers.md#coinbase,
   * "Data endpoints"). The wording of the 400s is the emulator's (unverified).
   */
  function listAccounts(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!account.scopes.includes(ACCOUNTS_SCOPE))
      return coinbaseErrors(403, 'invalid_scope', 'Invalid scope');
    const rawLimit = request.query.limit ?? String(DEFAULT_LIMIT);
    const limit = /^\d+$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) {
      return coinbaseErrors(400, 'invalid_request', `limit must be between 1 and ${MAX_LIMIT}`);
    }
    const order = request.query.order ?? 'desc';
    if (order !== 'desc' && order !== 'asc') {
      return coinbaseErrors(400, 'invalid_request', 'order must be one of: asc, desc');
    }
    const { accounts: newestFirst, hidden } = listOf(account);
    const accounts = order === 'desc' ? newestFirst : [...newestFirst].reverse();
    const startingAfter = request.query.starting_after;
    const endingBefore = request.query.ending_before;
    let start = 0;
    let end = Math.min(limit, accounts.length);
    if (startingAfter !== undefined) {
      const index = accounts.findIndex((candidate) => candidate.id === startingAfter);
      if (index < 0)
        return coinbaseErrors(400, 'invalid_request', 'starting_after is not a valid account id');
      start = index + 1;
      end = Math.min(start + limit, accounts.length);
    } else if (endingBefore !== undefined) {
      const index = accounts.findIndex((candidate) => candidate.id === endingBefore);
      if (index < 0) return coinbaseErrors(400, 'invalid_request', 'ending_before is not a valid account id');
      end = index;
      start = Math.max(0, end - limit);
    }
    const scanned = accounts.slice(start, end);
    const last = scanned.at(-1);
    const first = scanned[0];
    const more = last !== undefined && end < accounts.length;
    const earlier = first !== undefined && start > 0;
    const uri = (cursor: Record<string, string>) =>
      `/v2/accounts?${new URLSearchParams({ limit: String(limit), ...(order === 'asc' ? { order } : {}), ...cursor })}`;
    return jsonReply(200, {
      pagination: {
        ending_before: endingBefore ?? null,
        starting_after: startingAfter ?? null,
        previous_ending_before: earlier ? first.id : null,
        next_starting_after: more ? last.id : null,
        limit,
        order,
        previous_uri: earlier ? uri({ ending_before: first.id }) : null,
        next_uri: more ? uri({ starting_after: last.id }) : null,
      },
      data: scanned.filter((candidate) => !hidden.has(candidate.id)),
      ...warningsOf(request),
    });
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'coinbase',
      unauthorized: (request) => {
        const [id, message] = tokenRefusalOf(request, deps.identities);
        return coinbaseErrors(401, id, message);
      },
      rateLimited: () => coinbaseErrors(429, 'rate_limit_exceeded', 'Too many requests', {}),
      notFound: () => coinbaseErrors(404, 'not_found', 'Not found'),
      routes: (router) =>
        router
          .get('/v2/user', 'coinbase.getUser', (request, account) =>
            jsonReply(200, { data: userJson(account), ...warningsOf(request) }),
          )
          .get('/v2/accounts', 'coinbase.listAccounts', listAccounts),
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setAccounts(accountId, accounts, options = {}) {
        const account = requireCoinbaseAccount(accountId);
        lists.set(accountId, {
          accounts: Array.isArray(accounts) ? [...accounts] : generateFor(account, accounts.count),
          hidden: new Set(options.hidden ?? []),
        });
      },
      accounts(accountId) {
        return [...listOf(requireCoinbaseAccount(accountId)).accounts];
      },
    },
  };
}

/** The top-level `warnings` of an answer to a request without `CB-VERSION`. */
function warningsOf(request: EmulatorRequest): { warnings?: (typeof MISSING_VERSION_WARNING)[] } {
  return request.header('cb-version') === undefined ? { warnings: [MISSING_VERSION_WARNING] } : {};
}

/** Which of Coinbase's 401 ids a refused token gets (docs/providers.md#coinbase, "Errors"). */
function tokenRefusalOf(request: EmulatorRequest, identities: IdentityStore): [string, string] {
  const token = bearerTokenOf(request);
  const account = token === undefined ? undefined : identities.accountOfToken(token);
  if (account?.provider !== 'coinbase') return ['invalid_token', 'The access token is invalid'];
  if (account.revokedAtProvider) return ['revoked_token', 'The access token was revoked'];
  return ['expired_token', 'The access token expired'];
}

/**
 * The shape of the `/v2/user` example of docs/providers.md#coinbase ("Profile"), from the stored
 * account: the email only with `wallet:user:email`, the private fields only with `wallet:user:read`.
 */
function userJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  const scopes = new Set(account.scopes);
  return {
    id: account.providerUserId,
    name: name || null,
    username: account.username,
    profile_location: null,
    profile_bio: null,
    profile_url: account.username === null ? null : `https://coinbase.com/${account.username}`,
    avatar_url: account.imageUrl,
    resource: 'user',
    resource_path: '/v2/user',
    ...(scopes.has('wallet:user:email') ? { email: account.email } : {}),
    ...(scopes.has('wallet:user:read')
      ? {
          time_zone: 'Pacific Time (US & Canada)',
          native_currency: 'USD',
          bitcoin_unit: 'BTC',
          country: { code: 'US', name: 'United States' },
        }
      : {}),
    created_at: new Date(account.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createCoinbaseEmulator;
