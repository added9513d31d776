/**
 * Every provider the gateway serves by default, one line each: each social connection Clerk supports
 * and custom OIDC connections. A provider is its folder (`src/providers/<id>/`) and its line here;
 * `test/providers/registry.test.ts` fails when a folder is missing from this list or lacks its
 * emulator routes or tests.
 */
export { apple } from './apple/provider.js';
export { atlassian } from './atlassian/provider.js';
export { bitbucket } from './bitbucket/provider.js';
export { box } from './box/provider.js';
export { coinbase } from './coinbase/provider.js';
export { custom } from './custom/provider.js';
export { discord } from './discord/provider.js';
export { dropbox } from './dropbox/provider.js';
export { facebook } from './facebook/provider.js';
export { github } from './github/provider.js';
export { gitlab } from './gitlab/provider.js';
export { google } from './google/provider.js';
export { hubspot } from './hubspot/provider.js';
export { huggingface } from './huggingface/provider.js';
export { line } from './line/provider.js';
export { linear } from './linear/provider.js';
export { linkedinOidc } from './linkedin_oidc/provider.js';
export { microsoft } from './microsoft/provider.js';
export { notion } from './notion/provider.js';
export { slack } from './slack/provider.js';
export { spotify } from './spotify/provider.js';
export { tiktok } from './tiktok/provider.js';
export { twitch } from './twitch/provider.js';
export { vercel } from './vercel/provider.js';
export { x } from './x/provider.js';
export { xero } from './xero/provider.js';
