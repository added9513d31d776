/**
 * GitLab's fields on `ConnectedAccount`: `gitlabProjects`, the projects the account is a member of
 * (`GET /projects?membership=true`, docs/providers.md#gitlab).
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned, RepositoryFields } from '../../schema/shared-interfaces.js';

/** A GitLab time (`2013-09-30T13:46:02Z`, `…02.155Z`, or with an offset), in UTC with `Z`. */
const time = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a time')
  .transform((value) => new Date(value).toISOString());

const accessSchema = z.object({ access_level: z.number() }).nullish();

const NAMESPACE_KINDS = ['user', 'group'] as const;
const VISIBILITIES = ['public', 'internal', 'private'] as const;

interface GitLabNamespace {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly fullPath: string;
  readonly kind: (typeof NAMESPACE_KINDS)[number];
}

interface GitLabProject extends RepositoryFields {
  readonly path: string;
  readonly pathWithNamespace: string;
  readonly nameWithNamespace: string;
  readonly visibility: (typeof VISIBILITIES)[number];
  readonly defaultBranch: string | null;
  readonly topics: readonly string[];
  readonly starCount: number;
  readonly forksCount: number | null;
  readonly openIssuesCount: number | null;
  readonly isArchived: boolean;
  readonly isEmpty: boolean;
  readonly forkedFrom: string | null;
  readonly createdAt: string;
  readonly lastActivityAt: string;
  readonly httpCloneUrl: string;
  readonly sshCloneUrl: string;
  readonly avatarUrl: string | null;
  readonly namespace: GitLabNamespace;
  readonly accessLevel: number | null;
}

/** Only the fields the graph reads of GitLab's `ProjectWithAccess`, as the node it becomes. */
const projectSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    path: z.string(),
    name_with_namespace: z.string(),
    path_with_namespace: z.string(),
    description: z.string().nullish(),
    web_url: z.string(),
    visibility: z.enum(VISIBILITIES),
    // Shown only to members who can read the code.
    default_branch: z.string().nullish(),
    topics: z.array(z.string()).default([]),
    star_count: z.number(),
    forks_count: z.number().nullish(),
    // Left out when the project's issues are disabled.
    open_issues_count: z.number().nullish(),
    archived: z.boolean(),
    empty_repo: z.boolean(),
    created_at: time,
    // In GitLab's answers since 2024; older instances only have `last_activity_at`.
    updated_at: time.nullish(),
    last_activity_at: time,
    http_url_to_repo: z.string(),
    ssh_url_to_repo: z.string(),
    avatar_url: z.string().nullish(),
    namespace: z.object({
      id: z.number(),
      name: z.string(),
      path: z.string(),
      full_path: z.string(),
      kind: z.enum(NAMESPACE_KINDS),
    }),
    forked_from_project: z.object({ path_with_namespace: z.string() }).nullish(),
    permissions: z.object({ project_access: accessSchema, group_access: accessSchema }).nullish(),
  })
  .transform(
    (project): GitLabProject => ({
      id: String(project.id),
      name: project.name,
      fullName: project.path_with_namespace,
      // GitLab answers `null` or `""` for a project without one.
      description: project.description || null,
      url: project.web_url,
      // An internal project is visible to every signed-in user: not private.
      isPrivate: project.visibility === 'private',
      updatedAt: project.updated_at ?? project.last_activity_at,
      path: project.path,
      pathWithNamespace: project.path_with_namespace,
      nameWithNamespace: project.name_with_namespace,
      visibility: project.visibility,
      defaultBranch: project.default_branch || null,
      topics: project.topics,
      starCount: project.star_count,
      forksCount: project.forks_count ?? null,
      openIssuesCount: project.open_issues_count ?? null,
      isArchived: project.archived,
      isEmpty: project.empty_repo,
      forkedFrom: project.forked_from_project?.path_with_namespace ?? null,
      createdAt: project.created_at,
      lastActivityAt: project.last_activity_at,
      httpCloneUrl: project.http_url_to_repo,
      sshCloneUrl: project.ssh_url_to_repo,
      avatarUrl: project.avatar_url || null,
      namespace: {
        id: String(project.namespace.id),
        name: project.namespace.name,
        path: project.namespace.path,
        fullPath: project.namespace.full_path,
        kind: project.namespace.kind,
      },
      accessLevel: highestAccess(project.permissions),
    }),
  );

/** The account's role: its own on the project or its group's, whichever is higher. */
function highestAccess(
  permissions:
    | {
        readonly project_access?: { readonly access_level: number } | null | undefined;
        readonly group_access?: { readonly access_level: number } | null | undefined;
      }
    | null
    | undefined,
): number | null {
  const levels = [permissions?.project_access?.access_level, permissions?.group_access?.access_level].filter(
    (level): level is number => typeof level === 'number',
  );
  return levels.length === 0 ? null : Math.max(...levels);
}

interface ProjectFilters {
  readonly orderBy: (typeof ORDER_FIELDS)[number];
  readonly sort: 'asc' | 'desc';
  readonly archived: boolean | null;
}

const ORDER_FIELDS = ['id', 'name', 'path', 'created_at', 'updated_at', 'last_activity_at'] as const;

/** GitLab's own defaults for `GET /projects`. */
const DEFAULT_FILTERS = { orderBy: 'created_at', sort: 'desc' } as const;

export function gitlabSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  interfaces,
  isOwnNode,
  listField,
  resolveList,
  shareRepositories,
}: ProviderSchemaKit): void {
  // `User.repositories`: the account's projects, most recently updated first.
  shareRepositories({
    field: 'gitlabProjects',
    ordered: {
      path: '/projects',
      query: { membership: 'true', order_by: 'updated_at', sort: 'desc' },
      item: projectSchema,
    },
  });

  const GitLabNamespaceKind = builder.enumType('GitLabNamespaceKind', {
    description: 'What a GitLab namespace is.',
    values: {
      USER: { value: 'user', description: "A user's personal namespace." },
      GROUP: { value: 'group', description: 'A group or subgroup.' },
    } as const,
  });

  const GitLabNamespaceRef = builder.objectRef<GitLabNamespace>('GitLabNamespace').implement({
    description: 'The user or group a GitLab project belongs to.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "GitLab's id of the namespace." }),
      name: t.exposeString('name', { description: 'Its display name.' }),
      path: t.exposeString('path', { description: 'Its last path segment.' }),
      fullPath: t.exposeString('fullPath', {
        description: 'Its full path, parent groups included (`group/subgroup`).',
      }),
      kind: t.expose('kind', { type: GitLabNamespaceKind, description: 'A user or a group.' }),
    }),
  });

  const GitLabVisibility = builder.enumType('GitLabVisibility', {
    description: 'Who can see a GitLab project.',
    values: {
      PUBLIC: { value: 'public', description: 'Anyone, signed in or not.' },
      INTERNAL: { value: 'internal', description: 'Any signed-in user.' },
      PRIVATE: { value: 'private', description: 'Only its members.' },
    } as const,
  });

  const GitLabProjectRef = builder.objectRef<Owned<GitLabProject>>('GitLabProject').implement({
    description: 'A GitLab project the account is a member of (`GET /projects?membership=true`).',
    interfaces: [interfaces.Repository],
    isTypeOf: isOwnNode,
    fields: (t) => ({
      id: t.exposeID('id', { description: "GitLab's numeric project id (usable as `:id` in GitLab's API)." }),
      path: t.exposeString('path', { description: 'Its URL slug, without the namespace.' }),
      pathWithNamespace: t.exposeString('pathWithNamespace', {
        description: 'Its full path (`group/subgroup/project`), as in its URL; the same as `fullName`.',
      }),
      nameWithNamespace: t.exposeString('nameWithNamespace', {
        description: 'Its name with the names of its namespaces (`Group / Subgroup / Project`).',
      }),
      visibility: t.expose('visibility', {
        type: GitLabVisibility,
        description: '`PUBLIC`, `INTERNAL` or `PRIVATE`; `isPrivate` is true only for `PRIVATE`.',
      }),
      defaultBranch: t.exposeString('defaultBranch', {
        nullable: true,
        description:
          "Its default branch; `null` when GitLab does not show it (the account can't read the code).",
      }),
      topics: t.exposeStringList('topics', { description: 'Its topics.' }),
      starCount: t.exposeInt('starCount', { description: 'How many people starred it.' }),
      forksCount: t.exposeInt('forksCount', {
        nullable: true,
        description:
          "How many forks it has; `null` when GitLab does not show it (the account can't read the code).",
      }),
      openIssuesCount: t.exposeInt('openIssuesCount', {
        nullable: true,
        description: 'Its open issues; `null` when its issues are disabled.',
      }),
      isArchived: t.exposeBoolean('isArchived', { description: 'Whether it is archived (read-only).' }),
      isEmpty: t.exposeBoolean('isEmpty', { description: 'Whether its repository has no commits yet.' }),
      forkedFrom: t.exposeString('forkedFrom', {
        nullable: true,
        description:
          'The full path of the project it was forked from; `null` when not a fork (or not visible).',
      }),
      createdAt: t.field({
        type: 'DateTime',
        description: 'When it was created.',
        resolve: (project) => project.createdAt,
      }),
      lastActivityAt: t.field({
        type: 'DateTime',
        description:
          'Its last activity (a push, an issue or merge request update…); `updatedAt` also counts settings changes.',
        resolve: (project) => project.lastActivityAt,
      }),
      httpCloneUrl: t.exposeString('httpCloneUrl', { description: 'Its Git URL over HTTPS.' }),
      sshCloneUrl: t.exposeString('sshCloneUrl', { description: 'Its Git URL over SSH.' }),
      avatarUrl: t.exposeString('avatarUrl', {
        nullable: true,
        description: 'Its avatar; `null` when it has none.',
      }),
      namespace: t.field({
        type: GitLabNamespaceRef,
        description: 'The user or group it belongs to.',
        resolve: (project) => project.namespace,
      }),
      accessLevel: t.exposeInt('accessLevel', {
        nullable: true,
        description:
          "The account's role, its own or through the group, whichever is higher: 10 guest, 15 planner, 20 reporter, 30 developer, 40 maintainer, 50 owner; `null` when GitLab lists none.",
      }),
    }),
  });

  const GitLabProjectConnection = builder.connectionObject(
    { type: GitLabProjectRef, name: 'GitLabProjectConnection', description: 'A page of GitLab projects.' },
    { name: 'GitLabProjectEdge', description: 'A GitLab project and its cursor.' },
  );

  const GitLabProjectOrderBy = builder.enumType('GitLabProjectOrderBy', {
    description: 'What GitLab orders projects by.',
    values: {
      ID: { value: 'id', description: 'Their id (creation order).' },
      NAME: { value: 'name', description: 'Their name.' },
      PATH: { value: 'path', description: 'Their path.' },
      CREATED_AT: { value: 'created_at', description: 'When they were created.' },
      UPDATED_AT: { value: 'updated_at', description: 'When they last changed.' },
      LAST_ACTIVITY_AT: {
        value: 'last_activity_at',
        description:
          'Their last activity. Pages may shift while you page through if activity happens meanwhile.',
      },
    } as const,
  });

  const GitLabSortDirection = builder.enumType('GitLabSortDirection', {
    description: 'Ascending or descending.',
    values: {
      ASC: { value: 'asc', description: 'Ascending.' },
      DESC: { value: 'desc', description: 'Descending.' },
    } as const,
  });

  builder.objectField(ConnectedAccount, 'gitlabProjects', (t) =>
    t.field({
      ...listField(),
      type: GitLabProjectConnection,
      description:
        "The GitLab projects this account is a member of, in the order asked (GitLab's default: newest first). `null` on accounts of other providers. Needs the `read_api` scope (or `api`).",
      args: {
        ...connectionArgs('projects'),
        orderBy: t.arg({
          type: GitLabProjectOrderBy,
          defaultValue: DEFAULT_FILTERS.orderBy,
          description: 'What to order by.',
        }),
        sort: t.arg({
          type: GitLabSortDirection,
          defaultValue: DEFAULT_FILTERS.sort,
          description: 'The direction.',
        }),
        archived: t.arg.boolean({
          description: 'Only archived projects (`true`) or only active ones (`false`); omitted: both.',
        }),
      },
      resolve: (account, args, context) => {
        // An explicit `null` argument replaces the default, so the defaults are applied here too.
        const filters: ProjectFilters = {
          orderBy: args.orderBy ?? DEFAULT_FILTERS.orderBy,
          sort: args.sort ?? DEFAULT_FILTERS.sort,
          archived: args.archived ?? null,
        };
        return resolveList(context, account, args, {
          field: 'gitlabProjects',
          filters: JSON.stringify(filters),
          request: {
            path: '/projects',
            query: {
              // Without it GitLab lists every project the account can see, public ones of strangers too.
              membership: 'true',
              order_by: filters.orderBy,
              sort: filters.sort,
              archived: filters.archived === null ? undefined : String(filters.archived),
            },
            item: projectSchema,
          },
        });
      },
    }),
  );
}
