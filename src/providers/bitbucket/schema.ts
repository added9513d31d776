/**
 * Bitbucket's fields on `ConnectedAccount`: `bitbucketRepos`, the repositories the account has a
 * permission on, workspace after workspace: `GET /user/workspaces`, then `GET /repositories/{workspace}
 * ?role=member` for each (the cross-workspace `GET /repositories` answers 410 Gone since CHANGE-2770;
 * docs/providers.md#bitbucket).
 */
import { z } from 'zod';
import { pageBoundOf } from '../../schema/provider-connection.js';
import type { ListSource, ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned, RepositoryFields } from '../../schema/shared-interfaces.js';
import type { ProviderCalls } from '../account-api.js';
import { fetchListPage, type ListRequest, type PageRef, type PageStyle } from '../page-styles.js';
import type { ProviderPage } from '../page-walker.js';

/** A Bitbucket time (`2019-03-01T10:00:00.123456+00:00`), in UTC with `Z` (to the millisecond). */
const time = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a time')
  .transform((value) => new Date(value).toISOString());

const FORK_POLICIES = ['allow_forks', 'no_public_forks', 'no_forks'] as const;

interface BitbucketWorkspace {
  readonly uuid: string | null;
  readonly slug: string;
  readonly name: string | null;
}

interface BitbucketProject {
  readonly uuid: string;
  readonly key: string;
  readonly name: string;
}

interface BitbucketRepository extends RepositoryFields {
  readonly slug: string;
  readonly createdAt: string;
  readonly language: string | null;
  readonly sizeBytes: number | null;
  readonly mainBranch: string | null;
  readonly workspace: BitbucketWorkspace;
  readonly project: BitbucketProject | null;
  readonly forkPolicy: (typeof FORK_POLICIES)[number] | null;
  readonly forkedFrom: string | null;
  readonly hasIssues: boolean;
  readonly hasWiki: boolean;
  readonly website: string | null;
  readonly httpsCloneUrl: string | null;
  readonly sshCloneUrl: string | null;
}

const href = z.object({ href: z.string() });

/** Only the fields the graph reads of a repository, as the node it becomes. */
const repositorySchema = z
  .object({
    uuid: z.string(),
    name: z.string(),
    full_name: z.string(),
    // In Bitbucket's answers, though not in its OpenAPI description.
    slug: z.string().nullish(),
    description: z.string().nullish(),
    is_private: z.boolean(),
    created_on: time,
    updated_on: time,
    size: z.number().nullish(),
    language: z.string().nullish(),
    website: z.string().nullish(),
    fork_policy: z.string().nullish(),
    has_issues: z.boolean().nullish(),
    has_wiki: z.boolean().nullish(),
    mainbranch: z.object({ name: z.string() }).nullish(),
    links: z.object({
      html: href,
      clone: z.array(z.object({ name: z.string(), href: z.string() })).nullish(),
    }),
    workspace: z.object({ uuid: z.string(), slug: z.string(), name: z.string().nullish() }).nullish(),
    project: z.object({ uuid: z.string(), key: z.string(), name: z.string() }).nullish(),
    parent: z.object({ full_name: z.string() }).nullish(),
  })
  .transform((repo): BitbucketRepository => {
    const [workspaceSlug = repo.full_name, slug = repo.name] = repo.full_name.split('/');
    const cloneUrl = (name: string) => repo.links.clone?.find((link) => link.name === name)?.href ?? null;
    return {
      id: repo.uuid,
      name: repo.name,
      fullName: repo.full_name,
      // Bitbucket answers `""` for what was never filled in.
      description: repo.description || null,
      url: repo.links.html.href,
      isPrivate: repo.is_private,
      updatedAt: repo.updated_on,
      slug: repo.slug ?? slug,
      createdAt: repo.created_on,
      language: repo.language || null,
      sizeBytes: repo.size ?? null,
      mainBranch: repo.mainbranch?.name ?? null,
      workspace: {
        uuid: repo.workspace?.uuid ?? null,
        slug: repo.workspace?.slug ?? workspaceSlug,
        name: repo.workspace?.name || null,
      },
      project: repo.project
        ? { uuid: repo.project.uuid, key: repo.project.key, name: repo.project.name }
        : null,
      forkPolicy: FORK_POLICIES.find((policy) => policy === repo.fork_policy) ?? null,
      forkedFrom: repo.parent?.full_name ?? null,
      hasIssues: repo.has_issues ?? false,
      hasWiki: repo.has_wiki ?? false,
      website: repo.website || null,
      httpsCloneUrl: cloneUrl('https'),
      sshCloneUrl: cloneUrl('ssh'),
    };
  });

/**
 * The provider pages one connection page reads: a single list's bound, plus one, for the hop from a
 * workspace's last page to the next workspace (or, on the first page, the empty start page).
 */
const WALK_PAGES = pageBoundOf(100) + 1;
/**
 * The `GET /user/workspaces` pages one connection page reads: the one it is in and the next (identical
 * calls within an operation are made once, and a walk of `WALK_PAGES` cannot pass 100 workspaces).
 */
const WORKSPACE_PAGE_CALLS = 2;

/** Where a page of the list is: a workspaces page (`null`: the first), a workspace, its repositories page. */
interface Position {
  readonly workspacesPage: PageRef;
  readonly slug: string;
  readonly repositoriesPage: PageRef;
}

/** `workspacesPage|slug|repositoriesPage`: slugs hold neither `|` nor spaces; an empty part is `null`. */
function encode(position: Position): string {
  return [position.workspacesPage ?? '', position.slug, position.repositoriesPage ?? ''].join('|');
}

function decode(ref: string): Position {
  const [workspacesPage = '', slug = '', repositoriesPage = ''] = ref.split('|');
  return {
    workspacesPage: workspacesPage === '' ? null : workspacesPage,
    slug,
    repositoriesPage: repositoriesPage === '' ? null : repositoriesPage,
  };
}

/** The account's workspaces by slug (`sort=slug`, a stable order). */
function workspacesRequest(pagination: PageStyle): ListRequest<string> {
  return {
    path: '/user/workspaces',
    query: { sort: 'slug' },
    itemsAt: 'values',
    item: z
      .object({ workspace: z.object({ slug: z.string() }) })
      .transform((access) => access.workspace.slug),
    pagination,
  };
}

/** A workspace's repositories the account has a permission on; `sort` (`-updated_on`) as Bitbucket takes it. */
function repositoriesRequest(
  pagination: PageStyle,
  slug: string,
  sort?: string,
): ListRequest<BitbucketRepository> {
  return {
    path: `/repositories/${encodeURIComponent(slug)}`,
    query: { role: 'member', ...(sort === undefined ? {} : { sort }) },
    itemsAt: 'values',
    item: repositorySchema,
    pagination,
  };
}

/**
 * The workspaces a list across accounts merges at most per account: each is a source of its own
 * (Bitbucket orders repositories within a workspace only), asked for a page on every page of the list.
 */
const MERGED_WORKSPACES = 5;

/**
 * The repositories of every workspace, workspaces by slug (`sort=slug`, a stable order), each one's
 * repositories in Bitbucket's order. A page ref names the workspace by slug and its repositories' page,
 * so a cursor resumes in the same workspace; the next workspace is the one after it in its workspaces
 * page (or, if it left meanwhile, the first whose slug sorts after it).
 */
function repositoriesSource(pagination: PageStyle): ListSource<BitbucketRepository> {
  const workspaces = workspacesRequest(pagination);
  const repositoriesOf = (slug: string) => repositoriesRequest(pagination, slug);

  async function nextWorkspace(calls: ProviderCalls, after: Position): Promise<Position | null> {
    const page = await fetchListPage(calls, workspaces, after.workspacesPage);
    const index = page.items.indexOf(after.slug);
    const following = index >= 0 ? index + 1 : page.items.findIndex((slug) => slug > after.slug);
    const slug = following >= 0 ? page.items[following] : undefined;
    if (slug !== undefined) return { workspacesPage: after.workspacesPage, slug, repositoriesPage: null };
    if (page.next === null) return null;
    const nextPage = await fetchListPage(calls, workspaces, page.next);
    const first = nextPage.items[0];
    return first === undefined ? null : { workspacesPage: page.next, slug: first, repositoriesPage: null };
  }

  return {
    firstPage: null,
    maxPages: WALK_PAGES,
    async fetchPage(calls, ref): Promise<ProviderPage<BitbucketRepository, PageRef>> {
      // The list's start is an empty page leading to the first workspace, so that no cursor ever points
      // at "the first workspace", whichever it is by then: every item's position names its workspace.
      if (ref === null) {
        const first = await fetchListPage(calls, workspaces, null);
        const slug = first.items[0];
        return {
          items: [],
          next: slug === undefined ? null : encode({ workspacesPage: null, slug, repositoriesPage: null }),
        };
      }
      const position = decode(String(ref));
      const page = await fetchListPage(calls, repositoriesOf(position.slug), position.repositoriesPage);
      if (page.next !== null) {
        return { items: page.items, next: encode({ ...position, repositoriesPage: page.next }) };
      }
      const following = await nextWorkspace(calls, position);
      return { items: page.items, next: following === null ? null : encode(following) };
    },
  };
}

export function bitbucketSchema({
  builder,
  ConnectedAccount,
  provider,
  connectionArgs,
  interfaces,
  isOwnNode,
  listField,
  resolveList,
  shareRepositories,
}: ProviderSchemaKit): void {
  const pagination = provider.pagination;
  if (!pagination) throw new Error('bitbucket: bitbucketRepos needs the provider pagination');
  // `User.repositories`: each workspace's repositories, most recently updated first (Bitbucket's
  // `sort`: https://developer.atlassian.com/cloud/bitbucket/rest/intro/#filtering), merged.
  shareRepositories({
    field: 'bitbucketRepos',
    perPart: {
      noun: 'workspaces',
      max: MERGED_WORKSPACES,
      find: async (calls) => {
        const page = await fetchListPage(calls, workspacesRequest(pagination), null);
        // More than a page of workspaces is more than any merge takes: say so rather than read on.
        return page.next === null ? page.items : [...page.items, ''];
      },
      ordered: (slug) => repositoriesRequest(pagination, slug, '-updated_on'),
    },
  });

  const BitbucketWorkspaceRef = builder.objectRef<BitbucketWorkspace>('BitbucketWorkspace').implement({
    description: 'The Bitbucket workspace a repository belongs to.',
    fields: (t) => ({
      uuid: t.exposeID('uuid', {
        nullable: true,
        description: 'Its immutable id, braces included (`{…}`); `null` when Bitbucket leaves it out.',
      }),
      slug: t.exposeString('slug', { description: 'Its short name, as in URLs.' }),
      name: t.exposeString('name', {
        nullable: true,
        description: 'Its display name, when Bitbucket gives it.',
      }),
    }),
  });

  const BitbucketProjectRef = builder.objectRef<BitbucketProject>('BitbucketProject').implement({
    description: 'The project of a workspace that groups a Bitbucket repository.',
    fields: (t) => ({
      uuid: t.exposeID('uuid', { description: 'Its immutable id, braces included (`{…}`).' }),
      key: t.exposeString('key', { description: 'Its key (`ENG`).' }),
      name: t.exposeString('name', { description: 'Its name.' }),
    }),
  });

  const BitbucketForkPolicy = builder.enumType('BitbucketForkPolicy', {
    description: 'Who may fork a Bitbucket repository.',
    values: {
      ALLOW_FORKS: { value: 'allow_forks', description: 'Anyone who can read it.' },
      NO_PUBLIC_FORKS: { value: 'no_public_forks', description: 'Only into private forks.' },
      NO_FORKS: { value: 'no_forks', description: 'No one.' },
    } as const,
  });

  const BitbucketRepositoryRef = builder
    .objectRef<Owned<BitbucketRepository>>('BitbucketRepository')
    .implement({
      description:
        'A Bitbucket repository the account has a permission on (`GET /repositories/{workspace}?role=member`).',
      interfaces: [interfaces.Repository],
      isTypeOf: isOwnNode,
      fields: (t) => ({
        id: t.exposeID('id', {
          description:
            "Bitbucket's immutable UUID of the repository, braces included (`{…}`); it survives renames.",
        }),
        slug: t.exposeString('slug', { description: 'Its URL slug, without the workspace.' }),
        createdAt: t.field({
          type: 'DateTime',
          description: 'When it was created.',
          resolve: (repo) => repo.createdAt,
        }),
        language: t.exposeString('language', {
          nullable: true,
          description: 'Its main language, as its owners set it (lower case); `null` when unset.',
        }),
        sizeBytes: t.exposeFloat('sizeBytes', {
          nullable: true,
          description: 'Its size in bytes (a Float: repositories pass 2 GiB).',
        }),
        mainBranch: t.exposeString('mainBranch', {
          nullable: true,
          description: 'Its main branch; `null` for a repository without commits.',
        }),
        workspace: t.field({
          type: BitbucketWorkspaceRef,
          description: 'The workspace it belongs to.',
          resolve: (repo) => repo.workspace,
        }),
        project: t.field({
          type: BitbucketProjectRef,
          nullable: true,
          description: 'The project that groups it; `null` when it has none.',
          resolve: (repo) => repo.project,
        }),
        forkPolicy: t.field({
          type: BitbucketForkPolicy,
          nullable: true,
          description: 'Who may fork it; `null` for a policy this gateway does not know.',
          resolve: (repo) => repo.forkPolicy,
        }),
        forkedFrom: t.exposeString('forkedFrom', {
          nullable: true,
          description: 'The full name of the repository it was forked from; `null` when not a fork.',
        }),
        hasIssues: t.exposeBoolean('hasIssues', { description: 'Whether its issue tracker is on.' }),
        hasWiki: t.exposeBoolean('hasWiki', { description: 'Whether its wiki is on.' }),
        website: t.exposeString('website', {
          nullable: true,
          description: 'Its website; `null` when unset.',
        }),
        httpsCloneUrl: t.exposeString('httpsCloneUrl', {
          nullable: true,
          description: 'Its Git URL over HTTPS (Bitbucket puts the account name in it).',
        }),
        sshCloneUrl: t.exposeString('sshCloneUrl', { nullable: true, description: 'Its Git URL over SSH.' }),
      }),
    });

  const BitbucketRepositoryConnection = builder.connectionObject(
    {
      type: BitbucketRepositoryRef,
      name: 'BitbucketRepositoryConnection',
      description: 'A page of Bitbucket repositories.',
    },
    { name: 'BitbucketRepositoryEdge', description: 'A Bitbucket repository and its cursor.' },
  );

  const source = repositoriesSource(pagination);

  builder.objectField(ConnectedAccount, 'bitbucketRepos', (t) =>
    t.field({
      // The walk's extra page and the workspaces pages, on top of a single list's bound.
      ...listField({ extraCalls: WALK_PAGES - pageBoundOf(pagination.maxPageSize) + WORKSPACE_PAGE_CALLS }),
      type: BitbucketRepositoryConnection,
      description:
        "The Bitbucket repositories this account has a permission on, workspace after workspace (by slug), each workspace's in Bitbucket's order. `null` on accounts of other providers. Needs the `repository` scope (or one that implies it) besides `account`. A page may hold fewer than `first` when it crosses workspaces: follow `pageInfo`.",
      args: connectionArgs('repositories'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, { field: 'bitbucketRepos', source }),
    }),
  );
}
