/**
 * What scopes a field needs, as a provider declares them: a list of requirements, each one scope or a
 * list of alternatives any one of which will do (Google Drive reads with `drive.metadata.readonly` or
 * `drive.readonly`; GitLab with `read_api` or `api`). Alternatives are listed least privilege first: that
 * first one is what an application should ask for.
 */

/** One scope, or alternatives (any-of). */
export type ScopeRequirement = string | readonly string[];

/** Field name (`profile`, `githubRepos`) → what it needs, every requirement at once (all-of). */
export type FieldScopes = Readonly<Record<string, readonly ScopeRequirement[]>>;

/** What a `MISSING_SCOPES` error says about a field's scopes. */
export interface ScopeDetails {
  /** What to add: each requirement's first (least-privilege) alternative. */
  readonly requiredScopes: readonly string[];
  /** Each requirement with every scope that meets it (one scope, or its alternatives). */
  readonly acceptedScopes: readonly (readonly string[])[];
  readonly grantedScopes: readonly string[];
}

export function alternativesOf(requirement: ScopeRequirement): readonly string[] {
  return typeof requirement === 'string' ? [requirement] : requirement;
}

/** The scope an application should ask for to meet the requirement. */
export function preferredScopeOf(requirement: ScopeRequirement): string {
  return alternativesOf(requirement)[0] ?? '';
}

/** The requirements that none of the granted scopes meets. */
export function unmetRequirements(
  requirements: readonly ScopeRequirement[],
  granted: readonly string[],
): ScopeRequirement[] {
  return requirements.filter(
    (requirement) => !alternativesOf(requirement).some((scope) => granted.includes(scope)),
  );
}

export function scopeDetails(
  requirements: readonly ScopeRequirement[],
  granted: readonly string[],
): ScopeDetails {
  return {
    requiredScopes: requirements.map(preferredScopeOf),
    acceptedScopes: requirements.map(alternativesOf),
    grantedScopes: granted,
  };
}
