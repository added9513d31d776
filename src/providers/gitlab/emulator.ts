/**
 * GitLab's REST API v4 as the gateway uses it: `GET /user` and `GET /projects` (offset pagination with
 * `x-next-page`, `per_page` silently capped at 100), with GitLab's 401 bodies (a bare `401 Unauthorized`,
 * or OAuth's `invalid_token` for an expired or revoked token), its 403 `insufficient_scope`, its 400
 * parameter errors and its plain-text 429 with `RateLimit-*` headers (docs/providers.md#gitlab).
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  type AccountHandler,
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { type GitLabProjectJson, generateProjects, hashOf, publicProjectsOfOthers } from './fixtures.js';

export type { GitLabNamespaceJson, GitLabProjectJson } from './fixtures.js';

export interface GitLabEmulator extends ProviderEmulatorApi {
  /**
   * The projects the account is a member of (`GET /projects?membership=true`). A count generates
   * deterministic ones: personal and group projects (a subgroup too), mostly private, some internal and
   * public, archived, empty and forked ones, descriptions `null` or `""` now and then. Without a call,
   * every account has 110 to 149 of them.
   */
  setProjects(accountId: string, projects: GitLabProjectJson[] | { count: number }): void;
  /** The account's projects as stored, before any filter or order. */
  projects(accountId: string): GitLabProjectJson[];
}

const REALM = 'Bearer realm="Protected by OAuth 2.0"';
/** Scopes that can read `GET /user`. */
const USER_SCOPES = ['api', 'read_api', 'read_user'];
/** Scopes that can read the rest of the API, `GET /projects` included, as GitLab's refusal names them. */
const API_SCOPES = ['api', 'read_api'];
const DEFAULT_PER_PAGE = 20;
/** Kaminari's `max_per_page`: a larger `per_page` is served 100 items, without an error. */
const MAX_PER_PAGE = 100;
/** Above this many rows GitLab leaves out `x-total`, `x-total-pages` and the `last` link. */
const MAX_COUNTED_ROWS = 10_000;
const ORDER_FIELDS = ['id', 'name', 'path', 'created_at', 'updated_at', 'last_activity_at', 'star_count'];
/** The fields of a project with `simple=true`. */
const SIMPLE_FIELDS = [
  'id',
  'description',
  'name',
  'name_with_namespace',
  'path',
  'path_with_namespace',
  'created_at',
  'default_branch',
  'tag_list',
  'topics',
  'ssh_url_to_repo',
  'http_url_to_repo',
  'web_url',
  'readme_url',
  'forks_count',
  'avatar_url',
  'star_count',
  'last_activity_at',
  'namespace',
] as const;
/**
 * gitlab.com's limit on authenticated API calls per user and minute
 * (docs/providers.md#gitlab, "Rate limits").
 */
const AUTHENTICATED_API_LIMIT = 2000;

/** An OAuth error with the same reason in the body and the `WWW-Authenticate` challenge. */
function oauthError(status: number, error: string, description: string, scope?: string): EmulatorReply {
  const scopeParam = scope === undefined ? '' : `, scope="${scope}"`;
  return jsonReply(
    status,
    { error, error_description: description, ...(scope === undefined ? {} : { scope }) },
    { 'www-authenticate': `${REALM}, error="${error}", error_description="${description}"${scopeParam}` },
  );
}

export function createGitLabEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<GitLabEmulator> {
  const { identities } = deps;
  const projectsByAccount = new Map<string, GitLabProjectJson[]>();

  function requireGitLabAccount(accountId: string): StoredAccount {
    const account = identities.getAccount(accountId);
    if (account?.provider !== 'gitlab') throw new Error(`Emulator: no GitLab account ${accountId}`);
    return account;
  }

  /** Without `setProjects`: a deterministic set, more than one page at the largest page size. */
  function projectsOf(account: StoredAccount): GitLabProjectJson[] {
    let projects = projectsByAccount.get(account.id);
    if (!projects) {
      projects = generatedProjects(account, 110 + (hashOf(account.id) % 40));
      projectsByAccount.set(account.id, projects);
    }
    return projects;
  }

  /** A route that needs one of `scopes`; without, GitLab's 403 naming what would do. */
  function withScope(scopes: readonly string[], handler: AccountHandler): AccountHandler {
    return (request, account) =>
      scopes.some((scope) => account.scopes.includes(scope))
        ? handler(request, account)
        : oauthError(
            403,
            'insufficient_scope',
            'The request requires higher privileges than provided by the access token.',
            scopes.join(' '),
          );
  }

  const listProjects: AccountHandler = (request, account) => {
    const query = readProjectsQuery(request);
    if ('error' in query) return jsonReply(400, { error: query.error });
    // Without `membership`, every project the caller can see: public ones of others too.
    const candidates = query.membership
      ? projectsOf(account)
      : [...projectsOf(account), ...publicProjectsOfOthers()];
    const listed = sortProjects(
      candidates.filter((project) => query.archived === undefined || project.archived === query.archived),
      query.orderBy,
      query.sort,
    );
    const total = listed.length;
    const totalPages = Math.max(1, Math.ceil(total / query.perPage));
    const start = (query.page - 1) * query.perPage;
    const page = listed.slice(start, start + query.perPage);
    const hasNext = start + query.perPage < total;
    const counted = total <= MAX_COUNTED_ROWS;
    const url = `${deps.baseUrl()}/projects`;
    return jsonReply(200, query.simple ? page.map(simpleProject) : page, {
      'x-page': String(query.page),
      'x-per-page': String(query.perPage),
      'x-next-page': hasNext ? String(query.page + 1) : '',
      'x-prev-page': query.page > 1 ? String(query.page - 1) : '',
      ...(counted ? { 'x-total': String(total), 'x-total-pages': String(totalPages) } : {}),
      link: linkHeader(url, request.searchParams, query, hasNext, counted ? totalPages : undefined),
    });
  };

  const emulator = createBearerApiEmulator(
    {
      id: 'gitlab',
      jsonContentType: 'application/json',
      unauthorized: (request) => unauthorized(request, identities),
      rateLimited: (_request, retryAfterSeconds) => {
        const resetAt = Math.ceil(Date.now() / 1000) + retryAfterSeconds;
        // The body is plain text (docs/providers.md#gitlab, "Rate limits").
        return {
          status: 429,
          text: 'Retry later\n',
          headers: {
            'content-type': 'text/plain',
            'ratelimit-name': 'throttle_authenticated_api',
            'ratelimit-limit': String(AUTHENTICATED_API_LIMIT),
            'ratelimit-observed': String(AUTHENTICATED_API_LIMIT + 1),
            'ratelimit-remaining': '0',
            'ratelimit-reset': String(resetAt),
            'ratelimit-resettime': new Date(resetAt * 1000).toUTCString(),
            'retry-after': String(retryAfterSeconds),
          },
        };
      },
      notFound: () => jsonReply(404, { error: '404 Not Found' }),
      routes: (router) =>
        router
          .get(
            '/user',
            'gitlab.getUser',
            withScope(USER_SCOPES, (_request, account) => jsonReply(200, userJson(account))),
          )
          .get('/projects', 'gitlab.listProjects', withScope(API_SCOPES, listProjects)),
    },
    deps,
  );

  const api: GitLabEmulator = {
    rateLimit: emulator.api.rateLimit,
    setProjects(accountId, projects) {
      const account = requireGitLabAccount(accountId);
      const stored = Array.isArray(projects) ? projects : generatedProjects(account, projects.count);
      projectsByAccount.set(accountId, structuredClone(stored));
    },
    projects: (accountId) => structuredClone(projectsOf(requireGitLabAccount(accountId))),
  };
  return { service: emulator.service, api };
}

function generatedProjects(account: StoredAccount, count: number): GitLabProjectJson[] {
  const id = gitlabUserId(account);
  const username = account.username ?? `user${id}`;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || username;
  return generateProjects({
    owner: { id, username, name, avatarUrl: account.imageUrl },
    count,
    seed: account.id,
  });
}

interface ProjectsQuery {
  membership: boolean;
  archived: boolean | undefined;
  simple: boolean;
  orderBy: string;
  sort: 'asc' | 'desc';
  page: number;
  perPage: number;
}

/**
 * GitLab's parameter checks (Grape's messages): an unknown `order_by` or `sort` "does not have a valid
 * value"; a `per_page` or `page` that is not an integer "is invalid", one below 1 "does not have a valid
 * value" (0 "has a value not allowed"); a `per_page` above 100 is served 100 items.
 */
function readProjectsQuery(request: EmulatorRequest): ProjectsQuery | { error: string } {
  const { query } = request;
  const membership = readBoolean(query.membership, 'membership');
  const archived = readBoolean(query.archived, 'archived');
  const simple = readBoolean(query.simple, 'simple');
  for (const flag of [membership, archived, simple]) if (typeof flag === 'object') return flag;
  const orderBy = query.order_by ?? 'created_at';
  if (!ORDER_FIELDS.includes(orderBy)) return { error: 'order_by does not have a valid value' };
  const sort = query.sort ?? 'desc';
  if (sort !== 'asc' && sort !== 'desc') return { error: 'sort does not have a valid value' };
  const perPage = readInteger(query.per_page, 'per_page', DEFAULT_PER_PAGE);
  if (typeof perPage === 'object') return perPage;
  const page = readInteger(query.page, 'page', 1);
  if (typeof page === 'object') return page;
  return {
    membership: membership === true,
    archived: archived as boolean | undefined,
    simple: simple === true,
    orderBy,
    sort,
    page,
    perPage: Math.min(perPage, MAX_PER_PAGE),
  };
}

function readBoolean(value: string | undefined, name: string): boolean | undefined | { error: string } {
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return { error: `${name} is invalid` };
}

function readInteger(value: string | undefined, name: string, fallback: number): number | { error: string } {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) return { error: `${name} is invalid` };
  const number = Number(value);
  if (number === 0 && name === 'per_page') return { error: `${name} has a value not allowed` };
  if (number < 1) return { error: `${name} does not have a valid value` };
  return number;
}

/** GitLab breaks ties by `id` in the same direction, so pages never shift between equal keys. */
function sortProjects(projects: GitLabProjectJson[], orderBy: string, sort: 'asc' | 'desc') {
  const keyOf = (project: GitLabProjectJson): string | number => {
    switch (orderBy) {
      case 'name':
        return project.name.toLowerCase();
      case 'path':
        return project.path;
      case 'star_count':
        return project.star_count;
      case 'id':
        return project.id;
      case 'updated_at':
        return Date.parse(project.updated_at ?? project.last_activity_at);
      case 'last_activity_at':
        return Date.parse(project.last_activity_at);
      default:
        return Date.parse(project.created_at);
    }
  };
  const sign = sort === 'asc' ? 1 : -1;
  return [...projects].sort((a, b) => {
    const [left, right] = [keyOf(a), keyOf(b)];
    const order = left < right ? -1 : left > right ? 1 : a.id - b.id;
    return order * sign;
  });
}

function simpleProject(project: GitLabProjectJson): Record<string, unknown> {
  return Object.fromEntries(SIMPLE_FIELDS.map((field) => [field, project[field]]));
}

/** `Link` with `next`, `prev`, `first` and (when counted) `last`, keeping the request's other parameters. */
function linkHeader(
  url: string,
  params: URLSearchParams,
  query: ProjectsQuery,
  hasNext: boolean,
  lastPage: number | undefined,
): string {
  const at = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    next.set('per_page', String(query.perPage));
    return `${url}?${next.toString()}`;
  };
  return [
    ...(query.page > 1 ? [`<${at(query.page - 1)}>; rel="prev"`] : []),
    ...(hasNext ? [`<${at(query.page + 1)}>; rel="next"`] : []),
    `<${at(1)}>; rel="first"`,
    ...(lastPage === undefined ? [] : [`<${at(lastPage)}>; rel="last"`]),
  ].join(', ');
}

/** An unknown token gets the bare 401; GitLab says why for its own expired or revoked OAuth tokens. */
function unauthorized(request: EmulatorRequest, identities: IdentityStore): EmulatorReply {
  const token = bearerTokenOf(request);
  const account = token === undefined ? undefined : identities.accountOfToken(token);
  if (account?.provider === 'gitlab' && token === account.accessToken) {
    if (account.revokedAtProvider) {
      return oauthError(401, 'invalid_token', 'Token was revoked. You have to re-authorize from the user.');
    }
    return oauthError(
      401,
      'invalid_token',
      'Token is expired. You can either do re-authorization or token refresh.',
    );
  }
  return jsonReply(401, { message: '401 Unauthorized' });
}

/** The `GET /user` example of docs/providers.md#gitlab ("Profile"), from the stored account. */
function userJson(account: StoredAccount): Record<string, unknown> {
  const id = gitlabUserId(account);
  const username = account.username ?? `user${id}`;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || username;
  const created = isoSeconds(account.createdAt);
  return {
    id,
    username,
    name,
    state: 'active',
    locked: false,
    avatar_url: account.imageUrl,
    web_url: `https://gitlab.com/${username}`,
    created_at: created,
    bio: '',
    location: '',
    public_email: '',
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: false,
    last_sign_in_at: created,
    confirmed_at: created,
    last_activity_on: created.slice(0, 10),
    email: account.email,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: created,
    identities: [],
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: account.email,
  };
}

/** GitLab ids are integers; a non-numeric stored id gets a stable one. */
function gitlabUserId(account: StoredAccount): number {
  const id = Number(account.providerUserId);
  return Number.isSafeInteger(id)
    ? id
    : createHash('sha256').update(account.providerUserId).digest().readUInt32BE(0);
}

function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createGitLabEmulator;
