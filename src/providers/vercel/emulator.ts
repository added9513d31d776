/**
 * Vercel's OpenID userinfo endpoint and its REST `GET /v9/projects` (docs/providers.md#vercel): claims by
 * scope; projects most recently updated first, `limit` ≤ 100, the timestamp cursor `pagination.next`
 * sent back as `until`; a refused token as 403 with `error.invalidToken: true`, and a rate limit as 429
 * with `X-RateLimit-*` headers and the limit in the body.
 */
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generateProjects, type VercelProjectJson } from './project-fixtures.js';

export type { VercelDeploymentJson, VercelProjectJson } from './project-fixtures.js';

export interface VercelEmulator extends ProviderEmulatorApi {
  /**
   * The projects of the account's Vercel scope (kept most recently updated first, Vercel's order). A
   * count generates deterministic ones; without it every account has {@link DEFAULT_PROJECT_COUNT}.
   */
  setProjects(accountId: string, projects: VercelProjectJson[] | { count: number }): void;
  /** The account's projects, in list order. */
  projects(accountId: string): VercelProjectJson[];
}

/** More than one page at the largest page size (100): an agency's worth of sites. */
export const DEFAULT_PROJECT_COUNT = 112;
/** Requests a window allows (the `limit.total` of the example in docs/providers.md#vercel, "Rate limits"). */
const REQUESTS_PER_WINDOW = 100;
/** `limit` of `GET /v9/projects`: 1–100, default 20 (docs/providers.md#vercel, "Data endpoints"). */
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;

function badRequest(message: string): EmulatorReply {
  return jsonReply(400, { error: { code: 'bad_request', message } });
}

export function createVercelEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<VercelEmulator> {
  const projectsByAccount = new Map<string, VercelProjectJson[]>();

  function requireVercelAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'vercel') throw new Error(`Emulator: no Vercel account ${accountId}`);
    return account;
  }

  function projectsOf(account: StoredAccount): VercelProjectJson[] {
    let projects = projectsByAccount.get(account.id);
    if (!projects) {
      projects = generateFor(account, DEFAULT_PROJECT_COUNT);
      projectsByAccount.set(account.id, projects);
    }
    return projects;
  }

  /**
   * `GET /v9/projects`: the projects updated before `until` (ms), most recent first; `pagination.next` is
   * the last one's `updatedAt` while more follow, else `null`. The wording of the 400s (a `limit` out of
   * 1–100, an `until` that is not a timestamp) is the emulator's (unverified).
   */
  function listProjects(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    const limit = request.query.limit === undefined ? DEFAULT_LIMIT : Number(request.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return badRequest(`Invalid request: \`limit\` should be between 1 and ${MAX_LIMIT}.`);
    }
    const until = request.query.until === undefined ? undefined : Number(request.query.until);
    if (until !== undefined && !Number.isInteger(until)) {
      return badRequest('Invalid request: `until` should be a number.');
    }
    const search = request.query.search?.toLowerCase();
    const matching = projectsOf(account).filter(
      (project) =>
        (until === undefined || project.updatedAt < until) &&
        (search === undefined || project.name.toLowerCase().includes(search)),
    );
    const page = matching.slice(0, limit);
    const more = matching.length > limit;
    return jsonReply(200, {
      projects: page,
      pagination: {
        count: page.length,
        next: more ? (page.at(-1)?.updatedAt ?? null) : null,
        prev: page[0]?.updatedAt ?? null,
      },
    });
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'vercel',
      unauthorized: () =>
        jsonReply(403, { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } }),
      rateLimited: (_request, retryAfterSeconds) => {
        const resetMs = Date.now() + retryAfterSeconds * 1000;
        const reset = Math.ceil(resetMs / 1000);
        return jsonReply(
          429,
          {
            error: {
              code: 'rate_limited',
              message: 'Rate limit exceeded',
              limit: { remaining: 0, reset, resetMs, total: REQUESTS_PER_WINDOW },
            },
          },
          {
            'x-ratelimit-limit': String(REQUESTS_PER_WINDOW),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(reset),
          },
        );
      },
      notFound: () =>
        jsonReply(404, { error: { code: 'not_found', message: 'The page could not be found' } }),
      routes: (router) => {
        router.get('/login/oauth/userinfo', 'vercel.userinfo', (_request, account) =>
          jsonReply(200, userInfoJson(account)),
        );
        router.get('/v9/projects', 'vercel.listProjects', listProjects);
      },
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setProjects(accountId, projects) {
        const account = requireVercelAccount(accountId);
        projectsByAccount.set(
          accountId,
          Array.isArray(projects)
            ? [...projects].sort((a, b) => b.updatedAt - a.updatedAt)
            : generateFor(account, projects.count),
        );
      },
      projects(accountId) {
        return [...projectsOf(requireVercelAccount(accountId))];
      },
    },
  };
}

function generateFor(account: StoredAccount, count: number): VercelProjectJson[] {
  return generateProjects({ count, seed: account.id, ownerId: account.providerUserId });
}

/**
 * The claims of the example of docs/providers.md#vercel ("Profile"): `email*` with the `email` scope,
 * names and picture with `profile`.
 */
function userInfoJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  const withEmail = account.scopes.includes('email') && account.email !== null;
  const withProfile = account.scopes.includes('profile');
  return {
    sub: account.providerUserId,
    ...(withEmail ? { email: account.email, email_verified: true } : {}),
    ...(withProfile
      ? {
          name: name || null,
          preferred_username: account.username,
          picture: account.imageUrl,
        }
      : {}),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createVercelEmulator;
