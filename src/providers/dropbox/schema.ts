/**
 * Dropbox's fields on `ConnectedAccount`: `dropboxFiles`, the files and folders at the root of the
 * account's Dropbox (`POST /files/list_folder`, then `/files/list_folder/continue`;
 * docs/providers.md#dropbox).
 */
import { z } from 'zod';
import type { KitListRequest, ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { FileFields, Owned } from '../../schema/shared-interfaces.js';

interface DropboxFile extends FileFields {
  /** The cased path (`/Homework/math`); `null` when the entry is not mounted. */
  readonly path: string | null;
  readonly clientModifiedAt: string | null;
  readonly revision: string | null;
  readonly contentHash: string | null;
  readonly isDownloadable: boolean | null;
  readonly isShared: boolean;
}

const common = {
  name: z.string(),
  id: z.string(),
  path_display: z.string().nullish(),
  preview_url: z.string().nullish(),
};

/** Dropbox's timestamps: UTC with `Z`, in seconds (`2015-05-12T15:50:38Z`). */
const timestamp = z.iso.datetime({ offset: true });

/** FileMetadata and FolderMetadata, tagged by `.tag`; the fields the graph reads. */
const entrySchema = z
  .union([
    z.object({
      '.tag': z.literal('file'),
      ...common,
      client_modified: timestamp,
      server_modified: timestamp,
      rev: z.string(),
      size: z.number(),
      is_downloadable: z.boolean().optional(),
      content_hash: z.string().nullish(),
      sharing_info: z.object({}).nullish(),
    }),
    z.object({ '.tag': z.literal('folder'), ...common, sharing_info: z.object({}).nullish() }),
    // `deleted` (listed only with `include_deleted`, which the request leaves off) or a kind Dropbox may
    // add: left out rather than mislabelled.
    z.object({ '.tag': z.string().refine((tag) => tag !== 'file' && tag !== 'folder') }),
  ])
  .transform((entry): DropboxFile | null => {
    if (!('id' in entry)) return null;
    const shared = {
      id: entry.id,
      name: entry.name,
      path: entry.path_display ?? null,
      url: entry.preview_url ?? null,
    };
    // Dropbox gives no media type, and no time or size for a folder.
    if (entry['.tag'] === 'folder') {
      return {
        ...shared,
        mimeType: null,
        sizeBytes: null,
        isFolder: true,
        modifiedAt: null,
        clientModifiedAt: null,
        revision: null,
        contentHash: null,
        isDownloadable: null,
        isShared: entry.sharing_info != null,
      };
    }
    return {
      ...shared,
      mimeType: null,
      sizeBytes: entry.size,
      isFolder: false,
      modifiedAt: new Date(entry.server_modified).toISOString(),
      clientModifiedAt: new Date(entry.client_modified).toISOString(),
      revision: entry.rev,
      contentHash: entry.content_hash ?? null,
      isDownloadable: entry.is_downloadable ?? true,
      isShared: entry.sharing_info != null,
    };
  });

export function dropboxSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  interfaces,
  isOwnNode,
  listField,
  resolveList,
  shareFiles,
}: ProviderSchemaKit): void {
  const DropboxFileRef = builder.objectRef<Owned<DropboxFile>>('DropboxFile').implement({
    description: 'A file or folder at the root of a Dropbox (`POST /files/list_folder`).',
    interfaces: [interfaces.File],
    isTypeOf: isOwnNode,
    fields: (t) => ({
      id: t.exposeID('id', {
        description: "Dropbox's id of the entry (`id:…`), stable across moves and renames.",
      }),
      mimeType: t.exposeString('mimeType', {
        nullable: true,
        description: 'Always `null`: Dropbox does not say a media type.',
      }),
      modifiedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When the file last changed on Dropbox (`server_modified`); `null` for a folder.',
        resolve: (file) => file.modifiedAt,
      }),
      url: t.exposeString('url', {
        nullable: true,
        description: 'Its preview page on dropbox.com, when Dropbox gives one (`preview_url`); else `null`.',
      }),
      path: t.exposeString('path', {
        nullable: true,
        description: 'Its path, as cased for display (`/Photos/Summer.jpg`); `null` when it is not mounted.',
      }),
      clientModifiedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description:
          'The modification time the uploading app stated (unverified by Dropbox: for display and sorting only); `null` for a folder.',
        resolve: (file) => file.clientModifiedAt,
      }),
      revision: t.exposeString('revision', {
        nullable: true,
        description: "The file's current revision (`rev`), to detect changes; `null` for a folder.",
      }),
      contentHash: t.exposeString('contentHash', {
        nullable: true,
        description:
          "Dropbox's content hash of the file (SHA-256 of its 4 MiB blocks' SHA-256s); `null` for a folder.",
      }),
      isDownloadable: t.exposeBoolean('isDownloadable', {
        nullable: true,
        description:
          'Whether the file can be downloaded as is (`false`: it must be exported, as a Google Doc); `null` for a folder.',
      }),
      isShared: t.exposeBoolean('isShared', {
        description: 'Whether it is in a shared folder or is the mount point of one.',
      }),
    }),
  });

  const DropboxFileConnection = builder.connectionObject(
    {
      type: DropboxFileRef,
      name: 'DropboxFileConnection',
      description: 'A page of Dropbox files and folders.',
    },
    { name: 'DropboxFileEdge', description: 'A Dropbox file or folder and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'dropboxFiles', (t) =>
    t.field({
      ...listField(),
      type: DropboxFileConnection,
      description:
        "The files and folders at the root of the account's Dropbox, in Dropbox's order. `null` on accounts of other providers. Needs `files.metadata.read`.",
      args: connectionArgs('files and folders'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, { field: 'dropboxFiles', request: ROOT_ENTRIES }),
    }),
  );
  // `User.files`: `list_folder` has no order (https://www.dropbox.com/developers/documentation/http/documentation#files-list_folder),
  // so the root is read whole and sorted by the gateway.
  shareFiles({ field: 'dropboxFiles', unordered: ROOT_ENTRIES });
}

/**
 * The root's entries. The root is `""`, not `/`. Deleted entries stay out; non-downloadable files
 * (Google Docs) are listed, like in Dropbox's own apps. `limit` is added at the largest (2000).
 */
const ROOT_ENTRIES = {
  method: 'POST',
  path: '/files/list_folder',
  body: { path: '', recursive: false, include_deleted: false, include_non_downloadable_files: true },
  itemsAt: 'entries',
  item: entrySchema,
} satisfies KitListRequest<DropboxFile>;
