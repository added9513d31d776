/**
 * Dropbox's API v2 as the gateway uses it: the RPC endpoint `POST /users/get_current_account`, with
 * Dropbox's checks of the request's content type and body (plain-text 400s), its tagged 401s and its
 * 429 (docs/providers.md#dropbox).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  type EmulatorReply,
  type EmulatorRequest,
  jsonReply,
  textReply,
} from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

/** The content types an RPC endpoint takes a JSON argument in, as Dropbox's 400 lists them. */
const JSON_CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain; charset=dropbox-cors-hack',
];
const ACCOUNT_INFO_SCOPE = 'account_info.read';

/** Dropbox's 400s are plain text naming the function called (docs/providers.md#dropbox, "Errors"). */
function callError(request: EmulatorRequest, message: string): EmulatorReply {
  const functionName = request.path.replace(/^\//, '');
  return textReply(
    400,
    `Error in call to API function "${functionName}": ${message}`,
    'text/plain; charset=utf-8',
  );
}

/** `{error_summary, error: {".tag", …}}`; the summary ends in dots that vary between answers. */
function taggedError(
  status: number,
  tag: string,
  extra: Record<string, unknown> = {},
  dots = '..',
): EmulatorReply {
  return jsonReply(status, { error_summary: `${tag}/${dots}`, error: { '.tag': tag, ...extra } });
}

/**
 * An endpoint without arguments takes no body and no `Content-Type`, or the JSON `null` with a JSON
 * content type; an empty body with `Content-Type: application/json` is refused (docs/providers.md#dropbox,
 * "API and headers"), as is any other argument.
 */
function voidArgumentRefusal(request: EmulatorRequest): EmulatorReply | undefined {
  const contentType = request.header('content-type');
  if (contentType === undefined && request.body === '') return undefined;
  const normalized = (contentType ?? '')
    .toLowerCase()
    .replace(/\s*;\s*/g, '; ')
    .trim();
  if (!JSON_CONTENT_TYPES.includes(normalized)) {
    const expected = JSON_CONTENT_TYPES.map((type) => `"${type}"`).join(', ');
    return callError(
      request,
      `Bad HTTP "Content-Type" header: "${contentType ?? ''}".  Expecting one of ${expected}.`,
    );
  }
  let argument: unknown;
  try {
    argument = JSON.parse(request.body);
  } catch {
    return callError(request, 'request body: could not decode input as JSON');
  }
  return argument === null ? undefined : callError(request, 'request body: expected null, got value');
}

export const createDropboxEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'dropbox',
      jsonContentType: 'application/json',
      responseHeaders: () => ({ 'x-dropbox-request-id': randomBytes(16).toString('hex') }),
      precheck: voidArgumentRefusal,
      unauthorized: (request) => unauthorized(request, deps.identities),
      // The wait twice: `Retry-After` and `error.retry_after`, both in seconds.
      rateLimited: (_request, retryAfterSeconds) =>
        jsonReply(
          429,
          {
            error_summary: 'too_many_requests/...',
            error: { reason: { '.tag': 'too_many_requests' }, retry_after: retryAfterSeconds },
          },
          { 'retry-after': String(retryAfterSeconds) },
        ),
      // Undocumented, so the emulator's own choice: a plain-text 404 (the gateway never calls an
      // unknown function).
      notFound: (request) =>
        textReply(404, `Unknown API function: "${request.path}"`, 'text/plain; charset=utf-8'),
      routes: (router) =>
        router.post('/users/get_current_account', 'dropbox.getCurrentAccount', (_request, account) =>
          account.scopes.includes(ACCOUNT_INFO_SCOPE)
            ? jsonReply(200, fullAccountJson(account))
            : taggedError(401, 'missing_scope', { required_scope: ACCOUNT_INFO_SCOPE }),
        ),
    },
    deps,
  );

/** No token is a 400 like any malformed call; an expired token says so, anything else is invalid. */
function unauthorized(request: EmulatorRequest, identities: IdentityStore): EmulatorReply {
  const token = bearerTokenOf(request);
  if (token === undefined) {
    return callError(request, 'Must provide HTTP header "Authorization" or URL parameter "authorization".');
  }
  const account = identities.accountOfToken(token);
  const expired =
    account?.provider === 'dropbox' &&
    token === account.accessToken &&
    !account.revokedAtProvider &&
    account.accessTokenExpiresAt !== null &&
    account.accessTokenExpiresAt <= Date.now();
  return expired
    ? taggedError(401, 'expired_access_token')
    : taggedError(401, 'invalid_access_token', {}, '...');
}

/** The `FullAccount` of the example of docs/providers.md#dropbox ("Profile"), from the stored account. */
function fullAccountJson(account: StoredAccount): Record<string, unknown> {
  const givenName = account.firstName ?? '';
  const surname = account.lastName ?? '';
  const displayName = [givenName, surname].filter(Boolean).join(' ') || account.username || '';
  const namespaceId = String(hashOf(account.id) % 1_000_000_000);
  return {
    account_id: account.providerUserId,
    name: {
      given_name: givenName,
      surname,
      familiar_name: givenName || displayName,
      display_name: displayName,
      abbreviated_name: initialsOf(displayName),
    },
    email: account.email ?? '',
    email_verified: true,
    disabled: false,
    country: 'US',
    locale: 'en',
    referral_link: `https://db.tt/${hashOf(`referral:${account.id}`).toString(36)}`,
    is_paired: false,
    account_type: { '.tag': 'basic' },
    root_info: { '.tag': 'user', root_namespace_id: namespaceId, home_namespace_id: namespaceId },
    profile_photo_url: account.imageUrl,
  };
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase())
    .join('');
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createDropboxEmulator;
