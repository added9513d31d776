/**
 * Deterministic Twitch follows in the shape of `GET /channels/followed`'s `data`
 * (docs/providers.md#twitch, "Data endpoints"): the broadcaster's id, login, display name, and when the
 * user followed them, most recent first (Twitch's order). The same seed always yields the same follows.
 */
import { createHash } from 'node:crypto';

export interface TwitchFollowJson {
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  /** RFC 3339 in UTC, whole seconds (`2022-05-24T22:22:08Z`). */
  followed_at: string;
}

/** Display names as streamers pick them; the login is the lower-cased name. */
const STREAMERS = [
  'TwitchDev',
  'LIRIK',
  'Pokimane',
  'shroud',
  'GamesDoneQuick',
  'CohhCarnage',
  'DansGaming',
  'Northernlion',
  'Sodapoppin',
  'Maximilian_DOOD',
  'ESL_CSGO',
  'Riot Games',
  'BobRoss',
  'NASA',
  'Jerma985',
  'LCK',
  'MOONMOON',
  'Sacriel',
  'DrDisrespect',
  'CriticalRole',
];
/** Display names Twitch shows in the broadcaster's own script (login stays ASCII). */
const LOCALIZED = [
  { name: '우왁굳', login: 'woowakgood' },
  { name: '加藤純一', login: 'kato_junichi0817' },
  { name: 'Gaules', login: 'gaules' },
];

export interface GenerateFollowsOptions {
  count: number;
  seed: string;
  /** The most recent follow is before this; default 2026-06-01. */
  now?: number;
}

/**
 * `count` follows, most recent first, one to a few days apart; broadcasters get a numeric id and,
 * beyond the well-known names, a generated `<name><n>` login.
 */
export function generateFollows(options: GenerateFollowsOptions): TwitchFollowJson[] {
  const now = options.now ?? Date.UTC(2026, 5, 1);
  let at = Math.floor((now - (hashOf(`${options.seed}:start`) % 86_400_000)) / 1000) * 1000;
  const names = [
    ...STREAMERS.map((name) => ({ name, login: name.toLowerCase().replace(/ /g, '') })),
    ...LOCALIZED,
  ];
  return Array.from({ length: options.count }, (_, index) => {
    at -= (1 + (hashOf(`${options.seed}:gap:${index}`) % 72)) * 3_600_000;
    const base = names[index % names.length] ?? { name: 'Streamer', login: 'streamer' };
    const round = Math.floor(index / names.length);
    const login = round === 0 ? base.login : `${base.login.replace(/[^a-z0-9_]/g, '')}_${round + 1}`;
    const name = round === 0 ? base.name : `${base.name.replace(/[^A-Za-z0-9_]/g, '')}_${round + 1}`;
    return {
      // Unique: each index has a range of its own.
      broadcaster_id: String(
        10_000_000 + index * 100_003 + (hashOf(`${options.seed}:broadcaster:${index}`) % 100_000),
      ),
      broadcaster_login: login,
      broadcaster_name: name,
      followed_at: new Date(at).toISOString().replace('.000Z', 'Z'),
    };
  });
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
