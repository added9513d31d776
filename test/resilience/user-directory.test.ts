import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/cache/memory-store.js';
import { GatewayError } from '../../src/errors.js';
import type { ClerkApi, UserRecord } from '../../src/tokens/clerk-api.js';
import { createUserDirectory } from '../../src/tokens/user-directory.js';

const TTL_MS = 30_000;
const STALE_MS = 600_000;

function userRecord(username: string): UserRecord {
  return {
    id: 'user_1',
    username,
    firstName: null,
    lastName: null,
    primaryEmailAddress: null,
    imageUrl: null,
    externalAccounts: [],
  };
}

/** A directory over a fake Clerk whose next answer the test sets, and a clock the test moves. */
function setup() {
  let now = 1_000_000;
  const clock = { now: () => now };
  let answer: () => Promise<UserRecord> = async () => userRecord('ada');
  const calls: (number | undefined)[] = [];
  const stale: string[] = [];
  const clerk: ClerkApi = {
    getUser: (_userId, deadline) => {
      calls.push(deadline);
      return answer();
    },
    getOauthTokens: async () => [],
    getJwks: async () => [],
  };
  const directory = createUserDirectory({
    clerk,
    cache: createMemoryStore({ maxEntries: 100, clock }),
    ttlMs: TTL_MS,
    staleIfErrorMs: STALE_MS,
    clock,
    onStale: (_userId, error) => stale.push(error.code),
  });
  return {
    directory,
    calls,
    stale,
    advance: (ms: number) => {
      now += ms;
    },
    answer: (next: () => Promise<UserRecord>) => {
      answer = next;
    },
  };
}

const failing = (code: 'CLERK_UNAVAILABLE' | 'RATE_LIMITED' | 'UNAUTHENTICATED') => async () => {
  throw new GatewayError(code, 'Clerk failed.');
};

describe('createUserDirectory', () => {
  it('serves a fresh record without asking Clerk', async () => {
    const { directory, calls, advance } = setup();
    await directory.getUser('user_1');
    advance(TTL_MS - 1);

    await expect(directory.getUser('user_1')).resolves.toMatchObject({ username: 'ada' });
    expect(calls).toHaveLength(1);
  });

  it('asks Clerk again once the record is stale, and keeps the new one', async () => {
    const { directory, calls, advance, answer } = setup();
    await directory.getUser('user_1');
    advance(TTL_MS);
    answer(async () => userRecord('ada-renamed'));

    await expect(directory.getUser('user_1')).resolves.toMatchObject({ username: 'ada-renamed' });
    expect(calls).toHaveLength(2);
  });

  it('passes the deadline on to Clerk', async () => {
    const { directory, calls } = setup();

    await directory.getUser('user_1', 123_456);

    expect(calls).toEqual([123_456]);
  });

  it.each(['CLERK_UNAVAILABLE', 'RATE_LIMITED'] as const)(
    'serves the stale record when Clerk fails with %s',
    async (code) => {
      const { directory, advance, answer, stale } = setup();
      await directory.getUser('user_1');
      advance(TTL_MS + 60_000);
      answer(failing(code));

      await expect(directory.getUser('user_1')).resolves.toMatchObject({ username: 'ada' });
      expect(stale).toEqual([code]);
    },
  );

  it('fails as Clerk did for a user it has never seen', async () => {
    const { directory, answer } = setup();
    answer(failing('CLERK_UNAVAILABLE'));

    await expect(directory.getUser('user_1')).rejects.toMatchObject({ code: 'CLERK_UNAVAILABLE' });
  });

  it('stops serving a record older than its freshness plus the stale-if-error window', async () => {
    const { directory, advance, answer } = setup();
    await directory.getUser('user_1');
    advance(TTL_MS + STALE_MS);
    answer(failing('CLERK_UNAVAILABLE'));

    await expect(directory.getUser('user_1')).rejects.toMatchObject({ code: 'CLERK_UNAVAILABLE' });
  });

  it('never serves stale a user Clerk says is gone, even in a later outage', async () => {
    const { directory, advance, answer } = setup();
    await directory.getUser('user_1');
    advance(TTL_MS);
    answer(failing('UNAUTHENTICATED'));
    await expect(directory.getUser('user_1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    answer(failing('CLERK_UNAVAILABLE'));
    await expect(directory.getUser('user_1')).rejects.toMatchObject({ code: 'CLERK_UNAVAILABLE' });
  });
});
