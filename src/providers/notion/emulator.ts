/**
 * Notion's API as the gateway uses it: `GET /v1/users` (cursor pagination) and `GET /v1/users/me`,
 * with the `Notion-Version` check, token validation, `rate_limited` answers and Notion's error envelope
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
  /** The next `times` (default 1) calls with this account's token answer 429 `rate_limited` with `Retry-After`. */
  rateLimit(accountId: string, options?: { retryAfterSeconds?: number; times?: number }): void;
}

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

  const router = createRouter()
    .get('/v1/users', 'notion.listUsers', authenticated(listUsers))
    .get('/v1/users/me', 'notion.getMe', authenticated(getMe));

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
