import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-types.js';
import { defineProvider } from '../provider-declaration.js';
import { huggingfaceSchema } from './schema.js';

/** Hugging Face Hub OAuth (docs/providers.md#hugging-face). */
export const huggingface = defineProvider({
  id: 'huggingface',
  displayName: 'Hugging Face',
  clerkDocsSlug: 'hugging-face',
  apiBaseUrl: 'https://huggingface.co',
  // A limit is a 429 carrying the IETF draft headers; their format is unverified, so both drafts are
  // read: the current `RateLimit: "api";r=0;t=89` (in `interpret`) and the earlier separate
  // `RateLimit-Reset: 89` (seconds from now), plus `Retry-After`.
  rateLimit: { resetHeaders: [{ header: 'ratelimit-reset', unit: 'seconds' }] },
  interpret: rateLimitOfDraftHeader,
  interpretStatuses: [429],
  // An opaque `cursor` in the `Link` header's next URL. 1000 a page: the Hub documents no maximum
  // (docs/providers.md#hugging-face, "Pagination"; unverified), huggingface.js asks 500.
  pagination: { kind: 'link-header', param: 'cursor', sizeParam: 'limit', maxPageSize: 1000 },
  // Clerk's guide: "At minimum, select openid, profile, and email".
  defaultScopes: ['openid', 'profile', 'email'],
  // `/oauth/userinfo` is the OpenID Connect UserInfo endpoint: it serves tokens of an `openid` request
  // (OIDC Core §5.3); `profile` and `email` only add claims.
  // `huggingfaceModels`: public models need no scope; private ones need `read-repos` (or `write-repos`,
  // `manage-repos`), and the Hub leaves them out without it rather than refusing.
  fieldScopes: { profile: ['openid'], huggingfaceModels: [] },
  userinfoPath: '/oauth/userinfo',
  schema: huggingfaceSchema,
});

/**
 * The wait of a 429 from the structured `RateLimit` header (draft-ietf-httpapi-ratelimit-headers ≥ 07:
 * `"api";r=0;t=89`, `t` in seconds; draft 03–06 combined form `limit=500, remaining=0, reset=89`).
 * `undefined` when it says nothing: the declaration's other signals then apply.
 */
function rateLimitOfDraftHeader(answer: ProviderAnswer): AnswerMeaning | undefined {
  const seconds = /(?:^|[;,\s])(?:t|reset)=(\d+)/.exec(answer.headers.get('ratelimit') ?? '')?.[1];
  return seconds === undefined ? undefined : { kind: 'rate-limited', waitMs: Number(seconds) * 1000 };
}
