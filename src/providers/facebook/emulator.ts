/**
 * The Graph API as the gateway uses it: `GET /me` with `?fields=` selection, Facebook's `OAuthException`
 * envelope on HTTP 400 for bad tokens (code 190 and its subcodes) and rate limits (code 17)
 * (docs/providers.md#facebook).
 */
import { randomBytes } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

/**
 * The app the emulated tokens were issued to: Clerk's shared development app
 * (docs/providers.md#facebook, "API and headers").
 */
const APP_ID = '153095393363418';
const GRAPH_VERSION = 'v20.0';
/** The fields of a User node this emulator knows; others are refused like unknown fields. */
const USER_FIELDS = new Set(['id', 'name', 'first_name', 'last_name', 'email', 'picture']);
/** What `/me` answers without `?fields=`. */
const DEFAULT_FIELDS = ['id', 'name'];
/** The size of `picture` without `.width()`/`.height()` modifiers. */
const DEFAULT_PICTURE_SIZE = 50;

interface GraphErrorFields {
  message: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
}

/** `{"error": {message, type: "OAuthException", code, error_subcode?, fbtrace_id}}`. */
function graphError(
  status: number,
  fields: GraphErrorFields,
  headers?: Record<string, string>,
): EmulatorReply {
  const { message, code, ...rest } = fields;
  const error = {
    message,
    type: 'OAuthException',
    ...rest,
    code,
    fbtrace_id: randomBytes(8).toString('base64url'),
  };
  return jsonReply(status, { error }, headers);
}

/** Graph takes the token as `Authorization: Bearer` or as the `access_token` parameter. */
function tokenOf(request: EmulatorRequest): string | undefined {
  return bearerTokenOf(request) ?? request.query.access_token;
}

export const createFacebookEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'facebook',
      jsonContentType: 'application/json; charset=UTF-8',
      responseHeaders: () => ({
        'facebook-api-version': GRAPH_VERSION,
        'x-fb-trace-id': randomBytes(8).toString('base64url'),
      }),
      tokenOf,
      unauthorized: (request) => unauthorized(request, deps.identities),
      // A user-level limit (docs/providers.md#facebook, "Rate limits"). Nothing in it says how long it
      // lasts: `X-App-Usage` is the app's usage in percent, here the documentation's example.
      rateLimited: () =>
        graphError(
          400,
          { message: '(#17) User request limit reached', is_transient: true, code: 17 },
          { 'x-app-usage': JSON.stringify({ call_count: 28, total_time: 25, total_cputime: 25 }) },
        ),
      notFound: (request) =>
        graphError(400, {
          message: `(#803) Some of the aliases you requested do not exist: ${request.path.replace(/^\//, '')}`,
          code: 803,
        }),
      routes: (router) =>
        router.get('/me', 'facebook.getMe', (request, account) => {
          const fields = request.query.fields?.split(',').map((field) => field.trim()) ?? DEFAULT_FIELDS;
          const unknown = fields.map(fieldName).find((name) => !USER_FIELDS.has(name));
          if (unknown !== undefined) {
            return graphError(400, {
              message: `(#100) Tried accessing nonexisting field (${unknown}) on node type (User)`,
              code: 100,
            });
          }
          return jsonReply(200, userJson(account, fields));
        }),
    },
    deps,
  );

/**
 * Every bad token is an HTTP 400 with code 190 and a `WWW-Authenticate: OAuth` challenge; the subcode
 * says why (docs/providers.md#facebook, "Errors": 458 app not installed, 463 expired, none for a garbled
 * token).
 */
function unauthorized(request: EmulatorRequest, identities: IdentityStore): EmulatorReply {
  const token = tokenOf(request);
  if (token === undefined) {
    const message = 'An active access token must be used to query information about the current user.';
    return graphError(
      400,
      { message, code: 2500 },
      { 'www-authenticate': `OAuth "Facebook Platform" "invalid_request" "${message}"` },
    );
  }
  const account = identities.accountOfToken(token);
  const reason = account?.provider === 'facebook' ? invalidTokenReason(account, token) : undefined;
  const fields: GraphErrorFields = reason ?? {
    message: 'Invalid OAuth access token - Cannot parse access token',
    code: 190,
  };
  return graphError(400, fields, {
    'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${fields.message}"`,
  });
}

function invalidTokenReason(account: StoredAccount, token: string): GraphErrorFields | undefined {
  if (account.revokedAtProvider) {
    return {
      message: `Error validating access token: The user has not authorized application ${APP_ID}.`,
      code: 190,
      error_subcode: 458,
    };
  }
  const expiresAt = account.accessTokenExpiresAt;
  if (token !== account.accessToken || expiresAt === null) return undefined;
  return {
    message: `Error validating access token: Session has expired on ${pacificTime(expiresAt)}. The current time is ${pacificTime(Date.now())}.`,
    code: 190,
    error_subcode: 463,
  };
}

/** `picture.width(200).height(200)` → `picture`; `picture{url}` → `picture`. */
function fieldName(field: string): string {
  return field.split(/[.{]/)[0] ?? field;
}

/** The requested fields, in order; `id` always comes back; `email` only with the `email` permission. */
function userJson(account: StoredAccount, fields: readonly string[]): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username || '';
  const values: Record<string, unknown> = {
    id: account.providerUserId,
    name,
    first_name: account.firstName ?? undefined,
    last_name: account.lastName ?? undefined,
    email: account.scopes.includes('email') ? (account.email ?? undefined) : undefined,
  };
  const user: Record<string, unknown> = {};
  for (const field of fields) {
    const key = fieldName(field);
    user[key] = key === 'picture' ? pictureJson(account, field) : values[key];
  }
  user.id = account.providerUserId;
  return user;
}

/** `{"data": {height, is_silhouette, url, width}}`, square when only one side is given. */
function pictureJson(account: StoredAccount, field: string): Record<string, unknown> {
  const width = /\.width\((\d+)\)/.exec(field)?.[1];
  const height = /\.height\((\d+)\)/.exec(field)?.[1];
  const size = (side: string | undefined, other: string | undefined) =>
    Number(side ?? other ?? DEFAULT_PICTURE_SIZE);
  return {
    data: {
      height: size(height, width),
      is_silhouette: false,
      url: account.imageUrl,
      width: size(width, height),
    },
  };
}

/** Facebook's wording of times in these messages: `Tuesday, 01-Sep-26 10:00:00 PDT`. */
function pacificTime(epochMs: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      weekday: 'long',
      day: '2-digit',
      month: 'short',
      year: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(epochMs))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday}, ${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createFacebookEmulator;
