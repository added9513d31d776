/**
 * `ConnectedAccount.profile`: the account as the provider itself describes it, read with the account's
 * token and normalized to one shape. Every field but `id` may be missing: providers share little.
 */
import type { z } from 'zod';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import type { ProviderCalls, QueryParams } from './account-api.js';

export interface ProviderProfile {
  /** The account's id at the provider. */
  readonly id: string;
  readonly username: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly avatarUrl: string | null;
  /** The account's page at the provider. */
  readonly url: string | null;
}

/** What a provider answered of a profile; whatever it did not say may be left out. */
export interface ProfileFields {
  readonly id: string | number;
  readonly username?: string | null | undefined;
  readonly name?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly avatarUrl?: string | null | undefined;
  readonly url?: string | null | undefined;
}

/** Reads the account's own profile from the provider's API, with the account's token. */
export type ProfileReader = (
  calls: ProviderCalls,
  account: ExternalAccountRecord,
) => Promise<ProviderProfile>;

/** How a profile is read, and the most provider calls reading it takes (the query cost counts them). */
export interface ProfileSource {
  readonly read: ProfileReader;
  readonly calls: number;
}

/** A profile from whatever a provider answered, with `null` for what it did not say (or left empty). */
export function profileOf(fields: ProfileFields): ProviderProfile {
  const text = (value: string | null | undefined) => (value ? value : null);
  return {
    id: String(fields.id),
    username: text(fields.username),
    name: text(fields.name),
    email: text(fields.email),
    avatarUrl: text(fields.avatarUrl),
    url: text(fields.url),
  };
}

/**
 * A profile read with one call and mapped to the shared shape: the request, the fields read of the
 * answer (anything else in it is ignored) and how they map.
 */
export function mapProfile<T>(spec: {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  /** Query parameters, or the function of the account that gives them (scopes decide what may be asked). */
  readonly query?: QueryParams | ((account: ExternalAccountRecord) => QueryParams);
  /** A POST's JSON body (or string). Reads only: the call may be retried. */
  readonly body?: unknown;
  readonly schema: z.ZodType<T>;
  readonly map: (body: T, account: ExternalAccountRecord) => ProfileFields;
}): ProfileSource {
  return {
    calls: 1,
    async read(calls, account) {
      const body =
        spec.method === 'POST'
          ? await calls.postJson(spec.path, spec.body ?? null, spec.schema, { idempotent: true })
          : await calls.getJson(
              spec.path,
              spec.schema,
              typeof spec.query === 'function' ? spec.query(account) : spec.query,
            );
      return profileOf(spec.map(body, account));
    },
  };
}
