/**
 * Every provider the gateway knows, one line each. Adding a provider touches its folder
 * (`src/providers/<id>/`) and one line here; `test/providers/registry.test.ts` fails when a folder is
 * missing from this list, or lacks emulator routes or tests.
 */
import { apple } from './apple/index.js';
import { atlassian } from './atlassian/index.js';
import { bitbucket } from './bitbucket/index.js';
import { box } from './box/index.js';
import { providerIdFromClerkKey } from './catalogue.js';
import { coinbase } from './coinbase/index.js';
import { custom } from './custom/index.js';
import { discord } from './discord/index.js';
import { dropbox } from './dropbox/index.js';
import { facebook } from './facebook/index.js';
import { github } from './github/index.js';
import { gitlab } from './gitlab/index.js';
import { google } from './google/index.js';
import { hubspot } from './hubspot/index.js';
import { huggingface } from './huggingface/index.js';
import { line } from './line/index.js';
import { linear } from './linear/index.js';
import { linkedinOidc } from './linkedin_oidc/index.js';
import { microsoft } from './microsoft/index.js';
import { notion } from './notion/index.js';
import { clerkKeyOf, enumValueOf } from './provider-manifest.js';
import type { ProviderModule } from './provider-module.js';
import { slack } from './slack/index.js';
import { spotify } from './spotify/index.js';
import { tiktok } from './tiktok/index.js';
import { twitch } from './twitch/index.js';
import { vercel } from './vercel/index.js';
import { x } from './x/index.js';
import { xero } from './xero/index.js';

// biome-ignore format: one provider a line, in alphabetical order, so each is added in a line of its own
export const PROVIDERS: readonly ProviderModule[] = [
  apple,
  atlassian,
  bitbucket,
  box,
  coinbase,
  custom,
  discord,
  dropbox,
  facebook,
  github,
  gitlab,
  google,
  hubspot,
  huggingface,
  line,
  linear,
  linkedinOidc,
  microsoft,
  notion,
  slack,
  spotify,
  tiktok,
  twitch,
  vercel,
  x,
  xero,
];

const byId = new Map(PROVIDERS.map((provider) => [provider.manifest.id, provider]));

/** The `Provider` value of an account whose provider this gateway does not know (a key Clerk added later). */
export const OTHER_PROVIDER_ENUM = 'OTHER';

/** The module of a provider id; every custom OIDC connection (`custom_<key>`) has the `custom` module. */
export function providerModuleOf(id: string): ProviderModule | undefined {
  return byId.get(id.startsWith('custom_') ? 'custom' : id);
}

/** The `Provider` value of a Clerk provider key (`oauth_github`, bare `github`, `oauth_custom_acme`). */
export function providerEnumOf(clerkKey: string): string {
  const module = providerModuleOf(providerIdFromClerkKey(clerkKey));
  return module ? enumValueOf(module.manifest.id) : OTHER_PROVIDER_ENUM;
}

/** The values of the GraphQL `Provider` enum: one per registered provider (`CUSTOM` for custom OIDC), and `OTHER`. */
export function providerEnumValues(): Record<string, { description: string }> {
  const values: Record<string, { description: string }> = {};
  for (const { manifest } of PROVIDERS) {
    values[enumValueOf(manifest.id)] = {
      description:
        manifest.id === 'custom'
          ? 'A custom OIDC provider configured in Clerk (`oauth_custom_<key>`); `providerKey` tells which.'
          : `${manifest.displayName} (Clerk key \`${clerkKeyOf(manifest.id)}\`).`,
    };
  }
  values[OTHER_PROVIDER_ENUM] = {
    description: "A provider this gateway does not know yet; `providerKey` carries Clerk's key.",
  };
  return values;
}
