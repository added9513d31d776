/**
 * The web example (examples/web) end to end, as its README runs it: codegen from the committed schema,
 * the page type-checked against what it generated (a schema change that breaks the page fails here),
 * built with Vite, served as static files, and opened in Chromium against the sandbox started with the
 * page's persisted documents as its trusted documents. The page sends each operation's hash only.
 *
 * `WEB_SCREENSHOT=1 npx vitest run examples/web/web.test.ts` also writes docs/web-example.png.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type RunningProcess, runEntry } from '../../test/support/child-process.js';
import { launchChromium } from '../../test/support/chromium.js';

const PERSISTED_DOCUMENTS = join(ROOT, 'examples/web/src/gql/persisted-documents.json');
const SCREENSHOT = join(ROOT, 'docs/web-example.png');
/** The demo user's accounts (src/emulator/sandbox-seed.ts): every provider Clerk supports, two on GitHub. */
const DEMO_ACCOUNTS = 27;
/** The sandbox's Notion workspace: 7 people and 2 bots. */
const DEMO_NOTION_MEMBERS = 9;
const REPOSITORIES_PER_PAGE = 8;
/** How long the page may take to show what a test waits for (the sandbox answers in milliseconds). */
const SHOWN_WITHIN = { timeout: 15_000 };

interface SentOperation {
  body: Record<string, unknown>;
  authorization: string | undefined;
}

describe('the web example, built and run against the sandbox in Chromium', () => {
  let outDir: string | undefined;
  let staticServer: Server | undefined;
  let sandbox: RunningProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  /** The POSTs the page sent to the gateway's /graphql, in order. */
  const sentOperations: SentOperation[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await runNode('codegen', [
      'node_modules/@graphql-codegen/cli/cjs/bin.js',
      '--config',
      'examples/web/codegen.ts',
    ]);
    await runNode('tsc', ['node_modules/typescript/bin/tsc', '-p', 'examples/web/tsconfig.json']);

    outDir = await mkdtemp(join(tmpdir(), 'provider-graph-web-'));
    await build({
      configFile: join(ROOT, 'examples/web/vite.config.ts'),
      logLevel: 'warn',
      // No `VITE_` variable of the environment or an `examples/web/.env` reaches the page: it is the
      // sandbox build (no Clerk key), pointed at the sandbox by `?gateway=`.
      envPrefix: 'PROVIDER_GRAPH_WEB_TEST_',
      build: { outDir, emptyOutDir: true },
    });
    staticServer = await serveDirectory(outDir);
    const pageUrl = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}/`;

    sandbox = runEntry('src/dev.ts', {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      GATEWAY_TRUSTED_DOCUMENTS: PERSISTED_DOCUMENTS,
    });
    const [, graphqlUrl = ''] = await sandbox.waitFor(
      /GraphQL:\s+(http:\/\/127\.0\.0\.1:\d+\/graphql)/,
      60_000,
    );

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Avatars live on the internet; offline they fail, and the page shows initials instead.
    await context.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1'
        ? route.continue()
        : route.abort('internetdisconnected'),
    );
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    page.on('request', (request) => {
      if (request.url() !== graphqlUrl || request.method() !== 'POST') return;
      sentOperations.push({
        body: request.postDataJSON() as Record<string, unknown>,
        authorization: request.headers().authorization,
      });
    });
    await page.goto(`${pageUrl}?gateway=${encodeURIComponent(graphqlUrl)}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (staticServer ? staticServer.close(resolve) : resolve(undefined)));
    await sandbox?.stop();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("shows the signed-in user's name", async () => {
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SHOWN_WITHIN)
      .toBe('Ada Lovelace');
  });

  it('shows a card per connected account, with its avatar or an initial', async () => {
    const cards = page.getByRole('list', { name: 'Connected accounts' }).getByRole('listitem');
    await expect.poll(() => cards.count(), SHOWN_WITHIN).toBe(DEMO_ACCOUNTS);
    const titles = await cards.locator('strong').allTextContents();
    expect(titles.slice(0, 4)).toEqual(['GitHub', 'GitHubWork', 'Notion', 'Google']);
    expect(titles).toContain('Microsoft');
    const text = (await cards.allTextContents()).join('\n');
    expect(text).toContain('@ada-lovelace');
    expect(text).toContain('@ada-at-analytical-engines');
    // The avatars are unreachable offline, so each card ends up with its provider's initial instead.
    await expect
      .poll(() => cards.locator('.avatar').allTextContents(), SHOWN_WITHIN)
      .toEqual(titles.map((title) => title[0]?.toUpperCase()));
  });

  it('lists 8 repositories, and 8 others after "More repositories"', async () => {
    const repositories = page.getByRole('list', { name: 'Repositories' }).getByRole('link');
    await expect.poll(() => repositories.count(), SHOWN_WITHIN).toBe(REPOSITORIES_PER_PAGE);
    const firstPage = await repositories.allTextContents();

    await page.getByRole('button', { name: 'More repositories' }).click();
    await expect.poll(() => repositories.count(), SHOWN_WITHIN).toBe(2 * REPOSITORIES_PER_PAGE);
    const both = await repositories.allTextContents();
    expect(both.slice(0, REPOSITORIES_PER_PAGE)).toEqual(firstPage);
    expect(new Set(both).size).toBe(2 * REPOSITORIES_PER_PAGE);
    // The demo user's repositories have more pages: the button stays.
    await expect
      .poll(() => page.getByRole('button', { name: 'More repositories' }).isVisible(), SHOWN_WITHIN)
      .toBe(true);

    if (process.env.WEB_SCREENSHOT === '1') {
      // The click scrolled down to the button (and left the pointer over a link): the README shows the
      // page from its top, untouched.
      await page.mouse.move(0, 0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: SCREENSHOT });
    }
  });

  it('shows the people of the Notion workspace', async () => {
    const people = page.getByRole('list', { name: /^Notion people of/ }).getByRole('listitem');
    await expect.poll(() => people.count(), SHOWN_WITHIN).toBe(DEMO_NOTION_MEMBERS);
    const names = await people.locator('strong').allTextContents();
    expect(names).toContain('Ada Lovelace');
    expect(names.filter((name) => name.endsWith('Bot'))).toHaveLength(2);
  });

  // The last two look back over everything above: loading the page and its second page of repositories.
  it('showed no error, either as a notice on the page or as an exception', async () => {
    expect({ notices: await page.locator('.notice').allTextContents(), pageErrors }).toEqual({
      notices: [],
      pageErrors: [],
    });
  });

  it("sent each operation as its persisted document's hash, never its text, with the session", async () => {
    const persisted = JSON.parse(await readFile(PERSISTED_DOCUMENTS, 'utf8')) as Record<string, string>;
    // Profile and accounts, Notion people, and two pages of repositories.
    expect(sentOperations.map(({ body }) => body.operationName).sort()).toEqual([
      'WebNotionPeople',
      'WebRepositories',
      'WebRepositories',
      'WebViewer',
    ]);
    for (const { body, authorization } of sentOperations) {
      expect(body).not.toHaveProperty('query');
      expect(body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(persisted[body.documentId as string]).toContain(`query ${body.operationName as string}`);
      expect(authorization).toMatch(/^Bearer \S+$/);
    }
  });
});

/** Runs `node <args>` in the repository's root; fails with its output when it does. */
function runNode(name: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${name} failed for examples/web:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

/** A static file server for the built page, on a free port of 127.0.0.1. */
async function serveDirectory(directory: string): Promise<Server> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = join(directory, path.endsWith('/') ? `${path}index.html` : path);
    if (relative(directory, file).startsWith('..')) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** A port free now, for the sandbox (which takes `PORT`, or tries from 4000 on without it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
