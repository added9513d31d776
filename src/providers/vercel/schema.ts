/**
 * Vercel's fields on `ConnectedAccount`: `vercelProjects`, the projects of the account's Vercel scope
 * (`GET /v9/projects`, docs/providers.md#vercel).
 */
import { z } from 'zod';
import type { ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { Owned } from '../../schema/shared-interfaces.js';

interface VercelDeployment {
  readonly id: string;
  /** `https://` + the deployment's own hostname. */
  readonly url: string;
  readonly state: string | null;
  readonly createdAt: string | null;
}

interface VercelProject {
  readonly id: string;
  readonly name: string;
  readonly framework: string | null;
  readonly url: string | null;
  readonly updatedAt: string | null;
  readonly createdAt: string | null;
  readonly nodeVersion: string | null;
  readonly gitRepository: { readonly provider: string; readonly fullName: string } | null;
  readonly latestDeployment: VercelDeployment | null;
}

/** Vercel's times are milliseconds since the epoch. */
const millis = z.number();
const isoOf = (ms: number) => new Date(ms).toISOString();

const deploymentSchema = z.object({
  id: z.string(),
  url: z.string(),
  readyState: z.string().nullish(),
  createdAt: millis.nullish(),
  alias: z.array(z.string()).nullish(),
});

const projectSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    framework: z.string().nullish(),
    nodeVersion: z.string().nullish(),
    // Both optional in Vercel's own API description (vercel/sdk, `GetProjectsProjects`).
    createdAt: millis.nullish(),
    updatedAt: millis.nullish(),
    // A connected Git repository; its fields differ by provider (GitLab names a namespace and project).
    link: z
      .object({
        type: z.string(),
        org: z.string().nullish(),
        repo: z.string().nullish(),
        projectNamespace: z.string().nullish(),
        projectName: z.string().nullish(),
      })
      .nullish(),
    latestDeployments: z.array(deploymentSchema).nullish(),
    targets: z.object({ production: deploymentSchema.nullish() }).nullish(),
  })
  .transform((project): VercelProject => {
    const latest = project.latestDeployments?.[0];
    const production = project.targets?.production;
    return {
      id: project.id,
      name: project.name,
      // `null` is Vercel's "Other" (no framework preset).
      framework: project.framework || null,
      // The first production domain, as the Vercel CLI's `project ls` shows it.
      url: production?.alias?.[0] ? `https://${production.alias[0]}` : null,
      updatedAt: project.updatedAt == null ? null : isoOf(project.updatedAt),
      createdAt: project.createdAt == null ? null : isoOf(project.createdAt),
      nodeVersion: project.nodeVersion || null,
      gitRepository: repositoryOf(project.link),
      latestDeployment: latest
        ? {
            id: latest.id,
            url: `https://${latest.url}`,
            state: latest.readyState || null,
            createdAt: latest.createdAt == null ? null : isoOf(latest.createdAt),
          }
        : null,
    };
  });

function repositoryOf(
  link:
    | {
        type: string;
        org?: string | null | undefined;
        repo?: string | null | undefined;
        projectNamespace?: string | null | undefined;
        projectName?: string | null | undefined;
      }
    | null
    | undefined,
): VercelProject['gitRepository'] {
  if (!link) return null;
  const owner = link.org ?? link.projectNamespace;
  const name = link.repo ?? link.projectName;
  if (!name) return null;
  return { provider: link.type, fullName: owner ? `${owner}/${name}` : name };
}

export function vercelSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  listField,
  resolveList,
}: ProviderSchemaKit): void {
  const VercelGitRepositoryRef = builder
    .objectRef<NonNullable<VercelProject['gitRepository']>>('VercelGitRepository')
    .implement({
      description: 'The Git repository a Vercel project deploys from.',
      fields: (t) => ({
        provider: t.exposeString('provider', {
          description: 'The Git provider, as Vercel names it (`github`, `gitlab`, `bitbucket`).',
        }),
        fullName: t.exposeString('fullName', { description: '`owner/name` of the repository.' }),
      }),
    });

  const VercelDeploymentRef = builder.objectRef<VercelDeployment>('VercelDeployment').implement({
    description: 'A deployment of a Vercel project.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Vercel's deployment id (`dpl_…`)." }),
      url: t.exposeString('url', {
        description: "The deployment's own URL (`https://<name>-<hash>.vercel.app`).",
      }),
      state: t.exposeString('state', {
        nullable: true,
        description:
          'Its build state as Vercel names it (`READY`, `ERROR`, `BUILDING`, `QUEUED`, `CANCELED`…); `null` when not given.',
      }),
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it was created.',
        resolve: (deployment) => deployment.createdAt,
      }),
    }),
  });

  const VercelProjectRef = builder.objectRef<Owned<VercelProject>>('VercelProject').implement({
    description: "A project of the account's Vercel scope (`GET /v9/projects`).",
    fields: (t) => ({
      id: t.exposeID('id', { description: "Vercel's project id (`prj_…`)." }),
      name: t.exposeString('name', {
        description: 'Its name (also its default `<name>.vercel.app` domain).',
      }),
      framework: t.exposeString('framework', {
        nullable: true,
        description:
          'Vercel\'s framework preset (`nextjs`, `astro`, `sveltekit-1`…); `null` for none ("Other").',
      }),
      url: t.exposeString('url', {
        nullable: true,
        description:
          'Its production URL (first production domain); `null` while it has no production deployment.',
      }),
      updatedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description:
          'When the project last changed (a deployment or a setting); `null` when Vercel does not say.',
        resolve: (project) => project.updatedAt,
      }),
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it was created.',
        resolve: (project) => project.createdAt,
      }),
      nodeVersion: t.exposeString('nodeVersion', {
        nullable: true,
        description: 'The Node.js version its builds and functions use (`22.x`).',
      }),
      gitRepository: t.field({
        type: VercelGitRepositoryRef,
        nullable: true,
        description: 'The Git repository it deploys from; `null` when none is connected.',
        resolve: (project) => project.gitRepository,
      }),
      latestDeployment: t.field({
        type: VercelDeploymentRef,
        nullable: true,
        description: 'Its most recent deployment, of any state or target; `null` when it has none.',
        resolve: (project) => project.latestDeployment,
      }),
    }),
  });

  const VercelProjectConnection = builder.connectionObject(
    { type: VercelProjectRef, name: 'VercelProjectConnection', description: 'A page of Vercel projects.' },
    { name: 'VercelProjectEdge', description: 'A Vercel project and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'vercelProjects', (t) =>
    t.field({
      ...listField(),
      type: VercelProjectConnection,
      description:
        "The projects of the account's Vercel scope (its personal account or default team), most recently updated first. `null` on accounts of other providers. Needs no OAuth scope, but the Vercel app behind the Clerk connection must hold Vercel's permission to read projects; without it Vercel refuses and the field fails with `PROVIDER_ERROR`.",
      args: connectionArgs('projects'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, {
          field: 'vercelProjects',
          request: { path: '/v9/projects', itemsAt: 'projects', item: projectSchema },
        }),
    }),
  );
}
