import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { DropboxEmulator, DropboxEntryJson } from '../../src/providers/dropbox/emulator.js';
import { scopeDetails } from '../../src/providers/scope-requirements.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const FILE_SCOPES = ['account_info.read', 'files.metadata.read'];

const Files = parse(`
  query DropboxFiles($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        dropboxFiles(first: $first, after: $after) {
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
              ... on DropboxFile { path clientModifiedAt revision contentHash isDownloadable isShared }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

/** The Dropbox example account of docs/providers.md#dropbox. */
const FRANZ = {
  providerUserId: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
  firstName: 'Franz',
  lastName: 'Ferdinand',
  email: 'franz@example.com',
};

const CALL_ERROR = 'Error in call to API function "users/get_current_account"';

describeProvider(
  {
    provider: 'dropbox',
    account: FRANZ,
    expected: (account) => ({
      id: FRANZ.providerUserId,
      name: 'Franz Ferdinand',
      email: 'franz@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const LIST_FOLDER = 'dropbox.listFolder';
    const dropbox = () => t.emulator.providers.dropbox as DropboxEmulator;

    async function filesOf(token: string, accountId: string, first?: number, after?: string) {
      const response = await t.stack.query(Files, { account: accountId, first, after }, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { dropboxFiles: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.dropboxFiles as
          | { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean } }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    /** An RPC call with a JSON argument straight to the emulator. */
    function rpc(
      path: string,
      token: string | undefined,
      argument: unknown,
      contentType = 'application/json',
    ) {
      return t.callApi(path, {
        method: 'POST',
        ...(token === undefined ? {} : { token }),
        headers: { 'content-type': contentType },
        body: JSON.stringify(argument),
      });
    }

    describeListField(t, {
      field: 'dropboxFiles',
      selection: 'id name isFolder sizeBytes modifiedAt',
      // `limit` is approximate: pages of at most 6 here, the first 2 short and some one over.
      seed: (emulator, account) => {
        const api = emulator.providers.dropbox as DropboxEmulator;
        api.setRoot(account.id, { folders: 5, files: 20 }, { pageSize: 6, unevenPages: true });
        return api.rootEntries(account.id).map((entry) => entry.id);
      },
      route: LIST_FOLDER,
    });

    describe('dropboxFiles', () => {
      it('lists a default root of folders and files, asked at the largest limit, in one call', async () => {
        const { account, token } = t.connect({ scopes: FILE_SCOPES });
        const { value, errors } = await filesOf(token, account.id, 100);
        expect(errors).toEqual([]);
        const entries = dropbox().rootEntries(account.id);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(entries.map((entry) => entry.id));
        expect(entries.some((entry) => entry['.tag'] === 'folder')).toBe(true);
        expect(entries.some((entry) => entry['.tag'] === 'file')).toBe(true);
        expect(dropbox().listFolderCalls(account.id)).toEqual([
          {
            function: 'files/list_folder',
            argument: {
              path: '',
              recursive: false,
              include_deleted: false,
              include_non_downloadable_files: true,
              limit: 2000,
            },
          },
        ]);
      });

      it('goes on with `list_folder/continue` and the cursor alone', async () => {
        const { account, token } = t.connect({ scopes: FILE_SCOPES });
        dropbox().setRoot(account.id, { folders: 2, files: 10 }, { pageSize: 5 });
        const { value } = await filesOf(token, account.id, 8);
        expect(value?.edges).toHaveLength(8);
        const calls = dropbox().listFolderCalls(account.id);
        expect(calls.map((call) => call.function)).toEqual([
          'files/list_folder',
          'files/list_folder/continue',
        ]);
        expect(Object.keys(calls[1]?.argument ?? {})).toEqual(['cursor']);
      });

      it('maps entries: a folder has no size or time, times in UTC, deleted entries left out', async () => {
        const { account, token } = t.connect({ scopes: FILE_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_FOLDER,
          status: 200,
          body: {
            entries: [
              {
                '.tag': 'file',
                name: 'Prime_Numbers.txt',
                id: 'id:a4ayc_80_OEAAAAAAAAAXw',
                client_modified: '2015-05-12T15:50:38Z',
                server_modified: '2015-05-13T09:01:02Z',
                rev: 'a1c10ce0dd78',
                size: 7212,
                path_lower: '/prime_numbers.txt',
                path_display: '/Prime_Numbers.txt',
                sharing_info: { read_only: true, parent_shared_folder_id: '84528192421' },
                is_downloadable: false,
                content_hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
                preview_url: 'https://www.dropbox.com/scl/fi/abc/Prime_Numbers.txt',
              },
              {
                '.tag': 'folder',
                name: 'math',
                id: 'id:a4ayc_80_OEAAAAAAAAAXz',
                path_lower: '/math',
                path_display: '/math',
              },
              { '.tag': 'deleted', name: 'pi.txt', path_lower: '/pi.txt', path_display: '/pi.txt' },
            ],
            cursor: 'ZtkX9_EHj3x7PMkVuFIhwKYXEpwpLwyxp9vMKomUhllil9q7eWiAu',
            has_more: false,
          },
        });
        const { value, errors } = await filesOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            __typename: 'DropboxFile',
            id: 'id:a4ayc_80_OEAAAAAAAAAXw',
            name: 'Prime_Numbers.txt',
            mimeType: null,
            sizeBytes: 7212,
            isFolder: false,
            modifiedAt: '2015-05-13T09:01:02.000Z',
            url: 'https://www.dropbox.com/scl/fi/abc/Prime_Numbers.txt',
            provider: 'DROPBOX',
            path: '/Prime_Numbers.txt',
            clientModifiedAt: '2015-05-12T15:50:38.000Z',
            revision: 'a1c10ce0dd78',
            contentHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
            isDownloadable: false,
            isShared: true,
          },
          {
            __typename: 'DropboxFile',
            id: 'id:a4ayc_80_OEAAAAAAAAAXz',
            name: 'math',
            mimeType: null,
            sizeBytes: null,
            isFolder: true,
            modifiedAt: null,
            url: null,
            provider: 'DROPBOX',
            path: '/math',
            clientModifiedAt: null,
            revision: null,
            contentHash: null,
            isDownloadable: null,
            isShared: false,
          },
        ]);
      });

      it('answers the 401 missing_scope of `list_folder` with MISSING_SCOPES, without a fresh token', async () => {
        const { account, token } = t.connect({ scopes: FILE_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_FOLDER,
          status: 401,
          body: {
            error_summary: 'missing_scope/..',
            error: { '.tag': 'missing_scope', required_scope: 'files.metadata.read' },
          },
        });
        const { value, errors } = await filesOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'dropbox',
            accountId: account.id,
            ...scopeDetails(['files.metadata.read'], FILE_SCOPES),
          },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          1,
        );
      });

      it('answers a 409 (a cursor Dropbox reset) with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect({ scopes: FILE_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_FOLDER,
          status: 409,
          body: {
            error_summary: 'path/not_found/..',
            error: { '.tag': 'path', path: { '.tag': 'not_found' } },
          },
        });
        const { errors } = await filesOf(token, account.id);
        expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'dropbox', accountId: account.id }]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect({ scopes: FILE_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await filesOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'dropbox' })).toBe(0);
      });
    });

    /** `POST /users/get_current_account` straight to the emulator, as any client could send it. */
    function getCurrentAccount(options: { token?: string; contentType?: string; body?: string }) {
      return t.callApi('/users/get_current_account', {
        method: 'POST',
        ...(options.token === undefined ? {} : { token: options.token }),
        headers: options.contentType === undefined ? {} : { 'content-type': options.contentType },
        ...(options.body === undefined ? {} : { body: options.body }),
      });
    }

    describe('the emulator', () => {
      it("answers the account in the shape of Dropbox's FullAccount", async () => {
        const { account } = t.connect();
        const response = await getCurrentAccount({
          token: account.accessToken,
          contentType: 'application/json',
          body: 'null',
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.json()).toEqual({
          account_id: FRANZ.providerUserId,
          name: {
            given_name: 'Franz',
            surname: 'Ferdinand',
            familiar_name: 'Franz',
            display_name: 'Franz Ferdinand',
            abbreviated_name: 'FF',
          },
          email: 'franz@example.com',
          email_verified: true,
          disabled: false,
          country: 'US',
          locale: 'en',
          referral_link: expect.stringMatching(/^https:\/\/db\.tt\/\w+$/),
          is_paired: false,
          account_type: { '.tag': 'basic' },
          root_info: {
            '.tag': 'user',
            root_namespace_id: expect.stringMatching(/^\d+$/),
            home_namespace_id: expect.stringMatching(/^\d+$/),
          },
          profile_photo_url: account.imageUrl,
        });
      });

      it('takes no body without a Content-Type, or the JSON null', async () => {
        const { account } = t.connect();
        expect((await getCurrentAccount({ token: account.accessToken })).status).toBe(200);
        const charset = await getCurrentAccount({
          token: account.accessToken,
          contentType: 'application/json; charset=utf-8',
          body: 'null',
        });
        expect(charset.status).toBe(200);
      });

      it.each([
        [
          'an empty JSON body',
          'application/json',
          '',
          `${CALL_ERROR}: request body: could not decode input as JSON`,
        ],
        ['an argument', 'application/json', '{}', `${CALL_ERROR}: request body: expected null, got value`],
        [
          'a form',
          'application/x-www-form-urlencoded',
          'a=b',
          `${CALL_ERROR}: Bad HTTP "Content-Type" header: "application/x-www-form-urlencoded".  Expecting one of "application/json", "application/json; charset=utf-8", "text/plain; charset=dropbox-cors-hack".`,
        ],
      ])('refuses %s with a plain-text 400', async (_case, contentType, body, message) => {
        const { account } = t.connect();
        const response = await getCurrentAccount({ token: account.accessToken, contentType, body });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await response.text()).toBe(message);
      });

      it('tags a refused token with the reason', async () => {
        const { account } = t.connect();
        const expiredToken = account.accessToken;
        t.emulator.clerk.expireAccessToken(account.id);
        const expired = await getCurrentAccount({ token: expiredToken });
        expect(expired.status).toBe(401);
        expect(await expired.json()).toEqual({
          error_summary: 'expired_access_token/..',
          error: { '.tag': 'expired_access_token' },
        });
        const unknown = await getCurrentAccount({ token: 'sl.not-a-token' });
        expect(unknown.status).toBe(401);
        expect(await unknown.json()).toMatchObject({ error: { '.tag': 'invalid_access_token' } });
        const anonymous = await getCurrentAccount({});
        expect(anonymous.status).toBe(400);
        expect(await anonymous.text()).toMatch(/Must provide HTTP header "Authorization"/);
      });

      it('answers a token without account_info.read with a 401 missing_scope', async () => {
        const { account } = t.connect({ scopes: ['files.metadata.read'] });
        const response = await getCurrentAccount({ token: account.accessToken });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({
          error_summary: 'missing_scope/..',
          error: { '.tag': 'missing_scope', required_scope: 'account_info.read' },
        });
      });

      it('pages `list_folder` with a cursor, `has_more` and `list_folder/continue`', async () => {
        const { account } = t.connect({ scopes: FILE_SCOPES });
        dropbox().setRoot(account.id, { folders: 1, files: 4 });
        const first = await rpc('/files/list_folder', account.accessToken, { path: '', limit: 3 });
        expect(first.status).toBe(200);
        const page = (await first.json()) as {
          entries: DropboxEntryJson[];
          cursor: string;
          has_more: boolean;
        };
        expect(page.entries.map((entry) => entry['.tag'])).toEqual(['folder', 'file', 'file']);
        expect(page.has_more).toBe(true);
        expect(page.entries[1]).toMatchObject({
          id: expect.stringMatching(/^id:[\w-]{22}$/),
          server_modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
          size: expect.any(Number),
          rev: expect.stringMatching(/^[0-9a-f]{9,}$/),
        });
        const next = await rpc('/files/list_folder/continue', account.accessToken, { cursor: page.cursor });
        const last = (await next.json()) as {
          entries: DropboxEntryJson[];
          cursor: string;
          has_more: boolean;
        };
        expect(last.entries).toHaveLength(2);
        expect(last.has_more).toBe(false);
        // The last page still has a cursor, for changes to come.
        expect(last.cursor).toEqual(expect.any(String));
      });

      it.each([
        [2001, 'request body: limit: 2001 is greater than 2000'],
        [0, 'request body: limit: 0 is less than 1'],
      ])('refuses `limit: %i` with a plain-text 400', async (limit, message) => {
        const { account } = t.connect({ scopes: FILE_SCOPES });
        const response = await rpc('/files/list_folder', account.accessToken, { path: '', limit });
        expect(response.status).toBe(400);
        expect(await response.text()).toBe(`Error in call to API function "files/list_folder": ${message}`);
      });

      it('wants a JSON object argument, in a JSON content type', async () => {
        const { account } = t.connect({ scopes: FILE_SCOPES });
        const form = await rpc('/files/list_folder', account.accessToken, { path: '' }, 'text/plain');
        expect(form.status).toBe(400);
        expect(await form.text()).toMatch(
          /^Error in call to API function "files\/list_folder": Bad HTTP "Content-Type"/,
        );
        const none = await rpc('/files/list_folder', account.accessToken, null);
        expect(none.status).toBe(400);
      });

      it('answers a path other than the root with 409 path/not_found, and a foreign cursor with 409 reset', async () => {
        const { account } = t.connect({ scopes: FILE_SCOPES });
        const other = t.connect({ scopes: FILE_SCOPES }).account;
        const missing = await rpc('/files/list_folder', account.accessToken, { path: '/Nope' });
        expect(missing.status).toBe(409);
        expect(await missing.json()).toEqual({
          error_summary: 'path/not_found/..',
          error: { '.tag': 'path', path: { '.tag': 'not_found' } },
        });
        const page = (await (
          await rpc('/files/list_folder', other.accessToken, { path: '', limit: 1 })
        ).json()) as {
          cursor: string;
        };
        const foreign = await rpc('/files/list_folder/continue', account.accessToken, {
          cursor: page.cursor,
        });
        expect(foreign.status).toBe(409);
        expect(await foreign.json()).toEqual({ error_summary: 'reset/..', error: { '.tag': 'reset' } });
      });

      it('answers a token without files.metadata.read with a 401 missing_scope', async () => {
        const { account } = t.connect({ scopes: ['account_info.read'] });
        const response = await rpc('/files/list_folder', account.accessToken, { path: '' });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({
          error_summary: 'missing_scope/..',
          error: { '.tag': 'missing_scope', required_scope: 'files.metadata.read' },
        });
      });

      it('states the wait of a rate limit in Retry-After and in the body', async () => {
        const { account } = t.connect();
        t.emulator.providers.dropbox?.rateLimit(account.id, { retryAfterSeconds: 300 });
        const response = await getCurrentAccount({ token: account.accessToken });
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('300');
        expect(await response.json()).toEqual({
          error_summary: 'too_many_requests/...',
          error: { reason: { '.tag': 'too_many_requests' }, retry_after: 300 },
        });
      });
    });

    describe('the gateway', () => {
      it('sends the JSON null the endpoint takes', async () => {
        const { token } = t.connect();
        const { errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(t.emulator.calls.all().at(-1)).toMatchObject({
          route: 'dropbox.getCurrentAccount',
          status: 200,
        });
      });

      it('answers a 401 missing_scope with MISSING_SCOPES, without asking Clerk for a fresh token', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 401,
          body: {
            error_summary: 'missing_scope/..',
            error: { '.tag': 'missing_scope', required_scope: 'account_info.read' },
          },
        });
        expect((await t.profileOf(token)).errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'dropbox',
            accountId: account.id,
            ...scopeDetails(['account_info.read'], ['account_info.read']),
          },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          1,
        );
      });

      it('answers the other 401 tags with REAUTH_REQUIRED after one fresh token', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 401,
          body: { error_summary: 'user_suspended/...', error: { '.tag': 'user_suspended' } },
        });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'REAUTH_REQUIRED', provider: 'dropbox', accountId: account.id },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          2,
        );
      });

      it("reads a rate limit's wait from the body when Retry-After is missing", async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 429,
          body: {
            error_summary: 'too_many_requests/...',
            error: { reason: { '.tag': 'too_many_requests' }, retry_after: 7 },
          },
        });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'RATE_LIMITED', provider: 'dropbox', accountId: account.id, retryAfter: 7 },
        ]);
      });
    });
  },
);
