/**
 * Several gateway instances on one real `redis-server`: one Clerk call per (user, provider) for all of
 * them, nothing readable in Redis, keys rotated, tampering a miss, and Redis failing without a query
 * failing.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type EmulatedAccount, type Emulator } from '../../src/emulator/index.js';
import { graphql } from '../gql/index.js';
import { deliverClerkWebhook } from '../support/clerk-webhook.js';
import { REDIS_MISSING, type RedisServer, startRedis } from '../support/redis-server.js';
import { type Stack, startStack } from '../support/stack.js';

const Accounts = graphql(`
  query SharedCacheAccounts {
    me {
      id
      connectedAccounts {
        id
        githubRepos(first: 1) {
          edges {
            node {
              name
            }
          }
        }
      }
    }
  }
`);

const WEBHOOK_SECRET = `whsec_${Buffer.alloc(24, 5).toString('base64')}`;

const KEY_A = Buffer.alloc(32, 0xa).toString('base64');
const KEY_B = Buffer.alloc(32, 0xb).toString('base64');

describe('a cache shared through Redis', () => {
  let redis: RedisServer;
  let emulator: Emulator;
  let admin: Redis;
  const stacks: Stack[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    emulator = await createEmulator();
    admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    // Redis is killed on purpose below: this client just reconnects.
    admin.on('error', () => {});
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(stacks.splice(0).map((stack) => stack.close()));
    emulator.faults.clear();
    await admin.flushall();
  });
  afterAll(async () => {
    admin.disconnect();
    await emulator.close();
    await redis.stop();
  });

  async function instance(env: Record<string, string> = {}): Promise<Stack> {
    const stack = await startStack({
      on: emulator,
      env: { REDIS_URL: redis.url, GATEWAY_LOG_LEVEL: 'info', GATEWAY_USER_RATE_LIMIT: '0', ...env },
    });
    stacks.push(stack);
    await waitUntilReady(stack);
    return stack;
  }

  function userWithGitHub(count = 2): { token: string; userId: string; accounts: EmulatedAccount[] } {
    const { clerk } = emulator;
    const user = clerk.createUser();
    const accounts = Array.from({ length: count }, (_, index) =>
      clerk.connectAccount(user.id, { provider: 'github', label: `GitHub ${index}` }),
    );
    for (const account of accounts) emulator.github.setRepos(account.id, { count: 2 });
    return { token: clerk.signSessionToken(user.id, { expiresInSeconds: 3600 }), userId: user.id, accounts };
  }

  const clerkCalls = (route: string, userId: string) =>
    emulator.calls.all().filter((call) => call.route === route && call.userId === userId).length;

  it('needs a real redis-server, and says how to install it when there is none', async () => {
    await expect(startRedis({ binary: '/nonexistent/redis-server' })).rejects.toThrow(REDIS_MISSING);
  });

  it('makes one Clerk call per (user, provider) for three instances meeting a cold user at once', async () => {
    const stacks = await Promise.all([instance(), instance(), instance()]);
    const { token, userId } = userWithGitHub();
    emulator.setLatency('clerk', 150);
    try {
      const answers = await Promise.all(
        stacks.flatMap((stack) => [
          stack.query(Accounts, {}, { token }),
          stack.query(Accounts, {}, { token }),
        ]),
      );
      for (const answer of answers) expect(answer.body.errors).toBeUndefined();
    } finally {
      emulator.setLatency('clerk', 0);
    }
    expect(clerkCalls('clerk.getUser', userId)).toBe(1);
    expect(clerkCalls('clerk.getOauthAccessTokens', userId)).toBe(1);

    // A fourth instance, started after, is warm at once.
    const late = await instance();
    expect((await late.query(Accounts, {}, { token })).body.errors).toBeUndefined();
    expect(clerkCalls('clerk.getUser', userId)).toBe(1);
    expect(clerkCalls('clerk.getOauthAccessTokens', userId)).toBe(1);
  });

  it('counts the per-user rate limit across instances', async () => {
    const env = { GATEWAY_USER_RATE_LIMIT: '3', GATEWAY_USER_RATE_WINDOW_MS: '60000' };
    const [first, second] = await Promise.all([instance(env), instance(env)]);
    const { token } = userWithGitHub(1);
    const statuses: number[] = [];
    for (const stack of [first, second, first, second] as Stack[]) {
      statuses.push((await stack.query(Accounts, {}, { token })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('asks Redis for the rate limit once per lease of tokens, not once per query', async () => {
    const stack = await instance({ GATEWAY_USER_RATE_LIMIT: '200', GATEWAY_USER_RATE_WINDOW_MS: '60000' });
    const { token } = userWithGitHub(1);
    const evals = async () =>
      Number(/cmdstat_eval:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
    const before = await evals();
    for (let i = 0; i < 20; i++) expect((await stack.query(Accounts, {}, { token })).status).toBe(200);
    // Leases of 10 tokens (a twentieth of 200), each spent within a second.
    expect(await evals()).toBeGreaterThanOrEqual(before + 2);
    expect(await evals()).toBeLessThanOrEqual(before + 8);
  });

  it('keeps no token, email or secret in Redis in plain text', async () => {
    const stack = await instance();
    const { token, accounts } = userWithGitHub();
    expect((await stack.query(Accounts, {}, { token })).body.errors).toBeUndefined();
    const secrets = [
      ...accounts.map((account) => emulator.clerk.currentAccessToken(account.id)),
      stack.config.clerk.secretKey,
      token,
    ];
    const keys = await admin.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const type = await admin.type(key);
      const values =
        type === 'string' ? [(await admin.get(key)) ?? ''] : type === 'set' ? await admin.smembers(key) : [];
      for (const secret of secrets) {
        expect(key).not.toContain(secret);
        for (const value of values) expect(value).not.toContain(secret);
      }
      for (const value of values) expect(value).not.toMatch(/@example\.|"token"/);
    }
  });

  it('reads values sealed with the old key after a rotation, and misses with a key it lacks', async () => {
    const { token, userId } = userWithGitHub(1);
    const old = await instance({ GATEWAY_CACHE_ENCRYPTION_KEY: KEY_A });
    expect((await old.query(Accounts, {}, { token })).body.errors).toBeUndefined();
    expect(clerkCalls('clerk.getOauthAccessTokens', userId)).toBe(1);

    const rotated = await instance({ GATEWAY_CACHE_ENCRYPTION_KEY: `${KEY_B},${KEY_A}` });
    expect((await rotated.query(Accounts, {}, { token })).body.errors).toBeUndefined();
    expect(clerkCalls('clerk.getOauthAccessTokens', userId)).toBe(1);

    const stranger = await instance({ GATEWAY_CACHE_ENCRYPTION_KEY: KEY_B });
    expect((await stranger.query(Accounts, {}, { token })).body.errors).toBeUndefined();
    expect(clerkCalls('clerk.getOauthAccessTokens', userId)).toBe(2);
  });

  it('treats a tampered value as a miss, not an error', async () => {
    const { token, userId } = userWithGitHub(1);
    const first = await instance();
    expect((await first.query(Accounts, {}, { token })).body.errors).toBeUndefined();
    for (const key of await admin.keys('pg:c:*')) {
      const value = (await admin.get(key)) ?? '';
      const flipped = `${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
      await admin.set(key, flipped, 'KEEPTTL');
    }
    const second = await instance();
    expect((await second.query(Accounts, {}, { token })).body.errors).toBeUndefined();
    expect(clerkCalls('clerk.getUser', userId)).toBe(2);
    expect(clerkCalls('clerk.getOauthAccessTokens', userId)).toBe(2);
  });

  /** Delivers a Clerk webhook, signed as Svix signs it, to one instance. */
  function deliver(stack: Stack, type: string, data: Record<string, unknown>, id?: string) {
    const body = JSON.stringify({ type, object: 'event', data, timestamp: Date.now() });
    return deliverClerkWebhook({ url: stack.url, secret: WEBHOOK_SECRET, body, ...(id ? { id } : {}) });
  }

  it('drops a disconnected account on every instance within a second of user.updated', async () => {
    const env = { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET, GATEWAY_USER_CACHE_TTL_MS: '600000' };
    const [first, second] = await Promise.all([instance(env), instance(env)]);
    const { token, userId, accounts } = userWithGitHub(2);
    for (const stack of [first, second] as Stack[]) {
      const answer = await stack.query(Accounts, {}, { token });
      expect(answer.body.data?.me?.connectedAccounts).toHaveLength(2);
    }
    const [kept, dropped] = accounts as [EmulatedAccount, EmulatedAccount];
    emulator.clerk.disconnectAccount(dropped.id);
    const delivered = await deliver(first as Stack, 'user.updated', emulator.clerk.userJson(userId));
    expect(delivered.status).toBe(200);

    const started = Date.now();
    await until(async () => {
      const answer = await (second as Stack).query(Accounts, {}, { token });
      return answer.body.data?.me?.connectedAccounts.length === 1;
    }, 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    const tokenKeys = (await admin.smembers(`pg:idx:${userId}`)).filter((key) => key.includes(':token:'));
    expect(tokenKeys).not.toContain(`${userId}:token:${dropped.id}`);
    expect(await admin.exists(`pg:c:${userId}:token:${kept.id}`)).toBe(1);
  });

  it('forgets a deleted user everywhere, and refuses a bad signature changing nothing', async () => {
    const env = { CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET };
    const stack = await instance(env);
    const { token, userId } = userWithGitHub(1);
    expect((await stack.query(Accounts, {}, { token })).body.errors).toBeUndefined();
    const before = await admin.keys(`pg:c:${userId}:*`);
    expect(before.length).toBeGreaterThan(0);

    const forged = await fetch(`${stack.url}/webhooks/clerk`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': 'msg_forged',
        'svix-timestamp': String(Math.floor(Date.now() / 1000)),
        'svix-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      },
      body: JSON.stringify({ type: 'user.deleted', object: 'event', data: { id: userId, deleted: true } }),
    });
    expect(forged.status).toBe(400);
    expect(await admin.keys(`pg:c:${userId}:*`)).toEqual(before);

    expect((await deliver(stack, 'user.deleted', { id: userId, object: 'user', deleted: true })).status).toBe(
      200,
    );
    expect(await admin.keys(`pg:c:${userId}:*`)).toEqual([]);
  });

  it('serves every query while Redis is killed and restarted, and reports it in /ready', async () => {
    const stacks = await Promise.all([instance(), instance()]);
    const users = Array.from({ length: 4 }, () => userWithGitHub(1));
    let failed = 0;
    let answered = 0;
    let running = true;
    const load = (async () => {
      for (let round = 0; running; round++) {
        const stack = stacks[round % stacks.length] as Stack;
        const user = users[round % users.length] as (typeof users)[number];
        const response = await stack.query(Accounts, {}, { token: user.token });
        if (response.body.errors !== undefined || response.status !== 200) failed++;
        else answered++;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.kill();
    await until(async () => (await fetch(`${stacks[0]?.url}/ready`)).status === 503);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.restart();
    await admin.connect().catch(() => {});
    for (const stack of stacks) await waitUntilReady(stack);
    await new Promise((resolve) => setTimeout(resolve, 300));
    running = false;
    await load;
    expect(answered).toBeGreaterThan(20);
    expect(failed).toBe(0);
    const warnings = stacks.flatMap((stack) =>
      stack.logs.filter((line) => line.includes('Redis is failing')),
    );
    // One warning per instance at most, however many commands failed.
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(stacks.length * 2);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUp) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function waitUntilReady(stack: Stack): Promise<void> {
  await until(async () => (await fetch(`${stack.url}/ready`)).status === 200);
}
