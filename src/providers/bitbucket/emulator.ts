/**
 * Bitbucket Cloud REST 2.0 as the gateway uses it: `GET /user` (scope `account`), `GET /user/emails`
 * (scope `email`), `GET /user/workspaces` (scope `account`) and `GET /repositories/{workspace}` (scope
 * `repository`, with its `sort`), with Bitbucket's page envelope (`pagelen` at most 100, the next
 * page's URL in `next`), its `{type: "error", error: {...}}` envelope, and the 410 of the
 * cross-workspace endpoints it removed (docs/providers.md#bitbucket).
 */
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  type AccountHandler,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import {
  type BitbucketAccess,
  type BitbucketRepositoryJson,
  type BitbucketWorkspaceJson,
  bitbucketTime,
  generateRepositories,
  hashOf,
  type StoredRepository,
  uuidFromSeed,
  workspaceJson,
} from './fixtures.js';
import { BITBUCKET_EMAIL_SCOPE, BITBUCKET_REPOSITORY_SCOPES } from './provider.js';

export type { BitbucketRepositoryJson, BitbucketWorkspaceJson } from './fixtures.js';

/** One workspace of an account, as a test sets it. */
export interface BitbucketWorkspaceInput {
  readonly slug: string;
  /** Default: the slug. */
  readonly name?: string;
  /** Whether the account administers it; default false. */
  readonly administrator?: boolean;
  /**
   * Its repositories the account has a permission on (what `role=member` lists), in Bitbucket's order;
   * a count generates them.
   */
  readonly repositories: BitbucketRepositoryJson[] | number;
  /** Public repositories the account sees without a permission (left out by `role=member`); default 0. */
  readonly publicOthers?: number;
}

export interface BitbucketWorkspaceSummary {
  readonly slug: string;
  readonly name: string;
  readonly uuid: string;
  readonly administrator: boolean;
}

export interface BitbucketEmulator extends ProviderEmulatorApi {
  /**
   * The account's workspaces, in the order it joined them (`GET /user/workspaces` without `sort`), each
   * with its repositories. Without a call, every account has four: its personal one (9 repositories),
   * `analytical-engines` (101 to 140, plus 4 public ones it has no permission on), `royal-society` (none
   * of its own, 2 public ones) and `difference-engine` (6).
   */
  setWorkspaces(accountId: string, workspaces: BitbucketWorkspaceInput[]): void;
  /** The account's workspaces, in the order it joined them. */
  workspaces(accountId: string): BitbucketWorkspaceSummary[];
  /**
   * What `role=member` lists, workspace after workspace by slug: the repositories the account has a
   * permission on, each workspace's in Bitbucket's order.
   */
  memberRepositories(accountId: string): BitbucketRepositoryJson[];
}

const API_URL = 'https://api.bitbucket.org/2.0';
const DEFAULT_PAGELEN = 10;
/** The page envelope's documented maximum (docs/providers.md#bitbucket, "Pagination"). */
const MAX_PAGELEN = 100;
const ROLES = ['member', 'contributor', 'admin', 'owner'] as const;

interface StoredWorkspace {
  readonly workspace: BitbucketWorkspaceJson;
  readonly administrator: boolean;
  readonly personal: boolean;
  readonly repositories: StoredRepository[];
}

function bitbucketError(status: number, error: Record<string, unknown>, headers?: Record<string, string>) {
  return jsonReply(status, { type: 'error', error }, headers);
}

/**
 * A route that needs one of `scopes` (a scope, or one that implies it); without, Bitbucket's 403 naming
 * the granted scopes and the one required.
 */
function withScope(scopes: readonly string[], handler: AccountHandler): AccountHandler {
  return (request, account) =>
    scopes.some((scope) => account.scopes.includes(scope))
      ? handler(request, account)
      : bitbucketError(403, {
          message: 'Your credentials lack one or more required privilege scopes.',
          detail: { granted: account.scopes, required: [scopes[0]] },
        });
}

/** The 410 of the cross-workspace endpoints removed by CHANGE-2770. */
const gone: AccountHandler = () =>
  bitbucketError(410, {
    message: 'CHANGE-2770 - Functionality has been deprecated',
    detail: 'Please read the changelog entry for more details.',
    data: { announcement_url: 'https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770' },
  });

export function createBitbucketEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<BitbucketEmulator> {
  const { identities } = deps;
  const workspacesByAccount = new Map<string, StoredWorkspace[]>();

  function requireBitbucketAccount(accountId: string): StoredAccount {
    const account = identities.getAccount(accountId);
    if (account?.provider !== 'bitbucket') throw new Error(`Emulator: no Bitbucket account ${accountId}`);
    return account;
  }

  function workspacesOf(account: StoredAccount): StoredWorkspace[] {
    let workspaces = workspacesByAccount.get(account.id);
    if (!workspaces) {
      workspaces = defaultWorkspaces(account);
      workspacesByAccount.set(account.id, workspaces);
    }
    return workspaces;
  }

  /** `next` and `previous` keep the request's parameters, on the emulator's own base URL. */
  function pageEnvelope<T>(request: EmulatorRequest, items: T[], pagelen: number, page: number) {
    const start = (page - 1) * pagelen;
    const linkTo = (target: number) => {
      const params = new URLSearchParams(request.searchParams);
      params.set('page', String(target));
      return `${deps.baseUrl()}${request.path}?${params.toString()}`;
    };
    return {
      pagelen,
      size: items.length,
      values: items.slice(start, start + pagelen),
      page,
      ...(start + pagelen < items.length ? { next: linkTo(page + 1) } : {}),
      ...(page > 1 ? { previous: linkTo(page - 1) } : {}),
    };
  }

  const listWorkspaces: AccountHandler = (request, account) => {
    const paging = readPaging(request);
    if ('error' in paging) return bitbucketError(400, { message: paging.error });
    const { sort, administrator } = request.query;
    if (sort !== undefined && sort !== 'slug' && sort !== '-slug') {
      // Only `slug` sorts (docs/providers.md#bitbucket); the wording of this refusal is unverified.
      return bitbucketError(400, { message: `Invalid sort field: ${sort}` });
    }
    let workspaces = workspacesOf(account);
    if (administrator === 'true' || administrator === 'false') {
      workspaces = workspaces.filter((entry) => entry.administrator === (administrator === 'true'));
    }
    if (sort !== undefined) {
      const sign = sort === 'slug' ? 1 : -1;
      workspaces = [...workspaces].sort(
        (a, b) =>
          sign * (a.workspace.slug < b.workspace.slug ? -1 : a.workspace.slug > b.workspace.slug ? 1 : 0),
      );
    }
    const values = workspaces.map((entry) => ({
      administrator: entry.administrator,
      type: 'workspace_access',
      workspace: {
        links: { avatar: entry.workspace.links.avatar, self: entry.workspace.links.self },
        slug: entry.workspace.slug,
        type: 'workspace_base',
        uuid: entry.workspace.uuid,
      },
    }));
    return jsonReply(200, pageEnvelope(request, values, paging.pagelen, paging.page));
  };

  const listRepositories: AccountHandler = (request, account) => {
    const paging = readPaging(request);
    if ('error' in paging) return bitbucketError(400, { message: paging.error });
    const role = request.query.role;
    if (role !== undefined && !(ROLES as readonly string[]).includes(role)) {
      // The wording of this refusal is unverified.
      return bitbucketError(400, { message: `Invalid role: ${role}` });
    }
    const sort = request.query.sort;
    const order = sort === undefined ? undefined : repositoryOrder(sort);
    if (sort !== undefined && order === null) {
      // The wording Bitbucket gave for a sort on a field the repository lacks (BCLOUD-12292,
      // https://bitbucket.org/site/master/issues/12292); that report names no status: the 400 is
      // unverified.
      return bitbucketError(400, { message: `Repository has no field named '${sortField(sort)}'` });
    }
    const key = request.params.workspace ?? '';
    // A workspace is named by its slug or by its braced UUID.
    const entry = workspacesOf(account).find(
      (candidate) => candidate.workspace.slug === key || candidate.workspace.uuid === key,
    );
    if (!entry) {
      // The wording of this 404 is unverified.
      return bitbucketError(404, { message: `No workspace with identifier '${key}'.` });
    }
    const listed = entry.repositories
      .filter((stored) =>
        matchesRole(stored.access, role as (typeof ROLES)[number] | undefined, entry.personal),
      )
      .map((stored) => stored.repository);
    // Sorted before paging, so `page` (and `next`, which keeps `sort`) walks the sorted list.
    const sorted = order ? [...listed].sort(order) : listed;
    return jsonReply(200, pageEnvelope(request, sorted, paging.pagelen, paging.page));
  };

  const emulator = createBearerApiEmulator(
    {
      id: 'bitbucket',
      unauthorized: () => bitbucketError(401, { message: 'Access token expired.' }),
      rateLimited: (): EmulatorReply =>
        bitbucketError(
          429,
          { message: 'Rate limit for this resource has been exceeded' },
          {
            // The header names of docs/providers.md#bitbucket ("Rate limits"), which are unverified; the
            // values are illustrative.
            'x-ratelimit-limit': '1000',
            'x-ratelimit-resource': 'api',
          },
        ),
      notFound: () => bitbucketError(404, { message: 'Resource not found' }),
      routes: (router) =>
        router
          .get(
            '/user',
            'bitbucket.getUser',
            withScope(['account'], (_request, account) => jsonReply(200, userJson(account))),
          )
          .get(
            '/user/emails',
            'bitbucket.listEmails',
            withScope([BITBUCKET_EMAIL_SCOPE], (_request, account) => jsonReply(200, emailsJson(account))),
          )
          .get('/user/workspaces', 'bitbucket.listWorkspaces', withScope(['account'], listWorkspaces))
          .get(
            '/repositories/:workspace',
            'bitbucket.listRepositories',
            withScope(BITBUCKET_REPOSITORY_SCOPES, listRepositories),
          )
          .get('/repositories', 'bitbucket.removedRepositories', gone)
          .get('/workspaces', 'bitbucket.removedWorkspaces', gone)
          .get('/user/permissions/workspaces', 'bitbucket.removedWorkspacePermissions', gone)
          .get('/user/permissions/repositories', 'bitbucket.removedRepositoryPermissions', gone),
    },
    deps,
  );

  const api: BitbucketEmulator = {
    rateLimit: emulator.api.rateLimit,
    setWorkspaces(accountId, inputs) {
      const account = requireBitbucketAccount(accountId);
      const nickname = nicknameOf(account);
      workspacesByAccount.set(
        accountId,
        inputs.map((input) => {
          const workspace = workspaceJson({
            slug: input.slug,
            name: input.name ?? input.slug,
            uuid: uuidFromSeed(`${account.id}:workspace:${input.slug}`),
          });
          const generated = generateRepositories({
            workspace,
            personal: false,
            members: typeof input.repositories === 'number' ? input.repositories : 0,
            others: input.publicOthers ?? 0,
            username: nickname,
            seed: account.id,
          });
          const given: StoredRepository[] = Array.isArray(input.repositories)
            ? structuredClone(input.repositories).map((repository) => ({ repository, access: 'read' }))
            : [];
          return {
            workspace,
            administrator: input.administrator ?? false,
            personal: false,
            repositories: [...given, ...generated],
          };
        }),
      );
    },
    workspaces: (accountId) =>
      workspacesOf(requireBitbucketAccount(accountId)).map((entry) => ({
        slug: entry.workspace.slug,
        name: entry.workspace.name,
        uuid: entry.workspace.uuid,
        administrator: entry.administrator,
      })),
    memberRepositories: (accountId) =>
      [...workspacesOf(requireBitbucketAccount(accountId))]
        .sort((a, b) =>
          a.workspace.slug < b.workspace.slug ? -1 : a.workspace.slug > b.workspace.slug ? 1 : 0,
        )
        .flatMap((entry) =>
          entry.repositories.filter((stored) => stored.access !== null).map((stored) => stored.repository),
        )
        .map((repository) => structuredClone(repository)),
  };
  return { service: emulator.service, api };
}

/** `role`: explicit read (member), write (contributor) or admin permission; the user's own (owner). */
function matchesRole(
  access: BitbucketAccess,
  role: (typeof ROLES)[number] | undefined,
  personal: boolean,
): boolean {
  switch (role) {
    case undefined:
      return true;
    case 'member':
      return access !== null;
    case 'contributor':
      return access === 'write' || access === 'admin';
    case 'admin':
      return access === 'admin';
    case 'owner':
      return personal;
  }
}

/**
 * The repository fields `sort` takes, by the value they order on. Bitbucket sorts on any field of the
 * object ("Filtering and sorting API responses",
 * https://developer.atlassian.com/cloud/bitbucket/rest/intro/#filtering): the emulator on those a list
 * of repositories is usefully sorted by, and refuses the others as it would refuse a field the object
 * lacks. Strings compare by code unit (Bitbucket's collation is unverified); times by instant.
 */
const REPOSITORY_SORT_KEYS: Readonly<
  Record<string, (repository: BitbucketRepositoryJson) => string | number>
> = {
  created_on: (repository) => bitbucketInstant(repository.created_on),
  updated_on: (repository) => bitbucketInstant(repository.updated_on),
  name: (repository) => repository.name,
  full_name: (repository) => repository.full_name,
  slug: (repository) => repository.slug,
  size: (repository) => repository.size,
  uuid: (repository) => repository.uuid,
};

/** `sort=-field` names `field`. */
function sortField(sort: string): string {
  return sort.startsWith('-') ? sort.slice(1) : sort;
}

/**
 * The order of `sort`: `field` ascending, `-field` descending, ties broken by `uuid` so the order is
 * total and `-field` is exactly `field` reversed (how Bitbucket breaks ties is unverified); `null` for a
 * field it does not take.
 */
function repositoryOrder(
  sort: string,
): ((a: BitbucketRepositoryJson, b: BitbucketRepositoryJson) => number) | null {
  const keyOf = Object.hasOwn(REPOSITORY_SORT_KEYS, sortField(sort))
    ? REPOSITORY_SORT_KEYS[sortField(sort)]
    : undefined;
  if (keyOf === undefined) return null;
  const sign = sort.startsWith('-') ? -1 : 1;
  return (a, b) => sign * (compareValues(keyOf(a), keyOf(b)) || compareValues(a.uuid, b.uuid));
}

function compareValues(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A Bitbucket time (`2019-03-01T10:00:00.123456+00:00`) in microseconds since the epoch, so the
 * microseconds order too; an unreadable one first.
 */
function bitbucketInstant(value: string): number {
  const micros = Number(/\.\d{3}(\d{1,3})/.exec(value)?.[1]?.padEnd(3, '0') ?? 0);
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms * 1000 + micros;
}

/**
 * `pagelen` 1 to 100 (default 10) and `page` from 1; anything else is Bitbucket's 400 "Invalid pagelen"
 * or "Invalid page".
 */
function readPaging(request: EmulatorRequest): { pagelen: number; page: number } | { error: string } {
  const pagelen = request.query.pagelen === undefined ? DEFAULT_PAGELEN : Number(request.query.pagelen);
  if (!Number.isInteger(pagelen) || pagelen < 1 || pagelen > MAX_PAGELEN) return { error: 'Invalid pagelen' };
  const page = request.query.page === undefined ? 1 : Number(request.query.page);
  if (!Number.isInteger(page) || page < 1) return { error: 'Invalid page' };
  return { pagelen, page };
}

function nicknameOf(account: StoredAccount): string {
  return account.username ?? `user${account.providerUserId}`;
}

/**
 * Without `setWorkspaces`: the personal workspace (same UUID as the user), a large team workspace with
 * more than 100 repositories, one with no repository of the user's own, and a small one; in the order
 * joined, not by slug.
 */
function defaultWorkspaces(account: StoredAccount): StoredWorkspace[] {
  const nickname = nicknameOf(account);
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || nickname;
  const specs: {
    slug: string;
    name: string;
    uuid?: string;
    personal: boolean;
    administrator: boolean;
    members: number;
    others: number;
  }[] = [
    {
      slug: nickname.toLowerCase(),
      name,
      uuid: bitbucketUuidOf(account),
      personal: true,
      administrator: true,
      members: 9,
      others: 0,
    },
    {
      slug: 'analytical-engines',
      name: 'Analytical Engines',
      personal: false,
      administrator: false,
      members: 101 + (hashOf(account.id) % 40),
      others: 4,
    },
    {
      slug: 'royal-society',
      name: 'Royal Society',
      personal: false,
      administrator: false,
      members: 0,
      others: 2,
    },
    {
      slug: 'difference-engine',
      name: 'Difference Engine',
      personal: false,
      administrator: true,
      members: 6,
      others: 0,
    },
  ];
  return specs.map((spec) => {
    const workspace = workspaceJson({
      slug: spec.slug,
      name: spec.name,
      uuid: spec.uuid ?? uuidFromSeed(`${account.id}:workspace:${spec.slug}`),
    });
    return {
      workspace,
      administrator: spec.administrator,
      personal: spec.personal,
      repositories: generateRepositories({
        workspace,
        personal: spec.personal,
        members: spec.members,
        others: spec.others,
        username: nickname,
        seed: account.id,
      }),
    };
  });
}

/** Bitbucket's user uuid, braces included: Clerk's provider user id, braced when it is not. */
export function bitbucketUuidOf(account: { readonly providerUserId: string }): string {
  const id = account.providerUserId;
  return id.startsWith('{') ? id : `{${id}}`;
}

/** The shape of the `/user` example of docs/providers.md#bitbucket ("Profile"), from the stored account. */
function userJson(account: StoredAccount): Record<string, unknown> {
  const uuid = bitbucketUuidOf(account);
  const encoded = encodeURIComponent(uuid);
  const nickname = account.username ?? `user${account.providerUserId}`;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    display_name: name || nickname,
    links: {
      self: { href: `${API_URL}/users/${encoded}` },
      avatar: { href: account.imageUrl },
      html: { href: `https://bitbucket.org/${encoded}/` },
    },
    created_on: bitbucketTime(account.createdAt),
    type: 'user',
    uuid,
    has_2fa_enabled: null,
    username: nickname,
    is_staff: false,
    account_id: `557058:${uuid.slice(1, -1)}`,
    nickname,
    account_status: 'active',
    location: null,
  };
}

/** `GET /user/emails`: one page with the account's address, primary and confirmed. */
function emailsJson(account: StoredAccount): Record<string, unknown> {
  const values =
    account.email === null
      ? []
      : [
          {
            is_primary: true,
            is_confirmed: true,
            type: 'email',
            email: account.email,
            links: { self: { href: `${API_URL}/user/emails/${encodeURIComponent(account.email)}` } },
          },
        ];
  return { pagelen: 10, values, page: 1, size: values.length };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createBitbucketEmulator;
