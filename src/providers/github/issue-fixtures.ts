/**
 * Deterministic GitHub issues and pull requests in the REST shape of `GET /issues` (docs/providers.md#github,
 * "Issues"), spread over an account's repositories, each with its relation to the account (assigned to
 * it, opened by it, mentioning it, subscribed), so `filter` has something to choose from.
 */
import { createHash } from 'node:crypto';
import type { GitHubOwnerJson, GitHubRepoJson } from './fixtures.js';

export type IssueRelation = 'assigned' | 'created' | 'mentioned' | 'subscribed';

export interface GitHubLabelJson {
  id: number;
  node_id: string;
  url: string;
  name: string;
  description: string | null;
  color: string;
  default: boolean;
}

export interface GitHubIssueJson {
  id: number;
  node_id: string;
  url: string;
  repository_url: string;
  html_url: string;
  number: number;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  title: string;
  body: string | null;
  user: GitHubOwnerJson;
  labels: GitHubLabelJson[];
  assignee: GitHubOwnerJson | null;
  assignees: GitHubOwnerJson[];
  milestone: null;
  locked: boolean;
  comments: number;
  pull_request?: {
    url: string;
    html_url: string;
    diff_url: string;
    patch_url: string;
    merged_at: string | null;
  };
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  author_association: 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'NONE';
  repository: GitHubRepoJson;
}

/** An issue, and how it relates to the account (`filter`). */
export interface StoredIssue {
  readonly issue: GitHubIssueJson;
  readonly relations: readonly IssueRelation[];
}

const TITLES = [
  'Crash when the config file is empty',
  'Support pagination in the list command',
  'Document the retry settings',
  'Flaky test in the OAuth flow',
  'Upgrade to Node 24',
  'Add a --json flag',
  'Rate limit errors are swallowed',
  'Typo in the README',
  'Refactor the token cache',
  'Dark mode for the dashboard',
];
const LABELS = [
  { name: 'bug', color: 'd73a4a', description: "Something isn't working" },
  { name: 'enhancement', color: 'a2eeef', description: 'New feature or request' },
  { name: 'documentation', color: '0075ca', description: 'Improvements or additions to documentation' },
  { name: 'good first issue', color: '7057ff', description: 'Good for newcomers' },
];
const RELATIONS: readonly (readonly IssueRelation[])[] = [
  ['assigned'],
  ['assigned', 'created'],
  ['created'],
  ['assigned', 'subscribed'],
  ['mentioned'],
  ['subscribed'],
];
const HOUR_MS = 60 * 60 * 1000;

function numberFrom(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

function iso(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * `count` issues over `repos` (round robin, issue-enabled ones), newest first in creation: every sixth
 * a pull request, every fourth closed; the account (`me`) is their assignee or author as its relations
 * say. Times are hours apart before `now`, so `sort=updated` is a strict order.
 */
export function generateIssues(options: {
  readonly repos: readonly GitHubRepoJson[];
  readonly me: GitHubOwnerJson;
  readonly count: number;
  readonly now?: number;
}): StoredIssue[] {
  const repos = options.repos.filter((repo) => repo.has_issues);
  if (repos.length === 0) return [];
  const now = options.now ?? Date.parse('2026-11-30T12:00:00Z');
  return Array.from({ length: options.count }, (_, index) => {
    const repo = repos[index % repos.length] as GitHubRepoJson;
    const number = 100 + Math.floor(index / repos.length);
    const seed = `${repo.full_name}#${number}`;
    const id = 1_000_000 + (numberFrom(seed) % 900_000_000);
    const relations = RELATIONS[index % RELATIONS.length] ?? ['assigned'];
    const isPull = index % 6 === 5;
    const closed = index % 4 === 3;
    const createdAt = now - (index * 7 + 24) * HOUR_MS;
    const updatedAt = now - index * 3 * HOUR_MS - (numberFrom(`${seed}:u`) % 60) * 1000;
    const label = LABELS[index % LABELS.length] ?? LABELS[0];
    const kind = isPull ? 'pull' : 'issues';
    const other = { ...repo.owner, login: 'mona', id: 583231, node_id: 'MDQ6VXNlcjU4MzIzMQ==' };
    const author = relations.includes('created') ? options.me : other;
    const assignees = relations.includes('assigned') ? [options.me] : [];
    const issue: GitHubIssueJson = {
      id,
      node_id: `${isPull ? 'PR' : 'I'}_kwDO${createHash('sha256').update(seed).digest('base64url').slice(0, 16)}`,
      url: `https://api.github.com/repos/${repo.full_name}/issues/${number}`,
      repository_url: `https://api.github.com/repos/${repo.full_name}`,
      html_url: `https://github.com/${repo.full_name}/${kind}/${number}`,
      number,
      state: closed ? 'closed' : 'open',
      state_reason: closed ? 'completed' : null,
      title: TITLES[index % TITLES.length] ?? 'An issue',
      // GitHub answers `null` for an issue opened without a description.
      body: index % 5 === 4 ? null : `Seen on ${repo.name}. Steps to reproduce follow.`,
      user: author,
      labels: label
        ? [
            {
              id: 200 + LABELS.indexOf(label),
              node_id: `LA_kwDO${label.name.replaceAll(' ', '')}`,
              url: `https://api.github.com/repos/${repo.full_name}/labels/${encodeURIComponent(label.name)}`,
              name: label.name,
              description: label.description,
              color: label.color,
              default: true,
            },
          ]
        : [],
      assignee: assignees[0] ?? null,
      assignees,
      milestone: null,
      locked: false,
      comments: numberFrom(`${seed}:c`) % 12,
      ...(isPull
        ? {
            pull_request: {
              url: `https://api.github.com/repos/${repo.full_name}/pulls/${number}`,
              html_url: `https://github.com/${repo.full_name}/pull/${number}`,
              diff_url: `https://github.com/${repo.full_name}/pull/${number}.diff`,
              patch_url: `https://github.com/${repo.full_name}/pull/${number}.patch`,
              merged_at: closed ? iso(updatedAt) : null,
            },
          }
        : {}),
      closed_at: closed ? iso(updatedAt) : null,
      created_at: iso(createdAt),
      updated_at: iso(updatedAt),
      author_association: relations.includes('created') ? 'OWNER' : 'CONTRIBUTOR',
      repository: repo,
    };
    return { issue, relations };
  });
}
