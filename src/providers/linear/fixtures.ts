/**
 * Deterministic Linear issues assigned to a user, in the shape of Linear's `Issue` type
 * (`packages/sdk/src/schema.graphql` of linear/linear; docs/providers.md#linear, "Data endpoints"):
 * identifiers per team, workflow states of every type, priorities 0–4, some due dates and estimates,
 * some without a description.
 */
import { createHash } from 'node:crypto';

export interface LinearTeamJson {
  id: string;
  key: string;
  name: string;
}

export interface LinearStateJson {
  id: string;
  name: string;
  /** `triage`, `backlog`, `unstarted`, `started`, `completed`, `canceled` or `duplicate`. */
  type: string;
  color: string;
}

/** An issue as the emulator stores it: every field its cut-down schema answers. */
export interface LinearIssueJson {
  id: string;
  identifier: string;
  number: number;
  title: string;
  description: string | null;
  /** 0 = No priority, 1 = Urgent, 2 = High, 3 = Medium, 4 = Low. */
  priority: number;
  priorityLabel: string;
  estimate: number | null;
  /** `YYYY-MM-DD` (Linear's `TimelessDate`), or `null`. */
  dueDate: string | null;
  url: string;
  branchName: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  canceledAt: string | null;
  state: LinearStateJson;
  team: LinearTeamJson;
}

export const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'] as const;

const TEAMS: readonly (readonly [key: string, name: string])[] = [
  ['ENG', 'Engineering'],
  ['DES', 'Design'],
  ['OPS', 'Platform'],
];
const STATES: readonly (readonly [name: string, type: string, color: string])[] = [
  ['Triage', 'triage', '#FC7840'],
  ['Backlog', 'backlog', '#bec2c8'],
  ['Todo', 'unstarted', '#e2e2e2'],
  ['In Progress', 'started', '#f2c94c'],
  ['In Review', 'started', '#0f783c'],
  ['Done', 'completed', '#5e6ad2'],
  ['Canceled', 'canceled', '#95a2b3'],
  ['Duplicate', 'duplicate', '#95a2b3'],
];
/** Most of a long-standing assignee's issues are done; a few are open. */
const STATE_WEIGHTS = [1, 3, 4, 3, 2, 12, 2, 1];
const VERBS = [
  'Fix',
  'Add',
  'Remove',
  'Refactor',
  'Speed up',
  'Document',
  'Migrate',
  'Investigate',
  'Polish',
];
const OBJECTS = [
  'login redirect',
  'billing webhook retries',
  'dark mode contrast',
  'CSV export of invoices',
  'onboarding checklist',
  'search ranking for archived projects',
  'flaky checkout test',
  'rate limiter for the public API',
  'empty state of the inbox',
  'SSO for enterprise workspaces',
  'settings page layout on mobile',
  'memory leak in the sync worker',
  'audit log retention',
  'keyboard shortcuts help',
  'timezone handling in reminders',
];

/** 2024-01-08T09:00:00Z: when the oldest generated issue was created. */
const FIRST_CREATED = Date.UTC(2024, 0, 8, 9);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function hashOf(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** A UUID-shaped (version 4 layout) id derived from a seed, as Linear's ids are UUIDs. */
export function uuidFromSeed(seed: string): string {
  const hex = hashOf(seed);
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function slugOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

function weightedState(pick: number): readonly [string, string, string] {
  const total = STATE_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  let rest = pick % total;
  for (const [index, weight] of STATE_WEIGHTS.entries()) {
    if (rest < weight) return STATES[index] ?? ['Todo', 'unstarted', '#e2e2e2'];
    rest -= weight;
  }
  return ['Todo', 'unstarted', '#e2e2e2'];
}

/**
 * `count` issues assigned to the user `seed`, in the workspace `urlKey`, oldest first, each updated
 * between its creation and `now` (the newest updated within the last days, so the list looks alive).
 */
export function generateIssues(options: {
  count: number;
  seed: string;
  urlKey: string;
  handle: string;
  now?: number;
}): LinearIssueJson[] {
  const now = options.now ?? Date.now();
  const span = Math.max(DAY, now - FIRST_CREATED);
  const numbers = new Map<string, number>();
  return Array.from({ length: options.count }, (_, index) => {
    const hash = hashOf(`${options.seed}:issue:${index}`);
    const [teamKey, teamName] = TEAMS[Number.parseInt(hash.slice(0, 2), 16) % TEAMS.length] ?? [
      'ENG',
      'Engineering',
    ];
    const number =
      (numbers.get(teamKey) ?? 100 + (Number.parseInt(hash.slice(2, 4), 16) % 50)) + 1 + (index % 3);
    numbers.set(teamKey, number);
    const identifier = `${teamKey}-${number}`;
    const title = `${VERBS[Number.parseInt(hash.slice(4, 6), 16) % VERBS.length]} ${OBJECTS[Number.parseInt(hash.slice(6, 8), 16) % OBJECTS.length]}`;
    const [stateName, stateType, color] = weightedState(Number.parseInt(hash.slice(8, 12), 16));
    const createdAt = FIRST_CREATED + Math.floor((span * index) / Math.max(1, options.count));
    const updatedAt = Math.min(
      now - HOUR,
      createdAt + (Number.parseInt(hash.slice(12, 18), 16) % (30 * DAY)),
    );
    const priority = Number.parseInt(hash.slice(18, 20), 16) % 5;
    const done = stateType === 'completed';
    const canceled = stateType === 'canceled' || stateType === 'duplicate';
    const started = done || stateType === 'started';
    const teamSeed = `${options.seed}:team:${teamKey}`;
    return {
      id: uuidFromSeed(`${options.seed}:issue:${index}`),
      identifier,
      number,
      title,
      description:
        index % 4 === 3
          ? null
          : `## Context\n\n${title} — reported by the support team.\n\n## Acceptance\n\n- [ ] Covered by a test`,
      priority,
      priorityLabel: PRIORITY_LABELS[priority] ?? 'No priority',
      estimate: index % 3 === 0 ? null : ([1, 2, 3, 5, 8][Number.parseInt(hash.slice(20, 22), 16) % 5] ?? 1),
      dueDate: index % 5 === 0 ? new Date(updatedAt + 14 * DAY).toISOString().slice(0, 10) : null,
      url: `https://linear.app/${options.urlKey}/issue/${identifier}/${slugOf(title)}`,
      branchName: `${options.handle}/${identifier.toLowerCase()}-${slugOf(title)}`.slice(0, 80),
      createdAt: new Date(createdAt).toISOString(),
      updatedAt: new Date(updatedAt).toISOString(),
      startedAt: started ? new Date(createdAt + DAY).toISOString() : null,
      completedAt: done ? new Date(updatedAt).toISOString() : null,
      canceledAt: canceled ? new Date(updatedAt).toISOString() : null,
      state: { id: uuidFromSeed(`${teamSeed}:state:${stateName}`), name: stateName, type: stateType, color },
      team: { id: uuidFromSeed(teamSeed), key: teamKey, name: teamName },
    };
  });
}
