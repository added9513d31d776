/**
 * The Clerk SDK takes no AbortSignal: when our timeout answers the caller, the SDK's own request goes
 * on. `limitGlobalFetch` (what `server.ts` installs) bounds that request too, so its socket is closed
 * instead of lingering for Node's default 300 s.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitGlobalFetch } from '../../src/http/global-fetch.js';
import { createClerkApi } from '../../src/tokens/clerk-api.js';

describe('limitGlobalFetch', () => {
  let server: Server;
  let url: string;
  const open = new Set<Socket>();
  let previous: Dispatcher;

  beforeAll(async () => {
    previous = getGlobalDispatcher();
    // Accepts every request and never answers.
    server = createServer(() => {});
    server.on('connection', (socket) => {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    setGlobalDispatcher(previous);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("closes the socket of a Clerk call our timeout gave up on, instead of leaving the SDK's request waiting", async () => {
    limitGlobalFetch(300);
    const clerk = createClerkApi({ secretKey: 'sk_test_c29tZS1zZWNyZXQta2V5', apiUrl: url, timeoutMs: 300 });

    await expect(clerk.getUser('user_1')).rejects.toMatchObject({ code: 'CLERK_UNAVAILABLE' });
    expect(open.size).toBe(1);

    // undici checks its timeouts on a coarse tick (about half a second).
    await expect.poll(() => open.size, { timeout: 2_000, interval: 50 }).toBe(0);
  });
});
