/**
 * Deterministic Notion users in the shape of `GET /v1/users` (docs/providers.md#notion, "Data endpoints"):
 * people with `person.email`, bots with `bot: {}`.
 */
import { createHash } from 'node:crypto';

export interface NotionPersonJson {
  object: 'user';
  id: string;
  name: string | null;
  avatar_url: string | null;
  type: 'person';
  /** `email` only when the integration may read email addresses. */
  person: { email?: string };
}

export interface NotionBotJson {
  object: 'user';
  id: string;
  name: string | null;
  avatar_url: string | null;
  type: 'bot';
  /** `{}` in `/v1/users`; BotInfo (owner, workspace) in `/v1/users/me`. */
  bot: Record<string, unknown>;
}

export type NotionUserJson = NotionPersonJson | NotionBotJson;

const FIRST_NAMES = [
  'Edsger',
  'Grace',
  'Alan',
  'Katherine',
  'Linus',
  'Margaret',
  'Dennis',
  'Barbara',
  'Ken',
  'Frances',
];
const LAST_NAMES = [
  'Dijkstra',
  'Hopper',
  'Turing',
  'Johnson',
  'Torvalds',
  'Hamilton',
  'Ritchie',
  'Liskov',
  'Thompson',
];
const BOT_NAMES = ['Doug Engelbot', 'Standup Bot', 'Calendar Sync', 'Jira Importer', 'Slack Notifier'];

/** A UUID-shaped (version 4 layout) id derived from a seed, so generated ids are stable across runs. */
export function uuidFromSeed(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function personJson(
  id: string,
  name: string | null,
  email: string | null,
  avatarUrl: string | null,
): NotionPersonJson {
  return {
    object: 'user',
    id,
    name,
    avatar_url: avatarUrl,
    type: 'person',
    person: email === null ? {} : { email },
  };
}

export function botJson(id: string, name: string | null): NotionBotJson {
  return { object: 'user', id, name, avatar_url: null, type: 'bot', bot: {} };
}

export function generateWorkspaceUsers(options: {
  people: number;
  bots: number;
  seed: string;
}): NotionUserJson[] {
  const people = Array.from({ length: options.people }, (_, index) => {
    const first = FIRST_NAMES[index % FIRST_NAMES.length] ?? 'Edsger';
    const last = LAST_NAMES[(index * 7) % LAST_NAMES.length] ?? 'Dijkstra';
    const round = Math.floor(index / FIRST_NAMES.length);
    const name = round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`;
    const id = uuidFromSeed(`${options.seed}:person:${index}`);
    const email = `${first}.${last}${round === 0 ? '' : round + 1}@example.org`.toLowerCase();
    // Every third person has no avatar, as in real workspaces.
    const avatar =
      index % 3 === 2 ? null : `https://s3-us-west-2.amazonaws.com/public.notion-static.com/${id}/avatar.png`;
    return personJson(id, name, email, avatar);
  });
  const bots = Array.from({ length: options.bots }, (_, index) =>
    botJson(uuidFromSeed(`${options.seed}:bot:${index}`), BOT_NAMES[index % BOT_NAMES.length] ?? 'Bot'),
  );
  return [...people, ...bots];
}
