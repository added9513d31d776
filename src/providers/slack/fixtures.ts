/**
 * Deterministic Slack channels in the shape `conversations.list` answers them (docs/providers.md#slack,
 * "Data endpoints"): the fields of the example of Slack's OpenAPI description, a workspace's usual
 * channels first, then team, project and social channels, some private, some archived, some with no
 * topic or purpose (Slack's `''`).
 */
import { createHash } from 'node:crypto';

/** A topic or purpose: `value` is `''` when none is set, and so is `creator`. */
export interface SlackTextJson {
  value: string;
  creator: string;
  last_set: number;
}

export interface SlackChannelJson {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  /** Epoch seconds. */
  created: number;
  is_archived: boolean;
  is_general: boolean;
  unlinked: number;
  name_normalized: string;
  is_shared: boolean;
  is_org_shared: boolean;
  is_ext_shared: boolean;
  is_pending_ext_shared: boolean;
  pending_shared: string[];
  creator: string;
  is_member: boolean;
  topic: SlackTextJson;
  purpose: SlackTextJson;
  previous_names: string[];
  num_members: number;
}

/** The channels nearly every workspace has, with their usual topic and purpose. */
const STAPLES: readonly (readonly [name: string, topic: string, purpose: string])[] = [
  [
    'general',
    'Company-wide announcements and work-based matters',
    'This channel is for team-wide communication and announcements. All team members are in this channel.',
  ],
  [
    'random',
    'Non-work banter and water cooler conversation',
    "A place for non-work-related flimflam, faffing, hodge-podge or jibber-jabber you'd prefer to keep out of more focused work-related channels.",
  ],
  [
    'announcements',
    'Read-only: news from the leadership team',
    'Company news. Please keep replies in threads.',
  ],
  ['engineering', 'Weekly demo: Thursdays 16:00 UTC', 'Everything engineering.'],
  ['design', 'Design crit every Tuesday', 'Design reviews, inspiration and feedback.'],
  ['product', '', 'Roadmap, specs and launches.'],
  [
    'incidents',
    'Current incident commander: see the pinned message',
    'Production incidents, as they happen.',
  ],
  ['deploys', '', 'Deploy notifications from CI.'],
  ['help-it', 'Laptops, accounts, VPN', 'Ask IT anything.'],
  ['watercooler', '', ''],
];

const AREAS = ['eng', 'team', 'proj', 'help', 'cust', 'social', 'ext', 'ops', 'mkt', 'sales'];
const TOPICS = [
  'analytics',
  'billing',
  'mobile',
  'payments',
  'search',
  'onboarding',
  'infra',
  'security',
  'growth',
  'data',
  'api',
  'docs',
  'hiring',
  'books',
  'running',
  'music',
  'pets',
  'coffee',
  'london',
  'berlin',
  'lisbon',
  'q3-planning',
  'launch',
  'perf',
  'a11y',
  'design-system',
];
const TOPIC_LINES = [
  'Standup at 09:30',
  'Runbook pinned',
  'On call this week: see the bookmark',
  'Office hours Wednesdays',
  'Ask here before paging anyone',
];

/** Workspace-wide creation time of the first channel: 2019-03-04T09:00:00Z. */
const FIRST_CREATED = 1_551_690_000;
const DAY = 86_400;

function hashOf(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** A Slack-like id: a prefix and ten upper-case base-36 characters derived from the seed. */
export function slackIdOf(prefix: 'C' | 'U', seed: string): string {
  const digits = BigInt(`0x${hashOf(seed).slice(0, 16)}`)
    .toString(36)
    .toUpperCase();
  return `${prefix}${digits.padStart(10, '0').slice(0, 10)}`;
}

function text(value: string, creator: string, lastSet: number): SlackTextJson {
  return value === '' ? { value: '', creator: '', last_set: 0 } : { value, creator, last_set: lastSet };
}

/**
 * `count` channels of the workspace of `seed`: the staples first (`#general` is the workspace's general
 * channel), then generated ones; every seventh private (and then the account is a member: a private
 * channel is listed only to its members), every eleventh archived, every fifth without a topic.
 */
export function generateChannels(options: { count: number; seed: string }): SlackChannelJson[] {
  const used = new Set<string>();
  return Array.from({ length: options.count }, (_, index) => {
    const hash = hashOf(`${options.seed}:channel:${index}`);
    const staple = STAPLES[index];
    let name = staple?.[0] ?? '';
    if (!staple) {
      const area = AREAS[Number.parseInt(hash.slice(0, 4), 16) % AREAS.length] ?? 'team';
      const topic = TOPICS[Number.parseInt(hash.slice(4, 8), 16) % TOPICS.length] ?? 'misc';
      name = `${area}-${topic}`;
      for (let round = 2; used.has(name); round++) name = `${area}-${topic}-${round}`;
    }
    used.add(name);
    const isPrivate = index % 7 === 6;
    const isArchived = index % 11 === 10;
    const created = FIRST_CREATED + index * 3 * DAY + (Number.parseInt(hash.slice(8, 12), 16) % DAY);
    const creator = slackIdOf('U', `${options.seed}:member:${Number.parseInt(hash.slice(12, 14), 16) % 40}`);
    const topic = staple?.[1] ?? (index % 5 === 4 ? '' : (TOPIC_LINES[index % TOPIC_LINES.length] ?? ''));
    const purpose = staple?.[2] ?? (index % 3 === 2 ? '' : `Discussion about ${name.replaceAll('-', ' ')}.`);
    return {
      id: slackIdOf('C', `${options.seed}:channel:${index}`),
      name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: isPrivate,
      created,
      is_archived: isArchived,
      is_general: index === 0,
      unlinked: 0,
      name_normalized: name,
      is_shared: name.startsWith('ext-'),
      is_org_shared: false,
      is_ext_shared: name.startsWith('ext-'),
      is_pending_ext_shared: false,
      pending_shared: [],
      creator,
      // The staples and private channels have the account; a third of the others too.
      is_member: index < STAPLES.length || isPrivate || index % 3 === 0,
      topic: text(topic, creator, created + DAY),
      purpose: text(purpose, creator, created),
      previous_names: [],
      num_members: index === 0 ? 240 : 3 + (Number.parseInt(hash.slice(14, 18), 16) % 120),
    };
  });
}
