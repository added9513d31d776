/**
 * The Express example, on the built package (`provider-graph` resolves to `dist/`, as in an app that
 * installed it): the gateway answers `/graphql` next to the app's own routes, its configuration written
 * in code with `defineConfig`.
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGateway, defineConfig, type Gateway } from 'provider-graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { createApp } from './app.js';

describe('the Express example', () => {
  let emulator: Emulator;
  let gateway: Gateway;
  let server: Server;
  let url: string;
  let token: string;

  beforeAll(async () => {
    emulator = await createEmulator();
    const user = emulator.clerk.createUser({ username: 'ada' });
    const account = emulator.clerk.connectAccount(user.id, { provider: 'github', username: 'ada-lovelace' });
    emulator.github.setRepos(account.id, { count: 3 });
    token = emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });

    const config = defineConfig({
      clerk: {
        secretKey: emulator.clerk.secretKey,
        apiUrl: emulator.baseUrl('clerk'),
        jwtKey: emulator.clerk.jwtKeyPem,
      },
      providerApiUrls: { github: emulator.baseUrl('github') },
      logLevel: 'silent',
    });
    gateway = createGateway(config);
    server = createApp(gateway).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await gateway.close();
    await emulator.close();
  });

  it("answers a query at /graphql with the user's repositories", async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ me { username connectedAccounts { githubRepos(first: 5) { edges { node { name } } } } } }',
      }),
    });
    const body = (await response.json()) as {
      data?: { me: { username: string; connectedAccounts: { githubRepos: { edges: unknown[] } }[] } };
      errors?: unknown[];
    };
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.me.username).toBe('ada');
    expect(body.data?.me.connectedAccounts[0]?.githubRepos.edges).toHaveLength(3);
  });

  it('answers UNAUTHENTICATED with 401 without a session', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(401);
  });

  it("leaves the app's own routes to the app, its JSON body parser included", async () => {
    expect(await (await fetch(`${url}/`)).text()).toContain('/graphql');
    const echo = await fetch(`${url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(await echo.json()).toEqual({ received: { hello: 'world' } });
  });
});
