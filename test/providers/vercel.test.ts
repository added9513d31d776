import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { VercelEmulator, VercelProjectJson } from '../../src/providers/vercel/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const LIST_PROJECTS = 'vercel.listProjects';

const Projects = parse(`
  query VercelProjects($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        vercelProjects(first: $first, after: $after) {
          edges {
            node {
              id name framework url updatedAt createdAt nodeVersion
              gitRepository { provider fullName }
              latestDeployment { id url state createdAt }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

/** The project of the example in docs/providers.md#vercel, with `overrides` on top. */
function projectJson(overrides: Partial<VercelProjectJson> = {}): VercelProjectJson {
  return {
    id: 'prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB',
    name: 'my-app',
    accountId: 'team_a1b2c3d4e5f6g7h8i9j0',
    framework: 'nextjs',
    nodeVersion: '22.x',
    createdAt: 1716390000000,
    updatedAt: 1755760000000,
    link: { type: 'github', org: 'acme', repo: 'my-app', repoId: 612345678, productionBranch: 'main' },
    latestDeployments: [
      {
        id: 'dpl_89qyp1cskzkLrVicDaZoDbjyHuDJ',
        url: 'my-app-abc123.vercel.app',
        readyState: 'READY',
        target: 'production',
        createdAt: 1755760000000,
      },
    ],
    targets: {
      production: {
        id: 'dpl_89qyp1cskzkLrVicDaZoDbjyHuDJ',
        url: 'my-app-abc123.vercel.app',
        readyState: 'READY',
        target: 'production',
        createdAt: 1755760000000,
        alias: ['my-app.vercel.app', 'my-app-acme.vercel.app'],
      },
    },
    ...overrides,
  };
}

const SUB = 'kD1tW3oYmW8qLp0ZrX5v2uAb';

describeProvider(
  {
    provider: 'vercel',
    account: {
      providerUserId: SUB,
      username: 'janedoe',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
    },
    // Vercel's userinfo claims carry no profile URL.
    expected: (account) => ({
      id: SUB,
      username: 'janedoe',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const USERINFO = 'vercel.userinfo';

    // The reference marks userinfo's own answer unverified: an OAuth-style 401 (docs/providers.md#vercel).
    it('reads an OAuth-style 401 as a refused token too: REAUTH_REQUIRED', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USERINFO,
        status: 401,
        body: { error: 'invalid_token', error_description: 'The access token is invalid' },
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'vercel', accountId: account.id }]);
    });

    it('answers a 403 without `invalidToken` with PROVIDER_ERROR, not REAUTH_REQUIRED', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USERINFO,
        status: 403,
        body: { error: { code: 'forbidden', message: 'Not authorized' } },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'vercel', accountId: account.id }]);
    });

    it('has only the id when the token has `openid` alone', async () => {
      const { token } = t.connect({ providerUserId: SUB, scopes: ['openid'] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: SUB,
        username: null,
        name: null,
        email: null,
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
    });

    describe('the emulator', () => {
      async function userinfo(token?: string) {
        const response = await t.callApi('/login/oauth/userinfo', token === undefined ? {} : { token });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as unknown,
        };
      }

      it('answers the claims of the reference example', async () => {
        const { account } = t.connect({ providerUserId: SUB, username: 'janedoe' });
        const { status, body } = await userinfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(200);
        expect(Object.keys(body as object)).toEqual([
          'sub',
          'email',
          'email_verified',
          'name',
          'preferred_username',
          'picture',
        ]);
        expect(body).toMatchObject({ sub: SUB, preferred_username: 'janedoe', email_verified: true });
      });

      it('answers a refused token with 403 and `error.invalidToken`', async () => {
        expect(await userinfo('unknown')).toMatchObject({
          status: 403,
          body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } },
        });
      });

      it('answers a rate limit with 429, `X-RateLimit-*` headers and the limit in the body', async () => {
        const { account } = t.connect();
        t.emulator.providers.vercel?.rateLimit(account.id, { retryAfterSeconds: 25 });
        const { status, headers, body } = await userinfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(429);
        expect(headers.get('x-ratelimit-limit')).toBe('100');
        expect(headers.get('x-ratelimit-remaining')).toBe('0');
        const reset = Number(headers.get('x-ratelimit-reset'));
        expect(reset - Date.now() / 1000).toBeGreaterThan(23);
        expect(reset - Date.now() / 1000).toBeLessThanOrEqual(26);
        expect(body).toEqual({
          error: {
            code: 'rate_limited',
            message: 'Rate limit exceeded',
            limit: { remaining: 0, reset, resetMs: expect.any(Number), total: 100 },
          },
        });
      });
    });

    const vercel = () => t.emulator.providers.vercel as VercelEmulator;

    async function projectsOf(token: string, accountId: string, first?: number, after?: string) {
      const response = await t.stack.query(Projects, { account: accountId, first, after }, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { vercelProjects: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.vercelProjects as
          | {
              edges: { node: Record<string, unknown> }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    // 230 projects: two full pages of 100, then 30.
    describeListField(t, {
      field: 'vercelProjects',
      selection: 'id name framework url updatedAt',
      seed: (emulator, account) => {
        const api = emulator.providers.vercel as VercelEmulator;
        api.setProjects(account.id, { count: 230 });
        return api.projects(account.id).map((project) => project.id);
      },
      route: LIST_PROJECTS,
    });

    describe('vercelProjects', () => {
      it('gives every account projects by default, asked 100 at a time, the next page `until` the last one', async () => {
        const { account, token } = t.connect();
        const projects = vercel().projects(account.id);
        expect(projects.length).toBeGreaterThan(100);
        t.emulator.calls.reset();
        const { value, errors } = await projectsOf(token, account.id, 100);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(
          projects.slice(0, 100).map((project) => project.id),
        );
        await projectsOf(token, account.id, 100, value?.pageInfo.endCursor ?? undefined);
        expect(t.emulator.calls.all().filter((call) => call.route === LIST_PROJECTS)).toMatchObject([
          { method: 'GET', path: '/v9/projects', query: { limit: '100' } },
          {
            method: 'GET',
            path: '/v9/projects',
            query: { limit: '100', until: String(projects[99]?.updatedAt) },
          },
        ]);
      });

      it('maps a project: the first production domain as its URL, times in UTC, `null` for what it lacks', async () => {
        const { account, token } = t.connect();
        vercel().setProjects(account.id, [
          projectJson(),
          projectJson({
            id: 'prj_NeverDeployed00000000000000',
            name: 'sketch',
            framework: null,
            updatedAt: 1755750000000,
            latestDeployments: [],
            targets: {},
          }),
        ]);
        const { link: _link, ...unlinked } = projectJson({ id: 'prj_Unlinked', updatedAt: 1755740000000 });
        vercel().setProjects(account.id, [...vercel().projects(account.id), unlinked]);
        const { value, errors } = await projectsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            id: 'prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB',
            name: 'my-app',
            framework: 'nextjs',
            url: 'https://my-app.vercel.app',
            updatedAt: '2025-08-21T07:06:40.000Z',
            createdAt: '2024-05-22T15:00:00.000Z',
            nodeVersion: '22.x',
            gitRepository: { provider: 'github', fullName: 'acme/my-app' },
            latestDeployment: {
              id: 'dpl_89qyp1cskzkLrVicDaZoDbjyHuDJ',
              url: 'https://my-app-abc123.vercel.app',
              state: 'READY',
              createdAt: '2025-08-21T07:06:40.000Z',
            },
          },
          expect.objectContaining({
            id: 'prj_NeverDeployed00000000000000',
            framework: null,
            url: null,
            latestDeployment: null,
          }),
          expect.objectContaining({ id: 'prj_Unlinked', gitRepository: null }),
        ]);
      });

      it('lists a project without `createdAt` and `updatedAt` (both optional at Vercel) with `null` times', async () => {
        const { account, token } = t.connect();
        const { createdAt: _createdAt, updatedAt: _updatedAt, ...timeless } = projectJson();
        t.answerOnce(account.id, {
          route: LIST_PROJECTS,
          status: 200,
          body: { projects: [timeless], pagination: { count: 1, next: null, prev: null } },
          times: 1,
        });
        const { value, errors } = await projectsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          expect.objectContaining({
            id: 'prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB',
            updatedAt: null,
            createdAt: null,
          }),
        ]);
      });

      it('answers a 403 without `invalidToken` (the app lacks the permission) with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          route: LIST_PROJECTS,
          status: 403,
          body: { error: { code: 'forbidden', message: 'Not authorized' } },
        });
        const { value, errors } = await projectsOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'vercel', accountId: account.id }]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect();
        t.emulator.calls.reset();
        const { value, errors } = await projectsOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'vercel' })).toBe(0);
      });
    });

    describe('the emulator: projects', () => {
      async function listProjects(token: string, query: string) {
        const response = await t.callApi(`/v9/projects${query}`, { token });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }

      it('answers `projects` and `pagination` (`count`, `next` ms or null, `prev`), most recently updated first', async () => {
        const { account } = t.connect();
        vercel().setProjects(account.id, { count: 7 });
        const projects = vercel().projects(account.id);
        const first = await listProjects(account.accessToken, '?limit=5');
        expect(first.status).toBe(200);
        expect(Object.keys(first.body)).toEqual(['projects', 'pagination']);
        const page = first.body.projects as VercelProjectJson[];
        expect(page.map((project) => project.updatedAt)).toEqual(
          [...page.map((project) => project.updatedAt)].sort((a, b) => b - a),
        );
        expect(first.body.pagination).toEqual({
          count: 5,
          next: projects[4]?.updatedAt,
          prev: projects[0]?.updatedAt,
        });
        const last = await listProjects(account.accessToken, `?limit=5&until=${projects[4]?.updatedAt}`);
        expect((last.body.projects as VercelProjectJson[]).map((project) => project.id)).toEqual(
          projects.slice(5).map((project) => project.id),
        );
        expect(last.body.pagination).toMatchObject({ count: 2, next: null });
      });

      it('refuses a `limit` over 100 with 400 `bad_request`', async () => {
        const { account } = t.connect();
        const { status, body } = await listProjects(account.accessToken, '?limit=101');
        expect(status).toBe(400);
        expect(body).toMatchObject({ error: { code: 'bad_request' } });
      });

      it('refuses a refused token with 403 and `error.invalidToken`', async () => {
        const { status, body } = await listProjects('unknown', '');
        expect(status).toBe(403);
        expect(body).toMatchObject({ error: { invalidToken: true } });
      });
    });
  },
);
