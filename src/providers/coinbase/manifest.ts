import { z } from 'zod';
import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** `{errors: [{id, message}]}`: Coinbase's error envelope (providers.md, "Coinbase"). */
const errorsSchema = z.object({ errors: z.array(z.object({ id: z.string() })) });

/** A 403 `invalid_scope` is a scope the token lacks (providers.md, Coinbase notes); other 403s are refusals. */
function interpretCoinbaseAnswer({ status, body }: ProviderAnswer): AnswerMeaning | undefined {
  if (status !== 403) return undefined;
  const parsed = errorsSchema.safeParse(body);
  return parsed.success && parsed.data.errors.some((error) => error.id === 'invalid_scope')
    ? { kind: 'missing-scopes' }
    : undefined;
}

/** Coinbase App API v2 (providers.md, "Coinbase"). */
export const coinbaseManifest = defineProviderManifest({
  id: 'coinbase',
  displayName: 'Coinbase',
  apiBaseUrl: 'https://api.coinbase.com',
  headers: {
    // Optional but recommended: it pins the API's behaviour, and without it every answer carries a
    // `missing_version` warning (providers.md, Coinbase profile headers).
    'CB-VERSION': '2025-01-01',
  },
  // A 429 `rate_limit_exceeded` with no header saying how long to wait (providers.md, Coinbase "Rate
  // limiting"): the wait is the gateway's default minute, or a `Retry-After` should Coinbase send one.
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  interpret: interpretCoinbaseAnswer,
  interpretStatuses: [403],
  // `starting_after` / `ending_before` object-id cursors, with `pagination.next_uri` in the body.
  pagination: 'cursor-in-body',
  maxPageSize: 100,
  // Inferred (providers.md, Coinbase).
  defaultScopes: ['wallet:user:read', 'wallet:user:email'],
  // `GET /v2/user` answers the public profile with any token; `wallet:user:email` adds the email and
  // `wallet:user:read` the private fields, neither of which is required.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('coinbase'),
});
