/**
 * Deterministic Notion pages and databases in the shape `POST /v1/search` answers with
 * `Notion-Version: 2022-06-28` (docs/providers.md#notion, "Data endpoints"): a workspace of top-level
 * pages, their sub-pages, and the rows of a few databases, whose title property has the database's own
 * name ("Name", "Task name"), as in real workspaces.
 */
import { uuidFromSeed } from './fixtures.js';

export interface NotionRichTextJson {
  type: 'text';
  text: { content: string; link: { url: string } | null };
  annotations: {
    bold: boolean;
    italic: boolean;
    strikethrough: boolean;
    underline: boolean;
    code: boolean;
    color: string;
  };
  plain_text: string;
  href: string | null;
}

export type NotionIconJson =
  | { type: 'emoji'; emoji: string }
  | { type: 'external'; external: { url: string } }
  | { type: 'file'; file: { url: string; expiry_time: string } };

export type NotionParentJson =
  | { type: 'workspace'; workspace: true }
  | { type: 'page_id'; page_id: string }
  | { type: 'database_id'; database_id: string }
  | { type: 'block_id'; block_id: string };

/** A page property value; only the kinds the fixtures use (the title is always the `title` one). */
export type NotionPropertyValueJson =
  | { id: string; type: 'title'; title: NotionRichTextJson[] }
  | { id: string; type: 'rich_text'; rich_text: NotionRichTextJson[] }
  | { id: string; type: 'select'; select: { id: string; name: string; color: string } | null }
  | { id: string; type: 'checkbox'; checkbox: boolean }
  | { id: string; type: 'date'; date: { start: string; end: string | null; time_zone: null } | null };

export interface NotionPageJson {
  object: 'page';
  id: string;
  created_time: string;
  last_edited_time: string;
  created_by: { object: 'user'; id: string };
  last_edited_by: { object: 'user'; id: string };
  cover: { type: 'external'; external: { url: string } } | null;
  icon: NotionIconJson | null;
  parent: NotionParentJson;
  /** `true` once in the trash (2022-06-28's name for it); search leaves trashed pages out. */
  archived: boolean;
  in_trash: boolean;
  properties: Record<string, NotionPropertyValueJson>;
  url: string;
  public_url: string | null;
}

export interface NotionDatabaseJson {
  object: 'database';
  id: string;
  created_time: string;
  last_edited_time: string;
  created_by: { object: 'user'; id: string };
  last_edited_by: { object: 'user'; id: string };
  title: NotionRichTextJson[];
  description: NotionRichTextJson[];
  icon: NotionIconJson | null;
  cover: null;
  properties: Record<string, { id: string; name: string; type: string; [config: string]: unknown }>;
  parent: NotionParentJson;
  url: string;
  public_url: string | null;
  archived: boolean;
  in_trash: boolean;
  is_inline: boolean;
}

/** What search can find in a workspace; `shared: false` content exists but was not shared with the integration. */
export interface NotionContent {
  readonly json: NotionPageJson | NotionDatabaseJson;
  readonly shared: boolean;
}

const PLAIN = {
  bold: false,
  italic: false,
  strikethrough: false,
  underline: false,
  code: false,
  color: 'default',
};

/** One rich-text run; `bold` for a styled run inside a title. */
export function richText(
  content: string,
  options: { bold?: boolean; link?: string } = {},
): NotionRichTextJson {
  return {
    type: 'text',
    text: { content, link: options.link ? { url: options.link } : null },
    annotations: { ...PLAIN, bold: options.bold ?? false },
    plain_text: content,
    href: options.link ?? null,
  };
}

/** `https://www.notion.so/<Title-Slug>-<id without dashes>`, or the bare id for an untitled page. */
export function notionUrl(id: string, title: string): string {
  const slug = title
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const compact = id.replaceAll('-', '');
  return `https://www.notion.so/${slug === '' ? compact : `${slug}-${compact}`}`;
}

/** Notion's timestamps are whole minutes: `2026-05-12T09:41:00.000Z`. */
function minuteIso(epochMs: number): string {
  return new Date(Math.floor(epochMs / 60_000) * 60_000).toISOString();
}

function hashOf(seed: string): number {
  return Number.parseInt(uuidFromSeed(seed).slice(0, 8), 16);
}

function pick<T>(items: readonly T[], seed: string): T {
  const item = items[hashOf(seed) % items.length];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Where a workspace starts in a list of names, so workspaces differ. */
function offsetOf(gen: Generation, list: string): number {
  return hashOf(`${gen.seed}:offset:${list}`);
}

/**
 * The name of the `index`th page of a kind that comes every fourth page: every name once, then again
 * as a later round (`named(name, 2)`).
 */
function cycled(
  names: readonly string[],
  index: number,
  offset: number,
  named: (name: string, round: number) => string,
): string {
  const nth = Math.floor(index / 4);
  const name = names[(nth + offset) % names.length] ?? names[0] ?? '';
  const round = Math.floor(nth / names.length);
  return round === 0 ? name : named(name, round + 1);
}

const TOP_LEVEL: readonly { title: string; emoji: string }[] = [
  { title: 'Engineering Wiki', emoji: '🛠️' },
  { title: 'Personal Home', emoji: '🏡' },
  { title: 'Product Roadmap 2026', emoji: '🗺️' },
  { title: 'Getting Started', emoji: '👋' },
  { title: 'Team Directory', emoji: '👥' },
];

const WIKI_TOPICS = [
  'Deploying to production',
  'On-call runbook',
  'Code review guidelines',
  'Architecture overview',
  'Incident postmortem template',
  'Local development setup',
  'API style guide',
  'Release checklist',
  'Onboarding for new engineers',
  'Database migrations',
  'Feature flags',
  'Observability and dashboards',
];
const WIKI_EMOJI = ['📘', '🚀', '🧭', '🔥', '📐', '🧪', '📝', '✅'];
const TASK_VERBS = ['Draft', 'Review', 'Fix', 'Ship', 'Plan', 'Update', 'Migrate', 'Document', 'Prototype'];
const TASK_OBJECTS = [
  'pricing page copy',
  'login rate limiting',
  'Q3 OKRs',
  'billing webhooks',
  'search indexing',
  'mobile onboarding flow',
  'status page',
  'SSO for enterprise plan',
  'analytics events',
  'changelog for v2.4',
];
const TASK_STATUS = [
  { id: 'not-started', name: 'Not started', color: 'default' },
  { id: 'in-progress', name: 'In progress', color: 'blue' },
  { id: 'done', name: 'Done', color: 'green' },
];
const TEAMS = ['Design', 'Platform', 'Growth', 'Leadership', 'Support', 'Analytics'];
const BOOKS = [
  'Sketches of the Analytical Engine',
  'The Mythical Man-Month',
  'Designing Data-Intensive Applications',
  'A Philosophy of Software Design',
  'Thinking in Systems',
  'The Pragmatic Programmer',
  'Working in Public',
  'Shape Up',
  'An Elegant Puzzle',
];

const DATABASES = [
  { key: 'tasks', title: 'Tasks', titleProperty: 'Task name', emoji: '✔️' },
  { key: 'meetings', title: 'Meeting Notes', titleProperty: 'Name', emoji: '🗓️' },
  { key: 'reading', title: 'Reading List', titleProperty: 'Name', emoji: '📚' },
] as const;

type DatabaseKey = (typeof DATABASES)[number]['key'];

interface Generation {
  readonly seed: string;
  /** The workspace's person, author of every edit. */
  readonly authorId: string;
  /** The newest edit; older content is spread back from it. */
  readonly now: number;
  /** The workspace's public domain name (`<siteDomain>.notion.site`). */
  readonly siteDomain: string;
}

/**
 * `count` pages (and `databases` databases, at most 3) of one workspace, newest edit first: every page a
 * distinct minute, so `last_edited_time` sorts them totally. Every ninth page (and none of the first
 * ones) is not shared with the integration; about one page in seventeen is untitled.
 */
export function generateWorkspaceContent(options: {
  pages: number;
  databases: number;
  seed: string;
  authorId: string;
  now: number;
  siteDomain: string;
}): NotionContent[] {
  const gen: Generation = options;
  const databases = DATABASES.slice(0, Math.max(0, Math.min(options.databases, DATABASES.length))).map(
    (database, index) => databaseJson(gen, database, index),
  );
  const topLevel: NotionPageJson[] = [];
  const pages: NotionContent[] = [];
  for (let index = 0; index < options.pages; index += 1) {
    const page = pageAt(gen, index, topLevel, databases);
    if (page.parent.type === 'workspace') topLevel.push(page);
    pages.push({ json: page, shared: index < 10 || index % 9 !== 4 });
  }
  return [...pages, ...databases.map((json) => ({ json, shared: true }))];
}

function editedAt(gen: Generation, index: number): number {
  // 97-minute steps with a jitter below them: distinct minutes, newest first.
  return gen.now - (index * 97 + (hashOf(`${gen.seed}:edited:${index}`) % 90) + 3) * 60_000;
}

function pageAt(
  gen: Generation,
  index: number,
  topLevel: readonly NotionPageJson[],
  databases: readonly NotionDatabaseJson[],
): NotionPageJson {
  const id = uuidFromSeed(`${gen.seed}:page:${index}`);
  const edited = editedAt(gen, index);
  const created = edited - (1 + (hashOf(`${gen.seed}:created:${index}`) % 400)) * 3_600_000;
  const base = {
    object: 'page' as const,
    id,
    created_time: minuteIso(created),
    last_edited_time: minuteIso(edited),
    created_by: { object: 'user' as const, id: gen.authorId },
    last_edited_by: { object: 'user' as const, id: gen.authorId },
    archived: false,
    in_trash: false,
  };
  const untitled = index % 17 === 11;
  const shape = topLevel.length < TOP_LEVEL.length && index % 3 === 0 ? 'top' : index % 4;
  const database = (key: DatabaseKey) =>
    databases.find((candidate) => candidate.id === uuidFromSeed(`${gen.seed}:database:${key}`));

  if (shape === 'top') {
    const top = TOP_LEVEL[topLevel.length] ?? { title: 'Notes', emoji: '🗒️' };
    return {
      ...base,
      cover:
        topLevel.length === 0
          ? {
              type: 'external',
              external: { url: 'https://www.notion.so/images/page-cover/met_silk_kashan_carpet.jpg' },
            }
          : null,
      icon: { type: 'emoji', emoji: top.emoji },
      parent: { type: 'workspace', workspace: true },
      properties: { title: { id: 'title', type: 'title', title: [richText(top.title)] } },
      url: notionUrl(id, top.title),
      // The getting-started page is published to the web, on the workspace's notion.site domain.
      public_url:
        top.title === 'Getting Started'
          ? notionUrl(id, top.title).replace('www.notion.so', `${gen.siteDomain}.notion.site`)
          : null,
    };
  }

  const tasks = database('tasks');
  if (shape === 1 && tasks) {
    // Steps of 7 through the 90 verb × object pairs: no two of the first 90 tasks alike.
    const pair =
      (Math.floor(index / 4) * 7 + offsetOf(gen, 'tasks')) % (TASK_VERBS.length * TASK_OBJECTS.length);
    const title = untitled
      ? ''
      : `${TASK_VERBS[pair % TASK_VERBS.length]} ${TASK_OBJECTS[Math.floor(pair / TASK_VERBS.length)]}`;
    const status = pick(TASK_STATUS, `${gen.seed}:status:${index}`);
    return {
      ...base,
      cover: null,
      icon: null,
      parent: { type: 'database_id', database_id: tasks.id },
      properties: {
        Status: { id: 'E%3CqU', type: 'select', select: status },
        Due: {
          id: 'zOMh',
          type: 'date',
          date: { start: minuteIso(edited + 7 * 86_400_000).slice(0, 10), end: null, time_zone: null },
        },
        'Task name': { id: 'title', type: 'title', title: untitled ? [] : [richText(title)] },
      },
      url: notionUrl(id, title),
      public_url: null,
    };
  }

  const meetings = database('meetings');
  if (shape === 2 && meetings) {
    const team = pick(TEAMS, `${gen.seed}:team:${index}`);
    const day = minuteIso(created).slice(0, 10);
    // A styled run: the title is the runs' `plain_text` joined.
    const title = untitled ? [] : [richText(`${team} sync `), richText(day, { bold: true })];
    return {
      ...base,
      cover: null,
      icon: { type: 'emoji', emoji: '🗓️' },
      parent: { type: 'database_id', database_id: meetings.id },
      properties: {
        'Action items done': { id: 'Wm%3Fk', type: 'checkbox', checkbox: index % 2 === 0 },
        Name: { id: 'title', type: 'title', title },
      },
      url: notionUrl(id, untitled ? '' : `${team} sync ${day}`),
      public_url: null,
    };
  }

  const reading = database('reading');
  if (shape === 3 && reading) {
    const title = untitled
      ? ''
      : cycled(BOOKS, index, offsetOf(gen, 'reading'), (book, round) => `${book}: notes, part ${round}`);
    return {
      ...base,
      cover: null,
      icon: {
        type: 'external',
        external: { url: `https://www.notion.so/icons/book-closed_${pick(['gray', 'blue', 'red'], id)}.svg` },
      },
      parent: { type: 'database_id', database_id: reading.id },
      properties: {
        Notes: {
          id: 'n%7BQa',
          type: 'rich_text',
          rich_text: [richText('Lent to Charles; chapter 3 on loops.')],
        },
        Name: { id: 'title', type: 'title', title: untitled ? [] : [richText(title)] },
      },
      url: notionUrl(id, title),
      public_url: null,
    };
  }

  // A sub-page of a top-level page (or of the workspace while there is none yet).
  const parent = topLevel.length === 0 ? undefined : pick(topLevel, `${gen.seed}:parent:${index}`);
  const title = untitled
    ? ''
    : cycled(WIKI_TOPICS, index, offsetOf(gen, 'wiki'), (topic, round) => `${topic} (v${round})`);
  const iconKind = hashOf(`${gen.seed}:icon:${index}`) % 4;
  return {
    ...base,
    cover: null,
    icon:
      iconKind === 0
        ? null
        : iconKind === 3
          ? {
              type: 'file',
              file: {
                url: `https://prod-files-secure.s3.us-west-2.amazonaws.com/${uuidFromSeed(`${gen.seed}:space`)}/${id}/icon.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600`,
                expiry_time: new Date(gen.now + 3_600_000).toISOString(),
              },
            }
          : { type: 'emoji', emoji: pick(WIKI_EMOJI, `${gen.seed}:emoji:${index}`) },
    parent: parent ? { type: 'page_id', page_id: parent.id } : { type: 'workspace', workspace: true },
    properties: { title: { id: 'title', type: 'title', title: untitled ? [] : [richText(title)] } },
    url: notionUrl(id, title),
    public_url: null,
  };
}

function databaseJson(
  gen: Generation,
  database: (typeof DATABASES)[number],
  index: number,
): NotionDatabaseJson {
  const id = uuidFromSeed(`${gen.seed}:database:${database.key}`);
  // Databases were edited between the pages: their own distinct minutes (odd offsets).
  const edited = gen.now - (index * 211 + 50) * 60_000 - 30_000;
  const columns: Record<string, { id: string; name: string; type: string; [config: string]: unknown }> = {
    [database.titleProperty]: { id: 'title', name: database.titleProperty, type: 'title', title: {} },
  };
  return {
    object: 'database',
    id,
    created_time: minuteIso(edited - 90 * 86_400_000),
    last_edited_time: minuteIso(edited),
    created_by: { object: 'user', id: gen.authorId },
    last_edited_by: { object: 'user', id: gen.authorId },
    title: [richText(database.title)],
    description: [],
    icon: { type: 'emoji', emoji: database.emoji },
    cover: null,
    properties: columns,
    parent: { type: 'workspace', workspace: true },
    url: `https://www.notion.so/${id.replaceAll('-', '')}`,
    public_url: null,
    archived: false,
    in_trash: false,
    is_inline: false,
  };
}
