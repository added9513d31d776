import { defineProviderManifest } from '../provider-manifest.js';

/** GitHub REST (providers.md, "GitHub (deep dive)"). */
export const githubManifest = defineProviderManifest({
  id: 'github',
  displayName: 'GitHub',
  headers: {
    Accept: 'application/vnd.github+json',
    // The version every field we read is documented against; GitHub keeps it for 24 months after a successor.
    'X-GitHub-Api-Version': '2022-11-28',
    // GitHub refuses requests without a User-Agent with 403.
    'User-Agent': 'provider-graph',
  },
  // Exhausted primary limits come back as 403 (or 429) with `x-ratelimit-remaining: 0`.
  rateLimit: { remainingHeader: 'x-ratelimit-remaining', resetHeader: 'x-ratelimit-reset' },
  maxPageSize: 100,
});
