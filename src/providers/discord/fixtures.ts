/**
 * Deterministic Discord guilds in the shape `GET /users/@me/guilds` answers them (docs/providers.md#discord,
 * "Data endpoints"): partial guild objects with snowflake ids, icon and banner hashes (some animated,
 * some absent), the member's permissions and the guild's features; the approximate counts are added by
 * the route when `with_counts=true`.
 */
import { createHash } from 'node:crypto';

export interface DiscordGuildJson {
  /** A snowflake, as a decimal string. */
  id: string;
  name: string;
  /** An image hash (`a_` when animated), or `null`. */
  icon: string | null;
  banner: string | null;
  owner: boolean;
  /** The member's permission bit set, as a decimal string. */
  permissions: string;
  features: string[];
  /** Not sent by the API itself: what the route answers with `with_counts=true`. */
  approximate_member_count: number;
  approximate_presence_count: number;
}

/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes count milliseconds from it, shifted 22 bits. */
const DISCORD_EPOCH = 1_420_070_400_000n;
/** 2016-05-01T00:00:00Z to 2025-06-01T00:00:00Z: when the generated guilds were created. */
const FIRST_CREATED = Date.UTC(2016, 4, 1);
const LAST_CREATED = Date.UTC(2025, 5, 1);

const NAMES = [
  'The Coding Den',
  'Rust Programming Language Community',
  'TypeScript Community',
  'Python Discord',
  'Reactiflux',
  'Analytical Engines Fan Club',
  'Lo-fi Study Room',
  'Board Game Night',
  'Indie Game Devs',
  'Home Lab',
  'Mechanical Keyboards',
  'Speedrunning Central',
  'Pixel Art Club',
  'Astronomy & Telescopes',
  'Chess Openings',
  'Open Source Maintainers',
  'Sourdough Bakers',
  'Synth DIY',
  'Trail Runners',
  'Book Club',
];
const SUFFIXES = ['Hangout', 'Lounge', 'HQ', 'Guild', 'Collective', 'Crew', 'Society', 'Workshop'];

/** `VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | CONNECT | SPEAK | ...`: a plain member's bits. */
const MEMBER_PERMISSIONS = '1071698660929';
/** Every bit, as Discord reports them to a guild's owner. */
const OWNER_PERMISSIONS = '2251799813685247';
const COMMUNITY_FEATURES = [
  'COMMUNITY',
  'NEWS',
  'WELCOME_SCREEN_ENABLED',
  'MEMBER_VERIFICATION_GATE_ENABLED',
];

function hashOf(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** The snowflake of something created at `ms`, with low bits from the seed. */
export function snowflakeAt(ms: number, seed: string): string {
  const low = BigInt(`0x${hashOf(seed).slice(0, 6)}`) & 0x3fffffn;
  return ((BigInt(ms) - DISCORD_EPOCH) * 4_194_304n + low).toString();
}

/**
 * `count` guilds of the user `seed`, oldest (smallest snowflake) first: every ninth without an icon,
 * every sixth with an animated one, every eighth owned by the user, every fourth a community server
 * with a banner.
 */
export function generateGuilds(options: { count: number; seed: string }): DiscordGuildJson[] {
  const step = Math.max(1, Math.floor((LAST_CREATED - FIRST_CREATED) / Math.max(1, options.count)));
  return Array.from({ length: options.count }, (_, index) => {
    const seed = `${options.seed}:guild:${index}`;
    const hash = hashOf(seed);
    const base = NAMES[index % NAMES.length] ?? 'Guild';
    const round = Math.floor(index / NAMES.length);
    const name = round === 0 ? base : `${base} ${SUFFIXES[(round - 1) % SUFFIXES.length] ?? ''}`.trim();
    const owner = index % 8 === 3;
    const community = index % 4 === 0;
    const members = owner
      ? 2 + (Number.parseInt(hash.slice(0, 2), 16) % 40)
      : 50 + (Number.parseInt(hash.slice(0, 6), 16) % 250_000);
    const animated = index % 6 === 5;
    return {
      // Spread over the years, each within its own slot, so the ids stay in creation order.
      id: snowflakeAt(FIRST_CREATED + index * step + (Number.parseInt(hash.slice(6, 12), 16) % step), seed),
      name,
      icon: index % 9 === 8 ? null : `${animated ? 'a_' : ''}${hash.slice(12, 44)}`,
      banner: community ? hash.slice(32, 64) : null,
      owner,
      permissions: owner ? OWNER_PERMISSIONS : MEMBER_PERMISSIONS,
      features: community
        ? [...COMMUNITY_FEATURES, ...(animated ? ['ANIMATED_ICON'] : [])]
        : animated
          ? ['ANIMATED_ICON']
          : [],
      approximate_member_count: members,
      approximate_presence_count: Math.max(
        1,
        Math.floor(members * (0.08 + (Number.parseInt(hash.slice(44, 46), 16) % 20) / 100)),
      ),
    };
  });
}
