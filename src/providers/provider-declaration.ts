/**
 * A provider is one declaration: the data that says how to reach its API, how its answers and pages
 * read, which scopes each of its fields needs, and how its profile maps to the shared shape (in the
 * spirit of Nango's `providers.yaml`). Defaults fit most providers, so a declaration states only what
 * is special; code exists only where data cannot say it (an `interpret` hook, a profile reader that
 * makes two calls, GraphQL fields). Everything else derives from it: the registry, `Query.providers`,
 * the `Provider` enum, the environment variable names and the emulator's default scopes.
 *
 * `defineProvider` fills in the defaults; `validateProviders` (run by the registry at start) checks
 * the data.
 */
import { z } from 'zod';
import type { AnswerMeaning, ProviderAnswer, RateLimitSignals, RefusalRule } from '../http/upstream-types.js';
import type { ProviderSchemaKit } from '../schema/provider-kit.js';
import { userinfoProfile } from './oidc-userinfo.js';
import type { PageStyle } from './page-styles.js';
import type { ProfileSource } from './provider-profile.js';
import type { FieldScopes } from './scope-requirements.js';

export interface ProviderDeclaration {
  /** Clerk's provider key without `oauth_` (`github`, `linkedin_oidc`); `custom` stands for every custom OIDC connection. */
  readonly id: string;
  readonly displayName: string;
  /** The last part of the URL of Clerk's guide to the connection (`github`, `x-twitter`). */
  readonly clerkDocsSlug: string;
  /**
   * The public API; `<ID>_API_URL` overrides it. `null`: no API of its own (Apple; custom OIDC
   * connections are called on their issuers).
   */
  readonly apiBaseUrl: string | null;
  /** `bearer` (default): `Authorization: Bearer <token>` on every call; `none`: never called (Apple). */
  readonly auth?: 'bearer' | 'none';
  /** Headers every call carries besides the token. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers whose value is an operator setting: header name → environment variable (`GATEWAY_…`). */
  readonly configuredHeaders?: Readonly<Record<string, string>>;
  /** The API takes the access token in a URL path (`{token}`; HubSpot). Off by default. */
  readonly tokenInPath?: boolean;
  /** How it signals rate limits; default: only a 429 is one, with the wait in `Retry-After`. */
  readonly rateLimit?: RateLimitSignals;
  /** What its refusals mean, as rules (status plus body field or header → a code). */
  readonly refusals?: readonly RefusalRule[];
  /** What an answer means when no rule can say it (Slack's `ok: false` on HTTP 200). */
  readonly interpret?: (answer: ProviderAnswer) => AnswerMeaning | undefined;
  /** Non-2xx statuses whose body `interpret` reads. */
  readonly interpretStatuses?: readonly number[];
  /** How its lists page, read by the page walker (`page-styles.ts`); lists may override it. */
  readonly pagination?: PageStyle;
  /** The scopes Clerk asks for by default: what `approvedScopes` holds unless the app added more. */
  readonly defaultScopes: readonly string[];
  /**
   * The scopes each field of the provider needs (`profile`, `githubRepos`…): every requirement, each a
   * scope or alternatives least privilege first (`scope-requirements.ts`). An account whose approved
   * scopes miss one gets `MISSING_SCOPES` for that field, without a call.
   */
  readonly fieldScopes: FieldScopes;
  /** For an OpenID Connect provider: its userinfo endpoint, which then gives the profile. */
  readonly userinfoPath?: string;
  /** How the profile is read (`mapProfile`, or a reader); without it and `userinfoPath`, Clerk's data. */
  readonly profile?: ProfileSource;
  /** The GraphQL fields it adds to `ConnectedAccount`, given the schema kit by `buildSchema`. */
  readonly schema?: (kit: ProviderSchemaKit) => void;
}

/** A declaration with its defaults filled in and its derived names. */
export interface Provider extends ProviderDeclaration {
  readonly auth: 'bearer' | 'none';
  readonly headers: Readonly<Record<string, string>>;
  readonly rateLimit: RateLimitSignals;
  /** `undefined`: the profile is Clerk's record of the account. */
  readonly profile?: ProfileSource;
  /** Clerk's key: `oauth_github`; for custom OIDC the pattern `oauth_custom_<key>`. */
  readonly clerkKey: string;
  /** The `Provider` enum value: `GITHUB`, `LINKEDIN_OIDC`. */
  readonly enumValue: string;
  /** The variable that overrides the base URL: `GITHUB_API_URL`; `null` without an API of its own. */
  readonly apiUrlVariable: string | null;
  readonly clerkDocsUrl: string;
}

/** What a provider that declares nothing about rate limits gets. */
export const DEFAULT_RATE_LIMIT: RateLimitSignals = {
  signalledStatuses: [],
  retryAfterHeaders: ['retry-after'],
};

/** The id that stands for every custom OIDC connection (`oauth_custom_<key>`). */
export const CUSTOM_OIDC_ID = 'custom';

export function defineProvider(declaration: ProviderDeclaration): Provider {
  const profile =
    declaration.profile ??
    (declaration.userinfoPath === undefined ? undefined : userinfoProfile(declaration.userinfoPath));
  const custom = declaration.id === CUSTOM_OIDC_ID;
  return {
    ...declaration,
    auth: declaration.auth ?? 'bearer',
    headers: declaration.headers ?? {},
    rateLimit: { ...DEFAULT_RATE_LIMIT, ...declaration.rateLimit },
    ...(profile ? { profile } : {}),
    clerkKey: custom ? 'oauth_custom_<key>' : `oauth_${declaration.id}`,
    enumValue: declaration.id.toUpperCase(),
    apiUrlVariable: declaration.apiBaseUrl === null ? null : `${declaration.id.toUpperCase()}_API_URL`,
    clerkDocsUrl: `https://clerk.com/docs/guides/configure/auth-strategies/social-connections/${declaration.clerkDocsSlug}`,
  };
}

const ID = /^[a-z][a-z0-9_]*$/;
const HEADER = /^[A-Za-z0-9-]+$/;
const SETTING = /^GATEWAY_[A-Z0-9_]+$/;

const scope = z.string().regex(/\S/, { error: 'must not be blank' });
const scopes = z.array(scope);
const requirements = z.array(
  z.union([scope, z.array(scope).min(2, { error: 'alternatives must name two scopes or more' })]),
);

const param = z.string().min(1);
const size = { sizeParam: param.optional(), maxPageSize: z.number().int().min(1) };
const path = z.union([param, z.array(param).min(1)]);
const paginationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link-header'), param, first: z.number().int().optional(), ...size }),
  z.object({ kind: z.literal('next-header'), header: param, param, first: z.number().int(), ...size }),
  z.object({
    kind: z.literal('cursor'),
    param,
    nextAt: path,
    hasMoreAt: path.optional(),
    continuePath: z.string().startsWith('/').optional(),
    ...size,
  }),
  z.object({ kind: z.literal('last-id'), param, idAt: path, ...size }),
  z.object({ kind: z.literal('page-number'), param, first: z.number().int(), ...size }),
  z.object({ kind: z.literal('next-url'), nextAt: path, param, ...size }),
  z.object({ kind: z.literal('offset'), param, nextAt: path.optional(), totalAt: path.optional(), ...size }),
]);
const status = z.number().int().min(100).max(599);
const refusalSchema = z.object({
  status: z.union([status, z.array(status).min(1)]),
  means: z.enum(['REAUTH_REQUIRED', 'MISSING_SCOPES', 'RATE_LIMITED', 'PROVIDER_ERROR']),
});

const declarationSchema = z
  .object({
    id: z.string().regex(ID, { error: 'must be lower-case letters, digits and _' }),
    displayName: z.string().min(1),
    clerkDocsSlug: z.string().regex(/^[a-z0-9-]+$/),
    apiBaseUrl: z
      .url({ protocol: /^https?$/ })
      .refine((url) => !url.endsWith('/'), 'must not end with /')
      .nullable(),
    auth: z.enum(['bearer', 'none']),
    headers: z.record(z.string().regex(HEADER), z.string()),
    configuredHeaders: z.record(z.string().regex(HEADER), z.string().regex(SETTING)).optional(),
    refusals: z.array(refusalSchema).optional(),
    pagination: paginationSchema.optional(),
    defaultScopes: scopes,
    fieldScopes: z.record(z.string().regex(/^[a-z][A-Za-z]*$/), requirements),
    userinfoPath: z.string().startsWith('/').optional(),
    profile: z.object({ calls: z.number().int().min(1) }).optional(),
  })
  .refine((provider) => provider.auth === 'bearer' || (provider.apiBaseUrl === null && !provider.profile), {
    error: 'a provider that is never called has no API and no profile reader',
  })
  .refine((provider) => !provider.profile || 'profile' in provider.fieldScopes, {
    error: 'the scopes of `profile` must be declared in fieldScopes',
  });

/**
 * Checks every declaration and their ids; throws one error naming every problem. The registry runs it
 * at start.
 */
export function validateProviders(providers: readonly Provider[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const provider of providers) {
    if (seen.has(provider.id)) problems.push(`${provider.id}: declared twice`);
    seen.add(provider.id);
    const result = declarationSchema.safeParse(provider);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push(`${provider.id}: ${[...issue.path].join('.') || 'declaration'} ${issue.message}`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `Invalid provider declarations:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
  }
}
