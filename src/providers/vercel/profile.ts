/**
 * `GET /login/oauth/userinfo`, Vercel's OpenID userinfo endpoint (providers.md, Vercel profile example),
 * rather than the REST `GET /v2/user`, which Sign-in-with-Vercel tokens may not reach (unverified there).
 * The claims carry no profile URL.
 */
import { userinfoReader } from '../oidc-userinfo.js';
import { vercelManifest } from './manifest.js';

export const readVercelProfile = userinfoReader('/login/oauth/userinfo', vercelManifest.displayName);
