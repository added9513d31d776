/**
 * A provider's manifest: the data that describes how to talk to its API. Code in a provider's folder
 * exists only for what data cannot say (typed calls, response mapping, schema fields).
 */
import type { UpstreamProfile } from '../http/upstream-http.js';

export interface ProviderManifest extends UpstreamProfile {
  /** Catalogue id, also Clerk's provider key without `oauth_`. */
  readonly id: string;
  readonly displayName: string;
  /** Headers every call carries besides `Authorization: Bearer <token>`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The largest page the API serves; connections always ask for this size so pages stay stable. */
  readonly maxPageSize: number;
}

export function defineProviderManifest(manifest: ProviderManifest): ProviderManifest {
  return manifest;
}
