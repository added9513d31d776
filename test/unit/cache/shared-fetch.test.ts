import { describe, expect, it } from 'vitest';
import type { SharedLocks } from '../../../src/cache/cache-store.js';
import { fetchOnce } from '../../../src/cache/shared-fetch.js';

/** Locks in process, as Redis's `SET NX PX` hands them out. */
function inProcessLocks(): SharedLocks {
  const held = new Set<string>();
  return {
    async acquire(name) {
      if (held.has(name)) return undefined;
      held.add(name);
      return { release: async () => void held.delete(name) };
    },
  };
}

describe('fetchOnce', () => {
  it('does not fetch when another instance finished between the caller’s cache miss and the lock', async () => {
    let fetches = 0;
    const answer = await fetchOnce({
      locks: inProcessLocks(),
      name: 'tokens:user_1:github',
      deadline: undefined,
      // The other instance's answer is already in the shared cache when the lock is taken.
      fetchedElsewhere: async () => true,
      fetch: async () => ++fetches,
    });
    expect(answer).toBeUndefined();
    expect(fetches).toBe(0);
  });

  it('fetches once for callers meeting at once, the others reading what it fetched', async () => {
    const locks = inProcessLocks();
    let stored = false;
    let fetches = 0;
    const call = () =>
      fetchOnce({
        locks,
        name: 'tokens:user_1:github',
        deadline: undefined,
        fetchedElsewhere: async () => stored,
        fetch: async () => {
          fetches++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          stored = true;
          return 'tokens';
        },
      });
    const answers = await Promise.all([call(), call(), call()]);
    expect(fetches).toBe(1);
    expect(answers.filter((answer) => answer === 'tokens')).toHaveLength(1);
  });
});
