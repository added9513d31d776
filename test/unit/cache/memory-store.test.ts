import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/cache/memory-store.js';

function fakeClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe('createMemoryStore', () => {
  it('returns a value until its TTL has elapsed', async () => {
    const clock = fakeClock();
    const store = createMemoryStore({ maxEntries: 10, clock });
    await store.set('user_1:k', { token: 'a' }, 1_000);

    clock.advance(999);
    expect(await store.get('user_1:k')).toEqual({ token: 'a' });
    clock.advance(1);
    expect(await store.get('user_1:k')).toBeUndefined();
  });

  it('forgets an expired entry once read', async () => {
    const clock = fakeClock();
    const store = createMemoryStore({ maxEntries: 10, clock });
    await store.set('k', 1, 10);

    clock.advance(10);
    await store.get('k');

    expect(store.size()).toBe(0);
  });

  it('restarts the TTL when a key is set again', async () => {
    const clock = fakeClock();
    const store = createMemoryStore({ maxEntries: 10, clock });
    await store.set('k', 'old', 1_000);
    clock.advance(900);
    await store.set('k', 'new', 1_000);

    clock.advance(900);

    expect(await store.get('k')).toBe('new');
  });

  it.each([0, -5])('stores nothing for a TTL of %i', async (ttlMs) => {
    const store = createMemoryStore({ maxEntries: 10, clock: fakeClock() });

    await store.set('k', 'value', ttlMs);

    expect(await store.get('k')).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it('drops the previous value when a key is set with a TTL of 0', async () => {
    const store = createMemoryStore({ maxEntries: 10, clock: fakeClock() });
    await store.set('k', 'value', 1_000);

    await store.set('k', 'other', 0);

    expect(await store.get('k')).toBeUndefined();
  });

  it('deletes a key', async () => {
    const store = createMemoryStore({ maxEntries: 10, clock: fakeClock() });
    await store.set('k', 'value', 1_000);

    await store.delete('k');

    expect(await store.get('k')).toBeUndefined();
  });

  it('returns undefined for a key never set', async () => {
    const store = createMemoryStore({ maxEntries: 10, clock: fakeClock() });

    expect(await store.get('missing')).toBeUndefined();
  });

  it('evicts the least recently written entry when full', async () => {
    const store = createMemoryStore({ maxEntries: 3, clock: fakeClock() });
    for (const key of ['a', 'b', 'c', 'd']) await store.set(key, key, 1_000);

    expect(store.size()).toBe(3);
    expect(await store.get('a')).toBeUndefined();
    expect([await store.get('b'), await store.get('c'), await store.get('d')]).toEqual(['b', 'c', 'd']);
  });

  it('keeps an entry that was read recently when evicting', async () => {
    const store = createMemoryStore({ maxEntries: 3, clock: fakeClock() });
    for (const key of ['a', 'b', 'c']) await store.set(key, key, 1_000);
    await store.get('a');

    await store.set('d', 'd', 1_000);

    expect(await store.get('b')).toBeUndefined();
    expect([await store.get('a'), await store.get('c'), await store.get('d')]).toEqual(['a', 'c', 'd']);
  });

  it('keeps an entry that was rewritten recently when evicting', async () => {
    const store = createMemoryStore({ maxEntries: 3, clock: fakeClock() });
    for (const key of ['a', 'b', 'c']) await store.set(key, key, 1_000);
    await store.set('a', 'a2', 1_000);

    await store.set('d', 'd', 1_000);

    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBe('a2');
  });

  it('never holds more than maxEntries', async () => {
    const store = createMemoryStore({ maxEntries: 5, clock: fakeClock() });

    for (let index = 0; index < 50; index++) await store.set(`k${index}`, index, 1_000);

    expect(store.size()).toBe(5);
  });
});
