/**
 * Deterministic Google Drive files in the shape of the Files resource
 * (https://developers.google.com/drive/api/reference/rest/v3/files; docs/providers.md#google, "Drive
 * files"), every field the emulator answers, from which `GET /drive/v3/files` returns those `fields`
 * asks for. `size` is a string (int64 in JSON): "Size in bytes of blobs and Google Workspace editor
 * files. Won't be populated for files that have no size, like shortcuts and folders." Folders are
 * `application/vnd.google-apps.folder`. The same seed always yields the same files.
 */
import { createHash } from 'node:crypto';

export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';
const DOC = 'application/vnd.google-apps.document';
const SHEET = 'application/vnd.google-apps.spreadsheet';
const SLIDES = 'application/vnd.google-apps.presentation';
export const SHORTCUT_MIME_TYPE = 'application/vnd.google-apps.shortcut';

export interface DriveUserJson {
  kind: 'drive#user';
  displayName: string;
  photoLink: string;
  me: boolean;
  permissionId: string;
  emailAddress: string;
}

export interface DriveFileJson {
  kind: 'drive#file';
  id: string;
  name: string;
  mimeType: string;
  description?: string;
  starred: boolean;
  trashed: boolean;
  explicitlyTrashed: boolean;
  /** The folder it is in; absent for a file shared with the user that they have not added to their Drive. */
  parents?: string[];
  spaces: ['drive'];
  version: string;
  webViewLink: string;
  /** Binary files only: the download link. */
  webContentLink?: string;
  iconLink: string;
  hasThumbnail: boolean;
  thumbnailVersion: string;
  viewedByMe: boolean;
  viewedByMeTime?: string;
  createdTime: string;
  modifiedTime: string;
  modifiedByMe: boolean;
  modifiedByMeTime?: string;
  sharedWithMeTime?: string;
  sharingUser?: DriveUserJson;
  owners: DriveUserJson[];
  lastModifyingUser: DriveUserJson;
  shared: boolean;
  ownedByMe: boolean;
  isAppAuthorized: boolean;
  folderColorRgb?: string;
  originalFilename?: string;
  fullFileExtension?: string;
  fileExtension?: string;
  md5Checksum?: string;
  sha1Checksum?: string;
  sha256Checksum?: string;
  /** Bytes, as a string; absent for folders and shortcuts. */
  size?: string;
  /** A shortcut's target. */
  shortcutDetails?: { targetId: string; targetMimeType: string };
  quotaBytesUsed: string;
  headRevisionId?: string;
}

/** Whose Drive it is. */
export interface DriveOwner {
  email: string;
  displayName: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function digestOf(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** A stream of deterministic numbers in [0, 1) from a seed. */
function randomOf(seed: string): () => number {
  let counter = 0;
  return () => digestOf(`${seed}:${counter++}`).readUInt32BE(0) / 0x1_0000_0000;
}

/** Drive file ids: 33 characters (44 for Google Docs), starting with `1`. */
export function fileIdOf(seed: string, length = 33): string {
  const digest = Buffer.concat([digestOf(`file:${seed}`), digestOf(`file2:${seed}`)]);
  let id = '1';
  for (let index = 0; id.length < length; index++) id += BASE64URL[(digest[index] ?? 0) % 64];
  return id;
}

/** The id of "My Drive": `0A…Uk9PVA`. */
export function rootFolderIdOf(owner: DriveOwner): string {
  return `0A${fileIdOf(`root:${owner.email}`, 12).slice(1)}Uk9PVA`;
}

function permissionIdOf(email: string): string {
  return String(digestOf(`permission:${email}`).readBigUInt64BE(0) % 10n ** 20n).padStart(20, '0');
}

export function driveUserOf(person: DriveOwner, me: boolean): DriveUserJson {
  return {
    kind: 'drive#user',
    displayName: person.displayName,
    photoLink: `https://lh3.googleusercontent.com/a/${fileIdOf(`photo:${person.email}`, 28).slice(1)}=s64`,
    me,
    permissionId: permissionIdOf(person.email),
    emailAddress: person.email,
  };
}

function isoMillis(epochMs: number): string {
  return new Date(Math.floor(epochMs)).toISOString();
}

function webViewLinkOf(id: string, mimeType: string): string {
  switch (mimeType) {
    case FOLDER_MIME_TYPE:
      return `https://drive.google.com/drive/folders/${id}`;
    case DOC:
      return `https://docs.google.com/document/d/${id}/edit?usp=drivesdk`;
    case SHEET:
      return `https://docs.google.com/spreadsheets/d/${id}/edit?usp=drivesdk`;
    case SLIDES:
      return `https://docs.google.com/presentation/d/${id}/edit?usp=drivesdk`;
    default:
      return `https://drive.google.com/file/d/${id}/view?usp=drivesdk`;
  }
}

export interface FileInput {
  /** Seeds the id and what derives from it. */
  key: string;
  owner: DriveOwner;
  name: string;
  mimeType: string;
  /** Bytes: of a binary file's content, or of a Google Docs, Sheets, Slides file. */
  size?: number;
  /** For a shortcut: the file it points to. */
  shortcutTo?: { id: string; mimeType: string };
  parentId?: string;
  modifiedTime: number;
  createdTime?: number;
  /** Someone else's file, shared with the owner: they own it and modified it last. */
  sharedBy?: DriveOwner;
  /** Shared with others (or, for `sharedBy`, with the owner). */
  shared?: boolean;
  starred?: boolean;
  trashed?: boolean;
  description?: string;
  folderColorRgb?: string;
  lastModifiedBy?: DriveOwner;
}

function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : undefined;
}

/** One file, with every field the emulator knows. */
export function fileJson(input: FileInput): DriveFileJson {
  const native = input.mimeType.startsWith('application/vnd.google-apps.');
  const folder = input.mimeType === FOLDER_MIME_TYPE;
  const id = fileIdOf(input.key, native && !folder ? 44 : 33);
  const me = driveUserOf(input.owner, true);
  const owner = input.sharedBy ? driveUserOf(input.sharedBy, false) : me;
  const modifier = input.lastModifiedBy
    ? driveUserOf(input.lastModifiedBy, input.lastModifiedBy.email === input.owner.email)
    : owner;
  const created = input.createdTime ?? input.modifiedTime - 3 * DAY_MS;
  const binary = !native && input.size !== undefined;
  const sized = input.size !== undefined && !folder && input.mimeType !== SHORTCUT_MIME_TYPE;
  const extension = binary ? extensionOf(input.name) : undefined;
  const contentSeed = `${input.key}:content`;
  const file: DriveFileJson = {
    kind: 'drive#file',
    id,
    name: input.name,
    mimeType: input.mimeType,
    ...(input.description ? { description: input.description } : {}),
    starred: input.starred ?? false,
    trashed: input.trashed ?? false,
    explicitlyTrashed: input.trashed ?? false,
    ...(input.parentId ? { parents: [input.parentId] } : {}),
    spaces: ['drive'],
    version: String(2 + (digestOf(`v:${input.key}`).readUInt16BE(0) % 400)),
    webViewLink: webViewLinkOf(id, input.mimeType),
    ...(binary ? { webContentLink: `https://drive.google.com/uc?id=${id}&export=download` } : {}),
    iconLink: `https://drive-thirdparty.googleusercontent.com/16/type/${input.mimeType}`,
    hasThumbnail: !folder,
    thumbnailVersion: folder ? '0' : '1',
    viewedByMe: true,
    viewedByMeTime: isoMillis(input.modifiedTime + 60_000),
    createdTime: isoMillis(created),
    modifiedTime: isoMillis(input.modifiedTime),
    modifiedByMe: !input.sharedBy || input.lastModifiedBy?.email === input.owner.email,
    ...(!input.sharedBy ? { modifiedByMeTime: isoMillis(input.modifiedTime) } : {}),
    ...(input.sharedBy
      ? { sharedWithMeTime: isoMillis(created + DAY_MS), sharingUser: driveUserOf(input.sharedBy, false) }
      : {}),
    owners: [owner],
    lastModifyingUser: modifier,
    shared: input.shared ?? Boolean(input.sharedBy),
    ownedByMe: !input.sharedBy,
    isAppAuthorized: false,
    ...(input.folderColorRgb ? { folderColorRgb: input.folderColorRgb } : {}),
    ...(binary
      ? {
          originalFilename: input.name,
          ...(extension ? { fullFileExtension: extension, fileExtension: extension } : {}),
          md5Checksum: createHash('md5').update(contentSeed).digest('hex'),
          sha1Checksum: createHash('sha1').update(contentSeed).digest('hex'),
          sha256Checksum: createHash('sha256').update(contentSeed).digest('hex'),
          headRevisionId: `0B${fileIdOf(`rev:${input.key}`, 46).slice(1)}`,
        }
      : {}),
    ...(sized ? { size: String(input.size) } : {}),
    ...(input.shortcutTo
      ? { shortcutDetails: { targetId: input.shortcutTo.id, targetMimeType: input.shortcutTo.mimeType } }
      : {}),
    quotaBytesUsed: sized && !input.sharedBy ? String(input.size) : '0',
  };
  return file;
}

const PEOPLE: readonly (readonly [string, string])[] = [
  ['Charles Babbage', 'charles.babbage'],
  ['Mary Somerville', 'mary.somerville'],
  ['Augustus De Morgan', 'augustus.demorgan'],
];

interface Entry {
  name: string;
  mimeType: string;
  size?: number;
  /** The folder it is in (by name); omitted: My Drive. */
  folder?: string;
  /** Days before now it last changed. */
  daysAgo: number;
  sharedBy?: number;
  shared?: boolean;
  starred?: boolean;
  trashed?: boolean;
  description?: string;
  folderColorRgb?: string;
  editedBy?: number;
  /** A shortcut's target, by name (listed before it). */
  shortcutTo?: string;
}

const PDF = 'application/pdf';

/** Ada's Drive: folders, Google Docs, Sheets and Slides, files, something shared with her, something trashed. */
const DEFAULT_ENTRIES: readonly Entry[] = [
  {
    name: 'Analytical Engine',
    mimeType: FOLDER_MIME_TYPE,
    daysAgo: 1,
    starred: true,
    folderColorRgb: '#4986e7',
  },
  { name: 'Diagrams', mimeType: FOLDER_MIME_TYPE, folder: 'Analytical Engine', daysAgo: 9 },
  { name: 'Correspondence', mimeType: FOLDER_MIME_TYPE, daysAgo: 3 },
  { name: 'Lectures', mimeType: FOLDER_MIME_TYPE, daysAgo: 20 },
  { name: 'Photos', mimeType: FOLDER_MIME_TYPE, daysAgo: 0.2 },
  { name: 'Scans', mimeType: FOLDER_MIME_TYPE, daysAgo: 2 },
  {
    name: 'Note G: computing the Bernoulli numbers',
    mimeType: DOC,
    folder: 'Analytical Engine',
    daysAgo: 0.05,
    starred: true,
    shared: true,
    size: 48_211,
    editedBy: 0,
    description: 'The algorithm for the Engine, with the table of operations.',
  },
  {
    name: 'Sketch of the Analytical Engine: translation',
    mimeType: DOC,
    size: 102_770,
    folder: 'Analytical Engine',
    daysAgo: 4,
  },
  {
    name: 'Bernoulli numbers B0 to B30',
    mimeType: SHEET,
    size: 9_412,
    folder: 'Analytical Engine',
    daysAgo: 0.6,
  },
  {
    name: 'Difference Engine No. 1: drawings.pdf',
    mimeType: SHORTCUT_MIME_TYPE,
    folder: 'Analytical Engine',
    daysAgo: 13,
    shortcutTo: 'Difference Engine No. 1: drawings.pdf',
  },
  { name: 'Punched card layout.png', mimeType: 'image/png', size: 734_112, folder: 'Diagrams', daysAgo: 9 },
  { name: 'Mill and store.svg', mimeType: 'image/svg+xml', size: 48_230, folder: 'Diagrams', daysAgo: 11 },
  { name: 'Letters to Charles', mimeType: DOC, size: 15_309, folder: 'Correspondence', daysAgo: 3 },
  {
    name: 'Letter from Mary Somerville, 1834.pdf',
    mimeType: PDF,
    size: 1_203_554,
    folder: 'Correspondence',
    daysAgo: 45,
  },
  {
    name: 'Turin lecture, 1840',
    mimeType: SLIDES,
    size: 1_804_332,
    folder: 'Lectures',
    daysAgo: 20,
    shared: true,
  },
  { name: 'Lecture recording.m4a', mimeType: 'audio/mp4', size: 48_902_144, folder: 'Lectures', daysAgo: 21 },
  { name: 'Household accounts 2026', mimeType: SHEET, size: 21_877, daysAgo: 6, starred: true },
  { name: 'Reading list', mimeType: DOC, size: 3_104, daysAgo: 12 },
  { name: 'Untitled document', mimeType: DOC, size: 1_024, daysAgo: 30 },
  { name: 'ideas.txt', mimeType: 'text/plain', size: 2_318, daysAgo: 0.3 },
  { name: 'todo.md', mimeType: 'text/markdown', size: 611, daysAgo: 1.5 },
  { name: 'empty.txt', mimeType: 'text/plain', size: 0, daysAgo: 60 },
  { name: 'Portrait by Margaret Carpenter.jpg', mimeType: 'image/jpeg', size: 389_004, daysAgo: 120 },
  { name: 'Diagrams backup.zip', mimeType: 'application/zip', size: 12_804_338, daysAgo: 75 },
  {
    name: 'Menabrea, Sketch of the Analytical Engine (1842).pdf',
    mimeType: PDF,
    size: 2_904_551,
    daysAgo: 200,
  },
  {
    name: 'Difference Engine No. 1: drawings.pdf',
    mimeType: PDF,
    size: 18_223_007,
    daysAgo: 14,
    sharedBy: 0,
  },
  { name: 'Problems for Ada', mimeType: DOC, size: 6_630, daysAgo: 8, sharedBy: 2 },
  {
    name: 'Old draft (do not use).docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    size: 31_877,
    daysAgo: 40,
    trashed: true,
  },
];

/** The default Drive's long tail: photos and scans, so the list runs over more than one page of 1000. */
const PHOTO_COUNT = 940;
const SCAN_COUNT = 260;

/**
 * A realistic Drive around `now`: a few folders, documents, spreadsheets and slides, files of several
 * types (an empty one), two files shared with the owner, one in the trash; then years of phone photos
 * and scans in their folders, over 1200 files in all.
 */
export function defaultDrive(owner: DriveOwner, now: number): DriveFileJson[] {
  const random = randomOf(`drive:${owner.email}`);
  const domain = owner.email.split('@')[1] ?? 'example.com';
  const people = PEOPLE.map(([displayName, local]) => ({ displayName, email: `${local}@${domain}` }));
  const root = rootFolderIdOf(owner);
  const folderIds = new Map<string, string>();
  const files: DriveFileJson[] = [];
  for (const entry of DEFAULT_ENTRIES) {
    const sharedBy = entry.sharedBy === undefined ? undefined : people[entry.sharedBy];
    const editedBy = entry.editedBy === undefined ? undefined : people[entry.editedBy];
    const parentId = entry.folder ? folderIds.get(entry.folder) : root;
    const file = fileJson({
      key: `${owner.email}:${entry.shortcutTo ? 'shortcut:' : ''}${entry.name}`,
      owner,
      name: entry.name,
      mimeType: entry.mimeType,
      ...(entry.size === undefined ? {} : { size: entry.size }),
      // Files shared with the owner sit in no folder of theirs ("Shared with me").
      ...(sharedBy ? { sharedBy } : parentId ? { parentId } : {}),
      modifiedTime: now - entry.daysAgo * DAY_MS - Math.floor(random() * 3_600_000),
      createdTime: now - (entry.daysAgo + 30 + Math.floor(random() * 300)) * DAY_MS,
      ...(entry.shared ? { shared: true } : {}),
      ...(entry.starred ? { starred: true } : {}),
      ...(entry.trashed ? { trashed: true } : {}),
      ...(entry.description ? { description: entry.description } : {}),
      ...(entry.folderColorRgb ? { folderColorRgb: entry.folderColorRgb } : {}),
      ...(editedBy ? { lastModifiedBy: editedBy } : {}),
    });
    if (entry.mimeType === FOLDER_MIME_TYPE) folderIds.set(entry.name, file.id);
    files.push(file);
  }
  for (const [index, entry] of DEFAULT_ENTRIES.entries()) {
    const target = files.find(
      (file) => file.name === entry.shortcutTo && file.mimeType !== SHORTCUT_MIME_TYPE,
    );
    const shortcut = files[index];
    if (target && shortcut)
      shortcut.shortcutDetails = { targetId: target.id, targetMimeType: target.mimeType };
  }
  const photos = folderIds.get('Photos');
  for (let index = 0; index < PHOTO_COUNT; index++) {
    // About one a day, going back some three years.
    const taken = now - 0.25 * DAY_MS - index * 1.2 * DAY_MS - Math.floor(random() * 20 * 3_600_000);
    const stamp = new Date(taken).toISOString().replace(/[-:]/g, '').slice(0, 15).replace('T', '_');
    files.push(
      fileJson({
        key: `${owner.email}:photo:${index}`,
        owner,
        name: `IMG_${stamp}.jpg`,
        mimeType: 'image/jpeg',
        size: 1_400_000 + Math.floor(random() * 3_600_000),
        ...(photos ? { parentId: photos } : {}),
        modifiedTime: taken,
        createdTime: taken + 120_000,
      }),
    );
  }
  const scans = folderIds.get('Scans');
  for (let index = 0; index < SCAN_COUNT; index++) {
    const scanned = now - 2 * DAY_MS - index * 4.1 * DAY_MS - Math.floor(random() * 8 * 3_600_000);
    files.push(
      fileJson({
        key: `${owner.email}:scan:${index}`,
        owner,
        name: `Scan ${new Date(scanned).toISOString().slice(0, 10)} (${1 + (index % 4)}).pdf`,
        mimeType: PDF,
        size: 180_000 + Math.floor(random() * 2_400_000),
        ...(scans ? { parentId: scans } : {}),
        modifiedTime: scanned,
      }),
    );
  }
  return files;
}

export interface GenerateFilesOptions {
  count: number;
  now: number;
  seed?: string;
}

/**
 * `count` files in My Drive, each modified 37 minutes before the previous: every sixth a folder, every
 * ninth a Google Doc, every thirteenth empty, every seventeenth in the trash, the others PDFs, images
 * and text files.
 */
export function generateFiles(owner: DriveOwner, options: GenerateFilesOptions): DriveFileJson[] {
  const types: [string, string][] = [
    ['pdf', PDF],
    ['png', 'image/png'],
    ['txt', 'text/plain'],
    ['jpg', 'image/jpeg'],
  ];
  const seed = options.seed ?? owner.email;
  const root = rootFolderIdOf(owner);
  const files: DriveFileJson[] = [];
  for (let index = 0; index < options.count; index++) {
    const number = String(index + 1).padStart(4, '0');
    const [extension, mimeType] = types[index % types.length] ?? ['txt', 'text/plain'];
    const kind = index % 6 === 5 ? 'folder' : index % 9 === 8 ? 'doc' : 'file';
    files.push(
      fileJson({
        key: `${seed}:generated:${index}`,
        owner,
        name:
          kind === 'folder'
            ? `Folder ${number}`
            : kind === 'doc'
              ? `Document ${number}`
              : `File ${number}.${extension}`,
        mimeType: kind === 'folder' ? FOLDER_MIME_TYPE : kind === 'doc' ? DOC : mimeType,
        ...(kind === 'folder' ? {} : { size: index % 13 === 12 ? 0 : 1_000 + index * 37 }),
        parentId: root,
        modifiedTime: options.now - (index + 1) * 37 * 60_000,
        ...(index % 17 === 16 ? { trashed: true } : {}),
      }),
    );
  }
  return files;
}
