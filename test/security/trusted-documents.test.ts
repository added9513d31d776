/**
 * Trusted documents (`GATEWAY_TRUSTED_DOCUMENTS`): a gateway started with a `persisted-documents.json`
 * runs those documents by hash (`documentId`, APQ's `sha256Hash`, POST or GET) and refuses unknown
 * hashes and full queries before any Clerk or provider call. The sandbox runs both.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { PROVIDERS } from '../../src/providers/index.js';
import { errorCodes, type GraphQLResponse, type Stack, startStack } from '../support/stack.js';

const REPOS =
  'query Repos { me { connectedAccounts { githubRepos(first: 2) { edges { node { name } } } } } }';
const ME = 'query Me { me { id } }';
const hashOf = (document: string) => createHash('sha256').update(document).digest('hex');

function documentsFile(documents: Record<string, string>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'trusted-')), 'persisted-documents.json');
  writeFileSync(path, JSON.stringify(documents));
  return path;
}

describe('a gateway with trusted documents', () => {
  let stack: Stack;
  let token: string;
  let userId: string;
  // As graphql-codegen writes them: with `hashAlgorithm: 'sha256'`, keys name the algorithm.
  const file = documentsFile({ [`sha256:${hashOf(REPOS)}`]: REPOS, [hashOf(ME)]: ME });

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_TRUSTED_DOCUMENTS: file } });
    const user = stack.emulator.clerk.createUser();
    userId = user.id;
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'github' });
    stack.emulator.github.setRepos(account.id, { count: 3 });
    token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());

  const reasonOf = (response: GraphQLResponse<unknown>) => {
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    return response.body.errors?.[0]?.extensions?.reason;
  };
  const repositoriesOf = (response: GraphQLResponse<unknown>) => {
    expect(response.body.errors).toBeUndefined();
    const data = response.body.data as {
      me: { connectedAccounts: { githubRepos: { edges: unknown[] } }[] };
    };
    return data.me.connectedAccounts[0]?.githubRepos.edges.length;
  };

  it('runs a known document sent by documentId, with or without the algorithm prefix', async () => {
    expect(repositoriesOf(await stack.post({ documentId: `sha256:${hashOf(REPOS)}` }, { token }))).toBe(2);
    expect(repositoriesOf(await stack.post({ documentId: hashOf(REPOS) }, { token }))).toBe(2);
  });

  it("runs a known document sent by APQ's extensions.persistedQuery.sha256Hash", async () => {
    const response = await stack.post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(ME) } } },
      { token },
    );
    expect(response.body).toEqual({ data: { me: { id: userId } } });
  });

  it('runs a known document by GET, with its variables', async () => {
    const url = `${stack.url}/graphql?documentId=sha256:${hashOf(ME)}&variables=${encodeURIComponent('{}')}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(await response.json()).toEqual({ data: { me: { id: userId } } });
  });

  it('refuses an unknown hash with no Clerk or provider call', async () => {
    stack.emulator.calls.reset();
    const unknown = hashOf('{ me { id username } }');
    expect(reasonOf(await stack.post({ documentId: `sha256:${unknown}` }, { token }))).toBe(
      'PERSISTED_DOCUMENT_NOT_FOUND',
    );
    expect(
      reasonOf(
        await stack.post({ extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } }, { token }),
      ),
    ).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
    expect(reasonOf(await stack.post({ variables: {} }, { token }))).toBe('PERSISTED_DOCUMENT_NOT_FOUND');
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('refuses a full query, even one that is in the file, with no Clerk or provider call', async () => {
    stack.emulator.calls.reset();
    expect(reasonOf(await stack.post({ query: REPOS }, { token }))).toBe('PERSISTED_DOCUMENTS_ONLY');
    expect(reasonOf(await stack.post({ query: '{ __typename }' }))).toBe('PERSISTED_DOCUMENTS_ONLY');
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('asks for a session as usual on a trusted document', async () => {
    expect(errorCodes(await stack.post({ documentId: hashOf(ME) }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('the sandbox with trusted documents', () => {
  it('runs both the trusted documents and any other document', async () => {
    const stack = await startStack();
    try {
      const { config } = parseConfig(
        { ...stack.emulator.gatewayEnv(), GATEWAY_TRUSTED_DOCUMENTS: documentsFile({ [hashOf(ME)]: ME }) },
        { providers: PROVIDERS },
      );
      const gateway = createGateway(config, {
        logger: createLogger('silent'),
        allowArbitraryDocuments: true,
      });
      const user = stack.emulator.clerk.createUser();
      const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
      const post = async (body: unknown) =>
        (
          await gateway.fetch(
            new Request('http://sandbox/graphql', {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify(body),
            }),
          )
        ).json();
      expect(await post({ documentId: `sha256:${hashOf(ME)}` })).toEqual({ data: { me: { id: user.id } } });
      expect(await post({ query: '{ me { id } }' })).toEqual({ data: { me: { id: user.id } } });
      await gateway.close();
    } finally {
      await stack.close();
    }
  });
});

describe('GATEWAY_TRUSTED_DOCUMENTS', () => {
  const problemsOf = (path: string) => {
    try {
      parseConfig({ CLERK_SECRET_KEY: 'sk_test_x', GATEWAY_TRUSTED_DOCUMENTS: path }, { providers: [] });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
      throw error;
    }
    return '';
  };

  it('stops the start on a missing file, a file that is not a hash → document map, or a document that is not GraphQL', () => {
    expect(problemsOf('/nonexistent/persisted-documents.json')).toMatch(
      /GATEWAY_TRUSTED_DOCUMENTS.*persisted-documents\.json.*no such file/,
    );
    const notJson = join(mkdtempSync(join(tmpdir(), 'trusted-')), 'documents.json');
    writeFileSync(notJson, '{ not json');
    expect(problemsOf(notJson)).toMatch(/GATEWAY_TRUSTED_DOCUMENTS/);
    expect(problemsOf(documentsFile({ [hashOf(ME)]: 42 } as unknown as Record<string, string>))).toMatch(
      /GATEWAY_TRUSTED_DOCUMENTS/,
    );
    expect(problemsOf(documentsFile({ [hashOf(ME)]: 'query {' }))).toMatch(
      /GATEWAY_TRUSTED_DOCUMENTS.*not GraphQL/,
    );
  });

  it('reads the map codegen writes', () => {
    const { config } = parseConfig(
      { CLERK_SECRET_KEY: 'sk_test_x', GATEWAY_TRUSTED_DOCUMENTS: documentsFile({ [hashOf(ME)]: ME }) },
      { providers: [] },
    );
    expect(config.trustedDocuments).toEqual({ [hashOf(ME)]: ME });
  });
});
