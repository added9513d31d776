/**
 * `ConnectedAccount.profile`: the account as the provider itself describes it, read with the account's
 * token and normalized to one shape. Every field but `id` may be missing: providers share little.
 */
import type { z } from 'zod';
import { GatewayError } from '../errors.js';
import type { UpstreamResponse } from '../http/upstream-http.js';

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

/** A profile from whatever a provider answered, with `null` for what it did not say. */
export function profileOf(fields: {
  id: string | number;
  username?: string | null | undefined;
  name?: string | null | undefined;
  email?: string | null | undefined;
  avatarUrl?: string | null | undefined;
  url?: string | null | undefined;
}): ProviderProfile {
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
 * The body of a provider answer read against the fields we use; anything else is `PROVIDER_ERROR`,
 * never an unmasked exception.
 */
export function bodyOf<T extends z.ZodType>(
  schema: T,
  response: UpstreamResponse,
  providerName: string,
): z.infer<T> {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  throw new GatewayError('PROVIDER_ERROR', `${providerName} answered in an unexpected shape.`);
}
