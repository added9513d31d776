/**
 * Deterministic GitHub repositories in the REST shape of `GET /user/repos` (docs/providers.md#github,
 * "Data endpoints"). The same seed always yields the same repositories, so tests and the benchmark can
 * rely on names, order and pagination.
 */
import { createHash } from 'node:crypto';

export interface GitHubOwnerJson {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  url: string;
  html_url: string;
  type: 'User' | 'Organization';
  site_admin: boolean;
}

export interface GitHubRepoJson {
  id: number;
  node_id: string;
  name: string;
  full_name: string;
  owner: GitHubOwnerJson;
  private: boolean;
  html_url: string;
  description: string | null;
  fork: boolean;
  url: string;
  homepage: string | null;
  language: string | null;
  forks_count: number;
  stargazers_count: number;
  watchers_count: number;
  size: number;
  default_branch: string;
  open_issues_count: number;
  is_template: boolean;
  topics: string[];
  has_issues: boolean;
  has_projects: boolean;
  has_wiki: boolean;
  has_pages: boolean;
  archived: boolean;
  disabled: boolean;
  visibility: 'public' | 'private' | 'internal';
  pushed_at: string | null;
  created_at: string;
  updated_at: string;
  permissions: { admin: boolean; maintain: boolean; push: boolean; triage: boolean; pull: boolean };
  forks: number;
  open_issues: number;
  watchers: number;
}

export interface GenerateReposOptions {
  /** The account's login: the owner of the `owner`-affiliated repositories. */
  ownerLogin: string;
  ownerId: number;
  count: number;
  /** Every n-th repository is private; 0 for none. Default 4. */
  privateEvery?: number;
  /** Default: `ownerLogin`. */
  seed?: string;
}

const words = (text: string) => text.split(' ');
const ADJECTIVES = [
  ...words('amber brisk calm dusty eager fuzzy gentle hollow icy jolly'),
  ...words('keen lucky misty nimble odd proud quiet rapid silent tidy'),
];
const NOUNS = [
  ...words('anchor beacon canyon delta ember falcon garden harbor island jungle'),
  ...words('kernel lantern meadow nebula orchard pixel quarry river summit tundra'),
];
const LANGUAGES = ['TypeScript', 'Go', 'Rust', 'Python', null, 'JavaScript', 'Ruby', 'Shell'];
const TOPICS = ['api', 'cli', 'graphql', 'oauth', 'testing', 'devtools', 'hacktoberfest', 'automation'];
const COLLABORATION_OWNERS = ['mona', 'hubot', 'defunkt'];
const ORGANIZATIONS = ['acme-corp', 'octo-org'];

const DAY_SECONDS = 86_400;
const CREATED_FROM = Date.UTC(2016, 0, 1) / 1000;
const PUSHED_FROM = Date.UTC(2022, 0, 1) / 1000;
const UPDATED_FROM = Date.UTC(2024, 6, 1) / 1000;

export function generateRepos(options: GenerateReposOptions): GitHubRepoJson[] {
  const seed = options.seed ?? options.ownerLogin;
  const random = seededRandom(seed);
  const privateEvery = options.privateEvery ?? 4;
  const idBase = 100_000_000 + (hashOf(seed) % 90_000) * 1000;
  const nameCount = ADJECTIVES.length * NOUNS.length;
  const repos: GitHubRepoJson[] = [];
  for (let index = 0; index < options.count; index += 1) {
    // 7 is coprime with 400, so the first 400 names are distinct; later ones get a numeric suffix.
    const nameIndex = (index * 7) % nameCount;
    const baseName = `${ADJECTIVES[Math.floor(nameIndex / NOUNS.length)]}-${NOUNS[nameIndex % NOUNS.length]}`;
    const name = index < nameCount ? baseName : `${baseName}-${Math.floor(index / nameCount) + 1}`;
    const owner = ownerOf(index, options);
    const isPrivate = privateEvery > 0 && index % privateEvery === privateEvery - 1;
    const stars = Math.floor(random() * 500);
    const forks = Math.floor(random() * 60);
    const openIssues = Math.floor(random() * 30);
    // Day offsets are random; the per-index seconds keep every timestamp distinct, so sorts are total.
    const createdAt = CREATED_FROM + Math.floor(random() * 2000) * DAY_SECONDS + index * 11;
    const pushedAt = PUSHED_FROM + Math.floor(random() * 900) * DAY_SECONDS + index * 13;
    const updatedAt = UPDATED_FROM + Math.floor(random() * 700) * DAY_SECONDS + index * 17;
    const topicCount = Math.floor(random() * 4);
    const topicStart = Math.floor(random() * TOPICS.length);
    repos.push(
      repoJson({
        id: idBase + index,
        name,
        owner,
        isPrivate,
        description: index % 6 === 5 ? null : `The ${baseName.replace('-', ' ')} project`,
        fork: index % 7 === 3,
        archived: index % 11 === 5,
        language: LANGUAGES[index % LANGUAGES.length] ?? null,
        stars,
        forks,
        openIssues,
        topics: Array.from(
          { length: topicCount },
          (_, offset) => TOPICS[(topicStart + offset) % TOPICS.length] ?? '',
        ),
        createdAt: isoSeconds(createdAt),
        pushedAt: isoSeconds(pushedAt),
        updatedAt: isoSeconds(updatedAt),
        permissions: permissionsOf(owner, options.ownerLogin),
      }),
    );
  }
  return repos;
}

/** Mixed affiliations: three in five owned, then a collaboration, then an organization repository. */
function ownerOf(index: number, options: GenerateReposOptions): GitHubOwnerJson {
  switch (index % 5) {
    case 3: {
      const login = COLLABORATION_OWNERS[index % COLLABORATION_OWNERS.length] ?? 'mona';
      return ownerJson(login, 500 + (hashOf(login) % 10_000), 'User');
    }
    case 4: {
      const login = ORGANIZATIONS[index % ORGANIZATIONS.length] ?? 'acme-corp';
      return ownerJson(login, 9_000_000 + (hashOf(login) % 10_000), 'Organization');
    }
    default:
      return ownerJson(options.ownerLogin, options.ownerId, 'User');
  }
}

export function ownerJson(login: string, id: number, type: 'User' | 'Organization'): GitHubOwnerJson {
  const nodeIdSource = type === 'User' ? `04:User${id}` : `012:Organization${id}`;
  return {
    login,
    id,
    node_id: Buffer.from(nodeIdSource).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    type,
    site_admin: false,
  };
}

function permissionsOf(owner: GitHubOwnerJson, accountLogin: string): GitHubRepoJson['permissions'] {
  if (owner.login === accountLogin)
    return { admin: true, maintain: true, push: true, triage: true, pull: true };
  if (owner.type === 'User') return { admin: false, maintain: false, push: true, triage: true, pull: true };
  return { admin: false, maintain: false, push: false, triage: false, pull: true };
}

interface RepoFacts {
  id: number;
  name: string;
  owner: GitHubOwnerJson;
  isPrivate: boolean;
  description: string | null;
  fork: boolean;
  archived: boolean;
  language: string | null;
  stars: number;
  forks: number;
  openIssues: number;
  topics: string[];
  createdAt: string;
  pushedAt: string;
  updatedAt: string;
  permissions: GitHubRepoJson['permissions'];
}

function repoJson(facts: RepoFacts): GitHubRepoJson {
  const fullName = `${facts.owner.login}/${facts.name}`;
  return {
    id: facts.id,
    // Legacy global node id: base64 of `010:Repository<id>` (docs/providers.md#github, "Data endpoints").
    node_id: Buffer.from(`010:Repository${facts.id}`).toString('base64'),
    name: facts.name,
    full_name: fullName,
    owner: facts.owner,
    private: facts.isPrivate,
    html_url: `https://github.com/${fullName}`,
    description: facts.description,
    fork: facts.fork,
    url: `https://api.github.com/repos/${fullName}`,
    homepage: null,
    language: facts.language,
    forks_count: facts.forks,
    stargazers_count: facts.stars,
    watchers_count: facts.stars,
    size: 100 + facts.stars * 3,
    default_branch: facts.id % 3 === 0 ? 'master' : 'main',
    open_issues_count: facts.openIssues,
    is_template: false,
    topics: facts.topics,
    has_issues: true,
    has_projects: true,
    has_wiki: !facts.isPrivate,
    has_pages: false,
    archived: facts.archived,
    disabled: false,
    visibility: facts.isPrivate ? 'private' : 'public',
    pushed_at: facts.pushedAt,
    created_at: facts.createdAt,
    updated_at: facts.updatedAt,
    permissions: facts.permissions,
    forks: facts.forks,
    open_issues: facts.openIssues,
    watchers: facts.stars,
  };
}

function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** mulberry32: a small, fast, seedable PRNG; quality is irrelevant here, determinism is what matters. */
function seededRandom(seed: string): () => number {
  let state = hashOf(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
