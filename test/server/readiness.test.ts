/**
 * `GET /ready` (readiness) beside `GET /health` (liveness): 503 until the session keys are loaded, 503
 * while Redis is configured but unreachable, 503 once the gateway is draining for shutdown, while
 * `/health` and queries still answer.
 */
import { describe, expect, it } from 'vitest';
import { startStack } from '../support/stack.js';

const readiness = async (url: string) => {
  const response = await fetch(`${url}/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('GET /ready', () => {
  it('answers 503 during start-up, until the session keys are loaded from the JWKS, then 200', async () => {
    // No CLERK_JWT_KEY: the keys come from Clerk's JWKS, which nothing has asked for yet.
    const stack = await startStack({ env: { CLERK_JWT_KEY: undefined } });
    try {
      expect(await readiness(stack.url)).toEqual({
        status: 503,
        body: { ready: false, sessionKeys: false, redis: null, draining: false },
      });
      expect((await fetch(`${stack.url}/health`)).status).toBe(200);
      // The probe itself asks for the keys: the gateway becomes ready without a query.
      await expect.poll(async () => (await readiness(stack.url)).status, { timeout: 5_000 }).toBe(200);
    } finally {
      await stack.close();
    }
  });

  it('answers 503 while the JWKS cannot be loaded', async () => {
    const stack = await startStack({
      env: { CLERK_JWT_KEY: undefined, CLERK_API_URL: 'http://127.0.0.1:9' },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await readiness(stack.url)).status).toBe(503);
    } finally {
      await stack.close();
    }
  });

  it('answers 503 while a configured Redis does not answer', async () => {
    const stack = await startStack({ env: { REDIS_URL: 'redis://127.0.0.1:9' } });
    try {
      expect(await readiness(stack.url)).toEqual({
        status: 503,
        body: { ready: false, sessionKeys: true, redis: false, draining: false },
      });
    } finally {
      await stack.close();
    }
  });

  it('answers 503 once draining for shutdown, while queries are still served', async () => {
    const stack = await startStack();
    try {
      expect((await readiness(stack.url)).status).toBe(200);
      stack.gateway.drain();
      expect(await readiness(stack.url)).toEqual({
        status: 503,
        body: { ready: false, sessionKeys: true, redis: null, draining: true },
      });
      expect((await fetch(`${stack.url}/health`)).status).toBe(200);
      const user = stack.emulator.clerk.createUser();
      const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
      expect((await stack.post({ query: '{ me { id } }' }, { token })).body).toEqual({
        data: { me: { id: user.id } },
      });
    } finally {
      await stack.close();
    }
  });
});
