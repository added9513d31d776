import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProcess, runEntry } from '../support/child-process.js';

interface SandboxAnswer {
  data?: {
    me: {
      connectedAccounts: {
        provider: string;
        profile: { name: string | null; source: string } | null;
        githubRepos: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } | null;
        notionUsers: { edges: unknown[] } | null;
      }[];
    };
  };
  errors?: unknown[];
}

describe('npm run dev (the sandbox)', () => {
  let sandbox: RunningProcess;
  let graphqlUrl: string;
  let authorization: string;

  beforeAll(async () => {
    // No configuration at all: the sandbox must not need any.
    sandbox = runEntry('src/dev.ts', {});
    [, graphqlUrl = ''] = await sandbox.waitFor(/GraphQL:\s+(http:\/\/127\.0\.0\.1:\d+\/graphql)/);
    [, authorization = ''] = await sandbox.waitFor(/^Authorization: (Bearer \S+)$/m);
  });
  afterAll(() => sandbox.stop());

  it('serves GraphiQL with the session header and the example query filled in, under a strict CSP', async () => {
    const response = await fetch(graphqlUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[^']+'(;|$)/);
    const html = await response.text();
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    const options = graphiqlOptionsOf(html);
    expect(JSON.parse(options.headers)).toEqual({ Authorization: authorization });
    expect(options.defaultQuery).toContain('connectedAccounts');
  });

  it('answers its example query for the demo user', async () => {
    const page = await (await fetch(graphqlUrl, { headers: { accept: 'text/html' } })).text();
    const options = graphiqlOptionsOf(page);
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...JSON.parse(options.headers) },
      body: JSON.stringify({ query: options.defaultQuery }),
    });
    const body = (await response.json()) as SandboxAnswer;
    expect(body.errors).toBeUndefined();
    const accounts = body.data?.me.connectedAccounts ?? [];
    expect(accounts.map((account) => account.provider).slice(0, 4)).toEqual([
      'GITHUB',
      'GITHUB',
      'NOTION',
      'GOOGLE',
    ]);
    // An account on every provider Clerk supports (two on GitHub) and a custom OIDC connection.
    expect(accounts).toHaveLength(27);
    expect(accounts.every((account) => account.profile !== null)).toBe(true);
    // The first GitHub account has more than 100 repositories.
    expect(accounts[0]?.githubRepos?.pageInfo.hasNextPage).toBe(true);
    expect(accounts[2]?.notionUsers?.edges.length).toBeGreaterThan(3);
  });

  it('stops cleanly on SIGTERM', async () => {
    sandbox.child.kill('SIGTERM');
    expect((await sandbox.exited).code).toBe(0);
  });
});

function graphiqlOptionsOf(html: string): { headers: string; defaultQuery: string } {
  const match = html.match(
    /renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{[\s\S]*?\}),\s*\);/,
  );
  if (!match?.[1]) throw new Error('GraphiQL options not found in the page');
  return JSON.parse(match[1]) as { headers: string; defaultQuery: string };
}
