import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { githubSchema } from './schema.js';

/** GitHub REST (docs/providers.md#github). */
export const github = defineProvider({
  id: 'github',
  displayName: 'GitHub',
  clerkDocsSlug: 'github',
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
  // carries the x-ratelimit headers, so a 403 without either signal is a plain refusal.
  rateLimit: {
    signalledStatuses: [403],
    resetHeaders: [{ header: 'x-ratelimit-reset', unit: 'epoch-seconds', whenZero: 'x-ratelimit-remaining' }],
  },
  // Page numbers, the next one announced in the `Link` header.
  pagination: { kind: 'link-header', param: 'page', first: 1, sizeParam: 'per_page', maxPageSize: 100 },
  // Observed in Clerk-generated authorize URLs.
  defaultScopes: ['user:email', 'read:user'],
  // `GET /user`, public repositories and their issues need no scope; private ones need `repo` (GitHub
  // leaves them out without it; `githubRepos(visibility: PRIVATE)` checks it).
  fieldScopes: { profile: [], githubRepos: [], githubIssues: [] },
  // `GET /user`: the authenticated user.
  profile: mapProfile({
    path: '/user',
    schema: z.object({
      id: z.number(),
      login: z.string(),
      name: z.string().nullish(),
      // The public profile email; often null (the primary address needs `GET /user/emails`).
      email: z.string().nullish(),
      avatar_url: z.string().nullish(),
      html_url: z.string().nullish(),
    }),
    map: (user) => ({
      id: user.id,
      username: user.login,
      name: user.name,
      email: user.email,
      avatarUrl: user.avatar_url,
      url: user.html_url,
    }),
  }),
  schema: githubSchema,
});
