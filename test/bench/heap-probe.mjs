/**
 * Preloaded into the gateway of the benchmark's memory measurement (with `--expose-gc`): on SIGUSR2 it
 * runs a full garbage collection and writes the heap still in use to stderr (`heap-used <bytes>`), so
 * the benchmark measures what the gateway keeps, not how lazily V8 returns memory (resident size).
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  process.stderr.write(`heap-used ${process.memoryUsage().heapUsed}\n`);
});
