import { describe, expect, it, vi } from 'vitest';
import { createSingleFlight } from '../../../src/cache/single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createSingleFlight', () => {
  it('lets concurrent callers of one key share one call', async () => {
    const run = createSingleFlight();
    const call = deferred<string>();
    const work = vi.fn(() => call.promise);

    const first = run('user_1:github', work);
    const second = run('user_1:github', work);
    call.resolve('tokens');

    expect(await Promise.all([first, second])).toEqual(['tokens', 'tokens']);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs the work again once the shared call has settled', async () => {
    const run = createSingleFlight();
    const work = vi.fn(async () => 'tokens');

    await run('k', work);
    await run('k', work);

    expect(work).toHaveBeenCalledTimes(2);
  });

  it('gives every waiting caller the failure of the shared call', async () => {
    const run = createSingleFlight();
    const call = deferred<string>();
    const work = vi.fn(() => call.promise);

    const first = run('k', work);
    const second = run('k', work);
    call.reject(new Error('Clerk is down'));

    await expect(first).rejects.toThrow('Clerk is down');
    await expect(second).rejects.toThrow('Clerk is down');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed call', async () => {
    const run = createSingleFlight();
    const work = vi.fn().mockRejectedValueOnce(new Error('Clerk is down')).mockResolvedValueOnce('tokens');

    await expect(run('k', work)).rejects.toThrow('Clerk is down');

    expect(await run('k', work)).toBe('tokens');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('runs different keys separately', async () => {
    const run = createSingleFlight();
    const calls = { a: deferred<string>(), b: deferred<string>() };

    const a = run('user_1:github', () => calls.a.promise);
    const b = run('user_2:github', () => calls.b.promise);
    calls.b.resolve('b');
    calls.a.resolve('a');

    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
  });
});
