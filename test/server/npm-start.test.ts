/**
 * `npm start` itself, on the build `npm test` makes first: plain `node` on `dist/`, no TypeScript
 * loader anywhere in its process tree, and a SIGTERM sent to npm reaching the server through the real
 * chain (npm → shell → node), which then finishes what it is serving before it stops.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { commandLineOf, descendantsOf, ROOT, runNpm } from '../support/child-process.js';

const QUERY = '{ me { id connectedAccounts { githubRepos(first: 2) { edges { node { name } } } } } }';

describe('npm start', () => {
  it('refuses to start without configuration, naming every problem and pointing to the sandbox', async () => {
    const server = runNpm('start', { PORT: 'eighty', CLERK_API_URL: 'ftp://clerk' });
    const { code } = await server.exited;
    expect(code).not.toBe(0);
    const output = server.output();
    expect(output).toContain('CLERK_SECRET_KEY');
    expect(output).toContain('PORT');
    expect(output).toContain('CLERK_API_URL');
    expect(output).toContain('npm run dev');
    // One message: the problems are listed together, not thrown one at a time.
    expect(output.match(/cannot start/g)).toHaveLength(1);
  });

  describe('configured against the emulator', () => {
    let emulator: Emulator;
    let token: string;

    beforeAll(async () => {
      emulator = await createEmulator();
      const user = emulator.clerk.createUser();
      const account = emulator.clerk.connectAccount(user.id, { provider: 'github' });
      emulator.github.setRepos(account.id, { count: 3 });
      token = emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
    });
    afterAll(() => emulator.close());

    it('runs plain node on dist/, serves /health and /graphql, and stops cleanly on a SIGTERM to npm', async () => {
      const server = runNpm('start', { ...emulator.gatewayEnv(), PORT: '0', HOST: '127.0.0.1' });
      try {
        const [, url] = await server.waitFor(/"url":"(http:\/\/[^"]+)\/graphql"/);
        expect((await fetch(`${url}/health`)).status).toBe(200);

        const tree = descendantsOf(server.child.pid ?? 0).map((pid) => ({
          pid,
          command: commandLineOf(pid) ?? [],
        }));
        const servers = tree.filter(({ command }) =>
          command.some((part) => /(^|\/)dist\/server\.js$/.test(part)),
        );
        expect(servers).toHaveLength(1);
        expect(servers[0]?.command[0]).toMatch(/(^|\/)node$/);
        expect(tree.flatMap(({ command }) => command).join(' ')).not.toMatch(/tsx|--import|--loader|ts-node/);

        const post = () =>
          fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: QUERY }),
          });
        const first = (await (await post()).json()) as { data: { me: { connectedAccounts: unknown[] } } };
        expect(first.data.me.connectedAccounts).toHaveLength(1);

        emulator.setLatency('github', 400);
        const before = emulator.calls.count({ route: 'github.listRepos' });
        const inFlight = post();
        // SIGTERM to npm once the request is being served: the gateway is waiting for GitHub.
        while (emulator.calls.count({ route: 'github.listRepos' }) === before) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        server.child.kill('SIGTERM');
        const response = await inFlight;
        expect(response.status).toBe(200);
        // npm may exit first (a shell such as Debian's dash dies of the SIGTERM npm hands it); the server
        // then finishes on its own and stops cleanly, its log still reaching npm's output.
        await expect.poll(() => server.output(), { timeout: 10_000 }).toMatch(/"msg":"stopped"/);
        await expect.poll(() => commandLineOf(servers[0]?.pid ?? 0)).toBeUndefined();
      } finally {
        emulator.setLatency('github', 0);
        await server.stop();
      }
    });

    it('serves metrics on GATEWAY_METRICS_PORT only; on SIGTERM, /ready answers 503 while it still serves', async () => {
      const server = runNpm('start', {
        ...emulator.gatewayEnv(),
        PORT: '0',
        HOST: '127.0.0.1',
        GATEWAY_METRICS_PORT: '0',
        GATEWAY_SHUTDOWN_DELAY_MS: '2000',
      });
      try {
        const [, url] = await server.waitFor(/"url":"(http:\/\/[^"]+)\/graphql"/);
        const [, metricsUrl = ''] = await server.waitFor(/"metricsUrl":"(http:\/\/[^"]+)"/);
        const post = () =>
          fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: QUERY }),
          });
        expect((await post()).status).toBe(200);
        const metrics = await fetch(metricsUrl);
        expect(metrics.status).toBe(200);
        expect(await metrics.text()).toMatch(
          /^provider_graph_provider_calls_total\{provider="github",outcome="ok"\} 1$/m,
        );
        expect((await fetch(`${url}/metrics`)).status).toBe(404);
        expect((await fetch(`${url}/ready`)).status).toBe(200);

        server.child.kill('SIGTERM');
        await expect.poll(async () => (await fetch(`${url}/ready`)).status, { timeout: 1_500 }).toBe(503);
        // Load balancers see /ready fail and stop sending; what still comes is served.
        expect((await post()).status).toBe(200);
        await expect.poll(() => server.output(), { timeout: 10_000 }).toMatch(/"msg":"stopped"/);
      } finally {
        await server.stop();
      }
    });
  });
});

describe('the build (npm run build)', () => {
  const dist = `${ROOT}dist`;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`.slice(dist.length + 1)],
    );

  it('holds JavaScript and type declarations for the package entry and the server', () => {
    for (const file of ['index.js', 'index.d.ts', 'server.js', 'app.js', 'config.d.ts']) {
      expect(existsSync(`${dist}/${file}`)).toBe(true);
    }
  });

  it('leaves the emulator, the sandbox and the fixtures out', () => {
    expect(files(dist).filter((file) => /emulator|fixtures|(^|\/)dev\.(js|d\.ts)/.test(file))).toEqual([]);
  });
});
