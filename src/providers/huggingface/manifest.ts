import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** Hugging Face Hub OAuth (providers.md, "Hugging Face"). */
export const huggingfaceManifest = defineProviderManifest({
  id: 'huggingface',
  displayName: 'Hugging Face',
  apiBaseUrl: 'https://huggingface.co',
  headers: {},
  // A limit is a 429 carrying the IETF draft headers (providers.md, Hugging Face "Rate limiting"); the
  // format is marked "verify", so both drafts are read: the current `RateLimit: "api";r=0;t=89` (in
  // `interpret`) and the earlier separate `RateLimit-Reset: 89` (seconds from now), plus `Retry-After`.
  rateLimit: {
    signalledStatuses: [],
    retryAfterHeaders: ['retry-after'],
    resetHeaders: [{ header: 'ratelimit-reset', unit: 'seconds' }],
  },
  interpret: rateLimitOfDraftHeader,
  interpretStatuses: [429],
  pagination: 'link-header',
  // Clerk's guide: "At minimum, select openid, profile, and email" (providers.json clerkDefaultScopes).
  defaultScopes: ['openid', 'profile', 'email'],
  // `/oauth/userinfo` is the OpenID Connect UserInfo endpoint: it serves tokens of an `openid` request
  // (OIDC Core §5.3); `profile` and `email` only add claims.
  fieldScopes: { profile: ['openid'] },
  clerkDocsUrl: clerkDocsUrlOf('hugging-face'),
});

/**
 * The wait of a 429 from the structured `RateLimit` header (draft-ietf-httpapi-ratelimit-headers ≥ 07:
 * `"api";r=0;t=89`, `t` in seconds; draft 03–06 combined form `limit=500, remaining=0, reset=89`).
 * `undefined` when it says nothing: the manifest's other signals then apply.
 */
function rateLimitOfDraftHeader(answer: ProviderAnswer): AnswerMeaning | undefined {
  const seconds = /(?:^|[;,\s])(?:t|reset)=(\d+)/.exec(answer.headers.get('ratelimit') ?? '')?.[1];
  return seconds === undefined ? undefined : { kind: 'rate-limited', waitMs: Number(seconds) * 1000 };
}
