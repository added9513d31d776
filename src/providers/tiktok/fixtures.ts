/**
 * Deterministic TikTok videos in the shape of `POST /v2/video/list/` (TikTok's Video Object,
 * docs/providers.md#tiktok, "Data endpoints"), newest first as the endpoint sorts them. The same seed
 * and anchor always give the same videos; ids carry their creation second in their upper 32 bits, as
 * TikTok's do.
 */
import { createHash } from 'node:crypto';

/** Every field of the Video Object the emulator has; the endpoint answers those `fields` asks for. */
export interface TikTokVideoJson {
  /** A numeric string (19 digits). */
  id: string;
  /** Epoch seconds. */
  create_time: number;
  /** A signed CDN link, valid for 6 hours. */
  cover_image_url: string;
  share_url: string;
  /** `""` when the creator wrote none. Max 150 characters. */
  video_description: string;
  /** Seconds. */
  duration: number;
  height: number;
  width: number;
  /** `""` when the creator set none. Max 150 characters. */
  title: string;
  embed_html: string;
  embed_link: string;
  like_count: number;
  comment_count: number;
  share_count: number;
  view_count: number;
}

export interface GenerateVideosOptions {
  count: number;
  /** The creator's handle, for the share links. */
  username: string;
  seed: string;
  /** The newest video was posted a little before this (epoch ms). */
  anchorMs: number;
}

/** [title, description]: many creators leave the title empty and write only a description. */
const VIDEOS: readonly (readonly [string, string])[] = [
  [
    'Bernoulli numbers in 60 seconds',
    'The first published algorithm, explained with a whiteboard #math #learnontiktok',
  ],
  ['', 'POV: you wrote a program in 1843 and the machine was never built #history #stem'],
  [
    'How a Jacquard loom reads cards',
    'Punched cards before computers: the loom that inspired the engine #engineering',
  ],
  ['', 'Morning ride before a long day of calculus 🐎 #dayinmylife'],
  ['Note G, read aloud (part 1)', 'Reading my own notes so you do not have to #booktok #math'],
  ['Note G, read aloud (part 2)', 'The table of operations, column by column #booktok #math'],
  ['', ''],
  ['Mill vs store', 'Why separating the operations from the numbers is the whole trick #computerscience'],
  ['Poetical science', 'Imagination is the discovering faculty #poetry #science'],
  ['', 'Answering your questions about the Analytical Engine #qanda'],
  ['Can machines compose music?', 'I rather think so. Here is why #music #ai'],
  ['Study with me: 2 hours', 'Quiet study session, calculus and tea ☕ #studywithme'],
  ['', 'The difference engine fragment, up close #museum #london'],
  ['Recursion for beginners', 'A loop that folds back on itself, with cards #coding'],
];

/** Video sizes: mostly vertical full HD, some square. */
const SIZES: readonly (readonly [number, number])[] = [
  [1080, 1920],
  [1080, 1920],
  [720, 1280],
  [1080, 1080],
];

/** The client key TikTok puts in the share links it hands an app (`utm_source`); the emulator's own. */
const CLIENT_KEY = 'awa6z07qoicg5jkx';

/** `count` videos of the creator, newest first, one to four days apart. */
export function generateVideos(options: GenerateVideosOptions): TikTokVideoJson[] {
  let at = Math.floor(options.anchorMs / 1000) - (hashOf(`${options.seed}:first`) % 7200) - 60;
  return Array.from({ length: options.count }, (_, index) => {
    if (index > 0) at -= 86_400 + (hashOf(`${options.seed}:gap:${index}`) % (3 * 86_400));
    const [title, description] = VIDEOS[index % VIDEOS.length] ?? ['', ''];
    const round = Math.floor(index / VIDEOS.length);
    const [width, height] = SIZES[index % SIZES.length] ?? [1080, 1920];
    const id = ((BigInt(at) << 32n) | BigInt(hashOf(`${options.seed}:id:${index}`))).toString();
    const popularity = hashOf(`${options.seed}:views:${index}`);
    const views = 300 + (popularity % 250_000);
    const likes = Math.floor(views / (8 + (popularity % 7)));
    const handle = encodeURIComponent(options.username);
    return {
      id,
      create_time: at,
      cover_image_url: coverUrl(id, options.anchorMs),
      share_url: `https://www.tiktok.com/@${handle}/video/${id}?utm_campaign=tt4d_open_api&utm_source=${CLIENT_KEY}`,
      video_description: description,
      duration: 8 + (hashOf(`${options.seed}:duration:${index}`) % 172),
      height,
      width,
      title: title === '' || round === 0 ? title : `${title} (${round + 1})`,
      embed_html: `<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@${handle}/video/${id}" data-video-id="${id}" style="max-width: 605px;min-width: 325px;"><section></section></blockquote><script async src="https://www.tiktok.com/embed.js"></script>`,
      embed_link: `https://www.tiktok.com/player/v1/${id}?utm_campaign=tt4d_open_api&utm_source=${CLIENT_KEY}`,
      like_count: likes,
      comment_count: Math.floor(likes / 23),
      share_count: Math.floor(likes / 41),
      view_count: views,
    };
  });
}

/** A signed cover link that expires 6 hours after `nowMs`, as TikTok's trust and safety policy says. */
function coverUrl(id: string, nowMs: number): string {
  const key = createHash('sha256').update(`cover:${id}`).digest('hex').slice(0, 32);
  const expires = Math.floor(nowMs / 1000) + 6 * 3600;
  const signature = createHash('sha256').update(`sig:${id}:${expires}`).digest('base64').slice(0, 28);
  return `https://p16-sign.tiktokcdn-us.com/tos-useast5-p-0068-tx/${key}~tplv-noop.image?x-expires=${expires}&x-signature=${encodeURIComponent(signature)}`;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
