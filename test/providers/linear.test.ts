import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { LinearEmulator } from '../../src/providers/linear/emulator.js';
import type { LinearIssueJson } from '../../src/providers/linear/fixtures.js';
import { describeListField } from '../support/list-field-contract.js';
import { type AccountInput, type CannedAnswer, describeProvider } from '../support/provider-harness.js';
import type { GraphQLResponse } from '../support/stack.js';

const ISSUES = parse(`
  query LinearIssues($account: ID!, $first: Int) {
    me {
      connectedAccount(id: $account) {
        linearIssues(first: $first) {
          edges {
            node {
              id identifier title url priority priorityLabel dueDate createdAt updatedAt
              state { name type color }
              team { id key name }
            }
          }
        }
      }
    }
  }
`);

interface IssuesAnswer {
  me: { connectedAccount: { linearIssues: { edges: { node: Record<string, unknown> }[] } | null } | null };
}

const JANE = {
  providerUserId: '2d3b6f2c-7c7e-4f1a-9a4e-1f2e3d4c5b6a',
  username: 'jane',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@example.com',
};

const AUTHENTICATION_ERROR = {
  errors: [
    {
      message: 'Authentication required, not authenticated',
      extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR', userError: true },
    },
  ],
};
const RATELIMITED = {
  errors: [
    {
      message: 'Rate limit exceeded',
      extensions: { code: 'RATELIMITED', type: 'ratelimited', userError: true },
    },
  ],
};

describeProvider(
  {
    provider: 'linear',
    account: JANE,
    // Linear's `displayName` is the handle, `name` the full name.
    expected: (account) => ({
      id: '2d3b6f2c-7c7e-4f1a-9a4e-1f2e3d4c5b6a',
      username: 'jane',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://linear.app/acme/profiles/jane',
    }),
  },
  (t) => {
    /** A canned answer to the account's GraphQL calls. */
    function answer(accountId: string, canned: Omit<CannedAnswer, 'route'>) {
      t.answerOnce(accountId, { route: 'linear.graphql', ...canned });
    }

    // "auth failures seen as HTTP 401, 400 and even 200-with-errors" (docs/providers.md#linear).
    it.each([200, 400, 401])('reads `AUTHENTICATION_ERROR` on HTTP %i as REAUTH_REQUIRED', async (status) => {
      const { account, token } = t.connect();
      answer(account.id, { status, body: AUTHENTICATION_ERROR });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'linear', accountId: account.id }]);
    });

    it("reads the error `type` alone, as Linear's SDK does", async () => {
      const { account, token } = t.connect();
      answer(account.id, {
        status: 200,
        body: { errors: [{ message: 'Not authenticated', extensions: { type: 'authentication error' } }] },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'linear', accountId: account.id }]);
    });

    // The unit of `X-RateLimit-*-Reset` is unverified (docs/providers.md#linear): seconds and milliseconds
    // both read.
    it.each([
      [200, 'milliseconds', () => String(Date.now() + 20_000)],
      [400, 'milliseconds', () => String(Date.now() + 20_000)],
      [429, 'milliseconds', () => String(Date.now() + 20_000)],
      [400, 'seconds', () => String(Math.round(Date.now() / 1000) + 20)],
    ])(
      'reads `RATELIMITED` on HTTP %i with a reset in epoch %s as RATE_LIMITED',
      async (status, _unit, reset) => {
        const { account, token } = t.connect();
        answer(account.id, {
          status,
          body: RATELIMITED,
          headers: {
            'X-RateLimit-Requests-Limit': '1500',
            'X-RateLimit-Requests-Remaining': '0',
            'X-RateLimit-Requests-Reset': reset(),
          },
        });
        const { profile, errors } = await t.profileOf(token);
        expect(profile).toBeNull();
        expect(errors).toEqual([
          { code: 'RATE_LIMITED', provider: 'linear', accountId: account.id, retryAfter: expect.any(Number) },
        ]);
        expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(19);
        expect(errors[0]?.retryAfter).toBeLessThanOrEqual(21);
      },
    );

    it('waits for the exhausted bucket: the complexity reset when requests remain', async () => {
      const { account, token } = t.connect();
      answer(account.id, {
        status: 400,
        body: RATELIMITED,
        headers: {
          'X-RateLimit-Requests-Remaining': '1200',
          'X-RateLimit-Requests-Reset': String(Date.now() + 3_600_000),
          'X-RateLimit-Complexity-Remaining': '0',
          'X-RateLimit-Complexity-Reset': String(Date.now() + 5_000),
        },
      });
      const { errors } = await t.profileOf(token);
      expect(errors[0]).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 5 });
    });

    it('reads a `Retry-After`, and waits the default minute when nothing says how long', async () => {
      const first = t.connect();
      answer(first.account.id, { status: 400, body: RATELIMITED, headers: { 'Retry-After': '7' } });
      const second = t.connect();
      answer(second.account.id, {
        status: 429,
        body: 'Too Many Requests',
        headers: { 'Content-Type': 'text/plain' },
      });
      const [withRetryAfter, bare] = await Promise.all([t.profileOf(first.token), t.profileOf(second.token)]);
      expect(withRetryAfter.errors[0]).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 7 });
      expect(bare.errors[0]).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });
    });

    it('answers any other GraphQL error with PROVIDER_ERROR, never as a profile', async () => {
      const { account, token } = t.connect();
      answer(account.id, {
        status: 400,
        body: {
          errors: [
            { message: 'Cannot query field "x"', extensions: { code: 'INPUT_ERROR', type: 'invalid input' } },
          ],
        },
      });
      const other = t.connect();
      answer(other.account.id, {
        status: 200,
        body: {
          data: { viewer: null },
          errors: [
            { message: 'Internal error', extensions: { code: 'INTERNAL_ERROR', type: 'internal error' } },
          ],
        },
      });
      const answers = await Promise.all([t.profileOf(token), t.profileOf(other.token)]);
      expect(answers.map(({ profile, errors }) => ({ profile, errors }))).toEqual([
        { profile: null, errors: [{ code: 'PROVIDER_ERROR', provider: 'linear', accountId: account.id }] },
        {
          profile: null,
          errors: [{ code: 'PROVIDER_ERROR', provider: 'linear', accountId: other.account.id }],
        },
      ]);
    });

    describe('the emulator', () => {
      async function graphql(token: string | undefined, body: string, contentType = 'application/json') {
        const response = await t.callApi('/graphql', {
          method: 'POST',
          ...(token ? { token } : {}),
          headers: { 'content-type': contentType },
          body,
        });
        return { response, body: (await response.json()) as Record<string, unknown> };
      }

      function tokenOf(input: AccountInput = {}) {
        const { account } = t.connect(input);
        return { account, token: t.emulator.clerk.currentAccessToken(account.id) };
      }

      it('answers exactly the selected viewer fields, with aliases, `__typename` and the organization', async () => {
        const { account, token } = tokenOf();
        const query =
          'query Me { viewer { __typename id handle: displayName createdAt organization { name urlKey } } }';
        const { response, body } = await graphql(token, JSON.stringify({ query, operationName: 'Me' }));
        expect(response.status).toBe(200);
        expect(body).toEqual({
          data: {
            viewer: {
              __typename: 'User',
              id: JANE.providerUserId,
              handle: 'jane',
              createdAt: new Date(account.createdAt).toISOString(),
              organization: { name: 'Acme', urlKey: 'acme' },
            },
          },
        });
      });

      it.each([
        ['an unknown field', '{ viewer { id shoeSize } }', 'Cannot query field "shoeSize" on type "User".'],
        [
          'an object without a selection',
          '{ viewer { organization } }',
          'must have a selection of subfields',
        ],
        ['a syntax error', '{ viewer { id }', 'Syntax Error'],
      ])('refuses %s with 400 `INPUT_ERROR`', async (_case, query, message) => {
        const { token } = tokenOf();
        const { response, body } = await graphql(token, JSON.stringify({ query }));
        expect(response.status).toBe(400);
        expect(body).toEqual({
          errors: [
            {
              message: expect.stringContaining(message),
              extensions: { type: 'invalid input', code: 'INPUT_ERROR', userError: true },
            },
          ],
        });
      });

      it('refuses a body that is not JSON with 400, before looking at the token', async () => {
        const { response, body } = await graphql(undefined, 'query { viewer { id } }', 'application/graphql');
        expect(response.status).toBe(400);
        expect(body).toMatchObject({ errors: [{ extensions: { code: 'INPUT_ERROR' } }] });
      });

      it("answers an unknown token with 401 and the reference's `AUTHENTICATION_ERROR` body", async () => {
        const { response, body } = await graphql(
          'lin_oauth_unknown',
          JSON.stringify({ query: '{ viewer { id } }' }),
        );
        expect(response.status).toBe(401);
        expect(body).toEqual({
          errors: [
            {
              message: 'Authentication required, not authenticated',
              extensions: {
                type: 'authentication error',
                code: 'AUTHENTICATION_ERROR',
                statusCode: 401,
                userError: true,
                userPresentableMessage: 'You need to authenticate to access this operation.',
              },
            },
          ],
        });
      });

      it('answers a limit with `RATELIMITED` and the requests bucket, reset in epoch milliseconds', async () => {
        const { account, token } = tokenOf();
        t.emulator.providers.linear?.rateLimit(account.id, { retryAfterSeconds: 30 });
        const before = Date.now();
        const { response, body } = await graphql(token, JSON.stringify({ query: '{ viewer { id } }' }));
        expect(response.status).toBe(400);
        expect(body).toMatchObject({
          errors: [{ extensions: { code: 'RATELIMITED', type: 'ratelimited' } }],
        });
        expect(response.headers.get('x-ratelimit-requests-remaining')).toBe('0');
        const reset = Number(response.headers.get('x-ratelimit-requests-reset'));
        expect(reset).toBeGreaterThanOrEqual(before + 30_000);
        expect(reset).toBeLessThanOrEqual(Date.now() + 30_000);
      });
    });

    describe('linearIssues', () => {
      const linear = () => t.emulator.providers.linear as LinearEmulator;

      describeListField(t, {
        field: 'linearIssues',
        selection: 'id identifier title state { name type } url updatedAt',
        // Two full pages of 250 and a partial one.
        seed: (emulator, account) => {
          const api = emulator.providers.linear as LinearEmulator;
          api.setAssignedIssues(account.id, { count: 517 });
          return api.assignedIssues(account.id).map((issue) => issue.id);
        },
        route: 'linear.graphql',
      });

      async function issuesOf(token: string, accountId: string, first = 100) {
        const response = (await t.stack.query(ISSUES, { account: accountId, first } as never, {
          token,
        })) as GraphQLResponse<IssuesAnswer>;
        return {
          nodes:
            response.body.data?.me?.connectedAccount?.linearIssues?.edges.map((edge) => edge.node) ?? null,
          errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
        };
      }

      const ISSUE: LinearIssueJson = {
        id: '9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
        identifier: 'ENG-42',
        number: 42,
        title: 'Fix login redirect',
        description: null,
        priority: 2,
        priorityLabel: 'High',
        estimate: null,
        dueDate: '2026-09-01',
        url: 'https://linear.app/acme/issue/ENG-42/fix-login-redirect',
        branchName: 'jane/eng-42-fix-login-redirect',
        createdAt: '2026-08-01T08:00:00.000Z',
        updatedAt: '2026-08-19T16:20:00.000Z',
        startedAt: '2026-08-02T08:00:00.000Z',
        completedAt: null,
        canceledAt: null,
        state: { id: 's1', name: 'In Progress', type: 'started', color: '#f2c94c' },
        team: { id: 't1', key: 'ENG', name: 'Engineering' },
      };

      it("maps Linear's issue: its state and team, a priority, a due day or none", async () => {
        const { account, token } = t.connect();
        linear().setAssignedIssues(account.id, [
          ISSUE,
          {
            ...ISSUE,
            id: 'a2',
            identifier: 'ENG-7',
            priority: 0,
            priorityLabel: 'No priority',
            dueDate: null,
            updatedAt: '2026-08-18T10:00:00.000Z',
          },
        ]);
        const { nodes, errors } = await issuesOf(token, account.id);
        expect(errors).toEqual([]);
        expect(nodes).toEqual([
          {
            id: '9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
            identifier: 'ENG-42',
            title: 'Fix login redirect',
            url: 'https://linear.app/acme/issue/ENG-42/fix-login-redirect',
            priority: 2,
            priorityLabel: 'High',
            dueDate: '2026-09-01',
            createdAt: '2026-08-01T08:00:00.000Z',
            updatedAt: '2026-08-19T16:20:00.000Z',
            state: { name: 'In Progress', type: 'started', color: '#f2c94c' },
            team: { id: 't1', key: 'ENG', name: 'Engineering' },
          },
          expect.objectContaining({ id: 'a2', priority: 0, priorityLabel: 'No priority', dueDate: null }),
        ]);
      });

      it("asks for the viewer's assigned issues by `updatedAt`, 250 a page, `after` the last `endCursor`", async () => {
        const { account, token } = t.connect();
        linear().setAssignedIssues(account.id, { count: 300 });
        const ids = linear()
          .assignedIssues(account.id)
          .map((issue) => issue.id);
        const walked: string[] = [];
        for (let after: string | null = null, pages = 0; pages < 10; pages++) {
          const response = (await t.stack.query(
            parse(
              `query($account: ID!, $after: String) { me { connectedAccount(id: $account) { linearIssues(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`,
            ),
            { account: account.id, after } as never,
            { token },
          )) as GraphQLResponse<{
            me: {
              connectedAccount: {
                linearIssues: {
                  edges: { node: { id: string } }[];
                  pageInfo: { hasNextPage: boolean; endCursor: string };
                };
              };
            };
          }>;
          const issues = response.body.data?.me.connectedAccount.linearIssues;
          walked.push(...(issues?.edges.map((edge) => edge.node.id) ?? []));
          if (!issues?.pageInfo.hasNextPage) break;
          after = issues.pageInfo.endCursor;
        }
        expect(walked).toEqual(ids);
        const requests = linear().requests(account.id);
        expect(requests.length).toBeGreaterThan(0);
        for (const request of requests) {
          expect(request.query).toContain('assignedIssues(first: $first, after: $after, orderBy: updatedAt)');
        }
        expect(new Set(requests.map((request) => JSON.stringify(request.variables)))).toEqual(
          new Set([JSON.stringify({ first: 250 }), JSON.stringify({ first: 250, after: ids[249] })]),
        );
      });

      it('reads Linear\'s "Invalid scope: `read` required" as MISSING_SCOPES', async () => {
        const { account, token } = t.connect();
        answer(account.id, {
          status: 400,
          body: {
            errors: [
              {
                message: 'Invalid scope: `read` required',
                extensions: { type: 'forbidden', code: 'FORBIDDEN', statusCode: 403, userError: true },
              },
            ],
          },
        });
        const { nodes, errors } = await issuesOf(token, account.id);
        expect(nodes).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'linear',
            accountId: account.id,
            requiredScopes: ['read'],
            acceptedScopes: [['read']],
            grantedScopes: ['read'],
          },
        ]);
      });

      it('answers another `forbidden` error with PROVIDER_ERROR, not as a scope', async () => {
        const { account, token } = t.connect();
        answer(account.id, {
          status: 400,
          body: { errors: [{ message: 'Forbidden', extensions: { type: 'forbidden', code: 'FORBIDDEN' } }] },
        });
        const { errors } = await issuesOf(token, account.id);
        expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'linear', accountId: account.id }]);
      });
    });

    describe('the emulator: assignedIssues', () => {
      async function graphql(token: string, query: string, variables?: Record<string, unknown>) {
        const response = await t.callApi('/graphql', {
          method: 'POST',
          token,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }

      function tokenOf(input: AccountInput = {}) {
        const { account } = t.connect(input);
        return { account, token: t.emulator.clerk.currentAccessToken(account.id) };
      }

      const PAGE = `query($first: Int, $after: String) { viewer { assignedIssues(first: $first, after: $after, orderBy: updatedAt) {
        nodes { id updatedAt state { type } } pageInfo { hasNextPage endCursor } } } }`;

      it('gives every account more than 250 issues, most recently updated first, of every state type', async () => {
        const { account, token } = tokenOf();
        const issues = (t.emulator.providers.linear as LinearEmulator).assignedIssues(account.id);
        expect(issues.length).toBeGreaterThan(250);
        const { status, body } = await graphql(token, PAGE, { first: 250 });
        expect(status).toBe(200);
        const page = (
          body.data as {
            viewer: { assignedIssues: { nodes: LinearIssueJson[]; pageInfo: Record<string, unknown> } };
          }
        ).viewer.assignedIssues;
        expect(page.nodes).toHaveLength(250);
        const times = page.nodes.map((issue) => Date.parse(issue.updatedAt));
        expect(times).toEqual([...times].sort((a, b) => b - a));
        expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.nodes[249]?.id });
        expect(new Set(issues.map((issue) => issue.state.type))).toEqual(
          new Set(['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled', 'duplicate']),
        );
        const rest = await graphql(token, PAGE, { first: 250, after: page.pageInfo.endCursor });
        const last = (
          rest.body.data as {
            viewer: { assignedIssues: { nodes: unknown[]; pageInfo: Record<string, unknown> } };
          }
        ).viewer.assignedIssues;
        expect(last.nodes).toHaveLength(issues.length - 250);
        expect(last.pageInfo.hasNextPage).toBe(false);
      });

      it('defaults to 50 a page and refuses more than 250 with 400 `INPUT_ERROR`', async () => {
        const { token } = tokenOf();
        const defaulted = await graphql(token, PAGE);
        expect(
          (defaulted.body.data as { viewer: { assignedIssues: { nodes: unknown[] } } }).viewer.assignedIssues
            .nodes,
        ).toHaveLength(50);
        expect(await graphql(token, PAGE, { first: 251 })).toEqual({
          status: 400,
          body: {
            errors: [
              {
                message: 'first must not be greater than 250',
                extensions: { type: 'invalid input', code: 'INPUT_ERROR', userError: true },
              },
            ],
          },
        });
      });

      it('refuses an argument it does not know and a cursor it never gave', async () => {
        const { token } = tokenOf();
        const unknown = await graphql(token, '{ viewer { assignedIssues(sort: 1) { nodes { id } } } }');
        expect(unknown.status).toBe(400);
        expect(unknown.body).toMatchObject({
          errors: [{ message: 'Unknown argument "sort" on field "User.assignedIssues".' }],
        });
        expect((await graphql(token, PAGE, { after: 'nope' })).status).toBe(400);
      });

      it('refuses a token without `read` with "Invalid scope: `read` required"', async () => {
        const { token } = tokenOf({ scopes: ['write'] });
        expect(await graphql(token, '{ viewer { id } }')).toEqual({
          status: 400,
          body: {
            errors: [
              {
                message: 'Invalid scope: `read` required',
                extensions: { type: 'forbidden', code: 'FORBIDDEN', statusCode: 403, userError: true },
              },
            ],
          },
        });
      });
    });
  },
);
