/**
 * Deterministic HubSpot CRM contacts in the shape of `GET /crm/v3/objects/contacts`
 * (docs/providers.md#hubspot, "Data endpoints"): a numeric-string `id`, the contact's `properties`
 * (HubSpot's internal property names, every value a string or `null`), `createdAt`, `updatedAt` and
 * `archived`. The same seed always yields the same contacts, so tests and the sandbox can rely on ids,
 * order and pages.
 */
import { createHash } from 'node:crypto';

/** The properties the emulator knows; any other asked for is answered `null`, as for an unset one. */
export interface HubSpotContactProperties {
  firstname: string | null;
  lastname: string | null;
  email: string | null;
  company: string | null;
  phone: string | null;
  jobtitle: string | null;
  lifecyclestage: string | null;
  [name: string]: string | null;
}

export interface HubSpotContactJson {
  /** Numeric, as a string; the list is in ascending id order. */
  id: string;
  properties: HubSpotContactProperties;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

const FIRST_NAMES = [
  'Bryan',
  'Maria',
  'Kenji',
  'Amara',
  'Lukas',
  'Priya',
  'Tomás',
  'Chloé',
  'Oluwaseun',
  'Ingrid',
  'Mateo',
  'Hana',
  'Declan',
  'Zeynep',
  'Rafael',
  'Sofia',
  'Anders',
  'Leila',
];
const LAST_NAMES = [
  'Cooper',
  'Garcia',
  'Tanaka',
  'Okafor',
  'Becker',
  'Raman',
  'Herrera',
  'Dubois',
  'Adeyemi',
  'Larsen',
  'Rossi',
  'Kim',
  'Murphy',
  'Yilmaz',
  'Costa',
  'Novak',
  'Lindqvist',
  'Haddad',
];
const COMPANIES = [
  { name: 'Biglytics', domain: 'biglytics.net' },
  { name: 'Analytical Engines Ltd', domain: 'analytical-engines.example' },
  { name: 'Northwind Traders', domain: 'northwind.example' },
  { name: 'Globex', domain: 'globex.example' },
  { name: 'Initech', domain: 'initech.example' },
  { name: 'Umbrella Health', domain: 'umbrella-health.example' },
  { name: 'Stark Logistics', domain: 'starklogistics.example' },
  { name: 'Wayfarer Studios', domain: 'wayfarer.example' },
];
const JOB_TITLES = [
  'Head of Operations',
  'Procurement Manager',
  'CTO',
  'Marketing Director',
  'Account Executive',
  'Data Engineer',
  'Office Manager',
  'VP Sales',
];
/** HubSpot's default lifecycle stages, by internal value. */
const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
];

const DAY_MS = 24 * 60 * 60 * 1000;

export interface GenerateContactsOptions {
  count: number;
  seed: string;
  /** The newest contact's `updatedAt` is before this; default 2026-06-01. */
  now?: number;
}

/**
 * `count` contacts in ascending id order (HubSpot's list order), ids increasing with gaps as in a real
 * portal. Every seventh contact has no company (`null`), every eleventh left its last name empty (`""`,
 * what HubSpot answers for a cleared property), every thirteenth has no email, every fifth no phone.
 */
export function generateContacts(options: GenerateContactsOptions): HubSpotContactJson[] {
  const now = options.now ?? Date.UTC(2026, 5, 1);
  let id = 50_000 + (hashOf(`${options.seed}:first-id`) % 900_000) * 100;
  return Array.from({ length: options.count }, (_, index) => {
    id += 1 + (hashOf(`${options.seed}:gap:${index}`) % 40);
    const pick = (list: readonly string[], salt: string) =>
      list[hashOf(`${options.seed}:${salt}:${index}`) % list.length] ?? '';
    const first = pick(FIRST_NAMES, 'first');
    const last = pick(LAST_NAMES, 'last');
    const company = COMPANIES[hashOf(`${options.seed}:company:${index}`) % COMPANIES.length] ?? COMPANIES[0];
    const withoutCompany = index % 7 === 3;
    const createdAt =
      now - (options.count - index) * 2 * DAY_MS - (hashOf(`${options.seed}:c:${index}`) % DAY_MS);
    const updatedAt = Math.min(
      now - 60_000,
      createdAt + (hashOf(`${options.seed}:u:${index}`) % (90 * DAY_MS)),
    );
    const created = new Date(createdAt).toISOString();
    const updated = new Date(updatedAt).toISOString();
    const emailDomain = withoutCompany ? 'gmail.com' : (company?.domain ?? 'example.com');
    return {
      id: String(id),
      properties: {
        company: withoutCompany ? null : (company?.name ?? null),
        createdate: created,
        email: index % 13 === 5 ? null : `${slug(first)}.${slug(last)}${index}@${emailDomain}`,
        firstname: first,
        hs_object_id: String(id),
        jobtitle: index % 4 === 1 ? null : pick(JOB_TITLES, 'job'),
        lastmodifieddate: updated,
        lastname: index % 11 === 8 ? '' : last,
        lifecyclestage: pick(LIFECYCLE_STAGES, 'stage'),
        phone: index % 5 === 2 ? null : `+1 ${phoneDigits(`${options.seed}:phone:${index}`)}`,
      },
      createdAt: created,
      updatedAt: updated,
      archived: false,
    };
  });
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

function phoneDigits(seed: string): string {
  const n = hashOf(seed);
  return `${200 + (n % 700)}-555-${String(n % 10_000).padStart(4, '0')}`;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
