/**
 * Deterministic GitLab projects in the shape `GET /projects` answers an authenticated caller without
 * `simple=true` (GitLab's `ProjectWithAccess` entity; docs/providers.md#gitlab, "Data endpoints"). The
 * same seed always yields the same projects, so tests and the sandbox can rely on names and order.
 */
import { createHash } from 'node:crypto';

const WEB = 'https://gitlab.com';

export interface GitLabNamespaceJson {
  id: number;
  name: string;
  path: string;
  kind: 'user' | 'group';
  full_path: string;
  parent_id: number | null;
  avatar_url: string | null;
  web_url: string;
}

/** GitLab's access levels: 10 guest, 20 reporter, 30 developer, 40 maintainer, 50 owner. */
export interface GitLabAccessJson {
  access_level: number;
  notification_level: number;
}

export interface GitLabProjectJson {
  id: number;
  /** `null` or `""` when the project has none. */
  description: string | null;
  name: string;
  name_with_namespace: string;
  path: string;
  path_with_namespace: string;
  created_at: string;
  /** In GitLab's answers since 2024 (docs/providers.md#gitlab, "Data endpoints"). */
  updated_at?: string;
  default_branch: string | null;
  /** Deprecated copy of `topics`. */
  tag_list: string[];
  topics: string[];
  ssh_url_to_repo: string;
  http_url_to_repo: string;
  web_url: string;
  readme_url: string | null;
  forks_count: number;
  avatar_url: string | null;
  star_count: number;
  last_activity_at: string;
  namespace: GitLabNamespaceJson;
  empty_repo: boolean;
  archived: boolean;
  visibility: 'public' | 'internal' | 'private';
  /** Only on projects of a user's namespace. */
  owner?: { id: number; username: string; name: string; state: string; avatar_url: string; web_url: string };
  issues_enabled: boolean;
  /** Only when issues are enabled. */
  open_issues_count?: number;
  merge_requests_enabled: boolean;
  wiki_enabled: boolean;
  jobs_enabled: boolean;
  snippets_enabled: boolean;
  creator_id: number;
  /** Only on a fork whose upstream the caller can read. */
  forked_from_project?: {
    id: number;
    name: string;
    name_with_namespace: string;
    path: string;
    path_with_namespace: string;
    web_url: string;
  };
  import_status: string;
  permissions: { project_access: GitLabAccessJson | null; group_access: GitLabAccessJson | null };
}

export interface GitLabOwner {
  readonly id: number;
  readonly username: string;
  readonly name: string;
  readonly avatarUrl: string;
}

export interface GenerateProjectsOptions {
  readonly owner: GitLabOwner;
  readonly count: number;
  readonly seed: string;
}

const words = (text: string) => text.split(' ');
const SUBJECTS = words('loom card engine mill store gear lever punch carry table bernoulli jacquard');
const KINDS = words('api cli docs service worker web sdk parser bench infra scheduler notes');
const TOPICS = words('python go typescript ci kubernetes terraform data research docs automation');
const BRANCHES = ['main', 'main', 'main', 'master', 'develop'];
/** The groups a user belongs to, the second a subgroup of the first. */
const GROUPS = [
  { path: 'analytical-engines', name: 'Analytical Engines' },
  { path: 'analytical-engines/notes', name: 'Notes' },
  { path: 'royal-society', name: 'Royal Society' },
  { path: 'babbage-labs', name: 'Babbage Labs' },
];

const DAY_MS = 86_400_000;
const CREATED_FROM = Date.UTC(2017, 0, 1);
const ACTIVE_FROM = Date.UTC(2024, 0, 1);

export function generateProjects(options: GenerateProjectsOptions): GitLabProjectJson[] {
  const random = seededRandom(options.seed);
  const idBase = 40_000_000 + (hashOf(options.seed) % 50_000) * 100;
  const groupBase = 9_000_000 + (hashOf(`${options.seed}:groups`) % 10_000) * 10;
  const personal: GitLabNamespaceJson = {
    id: options.owner.id,
    name: options.owner.name,
    path: options.owner.username,
    kind: 'user',
    full_path: options.owner.username,
    parent_id: null,
    avatar_url: options.owner.avatarUrl,
    web_url: `${WEB}/${options.owner.username}`,
  };
  const groups = GROUPS.map((group, index): GitLabNamespaceJson => {
    const parent = group.path.includes('/') ? groupBase : null;
    return {
      id: groupBase + index,
      name: group.name,
      path: group.path.split('/').at(-1) ?? group.path,
      kind: 'group',
      full_path: group.path,
      parent_id: parent,
      avatar_url: null,
      web_url: `${WEB}/groups/${group.path}`,
    };
  });
  const nameCount = SUBJECTS.length * KINDS.length;
  const projects: GitLabProjectJson[] = [];
  for (let index = 0; index < options.count; index += 1) {
    // 5 is coprime with 144, so the first 144 paths are distinct; later ones get a numeric suffix.
    const nameIndex = (index * 5) % nameCount;
    const subject = SUBJECTS[Math.floor(nameIndex / KINDS.length)] ?? 'loom';
    const kind = KINDS[nameIndex % KINDS.length] ?? 'api';
    const round = Math.floor(index / nameCount);
    const path = round === 0 ? `${subject}-${kind}` : `${subject}-${kind}-${round + 1}`;
    const name = `${capitalized(subject)} ${kind === 'api' || kind === 'cli' || kind === 'sdk' ? kind.toUpperCase() : capitalized(kind)}${round === 0 ? '' : ` ${round + 1}`}`;
    // Two in five in the user's namespace, the rest in groups (one a subgroup).
    const namespace =
      index % 5 < 2 ? personal : (groups[(index % 5) - 2 + (index % 10 === 9 ? 1 : 0)] ?? personal);
    // A random day and time of day; the per-index milliseconds keep every time distinct, so sorts are total.
    const createdAt = CREATED_FROM + Math.floor(random() * 2500 * DAY_MS) + index * 7;
    const empty = index % 17 === 11;
    const lastActivity = empty ? createdAt : ACTIVE_FROM + Math.floor(random() * 600 * DAY_MS) + index * 9;
    // Settings changes (a description, archiving) move `updated_at` apart from the last activity.
    const updatedAt = index % 3 === 0 ? lastActivity + Math.floor(random() * 40 * DAY_MS) : lastActivity;
    const topicCount = Math.floor(random() * 3);
    const topicStart = Math.floor(random() * TOPICS.length);
    const topics = Array.from(
      { length: topicCount },
      (_, offset) => TOPICS[(topicStart + offset) % TOPICS.length] ?? 'ci',
    ).sort();
    const issuesEnabled = index % 8 !== 6;
    const fork = index % 9 === 4;
    const description =
      index % 10 === 9 ? null : index % 6 === 5 ? '' : `${capitalized(subject)} ${kindDescription(kind)}.`;
    projects.push(
      projectJson({
        id: idBase + index,
        name,
        path,
        namespace,
        description,
        visibility: index % 4 === 3 ? 'public' : index % 7 === 2 ? 'internal' : 'private',
        archived: index % 13 === 7,
        empty,
        defaultBranch: BRANCHES[index % BRANCHES.length] ?? 'main',
        topics,
        stars: Math.floor(random() * 120),
        forks: Math.floor(random() * 25),
        openIssues: issuesEnabled ? Math.floor(random() * 40) : undefined,
        createdAt: new Date(createdAt).toISOString(),
        lastActivityAt: new Date(lastActivity).toISOString(),
        updatedAt: new Date(updatedAt).toISOString(),
        creatorId: namespace.kind === 'user' ? options.owner.id : options.owner.id + 1 + (index % 3),
        owner: namespace.kind === 'user' ? options.owner : undefined,
        forkedFrom: fork ? { id: 13_083 + index, path: `babbage/${path}` } : undefined,
        access:
          namespace.kind === 'user'
            ? { project_access: { access_level: 50, notification_level: 3 }, group_access: null }
            : {
                project_access: null,
                group_access: { access_level: index % 2 === 0 ? 40 : 30, notification_level: 3 },
              },
      }),
    );
  }
  return projects;
}

/** A few public projects of others: what `GET /projects` adds when `membership=true` is left out. */
export function publicProjectsOfOthers(): GitLabProjectJson[] {
  const gitlabOrg: GitLabNamespaceJson = {
    id: 9970,
    name: 'GitLab.org',
    path: 'gitlab-org',
    kind: 'group',
    full_path: 'gitlab-org',
    parent_id: null,
    avatar_url: `${WEB}/uploads/-/system/group/avatar/9970/project_avatar.png`,
    web_url: `${WEB}/groups/gitlab-org`,
  };
  return ['gitlab', 'gitlab-runner', 'cli'].map((path, index) =>
    projectJson({
      id: 278_964 + index * 1000,
      name: path === 'cli' ? 'cli' : capitalized(path),
      path,
      namespace: gitlabOrg,
      description: `The ${path} project of GitLab.org.`,
      visibility: 'public',
      archived: false,
      empty: false,
      defaultBranch: 'master',
      topics: [],
      stars: 5000 - index * 1000,
      forks: 9000 - index * 2000,
      openIssues: 50_000 - index * 10_000,
      createdAt: '2015-05-20T10:12:08.000Z',
      lastActivityAt: '2026-01-05T08:00:00.000Z',
      updatedAt: '2026-01-05T08:00:00.000Z',
      creatorId: 64_248,
      owner: undefined,
      forkedFrom: undefined,
      access: { project_access: null, group_access: null },
    }),
  );
}

interface ProjectFacts {
  id: number;
  name: string;
  path: string;
  namespace: GitLabNamespaceJson;
  description: string | null;
  visibility: GitLabProjectJson['visibility'];
  archived: boolean;
  empty: boolean;
  defaultBranch: string;
  topics: string[];
  stars: number;
  forks: number;
  openIssues: number | undefined;
  createdAt: string;
  lastActivityAt: string;
  updatedAt: string;
  creatorId: number;
  owner: GitLabOwner | undefined;
  forkedFrom: { id: number; path: string } | undefined;
  access: GitLabProjectJson['permissions'];
}

function projectJson(facts: ProjectFacts): GitLabProjectJson {
  const fullPath = `${facts.namespace.full_path}/${facts.path}`;
  const webUrl = `${WEB}/${fullPath}`;
  return {
    id: facts.id,
    description: facts.description,
    name: facts.name,
    name_with_namespace: `${namespaceTitle(facts.namespace)} / ${facts.name}`,
    path: facts.path,
    path_with_namespace: fullPath,
    created_at: facts.createdAt,
    updated_at: facts.updatedAt,
    default_branch: facts.defaultBranch,
    tag_list: facts.topics,
    topics: facts.topics,
    ssh_url_to_repo: `git@gitlab.com:${fullPath}.git`,
    http_url_to_repo: `${webUrl}.git`,
    web_url: webUrl,
    readme_url: facts.empty ? null : `${webUrl}/-/blob/${facts.defaultBranch}/README.md`,
    forks_count: facts.forks,
    avatar_url: null,
    star_count: facts.stars,
    last_activity_at: facts.lastActivityAt,
    namespace: facts.namespace,
    empty_repo: facts.empty,
    archived: facts.archived,
    visibility: facts.visibility,
    ...(facts.owner === undefined
      ? {}
      : {
          owner: {
            id: facts.owner.id,
            username: facts.owner.username,
            name: facts.owner.name,
            state: 'active',
            avatar_url: facts.owner.avatarUrl,
            web_url: `${WEB}/${facts.owner.username}`,
          },
        }),
    issues_enabled: facts.openIssues !== undefined,
    ...(facts.openIssues === undefined ? {} : { open_issues_count: facts.openIssues }),
    merge_requests_enabled: true,
    wiki_enabled: facts.id % 2 === 0,
    jobs_enabled: true,
    snippets_enabled: false,
    creator_id: facts.creatorId,
    ...(facts.forkedFrom === undefined
      ? {}
      : {
          forked_from_project: {
            id: facts.forkedFrom.id,
            name: facts.name,
            name_with_namespace: `Charles Babbage / ${facts.name}`,
            path: facts.path,
            path_with_namespace: facts.forkedFrom.path,
            web_url: `${WEB}/${facts.forkedFrom.path}`,
          },
        }),
    import_status: facts.forkedFrom === undefined ? 'none' : 'finished',
    permissions: facts.access,
  };
}

/** `Diaspora / Diaspora Client`: each level of the namespace by its name. */
function namespaceTitle(namespace: GitLabNamespaceJson): string {
  if (namespace.parent_id === null) return namespace.name;
  const parent = GROUPS.find((group) => namespace.full_path.startsWith(`${group.path}/`));
  return `${parent?.name ?? namespace.full_path.split('/')[0]} / ${namespace.name}`;
}

function kindDescription(kind: string): string {
  switch (kind) {
    case 'api':
      return 'HTTP API';
    case 'cli':
      return 'command-line tools';
    case 'docs':
      return 'documentation site';
    case 'notes':
      return 'research notes';
    case 'web':
      return 'web front end';
    default:
      return kind;
  }
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** mulberry32: a small seedable PRNG; determinism is what matters here. */
function seededRandom(seed: string): () => number {
  let state = hashOf(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
