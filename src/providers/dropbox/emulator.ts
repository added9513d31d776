/**
 * Dropbox's API v2 as the gateway uses it: the RPC endpoints `POST /users/get_current_account`,
 * `POST /files/list_folder` and `POST /files/list_folder/continue`, with Dropbox's checks of the
 * request's content type and body (plain-text 400s), its tagged 401s (`missing_scope` included), its
 * 409 endpoint errors and its 429 (docs/providers.md#dropbox).
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
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { type DropboxEntryJson, generateEntries } from './fixtures.js';

export type { DropboxEntryJson, DropboxFileJson, DropboxFolderJson } from './fixtures.js';

export interface DropboxRootOptions {
  /**
   * The most entries a page holds, whatever `limit` asked: Dropbox's `limit` is "an approximate
   * number" (docs/providers.md#dropbox, "Pagination"), so tests can page small lists.
   */
  pageSize?: number;
  /**
   * Pages that miss the size, as the approximate `limit` allows: the first page 2 short, every third
   * page one over, the others as asked.
   */
  unevenPages?: boolean;
}

export interface DropboxEmulator extends ProviderEmulatorApi {
  /**
   * The entries of the account's root folder, in the order `list_folder` pages them. Counts generate
   * deterministic folders (listed first) and files. Without it, every account has
   * {@link DEFAULT_ROOT} in its root.
   */
  setRoot(
    accountId: string,
    entries: DropboxEntryJson[] | { folders: number; files: number },
    options?: DropboxRootOptions,
  ): void;
  /** The account's root entries, as `list_folder` lists them (all pages). */
  rootEntries(accountId: string): DropboxEntryJson[];
  /** The JSON arguments of the account's `files/list_folder…` calls, oldest first (`function` without `/`). */
  listFolderCalls(accountId: string): { function: string; argument: Record<string, unknown> }[];
}

/** A lived-in root: a dozen folders and some forty files, one page at the largest `limit`. */
export const DEFAULT_ROOT = { folders: 12, files: 41 } as const;
/** `limit` of `list_folder`: UInt32, 1 to 2000 (docs/providers.md#dropbox, "Pagination"). */
const MAX_LIMIT = 2000;
const FILES_SCOPE = 'files.metadata.read';
/** RPC functions that take no argument; the others take a JSON object. */
const VOID_FUNCTIONS = new Set(['/users/get_current_account']);

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
 * The argument check of an RPC call, before its token is looked at. An endpoint without arguments takes
 * no body and no `Content-Type`, or the JSON `null` with a JSON content type; an empty body with
 * `Content-Type: application/json` is refused (docs/providers.md#dropbox, "API and headers"), as is any
 * other argument. The others take a JSON object in a JSON content type.
 */
function argumentRefusal(request: EmulatorRequest): EmulatorReply | undefined {
  const takesNone = VOID_FUNCTIONS.has(request.path);
  const contentType = request.header('content-type');
  if (takesNone && contentType === undefined && request.body === '') return undefined;
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
  if (takesNone) {
    return argument === null ? undefined : callError(request, 'request body: expected null, got value');
  }
  // The wording of this one is the emulator's own (unverified).
  return isObject(argument) ? undefined : callError(request, 'request body: expected object, got value');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Root {
  entries: DropboxEntryJson[];
  pageSize: number;
  unevenPages: boolean;
}

/** Where a cursor points: the account's root listing, from an entry, at a page size. */
interface CursorState {
  account: string;
  offset: number;
  limit: number;
  page: number;
}

export function createDropboxEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<DropboxEmulator> {
  const roots = new Map<string, Root>();
  const listCalls = new Map<string, { function: string; argument: Record<string, unknown> }[]>();

  function requireDropboxAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'dropbox') throw new Error(`Emulator: no Dropbox account ${accountId}`);
    return account;
  }

  function rootOf(account: StoredAccount): Root {
    let root = roots.get(account.id);
    if (!root) {
      root = {
        entries: generateEntries({ ...DEFAULT_ROOT, seed: account.id }),
        pageSize: MAX_LIMIT,
        unevenPages: false,
      };
      roots.set(account.id, root);
    }
    return root;
  }

  function logCall(request: EmulatorRequest, account: StoredAccount): Record<string, unknown> {
    const argument = JSON.parse(request.body) as Record<string, unknown>;
    const calls = listCalls.get(account.id) ?? [];
    calls.push({ function: request.path.slice(1), argument });
    listCalls.set(account.id, calls);
    return argument;
  }

  /**
   * `POST /files/list_folder`: the root (`path: ""`) only; any other path is `path/not_found`, for the
   * emulator keeps no folder contents. `limit` is checked as Dropbox's argument validation does; the
   * wording of these 400s is the emulator's (unverified).
   */
  function listFolder(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!account.scopes.includes(FILES_SCOPE)) return missingScope(FILES_SCOPE);
    const argument = logCall(request, account);
    if (!('path' in argument)) return callError(request, "request body: missing required field 'path'");
    if (typeof argument.path !== 'string') return callError(request, 'request body: path: expected string');
    let limit = MAX_LIMIT;
    if (argument.limit !== undefined && argument.limit !== null) {
      const asked = argument.limit;
      if (typeof asked !== 'number' || !Number.isInteger(asked)) {
        return callError(request, 'request body: limit: expected integer');
      }
      if (asked > MAX_LIMIT) {
        return callError(request, `request body: limit: ${asked} is greater than ${MAX_LIMIT}`);
      }
      if (asked < 1) return callError(request, `request body: limit: ${asked} is less than 1`);
      limit = asked;
    }
    if (argument.path !== '') {
      return taggedError(409, 'path', { path: { '.tag': 'not_found' } }, 'not_found/..');
    }
    return jsonReply(200, pageOf(account, { account: account.id, offset: 0, limit, page: 0 }));
  }

  /** `POST /files/list_folder/continue`: a cursor this account was given, else `reset`. */
  function listFolderContinue(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!account.scopes.includes(FILES_SCOPE)) return missingScope(FILES_SCOPE);
    const argument = logCall(request, account);
    if (typeof argument.cursor !== 'string' || argument.cursor === '') {
      return callError(request, "request body: missing required field 'cursor'");
    }
    const state = decodeCursor(argument.cursor);
    if (!state || state.account !== account.id) return taggedError(409, 'reset');
    return jsonReply(200, pageOf(account, state));
  }

  /** The page at the cursor's entry; the cursor of the last page still points past it, as Dropbox's do. */
  function pageOf(account: StoredAccount, state: CursorState): Record<string, unknown> {
    const root = rootOf(account);
    const size = Math.min(state.limit, root.pageSize);
    const length = root.unevenPages ? unevenLength(state.page, size) : size;
    const entries = root.entries.slice(state.offset, state.offset + length);
    const offset = state.offset + entries.length;
    return {
      entries,
      cursor: encodeCursor({ ...state, offset, page: state.page + 1 }),
      has_more: offset < root.entries.length,
    };
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'dropbox',
      jsonContentType: 'application/json',
      responseHeaders: () => ({ 'x-dropbox-request-id': randomBytes(16).toString('hex') }),
      precheck: argumentRefusal,
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
        router
          .post('/users/get_current_account', 'dropbox.getCurrentAccount', (_request, account) =>
            account.scopes.includes(ACCOUNT_INFO_SCOPE)
              ? jsonReply(200, fullAccountJson(account))
              : missingScope(ACCOUNT_INFO_SCOPE),
          )
          .post('/files/list_folder', 'dropbox.listFolder', listFolder)
          .post('/files/list_folder/continue', 'dropbox.listFolderContinue', listFolderContinue),
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setRoot(accountId, entries, options = {}) {
        const account = requireDropboxAccount(accountId);
        roots.set(accountId, {
          entries: Array.isArray(entries) ? [...entries] : generateEntries({ ...entries, seed: account.id }),
          pageSize: Math.min(options.pageSize ?? MAX_LIMIT, MAX_LIMIT),
          unevenPages: options.unevenPages ?? false,
        });
      },
      rootEntries(accountId) {
        return [...rootOf(requireDropboxAccount(accountId)).entries];
      },
      listFolderCalls(accountId) {
        requireDropboxAccount(accountId);
        return [...(listCalls.get(accountId) ?? [])];
      },
    },
  };
}

/** A 401 `missing_scope` naming the scope the function needs (docs/providers.md#dropbox, "Errors"). */
function missingScope(scope: string): EmulatorReply {
  return taggedError(401, 'missing_scope', { required_scope: scope });
}

/** The first page 2 short, every third page one over (the `limit` is approximate), never empty. */
function unevenLength(page: number, size: number): number {
  if (page === 0) return Math.max(1, size - 2);
  return page % 3 === 0 ? size + 1 : size;
}

/**
 * Dropbox cursors are opaque url-safe strings; this one carries where the listing is, so a cursor can
 * be sent again (the gateway resumes in the middle of a page that way).
 */
function encodeCursor(state: CursorState): string {
  return `AAH${Buffer.from(JSON.stringify(state)).toString('base64url')}`;
}

function decodeCursor(cursor: string): CursorState | undefined {
  if (!cursor.startsWith('AAH')) return undefined;
  try {
    const state = JSON.parse(Buffer.from(cursor.slice(3), 'base64url').toString('utf8')) as CursorState;
    const valid =
      typeof state.account === 'string' &&
      [state.offset, state.limit, state.page].every((value) => Number.isInteger(value) && value >= 0);
    return valid ? state : undefined;
  } catch {
    return undefined;
  }
}

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
