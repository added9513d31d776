/**
 * Concurrent callers asking for the same key share one in-flight promise: a burst of requests for a cold
 * user makes one Clerk call, not one per request. The entry is dropped when the call settles, so a
 * failure is not remembered.
 */
export function createSingleFlight() {
  const inFlight = new Map<string, Promise<unknown>>();

  return function run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const existing = inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const promise = work().finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };
}

export type SingleFlight = ReturnType<typeof createSingleFlight>;
