/**
 * Users, their external (social) accounts and each account's OAuth access token. Shared by the Clerk
 * routes, which hand tokens out and refresh them, and the provider routes, which accept only an
 * account's current token.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { PROVIDERS } from '../providers/index.js';

export interface StoredUser {
  readonly id: string;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string;
  hasImage: boolean;
  email: string | null;
  /** `idn_…` id of the email address. */
  readonly emailAddressId: string;
  readonly createdAt: number;
  updatedAt: number;
  /** External account ids in connection order. */
  readonly accountIds: string[];
}

export interface StoredAccount {
  /** `eac_…`: the id the token list's `external_account_id` refers to. */
  readonly id: string;
  /** `idn_…`: the identification id (the user JSON's `id` for Google and Facebook accounts). */
  readonly identificationId: string;
  readonly userId: string;
  /** Catalogue id (`github`, `linkedin_oidc`) or `custom_<key>`, without `oauth_`. */
  readonly provider: string;
  providerUserId: string;
  username: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string;
  scopes: string[];
  label: string | null;
  /** Lifetime of each access token; `null`: tokens never expire (GitHub OAuth apps). */
  tokenLifetimeSeconds: number | null;
  expiresAtUnit: 'seconds' | 'milliseconds';
  refreshable: boolean;
  accessToken: string;
  /** Epoch milliseconds, or `null` for a token that never expires. */
  accessTokenExpiresAt: number | null;
  revokedAtProvider: boolean;
  grantRevoked: boolean;
  readonly createdAt: number;
  updatedAt: number;
}

export type EmulatedUser = Readonly<StoredUser>;
export type EmulatedAccount = Readonly<StoredAccount>;

export interface CreateUserInput {
  id?: string;
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  imageUrl?: string;
}

export interface ConnectAccountInput {
  /** Catalogue id (`github`, `notion`, `google`, …) or `custom_<key>`. */
  provider: string;
  providerUserId?: string;
  username?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  imageUrl?: string;
  /** Approved scopes; default: the scopes Clerk requests for the provider. */
  scopes?: string[];
  label?: string | null;
  /** Default 3600; `null` → `expires_at: null`, the token never expires. */
  tokenLifetimeSeconds?: number | null;
  /**
   * Unit of `expires_at` on the wire; default `seconds`. The unit is undocumented
   * (docs/clerk-backend-api.md#expiry-unit).
   */
  expiresAtUnit?: 'seconds' | 'milliseconds';
  /** Has a refresh token; default true. */
  refreshable?: boolean;
}

/** Why BAPI cannot hand out a usable token for an account (docs/clerk-backend-api.md#error-codes). */
export type TokenRefreshFailure = 'grant_revoked' | 'missing_refresh_token';

/**
 * The scopes Clerk requests by default (docs/providers.md#clerk-default-scopes), as each provider declares
 * them: an account's approved scopes unless given.
 */
const CLERK_DEFAULT_SCOPES: ReadonlyMap<string, readonly string[]> = new Map(
  PROVIDERS.map((provider) => [provider.id, provider.defaultScopes]),
);

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(length: number): string {
  let out = '';
  for (let index = 0; index < length; index += 1) out += BASE62[randomInt(BASE62.length)];
  return out;
}

/** Clerk-like ids: `user_` / `eac_` / `idn_` / `sess_` + 27 base62 characters. */
export function clerkId(prefix: string): string {
  return `${prefix}_${randomBase62(27)}`;
}

function randomDigits(length: number): string {
  let out = String(1 + randomInt(9));
  while (out.length < length) out += String(randomInt(10));
  return out;
}

/** Provider-flavoured token shapes, so a leaked token in a log is recognizable in tests. */
function newAccessToken(provider: string): string {
  switch (provider) {
    case 'github':
      return `gho_${randomBase62(36)}`;
    case 'notion':
      return `ntn_${randomBase62(46)}`;
    case 'google':
      return `ya29.${randomBase62(100)}`;
    default:
      return `tok_${randomBase62(40)}`;
  }
}

function defaultProviderUserId(provider: string): string {
  switch (provider) {
    case 'github':
      return randomDigits(8);
    case 'notion':
      return randomUUID();
    case 'google':
      return randomDigits(21);
    default:
      return randomDigits(12);
  }
}

function defaultAvatarUrl(provider: string, providerUserId: string): string {
  switch (provider) {
    case 'github':
      return `https://avatars.githubusercontent.com/u/${providerUserId}?v=4`;
    case 'google':
      return `https://lh3.googleusercontent.com/a/ACg8oc${providerUserId}=s96-c`;
    case 'notion':
      return `https://s3-us-west-2.amazonaws.com/public.notion-static.com/${providerUserId}/avatar.png`;
    default:
      return `https://avatars.example.test/${provider}/${providerUserId}.png`;
  }
}

export function isKnownProvider(provider: string): boolean {
  return provider.startsWith('custom_')
    ? provider.length > 'custom_'.length
    : provider !== 'custom' && CLERK_DEFAULT_SCOPES.has(provider);
}

function defaultScopes(provider: string): string[] {
  return [...(CLERK_DEFAULT_SCOPES.get(provider.startsWith('custom_') ? 'custom' : provider) ?? [])];
}

export interface IdentityStore {
  createUser(input?: CreateUserInput): StoredUser;
  connectAccount(userId: string, input: ConnectAccountInput): StoredAccount;
  getUser(userId: string): StoredUser | undefined;
  getAccount(accountId: string): StoredAccount | undefined;
  /** The user disconnects the account: Clerk forgets it and its tokens. */
  disconnectAccount(accountId: string): void;
  /** The user is deleted, with their accounts. */
  deleteUser(userId: string): void;
  users(): StoredUser[];
  /** The user's accounts, in connection order; only those of `provider` when given. */
  accountsOf(userId: string, provider?: string): StoredAccount[];
  /** The account a token was ever issued to (current, replaced or expired). */
  accountOfToken(token: string): StoredAccount | undefined;
  /** True when the provider accepts the token: the account's current, unexpired one, not revoked at the provider. */
  isTokenAccepted(account: StoredAccount, token: string): boolean;
  /**
   * BAPI's on-demand refresh (docs/clerk-backend-api.md#refresh-on-demand): a new token when the current
   * one expired, or why not.
   */
  refreshIfExpired(account: StoredAccount): TokenRefreshFailure | undefined;
  expireAccessToken(accountId: string): void;
  revokeAtProvider(accountId: string): void;
  revokeGrant(accountId: string): void;
}

export function createIdentityStore(): IdentityStore {
  const users = new Map<string, StoredUser>();
  const accounts = new Map<string, StoredAccount>();
  const tokenOwners = new Map<string, string>();
  let userCount = 0;

  function requireUser(userId: string): StoredUser {
    const user = users.get(userId);
    if (!user) throw new Error(`Emulator: no user ${userId}`);
    return user;
  }

  function requireAccount(accountId: string): StoredAccount {
    const account = accounts.get(accountId);
    if (!account) throw new Error(`Emulator: no external account ${accountId}`);
    return account;
  }

  function issueToken(account: StoredAccount, now: number): void {
    account.accessToken = newAccessToken(account.provider);
    tokenOwners.set(account.accessToken, account.id);
    account.accessTokenExpiresAt = expiryOf(account, now);
    account.updatedAt = now;
  }

  return {
    createUser(input = {}) {
      userCount += 1;
      const id = input.id ?? clerkId('user');
      if (users.has(id)) throw new Error(`Emulator: user ${id} already exists`);
      const username = input.username !== undefined ? input.username : `user${userCount}`;
      const now = Date.now();
      const user: StoredUser = {
        id,
        username,
        firstName: input.firstName !== undefined ? input.firstName : 'Test',
        lastName: input.lastName !== undefined ? input.lastName : `User ${userCount}`,
        imageUrl: input.imageUrl ?? `https://img.clerk.com/${id}`,
        hasImage: input.imageUrl !== undefined,
        email: input.email !== undefined ? input.email : `${username ?? `user${userCount}`}@example.test`,
        emailAddressId: clerkId('idn'),
        createdAt: now,
        updatedAt: now,
        accountIds: [],
      };
      users.set(id, user);
      return user;
    },

    connectAccount(userId, input) {
      const user = requireUser(userId);
      if (!isKnownProvider(input.provider)) {
        throw new Error(
          `Emulator: unknown provider "${input.provider}" (use a catalogue id or custom_<key>)`,
        );
      }
      const providerUserId = input.providerUserId ?? defaultProviderUserId(input.provider);
      const now = Date.now();
      const account: StoredAccount = {
        id: clerkId('eac'),
        identificationId: clerkId('idn'),
        userId,
        provider: input.provider,
        providerUserId,
        username: input.username !== undefined ? input.username : user.username,
        email: input.email !== undefined ? input.email : user.email,
        firstName: input.firstName !== undefined ? input.firstName : user.firstName,
        lastName: input.lastName !== undefined ? input.lastName : user.lastName,
        imageUrl: input.imageUrl ?? defaultAvatarUrl(input.provider, providerUserId),
        scopes: input.scopes ? [...input.scopes] : defaultScopes(input.provider),
        label: input.label ?? null,
        tokenLifetimeSeconds: input.tokenLifetimeSeconds === undefined ? 3600 : input.tokenLifetimeSeconds,
        expiresAtUnit: input.expiresAtUnit ?? 'seconds',
        refreshable: input.refreshable ?? true,
        accessToken: '',
        accessTokenExpiresAt: null,
        revokedAtProvider: false,
        grantRevoked: false,
        createdAt: now,
        updatedAt: now,
      };
      issueToken(account, now);
      accounts.set(account.id, account);
      user.accountIds.push(account.id);
      user.updatedAt = now;
      return account;
    },

    getUser: (userId) => users.get(userId),
    getAccount: (accountId) => accounts.get(accountId),

    disconnectAccount(accountId) {
      const account = requireAccount(accountId);
      const user = requireUser(account.userId);
      user.accountIds.splice(user.accountIds.indexOf(accountId), 1);
      accounts.delete(accountId);
    },

    deleteUser(userId) {
      for (const accountId of requireUser(userId).accountIds) accounts.delete(accountId);
      users.delete(userId);
    },
    users: () => [...users.values()],

    accountsOf(userId, provider) {
      const user = users.get(userId);
      if (!user) return [];
      return user.accountIds
        .map((accountId) => requireAccount(accountId))
        .filter((account) => provider === undefined || account.provider === provider);
    },

    accountOfToken(token) {
      const accountId = tokenOwners.get(token);
      return accountId === undefined ? undefined : accounts.get(accountId);
    },

    isTokenAccepted(account, token) {
      return (
        token === account.accessToken &&
        !account.revokedAtProvider &&
        (account.accessTokenExpiresAt === null || account.accessTokenExpiresAt > Date.now())
      );
    },

    refreshIfExpired(account) {
      const now = Date.now();
      if (account.accessTokenExpiresAt === null || account.accessTokenExpiresAt > now) return undefined;
      if (!account.refreshable) return 'missing_refresh_token';
      if (account.grantRevoked) return 'grant_revoked';
      issueToken(account, now);
      return undefined;
    },

    expireAccessToken(accountId) {
      const account = requireAccount(accountId);
      account.accessTokenExpiresAt = Date.now() - 1000;
    },

    revokeAtProvider(accountId) {
      requireAccount(accountId).revokedAtProvider = true;
    },

    revokeGrant(accountId) {
      requireAccount(accountId).grantRevoked = true;
    },
  };
}

/** A new token's expiry; whole seconds when the wire unit is seconds, so the provider and BAPI agree. */
function expiryOf(account: StoredAccount, now: number): number | null {
  if (account.tokenLifetimeSeconds === null) return null;
  const expiresAt = now + account.tokenLifetimeSeconds * 1000;
  return account.expiresAtUnit === 'seconds' ? Math.floor(expiresAt / 1000) * 1000 : expiresAt;
}
