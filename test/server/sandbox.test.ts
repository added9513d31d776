import { createServer, type Server } from 'node:net';
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
        googleCalendarEvents: { edges: { node: { startsAt: string } }[] } | null;
        slackChannels: { edges: unknown[] } | null;
        spotifyPlaylists: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } | null;
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
    // Realistic data on the other providers: a calendar with events in the coming days, channels,
    // more playlists than one page.
    const events = accounts[3]?.googleCalendarEvents?.edges ?? [];
    expect(events).toHaveLength(5);
    expect(events.every(({ node }) => Date.parse(node.startsAt) < Date.now() + 30 * 24 * 3600 * 1000)).toBe(
      true,
    );
    const of = (provider: string) => accounts.find((account) => account.provider === provider);
    expect(of('SLACK')?.slackChannels?.edges).toHaveLength(5);
    expect(of('SPOTIFY')?.spotifyPlaylists?.pageInfo.hasNextPage).toBe(true);
  });

  it('hands a frontend the demo session at /sandbox/session, from any origin', async () => {
    const response = await fetch(new URL('/sandbox/session', graphqlUrl), {
      headers: { origin: 'http://127.0.0.1:5173' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ token: authorization.slice('Bearer '.length) });
  });

  it('stops cleanly on SIGTERM', async () => {
    sandbox.child.kill('SIGTERM');
    expect((await sandbox.exited).code).toBe(0);
  });
});

describe('npm run dev: where it listens', () => {
  const urlOf = async (sandbox: RunningProcess) =>
    new URL((await sandbox.waitFor(/GraphQL:\s+(http:\/\/\S+\/graphql)/))[1] ?? '');

  it('listens on PORT and HOST when they are set', async () => {
    const port = await freePort();
    const sandbox = runEntry('src/dev.ts', { PORT: String(port), HOST: 'localhost' });
    try {
      const url = await urlOf(sandbox);
      expect(url.hostname).toBe('localhost');
      expect(url.port).toBe(String(port));
      expect((await fetch(new URL('/health', url))).status).toBe(200);
    } finally {
      await sandbox.stop();
    }
  });

  it('takes the next free port after 4000 when 4000 is taken and PORT is unset', async () => {
    const blocker = await occupy(4000);
    const sandbox = runEntry('src/dev.ts', {});
    try {
      const port = Number((await urlOf(sandbox)).port);
      expect(port).toBeGreaterThan(4000);
      expect(port).toBeLessThan(4020);
    } finally {
      await sandbox.stop();
      if (blocker) await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a PORT that is not a port, naming it', async () => {
    const sandbox = runEntry('src/dev.ts', { PORT: 'eighty' });
    expect((await sandbox.exited).code).not.toBe(0);
    expect(sandbox.output()).toMatch(/PORT must be a whole number/);
  });
});

/** A port free right now on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Holds `port` on 127.0.0.1; `undefined` when something else already does (it is taken either way). */
function occupy(port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error),
    );
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function graphiqlOptionsOf(html: string): { headers: string; defaultQuery: string } {
  const match = html.match(
    /renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{[\s\S]*?\}),\s*\);/,
  );
  if (!match?.[1]) throw new Error('GraphiQL options not found in the page');
  return JSON.parse(match[1]) as { headers: string; defaultQuery: string };
}
