/**
 * X's field on `ConnectedAccount`: `xPosts`, the account's own posts, newest first
 * (`GET /2/users/:id/tweets`; docs/providers.md#x, "Data endpoints").
 */
import { z } from 'zod';
import { pageBoundOf } from '../../schema/provider-connection.js';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';
import type { ProviderCalls } from '../account-api.js';
import { fetchListPage, firstPageOf, type ListRequest } from '../page-styles.js';

type XPostKind = 'post' | 'reply' | 'quote' | 'repost';

interface XPost {
  readonly id: string;
  readonly text: string | null;
  readonly createdAt: string;
  readonly url: string;
  readonly kind: XPostKind;
  readonly lang: string | null;
  readonly conversationId: string | null;
  readonly likeCount: number;
  readonly repostCount: number;
  readonly replyCount: number;
  readonly quoteCount: number;
  readonly impressionCount: number | null;
}

/** What the timeline is asked for besides `id` and `text` (always sent). */
const TWEET_FIELDS = [
  'created_at',
  'public_metrics',
  'conversation_id',
  'lang',
  'in_reply_to_user_id',
  'referenced_tweets',
  'note_tweet',
].join(',');

/** A post of the timeline, as the node it becomes; `url` needs the account's handle. */
function postSchema(handle: string | null) {
  return z
    .object({
      id: z.string(),
      text: z.string(),
      // A time with an offset only: one without a zone would be read as the gateway's local time.
      created_at: z.iso.datetime({ offset: true }),
      conversation_id: z.string().optional(),
      lang: z.string().optional(),
      in_reply_to_user_id: z.string().optional(),
      referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).optional(),
      // Posts over 280 characters: `text` is cut, the whole of it is here.
      note_tweet: z.object({ text: z.string() }).optional(),
      public_metrics: z.object({
        retweet_count: z.number(),
        reply_count: z.number(),
        like_count: z.number(),
        quote_count: z.number(),
        impression_count: z.number().optional(),
      }),
    })
    .transform((post): XPost => {
      const types = (post.referenced_tweets ?? []).map((reference) => reference.type);
      const text = post.note_tweet?.text || post.text;
      return {
        id: post.id,
        text: text === '' ? null : text,
        createdAt: new Date(post.created_at).toISOString(),
        // x.com redirects `/<any handle>/status/<id>` to the post; `/i/web/status/<id>` needs none.
        url: handle ? `https://x.com/${handle}/status/${post.id}` : `https://x.com/i/web/status/${post.id}`,
        kind: types.includes('retweeted')
          ? 'repost'
          : types.includes('quoted')
            ? 'quote'
            : post.in_reply_to_user_id !== undefined || types.includes('replied_to')
              ? 'reply'
              : 'post',
        // `und`: X could not tell the language.
        lang: post.lang && post.lang !== 'und' ? post.lang : null,
        conversationId: post.conversation_id ?? null,
        likeCount: post.public_metrics.like_count,
        repostCount: post.public_metrics.retweet_count,
        replyCount: post.public_metrics.reply_count,
        quoteCount: post.public_metrics.quote_count,
        impressionCount: post.public_metrics.impression_count ?? null,
      };
    });
}

const meSchema = z.object({ data: z.object({ id: z.string() }) });

/**
 * X leaves `data` out of a page without posts (`{"meta": {"result_count": 0}}`), which a page of a
 * timeline can be when every post of its window was deleted or withheld: read it as an empty page.
 */
function withEmptyPages(calls: ProviderCalls): ProviderCalls {
  return {
    ...calls,
    async get(path, query) {
      const response = await calls.get(path, query);
      const body = response.body as { data?: unknown; meta?: { result_count?: unknown } } | null;
      const empty = body !== null && typeof body === 'object' && body.data === undefined;
      return empty && body.meta?.result_count === 0 ? { ...response, body: { ...body, data: [] } } : response;
    },
  };
}

export function xSchema({
  builder,
  ConnectedAccount,
  provider,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const XPostKindEnum = builder.enumType('XPostKind', {
    description: 'What kind of post an X post is.',
    values: {
      POST: { value: 'post', description: 'An original post.' },
      REPLY: { value: 'reply', description: 'A reply to a post.' },
      QUOTE: { value: 'quote', description: 'A post quoting another one.' },
      REPOST: { value: 'repost', description: "A repost (retweet) of someone else's post." },
    } as const,
  });

  const XPostExclusion = builder.enumType('XPostExclusion', {
    description: 'Posts `xPosts` can leave out.',
    values: {
      REPLIES: {
        value: 'replies',
        description: 'Replies. X then serves only the 800 most recent posts of the timeline.',
      },
      REPOSTS: { value: 'retweets', description: 'Reposts (retweets).' },
    } as const,
  });

  const XPostRef = builder.objectRef<Owned<XPost>>('XPost').implement({
    description: "A post of the account's own timeline on X (`GET /2/users/:id/tweets`).",
    fields: (t) => ({
      id: t.exposeID('id', { description: "X's id of the post (a snowflake, as a string)." }),
      text: t.exposeString('text', {
        nullable: true,
        description:
          "The full text, links shortened to `t.co`; a long post's whole text. A repost's is `RT @handle: ` and the start of the original.",
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was posted.',
        resolve: (post) => post.createdAt,
      }),
      url: t.exposeString('url', { description: 'The post on x.com.' }),
      kind: t.field({
        type: XPostKindEnum,
        description: 'Original post, reply, quote or repost.',
        resolve: (post) => post.kind,
      }),
      lang: t.exposeString('lang', {
        nullable: true,
        description: 'The language X detected (BCP 47, e.g. `en`); `null` when it could not tell.',
      }),
      conversationId: t.exposeString('conversationId', {
        nullable: true,
        description: 'The id of the post that started the conversation (its own id for an original post).',
      }),
      likeCount: t.exposeInt('likeCount', { description: 'How many people liked it.' }),
      repostCount: t.exposeInt('repostCount', { description: 'How many times it was reposted.' }),
      replyCount: t.exposeInt('replyCount', { description: 'How many replies it has.' }),
      quoteCount: t.exposeInt('quoteCount', { description: 'How many posts quote it.' }),
      impressionCount: t.field({
        type: 'Float',
        nullable: true,
        description: 'How many times it was seen; `null` when X does not say.',
        resolve: (post) => post.impressionCount,
      }),
    }),
  });

  const XPostConnection = builder.connectionObject(
    { type: XPostRef, name: 'XPostConnection', description: 'A page of X posts.' },
    { name: 'XPostEdge', description: 'An X post and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'xPosts', (t) =>
    t.field({
      // A first call to `/users/me` only when Clerk's record lacks the account's X user id.
      ...listField({ extraCalls: 1 }),
      type: XPostConnection,
      description:
        "The account's own posts on X, newest first (X serves the 3,200 most recent). `null` on accounts of other providers. Needs `tweet.read` and `users.read`.",
      args: {
        ...connectionArgs('posts'),
        exclude: t.arg({
          type: [XPostExclusion],
          description: 'Kinds of posts to leave out; default none.',
        }),
      },
      resolve: (account, args, context) => {
        if (account.providerId !== provider.id) return null;
        const exclude = [...new Set(args.exclude ?? [])].sort();
        const pagination = provider.pagination;
        if (!pagination) throw new Error('x: xPosts needs the provider pagination');
        const request = (userId: string): ListRequest<XPost> => ({
          path: `/users/${encodeURIComponent(userId)}/tweets`,
          query: {
            'tweet.fields': TWEET_FIELDS,
            ...(exclude.length > 0 ? { exclude: exclude.join(',') } : {}),
          },
          itemsAt: 'data',
          item: postSchema(account.username),
          pagination,
        });
        return resolveList(context, account, args, {
          field: 'xPosts',
          filters: JSON.stringify({ exclude }),
          source: {
            firstPage: firstPageOf(pagination),
            fetchPage: async (calls, ref) => {
              const userId = account.providerUserId ?? (await calls.getJson('/users/me', meSchema)).data.id;
              return fetchListPage(withEmptyPages(calls), request(userId), ref);
            },
            maxPages: pageBoundOf(pagination.maxPageSize),
          },
        });
      },
    }),
  );
}
