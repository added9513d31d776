/**
 * Deterministic Bitbucket Cloud workspaces and repositories in the shapes of `GET /user/workspaces` and
 * `GET /repositories/{workspace}` (docs/providers.md#bitbucket, "Data endpoints"). The same seed always
 * yields the same data, so tests and the sandbox can rely on names and order.
 */
import { createHash } from 'node:crypto';

const API_URL = 'https://api.bitbucket.org/2.0';
const WEB_URL = 'https://bitbucket.org';

interface Href {
  href: string;
}

export interface BitbucketWorkspaceJson {
  type: 'workspace';
  uuid: string;
  name: string;
  slug: string;
  links: { avatar: Href; html: Href; self: Href };
}

export interface BitbucketRepositoryJson {
  type: 'repository';
  full_name: string;
  links: {
    self: Href;
    html: Href;
    avatar: Href;
    pullrequests: Href;
    commits: Href;
    forks: Href;
    watchers: Href;
    branches: Href;
    tags: Href;
    downloads: Href;
    source: Href;
    clone: { name: 'https' | 'ssh'; href: string }[];
    hooks: Href;
  };
  name: string;
  slug: string;
  /** `""` when it has none. */
  description: string;
  scm: 'git';
  website: string | null;
  owner: {
    display_name: string;
    links: { self: Href; avatar: Href; html: Href };
    type: 'user' | 'team';
    uuid: string;
    username: string;
  };
  workspace: BitbucketWorkspaceJson;
  is_private: boolean;
  project: {
    type: 'project';
    key: string;
    uuid: string;
    name: string;
    links: { self: Href; html: Href; avatar: Href };
  } | null;
  fork_policy: 'allow_forks' | 'no_public_forks' | 'no_forks';
  /** Microseconds and `+00:00`: `2019-03-01T10:00:00.123000+00:00`. */
  created_on: string;
  updated_on: string;
  size: number;
  /** Lower case (`python`); `""` when unset. */
  language: string;
  uuid: string;
  /** `null` for a repository without commits. */
  mainbranch: { name: string; type: 'branch' } | null;
  override_settings: { default_merge_strategy: boolean; branching_model: boolean };
  parent: { type: 'repository'; full_name: string; name: string; uuid: string; links: { html: Href } } | null;
  enforced_signed_commits: boolean | null;
  has_issues: boolean;
  has_wiki: boolean;
}

/** The caller's explicit permission on a repository; `null`: it sees it without one (a public one). */
export type BitbucketAccess = 'read' | 'write' | 'admin' | null;

export interface StoredRepository {
  readonly repository: BitbucketRepositoryJson;
  readonly access: BitbucketAccess;
}

const words = (text: string) => text.split(' ');
const SUBJECTS = words('loom card engine mill store gear lever punch carry table bernoulli ledger');
const KINDS = words('api cli docs service worker web sdk parser bench infra scheduler notes');
const LANGUAGES = ['python', 'java', 'typescript', 'go', '', 'kotlin', 'javascript', 'c#'];
const PROJECTS = [
  { key: 'ENG', name: 'Engine' },
  { key: 'OPS', name: 'Operations' },
  { key: 'RES', name: 'Research' },
];
const KIND_DESCRIPTIONS: Readonly<Record<string, string>> = {
  api: 'HTTP API',
  cli: 'command-line tools',
  docs: 'documentation site',
  notes: 'research notes',
  web: 'web front end',
};
const DAY_MS = 86_400_000;
const CREATED_FROM = Date.UTC(2016, 5, 1);
const UPDATED_FROM = Date.UTC(2024, 3, 1);

export function workspaceJson(facts: { slug: string; name: string; uuid: string }): BitbucketWorkspaceJson {
  return {
    type: 'workspace',
    uuid: facts.uuid,
    name: facts.name,
    slug: facts.slug,
    links: {
      avatar: { href: `${WEB_URL}/workspaces/${facts.slug}/avatar/?ts=1700000000` },
      html: { href: `${WEB_URL}/${facts.slug}/` },
      self: { href: `${API_URL}/workspaces/${facts.slug}` },
    },
  };
}

export interface GenerateRepositoriesOptions {
  readonly workspace: BitbucketWorkspaceJson;
  readonly personal: boolean;
  /** Repositories the caller has an explicit permission on (what `role=member` lists). */
  readonly members: number;
  /** Public repositories the caller sees without a permission (left out by `role=member`). */
  readonly others?: number;
  /** The caller's nickname, in clone URLs. */
  readonly username: string;
  readonly seed: string;
}

export function generateRepositories(options: GenerateRepositoriesOptions): StoredRepository[] {
  const random = seededRandom(`${options.seed}:${options.workspace.slug}`);
  const nameCount = SUBJECTS.length * KINDS.length;
  const total = options.members + (options.others ?? 0);
  const stored: StoredRepository[] = [];
  for (let index = 0; index < total; index += 1) {
    // 7 is coprime with 144: the first 144 slugs are distinct; later ones get a numeric suffix.
    const nameIndex = (index * 7) % nameCount;
    const subject = SUBJECTS[Math.floor(nameIndex / KINDS.length)] ?? 'loom';
    const kind = KINDS[nameIndex % KINDS.length] ?? 'api';
    const round = Math.floor(index / nameCount);
    const slug = round === 0 ? `${subject}-${kind}` : `${subject}-${kind}-${round + 1}`;
    const member = index < options.members;
    const empty = index % 19 === 13;
    // A random day and time of day; the per-index milliseconds keep every time distinct.
    const created = CREATED_FROM + Math.floor(random() * 2800 * DAY_MS) + index * 3;
    const updated = empty ? created : UPDATED_FROM + Math.floor(random() * 700 * DAY_MS) + index * 5;
    const project = options.personal ? null : (PROJECTS[index % PROJECTS.length] ?? null);
    stored.push({
      access: !member
        ? null
        : options.personal
          ? 'admin'
          : index % 4 === 0
            ? 'admin'
            : index % 4 === 1
              ? 'read'
              : 'write',
      repository: repositoryJson({
        workspace: options.workspace,
        personal: options.personal,
        username: options.username,
        slug,
        // Bitbucket keeps the name as typed; most people type the slug.
        name: index % 5 === 2 ? `${capitalized(subject)} ${kind}` : slug,
        uuid: uuidFromSeed(`${options.seed}:${options.workspace.slug}:repository:${index}`),
        description: index % 4 === 3 ? '' : `${capitalized(subject)} ${KIND_DESCRIPTIONS[kind] ?? kind}.`,
        // Not members' repositories are the public ones; most others are private.
        isPrivate: member ? index % 6 !== 5 : false,
        language: LANGUAGES[index % LANGUAGES.length] ?? '',
        createdOn: created,
        updatedOn: updated,
        size: empty ? 0 : 40_000 + Math.floor(random() * 90_000_000),
        mainBranch: empty ? null : index % 7 === 4 ? 'master' : 'main',
        project:
          project === null
            ? null
            : {
                ...project,
                uuid: uuidFromSeed(`${options.seed}:${options.workspace.slug}:project:${project.key}`),
              },
        forkOf:
          index % 11 === 8 ? { fullName: `atlassian/${slug}`, uuid: uuidFromSeed(`upstream:${slug}`) } : null,
        website: index % 9 === 1 ? `https://${slug}.example.com` : null,
        hasIssues: index % 3 === 0,
        hasWiki: index % 5 === 0,
      }),
    });
  }
  return stored;
}

interface RepositoryFacts {
  workspace: BitbucketWorkspaceJson;
  personal: boolean;
  username: string;
  slug: string;
  name: string;
  uuid: string;
  description: string;
  isPrivate: boolean;
  language: string;
  createdOn: number;
  updatedOn: number;
  size: number;
  mainBranch: string | null;
  project: { key: string; name: string; uuid: string } | null;
  forkOf: { fullName: string; uuid: string } | null;
  website: string | null;
  hasIssues: boolean;
  hasWiki: boolean;
}

function repositoryJson(facts: RepositoryFacts): BitbucketRepositoryJson {
  const ws = facts.workspace.slug;
  const fullName = `${ws}/${facts.slug}`;
  const api = `${API_URL}/repositories/${fullName}`;
  const web = `${WEB_URL}/${fullName}`;
  return {
    type: 'repository',
    full_name: fullName,
    links: {
      self: { href: api },
      html: { href: web },
      avatar: { href: `https://bytebucket.org/ravatar/${encodeURIComponent(facts.uuid)}?ts=default` },
      pullrequests: { href: `${api}/pullrequests` },
      commits: { href: `${api}/commits` },
      forks: { href: `${api}/forks` },
      watchers: { href: `${api}/watchers` },
      branches: { href: `${api}/refs/branches` },
      tags: { href: `${api}/refs/tags` },
      downloads: { href: `${api}/downloads` },
      source: { href: `${api}/src` },
      clone: [
        { name: 'https', href: `https://${facts.username}@bitbucket.org/${fullName}.git` },
        { name: 'ssh', href: `git@bitbucket.org:${fullName}.git` },
      ],
      hooks: { href: `${api}/hooks` },
    },
    name: facts.name,
    slug: facts.slug,
    description: facts.description,
    scm: 'git',
    website: facts.website,
    owner: {
      display_name: facts.workspace.name,
      links: {
        self: {
          href: `${API_URL}/${facts.personal ? 'users' : 'workspaces'}/${encodeURIComponent(facts.workspace.uuid)}`,
        },
        avatar: { href: facts.workspace.links.avatar.href },
        html: { href: `${WEB_URL}/${encodeURIComponent(facts.workspace.uuid)}/` },
      },
      type: facts.personal ? 'user' : 'team',
      uuid: facts.workspace.uuid,
      username: ws,
    },
    workspace: facts.workspace,
    is_private: facts.isPrivate,
    project:
      facts.project === null
        ? null
        : {
            type: 'project',
            key: facts.project.key,
            uuid: facts.project.uuid,
            name: facts.project.name,
            links: {
              self: { href: `${API_URL}/workspaces/${ws}/projects/${facts.project.key}` },
              html: { href: `${WEB_URL}/${ws}/workspace/projects/${facts.project.key}` },
              avatar: {
                href: `${WEB_URL}/account/user/${ws}/projects/${facts.project.key}/avatar/32?ts=1700000000`,
              },
            },
          },
    fork_policy: facts.isPrivate ? 'no_public_forks' : 'allow_forks',
    created_on: bitbucketTime(facts.createdOn),
    updated_on: bitbucketTime(facts.updatedOn),
    size: facts.size,
    language: facts.language,
    uuid: facts.uuid,
    mainbranch: facts.mainBranch === null ? null : { name: facts.mainBranch, type: 'branch' },
    override_settings: { default_merge_strategy: false, branching_model: false },
    parent:
      facts.forkOf === null
        ? null
        : {
            type: 'repository',
            full_name: facts.forkOf.fullName,
            name: facts.forkOf.fullName.split('/')[1] ?? facts.slug,
            uuid: facts.forkOf.uuid,
            links: { html: { href: `${WEB_URL}/${facts.forkOf.fullName}` } },
          },
    enforced_signed_commits: null,
    has_issues: facts.hasIssues,
    has_wiki: facts.hasWiki,
  };
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Bitbucket's timestamps: microseconds and a `+00:00` offset. */
export function bitbucketTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '000+00:00');
}

/** A braced UUID (`{470c176d-…}`), as Bitbucket writes its ids. */
export function uuidFromSeed(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}}`;
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
