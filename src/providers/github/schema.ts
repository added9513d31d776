/**
 * GitHub's fields on `ConnectedAccount`: `githubRepos`, the repositories the account can see
 * (`GET /user/repos`), and `githubIssues`, the issues and pull requests assigned to it (or that it
 * opened, is mentioned in, follows) across every repository (`GET /issues`; docs/providers.md#github).
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned, RepositoryFields } from '../../schema/shared-interfaces.js';
import { scopeDetails } from '../scope-requirements.js';

/** Only the fields the graph reads, as the node it becomes (a `Repository`). */
const repositorySchema = z
  .object({
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
    owner: z.object({ login: z.string(), avatar_url: z.string() }),
    created_at: z.string(),
    updated_at: z.string(),
    pushed_at: z.string().nullable(),
  })
  .transform(
    (repo): GitHubRepository => ({
      id: repo.node_id,
      databaseId: repo.id,
      name: repo.name,
      fullName: repo.full_name,
      // GitHub answers `""` for a description someone cleared.
      description: repo.description || null,
      url: repo.html_url,
      isPrivate: repo.private,
      isFork: repo.fork,
      isArchived: repo.archived,
      language: repo.language,
      stargazerCount: repo.stargazers_count,
      forkCount: repo.forks_count,
      openIssuesCount: repo.open_issues_count,
      defaultBranch: repo.default_branch,
      topics: repo.topics,
      owner: { login: repo.owner.login, avatarUrl: repo.owner.avatar_url },
      createdAt: repo.created_at,
      updatedAt: repo.updated_at,
      pushedAt: repo.pushed_at,
    }),
  );

interface GitHubRepository extends RepositoryFields {
  readonly databaseId: number;
  readonly isFork: boolean;
  readonly isArchived: boolean;
  readonly language: string | null;
  readonly stargazerCount: number;
  readonly forkCount: number;
  readonly openIssuesCount: number;
  readonly defaultBranch: string;
  readonly topics: readonly string[];
  readonly owner: { readonly login: string; readonly avatarUrl: string };
  readonly createdAt: string;
  readonly pushedAt: string | null;
}

/** An issue or pull request of `GET /issues`, as the node it becomes. */
const issueSchema = z
  .object({
    id: z.number(),
    node_id: z.string(),
    number: z.number(),
    title: z.string(),
    state: z.enum(['open', 'closed']),
    html_url: z.string(),
    user: z.object({ login: z.string(), avatar_url: z.string() }).nullable(),
    labels: z.array(z.union([z.string(), z.object({ name: z.string() })])),
    comments: z.number(),
    pull_request: z.object({}).passthrough().optional(),
    repository: z.object({ full_name: z.string(), html_url: z.string(), private: z.boolean() }),
    // GitHub answers UTC times with `Z` (`2011-04-22T13:33:48Z`); anything else is a malformed answer.
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    closed_at: z.iso.datetime().nullable(),
  })
  .transform(
    (issue): GitHubIssue => ({
      id: issue.node_id,
      databaseId: issue.id,
      number: issue.number,
      title: issue.title,
      state: issue.state,
      isPullRequest: issue.pull_request !== undefined,
      url: issue.html_url,
      // A deleted user's issues keep a `null` author ("ghost").
      author: issue.user ? { login: issue.user.login, avatarUrl: issue.user.avatar_url } : null,
      labels: issue.labels.map((label) => (typeof label === 'string' ? label : label.name)),
      commentCount: issue.comments,
      repository: {
        fullName: issue.repository.full_name,
        url: issue.repository.html_url,
        isPrivate: issue.repository.private,
      },
      createdAt: issue.created_at,
      updatedAt: issue.updated_at,
      closedAt: issue.closed_at,
    }),
  );

interface GitHubIssue {
  readonly id: string;
  readonly databaseId: number;
  readonly number: number;
  readonly title: string;
  readonly state: 'open' | 'closed';
  readonly isPullRequest: boolean;
  readonly url: string;
  readonly author: { readonly login: string; readonly avatarUrl: string } | null;
  readonly labels: readonly string[];
  readonly commentCount: number;
  readonly repository: { readonly fullName: string; readonly url: string; readonly isPrivate: boolean };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
}

interface RepositoryFilters {
  readonly visibility: 'all' | 'public' | 'private';
  readonly affiliation: readonly ('owner' | 'collaborator' | 'organization_member')[];
  readonly sort: 'created' | 'updated' | 'pushed' | 'full_name';
  readonly direction: 'asc' | 'desc' | null;
}

/** OAuth apps have no read-only scope for private repositories. */
const PRIVATE_REPOSITORY_SCOPE = 'repo';

/** GitHub's own defaults for `GET /user/repos`. */
const DEFAULT_FILTERS = {
  visibility: 'all',
  affiliation: ['owner', 'collaborator', 'organization_member'],
  sort: 'full_name',
} as const satisfies Omit<RepositoryFilters, 'direction'>;

export function githubSchema(kit: ProviderSchemaKit): void {
  addGitHubRepos(kit);
  addGitHubIssues(kit);
  // `User.repositories`: every repository the account sees, most recently updated first.
  kit.shareRepositories({
    field: 'githubRepos',
    ordered: {
      path: '/user/repos',
      query: {
        visibility: DEFAULT_FILTERS.visibility,
        affiliation: DEFAULT_FILTERS.affiliation.join(','),
        sort: 'updated',
        direction: 'desc',
      },
      item: repositorySchema,
    },
  });
}

/** GitHub's `GET /user/repos` and its arguments (docs/providers.md#github, "Repositories"). */
function addGitHubRepos({
  builder,
  ConnectedAccount,
  provider,
  connectionArgs,
  interfaces,
  isOwnNode,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const GitHubRepositoryOwner = builder
    .objectRef<GitHubRepository['owner']>('GitHubRepositoryOwner')
    .implement({
      description: 'The user or organization that owns a GitHub repository.',
      fields: (t) => ({
        login: t.exposeString('login', { description: 'The login of the owner.' }),
        avatarUrl: t.exposeString('avatarUrl', { description: "The owner's avatar." }),
      }),
    });

  const GitHubRepositoryRef = builder.objectRef<Owned<GitHubRepository>>('GitHubRepository').implement({
    description: 'A GitHub repository the account can see (`GET /user/repos`).',
    interfaces: [interfaces.Repository],
    isTypeOf: isOwnNode,
    fields: (t) => ({
      id: t.exposeID('id', {
        description: "GitHub's global node id, usable with GitHub's GraphQL API.",
      }),
      databaseId: t.exposeInt('databaseId', { description: "GitHub's numeric REST id." }),
      isFork: t.exposeBoolean('isFork', { description: 'Whether it is a fork.' }),
      isArchived: t.exposeBoolean('isArchived', { description: 'Whether it is archived (read-only).' }),
      language: t.exposeString('language', { nullable: true, description: 'The primary language.' }),
      stargazerCount: t.exposeInt('stargazerCount', { description: 'How many people starred it.' }),
      forkCount: t.exposeInt('forkCount', { description: 'How many forks it has.' }),
      openIssuesCount: t.exposeInt('openIssuesCount', {
        description: 'Open issues, including open pull requests (GitHub counts both).',
      }),
      defaultBranch: t.exposeString('defaultBranch', { description: 'The default branch.' }),
      topics: t.exposeStringList('topics', { description: 'Its topics.' }),
      owner: t.field({
        type: GitHubRepositoryOwner,
        description: 'Its owner.',
        resolve: (repo) => repo.owner,
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was created.',
        resolve: (repo) => repo.createdAt,
      }),
      pushedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When something was last pushed; `null` for an empty repository.',
        resolve: (repo) => repo.pushedAt,
      }),
    }),
  });

  const GitHubRepositoryConnection = builder.connectionObject(
    {
      type: GitHubRepositoryRef,
      name: 'GitHubRepositoryConnection',
      description: 'A page of GitHub repositories.',
    },
    { name: 'GitHubRepositoryEdge', description: 'A GitHub repository and its cursor.' },
  );

  const GitHubRepositoryVisibility = builder.enumType('GitHubRepositoryVisibility', {
    description: 'Which repositories to list by visibility.',
    values: {
      ALL: { value: 'all', description: 'Public and private.' },
      PUBLIC: { value: 'public', description: 'Public only.' },
      PRIVATE: {
        value: 'private',
        description:
          'Private only. Needs the `repo` scope: without it the field fails with `MISSING_SCOPES`.',
      },
    } as const,
  });

  const GitHubRepositoryAffiliation = builder.enumType('GitHubRepositoryAffiliation', {
    description: "The account's relation to a repository.",
    values: {
      OWNER: { value: 'owner', description: 'Repositories the account owns.' },
      COLLABORATOR: {
        value: 'collaborator',
        description: 'Repositories the account was added to as a collaborator.',
      },
      ORGANIZATION_MEMBER: {
        value: 'organization_member',
        description: 'Repositories of organizations the account belongs to.',
      },
    } as const,
  });

  const GitHubRepositorySort = builder.enumType('GitHubRepositorySort', {
    description: 'The order of repositories.',
    values: {
      CREATED: { value: 'created', description: 'By creation time.' },
      UPDATED: { value: 'updated', description: 'By last update.' },
      PUSHED: { value: 'pushed', description: 'By last push.' },
      FULL_NAME: { value: 'full_name', description: 'By `owner/name`.' },
    } as const,
  });

  const SortDirection = builder.enumType('SortDirection', {
    description: 'Ascending or descending.',
    values: {
      ASC: { value: 'asc', description: 'Ascending.' },
      DESC: { value: 'desc', description: 'Descending.' },
    } as const,
  });

  builder.objectField(ConnectedAccount, 'githubRepos', (t) =>
    t.field({
      ...listField(),
      type: GitHubRepositoryConnection,
      description:
        "The GitHub repositories this account can see, in GitHub's order. `null` on accounts of other providers. Private repositories need the `repo` scope.",
      args: {
        ...connectionArgs('repositories'),
        visibility: t.arg({
          type: GitHubRepositoryVisibility,
          defaultValue: DEFAULT_FILTERS.visibility,
          description: 'Filter by visibility.',
        }),
        affiliation: t.arg({
          type: [GitHubRepositoryAffiliation],
          defaultValue: [...DEFAULT_FILTERS.affiliation],
          description: "Filter by the account's relation to the repository.",
        }),
        sort: t.arg({
          type: GitHubRepositorySort,
          defaultValue: DEFAULT_FILTERS.sort,
          description: 'The order.',
        }),
        direction: t.arg({
          type: SortDirection,
          description: 'The direction; GitHub defaults to ascending for `FULL_NAME`, descending otherwise.',
        }),
      },
      resolve: (account, args, context) => {
        if (account.providerId !== provider.id) return null;
        // An explicit `null` argument replaces the default, so the defaults are applied here too.
        const affiliation = args.affiliation ?? DEFAULT_FILTERS.affiliation;
        if (affiliation.length === 0) {
          throw new GatewayError('BAD_USER_INPUT', '`affiliation` must name at least one relation.');
        }
        // Without `repo`, GitHub silently leaves private repositories out: asking only for them would
        // look like an empty list, so say what is missing instead.
        if (args.visibility === 'private' && !account.approvedScopes.includes(PRIVATE_REPOSITORY_SCOPE)) {
          throw new GatewayError('MISSING_SCOPES', 'Listing private repositories needs the `repo` scope.', {
            provider: provider.id,
            accountId: account.id,
            ...scopeDetails([PRIVATE_REPOSITORY_SCOPE], account.approvedScopes),
          });
        }
        const filters: RepositoryFilters = {
          visibility: args.visibility ?? DEFAULT_FILTERS.visibility,
          affiliation: [...new Set(affiliation)].sort(),
          sort: args.sort ?? DEFAULT_FILTERS.sort,
          direction: args.direction ?? null,
        };
        return resolveList(context, account, args, {
          field: 'githubRepos',
          filters: JSON.stringify(filters),
          request: {
            path: '/user/repos',
            query: {
              visibility: filters.visibility,
              affiliation: filters.affiliation.join(','),
              sort: filters.sort,
              direction: filters.direction ?? undefined,
            },
            item: repositorySchema,
          },
        });
      },
    }),
  );
}

/** GitHub's `GET /issues` and its arguments (docs/providers.md#github, "Issues"). */
function addGitHubIssues({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const GitHubIssueRepository = builder
    .objectRef<GitHubIssue['repository']>('GitHubIssueRepository')
    .implement({
      description: 'The repository an issue belongs to.',
      fields: (t) => ({
        fullName: t.exposeString('fullName', { description: '`owner/name`.' }),
        url: t.exposeString('url', { description: 'The repository on github.com.' }),
        isPrivate: t.exposeBoolean('isPrivate', { description: 'Whether only invited people can see it.' }),
      }),
    });

  const GitHubIssueAuthor = builder
    .objectRef<NonNullable<GitHubIssue['author']>>('GitHubIssueAuthor')
    .implement({
      description: 'The GitHub user who opened an issue.',
      fields: (t) => ({
        login: t.exposeString('login', { description: 'Their login.' }),
        avatarUrl: t.exposeString('avatarUrl', { description: 'Their avatar.' }),
      }),
    });

  const GitHubIssueState = builder.enumType('GitHubIssueState', {
    description: 'Whether an issue is open or closed.',
    values: {
      OPEN: { value: 'open', description: 'Open.' },
      CLOSED: { value: 'closed', description: 'Closed (for a pull request: merged or closed).' },
    } as const,
  });

  const GitHubIssueStateFilter = builder.enumType('GitHubIssueStateFilter', {
    description: 'Which issues to list by state.',
    values: {
      OPEN: { value: 'open', description: "Open ones (GitHub's default)." },
      CLOSED: { value: 'closed', description: 'Closed ones.' },
      ALL: { value: 'all', description: 'Both.' },
    } as const,
  });

  const GitHubIssueFilter = builder.enumType('GitHubIssueFilter', {
    description: "The account's relation to the issues listed.",
    values: {
      ASSIGNED: { value: 'assigned', description: 'Assigned to the account (the default).' },
      CREATED: { value: 'created', description: 'Opened by the account.' },
      MENTIONED: { value: 'mentioned', description: 'Mentioning the account.' },
      SUBSCRIBED: { value: 'subscribed', description: 'The account follows their updates.' },
      ALL: { value: 'all', description: 'Every issue of every repository the account can see.' },
    } as const,
  });

  const GitHubIssueRef = builder.objectRef<Owned<GitHubIssue>>('GitHubIssue').implement({
    description:
      'An issue or pull request (GitHub lists both as issues) of any repository the account can see (`GET /issues`).',
    fields: (t) => ({
      id: t.exposeID('id', { description: "GitHub's global node id, usable with GitHub's GraphQL API." }),
      databaseId: t.exposeInt('databaseId', {
        description: "GitHub's numeric REST id (an issue id, also for a pull request).",
      }),
      number: t.exposeInt('number', { description: 'Its number in its repository (`#123`).' }),
      title: t.exposeString('title', { description: 'Its title.' }),
      state: t.field({
        type: GitHubIssueState,
        description: 'Open or closed.',
        resolve: (issue) => issue.state,
      }),
      isPullRequest: t.exposeBoolean('isPullRequest', { description: 'Whether it is a pull request.' }),
      url: t.exposeString('url', { description: 'The issue or pull request on github.com.' }),
      author: t.field({
        type: GitHubIssueAuthor,
        nullable: true,
        description: 'Who opened it; `null` when that account was deleted.',
        resolve: (issue) => issue.author,
      }),
      labels: t.exposeStringList('labels', { description: 'The names of its labels.' }),
      commentCount: t.exposeInt('commentCount', { description: 'How many comments it has.' }),
      repository: t.field({
        type: GitHubIssueRepository,
        description: 'The repository it belongs to.',
        resolve: (issue) => issue.repository,
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was opened.',
        resolve: (issue) => issue.createdAt,
      }),
      updatedAt: t.field({
        type: 'DateTime',
        description: 'When it last changed.',
        resolve: (issue) => issue.updatedAt,
      }),
      closedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it was closed; `null` while open.',
        resolve: (issue) => issue.closedAt,
      }),
    }),
  });

  const GitHubIssueConnection = builder.connectionObject(
    { type: GitHubIssueRef, name: 'GitHubIssueConnection', description: 'A page of GitHub issues.' },
    { name: 'GitHubIssueEdge', description: 'A GitHub issue and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'githubIssues', (t) =>
    t.field({
      ...listField(),
      type: GitHubIssueConnection,
      description:
        'Issues and pull requests across every repository the account can see, assigned to it unless `filter` says otherwise, most recently updated first. `null` on accounts of other providers. Those of private repositories need the `repo` scope (GitHub leaves them out without it).',
      args: {
        ...connectionArgs('issues'),
        filter: t.arg({
          type: GitHubIssueFilter,
          defaultValue: 'assigned',
          description: "The account's relation to them.",
        }),
        state: t.arg({
          type: GitHubIssueStateFilter,
          defaultValue: 'open',
          description: 'Open, closed or both.',
        }),
      },
      resolve: (account, args, context) => {
        const filters = { filter: args.filter ?? 'assigned', state: args.state ?? 'open' };
        return resolveList(context, account, args, {
          field: 'githubIssues',
          filters: JSON.stringify(filters),
          request: {
            path: '/issues',
            query: { ...filters, sort: 'updated', direction: 'desc' },
            item: issueSchema,
          },
        });
      },
    }),
  );
}
