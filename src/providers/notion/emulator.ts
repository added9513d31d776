/**
 * Notion's API as the gateway uses it: `GET /v1/users` (cursor pagination), `GET /v1/users/me` and
 * `POST /v1/search` (pages and databases shared with the integration, cursor in the body), with the
 * `Notion-Version` check, token validation, `rate_limited` answers and Notion's error envelope
 * (docs/providers.md#notion).
 */
import {
  createRouter,
  type EmulatedService,
  type EmulatorReply,
  type EmulatorRequest,
  jsonReply,
} from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import type { ProviderEmulatorApi } from '../../emulator/provider-emulator.js';
import {
  botJson,
  generateWorkspaceUsers,
  type NotionPersonJson,
  type NotionUserJson,
  personJson,
  uuidFromSeed,
} from './fixtures.js';
import {
  generateWorkspaceContent,
  type NotionContent,
  type NotionDatabaseJson,
  type NotionPageJson,
  type NotionRichTextJson,
} from './page-fixtures.js';

export interface NotionWorkspaceOptions {
  /** Pages hold fewer than `page_size` users while `has_more` is true (the first page 3 fewer). */
  unevenPages?: boolean;
  /**
   * The integration's user-information capability: `with_email` (default), `without_email` (no
   * `person.email`), or `none` (`/v1/users` answers 403 `restricted_resource`).
   */
  userInformation?: 'with_email' | 'without_email' | 'none';
}

export interface NotionEmulator extends ProviderEmulatorApi {
  /**
   * The workspace behind a Notion account: its users (persons with `person.email`, bots with `bot: {}`).
   * Several accounts may share one array. A count generates deterministic users; the account's own
   * person is the first of `people`.
   */
  setWorkspace(
    accountId: string,
    users: NotionUserJson[] | { people: number; bots: number },
    options?: NotionWorkspaceOptions,
  ): void;
  /** The workspace's users as `/v1/users` lists them (all pages). */
  workspaceUsers(accountId: string): NotionUserJson[];
  /**
   * The pages and databases of the account's workspace that `POST /v1/search` finds, all shared with the
   * integration (any order: search sorts them). A count generates deterministic content: pages
   * (top-level pages, sub-pages, database rows; some untitled; every ninth one left unshared) and up to
   * 3 databases. Without it, every account has {@link DEFAULT_PAGE_COUNT} pages and 3 databases.
   */
  setPages(
    accountId: string,
    content: (NotionPageJson | NotionDatabaseJson)[] | { pages: number; databases?: number },
    options?: NotionSearchOptions,
  ): void;
  /** The pages search finds for the account, last edited first (what a page filter sorted so lists). */
  searchablePages(accountId: string): NotionPageJson[];
  /** The `POST /v1/search` requests made with the account's token, oldest first: version and JSON body. */
  searchRequests(accountId: string): { version: string; body: unknown }[];
  /** The next `times` (default 1) calls with this account's token answer 429 `rate_limited` with `Retry-After`. */
  rateLimit(accountId: string, options?: { retryAfterSeconds?: number; times?: number }): void;
}

export interface NotionSearchOptions {
  /**
   * Search pages hold fewer results than `page_size` while `has_more` is true (the first page 3 fewer,
   * pages starting at an odd position 1 fewer), as Notion's search documents it may.
   */
  unevenPages?: boolean;
  /**
   * Whether the integration has Notion's "Read content" capability (default true). Without it, search
   * answers 403 `restricted_resource` (the emulator's reading of Notion's capability docs: unverified).
   */
  readContent?: boolean;
}

/** Pages of a default workspace: more than one search page at the largest size (100). */
export const DEFAULT_PAGE_COUNT = 140;

/** 2022-06-28 is what Clerk and Nango send, 2025-09-03 the current SDK default; older ones still answer. */
const SUPPORTED_VERSIONS = [
  '2021-05-11',
  '2021-05-13',
  '2021-08-16',
  '2022-02-22',
  '2022-06-28',
  '2025-09-03',
];
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 100;
const INTEGRATION_NAME = 'Provider Graph';

interface Workspace {
  users: NotionUserJson[];
  unevenPages: boolean;
  userInformation: NonNullable<NotionWorkspaceOptions['userInformation']>;
}

interface SearchableContent {
  content: NotionContent[];
  unevenPages: boolean;
  readContent: boolean;
}

interface PendingRateLimit {
  remaining: number;
  retryAfterSeconds: number;
}

type AuthenticatedHandler = (request: EmulatorRequest, account: StoredAccount) => EmulatorReply;

/** Notion's error envelope; `request_id` matches the `x-notion-request-id` header. */
function notionError(request: EmulatorRequest, status: number, code: string, message: string): EmulatorReply {
  return jsonReply(status, { object: 'error', status, code, message, request_id: request.id });
}

export function createNotionEmulator(deps: { identities: IdentityStore }): {
  service: EmulatedService;
  api: NotionEmulator;
} {
  const { identities } = deps;
  const workspaces = new Map<string, Workspace>();
  const contents = new Map<string, SearchableContent>();
  const searchRequests = new Map<string, { version: string; body: unknown }[]>();
  const rateLimits = new Map<string, PendingRateLimit>();

  function requireNotionAccount(accountId: string): StoredAccount {
    const account = identities.getAccount(accountId);
    if (account?.provider !== 'notion') throw new Error(`Emulator: no Notion account ${accountId}`);
    return account;
  }

  /** Without `setWorkspace`: the connected person and the integration's bot. */
  function workspaceOf(account: StoredAccount): Workspace {
    return (
      workspaces.get(account.id) ?? {
        users: [personOf(account), botJson(botIdOf(account), INTEGRATION_NAME)],
        unevenPages: false,
        userInformation: 'with_email',
      }
    );
  }

  /** Without `setPages`: a generated workspace, made once per account so it stays put between calls. */
  function contentOf(account: StoredAccount): SearchableContent {
    let stored = contents.get(account.id);
    if (!stored) {
      stored = {
        content: defaultContent(account, { pages: DEFAULT_PAGE_COUNT, databases: 3 }),
        unevenPages: false,
        readContent: true,
      };
      contents.set(account.id, stored);
    }
    return stored;
  }

  /** Notion's order of checks: version header, then token, then rate limit. */
  function authenticated(handler: AuthenticatedHandler) {
    return (request: EmulatorRequest): EmulatorReply => {
      const version = request.header('notion-version');
      if (version === undefined) {
        return notionError(
          request,
          400,
          'missing_version',
          'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
        );
      }
      if (!SUPPORTED_VERSIONS.includes(version)) {
        return notionError(
          request,
          400,
          'validation_error',
          `Notion-Version header failed validation: Notion-Version header should be a supported version, instead was \`"${version}"\`.`,
        );
      }
      const token = /^Bearer (\S+)$/.exec(request.header('authorization') ?? '')?.[1];
      const account = token === undefined ? undefined : identities.accountOfToken(token);
      if (
        token === undefined ||
        !account ||
        account.provider !== 'notion' ||
        !identities.isTokenAccepted(account, token)
      ) {
        return notionError(request, 401, 'unauthorized', 'API token is invalid.');
      }
      const rateLimit = rateLimits.get(account.id);
      if (rateLimit && rateLimit.remaining > 0) {
        rateLimit.remaining -= 1;
        const reply = notionError(
          request,
          429,
          'rate_limited',
          'You have been rate limited. Please try again in a few minutes.',
        );
        return { ...reply, headers: { 'retry-after': String(rateLimit.retryAfterSeconds) } };
      }
      return handler(request, account);
    };
  }

  const listUsers: AuthenticatedHandler = (request, account) => {
    const workspace = workspaceOf(account);
    if (workspace.userInformation === 'none') {
      return notionError(request, 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
    }
    const pageSize = parsePageSize(request.query.page_size);
    if (typeof pageSize === 'string') return notionError(request, 400, 'validation_error', pageSize);
    const users = workspace.users;
    const cursor = request.query.start_cursor;
    // Cursors are the id of the first user of the next page: UUID-shaped and stable.
    const offset = cursor === undefined ? 0 : users.findIndex((user) => user.id === cursor);
    if (offset < 0) {
      return notionError(request, 400, 'validation_error', `The start_cursor provided is invalid: ${cursor}`);
    }
    const take = workspace.unevenPages ? unevenPageLength(offset, pageSize) : pageSize;
    const page = users.slice(offset, offset + take);
    const next = users[offset + page.length];
    return jsonReply(200, {
      object: 'list',
      results: page.map((user) => visibleUser(user, workspace.userInformation)),
      next_cursor: next?.id ?? null,
      has_more: next !== undefined,
      type: 'user',
      user: {},
    });
  };

  /** The integration's bot; for OAuth integrations `bot.owner.user` is the person who connected it. */
  const getMe: AuthenticatedHandler = (_request, account) => {
    const workspace = workspaceOf(account);
    const person = workspace.users.find((user) => user.id === account.providerUserId) ?? personOf(account);
    const owner = visibleUser(person, workspace.userInformation);
    return jsonReply(200, {
      object: 'user',
      id: botIdOf(account),
      name: INTEGRATION_NAME,
      avatar_url: null,
      type: 'bot',
      bot: {
        owner: { type: 'user', user: owner },
        workspace_name: `${account.firstName ?? account.username ?? 'My'}'s workspace`,
        workspace_id: uuidFromSeed(`workspace:${account.id}`),
        workspace_limits: { max_file_upload_size_in_bytes: 5_368_709_120 },
      },
    });
  };

  /**
   * `POST /v1/search` (docs/providers.md#notion, "Data endpoints"): what was shared with the integration,
   * filtered to pages or databases, sorted by `last_edited_time` when asked (else in creation order, the
   * emulator's stand-in for Notion's relevance), `page_size` 1–100 (default 100) and `start_cursor` in
   * the JSON body.
   */
  const search: AuthenticatedHandler = (request, account) => {
    let body: unknown;
    try {
      body = request.body.trim() === '' ? {} : JSON.parse(request.body);
    } catch {
      body = undefined;
    }
    const version = request.header('notion-version') ?? '';
    searchRequests.set(account.id, [
      ...(searchRequests.get(account.id) ?? []),
      { version, body: body ?? request.body },
    ]);
    const stored = contentOf(account);
    if (!stored.readContent) {
      return notionError(request, 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
    }
    if (body === undefined) return notionError(request, 400, 'invalid_json', 'Error parsing JSON body.');
    // 2025-09-03 split databases into data sources: the filter value and the list type follow it.
    const dataSources = version >= '2025-09-03';
    const parsed = parseSearchBody(body, dataSources ? 'data_source' : 'database');
    if (typeof parsed === 'string') {
      return notionError(request, 400, 'validation_error', `body failed validation: ${parsed}`);
    }
    const query = parsed.query.trim().toLowerCase();
    let found = stored.content
      .filter((item) => item.shared && !item.json.in_trash)
      .map((item) => item.json)
      .filter(
        (json) => parsed.filter === undefined || (json.object === 'page') === (parsed.filter === 'page'),
      )
      .filter((json) => query === '' || (titleOf(json) ?? '').toLowerCase().includes(query));
    if (parsed.sort !== undefined) found = byLastEdited(found, parsed.sort);
    const offset =
      parsed.startCursor === undefined ? 0 : found.findIndex((json) => json.id === parsed.startCursor);
    if (offset < 0) {
      return notionError(
        request,
        400,
        'validation_error',
        `The start_cursor provided is invalid: ${parsed.startCursor}`,
      );
    }
    const take = stored.unevenPages ? unevenPageLength(offset, parsed.pageSize) : parsed.pageSize;
    const page = found.slice(offset, offset + take);
    const next = found[offset + page.length];
    const listType = dataSources ? 'page_or_data_source' : 'page_or_database';
    return jsonReply(200, {
      object: 'list',
      results: page.map((json) =>
        json.object === 'database' && dataSources ? { ...json, object: 'data_source' } : json,
      ),
      next_cursor: next?.id ?? null,
      has_more: next !== undefined,
      type: listType,
      [listType]: {},
    });
  };

  const router = createRouter()
    .get('/v1/users', 'notion.listUsers', authenticated(listUsers))
    .get('/v1/users/me', 'notion.getMe', authenticated(getMe))
    .post('/v1/search', 'notion.search', authenticated(search));

  const service: EmulatedService = {
    name: 'notion',
    router,
    jsonContentType: 'application/json; charset=utf-8',
    responseHeaders: (request) => ({ 'x-notion-request-id': request.id }),
    notFound: (request) => notionError(request, 400, 'invalid_request_url', 'Invalid request URL.'),
    identify(request) {
      const token = /^Bearer (\S+)$/.exec(request.header('authorization') ?? '')?.[1];
      const account = token === undefined ? undefined : identities.accountOfToken(token);
      return account ? { accountId: account.id } : {};
    },
  };

  const api: NotionEmulator = {
    setWorkspace(accountId, users, options = {}) {
      const account = requireNotionAccount(accountId);
      const members = Array.isArray(users)
        ? users
        : [
            ...(users.people > 0 ? [personOf(account)] : []),
            ...generateWorkspaceUsers({
              people: Math.max(0, users.people - 1),
              bots: users.bots,
              seed: account.id,
            }),
          ];
      workspaces.set(accountId, {
        users: members,
        unevenPages: options.unevenPages ?? false,
        userInformation: options.userInformation ?? 'with_email',
      });
    },
    workspaceUsers(accountId) {
      const workspace = workspaceOf(requireNotionAccount(accountId));
      return workspace.users.map((user) => visibleUser(user, workspace.userInformation));
    },
    setPages(accountId, content, options = {}) {
      const account = requireNotionAccount(accountId);
      contents.set(accountId, {
        content: Array.isArray(content)
          ? content.map((json) => ({ json, shared: true }))
          : defaultContent(account, { pages: content.pages, databases: content.databases ?? 3 }),
        unevenPages: options.unevenPages ?? false,
        readContent: options.readContent ?? true,
      });
    },
    searchablePages(accountId) {
      const pages = contentOf(requireNotionAccount(accountId))
        .content.filter((item) => item.shared && !item.json.in_trash)
        .map((item) => item.json)
        .filter((json): json is NotionPageJson => json.object === 'page');
      return byLastEdited(pages, 'descending');
    },
    searchRequests(accountId) {
      requireNotionAccount(accountId);
      return [...(searchRequests.get(accountId) ?? [])];
    },
    rateLimit(accountId, options = {}) {
      requireNotionAccount(accountId);
      rateLimits.set(accountId, {
        remaining: options.times ?? 1,
        retryAfterSeconds: options.retryAfterSeconds ?? 1,
      });
    },
  };

  return { service, api };
}

function personOf(account: StoredAccount): NotionPersonJson {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username;
  return personJson(account.providerUserId, name, account.email, account.imageUrl);
}

/** The generated workspace of an account: edited up to the hour before it was connected. */
function defaultContent(
  account: StoredAccount,
  counts: { pages: number; databases: number },
): NotionContent[] {
  const owner = [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username || 'my';
  return generateWorkspaceContent({
    ...counts,
    seed: account.id,
    authorId: account.providerUserId,
    now: account.createdAt - 3_600_000,
    siteDomain:
      owner
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'workspace',
  });
}

/** A page's title (its `title` property's runs joined), or a database's; `null` when it has none. */
function titleOf(json: NotionPageJson | NotionDatabaseJson): string | null {
  const runs: NotionRichTextJson[] =
    json.object === 'database'
      ? json.title
      : (Object.values(json.properties).find((property) => property.type === 'title')?.title ?? []);
  const text = runs.map((run) => run.plain_text).join('');
  return text === '' ? null : text;
}

/** By `last_edited_time` (whole minutes), ties by id, so every order is total. */
function byLastEdited<T extends { id: string; last_edited_time: string }>(
  items: readonly T[],
  direction: 'ascending' | 'descending',
): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...items].sort(
    (a, b) =>
      sign * (Date.parse(a.last_edited_time) - Date.parse(b.last_edited_time)) || a.id.localeCompare(b.id),
  );
}

interface SearchBody {
  query: string;
  filter?: 'page' | 'database';
  sort?: 'ascending' | 'descending';
  startCursor?: string;
  pageSize: number;
}

/**
 * The search body (docs/providers.md#notion, "Data endpoints"), or what failed, in the style of Notion's
 * `body failed validation: body.<path> should be …, instead was …` (the wording is the emulator's own:
 * unverified).
 */
function parseSearchBody(body: unknown, databaseValue: 'database' | 'data_source'): SearchBody | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `body should be an object, instead was \`${JSON.stringify(body)}\`.`;
  }
  const fields = body as Record<string, unknown>;
  const shown = (value: unknown) => `\`${JSON.stringify(value) ?? 'undefined'}\``;
  const parsed: SearchBody = { query: '', pageSize: DEFAULT_PAGE_SIZE };
  if (fields.query !== undefined) {
    if (typeof fields.query !== 'string')
      return `body.query should be a string, instead was ${shown(fields.query)}.`;
    parsed.query = fields.query;
  }
  if (fields.filter !== undefined) {
    const filter = fields.filter as Record<string, unknown> | null;
    if (typeof filter !== 'object' || filter === null) {
      return `body.filter should be an object, instead was ${shown(filter)}.`;
    }
    if (filter.property !== 'object') {
      return `body.filter.property should be \`"object"\`, instead was ${shown(filter.property)}.`;
    }
    if (filter.value !== 'page' && filter.value !== databaseValue) {
      return `body.filter.value should be \`"page"\` or \`"${databaseValue}"\`, instead was ${shown(filter.value)}.`;
    }
    parsed.filter = filter.value === 'page' ? 'page' : 'database';
  }
  if (fields.sort !== undefined) {
    const sort = fields.sort as Record<string, unknown> | null;
    if (typeof sort !== 'object' || sort === null)
      return `body.sort should be an object, instead was ${shown(sort)}.`;
    if (sort.timestamp !== 'last_edited_time') {
      return `body.sort.timestamp should be \`"last_edited_time"\`, instead was ${shown(sort.timestamp)}.`;
    }
    if (sort.direction !== 'ascending' && sort.direction !== 'descending') {
      return `body.sort.direction should be \`"ascending"\` or \`"descending"\`, instead was ${shown(sort.direction)}.`;
    }
    parsed.sort = sort.direction;
  }
  if (fields.start_cursor !== undefined && fields.start_cursor !== null) {
    if (typeof fields.start_cursor !== 'string') {
      return `body.start_cursor should be a string, instead was ${shown(fields.start_cursor)}.`;
    }
    parsed.startCursor = fields.start_cursor;
  }
  if (fields.page_size !== undefined) {
    const size = fields.page_size;
    if (typeof size !== 'number' || !Number.isInteger(size)) {
      return `body.page_size should be an integer, instead was ${shown(size)}.`;
    }
    if (size > MAX_PAGE_SIZE)
      return `body.page_size should be ≤ \`${MAX_PAGE_SIZE}\`, instead was \`${size}\`.`;
    if (size < 1) return `body.page_size should be ≥ \`1\`, instead was \`${size}\`.`;
    parsed.pageSize = size;
  }
  return parsed;
}

function botIdOf(account: StoredAccount): string {
  return uuidFromSeed(`bot:${account.id}`);
}

function visibleUser(user: NotionUserJson, userInformation: Workspace['userInformation']): NotionUserJson {
  if (user.type !== 'person' || userInformation === 'with_email') return user;
  return { ...user, person: {} };
}

/**
 * `page_size` must be an integer from 1 to 100 (docs/providers.md#notion, "Pagination"); else the error
 * message, whose wording is the emulator's own (unverified).
 */
function parsePageSize(value: string | undefined): number | string {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  if (!/^-?\d+$/.test(value)) return `page_size should be a number, instead was \`"${value}"\`.`;
  const size = Number(value);
  if (size > MAX_PAGE_SIZE) return `page_size should be ≤ \`${MAX_PAGE_SIZE}\`, instead was \`${size}\`.`;
  if (size < 1) return `page_size should be ≥ \`1\`, instead was \`${size}\`.`;
  return size;
}

/**
 * Deterministic short pages ("may hold fewer than page_size items even when has_more is true"):
 * the first page 3 fewer, pages starting at an odd offset 1 fewer, never empty.
 */
function unevenPageLength(offset: number, pageSize: number): number {
  const shortfall = offset === 0 ? 3 : offset % 2 === 1 ? 1 : 0;
  return Math.max(1, pageSize - shortfall);
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createNotionEmulator;
