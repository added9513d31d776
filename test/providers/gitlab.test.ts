import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GitLabEmulator, GitLabProjectJson } from '../../src/providers/gitlab/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import type { GraphQLResponse } from '../support/stack.js';

/** The GitLab example user of docs/providers.md#gitlab. */
const JOHN = {
  providerUserId: '1',
  username: 'john_smith',
  firstName: 'John',
  lastName: 'Smith',
  email: 'john@example.com',
};

const INSUFFICIENT_SCOPE = {
  error: 'insufficient_scope',
  error_description: 'The request requires higher privileges than provided by the access token.',
  scope: 'api read_api read_user',
};

/** What an application that lists projects asks for: Clerk's `read_user` and `read_api`. */
const PROJECT_SCOPES = ['read_user', 'read_api'];
const PROFILE_SCOPES = [['read_user', 'read_api', 'api']];
const LIST = 'gitlab.listProjects';

const PROJECTS = parse(`
  query GitLabProjects(
    $account: ID!
    $first: Int
    $after: String
    $orderBy: GitLabProjectOrderBy
    $sort: GitLabSortDirection
    $archived: Boolean
  ) {
    me {
      connectedAccount(id: $account) {
        gitlabProjects(first: $first, after: $after, orderBy: $orderBy, sort: $sort, archived: $archived) {
          edges {
            node {
              id name fullName description url isPrivate updatedAt provider accountId
              path pathWithNamespace nameWithNamespace visibility defaultBranch topics starCount forksCount
              openIssuesCount isArchived isEmpty forkedFrom createdAt lastActivityAt httpCloneUrl sshCloneUrl
              avatarUrl accessLevel
              namespace { id name path fullPath kind }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

interface ProjectsAnswer {
  me: {
    connectedAccount: {
      gitlabProjects: {
        edges: { node: Record<string, unknown> & { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      } | null;
    } | null;
  };
}

/** GitLab's default order: newest first, ties by id in the same direction. */
function newestFirst(projects: GitLabProjectJson[]): GitLabProjectJson[] {
  return [...projects].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
}

describeProvider(
  {
    provider: 'gitlab',
    account: JOHN,
    expected: (account) => ({
      id: '1',
      username: 'john_smith',
      name: 'John Smith',
      email: 'john@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://gitlab.com/john_smith',
    }),
  },
  (t) => {
    const getUser = (token: string) => t.callApi('/user', { token });

    describe('the emulator', () => {
      it("answers GET /user in the reference's shape", async () => {
        const { account } = t.connect();
        const response = await getUser(account.accessToken);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.json()).toMatchObject({
          id: 1,
          username: 'john_smith',
          name: 'John Smith',
          state: 'active',
          avatar_url: account.imageUrl,
          web_url: 'https://gitlab.com/john_smith',
          public_email: '',
          email: 'john@example.com',
          commit_email: 'john@example.com',
          identities: [],
          bot: false,
        });
      });

      it('says why a token is refused: unknown, expired or revoked', async () => {
        expect(await (await getUser('glpat-unknown')).json()).toEqual({ message: '401 Unauthorized' });

        const { account } = t.connect();
        const expiredToken = account.accessToken;
        t.emulator.clerk.expireAccessToken(account.id);
        const expired = await getUser(expiredToken);
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toBe(
          'Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="Token is expired. You can either do re-authorization or token refresh."',
        );
        expect(await expired.json()).toEqual({
          error: 'invalid_token',
          error_description: 'Token is expired. You can either do re-authorization or token refresh.',
        });

        const { account: revoked } = t.connect();
        t.emulator.clerk.revokeAtProvider(revoked.id);
        expect(await (await getUser(revoked.accessToken)).json()).toEqual({
          error: 'invalid_token',
          error_description: 'Token was revoked. You have to re-authorize from the user.',
        });
      });

      it('answers a token without a user scope with 403 insufficient_scope', async () => {
        const { account } = t.connect({ scopes: ['openid'] });
        const response = await getUser(account.accessToken);
        expect(response.status).toBe(403);
        expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
        expect(await response.json()).toEqual(INSUFFICIENT_SCOPE);
      });

      it('answers a rate limit in plain text with RateLimit-* headers', async () => {
        const { account } = t.connect();
        t.emulator.providers.gitlab?.rateLimit(account.id, { retryAfterSeconds: 30 });
        const response = await getUser(account.accessToken);
        expect(response.status).toBe(429);
        expect(response.headers.get('content-type')).toBe('text/plain');
        expect(await response.text()).toBe('Retry later\n');
        expect(response.headers.get('retry-after')).toBe('30');
        expect(response.headers.get('ratelimit-remaining')).toBe('0');
        expect(response.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
        const reset = Number(response.headers.get('ratelimit-reset'));
        expect(reset - Date.now() / 1000).toBeGreaterThan(28);
        expect(Date.parse(response.headers.get('ratelimit-resettime') ?? '')).toBe(reset * 1000);
      });
    });

    describe('the gateway', () => {
      it('answers 403 insufficient_scope with MISSING_SCOPES, without asking Clerk for a fresh token', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status: 403, body: INSUFFICIENT_SCOPE });
        expect((await t.profileOf(token)).errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'gitlab',
            accountId: account.id,
            requiredScopes: ['read_user'],
            acceptedScopes: PROFILE_SCOPES,
            grantedScopes: ['read_user'],
          },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          1,
        );
      });

      it('answers another 403 with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status: 403, body: { message: '403 Forbidden' } });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'gitlab', accountId: account.id },
        ]);
      });

      it('reads the wait of a 429 from RateLimit-Reset once RateLimit-Remaining is 0', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 429,
          body: 'Retry later\n',
          headers: {
            'ratelimit-remaining': '0',
            'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 20),
          },
        });
        const [error] = (await t.profileOf(token)).errors;
        expect(error).toMatchObject({ code: 'RATE_LIMITED', provider: 'gitlab', accountId: account.id });
        expect(error?.retryAfter).toBeGreaterThanOrEqual(19);
        expect(error?.retryAfter).toBeLessThanOrEqual(21);
      });
    });

    it('reads the profile with `read_api` or `api` instead of `read_user`', async () => {
      for (const scope of ['read_api', 'api']) {
        const { token } = t.connect({ scopes: [scope] });
        const { profile, errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(profile).toMatchObject({ id: '1', username: 'john_smith' });
      }
    });

    describe('gitlabProjects', () => {
      const gitlab = () => t.emulator.providers.gitlab as GitLabEmulator;

      describeListField(t, {
        field: 'gitlabProjects',
        selection:
          'id name fullName description url isPrivate updatedAt visibility pathWithNamespace starCount',
        // Two full pages of 100 and a partial one.
        seed: (emulator, account) => {
          const api = emulator.providers.gitlab as GitLabEmulator;
          api.setProjects(account.id, { count: 237 });
          return newestFirst(api.projects(account.id)).map((project) => String(project.id));
        },
        route: LIST,
      });

      async function projectsOf(
        token: string,
        accountId: string,
        args: {
          first?: number;
          after?: string;
          orderBy?: string;
          sort?: string;
          archived?: boolean | null;
        } = {},
      ) {
        const response = (await t.stack.query(
          PROJECTS,
          { account: accountId, first: 100, ...args } as never,
          { token },
        )) as GraphQLResponse<ProjectsAnswer>;
        const connection = response.body.data?.me?.connectedAccount?.gitlabProjects ?? null;
        return {
          nodes: connection?.edges.map((edge) => edge.node) ?? null,
          pageInfo: connection?.pageInfo ?? null,
          errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
        };
      }

      function project(overrides: Partial<GitLabProjectJson>): GitLabProjectJson {
        const [base] = gitlab().projects(t.connect({ scopes: PROJECT_SCOPES }).account.id);
        if (!base) throw new Error('no default project');
        return { ...base, ...overrides };
      }

      it('gives every account more than a page of projects at the largest page size', async () => {
        const { account, token } = t.connect({ scopes: PROJECT_SCOPES });
        const stored = gitlab().projects(account.id);
        expect(stored.length).toBeGreaterThan(100);
        const first = await projectsOf(token, account.id);
        expect(first.errors).toEqual([]);
        expect(first.nodes?.map((node) => node.id)).toEqual(
          newestFirst(stored)
            .slice(0, 100)
            .map((entry) => String(entry.id)),
        );
        expect(first.pageInfo?.hasNextPage).toBe(true);
        // Personal and group projects, a subgroup, every visibility, archived and empty ones.
        const namespaces = new Set(stored.map((entry) => entry.namespace.full_path));
        expect(namespaces).toContain('john_smith');
        expect(namespaces).toContain('analytical-engines/notes');
        expect(new Set(stored.map((entry) => entry.visibility))).toEqual(
          new Set(['public', 'internal', 'private']),
        );
        expect(stored.some((entry) => entry.archived)).toBe(true);
        expect(stored.some((entry) => entry.empty_repo)).toBe(true);
      });

      it('asks GET /projects for the member projects, 100 a page, in the order asked', async () => {
        const { account, token } = t.connect({ scopes: PROJECT_SCOPES });
        gitlab().setProjects(account.id, { count: 150 });
        t.emulator.calls.reset();
        const first = await projectsOf(token, account.id, { first: 100 });
        await projectsOf(token, account.id, { first: 100, after: first.pageInfo?.endCursor ?? '' });
        const calls = t.emulator.calls.all().filter((call) => call.route === LIST);
        expect(calls.map((call) => call.query)).toEqual([
          { membership: 'true', order_by: 'created_at', sort: 'desc', per_page: '100', page: '1' },
          { membership: 'true', order_by: 'created_at', sort: 'desc', per_page: '100', page: '2' },
        ]);
      });

      it('orders and filters as asked, and passes `archived` on', async () => {
        const { account, token } = t.connect({ scopes: PROJECT_SCOPES });
        gitlab().setProjects(account.id, { count: 60 });
        t.emulator.calls.reset();
        const { nodes, errors } = await projectsOf(token, account.id, {
          orderBy: 'NAME',
          sort: 'ASC',
          archived: false,
        });
        expect(errors).toEqual([]);
        const expected = gitlab()
          .projects(account.id)
          .filter((entry) => !entry.archived)
          .sort((a, b) => {
            const [left, right] = [a.name.toLowerCase(), b.name.toLowerCase()];
            return left < right ? -1 : left > right ? 1 : a.id - b.id;
          })
          .map((entry) => String(entry.id));
        expect(nodes?.map((node) => node.id)).toEqual(expected);
        expect(t.emulator.calls.all().find((call) => call.route === LIST)?.query).toMatchObject({
          order_by: 'name',
          sort: 'asc',
          archived: 'false',
        });
      });

      it('refuses a cursor of another order with BAD_USER_INPUT, before any call', async () => {
        const { account, token } = t.connect({ scopes: PROJECT_SCOPES });
        const { pageInfo } = await projectsOf(token, account.id, { first: 3, orderBy: 'NAME' });
        t.emulator.calls.reset();
        const { nodes, errors } = await projectsOf(token, account.id, { after: pageInfo?.endCursor ?? '' });
        expect(nodes).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'gitlab' })).toBe(0);
      });

      it('refuses `first` outside 1 to 100 with BAD_USER_INPUT, before any call', async () => {
        const { account, token } = t.connect({ scopes: PROJECT_SCOPES });
        t.emulator.calls.reset();
        for (const first of [0, 101]) {
          const { nodes, errors } = await projectsOf(token, account.id, { first });
          expect(nodes).toBeNull();
          expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        }
        expect(t.emulator.calls.count({ service: 'gitlab' })).toBe(0);
      });

      it('lists with `api` instead of `read_api`', async () => {
        const { account, token } = t.connect({ scopes: ['read_user', 'api'] });
        const { nodes, errors } = await projectsOf(token, account.id, { first: 5 });
        expect(errors).toEqual([]);
        expect(nodes).toHaveLength(5);
      });

      it("answers GitLab's 403 insufficient_scope with MISSING_SCOPES, both accepted scopes and the granted ones", async () => {
        const { account, token } = t.connect({ scopes: PROJECT_SCOPES });
        t.answerOnce(account.id, {
          route: LIST,
          status: 403,
          body: { ...INSUFFICIENT_SCOPE, scope: 'api read_api' },
          headers: {
            'www-authenticate':
              'Bearer realm="Protected by OAuth 2.0", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token.", scope="api read_api"',
          },
        });
        const { nodes, errors } = await projectsOf(token, account.id);
        expect(nodes).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'gitlab',
            accountId: account.id,
            requiredScopes: ['read_api'],
            acceptedScopes: [['read_api', 'api']],
            grantedScopes: PROJECT_SCOPES,
          },
        ]);
      });

      it('maps GitLab\'s project: `null` or `""` description to null, times to UTC, roles and namespaces', async () => {
        const { account, token } = t.connect({ scopes: PROJECT_SCOPES });
        const { updated_at: _updated, ...withoutUpdatedAt } = project({});
        const { open_issues_count: _issues, ...withoutIssues } = project({});
        gitlab().setProjects(account.id, [
          project({
            id: 4,
            name: 'Diaspora Client',
            path: 'diaspora-client',
            path_with_namespace: 'diaspora/diaspora-client',
            name_with_namespace: 'Diaspora / Diaspora Client',
            description: '',
            visibility: 'internal',
            created_at: '2013-09-30T13:46:02+02:00',
            updated_at: '2024-05-01T10:00:00.123Z',
            last_activity_at: '2024-04-30T08:00:00Z',
            topics: ['example', 'ruby'],
            forked_from_project: {
              id: 3,
              name: 'Diaspora Client',
              name_with_namespace: 'Upstream / Diaspora Client',
              path: 'diaspora-client',
              path_with_namespace: 'upstream/diaspora-client',
              web_url: 'https://gitlab.com/upstream/diaspora-client',
            },
            namespace: {
              id: 2,
              name: 'Diaspora',
              path: 'diaspora',
              kind: 'group',
              full_path: 'diaspora',
              parent_id: null,
              avatar_url: null,
              web_url: 'https://gitlab.com/groups/diaspora',
            },
            permissions: {
              project_access: { access_level: 30, notification_level: 3 },
              group_access: { access_level: 40, notification_level: 3 },
            },
          }),
          {
            ...withoutUpdatedAt,
            id: 5,
            description: null,
            visibility: 'private',
            created_at: '2013-09-29T00:00:00Z',
            last_activity_at: '2020-01-02T03:04:05.678Z',
            permissions: { project_access: null, group_access: null },
          },
          { ...withoutIssues, id: 6, issues_enabled: false, created_at: '2013-09-28T00:00:00Z' },
        ]);
        const { nodes, errors } = await projectsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(nodes?.[0]).toMatchObject({
          id: '4',
          name: 'Diaspora Client',
          fullName: 'diaspora/diaspora-client',
          pathWithNamespace: 'diaspora/diaspora-client',
          nameWithNamespace: 'Diaspora / Diaspora Client',
          description: null,
          visibility: 'INTERNAL',
          isPrivate: false,
          createdAt: '2013-09-30T11:46:02.000Z',
          updatedAt: '2024-05-01T10:00:00.123Z',
          lastActivityAt: '2024-04-30T08:00:00.000Z',
          topics: ['example', 'ruby'],
          forkedFrom: 'upstream/diaspora-client',
          accessLevel: 40,
          namespace: { id: '2', name: 'Diaspora', path: 'diaspora', fullPath: 'diaspora', kind: 'GROUP' },
          provider: 'GITLAB',
          accountId: account.id,
        });
        // Without `updated_at` (older GitLab), the last activity; no role listed: null.
        expect(nodes?.[1]).toMatchObject({
          id: '5',
          description: null,
          isPrivate: true,
          visibility: 'PRIVATE',
          updatedAt: '2020-01-02T03:04:05.678Z',
          accessLevel: null,
        });
        // Issues disabled: GitLab leaves the count out.
        expect(nodes?.[2]).toMatchObject({ id: '6', openIssuesCount: null });
      });

      describe('the emulator', () => {
        const listProjects = (token: string, query: string) => t.callApi(`/projects?${query}`, { token });

        it('refuses a token without `read_api` or `api` with 403 insufficient_scope', async () => {
          const { account } = t.connect({ scopes: ['read_user'] });
          const response = await listProjects(account.accessToken, 'membership=true');
          expect(response.status).toBe(403);
          expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
          expect(await response.json()).toEqual({ ...INSUFFICIENT_SCOPE, scope: 'api read_api' });
        });

        it('serves at most 100 a page, announcing the next in x-next-page (empty on the last)', async () => {
          const { account } = t.connect({ scopes: PROJECT_SCOPES });
          gitlab().setProjects(account.id, { count: 130 });
          const first = await listProjects(account.accessToken, 'membership=true&per_page=500');
          expect(first.status).toBe(200);
          expect(await first.json()).toHaveLength(100);
          expect(first.headers.get('x-per-page')).toBe('100');
          expect(first.headers.get('x-next-page')).toBe('2');
          expect(first.headers.get('x-total')).toBe('130');
          expect(first.headers.get('link')).toContain('rel="next"');
          const last = await listProjects(account.accessToken, 'membership=true&per_page=100&page=2');
          expect(await last.json()).toHaveLength(30);
          expect(last.headers.get('x-next-page')).toBe('');
          expect(last.headers.get('x-prev-page')).toBe('1');
        });

        it("answers GitLab's 400 to a bad parameter", async () => {
          const { account } = t.connect({ scopes: PROJECT_SCOPES });
          const cases = [
            ['per_page=abc', 'per_page is invalid'],
            ['per_page=-1', 'per_page does not have a valid value'],
            ['page=0', 'page does not have a valid value'],
            ['order_by=stars', 'order_by does not have a valid value'],
            ['sort=up', 'sort does not have a valid value'],
            ['archived=maybe', 'archived is invalid'],
          ];
          for (const [query, error] of cases) {
            const response = await listProjects(account.accessToken, `membership=true&${query}`);
            expect(response.status).toBe(400);
            expect(await response.json()).toEqual({ error });
          }
        });

        it('lists public projects of others without `membership=true`, and limited fields with `simple=true`', async () => {
          const { account } = t.connect({ scopes: PROJECT_SCOPES });
          gitlab().setProjects(account.id, { count: 3 });
          const all = (await (
            await listProjects(account.accessToken, 'per_page=100')
          ).json()) as GitLabProjectJson[];
          expect(all.map((entry) => entry.path_with_namespace)).toContain('gitlab-org/gitlab');
          const member = (await (
            await listProjects(account.accessToken, 'membership=true&simple=true')
          ).json()) as Record<string, unknown>[];
          expect(member).toHaveLength(3);
          expect(member[0]).not.toHaveProperty('visibility');
          expect(member[0]).toHaveProperty('path_with_namespace');
        });
      });
    });
  },
);
