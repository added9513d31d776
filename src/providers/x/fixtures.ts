/**
 * Deterministic X posts in the shape of `GET /2/users/:id/tweets` with `tweet.fields` (X's Tweet object,
 * docs/providers.md#x, "Data endpoints"), newest first, as the timeline answers them. The same seed and
 * anchor always give the same posts; ids are snowflakes of their creation time, as X's are, so their
 * order is the timeline's.
 */
import { createHash } from 'node:crypto';

export interface XPublicMetricsJson {
  retweet_count: number;
  reply_count: number;
  like_count: number;
  quote_count: number;
  bookmark_count: number;
  impression_count: number;
}

export interface XReferencedTweetJson {
  type: 'retweeted' | 'quoted' | 'replied_to';
  id: string;
}

/** Every field the emulator can answer; the timeline sends `id`, `text`, `edit_history_tweet_ids` plus what `tweet.fields` asks. */
export interface XPostJson {
  id: string;
  /** At most 280 characters; a longer post's full text is in `note_tweet`. */
  text: string;
  edit_history_tweet_ids: string[];
  author_id: string;
  /** `2026-05-01T12:00:00.000Z`. */
  created_at: string;
  conversation_id: string;
  /** BCP 47, or `und` when X could not tell. */
  lang: string;
  possibly_sensitive: boolean;
  public_metrics: XPublicMetricsJson;
  reply_settings: 'everyone' | 'mentionedUsers' | 'following';
  in_reply_to_user_id?: string;
  referenced_tweets?: XReferencedTweetJson[];
  note_tweet?: { text: string };
}

export interface GeneratePostsOptions {
  count: number;
  /** The account's X user id: the author. */
  userId: string;
  /** Seeds ids and metrics; default `userId`. */
  seed?: string;
  /** The newest post is a little before this (epoch ms). */
  anchorMs: number;
}

/** X's epoch: snowflake ids count milliseconds from 2010-11-04T01:42:54.657Z. */
const X_EPOCH_MS = 1_288_834_974_657n;

/** Accounts the generated replies, quotes and reposts refer to: [user id, handle]. */
const OTHERS: readonly (readonly [string, string])[] = [
  ['1473929834', 'charles_babbage'],
  ['2911784512', 'mary_somerville'],
  ['783214', 'royalsociety'],
  ['3308337207', 'dmorgan_math'],
];

type Template =
  | { kind: 'post'; text: string; lang?: string }
  | { kind: 'reply'; to: number; text: string }
  | { kind: 'quote'; text: string }
  | { kind: 'repost'; from: number; text: string }
  | { kind: 'long'; text: string };

const TEMPLATES: readonly Template[] = [
  {
    kind: 'post',
    text: 'The Analytical Engine weaves algebraical patterns just as the Jacquard loom weaves flowers and leaves.',
  },
  {
    kind: 'post',
    text: 'Spent the morning on Note G: a table for computing Bernoulli numbers, step by step. Long, but every operation accounted for.',
  },
  { kind: 'reply', to: 0, text: 'Agreed. The engine might act upon other things besides number.' },
  {
    kind: 'post',
    text: 'Mathematical science shows what is. It is the language of unseen relations between things.',
  },
  {
    kind: 'repost',
    from: 2,
    text: "Tonight's lecture on electromagnetism is now online for everyone who could not make it to Carlton House Terrace.",
  },
  { kind: 'post', text: 'Imagination is the Discovering Faculty, pre-eminently.' },
  { kind: 'quote', text: 'This is exactly the point I tried to make in Note A.' },
  {
    kind: 'post',
    text: "Reading group tonight: Menabrea's memoir, second part. Bring questions (and biscuits). https://t.co/4dBm2rWq9L",
  },
  {
    kind: 'long',
    text: 'Thread-free long post, since people asked how the notes got longer than the memoir. I started with a translation of twenty pages. Every time the text said "the engine can do this", I wanted to show how, operation by operation, with the variables on the store and the cards that move them. That is how Note G happened: a full table for the Bernoulli numbers, every step written out, so anyone could check it. The lesson I keep relearning: an idea is not finished until it is written so a machine could follow it.',
  },
  {
    kind: 'post',
    text: 'Could a machine compose elaborate and scientific pieces of music of any degree of complexity? I rather think so.',
  },
  { kind: 'reply', to: 1, text: 'Thank you for the introduction! The evening was a delight.' },
  {
    kind: 'post',
    text: 'Poetical science: the habit of asking what a thing could become, not only what it is.',
  },
  {
    kind: 'post',
    text: 'Sketched the mill and the store again. Keeping the operations apart from the numbers they act on is the whole trick.',
  },
  {
    kind: 'repost',
    from: 0,
    text: 'Demonstrating the Difference Engine fragment at Dorset Street on Saturday. All welcome.',
  },
  {
    kind: 'post',
    text: 'Horse riding in the morning, differential calculus in the afternoon. A balanced day.',
  },
  { kind: 'reply', to: 3, text: 'Your problem set from last week finally clicked. Induction was the key.' },
  {
    kind: 'post',
    text: 'The engine has no pretensions to originate anything. It can do whatever we know how to order it to perform.',
  },
  { kind: 'quote', text: 'Worth reading twice.' },
  { kind: 'post', text: 'Coffee, a stack of cards and an unsolved recurrence. Perfect Sunday.' },
  {
    kind: 'post',
    text: 'Wrote down every variable of the Bernoulli computation in one table, V1 to V24. Clarity at last.',
  },
  { kind: 'post', text: 'Hot take: notation is a technology.' },
  { kind: 'post', text: 'La science poétique, encore et toujours.', lang: 'fr' },
  { kind: 'post', text: 'The more I study, the more insatiable I feel my genius for it to be.' },
  { kind: 'post', text: '🧮✨', lang: 'und' },
];

/** What a round of the templates adds, so a long timeline does not repeat itself word for word. */
const ROUNDS = ['', ' #math', ' #AnalyticalEngine', ' #PoeticalScience', ' #NoteG'];

/**
 * `count` posts of the account, newest first, about seven hours apart on average: originals, replies,
 * quotes, reposts, a long post (its full text in `note_tweet`), a French one and an emoji-only one.
 */
export function generatePosts(options: GeneratePostsOptions): XPostJson[] {
  const seed = options.seed ?? options.userId;
  let at = options.anchorMs - (hashOf(`${seed}:first`) % 3_600_000);
  return Array.from({ length: options.count }, (_, index) => {
    if (index > 0) at -= 3_600_000 + (hashOf(`${seed}:gap:${index}`) % (12 * 3_600_000));
    const template = TEMPLATES[index % TEMPLATES.length] ?? { kind: 'post', text: 'Hello, world.' };
    const round = ROUNDS[Math.floor(index / TEMPLATES.length) % ROUNDS.length] ?? '';
    return postJson(options.userId, `${seed}:${index}`, at, index, template, round);
  });
}

function postJson(
  userId: string,
  seed: string,
  at: number,
  index: number,
  template: Template,
  round: string,
): XPostJson {
  const id = snowflake(at, hashOf(`${seed}:seq`) % 4096);
  const popularity = hashOf(`${seed}:popularity`);
  const likes = popularity % 480;
  const post: XPostJson = {
    id,
    text: '',
    edit_history_tweet_ids: [id],
    author_id: userId,
    created_at: new Date(at).toISOString(),
    conversation_id: id,
    lang: 'en',
    possibly_sensitive: false,
    public_metrics: {
      retweet_count: Math.floor(likes / 6),
      reply_count: Math.floor(likes / 11),
      like_count: likes,
      quote_count: Math.floor(likes / 40),
      bookmark_count: Math.floor(likes / 17),
      impression_count: likes * 31 + (popularity % 997),
    },
    reply_settings: 'everyone',
  };
  // Posts referred to are older than the post; their ids are snowflakes of a day earlier.
  const referenced = snowflake(at - 86_400_000, index % 4096);
  switch (template.kind) {
    case 'post':
      post.text = `${template.text}${round}`;
      post.lang = template.lang ?? 'en';
      break;
    case 'reply': {
      const [otherId, handle] = OTHERS[template.to] ?? OTHERS[0] ?? ['1', 'x'];
      post.text = `@${handle} ${template.text}`;
      post.in_reply_to_user_id = otherId;
      post.conversation_id = referenced;
      post.referenced_tweets = [{ type: 'replied_to', id: referenced }];
      break;
    }
    case 'quote':
      post.text = `${template.text} https://t.co/${tcoPath(seed)}`;
      post.referenced_tweets = [{ type: 'quoted', id: referenced }];
      break;
    case 'repost': {
      const [, handle] = OTHERS[template.from] ?? OTHERS[0] ?? ['1', 'x'];
      // A repost's text is the original's behind `RT @handle: `, cut to 140 characters; its own counts
      // are zero but for the reposts, which are the original's.
      post.text = truncate(`RT @${handle}: ${template.text}`, 140);
      post.referenced_tweets = [{ type: 'retweeted', id: referenced }];
      post.public_metrics = { ...post.public_metrics, reply_count: 0, like_count: 0, quote_count: 0 };
      break;
    }
    case 'long':
      post.note_tweet = { text: template.text };
      post.text = `${template.text.slice(0, 256).trimEnd()}… https://t.co/${tcoPath(seed)}`;
      break;
  }
  return post;
}

/** A snowflake id of `atMs`: the milliseconds since X's epoch above 22 bits of worker and sequence. */
export function snowflake(atMs: number, sequence: number): string {
  return ((BigInt(Math.floor(atMs)) - X_EPOCH_MS) * 4_194_304n + BigInt(sequence)).toString();
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The path of a `t.co` link: ten base62-like characters. */
function tcoPath(seed: string): string {
  return createHash('sha256').update(`tco:${seed}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 10);
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
