/**
 * Preloaded into the benchmark's child processes (`node --import ./test/bench/exit-with-parent.mjs …`):
 * the child exits as soon as its stdin, a pipe from the benchmark, closes. The benchmark stops its
 * children itself on every normal way out; this covers the one it cannot handle, being killed with
 * SIGKILL, so no server is left behind holding a port. Plain JavaScript, so that the gateway, run as
 * `npm start` runs it (plain `node` on `dist/`), can preload it too.
 */
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
