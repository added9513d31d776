import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { HuggingFaceEmulator, HuggingFaceModelJson } from '../../src/providers/huggingface/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const LIST_MODELS = 'huggingface.listModels';
const DEFAULT_SCOPES = ['openid', 'profile', 'email'];

const Models = parse(`
  query HuggingFaceModels($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        huggingfaceModels(first: $first, after: $after) {
          edges { node { id name downloads likes url updatedAt createdAt isPrivate gated pipelineTag libraryName } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

/** The model of the example in docs/providers.md#hugging-face, with `overrides` on top. */
function modelJson(overrides: Partial<HuggingFaceModelJson> = {}): HuggingFaceModelJson {
  return {
    _id: '6650e1f2a3b4c5d6e7f80912',
    id: 'janedoe/my-model',
    modelId: 'janedoe/my-model',
    author: 'janedoe',
    likes: 3,
    downloads: 120,
    private: false,
    gated: false,
    pipeline_tag: 'text-classification',
    library_name: 'transformers',
    tags: ['transformers', 'safetensors', 'text-classification'],
    createdAt: '2026-05-24T10:00:00.000Z',
    lastModified: '2026-05-25T08:30:00.000Z',
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    trendingScore: 0,
    ...overrides,
  };
}

const USER_INFO = 'huggingface.userInfo';

describeProvider(
  {
    provider: 'huggingface',
    account: {
      providerUserId: '6421b3a0f1c2d3e4f5a6b7c8',
      username: 'janedoe',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
    },
    expected: (account) => ({
      id: '6421b3a0f1c2d3e4f5a6b7c8',
      username: 'janedoe',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://huggingface.co/janedoe',
    }),
  },
  (t) => {
    it('has no email when the token lacks the `email` scope', async () => {
      const { account, token } = t.connect({
        providerUserId: '6421b3a0f1c2d3e4f5a6b7c9',
        username: 'noemail',
        scopes: ['openid', 'profile'],
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: '6421b3a0f1c2d3e4f5a6b7c9', username: 'noemail', email: null });
      expect(t.emulator.calls.count({ service: 'huggingface', accountId: account.id })).toBe(1);
    });

    // The rate-limit header format is unverified (docs/providers.md#hugging-face): every reading gives the wait.
    it.each([
      ['the current draft `RateLimit: "api";r=0;t=42`', { RateLimit: '"api";r=0;t=42' }, 42],
      [
        'the older combined `RateLimit: limit=500, remaining=0, reset=13`',
        { RateLimit: 'limit=500, remaining=0, reset=13' },
        13,
      ],
      [
        'the older separate `RateLimit-Reset: 17`',
        { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '17' },
        17,
      ],
      ['a `Retry-After: 9`', { 'Retry-After': '9' }, 9],
    ])('reads the wait of a 429 from %s', async (_reading, headers, seconds) => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 429,
        body: { error: 'Too Many Requests' },
        headers,
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'huggingface', accountId: account.id, retryAfter: seconds },
      ]);
    });

    it('waits the default minute on a 429 that says nothing of when', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, { route: USER_INFO, status: 429, body: { error: 'Too Many Requests' } });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'huggingface', accountId: account.id, retryAfter: 60 },
      ]);
    });

    describe('the emulator', () => {
      const userInfo = (token: string) => t.callApi('/oauth/userinfo', { token });

      it("answers the reference's userinfo shape", async () => {
        const { account } = t.connect({
          providerUserId: '6421b3a0f1c2d3e4f5a6b7d0',
          username: 'janedoe',
          firstName: 'Jane',
          lastName: 'Doe',
          email: 'jane@example.com',
        });
        const response = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          sub: '6421b3a0f1c2d3e4f5a6b7d0',
          name: 'Jane Doe',
          preferred_username: 'janedoe',
          profile: 'https://huggingface.co/janedoe',
          picture: account.imageUrl,
          isPro: false,
          orgs: [],
          email: 'jane@example.com',
          email_verified: true,
        });
      });

      it('answers an unknown token with 401 and its `error` body', async () => {
        const response = await userInfo('hf_oauth_unknown');
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ error: 'Invalid credentials in Authorization header' });
      });

      it('answers a limit with 429 and the draft `RateLimit` headers', async () => {
        const { account } = t.connect();
        t.emulator.providers.huggingface?.rateLimit(account.id, { retryAfterSeconds: 89 });
        const response = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(429);
        expect(response.headers.get('ratelimit')).toBe('"api";r=0;t=89');
        expect(response.headers.get('ratelimit-policy')).toBe('"fixed window";"api";q=500;w=300');
      });
    });

    const huggingface = () => t.emulator.providers.huggingface as HuggingFaceEmulator;
    const publicIds = (models: HuggingFaceModelJson[]) =>
      models.filter((model) => !model.private).map((model) => model._id);

    async function modelsOf(token: string, accountId: string, first?: number, after?: string) {
      const response = await t.stack.query(Models, { account: accountId, first, after }, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { huggingfaceModels: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.huggingfaceModels as
          | {
              edges: { node: Record<string, unknown> }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    // 2,300 models of which 2,013 public (the token has no repository scope): pages of 1000, 1000, 13.
    describeListField(t, {
      field: 'huggingfaceModels',
      selection: 'id name downloads likes url updatedAt',
      seed: (emulator, account) => {
        const api = emulator.providers.huggingface as HuggingFaceEmulator;
        api.setModels(account.id, { count: 2300 });
        return publicIds(api.models(account.id));
      },
      route: LIST_MODELS,
      // Several connection pages per provider page, in few queries.
      awkwardFirst: 97,
    });

    describe('huggingfaceModels', () => {
      it("gives every account more than 1000 models by default, asked 1000 at a time by the account's username", async () => {
        const { account, token } = t.connect();
        const models = huggingface().models(account.id);
        expect(models.length).toBeGreaterThan(1000);
        const { value, errors } = await modelsOf(token, account.id, 100);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(publicIds(models).slice(0, 100));
        expect(huggingface().modelRequests(account.id)).toEqual([
          [
            ['expand', 'createdAt'],
            ['expand', 'downloads'],
            ['expand', 'gated'],
            ['expand', 'lastModified'],
            ['expand', 'library_name'],
            ['expand', 'likes'],
            ['expand', 'pipeline_tag'],
            ['expand', 'private'],
            ['author', 'janedoe'],
            ['sort', 'lastModified'],
            ['limit', '1000'],
          ],
        ]);
      });

      it('sends the `cursor` of the `Link` header back for the next page', async () => {
        const { account, token } = t.connect();
        huggingface().setModels(account.id, { count: 1200 });
        const publicModels = publicIds(huggingface().models(account.id));
        const first = await modelsOf(token, account.id, 100);
        let after = first.value?.pageInfo.endCursor ?? undefined;
        // Walk to the 1001st public model: the gateway then needs the Hub's second page.
        for (let page = 1; page < 11; page++)
          after = (await modelsOf(token, account.id, 100, after)).value?.pageInfo.endCursor ?? undefined;
        const cursors = huggingface()
          .modelRequests(account.id)
          .map((query) => Object.fromEntries(query).cursor);
        expect(cursors[0]).toBeUndefined();
        expect(cursors.filter(Boolean).length).toBeGreaterThan(0);
        expect(JSON.parse(Buffer.from(cursors.find(Boolean) ?? '', 'base64url').toString())).toEqual({
          $skip: 1000,
        });
        expect(publicModels.length).toBeGreaterThan(1000);
      });

      it('lists private models too when the token has `read-repos`', async () => {
        const { account, token } = t.connect({ scopes: [...DEFAULT_SCOPES, 'read-repos'] });
        huggingface().setModels(account.id, { count: 40 });
        const { value, errors } = await modelsOf(token, account.id, 100);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(
          huggingface()
            .models(account.id)
            .map((model) => model._id),
        );
        expect(value?.edges.some((edge) => edge.node.isPrivate === true)).toBe(true);
      });

      it.each(['yesterday', '2026-05-25T08:30:00.000'])(
        'answers a `lastModified` that is no time with an offset (%s) with PROVIDER_ERROR',
        async (lastModified) => {
          const { account, token } = t.connect();
          t.answerOnce(account.id, {
            route: LIST_MODELS,
            status: 200,
            body: [modelJson({ lastModified })],
            times: 1,
          });
          const { value, errors } = await modelsOf(token, account.id);
          expect(value).toBeNull();
          expect(errors).toEqual([
            { code: 'PROVIDER_ERROR', provider: 'huggingface', accountId: account.id },
          ]);
        },
      );

      it('maps a model: the Hub id as id, the repository id as name, gating, `null` for no task or library', async () => {
        const { account, token } = t.connect();
        huggingface().setModels(account.id, [
          modelJson(),
          modelJson({
            _id: '6650e1f2a3b4c5d6e7f80913',
            id: 'janedoe/bare-checkpoint',
            modelId: 'janedoe/bare-checkpoint',
            gated: 'manual',
            lastModified: '2026-05-20T08:30:00.000Z',
            downloads: 0,
            likes: 0,
          }),
        ]);
        t.answerOnce(account.id, {
          route: LIST_MODELS,
          status: 200,
          times: 1,
          body: [
            {
              _id: '6650e1f2a3b4c5d6e7f80912',
              id: 'janedoe/my-model',
              createdAt: '2026-05-24T10:00:00.000Z',
              downloads: 120,
              gated: false,
              lastModified: '2026-05-25T08:30:00.000Z',
              library_name: 'transformers',
              likes: 3,
              pipeline_tag: 'text-classification',
              private: false,
            },
            {
              _id: '6650e1f2a3b4c5d6e7f80913',
              id: 'janedoe/bare-checkpoint',
              createdAt: '2026-05-20T08:00:00.000Z',
              downloads: 0,
              gated: 'manual',
              lastModified: '2026-05-20T08:30:00.000Z',
              likes: 0,
              private: false,
            },
          ],
        });
        const { value, errors } = await modelsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            id: '6650e1f2a3b4c5d6e7f80912',
            name: 'janedoe/my-model',
            downloads: 120,
            likes: 3,
            url: 'https://huggingface.co/janedoe/my-model',
            updatedAt: '2026-05-25T08:30:00.000Z',
            createdAt: '2026-05-24T10:00:00.000Z',
            isPrivate: false,
            gated: 'NONE',
            pipelineTag: 'text-classification',
            libraryName: 'transformers',
          },
          {
            id: '6650e1f2a3b4c5d6e7f80913',
            name: 'janedoe/bare-checkpoint',
            downloads: 0,
            likes: 0,
            url: 'https://huggingface.co/janedoe/bare-checkpoint',
            updatedAt: '2026-05-20T08:30:00.000Z',
            createdAt: '2026-05-20T08:00:00.000Z',
            isPrivate: false,
            gated: 'MANUAL',
            pipelineTag: null,
            libraryName: null,
          },
        ]);
      });

      it("asks `GET /api/whoami-v2` for the username when Clerk's record has none, once per field", async () => {
        const { account, token } = t.connect({ providerUserId: '6421b3a0f1c2d3e4f5a6b7e1', username: null });
        huggingface().setModels(account.id, { count: 1100 });
        t.emulator.calls.reset();
        const first = await modelsOf(token, account.id, 100);
        expect(first.errors).toEqual([]);
        expect(first.value?.edges.map((edge) => edge.node.name)).toContain(
          `user6421b3a0f1c2d3e4f5a6b7e1/${huggingface().models(account.id)[0]?.id.split('/')[1]}`,
        );
        expect(
          t.emulator.calls
            .all()
            .filter((call) => call.service === 'huggingface')
            .map((call) => [call.path, call.query.author]),
        ).toEqual([
          ['/api/whoami-v2', undefined],
          ['/api/models', 'user6421b3a0f1c2d3e4f5a6b7e1'],
        ]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect();
        t.emulator.calls.reset();
        const { value, errors } = await modelsOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'huggingface' })).toBe(0);
      });
    });

    describe('the emulator: models', () => {
      async function listModels(token: string, query: string) {
        const response = await t.callApi(`/api/models${query}`, { token });
        return {
          status: response.status,
          link: response.headers.get('link'),
          body: (await response.json()) as unknown,
        };
      }

      it('pages with an opaque `cursor` in `Link: <…>; rel="next"`, keeping every other parameter', async () => {
        const { account } = t.connect();
        huggingface().setModels(account.id, { count: 9 });
        const first = await listModels(
          account.accessToken,
          '?author=janedoe&limit=5&expand=likes&expand=lastModified',
        );
        expect(first.status).toBe(200);
        expect(first.body).toHaveLength(5);
        expect(first.link).toMatch(
          /^<http:\/\/127\.0\.0\.1:\d+\/huggingface\/api\/models\?author=janedoe&limit=5&expand=likes&expand=lastModified&cursor=[\w-]+>; rel="next"$/,
        );
        const next = /<[^>]+\/huggingface(\/api\/models\?[^>]+)>/.exec(first.link ?? '')?.[1] ?? '';
        const last = await listModels(account.accessToken, next.slice('/api/models'.length));
        expect(last.link).toBeNull();
        expect((last.body as unknown[]).length).toBe(9 - 5 - 1);
      });

      it('answers the properties `expand` names (and `_id`, `id`); without it, no `lastModified`', async () => {
        const { account } = t.connect();
        huggingface().setModels(account.id, { count: 3 });
        const expanded = await listModels(
          account.accessToken,
          '?author=janedoe&expand=likes&expand=lastModified',
        );
        expect(Object.keys((expanded.body as object[])[0] ?? {})).toEqual([
          '_id',
          'id',
          'likes',
          'lastModified',
        ]);
        const plain = await listModels(account.accessToken, '?author=janedoe');
        expect((plain.body as object[])[0]).not.toHaveProperty('lastModified');
        expect((plain.body as object[])[0]).toHaveProperty('modelId');
      });

      it('refuses a `limit` over 1000 with 400', async () => {
        const { account } = t.connect();
        const { status, body } = await listModels(account.accessToken, '?limit=1001');
        expect(status).toBe(400);
        expect(body).toEqual({ error: expect.any(String) });
      });

      it('answers `GET /api/whoami-v2` with the username as `name`', async () => {
        const { account } = t.connect({ username: 'janedoe' });
        const response = await t.callApi('/api/whoami-v2', { token: account.accessToken });
        expect(await response.json()).toMatchObject({ type: 'user', name: 'janedoe', orgs: [] });
      });
    });
  },
);
