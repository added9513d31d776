/**
 * TikTok's field on `ConnectedAccount`: `tiktokVideos`, the account's public videos, newest first
 * (`POST /v2/video/list/`; docs/providers.md#tiktok, "Data endpoints").
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

interface TikTokVideo {
  readonly id: string;
  readonly title: string | null;
  readonly description: string | null;
  readonly createdAt: string;
  readonly url: string;
  readonly coverImageUrl: string | null;
  readonly embedUrl: string | null;
  readonly durationSeconds: number | null;
  readonly viewCount: number | null;
  readonly likeCount: number | null;
  readonly commentCount: number | null;
  readonly shareCount: number | null;
}

/** The Video Object fields asked for: `fields` is required, and TikTok answers only these. */
const VIDEO_FIELDS = [
  'id',
  'title',
  'video_description',
  'create_time',
  'share_url',
  'cover_image_url',
  'embed_link',
  'duration',
  'view_count',
  'like_count',
  'comment_count',
  'share_count',
].join(',');

const count = z.number().nullish();

const videoSchema = z
  .object({
    id: z.string(),
    title: z.string().nullish(),
    video_description: z.string().nullish(),
    // Epoch seconds.
    create_time: z.number(),
    share_url: z.string(),
    cover_image_url: z.string().nullish(),
    embed_link: z.string().nullish(),
    duration: count,
    view_count: count,
    like_count: count,
    comment_count: count,
    share_count: count,
  })
  .transform(
    (video): TikTokVideo => ({
      id: video.id,
      title: video.title || null,
      description: video.video_description || null,
      createdAt: new Date(video.create_time * 1000).toISOString(),
      url: video.share_url,
      coverImageUrl: video.cover_image_url || null,
      embedUrl: video.embed_link || null,
      durationSeconds: video.duration ?? null,
      viewCount: video.view_count ?? null,
      likeCount: video.like_count ?? null,
      commentCount: video.comment_count ?? null,
      shareCount: video.share_count ?? null,
    }),
  );

export function tiktokSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const TikTokVideoRef = builder.objectRef<Owned<TikTokVideo>>('TikTokVideo').implement({
    description: "One of the account's public TikTok videos (`POST /v2/video/list/`).",
    fields: (t) => ({
      id: t.exposeID('id', { description: "TikTok's id of the video (its `item_id`)." }),
      title: t.exposeString('title', { nullable: true, description: 'Its title; `null` when it has none.' }),
      description: t.exposeString('description', {
        nullable: true,
        description: "The creator's description (hashtags included); `null` when empty.",
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was posted.',
        resolve: (video) => video.createdAt,
      }),
      url: t.exposeString('url', { description: 'Its share link on tiktok.com.' }),
      coverImageUrl: t.exposeString('coverImageUrl', {
        nullable: true,
        description: 'Its static cover image. The link is signed and expires 6 hours after it was listed.',
      }),
      embedUrl: t.exposeString('embedUrl', {
        nullable: true,
        description: 'A link to embed the video player.',
      }),
      durationSeconds: t.exposeInt('durationSeconds', {
        nullable: true,
        description: 'Its length in seconds.',
      }),
      viewCount: t.field({
        type: 'Float',
        nullable: true,
        // TikTok's `view_count` is a 64-bit integer: more than GraphQL's Int holds.
        description: 'How many times it was viewed (a whole number).',
        resolve: (video) => video.viewCount,
      }),
      likeCount: t.exposeInt('likeCount', { nullable: true, description: 'How many likes it has.' }),
      commentCount: t.exposeInt('commentCount', { nullable: true, description: 'How many comments it has.' }),
      shareCount: t.exposeInt('shareCount', { nullable: true, description: 'How many times it was shared.' }),
    }),
  });

  const TikTokVideoConnection = builder.connectionObject(
    { type: TikTokVideoRef, name: 'TikTokVideoConnection', description: 'A page of TikTok videos.' },
    { name: 'TikTokVideoEdge', description: 'A TikTok video and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'tiktokVideos', (t) =>
    t.field({
      ...listField(),
      type: TikTokVideoConnection,
      description:
        "The account's public TikTok videos, newest first. `null` on accounts of other providers. Needs `video.list`.",
      args: connectionArgs('videos'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'tiktokVideos',
          request: {
            method: 'POST',
            path: '/v2/video/list/',
            query: { fields: VIDEO_FIELDS },
            // `max_count` (20) and, after the first page, `cursor` are added to it.
            body: {},
            itemsAt: 'data.videos',
            item: videoSchema,
          },
        }),
    }),
  );
}
