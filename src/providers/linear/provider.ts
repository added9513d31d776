import { z } from 'zod';
import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-types.js';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { linearRateLimitWaitMs } from './rate-limit.js';
import { linearSchema } from './schema.js';

/** Linear's GraphQL API (docs/providers.md#linear). */
export const linear = defineProvider({
  id: 'linear',
  displayName: 'Linear',
  clerkDocsSlug: 'linear',
  apiBaseUrl: 'https://api.linear.app',
  // `interpret` reads every limit (a `RATELIMITED` error at any status, or a 429) with all of Linear's
  // headers; the default `Retry-After` is the one signal the shared reader can take as is.
  interpret: meaningOfLinearAnswer,
  // Auth failures are seen as HTTP 401, 400 and even 200-with-errors, limits as 429 (or 400), scope
  // refusals as 400 (with a `statusCode: 403` extension, so 403 too); 2xx bodies are always read.
  interpretStatuses: [400, 401, 403, 429],
  // Relay cursors in the GraphQL variables: `after` back from `pageInfo.endCursor`, while `hasNextPage`.
  pagination: {
    kind: 'cursor',
    param: 'variables.after',
    sizeParam: 'variables.first',
    nextAt: 'data.viewer.assignedIssues.pageInfo.endCursor',
    hasMoreAt: 'data.viewer.assignedIssues.pageInfo.hasNextPage',
    maxPageSize: 250,
  },
  // Inferred.
  defaultScopes: ['read'],
  // Linear grants `read` to every token ("always present", Linear OAuth scopes), so the profile checks
  // none ahead; the issues declare it, so that a record without it says what to add. Linear's scopes
  // are comma-separated: `approvedScopes` splits on commas too.
  fieldScopes: { profile: [], linearIssues: ['read'] },
  // The `viewer` query: the authenticated user. Linear's `displayName` is the short handle (`jane`),
  // `name` the full name.
  profile: mapProfile({
    method: 'POST',
    path: '/graphql',
    body: { query: 'query Viewer { viewer { id name email displayName avatarUrl url } }' },
    schema: z.object({
      data: z.object({
        viewer: z.object({
          id: z.string(),
          name: z.string().nullish(),
          email: z.string().nullish(),
          displayName: z.string().nullish(),
          avatarUrl: z.string().nullish(),
          url: z.string().nullish(),
        }),
      }),
    }),
    map: ({ data: { viewer } }) => ({
      id: viewer.id,
      username: viewer.displayName,
      name: viewer.name,
      email: viewer.email,
      avatarUrl: viewer.avatarUrl,
      url: viewer.url,
    }),
  }),
  schema: linearSchema,
});

const errorsSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(
    z.object({
      message: z.string().optional(),
      extensions: z.object({ code: z.string().optional(), type: z.string().optional() }).optional(),
    }),
  ),
});

/** Linear's refusal of a token without a scope the query needs. */
const INVALID_SCOPE = /^Invalid scope: `[^`]+` required/;

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
  // "Invalid scope: `read` required": the message alone names a scope refusal; its `forbidden` type is
  // shared with other refusals (docs/providers.md#linear, "Errors").
  if (errors.some((error) => INVALID_SCOPE.test(error.message ?? ''))) return { kind: 'missing-scopes' };
  // Errors and not one field answered: the whole query failed, on Linear's side or on ours.
  const answered = Object.values(parsed.data?.data ?? {}).some((value) => value !== null);
  if (errors.length > 0 && !answered) {
    return says('INTERNAL_ERROR', 'internal error') ? { kind: 'failed' } : { kind: 'refused' };
  }
  return undefined;
}
