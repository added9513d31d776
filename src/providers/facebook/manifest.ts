import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** An invalid, expired or revoked token: `OAuthException` code 190, whatever its subcode. */
const INVALID_TOKEN_CODE = 190;
/** Application, user, page and custom-level rate limits (providers.md, Facebook "Rate limiting"). */
const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 17, 32, 613]);

/**
 * Facebook Graph API (providers.md, "Facebook"). Its refusals are classified by `error.code`, not by
 * the status: an invalid token is usually a 400 (sometimes a 401), a rate limit a 400 or a 403
 * (providers.md, Facebook notes: "classify by error.code, not status").
 */
export const facebookManifest = defineProviderManifest({
  id: 'facebook',
  displayName: 'Facebook',
  // The Graph version is part of the base URL; Clerk's shared app used v20.0 (providers.md, Facebook).
  apiBaseUrl: 'https://graph.facebook.com/v20.0',
  headers: {},
  // Facebook states no wait: its limits are over a rolling hour, reported only as usage percentages
  // (`X-App-Usage`). Rate limits are read from the error code, below.
  rateLimit: { signalledStatuses: [] },
  interpret: interpretGraphError,
  interpretStatuses: [400, 401, 403],
  // `paging.cursors.after` in the body.
  pagination: 'cursor-in-body',
  // Observed in a Clerk authorize URL; `public_profile` is granted implicitly (providers.md, Facebook).
  defaultScopes: ['email'],
  // `/me` needs no permission beyond the implicit `public_profile`; without `email` the field is
  // just left out.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('facebook'),
});

function interpretGraphError({ status, body }: ProviderAnswer): AnswerMeaning | undefined {
  if (status < 400) return undefined;
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (typeof code !== 'number') return undefined;
  if (code === INVALID_TOKEN_CODE) return { kind: 'token-rejected' };
  if (RATE_LIMIT_CODES.has(code)) return { kind: 'rate-limited' };
  return undefined;
}
