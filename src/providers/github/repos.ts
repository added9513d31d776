/**
 * `GET /user/repos`: the repositories the account can see, paginated by page number with the next page
 * announced in the `Link` header (providers.md, GitHub "GET /user/repos").
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import { parseLinkHeader } from '../../http/link-header.js';
import type { ProviderCalls } from '../account-api.js';
import type { ProviderPage } from '../page-walker.js';
import { githubManifest } from './manifest.js';

/** Only the fields the graph reads. */
const repositorySchema = z.object({
  id: z.number(),
  node_id: z.string(),
  name: z.string(),
  full_name: z.string(),
  description: z.string().nullable(),
  html_url: z.string(),
  private: z.boolean(),
  fork: z.boolean(),
  archived: z.boolean(),
  language: z.string().nullable(),
  stargazers_count: z.number(),
  forks_count: z.number(),
  open_issues_count: z.number(),
  default_branch: z.string(),
  topics: z.array(z.string()).default([]),
  visibility: z.string().optional(),
  owner: z.object({ login: z.string(), avatar_url: z.string() }),
  created_at: z.string(),
  updated_at: z.string(),
  pushed_at: z.string().nullable(),
});

export type GitHubRepository = z.infer<typeof repositorySchema>;

export interface RepositoryFilters {
  readonly visibility: 'all' | 'public' | 'private';
  readonly affiliation: readonly ('owner' | 'collaborator' | 'organization_member')[];
  readonly sort: 'created' | 'updated' | 'pushed' | 'full_name';
  readonly direction: 'asc' | 'desc' | null;
}

export async function fetchRepositoryPage(
  calls: ProviderCalls,
  account: { readonly id: string },
  filters: RepositoryFilters,
  page: number,
): Promise<ProviderPage<GitHubRepository, number>> {
  const response = await calls.get('/user/repos', {
    visibility: filters.visibility,
    affiliation: filters.affiliation.join(','),
    sort: filters.sort,
    direction: filters.direction ?? undefined,
    per_page: githubManifest.maxPageSize,
    page,
  });
  const repositories = z.array(repositorySchema).safeParse(response.body);
  if (!repositories.success) {
    throw new GatewayError('PROVIDER_ERROR', 'GitHub returned repositories in an unexpected shape.', {
      provider: githubManifest.id,
      accountId: account.id,
    });
  }
  return { items: repositories.data, next: nextPageOf(response.headers.get('link'), account) };
}

/**
 * The page number `rel="next"` points at. We keep the number, never the URL, and never call the URL:
 * the next page is asked of the configured base URL (`account-api.ts`), whatever origin the link names
 * (test/resilience/pagination-links.test.ts), so a link cannot take the account's token elsewhere.
 */
function nextPageOf(link: string | null, account: { readonly id: string }): number | null {
  const next = parseLinkHeader(link).next;
  if (!next) return null;
  const page = Number(URL.canParse(next) ? new URL(next).searchParams.get('page') : Number.NaN);
  if (!Number.isInteger(page) || page < 1) {
    throw new GatewayError('PROVIDER_ERROR', 'GitHub announced a next page without a page number.', {
      provider: githubManifest.id,
      accountId: account.id,
    });
  }
  return page;
}
