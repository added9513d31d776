/**
 * Deterministic Vercel projects in the shape of `GET /v9/projects`'s `projects` (docs/providers.md#vercel,
 * "Data endpoints"): only the fields a project listing shows, most recently updated first (Vercel's
 * order). Times are milliseconds since the epoch, as Vercel gives them. The same seed always yields the
 * same projects, and no two share an `updatedAt`, so the timestamp cursor never splits a tie.
 */
import { createHash } from 'node:crypto';

export interface VercelDeploymentJson {
  id: string;
  url: string;
  readyState: 'READY' | 'ERROR' | 'BUILDING' | 'QUEUED' | 'CANCELED';
  target: 'production' | null;
  createdAt: number;
  alias?: string[];
}

export interface VercelProjectJson {
  id: string;
  name: string;
  accountId: string;
  /** `null` for "Other" (no framework preset). */
  framework: string | null;
  nodeVersion: string;
  createdAt: number;
  updatedAt: number;
  link?: {
    type: 'github' | 'gitlab' | 'bitbucket';
    org?: string;
    repo?: string;
    repoId?: number;
    productionBranch?: string;
  };
  latestDeployments: VercelDeploymentJson[];
  /** The production deployment, whose `alias` lists the production domains. */
  targets?: { production?: VercelDeploymentJson };
}

const NAMES = [
  'marketing-site',
  'docs',
  'dashboard',
  'api-gateway',
  'blog',
  'storybook',
  'landing-2026',
  'engine-simulator',
  'status-page',
  'admin',
  'shop',
  'portfolio',
];
const FRAMEWORKS = ['nextjs', 'nextjs', 'astro', 'sveltekit-1', 'vite', 'remix', 'nuxtjs', null] as const;
const NODE_VERSIONS = ['22.x', '22.x', '20.x', '24.x'];
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface GenerateProjectsOptions {
  count: number;
  seed: string;
  /** The Vercel user or team that owns them (`accountId`). */
  ownerId: string;
  /** The most recent update is before this; default 2026-06-01. */
  now?: number;
}

/**
 * `count` projects, most recently updated first, hours to days apart. Most are linked to a GitHub
 * repository; every sixth has no framework preset, every ninth has never been deployed (no production
 * domain), every seventh's latest deployment failed.
 */
export function generateProjects(options: GenerateProjectsOptions): VercelProjectJson[] {
  const now = options.now ?? Date.UTC(2026, 5, 1);
  let updatedAt = now - (hashOf(`${options.seed}:start`) % 3_600_000);
  const org = `${options.seed
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6)
    .toLowerCase()}-labs`;
  return Array.from({ length: options.count }, (_, index) => {
    updatedAt -= 60_000 + (hashOf(`${options.seed}:gap:${index}`) % (30 * 3_600_000));
    const base = NAMES[index % NAMES.length] ?? 'project';
    const round = Math.floor(index / NAMES.length);
    const name = round === 0 ? base : `${base}-${round + 1}`;
    const id = `prj_${idOf(`${options.seed}:project:${index}`, 28)}`;
    const createdAt = updatedAt - (1 + (hashOf(`${options.seed}:age:${index}`) % 400)) * 86_400_000;
    const framework = index % 6 === 5 ? null : (FRAMEWORKS[index % (FRAMEWORKS.length - 1)] ?? null);
    const deployed = index % 9 !== 4;
    const deploymentUrl = `${name}-${base32Of(`${options.seed}:dpl:${index}`, 9)}-${org}.vercel.app`;
    const deployment: VercelDeploymentJson = {
      id: `dpl_${idOf(`${options.seed}:deployment:${index}`, 28)}`,
      url: deploymentUrl,
      readyState: index % 7 === 3 ? 'ERROR' : 'READY',
      target: 'production',
      createdAt: updatedAt - 30_000,
    };
    const failed = deployment.readyState === 'ERROR';
    // A failed deployment is not promoted: production stays on the previous one.
    const production: VercelDeploymentJson = {
      ...deployment,
      ...(failed
        ? {
            id: `dpl_${idOf(`${options.seed}:previous:${index}`, 28)}`,
            url: `${name}-${base32Of(`${options.seed}:previous:${index}`, 9)}-${org}.vercel.app`,
            createdAt: deployment.createdAt - 86_400_000,
          }
        : {}),
      readyState: 'READY',
      alias: [`${name}.vercel.app`, `${name}-${org}.vercel.app`],
    };
    return {
      id,
      name,
      accountId: options.ownerId,
      framework,
      nodeVersion: NODE_VERSIONS[index % NODE_VERSIONS.length] ?? '22.x',
      createdAt,
      updatedAt,
      ...(index % 5 === 4
        ? {}
        : {
            link: {
              type: 'github' as const,
              org,
              repo: name,
              repoId: 600_000_000 + (hashOf(`${options.seed}:repo:${index}`) % 100_000_000),
              productionBranch: 'main',
            },
          }),
      latestDeployments: deployed ? [deployment] : [],
      ...(deployed ? { targets: { production } } : {}),
    };
  });
}

function idOf(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = '';
  for (let index = 0; index < length; index += 1)
    id += ID_ALPHABET[(digest[index] ?? 0) % ID_ALPHABET.length];
  return id;
}

function base32Of(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  let text = '';
  for (let index = 0; index < length; index += 1) text += BASE32[(digest[index] ?? 0) % BASE32.length];
  return text;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
