import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** GitHub REST (providers.md, "GitHub (deep dive)"). */
export const githubManifest = defineProviderManifest({
  id: 'github',
  displayName: 'GitHub',
  apiBaseUrl: 'https://api.github.com',
  headers: {
    Accept: 'application/vnd.github+json',
    // The version every field we read is documented against; GitHub keeps it for 24 months after a successor.
    'X-GitHub-Api-Version': '2022-11-28',
    // GitHub refuses requests without a User-Agent with 403.
    'User-Agent': 'provider-graph',
  },
  // Secondary limits come as 403 or 429 with `retry-after` (seconds); an exhausted primary limit as 403
  // (or 429) with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` in epoch seconds. Every answer
  // carries the x-ratelimit headers, so a 403 without either signal is a plain refusal (providers.md,
  // GitHub "Rate limits and errors").
  rateLimit: {
    signalledStatuses: [403],
    retryAfterHeaders: ['retry-after'],
    resetHeaders: [{ header: 'x-ratelimit-reset', unit: 'epoch-seconds', whenZero: 'x-ratelimit-remaining' }],
  },
  pagination: 'link-header',
  maxPageSize: 100,
  // Observed in Clerk-generated authorize URLs (providers.md, GitHub catalogue entry).
  defaultScopes: ['user:email', 'read:user'],
  // `GET /user` and public repositories need no scope; private ones need `repo` (checked by the field).
  fieldScopes: { profile: [], githubRepos: [] },
  clerkDocsUrl: clerkDocsUrlOf('github'),
});
