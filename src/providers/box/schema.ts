/**
 * Box's fields on `ConnectedAccount`: `boxFiles`, the files and folders of the account's root folder
 * ("All Files", `GET /folders/0/items`; docs/providers.md#box).
 */
import { z } from 'zod';
import type { KitListRequest, ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { FileFields, Owned } from '../../schema/shared-interfaces.js';
import type { PageStyle } from '../page-styles.js';

interface BoxFile extends FileFields {
  readonly description: string | null;
  readonly extension: string | null;
  readonly createdAt: string | null;
  readonly sha1: string | null;
}

/**
 * What `fields=` asks for: without it an item comes in its mini representation (no size, no times).
 * `content_modified_at` is when the content changed, which may be before the upload; `modified_at`, when
 * the item last changed on Box.
 */
const ITEM_FIELDS = [
  'type',
  'id',
  'name',
  'size',
  'created_at',
  'modified_at',
  'content_modified_at',
  'description',
  'extension',
  'sha1',
].join(',');

/**
 * Folder items page by marker: `usemarker=true`, then `marker=<next_marker>` until it is null, at most
 * 1000 a page. Not by offset, Box's default: an offset page may come back short while more follow
 * ("the total number of entries in the collection may be less than total_count"), so the next offset
 * cannot be told from the items received; and offsets stop at 300,000 (docs/providers.md#box,
 * "Pagination").
 */
const MARKER_PAGES: PageStyle = {
  kind: 'cursor',
  param: 'marker',
  nextAt: 'next_marker',
  sizeParam: 'limit',
  maxPageSize: 1000,
};

/** Box's times carry an offset (`2012-12-12T10:53:43-08:00`); `null` for some system folders. */
const time = z.iso.datetime({ offset: true }).nullish();

const itemSchema = z
  .union([
    z.object({
      type: z.enum(['file', 'folder']),
      id: z.string(),
      name: z.string(),
      size: z.number().nullish(),
      created_at: time,
      modified_at: time,
      content_modified_at: time,
      description: z.string().nullish(),
      extension: z.string().nullish(),
      sha1: z.string().nullish(),
    }),
    // A web link (a bookmark) is listed among the items but is not a file: left out, as is any kind Box
    // may add.
    z.object({ type: z.string().refine((type) => type !== 'file' && type !== 'folder') }),
  ])
  .transform((item): BoxFile | null => {
    if (!('id' in item)) return null;
    const isFolder = item.type === 'folder';
    const modified = item.content_modified_at ?? item.modified_at;
    return {
      id: item.id,
      name: item.name,
      // Box does not say a media type.
      mimeType: null,
      sizeBytes: item.size ?? null,
      isFolder,
      modifiedAt: modified ? new Date(modified).toISOString() : null,
      // The web app's address of an item (docs/providers.md#box, "Data endpoints").
      url: `https://app.box.com/${isFolder ? 'folder' : 'file'}/${item.id}`,
      // Box answers `""` for an item without a description, and for a name without an extension.
      description: item.description || null,
      extension: isFolder ? null : item.extension || null,
      createdAt: item.created_at ? new Date(item.created_at).toISOString() : null,
      sha1: isFolder ? null : (item.sha1 ?? null),
    };
  });

export function boxSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  interfaces,
  isOwnNode,
  listField,
  resolveList,
  shareFiles,
}: ProviderSchemaKit): void {
  const BoxFileRef = builder.objectRef<Owned<BoxFile>>('BoxFile').implement({
    description:
      'A file or folder in the root folder ("All Files") of a Box account (`GET /folders/0/items`).',
    interfaces: [interfaces.File],
    isTypeOf: isOwnNode,
    fields: (t) => ({
      id: t.exposeID('id', { description: "Box's id of the file or folder (digits)." }),
      mimeType: t.exposeString('mimeType', {
        nullable: true,
        description: 'Always `null`: Box does not say a media type (see `extension`).',
      }),
      sizeBytes: t.exposeFloat('sizeBytes', {
        nullable: true,
        description: "Its size in bytes; a folder's is the size of everything in it.",
      }),
      modifiedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description:
          'When its content last changed (`content_modified_at`, which may be before it was uploaded), else when it last changed on Box.',
        resolve: (file) => file.modifiedAt,
      }),
      url: t.exposeString('url', {
        nullable: true,
        description: 'Its page in the Box web app (`https://app.box.com/file/…` or `/folder/…`).',
      }),
      description: t.exposeString('description', {
        nullable: true,
        description: 'Its description; `null` when it has none.',
      }),
      extension: t.exposeString('extension', {
        nullable: true,
        description:
          'The extension of a file name, without the dot (`pdf`); `null` for a folder or a name without one.',
      }),
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it was created on Box.',
        resolve: (file) => file.createdAt,
      }),
      sha1: t.exposeString('sha1', {
        nullable: true,
        description: "The SHA-1 of a file's content, to compare with a local copy; `null` for a folder.",
      }),
    }),
  });

  const BoxFileConnection = builder.connectionObject(
    { type: BoxFileRef, name: 'BoxFileConnection', description: 'A page of Box files and folders.' },
    { name: 'BoxFileEdge', description: 'A Box file or folder and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'boxFiles', (t) =>
    t.field({
      ...listField({ pagination: MARKER_PAGES }),
      type: BoxFileConnection,
      description:
        'The files and folders of the account\'s root folder ("All Files"), in Box\'s order; web links are left out. `null` on accounts of other providers. Needs the Box app scope `root_readonly` (or `root_readwrite`).',
      args: connectionArgs('files and folders'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, { field: 'boxFiles', request: ROOT_ITEMS }),
    }),
  );
  // `User.files`: Box sorts a folder's items by type first, folders before files, whatever `sort`
  // says, and cannot sort the root's marker pages at all
  // (https://developer.box.com/reference/get-folders-id-items/, `sort`), so the root is read whole and
  // sorted by the gateway.
  shareFiles({ field: 'boxFiles', unordered: ROOT_ITEMS });
}

const ROOT_ITEMS = {
  path: '/folders/0/items',
  query: { usemarker: 'true', fields: ITEM_FIELDS },
  itemsAt: 'entries',
  item: itemSchema,
  pagination: MARKER_PAGES,
} satisfies KitListRequest<BoxFile>;
