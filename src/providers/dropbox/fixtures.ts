/**
 * Deterministic entries of a Dropbox root folder in the shape of `POST /files/list_folder`
 * (FileMetadata and FolderMetadata, docs/providers.md#dropbox, "Data endpoints"). The same seed always
 * yields the same entries.
 */
import { createHash } from 'node:crypto';

export interface DropboxFolderJson {
  '.tag': 'folder';
  name: string;
  /** `id:` and 22 characters. */
  id: string;
  path_lower: string;
  path_display: string;
  sharing_info?: {
    read_only: boolean;
    shared_folder_id?: string;
    traverse_only: boolean;
    no_access: boolean;
  };
}

export interface DropboxFileJson {
  '.tag': 'file';
  name: string;
  id: string;
  client_modified: string;
  server_modified: string;
  rev: string;
  size: number;
  path_lower: string;
  path_display: string;
  is_downloadable: boolean;
  content_hash: string;
  /** In Dropbox's spec since 2022; whether `list_folder` sets it is unverified, so none is generated. */
  preview_url?: string;
}

export type DropboxEntryJson = DropboxFolderJson | DropboxFileJson;

export interface GenerateEntriesOptions {
  folders: number;
  files: number;
  seed: string;
}

const FOLDERS = [
  'Apps',
  'Camera Uploads',
  'Documents',
  'Family',
  'Invoices',
  'Music',
  'Photos',
  'Projects',
  'Receipts',
  'Screenshots',
  'Travel',
  'Work',
];
const FILES = [
  'Get Started with Dropbox.pdf',
  'Budget 2026.xlsx',
  'Notes on the Analytical Engine.docx',
  'Reading list.md',
  'Passport scan.pdf',
  'Lease agreement (signed).pdf',
  'IMG_4821.HEIC',
  'IMG_4822.HEIC',
  'Holiday video.mov',
  'Presentation - Q3 review.pptx',
  'Recipe - lemon tart.txt',
  'Tax return 2025.pdf',
  'Wedding playlist.m4a',
  'backup.zip',
  'Cover letter.docx',
  'Floor plan.png',
];
const DAY_MS = 86_400_000;
/** Files were last changed within the two years before this day. */
const MODIFIED_UNTIL = Date.UTC(2026, 5, 30);

/**
 * Folders first, then files, as Dropbox's own apps show them (the API documents no order). Every fifth
 * folder is a shared folder mount; a file in seven has a client time earlier than its upload.
 */
export function generateEntries(options: GenerateEntriesOptions): DropboxEntryJson[] {
  const folders = Array.from({ length: options.folders }, (_, index) =>
    folderJson(numbered(FOLDERS, index), `${options.seed}:folder:${index}`, index % 5 === 4),
  );
  const files = Array.from({ length: options.files }, (_, index) => {
    const seed = `${options.seed}:file:${index}`;
    const serverModified = MODIFIED_UNTIL - (hashOf(`${seed}:at`) % (730 * DAY_MS));
    const clientModified = index % 7 === 3 ? serverModified - 3 * DAY_MS : serverModified;
    return fileJson({
      name: numbered(FILES, index),
      seed,
      size: sizeOf(numbered(FILES, index), hashOf(`${seed}:size`)),
      clientModified,
      serverModified,
    });
  });
  return [...folders, ...files];
}

export function folderJson(name: string, seed: string, shared = false): DropboxFolderJson {
  const path = `/${name}`;
  return {
    '.tag': 'folder',
    name,
    id: dropboxId(seed),
    path_lower: path.toLowerCase(),
    path_display: path,
    ...(shared
      ? {
          sharing_info: {
            read_only: false,
            shared_folder_id: String(8_000_000_000 + (hashOf(seed) % 1_000_000_000)),
            traverse_only: false,
            no_access: false,
          },
        }
      : {}),
  };
}

export function fileJson(facts: {
  name: string;
  seed: string;
  size: number;
  clientModified: number;
  serverModified: number;
}): DropboxFileJson {
  const path = `/${facts.name}`;
  return {
    '.tag': 'file',
    name: facts.name,
    id: dropboxId(facts.seed),
    client_modified: dropboxTime(facts.clientModified),
    server_modified: dropboxTime(facts.serverModified),
    // A revision is at least 9 hex digits.
    rev: createHash('sha256').update(`${facts.seed}:rev`).digest('hex').slice(0, 15),
    size: facts.size,
    path_lower: path.toLowerCase(),
    path_display: path,
    is_downloadable: true,
    content_hash: createHash('sha256').update(`${facts.seed}:content`).digest('hex'),
  };
}

/** `id:` and 22 url-safe base64 characters, as `id:a4ayc_80_OEAAAAAAAAAXw`. */
function dropboxId(seed: string): string {
  return `id:${createHash('sha256').update(seed).digest('base64url').slice(0, 22)}`;
}

/** Dropbox timestamps: UTC, seconds, `Z` (`2015-05-12T15:50:38Z`). */
function dropboxTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Sizes that look like their kind: kilobytes of text, megabytes of photos, hundreds of video. */
function sizeOf(name: string, hash: number): number {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const scale: Record<string, number> = { txt: 4_000, md: 6_000, mov: 400_000_000, zip: 90_000_000 };
  const base = scale[extension] ?? (['heic', 'png', 'm4a'].includes(extension) ? 3_000_000 : 250_000);
  return Math.floor(base * (0.5 + (hash % 1000) / 1000));
}

/** The n-th name of the list, numbered once the list runs out (`Photos 2`, `IMG_4821 2.HEIC`). */
function numbered(names: readonly string[], index: number): string {
  const name = names[index % names.length] ?? 'Untitled';
  const round = Math.floor(index / names.length);
  if (round === 0) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} ${round + 1}${name.slice(dot)}` : `${name} ${round + 1}`;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
