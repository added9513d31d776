/**
 * The Graph API as the gateway uses it: `GET /me` with `?fields=` selection, the Pages the User has a
 * role on (`GET /me/accounts`, cursor-paged, `limit` capped at 100, empty without `pages_show_list`),
 * Facebook's `OAuthException` envelope on HTTP 400 for bad tokens (code 190 and its subcodes) and rate
 * limits (code 17) (docs/providers.md#facebook).
 */
import { randomBytes } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { type FacebookPageJson, generatePages } from './fixtures.js';

export type { FacebookPageJson } from './fixtures.js';

export interface FacebookEmulator extends ProviderEmulatorApi {
  /**
   * The Pages `GET /me/accounts` lists for this account, in order. A count generates deterministic ones.
   * Without it, every account has {@link DEFAULT_PAGE_COUNT}. `filtered`: ids of Pages that count towards
   * a page of results but are left out of it, so that page comes back short, as Facebook warns it may.
   */
  setPages(
    accountId: string,
    pages: FacebookPageJson[] | { count: number },
    options?: { filtered?: readonly string[] },
  ): void;
  /** The account's Pages as configured, filtered ones included. */
  pages(accountId: string): FacebookPageJson[];
}

/** A person who runs a few Pages. */
export const DEFAULT_PAGE_COUNT = 6;
/**
 * `limit` of an edge: 25 by default. The emulator serves at most 100 and silently caps a larger one
 * (unverified: docs/providers.md#facebook, "Pagination").
 */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
/** The permission that lists Pages (docs/providers.md#facebook, "Data endpoints"). */
const PAGES_PERMISSION = 'pages_show_list';
/** What the edge answers for each Page without `?fields=`. */
const DEFAULT_PAGE_FIELDS = ['access_token', 'category', 'category_list', 'name', 'id', 'tasks'];
/** Page fields the emulator knows; others are refused like unknown fields. */
const PAGE_FIELDS = new Set([...DEFAULT_PAGE_FIELDS, 'link', 'username']);

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

interface PageList {
  pages: FacebookPageJson[];
  filtered: ReadonlySet<string>;
}

export function createFacebookEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<FacebookEmulator> {
  const lists = new Map<string, PageList>();

  function requireFacebookAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'facebook') throw new Error(`Emulator: no Facebook account ${accountId}`);
    return account;
  }

  function listOf(account: StoredAccount): PageList {
    let list = lists.get(account.id);
    if (!list) {
      list = { pages: generatePages({ count: DEFAULT_PAGE_COUNT, seed: account.id }), filtered: new Set() };
      lists.set(account.id, list);
    }
    return list;
  }

  /**
   * `GET /me/accounts`: the Pages the User has a role on, `limit` at a time after the `after` cursor (the
   * base64 of the last Page's id, as Facebook's look), with `paging.next` while more follow. Without
   * `pages_show_list` no Page is returned: Facebook lists only the Pages the permission was granted for.
   */
  function listPages(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    const fields = request.query.fields?.split(',').map((field) => field.trim()) ?? DEFAULT_PAGE_FIELDS;
    const unknown = fields.map(fieldName).find((name) => !PAGE_FIELDS.has(name));
    if (unknown !== undefined) {
      return graphError(400, {
        message: `(#100) Tried accessing nonexisting field (${unknown}) on node type (Page)`,
        code: 100,
      });
    }
    if (!account.scopes.includes(PAGES_PERMISSION)) return jsonReply(200, { data: [] });
    const asked = Number.parseInt(request.query.limit ?? '', 10);
    const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_LIMIT) : DEFAULT_LIMIT;
    const { pages, filtered } = listOf(account);
    let start = 0;
    const after = request.query.after;
    if (after !== undefined) {
      const id = Buffer.from(after, 'base64').toString('utf8');
      const index = pages.findIndex((page) => page.id === id);
      // The wording is the emulator's: Facebook's answer to a cursor it did not hand out is unverified.
      if (index < 0) return graphError(400, { message: '(#100) Invalid after cursor', code: 100 });
      start = index + 1;
    }
    const scanned = pages.slice(start, start + limit);
    if (scanned.length === 0) return jsonReply(200, { data: [] });
    const data = scanned.filter((page) => !filtered.has(page.id)).map((page) => pageFields(page, fields));
    const cursorOf = (page: FacebookPageJson | undefined) => Buffer.from(page?.id ?? '').toString('base64');
    const pageUrl = (cursor: Record<string, string>) =>
      `${deps.baseUrl()}/me/accounts?${new URLSearchParams({ ...(request.query.fields ? { fields: request.query.fields } : {}), limit: String(limit), ...cursor })}`;
    const before = cursorOf(scanned[0]);
    const last = cursorOf(scanned.at(-1));
    return jsonReply(200, {
      data,
      paging: {
        cursors: { before, after: last },
        ...(start > 0 ? { previous: pageUrl({ before }) } : {}),
        ...(start + scanned.length < pages.length ? { next: pageUrl({ after: last }) } : {}),
      },
    });
  }

  const emulator = createBearerApiEmulator(
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
        router
          .get('/me/accounts', 'facebook.listPages', listPages)
          .get('/me', 'facebook.getMe', (request, account) => {
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

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setPages(accountId, pages, options = {}) {
        requireFacebookAccount(accountId);
        lists.set(accountId, {
          pages: Array.isArray(pages) ? [...pages] : generatePages({ count: pages.count, seed: accountId }),
          filtered: new Set(options.filtered ?? []),
        });
      },
      pages(accountId) {
        return [...listOf(requireFacebookAccount(accountId)).pages];
      },
    },
  };
}

/** The requested fields of a Page, in order; `id` always comes back. */
function pageFields(page: FacebookPageJson, fields: readonly string[]): Record<string, unknown> {
  const values = page as unknown as Record<string, unknown>;
  const answered: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[fieldName(field)];
    if (value !== undefined) answered[fieldName(field)] = value;
  }
  answered.id = page.id;
  return answered;
}

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
