import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { runEntry } from '../support/child-process.js';

const QUERY = '{ me { id connectedAccounts { githubRepos(first: 2) { edges { node { name } } } } } }';

describe('npm start (src/server.ts)', () => {
  it('refuses to start without configuration, naming every problem and pointing to the sandbox', async () => {
    const server = runEntry('src/server.ts', { PORT: 'eighty', CLERK_API_URL: 'ftp://clerk' });
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

    it('serves /health and /graphql, then shuts down cleanly on SIGTERM after finishing in-flight requests', async () => {
      const env = { ...emulator.gatewayEnv(), PORT: '0', HOST: '127.0.0.1' };
      const server = runEntry('src/server.ts', env);
      try {
        const [, url] = await server.waitFor(/"url":"(http:\/\/[^"]+)\/graphql"/);
        expect((await fetch(`${url}/health`)).status).toBe(200);

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
        // SIGTERM once the request is being served: the gateway is waiting for GitHub.
        while (emulator.calls.count({ route: 'github.listRepos' }) === before) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        server.child.kill('SIGTERM');
        const response = await inFlight;
        expect(response.status).toBe(200);
        expect((await server.exited).code).toBe(0);
      } finally {
        emulator.setLatency('github', 0);
        await server.stop();
      }
    });
  });
});
