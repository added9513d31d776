/**
 * Deterministic Facebook Pages in the shape of `GET /me/accounts` (the Page nodes of the User Accounts
 * edge, docs/providers.md#facebook, "Data endpoints"). The same seed always gives the same Pages, so
 * tests and the sandbox can rely on ids and order.
 */
import { createHash } from 'node:crypto';

export interface FacebookPageCategoryJson {
  id: string;
  name: string;
}

/** Every field the emulator can answer; the edge sends those `fields` asks for (its defaults without it). */
export interface FacebookPageJson {
  /** A numeric string of 15 or 16 digits. */
  id: string;
  name: string;
  /** The Page's main category. */
  category: string;
  category_list: FacebookPageCategoryJson[];
  /** `https://www.facebook.com/<username or id>`. */
  link: string;
  /** The Page's vanity name; absent when it has none. */
  username?: string;
  /** What the User may do on the Page. */
  tasks: string[];
  /** A Page access token: a secret the gateway never asks for. */
  access_token: string;
}

export interface GeneratePagesOptions {
  count: number;
  seed: string;
}

interface PageFacts {
  readonly name: string;
  readonly username?: string;
  readonly categories: readonly (readonly [string, string])[];
}

/** Pages a mathematician might run, with Facebook's category ids and names. */
const PAGES: readonly PageFacts[] = [
  {
    name: 'Analytical Engines Society',
    username: 'analyticalengines',
    categories: [
      ['2258', 'Science, Technology & Engineering'],
      ['2612', 'Community Organization'],
    ],
  },
  {
    name: 'Poetical Science Reading Group',
    username: 'poeticalscience',
    categories: [['1601', 'Book Club']],
  },
  {
    name: 'Lovelace Maths Tutoring',
    categories: [
      ['2704', 'Tutor/Teacher'],
      ['2250', 'Education'],
    ],
  },
  {
    name: 'Note G Press',
    username: 'notegpress',
    categories: [['2239', 'Publisher']],
  },
  {
    name: 'Ockham Park Riding Club',
    categories: [['186004504854452', 'Equestrian Center']],
  },
  {
    name: 'London Women in Computing',
    username: 'londonwomenincomputing',
    categories: [
      ['2603', 'Nonprofit Organization'],
      ['2258', 'Science, Technology & Engineering'],
    ],
  },
  {
    name: 'Difference Engine Fan Club',
    categories: [['2612', 'Community Organization']],
  },
];

/** Task sets of Facebook's Page roles: full control, then partial access. */
const TASK_SETS: readonly (readonly string[])[] = [
  ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
  ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE'],
  ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
  ['ANALYZE', 'MESSAGING', 'MODERATE'],
  ['ANALYZE'],
];

/** `count` Pages the account has a role on: most it manages, some where it only moderates or analyses. */
export function generatePages(options: GeneratePagesOptions): FacebookPageJson[] {
  return Array.from({ length: options.count }, (_, index) => {
    const facts = PAGES[index % PAGES.length] ?? { name: 'Page', categories: [['2612', 'Community']] };
    const round = Math.floor(index / PAGES.length);
    const id = pageId(`${options.seed}:page:${index}`);
    const username = facts.username && round === 0 ? facts.username : undefined;
    const categories = facts.categories.map(([categoryId, name]) => ({ id: categoryId, name }));
    return {
      id,
      name: round === 0 ? facts.name : `${facts.name} ${round + 1}`,
      category: categories[0]?.name ?? 'Community',
      category_list: categories,
      link: `https://www.facebook.com/${username ?? id}`,
      ...(username === undefined ? {} : { username }),
      tasks: [...(TASK_SETS[index % TASK_SETS.length] ?? ['ANALYZE'])],
      access_token: `EAAC${digest(`${options.seed}:token:${index}`, 'base64url').replace(/[-_]/g, 'Z').slice(0, 60)}`,
    };
  });
}

/** Page ids: 15 digits starting with 1, as most Pages' are. */
function pageId(seed: string): string {
  const value = BigInt(`0x${digest(seed, 'hex').slice(0, 14)}`) % 100_000_000_000_000n;
  return `1${value.toString().padStart(14, '0')}`;
}

function digest(text: string, encoding: 'hex' | 'base64url'): string {
  return createHash('sha256').update(text).digest(encoding);
}
