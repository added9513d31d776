/**
 * GitHub's REST API as the gateway uses it: `GET /user` and `GET /user/repos` with GitHub's header
 * checks, token validation, primary rate limit, conditional requests and `Link` pagination
 * (docs/providers.md#github).
 */
import { createHash } from 'node:crypto';
import {
  createRouter,
  type EmulatedService,
  type EmulatorReply,
  type EmulatorRequest,
  jsonReply,
} from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import type { ProviderEmulatorApi } from '../../emulator/provider-emulator.js';
import { type GitHubOwnerJson, type GitHubRepoJson, generateRepos } from './fixtures.js';
import { generateIssues, type StoredIssue } from './issue-fixtures.js';

export interface GitHubEmulator extends ProviderEmulatorApi {
  /**
   * Repositories visible to this GitHub account (REST shape). A count generates deterministic repositories:
   * mixed owner/collaborator/organization_member affiliations, some private, forks, archived, languages, topics.
   */
  setRepos(accountId: string, repos: GitHubRepoJson[] | { count: number; privateEvery?: number }): void;
  /** The account's repositories as configured, before any visibility or scope filtering. */
  repos(accountId: string): GitHubRepoJson[];
  /**
   * Issues and pull requests of this account (`GET /issues`). A count generates deterministic ones over the
   * account's repositories; without it, one for every second repository.
   */
  setIssues(accountId: string, issues: StoredIssue[] | { count: number }): void;
  /** The account's issues as configured, before filtering. */
  issues(accountId: string): StoredIssue[];
  /** Primary rate limit left for this account; at 0 the API answers 403 with `x-ratelimit-remaining: 0`. Default 5000. */
  setRateLimitRemaining(accountId: string, remaining: number): void;
  rateLimitRemaining(accountId: string): number;
}

const DEFAULT_API_VERSION = '2022-11-28';
/** `2022-11-28` is the default; `2026-03-10` the newest (docs/providers.md#github, "API and headers"). */
const SUPPORTED_API_VERSIONS = ['2022-11-28', '2026-03-10'];
const USER_RATE_LIMIT = 5000;
const ANONYMOUS_RATE_LIMIT = 60;
const RATE_LIMIT_WINDOW_SECONDS = 3600;
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

const DOCS = {
  rest: 'https://docs.github.com/rest',
  getUser: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
  listRepos: 'https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user',
  listIssues: 'https://docs.github.com/rest/issues/issues#list-issues-assigned-to-the-authenticated-user',
  rateLimits: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
  versions: 'https://docs.github.com/rest/overview/api-versions',
};

/** Every error body has `status` as a string (docs/providers.md#github, "Errors"). */
function githubError(
  status: number,
  message: string,
  documentationUrl: string,
  extra?: Record<string, unknown>,
) {
  return { message, ...extra, documentation_url: documentationUrl, status: String(status) };
}

interface RateLimitBucket {
  remaining: number;
  /** Epoch seconds. */
  resetAt: number;
}

type Affiliation = 'owner' | 'collaborator' | 'organization_member';
const ALL_AFFILIATIONS: readonly Affiliation[] = ['owner', 'collaborator', 'organization_member'];
const SORT_FIELDS = ['created', 'updated', 'pushed', 'full_name'] as const;
type SortField = (typeof SORT_FIELDS)[number];

type AuthenticatedHandler = (
  request: EmulatorRequest,
  account: StoredAccount,
) => { status: number; json: unknown; headers?: Record<string, string> };

export function createGitHubEmulator(deps: { identities: IdentityStore; baseUrl: () => string }): {
  service: EmulatedService;
  api: GitHubEmulator;
} {
  const { identities } = deps;
  const reposByAccount = new Map<string, GitHubRepoJson[]>();
  const issuesByAccount = new Map<string, StoredIssue[]>();

  function issuesOf(account: StoredAccount): StoredIssue[] {
    const repos = reposByAccount.get(account.id) ?? [];
    return (
      issuesByAccount.get(account.id) ??
      generateIssues({ repos, me: ownerOf(account), count: Math.ceil(repos.length / 2) })
    );
  }
  const buckets = new Map<string, RateLimitBucket>();
  let anonymousUsed = 0;

  function requireGitHubAccount(accountId: string): StoredAccount {
    const account = identities.getAccount(accountId);
    if (account?.provider !== 'github') throw new Error(`Emulator: no GitHub account ${accountId}`);
    return account;
  }

  function bucketOf(accountId: string): RateLimitBucket {
    const now = Math.floor(Date.now() / 1000);
    let bucket = buckets.get(accountId);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { remaining: USER_RATE_LIMIT, resetAt: now + RATE_LIMIT_WINDOW_SECONDS };
      buckets.set(accountId, bucket);
    }
    return bucket;
  }

  function rateLimitHeaders(limit: number, remaining: number, resetAt: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(limit - remaining),
      'x-ratelimit-reset': String(resetAt),
      'x-ratelimit-resource': 'core',
    };
  }

  /** Unauthenticated and bad-credential calls count against the per-IP limit of 60 an hour. */
  function anonymousHeaders(): Record<string, string> {
    anonymousUsed = Math.min(anonymousUsed + 1, ANONYMOUS_RATE_LIMIT);
    const resetAt = Math.floor(Date.now() / 1000) + RATE_LIMIT_WINDOW_SECONDS;
    return rateLimitHeaders(ANONYMOUS_RATE_LIMIT, ANONYMOUS_RATE_LIMIT - anonymousUsed, resetAt);
  }

  /** The checks GitHub runs before any endpoint, in its order: User-Agent, API version, token, rate limit. */
  function authenticated(documentationUrl: string, handler: AuthenticatedHandler) {
    return (request: EmulatorRequest): EmulatorReply => {
      if (!request.header('user-agent')) {
        // GitHub's edge answers this one in text/html, not JSON (docs "user-agent-required").
        return {
          status: 403,
          text: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n',
          headers: { 'content-type': 'text/html' },
        };
      }
      const version = request.header('x-github-api-version');
      if (version !== undefined && !SUPPORTED_API_VERSIONS.includes(version)) {
        const supported = SUPPORTED_API_VERSIONS.map((value) => `"${value}"`).join(', ');
        return jsonReply(
          400,
          githubError(
            400,
            `The version you specified in the "X-GitHub-Api-Version" request header, "${version}", is not a supported version. The following versions are currently supported: ${supported}.`,
            DOCS.versions,
          ),
        );
      }
      const token = bearerToken(request);
      if (token === undefined) {
        return jsonReply(
          401,
          githubError(401, 'Requires authentication', documentationUrl),
          anonymousHeaders(),
        );
      }
      const account = identities.accountOfToken(token);
      if (account?.provider !== 'github' || !identities.isTokenAccepted(account, token)) {
        return jsonReply(401, githubError(401, 'Bad credentials', DOCS.rest), anonymousHeaders());
      }
      const bucket = bucketOf(account.id);
      const scopeHeaders = { 'x-oauth-scopes': account.scopes.join(', '), 'x-accepted-oauth-scopes': '' };
      if (bucket.remaining <= 0) {
        return jsonReply(
          403,
          githubError(403, `API rate limit exceeded for user ID ${githubUserId(account)}.`, DOCS.rateLimits),
          { ...rateLimitHeaders(USER_RATE_LIMIT, 0, bucket.resetAt), ...scopeHeaders },
        );
      }
      const reply = handler(request, account);
      const body = JSON.stringify(reply.json);
      const etag = `W/"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
      // A matching conditional request answers 304 and costs nothing against the rate limit.
      const notModified = reply.status === 200 && request.header('if-none-match') === etag;
      if (!notModified) bucket.remaining -= 1;
      const headers = {
        ...rateLimitHeaders(USER_RATE_LIMIT, bucket.remaining, bucket.resetAt),
        ...scopeHeaders,
        ...(reply.status === 200 ? { etag, 'cache-control': 'private, max-age=60, s-maxage=60' } : {}),
        ...reply.headers,
      };
      return notModified ? { status: 304, headers } : { status: reply.status, json: reply.json, headers };
    };
  }

  const getUser: AuthenticatedHandler = (_request, account) => ({
    status: 200,
    json: profileJson(account, reposByAccount.get(account.id) ?? []),
  });

  const listRepos: AuthenticatedHandler = (request, account) => {
    const query = parseRepoQuery(request);
    if ('error' in query) return { status: 422, json: query.error };
    // Private repositories need the `repo` scope (docs/providers.md#github, "Scopes").
    const canSeePrivate = account.scopes.includes('repo');
    const login = account.username ?? '';
    const visible = (reposByAccount.get(account.id) ?? []).filter(
      (repo) =>
        (canSeePrivate || !repo.private) &&
        (query.visibility === 'all' || repo.visibility === query.visibility) &&
        query.affiliations.includes(affiliationOf(repo, login)) &&
        (query.since === undefined || Date.parse(repo.updated_at) > query.since) &&
        (query.before === undefined || Date.parse(repo.updated_at) < query.before),
    );
    const sorted = sortRepos(visible, query.sort, query.direction);
    const lastPage = Math.max(1, Math.ceil(sorted.length / query.perPage));
    const start = (query.page - 1) * query.perPage;
    const link = linkHeader(`${deps.baseUrl()}/user/repos`, request.searchParams, query.page, lastPage);
    return {
      status: 200,
      json: sorted.slice(start, start + query.perPage),
      ...(link === undefined ? {} : { headers: { link } }),
    };
  };

  const listIssues: AuthenticatedHandler = (request, account) => {
    const query = parseIssueQuery(request);
    if ('error' in query) return { status: 422, json: query.error };
    // Issues of private repositories need the `repo` scope, as the repositories do.
    const canSeePrivate = account.scopes.includes('repo');
    const visible = issuesOf(account).filter(
      ({ issue, relations }) =>
        (canSeePrivate || !issue.repository.private) &&
        (query.filter === 'all' || query.filter === 'repos' || relations.includes(query.filter)) &&
        (query.state === 'all' || issue.state === query.state) &&
        (query.since === undefined || Date.parse(issue.updated_at) >= query.since),
    );
    const keyOf = ({ issue }: StoredIssue) =>
      query.sort === 'comments'
        ? issue.comments
        : Date.parse(query.sort === 'created' ? issue.created_at : issue.updated_at);
    const sign = query.direction === 'asc' ? 1 : -1;
    const sorted = [...visible].sort((a, b) => (keyOf(a) - keyOf(b) || a.issue.id - b.issue.id) * sign);
    const lastPage = Math.max(1, Math.ceil(sorted.length / query.perPage));
    const start = (query.page - 1) * query.perPage;
    const link = linkHeader(`${deps.baseUrl()}/issues`, request.searchParams, query.page, lastPage);
    return {
      status: 200,
      json: sorted.slice(start, start + query.perPage).map(({ issue }) => issue),
      ...(link === undefined ? {} : { headers: { link } }),
    };
  };

  const router = createRouter()
    .get('/user', 'github.getUser', authenticated(DOCS.getUser, getUser))
    .get('/user/repos', 'github.listRepos', authenticated(DOCS.listRepos, listRepos))
    .get('/issues', 'github.listIssues', authenticated(DOCS.listIssues, listIssues));

  const service: EmulatedService = {
    name: 'github',
    router,
    jsonContentType: 'application/json; charset=utf-8',
    responseHeaders: (request) => ({
      'x-github-api-version-selected': request.header('x-github-api-version') ?? DEFAULT_API_VERSION,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': request.id.slice(0, 23).toUpperCase().replaceAll('-', ':'),
    }),
    notFound: () => jsonReply(404, githubError(404, 'Not Found', DOCS.rest)),
    identify(request) {
      const token = bearerToken(request);
      const account = token === undefined ? undefined : identities.accountOfToken(token);
      return account ? { accountId: account.id } : {};
    },
  };

  const api: GitHubEmulator = {
    setRepos(accountId, repos) {
      const account = requireGitHubAccount(accountId);
      const generated = Array.isArray(repos)
        ? repos
        : generateRepos({
            ownerLogin: account.username ?? `user${account.providerUserId}`,
            ownerId: githubUserId(account),
            count: repos.count,
            ...(repos.privateEvery === undefined ? {} : { privateEvery: repos.privateEvery }),
          });
      reposByAccount.set(accountId, structuredClone(generated));
    },
    repos: (accountId) => structuredClone(reposByAccount.get(requireGitHubAccount(accountId).id) ?? []),
    setIssues(accountId, issues) {
      const account = requireGitHubAccount(accountId);
      const generated = Array.isArray(issues)
        ? issues
        : generateIssues({
            repos: reposByAccount.get(accountId) ?? [],
            me: ownerOf(account),
            count: issues.count,
          });
      issuesByAccount.set(accountId, structuredClone(generated));
    },
    issues: (accountId) => structuredClone(issuesOf(requireGitHubAccount(accountId))),
    setRateLimitRemaining(accountId, remaining) {
      bucketOf(requireGitHubAccount(accountId).id).remaining = remaining;
    },
    rateLimitRemaining: (accountId) => bucketOf(requireGitHubAccount(accountId).id).remaining,
    // GitHub's primary limit: used up until the reset time (`times` does not apply to it).
    rateLimit(accountId, options = {}) {
      const bucket = bucketOf(requireGitHubAccount(accountId).id);
      bucket.remaining = 0;
      bucket.resetAt = Math.floor(Date.now() / 1000) + (options.retryAfterSeconds ?? 1);
    },
  };

  return { service, api };
}

/** `Authorization: Bearer <token>`; GitHub also accepts the older `token <token>` scheme. */
function bearerToken(request: EmulatorRequest): string | undefined {
  const match = /^(?:Bearer|token) (\S+)$/i.exec(request.header('authorization') ?? '');
  return match?.[1];
}

function githubUserId(account: StoredAccount): number {
  const id = Number(account.providerUserId);
  return Number.isSafeInteger(id)
    ? id
    : createHash('sha256').update(account.providerUserId).digest().readUInt32BE(0);
}

/** The account as GitHub shows a user inside other objects (an issue's author or assignee). */
function ownerOf(account: StoredAccount): GitHubOwnerJson {
  const id = githubUserId(account);
  const login = account.username ?? `user${account.providerUserId}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString('base64'),
    avatar_url: account.imageUrl ?? `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: 'User',
    site_admin: false,
  };
}

const ISSUE_FILTERS = ['assigned', 'created', 'mentioned', 'subscribed', 'repos', 'all'] as const;

interface IssueQuery {
  filter: (typeof ISSUE_FILTERS)[number];
  state: 'open' | 'closed' | 'all';
  sort: 'created' | 'updated' | 'comments';
  direction: 'asc' | 'desc';
  perPage: number;
  page: number;
  since?: number;
}

/** The query rules of `GET /issues` (docs/providers.md#github, "Issues"); GitHub's defaults otherwise. */
function parseIssueQuery(request: EmulatorRequest): IssueQuery | { error: unknown } {
  const { query } = request;
  const invalid = (field: string) => ({
    error: githubError(422, 'Validation Failed', DOCS.listIssues, {
      errors: [{ resource: 'Issue', field, code: 'invalid' }],
    }),
  });
  const filter = query.filter ?? 'assigned';
  if (!(ISSUE_FILTERS as readonly string[]).includes(filter)) return invalid('filter');
  const state = query.state ?? 'open';
  if (state !== 'open' && state !== 'closed' && state !== 'all') return invalid('state');
  const sort = query.sort ?? 'created';
  if (sort !== 'created' && sort !== 'updated' && sort !== 'comments') return invalid('sort');
  const direction = query.direction ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') return invalid('direction');
  const perPage = Number.parseInt(query.per_page ?? '', 10);
  const page = Number.parseInt(query.page ?? '', 10);
  const since = query.since === undefined ? Number.NaN : Date.parse(query.since);
  return {
    filter: filter as IssueQuery['filter'],
    state,
    sort,
    direction,
    perPage: Number.isInteger(perPage) && perPage > 0 ? Math.min(perPage, MAX_PER_PAGE) : DEFAULT_PER_PAGE,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    ...(Number.isNaN(since) ? {} : { since }),
  };
}

function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The public profile of `GET /user` (docs/providers.md#github, "Profile"). */
function profileJson(account: StoredAccount, repos: GitHubRepoJson[]): Record<string, unknown> {
  const id = githubUserId(account);
  const login = account.username ?? `user${account.providerUserId}`;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString('base64'),
    avatar_url: account.imageUrl,
    gravatar_id: '',
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: 'User',
    site_admin: false,
    name: name === '' ? null : name,
    company: null,
    blog: '',
    location: null,
    // The public profile email, often null in real life; the emulator shows the account's email.
    email: account.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: repos.filter((repo) => repo.owner.login === login && !repo.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: isoSeconds(account.createdAt),
    updated_at: isoSeconds(account.updatedAt),
  };
}

/** A repository's affiliation to the account, derived from its owner. */
function affiliationOf(repo: GitHubRepoJson, login: string): Affiliation {
  if (repo.owner.login === login) return 'owner';
  return repo.owner.type === 'Organization' ? 'organization_member' : 'collaborator';
}

interface RepoQuery {
  visibility: 'all' | 'public' | 'private';
  affiliations: Affiliation[];
  sort: SortField;
  direction: 'asc' | 'desc';
  perPage: number;
  page: number;
  since?: number;
  before?: number;
}

/** The query rules of `GET /user/repos` (docs/providers.md#github, "Data endpoints"). */
function parseRepoQuery(request: EmulatorRequest): RepoQuery | { error: unknown } {
  const { query } = request;
  const invalid = (field: string) => ({
    error: githubError(422, 'Validation Failed', DOCS.listRepos, {
      errors: [{ resource: 'Repository', field, code: 'invalid' }],
    }),
  });
  if (query.type !== undefined && (query.visibility !== undefined || query.affiliation !== undefined)) {
    // Wording unverified (docs/providers.md#github, "Errors").
    return {
      error: githubError(
        422,
        'If you specify visibility or affiliation, you cannot specify type.',
        DOCS.listRepos,
      ),
    };
  }
  let visibility: RepoQuery['visibility'] = 'all';
  let affiliations = [...ALL_AFFILIATIONS];
  if (query.type !== undefined) {
    switch (query.type) {
      case 'all':
        break;
      case 'owner':
        affiliations = ['owner'];
        break;
      case 'public':
      case 'private':
        visibility = query.type;
        break;
      case 'member':
        affiliations = ['collaborator', 'organization_member'];
        break;
      default:
        return invalid('type');
    }
  }
  if (query.visibility !== undefined) {
    if (query.visibility !== 'all' && query.visibility !== 'public' && query.visibility !== 'private') {
      return invalid('visibility');
    }
    visibility = query.visibility;
  }
  if (query.affiliation !== undefined) {
    const requested = query.affiliation.split(',').map((value) => value.trim());
    if (!requested.every((value): value is Affiliation => (ALL_AFFILIATIONS as string[]).includes(value))) {
      return invalid('affiliation');
    }
    affiliations = requested;
  }
  // GitHub ignores unknown `sort`/`direction` values and falls back to the defaults.
  const sort = (SORT_FIELDS as readonly string[]).includes(query.sort ?? '')
    ? (query.sort as SortField)
    : 'full_name';
  const direction =
    query.direction === 'asc' || query.direction === 'desc'
      ? query.direction
      : sort === 'full_name'
        ? 'asc'
        : 'desc';
  const perPage = Number.parseInt(query.per_page ?? '', 10);
  const page = Number.parseInt(query.page ?? '', 10);
  const since = query.since === undefined ? Number.NaN : Date.parse(query.since);
  const before = query.before === undefined ? Number.NaN : Date.parse(query.before);
  return {
    visibility,
    affiliations,
    sort,
    direction,
    perPage: Number.isInteger(perPage) && perPage > 0 ? Math.min(perPage, MAX_PER_PAGE) : DEFAULT_PER_PAGE,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    ...(Number.isNaN(since) ? {} : { since }),
    ...(Number.isNaN(before) ? {} : { before }),
  };
}

function sortRepos(repos: GitHubRepoJson[], sort: SortField, direction: 'asc' | 'desc'): GitHubRepoJson[] {
  const keyOf = (repo: GitHubRepoJson): string | number => {
    switch (sort) {
      case 'created':
        return Date.parse(repo.created_at);
      case 'updated':
        return Date.parse(repo.updated_at);
      case 'pushed':
        return repo.pushed_at === null ? 0 : Date.parse(repo.pushed_at);
      case 'full_name':
        return repo.full_name.toLowerCase();
    }
  };
  const sign = direction === 'asc' ? 1 : -1;
  return [...repos].sort((left, right) => {
    const a = keyOf(left);
    const b = keyOf(right);
    return (a < b ? -1 : a > b ? 1 : left.id - right.id) * sign;
  });
}

/**
 * GitHub's `Link` header: absolute URLs keeping the other query parameters, rels in the order
 * next, last, first, prev; none when everything fits on one page (docs/providers.md#github, "Pagination").
 */
function linkHeader(
  base: string,
  searchParams: URLSearchParams,
  page: number,
  lastPage: number,
): string | undefined {
  if (page === 1 && lastPage === 1) return undefined;
  const urlOf = (target: number) => {
    const params = new URLSearchParams(searchParams);
    params.delete('page');
    params.set('page', String(target));
    return `<${base}?${params.toString()}>`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(`${urlOf(page + 1)}; rel="next"`, `${urlOf(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${urlOf(1)}; rel="first"`, `${urlOf(page - 1)}; rel="prev"`);
  return links.join(', ');
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createGitHubEmulator;
