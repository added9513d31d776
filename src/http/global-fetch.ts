/**
 * Bounds every global `fetch` of the process: connecting, waiting for headers and between body chunks
 * each within `timeoutMs`, after which the request is aborted and its socket closed.
 *
 * Why: `@clerk/backend` calls the global `fetch` it bound at import and takes no AbortSignal
 * (docs/clerk-backend-api.md#no-timeout-or-abortsignal), so our timeout around a Clerk call answers the
 * caller but cannot abort the request; Node's own limits would keep it for up to 300 s. Node's `fetch`
 * reads undici's global dispatcher on every request, so this reaches the SDK without patching `fetch`.
 * It changes the whole process, so only an entry point that owns the process (`server.ts`, `dev.ts`)
 * calls it; `createGateway` stays free of side effects.
 */
import { Agent, setGlobalDispatcher } from 'undici';

export function limitGlobalFetch(timeoutMs: number): void {
  setGlobalDispatcher(
    new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }),
  );
}
