/**
 * The sandbox's GraphiQL in a real browser (README, "Quick start" and "Development"): with nothing
 * reachable but 127.0.0.1 and under the gateway's Content-Security-Policy, the page renders, opens with
 * the session header and the example query, and running the query shows the demo user's accounts.
 */
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProcess, runEntry } from '../support/child-process.js';
import { launchChromium } from '../support/chromium.js';

// The page is ~9 MB of inline JavaScript; parsing it takes seconds on a busy CI machine.
const PAGE_TIMEOUT_MS = 45_000;

interface SandboxAnswer {
  data?: { me: { connectedAccounts: { provider: string; githubRepos: unknown }[] } };
  errors?: unknown[];
}

describe('GraphiQL in the sandbox, in a browser with no internet', () => {
  let sandbox: RunningProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let authorization: string;
  let documentResponse: Response | null;
  /** Requests for anything not on 127.0.0.1; they are aborted, as they would fail offline. */
  const outsideRequests: string[] = [];
  /** `securitypolicyviolation` events, console errors and uncaught exceptions, in the order they happened. */
  const cspViolations: string[] = [];
  const consoleProblems: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sandbox = runEntry('src/dev.ts', {});
    const [, graphqlUrl = ''] = await sandbox.waitFor(/GraphQL:\s+(http:\/\/127\.0\.0\.1:\d+\/graphql)/);
    [, authorization = ''] = await sandbox.waitFor(/^Authorization: (Bearer \S+)$/m);

    browser = await launchChromium();
    const context = await browser.newContext();
    context.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).hostname === '127.0.0.1') return route.continue();
      outsideRequests.push(url);
      return route.abort('internetdisconnected');
    });
    // Chromium logs violations to the console too; the event also catches those it reports silently.
    await context.exposeFunction('reportCspViolation', (violation: string) => cspViolations.push(violation));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportCspViolation(violation: string): void })
          .reportCspViolation;
        report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
      });
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) {
        consoleProblems.push(`${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));

    documentResponse = await page.goto(graphqlUrl);
    await executeButton(page).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('opens with the example query in the operation editor', async () => {
    const query = await editorText(page.locator('section[aria-label="Operation Editor"] .view-lines'));
    expect(query).toContain('query Sandbox {');
    expect(query).toContain('connectedAccounts {');
  });

  it('opens with the printed Authorization header in the headers editor', async () => {
    // The Headers section holds the Variables editor too, hidden while Headers is the active tab.
    const headers = await editorText(
      page.locator('section[aria-label="Headers"] .view-lines').filter({ visible: true }),
    );
    expect(headers).toContain(`"Authorization": "${authorization}"`);
  });

  it("runs the example query and shows the demo user's accounts in the result panel", async () => {
    const [response] = await Promise.all([
      page.waitForResponse(
        (candidate) =>
          candidate.request().method() === 'POST' &&
          (candidate.request().postData() ?? '').includes('Sandbox'),
      ),
      executeButton(page).click(),
    ]);
    const answer = (await response.json()) as SandboxAnswer;
    expect(answer.errors).toBeUndefined();
    const providers = answer.data?.me.connectedAccounts.map((account) => account.provider) ?? [];
    expect(providers.slice(0, 4)).toEqual(['GITHUB', 'GITHUB', 'NOTION', 'GOOGLE']);
    expect(providers).toHaveLength(27);

    const result = page.locator('section[aria-label="Result Window"] .view-lines');
    await expect
      .poll(() => editorText(result), { timeout: PAGE_TIMEOUT_MS })
      .toContain('"provider": "GITHUB"');
    const shown = await editorText(result);
    expect(shown).toContain('"githubRepos": {');
    expect(shown).not.toContain('"errors"');
  }, 60_000);

  // The last two look back over everything above: loading the page, its workers and running the query.
  it('fetches nothing from outside 127.0.0.1', () => {
    expect(outsideRequests).toEqual([]);
  });

  it('runs under the strict Content-Security-Policy without a violation, console error or page error', () => {
    expect(documentResponse?.headers()['content-security-policy']).toContain("default-src 'none'");
    // One assertion, so that a failure shows all three (a CSP violation usually explains the errors).
    expect({ cspViolations, consoleProblems, pageErrors }).toEqual({
      cspViolations: [],
      consoleProblems: [],
      pageErrors: [],
    });
  });
});

function executeButton(page: Page): Locator {
  return page.getByRole('button', { name: /^Execute query/ });
}

/** The text of the lines a Monaco editor has rendered (those in view); Monaco writes spaces as U+00A0. */
async function editorText(lines: Locator): Promise<string> {
  return ((await lines.textContent()) ?? '').replaceAll('\u00a0', ' ');
}
