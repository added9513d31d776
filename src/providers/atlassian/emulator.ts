/**
 * api.atlassian.com as the gateway uses it: `GET /me` (User identity API, scope `read:me`) and
 * `GET /oauth/token/accessible-resources` (the sites the token reaches), with the gateway's
 * `{code, message}` error bodies (docs/providers.md#atlassian).
 */
import { createHash } from 'node:crypto';
import { jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { SCOPE_MISMATCH_MESSAGE } from './provider.js';

/** One entry of `GET /oauth/token/accessible-resources` (docs/providers.md#atlassian, "Data endpoints"). */
export interface AtlassianSiteJson {
  /** The site's cloud id (a UUID): the `{cloudId}` of `/ex/jira/{cloudId}/…` calls. */
  id: string;
  url: string;
  name: string;
  /** The token's scopes on that site. */
  scopes: string[];
  avatarUrl: string;
}

export type AtlassianProduct = 'jira' | 'confluence';

/** A site of the user's, and the products it runs; it is listed with the granted scopes of those. */
export interface AtlassianSite {
  id: string;
  name: string;
  url: string;
  avatarUrl: string;
  products: AtlassianProduct[];
}

export interface AtlassianEmulator extends ProviderEmulatorApi {
  /**
   * The sites the account's user can reach. Listed entries (`AtlassianSiteJson`) are answered as given,
   * whatever the scopes; sites (`AtlassianSite`) or a count of generated ones are listed only where the
   * account granted scopes of a product they run, with those scopes. Without it, every account has
   * {@link DEFAULT_SITE_COUNT} sites.
   */
  setSites(accountId: string, sites: AtlassianSiteJson[] | AtlassianSite[] | { count: number }): void;
  /** What `GET /oauth/token/accessible-resources` answers the account now. */
  accessibleResources(accountId: string): AtlassianSiteJson[];
}

/** A user with a Jira site, a Confluence site and a site running both. */
export const DEFAULT_SITE_COUNT = 3;

const SITE_NAMES = [
  'analytical-engines',
  'lovelace-labs',
  'difference-engine',
  'babbage-co',
  'notes-on-menabrea',
];
const AVATARS = ['flag', 'rocket', 'star', 'lightbulb', 'cloud'];
const PRODUCTS: AtlassianProduct[][] = [['jira'], ['jira', 'confluence'], ['confluence']];

export function createAtlassianEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<AtlassianEmulator> {
  const sitesByAccount = new Map<string, AtlassianSiteJson[] | AtlassianSite[]>();

  function requireAtlassianAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'atlassian') throw new Error(`Emulator: no Atlassian account ${accountId}`);
    return account;
  }

  function accessibleResourcesOf(account: StoredAccount): AtlassianSiteJson[] {
    const sites = sitesByAccount.get(account.id) ?? generateSites(account.id, DEFAULT_SITE_COUNT);
    return sites.flatMap((site): AtlassianSiteJson[] => {
      if (!('products' in site)) return [site];
      // A site is reachable through the product scopes granted for what it runs; `read:me`,
      // `offline_access` and the like reach no site (docs/providers.md#atlassian, "Data endpoints").
      const scopes = account.scopes.filter((scope) => {
        const product = productOf(scope);
        return product !== undefined && site.products.includes(product);
      });
      return scopes.length === 0
        ? []
        : [{ id: site.id, url: site.url, name: site.name, scopes, avatarUrl: site.avatarUrl }];
    });
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'atlassian',
      unauthorized: () => jsonReply(401, { code: 401, message: 'Unauthorized' }),
      // The body is not documented (docs/providers.md#atlassian, "Rate limits"): the gateway's
      // `{code, message}` envelope with the status is the emulator's own choice.
      rateLimited: (_request, retryAfterSeconds) =>
        jsonReply(
          429,
          { code: 429, message: 'Rate limit exceeded' },
          { 'retry-after': String(retryAfterSeconds) },
        ),
      notFound: () => jsonReply(404, { code: 404, message: 'Not Found' }),
      routes: (router) => {
        router.get('/me', 'atlassian.getMe', (_request, account) =>
          account.scopes.includes('read:me')
            ? jsonReply(200, meJson(account))
            : jsonReply(401, { code: 401, message: SCOPE_MISMATCH_MESSAGE }),
        );
        // Any token Atlassian issued may ask; no scope of its own (a plain array, no pagination).
        router.get(
          '/oauth/token/accessible-resources',
          'atlassian.accessibleResources',
          (_request, account) => jsonReply(200, accessibleResourcesOf(account)),
        );
      },
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setSites(accountId, sites) {
        const account = requireAtlassianAccount(accountId);
        sitesByAccount.set(accountId, Array.isArray(sites) ? sites : generateSites(account.id, sites.count));
      },
      accessibleResources(accountId) {
        return accessibleResourcesOf(requireAtlassianAccount(accountId));
      },
    },
  };
}

/**
 * The product a 3LO scope belongs to: classic (`read:jira-work`, `read:confluence-content.all`) and
 * granular (`read:issue:jira`, `read:page:confluence`) scopes name it; Jira Service Management's
 * (`read:servicedesk-request`) live on Jira sites.
 */
export function productOf(scope: string): AtlassianProduct | undefined {
  if (/jira|servicedesk|jsm/.test(scope)) return 'jira';
  if (/confluence/.test(scope)) return 'confluence';
  return undefined;
}

/** `count` deterministic sites; the first three run Jira, Jira and Confluence, and Confluence. */
export function generateSites(seed: string, count: number): AtlassianSite[] {
  // Accounts start at different names, so two users' sites differ.
  const offset = Number.parseInt(createHash('sha256').update(`${seed}:sites`).digest('hex').slice(0, 8), 16);
  return Array.from({ length: count }, (_, index) => {
    const base = SITE_NAMES[(offset + index) % SITE_NAMES.length] ?? 'site';
    const round = Math.floor(index / SITE_NAMES.length);
    const name = round === 0 ? base : `${base}-${round + 1}`;
    return {
      id: uuidOf(`${seed}:site:${index}`),
      name,
      url: `https://${name}.atlassian.net`,
      avatarUrl: `https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/${AVATARS[index % AVATARS.length]}.png`,
      products: PRODUCTS[index % PRODUCTS.length] ?? ['jira'],
    };
  });
}

function uuidOf(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The shape of the `/me` example of docs/providers.md#atlassian ("Profile"), from the stored account. */
function meJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    account_type: 'atlassian',
    account_id: account.providerUserId,
    // Left out when the account has none, as a hidden email may be.
    ...(account.email === null ? {} : { email: account.email }),
    name: name || account.username || account.providerUserId,
    picture: account.imageUrl,
    account_status: 'active',
    nickname: account.username ?? name,
    zoneinfo: 'Australia/Sydney',
    locale: 'en-US',
    extended_profile: {},
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createAtlassianEmulator;
