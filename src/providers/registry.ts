/**
 * The providers with data in the graph. Adding one touches its folder and one line here.
 */
import { githubManifest } from './github/manifest.js';
import { notionManifest } from './notion/manifest.js';
import type { ProviderManifest } from './provider-manifest.js';

export const PROVIDER_MANIFESTS: readonly ProviderManifest[] = [githubManifest, notionManifest];
