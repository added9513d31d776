/**
 * BAPI's wire JSON for users, external accounts, OAuth access tokens and errors
 * (docs/clerk-backend-api.md#emulator-checklist). The SDK deserializes by the `object` field, so every
 * resource carries it; timestamps are Unix ms.
 */
import type { StoredAccount, StoredUser } from '../identity-store.js';

/**
 * Google and Facebook accounts have `id` = the `idn_` id (docs/clerk-backend-api.md#external-accounts).
 * Google's object is the legacy `google_account`; Facebook's `facebook_account` is unverified, an
 * assumption by analogy: only the id split is documented for Facebook.
 */
const LEGACY_ACCOUNT_OBJECTS: Readonly<Record<string, string>> = {
  google: 'google_account',
  facebook: 'facebook_account',
};

const VERIFICATION_WINDOW_MS = 10 * 60 * 1000;

export function clerkProviderKey(provider: string): string {
  return `oauth_${provider}`;
}

export function externalAccountJson(account: StoredAccount): Record<string, unknown> {
  const legacyObject = LEGACY_ACCOUNT_OBJECTS[account.provider];
  const common = {
    provider: clerkProviderKey(account.provider),
    identification_id: account.identificationId,
    provider_user_id: account.providerUserId,
    approved_scopes: account.scopes.join(' '),
    email_address: account.email ?? '',
    first_name: account.firstName ?? '',
    last_name: account.lastName ?? '',
    avatar_url: account.imageUrl,
    image_url: account.imageUrl,
    username: account.username,
    phone_number: null,
    public_metadata: {},
    label: account.label,
    created_at: account.createdAt,
    updated_at: account.updatedAt,
    verification: {
      object: 'verification_oauth',
      status: 'verified',
      strategy: clerkProviderKey(account.provider),
      attempts: null,
      expire_at: account.createdAt + VERIFICATION_WINDOW_MS,
    },
  };
  if (legacyObject === undefined) return { object: 'external_account', id: account.id, ...common };
  const json: Record<string, unknown> = {
    object: legacyObject,
    id: account.identificationId,
    external_account_id: account.id,
    ...common,
  };
  if (account.provider === 'google') {
    // Real responses still carry Google's legacy keys next to the new ones
    // (docs/clerk-backend-api.md#external-accounts).
    Object.assign(json, {
      google_id: account.providerUserId,
      given_name: account.firstName ?? '',
      family_name: account.lastName ?? '',
      picture: account.imageUrl,
    });
  }
  return json;
}

function emailAddressJson(
  user: StoredUser,
  email: string,
  accounts: StoredAccount[],
): Record<string, unknown> {
  const linkedAccounts = accounts.filter((account) => account.email === email);
  const firstLinked = linkedAccounts[0];
  return {
    object: 'email_address',
    id: user.emailAddressId,
    email_address: email,
    reserved: false,
    verification: firstLinked
      ? {
          object: 'verification_from_oauth',
          status: 'verified',
          strategy: `from_${clerkProviderKey(firstLinked.provider)}`,
          attempts: null,
          expire_at: null,
        }
      : {
          object: 'verification_email_code',
          status: 'verified',
          strategy: 'email_code',
          attempts: 1,
          expire_at: user.createdAt + VERIFICATION_WINDOW_MS,
        },
    // `linked_to` must always be present: the SDK calls `.map` on it (docs/clerk-backend-api.md#getuser).
    linked_to: linkedAccounts.map((account) => ({
      object: 'identification_link',
      id: account.identificationId,
      type: clerkProviderKey(account.provider),
    })),
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

export function userJson(user: StoredUser, accounts: StoredAccount[]): Record<string, unknown> {
  return {
    object: 'user',
    id: user.id,
    external_id: null,
    primary_email_address_id: user.email === null ? null : user.emailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: user.imageUrl,
    has_image: user.hasImage,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    email_addresses: user.email === null ? [] : [emailAddressJson(user, user.email, accounts)],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    external_accounts: accounts.map(externalAccountJson),
    saml_accounts: [],
    enterprise_accounts: [],
    organization_memberships: null,
    password_last_updated_at: null,
    banned: false,
    locked: false,
    deprovisioned: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    last_sign_in_at: user.createdAt,
    last_active_at: user.updatedAt,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: true,
    legal_accepted_at: null,
    locale: null,
    timezone: null,
  };
}

/**
 * `expires_at` in the account's unit (seconds or ms), `null` for tokens that never expire
 * (docs/clerk-backend-api.md#expiry-unit).
 */
export function oauthAccessTokenJson(account: StoredAccount): Record<string, unknown> {
  const expiresAt = account.accessTokenExpiresAt;
  return {
    object: 'oauth_access_token',
    external_account_id: account.id,
    provider_user_id: account.providerUserId,
    token: account.accessToken,
    provider: clerkProviderKey(account.provider),
    public_metadata: {},
    label: account.label,
    scopes: [...account.scopes],
    expires_at:
      expiresAt === null
        ? null
        : account.expiresAtUnit === 'seconds'
          ? Math.floor(expiresAt / 1000)
          : expiresAt,
  };
}

export interface ClerkErrorDetail {
  code: string;
  message: string;
  longMessage: string;
}

/**
 * BAPI's error body, `{"errors":[{message,long_message,code,meta}],"clerk_trace_id"}`
 * (docs/clerk-backend-api.md#error-body).
 */
export function clerkErrorJson(error: ClerkErrorDetail, traceId: string): Record<string, unknown> {
  return {
    errors: [{ message: error.message, long_message: error.longMessage, code: error.code, meta: {} }],
    clerk_trace_id: traceId,
  };
}

/**
 * Messages of the BAPI error codes the emulator produces (docs/clerk-backend-api.md#error-codes). No
 * current source gives the 401 texts: these follow Clerk's older Authentication errors page.
 */
export const CLERK_ERRORS = {
  userNotFound: (userId: string): ClerkErrorDetail => ({
    code: 'resource_not_found',
    message: 'not found',
    longMessage: `No user was found with id ${userId}`,
  }),
  resourceNotFound: {
    code: 'resource_not_found',
    message: 'not found',
    longMessage: 'Resource not found',
  },
  providerNotEnabled: {
    code: 'oauth_token_provider_not_enabled',
    message: 'OAuth provider not enabled',
    longMessage: 'Single-sign on for this OAuth provider is not enabled in the instance settings.',
  },
  tokenRetrievalError: {
    code: 'oauth_token_retrieval_error',
    message: 'Token retrieval failed',
    longMessage: 'Failed to retrieve a new access token from the OAuth provider',
  },
  missingRefreshToken: {
    code: 'oauth_missing_refresh_token',
    message: 'Cannot refresh OAuth access token',
    longMessage:
      "The current access token has expired and we cannot refresh it, because the authorization server hasn't provided us with a refresh token",
  },
  authorizationHeaderInvalid: {
    code: 'authorization_header_format_invalid',
    message: 'Invalid Authorization header format',
    longMessage: 'Invalid Authorization header format. Must be "Bearer <YOUR_API_KEY>"',
  },
  secretKeyInvalid: {
    code: 'clerk_key_invalid',
    message: 'Secret Key is invalid',
    longMessage: 'The provided Secret Key is invalid. Make sure that your Secret Key is correct.',
  },
} satisfies Record<string, ClerkErrorDetail | ((...args: string[]) => ClerkErrorDetail)>;

/** Default texts for `failNext` codes given without a message. */
export function defaultErrorMessages(code: string): { message: string; longMessage: string } {
  const known = Object.values(CLERK_ERRORS).find(
    (error): error is ClerkErrorDetail => typeof error !== 'function' && error.code === code,
  );
  if (known) return known;
  switch (code) {
    // BAPI's 429 code is undocumented: `too_many_requests` is the emulator's guess.
    case 'too_many_requests':
      return { message: 'Too many requests', longMessage: 'Too many requests, please try again later.' };
    case 'internal_clerk_error':
      return {
        message: 'Oops, an unexpected error occurred',
        longMessage: 'Oops, an unexpected error occurred',
      };
    default:
      return { message: code, longMessage: code };
  }
}
