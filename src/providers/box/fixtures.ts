/**
 * Deterministic items of a Box root folder ("All Files", folder `0`) in their full representation, from
 * which `GET /folders/0/items` answers the fields asked (docs/providers.md#box, "Data endpoints"). The
 * same seed always yields the same items.
 */
import { createHash } from 'node:crypto';

interface BoxItemBase {
  id: string;
  etag: string;
  sequence_id: string;
  name: string;
  /** `""` when none was set. */
  description: string;
  /** In bytes; a folder's is the size of its contents. */
  size: number;
  created_at: string;
  modified_at: string;
  content_created_at: string;
  content_modified_at: string;
  item_status: 'active';
  parent: { type: 'folder'; id: '0'; sequence_id: null; etag: null; name: 'All Files' };
}

export interface BoxFolderJson extends BoxItemBase {
  type: 'folder';
}

export interface BoxFileJson extends BoxItemBase {
  type: 'file';
  sha1: string;
  /** `""` for a name without one. */
  extension: string;
  file_version: { type: 'file_version'; id: string; sha1: string };
}

/** A bookmark: listed among the items, but not a file. */
export interface BoxWebLinkJson {
  type: 'web_link';
  id: string;
  etag: string;
  sequence_id: string;
  name: string;
  url: string;
  description: string;
  created_at: string;
  modified_at: string;
  item_status: 'active';
  parent: BoxItemBase['parent'];
}

export type BoxItemJson = BoxFolderJson | BoxFileJson | BoxWebLinkJson;

export interface GenerateItemsOptions {
  folders: number;
  files: number;
  webLinks?: number;
  seed: string;
}

const FOLDERS = [
  'Board Meetings',
  'Brand Assets',
  'Contracts',
  'Customer Research',
  'Engineering',
  'Finance',
  'HR Policies',
  'Marketing',
  'Product Specs',
  'Sales Enablement',
];
const FILES = [
  'Q3 Forecast.xlsx',
  'Brand Guidelines.pdf',
  'Offsite agenda.docx',
  'Org chart.png',
  'Pricing proposal v2.pptx',
  'Security whitepaper.pdf',
  'Onboarding checklist.docx',
  'Roadmap 2026.pdf',
  'Team photo.jpg',
  'Customer interview notes.boxnote',
  'Expense report March.xlsx',
  'NDA template.docx',
  'README',
  'Launch video.mp4',
];
const DESCRIPTIONS = ['Final version, approved by legal.', 'Shared with the leadership team.', 'Draft'];
const LINKS = [
  { name: 'Company intranet', url: 'https://intranet.example.com/' },
  { name: 'Status page', url: 'https://status.example.com/' },
];
const DAY_MS = 86_400_000;
const MODIFIED_UNTIL = Date.UTC(2026, 5, 30);
const ROOT_PARENT = { type: 'folder', id: '0', sequence_id: null, etag: null, name: 'All Files' } as const;

/** Folders, files, then web links, each by name: the order Box lists the root in (type, then name). */
export function generateItems(options: GenerateItemsOptions): BoxItemJson[] {
  // Box ids are decimal strings of a dozen digits; the three kinds interleave, so none collide.
  const idBase = 100_000_000_000 + (hashOf(options.seed) % 900_000) * 100_000;
  const folders: BoxItemJson[] = Array.from({ length: options.folders }, (_, index) => {
    const seed = `${options.seed}:folder:${index}`;
    return {
      type: 'folder',
      ...baseOf(seed, String(idBase + index * 3), numbered(FOLDERS, index), index),
      size: 1_000_000 + (hashOf(`${seed}:size`) % 900_000_000),
    };
  });
  const files: BoxItemJson[] = Array.from({ length: options.files }, (_, index) => {
    const seed = `${options.seed}:file:${index}`;
    const name = numbered(FILES, index);
    const sha1 = createHash('sha1').update(`${seed}:content`).digest('hex');
    const dot = name.lastIndexOf('.');
    return {
      type: 'file',
      ...baseOf(seed, String(idBase + index * 3 + 1), name, index),
      size: 2_000 + (hashOf(`${seed}:size`) % 40_000_000),
      sha1,
      extension: dot > 0 ? name.slice(dot + 1) : '',
      file_version: { type: 'file_version', id: String(idBase * 2 + index * 3 + 1), sha1 },
    };
  });
  const links: BoxItemJson[] = Array.from({ length: options.webLinks ?? 0 }, (_, index) => {
    const seed = `${options.seed}:link:${index}`;
    const link = LINKS[index % LINKS.length] ?? { name: 'Link', url: 'https://example.com/' };
    const base = baseOf(seed, String(idBase + index * 3 + 2), numbered([link.name], index), index);
    return {
      type: 'web_link',
      id: base.id,
      etag: base.etag,
      sequence_id: base.sequence_id,
      name: base.name,
      url: link.url,
      description: '',
      created_at: base.created_at,
      modified_at: base.modified_at,
      item_status: 'active',
      parent: ROOT_PARENT,
    };
  });
  return [...byName(folders), ...byName(files), ...byName(links)];
}

function baseOf(seed: string, id: string, name: string, index: number): Omit<BoxItemBase, 'size'> {
  const modified = MODIFIED_UNTIL - (hashOf(`${seed}:at`) % (540 * DAY_MS));
  const created = modified - (hashOf(`${seed}:age`) % (400 * DAY_MS));
  // Content uploaded from a desktop keeps its own, earlier, times.
  const contentModified = index % 5 === 2 ? modified - 2 * DAY_MS : modified;
  return {
    id,
    etag: String(hashOf(`${seed}:etag`) % 5),
    sequence_id: String(hashOf(`${seed}:sequence`) % 9),
    name,
    description: index % 4 === 1 ? (DESCRIPTIONS[index % DESCRIPTIONS.length] ?? '') : '',
    created_at: boxTime(created),
    modified_at: boxTime(modified),
    content_created_at: boxTime(created),
    content_modified_at: boxTime(contentModified),
    item_status: 'active',
    parent: ROOT_PARENT,
  };
}

/** Box's timestamps: seconds and a UTC offset, in the account's time zone (`2012-12-12T10:53:43-08:00`). */
export function boxTime(epochMs: number, offsetHours = -7): string {
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offsetHours * 3_600_000);
  const sign = offsetHours < 0 ? '-' : '+';
  const offset = `${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
  return local.toISOString().replace('.000Z', offset);
}

function byName(items: BoxItemJson[]): BoxItemJson[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

function numbered(names: readonly string[], index: number): string {
  const name = names[index % names.length] ?? 'Untitled';
  const round = Math.floor(index / names.length);
  if (round === 0) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${round + 1})${name.slice(dot)}` : `${name} (${round + 1})`;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
