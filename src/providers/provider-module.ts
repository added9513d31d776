/**
 * A provider as the gateway knows it: one folder under `src/providers/<id>/` whose `index.ts` exports
 * a `ProviderModule`, listed once in `registry.ts`.
 */
import type { ProviderEmulatorFactory } from '../emulator/provider-emulator.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import type { ProviderCalls } from './account-api.js';
import type { ProviderManifest } from './provider-manifest.js';
import type { ProviderProfile } from './provider-profile.js';

/** The account a profile is read for: Clerk's record of it and its user. */
export interface ProfileAccount extends ExternalAccountRecord {
  readonly userId: string;
}

/** Reads the account's own profile from the provider's API, with the account's token. */
export type ProfileReader = (calls: ProviderCalls, account: ProfileAccount) => Promise<ProviderProfile>;

export interface ProviderModule {
  readonly manifest: ProviderManifest;
  /** Absent for a provider without an API (Apple): the profile is then Clerk's account data. */
  readonly readProfile?: ProfileReader;
  /**
   * The provider's emulator routes; loaded by the emulator only, never by the gateway. Absent only for a
   * provider without an API (Apple).
   */
  readonly emulator?: () => Promise<ProviderEmulatorFactory>;
}

export function defineProvider(module: ProviderModule): ProviderModule {
  return module;
}
