import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { BitbucketEmulator, BitbucketRepositoryJson } from '../../src/providers/bitbucket/emulator.js';
import { BITBUCKET_REPOSITORY_SCOPES } from '../../src/providers/bitbucket/provider.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import type { GraphQLResponse } from '../support/stack.js';

const JANE_UUID = '{d301aafa-d676-4ee0-88be-962be7417567}';

const SCOPE_REFUSAL = (granted: string[], required: string[]) => ({
  type: 'error',
  error: {
    message: 'Your credentials lack one or more required privilege scopes.',
    detail: { granted, required },
  },
});

/** Clerk's defaults plus `repository`: what an application that lists repositories asks for. */
const REPO_SCOPES = ['account', 'email', 'repository'];
const LIST = 'bitbucket.listRepositories';
const WORKSPACES = 'bitbucket.listWorkspaces';
/** What one page of `bitbucketRepos` may cost: 3 repository pages and 2 workspace pages. */
const MAX_CALLS_PER_PAGE = 5;

const REPOS = parse(`
  query BitbucketRepos($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        bitbucketRepos(first: $first, after: $after) {
          edges {
            node {
              id name fullName description url isPrivate updatedAt provider accountId
              slug createdAt language sizeBytes mainBranch forkPolicy forkedFrom hasIssues hasWiki website
              httpsCloneUrl sshCloneUrl
              workspace { uuid slug name }
              project { uuid key name }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

interface ReposAnswer {
  me: {
    connectedAccount: {
      bitbucketRepos: {
        edges: { node: Record<string, unknown> & { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      } | null;
    } | null;
  };
}

describeProvider(
  {
    provider: 'bitbucket',
    rateLimitSaysWait: false,
    account: {
      providerUserId: JANE_UUID,
      username: 'janedoe',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
    },
    // The email comes from `GET /user/emails` (Clerk's default scopes include `email`).
    expected: (account) => ({
      id: JANE_UUID,
      username: 'janedoe',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://bitbucket.org/%7Bd301aafa-d676-4ee0-88be-962be7417567%7D/',
    }),
  },
  (t) => {
    it('reads no email, and does not ask for one, without the email scope', async () => {
      // Clerk's id without braces: the profile's is Bitbucket's uuid, braces included.
      const { account, token } = t.connect({ scopes: ['account'], providerUserId: JANE_UUID.slice(1, -1) });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: `{${account.providerUserId}}`, email: null });
      expect(t.emulator.calls.count({ route: 'bitbucket.listEmails', accountId: account.id })).toBe(0);
    });

    it('keeps the profile, without email, when Bitbucket refuses the email scope', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'bitbucket.listEmails',
        status: 403,
        body: SCOPE_REFUSAL(['account'], ['email']),
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ email: null, username: account.username });
    });

    it('reads the primary address of several', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'bitbucket.listEmails',
        status: 200,
        body: {
          pagelen: 10,
          page: 1,
          size: 2,
          values: [
            { is_primary: false, is_confirmed: true, type: 'email', email: 'old@example.com' },
            { is_primary: true, is_confirmed: true, type: 'email', email: 'primary@example.com' },
          ],
        },
      });
      const { profile } = await t.profileOf(token);
      expect(profile).toMatchObject({ email: 'primary@example.com' });
    });

    it("answers the scope refusal of /user with MISSING_SCOPES, the profile's scopes and the granted ones", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'bitbucket.getUser',
        status: 403,
        body: SCOPE_REFUSAL(['email'], ['account']),
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'bitbucket',
          accountId: account.id,
          requiredScopes: ['account'],
          acceptedScopes: [['account']],
          grantedScopes: ['account', 'email'],
        },
      ]);
    });

    it('answers its own scope refusal when a token lacks the scope', async () => {
      const { account } = t.connect({ scopes: ['account'] });
      const response = await t.callApi('/user/emails', { token: account.accessToken });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(SCOPE_REFUSAL(['account'], ['email']));
    });

    // docs/providers.md#bitbucket documents no wait on Bitbucket's 429: the gateway then says a minute.
    it('answers a 429 without Retry-After with RATE_LIMITED and the default minute', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'bitbucket.getUser',
        status: 429,
        body: { type: 'error', error: { message: 'Rate limit for this resource has been exceeded' } },
        headers: { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Resource': 'api' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'bitbucket', accountId: account.id, retryAfter: 60 },
      ]);
    });

    describe('bitbucketRepos', () => {
      const bitbucket = () => t.emulator.providers.bitbucket as BitbucketEmulator;

      describeListField(t, {
        field: 'bitbucketRepos',
        selection: 'id name fullName description url isPrivate updatedAt slug mainBranch',
        // Workspaces joined out of slug order: one of several pages, one without a repository of the
        // account's, one of exactly a page, one small.
        seed: (emulator, account) => {
          const api = emulator.providers.bitbucket as BitbucketEmulator;
          api.setWorkspaces(account.id, [
            { slug: 'zeta-labs', repositories: 3 },
            { slug: 'alpha-team', repositories: 137, publicOthers: 3 },
            { slug: 'empty-guild', repositories: 0, publicOthers: 2 },
            { slug: 'mid-corp', repositories: 100 },
          ]);
          return api.memberRepositories(account.id).map((repo) => repo.uuid);
        },
        route: LIST,
      });

      async function reposOf(
        token: string,
        accountId: string,
        args: { first?: number; after?: string } = {},
      ) {
        const response = (await t.stack.query(REPOS, { account: accountId, first: 100, ...args } as never, {
          token,
        })) as GraphQLResponse<ReposAnswer>;
        const connection = response.body.data?.me?.connectedAccount?.bitbucketRepos ?? null;
        return {
          nodes: connection?.edges.map((edge) => edge.node) ?? null,
          pageInfo: connection?.pageInfo ?? null,
          errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
        };
      }

      async function walkAll(token: string, accountId: string, first = 100) {
        const ids: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await reposOf(token, accountId, { first, ...(after ? { after } : {}) });
          expect(page.errors).toEqual([]);
          ids.push(...(page.nodes ?? []).map((node) => node.id));
          if (!page.pageInfo?.hasNextPage) return ids;
          after = page.pageInfo.endCursor ?? undefined;
        }
      }

      it('lists every account several workspaces by default, more than 100 repositories in one', async () => {
        const { account, token } = t.connect({ scopes: REPO_SCOPES });
        const workspaces = bitbucket().workspaces(account.id);
        expect(workspaces.map((workspace) => workspace.slug)).toEqual([
          'janedoe',
          'analytical-engines',
          'royal-society',
          'difference-engine',
        ]);
        const expected = bitbucket().memberRepositories(account.id);
        const large = expected.filter((repo) => repo.workspace.slug === 'analytical-engines');
        expect(large.length).toBeGreaterThan(100);
        expect(await walkAll(token, account.id)).toEqual(expected.map((repo) => repo.uuid));
        // Workspaces by slug; the personal one has the user's UUID.
        expect([...new Set(expected.map((repo) => repo.workspace.slug))]).toEqual([
          'analytical-engines',
          'difference-engine',
          'janedoe',
        ]);
        expect(expected.find((repo) => repo.workspace.slug === 'janedoe')?.workspace.uuid).toBe(JANE_UUID);
      });

      it('asks for the workspaces by slug, then each one with role=member, 100 a page', async () => {
        const { account, token } = t.connect({ scopes: REPO_SCOPES });
        bitbucket().setWorkspaces(account.id, [
          { slug: 'beta', repositories: 130 },
          { slug: 'alpha', repositories: 2 },
        ]);
        t.emulator.calls.reset();
        const ids = await walkAll(token, account.id);
        expect(ids).toHaveLength(132);
        const calls = t.emulator.calls.all().filter((call) => call.service === 'bitbucket');
        expect(calls.map((call) => [call.path, call.query])).toEqual([
          // First page: the workspaces, alpha's only page, the workspaces again (to find beta: the same
          // call, made once), beta's first page.
          ['/user/workspaces', { sort: 'slug', pagelen: '100' }],
          ['/repositories/alpha', { role: 'member', pagelen: '100' }],
          ['/repositories/beta', { role: 'member', pagelen: '100' }],
          // Second page: from the cursor, beta's first page again (for its last 2), its second, then the
          // workspaces, to find none after beta.
          ['/repositories/beta', { role: 'member', pagelen: '100' }],
          ['/repositories/beta', { role: 'member', pagelen: '100', page: '2' }],
          ['/user/workspaces', { sort: 'slug', pagelen: '100' }],
        ]);
      });

      it(`makes at most ${MAX_CALLS_PER_PAGE} calls a page, across workspaces and workspace pages`, async () => {
        const { account, token } = t.connect({ scopes: REPO_SCOPES });
        // 150 workspaces: two pages of them, each with one repository.
        bitbucket().setWorkspaces(
          account.id,
          Array.from({ length: 150 }, (_, index) => ({
            slug: `ws-${String(index).padStart(3, '0')}`,
            repositories: 1,
          })),
        );
        const expected = bitbucket()
          .memberRepositories(account.id)
          .map((repo) => repo.uuid);
        const ids: string[] = [];
        let after: string | undefined;
        for (let pages = 0; pages < 200; pages++) {
          t.emulator.calls.reset();
          const page = await reposOf(token, account.id, { first: 100, ...(after ? { after } : {}) });
          expect(page.errors).toEqual([]);
          expect(t.emulator.calls.count({ service: 'bitbucket' })).toBeLessThanOrEqual(MAX_CALLS_PER_PAGE);
          ids.push(...(page.nodes ?? []).map((node) => node.id));
          if (!page.pageInfo?.hasNextPage) break;
          after = page.pageInfo.endCursor ?? undefined;
        }
        expect(ids).toEqual(expected);
      });

      it('resumes in the same workspace when one joined before it meanwhile: nothing twice, nothing skipped', async () => {
        const { account, token } = t.connect({ scopes: REPO_SCOPES });
        bitbucket().setWorkspaces(account.id, [
          { slug: 'beta', repositories: 30 },
          { slug: 'gamma', repositories: 5 },
        ]);
        const before = bitbucket().memberRepositories(account.id);
        const first = await reposOf(token, account.id, { first: 10 });
        // Joining `alpha` (sorted first) moves every workspace one place down its page.
        const stored = bitbucket().workspaces(account.id);
        bitbucket().setWorkspaces(account.id, [
          { slug: 'alpha', repositories: 4 },
          ...stored.map((workspace) => ({
            slug: workspace.slug,
            repositories: before.filter((repo) => repo.workspace.slug === workspace.slug),
          })),
        ]);
        const ids = [...(first.nodes ?? []).map((node) => node.id)];
        let after = first.pageInfo?.endCursor ?? undefined;
        for (;;) {
          const page = await reposOf(token, account.id, { first: 10, ...(after ? { after } : {}) });
          expect(page.errors).toEqual([]);
          ids.push(...(page.nodes ?? []).map((node) => node.id));
          if (!page.pageInfo?.hasNextPage) break;
          after = page.pageInfo.endCursor ?? undefined;
        }
        expect(ids).toEqual(before.map((repo) => repo.uuid));
      });

      it('lists with a scope that implies `repository` (`pullrequest`)', async () => {
        const { account, token } = t.connect({ scopes: ['account', 'pullrequest'] });
        const { nodes, errors } = await reposOf(token, account.id, { first: 5 });
        expect(errors).toEqual([]);
        expect(nodes).toHaveLength(5);
      });

      it('refuses `first` outside 1 to 100 with BAD_USER_INPUT, before any call', async () => {
        const { account, token } = t.connect({ scopes: REPO_SCOPES });
        t.emulator.calls.reset();
        for (const first of [0, 101]) {
          const { nodes, errors } = await reposOf(token, account.id, { first });
          expect(nodes).toBeNull();
          expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        }
        expect(t.emulator.calls.count({ service: 'bitbucket' })).toBe(0);
      });

      it("answers Bitbucket's scope refusal with MISSING_SCOPES, the field's scopes and the granted ones", async () => {
        const { account, token } = t.connect({ scopes: REPO_SCOPES });
        t.answerOnce(account.id, {
          route: LIST,
          status: 403,
          body: SCOPE_REFUSAL(['account', 'email'], ['repository']),
        });
        const { nodes, errors } = await reposOf(token, account.id);
        expect(nodes).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'bitbucket',
            accountId: account.id,
            requiredScopes: ['account', 'repository'],
            acceptedScopes: [['account'], [...BITBUCKET_REPOSITORY_SCOPES]],
            grantedScopes: REPO_SCOPES,
          },
        ]);
      });

      it("answers another 403 (a workspace's IP allowlist) with PROVIDER_ERROR", async () => {
        const { account, token } = t.connect({ scopes: REPO_SCOPES });
        t.answerOnce(account.id, {
          route: WORKSPACES,
          status: 403,
          body: { type: 'error', error: { message: 'Access denied.' } },
        });
        const { errors } = await reposOf(token, account.id);
        expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'bitbucket', accountId: account.id }]);
      });

      it('maps Bitbucket\'s repository: `""` text to null, times to UTC, no main branch, a fork', async () => {
        const { account, token } = t.connect({ scopes: REPO_SCOPES });
        const [base] = bitbucket().memberRepositories(account.id);
        if (!base) throw new Error('no default repository');
        const repository: BitbucketRepositoryJson = {
          ...base,
          uuid: '{21fa9bb9-a1a9-4b39-a7f0-9a9b3c6c1b3c}',
          name: 'Loom Engine',
          slug: 'loom-engine',
          full_name: 'acme/loom-engine',
          description: '',
          language: '',
          website: '',
          is_private: false,
          created_on: '2019-03-01T10:00:00.123456+00:00',
          updated_on: '2024-06-30T23:59:59.999999+02:00',
          size: 5_368_709_120,
          mainbranch: null,
          fork_policy: 'allow_forks',
          parent: {
            type: 'repository',
            full_name: 'atlassian/loom-engine',
            name: 'loom-engine',
            uuid: '{00000000-0000-4000-8000-000000000001}',
            links: { html: { href: 'https://bitbucket.org/atlassian/loom-engine' } },
          },
          project: null,
          links: { ...base.links, html: { href: 'https://bitbucket.org/acme/loom-engine' } },
        };
        bitbucket().setWorkspaces(account.id, [{ slug: 'acme', name: 'Acme', repositories: [repository] }]);
        const { nodes, errors } = await reposOf(token, account.id);
        expect(errors).toEqual([]);
        expect(nodes).toEqual([
          expect.objectContaining({
            id: '{21fa9bb9-a1a9-4b39-a7f0-9a9b3c6c1b3c}',
            name: 'Loom Engine',
            slug: 'loom-engine',
            fullName: 'acme/loom-engine',
            description: null,
            language: null,
            website: null,
            url: 'https://bitbucket.org/acme/loom-engine',
            isPrivate: false,
            createdAt: '2019-03-01T10:00:00.123Z',
            updatedAt: '2024-06-30T21:59:59.999Z',
            sizeBytes: 5_368_709_120,
            mainBranch: null,
            forkPolicy: 'ALLOW_FORKS',
            forkedFrom: 'atlassian/loom-engine',
            project: null,
            provider: 'BITBUCKET',
            accountId: account.id,
          }),
        ]);
      });

      describe('the emulator', () => {
        it("refuses a token without `repository` with Bitbucket's scope refusal", async () => {
          const { account } = t.connect({ scopes: ['account', 'email'] });
          const response = await t.callApi('/repositories/analytical-engines?role=member', {
            token: account.accessToken,
          });
          expect(response.status).toBe(403);
          expect(await response.json()).toEqual(SCOPE_REFUSAL(['account', 'email'], ['repository']));
        });

        it('refuses a pagelen over 100 with 400 Invalid pagelen', async () => {
          const { account } = t.connect({ scopes: REPO_SCOPES });
          for (const path of [
            '/repositories/analytical-engines?pagelen=101',
            '/user/workspaces?pagelen=500',
          ]) {
            const response = await t.callApi(path, { token: account.accessToken });
            expect(response.status).toBe(400);
            expect(await response.json()).toEqual({ type: 'error', error: { message: 'Invalid pagelen' } });
          }
        });

        it('answers the removed cross-workspace endpoints with 410 Gone (CHANGE-2770)', async () => {
          const { account } = t.connect({ scopes: REPO_SCOPES });
          for (const path of ['/repositories?role=member', '/workspaces', '/user/permissions/repositories']) {
            const response = await t.callApi(path, { token: account.accessToken });
            expect(response.status).toBe(410);
            expect(await response.json()).toMatchObject({
              type: 'error',
              error: { message: 'CHANGE-2770 - Functionality has been deprecated' },
            });
          }
        });

        it('pages with a `next` URL that keeps the query; role=member leaves out what the account has no permission on', async () => {
          const { account } = t.connect({ scopes: REPO_SCOPES });
          const all = (await (
            await t.callApi('/repositories/analytical-engines?pagelen=100', { token: account.accessToken })
          ).json()) as { size: number; next?: string };
          const member = (await (
            await t.callApi('/repositories/analytical-engines?role=member&pagelen=100', {
              token: account.accessToken,
            })
          ).json()) as { size: number; pagelen: number; page: number; values: unknown[]; next?: string };
          expect(all.size - member.size).toBe(4);
          expect(member).toMatchObject({ pagelen: 100, page: 1 });
          expect(member.values).toHaveLength(100);
          const next = new URL(member.next ?? '');
          expect(Object.fromEntries(next.searchParams)).toEqual({
            role: 'member',
            pagelen: '100',
            page: '2',
          });
        });

        it('lists workspaces in the order joined, or by slug with sort=slug', async () => {
          const { account } = t.connect({ scopes: REPO_SCOPES });
          const slugsOf = async (query: string) => {
            const body = (await (
              await t.callApi(`/user/workspaces${query}`, { token: account.accessToken })
            ).json()) as { values: { type: string; workspace: { slug: string; type: string } }[] };
            expect(body.values[0]).toMatchObject({
              type: 'workspace_access',
              workspace: { type: 'workspace_base' },
            });
            return body.values.map((entry) => entry.workspace.slug);
          };
          expect(await slugsOf('')).toEqual([
            'janedoe',
            'analytical-engines',
            'royal-society',
            'difference-engine',
          ]);
          expect(await slugsOf('?sort=slug')).toEqual([
            'analytical-engines',
            'difference-engine',
            'janedoe',
            'royal-society',
          ]);
        });
      });
    });
  },
);
