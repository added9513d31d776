/**
 * A gateway given its own cache (`deps.cache`) evicts from that cache when a Clerk webhook says a user
 * changed, not from the built-in store it does not use: the user's record and tokens are gone, and the
 * next query asks Clerk again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvictionOptions, evicts, tokenCacheKey } from '../../src/cache/cache-store.js';
import { createMemoryStore } from '../../src/cache/memory-store.js';
import { deliverClerkWebhook } from '../support/clerk-webhook.js';
import { type Stack, startStack } from '../support/stack.js';

const WEBHOOK_SECRET = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;
const REPOS = '{ me { connectedAccounts { githubRepos(first: 2) { edges { node { name } } } } } }';

describe('Clerk webhooks with an injected cache', () => {
  const store = createMemoryStore({ maxEntries: 1000 });
  const evicted: string[] = [];
  const cache = Object.assign(store, {
    async evictUser(userId: string, options?: EvictionOptions) {
      evicted.push(userId);
      store.deleteMatching(evicts(userId, options));
    },
  });
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET }, deps: { cache } });
  });
  afterAll(async () => {
    await stack.close();
  });

  it("drops the user's record and tokens from that cache, and the next query asks Clerk again", async () => {
    const { clerk } = stack.emulator;
    const user = clerk.createUser();
    const account = clerk.connectAccount(user.id, { provider: 'github' });
    stack.emulator.github.setRepos(account.id, { count: 3 });
    const token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    expect((await stack.post({ query: REPOS }, { token })).status).toBe(200);
    expect(await cache.get(`${user.id}:user`)).toBeDefined();
    expect(await cache.get(tokenCacheKey(user.id, account.id))).toBeDefined();

    const body = JSON.stringify({
      type: 'user.deleted',
      object: 'event',
      data: { id: user.id, object: 'user', deleted: true },
    });
    const response = await deliverClerkWebhook({ url: stack.url, secret: WEBHOOK_SECRET, body });
    expect(response.status).toBe(200);
    expect(evicted).toEqual([user.id]);
    expect(await cache.get(`${user.id}:user`)).toBeUndefined();
    expect(await cache.get(tokenCacheKey(user.id, account.id))).toBeUndefined();

    stack.emulator.calls.reset();
    expect((await stack.post({ query: REPOS }, { token })).status).toBe(200);
    expect(stack.emulator.calls.count({ service: 'clerk' })).toBeGreaterThan(0);
  });
});
