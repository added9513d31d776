/**
 * Hugging Face's fields on `ConnectedAccount`: `huggingfaceModels`, the models the account's user authored
 * on the Hub (`GET /api/models?author=<username>`, docs/providers.md#hugging-face).
 */
import { z } from 'zod';
import { pageBoundOf } from '../../schema/provider-connection.js';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';
import { fetchListPage, firstPageOf, type ListRequest } from '../page-styles.js';

const HUB_URL = 'https://huggingface.co';

type Gating = 'none' | 'auto' | 'manual';

interface HuggingFaceModel {
  readonly id: string;
  readonly name: string;
  readonly downloads: number;
  readonly likes: number;
  readonly url: string;
  readonly updatedAt: string;
  readonly createdAt: string | null;
  readonly isPrivate: boolean;
  readonly gated: Gating;
  readonly pipelineTag: string | null;
  readonly libraryName: string | null;
}

/**
 * The properties the listing is asked to `expand`: with it the Hub answers only those (and `_id`, `id`),
 * which keeps a 1000-model page small; without it, `lastModified` is not answered at all. The Hub takes
 * `expand` repeated, one property each (docs/providers.md#hugging-face, "Data endpoints").
 */
const EXPANDED_PROPERTIES = [
  'createdAt',
  'downloads',
  'gated',
  'lastModified',
  'library_name',
  'likes',
  'pipeline_tag',
  'private',
] as const;

const modelSchema = z
  .object({
    _id: z.string(),
    id: z.string(),
    downloads: z.number(),
    likes: z.number(),
    // Times with an offset only: one without a zone would be read as the gateway's local time.
    lastModified: z.iso.datetime({ offset: true }),
    createdAt: z.iso.datetime({ offset: true }).nullish(),
    private: z.boolean(),
    // `false`, or how access requests are approved.
    gated: z.union([z.literal(false), z.enum(['auto', 'manual'])]).nullish(),
    pipeline_tag: z.string().nullish(),
    library_name: z.string().nullish(),
  })
  .transform(
    (model): HuggingFaceModel => ({
      // `_id` is the Hub's own id; `id` is the repository name, which a rename changes.
      id: model._id,
      name: model.id,
      downloads: model.downloads,
      likes: model.likes,
      url: `${HUB_URL}/${model.id}`,
      updatedAt: new Date(model.lastModified).toISOString(),
      createdAt: model.createdAt ? new Date(model.createdAt).toISOString() : null,
      isPrivate: model.private,
      gated: model.gated || 'none',
      pipelineTag: model.pipeline_tag || null,
      libraryName: model.library_name || null,
    }),
  );

/** `GET /api/whoami-v2`: `name` is the username, when Clerk's record lacks it. */
const whoamiSchema = z.object({ name: z.string().min(1) });

export function huggingfaceSchema({
  builder,
  ConnectedAccount,
  provider,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const HuggingFaceModelGating = builder.enumType('HuggingFaceModelGating', {
    description: 'Whether people must ask for access to a model before downloading it.',
    values: {
      NONE: { value: 'none', description: 'Not gated: anyone who can see it can download it.' },
      AUTO: { value: 'auto', description: 'Gated; requests are approved automatically.' },
      MANUAL: { value: 'manual', description: 'Gated; the author approves each request.' },
    } as const,
  });

  const HuggingFaceModelRef = builder.objectRef<Owned<HuggingFaceModel>>('HuggingFaceModel').implement({
    description: 'A model repository on the Hugging Face Hub (`GET /api/models`).',
    fields: (t) => ({
      id: t.exposeID('id', {
        description: "The Hub's internal id of the repository (`_id`); stays the same across renames.",
      }),
      name: t.exposeString('name', {
        description: 'The repository id, `author/name` (`ada/engine-notes-7b`).',
      }),
      downloads: t.exposeInt('downloads', {
        description: 'Downloads over the last 30 days, as the Hub counts them.',
      }),
      likes: t.exposeInt('likes', { description: 'How many people liked it.' }),
      url: t.exposeString('url', { description: 'Its page on huggingface.co.' }),
      updatedAt: t.field({
        type: 'DateTime',
        description: 'When its repository last changed (`lastModified`).',
        resolve: (model) => model.updatedAt,
      }),
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it was created; `null` when the Hub does not say.',
        resolve: (model) => model.createdAt,
      }),
      isPrivate: t.exposeBoolean('isPrivate', {
        description: 'Whether only its author (and their organizations) can see it.',
      }),
      gated: t.field({
        type: HuggingFaceModelGating,
        description: 'Whether downloading it needs an approved access request.',
        resolve: (model) => model.gated,
      }),
      pipelineTag: t.exposeString('pipelineTag', {
        nullable: true,
        description: 'Its task (`text-generation`, `text-to-image`…); `null` when none is set.',
      }),
      libraryName: t.exposeString('libraryName', {
        nullable: true,
        description: 'The library it is for (`transformers`, `diffusers`, `gguf`…); `null` when none is set.',
      }),
    }),
  });

  const HuggingFaceModelConnection = builder.connectionObject(
    {
      type: HuggingFaceModelRef,
      name: 'HuggingFaceModelConnection',
      description: 'A page of Hugging Face models.',
    },
    { name: 'HuggingFaceModelEdge', description: 'A Hugging Face model and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'huggingfaceModels', (t) =>
    t.field({
      // A first `GET /api/whoami-v2` only when Clerk's record lacks the account's username.
      ...listField({ extraCalls: 1 }),
      type: HuggingFaceModelConnection,
      description:
        "The models the account's user authored on the Hugging Face Hub, most recently updated first. `null` on accounts of other providers. Public models need no scope; private ones are listed only when the token has `read-repos` (or `write-repos`, `manage-repos`): without it the Hub leaves them out.",
      args: connectionArgs('models'),
      resolve: (account, args, context) => {
        if (account.providerId !== provider.id) return null;
        const pagination = provider.pagination;
        if (!pagination) throw new Error('huggingface: huggingfaceModels needs the provider pagination');
        const request = (author: string): ListRequest<HuggingFaceModel> => ({
          // `expand` is repeated, which the query record cannot say: it goes in the path.
          path: `/api/models?${EXPANDED_PROPERTIES.map((name) => `expand=${name}`).join('&')}`,
          // The Hub always sorts descending (`huggingface_hub` dropped `direction`: "Sorting is always
          // descending").
          query: { author, sort: 'lastModified' },
          item: modelSchema,
          pagination,
        });
        // Looked up once per field, after the kit's checks.
        let author = account.username;
        return resolveList(context, account, args, {
          field: 'huggingfaceModels',
          source: {
            firstPage: firstPageOf(pagination),
            fetchPage: async (calls, ref) => {
              author ??= (await calls.getJson('/api/whoami-v2', whoamiSchema)).name;
              return fetchListPage(calls, request(author), ref);
            },
            maxPages: pageBoundOf(pagination.maxPageSize),
          },
        });
      },
    }),
  );
}
