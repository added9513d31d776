/**
 * The Box API as the gateway uses it: `GET /users/me` (with `?fields=`) and `GET /folders/0/items`
 * (offset or marker pages, `fields=`, `limit` capped at 1000, the app's `root_readonly`/`root_readwrite`
 * scope), Box's empty-bodied 401 and its JSON error envelope (docs/providers.md#box, "Errors").
 */
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { type BoxItemJson, generateItems } from './fixtures.js';

export type { BoxFileJson, BoxFolderJson, BoxItemJson, BoxWebLinkJson } from './fixtures.js';

export interface BoxRootOptions {
  /**
   * The largest page the API serves, below Box's 1000: a larger `limit` is cut down to it, as Box does
   * with its own maximum (docs/providers.md#box, "Pagination"), so tests can page small lists.
   */
  maxLimit?: number;
  /**
   * Every n-th item of the root is one the user cannot see: it takes its place in offset pages (which
   * then come back short, `total_count` counting it) and in marker pages, but is never listed.
   */
  hiddenEvery?: number;
}

export interface BoxEmulator extends ProviderEmulatorApi {
  /**
   * The items of the account's root folder (`0`) in Box's order. Counts generate deterministic folders,
   * files and web links, each kind by name. Without it, every account has {@link DEFAULT_ROOT}.
   */
  setRoot(
    accountId: string,
    items: BoxItemJson[] | { folders: number; files: number; webLinks?: number },
    options?: BoxRootOptions,
  ): void;
  /** The root's items the user can see, as the listing answers them (all pages). */
  rootItems(accountId: string): BoxItemJson[];
}

/** A team's root: folders, files and a bookmark, one page at the largest `limit`. */
export const DEFAULT_ROOT = { folders: 10, files: 23, webLinks: 1 } as const;
/** `limit` of folder items: at most 1000 (a larger one is cut down), default 100. */
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;
/** Offset pages stop there; marker pages go on (docs/providers.md#box, "Pagination"). */
const MAX_OFFSET = 300_000;
/** Either app scope reads the root (docs/providers.md#box, "Scopes"). */
const READ_SCOPES = ['root_readonly', 'root_readwrite'];
/** What every item answers whatever `fields` asks: its mini representation. */
const MINI_FIELDS: Record<BoxItemJson['type'], readonly string[]> = {
  file: ['type', 'id', 'etag', 'sequence_id', 'name', 'sha1', 'file_version'],
  folder: ['type', 'id', 'etag', 'sequence_id', 'name'],
  web_link: ['type', 'id', 'etag', 'sequence_id', 'name', 'url'],
};
/** The order of the root's offset pages, as Box states it. */
const ROOT_ORDER = [
  { by: 'type', direction: 'ASC' },
  { by: 'name', direction: 'ASC' },
];

interface Root {
  /** Every slot: the items the user sees, and `null` for one they cannot. */
  slots: (BoxItemJson | null)[];
  maxLimit: number;
}

/** Box's answer to a missing, invalid, expired or revoked token: the reason is in this header only. */
export const BOX_INVALID_TOKEN_CHALLENGE =
  'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."';

/** Every error but the 401: `{type, status, code, context_info?, help_url, message, request_id}`. */
function boxError(
  request: EmulatorRequest,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
  contextInfo?: Record<string, unknown>,
): EmulatorReply {
  const body = {
    type: 'error',
    status,
    code,
    ...(contextInfo ? { context_info: contextInfo } : {}),
    help_url: 'http://developers.box.com/docs/#errors',
    message,
    request_id: request.id.replaceAll('-', '').slice(0, 12),
  };
  return jsonReply(status, body, headers);
}

/** A 400 naming the query parameter at fault, as Box's offset refusal does (docs/providers.md#box, "Errors"). */
function invalidParameter(request: EmulatorRequest, name: string, message: string): EmulatorReply {
  return boxError(request, 400, 'bad_request', 'Bad Request', undefined, {
    errors: [{ reason: 'invalid_parameter', name, message }],
  });
}

export function createBoxEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<BoxEmulator> {
  const roots = new Map<string, Root>();

  function requireBoxAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'box') throw new Error(`Emulator: no Box account ${accountId}`);
    return account;
  }

  function rootOf(account: StoredAccount): Root {
    let root = roots.get(account.id);
    if (!root) {
      root = { slots: generateItems({ ...DEFAULT_ROOT, seed: account.id }), maxLimit: MAX_LIMIT };
      roots.set(account.id, root);
    }
    return root;
  }

  /**
   * `GET /folders/:id/items`, for the root (`0`) only. A token whose app has neither read scope gets
   * Box's 403 `insufficient_scope`; items come in their mini representation plus the `fields` asked.
   */
  function listItems(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!READ_SCOPES.some((scope) => account.scopes.includes(scope))) {
      return boxError(
        request,
        403,
        'insufficient_scope',
        'The request requires higher privileges than provided by the access token.',
      );
    }
    if (request.params.folder_id !== '0') return boxError(request, 404, 'not_found', 'Not Found');
    const root = rootOf(account);
    const asked = wholeNumber(request.query.limit);
    if (asked === null || (asked !== undefined && asked < 1)) {
      return invalidParameter(request, 'limit', `Invalid value '${request.query.limit}'.`);
    }
    const limit = Math.min(asked ?? DEFAULT_LIMIT, root.maxLimit);
    const fields = request.query.fields?.split(',').map((field) => field.trim());
    const shown = (slots: (BoxItemJson | null)[]) =>
      slots
        .filter((item): item is BoxItemJson => item !== null)
        .map((item) => selectItemFields(item, fields));

    if (request.query.usemarker === 'true') {
      const marker = request.query.marker;
      const start = marker === undefined || marker === '' || marker === '0' ? 0 : resumeAfter(root, marker);
      if (start === undefined) return invalidParameter(request, 'marker', `Invalid value '${marker}'.`);
      const slots = root.slots.slice(start, start + limit);
      const last = slots.length > 0 ? start + slots.length - 1 : undefined;
      const more = last !== undefined && last < root.slots.length - 1;
      return jsonReply(200, {
        entries: shown(slots),
        limit,
        next_marker: more ? markerAfter(root, last) : null,
      });
    }

    const given = wholeNumber(request.query.offset);
    const offset = given === undefined ? 0 : given;
    if (offset === null || offset < 0) {
      return invalidParameter(request, 'offset', `Invalid value '${request.query.offset}'.`);
    }
    if (offset > MAX_OFFSET) {
      return invalidParameter(
        request,
        'offset',
        `Invalid value '${offset}'. The offset must not exceed the maximum offset of ${MAX_OFFSET}`,
      );
    }
    return jsonReply(200, {
      total_count: root.slots.length,
      entries: shown(root.slots.slice(offset, offset + limit)),
      offset,
      limit,
      order: ROOT_ORDER,
    });
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'box',
      jsonContentType: 'application/json',
      unauthorized: () => ({ status: 401, headers: { 'www-authenticate': BOX_INVALID_TOKEN_CHALLENGE } }),
      rateLimited: (request, retryAfterSeconds) =>
        boxError(request, 429, 'rate_limit_exceeded', 'Request rate limit exceeded, please try again later', {
          'retry-after': String(retryAfterSeconds),
        }),
      notFound: (request) => boxError(request, 404, 'not_found', 'Not Found'),
      routes: (router) =>
        router
          .get('/users/me', 'box.getMe', (request, account) =>
            jsonReply(200, selectFields(userJson(account), request.query.fields)),
          )
          .get('/folders/:folder_id/items', 'box.listFolderItems', listItems),
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setRoot(accountId, items, options = {}) {
        const account = requireBoxAccount(accountId);
        const listed = Array.isArray(items) ? [...items] : generateItems({ ...items, seed: account.id });
        const every = options.hiddenEvery ?? 0;
        const slots: (BoxItemJson | null)[] = [];
        for (const item of listed) {
          if (every > 0 && slots.length % every === every - 1) slots.push(null);
          slots.push(item);
        }
        roots.set(accountId, { slots, maxLimit: Math.min(options.maxLimit ?? MAX_LIMIT, MAX_LIMIT) });
      },
      rootItems(accountId) {
        return rootOf(requireBoxAccount(accountId)).slots.filter(
          (item): item is BoxItemJson => item !== null,
        );
      },
    },
  };
}

/**
 * Box's markers are opaque; the ones seen in the wild are base64 JSON naming the last item served
 * (`{"type":"id","dir":"next","tail":"…"}`), and so are these: the next page starts after that slot.
 */
function markerAfter(root: Root, slot: number): string {
  const tail = root.slots[slot]?.id ?? `hidden-${slot}`;
  return Buffer.from(JSON.stringify({ type: 'id', dir: 'next', tail }))
    .toString('base64')
    .replace(/=+$/, '');
}

function resumeAfter(root: Root, marker: string): number | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(marker, 'base64').toString('utf8')) as { tail?: unknown };
    if (typeof decoded.tail !== 'string') return undefined;
    const hidden = /^hidden-(\d+)$/.exec(decoded.tail);
    const slot = hidden ? Number(hidden[1]) : root.slots.findIndex((item) => item?.id === decoded.tail);
    return slot >= 0 && slot < root.slots.length ? slot + 1 : undefined;
  } catch {
    return undefined;
  }
}

/** `undefined` when absent, `null` when not a whole number. */
function wholeNumber(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : null;
}

/** An item's mini representation, plus the fields asked that it has. */
function selectItemFields(item: BoxItemJson, fields: readonly string[] | undefined): Record<string, unknown> {
  const wanted = new Set([...MINI_FIELDS[item.type], ...(fields ?? [])]);
  return Object.fromEntries(Object.entries(item).filter(([field]) => wanted.has(field)));
}

/** `?fields=a,b`: only those fields, plus `type` and `id`, which Box always returns. */
function selectFields(user: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (fields === undefined) return user;
  const wanted = new Set(['type', 'id', ...fields.split(',').map((field) => field.trim())]);
  return Object.fromEntries(Object.entries(user).filter(([field]) => wanted.has(field)));
}

/** Box's timestamps: seconds and an offset. */
function boxTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The shape of the `/users/me` example of docs/providers.md#box ("Profile"), from the stored account. */
function userJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    type: 'user',
    id: account.providerUserId,
    name: name || account.username || account.email || '',
    login: account.email ?? '',
    created_at: boxTime(account.createdAt),
    modified_at: boxTime(account.updatedAt),
    language: 'en',
    timezone: 'America/Los_Angeles',
    space_amount: 10_737_418_240,
    space_used: 0,
    max_upload_size: 2_147_483_648,
    status: 'active',
    job_title: '',
    phone: '',
    address: '',
    avatar_url: account.imageUrl,
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createBoxEmulator;
