import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { BoxEmulator, BoxItemJson } from '../../src/providers/box/emulator.js';
import { scopeDetails } from '../../src/providers/scope-requirements.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const READ_SCOPES = ['root_readonly', 'root_readwrite'];

const Files = parse(`
  query BoxFiles($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        boxFiles(first: $first, after: $after) {
          edges {
            node {
              __typename
              id
              name
              mimeType
              sizeBytes
              isFolder
              modifiedAt
              url
              provider
              ... on BoxFile { description extension createdAt sha1 }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

describeProvider(
  {
    provider: 'box',
    account: { providerUserId: '11446498', firstName: 'Aaron', lastName: 'Levie', email: 'ceo@example.com' },
    // Box's `login` is the email; Box has no username and no profile page.
    expected: (account) => ({
      id: '11446498',
      name: 'Aaron Levie',
      email: 'ceo@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const LIST_ITEMS = 'box.listFolderItems';
    const box = () => t.emulator.providers.box as BoxEmulator;

    async function filesOf(token: string, accountId: string, first?: number, after?: string) {
      const response = await t.stack.query(Files, { account: accountId, first, after }, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { boxFiles: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.boxFiles as
          | { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean } }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    /** The ids the field lists: every item but web links. */
    const fileIds = (items: BoxItemJson[]) =>
      items.filter((item) => item.type !== 'web_link').map((item) => item.id);

    describeListField(t, {
      field: 'boxFiles',
      selection: 'id name isFolder sizeBytes modifiedAt url',
      // Pages of at most 8 (a lower server maximum), every fifth slot an item the user cannot see, so
      // pages come back short while more follow; the web links are not listed.
      seed: (emulator, account) => {
        const api = emulator.providers.box as BoxEmulator;
        api.setRoot(account.id, { folders: 6, files: 24, webLinks: 2 }, { maxLimit: 8, hiddenEvery: 5 });
        return fileIds(api.rootItems(account.id));
      },
      route: LIST_ITEMS,
    });

    describe('boxFiles', () => {
      it('lists a default root by marker, every page at the largest limit, with the fields it reads', async () => {
        const { account, token } = t.connect({ scopes: ['root_readonly'] });
        t.emulator.calls.reset();
        const { value, errors } = await filesOf(token, account.id, 100);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(fileIds(box().rootItems(account.id)));
        expect(t.emulator.calls.all().filter((call) => call.route === LIST_ITEMS)).toEqual([
          expect.objectContaining({
            method: 'GET',
            path: '/folders/0/items',
            query: {
              usemarker: 'true',
              fields:
                'type,id,name,size,created_at,modified_at,content_modified_at,description,extension,sha1',
              limit: '1000',
            },
          }),
        ]);
      });

      it('sends the next page its marker', async () => {
        const { account, token } = t.connect({ scopes: ['root_readonly'] });
        box().setRoot(account.id, { folders: 2, files: 8 }, { maxLimit: 4 });
        t.emulator.calls.reset();
        const { value } = await filesOf(token, account.id, 6);
        expect(value?.edges).toHaveLength(6);
        const queries = t.emulator.calls
          .all()
          .filter((call) => call.route === LIST_ITEMS)
          .map((call) => call.query);
        expect(queries).toHaveLength(2);
        expect(queries[0]?.marker).toBeUndefined();
        expect(queries[1]).toMatchObject({ usemarker: 'true', limit: '1000', marker: expect.any(String) });
      });

      it('reads the root with `root_readwrite` instead of `root_readonly`', async () => {
        const { account, token } = t.connect({ scopes: ['root_readwrite'] });
        const { value, errors } = await filesOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.length).toBeGreaterThan(0);
      });

      it('maps items: empty text is null, times in UTC, the web app URL, web links left out', async () => {
        const { account, token } = t.connect({ scopes: ['root_readonly'] });
        t.answerOnce(account.id, {
          route: LIST_ITEMS,
          status: 200,
          body: {
            entries: [
              {
                type: 'folder',
                id: '67890',
                name: 'Projects',
                size: 629644,
                created_at: '2012-12-12T10:53:43-08:00',
                modified_at: '2012-12-13T10:53:43-08:00',
                content_modified_at: null,
                description: '',
              },
              {
                type: 'file',
                id: '12345',
                name: 'Contract.pdf',
                size: 3_000_000_000,
                created_at: '2012-12-12T10:53:43-08:00',
                modified_at: '2012-12-14T10:53:43-08:00',
                content_modified_at: '2012-12-01T08:00:00-08:00',
                description: 'Contract for Q1 renewal',
                extension: 'pdf',
                sha1: '85136C79CBF9FE36BB9D05D0639C70C265C18D37',
              },
              { type: 'file', id: '12346', name: 'README', size: 12, extension: '', description: '' },
              { type: 'web_link', id: '555', name: 'Intranet', url: 'https://intranet.example.com/' },
            ],
            limit: 1000,
            next_marker: null,
          },
        });
        const { value, errors } = await filesOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            __typename: 'BoxFile',
            id: '67890',
            name: 'Projects',
            mimeType: null,
            sizeBytes: 629644,
            isFolder: true,
            modifiedAt: '2012-12-13T18:53:43.000Z',
            url: 'https://app.box.com/folder/67890',
            provider: 'BOX',
            description: null,
            extension: null,
            createdAt: '2012-12-12T18:53:43.000Z',
            sha1: null,
          },
          {
            __typename: 'BoxFile',
            id: '12345',
            name: 'Contract.pdf',
            mimeType: null,
            sizeBytes: 3_000_000_000,
            isFolder: false,
            modifiedAt: '2012-12-01T16:00:00.000Z',
            url: 'https://app.box.com/file/12345',
            provider: 'BOX',
            description: 'Contract for Q1 renewal',
            extension: 'pdf',
            createdAt: '2012-12-12T18:53:43.000Z',
            sha1: '85136C79CBF9FE36BB9D05D0639C70C265C18D37',
          },
          {
            __typename: 'BoxFile',
            id: '12346',
            name: 'README',
            mimeType: null,
            sizeBytes: 12,
            isFolder: false,
            modifiedAt: null,
            url: 'https://app.box.com/file/12346',
            provider: 'BOX',
            description: null,
            extension: null,
            createdAt: null,
            sha1: null,
          },
        ]);
      });

      it("answers Box's 403 insufficient_scope with MISSING_SCOPES, without a fresh token", async () => {
        const { account, token } = t.connect({ scopes: ['root_readonly'] });
        t.answerOnce(account.id, {
          route: LIST_ITEMS,
          status: 403,
          body: {
            type: 'error',
            status: 403,
            code: 'insufficient_scope',
            message: 'The request requires higher privileges than provided by the access token.',
            help_url: '',
            request_id: '0aa1e51ed7348b0df97959af0e579f7e6',
          },
        });
        const { value, errors } = await filesOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'box',
            accountId: account.id,
            ...scopeDetails([READ_SCOPES], ['root_readonly']),
          },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          1,
        );
      });

      it('names both scopes that would do when refusing an account without either', async () => {
        const { account, token } = t.connect({ scopes: [] });
        const { errors } = await filesOf(token, account.id);
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'box',
            accountId: account.id,
            requiredScopes: ['root_readonly'],
            acceptedScopes: [READ_SCOPES],
            grantedScopes: [],
          },
        ]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect({ scopes: ['root_readonly'] });
        t.emulator.calls.reset();
        const { value, errors } = await filesOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'box' })).toBe(0);
      });
    });

    describe('the emulator', () => {
      async function items(token: string, query: string) {
        const response = await t.callApi(`/folders/0/items${query}`, { token });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }

      it('cuts a `limit` over 1000 down to 1000, as Box does', async () => {
        const { account } = t.connect({ scopes: ['root_readonly'] });
        const { status, body } = await items(account.accessToken, '?limit=5000');
        expect(status).toBe(200);
        expect(body.limit).toBe(1000);
      });

      it('answers offset pages with total_count, offset and order, short when items are hidden', async () => {
        const { account } = t.connect({ scopes: ['root_readonly'] });
        box().setRoot(account.id, { folders: 1, files: 5 }, { hiddenEvery: 3 });
        const { body } = await items(account.accessToken, '?offset=0&limit=3');
        expect(body).toMatchObject({
          total_count: 8,
          offset: 0,
          limit: 3,
          order: [
            { by: 'type', direction: 'ASC' },
            { by: 'name', direction: 'ASC' },
          ],
        });
        expect(body.entries).toHaveLength(2);
      });

      it('refuses an offset over 300,000 with 400 and the parameter at fault', async () => {
        const { account } = t.connect({ scopes: ['root_readonly'] });
        const { status, body } = await items(account.accessToken, '?offset=300001');
        expect(status).toBe(400);
        expect(body).toMatchObject({
          type: 'error',
          status: 400,
          code: 'bad_request',
          context_info: { errors: [{ reason: 'invalid_parameter', name: 'offset' }] },
        });
      });

      it('answers marker pages with next_marker, null on the last', async () => {
        const { account } = t.connect({ scopes: ['root_readonly'] });
        box().setRoot(account.id, { folders: 1, files: 2 });
        const first = await items(account.accessToken, '?usemarker=true&limit=2');
        expect(Object.keys(first.body).sort()).toEqual(['entries', 'limit', 'next_marker']);
        expect(first.body.next_marker).toEqual(expect.any(String));
        const last = await items(
          account.accessToken,
          `?usemarker=true&limit=2&marker=${first.body.next_marker}`,
        );
        expect(last.body).toMatchObject({ next_marker: null });
        expect(last.body.entries).toHaveLength(1);
      });

      it('answers the mini representation without `fields`, and those asked with it', async () => {
        const { account } = t.connect({ scopes: ['root_readonly'] });
        box().setRoot(account.id, { folders: 1, files: 0 });
        const mini = await items(account.accessToken, '');
        expect(Object.keys((mini.body.entries as object[])[0] ?? {}).sort()).toEqual(
          ['etag', 'id', 'name', 'sequence_id', 'type'].sort(),
        );
        const asked = await items(account.accessToken, '?fields=size,modified_at');
        expect(Object.keys((asked.body.entries as object[])[0] ?? {}).sort()).toEqual(
          ['etag', 'id', 'modified_at', 'name', 'sequence_id', 'size', 'type'].sort(),
        );
      });

      it('answers a token whose app has no read scope with 403 insufficient_scope', async () => {
        const { account } = t.connect({ scopes: [] });
        const { status, body } = await items(account.accessToken, '');
        expect(status).toBe(403);
        expect(body).toMatchObject({ type: 'error', status: 403, code: 'insufficient_scope' });
      });
    });

    it('answers an invalid token with 401, an empty body and the reason in WWW-Authenticate', async () => {
      const response = await t.callApi('/users/me', { token: 'not-a-box-token' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
      );
      expect(await response.text()).toBe('');
    });

    // "401 usually comes with an EMPTY body": the other reading, a 401 with Box's JSON envelope.
    it('answers a 401 with a JSON error body with REAUTH_REQUIRED too', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 401,
        body: { type: 'error', status: 401, code: 'unauthorized', message: 'Unauthorized' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'box', accountId: account.id }]);
    });

    it('answers a 403 as a refusal, never a rate limit, even with Retry-After', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 403,
        body: {
          type: 'error',
          status: 403,
          code: 'access_denied_insufficient_permissions',
          message: 'Access denied - insufficient permission',
        },
        headers: { 'Retry-After': '5' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'box', accountId: account.id }]);
    });

    it('returns only the asked fields, plus type and id, with ?fields=', async () => {
      const { account } = t.connect({ providerUserId: '11446498', firstName: 'Aaron', lastName: 'Levie' });
      const response = await t.callApi('/users/me?fields=name,avatar_url', { token: account.accessToken });
      expect(await response.json()).toEqual({
        type: 'user',
        id: '11446498',
        name: 'Aaron Levie',
        avatar_url: account.imageUrl,
      });
    });
  },
);
