import type { ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * Dropbox API v2 (providers.md, "Dropbox"). Its RPC endpoints are all POST, reads included. A 401 is
 * not always a bad token: `missing_scope` also comes as a 401, told apart only by the error's `.tag`
 * (providers.md, Dropbox notes: "Other 401 tags: invalid_access_token, missing_scope …").
 */
export const dropboxManifest = defineProviderManifest({
  id: 'dropbox',
  displayName: 'Dropbox',
  apiBaseUrl: 'https://api.dropboxapi.com/2',
  headers: {},
  // 429 with `Retry-After` in seconds, repeated as `error.retry_after` in the body; a 403 is never a
  // rate limit (providers.md, Dropbox "Rate limiting").
  rateLimit: {
    signalledStatuses: [],
    retryAfterHeaders: ['retry-after'],
    bodyFields: [{ field: 'error.retry_after', unit: 'seconds' }],
  },
  interpret: ({ status, body }: ProviderAnswer) =>
    status === 401 && errorTagOf(body) === 'missing_scope' ? { kind: 'missing-scopes' } : undefined,
  // Every other 401 tag (expired_access_token, invalid_access_token, user_suspended…) is the token.
  interpretStatuses: [401],
  // `files/list_folder` then `files/list_folder/continue` with the `cursor` of the previous answer.
  pagination: 'cursor-in-body',
  // Inferred by the reference; a scoped Dropbox app always has it (providers.md, Dropbox).
  defaultScopes: ['account_info.read'],
  // `users/get_current_account` requires `account_info.read` (Dropbox's endpoint documentation).
  fieldScopes: { profile: ['account_info.read'] },
  clerkDocsUrl: clerkDocsUrlOf('dropbox'),
});

/** `{"error_summary": "missing_scope/..", "error": {".tag": "missing_scope", …}}` → `missing_scope`. */
function errorTagOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['.tag'] : undefined;
}
