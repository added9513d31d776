import { z } from 'zod';
import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';
import { linearRateLimitWaitMs } from './rate-limit.js';

/** Linear's GraphQL API (providers.md, "Linear"). */
export const linearManifest = defineProviderManifest({
  id: 'linear',
  displayName: 'Linear',
  apiBaseUrl: 'https://api.linear.app',
  headers: {},
  // `interpret` reads every limit (a `RATELIMITED` error at any status, or a 429) with all of Linear's
  // headers; this declares the one signal the shared reader can take as is.
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  interpret: meaningOfLinearAnswer,
  // "auth failures seen as HTTP 401, 400 and even 200-with-errors", limits as "429 (or 400)"
  // (providers.md, Linear notes and "Rate limiting"); 2xx bodies are always read.
  interpretStatuses: [400, 401, 429],
  pagination: 'cursor-in-body',
  maxPageSize: 250,
  // Inferred (providers.json clerkDefaultScopes).
  defaultScopes: ['read'],
  // None checked ahead: Linear grants `read` to every token ("always present", Linear OAuth scopes),
  // and its scopes are comma-separated, which a whitespace-split `approvedScopes` may not list apart.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('linear'),
});

const errorsSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(
    z.object({
      extensions: z.object({ code: z.string().optional(), type: z.string().optional() }).optional(),
    }),
  ),
});

/**
 * Linear says what went wrong in `errors[].extensions`: `code` (`AUTHENTICATION_ERROR`, `RATELIMITED`)
 * and `type` (`authentication error`, `ratelimited`), which its SDK reads (linear/linear
 * `packages/sdk/src/error.ts`). Classified by those, whatever the status; a 429 is a limit regardless.
 */
function meaningOfLinearAnswer(answer: ProviderAnswer): AnswerMeaning | undefined {
  const parsed = errorsSchema.safeParse(answer.body);
  const errors = parsed.success ? parsed.data.errors : [];
  const says = (code: string, type: string) =>
    errors.some((error) => error.extensions?.code === code || error.extensions?.type === type);
  if (says('AUTHENTICATION_ERROR', 'authentication error')) return { kind: 'token-rejected' };
  if (says('RATELIMITED', 'ratelimited') || answer.status === 429) {
    const waitMs = linearRateLimitWaitMs(answer.headers, Date.now());
    return waitMs === undefined ? { kind: 'rate-limited' } : { kind: 'rate-limited', waitMs };
  }
  // Errors and not one field answered: the whole query failed, on Linear's side or on ours.
  const answered = Object.values(parsed.data?.data ?? {}).some((value) => value !== null);
  if (errors.length > 0 && !answered) {
    return says('INTERNAL_ERROR', 'internal error') ? { kind: 'failed' } : { kind: 'refused' };
  }
  return undefined;
}
